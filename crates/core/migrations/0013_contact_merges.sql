-- Schema 13: merging two contacts, undoable while the merged one is in the
-- recycle bin.
--
-- A merge moves the other contact's consent events onto the kept one: the
-- events themselves (state, time, who captured them, how, the evidence)
-- stay exactly as recorded, only the contact they belong to changes. The
-- trigger that keeps consent history append-only therefore guards every
-- column but `contact_id`.
DROP TRIGGER consents_no_update;
CREATE TRIGGER consents_no_update
BEFORE UPDATE OF id, purpose_id, state, at, captured_by, method, form_id, evidence,
                 evidence_file_name, evidence_file, expires_at ON consents
BEGIN
    SELECT RAISE(ABORT, 'consent history is append-only');
END;

-- One row per merge: the kept contact, the one merged into it (in the
-- recycle bin), and what undoing needs (`moved`, JSON: the kept contact's
-- fields and flags before, the ids of the rows moved onto it and of the
-- consent events the merge added). Both references cascade: once the
-- merged contact is purged, the merge can no longer be undone.
CREATE TABLE contact_merges (
    id         INTEGER PRIMARY KEY,
    kept_id    INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    merged_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    moved      TEXT NOT NULL,
    undone_at  TEXT
) STRICT;
CREATE INDEX contact_merges_by_merged ON contact_merges (merged_id);
CREATE INDEX contact_merges_by_kept ON contact_merges (kept_id);

-- Schema 19: e-mails imported as activities (`interchange::email`).
--
-- `activities.email_key` is the SHA-256 (hex) of the message's identity:
-- its Message-ID, or, for a message without one, its date, sender,
-- subject and body. One message is imported once per contact: the index
-- finds it on the contact before an import writes it again.
-- `activities.email_digest` is the SHA-256 (hex) of the activity's kind,
-- subject, body and time as the import wrote them: undoing the import is
-- refused when an activity no longer matches it (edited since).
-- `attachments.import_id` names the import that added a message's
-- attachment: undoing it is refused when its activities hold files added
-- since.
--
-- `imports.format` may be `email` too. SQLite cannot change a check in
-- place, so the table is made again; dropping the old one with foreign
-- keys on (they cannot be turned off in the migration's transaction)
-- would empty `contacts.import_id` and delete `import_merges`, so both are
-- kept aside and put back.
CREATE TABLE imports_new (
    id         INTEGER PRIMARY KEY,
    format     TEXT NOT NULL CHECK (format IN ('csv', 'vcard', 'email')),
    started_at TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created    INTEGER NOT NULL DEFAULT 0,
    merged     INTEGER NOT NULL DEFAULT 0,
    skipped    INTEGER NOT NULL DEFAULT 0,
    undone_at  TEXT
) STRICT;
INSERT INTO imports_new (id, format, started_at, user_id, created, merged, skipped, undone_at)
    SELECT id, format, started_at, user_id, created, merged, skipped, undone_at FROM imports;
CREATE TEMP TABLE contacts_imported_before AS
    SELECT id, import_id FROM contacts WHERE import_id IS NOT NULL;
CREATE TEMP TABLE import_merges_before AS SELECT * FROM import_merges;
DROP TABLE imports;
ALTER TABLE imports_new RENAME TO imports;
UPDATE contacts SET import_id = (SELECT s.import_id FROM contacts_imported_before s
                                 WHERE s.id = contacts.id)
    WHERE id IN (SELECT id FROM contacts_imported_before);
INSERT INTO import_merges SELECT * FROM import_merges_before;
DROP TABLE contacts_imported_before;
DROP TABLE import_merges_before;

ALTER TABLE activities ADD COLUMN email_key TEXT;
ALTER TABLE activities ADD COLUMN email_digest TEXT;
CREATE INDEX activities_by_email_key ON activities (email_key, contact_id)
    WHERE email_key IS NOT NULL;
ALTER TABLE attachments ADD COLUMN import_id INTEGER REFERENCES imports (id) ON DELETE SET NULL;

-- Schema 2: the tamper-evident audit log and contacts' sensitive fields.

-- Append-only: the triggers below refuse UPDATE and DELETE. Each row's hash is
-- HMAC-SHA-256(audit key, prev_hash ‖ canonical entry); see audit/mod.rs.
-- Targets are ids, never names or e-mails; details hold no personal data.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    target_type TEXT,
    target_id   TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied')),
    details     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;

-- No secondary indexes: each would add a page write (and its encryption) to
-- every audited change, which measured at about 45% of a single-record edit.
-- Filters walk the log newest first instead; see docs/adr.

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Sensitive fields live apart from the ordinary ones so that list queries and
-- the search index cannot pick them up by accident.
CREATE TABLE contact_sensitive (
    contact_id    INTEGER PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
    date_of_birth TEXT,
    national_id   TEXT,
    special_notes TEXT
) STRICT;

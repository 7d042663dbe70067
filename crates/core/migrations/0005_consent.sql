-- Schema 5: purposes of processing, consent records, and data-subject
-- rights (requests, restriction, objection, the erasure ledger).

-- What personal data is used for, each with its lawful basis (GDPR Art. 6),
-- how long data kept for it may stay, and whether it needs consent.
CREATE TABLE purposes (
    id               INTEGER PRIMARY KEY,
    key              TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL,
    lawful_basis     TEXT NOT NULL CHECK (lawful_basis IN ('consent', 'contract', 'legal-obligation',
                                                          'vital-interests', 'public-task',
                                                          'legitimate-interests')),
    retention_days   INTEGER NOT NULL CHECK (retention_days > 0),
    consent_required INTEGER NOT NULL CHECK (consent_required IN (0, 1)),
    -- Direct marketing: an objection stops it whatever the basis.
    marketing        INTEGER NOT NULL CHECK (marketing IN (0, 1)),
    updated_at       TEXT NOT NULL
) STRICT;

INSERT INTO purposes (key, name, description, lawful_basis, retention_days, consent_required, marketing, updated_at) VALUES
    ('marketing-email', 'Marketing e-mail', 'Offers and news about our products sent by e-mail.', 'consent', 730, 1, 1, '2026-01-01T00:00:00Z'),
    ('newsletter', 'Newsletter', 'The periodic newsletter.', 'consent', 730, 1, 1, '2026-01-01T00:00:00Z'),
    ('phone-marketing', 'Phone marketing', 'Calls about offers and news.', 'consent', 365, 1, 1, '2026-01-01T00:00:00Z'),
    ('profiling', 'Profiling', 'Analysing purchases and interactions to tailor offers.', 'consent', 365, 1, 1, '2026-01-01T00:00:00Z'),
    ('partner-sharing', 'Sharing with partners', 'Passing contact details to selected partners for their own offers.', 'consent', 365, 1, 1, '2026-01-01T00:00:00Z'),
    ('service-delivery', 'Service delivery', 'Providing the products and services the customer ordered, invoicing and support.', 'contract', 3650, 0, 0, '2026-01-01T00:00:00Z');

-- Versioned consent form templates; a version in use never changes.
CREATE TABLE consent_forms (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    version       INTEGER NOT NULL CHECK (version > 0),
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES users (id),
    first_used_at TEXT,
    UNIQUE (name, version)
) STRICT;

CREATE TABLE consent_form_purposes (
    form_id    INTEGER NOT NULL REFERENCES consent_forms (id) ON DELETE CASCADE,
    purpose_id INTEGER NOT NULL REFERENCES purposes (id),
    PRIMARY KEY (form_id, purpose_id)
) STRICT, WITHOUT ROWID;

-- Every consent event; the latest per contact and purpose is the current
-- state ('expired' is a 'given' past its expiry). Never updated: history.
CREATE TABLE consents (
    id                 INTEGER PRIMARY KEY,
    contact_id         INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    purpose_id         INTEGER NOT NULL REFERENCES purposes (id),
    state              TEXT NOT NULL CHECK (state IN ('given', 'refused', 'withdrawn')),
    at                 TEXT NOT NULL,
    captured_by        INTEGER NOT NULL REFERENCES users (id),
    method             TEXT NOT NULL CHECK (method IN ('paper-form', 'web-form', 'email', 'verbal', 'import')),
    form_id            INTEGER REFERENCES consent_forms (id),
    evidence           TEXT,
    evidence_file_name TEXT,
    evidence_file      BLOB,
    expires_at         TEXT
) STRICT;

CREATE INDEX consents_by_contact ON consents (contact_id, purpose_id, id);
CREATE INDEX consents_by_purpose ON consents (purpose_id, contact_id, id);

CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents
BEGIN
    SELECT RAISE(ABORT, 'consent history is append-only');
END;

-- Data-subject rights on the contact: a restriction blocks every use; an
-- objection stops direct marketing.
ALTER TABLE contacts ADD COLUMN restricted_at TEXT;
ALTER TABLE contacts ADD COLUMN objected_at TEXT;

-- Data-subject requests and their deadlines (dates as YYYY-MM-DD).
CREATE TABLE dsr_requests (
    id              INTEGER PRIMARY KEY,
    contact_id      INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('access', 'portability', 'rectification',
                                                  'erasure', 'restriction', 'objection')),
    received_on     TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    extended_reason TEXT,
    status          TEXT NOT NULL CHECK (status IN ('open', 'completed', 'refused')),
    handler_id      INTEGER REFERENCES users (id),
    completed_at    TEXT,
    outcome         TEXT,
    created_at      TEXT NOT NULL
) STRICT;

CREATE INDEX dsr_open_by_due ON dsr_requests (status, due_on);

-- Keyed hashes (HMAC with a subkey of the data key) of the e-mails and
-- phones of erased people, and of people who objected to marketing: an
-- import meets them again without the vault keeping who they were.
CREATE TABLE erasure_ledger (
    key_hash  TEXT PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
    erased_on TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE suppressions (
    key_hash TEXT PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
    reason   TEXT NOT NULL CHECK (reason IN ('objection')),
    since    TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Which contacts each export held (by the export's audit entry), so a
-- person's access history names the exports of their data.
CREATE TABLE export_log (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    audit_seq  INTEGER NOT NULL,
    PRIMARY KEY (contact_id, audit_seq)
) STRICT, WITHOUT ROWID;

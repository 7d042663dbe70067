-- Schema 3: the everyday CRM — companies, a configurable deal pipeline,
-- activities, tasks, tags, custom fields, saved views, imports that can be
-- undone, a recycle bin, and the full-text search index.

CREATE TABLE companies (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    domain     TEXT,
    phone      TEXT,
    city       TEXT,
    country    TEXT,
    notes      TEXT,
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

CREATE INDEX companies_by_name ON companies (deleted_at, name COLLATE NOCASE, id);

-- One row per import, so it can be listed and undone.
CREATE TABLE imports (
    id         INTEGER PRIMARY KEY,
    format     TEXT NOT NULL CHECK (format IN ('csv', 'vcard')),
    started_at TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created    INTEGER NOT NULL DEFAULT 0,
    merged     INTEGER NOT NULL DEFAULT 0,
    skipped    INTEGER NOT NULL DEFAULT 0,
    undone_at  TEXT
) STRICT;

-- What an import changed on contacts that already existed (merged rows), so
-- undoing the import can put them back as they were.
CREATE TABLE import_merges (
    import_id  INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    before     TEXT NOT NULL,
    PRIMARY KEY (import_id, contact_id)
) STRICT, WITHOUT ROWID;

-- Contacts gain the fields people expect and a link to a company record.
ALTER TABLE contacts ADD COLUMN title TEXT;
ALTER TABLE contacts ADD COLUMN source TEXT;
ALTER TABLE contacts ADD COLUMN street TEXT;
ALTER TABLE contacts ADD COLUMN city TEXT;
ALTER TABLE contacts ADD COLUMN postal_code TEXT;
ALTER TABLE contacts ADD COLUMN region TEXT;
ALTER TABLE contacts ADD COLUMN country TEXT;
ALTER TABLE contacts ADD COLUMN company_id INTEGER REFERENCES companies (id) ON DELETE SET NULL;
-- Set when moved to the recycle bin; purged 30 days later.
ALTER TABLE contacts ADD COLUMN deleted_at TEXT;
-- The import that created the contact, for "undo this import".
ALTER TABLE contacts ADD COLUMN import_id INTEGER REFERENCES imports (id) ON DELETE SET NULL;

DROP INDEX contacts_by_name;
-- Owner and import filters scan instead: every index is paid for on each
-- imported contact, and those filters are rare.
DROP INDEX contacts_by_owner;
CREATE INDEX contacts_live_by_name ON contacts (deleted_at, name COLLATE NOCASE, id);
CREATE INDEX contacts_by_company ON contacts (company_id) WHERE company_id IS NOT NULL;


-- The pipeline's stages, in order. `kind` marks the closing stages.
CREATE TABLE pipeline_stages (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position    INTEGER NOT NULL,
    probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
    kind        TEXT NOT NULL CHECK (kind IN ('open', 'won', 'lost'))
) STRICT;

INSERT INTO pipeline_stages (name, position, probability, kind) VALUES
    ('Lead', 1, 10, 'open'),
    ('Qualified', 2, 25, 'open'),
    ('Proposal', 3, 50, 'open'),
    ('Negotiation', 4, 75, 'open'),
    ('Won', 5, 100, 'won'),
    ('Lost', 6, 0, 'lost');

CREATE TABLE deals (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    stage_id       INTEGER NOT NULL REFERENCES pipeline_stages (id),
    -- Amount in minor units (cents) of `currency` (ISO 4217).
    amount_minor   INTEGER NOT NULL DEFAULT 0,
    currency       TEXT NOT NULL DEFAULT 'EUR',
    expected_close TEXT,
    probability    INTEGER CHECK (probability BETWEEN 0 AND 100),
    lost_reason    TEXT,
    contact_id     INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    company_id     INTEGER REFERENCES companies (id) ON DELETE SET NULL,
    owner_id       INTEGER NOT NULL REFERENCES users (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    closed_at      TEXT,
    deleted_at     TEXT
) STRICT;

CREATE INDEX deals_by_stage ON deals (deleted_at, stage_id, id);
CREATE INDEX deals_by_contact ON deals (contact_id);
CREATE INDEX deals_by_company ON deals (company_id);

-- Notes, calls, meetings and logged e-mails, attached to one record.
CREATE TABLE activities (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('note', 'call', 'meeting', 'email')),
    subject     TEXT NOT NULL,
    body        TEXT,
    occurred_at TEXT NOT NULL,
    contact_id  INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
    company_id  INTEGER REFERENCES companies (id) ON DELETE CASCADE,
    deal_id     INTEGER REFERENCES deals (id) ON DELETE CASCADE,
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    deleted_at  TEXT,
    CHECK ((contact_id IS NOT NULL) + (company_id IS NOT NULL) + (deal_id IS NOT NULL) = 1)
) STRICT;

CREATE INDEX activities_by_contact ON activities (contact_id, occurred_at);
CREATE INDEX activities_by_company ON activities (company_id, occurred_at);
CREATE INDEX activities_by_deal ON activities (deal_id, occurred_at);
CREATE INDEX activities_recent ON activities (deleted_at, occurred_at);

CREATE TABLE tasks (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    due_date    TEXT,
    assignee_id INTEGER NOT NULL REFERENCES users (id),
    done_at     TEXT,
    contact_id  INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
    company_id  INTEGER REFERENCES companies (id) ON DELETE CASCADE,
    deal_id     INTEGER REFERENCES deals (id) ON DELETE CASCADE,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;

CREATE INDEX tasks_open_by_due ON tasks (deleted_at, done_at, due_date);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, tag_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX contact_tags_by_tag ON contact_tags (tag_id, contact_id);

-- Custom fields the owner defines for contacts, and their values.
CREATE TABLE custom_fields (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    kind  TEXT NOT NULL CHECK (kind IN ('text', 'number', 'date', 'boolean'))
) STRICT;

CREATE TABLE contact_custom_values (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    field_id   INTEGER NOT NULL REFERENCES custom_fields (id) ON DELETE CASCADE,
    value      TEXT NOT NULL,
    PRIMARY KEY (contact_id, field_id)
) STRICT, WITHOUT ROWID;

-- Saved filters ("views") over contacts.
CREATE TABLE views (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    entity   TEXT NOT NULL CHECK (entity IN ('contacts', 'companies', 'deals', 'tasks')),
    filter   TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES users (id),
    UNIQUE (owner_id, entity, name)
) STRICT;

-- Full-text search over contacts, companies, deals and activities. The
-- rowid encodes the record: id * 4 + kind (0 contact, 1 company, 2 deal,
-- 3 activity). Contentless: the index holds tokens, not a second copy of the
-- text. Sensitive fields are never indexed. Prefix indexes for 1-3
-- characters make typing-as-you-search cheap.
CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    content = '',
    contentless_delete = 1,
    prefix = '1 2 3',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Schema 14: files on the record (ADR 0018). An attachment belongs to
-- exactly one contact, company, deal or activity and goes with it (the
-- purge and an erasure delete the record, the attachment cascades). Its
-- bytes live in `attachment_chunks`, 256 KiB a row, inside the encrypted
-- database like every other field, written in the transaction that adds
-- the attachment: a crash or a full disk leaves all of it or none.
-- `name` is the file name as given (it may name a person: never audited);
-- `sha256` is the content's hash in hex (audited); `owner_id` is who added
-- it ("own" for deleting it); `deleted_at` puts it in the recycle bin.
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
    company_id  INTEGER REFERENCES companies (id) ON DELETE CASCADE,
    deal_id     INTEGER REFERENCES deals (id) ON DELETE CASCADE,
    activity_id INTEGER REFERENCES activities (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    size        INTEGER NOT NULL CHECK (size >= 0),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    deleted_at  TEXT,
    CHECK ((contact_id IS NOT NULL) + (company_id IS NOT NULL) + (deal_id IS NOT NULL)
           + (activity_id IS NOT NULL) = 1)
) STRICT;
CREATE INDEX attachments_by_contact ON attachments (contact_id);
CREATE INDEX attachments_by_company ON attachments (company_id);
CREATE INDEX attachments_by_deal ON attachments (deal_id);
CREATE INDEX attachments_by_activity ON attachments (activity_id);
CREATE INDEX attachments_deleted ON attachments (deleted_at);
CREATE TABLE attachment_chunks (
    attachment_id INTEGER NOT NULL REFERENCES attachments (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL CHECK (seq >= 0),
    data          BLOB NOT NULL,
    PRIMARY KEY (attachment_id, seq)
) STRICT;

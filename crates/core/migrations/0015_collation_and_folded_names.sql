-- Schema 15: names, companies and tags sort by the vault language's
-- collation, and search and tags compare text folded (lower case, no
-- diacritics), as the full-text index does (ADR 0017).
--
-- `sort_key` holds the ICU sort key of the name (bytes that compare as the
-- names do in the vault's language, case ignored; `collation::sort_key`), so
-- an ordinary index serves a sorted page with no collation registered on
-- the connection. `folded_name` and `folded` hold the text in lower case
-- without diacritics (`collation::fold`): the exact and prefix steps of
-- search, and one tag for `ȘCOALĂ`, `şcoală` and `scoala`.
--
-- The columns are filled by the migration's data step
-- (`records::collation`), which also merges the tags that fold alike into
-- the oldest of them, and made anew whenever the vault's language or the
-- ICU release changes (the `sort_keys` setting records which keys the vault
-- holds). The indexes on `name COLLATE NOCASE` served only the orders and
-- the search steps the new ones serve now.
ALTER TABLE contacts ADD COLUMN sort_key BLOB;
ALTER TABLE contacts ADD COLUMN folded_name TEXT;
DROP INDEX contacts_live_by_name;
CREATE INDEX contacts_live_by_sort_key ON contacts (deleted_at, sort_key, id);
CREATE INDEX contacts_live_by_folded_name ON contacts (deleted_at, folded_name, id);

ALTER TABLE companies ADD COLUMN sort_key BLOB;
ALTER TABLE companies ADD COLUMN folded_name TEXT;
DROP INDEX companies_by_name;
CREATE INDEX companies_live_by_sort_key ON companies (deleted_at, sort_key, id);
CREATE INDEX companies_live_by_folded_name ON companies (deleted_at, folded_name, id);

ALTER TABLE contact_emails ADD COLUMN folded TEXT;
DROP INDEX contact_emails_by_email;
CREATE INDEX contact_emails_by_folded ON contact_emails (folded);

ALTER TABLE tags ADD COLUMN sort_key BLOB;
ALTER TABLE tags ADD COLUMN folded TEXT;
CREATE UNIQUE INDEX tags_by_folded ON tags (folded);

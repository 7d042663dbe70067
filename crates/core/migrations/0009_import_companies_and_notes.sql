-- Schema 9: an import links its contacts to company records, creating the
-- companies that do not exist yet, and can bring a notes column in as note
-- activities. Each such company and activity keeps the import that created
-- it, so undoing the import removes it (a company only while nothing else
-- uses it). The id of a row of `imports`, which are never deleted (an undo
-- marks them): no foreign key, so the column can be dropped like any other.
ALTER TABLE companies ADD COLUMN import_id INTEGER;
ALTER TABLE activities ADD COLUMN import_id INTEGER;

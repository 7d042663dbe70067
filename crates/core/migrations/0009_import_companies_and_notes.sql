-- Schema 9: an import links its contacts to company records, creating the
-- companies that do not exist yet, and can bring a notes column in as note
-- activities. Each such company and activity keeps the import that created
-- it, so undoing the import removes it (a company only while nothing else
-- uses it).
ALTER TABLE companies ADD COLUMN import_id INTEGER REFERENCES imports (id) ON DELETE SET NULL;
ALTER TABLE activities ADD COLUMN import_id INTEGER REFERENCES imports (id) ON DELETE SET NULL;

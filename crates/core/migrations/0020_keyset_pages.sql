-- Schema 20: every filtered page of the contacts list is an index walk in
-- the list's order (keyset pagination, ADR 0023).
--
-- A page starts after the last row of the one before it, named by its
-- sort key and id, so each order with each filter needs an index whose
-- columns end with exactly the `ORDER BY`: `contacts_live_by_sort_key`
-- (schema 15) and the rowid serve the whole list. These serve the lists
-- of one owner, by name and by id, and the people of one company by name
-- (`contacts_by_company` serves them by id).
CREATE INDEX contacts_live_by_owner_and_sort_key ON contacts (owner_id, deleted_at, sort_key, id);
CREATE INDEX contacts_live_by_owner ON contacts (owner_id, deleted_at);
CREATE INDEX contacts_live_by_company_and_sort_key ON contacts (company_id, deleted_at, sort_key, id)
    WHERE company_id IS NOT NULL;

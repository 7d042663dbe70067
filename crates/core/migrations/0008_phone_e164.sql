-- Schema 8: a phone number keeps, beside what was written, its E.164 form
-- (`+40723456789`, read with libphonenumber's metadata and the vault's
-- default country) and why that form is missing or uncertain. Search and
-- duplicate detection compare the E.164 form. The migration then reads
-- every stored number (`records::contacts::phones::renormalize`, with no
-- default country yet: only numbers written internationally get a form)
-- and rewrites the search entries of their contacts, in the same
-- transaction.
ALTER TABLE contact_phones ADD COLUMN e164 TEXT;
ALTER TABLE contact_phones ADD COLUMN flag TEXT
    CHECK (flag IN ('unparseable', 'no-country', 'invalid', 'missing-trunk-zero'));

CREATE INDEX contact_phones_by_e164 ON contact_phones (e164) WHERE e164 IS NOT NULL;

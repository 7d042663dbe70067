-- Schema 7: the search index keeps no token positions (ADR 0013).
--
-- Search asks only which records hold every word typed, newest first; it
-- never asks where in a record a word stands (no phrases, NEAR, snippets or
-- bm25). Positions made the index larger and an import slower. FTS5 cannot
-- change `detail` in place, so the table is made again; the migration then
-- fills it from the live records (`search::rebuild`), in the same
-- transaction.
DROP TABLE search_index;

CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    content = '',
    contentless_delete = 1,
    detail = none,
    prefix = '1 2 3',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Schema 4: vault settings and the record of backups this vault made.

-- Settings as key → JSON value (the backup settings live under 'backup').
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Each backup attempt: what was written where, and whether it verified. A
-- failed attempt has an error and no file. `head_after` is the audit log's
-- head after the backup's own entry, so "has anything changed since the last
-- backup?" is one comparison.
CREATE TABLE backup_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    dir         TEXT NOT NULL,
    file_name   TEXT,
    size        INTEGER,
    sha256      TEXT,
    audit_seq   INTEGER,
    head_after  INTEGER,
    verified_at TEXT,
    error       TEXT
) STRICT;

CREATE INDEX backup_log_by_file ON backup_log (file_name) WHERE file_name IS NOT NULL;

-- Restore drills: a backup restored into a scratch folder and checked.
CREATE TABLE backup_drills (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    file_name TEXT NOT NULL,
    ok        INTEGER NOT NULL CHECK (ok IN (0, 1)),
    detail    TEXT NOT NULL
) STRICT;

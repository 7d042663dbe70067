-- The team log's tables (steward-sync-pg, schema version 1). PgLog::connect
-- runs this when the tables are missing; an administrator may run it once
-- instead, then sql/roles.sql, so the role Steward connects as needs no
-- CREATE. Everything is idempotent. PostgreSQL 14 or newer.

CREATE TABLE IF NOT EXISTS team_schema (
    version integer NOT NULL
);

-- One row per published vault: its keyslots file (wrapped keys and public
-- data only) and the number of the log's last change.
CREATE TABLE IF NOT EXISTS team_vaults (
    vault_id text PRIMARY KEY CHECK (vault_id ~ '^[0-9a-f]{64}$'),
    keyslots bytea NOT NULL,
    keyslots_version bigint NOT NULL DEFAULT 1,
    head bigint NOT NULL DEFAULT 0 CHECK (head >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The log: sealed, signed change sets, numbered 1, 2, 3, … per vault. The
-- primary key is the only index a replica's reads need (vault, then seq).
CREATE TABLE IF NOT EXISTS team_changes (
    vault_id text NOT NULL REFERENCES team_vaults (vault_id),
    seq bigint NOT NULL CHECK (seq > 0),
    author_slot text NOT NULL,
    nonce bytea NOT NULL,
    ciphertext bytea NOT NULL,
    signature bytea NOT NULL,
    accepted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vault_id, seq)
);

-- The newest snapshot of each vault (a SQLCipher vault.db, encrypted under
-- the data key) and the last change it holds.
CREATE TABLE IF NOT EXISTS team_snapshots (
    vault_id text PRIMARY KEY REFERENCES team_vaults (vault_id),
    upto bigint NOT NULL CHECK (upto >= 0),
    bytes bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Sealed bytes do not compress: store them out of line without trying.
ALTER TABLE team_changes ALTER COLUMN ciphertext SET STORAGE EXTERNAL;
ALTER TABLE team_snapshots ALTER COLUMN bytes SET STORAGE EXTERNAL;

INSERT INTO team_schema (version)
SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM team_schema);

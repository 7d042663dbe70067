-- Least privilege for the team log (run as an administrator, after
-- sql/schema.sql, in the database of its own that holds the tables). Steward's
-- replicas connect as steward_sync: they read, append and replace, never
-- delete or change a change set. Only steward_admin deletes, to compact a
-- log up to its snapshot. Set the passwords with \password, and let
-- pg_hba.conf admit steward_sync only with scram-sha-256 over TLS.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'steward_sync') THEN
        CREATE ROLE steward_sync LOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'steward_admin') THEN
        CREATE ROLE steward_admin LOGIN;
    END IF;
END
$$;

REVOKE ALL ON team_schema, team_vaults, team_changes, team_snapshots FROM PUBLIC;
-- PostgreSQL 14 still lets every role create tables in the public schema
-- (15 stopped): nobody but the owner should, in a database of its own.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

GRANT SELECT ON team_schema TO steward_sync;
-- A vault is published (INSERT), its head moves and its keyslots file is
-- replaced (UPDATE of those columns only).
GRANT SELECT, INSERT ON team_vaults TO steward_sync;
GRANT UPDATE (head, keyslots, keyslots_version) ON team_vaults TO steward_sync;
-- Change sets are appended and read, never updated or deleted.
GRANT SELECT, INSERT ON team_changes TO steward_sync;
-- The newest snapshot replaces the one before.
GRANT SELECT, INSERT ON team_snapshots TO steward_sync;
GRANT UPDATE (upto, bytes, created_at) ON team_snapshots TO steward_sync;

-- Compaction: changes a snapshot already holds.
GRANT SELECT, DELETE ON team_changes TO steward_admin;
GRANT SELECT ON team_schema, team_vaults, team_snapshots TO steward_admin;

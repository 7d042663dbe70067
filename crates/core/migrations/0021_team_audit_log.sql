-- Schema 21: the team's shared audit chain (ADR 0024).
--
-- A replica of a team vault appends here, in the order of the team's
-- change log, the audit entries each change set carries (its author's new
-- entries since their last push), chained exactly as `audit_log` is: each
-- hash is HMAC-SHA-256(audit key, prev_hash ‖ canonical entry), the
-- canonical entry also naming the change (`log_seq`), its author's slot
-- and user, and the replica (`device`: the hex Ed25519 key that signed it). Every replica holds the same rows and hashes. The laptop's own
-- chain stays in `audit_log`. No secondary index (ADR 0008): the last
-- row's `log_seq` is the highest, since rows come in log order.
CREATE TABLE team_audit_log (
    seq         INTEGER PRIMARY KEY,
    log_seq     INTEGER NOT NULL,
    author_slot TEXT NOT NULL,
    author_id   INTEGER NOT NULL,
    device      TEXT NOT NULL,
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    target_type TEXT,
    target_id   TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied')),
    details     TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;

CREATE TRIGGER team_audit_log_no_update BEFORE UPDATE ON team_audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER team_audit_log_no_delete BEFORE DELETE ON team_audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

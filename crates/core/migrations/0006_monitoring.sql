-- Schema 6: alerts raised by the monitoring rules.

-- An alert says what happened, who did it and when, and names the audit
-- entries behind it; its summary holds no personal data. Owners and admins
-- acknowledge it (which is audited too).
CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    rule            TEXT NOT NULL,
    severity        TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    user_id         INTEGER REFERENCES users (id),
    summary         TEXT NOT NULL,
    audit_seqs      TEXT NOT NULL,
    acknowledged_at TEXT,
    acknowledged_by INTEGER REFERENCES users (id)
) STRICT;

CREATE INDEX alerts_by_state ON alerts (acknowledged_at, id);

-- Schema 18: the breach register (GDPR Art. 33 and 34). One row per
-- incident: the facts as the owner or admin entered them, the 72-hour
-- deadline's start (`discovered_at`), the decision to notify the supervisory
-- authority and the people concerned (or not, with the reasons), and the
-- window of the last "who touched what" report drawn from the audit log.
-- `data_categories` and `subject_categories` are JSON lists of the keys
-- `breach::DATA_CATEGORIES` and `breach::SUBJECT_CATEGORIES` name, with
-- free text beside them. `deadline_alerts` counts the deadline-near alerts
-- raised so far (48 hours left, then 12), so each is raised once.
CREATE TABLE breaches (
    id                    INTEGER PRIMARY KEY,
    opened_at             TEXT NOT NULL,
    opened_by             INTEGER NOT NULL REFERENCES users (id),
    discovered_at         TEXT NOT NULL,
    occurred_at           TEXT,
    summary               TEXT NOT NULL,
    data_categories       TEXT NOT NULL DEFAULT '[]',
    data_other            TEXT NOT NULL DEFAULT '',
    subject_categories    TEXT NOT NULL DEFAULT '[]',
    subjects_other        TEXT NOT NULL DEFAULT '',
    people_approx         INTEGER,
    records_approx        INTEGER,
    consequences          TEXT NOT NULL DEFAULT '',
    measures_taken        TEXT NOT NULL DEFAULT '',
    measures_proposed     TEXT NOT NULL DEFAULT '',
    cross_border          INTEGER NOT NULL DEFAULT 0 CHECK (cross_border IN (0, 1)),
    delay_reason          TEXT NOT NULL DEFAULT '',
    source_alert_id       INTEGER REFERENCES alerts (id),
    decided_at            TEXT,
    decided_by            INTEGER REFERENCES users (id),
    notify_authority      INTEGER CHECK (notify_authority IN (0, 1)),
    authority_reason      TEXT NOT NULL DEFAULT '',
    notify_subjects       INTEGER CHECK (notify_subjects IN (0, 1)),
    subjects_reason       TEXT NOT NULL DEFAULT '',
    notified_at           TEXT,
    report_from           TEXT,
    report_to             TEXT,
    report_users          TEXT NOT NULL DEFAULT '[]',
    report_contacts       TEXT NOT NULL DEFAULT '[]',
    deadline_alerts       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX breaches_undecided ON breaches (decided_at, discovered_at);

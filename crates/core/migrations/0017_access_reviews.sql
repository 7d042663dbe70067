-- Schema 17: periodic access reviews (`review/`).
--
-- A review is started by an owner or admin (`review.run`) and is open until
-- it is closed; at most one is open at a time (`access_reviews_one_open`).
-- Its window is the audit entries after the previous closed review's window
-- up to the head when it started (`from_seq`..`to_seq`), and `since` is when
-- that window began (the previous review's start, or the vault's creation).
-- `access_review_users` holds what the review found for each user when it
-- started (role, last unlock, remembered computers, counts from the audit
-- log, whether dormant, role changes, a lower role suggested) and the
-- decision taken for them; closing applies every decision in one
-- transaction.
CREATE TABLE access_reviews (
    id         INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    started_by INTEGER NOT NULL REFERENCES users (id),
    since      TEXT NOT NULL,
    from_seq   INTEGER NOT NULL,
    to_seq     INTEGER NOT NULL,
    closed_at  TEXT,
    closed_by  INTEGER REFERENCES users (id),
    CHECK ((closed_at IS NULL) = (closed_by IS NULL))
) STRICT;
CREATE UNIQUE INDEX access_reviews_one_open ON access_reviews ((closed_at IS NULL)) WHERE closed_at IS NULL;
CREATE TABLE access_review_users (
    review_id      INTEGER NOT NULL REFERENCES access_reviews (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    role           TEXT NOT NULL,
    disabled       INTEGER NOT NULL CHECK (disabled IN (0, 1)),
    last_unlock    TEXT,
    devices        INTEGER NOT NULL,
    views          INTEGER NOT NULL,
    reveals        INTEGER NOT NULL,
    exports        INTEGER NOT NULL,
    deletions      INTEGER NOT NULL,
    imports        INTEGER NOT NULL,
    role_changes   INTEGER NOT NULL,
    dormant        INTEGER NOT NULL CHECK (dormant IN (0, 1)),
    suggested_role TEXT,
    decision       TEXT CHECK (decision IN ('keep', 'role', 'forget-devices', 'disable')),
    decision_role  TEXT,
    decided_by     INTEGER REFERENCES users (id),
    decided_at     TEXT,
    PRIMARY KEY (review_id, user_id),
    CHECK ((decision = 'role') = (decision_role IS NOT NULL))
) STRICT;

-- Schema 16: the company's rules for using customer data, and who has
-- acknowledged which version (`auth::rules`).
--
-- `rules_versions` holds every version an owner published, never changed
-- afterwards: its number (1, 2, …), the text as written, the SHA-256 of the
-- text (hex, as the `rules.set` audit entry records it), who set it and
-- when. `rules_acknowledgements` holds one row per acknowledgement: a user
-- acknowledges the current version at their first unlock, again when a new
-- version is published and again when the policy's
-- `rules_acknowledge_days` have passed, so a user may have several rows for
-- one version.
CREATE TABLE rules_versions (
    version INTEGER PRIMARY KEY,
    text    TEXT NOT NULL,
    sha256  TEXT NOT NULL,
    set_by  INTEGER NOT NULL REFERENCES users (id),
    set_at  TEXT NOT NULL
) STRICT;

CREATE TABLE rules_acknowledgements (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    version         INTEGER NOT NULL REFERENCES rules_versions (version),
    acknowledged_at TEXT NOT NULL
) STRICT;
CREATE INDEX rules_acknowledgements_by_user ON rules_acknowledgements (user_id, version, acknowledged_at);

//! Schema migrations, numbered by SQLite's `user_version`.
//!
//! Migration N brings the schema from version N-1 to N. All pending ones run
//! in one transaction, so a crash leaves the old schema or the new one. A
//! database whose version is newer than this binary knows is refused.

use rusqlite::Connection;

use crate::{Error, Result};

/// The migrations in order; index 0 brings a blank database to version 1.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_audit_and_sensitive.sql"),
    include_str!("../../migrations/0003_crm.sql"),
    include_str!("../../migrations/0004_backups.sql"),
    include_str!("../../migrations/0005_consent.sql"),
    include_str!("../../migrations/0006_monitoring.sql"),
    include_str!("../../migrations/0007_search_without_positions.sql"),
    include_str!("../../migrations/0008_phone_e164.sql"),
    include_str!("../../migrations/0009_import_companies_and_notes.sql"),
    include_str!("../../migrations/0010_phone_flag_check.sql"),
    include_str!("../../migrations/0011_task_times_and_reminders.sql"),
    include_str!("../../migrations/0012_reminder_states.sql"),
    include_str!("../../migrations/0013_contact_merges.sql"),
    include_str!("../../migrations/0014_attachments.sql"),
    include_str!("../../migrations/0015_collation_and_folded_names.sql"),
    include_str!("../../migrations/0016_rules.sql"),
    include_str!("../../migrations/0017_access_reviews.sql"),
    include_str!("../../migrations/0018_breaches.sql"),
    include_str!("../../migrations/0019_email_import.sql"),
    include_str!("../../migrations/0020_keyset_pages.sql"),
    include_str!("../../migrations/0021_team_audit_log.sql"),
    include_str!("../../migrations/0022_alert_reasons.sql"),
    include_str!("../../migrations/0023_task_pages.sql"),
];

/// What the migrations that ran need done that SQL cannot do, given the
/// version the schema had before them. It is the binary's code, written for
/// the newest schema, so it runs once after the SQL of every pending
/// migration, in the same transaction. Whoever may migrate hands it in
/// (`records::reindex::after_migration`): the search index's entries come
/// from the records, through the same code that writes them day to day,
/// which sits above `db`.
pub(crate) type DataSteps = fn(&rusqlite::Transaction<'_>, i64) -> Result<()>;

/// The schema version this binary writes.
#[allow(clippy::cast_possible_wrap, reason = "a handful of migrations")]
pub(crate) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every pending migration, then their data steps.
pub(crate) fn migrate(conn: &mut Connection, after: DataSteps) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(Error::VaultTooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    if current == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(current).unwrap_or(0))
    {
        let version = i64::try_from(index + 1).unwrap_or(i64::MAX);
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
    }
    after(&tx, current)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::DataKey;

    fn migrate(conn: &mut Connection) -> Result<()> {
        super::migrate(conn, crate::records::reindex::after_migration)
    }

    /// Saved databases of every schema version this binary must upgrade, by
    /// version. A new migration adds the fixture of the schema before it.
    const FIXTURES: &[(i64, &str)] = &[
        (1, include_str!("../../tests/fixtures/schema-v1.sql")),
        (2, include_str!("../../tests/fixtures/schema-v2.sql")),
        (3, include_str!("../../tests/fixtures/schema-v3.sql")),
        (4, include_str!("../../tests/fixtures/schema-v4.sql")),
        (5, include_str!("../../tests/fixtures/schema-v5.sql")),
        (6, include_str!("../../tests/fixtures/schema-v6.sql")),
        (7, include_str!("../../tests/fixtures/schema-v7.sql")),
        (8, include_str!("../../tests/fixtures/schema-v8.sql")),
        (9, include_str!("../../tests/fixtures/schema-v9.sql")),
        (10, include_str!("../../tests/fixtures/schema-v10.sql")),
        (11, include_str!("../../tests/fixtures/schema-v11.sql")),
        (12, include_str!("../../tests/fixtures/schema-v12.sql")),
        (13, include_str!("../../tests/fixtures/schema-v13.sql")),
        (14, include_str!("../../tests/fixtures/schema-v14.sql")),
        (15, include_str!("../../tests/fixtures/schema-v15.sql")),
        (16, include_str!("../../tests/fixtures/schema-v16.sql")),
        (17, include_str!("../../tests/fixtures/schema-v17.sql")),
        (18, include_str!("../../tests/fixtures/schema-v18.sql")),
        (19, include_str!("../../tests/fixtures/schema-v19.sql")),
        (20, include_str!("../../tests/fixtures/schema-v20.sql")),
        (21, include_str!("../../tests/fixtures/schema-v21.sql")),
        (22, include_str!("../../tests/fixtures/schema-v22.sql")),
        (23, include_str!("../../tests/fixtures/schema-v23.sql")),
    ];

    fn keyed(path: &std::path::Path) -> Connection {
        #[allow(
            clippy::disallowed_methods,
            reason = "a raw keyed connection to load a fixture"
        )]
        let conn = Connection::open(path).unwrap();
        super::super::apply_key(&conn, &DataKey::generate()).unwrap();
        conn
    }

    fn schema(conn: &Connection) -> Vec<(String, String, String)> {
        let mut stmt = conn
            .prepare("SELECT type, name, ifnull(sql, '') FROM sqlite_master ORDER BY type, name")
            .unwrap();
        stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, normalize(&r.get::<_, String>(2)?)))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    }

    /// Whitespace and comments differ between a fixture and a migration
    /// file; meaning does not.
    fn normalize(sql: &str) -> String {
        sql.lines()
            .map(|line| line.split_once("--").map_or(line, |(code, _)| code))
            .flat_map(str::split_whitespace)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The rowids of the search entries that match an FTS5 query.
    fn found(conn: &Connection, query: &str) -> Vec<i64> {
        let mut stmt = conn
            .prepare("SELECT rowid FROM search_index WHERE search_index MATCH ?1")
            .unwrap();
        stmt.query_map([query], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn every_saved_schema_upgrades_to_the_fresh_schema_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut fresh = keyed(&dir.path().join("fresh.db"));
        migrate(&mut fresh).unwrap();
        assert!(
            FIXTURES.iter().any(|(v, _)| *v == SCHEMA_VERSION),
            "add a fixture of schema {SCHEMA_VERSION} to tests/fixtures"
        );
        for (version, sql) in FIXTURES {
            let mut old = keyed(&dir.path().join(format!("v{version}.db")));
            old.execute_batch(sql).unwrap();
            let before: i64 = old
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(before, *version);
            migrate(&mut old).unwrap();
            assert_eq!(schema(&old), schema(&fresh), "schema {version} upgraded");
            let after: i64 = old
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(after, SCHEMA_VERSION);
            let contacts: i64 = old
                .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
                .unwrap();
            assert_eq!(contacts, 1, "rows of schema {version} survive");
            // Every record is found in the search index: rebuilt from the
            // records when the index was made anew, kept otherwise.
            assert_eq!(
                found(&old, "\"grace\" \"pio\" *"),
                [4],
                "schema {version}: contact"
            );
            if *version >= 3 && *version < 7 {
                assert_eq!(found(&old, "\"navy\""), [4, 5], "schema {version}: company");
                assert_eq!(found(&old, "\"cobol\""), [6], "schema {version}: deal");
                assert_eq!(
                    found(&old, "\"intro\" *"),
                    [7],
                    "schema {version}: activity"
                );
            }
        }
    }

    #[test]
    fn the_phones_table_made_again_keeps_its_rows_and_still_refuses_an_unknown_flag() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = keyed(&dir.path().join("v9.db"));
        old.execute_batch(FIXTURES.iter().find(|(v, _)| *v == 9).unwrap().1)
            .unwrap();
        type PhoneRow = (i64, i64, String, Option<String>, Option<String>);
        let phones = |conn: &Connection| -> Vec<PhoneRow> {
            conn.prepare("SELECT * FROM contact_phones ORDER BY contact_id, position")
                .unwrap()
                .query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        let before = phones(&old);
        assert_eq!(before.len(), 2);
        migrate(&mut old).unwrap();
        assert_eq!(phones(&old), before);
        let insert = |flag: &str| {
            old.execute(
                "INSERT INTO contact_phones VALUES (1, 9, '0723', NULL, ?1)",
                [flag],
            )
        };
        assert!(insert("made-up").is_err(), "an unknown flag is refused");
        insert("missing-trunk-zero").unwrap();
        // The e164 index is there for search.
        let plan: String = old
            .query_row(
                "EXPLAIN QUERY PLAN SELECT contact_id FROM contact_phones WHERE e164 = '+40723456789'",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("contact_phones_by_e164"), "{plan}");
    }

    #[test]
    fn the_rebuilt_search_index_leaves_out_what_is_in_the_recycle_bin() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = keyed(&dir.path().join("v6.db"));
        old.execute_batch(FIXTURES.iter().find(|(v, _)| *v == 6).unwrap().1)
            .unwrap();
        old.execute_batch(
            "UPDATE companies SET deleted_at = '2026-11-06T09:00:00Z' WHERE id = 1;
             INSERT INTO activities (id, kind, subject, occurred_at, company_id, owner_id, created_at)
             VALUES (2, 'note', 'Fleet visit', '2026-11-01T09:06:00Z', 1, 1, '2026-11-01T09:06:00Z');
             INSERT INTO activities (id, kind, subject, occurred_at, contact_id, owner_id, created_at, deleted_at)
             VALUES (3, 'note', 'Fleet memo', '2026-11-01T09:07:00Z', 1, 1, '2026-11-01T09:07:00Z',
                     '2026-11-06T09:00:00Z');",
        )
        .unwrap();
        migrate(&mut old).unwrap();
        // The contact still names the company; the company itself, the
        // note on it and the binned note are gone.
        assert_eq!(found(&old, "\"navy\""), [4]);
        assert!(found(&old, "\"fleet\"").is_empty());
        assert_eq!(found(&old, "\"cobol\""), [6]);
    }

    #[test]
    fn the_phones_of_an_older_vault_get_their_e164_forms_and_are_found_by_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = keyed(&dir.path().join("v7.db"));
        old.execute_batch(FIXTURES.iter().find(|(v, _)| *v == 7).unwrap().1)
            .unwrap();
        old.execute_batch(
            "INSERT INTO contact_phones VALUES (1, 1, '+40 723 456 789'), (1, 2, '0721 123 456'),
                                              (1, 3, 'ask reception');",
        )
        .unwrap();
        migrate(&mut old).unwrap();
        let phones: Vec<(String, Option<String>, Option<String>)> = old
            .prepare("SELECT phone, e164, flag FROM contact_phones ORDER BY position")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let form = |e: Option<&str>, f: Option<&str>| (e.map(str::to_owned), f.map(str::to_owned));
        let forms: Vec<_> = phones
            .iter()
            .map(|(_, e, f)| (e.clone(), f.clone()))
            .collect();
        // No vault had a default country: international numbers are read,
        // national ones wait for one, and text stays text.
        assert_eq!(
            forms[1..],
            [
                form(Some("+40723456789"), None),
                form(None, Some("no-country")),
                form(None, Some("unparseable")),
            ]
        );
        // The contact is found by the international and the national digits.
        assert_eq!(found(&old, "\"40723456789\" *"), [4]);
        assert_eq!(found(&old, "\"0723456789\" *"), [4]);
        assert_eq!(found(&old, "\"723456789\" *"), [4]);
    }

    #[test]
    fn a_schema_11_vault_gets_an_empty_reminder_state_that_goes_with_its_task() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = keyed(&dir.path().join("v11.db"));
        old.execute_batch(FIXTURES.iter().find(|(v, _)| *v == 11).unwrap().1)
            .unwrap();
        migrate(&mut old).unwrap();
        let count = |conn: &Connection| -> i64 {
            conn.query_row("SELECT count(*) FROM reminder_states", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count(&old), 0);
        old.execute(
            "INSERT INTO reminder_states (task_id, user_id, remind_at, dismissed_at)
             VALUES (1, 1, '2026-11-10T14:15', '2026-11-10T14:16:00Z')",
            [],
        )
        .unwrap();
        assert_eq!(count(&old), 1);
        // A moment is minutes, not seconds or a date alone.
        assert!(
            old.execute(
                "UPDATE reminder_states SET remind_at = '2026-11-10' WHERE task_id = 1",
                []
            )
            .is_err()
        );
        // Deleting the task for good deletes its reminder states.
        old.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        old.execute("DELETE FROM tasks WHERE id = 1", []).unwrap();
        assert_eq!(count(&old), 0);
    }

    #[test]
    fn the_tasks_of_a_schema_10_vault_get_no_time_duration_or_reminder_and_take_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = keyed(&dir.path().join("v10.db"));
        old.execute_batch(FIXTURES.iter().find(|(v, _)| *v == 10).unwrap().1)
            .unwrap();
        migrate(&mut old).unwrap();
        type TaskRow = (
            String,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<i64>,
        );
        let row: TaskRow = old
            .query_row(
                "SELECT title, due_date, due_time, duration_minutes, remind_before_minutes
                 FROM tasks WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(
            row,
            (
                "Send proposal".into(),
                Some("2026-11-10".into()),
                None,
                None,
                None
            )
        );
        old.execute(
            "UPDATE tasks SET due_time = '14:30', duration_minutes = 30, remind_before_minutes = 0
             WHERE id = 1",
            [],
        )
        .unwrap();
        // A time or a reminder needs a date; a duration is positive.
        assert!(
            old.execute("UPDATE tasks SET due_date = NULL WHERE id = 1", [])
                .is_err()
        );
        assert!(
            old.execute("UPDATE tasks SET duration_minutes = 0 WHERE id = 1", [])
                .is_err()
        );
        // A calendar's range of dates is read through the index.
        let plan: String = old
            .query_row(
                "EXPLAIN QUERY PLAN SELECT id FROM tasks
                 WHERE deleted_at IS NULL AND due_date BETWEEN '2026-11-01' AND '2026-11-30'
                 ORDER BY due_date, due_time",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("tasks_by_due"), "{plan}");
    }

    #[test]
    fn a_schema_11_consent_event_may_move_to_another_contact_but_not_change() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = keyed(&dir.path().join("v11.db"));
        old.execute_batch(FIXTURES.iter().find(|(v, _)| *v == 11).unwrap().1)
            .unwrap();
        // Schema 11 refuses any change to a consent event.
        assert!(
            old.execute("UPDATE consents SET contact_id = 1 WHERE id = 1", [])
                .is_err()
        );
        migrate(&mut old).unwrap();
        old.execute(
            "INSERT INTO contacts (id, name, owner_id, created_at, updated_at)
             VALUES (2, 'Grace B. Hopper', 1, '2026-11-06T09:00:00Z', '2026-11-06T09:00:00Z')",
            [],
        )
        .unwrap();
        old.execute("UPDATE consents SET contact_id = 2 WHERE id = 1", [])
            .unwrap();
        let moved: (i64, String, String) = old
            .query_row(
                "SELECT contact_id, state, evidence FROM consents WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(moved, (2, "given".into(), "form filed in binder 3".into()));
        for change in [
            "UPDATE consents SET state = 'withdrawn' WHERE id = 1",
            "UPDATE consents SET at = '2026-01-01T00:00:00Z' WHERE id = 1",
            "UPDATE consents SET evidence = NULL WHERE id = 1",
            "UPDATE consents SET contact_id = 1, expires_at = NULL WHERE id = 1",
        ] {
            let err = old.execute(change, []).unwrap_err();
            assert!(err.to_string().contains("append-only"), "{change}: {err}");
        }
        old.execute(
            "INSERT INTO contact_merges (kept_id, merged_id, at, user_id, moved)
             VALUES (1, 2, '2026-11-07T09:00:00Z', 1, '{}')",
            [],
        )
        .unwrap();
    }

    #[test]
    fn refuses_a_database_newer_than_the_binary() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = keyed(&dir.path().join("new.db"));
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(matches!(err, Error::VaultTooNew { .. }), "{err}");
        assert!(err.to_string().contains("newer version of Steward"));
    }

    #[test]
    fn a_schema_11_vault_gets_attachments_whose_chunks_go_with_their_record() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = keyed(&dir.path().join("v11.db"));
        old.execute_batch(FIXTURES.iter().find(|(v, _)| *v == 11).unwrap().1)
            .unwrap();
        migrate(&mut old).unwrap();
        old.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
        old.execute_batch(&format!(
            "INSERT INTO attachments (id, contact_id, name, size, sha256, owner_id, created_at)
             VALUES (1, 1, 'a.txt', 2, '{}', 1, '2026-11-01T09:00:00Z');
             INSERT INTO attachment_chunks VALUES (1, 0, X'6869');",
            "0".repeat(64)
        ))
        .unwrap();
        // On exactly one record.
        assert!(
            old.execute("UPDATE attachments SET company_id = 1 WHERE id = 1", [])
                .is_err()
        );
        old.execute("DELETE FROM contacts WHERE id = 1", [])
            .unwrap();
        let left: i64 = old
            .query_row("SELECT count(*) FROM attachment_chunks", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0, "the chunks cascade with the contact");
    }

    #[test]
    fn a_schema_15_vault_gets_access_reviews_with_one_open_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = keyed(&dir.path().join("v15.db"));
        old.execute_batch(FIXTURES.iter().find(|(v, _)| *v == 15).unwrap().1)
            .unwrap();
        migrate(&mut old).unwrap();
        let open = |conn: &Connection| {
            conn.execute(
                "INSERT INTO access_reviews (started_at, started_by, since, from_seq, to_seq)
                 VALUES ('2026-12-01T09:00:00Z', 1, '2026-11-01T09:00:00Z', 1, 1)",
                [],
            )
        };
        open(&old).unwrap();
        assert!(open(&old).is_err(), "a second open review is refused");
        // A decision to change the role names the role; others name none.
        let decide = |decision: &str, role: Option<&str>| {
            old.execute(
                "INSERT OR REPLACE INTO access_review_users (review_id, user_id, role, disabled,
                     devices, views, reveals, exports, deletions, imports, role_changes, dormant,
                     decision, decision_role)
                 VALUES (1, 1, 'owner', 0, 0, 0, 0, 0, 0, 0, 0, 0, ?1, ?2)",
                rusqlite::params![decision, role],
            )
        };
        assert!(decide("role", None).is_err());
        assert!(decide("keep", Some("admin")).is_err());
        assert!(decide("forgive", None).is_err());
        decide("role", Some("admin")).unwrap();
        decide("disable", None).unwrap();
        old.execute(
            "UPDATE access_reviews SET closed_at = '2026-12-02T09:00:00Z', closed_by = 1",
            [],
        )
        .unwrap();
        open(&old).unwrap();
    }

    #[test]
    fn schema_19_keeps_every_import_and_what_points_to_it_and_takes_email_imports() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = keyed(&dir.path().join("v15.db"));
        old.execute_batch(FIXTURES.iter().find(|(v, _)| *v == 15).unwrap().1)
            .unwrap();
        old.execute_batch(
            "INSERT INTO imports (id, format, started_at, user_id, created, merged, skipped)
             VALUES (3, 'vcard', '2026-11-01T09:00:00Z', 1, 1, 1, 0);
             UPDATE contacts SET import_id = 3 WHERE id = 1;
             INSERT INTO import_merges (import_id, contact_id, before) VALUES (3, 1, '{}');
             PRAGMA foreign_keys = ON;",
        )
        .unwrap();
        // As a vault migrates: with foreign keys on.
        migrate(&mut old).unwrap();
        let kept: (String, i64, i64, i64) = old
            .query_row(
                "SELECT (SELECT format FROM imports WHERE id = 3),
                        (SELECT created + merged FROM imports WHERE id = 3),
                        (SELECT import_id FROM contacts WHERE id = 1),
                        (SELECT count(*) FROM import_merges WHERE import_id = 3)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(kept, ("vcard".into(), 2, 3, 1));
        old.execute(
            "INSERT INTO imports (format, started_at, user_id) VALUES ('email', '2026-11-02T09:00:00Z', 1)",
            [],
        )
        .unwrap();
        assert!(
            old.execute(
                "INSERT INTO imports (format, started_at, user_id) VALUES ('fax', '2026-11-02T09:00:00Z', 1)",
                []
            )
            .is_err()
        );
        // The imports still cascade to their saved states.
        old.execute("DELETE FROM imports WHERE id = 3", []).unwrap();
        let left: (i64, Option<i64>) = old
            .query_row(
                "SELECT (SELECT count(*) FROM import_merges),
                        (SELECT import_id FROM contacts WHERE id = 1)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(left, (0, None));
        // A message is found on a contact by its key through the index.
        let plan: String = old
            .query_row(
                "EXPLAIN QUERY PLAN SELECT 1 FROM activities WHERE email_key = 'k' AND contact_id = 1",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("activities_by_email_key"), "{plan}");
    }

    #[test]
    fn schema_15_merges_the_tags_that_fold_alike_and_keys_every_name() {
        let dir = tempfile::tempdir().unwrap();
        let mut old = keyed(&dir.path().join("v11.db"));
        old.execute_batch(FIXTURES.iter().find(|(v, _)| *v == 11).unwrap().1)
            .unwrap();
        old.execute_batch(
            "INSERT INTO contacts (id, name, owner_id, created_at, updated_at)
             VALUES (2, 'Ștefan Pop', 1, '2026-11-01T09:09:00Z', '2026-11-01T09:09:00Z');
             INSERT INTO tags (id, name) VALUES (10, 'Școală'), (11, 'vip'), (12, 'ŞCOALA'), (13, 'scoală');
             INSERT INTO contact_tags (contact_id, tag_id) VALUES (1, 12), (1, 13), (1, 11), (2, 10), (2, 13);",
        )
        .unwrap();
        migrate(&mut old).unwrap();
        let tags: Vec<(i64, String, String)> = old
            .prepare("SELECT id, name, folded FROM tags ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            tags,
            [
                (10, "Școală".into(), "scoala".into()),
                (11, "vip".into(), "vip".into())
            ]
        );
        let links: Vec<(i64, i64)> = old
            .prepare("SELECT contact_id, tag_id FROM contact_tags ORDER BY 1, 2")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(links, [(1, 10), (1, 11), (2, 10)]);
        let (folded, keyed): (String, bool) = old
            .query_row(
                "SELECT folded_name, length(sort_key) > 0 FROM contacts WHERE id = 2",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((folded.as_str(), keyed), ("stefan pop", true));
        let email: String = old
            .query_row(
                "SELECT folded FROM contact_emails WHERE contact_id = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(email, "grace@example.com");
        // A second tag folding alike is refused by the index itself.
        assert!(
            old.execute(
                "INSERT INTO tags (name, folded) VALUES ('SCOALĂ', 'scoala')",
                []
            )
            .is_err()
        );
    }
}

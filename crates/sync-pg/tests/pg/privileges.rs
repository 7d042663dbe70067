//! sql/roles.sql: the role replicas connect as appends and reads, and
//! cannot delete or rewrite the log; only the admin role compacts.

use postgres::{Client, NoTls};
use steward_core::Error;
use steward_core::sync::log::{ChangeLog, Snapshot};
use steward_sync_pg::{PgLog, ROLES_SQL, SCHEMA_SQL};

use crate::contract::{change, vault};
use steward_sync_pg::test_cluster::Cluster;

#[test]
fn the_sync_role_appends_and_reads_but_cannot_delete_or_rewrite() {
    let cluster = Cluster::start();
    let mut admin = Client::connect(&cluster.url("postgres"), NoTls).expect("connect");
    admin.batch_execute(SCHEMA_SQL).expect("schema");
    admin.batch_execute(ROLES_SQL).expect("roles");
    // Run twice: both files are idempotent.
    admin.batch_execute(SCHEMA_SQL).expect("schema again");
    admin.batch_execute(ROLES_SQL).expect("roles again");

    let v = vault(1);
    let mut log = PgLog::connect(&cluster.url_as("steward_sync", "postgres"))
        .expect("connect as steward_sync");
    log.create_vault(&v, b"k").expect("create");
    log.replace_keyslots(&v, 1, b"k2")
        .expect("replace keyslots");
    for n in 1..=3u32 {
        log.append(&v, i64::from(n) - 1, &change("slot", n))
            .expect("append");
    }
    log.put_snapshot(
        &v,
        &Snapshot {
            upto: 1,
            bytes: b"db".to_vec(),
        },
    )
    .expect("snapshot");
    log.put_snapshot(
        &v,
        &Snapshot {
            upto: 2,
            bytes: b"db2".to_vec(),
        },
    )
    .expect("newer snapshot");
    assert_eq!(log.changes_after(&v, 0, 10).expect("read").len(), 3);

    let denied = log.compact(&v).expect_err("no DELETE for steward_sync");
    assert!(
        matches!(&denied, Error::SyncServer(m) if m.contains("permission denied")),
        "{denied:?}"
    );

    let mut raw =
        Client::connect(&cluster.url_as("steward_sync", "postgres"), NoTls).expect("connect");
    for sql in [
        "UPDATE team_changes SET ciphertext = 'x' WHERE seq = 1",
        "DELETE FROM team_changes",
        "DELETE FROM team_vaults",
        "UPDATE team_vaults SET created_at = now()",
        "TRUNCATE team_changes",
        "CREATE TABLE other (x int)",
    ] {
        let err = raw.batch_execute(sql).expect_err(sql);
        assert_eq!(
            err.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {err}"
        );
    }

    let mut admin_log =
        PgLog::connect(&cluster.url_as("steward_admin", "postgres")).expect("connect as admin");
    assert_eq!(admin_log.compact(&v).expect("compact"), 2);
    assert_eq!(log.changes_after(&v, 0, 10).expect("read").len(), 1);
}

//! The ChangeLog contract (steward-core's sync/log.rs) on PostgreSQL.

use std::net::TcpListener;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use steward_core::Error;
use steward_core::sync::log::{ChangeLog, NewChange, Snapshot, VaultId};
use steward_sync_pg::PgLog;

use steward_sync_pg::test_cluster::Cluster;

pub fn vault(n: u8) -> VaultId {
    VaultId(format!("{n:02x}").repeat(32))
}

pub fn change(slot: &str, n: u32) -> NewChange {
    NewChange {
        author_slot: slot.to_string(),
        nonce: vec![u8::try_from(n % 251).expect("small"); 24],
        ciphertext: format!("sealed {n}").into_bytes(),
        signature: vec![7; 64],
    }
}

#[test]
fn a_vault_is_created_once_and_its_keyslots_replaced_by_version() {
    let cluster = Cluster::start();
    let mut log = cluster.log();
    let v = vault(1);
    assert_eq!(log.keyslots(&v).expect("read"), None);
    log.create_vault(&v, b"slots v1").expect("create");
    assert_eq!(
        log.keyslots(&v).expect("read"),
        Some((1, b"slots v1".to_vec()))
    );
    assert_eq!(log.head(&v).expect("head"), 0);

    let again = log.create_vault(&v, b"other").expect_err("the id is taken");
    assert!(
        matches!(&again, Error::SyncServer(m) if m.contains("already has a vault")),
        "{again:?}"
    );
    assert_eq!(
        log.keyslots(&v).expect("read"),
        Some((1, b"slots v1".to_vec()))
    );

    assert_eq!(log.replace_keyslots(&v, 1, b"slots v2").expect("cas"), 2);
    let stale = log
        .replace_keyslots(&v, 1, b"stale")
        .expect_err("version 1 is gone");
    assert!(matches!(stale, Error::LogMoved { head: 2 }), "{stale:?}");
    assert_eq!(
        log.keyslots(&v).expect("read"),
        Some((2, b"slots v2".to_vec()))
    );

    let missing = log
        .replace_keyslots(&vault(2), 1, b"x")
        .expect_err("no such vault");
    assert!(matches!(missing, Error::SyncServer(_)), "{missing:?}");
    let bad = log.head(&VaultId("not-hex".into())).expect_err("bad id");
    assert!(matches!(bad, Error::SyncServer(_)), "{bad:?}");

    // A second connection finds the tables made and works with them.
    let mut other = cluster.log();
    assert_eq!(other.keyslots(&v).expect("read").map(|(n, _)| n), Some(2));
}

#[test]
fn appends_are_contiguous_and_conditional_on_the_head() {
    let cluster = Cluster::start();
    let mut log = cluster.log();
    let (a, b) = (vault(1), vault(2));
    log.create_vault(&a, b"a").expect("create");
    log.create_vault(&b, b"b").expect("create");
    for n in 1..=3 {
        assert_eq!(
            log.append(&a, i64::from(n) - 1, &change("slot-a", n))
                .expect("append"),
            i64::from(n)
        );
    }
    // Numbers are per vault.
    assert_eq!(log.append(&b, 0, &change("slot-b", 1)).expect("append"), 1);

    let behind = log
        .append(&a, 1, &change("slot-a", 9))
        .expect_err("after 1, head is 3");
    assert!(matches!(behind, Error::LogMoved { head: 3 }), "{behind:?}");
    let ahead = log
        .append(&a, 5, &change("slot-a", 9))
        .expect_err("after 5, head is 3");
    assert!(matches!(ahead, Error::LogMoved { head: 3 }), "{ahead:?}");
    let missing = log
        .append(&vault(3), 0, &change("slot-a", 1))
        .expect_err("no vault");
    assert!(matches!(missing, Error::SyncServer(_)), "{missing:?}");

    let all = log.changes_after(&a, 0, 100).expect("read");
    assert_eq!(all.iter().map(|c| c.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(all[1].change, change("slot-a", 2));
    assert!(all.windows(2).all(|w| w[0].accepted_at <= w[1].accepted_at));
    assert_eq!(log.head(&a).expect("head"), 3);
    assert_eq!(log.changes_after(&b, 0, 100).expect("read").len(), 1);
}

#[test]
fn of_two_appenders_at_the_same_head_exactly_one_wins() {
    let cluster = Cluster::start();
    let v = vault(1);
    cluster.log().create_vault(&v, b"k").expect("create");
    let rounds = 20;
    let barrier = Arc::new(Barrier::new(2));
    let racers: Vec<_> = ["slot-a", "slot-b"]
        .into_iter()
        .map(|slot| {
            let (url, v, barrier) = (cluster.url("postgres"), v.clone(), Arc::clone(&barrier));
            std::thread::spawn(move || {
                let mut log = PgLog::connect(&url).expect("connect");
                let mut won = 0;
                for round in 0..rounds {
                    barrier.wait();
                    match log.append(
                        &v,
                        round,
                        &change(slot, u32::try_from(round).expect("small")),
                    ) {
                        Ok(seq) => {
                            assert_eq!(seq, round + 1);
                            won += 1;
                        }
                        Err(Error::LogMoved { head }) => assert_eq!(head, round + 1),
                        Err(e) => panic!("unexpected {e:?}"),
                    }
                    barrier.wait();
                }
                won
            })
        })
        .collect();
    let wins: Vec<i64> = racers
        .into_iter()
        .map(|r| r.join().expect("racer"))
        .collect();
    assert_eq!(
        wins.iter().sum::<i64>(),
        rounds,
        "one winner per round: {wins:?}"
    );
    let mut log = cluster.log();
    assert_eq!(log.head(&v).expect("head"), rounds);
    let seqs: Vec<i64> = log
        .changes_after(&v, 0, 1000)
        .expect("read")
        .iter()
        .map(|c| c.seq)
        .collect();
    assert_eq!(seqs, (1..=rounds).collect::<Vec<_>>());
}

#[test]
fn changes_after_pages_in_order() {
    let cluster = Cluster::start();
    let mut log = cluster.log();
    let v = vault(1);
    log.create_vault(&v, b"k").expect("create");
    for n in 1..=25u32 {
        log.append(&v, i64::from(n) - 1, &change("slot", n))
            .expect("append");
    }
    let mut after = 0;
    let mut pages = Vec::new();
    loop {
        let page = log.changes_after(&v, after, 10).expect("page");
        let Some(last) = page.last() else { break };
        after = last.seq;
        pages.push(page.iter().map(|c| c.seq).collect::<Vec<_>>());
    }
    assert_eq!(
        pages.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![10, 10, 5]
    );
    assert_eq!(pages.concat(), (1..=25).collect::<Vec<_>>());
    assert_eq!(log.changes_after(&v, 25, 10).expect("read"), vec![]);
    assert_eq!(
        log.changes_after(&v, 24, 10).expect("read")[0].change,
        change("slot", 25)
    );
}

#[test]
fn the_newest_snapshot_replaces_older_ones_and_compaction_keeps_the_rest() {
    let cluster = Cluster::start();
    let mut log = cluster.log();
    let v = vault(1);
    log.create_vault(&v, b"k").expect("create");
    assert_eq!(log.latest_snapshot(&v).expect("read"), None);
    for n in 1..=5u32 {
        log.append(&v, i64::from(n) - 1, &change("slot", n))
            .expect("append");
    }
    let snap = |upto, tag: &str| Snapshot {
        upto,
        bytes: tag.as_bytes().to_vec(),
    };
    log.put_snapshot(&v, &snap(2, "db at 2")).expect("put");
    assert_eq!(
        log.latest_snapshot(&v).expect("read"),
        Some(snap(2, "db at 2"))
    );
    log.put_snapshot(&v, &snap(4, "db at 4")).expect("put");
    // A late, older snapshot does not replace a newer one.
    log.put_snapshot(&v, &snap(3, "db at 3")).expect("put");
    assert_eq!(
        log.latest_snapshot(&v).expect("read"),
        Some(snap(4, "db at 4"))
    );
    let past = log
        .put_snapshot(&v, &snap(6, "db at 6"))
        .expect_err("past the head");
    assert!(matches!(past, Error::SyncServer(_)), "{past:?}");

    assert_eq!(log.compact(&v).expect("compact"), 4);
    let left: Vec<i64> = log
        .changes_after(&v, 0, 100)
        .expect("read")
        .iter()
        .map(|c| c.seq)
        .collect();
    assert_eq!(left, vec![5]);
    // The numbering goes on from the head, not from what is left.
    assert_eq!(log.append(&v, 5, &change("slot", 6)).expect("append"), 6);
}

#[test]
fn a_waiter_wakes_on_an_append_and_times_out_without_one() {
    let cluster = Cluster::start();
    let v = vault(1);
    let mut writer = cluster.log();
    writer.create_vault(&v, b"k").expect("create");
    writer.create_vault(&vault(2), b"k").expect("create");

    let mut waiter = cluster.log();
    let started = Instant::now();
    assert_eq!(
        waiter
            .wait_for_changes(&v, 0, Duration::from_millis(300))
            .expect("wait"),
        0
    );
    assert!(started.elapsed() >= Duration::from_millis(300));

    let (url, vw) = (cluster.url("postgres"), v.clone());
    let waiting = std::thread::spawn(move || {
        let mut waiter = PgLog::connect(&url).expect("connect");
        let started = Instant::now();
        let head = waiter
            .wait_for_changes(&vw, 0, Duration::from_secs(20))
            .expect("wait");
        (head, started.elapsed())
    });
    std::thread::sleep(Duration::from_millis(500));
    // Another vault's append does not wake it.
    writer
        .append(&vault(2), 0, &change("slot", 1))
        .expect("append");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!waiting.is_finished(), "woken by another vault");
    writer.append(&v, 0, &change("slot", 1)).expect("append");
    let (head, waited) = waiting.join().expect("waiter");
    assert_eq!(head, 1);
    assert!(waited < Duration::from_secs(10), "waited {waited:?}");

    // A change already there when the wait starts returns at once.
    let started = Instant::now();
    assert_eq!(
        waiter
            .wait_for_changes(&v, 0, Duration::from_secs(20))
            .expect("wait"),
        1
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn an_unreachable_server_is_a_sync_server_error_without_the_password() {
    // A port nothing listens on: bound, then freed.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let url = format!("postgres://steward:hunter2-secret@127.0.0.1:{port}/team?connect_timeout=5");
    let err = PgLog::connect(&url).expect_err("nothing listens");
    let Error::SyncServer(message) = &err else {
        panic!("{err:?}")
    };
    assert!(message.starts_with("connecting"), "{message}");
    assert!(!message.contains("hunter2"), "{message}");
    assert!(err.to_string().contains("unreachable"), "{err}");

    let err = PgLog::connect("postgres://steward:hunter2-secret@[bad").expect_err("not a URL");
    let Error::SyncServer(message) = &err else {
        panic!("{err:?}")
    };
    assert!(!message.contains("hunter2"), "{message}");
}

#[test]
fn a_log_connects_again_after_the_server_dropped_it() {
    let cluster = Cluster::start();
    let mut log = cluster.log();
    let v = vault(1);
    log.create_vault(&v, b"k").expect("create");
    log.append(&v, 0, &change("slot", 1)).expect("append");

    let mut admin =
        postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).expect("connect");
    let killed: i64 = admin
        .query_one(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE pid <> pg_backend_pid() AND datname = 'postgres' AND backend_type = 'client backend') t",
            &[],
        )
        .expect("terminate")
        .get(0);
    assert_eq!(killed, 1);

    // The operation that meets the closed connection fails; the next one
    // connects again, prepares again and goes on.
    let lost = log.head(&v).expect_err("the connection was terminated");
    assert!(matches!(lost, Error::SyncServer(_)), "{lost:?}");
    assert_eq!(
        log.append(&v, 1, &change("slot", 2))
            .expect("append after reconnecting"),
        2
    );
    assert_eq!(log.head(&v).expect("head"), 2);
}

#[test]
fn tables_of_another_schema_version_are_refused() {
    let cluster = Cluster::start();
    drop(cluster.log());
    let mut admin =
        postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).expect("connect");
    admin
        .batch_execute("UPDATE team_schema SET version = 2")
        .expect("update");
    let err = PgLog::connect(&cluster.url("postgres")).expect_err("a newer schema");
    assert!(
        matches!(&err, Error::SyncServer(m) if m.contains("version 2")),
        "{err:?}"
    );
}

#[test]
fn a_url_that_requires_tls_is_refused_rather_than_sent_in_the_clear() {
    let cluster = Cluster::start();
    let err = PgLog::connect(&format!("{} sslmode=require", cluster.url("postgres")))
        .expect_err("no TLS in this client");
    let Error::SyncServer(message) = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("TLS"), "{message}");
    // The same server without the demand connects.
    PgLog::connect(&format!("{} sslmode=disable", cluster.url("postgres")))
        .expect("plain connection");
}

#[test]
fn replicas_connecting_at_once_to_an_empty_database_create_the_tables_once() {
    let cluster = Cluster::start();
    let barrier = Arc::new(Barrier::new(4));
    let connecting: Vec<_> = (0..4)
        .map(|_| {
            let (url, barrier) = (cluster.url("postgres"), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                PgLog::connect(&url).map(drop)
            })
        })
        .collect();
    for c in connecting {
        c.join()
            .expect("thread")
            .expect("connect and create the tables");
    }
    let mut admin =
        postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls).expect("connect");
    let versions: Vec<i32> = admin
        .query("SELECT version FROM team_schema", &[])
        .expect("read")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, vec![steward_sync_pg::SCHEMA_VERSION]);
}

#[test]
fn the_app_s_connection_takes_its_password_apart_and_fails_as_out_of_reach_when_the_server_is_gone()
{
    let cluster = Cluster::start();
    let url = cluster.url("postgres");
    let mut log = PgLog::connect_with_password(&url, Some("from the keychain")).expect("connect");
    let v = vault(9);
    log.create_vault(&v, b"slots").expect("create");
    assert_eq!(log.head(&v).expect("head"), 0);
    cluster.stop();
    let started = Instant::now();
    let gone = PgLog::connect_with_password(&url, None).expect_err("the server is gone");
    assert!(matches!(gone, Error::SyncServer(_)), "{gone:?}");
    assert!(
        !steward_sync_pg::refused_authentication(&gone),
        "out of reach, not refused: {gone:?}"
    );
    assert!(started.elapsed() < steward_sync_pg::BACKGROUND_TIMEOUT);
}

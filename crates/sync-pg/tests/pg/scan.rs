//! What the server holds: after change sets whose plaintext named people
//! were sealed and appended, a data-only dump of the database contains none
//! of the names, e-mails or notes, neither as text nor as the hex PostgreSQL
//! writes bytea in.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use steward_core::sync::log::{ChangeLog, NewChange, Snapshot};

use crate::contract::vault;
use steward_sync_pg::test_cluster::Cluster;

const NEEDLES: [&str; 6] = [
    "Ioana Popescu",
    "ioana.popescu@example.ro",
    "Mihai Ștefănescu",
    "mihai@ștefănescu.example",
    "wants the renewal offer before Friday",
    "Dacia Logistics",
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `dump` holds a needle as text or as bytea hex.
fn found(dump: &str) -> Vec<&'static str> {
    let dump = dump.to_lowercase();
    NEEDLES
        .into_iter()
        .filter(|n| dump.contains(&n.to_lowercase()) || dump.contains(&hex(n.as_bytes())))
        .collect()
}

#[test]
fn the_server_tables_hold_none_of_the_plaintext() {
    let cluster = Cluster::start();
    let mut log = cluster.log();
    let v = vault(1);
    // A stand-in for the replica's envelope: XChaCha20-Poly1305 under a
    // key the server never sees, with the vault and `after` as associated
    // data.
    let cipher = XChaCha20Poly1305::new(&[0x42; 32].into());
    log.create_vault(&v, br#"{"slots":[{"id":"slot-1","wrapped":"c2VhbGVk"}]}"#)
        .expect("create");
    for (after, plaintext) in NEEDLES.iter().enumerate() {
        let after = i64::try_from(after).expect("small");
        let nonce = [u8::try_from(after).expect("small"); 24];
        let aad = format!("{}:{after}", v.0);
        let payload = format!("INSERT contact name={plaintext} note={plaintext}");
        let ciphertext = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: payload.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .expect("seal");
        let change = NewChange {
            author_slot: "slot-1".into(),
            nonce: nonce.to_vec(),
            ciphertext,
            signature: vec![1; 64],
        };
        log.append(&v, after, &change).expect("append");
    }
    let sealed_db = cipher
        .encrypt(XNonce::from_slice(&[9; 24]), NEEDLES.join("\n").as_bytes())
        .expect("seal");
    log.put_snapshot(
        &v,
        &Snapshot {
            upto: 6,
            bytes: sealed_db,
        },
    )
    .expect("snapshot");

    let dump = cluster.dump_data("postgres");
    assert!(
        dump.contains("COPY public.team_changes"),
        "the dump has the log"
    );
    assert_eq!(found(&dump), Vec::<&str>::new());

    // The scan finds plaintext when it is there: a change appended unsealed.
    let leaked = NewChange {
        author_slot: "slot-1".into(),
        nonce: vec![0; 24],
        ciphertext: NEEDLES[1].as_bytes().to_vec(),
        signature: vec![1; 64],
    };
    log.append(&v, 6, &leaked).expect("append");
    assert_eq!(found(&cluster.dump_data("postgres")), vec![NEEDLES[1]]);
}

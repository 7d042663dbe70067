//! How fast the log takes and gives change sets: 10 000 appends of about
//! 1 KB, one round trip and one transaction each, then the whole log read
//! back in pages of 500. Printed (run with --nocapture); the bench reports
//! it from the next release on. The cluster runs without fsync.

use std::time::Instant;

use steward_core::sync::log::{ChangeLog, NewChange};

use crate::contract::vault;
use steward_sync_pg::test_cluster::Cluster;

#[test]
fn ten_thousand_changes_of_a_kilobyte() {
    let cluster = Cluster::start();
    let mut log = cluster.log();
    let v = vault(1);
    log.create_vault(&v, b"k").expect("create");
    let total = 10_000i64;
    let started = Instant::now();
    for after in 0..total {
        let fill = u8::try_from(after % 256).expect("byte");
        let change = NewChange {
            author_slot: "slot-1".into(),
            nonce: vec![fill; 24],
            ciphertext: vec![fill; 1000],
            signature: vec![fill; 64],
        };
        assert_eq!(log.append(&v, after, &change).expect("append"), after + 1);
    }
    let appending = started.elapsed();

    let started = Instant::now();
    let (mut after, mut pages, mut bytes) = (0, 0u32, 0usize);
    loop {
        let page = log.changes_after(&v, after, 500).expect("page");
        let Some(last) = page.last() else { break };
        assert_eq!(page[0].seq, after + 1);
        after = last.seq;
        pages += 1;
        bytes += page
            .iter()
            .map(|c| c.change.ciphertext.len())
            .sum::<usize>();
    }
    let reading = started.elapsed();
    assert_eq!(after, total);
    assert_eq!(pages, 20);
    assert_eq!(bytes, 10_000_000);
    println!(
        "10 000 appends of ~1 KB: {:.0} appends/s ({:.2} s); read back in {pages} pages of 500: {:.1} pages/s, {:.0} changes/s ({:.2} s)",
        10_000.0 / appending.as_secs_f64(),
        appending.as_secs_f64(),
        f64::from(pages) / reading.as_secs_f64(),
        10_000.0 / reading.as_secs_f64(),
        reading.as_secs_f64()
    );
}

//! Measures what the audit log adds to single-record edits.
//!
//! Runs N edits (default 10 000), each its own transaction, through
//! `Session::update_contact` (permission check, validation, the update, the
//! audit entry, commit), and N more through the same code with the audit
//! entry left out (a variant compiled only with the `test-support` feature).
//! Prints one JSON object with both times and their ratio.
//!
//!     cargo run --release -p steward-core --features test-support --example audit_overhead -- 10000

use std::time::Instant;

use steward_core::crypto::KdfParams;
use steward_core::records::contacts::{ContactPatch, NewContact};
use steward_core::vault::CreateOptions;
use steward_core::{Password, Result};

fn main() -> Result<()> {
    let edits: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let contacts = 1_000usize;
    let temp = std::env::temp_dir().join(format!("steward-audit-bench-{}", std::process::id()));
    let created = steward_core::unlock::create(
        &temp,
        "bench",
        &Password::new("velvet cactus orbit 1987 lamp"),
        &CreateOptions {
            kdf: KdfParams::FLOOR,
            phone_country: None,
            language: steward_core::locale::Language::En,
        },
    )?;
    let mut session = created.session;
    let mut ids = Vec::with_capacity(contacts);
    for i in 0..contacts {
        ids.push(session.add_contact(&NewContact {
            name: format!("Bench Person {i}"),
            emails: vec![format!("person{i}@example.com")],
            ..NewContact::default()
        })?);
    }

    // Alternate the two variants in rounds so drift in the machine's load
    // hits both alike.
    let rounds = 10;
    let per_round = edits / rounds;
    let (mut with_audit, mut without_audit) = (0.0f64, 0.0f64);
    for round in 0..rounds {
        for audited in [true, false] {
            let start = Instant::now();
            for k in 0..per_round {
                let i = round * per_round + k;
                let patch = ContactPatch {
                    company: Some(format!("Company {i} {audited}")),
                    ..ContactPatch::default()
                };
                let id = ids[i % contacts];
                if audited {
                    session.update_contact(id, &patch)?;
                } else {
                    session.update_contact_unaudited_for_benchmark(id, &patch)?;
                }
            }
            let elapsed = start.elapsed().as_secs_f64();
            if audited {
                with_audit += elapsed;
            } else {
                without_audit += elapsed;
            }
        }
    }
    let audit_entries = session.audit_entries(&Default::default())?.len();
    session.lock()?;
    let _ = std::fs::remove_dir_all(&temp);
    debug_assert!(audit_entries > 0);

    println!(
        "{{\"edits\":{edits},\"with_audit_s\":{with_audit:.3},\"without_audit_s\":{without_audit:.3},\"ratio\":{:.3}}}",
        with_audit / without_audit
    );
    Ok(())
}

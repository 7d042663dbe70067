//! Measures the first unlock of a vault made at schema 6, whose search
//! index kept token positions: the backup taken before the update, the page
//! check, migration 7 and the rebuild of the search index (ADR 0013).
//!
//! Builds a vault of N synthetic contacts (the `steward bench` file,
//! default 100 000), puts its search index back the way schema 6 made it,
//! then times one unlock. Prints one JSON object.
//!
//!     cargo run --release -p steward-core --features test-support --example schema6_upgrade -- 100000

use std::time::Instant;

use steward_core::crypto::KdfParams;
use steward_core::vault::{CreateOptions, Credentials};
use steward_core::{Password, Result};

fn main() -> Result<()> {
    let contacts: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let temp = std::env::temp_dir().join(format!("steward-upgrade-bench-{}", std::process::id()));
    let password = Password::new("velvet cactus orbit 1987 lamp");
    let created = steward_core::unlock::create(
        &temp,
        "bench",
        &password,
        &CreateOptions {
            kdf: KdfParams::FLOOR,
            phone_country: None,
            language: steward_core::locale::Language::En,
        },
    )?;
    let mut session = created.session;
    let csv = steward_core::bench::synthetic_csv_bytes(contacts);
    let options = steward_core::bench::synthetic_csv_import_options();
    session.import_csv(&csv, &options, &mut |_, _| {})?;
    session.lock()?;

    // The table as schema 3 to 6 made it, empty: the rebuild fills it
    // whatever it held.
    let conn = steward_core::test_support::raw_connection(&temp, &created.recovery_key)?;
    conn.execute_batch(
        "DROP TABLE search_index;
         CREATE VIRTUAL TABLE search_index USING fts5 (
             title, body, content = '', contentless_delete = 1, prefix = '1 2 3',
             tokenize = 'unicode61 remove_diacritics 2');
         PRAGMA user_version = 6;",
    )?;
    drop(conn);

    let start = Instant::now();
    let session = steward_core::unlock::unlock(
        &temp,
        Credentials::Password {
            user: "bench",
            password: &password,
        },
    )?;
    let seconds = start.elapsed().as_secs_f64();
    let found = session.search("berlin", 5)?.len();
    session.lock()?;
    let _ = std::fs::remove_dir_all(&temp);
    println!("{{\"contacts\":{contacts},\"first_unlock_s\":{seconds:.3},\"found\":{found}}}");
    Ok(())
}

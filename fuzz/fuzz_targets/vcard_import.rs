//! A vCard file as an import reads it: the structural pass (cards, folds,
//! quoted-printable soft breaks, 2.1 base64, UTF-16 and legacy 8-bit
//! text), `calcard`'s parsing (parameters, charsets, value types), the
//! mapping (tel: URIs, preferences, birthdays in every form), then the
//! checks that run before anything is written. Any input must give a
//! result or one clear "invalid input" error; a panic or another kind of
//! error is a bug, and so is a record that breaks what the reader
//! promises. The seeds are the fixture corpus (`scripts/fuzz`), which holds
//! a file of each producer and quirk.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_core::Error;
use steward_core::interchange::{check_records, vcard};

fn clear<T>(result: steward_core::Result<T>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(Error::InvalidInput(_)) => None,
        Err(other) => panic!("not a clear error: {other:?}"),
    }
}

/// `YYYY-MM-DD` or `--MM-DD`, as `dates::birthday` returns.
fn is_birthday(d: &str) -> bool {
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        7 => b.starts_with(b"--") && digits(2..4) && b[4] == b'-' && digits(5..7),
        _ => false,
    }
}

fuzz_target!(|bytes: &[u8]| {
    if let Some(records) = clear(vcard::parse(bytes)) {
        for (n, (place, c)) in records.iter().enumerate() {
            assert_eq!(place, &format!("card {}", n + 1));
            assert!(!c.name.trim().is_empty(), "a card without a name came through");
            assert!(!c.name.contains('\n'), "a name on several lines");
            if let Some(d) = &c.sensitive.date_of_birth {
                assert!(is_birthday(d), "birthday {d:?}");
            }
        }
        clear(check_records(&records));
    }
});

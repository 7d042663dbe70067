//! A CSV file as an import reads it: the decoding (byte-order marks, UTF-8,
//! a guessed legacy code page, or one chosen by the user), the delimiter
//! and footer sniffing, the preview, the suggested mapping, the contacts
//! through that mapping, and the checks that run before anything is
//! written. Any input must give a result or one clear "invalid input"
//! error; a panic or another kind of error is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_core::Error;
use steward_core::interchange::{check_records, csv_contacts, preview_csv_as};

fn clear<T>(result: steward_core::Result<T>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(Error::InvalidInput(_)) => None,
        Err(other) => panic!("not a clear error: {other:?}"),
    }
}

/// Encodings a user may choose in the preview; the first byte of the input
/// picks one (or none: detect it), the rest is the file.
const CHOSEN: [Option<&str>; 6] = [
    None,
    Some("utf-8"),
    Some("windows-1250"),
    Some("windows-1252"),
    Some("utf-16le"),
    Some("utf-16be"),
];

fuzz_target!(|input: &[u8]| {
    let Some((first, bytes)) = input.split_first() else {
        return;
    };
    let encoding = CHOSEN[usize::from(*first) % CHOSEN.len()];
    let Some(preview) = clear(preview_csv_as(bytes, encoding)) else {
        return;
    };
    assert_eq!(preview.suggested.len(), preview.headers.len());
    assert!(preview.sample.len() <= preview.rows);
    assert!(preview.skipped.windows(2).all(|w| w[0].line < w[1].line));
    let Some(records) = clear(csv_contacts(bytes, encoding, &preview.suggested, &[])) else {
        return;
    };
    assert_eq!(records.len(), preview.rows, "the preview and the import count different rows");
    clear(check_records(&records));
});

//! A CSV file as an import reads it: the preview, the suggested mapping,
//! the contacts through that mapping, and the checks that run before
//! anything is written. Any input must give a result or one clear
//! "invalid input" error; a panic or another kind of error is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_core::Error;
use steward_core::interchange::{check_records, csv_contacts, preview_csv};

fn clear<T>(result: steward_core::Result<T>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(Error::InvalidInput(_)) => None,
        Err(other) => panic!("not a clear error: {other:?}"),
    }
}

fuzz_target!(|bytes: &[u8]| {
    let Some(preview) = clear(preview_csv(bytes)) else {
        return;
    };
    assert_eq!(preview.suggested.len(), preview.headers.len());
    assert!(preview.sample.len() <= preview.rows);
    let Some(records) = clear(csv_contacts(bytes, &preview.suggested, &[])) else {
        return;
    };
    assert_eq!(records.len(), preview.rows, "the preview and the import count different rows");
    clear(check_records(&records));
});

//! A vCard file as an import reads it: the cards, then the checks that run
//! before anything is written. Any input must give a result or one clear
//! "invalid input" error; a panic or another kind of error is a bug.
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

fuzz_target!(|bytes: &[u8]| {
    if let Some(records) = clear(vcard::parse(bytes)) {
        clear(check_records(&records));
    }
});

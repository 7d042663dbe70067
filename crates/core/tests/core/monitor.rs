//! Unlock throttling: delays grow with each failure and survive restarts.

use std::path::Path;

use steward_core::vault::{self, Credentials};
use steward_core::{Error, Password};

use crate::fixtures::*;

fn try_password(dir: &Path, password: &str) -> steward_core::Result<()> {
    unlock(dir, OWNER, password).and_then(steward_core::Session::lock)
}

/// Moves every failure counter's last attempt `seconds` into the past, as
/// time passing would (the counters are outside the file's MAC on purpose).
fn age_failures(dir: &Path, seconds: i64) {
    let path = dir.join(vault::KEYSLOTS_FILE);
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    if let Some(map) = file["failures"].as_object_mut() {
        for f in map.values_mut() {
            let last =
                chrono::DateTime::parse_from_rfc3339(f["last_at"].as_str().unwrap()).unwrap();
            f["last_at"] = (last - chrono::Duration::seconds(seconds))
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                .into();
        }
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&file).unwrap()).unwrap();
}

fn throttled_for(result: steward_core::Result<()>) -> Option<u64> {
    match result {
        Err(Error::Throttled { seconds }) => Some(seconds),
        _ => None,
    }
}

#[test]
fn failed_unlocks_slow_down_the_next_attempt_growing_and_persisting() {
    let mut v = new_vault();
    v.lock();
    for _ in 0..3 {
        assert!(matches!(
            try_password(&v.dir, "wrong guess"),
            Err(Error::WrongPassword)
        ));
    }
    // The fourth failure is the first that costs a wait.
    assert!(matches!(
        try_password(&v.dir, "wrong guess"),
        Err(Error::WrongPassword)
    ));
    let wait = throttled_for(try_password(&v.dir, PASSWORD)).expect("throttled");
    assert!((4..=5).contains(&wait), "{wait}");
    // Even the right password waits; a new process reads the same file.
    assert!(throttled_for(try_password(&v.dir, PASSWORD)).is_some());
    age_failures(&v.dir, 5);
    assert!(matches!(
        try_password(&v.dir, "wrong again"),
        Err(Error::WrongPassword)
    ));
    let wait = throttled_for(try_password(&v.dir, PASSWORD)).expect("throttled");
    assert!((9..=10).contains(&wait), "doubled: {wait}");
    age_failures(&v.dir, 10);
    assert!(try_password(&v.dir, "and again").is_err());
    let wait = throttled_for(try_password(&v.dir, PASSWORD)).expect("throttled");
    assert!((19..=20).contains(&wait), "doubled again: {wait}");
    age_failures(&v.dir, 20);
    // A success resets the counter.
    try_password(&v.dir, PASSWORD).unwrap();
    for _ in 0..3 {
        assert!(try_password(&v.dir, "wrong").is_err());
    }
    try_password(&v.dir, PASSWORD).unwrap();
}

#[test]
fn recovery_key_guesses_are_throttled_too() {
    let mut v = new_vault();
    v.lock();
    let other = new_vault();
    for _ in 0..4 {
        let r = vault::unlock(
            &v.dir,
            Credentials::RecoveryKey {
                user: None,
                key: &other.recovery_key,
            },
        );
        assert!(matches!(r, Err(Error::WrongRecoveryKey)));
    }
    let r = vault::unlock(
        &v.dir,
        Credentials::RecoveryKey {
            user: None,
            key: &v.recovery_key,
        },
    );
    assert!(matches!(r, Err(Error::Throttled { .. })));
    // Passwords have their own counter.
    try_password(&v.dir, PASSWORD).unwrap();
    let _ = Password::new("unused");
}

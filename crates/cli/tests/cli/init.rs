//! `steward init` and the recovery key it hands out.

use std::path::Path;

use crate::disk::Mount;
use crate::{PASSWORD, fails, ok, steward};

fn init_with_key_file(dir: &Path, key_file: &Path) -> std::process::Output {
    steward(
        dir,
        Some(PASSWORD),
        &[
            "init",
            "--user",
            "ada",
            "--recovery-key-out",
            key_file.to_str().unwrap(),
        ],
    )
}

#[test]
fn an_existing_recovery_key_file_stops_init_before_any_vault_is_made() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    let key_file = temp.path().join("recovery.txt");
    steward_core::fsutil::write_atomically(&key_file, b"someone else's notes\n").unwrap();
    let out = init_with_key_file(&dir, &key_file);
    assert!(!dir.exists(), "no vault was created");
    fails(&out, 1, "already exists");
    assert_eq!(
        std::fs::read_to_string(&key_file).unwrap(),
        "someone else's notes\n",
        "the file is untouched"
    );
    // Choosing another file name then works.
    let other = temp.path().join("recovery-2.txt");
    ok(&init_with_key_file(&dir, &other));
    assert!(std::fs::read_to_string(&other).unwrap().trim().len() > 50);
}

#[test]
fn a_symlink_as_recovery_key_file_is_not_followed_and_no_vault_is_made() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    let target = temp.path().join("elsewhere.txt");
    let key_file = temp.path().join("recovery.txt");
    std::os::unix::fs::symlink(&target, &key_file).unwrap();
    let out = init_with_key_file(&dir, &key_file);
    assert!(!dir.exists(), "no vault was created");
    fails(&out, 1, "already exists");
    assert!(!target.exists(), "the symlink was not followed");
    ok(&steward(&dir, Some(PASSWORD), &["init", "--user", "ada"]));
}

#[test]
fn a_refused_init_removes_the_recovery_key_file_it_had_claimed() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    std::fs::create_dir(&dir).unwrap();
    steward_core::fsutil::write_atomically(&dir.join("other"), b"not a vault").unwrap();
    let key_file = temp.path().join("recovery.txt");
    fails(
        &init_with_key_file(&dir, &key_file),
        1,
        "choose an empty folder",
    );
    assert!(!key_file.exists(), "no empty key file is left behind");
}

#[test]
fn a_recovery_key_that_cannot_be_written_is_printed_instead_of_lost() {
    let temp = tempfile::tempdir().unwrap();
    let full = temp.path().join("full-disk");
    std::fs::create_dir(&full).unwrap();
    let Some(_mount) = Mount::new(&["-t", "tmpfs", "-o", "size=1m", "tmpfs"], &full) else {
        return;
    };
    // A full disk still takes a new, empty file; writing the key into it fails.
    let mut filler = std::fs::File::create(full.join("filler")).unwrap();
    while std::io::Write::write_all(&mut filler, &[1u8; 4096]).is_ok() {}
    drop(filler);
    let dir = temp.path().join("vault");
    let key_file = full.join("recovery.txt");
    let out = init_with_key_file(&dir, &key_file);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the disk is full"), "{stderr}");
    assert!(
        stderr.contains("printed on standard output instead"),
        "{stderr}"
    );
    let key = String::from_utf8(out.stdout).unwrap();
    assert_eq!(key.trim().split('-').count(), 14, "{key:?}");
    assert!(!key_file.exists(), "no empty key file is left");
    let unlocked = std::process::Command::new(env!("CARGO_BIN_EXE_steward"))
        .arg("--vault")
        .arg(&dir)
        .arg("unlock-check")
        .env_remove("STEWARD_PASSWORD")
        .env("STEWARD_RECOVERY_KEY", key.trim())
        .output()
        .unwrap();
    ok(&unlocked);
}

#[test]
fn init_with_sample_data_makes_the_sample_business() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    ok(&steward(
        &dir,
        Some(PASSWORD),
        &["init", "--user", "ada", "--sample-data"],
    ));
    let contacts: serde_json::Value = serde_json::from_str(&ok(&steward(
        &dir,
        Some(PASSWORD),
        &["contact", "list", "--limit", "500", "--json"],
    )))
    .unwrap();
    // With --limit, a page and the cursor after it (none: that was all).
    assert_eq!(contacts["contacts"].as_array().unwrap().len(), 40);
    assert_eq!(contacts["next"], serde_json::Value::Null);
    let deals: serde_json::Value = serde_json::from_str(&ok(&steward(
        &dir,
        Some(PASSWORD),
        &["deal", "list", "--json"],
    )))
    .unwrap();
    assert_eq!(deals.as_array().unwrap().len(), 12);
}

#[test]
fn init_with_a_language_makes_the_vault_in_it_from_the_start() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    ok(&steward(
        &dir,
        Some(PASSWORD),
        &["init", "--user", "ada", "--language", "ro"],
    ));
    assert_eq!(
        ok(&steward(&dir, Some(PASSWORD), &["language", "show"])).trim(),
        "ro"
    );
    let stages = ok(&steward(&dir, Some(PASSWORD), &["pipeline", "list"]));
    assert!(stages.contains("Potențial client"), "{stages}");
    assert!(stages.contains("Câștigat"), "{stages}");
    assert!(!stages.contains("Lead"), "{stages}");
}

#[test]
fn init_refuses_an_unknown_language_before_making_anything() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    let out = steward(
        &dir,
        Some(PASSWORD),
        &["init", "--user", "ada", "--language", "fr"],
    );
    fails(&out, 1, "not a language Steward speaks");
    assert!(!dir.exists(), "no vault was created");
}

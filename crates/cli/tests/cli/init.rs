//! `steward init` and the recovery key it hands out.

use std::path::Path;

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

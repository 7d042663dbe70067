#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed step should stop the test"
)]

//! The `steward` binary, run as a script would run it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASSWORD: &str = "velvet cactus orbit 1987 lamp";

struct Vault {
    _temp: tempfile::TempDir,
    dir: PathBuf,
    recovery_key: String,
}

fn steward(dir: &Path, password: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_steward"));
    cmd.arg("--vault").arg(dir).args(args);
    cmd.env_remove("STEWARD_PASSWORD")
        .env_remove("STEWARD_USER")
        .env_remove("STEWARD_RECOVERY_KEY")
        .env_remove("STEWARD_VAULT")
        .stdin(std::process::Stdio::null());
    if let Some(p) = password {
        cmd.env("STEWARD_PASSWORD", p);
    }
    cmd.output().unwrap()
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Asserts the exit code and that stderr is exactly one line containing `text`.
fn fails(output: &Output, code: i32, text: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "one line on stderr: {stderr}"
    );
    assert!(stderr.contains(text), "{stderr:?} should contain {text:?}");
}

fn init() -> Vault {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    let out = ok(&steward(&dir, Some(PASSWORD), &["init", "--user", "ada"]));
    let recovery_key = out.trim().to_owned();
    Vault {
        _temp: temp,
        dir,
        recovery_key,
    }
}

fn add(v: &Vault, args: &[&str]) -> i64 {
    let mut all = vec!["contact", "add"];
    all.extend_from_slice(args);
    ok(&steward(&v.dir, Some(PASSWORD), &all))
        .trim()
        .parse()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}

fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| (e.path(), std::fs::read(e.path()).unwrap()))
        .collect();
    all.sort();
    all
}

#[test]
fn init_prints_a_recovery_key_of_fourteen_groups_and_the_vault_unlocks() {
    let v = init();
    assert_eq!(v.recovery_key.split('-').count(), 14, "{}", v.recovery_key);
    ok(&steward(&v.dir, Some(PASSWORD), &["unlock-check"]));
}

#[test]
fn init_can_write_the_recovery_key_to_a_private_file() {
    use std::os::unix::fs::PermissionsExt;
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    let key_file = temp.path().join("recovery.txt");
    let out = steward(
        &dir,
        Some(PASSWORD),
        &[
            "init",
            "--user",
            "ada",
            "--recovery-key-out",
            key_file.to_str().unwrap(),
        ],
    );
    assert_eq!(
        ok(&out),
        "",
        "the key is not printed when written to a file"
    );
    let mode = std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let key = std::fs::read_to_string(&key_file).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_steward"));
    let out = cmd
        .arg("--vault")
        .arg(&dir)
        .arg("unlock-check")
        .env_remove("STEWARD_PASSWORD")
        .env("STEWARD_RECOVERY_KEY", key.trim())
        .output()
        .unwrap();
    ok(&out);
}

#[test]
fn contacts_round_trip_through_add_show_edit_list_and_delete() {
    let v = init();
    let id = add(
        &v,
        &[
            "--name",
            "Grace Hopper",
            "--email",
            "grace@example.com",
            "--email",
            "gh@example.org",
            "--phone",
            "+1 555 0100",
            "--company",
            "Navy",
            "--notes",
            "Compilers",
        ],
    );
    let shown = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "show", &id.to_string(), "--json"],
    ));
    assert_eq!(shown["name"], "Grace Hopper");
    assert_eq!(
        shown["emails"],
        serde_json::json!(["grace@example.com", "gh@example.org"])
    );
    assert_eq!(shown["company"], "Navy");

    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "edit", &id.to_string(), "--company", "US Navy"],
    ));
    let shown = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "show", &id.to_string(), "--json"],
    ));
    assert_eq!(shown["company"], "US Navy");
    assert_eq!(
        shown["notes"], "Compilers",
        "fields not given stay as they were"
    );

    add(&v, &["--name", "Alan Turing"]);
    let list = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "list", "--json"],
    ));
    let names: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["Alan Turing", "Grace Hopper"]);

    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "delete", &id.to_string()],
    ));
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["contact", "show", &id.to_string()],
        ),
        1,
        "was not found",
    );
}

#[test]
fn a_wrong_password_exits_3_with_one_line_and_changes_no_file() {
    let v = init();
    add(&v, &["--name", "Someone"]);
    let before = files(&v.dir);
    fails(
        &steward(&v.dir, Some("not it at all"), &["contact", "list"]),
        3,
        "wrong user name or password",
    );
    assert_eq!(files(&v.dir), before);
}

#[test]
fn no_password_and_no_terminal_exits_3() {
    let v = init();
    fails(
        &steward(&v.dir, None, &["unlock-check"]),
        3,
        "STEWARD_PASSWORD",
    );
}

#[test]
fn a_flipped_byte_in_the_database_exits_5() {
    let v = init();
    add(&v, &["--name", "Someone", "--notes", &"n".repeat(5000)]);
    let path = v.dir.join("vault.db");
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    #[allow(clippy::disallowed_methods, reason = "tampering on purpose")]
    std::fs::write(&path, bytes).unwrap();
    fails(
        &steward(&v.dir, Some(PASSWORD), &["contact", "list"]),
        5,
        "damaged or was altered",
    );
}

#[test]
fn a_wrong_recovery_key_exits_3_and_a_malformed_one_says_why() {
    let v = init();
    let other = init();
    let run = |key: &str| {
        Command::new(env!("CARGO_BIN_EXE_steward"))
            .arg("--vault")
            .arg(&v.dir)
            .arg("unlock-check")
            .env_remove("STEWARD_PASSWORD")
            .env("STEWARD_RECOVERY_KEY", key)
            .output()
            .unwrap()
    };
    fails(&run(&other.recovery_key), 3, "recovery key does not unlock");
    fails(&run("ABCD-EFGH"), 1, "56 characters");
    ok(&run(&v.recovery_key));
}

#[test]
fn usage_errors_exit_2() {
    let v = init();
    let out = steward(&v.dir, Some(PASSWORD), &["contact", "frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    fails(
        &steward(&v.dir, Some(PASSWORD), &["contact", "add"]),
        2,
        "--name",
    );
}

#[test]
fn init_refuses_a_weak_password() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    fails(
        &steward(&dir, Some("password1"), &["init", "--user", "ada"]),
        1,
        "too weak",
    );
    assert!(!dir.join("keyslots").exists());
}

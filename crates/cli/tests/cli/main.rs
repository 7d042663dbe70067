#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a failed step should stop the test"
)]

//! The `steward` binary, run as a script would run it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod attachments;
mod backup;
mod breach;
mod bulk;
mod calendar;
mod consent;
mod contacts;
mod disk;
mod email;
mod errors;
mod init;
mod interchange;
mod mailing;
mod merge;
mod monitor;
mod phones;
mod pipeline;
mod records;
mod recycle_bin;
mod reminders;
mod restore;
mod review;
mod rights;
mod rules;
mod team;
mod views;

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
        // A new vault takes its phones' default country from the locale:
        // none here, whatever the machine's.
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .env("LANG", "C.UTF-8")
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
fn a_wrong_password_exits_3_with_one_line_and_changes_no_byte_of_the_database() {
    let v = init();
    add(&v, &["--name", "Someone"]);
    let db_before = std::fs::read(v.dir.join("vault.db")).unwrap();
    let slots_before = keyslots_without_failures(&v.dir);
    fails(
        &steward(&v.dir, Some("not it at all"), &["contact", "list"]),
        3,
        "wrong user name or password",
    );
    assert!(
        std::fs::read(v.dir.join("vault.db")).unwrap() == db_before,
        "vault.db changed"
    );
    assert_eq!(
        keyslots_without_failures(&v.dir),
        slots_before,
        "only the failure counter may change"
    );
}

fn keyslots_without_failures(dir: &Path) -> serde_json::Value {
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("keyslots")).unwrap()).unwrap();
    json.as_object_mut().unwrap().remove("failures");
    json
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

const FIRST: &str = "first lantern quartz 2026 meadow";
const OWN: &str = "own harbor violet 1999 tundra";

/// Runs steward as `user` with `password`, with extra environment variables.
fn steward_as(
    dir: &Path,
    user: &str,
    password: &str,
    env: &[(&str, &str)],
    args: &[&str],
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_steward"));
    cmd.arg("--vault").arg(dir).args(args);
    cmd.env_remove("STEWARD_RECOVERY_KEY")
        .env_remove("STEWARD_VAULT")
        .env("STEWARD_USER", user)
        .env("STEWARD_PASSWORD", password)
        .stdin(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Adds `name` with `role` as the owner and sets their own password.
fn add_user(v: &Vault, name: &str, role: &str) {
    ok(&steward_as(
        &v.dir,
        "ada",
        PASSWORD,
        &[("FIRST", FIRST)],
        &[
            "user",
            "add",
            name,
            "--role",
            role,
            "--new-password-env",
            "FIRST",
        ],
    ));
    ok(&steward_as(
        &v.dir,
        name,
        FIRST,
        &[("OWN", OWN)],
        &["user", "passwd", "--new-password-env", "OWN"],
    ));
}

#[test]
fn users_are_added_listed_changed_disabled_and_enabled() {
    let v = init();
    add_user(&v, "agnes", "agent");
    let users = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["user", "list", "--json"],
    ));
    let agnes = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "agnes")
        .unwrap();
    assert_eq!(agnes["role"], "agent");
    assert_eq!(agnes["must_change_password"], false);

    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["user", "set-role", "agnes", "manager"],
    ));
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["user", "disable", "agnes"],
    ));
    fails(
        &steward_as(&v.dir, "agnes", OWN, &[], &["unlock-check"]),
        3,
        "wrong user name or password",
    );
    let out = steward_as(
        &v.dir,
        "ada",
        PASSWORD,
        &[("NEWPW", FIRST)],
        &["user", "enable", "agnes", "--new-password-env", "NEWPW"],
    );
    ok(&out);
    fails(
        &steward_as(&v.dir, "agnes", FIRST, &[], &["contact", "list"]),
        3,
        "steward user passwd",
    );
}

#[test]
fn a_refused_action_exits_4_naming_the_missing_permission() {
    let v = init();
    let theirs = add(&v, &["--name", "Owner's Lead"]);
    add_user(&v, "agnes", "agent");
    add_user(&v, "vic", "viewer");
    fails(
        &steward_as(
            &v.dir,
            "agnes",
            OWN,
            &[],
            &["contact", "delete", &theirs.to_string()],
        ),
        4,
        "contacts.delete-any",
    );
    fails(
        &steward_as(&v.dir, "vic", OWN, &[], &["contact", "add", "--name", "X"]),
        4,
        "contacts.create",
    );
    fails(
        &steward_as(&v.dir, "agnes", OWN, &[], &["audit", "list"]),
        4,
        "audit.read",
    );
    fails(
        &steward_as(&v.dir, "agnes", OWN, &[], &["user", "list"]),
        4,
        "users.read",
    );
    fails(
        &steward_as(
            &v.dir,
            "agnes",
            OWN,
            &[],
            &[
                "contact",
                "reveal",
                &theirs.to_string(),
                "national-id",
                "--reason",
                "just curious",
            ],
        ),
        4,
        "sensitive.reveal",
    );
    // The agent's own contact is theirs to change.
    let mine: i64 = ok(&steward_as(
        &v.dir,
        "agnes",
        OWN,
        &[],
        &["contact", "add", "--name", "Agent Lead"],
    ))
    .trim()
    .parse()
    .unwrap();
    ok(&steward_as(
        &v.dir,
        "agnes",
        OWN,
        &[],
        &["contact", "edit", &mine.to_string(), "--company", "Acme"],
    ));
    let denied = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["audit", "list", "--json", "--actor", "agnes"],
    ));
    let outcomes: Vec<_> = denied
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["outcome"] == "denied")
        .collect();
    assert_eq!(outcomes.len(), 4, "agnes was refused four times: {denied}");
}

#[test]
fn sensitive_fields_are_masked_in_show_and_revealed_with_a_reason() {
    let v = init();
    let id = add(
        &v,
        &[
            "--name",
            "Ida Sensitive",
            "--date-of-birth",
            "1970-05-06",
            "--national-id",
            "AB-123",
        ],
    );
    let shown = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "show", &id.to_string(), "--json"],
    ));
    assert_eq!(shown["date_of_birth"], "masked");
    assert_eq!(shown["national_id"], "masked");
    assert_eq!(shown["special_notes"], serde_json::Value::Null);
    assert!(!shown.to_string().contains("AB-123"));
    let value = ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "contact",
            "reveal",
            &id.to_string(),
            "national-id",
            "--reason",
            "contract signing",
        ],
    ));
    assert_eq!(value.trim(), "AB-123");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "contact",
                "reveal",
                &id.to_string(),
                "shoe-size",
                "--reason",
                "why not",
            ],
        ),
        1,
        "unknown sensitive field",
    );
    let reveals = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["audit", "list", "--json", "--action", "contact.reveal"],
    ));
    assert_eq!(reveals[0]["details"]["reason"], "contract signing");
    assert_eq!(reveals[0]["target_id"], id.to_string());
}

#[test]
fn audit_verify_passes_then_exits_5_naming_the_altered_entry() {
    let v = init();
    add(&v, &["--name", "Someone"]);
    let out = steward(&v.dir, Some(PASSWORD), &["audit", "verify", "--json"]);
    assert_eq!(json(&out)["intact"], true);

    let key = steward_core::RecoveryKey::parse(&v.recovery_key).unwrap();
    let conn = steward_core::test_support::raw_connection(&v.dir, &key).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'contact.view' WHERE seq = 3;").unwrap();
    drop(conn);
    fails(
        &steward(&v.dir, Some(PASSWORD), &["audit", "verify"]),
        5,
        "entry 3 was altered",
    );
}

#[test]
fn audit_export_writes_a_csv_file() {
    let v = init();
    add(&v, &["--name", "Someone"]);
    let out_file = v.dir.parent().unwrap().join("audit.csv");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["audit", "export", "--out", out_file.to_str().unwrap()],
    ));
    let text = std::fs::read_to_string(&out_file).unwrap();
    assert!(text.starts_with("seq,at,actor_id,actor,action"));
    assert!(text.contains("contact.create"));
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["audit", "export", "--out", out_file.to_str().unwrap()],
        ),
        1,
        "could not create",
    );
}

#[test]
fn a_refused_audit_export_leaves_no_file() {
    let v = init();
    add_user(&v, "agnes", "agent");
    let out = v.dir.parent().unwrap().join("refused.csv");
    fails(
        &steward_as(
            &v.dir,
            "agnes",
            OWN,
            &[],
            &["audit", "export", "--out", out.to_str().unwrap()],
        ),
        4,
        "audit.export",
    );
    assert!(!out.exists());
}

#[test]
fn guessing_passwords_gets_slower_and_the_wait_is_named() {
    let v = init();
    for _ in 0..4 {
        fails(
            &steward(&v.dir, Some("not the password"), &["unlock-check"]),
            3,
            "wrong user name or password",
        );
    }
    fails(
        &steward(&v.dir, Some(PASSWORD), &["unlock-check"]),
        3,
        "try again in",
    );
    // Later (the clock moved on), the right password works again.
    ok(&steward_as(
        &v.dir,
        "ada",
        PASSWORD,
        &[("STEWARD_NOW", "2099-01-01T00:00:00Z")],
        &["unlock-check"],
    ));
}

//! Contacts through the `steward` binary: sensitive values kept off the
//! command line, and a committed add that stays reported as done.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::{PASSWORD, Vault, fails, init, json, ok, steward};

/// Runs steward as the owner with extra environment variables and `input`
/// on standard input (a pipe, not a terminal).
fn steward_with(dir: &Path, env: &[(&str, &str)], input: &str, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_steward"));
    cmd.arg("--vault").arg(dir).args(args);
    cmd.env_remove("STEWARD_USER")
        .env_remove("STEWARD_RECOVERY_KEY")
        .env_remove("STEWARD_VAULT")
        .env("STEWARD_PASSWORD", PASSWORD)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn reveal(v: &Vault, id: &str, field: &str) -> String {
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "contact",
            "reveal",
            id,
            field,
            "--reason",
            "checking the import",
        ],
    ))
    .trim_end()
    .to_owned()
}

fn assert_masked(v: &Vault, id: &str, fields: &[&str]) {
    let shown = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "show", id, "--json"],
    ));
    for field in fields {
        assert_eq!(shown[field], "masked", "{field}: {shown}");
    }
}

#[test]
fn sensitive_values_can_come_from_environment_variables_instead_of_the_command_line() {
    let v = init();
    let out = steward_with(
        &v.dir,
        &[
            ("NID", "AB-123"),
            ("DOB", "1970-05-06"),
            ("HEALTH", "asthma"),
        ],
        "",
        &[
            "contact",
            "add",
            "--name",
            "Ida Sensitive",
            "--national-id-env",
            "NID",
            "--date-of-birth-env",
            "DOB",
            "--special-notes-env",
            "HEALTH",
        ],
    );
    let id = ok(&out).trim().to_owned();
    assert_masked(&v, &id, &["national_id", "date_of_birth", "special_notes"]);
    assert_eq!(reveal(&v, &id, "national-id"), "AB-123");
    assert_eq!(reveal(&v, &id, "date-of-birth"), "1970-05-06");
    assert_eq!(reveal(&v, &id, "special-notes"), "asthma");

    fails(
        &steward_with(
            &v.dir,
            &[],
            "",
            &[
                "contact",
                "edit",
                &id,
                "--national-id-env",
                "NOT_SET_ANYWHERE",
            ],
        ),
        2,
        "NOT_SET_ANYWHERE is not set",
    );
    assert_eq!(reveal(&v, &id, "national-id"), "AB-123", "nothing changed");
}

#[test]
fn a_sensitive_value_can_be_read_from_standard_input() {
    let v = init();
    let out = steward_with(
        &v.dir,
        &[],
        "AB-123\n",
        &[
            "contact",
            "add",
            "--name",
            "Ida Sensitive",
            "--national-id",
            "-",
        ],
    );
    let id = ok(&out).trim().to_owned();
    assert_masked(&v, &id, &["national_id"]);
    assert_eq!(reveal(&v, &id, "national-id"), "AB-123");

    ok(&steward_with(
        &v.dir,
        &[],
        "first line\nsecond line\n",
        &["contact", "edit", &id, "--special-notes", "-"],
    ));
    assert_eq!(reveal(&v, &id, "special-notes"), "first line\nsecond line");

    fails(
        &steward_with(
            &v.dir,
            &[],
            "AB-123\n",
            &[
                "contact",
                "edit",
                &id,
                "--national-id",
                "-",
                "--date-of-birth",
                "-",
            ],
        ),
        2,
        "only one",
    );
    fails(
        &steward_with(
            &v.dir,
            &[],
            "",
            &["contact", "edit", &id, "--national-id", "-"],
        ),
        2,
        "standard input was empty",
    );
    assert_eq!(reveal(&v, &id, "national-id"), "AB-123", "nothing changed");
}

#[test]
fn standard_input_longer_than_64_kib_is_refused_for_a_sensitive_value() {
    let v = init();
    let out = steward_with(
        &v.dir,
        &[],
        "AB-123\n",
        &["contact", "add", "--name", "Ida Long", "--national-id", "-"],
    );
    let id = ok(&out).trim().to_owned();
    let long = "x".repeat(64 * 1024 + 1);
    fails(
        &steward_with(
            &v.dir,
            &[],
            &long,
            &["contact", "edit", &id, "--special-notes", "-"],
        ),
        2,
        "standard input is longer than 64 KiB, more than any sensitive value can be",
    );
    assert_eq!(reveal(&v, &id, "national-id"), "AB-123", "nothing changed");
    // Just under the cap is read whole and judged by core's own limit.
    fails(
        &steward_with(
            &v.dir,
            &[],
            &"x".repeat(64 * 1024),
            &["contact", "edit", &id, "--special-notes", "-"],
        ),
        1,
        "is 65536 characters long; the limit is 10000",
    );
}

#[test]
fn the_help_of_the_plain_sensitive_flags_says_other_accounts_can_read_them() {
    let v = init();
    let help = ok(&steward(&v.dir, None, &["contact", "add", "--help"]));
    for flag in [
        "--national-id <ID>",
        "--date-of-birth <YYYY-MM-DD>",
        "--special-notes <TEXT>",
    ] {
        let at = help
            .find(flag)
            .unwrap_or_else(|| panic!("{flag} in {help}"));
        let next = help[at + flag.len()..]
            .find("\n  -")
            .map_or(help.len(), |end| at + flag.len() + end);
        assert!(
            help[at..next].contains("other local accounts"),
            "{flag}: {}",
            &help[at..next]
        );
    }
}

#[test]
fn an_add_that_committed_exits_0_even_when_the_vault_stays_busy_while_it_locks() {
    let v = init();
    let key = steward_core::RecoveryKey::parse(&v.recovery_key).unwrap();
    // stdout is a pipe that is already full, so the command stops right
    // after its commit, when it prints the new id.
    let (mut reader, mut writer) = std::io::pipe().unwrap();
    let filler = vec![b'.'; 65536];
    writer.write_all(&filler).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_steward"))
        .arg("--vault")
        .arg(&v.dir)
        .args(["contact", "add", "--name", "Busy Lock"])
        .env_remove("STEWARD_USER")
        .env_remove("STEWARD_RECOVERY_KEY")
        .env("STEWARD_PASSWORD", PASSWORD)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // A second process holds the write lock from the moment the contact is
    // committed until after the command has finished.
    let conn = steward_core::test_support::raw_connection(&v.dir, &key).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM contacts WHERE name = 'Busy Lock'",
                [],
                |r| r.get(0),
            )
            .unwrap_or(0);
        if n == 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the add never committed"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let drain = std::thread::spawn(move || {
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        out
    });
    let output = child.wait_with_output().unwrap();
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);
    let stdout = drain.join().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "the contact was added, so the command succeeded: {stderr}"
    );
    let printed = String::from_utf8_lossy(&stdout[filler.len()..]);
    let id = printed.trim();
    assert!(id.parse::<i64>().is_ok(), "the id was printed: {printed:?}");
    assert!(
        stderr.contains("busy"),
        "stderr says the lock step was held up: {stderr}"
    );
    // The vault opens as usual afterwards and holds exactly one such contact.
    let list = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "list", "--json"],
    ));
    let names: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"] == "Busy Lock")
        .collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn contact_list_pages_by_cursor_and_refuses_a_forged_one() {
    let v = init();
    for name in ["Cezar", "Ana", "Bogdan"] {
        ok(&steward(
            &v.dir,
            Some(PASSWORD),
            &["contact", "add", "--name", name],
        ));
    }
    let names = |page: &serde_json::Value| -> Vec<String> {
        page["contacts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let first = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "list", "--limit", "2", "--json"],
    ));
    assert_eq!(names(&first), ["Ana", "Bogdan"]);
    let next = first["next"]
        .as_str()
        .expect("a cursor for the rest")
        .to_owned();
    let second = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "contact", "list", "--after", &next, "--limit", "2", "--json",
        ],
    ));
    assert_eq!(names(&second), ["Cezar"]);
    assert_eq!(second["next"], serde_json::Value::Null);
    // The human form prints the page and says on stderr how to go on.
    let out = steward(&v.dir, Some(PASSWORD), &["contact", "list", "--limit", "1"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Ana"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--after "));
    // A cursor of another order, or none at all, is refused, saying why.
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["contact", "list", "--after", &next, "--sort", "newest"],
        ),
        1,
        "page cursor is not valid",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["contact", "list", "--after", "x!"],
        ),
        1,
        "page cursor is not valid",
    );
}

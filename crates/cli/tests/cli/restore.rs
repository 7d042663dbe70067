//! `steward backup restore` beside other programs that have the vault open,
//! and restores that fail part-way.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use crate::{PASSWORD, Vault, add, fails, init, json, ok, steward};

/// A second `steward` process that unlocked the vault and keeps it open,
/// as the app does, until told to write or to finish.
struct Holder {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Holder {
    fn start(dir: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_steward"))
            .arg("--vault")
            .arg(dir)
            .arg("test-hold")
            .env_remove("STEWARD_RECOVERY_KEY")
            .env_remove("STEWARD_USER")
            .env("STEWARD_PASSWORD", PASSWORD)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the holder did not unlock");
        Self {
            child,
            stdin,
            stdout,
        }
    }

    /// Adds a contact through the open session and waits until it is written.
    fn add(&mut self, name: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{name}").unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "added", "the holder could not write");
    }

    /// Ends the session (the holder locks the vault) and checks it exited 0.
    fn finish(mut self) {
        drop(self.stdin.take());
        let out = self.child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "the holder failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn names(v: &Vault) -> Vec<String> {
    let list = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "list", "--json"],
    ));
    let mut out: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

fn make_backup(v: &Vault) -> String {
    let dir = v.dir.parent().unwrap().join("backups");
    let made = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["backup", "create", "--dir", dir.to_str().unwrap(), "--json"],
    ));
    made["file"].as_str().unwrap().to_owned()
}

fn audit_actions(v: &Vault) -> Vec<String> {
    json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["audit", "list", "--json", "--limit", "1000"],
    ))
    .as_array()
    .unwrap()
    .iter()
    .map(|e| e["action"].as_str().unwrap().to_owned())
    .collect()
}

#[test]
fn a_restore_over_a_vault_another_program_has_open_is_refused_and_changes_nothing() {
    let v = init();
    add(&v, &["--name", "Before"]);
    let file = make_backup(&v);
    add(&v, &["--name", "After"]);

    let mut holder = Holder::start(&v.dir);
    let out = steward(
        &v.dir,
        Some(PASSWORD),
        &["backup", "restore", &file, "--replace"],
    );
    fails(&out, 1, "open in another program");
    // The other program goes on writing, then locks.
    holder.add("Written While Open");
    holder.finish();

    assert_eq!(names(&v), ["After", "Before", "Written While Open"]);
    ok(&steward(&v.dir, Some(PASSWORD), &["audit", "verify"]));
    assert!(
        !audit_actions(&v).iter().any(|a| a == "backup.restore"),
        "no restore happened"
    );
    // With the other program gone, the same restore goes through.
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["backup", "restore", &file, "--replace"],
    ));
    assert_eq!(names(&v), ["Before"]);
    ok(&steward(&v.dir, Some(PASSWORD), &["audit", "verify"]));
}

#[test]
fn an_empty_vault_database_exits_5_and_changes_nothing() {
    let v = init();
    std::fs::File::create(v.dir.join("vault.db")).unwrap();
    let listing = |dir: &Path| {
        let mut names: Vec<(String, u64)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().len(),
                )
            })
            .collect();
        names.sort();
        names
    };
    let before = listing(&v.dir);
    let keyslots = std::fs::read(v.dir.join("keyslots")).unwrap();
    fails(
        &steward(&v.dir, Some(PASSWORD), &["contact", "list"]),
        5,
        "vault.db is empty",
    );
    assert_eq!(listing(&v.dir), before, "no file written, no folder made");
    assert_eq!(std::fs::read(v.dir.join("keyslots")).unwrap(), keyslots);
}

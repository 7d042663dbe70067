//! `steward backup …`: create, list, verify, restore, prune with a fixed
//! clock, settings, and processes killed mid-way.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{PASSWORD, Vault, add, fails, init, json, ok, steward, steward_as};

fn run_json(v: &Vault, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    json(&steward(&v.dir, Some(PASSWORD), &all))
}

fn at(v: &Vault, now: &str, args: &[&str]) -> std::process::Output {
    steward_as(&v.dir, "ada", PASSWORD, &[("STEWARD_NOW", now)], args)
}

fn backup_dir(v: &Vault) -> PathBuf {
    v.dir.parent().unwrap().join("backups")
}

fn names(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn backups_are_created_listed_verified_and_a_damaged_one_exits_5() {
    let v = init();
    add(
        &v,
        &["--name", "Ada Lovelace", "--email", "ada@example.org"],
    );
    let dir = backup_dir(&v);
    let dir_text = dir.to_str().unwrap();
    let made = run_json(&v, &["backup", "create", "--dir", dir_text]);
    assert_eq!(made["counts"]["contacts"], 1);
    assert_eq!(made["kind"], "manual");
    let file = made["file"].as_str().unwrap().to_owned();
    let listed = run_json(&v, &["backup", "list", "--dir", dir_text]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(listed[0]["verified_at"].is_string());
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["backup", "verify", &file],
    ));

    let bytes = std::fs::read(&file).unwrap();
    let damaged = dir.join("damaged.stwbak");
    let mut flipped = bytes.clone();
    let middle = flipped.len() - 2000;
    flipped[middle] ^= 1;
    crate::interchange::write_bytes(&damaged, &flipped);
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["backup", "verify", damaged.to_str().unwrap()],
        ),
        5,
        "damaged or was altered",
    );
    crate::interchange::write_bytes(&damaged, &bytes[..bytes.len() / 2]);
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["backup", "verify", damaged.to_str().unwrap()],
        ),
        5,
        "damaged or was altered",
    );
    crate::interchange::write_bytes(&damaged, b"not a backup at all");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["backup", "verify", damaged.to_str().unwrap()],
        ),
        5,
        "not a Steward backup",
    );
}

#[test]
fn a_backup_restores_into_a_new_folder_with_a_password_or_the_recovery_key() {
    let v = init();
    add(&v, &["--name", "Grace Hopper"]);
    let dir = backup_dir(&v);
    let made = run_json(&v, &["backup", "create", "--dir", dir.to_str().unwrap()]);
    let file = made["file"].as_str().unwrap().to_owned();
    let to = v.dir.parent().unwrap().join("restored");
    // No --vault needed: the backup and the password are enough.
    let out = Command::new(env!("CARGO_BIN_EXE_steward"))
        .args([
            "backup",
            "restore",
            &file,
            "--to",
            to.to_str().unwrap(),
            "--json",
        ])
        .env_remove("STEWARD_VAULT")
        .env_remove("STEWARD_USER")
        .env_remove("STEWARD_RECOVERY_KEY")
        .env("STEWARD_PASSWORD", PASSWORD)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let report = json(&out);
    assert_eq!(report["counts"]["contacts"], 1);
    let people = json(&steward(
        &to,
        Some(PASSWORD),
        &["contact", "list", "--json"],
    ));
    assert_eq!(people[0]["name"], "Grace Hopper");

    let to2 = v.dir.parent().unwrap().join("restored-with-key");
    ok(&steward_as(
        &v.dir,
        "ada",
        "wrong password is not used",
        &[("STEWARD_RECOVERY_KEY", v.recovery_key.as_str())],
        &["backup", "restore", &file, "--to", to2.to_str().unwrap()],
    ));
    fails(
        &steward_as(
            &v.dir,
            "ada",
            "not the password",
            &[],
            &[
                "backup",
                "restore",
                &file,
                "--to",
                v.dir.parent().unwrap().join("x").to_str().unwrap(),
            ],
        ),
        3,
        "",
    );
    // Not into a folder that holds something.
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["backup", "restore", &file, "--to", to.to_str().unwrap()],
        ),
        1,
        "choose an empty folder",
    );
}

#[test]
fn restore_replace_puts_the_old_state_back_after_backing_up_the_current_one() {
    let v = init();
    add(&v, &["--name", "Before"]);
    let dir = backup_dir(&v);
    run_json(&v, &["backup", "settings", "--dir", dir.to_str().unwrap()]);
    let made = run_json(&v, &["backup", "create"]);
    let file = made["file"].as_str().unwrap().to_owned();
    add(&v, &["--name", "After"]);
    let report = run_json(&v, &["backup", "restore", &file, "--replace"]);
    assert!(report["pre_restore_backup"].is_string());
    let people = run_json(&v, &["contact", "list"]);
    assert_eq!(names(&people), ["Before"]);
    ok(&steward(&v.dir, Some(PASSWORD), &["audit", "verify"]));
}

#[test]
fn prune_follows_the_retention_policy_by_the_backups_own_times() {
    let v = init();
    let dir = backup_dir(&v);
    let dir_text = dir.to_str().unwrap();
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "backup",
            "settings",
            "--dir",
            dir_text,
            "--keep-last",
            "2",
            "--keep-hourly",
            "0",
            "--keep-daily",
            "3",
            "--keep-weekly",
            "0",
            "--keep-monthly",
            "0",
        ],
    ));
    // Two backups a day for five days; creating one applies the policy, so
    // check the end state: the last 2, plus the newest of each of 3 days.
    for day in 1..=5 {
        for hour in [9, 17] {
            let now = format!("2026-03-0{day}T{hour:02}:00:00Z");
            add(&v, &["--name", &format!("Person {day} {hour}")]);
            ok(&at(&v, &now, &["backup", "create"]));
        }
    }
    let listed = json(&at(
        &v,
        "2026-03-05T18:00:00Z",
        &["backup", "list", "--json"],
    ));
    let times: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["created_at"].as_str().unwrap())
        .collect();
    assert_eq!(
        times,
        [
            "2026-03-05T17:00:00Z",
            "2026-03-05T09:00:00Z",
            "2026-03-04T17:00:00Z",
            "2026-03-03T17:00:00Z",
        ]
    );
    // A tighter policy: a dry run reports, then prune removes.
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["backup", "settings", "--keep-daily", "1"],
    ));
    let plan = json(&at(
        &v,
        "2026-03-05T18:00:00Z",
        &["backup", "prune", "--dry-run", "--json"],
    ));
    assert_eq!(plan["removed"], 2);
    assert_eq!(
        json(&at(
            &v,
            "2026-03-05T18:00:00Z",
            &["backup", "list", "--json"]
        ))
        .as_array()
        .unwrap()
        .len(),
        4,
        "a dry run removes nothing"
    );
    let done = json(&at(
        &v,
        "2026-03-05T18:00:00Z",
        &["backup", "prune", "--json"],
    ));
    assert_eq!(done["removed"], 2);
    assert_eq!(
        json(&at(
            &v,
            "2026-03-05T18:00:00Z",
            &["backup", "list", "--json"]
        ))
        .as_array()
        .unwrap()
        .len(),
        2
    );
}

#[test]
fn settings_are_shown_changed_and_checked() {
    let v = init();
    let s = run_json(&v, &["backup", "settings"]);
    assert_eq!(s["interval_minutes"], 60);
    assert_eq!(s["keep_last"], 5);
    assert_eq!(s["keep_monthly"], 12);
    let s = run_json(
        &v,
        &[
            "backup",
            "settings",
            "--interval",
            "2h",
            "--keep-weekly",
            "8",
        ],
    );
    assert_eq!(s["interval_minutes"], 120);
    assert_eq!(s["keep_weekly"], 8);
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["backup", "settings", "--dir", "relative/folder"],
        ),
        1,
        "absolute",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["backup", "settings", "--interval", "often"],
        ),
        2,
        "--interval",
    );
}

/// Many contacts, so that a backup takes long enough to be interrupted.
fn big_vault() -> Vault {
    let v = init();
    let mut csv = String::from("Name,Email,Notes\n");
    for i in 0..20_000 {
        csv.push_str(&format!(
            "Person {i},person{i}@example.org,note number {i} about renewals and quotes\n"
        ));
    }
    let file = crate::interchange::write(&v, "big.csv", &csv);
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["import", "csv", file.to_str().unwrap()],
    ));
    v
}

/// Starts `args` and kills it after `delay`.
fn kill_after(v: &Vault, args: &[&str], delay: std::time::Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_steward"))
        .arg("--vault")
        .arg(&v.dir)
        .args(args)
        .env("STEWARD_PASSWORD", PASSWORD)
        .env_remove("STEWARD_USER")
        .env_remove("STEWARD_RECOVERY_KEY")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

/// The files named as backups: ending in `.stwbak`, not hidden (a backup in
/// progress, or killed, is a hidden `.partial-` file).
fn backups_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|e| {
            e.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "stwbak"))
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_backup_killed_at_any_moment_leaves_no_false_backup_and_an_intact_vault() {
    let v = big_vault();
    let dir = backup_dir(&v);
    let dir_text = dir.to_str().unwrap().to_owned();
    for delay_ms in [150, 400, 700, 1000, 1500] {
        kill_after(
            &v,
            &["backup", "create", "--dir", &dir_text],
            std::time::Duration::from_millis(delay_ms),
        );
        // Whatever the moment, every file named as a backup is a whole one.
        for file in backups_in(&dir) {
            ok(&steward(
                &v.dir,
                Some(PASSWORD),
                &["backup", "verify", file.to_str().unwrap()],
            ));
        }
        ok(&steward(&v.dir, Some(PASSWORD), &["unlock-check"]));
    }
    // A later backup clears what killed ones left behind.
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["backup", "create", "--dir", &dir_text],
    ));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.file_name())
        .filter(|n| n != ".steward-backup.lock")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_restore_killed_at_any_moment_leaves_a_vault_that_opens() {
    let v = big_vault();
    let dir = backup_dir(&v);
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["backup", "settings", "--dir", dir.to_str().unwrap()],
    ));
    let made = run_json(&v, &["backup", "create"]);
    let file = made["file"].as_str().unwrap().to_owned();
    for delay_ms in [200, 600, 1200, 2000, 3000] {
        add(&v, &["--name", &format!("Added {delay_ms}")]);
        kill_after(
            &v,
            &["backup", "restore", &file, "--replace"],
            std::time::Duration::from_millis(delay_ms),
        );
        ok(&steward(&v.dir, Some(PASSWORD), &["unlock-check"]));
        ok(&steward(&v.dir, Some(PASSWORD), &["audit", "verify"]));
    }
}

/// The backups `steward backup list` shows for the vault in `dir`, by name.
fn listed(dir: &Path, now: &str) -> Vec<String> {
    let mut names = names(&json(&steward_as(
        dir,
        "ada",
        PASSWORD,
        &[("STEWARD_NOW", now)],
        &["backup", "list", "--json"],
    )));
    names.sort();
    names
}

#[test]
fn a_copy_restored_into_a_new_folder_never_deletes_the_originals_backups() {
    let v = init();
    add(&v, &["--name", "Ada Lovelace"]);
    let dir = backup_dir(&v);
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "backup",
            "settings",
            "--dir",
            dir.to_str().unwrap(),
            "--keep-last",
            "3",
            "--keep-hourly",
            "0",
            "--keep-daily",
            "0",
            "--keep-weekly",
            "0",
            "--keep-monthly",
            "0",
        ],
    ));
    let mut originals = Vec::new();
    for day in 1..=3 {
        let made = json(&at(
            &v,
            &format!("2026-03-0{day}T09:00:00Z"),
            &["backup", "create", "--json"],
        ));
        originals.push(made["name"].as_str().unwrap().to_owned());
    }
    originals.sort();
    assert_eq!(listed(&v.dir, "2026-03-03T10:00:00Z"), originals);

    // "Restore to look at old data": no role needed, a new folder.
    let copy = v.dir.parent().unwrap().join("copy");
    let oldest = dir.join(&originals[0]);
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "backup",
            "restore",
            oldest.to_str().unwrap(),
            "--to",
            copy.to_str().unwrap(),
        ],
    ));
    let mut mine = Vec::new();
    for day in 4..=6 {
        let made = json(&steward_as(
            &copy,
            "ada",
            PASSWORD,
            &[("STEWARD_NOW", &format!("2026-03-0{day}T09:00:00Z"))],
            &["backup", "create", "--json"],
        ));
        mine.push(made["name"].as_str().unwrap().to_owned());
    }
    mine.sort();
    for name in &originals {
        assert!(
            dir.join(name).exists(),
            "the copy's rotation deleted the original's {name}"
        );
    }
    assert_eq!(
        listed(&v.dir, "2026-03-06T10:00:00Z"),
        originals,
        "the original lists its own backups"
    );
    assert_eq!(listed(&copy, "2026-03-06T10:00:00Z"), mine);
    // The original's newest backup is still the one it verified.
    let list = json(&at(
        &v,
        "2026-03-06T10:00:00Z",
        &["backup", "list", "--json"],
    ));
    assert!(list[0]["verified_at"].is_string(), "{list}");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "backup",
            "verify",
            dir.join(&originals[2]).to_str().unwrap(),
        ],
    ));
}

#[test]
fn concurrent_backups_into_one_folder_each_keep_a_file_of_their_own() {
    let v = init();
    add(&v, &["--name", "Ada Lovelace"]);
    let dir = backup_dir(&v);
    let dir_text = dir.to_str().unwrap().to_owned();
    // One second for all of them: every run wants the same name.
    let runs: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_steward"))
                .arg("--vault")
                .arg(&v.dir)
                .args(["backup", "create", "--dir", &dir_text, "--json"])
                .env_remove("STEWARD_RECOVERY_KEY")
                .env_remove("STEWARD_VAULT")
                .env("STEWARD_USER", "ada")
                .env("STEWARD_PASSWORD", PASSWORD)
                .env("STEWARD_NOW", "2026-03-01T09:00:00Z")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut reported: Vec<String> = runs
        .into_iter()
        .map(|run| {
            let made = json(&run.wait_with_output().unwrap());
            made["file"].as_str().unwrap().to_owned()
        })
        .collect();
    reported.sort();
    reported.dedup();
    assert_eq!(
        reported.len(),
        4,
        "two runs reported one file: {reported:?}"
    );
    for file in &reported {
        ok(&steward(
            &v.dir,
            Some(PASSWORD),
            &["backup", "verify", file],
        ));
    }
    let mut on_disk: Vec<String> = backups_in(&dir)
        .into_iter()
        .map(|p| p.display().to_string())
        .collect();
    on_disk.sort();
    assert_eq!(on_disk, reported);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".partial-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

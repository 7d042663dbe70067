//! `steward attachment …`: files on records, and what a kill or a full disk
//! in the middle of adding one leaves.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::disk::Mount;
use crate::{PASSWORD, add, fails, init, json, ok, steward};

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    #[allow(clippy::disallowed_methods, reason = "a test input file")]
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn add_list_get_rename_delete_and_restore_a_file() {
    let v = init();
    let grace = add(&v, &["--name", "Grace Hopper"]);
    let grace_text = grace.to_string();
    let files = v._temp.path();
    let a = write_file(files, "quote.pdf", b"%PDF-1.7 quote");
    let b = write_file(files, "notes.txt", b"some notes");
    let added = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "--json",
            "attachment",
            "add",
            "--contact",
            &grace_text,
            a.to_str().unwrap(),
            b.to_str().unwrap(),
        ],
    ));
    let ids: Vec<i64> = added["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    let listed = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["--json", "attachment", "list", "--contact", &grace_text],
    ));
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["notes.txt", "quote.pdf"]);
    assert_eq!(listed[1]["size"], 14);
    assert_eq!(listed[1]["on"], "contact");

    let out = files.join("copy.pdf");
    let id = ids[0].to_string();
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["attachment", "get", &id, "--out", out.to_str().unwrap()],
    ));
    assert_eq!(std::fs::read(&out).unwrap(), b"%PDF-1.7 quote");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Never over an existing file.
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["attachment", "get", &id, "--out", out.to_str().unwrap()],
        ),
        1,
        "copy.pdf",
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"%PDF-1.7 quote");

    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["attachment", "rename", &id, "offer.pdf"],
    ));
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["attachment", "delete", &id],
    ));
    let listed = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["--json", "attachment", "list", "--contact", &grace_text],
    ));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let bin = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["--json", "bin", "list", "--kind", "attachment"],
    ));
    assert_eq!(bin[0]["label"], "offer.pdf");
    assert_eq!(bin[0]["on"]["kind"], "contact");
    assert_eq!(bin[0]["on"]["name"], "Grace Hopper");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["bin", "restore", "attachment", &id],
    ));
    let listed = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["--json", "attachment", "list", "--contact", &grace_text],
    ));
    assert_eq!(listed.as_array().unwrap().len(), 2);

    // One record, named once.
    let out = steward(
        &v.dir,
        Some(PASSWORD),
        &["attachment", "list", "--contact", "1", "--deal", "1"],
    );
    assert_eq!(out.status.code(), Some(2));
}

/// Bytes that are not all alike, so nothing compresses them away.
fn pattern(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x.to_le_bytes()[0]
        })
        .collect()
}

#[test]
fn a_kill_while_adding_a_200_mb_file_leaves_the_file_whole_or_absent_and_the_vault_sound() {
    let v = init();
    let grace = add(&v, &["--name", "Grace Hopper"]).to_string();
    let bytes = pattern(200 * 1024 * 1024);
    let big = write_file(v._temp.path(), "big.bin", &bytes);
    let mut seen_absent = false;
    for delay_ms in [300, 1200, 2500] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_steward"))
            .arg("--vault")
            .arg(&v.dir)
            .args(["attachment", "add", "--contact", &grace])
            .arg(&big)
            .env("STEWARD_PASSWORD", PASSWORD)
            .env_remove("STEWARD_USER")
            .env_remove("STEWARD_RECOVERY_KEY")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        // SIGKILL: no destructor, no rollback but SQLite's own.
        let _ = child.kill();
        let _ = child.wait();

        ok(&steward(&v.dir, Some(PASSWORD), &["audit", "verify"]));
        let listed = json(&steward(
            &v.dir,
            Some(PASSWORD),
            &["--json", "attachment", "list", "--contact", &grace],
        ));
        for file in listed.as_array().unwrap() {
            assert_eq!(file["size"], bytes.len(), "delay {delay_ms} ms: whole");
            let id = file["id"].as_i64().unwrap().to_string();
            let out = v._temp.path().join(format!("back-{delay_ms}-{id}.bin"));
            ok(&steward(
                &v.dir,
                Some(PASSWORD),
                &["attachment", "get", &id, "--out", out.to_str().unwrap()],
            ));
            assert!(std::fs::read(&out).unwrap() == bytes, "the same bytes");
            std::fs::remove_file(&out).unwrap();
            ok(&steward(
                &v.dir,
                Some(PASSWORD),
                &["attachment", "delete", &id],
            ));
        }
        seen_absent |= listed.as_array().unwrap().is_empty();
    }
    assert!(
        seen_absent,
        "at least one kill came in the middle of the add"
    );
    // Unkilled, it goes in whole.
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "attachment",
            "add",
            "--contact",
            &grace,
            big.to_str().unwrap(),
        ],
    ));
    ok(&steward(&v.dir, Some(PASSWORD), &["audit", "verify"]));
}

#[test]
fn a_full_disk_while_adding_a_file_leaves_no_half_file_and_a_vault_that_opens() {
    let temp = tempfile::tempdir().unwrap();
    let disk = temp.path().join("small-disk");
    std::fs::create_dir(&disk).unwrap();
    let Some(_mount) = Mount::new(&["-t", "tmpfs", "-o", "size=8m", "tmpfs"], &disk) else {
        return;
    };
    let dir = disk.join("vault");
    ok(&steward(&dir, Some(PASSWORD), &["init", "--user", "ada"]));
    let grace = ok(&steward(
        &dir,
        Some(PASSWORD),
        &["contact", "add", "--name", "Grace Hopper"],
    ));
    let grace = grace.trim();
    // The file comes from elsewhere; the vault's disk has 8 MiB in all.
    let big = write_file(temp.path(), "big.bin", &pattern(12 * 1024 * 1024));
    let out = steward(
        &dir,
        Some(PASSWORD),
        &[
            "attachment",
            "add",
            "--contact",
            grace,
            big.to_str().unwrap(),
        ],
    );
    fails(&out, 1, "is full");
    let listed = json(&steward(
        &dir,
        Some(PASSWORD),
        &["--json", "attachment", "list", "--contact", grace],
    ));
    assert_eq!(listed.as_array().unwrap().len(), 0, "no half file");
    ok(&steward(&dir, Some(PASSWORD), &["audit", "verify"]));
    // A file that fits still goes in.
    let small = write_file(temp.path(), "small.bin", b"fits");
    ok(&steward(
        &dir,
        Some(PASSWORD),
        &[
            "attachment",
            "add",
            "--contact",
            grace,
            small.to_str().unwrap(),
        ],
    ));
}

#[test]
fn the_access_package_brings_the_persons_files_beside_it() {
    let v = init();
    let ana = add(&v, &["--name", "Ana Popescu"]).to_string();
    let scan = write_file(v._temp.path(), "id-card.pdf", b"%PDF id card");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "attachment",
            "add",
            "--contact",
            &ana,
            scan.to_str().unwrap(),
        ],
    ));
    let out = v._temp.path().join("ana.json");
    let done = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "--json",
            "dsr",
            "export",
            &ana,
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let files = done["attachments"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    let path = std::path::PathBuf::from(files[0].as_str().unwrap());
    assert_eq!(
        path.parent().unwrap(),
        v._temp.path().join("ana.json.files")
    );
    assert!(path.ends_with("1-id-card.pdf"), "{}", path.display());
    assert_eq!(std::fs::read(&path).unwrap(), b"%PDF id card");
    #[allow(clippy::disallowed_methods, reason = "reading a test output")]
    let package: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(package["attachments"][0]["name"], "id-card.pdf");
}

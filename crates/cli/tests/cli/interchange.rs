//! `steward contact search`, `import …`, `export …`.

use super::*;

const CSV: &str = "First Name,Last Name,E-mail Address,Business Phone,Company,Job Title\n\
Ada,Lovelace,ada@example.com,+44 20 7946 0000,Analytical Engines,Countess\n\
Alan,Turing,alan@example.org,+44 161 496 0000,Bletchley Park,\n";

/// Writes `bytes` to `path` (a test input, damaged on purpose or not).
pub(crate) fn write_bytes(path: &std::path::Path, bytes: &[u8]) {
    #[allow(clippy::disallowed_methods, reason = "a test input file")]
    std::fs::write(path, bytes).unwrap();
}

pub(crate) fn write(v: &Vault, name: &str, text: &str) -> PathBuf {
    let path = v.dir.parent().unwrap().join(name);
    #[allow(clippy::disallowed_methods, reason = "a test input file")]
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_csv_imports_with_suggested_and_overridden_mapping_and_undoes() {
    let v = init();
    let file = write(&v, "outlook.csv", CSV);
    let dry = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "import",
            "csv",
            file.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(dry["created"], 2);
    assert_eq!(dry["import_id"], serde_json::Value::Null);
    let listed = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "list", "--json"],
    ));
    assert_eq!(
        listed.as_array().unwrap().len(),
        0,
        "the dry run wrote nothing"
    );

    let done = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "import",
            "csv",
            file.to_str().unwrap(),
            "--map",
            "Job Title=ignore",
            "--map",
            "4=phone",
            "--json",
        ],
    ));
    assert_eq!(done["created"], 2);
    let hits = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "search", "lovel", "--json"],
    ));
    assert_eq!(hits[0]["title"], "Ada Lovelace");
    let ada = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "show", &hits[0]["id"].to_string(), "--json"],
    ));
    assert_eq!(
        ada["title"],
        serde_json::Value::Null,
        "Job Title was ignored"
    );
    assert_eq!(ada["company"], "Analytical Engines");

    let id = done["import_id"].to_string();
    let undo = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["import", "undo", &id, "--json"],
    ));
    assert_eq!(undo["removed"], 2);
    assert!(
        json(&steward(
            &v.dir,
            Some(PASSWORD),
            &["contact", "search", "lovel", "--json"]
        ))
        .as_array()
        .unwrap()
        .is_empty()
    );
}

#[test]
fn a_malformed_csv_names_the_line_and_imports_nothing() {
    let v = init();
    let file = write(
        &v,
        "bad.csv",
        // A name over the 300-character limit fails its row, and the file.
        &format!("{CSV}{},Hopper,grace@example.com,,Navy,\n", "G".repeat(301)),
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["import", "csv", file.to_str().unwrap()],
        ),
        1,
        "line 4:",
    );
    // A ragged row amid the data (after the last one it would be a footer).
    let file = write(
        &v,
        "ragged.csv",
        "Name,Email\nAda,a@example.com\nBob\nCy,c@example.com\n",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["import", "csv", file.to_str().unwrap()],
        ),
        1,
        "line 3",
    );
    let good = write(&v, "good.csv", CSV);
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "import",
                "csv",
                good.to_str().unwrap(),
                "--map",
                "Nope=email",
            ],
        ),
        2,
        "no column",
    );
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "import",
                "csv",
                good.to_str().unwrap(),
                "--map",
                "1=shoe-size",
            ],
        ),
        1,
        "unknown field",
    );
    assert_eq!(
        json(&steward(
            &v.dir,
            Some(PASSWORD),
            &["contact", "list", "--json"]
        ))
        .as_array()
        .unwrap()
        .len(),
        0
    );
}

#[test]
fn contacts_export_to_csv_and_vcard_and_import_back() {
    let v = init();
    add(
        &v,
        &[
            "--name",
            "Grace Hopper",
            "--email",
            "grace@example.com",
            "--tag",
            "navy",
            "--city",
            "Arlington",
        ],
    );
    add(
        &v,
        &["--name", "Alan Turing", "--phone", "+44 161 496 0000"],
    );
    let csv = v.dir.parent().unwrap().join("out.csv");
    let vcf = v.dir.parent().unwrap().join("out.vcf");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["export", "csv", "--out", csv.to_str().unwrap()],
    ));
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["export", "vcard", "--out", vcf.to_str().unwrap()],
    ));
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["export", "csv", "--out", csv.to_str().unwrap()],
        ),
        1,
        "could not create",
    );
    let text = std::fs::read_to_string(&vcf).unwrap();
    assert_eq!(text.matches("BEGIN:VCARD").count(), 2);

    let other = init();
    let r = json(&steward(
        &other.dir,
        Some(PASSWORD),
        &["import", "vcard", vcf.to_str().unwrap(), "--json"],
    ));
    assert_eq!(r["created"], 2);
    let again = json(&steward(
        &other.dir,
        Some(PASSWORD),
        &["import", "csv", csv.to_str().unwrap(), "--json"],
    ));
    assert_eq!(
        (again["created"].as_u64(), again["skipped"].as_u64()),
        (Some(0), Some(2)),
        "duplicates are skipped: {again}"
    );
    let grace = json(&steward(
        &other.dir,
        Some(PASSWORD),
        &["contact", "search", "grace@example.com", "--json"],
    ));
    let shown = json(&steward(
        &other.dir,
        Some(PASSWORD),
        &["contact", "show", &grace[0]["id"].to_string(), "--json"],
    ));
    assert_eq!(shown["tags"], serde_json::json!(["navy"]));
    assert_eq!(shown["city"], "Arlington");
}

#[test]
fn an_agent_cannot_export() {
    let v = init();
    add_user(&v, "agnes", "agent");
    let out = v.dir.parent().unwrap().join("agent.csv");
    fails(
        &steward_as(
            &v.dir,
            "agnes",
            OWN,
            &[],
            &["export", "csv", "--out", out.to_str().unwrap()],
        ),
        4,
        "contacts.export",
    );
    assert!(!out.exists(), "no empty file is left behind");
}

#[test]
fn a_deleted_contact_waits_in_the_recycle_bin_and_can_be_restored() {
    let v = init();
    let id = add(&v, &["--name", "Recyclable Person"]);
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
    let bin = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "deleted", "--json"],
    ));
    assert_eq!(bin[0]["name"], "Recyclable Person");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "restore", &id.to_string()],
    ));
    let shown = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "show", &id.to_string(), "--json"],
    ));
    assert_eq!(shown["name"], "Recyclable Person");
}

#[test]
fn two_imports_of_one_file_at_once_create_each_contact_once() {
    let v = init();
    let mut text = String::from("Name,Email\n");
    for i in 0..3000 {
        text.push_str(&format!("Person {i},p{i}@example.com\n"));
    }
    let file = write(&v, "people.csv", &text);
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_steward"))
            .arg("--vault")
            .arg(&v.dir)
            .args([
                "import",
                "csv",
                file.to_str().unwrap(),
                "--on-duplicate",
                "skip",
                "--json",
            ])
            .env_remove("STEWARD_USER")
            .env_remove("STEWARD_RECOVERY_KEY")
            .env_remove("STEWARD_VAULT")
            .env("STEWARD_PASSWORD", PASSWORD)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    let outputs: Vec<Output> = [first, second]
        .into_iter()
        .map(|child| child.wait_with_output().unwrap())
        .collect();
    // On a slow machine the second may give up waiting for the first (the
    // busy timeout); then it must have written nothing.
    let reports: Vec<serde_json::Value> = outputs
        .iter()
        .filter(|o| {
            o.status.success() || {
                fails(o, 1, "busy");
                false
            }
        })
        .map(json)
        .collect();
    assert!(!reports.is_empty());
    let sum = |key: &str| -> u64 { reports.iter().map(|r| r[key].as_u64().unwrap()).sum() };
    assert_eq!(sum("created"), 3000, "{reports:?}");
    assert_eq!(
        sum("skipped"),
        3000 * (reports.len() as u64 - 1),
        "{reports:?}"
    );
    let listed = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["import", "list", "--json"],
    ));
    assert_eq!(listed.as_array().unwrap().len(), reports.len(), "{listed}");
}

#[test]
fn an_import_file_over_512_mib_is_refused_before_it_is_read() {
    let v = init();
    // A sparse file: one byte over the limit, no space taken on disk.
    let path = v.dir.parent().unwrap().join("huge.csv");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(512 * 1024 * 1024 + 1)
        .unwrap();
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &["import", "csv", path.to_str().unwrap(), "--dry-run"],
        ),
        1,
        "the file is larger than 512 MiB",
    );
    let imports = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["import", "list", "--json"],
    ));
    assert_eq!(imports.as_array().unwrap().len(), 0);
}

#[test]
fn a_windows_1250_csv_imports_saying_its_encoding_and_skipped_lines_and_exports_for_excel() {
    let v = init();
    let file = v.dir.parent().unwrap().join("excel-ro.csv");
    // "Prenume;Nume;Oraş" and a row, in Windows-1250 (ş is 0xBA), then
    // rows of separators only, as Excel leaves them.
    write_bytes(
        &file,
        b"Prenume;Nume;Ora\xba\r\nIoana;Popescu;Bra\xbaov\r\n;;\r\n;;\r\n",
    );
    let out = steward(
        &v.dir,
        Some(PASSWORD),
        &["import", "csv", file.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    ok(&out);
    assert!(stderr.contains("read as windows-1250 (guessed"), "{stderr}");
    assert!(stderr.contains("separated by ';'"), "{stderr}");
    assert!(
        stderr.contains("skipped 2 lines: 3 (footer), 4 (footer)"),
        "{stderr}"
    );
    let hits = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "search", "popescu", "--json"],
    ));
    let ioana = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "show", &hits[0]["id"].to_string(), "--json"],
    ));
    assert_eq!(ioana["name"], "Ioana Popescu");
    assert_eq!(ioana["city"], "Braşov");

    // The user may insist on another encoding; --json says how it was read.
    let dry = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "import",
            "csv",
            file.to_str().unwrap(),
            "--encoding",
            "windows-1252",
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(dry["file"]["encoding"], "windows-1252");
    assert_eq!(dry["file"]["encoding_guessed"], false);
    assert_eq!(dry["file"]["delimiter"], ";");
    assert_eq!(dry["file"]["skipped_lines"][1]["line"], 4);
    assert_eq!(dry["file"]["skipped_lines"][1]["reason"], "footer");

    let excel = v.dir.parent().unwrap().join("for-excel.csv");
    ok(&steward(
        &v.dir,
        Some(PASSWORD),
        &["export", "excel-csv", "--out", excel.to_str().unwrap()],
    ));
    let bytes = std::fs::read(&excel).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFName;Email;"), "{bytes:?}");
    assert!(String::from_utf8_lossy(&bytes).contains("\r\nIoana Popescu;"));
}

#[test]
fn an_import_reports_companies_objections_and_notes_as_activities_and_undo_removes_them() {
    let v = init();
    let file = write(
        &v,
        "zoho.csv",
        "First Name,Last Name,Email,Account Name,Email Opt Out,Description\n\
Irina,Moldovan,irina@example.ro,Agro SRL,true,Wants a quote.\n\
Paul,Marin,paul@example.ro,agro  srl,false,\n",
    );
    let done = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "import",
            "csv",
            file.to_str().unwrap(),
            "--notes-as-activities",
            "--json",
        ],
    ));
    assert_eq!(done["created"], 2);
    assert_eq!(done["companies_created"], 1);
    assert_eq!(done["companies_linked"], 2);
    assert_eq!(done["objections"], 1);
    assert_eq!(done["activities_created"], 1);
    let id = done["import_id"].to_string();
    let undo = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["import", "undo", &id, "--json"],
    ));
    assert_eq!(undo["removed"], 2);
    assert_eq!(undo["companies_removed"], 1);
    assert_eq!(undo["activities_removed"], 1);
}

#[test]
fn skip_rejected_imports_the_good_rows_and_writes_the_rejected_ones() {
    let v = init();
    let long = "N".repeat(301);
    let file = write(
        &v,
        "rows.csv",
        &format!(
            "Name,Email\nAda Lovelace,ada@example.com\n{long},x@example.com\nAlan Turing,not-an-address\n"
        ),
    );
    let path = file.to_str().unwrap();
    // Without the option the file is refused whole, naming the line; with
    // --json the error carries the row's place, its code and values.
    fails(
        &steward(&v.dir, Some(PASSWORD), &["import", "csv", path]),
        1,
        "line 3: the name is 301 characters long",
    );
    let refused = steward(&v.dir, Some(PASSWORD), &["import", "csv", path, "--json"]);
    assert_eq!(refused.status.code(), Some(1));
    let error: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&refused.stderr).trim()).unwrap();
    assert_eq!(error["code"], "invalid_input");
    assert_eq!(error["reason"], "row-rejected");
    assert_eq!(
        error["params"],
        serde_json::json!({ "place": "line 3", "problem": "name-too-long", "length": "301", "limit": "300" })
    );
    let rejected = v.dir.parent().unwrap().join("rejected.csv");
    let done = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "import",
            "csv",
            path,
            "--skip-rejected",
            "--rejected-out",
            rejected.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(done["created"], 2);
    assert_eq!(done["rejected"], 1);
    assert_eq!(done["warned"], 1);
    assert_eq!(done["problems"][0]["place"], "line 3");
    assert_eq!(done["problems"][0]["rejected"]["code"], "name-too-long");
    assert_eq!(
        done["problems"][0]["rejected"]["params"],
        serde_json::json!({ "length": "301", "limit": "300" })
    );
    assert_eq!(
        done["problems"][1]["warnings"][0]["params"],
        serde_json::json!({})
    );
    assert_eq!(done["problems"][1]["fate"], "created");
    assert_eq!(done["problems"][1]["warnings"][0]["code"], "email-invalid");
    #[allow(clippy::disallowed_methods, reason = "reading a test output")]
    let text = std::fs::read_to_string(&rejected).unwrap();
    assert_eq!(
        text,
        format!(
            "\u{feff}Name,Email,Reason\n{long},x@example.com,the name is 301 characters long; the limit is 300\n"
        )
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&rejected).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "private: {mode:o}");
    }
}

#[test]
fn a_romanian_vaults_rejected_rows_have_romanian_reasons() {
    let v = init();
    ok(&steward(&v.dir, Some(PASSWORD), &["language", "set", "ro"]));
    let file = write(&v, "rows.csv", "Name,Tags\n,vip\nAda,client\n");
    let rejected = v.dir.parent().unwrap().join("respinse.csv");
    let out = steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "import",
            "csv",
            file.to_str().unwrap(),
            "--skip-rejected",
            "--rejected-out",
            rejected.to_str().unwrap(),
        ],
    );
    // The CLI itself stays English; the file is a document in the vault's language.
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("line 2: rejected (no-name): a contact needs a name"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    #[allow(clippy::disallowed_methods, reason = "reading a test output")]
    let text = std::fs::read_to_string(&rejected).unwrap();
    assert_eq!(
        text,
        "\u{feff}Name,Tags,Motiv\n,vip,un contact are nevoie de un nume\n"
    );
}

/// A row of `sqlite_schema`: type, name, where its B-tree starts, SQL.
type SchemaRow = (String, String, i64, Option<String>);

/// Every row of `sqlite_schema`, and whether every index holds every row.
fn schema_and_integrity(v: &Vault) -> (Vec<SchemaRow>, String) {
    let key = steward_core::RecoveryKey::parse(&v.recovery_key).unwrap();
    let conn = steward_core::test_support::raw_connection(&v.dir, &key).unwrap();
    let schema = conn
        .prepare("SELECT type, name, rootpage, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let integrity = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    (schema, integrity)
}

#[test]
fn a_kill_during_an_import_that_builds_the_indexes_at_its_end_leaves_the_vault_as_before() {
    let v = init();
    add(
        &v,
        &["--name", "Grace Hopper", "--email", "grace@example.com"],
    );
    let (before, integrity) = schema_and_integrity(&v);
    assert_eq!(integrity, "ok");
    // Far more people than the vault holds: the import drops the
    // contacts' indexes and builds them again after its rows.
    let mut text = String::from("Name,Email,Phone\n");
    for i in 0..40_000 {
        text.push_str(&format!("Person {i},p{i}@example.com,+44 20 7946 {i:04}\n"));
    }
    let file = write(&v, "people.csv", &text);
    let mut seen_absent = false;
    for delay_ms in [400, 1500, 4000] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_steward"))
            .arg("--vault")
            .arg(&v.dir)
            .args(["import", "csv", file.to_str().unwrap()])
            .env("STEWARD_PASSWORD", PASSWORD)
            .env_remove("STEWARD_USER")
            .env_remove("STEWARD_RECOVERY_KEY")
            .env_remove("STEWARD_VAULT")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        // SIGKILL: no destructor, no rollback but SQLite's own.
        let _ = child.kill();
        let _ = child.wait();
        let listed = json(&steward(
            &v.dir,
            Some(PASSWORD),
            &["import", "list", "--json"],
        ));
        let (schema, integrity) = schema_and_integrity(&v);
        assert_eq!(integrity, "ok", "delay {delay_ms} ms");
        if listed.as_array().unwrap().is_empty() {
            // Not one row, and the indexes where they were.
            assert_eq!(schema, before, "delay {delay_ms} ms");
            let found = json(&steward(
                &v.dir,
                Some(PASSWORD),
                &["contact", "search", "person", "--json"],
            ));
            assert_eq!(found.as_array().unwrap().len(), 0, "delay {delay_ms} ms");
            seen_absent = true;
        } else {
            // Whole: the same tables and indexes, built again.
            let shape = |s: &[SchemaRow]| -> Vec<(String, String, Option<String>)> {
                s.iter()
                    .map(|(t, n, _, sql)| (t.clone(), n.clone(), sql.clone()))
                    .collect()
            };
            assert_eq!(shape(&schema), shape(&before), "delay {delay_ms} ms");
            assert_eq!(listed[0]["created"], 40_000, "delay {delay_ms} ms");
            break;
        }
    }
    assert!(
        seen_absent,
        "at least one kill came before the import's end"
    );
    ok(&steward(&v.dir, Some(PASSWORD), &["audit", "verify"]));
}

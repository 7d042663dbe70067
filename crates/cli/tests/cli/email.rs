//! `steward import eml`: e-mail files and mailboxes onto the contacts'
//! timelines, undone with `import undo`.

use super::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/email")
}

fn fixture(name: &str) -> String {
    fixtures().join(name).to_str().unwrap().to_owned()
}

fn timeline(v: &Vault, contact: i64) -> Vec<serde_json::Value> {
    json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "activity",
            "list",
            "--contact",
            &contact.to_string(),
            "--json",
        ],
    ))
    .as_array()
    .unwrap()
    .clone()
}

#[test]
fn eml_files_import_onto_the_timeline_list_unknown_addresses_and_undo() {
    let v = init();
    let stefan = add(
        &v,
        &["--name", "Ștefan Țurcanu", "--email", "stefan@example.ro"],
    );
    let dry = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "import",
            "eml",
            &fixture("thunderbird-qp.eml"),
            "--dry-run",
            "--json",
        ],
    ));
    assert_eq!(dry["activities_created"], 1);
    assert_eq!(dry["import_id"], serde_json::Value::Null);
    assert!(timeline(&v, stefan).is_empty(), "the dry run wrote nothing");

    let out = steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "import",
            "eml",
            &fixture("thunderbird-qp.eml"),
            &fixture("three.mbox"),
        ],
    );
    let stdout = ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("imported 4 messages: 3 e-mail activities"),
        "{stderr}"
    );
    // The addresses no contact has, one a line: address, name, messages.
    assert_eq!(
        stdout,
        "ana@firma.ro\tAna Firma\t4\nion@necunoscut.ro\tIon Ionescu\t1\nmaria.pop@example.com\t\t1\n"
    );
    let id: i64 = stderr
        .split("import id ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .parse()
        .unwrap();
    let list = timeline(&v, stefan);
    let subjects: Vec<&str> = list
        .iter()
        .map(|a| a["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        ["Ofertă pentru școală", "Al treilea mesaj", "Primul mesaj"]
    );
    assert_eq!(list[0]["kind"], "email");

    // Again: nothing new.
    let again = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["import", "eml", &fixture("three.mbox"), "--json"],
    ));
    assert_eq!(again["activities_created"], 0);
    assert_eq!(again["duplicates"], 2);

    let undo = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["import", "undo", &id.to_string(), "--json"],
    ));
    assert_eq!(undo["activities_removed"], 3);
    assert!(timeline(&v, stefan).is_empty());
}

#[test]
fn a_folder_imports_its_messages_and_create_unknown_makes_their_contacts() {
    let v = init();
    let folder = v.dir.parent().unwrap().join("mail");
    std::fs::create_dir(&folder).unwrap();
    for name in ["outlook-1250.eml", "gmail-html-only.eml"] {
        interchange::write_bytes(
            &folder.join(name),
            &std::fs::read(fixtures().join(name)).unwrap(),
        );
    }
    interchange::write_bytes(&folder.join("notes.txt"), b"not mail");
    let r = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &[
            "import",
            "eml",
            folder.to_str().unwrap(),
            "--create-unknown",
            "--json",
        ],
    ));
    assert_eq!(r["messages"], 2);
    // Ion, Maria and the business's own address.
    assert_eq!(r["contacts_created"], 3);
    assert_eq!(r["activities_created"], 5);
    // The contract goes with the message onto each of its three people.
    assert_eq!(r["attachments_created"], 3);
    assert_eq!(r["unknown"], serde_json::json!([]));
    let hits = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["contact", "search", "Ion Ionescu", "--json"],
    ));
    assert_eq!(hits[0]["title"], "Ion Ionescu");
}

#[test]
fn a_file_that_is_no_message_is_refused_in_one_line_and_nothing_is_written() {
    let v = init();
    let bad = v.dir.parent().unwrap().join("bad.eml");
    interchange::write_bytes(&bad, b"\x00\x01\x02 not a message");
    fails(
        &steward(
            &v.dir,
            Some(PASSWORD),
            &[
                "import",
                "eml",
                &fixture("thunderbird-qp.eml"),
                bad.to_str().unwrap(),
            ],
        ),
        1,
        "is not an e-mail message",
    );
    let imports = json(&steward(
        &v.dir,
        Some(PASSWORD),
        &["import", "list", "--json"],
    ));
    assert_eq!(imports, serde_json::json!([]));
}

//! The import fixture corpus: every file in `tests/fixtures/import/csv/`
//! and `tests/fixtures/import/vcard/` is imported into a fresh vault the way
//! the import screen does by default (for CSV, the preview's suggested
//! mapping and custom columns; duplicates created), and checked against its
//! `<name>.expect.json` (the format is in that folder's README.md). Every
//! mismatch of every file is reported, each with the file's name.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value, json};
use steward_core::interchange::{ImportOptions, ImportReport, OnDuplicate};
use steward_core::records::activities::{About, ActivityKind};
use steward_core::records::contacts::SensitiveField;
use steward_core::{Role, Session};

use crate::fixtures::*;

/// A `<name>.expect.json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectation {
    /// Contacts the import creates.
    count: Option<usize>,
    /// Instead of `count`: the file is refused whole, the message containing
    /// this, with nothing written.
    error: Option<String>,
    /// Import options the test sets.
    #[serde(default)]
    options: Options,
    /// CSV: custom fields to define before importing.
    #[serde(default)]
    custom_fields: Vec<CustomFieldDef>,
    /// CSV: what the preview must say.
    preview: Option<Preview>,
    /// Chosen contacts, each found by its exact name; listed keys are
    /// compared exactly, others not at all.
    #[serde(default)]
    contacts: Vec<Map<String, Value>>,
}

/// Import options an expectation sets.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    /// CSV: an encoding label overriding the detected one.
    encoding: Option<String>,
    /// Notes as note activities instead of contact notes.
    #[serde(default)]
    notes_as_activities: bool,
}

/// A custom field to define first.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomFieldDef {
    key: String,
    label: String,
    kind: String,
}

/// What a CSV preview must say.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Preview {
    encoding: Option<String>,
    delimiter: Option<String>,
    /// How many lines are skipped.
    skipped: Option<usize>,
}

/// The data files of the corpus (`.csv` and `.vcf`), sorted; a failure for
/// an expectation without its data file.
fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut files = Vec::new();
    for (dir, extension) in [("csv", "csv"), ("vcard", "vcf")] {
        for entry in std::fs::read_dir(root.join(dir)).expect("a corpus folder") {
            let path = entry.expect("a corpus entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".expect.json") {
                assert!(
                    path.with_file_name(format!("{stem}.{extension}")).exists(),
                    "{name} has no {stem}.{extension}"
                );
            } else if path.extension().is_some_and(|e| e == extension) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn load(path: &Path) -> Result<Expectation, String> {
    let path = path.with_extension("expect.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("no expectation: {e}"))?;
    let want: Expectation =
        serde_json::from_str(&text).map_err(|e| format!("unreadable expectation: {e}"))?;
    if want.count.is_some() == want.error.is_some() {
        return Err("the expectation gives neither or both of count and error".into());
    }
    Ok(want)
}

/// Imports a CSV file as the import screen does by default, checking the
/// preview on the way.
fn import_csv(
    s: &mut Session,
    bytes: &[u8],
    want: &Expectation,
    problems: &mut Vec<String>,
) -> steward_core::Result<ImportReport> {
    let encoding = want.options.encoding.as_deref();
    let preview = s.preview_csv_as(bytes, encoding)?;
    if let Some(p) = &want.preview {
        let checks = [
            ("encoding", p.encoding.clone(), preview.encoding.to_owned()),
            (
                "delimiter",
                p.delimiter.clone(),
                preview.delimiter.to_string(),
            ),
            (
                "skipped lines",
                p.skipped.map(|n| n.to_string()),
                preview.skipped.len().to_string(),
            ),
        ];
        for (what, wanted, got) in checks {
            if wanted.is_some_and(|w| w != got) {
                problems.push(format!("preview {what} is {got:?}, not as expected"));
            }
        }
    }
    let custom_columns = preview
        .suggested_custom
        .iter()
        .enumerate()
        .filter_map(|(i, key)| Some((i, key.clone()?)))
        .collect();
    let options = ImportOptions {
        mapping: preview.suggested,
        custom_columns,
        on_duplicate: OnDuplicate::Create,
        encoding: want.options.encoding.clone(),
        notes_as_activities: want.options.notes_as_activities,
        ..ImportOptions::default()
    };
    s.import_csv(bytes, &options, &mut |_, _| {})
}

fn import_vcard(
    s: &mut Session,
    bytes: &[u8],
    notes_as_activities: bool,
) -> steward_core::Result<ImportReport> {
    s.import_vcard(
        bytes,
        &ImportOptions {
            on_duplicate: OnDuplicate::Create,
            notes_as_activities,
            ..ImportOptions::default()
        },
        &mut |_, _| {},
    )
}

/// A stored contact under the expectation's keys; `date_of_birth` only
/// when `with_birthday` (revealing it is recorded).
fn stored(s: &mut Session, id: i64, with_birthday: bool) -> Value {
    let c = s.get_contact(id).expect("reading a contact");
    let linked = c.company_id.is_some_and(|company| {
        let company = s.get_company(company).expect("the linked company");
        let key = |n: &str| {
            n.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        c.company.as_deref().map(key) == Some(key(&company.name))
    });
    let objected = s.rights_status(id).expect("the rights status").1;
    let activities: Vec<String> = s
        .list_activities(About::Contact(id))
        .expect("the contact's activities")
        .into_iter()
        .filter(|a| a.kind == ActivityKind::Note)
        .map(|a| a.body.unwrap_or(a.subject))
        .collect();
    let mut actual = json!({
        "name": c.name, "emails": c.emails, "phones": c.phones, "company": c.company,
        "title": c.title, "source": c.source, "street": c.address.street,
        "city": c.address.city, "postal_code": c.address.postal_code,
        "region": c.address.region, "country": c.address.country, "notes": c.notes,
        "tags": c.tags, "custom": c.custom, "company_linked": linked,
        "objected": objected, "activities": activities,
    });
    if with_birthday {
        actual["date_of_birth"] = json!(
            s.reveal_sensitive(id, SensitiveField::DateOfBirth, "import corpus check")
                .expect("revealing the date of birth")
        );
    }
    actual
}

/// Imports one file as its expectation says; the problems found.
fn check_file(path: &Path) -> Vec<String> {
    let want = match load(path) {
        Ok(want) => want,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    let bytes = std::fs::read(path).expect("reading a corpus file");
    let mut v = new_vault();
    let s = v.session();
    for f in &want.custom_fields {
        s.add_custom_field(&f.key, &f.label, f.kind.parse().expect("a field kind"))
            .expect("defining a custom field");
    }
    let result = if path.extension().is_some_and(|e| e == "csv") {
        import_csv(s, &bytes, &want, &mut problems)
    } else {
        if want.preview.is_some()
            || !want.custom_fields.is_empty()
            || want.options.encoding.is_some()
        {
            problems.push("a vCard expectation with CSV settings".into());
        }
        import_vcard(s, &bytes, want.options.notes_as_activities)
    };
    let all = s.list_contacts(None, 500).expect("listing contacts").items;
    match (&want.error, result) {
        (Some(wanted), Err(e)) => {
            if !e.to_string().contains(wanted.as_str()) {
                problems.push(format!(
                    "refused with {:?}, not with {wanted:?}",
                    e.to_string()
                ));
            }
        }
        (Some(wanted), Ok(_)) => {
            problems.push(format!("imported, but should be refused with {wanted:?}"));
        }
        (None, Err(e)) => problems.push(format!("refused: {e}")),
        (None, Ok(report)) => {
            if want.count != Some(report.created) || want.count != Some(all.len()) {
                problems.push(format!(
                    "created {}, {} in the vault, not {:?}",
                    report.created,
                    all.len(),
                    want.count
                ));
            }
        }
    }
    if want.error.is_some() {
        if !all.is_empty() || !s.list_imports().expect("listing imports").is_empty() {
            problems.push("a refused file wrote something".into());
        }
        return problems;
    }
    for expected in &want.contacts {
        let Some(name) = expected.get("name").and_then(Value::as_str) else {
            problems.push("a contact expectation without a name".into());
            continue;
        };
        let found: Vec<i64> = all
            .iter()
            .filter(|c| c.name == name)
            .map(|c| c.id)
            .collect();
        let [id] = found[..] else {
            let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
            problems.push(format!(
                "{} contacts named {name:?}; the vault has {names:?}",
                found.len()
            ));
            continue;
        };
        let actual = stored(s, id, expected.contains_key("date_of_birth"));
        for (key, value) in expected {
            match actual.get(key) {
                None => problems.push(format!("{name}: unknown key {key:?}")),
                Some(got) if got != value => {
                    problems.push(format!("{name}: {key} is {got} but {value} was expected"));
                }
                Some(_) => {}
            }
        }
    }
    problems
}

#[test]
fn every_file_of_the_import_corpus_imports_as_its_expectation_says() {
    let files = corpus();
    let count = |ext: &str| {
        files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == ext))
            .count()
    };
    assert!(count("csv") >= 14, "{} CSV files", count("csv"));
    assert!(count("vcf") >= 20, "{} vCard files", count("vcf"));
    let mut problems = Vec::new();
    for path in &files {
        let name = path
            .strip_prefix(path.parent().unwrap().parent().unwrap())
            .unwrap()
            .display()
            .to_string();
        problems.extend(check_file(path).into_iter().map(|p| format!("{name}: {p}")));
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn fixture(relative: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import")
            .join(relative),
    )
    .unwrap()
}

#[test]
fn a_birthday_column_needs_the_right_to_write_sensitive_fields() {
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "bob", Role::Agent);
    let bytes = b"Name,Birthday\nAda,1985-03-14\n";
    let preview = agent.preview_csv(bytes).unwrap();
    let options = ImportOptions {
        mapping: preview.suggested.clone(),
        ..ImportOptions::default()
    };
    let err = agent
        .import_csv(bytes, &options, &mut |_, _| {})
        .unwrap_err();
    assert!(
        matches!(err, steward_core::Error::PermissionDenied { .. }),
        "{err:?}"
    );
    // Without the column, the same user imports the rest.
    let mut mapping = preview.suggested;
    mapping[1] = None;
    let report = agent
        .import_csv(
            bytes,
            &ImportOptions {
                mapping,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(report.created, 1);
    let id = v.session().list_contacts(None, 5).unwrap().items[0].id;
    let dob = v
        .session()
        .reveal_sensitive(id, SensitiveField::DateOfBirth, "checking the test")
        .unwrap();
    assert_eq!(dob, None);
}

#[test]
fn vcard_birthdays_come_in_only_for_importers_who_may_write_sensitive_fields() {
    let bytes = fixture("vcard/apple-icloud.vcf");
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "agnes", Role::Agent);
    let report = import_vcard(&mut agent, &bytes, false).unwrap();
    assert_eq!(
        report.created, 3,
        "the cards come in, their birthdays do not"
    );
    for c in v.session().list_contacts(None, 10).unwrap().items {
        let contact = v.session().get_contact(c.id).unwrap();
        assert!(!contact.sensitive.date_of_birth, "{}", contact.name);
    }
    let entry = &v
        .session()
        .audit_entries(&steward_core::audit::AuditFilter {
            action: Some("import.vcard".into()),
            ..Default::default()
        })
        .unwrap()[0];
    assert!(
        entry.details.contains(r#""with_sensitive":0"#),
        "{}",
        entry.details
    );

    let mut v = new_vault();
    import_vcard(v.session(), &bytes, false).unwrap();
    let entry = &v
        .session()
        .audit_entries(&steward_core::audit::AuditFilter {
            action: Some("import.vcard".into()),
            ..Default::default()
        })
        .unwrap()[0];
    assert!(
        entry.details.contains(r#""with_sensitive":2"#),
        "{}",
        entry.details
    );
    // A birthday is a sensitive field: never found by search.
    assert!(v.session().search("03-14", 5).unwrap().is_empty());
    assert!(v.session().search("1985", 5).unwrap().is_empty());
    let id = v.session().search("Radu", 5).unwrap()[0].id;
    assert_eq!(
        v.session()
            .reveal_sensitive(id, SensitiveField::DateOfBirth, "checking the import")
            .unwrap()
            .as_deref(),
        Some("1985-11-02")
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

    /// A birthday, with or without its year, reads the same in every form
    /// producers write it in a vCard.
    #[test]
    fn a_birthday_reads_the_same_in_every_producers_form(
        year in proptest::option::of(1900u32..2020),
        month in 1u32..=12,
        day in 1u32..=31,
    ) {
        use steward_core::interchange::vcard;
        let leap = year.is_none_or(|y| y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        proptest::prop_assume!(day <= days);
        let (forms, want) = match year {
            Some(y) => (
                vec![
                    format!("BDAY:{y:04}-{month:02}-{day:02}"),
                    format!("BDAY:{y:04}{month:02}{day:02}"),
                    format!("BDAY;VALUE=DATE:{y:04}-{month:02}-{day:02}"),
                    format!("BDAY;VALUE=date:{y:04}{month:02}{day:02}"),
                    format!("BDAY:{y:04}-{month:02}-{day:02}T00:00:00Z"),
                ],
                format!("{y:04}-{month:02}-{day:02}"),
            ),
            None => (
                vec![
                    format!("BDAY:--{month:02}{day:02}"),
                    format!("BDAY:--{month:02}-{day:02}"),
                    format!("BDAY;VALUE=DATE:--{month:02}{day:02}"),
                    format!("BDAY;X-APPLE-OMIT-YEAR=1604:1604-{month:02}-{day:02}"),
                ],
                format!("--{month:02}-{day:02}"),
            ),
        };
        for version in ["2.1", "3.0", "4.0"] {
            for form in &forms {
                let card = format!("BEGIN:VCARD\r\nVERSION:{version}\r\nFN:Ana Pop\r\n{form}\r\nEND:VCARD\r\n");
                let cards = vcard::parse(card.as_bytes()).unwrap();
                proptest::prop_assert_eq!(
                    cards[0].1.sensitive.date_of_birth.as_deref(),
                    Some(want.as_str()),
                    "{}", card
                );
            }
        }
    }
}

//! The CSV import corpus: every file in `tests/fixtures/import/csv/` is
//! imported into a fresh vault the way the import wizard does by default
//! (the preview's suggested mapping and custom columns, duplicates
//! created), and checked against its `<name>.expect.json`. Every mismatch
//! of every file is reported, each with the file's name.

use std::path::{Path, PathBuf};

use steward_core::interchange::{ImportOptions, OnDuplicate};
use steward_core::records::contacts::SensitiveField;

use crate::fixtures::new_vault;

/// The expectation files and the comparison, apart from how a format is
/// imported, so another format's corpus can use them.
pub mod expect {
    use serde::Deserialize;
    use serde_json::{Map, Value, json};
    use steward_core::Session;
    use steward_core::records::contacts::SensitiveField;

    /// A `<name>.expect.json`.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Expectation {
        /// Contacts the import creates.
        pub count: Option<usize>,
        /// Instead of `count`: the file is refused whole, the message
        /// containing this, with nothing written.
        pub error: Option<String>,
        /// Import options (an encoding override).
        #[serde(default)]
        pub options: Options,
        /// Custom fields to define before importing.
        #[serde(default)]
        pub custom_fields: Vec<CustomFieldDef>,
        /// For CSV: what the preview must say.
        pub preview: Option<Preview>,
        /// Chosen contacts, each found by its exact name; listed keys are
        /// compared exactly, others not at all.
        #[serde(default)]
        pub contacts: Vec<Map<String, Value>>,
    }

    /// Import options an expectation sets.
    #[derive(Debug, Default, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Options {
        /// An encoding label overriding the detected one.
        pub encoding: Option<String>,
    }

    /// A custom field to define first.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct CustomFieldDef {
        pub key: String,
        pub label: String,
        pub kind: String,
    }

    /// What a CSV preview must say.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Preview {
        pub encoding: Option<String>,
        pub delimiter: Option<String>,
        /// How many lines are skipped.
        pub skipped: Option<usize>,
    }

    /// Keys a contact expectation may list.
    const KEYS: [&str; 14] = [
        "name",
        "emails",
        "phones",
        "company",
        "title",
        "street",
        "city",
        "postal_code",
        "region",
        "country",
        "notes",
        "tags",
        "custom",
        "date_of_birth",
    ];

    /// Reads an expectation file.
    pub fn load(path: &std::path::Path) -> Result<Expectation, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        serde_json::from_str(&text).map_err(|e| format!("unreadable expectation: {e}"))
    }

    /// Compares the vault's contacts with `expected`, pushing one line per
    /// mismatch onto `problems`.
    pub fn compare_contacts(
        s: &mut Session,
        expected: &[Map<String, Value>],
        problems: &mut Vec<String>,
    ) {
        let all = s.list_contacts(0, 500).expect("listing contacts").items;
        for want in expected {
            let Some(name) = want.get("name").and_then(Value::as_str) else {
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
            let c = s.get_contact(id).expect("reading a contact");
            let mut actual = json!({
                "name": c.name, "emails": c.emails, "phones": c.phones, "company": c.company,
                "title": c.title, "street": c.address.street, "city": c.address.city,
                "postal_code": c.address.postal_code, "region": c.address.region,
                "country": c.address.country, "notes": c.notes, "tags": c.tags, "custom": c.custom,
            });
            if want.contains_key("date_of_birth") {
                actual["date_of_birth"] = json!(
                    s.reveal_sensitive(id, SensitiveField::DateOfBirth, "import corpus check")
                        .expect("revealing the date of birth")
                );
            }
            for (key, value) in want {
                if !KEYS.contains(&key.as_str()) {
                    problems.push(format!("{name}: unknown key {key:?}"));
                } else if actual[key.as_str()] != *value {
                    problems.push(format!(
                        "{name}: {key} is {} but {value} was expected",
                        actual[key.as_str()]
                    ));
                }
            }
        }
    }
}

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/csv");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the CSV corpus folder")
        .map(|e| e.expect("a corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    files
}

/// Imports one file as its expectation says; the problems found.
fn check_file(path: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let expect_path = path.with_extension("expect.json");
    let want = match expect::load(&expect_path) {
        Ok(want) => want,
        Err(e) => return vec![e],
    };
    let bytes = std::fs::read(path).expect("reading a corpus file");
    let mut v = new_vault();
    let s = v.session();
    for f in &want.custom_fields {
        s.add_custom_field(&f.key, &f.label, f.kind.parse().expect("a field kind"))
            .expect("defining a custom field");
    }
    let encoding = want.options.encoding.as_deref();
    let result = s.preview_csv_as(&bytes, encoding).and_then(|preview| {
        if let Some(p) = &want.preview {
            let delimiter = preview.delimiter.to_string();
            let skipped = p.skipped.map(|n| n.to_string());
            let checks = [
                (
                    "encoding",
                    p.encoding.as_deref(),
                    preview.encoding.to_owned(),
                ),
                ("delimiter", p.delimiter.as_deref(), delimiter),
                (
                    "skipped lines",
                    skipped.as_deref(),
                    preview.skipped.len().to_string(),
                ),
            ];
            for (what, wanted, got) in checks {
                if wanted.is_some_and(|w| w != got) {
                    problems.push(format!(
                        "preview {what} is {got:?} but {wanted:?} was expected"
                    ));
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
            ..ImportOptions::default()
        };
        s.import_csv(&bytes, &options, &mut |_, _| {})
    });
    match (&want.error, result) {
        (Some(wanted), Err(e)) => {
            if !e.to_string().contains(wanted.as_str()) {
                problems.push(format!("refused with {e:?}, not with {wanted:?}"));
            }
        }
        (Some(wanted), Ok(_)) => {
            problems.push(format!("imported, but should be refused with {wanted:?}"))
        }
        (None, Err(e)) => problems.push(format!("refused: {e}")),
        (None, Ok(report)) => {
            if want.count.is_some_and(|n| n != report.created) {
                problems.push(format!(
                    "created {} contacts, not {:?}",
                    report.created, want.count
                ));
            }
        }
    }
    if want.error.is_some() && s.list_contacts(0, 1).expect("listing").total != 0 {
        problems.push("a refused file wrote contacts".into());
    }
    expect::compare_contacts(s, &want.contacts, &mut problems);
    problems
}

#[test]
fn every_csv_file_in_the_corpus_imports_as_expected() {
    let files = corpus();
    assert!(files.len() >= 12, "the corpus has {} files", files.len());
    let mut problems = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        problems.extend(check_file(path).into_iter().map(|p| format!("{name}: {p}")));
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn a_birthday_column_needs_the_right_to_write_sensitive_fields() {
    let mut v = new_vault();
    let mut agent = crate::fixtures::user_session(&mut v, "bob", steward_core::Role::Agent);
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
    let id = v.session().list_contacts(0, 5).unwrap().items[0].id;
    let dob = v
        .session()
        .reveal_sensitive(id, SensitiveField::DateOfBirth, "checking the test")
        .unwrap();
    assert_eq!(dob, None);
}

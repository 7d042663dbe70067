//! The import fixture corpus, vCard part: every `<name>.vcf` in
//! `tests/fixtures/import/vcard/` is imported into a fresh vault through
//! `Session::import_vcard` (duplicates created), and checked against
//! `<name>.expect.json` (the format is in `expect`). Every mismatch of every
//! file is reported, each with its file name.

use std::path::{Path, PathBuf};

use steward_core::interchange::{ImportOptions, OnDuplicate};
use steward_core::records::contacts::SensitiveField;
use steward_core::{Role, Session};

use crate::fixtures::*;

/// The expectation files of the import corpus and how a vault is checked
/// against them; shared by every format's corpus test.
pub mod expect {
    use std::path::{Path, PathBuf};

    use serde_json::{Map, Value};
    use steward_core::Session;
    use steward_core::interchange::ImportReport;
    use steward_core::records::contacts::SensitiveField;

    /// One `<name>.expect.json`.
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Expectation {
        /// Contacts the import creates (fresh vault, duplicates created).
        pub count: Option<usize>,
        /// Instead of `count`: the file is refused whole, the message
        /// containing this, and nothing is written.
        pub error: Option<String>,
        /// Import options (CSV: `encoding`), when the test overrides them.
        #[serde(default)]
        pub options: Map<String, Value>,
        /// Chosen contacts, each found by exact `name`; the keys listed are
        /// compared exactly (lists in order, primary first; `null` for an
        /// empty field), keys not listed are not checked.
        #[serde(default)]
        pub contacts: Vec<Map<String, Value>>,
    }

    /// The data files of `dir` with their expectation files, sorted by
    /// name; an error for a data file without one or the other way round.
    pub fn fixtures(dir: &Path, extension: &str) -> Vec<(PathBuf, Expectation)> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in &files {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".expect.json") {
                assert!(
                    dir.join(format!("{stem}.{extension}")).exists(),
                    "{name} has no {stem}.{extension}"
                );
            }
        }
        files
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == extension))
            .map(|f| {
                let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
                let path = dir.join(format!("{stem}.expect.json"));
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|_| panic!("{} has no {stem}.expect.json", f.display()));
                let expectation: Expectation = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert!(
                    expectation.count.is_some() != expectation.error.is_some(),
                    "{}: give either count or error",
                    path.display()
                );
                (f, expectation)
            })
            .collect()
    }

    /// A stored contact under the expectation keys.
    pub fn stored(session: &mut Session, id: i64, with_birthday: bool) -> Map<String, Value> {
        let c = session.get_contact(id).unwrap();
        let text = |v: &Option<String>| v.clone().map_or(Value::Null, Value::String);
        let list = |v: &[String]| Value::Array(v.iter().cloned().map(Value::String).collect());
        let mut m = Map::new();
        m.insert("name".into(), Value::String(c.name.clone()));
        m.insert("emails".into(), list(&c.emails));
        m.insert("phones".into(), list(&c.phones));
        m.insert("company".into(), text(&c.company));
        m.insert("title".into(), text(&c.title));
        m.insert("source".into(), text(&c.source));
        m.insert("street".into(), text(&c.address.street));
        m.insert("city".into(), text(&c.address.city));
        m.insert("postal_code".into(), text(&c.address.postal_code));
        m.insert("region".into(), text(&c.address.region));
        m.insert("country".into(), text(&c.address.country));
        m.insert("tags".into(), list(&c.tags));
        m.insert("notes".into(), text(&c.notes));
        for (key, value) in &c.custom {
            m.insert(format!("custom:{key}"), Value::String(value.clone()));
        }
        if with_birthday {
            let dob = session
                .reveal_sensitive(
                    id,
                    SensitiveField::DateOfBirth,
                    "checking the import corpus",
                )
                .unwrap();
            m.insert("date_of_birth".into(), text(&dob));
        }
        m
    }

    /// Checks what an import did against `expected`; every mismatch, each
    /// starting with `file`.
    pub fn check(
        file: &str,
        session: &mut Session,
        expected: &Expectation,
        result: &steward_core::Result<ImportReport>,
    ) -> Vec<String> {
        let mut problems = Vec::new();
        let ids: Vec<(i64, String)> = session
            .list_contacts(0, 500)
            .unwrap()
            .items
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        match (&expected.error, result) {
            (Some(want), Err(e)) => {
                if !e.to_string().contains(want.as_str()) {
                    problems.push(format!("{file}: error {:?} lacks {want:?}", e.to_string()));
                }
            }
            (Some(want), Ok(r)) => problems.push(format!(
                "{file}: imported ({} created) where the error {want:?} was expected",
                r.created
            )),
            (None, Err(e)) => problems.push(format!("{file}: refused: {e}")),
            (None, Ok(r)) => {
                let count = expected.count.unwrap_or_default();
                if r.created != count || ids.len() != count {
                    problems.push(format!(
                        "{file}: {} created, {} in the vault; expected {count}",
                        r.created,
                        ids.len()
                    ));
                }
            }
        }
        if expected.error.is_some() {
            if !ids.is_empty() || !session.list_imports().unwrap().is_empty() {
                problems.push(format!("{file}: a refused file wrote something"));
            }
            return problems;
        }
        for want in &expected.contacts {
            let Some(name) = want.get("name").and_then(Value::as_str) else {
                problems.push(format!("{file}: an expected contact has no name"));
                continue;
            };
            let matching: Vec<i64> = ids
                .iter()
                .filter(|(_, n)| n == name)
                .map(|(id, _)| *id)
                .collect();
            let [id] = matching[..] else {
                problems.push(format!(
                    "{file}: {} contacts named {name:?} (have {:?})",
                    matching.len(),
                    ids.iter().map(|(_, n)| n).collect::<Vec<_>>()
                ));
                continue;
            };
            let have = stored(session, id, want.contains_key("date_of_birth"));
            for (key, value) in want {
                match have.get(key) {
                    None => problems.push(format!("{file}: {name}: unknown key {key:?}")),
                    Some(got) if got != value => {
                        problems.push(format!("{file}: {name}: {key} is {got}, expected {value}"))
                    }
                    Some(_) => {}
                }
            }
        }
        problems
    }
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/vcard")
}

fn import(
    session: &mut Session,
    bytes: &[u8],
) -> steward_core::Result<steward_core::interchange::ImportReport> {
    session.import_vcard(
        bytes,
        &ImportOptions {
            on_duplicate: OnDuplicate::Create,
            ..ImportOptions::default()
        },
        &mut |_, _| {},
    )
}

#[test]
fn every_vcard_of_the_corpus_imports_as_its_expectation_says() {
    let fixtures = expect::fixtures(&corpus(), "vcf");
    assert!(fixtures.len() >= 20, "{} fixtures", fixtures.len());
    let mut problems = Vec::new();
    for (path, expected) in &fixtures {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            expected.options.is_empty(),
            "{file}: vCard imports take no options"
        );
        let mut v = new_vault();
        let bytes = std::fs::read(path).unwrap();
        let result = import(v.session(), &bytes);
        problems.extend(expect::check(&file, v.session(), expected, &result));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn birthdays_come_in_only_for_importers_who_may_write_sensitive_fields() {
    let bytes = std::fs::read(corpus().join("apple-icloud.vcf")).unwrap();
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "agnes", Role::Agent);
    let report = import(&mut agent, &bytes).unwrap();
    assert_eq!(
        report.created, 3,
        "the cards come in, their birthdays do not"
    );
    for c in v.session().list_contacts(0, 10).unwrap().items {
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
    import(v.session(), &bytes).unwrap();
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

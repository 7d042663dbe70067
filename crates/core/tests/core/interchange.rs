//! Import and export: CSV with mapping, duplicates, dry runs, undo; vCard from
//! several producers; round trips; permissions.

use proptest::prelude::*;
use steward_core::interchange::mapping::Field;
use steward_core::interchange::{ExportFormat, ImportOptions, OnDuplicate, preview_csv};
use steward_core::records::contacts::NewContact;
use steward_core::{Error, Role};

use crate::fixtures::*;

const HUBSPOT: &str = "First Name,Last Name,Email,Phone Number,Company Name,Job Title,City,Record ID\n\
Ada,Lovelace,ada@example.com,+44 20 7946 0000,Analytical Engines,Countess,London,101\n\
Alan,Turing,alan@example.org,+44 161 496 0000,Bletchley,,Manchester,102\n";

fn import(
    v: &mut TestVault,
    csv: &str,
    on_duplicate: OnDuplicate,
    dry_run: bool,
) -> steward_core::Result<steward_core::interchange::ImportReport> {
    let preview = preview_csv(csv.as_bytes())?;
    v.session().import_csv(
        csv.as_bytes(),
        &ImportOptions {
            mapping: preview.suggested,
            on_duplicate,
            dry_run,
            ..ImportOptions::default()
        },
        &mut |_, _| {},
    )
}

fn names(v: &mut TestVault) -> Vec<String> {
    v.session()
        .list_contacts(None, 500)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.name)
        .collect()
}

#[test]
fn a_hubspot_export_imports_with_the_suggested_mapping() {
    let mut v = new_vault();
    let preview = preview_csv(HUBSPOT.as_bytes()).unwrap();
    assert_eq!(preview.rows, 2);
    assert_eq!(preview.suggested[7], None, "Record ID is ignored");
    let report = import(&mut v, HUBSPOT, OnDuplicate::Skip, false).unwrap();
    assert_eq!((report.created, report.skipped), (2, 0));
    let id = v.session().search("ada@example.com", 5).unwrap()[0].id;
    let ada = v.session().get_contact(id).unwrap();
    assert_eq!(ada.name, "Ada Lovelace");
    assert_eq!(ada.title.as_deref(), Some("Countess"));
    assert_eq!(ada.address.city.as_deref(), Some("London"));
}

#[test]
fn a_bad_row_names_its_line_and_nothing_is_imported() {
    let mut v = new_vault();
    let long = "G".repeat(301);
    let csv = format!("{HUBSPOT}{long},Hopper,grace@example.com,,Navy,,,103\n");
    let err = import(&mut v, &csv, OnDuplicate::Skip, false).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)));
    assert!(err.to_string().starts_with("line 4:"), "{err}");
    assert!(names(&mut v).is_empty(), "nothing half-imported");
    // A ragged row amid the data fails the file; after it, it is a footer.
    let ragged = "Name,Email\nAda,ada@example.com\nBob\nCy,cy@example.com\n";
    let err = import(&mut v, ragged, OnDuplicate::Skip, false).unwrap_err();
    assert_eq!(err.to_string(), "line 3: 1 cells where the header has 2");
    assert!(names(&mut v).is_empty(), "nothing half-imported");
}

#[test]
fn an_unusable_email_is_left_out_and_the_row_kept() {
    let mut v = new_vault();
    let csv = format!("{HUBSPOT}Grace,Hopper,not-an-email,,Navy,,,103\n");
    let report = import(&mut v, &csv, OnDuplicate::Skip, false).unwrap();
    assert_eq!(report.created, 3);
    let id = v.session().search("Hopper", 5).unwrap()[0].id;
    let grace = v.session().get_contact(id).unwrap();
    assert_eq!(grace.name, "Grace Hopper");
    assert!(grace.emails.is_empty(), "{:?}", grace.emails);
}

#[test]
fn a_bad_row_after_thousands_of_written_ones_still_leaves_nothing() {
    // The file is read on a second thread while the first writes, so by
    // the time the bad row is read, thousands of contacts are written in
    // the open transaction: all of them must go.
    let mut v = new_vault();
    let (schema_before, roots_before) = (schema(&v), index_roots(&v));
    let mut csv = String::from("Name,Email\n");
    for i in 0..5000 {
        csv.push_str(&format!("Person {i},p{i}@example.com\n"));
    }
    let long = "L".repeat(301);
    csv.push_str(&format!("{long},last@example.com\n"));
    let err = import(&mut v, &csv, OnDuplicate::Skip, false).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 5002: the name is 301 characters long; the limit is 300"
    );
    assert!(names(&mut v).is_empty(), "nothing half-imported");
    assert!(v.session().search("person", 5).unwrap().is_empty());
    assert!(v.session().list_imports().unwrap().is_empty());
    // A ragged row before the last one: the same, named by its line.
    let good = csv.replace(&format!("{long},last@example.com\n"), "");
    let err = import(
        &mut v,
        &format!("{good}Bob\nCy,cy@example.com\n"),
        OnDuplicate::Skip,
        false,
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("line 5002:"), "{err}");
    assert!(names(&mut v).is_empty(), "nothing half-imported");
    // The indexes dropped to be built at the end are back as they were.
    assert_eq!((schema(&v), index_roots(&v)), (schema_before, roots_before));
    assert_eq!(index_settings(&v), [], "as a new vault's");
    assert_eq!(integrity(&v), "ok");
    let report = import(&mut v, &good, OnDuplicate::Skip, false).unwrap();
    assert_eq!((report.records, report.created), (5000, 5000));
}

/// The vault's schema: every row of `sqlite_schema` but where its B-tree
/// starts, sorted.
fn schema(v: &TestVault) -> Vec<(String, String, String, Option<String>)> {
    let conn = raw(v);
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Where each index of the contacts' tables starts: a rebuilt index starts
/// elsewhere.
fn index_roots(v: &TestVault) -> Vec<(String, i64)> {
    let conn = raw(v);
    let mut stmt = conn
        .prepare(
            "SELECT name, rootpage FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
             AND tbl_name IN ('contacts', 'contact_emails', 'contact_phones') ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The full-text index's settings an import changes while it writes.
fn index_settings(v: &TestVault) -> Vec<(String, i64)> {
    let conn = raw(v);
    let mut stmt = conn
        .prepare(
            "SELECT k, v FROM search_index_config WHERE k IN ('automerge', 'hashsize') ORDER BY k",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn integrity(v: &TestVault) -> String {
    raw(v)
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// `from..to` people with an e-mail, a phone (every third one a number
/// that is no number: no E.164 form) and a company (every other one).
fn people(from: usize, to: usize) -> String {
    let mut csv = String::from("Name,Email,Phone,Company,City\n");
    for i in from..to {
        let phone = if i % 3 == 0 {
            "12".to_owned()
        } else {
            format!("+44 20 7946 {i:04}")
        };
        let company = if i % 2 == 0 { "Navy" } else { "" };
        csv.push_str(&format!(
            "\u{0218}tefan {i} Ölund,p{i}@example.com,{phone},{company},Town{}\n",
            i % 7
        ));
    }
    csv
}

#[test]
fn a_large_import_builds_the_indexes_at_its_end_and_leaves_what_a_row_by_row_one_does() {
    let queries = [
        "stefan",
        "olund",
        "p17@example.com",
        "town3",
        "navy",
        "7946",
        "s",
        "st",
    ];
    let results = |v: &mut TestVault| -> Vec<Vec<(String, i64, String)>> {
        queries
            .iter()
            .map(|q| {
                v.session()
                    .search(q, 50)
                    .unwrap()
                    .into_iter()
                    .map(|h| (h.kind.as_str().to_owned(), h.id, h.title))
                    .collect()
            })
            .collect()
    };
    let fresh = new_vault();
    let before = schema(&fresh);
    assert!(
        before
            .iter()
            .any(|(_, name, _, _)| name == "contacts_live_by_sort_key"),
        "{before:?}"
    );
    // 300 people in one import into an empty vault: its indexes are built
    // at its end (they start elsewhere after it).
    let mut whole = new_vault();
    let roots = index_roots(&whole);
    assert!(roots.len() >= 5, "{roots:?}");
    let report = import(&mut whole, &people(0, 300), OnDuplicate::Skip, false).unwrap();
    assert_eq!(report.created, 300);
    let after = index_roots(&whole);
    for ((name, old), (_, new)) in roots.iter().zip(&after) {
        assert_ne!(old, new, "{name} was built again");
    }
    // 200, then 100 more written row by row into the indexes of the 200:
    // they stay where they were.
    let mut parts = new_vault();
    import(&mut parts, &people(0, 200), OnDuplicate::Skip, false).unwrap();
    let roots = index_roots(&parts);
    let report = import(&mut parts, &people(200, 300), OnDuplicate::Skip, false).unwrap();
    assert_eq!(report.created, 100);
    assert_eq!(index_roots(&parts), roots, "the row-by-row path");
    for v in [&whole, &parts] {
        assert_eq!(schema(v), before, "the same schema");
        assert_eq!(
            index_settings(v),
            [("automerge".to_owned(), 4)],
            "FTS5's default again, and its hash size never changed"
        );
        assert_eq!(integrity(v), "ok", "every index holds every row");
    }
    let found = results(&mut whole);
    assert_eq!(found, results(&mut parts));
    assert_eq!(found[2].len(), 1, "{:?}", found[2]);
    assert_eq!(found[0].len(), 50);
    let list = |v: &mut TestVault| -> Vec<(i64, String)> {
        v.session()
            .list_contacts(None, 500)
            .unwrap()
            .items
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect()
    };
    let listed = list(&mut whole);
    assert_eq!(listed.len(), 300);
    assert_eq!(
        listed[..3].iter().map(|c| c.1.as_str()).collect::<Vec<_>>(),
        [
            "\u{0218}tefan 0 Ölund",
            "\u{0218}tefan 1 Ölund",
            "\u{0218}tefan 10 Ölund"
        ]
    );
    assert_eq!(listed, list(&mut parts));
    // A second import of the same 300 finds every one of them by e-mail
    // and skips it.
    let again = import(&mut whole, &people(0, 300), OnDuplicate::Skip, false).unwrap();
    assert_eq!((again.created, again.skipped), (0, 300));
}

#[test]
fn duplicates_by_email_or_phone_are_skipped_merged_or_created() {
    let mut v = new_vault();
    import(&mut v, HUBSPOT, OnDuplicate::Skip, false).unwrap();
    // Same e-mail (other case), and same phone written nationally.
    let again = "Name,Email,Phone,Title,Tags\nAda L.,ADA@example.com,,Mathematician,vip\nA. Turing,,0161 496 0000,Codebreaker,\nNew Person,new@example.com,,,\n";
    let dry = import(&mut v, again, OnDuplicate::Merge, true).unwrap();
    assert_eq!((dry.created, dry.merged, dry.import_id), (1, 2, None));
    assert_eq!(names(&mut v).len(), 2, "a dry run writes nothing");

    let skip = import(&mut v, again, OnDuplicate::Skip, false).unwrap();
    assert_eq!((skip.created, skip.skipped), (1, 2));
    let merge = import(&mut v, again, OnDuplicate::Merge, false).unwrap();
    assert_eq!(
        (merge.created, merge.merged),
        (0, 3),
        "New Person now exists too"
    );
    let id = v.session().search("ada@example.com", 5).unwrap()[0].id;
    let ada = v.session().get_contact(id).unwrap();
    assert_eq!(ada.name, "Ada Lovelace", "a merge keeps what was there");
    assert_eq!(ada.title.as_deref(), Some("Countess"));
    assert_eq!(ada.tags, ["vip"], "and adds what was missing");

    // Undoing the merge puts Ada back as she was.
    v.session().undo_import(merge.import_id.unwrap()).unwrap();
    let ada = v.session().get_contact(id).unwrap();
    assert!(ada.tags.is_empty());
    let create = import(&mut v, again, OnDuplicate::Create, false).unwrap();
    assert_eq!(create.created, 3);
    assert_eq!(names(&mut v).len(), 6);
}

#[test]
fn undo_removes_the_created_contacts_from_lists_and_search() {
    let mut v = new_vault();
    let report = import(&mut v, HUBSPOT, OnDuplicate::Skip, false).unwrap();
    assert_eq!(v.session().search("Lovelace", 5).unwrap().len(), 1);
    let undo = v.session().undo_import(report.import_id.unwrap()).unwrap();
    assert_eq!(undo.removed, 2);
    assert!(names(&mut v).is_empty());
    assert!(v.session().search("Lovelace", 5).unwrap().is_empty());
    let err = v
        .session()
        .undo_import(report.import_id.unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("already undone"), "{err}");
    let imports = v.session().list_imports().unwrap();
    assert!(imports[0].undone_at.is_some());
}

#[test]
fn a_mapping_without_any_name_column_is_refused() {
    let mut v = new_vault();
    let err = v
        .session()
        .import_csv(
            b"City\nBerlin\n",
            &ImportOptions {
                mapping: vec![Some(Field::City)],
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap_err();
    assert!(err.to_string().contains("map a column to name"), "{err}");
}

fn vcard_fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import/vcard")
            .join(name),
    )
    .unwrap()
}

#[test]
fn vcards_from_apple_google_outlook_and_rfc_6350_import() {
    let mut v = new_vault();
    for (file, expected) in [
        ("apple-contacts.vcf", 2),
        ("google-contacts.vcf", 2),
        ("outlook.vcf", 1),
        ("rfc6350-v4.vcf", 1),
    ] {
        let report = v
            .session()
            .import_vcard(
                &vcard_fixture(file),
                &ImportOptions::default(),
                &mut |_, _| {},
            )
            .unwrap();
        assert_eq!(report.created, expected, "{file}");
    }
    let find = |v: &mut TestVault, q: &str| {
        let id = v.session().search(q, 5).unwrap()[0].id;
        v.session().get_contact(id).unwrap()
    };
    let amara = find(&mut v, "Amara Okafor");
    assert_eq!(amara.address.city.as_deref(), Some("Leeds"));
    assert_eq!(
        amara.notes.as_deref(),
        Some("Met at the Leeds trade fair.\nWants a quote.")
    );
    let chen = find(&mut v, "Chen Wei");
    assert_eq!(chen.emails.len(), 2);
    assert_eq!(chen.tags, ["Suppliers"], "Google's system group is dropped");
    let eero = find(&mut v, "Eero Virtanen");
    assert_eq!(eero.phones, ["+358-9-555-0123"]);
    assert!(
        eero.notes.unwrap().contains("long answer"),
        "folded lines are joined"
    );
    assert_eq!(
        find(&mut v, "Fatima").company.as_deref(),
        Some("Haddad Legal")
    );
}

/// One card whose `NOTE` carries `params` parameters, padded with further
/// `NOTE`s of `per_line` parameters each to about `bytes` bytes.
fn card_with_parameters(first_line_params: usize, per_line: usize, bytes: usize) -> String {
    let mut card = String::from("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nNOTE");
    card.push_str(&";X-A=1".repeat(first_line_params));
    card.push_str(":first\r\n");
    while card.len() < bytes {
        card.push_str("NOTE");
        card.push_str(&";TYPE=WORK".repeat(per_line));
        card.push_str(":more\r\n");
    }
    card.push_str("END:VCARD\r\n");
    card
}

#[test]
fn a_two_megabyte_card_of_parameters_is_parsed_or_refused_within_seconds() {
    use steward_core::interchange::vcard;
    // Calibrated in a debug build: both take well under a second now; one
    // line of 350 000 parameters took minutes when parameters were parsed
    // in quadratic time.
    let one_line = card_with_parameters(350_000, 1, 0);
    assert!(one_line.len() > 2_000_000);
    let started = std::time::Instant::now();
    let result = vcard::parse(one_line.as_bytes());
    let took = started.elapsed();
    assert!(took.as_secs() < 5, "{took:?}");
    let err = result.unwrap_err().to_string();
    assert!(err.starts_with("line 4:"), "{err}");
    assert!(err.contains("parameters"), "{err}");
    // As many parameters spread over lines within the limit: all read.
    let spread = card_with_parameters(1, vcard::MAX_PARAMETERS, 2_000_000);
    let started = std::time::Instant::now();
    let cards = vcard::parse(spread.as_bytes()).unwrap();
    let took = started.elapsed();
    assert!(took.as_secs() < 5, "{took:?}");
    assert_eq!(cards.len(), 1);
    assert_eq!(cards[0].1.name, "Ada");
}

#[test]
fn a_vcard_line_or_property_past_its_limit_is_refused_naming_the_line() {
    use steward_core::interchange::vcard;
    let at_limit = card_with_parameters(vcard::MAX_PARAMETERS, 1, 0);
    assert_eq!(vcard::parse(at_limit.as_bytes()).unwrap().len(), 1);
    let over = card_with_parameters(vcard::MAX_PARAMETERS + 1, 1, 0);
    let err = vcard::parse(over.as_bytes()).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "line 4: a property has more than {} parameters",
            vcard::MAX_PARAMETERS
        )
    );
    // Parameters continued on folded lines count toward the same property.
    let folded = format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nNOTE{}:x\r\nEND:VCARD\r\n",
        ";TYPE=A\r\n ".repeat(vcard::MAX_PARAMETERS + 1)
    );
    let err = vcard::parse(folded.as_bytes()).unwrap_err().to_string();
    assert!(err.starts_with("line 4: a property has more than"), "{err}");
    // A long value, folded or not, is refused past the line limit, which
    // counts the property's octets once unfolded.
    let long = format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nX-BLOB:{}\r\nEND:VCARD\r\n",
        "abcdefg\r\n ".repeat(vcard::MAX_LINE_BYTES / 7 + 1)
    );
    let err = vcard::parse(long.as_bytes()).unwrap_err().to_string();
    assert!(
        err.starts_with("line 4: the property is longer than"),
        "{err}"
    );
    let err = v_import_error(long.as_bytes());
    assert!(err.starts_with("line 4:"), "{err}");
}

fn v_import_error(bytes: &[u8]) -> String {
    let mut v = new_vault();
    v.session()
        .import_vcard(bytes, &ImportOptions::default(), &mut |_, _| {})
        .unwrap_err()
        .to_string()
}

#[test]
fn a_broken_vcard_file_names_the_card_and_imports_nothing() {
    let mut v = new_vault();
    let mut bytes = vcard_fixture("apple-contacts.vcf");
    bytes.extend_from_slice(b"BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:no name\r\nEND:VCARD\r\n");
    let err = v
        .session()
        .import_vcard(&bytes, &ImportOptions::default(), &mut |_, _| {})
        .unwrap_err();
    assert!(err.to_string().starts_with("card 3:"), "{err}");
    assert!(names(&mut v).is_empty());
    let err = v
        .session()
        .import_vcard(b"hello", &ImportOptions::default(), &mut |_, _| {})
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
}

#[test]
fn export_needs_the_permission_and_is_recorded() {
    let mut v = new_vault();
    import(&mut v, HUBSPOT, OnDuplicate::Skip, false).unwrap();
    let agent = user_session(&mut v, "agnes", Role::Agent);
    let err = agent
        .export_contacts(ExportFormat::Csv, None, &mut Vec::new())
        .unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    let mut out = Vec::new();
    assert_eq!(
        v.session()
            .export_contacts(ExportFormat::Vcard, None, &mut out)
            .unwrap(),
        2
    );
    let exports = v
        .session()
        .audit_entries(&steward_core::audit::AuditFilter {
            action: Some("contact.export".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(
        exports[0].details.contains(r#""contacts":2"#),
        "{}",
        exports[0].details
    );
}

fn text() -> impl Strategy<Value = String> {
    // Printable text with the characters CSV and vCard must escape.
    proptest::string::string_regex("[A-Za-zÄÖüéß0-9 ,;:\"'\\\\\\n-]{1,30}")
        .unwrap()
        .prop_map(|s| s.trim().to_owned())
}

fn contact() -> impl Strategy<Value = NewContact> {
    (
        "[A-Z][a-z]{1,8} [A-Z][a-z]{1,10}",
        proptest::collection::vec("[a-z]{1,8}@[a-z]{1,8}\\.example", 0..3),
        proptest::collection::vec("\\+[1-9][0-9]{6,11}", 0..3),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::collection::vec("[a-z]{2,8}", 0..3),
    )
        .prop_map(|(name, emails, phones, company, notes, tags)| NewContact {
            name,
            emails,
            phones,
            company: company.filter(|s| !s.is_empty()),
            notes: notes.filter(|s| !s.is_empty()),
            tags,
            ..NewContact::default()
        })
}

/// Name, e-mails, phones, company, notes, tags.
type Row = (
    String,
    Vec<String>,
    Vec<String>,
    Option<String>,
    Option<String>,
    Vec<String>,
);

fn snapshot(v: &mut TestVault) -> Vec<Row> {
    let ids: Vec<i64> = v
        .session()
        .list_contacts(None, 500)
        .unwrap()
        .items
        .iter()
        .map(|c| c.id)
        .collect();
    let mut out: Vec<_> = ids
        .into_iter()
        .map(|id| {
            let c = v.session().get_contact(id).unwrap();
            (c.name, c.emails, c.phones, c.company, c.notes, c.tags)
        })
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn exports_round_trip_through_csv_and_vcard(contacts in proptest::collection::vec(contact(), 1..6)) {
        let mut source = new_vault();
        for c in &contacts {
            source.session().add_contact(c).unwrap();
        }
        let expected = snapshot(&mut source);
        for format in [ExportFormat::Csv, ExportFormat::ExcelCsv, ExportFormat::Vcard] {
            let mut bytes = Vec::new();
            source.session().export_contacts(format, None, &mut bytes).unwrap();
            let mut target = new_vault();
            let options = ImportOptions { on_duplicate: OnDuplicate::Create, ..ImportOptions::default() };
            match format {
                ExportFormat::Csv | ExportFormat::ExcelCsv => {
                    let mapping = preview_csv(&bytes).unwrap().suggested;
                    target.session().import_csv(&bytes, &ImportOptions { mapping, ..options }, &mut |_, _| {}).unwrap();
                }
                ExportFormat::Vcard => {
                    target.session().import_vcard(&bytes, &options, &mut |_, _| {}).unwrap();
                }
            }
            prop_assert_eq!(&snapshot(&mut target), &expected, "{:?}", format);
        }
    }
}

#[test]
fn a_merge_only_touches_contacts_the_importer_may_edit_and_is_recorded() {
    let mut v = new_vault();
    import(&mut v, HUBSPOT, OnDuplicate::Skip, false).unwrap();
    let mut agent = user_session(&mut v, "agnes", Role::Agent);
    let csv = "Name,Email,Title\nAda L.,ada@example.com,Agent's guess\n";
    let preview = preview_csv(csv.as_bytes()).unwrap();
    let report = agent
        .import_csv(
            csv.as_bytes(),
            &ImportOptions {
                mapping: preview.suggested,
                on_duplicate: OnDuplicate::Merge,
                dry_run: false,
                custom_columns: Vec::new(),
                readmit_known: false,
                encoding: None,
                notes_as_activities: false,
                skip_rejected: false,
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(
        (report.merged, report.skipped),
        (0, 1),
        "the agent may not edit the owner's contact"
    );
    agent.lock().unwrap();
    let merged = import(&mut v, csv, OnDuplicate::Merge, false).unwrap();
    assert_eq!(merged.merged, 1);
    let updates = v
        .session()
        .audit_entries(&steward_core::audit::AuditFilter {
            action: Some("contact.update".into()),
            ..Default::default()
        })
        .unwrap();
    assert!(
        updates[0].details.contains("import_id"),
        "{}",
        updates[0].details
    );
}

#[test]
fn csv_exports_neutralise_formulas_and_import_them_back_as_text() {
    let mut v = new_vault();
    v.session()
        .add_contact(&NewContact {
            name: "=HYPERLINK(\"x\")".into(),
            phones: vec!["+44 20 7946 0000".into()],
            ..NewContact::default()
        })
        .unwrap();
    let mut out = Vec::new();
    v.session()
        .export_contacts(ExportFormat::Csv, None, &mut out)
        .unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
    assert!(text.contains("'+44 20 7946 0000"), "{text}");
    let mut other = new_vault();
    let mapping = preview_csv(&out).unwrap().suggested;
    other
        .session()
        .import_csv(
            &out,
            &ImportOptions {
                mapping,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    let id = other.session().list_contacts(None, 5).unwrap().items[0].id;
    let c = other.session().get_contact(id).unwrap();
    assert_eq!(c.name, "=HYPERLINK(\"x\")");
    assert_eq!(c.phones, ["+44 20 7946 0000"]);
}

#[test]
fn the_excel_csv_export_has_semicolons_a_bom_crlf_and_the_formula_guard() {
    let mut v = new_vault();
    v.session()
        .add_contact(&NewContact {
            name: "Ioana Popescu".into(),
            company: Some("=SUM(A1; B1)".into()),
            address: steward_core::records::contacts::Address {
                city: Some("Brașov".into()),
                ..Default::default()
            },
            ..NewContact::default()
        })
        .unwrap();
    let mut out = Vec::new();
    v.session()
        .export_contacts(ExportFormat::ExcelCsv, None, &mut out)
        .unwrap();
    assert!(
        out.starts_with(b"\xEF\xBB\xBFName;Email;Email 2;"),
        "{out:?}"
    );
    let text = String::from_utf8(out[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(lines.len(), 2, "{text:?}");
    assert!(
        lines[1].starts_with("Ioana Popescu;;;;;;;\"'=SUM(A1; B1)\";;;Brașov;"),
        "{text:?}"
    );
    let preview = preview_csv(&out).unwrap();
    assert_eq!((preview.encoding, preview.delimiter), ("UTF-8", ';'));
    assert_eq!(preview.sample[0][7], "'=SUM(A1; B1)");
}

#[test]
fn a_custom_field_label_is_protected_in_the_csv_header_and_still_suggested_on_import() {
    use steward_core::records::custom_fields::CustomFieldKind;
    let mut v = new_vault();
    v.session()
        .add_custom_field(
            "member",
            "=HYPERLINK(\"http://evil.example\")",
            CustomFieldKind::Text,
        )
        .unwrap();
    v.session()
        .add_contact(&NewContact {
            name: "Ada".into(),
            ..NewContact::default()
        })
        .unwrap();
    let mut out = Vec::new();
    v.session()
        .export_contacts(ExportFormat::Csv, None, &mut out)
        .unwrap();
    let text = String::from_utf8(out.clone()).unwrap();
    let header = text.lines().next().unwrap();
    assert!(
        header.ends_with("\"'=HYPERLINK(\"\"http://evil.example\"\")\""),
        "{header}"
    );
    // The import still recognises the column as that field.
    let preview = v.session().preview_csv(&out).unwrap();
    assert_eq!(
        preview.suggested_custom.last().unwrap().as_deref(),
        Some("member")
    );
}

#[test]
fn only_users_who_may_import_get_a_preview_through_the_session() {
    let mut v = new_vault();
    let viewer = user_session(&mut v, "vic", Role::Viewer);
    let err = viewer.preview_csv(HUBSPOT.as_bytes()).unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err}");
    assert_eq!(v.session().preview_csv(HUBSPOT.as_bytes()).unwrap().rows, 2);
}

/// Text with what vCard must escape or fold: commas, semicolons, colons,
/// backslashes, quotes, line breaks, and letters of several octets.
fn rich_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[A-Za-zăâîșțĂÂÎȘȚüß€漢字 ,;:\"'\\\\\\n=-]{1,40}")
        .unwrap()
        .prop_map(|s| s.trim().to_owned())
}

/// A contact with every ordinary field but custom ones filled at random.
fn rich_contact() -> impl Strategy<Value = NewContact> {
    let opt = || proptest::option::of(rich_text()).prop_map(|t| t.filter(|t| !t.is_empty()));
    (
        "[A-ZĂȘȚ][a-zăâîșț]{1,8}( [A-ZĂȘȚ][a-zăâîșț-]{1,10}){0,2}",
        proptest::collection::vec("[a-z0-9.]{1,8}@[a-z]{1,8}\\.example", 0..4),
        proptest::collection::vec(
            "(\\+40 |0)[1-9][0-9]{2}[ .-]?[0-9]{3}[ -]?[0-9]{3}( x[0-9]{1,3})?",
            0..4,
        ),
        (opt(), opt(), opt(), opt()),
        (opt(), opt(), opt(), opt(), opt()),
        // No run of spaces after a comma or semicolon in a tag: `calcard`
        // reads `CATEGORIES:a\,  b` as `a, b` (import-formats.md).
        proptest::collection::vec("[a-zăîșțA-Z0-9,;]{1,6}( [a-zăîșțA-Z0-9,;]{1,6})?", 0..4),
    )
        .prop_map(
            |(
                name,
                emails,
                phones,
                (company, title, source, notes),
                (street, city, postal_code, region, country),
                tags,
            )| {
                NewContact {
                    name,
                    emails,
                    phones,
                    company,
                    title,
                    source,
                    notes,
                    address: steward_core::records::contacts::Address {
                        street,
                        city,
                        postal_code,
                        region,
                        country,
                    },
                    tags: tags
                        .into_iter()
                        .map(|t| t.trim().to_owned())
                        .filter(|t| !t.is_empty())
                        .collect(),
                    ..NewContact::default()
                }
            },
        )
}

/// Every ordinary field of every contact, sorted by name.
fn full_snapshot(v: &mut TestVault) -> Vec<steward_core::records::contacts::Contact> {
    let ids: Vec<i64> = v
        .session()
        .list_contacts(None, 500)
        .unwrap()
        .items
        .iter()
        .map(|c| c.id)
        .collect();
    let mut out: Vec<_> = ids
        .into_iter()
        .map(|id| {
            let mut c = v.session().get_contact(id).unwrap();
            // What an export never carries: ids, owners and times (an
            // import links the company name to a company record anew).
            c.id = 0;
            c.company_id = None;
            c.owner_id = 0;
            c.created_at.clear();
            c.updated_at.clear();
            c
        })
        .collect();
    out.sort_by(|a, b| (&a.name, &a.emails).cmp(&(&b.name, &b.emails)));
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// A vCard export read back by Steward loses no field it carries:
    /// every ordinary field (custom fields aside), the primary e-mail and
    /// phone, text with commas, semicolons, colons, backslashes, line
    /// breaks and non-ASCII letters, tags with commas and semicolons.
    #[test]
    fn a_vcard_export_reimports_with_no_loss(contacts in proptest::collection::vec(rich_contact(), 1..5)) {
        let mut source = new_vault();
        for c in &contacts {
            source.session().add_contact(c).unwrap();
        }
        let expected = full_snapshot(&mut source);
        let mut bytes = Vec::new();
        source.session().export_contacts(ExportFormat::Vcard, None, &mut bytes).unwrap();
        let mut target = new_vault();
        let options = ImportOptions { on_duplicate: OnDuplicate::Create, ..ImportOptions::default() };
        target.session().import_vcard(&bytes, &options, &mut |_, _| {}).unwrap();
        prop_assert_eq!(full_snapshot(&mut target), expected);
    }
}

#[test]
fn an_import_leaves_the_full_text_indexs_merging_as_it_found_it() {
    let automerge = |v: &TestVault| -> Option<i64> {
        raw(v)
            .query_row(
                "SELECT v FROM search_index_config WHERE k = 'automerge'",
                [],
                |r| r.get(0),
            )
            .ok()
    };
    let mut v = new_vault();
    // A dry run rolls back the import's setting with everything else.
    import(&mut v, HUBSPOT, OnDuplicate::Create, true).unwrap();
    v.lock();
    assert_eq!(automerge(&v), None);
    v.unlock();
    import(&mut v, HUBSPOT, OnDuplicate::Create, false).unwrap();
    v.lock();
    assert_eq!(automerge(&v), Some(4), "FTS5's default");
    v.unlock();
    let hits = v.session().search("lovelace", 10).unwrap();
    assert_eq!(hits.len(), 1);
}

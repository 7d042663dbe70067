//! Per-record problems: a dry run lists each rejected or warned record and
//! what became of it; `skip_rejected` imports the good records around the
//! bad ones; the rejected ones come back as CSV with their reason.

use steward_core::interchange::{
    ImportOptions, ImportReport, MAX_ROW_PROBLEMS, OnDuplicate, RowFate, preview_csv,
};
use steward_core::locale::Language;
use steward_core::{Error, Role};

use crate::fixtures::*;

fn long_name() -> String {
    "N".repeat(301)
}

/// Ada (warned: bad e-mail, unread birthday), a 301-character name
/// (rejected), Alan (fine), a row with only a phone, so no name (rejected), Grace
/// (duplicate of Alan by e-mail, skipped, warned: bad e-mail).
fn file() -> String {
    format!(
        "Name;Email;Phone;Birthday\n\
Ada Lovelace;not-an-address;;31.02.1815\n\
{};x@example.com;;\n\
Alan Turing;alan@example.org;;\n\
;;0723 456 789;\n\
Grace Hopper;alan@example.org, bad address;;\n",
        long_name()
    )
}

fn options(csv: &str, dry_run: bool, skip_rejected: bool) -> ImportOptions {
    ImportOptions {
        mapping: preview_csv(csv.as_bytes()).unwrap().suggested,
        on_duplicate: OnDuplicate::Skip,
        dry_run,
        skip_rejected,
        ..ImportOptions::default()
    }
}

fn run(
    v: &mut TestVault,
    csv: &str,
    dry_run: bool,
    skip: bool,
) -> steward_core::Result<ImportReport> {
    v.session()
        .import_csv(csv.as_bytes(), &options(csv, dry_run, skip), &mut |_, _| {})
}

fn names(v: &mut TestVault) -> Vec<String> {
    let mut names: Vec<String> = v
        .session()
        .list_contacts(None, 500)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.name)
        .collect();
    names.sort();
    names
}

#[test]
fn without_skip_rejected_the_first_bad_record_still_refuses_the_file() {
    let mut v = new_vault();
    let csv = file();
    let e = run(&mut v, &csv, false, false).unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    assert_eq!(
        e.to_string(),
        "line 3: the name is 301 characters long; the limit is 300"
    );
    // With a reason and its values, so a screen can say it in its language.
    let invalid = e.invalid_input().unwrap();
    assert_eq!(invalid.reason(), Some("row-rejected"));
    let params: Vec<(&str, &str)> = invalid
        .params()
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    assert_eq!(
        params,
        [
            ("length", "301"),
            ("limit", "300"),
            ("place", "line 3"),
            ("problem", "name-too-long")
        ]
    );
    assert!(names(&mut v).is_empty());
}

#[test]
fn a_dry_run_lists_every_rejected_and_warned_record_with_its_fate() {
    let mut v = new_vault();
    let csv = file();
    let r = run(&mut v, &csv, true, false).unwrap();
    assert_eq!(r.records, 5);
    assert_eq!((r.created, r.skipped, r.rejected, r.warned), (2, 1, 2, 2));
    assert_eq!(r.problems_left_off, 0);
    let rows: Vec<(&str, RowFate, Option<&str>, Vec<&str>)> = r
        .problems
        .iter()
        .map(|p| {
            (
                p.place.as_str(),
                p.fate,
                p.rejected.as_ref().map(|n| n.code),
                p.warnings.iter().map(|n| n.code).collect(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "line 2",
                RowFate::Created,
                None,
                vec!["email-invalid", "birthday-unread"]
            ),
            ("line 3", RowFate::Rejected, Some("name-too-long"), vec![]),
            ("line 5", RowFate::Rejected, Some("no-name"), vec![]),
            ("line 6", RowFate::Skipped, None, vec!["email-invalid"]),
        ]
    );
    // No value from the file is in a message.
    for p in &r.problems {
        for n in p.rejected.iter().chain(&p.warnings) {
            assert!(!n.message.contains("not-an-address") && !n.message.contains("NNN"));
        }
    }
    assert!(names(&mut v).is_empty());
    assert!(all_audit_text(&v).contains("\"rejected\":2"));
}

#[test]
fn skip_rejected_imports_the_good_records_and_counts_the_rest() {
    let mut v = new_vault();
    let csv = file();
    let r = run(&mut v, &csv, false, true).unwrap();
    assert!(r.import_id.is_some());
    assert_eq!((r.created, r.skipped, r.rejected), (2, 1, 2));
    assert_eq!(names(&mut v), ["Ada Lovelace", "Alan Turing"]);
    let audit = all_audit_text(&v);
    let entry = audit.lines().find(|l| l.starts_with("import.csv")).unwrap();
    assert!(
        entry.contains("\"rejected\":2") && entry.contains("\"warned\":2"),
        "{entry}"
    );
}

#[test]
fn a_merged_record_with_a_warning_names_the_contact_it_went_into() {
    let mut v = new_vault();
    let first = "Name,Email\nAlan Turing,alan@example.org\n";
    run(&mut v, first, false, false).unwrap();
    let id = v.session().list_contacts(None, 5).unwrap().items[0].id;
    let csv = "Name,Email\nAlan M. Turing,\"alan@example.org, bad address\"\n";
    let mut o = options(csv, false, true);
    o.on_duplicate = OnDuplicate::Merge;
    let r = v
        .session()
        .import_csv(csv.as_bytes(), &o, &mut |_, _| {})
        .unwrap();
    assert_eq!(r.merged, 1);
    assert_eq!(r.problems[0].fate, RowFate::Merged(id));
}

#[test]
fn a_broken_file_is_refused_whole_even_with_skip_rejected() {
    let mut v = new_vault();
    let csv =
        "Name,Email\nAda,ada@example.com\nAlan,alan@example.org,extra,cells\nGrace,g@example.com\n";
    let o = ImportOptions {
        mapping: preview_csv(b"Name,Email\nAda,a@b.c\n").unwrap().suggested,
        skip_rejected: true,
        ..ImportOptions::default()
    };
    assert!(
        v.session()
            .import_csv(csv.as_bytes(), &o, &mut |_, _| {})
            .is_err()
    );
    assert!(names(&mut v).is_empty());
}

#[test]
fn the_problem_list_is_capped_and_counts_the_rest() {
    let mut v = new_vault();
    let mut csv = String::from("Name,Email\n");
    for i in 0..MAX_ROW_PROBLEMS + 25 {
        csv.push_str(&format!("Person {i},bad{i}\n"));
    }
    let r = run(&mut v, &csv, true, false).unwrap();
    assert_eq!(r.warned, MAX_ROW_PROBLEMS + 25);
    assert_eq!(r.problems.len(), MAX_ROW_PROBLEMS);
    assert_eq!(r.problems_left_off, 25);
}

#[test]
fn a_flagged_phone_and_a_birthday_read_two_ways_are_warnings() {
    let mut v = new_vault();
    let csv = "Name,Phone,Birthday\nAda,not a number at all 123,03/04/1980\n";
    let r = run(&mut v, csv, true, false).unwrap();
    let codes: Vec<&str> = r.problems[0].warnings.iter().map(|n| n.code).collect();
    assert_eq!(codes, ["birthday-ambiguous", "phone-unparseable"]);
}

#[test]
fn a_vcard_birthday_without_permission_is_a_warning() {
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "agent1", Role::Agent);
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nBDAY:1815-12-10\r\nEND:VCARD\r\n";
    let r = agent
        .import_vcard(
            card.as_bytes(),
            &ImportOptions {
                dry_run: true,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(r.problems[0].place, "card 1");
    assert_eq!(r.problems[0].warnings[0].code, "sensitive-not-permitted");
}

#[test]
fn the_rejected_rows_come_back_as_csv_with_their_reason_and_are_audited() {
    let mut v = new_vault();
    let csv = file().replace("Alan Turing", "=Alan Turing");
    let mut out = Vec::new();
    let n = v
        .session()
        .write_rejected_rows("csv", csv.as_bytes(), &options(&csv, false, true), &mut out)
        .unwrap();
    assert_eq!(n, 2);
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        format!(
            "\u{feff}Name;Email;Phone;Birthday;Reason\n\
{};x@example.com;;;the name is 301 characters long; the limit is 300\n\
;;0723 456 789;;a contact needs a name\n",
            long_name()
        )
        .replace(
            ";the name is 301 characters long; the limit is 300",
            ";\"the name is 301 characters long; the limit is 300\""
        )
    );
    // Read back, it imports as a file of its own (with nothing to fix, the
    // same rows are rejected again).
    let preview = preview_csv(text.as_bytes()).unwrap();
    assert_eq!(preview.rows, 2);
    let audit = all_audit_text(&v);
    let entry = audit
        .lines()
        .find(|l| l.starts_with("contact.export export rejected-rows"))
        .unwrap();
    assert!(
        entry.contains("\"rows\":2") && !entry.contains("NNN"),
        "{entry}"
    );
}

#[test]
fn a_romanian_vaults_rejected_rows_give_their_reasons_in_romanian() {
    let mut v = new_vault();
    v.session().set_vault_language(Language::Ro).unwrap();
    let csv = format!(
        "Name;Email;Postal Code;Tags\n\
{};;;\n\
;;;vip\n\
Ada;ada@example.com;{};\n\
Alan;alan@example.com;;a\u{7}b\n\
Grace;{};;\n\
Mary;mary@example.com;;\n",
        long_name(),
        "1".repeat(320),
        (0..21)
            .map(|i| format!("g{i}@example.com"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let mut out = Vec::new();
    let n = v
        .session()
        .write_rejected_rows("csv", csv.as_bytes(), &options(&csv, false, true), &mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    let reasons: Vec<&str> = text
        .lines()
        .map(|l| l.rsplit(';').next().unwrap().trim_matches(['"', ' ']))
        .collect();
    assert_eq!(
        reasons,
        [
            "Motiv",
            "limita este 300",
            "un contact are nevoie de un nume",
            "limita este 300",
            "câmpul „Etichete” conține caractere de control",
            "un contact poate avea cel mult 20 de valori în câmpul „E-mail”",
        ],
        "{text}"
    );
    assert_eq!(n, 5);
    assert!(
        text.contains("\"numele are 301 caractere; limita este 300\"")
            && text.contains("\"câmpul „Cod poștal” are 320 de caractere; limita este 300\""),
        "{text}"
    );
    // The English file keeps core's sentences.
    v.session().set_vault_language(Language::En).unwrap();
    let mut out = Vec::new();
    v.session()
        .write_rejected_rows("csv", csv.as_bytes(), &options(&csv, false, true), &mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("a contact needs a name") && !text.contains("nume"),
        "{text}"
    );
}

#[test]
fn rejected_cards_come_back_with_their_name_email_and_phone() {
    let mut v = new_vault();
    let card = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nEMAIL:x@example.com\r\nTEL:+40 723 456 789\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n",
        long_name()
    );
    let mut out = Vec::new();
    let n = v
        .session()
        .write_rejected_rows(
            "vcard",
            card.as_bytes(),
            &ImportOptions::default(),
            &mut out,
        )
        .unwrap();
    assert_eq!(n, 1);
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        format!(
            "\u{feff}Card,Name,E-mail,Phone,Reason\ncard 1,{},x@example.com,'+40 723 456 789,the name is 301 characters long; the limit is 300\n",
            long_name()
        )
    );
    // In a Romanian vault the headers, places and reasons Steward adds
    // are Romanian.
    v.session().set_vault_language(Language::Ro).unwrap();
    let mut out = Vec::new();
    v.session()
        .write_rejected_rows(
            "vcard",
            card.as_bytes(),
            &ImportOptions::default(),
            &mut out,
        )
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text,
        format!(
            "\u{feff}Fișă,Nume,E-mail,Telefon,Motiv\nfișa 1,{},x@example.com,'+40 723 456 789,numele are 301 caractere; limita este 300\n",
            long_name()
        )
    );
    let audit = all_audit_text(&v);
    assert!(
        audit
            .lines()
            .any(|l| l.starts_with("contact.export export rejected-rows")
                && l.contains("\"language\":\"ro\"")),
        "{audit}"
    );
}

#[test]
fn a_user_who_may_not_import_gets_no_rejected_rows() {
    let mut v = new_vault();
    let viewer = user_session(&mut v, "viewer1", Role::Viewer);
    let csv = file();
    let e = viewer
        .write_rejected_rows(
            "csv",
            csv.as_bytes(),
            &ImportOptions::default(),
            &mut Vec::new(),
        )
        .unwrap_err();
    assert!(matches!(e, Error::PermissionDenied { .. }), "{e:?}");
}

#[test]
fn a_vcard_reports_what_it_left_out_and_rejects_a_nameless_card_only_when_asked() {
    let mut v = new_vault();
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:not an address\r\nTEL:12\r\nBDAY:sometime\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:no name at all\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nEND:VCARD\r\n";
    let import = |v: &mut TestVault, skip_rejected: bool| {
        v.session().import_vcard(
            cards.as_bytes(),
            &ImportOptions {
                skip_rejected,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
    };
    // As before: the nameless card refuses the file, with its own message.
    let e = import(&mut v, false).unwrap_err();
    assert_eq!(
        e.to_string(),
        "card 2: the card has no name (FN, N, ORG or EMAIL)"
    );
    let invalid = e.invalid_input().unwrap();
    assert_eq!(invalid.reason(), Some("row-rejected"));
    assert_eq!(invalid.params()["place"], "card 2");
    assert_eq!(invalid.params()["problem"], "no-name");
    let r = import(&mut v, true).unwrap();
    assert_eq!((r.created, r.rejected, r.warned), (2, 1, 1));
    assert_eq!(r.problems[0].place, "card 1");
    let codes: Vec<&str> = r.problems[0].warnings.iter().map(|n| n.code).collect();
    assert_eq!(
        codes,
        ["email-invalid", "phone-unusable", "birthday-unread"]
    );
    assert_eq!(r.problems[1].place, "card 2");
    assert_eq!(r.problems[1].rejected.as_ref().unwrap().code, "no-name");
    assert_eq!(names(&mut v), ["Ada Lovelace", "Alan Turing"]);
}

/// The code of each problem of a dry run's first record, with its values.
fn notes_of(csv: &str) -> Vec<(&'static str, Vec<(&'static str, String)>)> {
    let mut v = new_vault();
    let r = run(&mut v, csv, true, false).unwrap();
    let p = &r.problems[0];
    p.rejected
        .iter()
        .chain(&p.warnings)
        .map(|n| {
            let params = n.params.iter().map(|(k, v)| (*k, v.clone())).collect();
            (n.code, params)
        })
        .collect()
}

fn params(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
}

#[test]
fn the_problems_that_carry_values_carry_them_as_parameters() {
    let csv = format!("Name,Email\n{},a@b.c\n", long_name());
    assert_eq!(
        notes_of(&csv),
        [(
            "name-too-long",
            params(&[("length", "301"), ("limit", "300")])
        )]
    );
    let csv = format!("Name,Postal Code\nAda,{}\n", "9".repeat(305));
    assert_eq!(
        notes_of(&csv),
        [(
            "value-too-long",
            params(&[
                ("field", "postal-code"),
                ("length", "305"),
                ("limit", "300")
            ])
        )]
    );
    let csv = "Name,Company\nAda,Bad\u{7}Bell\n";
    assert_eq!(
        notes_of(csv),
        [("control-characters", params(&[("field", "company")]))]
    );
    let emails: Vec<String> = (0..21).map(|n| format!("a{n}@example.com")).collect();
    let csv = format!("Name,Email\nAda,\"{}\"\n", emails.join(";"));
    assert_eq!(
        notes_of(&csv),
        [(
            "too-many-values",
            params(&[("field", "email"), ("limit", "20")])
        )]
    );
    let csv = "Name;Phone\nAda;+40 723 456 789, not a number at all 123\n";
    assert_eq!(
        notes_of(csv),
        [("phone-unparseable", params(&[("position", "2")]))]
    );
    // A problem whose sentence names no value has no parameters.
    assert_eq!(
        notes_of("Name;Phone\n;0723 456 789\n"),
        [("no-name", params(&[]))]
    );
}

#[test]
fn a_problem_with_values_holds_none_from_the_file() {
    let csv = "Name,Company\nAda,Secret\u{7}Value\n";
    let mut v = new_vault();
    let r = run(&mut v, csv, true, false).unwrap();
    let note = r.problems[0].rejected.as_ref().unwrap();
    assert!(!note.message.contains("Secret"), "{}", note.message);
    assert!(note.params.values().all(|v| !v.contains("Secret")));
}

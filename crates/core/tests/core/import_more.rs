//! What an import brings besides contacts: company records, objections to
//! direct marketing, and notes as activities; and what undoing it removes.

use steward_core::interchange::{ImportOptions, ImportReport, OnDuplicate, preview_csv};
use steward_core::records::activities::{About, ActivityKind};
use steward_core::records::companies::NewCompany;
use steward_core::records::contacts::NewContact;

use crate::fixtures::*;

fn import_with(v: &mut TestVault, csv: &str, options: ImportOptions) -> ImportReport {
    let preview = preview_csv(csv.as_bytes()).unwrap();
    v.session()
        .import_csv(
            csv.as_bytes(),
            &ImportOptions {
                mapping: preview.suggested,
                ..options
            },
            &mut |_, _| {},
        )
        .unwrap()
}

fn import(v: &mut TestVault, csv: &str) -> ImportReport {
    import_with(v, csv, ImportOptions::default())
}

/// The id of the only contact named `name`.
fn contact(v: &mut TestVault, name: &str) -> i64 {
    let found: Vec<i64> = v
        .session()
        .list_contacts(None, 500)
        .unwrap()
        .items
        .into_iter()
        .filter(|c| c.name == name)
        .map(|c| c.id)
        .collect();
    assert_eq!(found.len(), 1, "contacts named {name}");
    found[0]
}

/// Live companies by name, each with its contact count.
fn companies(v: &mut TestVault) -> Vec<(String, u64)> {
    v.session()
        .list_companies(None, 500)
        .unwrap()
        .items
        .into_iter()
        .map(|c| (c.name, c.contact_count))
        .collect()
}

#[test]
fn company_names_link_to_existing_companies_or_new_ones_that_undo_removes() {
    let mut v = new_vault();
    let acme = v
        .session()
        .add_company(&NewCompany {
            name: "Acme SRL".into(),
            ..NewCompany::default()
        })
        .unwrap();
    // Already in the vault, linked to Acme; the import merges into her.
    v.session()
        .add_contact(&NewContact {
            name: "Ioana Pop".into(),
            emails: vec!["ioana@example.ro".into()],
            ..NewContact::default()
        })
        .unwrap();
    let csv = "Name,Email,Company\n\
Ana Radu,ana@example.ro,acme   srl\n\
Dan Ene,dan@example.ro,Beta  GmbH\n\
Eva Stan,eva@example.ro,BETA GMBH\n\
Ioana Pop,ioana@example.ro,ACME SRL\n\
Fara Firma,fara@example.ro,\n";
    let report = import_with(
        &mut v,
        csv,
        ImportOptions {
            on_duplicate: OnDuplicate::Merge,
            ..ImportOptions::default()
        },
    );
    assert_eq!((report.created, report.merged), (4, 1));
    assert_eq!(report.companies_created, 1);
    assert_eq!(report.companies_linked, 4);
    assert_eq!(
        companies(&mut v),
        [("Acme SRL".to_owned(), 2), ("Beta GmbH".to_owned(), 2)]
    );
    let ana = contact(&mut v, "Ana Radu");
    let ana = v.session().get_contact(ana).unwrap();
    assert_eq!(ana.company_id, Some(acme));
    // The contact keeps the name as the file wrote it.
    assert_eq!(ana.company.as_deref(), Some("acme   srl"));
    let ioana = contact(&mut v, "Ioana Pop");
    assert_eq!(
        v.session().get_contact(ioana).unwrap().company_id,
        Some(acme)
    );
    let fara = contact(&mut v, "Fara Firma");
    assert_eq!(v.session().get_contact(fara).unwrap().company_id, None);
    let audit = all_audit_text(&v);
    assert!(audit.contains("\"companies_created\":1"), "{audit}");
    assert!(audit.contains("\"companies_linked\":4"), "{audit}");

    let undo = v.session().undo_import(report.import_id.unwrap()).unwrap();
    assert_eq!((undo.removed, undo.restored), (4, 1));
    assert_eq!(undo.companies_removed, 1);
    // Acme was not the import's; Ioana is as she was, unlinked.
    assert_eq!(companies(&mut v), [("Acme SRL".to_owned(), 0)]);
    let ioana = v.session().get_contact(ioana).unwrap();
    assert_eq!((ioana.company, ioana.company_id), (None, None));
    assert!(v.session().search("Beta", 10).unwrap().is_empty());
}

#[test]
fn undo_keeps_a_company_the_import_created_once_something_else_uses_it() {
    let mut v = new_vault();
    let report = import(
        &mut v,
        "Name,Company\nAna Radu,Gamma SA\nDan Ene,Delta SA\n",
    );
    assert_eq!(report.companies_created, 2);
    // Someone adds a contact of Gamma after the import.
    v.session()
        .add_contact(&NewContact {
            name: "Later Person".into(),
            company: Some("Gamma SA".into()),
            ..NewContact::default()
        })
        .unwrap();
    let undo = v.session().undo_import(report.import_id.unwrap()).unwrap();
    assert_eq!(undo.companies_removed, 1);
    assert_eq!(companies(&mut v), [("Gamma SA".to_owned(), 1)]);
}

#[test]
fn companies_and_notes_an_import_makes_between_its_contacts_are_all_searchable() {
    use steward_core::search::Kind;
    // Each new company and note comes between two contacts, so their
    // search entries are written after the contacts' (see `write_import`).
    let mut v = new_vault();
    let report = import_with(
        &mut v,
        "Name,Company,Notes
         Ana Radu,Harbor Logistics,asks about pallets
         Dan Ene,Summit Bakery,wants croissants
         Ion Pop,Harbor Logistics,pays in lei
",
        ImportOptions {
            notes_as_activities: true,
            ..ImportOptions::default()
        },
    );
    assert_eq!(
        (
            report.created,
            report.companies_created,
            report.activities_created
        ),
        (3, 2, 3)
    );
    let found = |v: &mut TestVault, q: &str, kind: Kind| -> Vec<String> {
        let mut titles: Vec<String> = v
            .session()
            .search(q, 50)
            .unwrap()
            .into_iter()
            .filter(|h| h.kind == kind)
            .map(|h| h.title)
            .collect();
        titles.sort();
        titles
    };
    // Found by a word that is not the start of their names: the full-text
    // index only.
    assert_eq!(
        found(&mut v, "logistics", Kind::Company),
        ["Harbor Logistics"]
    );
    assert_eq!(found(&mut v, "bakery", Kind::Company), ["Summit Bakery"]);
    assert_eq!(
        found(&mut v, "logistics", Kind::Contact),
        ["Ana Radu", "Ion Pop"]
    );
    assert_eq!(found(&mut v, "radu", Kind::Contact), ["Ana Radu"]);
    for (word, note) in [
        ("pallets", "asks about pallets"),
        ("croissants", "wants croissants"),
        ("lei", "pays in lei"),
    ] {
        assert_eq!(found(&mut v, word, Kind::Activity), [note], "{word}");
    }
}

#[test]
fn a_dry_run_creates_no_company_but_counts_them() {
    let mut v = new_vault();
    let report = import_with(
        &mut v,
        "Name,Company\nAna Radu,Gamma SA\n",
        ImportOptions {
            dry_run: true,
            ..ImportOptions::default()
        },
    );
    assert_eq!((report.companies_created, report.companies_linked), (1, 1));
    assert!(companies(&mut v).is_empty());
}

const ZOHO: &str = "First Name,Last Name,Email,Email Opt Out\n\
Irina,Moldovan,irina@example.ro,true\n\
Paul,Marin,paul@example.ro,false\n\
Vlad,Iancu,vlad@example.ro,\n";

#[test]
fn an_opt_out_column_records_an_objection_to_direct_marketing_that_undo_keeps() {
    let mut v = new_vault();
    let report = import(&mut v, ZOHO);
    assert_eq!((report.created, report.objections), (3, 1));
    let irina = contact(&mut v, "Irina Moldovan");
    let paul = contact(&mut v, "Paul Marin");
    let vlad = contact(&mut v, "Vlad Iancu");
    assert_eq!(v.session().rights_status(irina).unwrap(), (false, true));
    assert_eq!(v.session().rights_status(paul).unwrap(), (false, false));
    assert_eq!(v.session().rights_status(vlad).unwrap(), (false, false));
    let audit = all_audit_text(&v);
    let objection = audit
        .lines()
        .find(|l| l.starts_with("dsr.object "))
        .expect("the objection is audited");
    assert!(
        objection.contains(&format!("contact {irina}")),
        "{objection}"
    );
    assert!(objection.contains("\"source\":\"import\""), "{objection}");
    assert!(!audit.contains("consent."), "never a consent: {audit}");

    // Undone, the contacts go but the objection stays: importing the same
    // file again leaves Irina out.
    v.session().undo_import(report.import_id.unwrap()).unwrap();
    let again = import(&mut v, ZOHO);
    assert_eq!((again.created, again.left_out), (2, 1));
}

#[test]
fn an_opt_out_for_a_contact_merged_into_is_recorded_too() {
    let mut v = new_vault();
    let id = v
        .session()
        .add_contact(&NewContact {
            name: "Hub Person".into(),
            emails: vec!["hub@example.com".into()],
            ..NewContact::default()
        })
        .unwrap();
    let csv = "Email,First Name,Last Name,Unsubscribed from all email\n\
hub@example.com,Hub,Person,Yes\n";
    let report = import_with(
        &mut v,
        csv,
        ImportOptions {
            on_duplicate: OnDuplicate::Merge,
            ..ImportOptions::default()
        },
    );
    assert_eq!((report.merged, report.objections), (1, 1));
    assert_eq!(v.session().rights_status(id).unwrap(), (false, true));
    v.session().undo_import(report.import_id.unwrap()).unwrap();
    assert_eq!(v.session().rights_status(id).unwrap(), (false, true));
}

const NOTES: &str = "Name,Email,Notes\n\
Ana Radu,ana@example.ro,\"Met at the fair.\nWants a quote in euro.\"\n\
Dan Ene,dan@example.ro,\n";

#[test]
fn notes_fill_the_contact_by_default_and_become_activities_when_asked() {
    let mut v = new_vault();
    let report = import(&mut v, NOTES);
    assert_eq!(report.activities_created, 0);
    let ana = contact(&mut v, "Ana Radu");
    assert_eq!(
        v.session().get_contact(ana).unwrap().notes.as_deref(),
        Some("Met at the fair.\nWants a quote in euro.")
    );
    assert!(
        v.session()
            .list_activities(About::Contact(ana))
            .unwrap()
            .is_empty()
    );

    let mut v = new_vault();
    let report = import_with(
        &mut v,
        NOTES,
        ImportOptions {
            notes_as_activities: true,
            ..ImportOptions::default()
        },
    );
    assert_eq!((report.created, report.activities_created), (2, 1));
    let ana = contact(&mut v, "Ana Radu");
    assert_eq!(v.session().get_contact(ana).unwrap().notes, None);
    let activities = v.session().list_activities(About::Contact(ana)).unwrap();
    assert_eq!(activities.len(), 1);
    let note = &activities[0];
    assert_eq!(note.kind, ActivityKind::Note);
    assert_eq!(note.subject, "Met at the fair.");
    assert_eq!(
        note.body.as_deref(),
        Some("Met at the fair.\nWants a quote in euro.")
    );
    assert!(
        v.session()
            .search("euro", 10)
            .unwrap()
            .iter()
            .any(|h| h.id == note.id),
        "the note is found"
    );
    let undo = v.session().undo_import(report.import_id.unwrap()).unwrap();
    assert_eq!(undo.activities_removed, 1);
    assert!(v.session().search("euro", 10).unwrap().is_empty());
}

#[test]
fn a_note_on_a_contact_merged_into_is_removed_by_undo() {
    let mut v = new_vault();
    let ana = v
        .session()
        .add_contact(&NewContact {
            name: "Ana Radu".into(),
            emails: vec!["ana@example.ro".into()],
            ..NewContact::default()
        })
        .unwrap();
    let report = import_with(
        &mut v,
        NOTES,
        ImportOptions {
            notes_as_activities: true,
            on_duplicate: OnDuplicate::Merge,
            ..ImportOptions::default()
        },
    );
    assert_eq!((report.merged, report.activities_created), (1, 1));
    assert_eq!(v.session().get_contact(ana).unwrap().notes, None);
    assert_eq!(
        v.session()
            .list_activities(About::Contact(ana))
            .unwrap()
            .len(),
        1
    );
    v.session().undo_import(report.import_id.unwrap()).unwrap();
    assert!(
        v.session()
            .list_activities(About::Contact(ana))
            .unwrap()
            .is_empty()
    );
}

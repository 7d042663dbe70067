//! Companies through the session.

use steward_core::records::companies::{CompanyPatch, NewCompany};
use steward_core::records::contacts::{MAX_NOTES, NewContact};
use steward_core::search::Kind;
use steward_core::{Error, Role};

use crate::fixtures::*;

fn acme() -> NewCompany {
    NewCompany {
        name: "Acme Rockets".into(),
        domain: Some("https://www.Acme.example/".into()),
        phone: Some("+1 555 0199".into()),
        city: Some("Tucson".into()),
        country: Some("USA".into()),
        notes: Some("Buys anvils in bulk.".into()),
    }
}

fn named(name: &str) -> NewCompany {
    NewCompany {
        name: name.into(),
        ..NewCompany::default()
    }
}

#[test]
fn a_company_round_trips_and_counts_its_live_contacts() {
    let mut v = new_vault();
    let id = v.session().add_company(&acme()).unwrap();
    let mut contacts = Vec::new();
    for name in ["Wile E.", "Road Runner"] {
        contacts.push(
            v.session()
                .add_contact(&NewContact {
                    name: name.into(),
                    ..NewContact::default()
                })
                .unwrap(),
        );
    }
    // These contacts name no company; link them directly.
    raw(&v)
        .execute("UPDATE contacts SET company_id = ?1", [id])
        .unwrap();
    v.session().delete_contact(contacts[1]).unwrap();
    v.unlock();

    let c = v.session().get_company(id).unwrap();
    assert_eq!(c.name, "Acme Rockets");
    assert_eq!(
        c.domain.as_deref(),
        Some("www.acme.example"),
        "a pasted URL is cut down to its host"
    );
    assert_eq!(c.phone.as_deref(), Some("+1 555 0199"));
    assert_eq!(c.city.as_deref(), Some("Tucson"));
    assert_eq!(c.country.as_deref(), Some("USA"));
    assert_eq!(c.notes.as_deref(), Some("Buys anvils in bulk."));
    assert_eq!(c.owner_id, v.session().user().id);
    assert_eq!(c.created_at, c.updated_at);
    assert_eq!(c.contact_count, 1, "the deleted contact is not counted");
}

#[test]
fn editing_changes_only_the_fields_given_and_empty_text_clears() {
    let mut v = new_vault();
    let id = v.session().add_company(&acme()).unwrap();
    let c = v
        .session()
        .update_company(
            id,
            &CompanyPatch {
                city: Some("Phoenix".into()),
                notes: Some(String::new()),
                ..CompanyPatch::default()
            },
        )
        .unwrap();
    assert_eq!(c.name, "Acme Rockets");
    assert_eq!(c.city.as_deref(), Some("Phoenix"));
    assert_eq!(c.notes, None);
    assert_eq!(c.domain.as_deref(), Some("www.acme.example"));

    let hits = v.session().search("phoenix", 10).unwrap();
    assert!(
        hits.iter().any(|h| h.kind == Kind::Company && h.id == id),
        "the index follows the edit: {hits:?}"
    );
    assert!(v.session().search("anvils", 10).unwrap().is_empty());
}

#[test]
fn the_list_is_sorted_by_name_paged_and_skips_deleted_companies() {
    let mut v = new_vault();
    let mut ids = Vec::new();
    for name in ["carol & co", "Alpha", "bravo", "Delta"] {
        ids.push(v.session().add_company(&named(name)).unwrap());
    }
    v.session().delete_company(ids[3]).unwrap();
    let first = v.session().list_companies(None, 2).unwrap();
    assert_eq!(v.session().count_companies().unwrap(), 3);
    let names: Vec<_> = first.items.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Alpha", "bravo"]);
    let second = v
        .session()
        .list_companies(first.next.as_deref(), 2)
        .unwrap();
    assert_eq!(second.next, None, "the last page");
    let names: Vec<_> = second.items.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["carol & co"]);
}

fn check_rejected(company: NewCompany, expected: &str) {
    let mut v = new_vault();
    let err = v.session().add_company(&company).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert!(
        err.to_string().contains(expected),
        "{err} should mention {expected:?}"
    );
    assert_eq!(
        v.session().count_companies().unwrap(),
        0,
        "nothing half-written"
    );
}

#[test]
fn bad_input_gets_one_clear_error_and_writes_nothing() {
    check_rejected(named("  "), "a company needs a name");
    check_rejected(
        NewCompany {
            domain: Some("not a domain".into()),
            ..acme()
        },
        "is not a domain name",
    );
    check_rejected(
        NewCompany {
            phone: Some("call me".into()),
            ..acme()
        },
        "phone number 1 is not valid",
    );
    check_rejected(
        NewCompany {
            notes: Some("x".repeat(MAX_NOTES + 1)),
            ..acme()
        },
        "the limit is",
    );
}

#[test]
fn an_agent_edits_and_deletes_their_own_companies_only_and_a_viewer_creates_none() {
    let mut v = new_vault();
    let theirs = v.session().add_company(&named("Owner's Account")).unwrap();
    let mut agent = user_session(&mut v, "agnes", Role::Agent);
    let mine = agent.add_company(&named("Agent's Account")).unwrap();
    let rename = CompanyPatch {
        name: Some("Renamed".into()),
        ..CompanyPatch::default()
    };
    assert_eq!(agent.update_company(mine, &rename).unwrap().name, "Renamed");
    assert!(matches!(
        agent.update_company(theirs, &rename),
        Err(Error::PermissionDenied {
            permission: "contacts.edit-any",
            ..
        })
    ));
    assert!(matches!(
        agent.delete_company(theirs),
        Err(Error::PermissionDenied {
            permission: "contacts.delete-any",
            ..
        })
    ));
    agent.delete_company(mine).unwrap();

    let mut viewer = user_session(&mut v, "vic", Role::Viewer);
    assert!(matches!(
        viewer.add_company(&named("Nope")),
        Err(Error::PermissionDenied {
            permission: "contacts.create",
            ..
        })
    ));
    assert_eq!(viewer.get_company(theirs).unwrap().name, "Owner's Account");
    agent.lock().unwrap();
    viewer.lock().unwrap();

    let text = all_audit_text(&v);
    assert!(
        text.contains(&format!("company.update company {theirs}")),
        "the refusal names the company: {text}"
    );
    assert_eq!(
        v.session().get_company(theirs).unwrap().name,
        "Owner's Account"
    );
}

#[test]
fn a_deleted_company_is_gone_from_gets_lists_and_search() {
    let mut v = new_vault();
    let id = v.session().add_company(&acme()).unwrap();
    assert_eq!(v.session().search("acme", 10).unwrap().len(), 1);
    v.session().delete_company(id).unwrap();
    assert!(matches!(
        v.session().get_company(id),
        Err(Error::NotFound {
            entity: "company",
            ..
        })
    ));
    assert!(matches!(
        v.session().delete_company(id),
        Err(Error::NotFound { .. })
    ));
    assert!(v.session().search("acme", 10).unwrap().is_empty());
    assert!(v.session().search("tucson", 10).unwrap().is_empty());
    assert_eq!(v.session().count_companies().unwrap(), 0);
    let deleted_at: Option<String> = raw(&v)
        .query_row(
            "SELECT deleted_at FROM companies WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(deleted_at.is_some(), "the row stays, marked deleted");
}

#[test]
fn audit_entries_name_company_ids_and_fields_never_names() {
    let mut v = new_vault();
    let id = v.session().add_company(&acme()).unwrap();
    v.session()
        .update_company(
            id,
            &CompanyPatch {
                name: Some("Zebulon Widgets".into()),
                ..CompanyPatch::default()
            },
        )
        .unwrap();
    v.session().delete_company(id).unwrap();
    let text = all_audit_text(&v);
    for action in ["company.create", "company.update", "company.delete"] {
        assert!(
            text.contains(&format!("{action} company {id}")),
            "{action} missing: {text}"
        );
    }
    assert!(text.contains(r#""fields":["name"]"#), "{text}");
    for secret in ["Acme", "Zebulon", "Tucson", "anvils", "acme.example"] {
        assert!(
            !text.contains(secret),
            "{secret:?} leaked into the audit log"
        );
    }
}

#[test]
fn one_rule_links_a_company_name_whoever_writes_it_case_and_spacing_aside_in_every_alphabet() {
    use steward_core::interchange::{ImportOptions, preview_csv};
    use steward_core::records::contacts::ContactPatch;

    let mut v = new_vault();
    // Added before the company exists: linked when it is created.
    let early = v
        .session()
        .add_contact(&NewContact {
            name: "Ana Stan".into(),
            company: Some("ŢESĂTORIA   ROMÂNĂ".into()),
            ..NewContact::default()
        })
        .unwrap();
    let company = v.session().add_company(&named("Ţesătoria Română")).unwrap();
    assert_eq!(
        v.session().get_contact(early).unwrap().company_id,
        Some(company)
    );
    assert_eq!(v.session().get_company(company).unwrap().contact_count, 1);

    // By hand, once it exists (SQLite's NOCASE would miss Ţ against ţ).
    let by_hand = v
        .session()
        .add_contact(&NewContact {
            name: "Ion Tudor".into(),
            company: Some(" ţesătoria română ".into()),
            ..NewContact::default()
        })
        .unwrap();
    assert_eq!(
        v.session().get_contact(by_hand).unwrap().company_id,
        Some(company)
    );

    // An edit to another company's name unlinks; back again links.
    let patch = |company: &str| ContactPatch {
        company: Some(company.into()),
        ..ContactPatch::default()
    };
    let moved = v.session().update_contact(by_hand, &patch("Acme")).unwrap();
    assert_eq!(moved.company_id, None);
    let back = v
        .session()
        .update_contact(by_hand, &patch("ŢESĂTORIA ROMÂNĂ"))
        .unwrap();
    assert_eq!(back.company_id, Some(company));

    // An import links by the same rule and creates no second company.
    let csv = "Name,Company\nŞtefan Ţugui,ţesătoria  ROMÂNĂ\n";
    let preview = preview_csv(csv.as_bytes()).unwrap();
    let report = v
        .session()
        .import_csv(
            csv.as_bytes(),
            &ImportOptions {
                mapping: preview.suggested,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!((report.companies_created, report.companies_linked), (0, 1));
    assert_eq!(v.session().get_company(company).unwrap().contact_count, 3);
}

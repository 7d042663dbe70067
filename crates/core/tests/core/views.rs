//! Custom fields, filtered contact lists, saved views, company links, a
//! record's tasks and the recycle bin's purge of every record type.

use steward_core::interchange::{ExportFormat, ImportOptions, OnDuplicate};
use steward_core::records::activities::{About, ActivityKind, NewActivity};
use steward_core::records::companies::{CompanyPatch, NewCompany};
use steward_core::records::contacts::{ContactPatch, ContactQuery, ContactSort, NewContact};
use steward_core::records::custom_fields::{CustomFieldKind, CustomValues};
use steward_core::records::tasks::NewTask;
use steward_core::{Error, Role, Session};

use crate::fixtures::*;

fn person(s: &mut Session, name: &str, tags: &[&str]) -> i64 {
    s.add_contact(&NewContact {
        name: name.into(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..NewContact::default()
    })
    .unwrap()
}

fn names(s: &Session, q: &ContactQuery) -> Vec<String> {
    s.list_contacts_where(q, None, 100)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.name)
        .collect()
}

fn values(pairs: &[(&str, &str)]) -> CustomValues {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn custom_fields_are_checked_by_kind_stored_searched_and_cleared() {
    let mut v = new_vault();
    let s = v.session();
    s.add_custom_field("member-no", "Member number", CustomFieldKind::Text)
        .unwrap();
    s.add_custom_field("renewal", "Renewal", CustomFieldKind::Date)
        .unwrap();
    s.add_custom_field("vip", "VIP", CustomFieldKind::Boolean)
        .unwrap();
    let dup = s.add_custom_field("vip", "Other", CustomFieldKind::Text);
    assert!(matches!(dup, Err(Error::InvalidInput(_))), "{dup:?}");
    let builtin = s.add_custom_field("email", "E-mail 2", CustomFieldKind::Text);
    assert!(matches!(builtin, Err(Error::InvalidInput(_))));

    let bad_date = s.add_contact(&NewContact {
        name: "Ada".into(),
        custom: values(&[("renewal", "31.12.2027")]),
        ..NewContact::default()
    });
    let err = bad_date.unwrap_err().to_string();
    assert!(
        err.contains("Renewal") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
    let unknown = s.add_contact(&NewContact {
        name: "Ada".into(),
        custom: values(&[("shoe-size", "42")]),
        ..NewContact::default()
    });
    assert!(unknown.unwrap_err().to_string().contains("shoe-size"));
    assert_eq!(
        s.count_contacts(&Default::default()).unwrap(),
        0,
        "nothing written"
    );

    let id = s
        .add_contact(&NewContact {
            name: "Ada Lovelace".into(),
            custom: values(&[("member-no", "ZX-4471"), ("vip", "yes")]),
            ..NewContact::default()
        })
        .unwrap();
    let c = s.get_contact(id).unwrap();
    assert_eq!(
        c.custom,
        values(&[("member-no", "ZX-4471"), ("vip", "true")])
    );
    let hits = s.search("ZX-4471", 5).unwrap();
    assert_eq!(
        hits.first().map(|h| h.id),
        Some(id),
        "custom values are searchable"
    );

    // A patch sets what it names, clears what it empties, keeps the rest.
    let c = s
        .update_contact(
            id,
            &ContactPatch {
                custom: Some(values(&[("renewal", "2027-12-31"), ("vip", "")])),
                ..ContactPatch::default()
            },
        )
        .unwrap();
    assert_eq!(
        c.custom,
        values(&[("member-no", "ZX-4471"), ("renewal", "2027-12-31")])
    );

    // Deleting the field removes its values everywhere.
    assert_eq!(s.delete_custom_field("member-no").unwrap(), 1);
    assert!(!s.get_contact(id).unwrap().custom.contains_key("member-no"));
    assert!(
        s.search("ZX-4471", 5).unwrap().is_empty(),
        "a deleted field's values leave search"
    );
    assert!(
        raw(&v)
            .query_row("SELECT count(*) FROM contact_custom_values", [], |r| r
                .get::<_, i64>(0))
            .unwrap()
            == 1
    );
    let audit = all_audit_text(&v);
    assert!(audit.contains("field.create") && audit.contains("field.delete"));
    assert!(
        !audit.contains("ZX-4471"),
        "values never reach the audit log"
    );
}

#[test]
fn custom_fields_go_out_in_csv_and_come_back_in_through_the_suggested_mapping() {
    let mut v = new_vault();
    let s = v.session();
    s.add_custom_field("member-no", "Member number", CustomFieldKind::Text)
        .unwrap();
    s.add_contact(&NewContact {
        name: "Grace Hopper".into(),
        emails: vec!["grace@example.org".into()],
        custom: values(&[("member-no", "=cmd")]),
        ..NewContact::default()
    })
    .unwrap();
    let mut csv = Vec::new();
    s.export_contacts(ExportFormat::Csv, None, &mut csv)
        .unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(text.lines().next().unwrap().ends_with(",Member number"));
    assert!(text.contains("'=cmd"), "formula protection applies: {text}");

    let mut w = new_vault();
    let t = w.session();
    t.add_custom_field("member-no", "Member number", CustomFieldKind::Text)
        .unwrap();
    let preview = t.preview_csv(&csv).unwrap();
    let column = preview
        .headers
        .iter()
        .position(|h| h == "Member number")
        .unwrap();
    assert_eq!(preview.suggested[column], None);
    assert_eq!(
        preview.suggested_custom[column].as_deref(),
        Some("member-no")
    );
    let custom_columns = preview
        .suggested_custom
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.clone().map(|k| (i, k)))
        .collect();
    let report = t
        .import_csv(
            &csv,
            &ImportOptions {
                mapping: preview.suggested.clone(),
                custom_columns,
                on_duplicate: OnDuplicate::Skip,
                dry_run: false,
                readmit_known: false,
                encoding: None,
                notes_as_activities: false,
                skip_rejected: false,
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(report.created, 1);
    let id = t.list_contacts(None, 1).unwrap().items[0].id;
    assert_eq!(
        t.get_contact(id).unwrap().custom,
        values(&[("member-no", "=cmd")])
    );
}

#[test]
fn an_import_with_a_bad_custom_value_names_the_line_and_imports_nothing() {
    let mut v = new_vault();
    let s = v.session();
    s.add_custom_field("seats", "Seats", CustomFieldKind::Number)
        .unwrap();
    let csv = b"Name,Seats\nAda,3\nGrace,many\n";
    let err = s
        .import_csv(
            csv,
            &ImportOptions {
                mapping: vec![Some(steward_core::interchange::Field::Name), None],
                custom_columns: vec![(1, "seats".into())],
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 3") && err.contains("Seats"), "{err}");
    assert_eq!(s.count_contacts(&Default::default()).unwrap(), 0);
}

#[test]
fn the_contacts_list_filters_by_tag_owner_and_company_and_sorts() {
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "bob", Role::Agent);
    let s = v.session();
    person(s, "Carla", &["vip", "berlin"]);
    person(s, "anna", &["VIP"]);
    person(s, "Bruno", &[]);
    person(&mut agent, "Dora", &["vip"]);

    let vip = ContactQuery {
        tag: Some("vip".into()),
        ..ContactQuery::default()
    };
    assert_eq!(names(s, &vip), ["anna", "Carla", "Dora"]);
    assert_eq!(s.count_contacts(&vip).unwrap(), 3);
    let bob = s.owner_id_by_name("BOB").unwrap();
    let bobs_vips = ContactQuery {
        owner_id: Some(bob),
        ..vip.clone()
    };
    assert_eq!(names(s, &bobs_vips), ["Dora"]);
    let by = |sort| ContactQuery {
        sort,
        ..ContactQuery::default()
    };
    assert_eq!(
        names(s, &by(ContactSort::NameDesc)),
        ["Dora", "Carla", "Bruno", "anna"]
    );
    assert_eq!(
        names(s, &by(ContactSort::Newest)),
        ["Dora", "Bruno", "anna", "Carla"]
    );
    assert_eq!(
        names(s, &by(ContactSort::Oldest)),
        ["Carla", "anna", "Bruno", "Dora"]
    );
    let none = ContactQuery {
        tag: Some("nobody-has-this".into()),
        ..ContactQuery::default()
    };
    assert!(names(s, &none).is_empty());
    assert!(matches!(
        s.owner_id_by_name("mallory"),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn views_are_saved_per_user_replaced_by_name_and_export_their_contacts() {
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "bob", Role::Agent);
    let s = v.session();
    person(s, "Carla", &["vip"]);
    person(s, "Anna", &[]);
    let q = ContactQuery {
        tag: Some(" vip ".into()),
        sort: ContactSort::Newest,
        ..ContactQuery::default()
    };
    let view = s.save_view("VIPs", &q).unwrap();
    assert_eq!(view.query.tag.as_deref(), Some("vip"), "trimmed");
    let again = s
        .save_view(
            "VIPs",
            &ContactQuery {
                tag: Some("vip".into()),
                ..ContactQuery::default()
            },
        )
        .unwrap();
    assert_eq!(again.id, view.id, "the same name replaces the view");
    assert_eq!(s.list_views().unwrap().len(), 1);
    assert_eq!(
        s.find_view("vips").unwrap().query.sort,
        ContactSort::NameAsc
    );
    assert!(s.save_view(" ", &q).is_err());

    // Another user neither sees nor deletes it.
    assert!(agent.list_views().unwrap().is_empty());
    assert!(matches!(
        agent.delete_view(view.id),
        Err(Error::NotFound { .. })
    ));

    let mut out = Vec::new();
    let n = s
        .export_contacts_where(ExportFormat::Csv, &again.query, &mut out)
        .unwrap();
    assert_eq!(n, 1);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Carla") && !text.contains("Anna"));
    // The agent may not export, view or not.
    assert!(matches!(
        agent.export_contacts_where(ExportFormat::Csv, &again.query, &mut Vec::new()),
        Err(Error::PermissionDenied { .. })
    ));

    s.delete_view(view.id).unwrap();
    assert!(s.list_views().unwrap().is_empty());
}

#[test]
fn contacts_link_to_the_company_of_their_company_name_and_follow_a_rename() {
    let mut v = new_vault();
    let s = v.session();
    let early = s
        .add_contact(&NewContact {
            name: "Early Bird".into(),
            company: Some("acme corp".into()),
            ..NewContact::default()
        })
        .unwrap();
    assert_eq!(s.get_contact(early).unwrap().company_id, None);
    let acme = s
        .add_company(&NewCompany {
            name: "Acme Corp".into(),
            ..NewCompany::default()
        })
        .unwrap();
    assert_eq!(
        s.get_contact(early).unwrap().company_id,
        Some(acme),
        "an existing contact is linked when the company is created"
    );
    let late = s
        .add_contact(&NewContact {
            name: "Late Comer".into(),
            company: Some("ACME CORP".into()),
            ..NewContact::default()
        })
        .unwrap();
    assert_eq!(s.get_contact(late).unwrap().company_id, Some(acme));
    assert_eq!(s.get_company(acme).unwrap().contact_count, 2);
    let of_acme = ContactQuery {
        company_id: Some(acme),
        ..ContactQuery::default()
    };
    assert_eq!(names(s, &of_acme), ["Early Bird", "Late Comer"]);

    s.update_company(
        acme,
        &CompanyPatch {
            name: Some("Acme Industries".into()),
            ..CompanyPatch::default()
        },
    )
    .unwrap();
    let c = s.get_contact(late).unwrap();
    assert_eq!(c.company.as_deref(), Some("Acme Industries"));
    let hits = s.search("industries", 10).unwrap();
    assert!(
        hits.iter().any(|h| h.id == late),
        "the new name is searchable"
    );

    // Changing a contact's company name moves the link.
    let c = s
        .update_contact(
            late,
            &ContactPatch {
                company: Some("Someone Else Ltd".into()),
                ..ContactPatch::default()
            },
        )
        .unwrap();
    assert_eq!(c.company_id, None);
}

#[test]
fn a_records_tasks_are_listed_open_first() {
    let mut v = new_vault();
    let s = v.session();
    let ada = person(s, "Ada", &[]);
    let other = person(s, "Other", &[]);
    let task = |s: &mut Session, title: &str, due: &str, about: i64| {
        s.add_task(&NewTask {
            title: title.into(),
            due_date: Some(due.into()),
            assignee: None,
            about: Some(About::Contact(about)),
            ..NewTask::default()
        })
        .unwrap()
    };
    let done = task(s, "Send contract", "2026-01-01", ada);
    task(s, "Call back", "2026-03-01", ada);
    task(s, "Not hers", "2026-02-01", other);
    s.complete_task(done).unwrap();
    let titles: Vec<String> = s
        .list_tasks_about(About::Contact(ada))
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect();
    assert_eq!(titles, ["Call back", "Send contract"]);
}

#[test]
fn a_recycled_contacts_notes_leave_search_and_come_back_with_it() {
    let mut v = new_vault();
    let s = v.session();
    let id = person(s, "Ada", &[]);
    s.add_activity(&NewActivity {
        kind: ActivityKind::Note,
        subject: "Quarterly zephyr review".into(),
        body: None,
        occurred_at: None,
        about: About::Contact(id),
    })
    .unwrap();
    assert_eq!(s.search("zephyr", 5).unwrap().len(), 1);
    s.delete_contact(id).unwrap();
    assert!(s.search("zephyr", 5).unwrap().is_empty());
    let fts: i64 = raw(&v)
        .query_row(
            "SELECT count(*) FROM search_index WHERE search_index MATCH 'zephyr'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fts, 0, "the index row itself is gone, not just filtered");
    let s = v.session();
    s.restore_contact(id).unwrap();
    assert_eq!(s.search("zephyr", 5).unwrap().len(), 1);
}

#[test]
fn every_record_type_is_purged_thirty_days_after_deletion() {
    let mut v = new_vault();
    let s = v.session();
    let company = s
        .add_company(&NewCompany {
            name: "Old Co".into(),
            ..NewCompany::default()
        })
        .unwrap();
    let kept = s
        .add_company(&NewCompany {
            name: "Recent Co".into(),
            ..NewCompany::default()
        })
        .unwrap();
    s.add_activity(&NewActivity {
        kind: ActivityKind::Call,
        subject: "Old call".into(),
        body: None,
        occurred_at: None,
        about: About::Company(company),
    })
    .unwrap();
    s.delete_company(company).unwrap();
    s.delete_company(kept).unwrap();
    v.lock();
    raw(&v)
        .execute(
            "UPDATE companies SET deleted_at = '2020-01-01T00:00:00Z' WHERE id = ?1",
            [company],
        )
        .unwrap();
    v.unlock();
    let conn = raw(&v);
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(
        count("SELECT count(*) FROM companies"),
        1,
        "only the recent one stays"
    );
    assert_eq!(
        count("SELECT count(*) FROM activities"),
        0,
        "its activity went with it"
    );
    let audit = all_audit_text(&v);
    assert!(audit.contains("record.purge"), "{audit}");
}

//! The recycle bin of every record type: listing, restoring with search,
//! permissions, the 30-day purge and records whose parent is deleted.

use steward_core::records::activities::{About, ActivityKind, NewActivity};
use steward_core::records::companies::NewCompany;
use steward_core::records::contacts::NewContact;
use steward_core::records::deals::NewDeal;
use steward_core::records::recycle_bin::RecordKind;
use steward_core::records::tasks::NewTask;
use steward_core::{Error, Role, Session};

use crate::fixtures::*;

struct Records {
    contact: i64,
    company: i64,
    deal: i64,
    task: i64,
    activity: i64,
}

fn company(s: &mut Session, name: &str) -> i64 {
    s.add_company(&NewCompany {
        name: name.into(),
        domain: Some("zephyrine.example".into()),
        ..NewCompany::default()
    })
    .unwrap()
}

fn note(s: &mut Session, subject: &str, about: About) -> i64 {
    s.add_activity(&NewActivity {
        kind: ActivityKind::Call,
        subject: subject.into(),
        body: Some("Spoke about the quixotic renewal terms.".into()),
        occurred_at: Some("2026-03-09T14:30:00Z".into()),
        about,
    })
    .unwrap()
}

/// One record of each kind, none deleted.
fn one_of_each(s: &mut Session) -> Records {
    let contact = s
        .add_contact(&NewContact {
            name: "Wilhelmina Quarry".into(),
            emails: vec!["wq@example.com".into()],
            ..NewContact::default()
        })
        .unwrap();
    let company = company(s, "Zephyrine Ltd");
    let deal = s
        .add_deal(&NewDeal {
            title: "Marmalade licence".into(),
            amount_minor: 120_000,
            ..NewDeal::default()
        })
        .unwrap();
    let task = s
        .add_task(&NewTask {
            title: "Send the brochure".into(),
            due_date: Some("2026-04-01".into()),
            ..NewTask::default()
        })
        .unwrap();
    let activity = note(
        s,
        "Xylophone briefing with the whole procurement team today",
        About::Company(company),
    );
    Records {
        contact,
        company,
        deal,
        task,
        activity,
    }
}

fn delete_all(s: &mut Session, r: &Records) {
    s.delete_activity(r.activity).unwrap();
    s.delete_task(r.task).unwrap();
    s.delete_deal(r.deal).unwrap();
    s.delete_company(r.company).unwrap();
    s.delete_contact(r.contact).unwrap();
}

fn bin(s: &mut Session, kind: Option<RecordKind>) -> Vec<(RecordKind, i64)> {
    s.list_recycle_bin(kind)
        .unwrap()
        .into_iter()
        .map(|d| (d.kind, d.id))
        .collect()
}

fn hits(s: &Session, query: &str) -> Vec<String> {
    s.search(query, 10)
        .unwrap()
        .into_iter()
        .map(|h| format!("{} {}", h.kind.as_str(), h.title))
        .collect()
}

#[test]
fn every_kind_is_listed_with_its_label_and_dates_and_comes_back() {
    let mut v = new_vault();
    let s = v.session();
    let r = one_of_each(s);
    assert!(s.list_recycle_bin(None).unwrap().is_empty());
    delete_all(s, &r);

    let all = s.list_recycle_bin(None).unwrap();
    assert_eq!(all.len(), 5, "{all:?}");
    let find = |kind: RecordKind| all.iter().find(|d| d.kind == kind).unwrap();
    assert_eq!(find(RecordKind::Contact).label, "Wilhelmina Quarry");
    assert_eq!(
        find(RecordKind::Contact).detail.as_deref(),
        Some("wq@example.com")
    );
    assert_eq!(find(RecordKind::Company).label, "Zephyrine Ltd");
    assert_eq!(find(RecordKind::Deal).label, "Marmalade licence");
    assert_eq!(find(RecordKind::Task).label, "Send the brochure");
    assert_eq!(
        find(RecordKind::Task).detail.as_deref(),
        Some("due 2026-04-01")
    );
    let activity = find(RecordKind::Activity);
    assert_eq!(
        activity.label,
        "Call on 2026-03-09: Xylophone briefing with the whole procurement…"
    );
    assert!(
        !activity.label.contains("quixotic"),
        "the body stays out of the label"
    );
    // The parts the window words in its own language.
    assert_eq!(
        find(RecordKind::Task).due_date.as_deref(),
        Some("2026-04-01")
    );
    assert_eq!(find(RecordKind::Contact).due_date, None);
    let parts = activity.activity.as_ref().expect("an activity's parts");
    assert_eq!(parts.kind, "call");
    assert!(parts.occurred_at.starts_with("2026-03-09"), "{parts:?}");
    assert_eq!(
        parts.subject,
        "Xylophone briefing with the whole procurement…"
    );
    assert_eq!(parts.about, RecordKind::Company);
    assert!(find(RecordKind::Task).activity.is_none());
    for d in &all {
        assert_eq!(d.deleted_by.as_deref(), Some(OWNER), "{d:?}");
        let deleted = chrono::DateTime::parse_from_rfc3339(&d.deleted_at).unwrap();
        let purged = chrono::DateTime::parse_from_rfc3339(&d.purge_at).unwrap();
        assert_eq!(purged - deleted, chrono::Duration::days(30));
    }
    assert_eq!(
        bin(s, Some(RecordKind::Company)),
        [(RecordKind::Company, r.company)]
    );

    s.restore_record(RecordKind::Company, r.company).unwrap();
    s.restore_record(RecordKind::Activity, r.activity).unwrap();
    s.restore_record(RecordKind::Deal, r.deal).unwrap();
    s.restore_record(RecordKind::Task, r.task).unwrap();
    s.restore_contact(r.contact).unwrap();
    assert!(bin(s, None).is_empty());
    assert_eq!(s.get_company(r.company).unwrap().name, "Zephyrine Ltd");
    assert_eq!(s.get_deal(r.deal).unwrap().title, "Marmalade licence");
    assert_eq!(s.get_task(r.task).unwrap().title, "Send the brochure");
    assert_eq!(s.get_contact(r.contact).unwrap().name, "Wilhelmina Quarry");
    assert_eq!(
        s.list_activities(About::Company(r.company)).unwrap().len(),
        1
    );

    let again = s.restore_record(RecordKind::Deal, r.deal);
    assert!(matches!(again, Err(Error::NotFound { .. })), "{again:?}");
    let audit = all_audit_text(&v);
    for action in [
        "contact.restore contact",
        "company.restore company",
        "deal.restore deal",
        "task.restore task",
        "activity.restore activity",
    ] {
        assert!(audit.contains(action), "{action} missing from {audit}");
    }
}

#[test]
fn search_finds_restored_records_and_their_activities_again() {
    let mut v = new_vault();
    let s = v.session();
    let r = one_of_each(s);
    assert_eq!(hits(s, "Zephyrine"), ["company Zephyrine Ltd"]);
    assert_eq!(hits(s, "Marmalade"), ["deal Marmalade licence"]);
    assert_eq!(hits(s, "Xylophone").len(), 1);
    s.delete_deal(r.deal).unwrap();
    s.delete_company(r.company).unwrap();
    assert!(hits(s, "Zephyrine").is_empty());
    assert!(hits(s, "Marmalade").is_empty());
    assert!(
        hits(s, "Xylophone").is_empty(),
        "a deleted company's notes leave search"
    );

    s.restore_record(RecordKind::Company, r.company).unwrap();
    s.restore_record(RecordKind::Deal, r.deal).unwrap();
    assert_eq!(hits(s, "Zephyrine"), ["company Zephyrine Ltd"]);
    assert_eq!(hits(s, "Marmalade"), ["deal Marmalade licence"]);
    assert_eq!(
        hits(s, "Xylophone"),
        ["activity Xylophone briefing with the whole procurement team today"]
    );

    s.delete_activity(r.activity).unwrap();
    assert!(hits(s, "Xylophone").is_empty());
    s.restore_record(RecordKind::Activity, r.activity).unwrap();
    assert_eq!(hits(s, "Xylophone").len(), 1);
}

#[test]
fn only_roles_that_may_delete_restore_and_agents_only_their_own() {
    let mut v = new_vault();
    let r = one_of_each(v.session());
    delete_all(v.session(), &r);
    let mut viewer = user_session(&mut v, "vic", Role::Viewer);
    let mut auditor = user_session(&mut v, "audrey", Role::Auditor);
    let mut agent = user_session(&mut v, "grace", Role::Agent);

    for s in [&mut viewer, &mut auditor] {
        let denied = s.restore_record(RecordKind::Company, r.company);
        assert!(
            matches!(
                denied,
                Err(Error::PermissionDenied {
                    permission: "contacts.delete-own",
                    ..
                })
            ),
            "{denied:?}"
        );
        let listed = s.list_recycle_bin(None);
        assert!(
            matches!(listed, Err(Error::PermissionDenied { .. })),
            "{listed:?}"
        );
    }
    // The agent sees none of the owner's records and may not restore them.
    assert!(bin(&mut agent, None).is_empty());
    let denied = agent.restore_record(RecordKind::Deal, r.deal);
    assert!(
        matches!(
            denied,
            Err(Error::PermissionDenied {
                permission: "contacts.delete-any",
                ..
            })
        ),
        "{denied:?}"
    );
    assert!(v.session().get_deal(r.deal).is_err(), "still in the bin");

    // Their own deleted company they see and restore.
    let own = company(&mut agent, "Agent Co");
    agent.delete_company(own).unwrap();
    assert_eq!(
        bin(&mut agent, None),
        [(RecordKind::Company, own)],
        "only their own"
    );
    agent.restore_record(RecordKind::Company, own).unwrap();

    let conn = raw(&v);
    let denied_entries: Vec<String> = conn
        .prepare(
            "SELECT action || ' ' || target_type || ' ' || target_id FROM audit_log
             WHERE outcome = 'denied' AND action LIKE '%.restore' ORDER BY seq",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        denied_entries,
        [
            format!("company.restore company {}", r.company),
            format!("company.restore company {}", r.company),
            format!("deal.restore deal {}", r.deal),
        ]
    );
}

#[test]
fn a_record_past_thirty_days_is_purged_even_while_the_session_stays_open() {
    let mut v = new_vault();
    let s = v.session();
    let old = company(s, "Old Co");
    let recent = company(s, "Recent Co");
    s.delete_company(old).unwrap();
    s.delete_company(recent).unwrap();
    let cutoff = chrono::Utc::now() - chrono::Duration::days(30) - chrono::Duration::minutes(1);
    raw(&v)
        .execute(
            "UPDATE companies SET deleted_at = ?2 WHERE id = ?1",
            rusqlite::params![
                old,
                cutoff.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ],
        )
        .unwrap();

    let s = v.session();
    let gone = s.restore_record(RecordKind::Company, old);
    assert!(matches!(gone, Err(Error::NotFound { .. })), "{gone:?}");
    assert_eq!(bin(s, None), [(RecordKind::Company, recent)]);
    let rows: i64 = raw(&v)
        .query_row("SELECT count(*) FROM companies", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1, "the old one is deleted for good");
    assert!(all_audit_text(&v).contains("record.purge"));
}

#[test]
fn an_activity_or_task_whose_record_is_deleted_waits_for_it() {
    let mut v = new_vault();
    let s = v.session();
    let contact = s
        .add_contact(&NewContact {
            name: "Parent Person".into(),
            ..NewContact::default()
        })
        .unwrap();
    let activity = note(s, "Met at the fair", About::Contact(contact));
    let task = s
        .add_task(&NewTask {
            title: "Follow up".into(),
            about: Some(About::Contact(contact)),
            ..NewTask::default()
        })
        .unwrap();
    s.delete_activity(activity).unwrap();
    s.delete_task(task).unwrap();
    s.delete_contact(contact).unwrap();

    let err = s
        .restore_record(RecordKind::Activity, activity)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "activity {activity} belongs to contact {contact}, which is in the recycle bin; restore the contact first"
        )
    );
    let err = s.restore_record(RecordKind::Task, task).unwrap_err();
    assert!(
        err.to_string().contains("restore the contact first"),
        "{err}"
    );
    assert_eq!(bin(s, None).len(), 3, "nothing was restored");

    s.restore_contact(contact).unwrap();
    s.restore_record(RecordKind::Activity, activity).unwrap();
    s.restore_record(RecordKind::Task, task).unwrap();
    assert_eq!(s.list_activities(About::Contact(contact)).unwrap().len(), 1);
    assert_eq!(
        s.list_tasks_about(About::Contact(contact)).unwrap().len(),
        1
    );
}

#[test]
fn a_restricted_contact_stays_hidden_in_the_bin_from_roles_that_do_not_handle_requests() {
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "grace", Role::Agent);
    let id = agent
        .add_contact(&NewContact {
            name: "Private Person".into(),
            ..NewContact::default()
        })
        .unwrap();
    let s = v.session();
    s.restrict_contact(id).unwrap();
    s.delete_contact(id).unwrap();
    assert_eq!(bin(s, None), [(RecordKind::Contact, id)]);

    assert!(bin(&mut agent, None).is_empty());
    assert!(agent.list_deleted_contacts().unwrap().is_empty());
    let hidden = agent.restore_record(RecordKind::Contact, id);
    assert!(matches!(hidden, Err(Error::NotFound { .. })), "{hidden:?}");
}

#[test]
fn deleting_any_kind_goes_through_one_audited_step_that_agents_may_take_for_their_own_only() {
    let mut v = new_vault();
    let r = one_of_each(v.session());
    let kinds = [
        (RecordKind::Contact, r.contact),
        (RecordKind::Company, r.company),
        (RecordKind::Deal, r.deal),
        (RecordKind::Task, r.task),
        (RecordKind::Activity, r.activity),
    ];
    let mut viewer = user_session(&mut v, "vic", Role::Viewer);
    let mut agent = user_session(&mut v, "grace", Role::Agent);
    for (kind, id) in kinds {
        let denied = viewer.delete_record(kind, id);
        assert!(
            matches!(
                denied,
                Err(Error::PermissionDenied {
                    permission: "contacts.delete-own",
                    ..
                })
            ),
            "{kind}: {denied:?}"
        );
        let denied = agent.delete_record(kind, id);
        assert!(
            matches!(
                denied,
                Err(Error::PermissionDenied {
                    permission: "contacts.delete-any",
                    ..
                })
            ),
            "{kind}: {denied:?}"
        );
    }
    let own = company(&mut agent, "Agent Co");
    agent.delete_record(RecordKind::Company, own).unwrap();

    let s = v.session();
    assert_eq!(hits(s, "Zephyrine"), ["company Zephyrine Ltd"]);
    for (kind, id) in kinds.into_iter().rev() {
        s.delete_record(kind, id).unwrap();
    }
    assert!(hits(s, "Zephyrine").is_empty());
    assert!(hits(s, "Marmalade").is_empty());
    assert!(hits(s, "Wilhelmina").is_empty());
    assert!(hits(s, "Xylophone").is_empty());
    let mut binned = bin(s, None);
    binned.sort_by_key(|(kind, id)| (kind.as_str(), *id));
    let mut expected = kinds.to_vec();
    expected.push((RecordKind::Company, own));
    expected.sort_by_key(|(kind, id)| (kind.as_str(), *id));
    assert_eq!(binned, expected);
    let err = s.delete_record(RecordKind::Deal, r.deal).unwrap_err();
    assert!(
        matches!(err, Error::NotFound { entity: "deal", .. }),
        "{err:?}"
    );

    let conn = raw(&v);
    let entries: Vec<String> = conn
        .prepare(
            "SELECT outcome || ' ' || action || ' ' || target_type || ' ' || target_id
                    || ' ' || coalesce(json_extract(details, '$.recycle_bin'), '-')
             FROM audit_log WHERE action LIKE '%.delete' ORDER BY seq",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut expected = Vec::new();
    for (kind, id) in kinds {
        expected.push(format!("denied {kind}.delete {kind} {id} -"));
        expected.push(format!("denied {kind}.delete {kind} {id} -"));
    }
    expected.push(format!("allowed company.delete company {own} -"));
    for (kind, id) in kinds.into_iter().rev() {
        let detail = if kind == RecordKind::Contact {
            "1"
        } else {
            "-"
        };
        expected.push(format!("allowed {kind}.delete {kind} {id} {detail}"));
    }
    assert_eq!(entries, expected);
}

#[test]
fn a_deleted_deals_default_stage_follows_the_vaults_language() {
    let mut v = new_vault();
    let s = v.session();
    let r = one_of_each(s);
    s.delete_deal(r.deal).unwrap();
    let stage = |s: &mut Session| {
        s.list_recycle_bin(Some(RecordKind::Deal)).unwrap()[0]
            .detail
            .clone()
    };
    assert_eq!(stage(s).as_deref(), Some("Lead"));
    // The stage of a deal in the bin is renamed with the others when the
    // vault's language changes, so the bin says it in the vault's language.
    s.set_vault_language(steward_core::locale::Language::Ro)
        .unwrap();
    assert_eq!(stage(s).as_deref(), Some("Potențial client"));
    s.set_vault_language(steward_core::locale::Language::En)
        .unwrap();
    assert_eq!(stage(s).as_deref(), Some("Lead"));
}

//! The sample business offered at first run: every screen has something
//! real to show, all of it fictitious and written as user data is.

use steward_core::Session;
use steward_core::consent::Status;
use steward_core::records::activities::ActivityKind;
use steward_core::records::contacts::ContactQuery;
use steward_core::records::tasks::TaskFilter;
use steward_core::sample::{SampleCounts, add_sample_business};

use crate::fixtures::*;

fn contact_names(s: &Session) -> Vec<String> {
    s.list_contacts_where(&ContactQuery::default(), None, 500)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.name)
        .collect()
}

#[test]
fn the_sample_business_fills_every_screen() {
    let mut v = new_vault();
    let s = v.session();
    let counts = add_sample_business(s).unwrap();
    assert_eq!(
        counts,
        SampleCounts {
            companies: 10,
            contacts: 40,
            deals: 12,
            tasks: 9,
            activities: 10,
            consents: 12,
            requests: 1,
        }
    );
    assert_eq!(s.count_contacts(&Default::default()).unwrap(), 40);
    assert_eq!(s.count_companies().unwrap(), 10);

    // The pipeline: deals with amounts in every stage, the lost one included.
    let stages = s.pipeline_summary().unwrap();
    assert_eq!(stages.len(), 6);
    for stage in &stages {
        assert!(stage.count >= 1, "{} is empty", stage.stage.name);
        assert!(
            stage.amount_by_currency.iter().any(|(_, a)| *a > 0),
            "{} has no amount",
            stage.stage.name
        );
    }
    let lead = stages.iter().find(|t| t.stage.name == "Lead").unwrap();
    assert_eq!(lead.count, 3);

    // Tasks due today, overdue and in the coming week, by the clock.
    let today = steward_core::clock::now()
        .with_timezone(&chrono::Local)
        .date_naive();
    let due = |f| s.list_tasks(f, false, today).unwrap();
    assert_eq!(due(TaskFilter::Today).len(), 2);
    assert_eq!(due(TaskFilter::Overdue).len(), 2);
    let upcoming = due(TaskFilter::Upcoming);
    let next_week = (today + chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        upcoming
            .iter()
            .filter(|t| t
                .due_date
                .as_deref()
                .is_some_and(|d| d <= next_week.as_str()))
            .count()
            >= 4
    );
    assert!(upcoming.iter().any(|t| t.title.starts_with("Meeting:")));
    // Meetings have a time, a length and a reminder, as a calendar shows them.
    for meeting in upcoming.iter().filter(|t| t.title.starts_with("Meeting:")) {
        assert!(meeting.due_time.is_some(), "{}", meeting.title);
        assert!(
            meeting.duration_minutes.is_some_and(|m| m >= 30),
            "{}",
            meeting.title
        );
        assert!(meeting.remind_before_minutes.is_some(), "{}", meeting.title);
    }

    // Activities, meetings among them, none in the future.
    let recent = s.recent_activities(50).unwrap();
    assert_eq!(recent.len(), 10);
    assert!(
        recent
            .iter()
            .filter(|a| a.kind == ActivityKind::Meeting)
            .count()
            >= 3
    );
    let now = steward_core::clock::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert!(recent.iter().all(|a| a.occurred_at <= now));

    // Consents of both states, and one open request.
    let mut given = 0;
    let mut withdrawn = 0;
    let page = s.list_contacts(None, 500).unwrap();
    for c in &page.items {
        for consent in s.current_consents(c.id).unwrap() {
            match consent.status {
                Status::Given => given += 1,
                Status::Withdrawn => withdrawn += 1,
                _ => {}
            }
        }
    }
    assert_eq!((given, withdrawn), (8, 2));
    let open = s.list_requests(true).unwrap();
    assert_eq!(open.len(), 1);

    // Every address at a domain reserved for examples, every phone in a
    // range reserved for fiction.
    for c in &page.items {
        let contact = s.get_contact(c.id).unwrap();
        for email in &contact.emails {
            let domain = email.rsplit('@').next().unwrap();
            assert!(
                domain.ends_with(".example")
                    || ["example.com", "example.org", "example.net"].contains(&domain),
                "{email}"
            );
        }
        for phone in &contact.phones {
            assert!(
                [
                    "+44 20 7946 0",
                    "+44 113 496 0",
                    "+44 7700 900",
                    "+33 1 99 00 "
                ]
                .iter()
                .any(|range| phone.starts_with(range)),
                "{phone}"
            );
        }
    }

    // Written as user data: audited and searchable, diacritics and all.
    let text = all_audit_text(&v);
    assert_eq!(text.matches("contact.create contact").count(), 40);
    let s = v.session();
    let hits = s.search("Țăranu", 5).unwrap();
    assert_eq!(hits[0].title, "Ioana Țăranu");
}

#[test]
fn the_sample_business_is_the_same_every_time() {
    let mut a = new_vault();
    let mut b = new_vault();
    add_sample_business(a.session()).unwrap();
    add_sample_business(b.session()).unwrap();
    let names = contact_names(a.session());
    assert_eq!(names.len(), 40);
    assert_eq!(names, contact_names(b.session()));
    assert!(names.iter().any(|n| n.contains('ș')) && names.iter().any(|n| n.contains('ă')));
}

#[test]
fn a_romanian_vault_gets_the_sample_business_in_its_stages() {
    // Its default stages are named in Romanian from creation on; the
    // sample's deals must still land in every one of them.
    let temp = tempfile::tempdir().unwrap();
    let options = steward_core::vault::CreateOptions {
        language: steward_core::locale::Language::Ro,
        ..options()
    };
    let mut s = steward_core::unlock::create(
        &temp.path().join("vault"),
        OWNER,
        &steward_core::Password::new(PASSWORD),
        &options,
    )
    .unwrap()
    .session;
    assert_eq!(add_sample_business(&mut s).unwrap().deals, 12);
    let stages = s.pipeline_summary().unwrap();
    let names: Vec<&str> = stages.iter().map(|t| t.stage.name.as_str()).collect();
    assert!(names.contains(&"Câștigat"), "{names:?}");
    for stage in &stages {
        assert!(stage.count >= 1, "{} is empty", stage.stage.name);
    }
}

/// Every text value in the vault's tables (the audit log and the search
/// index's own tables aside), one per line.
fn all_stored_text(conn: &rusqlite::Connection) -> String {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search%' AND name <> 'audit_log'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut text = String::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                if let Ok(rusqlite::types::ValueRef::Text(t)) = row.get_ref(i) {
                    text.push_str(&String::from_utf8_lossy(t));
                    text.push('\n');
                }
            }
        }
    }
    text
}

#[test]
fn a_romanian_vault_gets_the_sample_business_in_romanian() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    let options = steward_core::vault::CreateOptions {
        language: steward_core::locale::Language::Ro,
        ..options()
    };
    let made = steward_core::unlock::create(
        &dir,
        OWNER,
        &steward_core::Password::new(PASSWORD),
        &options,
    )
    .unwrap();
    let mut s = made.session;
    add_sample_business(&mut s).unwrap();
    s.lock().unwrap();
    let conn = steward_core::test_support::raw_connection(&dir, &made.recovery_key).unwrap();
    let text = all_stored_text(&conn);

    // Job titles, notes, a company's country, deals, tasks, activities,
    // the source and evidence, a move's and a withdrawal's note.
    for english in [
        "Project lead",
        "Managing director",
        "Shop manager",
        "sample data",
        "Organic orchards; buys packaging every spring.",
        "United Kingdom",
        "Decides alone; prefers a call to an e-mail.",
        "Packaging for the spring harvest",
        "Bakery website",
        "Call Ana-Maria about the spring order",
        "Meeting: fleet tracking pilot review",
        "Visit to the orchards",
        "Walked the packing line",
        "Their board approved the pilot budget.",
        "chose a cheaper local supplier",
        "asked to stop by e-mail",
    ] {
        assert!(
            !text.contains(english),
            "{english:?} is in a Romanian vault"
        );
    }
    for romanian in [
        "Coordonatoare de proiect",
        "Director general",
        "date de exemplu",
        "Livezi ecologice; cumpără ambalaje în fiecare primăvară.",
        "Regatul Unit",
        "Ambalaje pentru recolta de primăvară",
        "Întâlnire: evaluarea proiectului-pilot de monitorizare a flotei",
        "Vizită la livezi",
        "a ales un furnizor local mai ieftin",
        "a cerut prin e-mail să nu mai primească mesaje",
    ] {
        assert!(text.contains(romanian), "{romanian:?} is not in the vault");
    }
    // The tags, each one Romanian or the same in both languages.
    let mut tags: Vec<String> = conn
        .prepare("SELECT name FROM tags ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    tags.sort();
    assert_eq!(
        tags,
        [
            "buletin informativ",
            "client",
            "partener",
            "prospect",
            "vip"
        ]
    );
}

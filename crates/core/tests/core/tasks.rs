//! Tasks through the session, against a fixed "today".

use chrono::NaiveDate;
use steward_core::records::activities::About;
use steward_core::records::contacts::NewContact;
use steward_core::records::tasks::{NewTask, TaskFilter, TaskPatch};
use steward_core::{Error, Role};

use crate::fixtures::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
}

fn task(title: &str, due: Option<&str>) -> NewTask {
    NewTask {
        title: title.into(),
        due_date: due.map(Into::into),
        ..NewTask::default()
    }
}

fn titles(v: &mut TestVault, filter: TaskFilter, mine_only: bool) -> Vec<String> {
    v.session()
        .list_tasks(filter, mine_only, today())
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect()
}

#[test]
fn filters_sort_tasks_into_today_overdue_upcoming_and_done() {
    let mut v = new_vault();
    for (title, due) in [
        ("yesterday", Some("2026-03-09")),
        ("last week", Some("2026-03-03")),
        ("today", Some("2026-03-10")),
        ("tomorrow", Some("2026-03-11")),
        ("next month", Some("2026-04-01")),
        ("someday", None),
        ("finished", Some("2026-03-01")),
        ("deleted", Some("2026-03-10")),
    ] {
        let id = v.session().add_task(&task(title, due)).unwrap();
        match title {
            "finished" => {
                v.session().complete_task(id).unwrap();
            }
            "deleted" => v.session().delete_task(id).unwrap(),
            _ => {}
        }
    }
    assert_eq!(titles(&mut v, TaskFilter::Today, false), ["today"]);
    assert_eq!(
        titles(&mut v, TaskFilter::Overdue, false),
        ["last week", "yesterday"]
    );
    assert_eq!(
        titles(&mut v, TaskFilter::Upcoming, false),
        ["tomorrow", "next month", "someday"]
    );
    assert_eq!(titles(&mut v, TaskFilter::Done, false), ["finished"]);
    assert_eq!(
        titles(&mut v, TaskFilter::All, false),
        [
            "last week",
            "yesterday",
            "today",
            "tomorrow",
            "next month",
            "someday",
            "finished"
        ]
    );
}

#[test]
fn a_task_round_trips_and_is_done_and_reopened() {
    let mut v = new_vault();
    let grace = v
        .session()
        .add_contact(&NewContact {
            name: "Grace Hopper".into(),
            ..NewContact::default()
        })
        .unwrap();
    let id = v
        .session()
        .add_task(&NewTask {
            about: Some(About::Contact(grace)),
            ..task("Send the brochure", Some("2026-03-12"))
        })
        .unwrap();
    v.unlock();
    let t = v.session().get_task(id).unwrap();
    assert_eq!(t.title, "Send the brochure");
    assert_eq!(t.due_date.as_deref(), Some("2026-03-12"));
    assert_eq!(t.assignee, OWNER, "assigned to the creator by default");
    assert_eq!(t.assignee_id, v.session().user().id);
    assert_eq!(t.created_by, v.session().user().id);
    assert_eq!(t.about, Some(About::Contact(grace)));
    assert_eq!(t.done_at, None);

    let done = v.session().complete_task(id).unwrap();
    assert!(done.done_at.is_some());
    assert_eq!(
        v.session().complete_task(id).unwrap().done_at,
        done.done_at,
        "completing twice changes nothing"
    );
    assert_eq!(v.session().reopen_task(id).unwrap().done_at, None);

    let t = v
        .session()
        .update_task(
            id,
            &TaskPatch {
                due_date: Some(String::new()),
                about: Some(None),
                ..TaskPatch::default()
            },
        )
        .unwrap();
    assert_eq!(t.title, "Send the brochure");
    assert_eq!(t.due_date, None);
    assert_eq!(t.about, None);
}

#[test]
fn bad_input_gets_one_clear_error_and_writes_nothing() {
    let mut v = new_vault();
    for (bad, expected) in [
        (task(" ", None), "a task needs a title"),
        (task("x", Some("2026-02-30")), "YYYY-MM-DD"),
        (task("x", Some("tomorrow")), "YYYY-MM-DD"),
    ] {
        let err = v.session().add_task(&bad).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err}");
        assert!(err.to_string().contains(expected), "{err}");
    }
    assert!(matches!(
        v.session().add_task(&NewTask {
            assignee: Some("nobody".into()),
            ..task("x", None)
        }),
        Err(Error::NotFound { entity: "user", .. })
    ));
    assert!(matches!(
        v.session().add_task(&NewTask {
            about: Some(About::Company(42)),
            ..task("x", None)
        }),
        Err(Error::NotFound {
            entity: "company",
            ..
        })
    ));
    assert!(titles(&mut v, TaskFilter::All, false).is_empty());
}

#[test]
fn the_assignee_and_the_creator_may_change_a_task_and_others_may_not() {
    let mut v = new_vault();
    let theirs = v.session().add_task(&task("Owner's own", None)).unwrap();
    let mut agent = user_session(&mut v, "agnes", Role::Agent);
    let assigned = v
        .session()
        .add_task(&NewTask {
            assignee: Some("AGNES".into()),
            ..task("For Agnes", Some("2026-03-10"))
        })
        .unwrap();
    let created = agent
        .add_task(&NewTask {
            assignee: Some(OWNER.into()),
            ..task("Agnes asks Ada", None)
        })
        .unwrap();
    agent.complete_task(assigned).unwrap();
    agent.reopen_task(assigned).unwrap();
    agent
        .update_task(
            created,
            &TaskPatch {
                title: Some("Agnes asks Ada nicely".into()),
                ..TaskPatch::default()
            },
        )
        .unwrap();
    assert!(matches!(
        agent.complete_task(theirs),
        Err(Error::PermissionDenied {
            permission: "contacts.edit-any",
            ..
        })
    ));
    assert!(matches!(
        agent.delete_task(theirs),
        Err(Error::PermissionDenied {
            permission: "contacts.delete-any",
            ..
        })
    ));
    let mine: Vec<_> = agent
        .list_tasks(TaskFilter::All, true, today())
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(mine, [assigned], "only tasks assigned to agnes");
    agent.delete_task(created).unwrap();

    let mut viewer = user_session(&mut v, "vic", Role::Viewer);
    assert!(matches!(
        viewer.add_task(&task("Nope", None)),
        Err(Error::PermissionDenied {
            permission: "contacts.create",
            ..
        })
    ));
    assert_eq!(
        viewer
            .list_tasks(TaskFilter::Today, false, today())
            .unwrap()
            .len(),
        1
    );
    agent.lock().unwrap();
    viewer.lock().unwrap();
    assert_eq!(titles(&mut v, TaskFilter::All, true), ["Owner's own"]);
}

#[test]
fn audit_entries_name_task_ids_never_titles() {
    let mut v = new_vault();
    let id = v
        .session()
        .add_task(&task("Phone the pelican sanctuary", Some("2026-03-10")))
        .unwrap();
    v.session()
        .update_task(
            id,
            &TaskPatch {
                title: Some("Visit the pelican sanctuary".into()),
                ..TaskPatch::default()
            },
        )
        .unwrap();
    v.session().complete_task(id).unwrap();
    v.session().reopen_task(id).unwrap();
    v.session().delete_task(id).unwrap();
    let text = all_audit_text(&v);
    for action in [
        "task.create",
        "task.update",
        "task.done",
        "task.reopen",
        "task.delete",
    ] {
        assert!(
            text.contains(&format!("{action} task {id}")),
            "{action} missing: {text}"
        );
    }
    assert!(text.contains(r#"{"fields":["title"]}"#), "{text}");
    assert!(!text.contains("pelican"), "{text}");
    assert!(matches!(
        v.session().get_task(id),
        Err(Error::NotFound { entity: "task", .. })
    ));
}

#[test]
fn tasks_leave_the_lists_with_their_record_in_the_recycle_bin_and_come_back() {
    use steward_core::records::companies::NewCompany;
    use steward_core::records::deals::NewDeal;
    use steward_core::records::recycle_bin::RecordKind;

    let mut v = new_vault();
    let s = v.session();
    let contact = s
        .add_contact(&NewContact {
            name: "Ada Lovelace".into(),
            ..NewContact::default()
        })
        .unwrap();
    let company = s
        .add_company(&NewCompany {
            name: "Analytical Engines".into(),
            ..NewCompany::default()
        })
        .unwrap();
    let deal = s
        .add_deal(&NewDeal {
            title: "Engine order".into(),
            ..NewDeal::default()
        })
        .unwrap();
    for (title, about) in [
        ("call Ada", About::Contact(contact)),
        ("visit the works", About::Company(company)),
        ("send the quote", About::Deal(deal)),
    ] {
        s.add_task(&NewTask {
            about: Some(about),
            ..task(title, Some("2026-03-10"))
        })
        .unwrap();
    }
    s.add_task(&task("on its own", Some("2026-03-10"))).unwrap();
    s.delete_contact(contact).unwrap();
    s.delete_company(company).unwrap();
    s.delete_deal(deal).unwrap();
    for filter in [TaskFilter::Today, TaskFilter::All] {
        assert_eq!(titles(&mut v, filter, false), ["on its own"], "{filter:?}");
    }
    let s = v.session();
    s.restore_contact(contact).unwrap();
    s.restore_record(RecordKind::Company, company).unwrap();
    s.restore_record(RecordKind::Deal, deal).unwrap();
    assert_eq!(
        titles(&mut v, TaskFilter::Today, false),
        [
            "call Ada",
            "visit the works",
            "send the quote",
            "on its own"
        ]
    );
}

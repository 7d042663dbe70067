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

/// The audit entries with `outcome`, as "action target_id details".
fn audit_rows(v: &TestVault, outcome: &str) -> Vec<String> {
    raw(v)
        .prepare(
            "SELECT action || ' ' || ifnull(target_id, '') || ' ' || details FROM audit_log
             WHERE outcome = ?1 ORDER BY seq",
        )
        .unwrap()
        .query_map([outcome], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_task_keeps_its_time_duration_and_reminder_and_is_rescheduled() {
    let mut v = new_vault();
    let id = v
        .session()
        .add_task(&NewTask {
            due_time: Some("9:30".into()),
            duration_minutes: Some(45),
            remind_before_minutes: Some(15),
            ..task("Meet the printer", Some("2026-03-10"))
        })
        .unwrap();
    let t = v.session().get_task(id).unwrap();
    assert_eq!(
        (
            t.due_date.as_deref(),
            t.due_time.as_deref(),
            t.duration_minutes,
            t.remind_before_minutes
        ),
        (Some("2026-03-10"), Some("09:30"), Some(45), Some(15))
    );
    // Later the same day sorts after an earlier one and after one at no time.
    v.session()
        .add_task(&NewTask {
            due_time: Some("08:00".into()),
            ..task("Early call", Some("2026-03-10"))
        })
        .unwrap();
    v.session()
        .add_task(&task("Any time", Some("2026-03-10")))
        .unwrap();
    assert_eq!(
        titles(&mut v, TaskFilter::Today, false),
        ["Any time", "Early call", "Meet the printer"]
    );

    let t = v
        .session()
        .update_task(
            id,
            &TaskPatch {
                title: Some("Meet the printer again".into()),
                due_date: Some("2026-03-12".into()),
                due_time: Some(Some("16:00".into())),
                remind_before_minutes: Some(Some(0)),
                ..TaskPatch::default()
            },
        )
        .unwrap();
    assert_eq!(t.title, "Meet the printer again");
    assert_eq!(
        (
            t.due_date.as_deref(),
            t.due_time.as_deref(),
            t.duration_minutes,
            t.remind_before_minutes
        ),
        (Some("2026-03-12"), Some("16:00"), Some(45), Some(0))
    );
    assert_eq!(
        titles(&mut v, TaskFilter::Upcoming, false),
        ["Meet the printer again"]
    );
    let last = audit_rows(&v, "allowed").pop().unwrap();
    assert_eq!(
        last,
        format!(r#"task.update {id} {{"fields":["title","due_date","due_time","reminder"]}}"#)
    );

    // Clearing the date clears the moment's time, duration and reminder.
    let t = v
        .session()
        .update_task(
            id,
            &TaskPatch {
                due_date: Some(String::new()),
                ..TaskPatch::default()
            },
        )
        .unwrap();
    assert_eq!(
        (
            t.due_date,
            t.due_time,
            t.duration_minutes,
            t.remind_before_minutes
        ),
        (None, None, None, None)
    );
}

#[test]
fn a_bad_time_duration_or_reminder_is_refused_with_its_reason_and_writes_nothing() {
    let mut v = new_vault();
    let reason = |e: Error| e.invalid_input().and_then(|i| i.reason());
    let err = v
        .session()
        .add_task(&NewTask {
            due_time: Some("25:00".into()),
            ..task("Bad time", Some("2026-03-10"))
        })
        .unwrap_err();
    assert_eq!(reason(err), Some("time-invalid"));
    let err = v
        .session()
        .add_task(&NewTask {
            remind_before_minutes: Some(15),
            ..task("No date", None)
        })
        .unwrap_err();
    assert_eq!(reason(err), Some("needs-due-date"));
    let id = v
        .session()
        .add_task(&task("Fine", Some("2026-03-10")))
        .unwrap();
    let err = v
        .session()
        .update_task(
            id,
            &TaskPatch {
                duration_minutes: Some(Some(0)),
                ..TaskPatch::default()
            },
        )
        .unwrap_err();
    assert_eq!(reason(err), Some("out-of-range"));
    assert_eq!(titles(&mut v, TaskFilter::All, false), ["Fine"]);
    assert_eq!(v.session().get_task(id).unwrap().duration_minutes, None);
}

#[test]
fn a_task_is_reassigned_only_to_an_enabled_user_who_may_change_records() {
    let mut v = new_vault();
    let agent = user_session(&mut v, "agnes", Role::Agent);
    agent.lock().unwrap();
    let viewer = user_session(&mut v, "vic", Role::Viewer);
    viewer.lock().unwrap();
    let id = v
        .session()
        .add_task(&task("Hand over", Some("2026-03-10")))
        .unwrap();
    let t = v
        .session()
        .update_task(
            id,
            &TaskPatch {
                assignee: Some("agnes".into()),
                ..TaskPatch::default()
            },
        )
        .unwrap();
    assert_eq!(t.assignee, "agnes");
    let err = v
        .session()
        .update_task(
            id,
            &TaskPatch {
                assignee: Some("vic".into()),
                ..TaskPatch::default()
            },
        )
        .unwrap_err();
    let invalid = err.invalid_input().expect("refused input");
    assert_eq!(invalid.reason(), Some("assignee-cannot-hold"));
    assert_eq!(invalid.params()["role"], "viewer");
    assert!(matches!(
        v.session().update_task(
            id,
            &TaskPatch {
                assignee: Some("nobody".into()),
                ..TaskPatch::default()
            },
        ),
        Err(Error::NotFound { entity: "user", .. })
    ));
    assert_eq!(v.session().get_task(id).unwrap().assignee, "agnes");
}

#[test]
fn a_disabled_users_task_can_still_be_rescheduled_with_its_assignee_named_again() {
    // The edit form sends the assignee it shows; naming the same one is
    // no reassignment, so a task of someone who left stays editable.
    let mut v = new_vault();
    let agent = user_session(&mut v, "agnes", Role::Agent);
    agent.lock().unwrap();
    let id = v
        .session()
        .add_task(&NewTask {
            assignee: Some("agnes".into()),
            ..task("Hand over", Some("2026-03-10"))
        })
        .unwrap();
    v.session().disable_user("agnes").unwrap();
    let t = v
        .session()
        .update_task(
            id,
            &TaskPatch {
                title: Some("Hand over the keys".into()),
                due_date: Some("2026-03-12".into()),
                assignee: Some("agnes".into()),
                ..TaskPatch::default()
            },
        )
        .unwrap();
    assert_eq!(
        (t.title.as_str(), t.due_date.as_deref(), t.assignee.as_str()),
        ("Hand over the keys", Some("2026-03-12"), "agnes")
    );
}

#[test]
fn an_agent_may_not_reschedule_someone_elses_task_and_the_refusal_is_audited() {
    let mut v = new_vault();
    let id = v
        .session()
        .add_task(&task("The owner's", Some("2026-03-10")))
        .unwrap();
    let mut agent = user_session(&mut v, "agnes", Role::Agent);
    let err = agent
        .update_task(
            id,
            &TaskPatch {
                due_date: Some("2026-03-20".into()),
                ..TaskPatch::default()
            },
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::PermissionDenied {
                permission: "contacts.edit-any",
                ..
            }
        ),
        "{err}"
    );
    agent.lock().unwrap();
    let denied = audit_rows(&v, "denied");
    assert_eq!(denied.len(), 1, "{denied:?}");
    assert!(
        denied[0].starts_with(&format!("task.update {id} ")),
        "{denied:?}"
    );
    assert_eq!(
        v.session().get_task(id).unwrap().due_date.as_deref(),
        Some("2026-03-10")
    );
}

#[test]
fn a_task_about_a_restricted_contact_is_neither_listed_nor_reminded_to_who_may_not_see_it() {
    let mut v = new_vault();
    let person = v
        .session()
        .add_contact(&NewContact {
            name: "Ana Restrânsă".into(),
            ..NewContact::default()
        })
        .unwrap();
    let agent = user_session(&mut v, "bob", Role::Agent);
    v.session()
        .add_task(&NewTask {
            about: Some(About::Contact(person)),
            assignee: Some("bob".into()),
            due_time: Some("09:00".into()),
            remind_before_minutes: Some(0),
            ..task("Call Ana", Some("2026-03-10"))
        })
        .unwrap();
    let now = NaiveDate::from_ymd_opt(2026, 3, 10)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    let agent_sees = |_: &mut TestVault| {
        let listed = agent
            .list_tasks(TaskFilter::Today, false, today())
            .unwrap()
            .len();
        let reminded = agent.reminders(now).unwrap().len();
        (listed, reminded)
    };
    assert_eq!(agent_sees(&mut v), (1, 1));
    v.session().restrict_contact(person).unwrap();
    assert_eq!(
        agent_sees(&mut v),
        (0, 0),
        "restricted: hidden from the agent"
    );
    assert_eq!(
        v.session()
            .list_tasks(TaskFilter::Today, false, today())
            .unwrap()
            .len(),
        1,
        "the owner, who handles the restriction, still sees it"
    );
}

/// Every page of the tab `filter` by cursors, `size` tasks at a time, from
/// `session`: the ids of each.
fn task_pages(
    session: &steward_core::Session,
    filter: TaskFilter,
    mine_only: bool,
    size: u32,
) -> Vec<Vec<i64>> {
    let mut pages = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = session
            .list_tasks_page(filter, mine_only, today(), after.as_deref(), size)
            .unwrap();
        assert!(page.items.len() <= size as usize);
        pages.push(page.items.iter().map(|t| t.id).collect());
        assert!(pages.len() < 200, "the cursors never end");
        match page.next {
            Some(next) => after = Some(next),
            None => return pages,
        }
    }
}

#[test]
fn the_pages_of_a_tab_are_the_whole_tab_in_its_order_with_ties_and_missing_dates_and_times() {
    let mut v = new_vault();
    let _agent = user_session(&mut v, "agnes", Role::Agent);
    let days = [
        Some("2026-03-07"),
        Some("2026-03-09"),
        Some("2026-03-10"),
        Some("2026-03-11"),
        Some("2026-04-01"),
        None,
    ];
    let times = [None, Some("09:00"), Some("09:00"), Some("14:30"), None];
    let done_at = [
        "2026-03-01T08:00:00Z",
        "2026-03-02T08:00:00Z",
        "2026-03-01T08:00:00Z",
    ];
    let mut state: u64 = 0x5eed;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        usize::try_from((state >> 33) % u64::try_from(n).unwrap()).unwrap()
    };
    for i in 0..90 {
        let day = days[next(days.len())];
        let time = day.and(times[next(times.len())]);
        let id = v
            .session()
            .add_task(&NewTask {
                title: format!("task {i}"),
                due_date: day.map(Into::into),
                due_time: time.map(Into::into),
                assignee: next(3).eq(&0).then(|| "agnes".into()),
                ..NewTask::default()
            })
            .unwrap();
        match next(6) {
            0 | 1 => {
                let at = done_at[next(done_at.len())];
                steward_core::clock::set_thread_now(Some(at.parse().unwrap()));
                v.session().complete_task(id).unwrap();
                steward_core::clock::set_thread_now(None);
            }
            2 if i % 4 == 0 => v.session().delete_task(id).unwrap(),
            _ => {}
        }
    }
    for filter in [
        TaskFilter::Today,
        TaskFilter::Overdue,
        TaskFilter::Upcoming,
        TaskFilter::Done,
    ] {
        for mine_only in [false, true] {
            let whole: Vec<i64> = v
                .session()
                .list_tasks(filter, mine_only, today())
                .unwrap()
                .iter()
                .map(|t| t.id)
                .collect();
            assert!(whole.len() >= 3, "{filter:?}: {whole:?}");
            for size in [1, 2, 3, 7, 500] {
                let pages = task_pages(v.session(), filter, mine_only, size);
                let paged: Vec<i64> = pages.concat();
                assert_eq!(
                    paged, whole,
                    "{filter:?}, mine {mine_only}, pages of {size}"
                );
                if size as usize >= whole.len() {
                    assert_eq!(pages.len(), 1);
                }
            }
            let count = v.session().count_tasks(filter, mine_only, today()).unwrap();
            assert_eq!(count, whole.len() as u64, "{filter:?}");
        }
    }
}

#[test]
fn a_tab_refuses_another_tabs_cursor_and_every_task_is_not_paged() {
    let mut v = new_vault();
    for due in ["2026-03-10", "2026-03-10", "2026-03-11", "2026-03-12"] {
        v.session().add_task(&task("t", Some(due))).unwrap();
    }
    let today_page = v
        .session()
        .list_tasks_page(TaskFilter::Today, false, today(), None, 1)
        .unwrap();
    let cursor = today_page.next.unwrap();
    for filter in [TaskFilter::Upcoming, TaskFilter::Done] {
        let err = v
            .session()
            .list_tasks_page(filter, false, today(), Some(&cursor), 1)
            .unwrap_err();
        assert_eq!(err.reason(), Some("cursor-invalid"), "{filter:?}");
    }
    let err = v
        .session()
        .list_tasks_page(TaskFilter::All, false, today(), None, 10)
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
}

//! The calendar: a range of tasks as the task lists would show them, moving
//! one, and the iCalendar export read back with the same library.

use calcard::icalendar::{ICalendar, ICalendarComponentType, ICalendarProperty, ICalendarValue};
use chrono::NaiveDate;
use steward_core::records::activities::About;
use steward_core::records::contacts::NewContact;
use steward_core::records::tasks::{NewTask, TaskPatch};
use steward_core::{Error, Role};

use crate::fixtures::*;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn task(title: &str, due: &str, time: Option<&str>, minutes: Option<u32>) -> NewTask {
    NewTask {
        title: title.into(),
        due_date: Some(due.into()),
        due_time: time.map(Into::into),
        duration_minutes: minutes,
        ..NewTask::default()
    }
}

fn titles(s: &steward_core::Session, from: &str, to: &str, mine: bool) -> Vec<String> {
    s.calendar(d(from), d(to), mine)
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect()
}

#[test]
fn a_range_holds_its_days_tasks_by_day_and_time_and_leaves_out_the_hidden() {
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "bob", Role::Agent);
    let person = v
        .session()
        .add_contact(&NewContact {
            name: "Ilinca Restricta".into(),
            ..Default::default()
        })
        .unwrap();
    let binned = v
        .session()
        .add_contact(&NewContact {
            name: "Bin Person".into(),
            ..Default::default()
        })
        .unwrap();
    for (title, due, time) in [
        ("before", "2026-02-28", None),
        ("first day, late", "2026-03-01", Some("16:00")),
        ("first day, early", "2026-03-01", Some("08:30")),
        ("first day, any time", "2026-03-01", None),
        ("last day", "2026-03-31", Some("23:59")),
        ("after", "2026-04-01", None),
    ] {
        v.session().add_task(&task(title, due, time, None)).unwrap();
    }
    let bobs = v
        .session()
        .add_task(&NewTask {
            assignee: Some("bob".into()),
            ..task("bob's", "2026-03-15", Some("10:00"), Some(60))
        })
        .unwrap();
    let done = v
        .session()
        .add_task(&task("done", "2026-03-20", None, None))
        .unwrap();
    v.session().complete_task(done).unwrap();
    let deleted = v
        .session()
        .add_task(&task("deleted", "2026-03-20", None, None))
        .unwrap();
    v.session().delete_task(deleted).unwrap();
    v.session()
        .add_task(&NewTask {
            title: "undated".into(),
            ..NewTask::default()
        })
        .unwrap();
    v.session()
        .add_task(&NewTask {
            about: Some(About::Contact(person)),
            ..task("about the restricted", "2026-03-21", None, None)
        })
        .unwrap();
    v.session()
        .add_task(&NewTask {
            about: Some(About::Contact(binned)),
            ..task("about the binned", "2026-03-22", None, None)
        })
        .unwrap();
    v.session().restrict_contact(person).unwrap();
    v.session().delete_contact(binned).unwrap();

    let month = [
        "first day, any time",
        "first day, early",
        "first day, late",
        "bob's",
        "done",
        "about the restricted",
        "last day",
    ];
    assert_eq!(
        titles(v.session(), "2026-03-01", "2026-03-31", false),
        month
    );
    // An agent sees no restricted contact, nor the tasks about one.
    assert_eq!(
        titles(&agent, "2026-03-01", "2026-03-31", false),
        month
            .iter()
            .filter(|t| **t != "about the restricted")
            .copied()
            .collect::<Vec<_>>()
    );
    assert_eq!(titles(&agent, "2026-03-01", "2026-03-31", true), ["bob's"]);
    assert!(titles(v.session(), "2026-03-02", "2026-03-14", false).is_empty());
    let meeting = &agent
        .calendar(d("2026-03-15"), d("2026-03-15"), true)
        .unwrap()[0];
    assert_eq!(meeting.id, bobs);
    assert_eq!(meeting.due_time.as_deref(), Some("10:00"));
    assert_eq!(meeting.duration_minutes, Some(60));

    // Moving a task is the task's update: the week it left no longer
    // holds it, the day it went to does, and the audit names the fields.
    agent
        .update_task(
            bobs,
            &TaskPatch {
                due_date: Some("2026-03-17".into()),
                due_time: Some(Some("14:30".into())),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(titles(&agent, "2026-03-15", "2026-03-16", true).is_empty());
    let moved = &agent
        .calendar(d("2026-03-17"), d("2026-03-17"), true)
        .unwrap()[0];
    assert_eq!(
        (
            moved.due_date.as_deref(),
            moved.due_time.as_deref(),
            moved.duration_minutes
        ),
        (Some("2026-03-17"), Some("14:30"), Some(60))
    );
    assert!(all_audit_text(&v).contains(&format!(
        "task.update task {bobs} {{\"fields\":[\"due_date\",\"due_time\"]}}"
    )));

    // A viewer reads the calendar, as it reads the task lists.
    let viewer = user_session(&mut v, "vera", Role::Viewer);
    assert_eq!(
        titles(&viewer, "2026-03-17", "2026-03-17", false),
        ["bob's"]
    );
}

/// Each event of an iCalendar file: uid, summary, start, end (`YYYYMMDD`
/// for a date, `YYYYMMDDTHHMM` for a floating time).
fn events(text: &str) -> Vec<(String, String, String, Option<String>)> {
    let cal = ICalendar::parse(text).expect("an iCalendar file");
    let stamp = |v: &ICalendarValue| match v {
        ICalendarValue::PartialDateTime(p) => {
            assert_eq!((p.tz_hour, p.tz_minute), (None, None), "floating time");
            let date = format!(
                "{:04}{:02}{:02}",
                p.year.unwrap(),
                p.month.unwrap(),
                p.day.unwrap()
            );
            match p.hour {
                Some(h) => format!("{date}T{h:02}{:02}", p.minute.unwrap()),
                None => date,
            }
        }
        other => panic!("not a date: {other:?}"),
    };
    cal.components
        .iter()
        .filter(|c| c.component_type == ICalendarComponentType::VEvent)
        .map(|c| {
            let text = |p: ICalendarProperty| match &c.property(&p).unwrap().values[0] {
                ICalendarValue::Text(t) => t.clone(),
                other => panic!("not text: {other:?}"),
            };
            (
                text(ICalendarProperty::Uid),
                text(ICalendarProperty::Summary),
                stamp(&c.property(&ICalendarProperty::Dtstart).unwrap().values[0]),
                c.property(&ICalendarProperty::Dtend)
                    .map(|e| stamp(&e.values[0])),
            )
        })
        .collect()
}

#[test]
fn the_export_reads_back_as_the_same_events_and_is_recorded() {
    let mut v = new_vault();
    let person = v
        .session()
        .add_contact(&NewContact {
            name: "Ana Calendar".into(),
            ..Default::default()
        })
        .unwrap();
    let meeting = v
        .session()
        .add_task(&NewTask {
            about: Some(About::Contact(person)),
            ..task(
                "Întâlnire cu Ana, ședință; plan",
                "2026-03-10",
                Some("09:30"),
                Some(90),
            )
        })
        .unwrap();
    let all_day = v
        .session()
        .add_task(&task("Send the offer", "2026-03-12", None, None))
        .unwrap();
    let outside = v
        .session()
        .add_task(&task("Later", "2026-05-01", None, None))
        .unwrap();
    let vault_id = v.session().vault_id().to_owned();

    let mut out = Vec::new();
    let n = v
        .session()
        .export_calendar(Some("2026-03-01"), Some("2026-03-31"), false, &mut out)
        .unwrap();
    assert_eq!(n, 2);
    let text = String::from_utf8(out).unwrap();
    let uid = |id: i64| format!("task-{id}.{vault_id}@steward");
    assert_eq!(
        events(&text),
        [
            (
                uid(meeting),
                "Întâlnire cu Ana, ședință; plan".to_owned(),
                "20260310T0930".to_owned(),
                Some("20260310T1100".to_owned())
            ),
            (
                uid(all_day),
                "Send the offer".to_owned(),
                "20260312".to_owned(),
                Some("20260313".to_owned())
            ),
        ]
    );
    // Nothing about the contact leaves but what the title says.
    assert!(!text.contains("Ana Calendar"), "{text}");

    // The same task keeps its UID in the next export; the whole calendar
    // without bounds holds every dated task.
    let mut again = Vec::new();
    assert_eq!(
        v.session()
            .export_calendar(None, None, false, &mut again)
            .unwrap(),
        3
    );
    let again = events(&String::from_utf8(again).unwrap());
    assert_eq!(again[0].0, uid(meeting));
    assert_eq!(again[2].0, uid(outside));

    let mut one = Vec::new();
    assert_eq!(v.session().export_task_event(all_day, &mut one).unwrap(), 1);
    assert_eq!(events(&String::from_utf8(one).unwrap())[0].0, uid(all_day));

    // Recorded as exports, the contact's among them for its access history.
    let audit = all_audit_text(&v);
    assert_eq!(
        audit.matches("calendar.export export ics").count(),
        3,
        "{audit}"
    );
    assert!(audit.contains("\"events\":2"), "{audit}");
    let logged: i64 = raw(&v)
        .query_row(
            "SELECT count(*) FROM export_log WHERE contact_id = ?1",
            [person],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 2, "the range and the whole calendar held its task");
}

#[test]
fn exporting_the_calendar_needs_the_export_permission_and_a_refusal_is_audited() {
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "bob", Role::Agent);
    let id = agent
        .add_task(&task("mine", "2026-03-10", Some("10:00"), None))
        .unwrap();
    let mut out = Vec::new();
    assert!(matches!(
        agent.export_calendar(None, None, true, &mut out),
        Err(Error::PermissionDenied { .. })
    ));
    assert!(matches!(
        agent.export_task_event(id, &mut out),
        Err(Error::PermissionDenied { .. })
    ));
    assert!(out.is_empty());
    let audit = all_audit_text(&v);
    assert_eq!(audit.matches("calendar.export").count(), 2, "{audit}");
    // A bad bound is refused before anything is written.
    let err = v
        .session()
        .export_calendar(Some("10.03.2026"), None, false, &mut out)
        .unwrap_err();
    assert!(err.to_string().contains("YYYY-MM-DD"), "{err}");
    let err = v
        .session()
        .export_calendar(Some("2026-03-10"), Some("2026-03-09"), false, &mut out)
        .unwrap_err();
    assert!(err.to_string().contains("before its start"), "{err}");
    assert!(out.is_empty());
}

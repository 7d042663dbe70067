//! Reminders of tasks: due once, per user, snoozed and dismissed, and the
//! locked-vault queue that names nothing.

use chrono::NaiveDateTime;
use steward_core::records::activities::About;
use steward_core::records::contacts::NewContact;
use steward_core::records::tasks::{NewTask, TaskPatch};
use steward_core::reminders::queue::{QUEUE_FILE, Queue};
use steward_core::reminders::{MOMENT_FORMAT, Snooze};
use steward_core::{Error, Role};

use crate::fixtures::*;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, MOMENT_FORMAT).unwrap()
}

fn reminded(title: &str, date: &str, time: Option<&str>, before: u32) -> NewTask {
    NewTask {
        title: title.into(),
        due_date: Some(date.into()),
        due_time: time.map(Into::into),
        remind_before_minutes: Some(before),
        ..NewTask::default()
    }
}

fn notified(v: &mut TestVault, now: &str) -> Vec<String> {
    v.session()
        .reminders_to_notify(at(now))
        .unwrap()
        .into_iter()
        .map(|r| r.task.title)
        .collect()
}

#[test]
fn a_reminder_is_due_at_its_moment_and_notified_once() {
    let mut v = new_vault();
    let call = v
        .session()
        .add_task(&reminded(
            "Call Ana Popescu",
            "2026-12-07",
            Some("14:00"),
            15,
        ))
        .unwrap();
    // A task due on a day at no time reminds as if due at 09:00.
    v.session()
        .add_task(&reminded("Send the offer", "2026-12-08", None, 24 * 60))
        .unwrap();
    v.session()
        .add_task(&NewTask {
            title: "No reminder".into(),
            due_date: Some("2026-12-07".into()),
            ..NewTask::default()
        })
        .unwrap();
    let all = v.session().reminders(at("2026-12-07T08:00")).unwrap();
    let moments: Vec<_> = all
        .iter()
        .map(|r| (r.task.title.as_str(), r.at, r.due))
        .collect();
    assert_eq!(
        moments,
        [
            ("Send the offer", at("2026-12-07T09:00"), false),
            ("Call Ana Popescu", at("2026-12-07T13:45"), false),
        ]
    );
    assert!(notified(&mut v, "2026-12-07T08:59").is_empty());
    assert_eq!(notified(&mut v, "2026-12-07T09:00"), ["Send the offer"]);
    assert!(notified(&mut v, "2026-12-07T09:30").is_empty(), "once");
    assert_eq!(notified(&mut v, "2026-12-07T13:45"), ["Call Ana Popescu"]);
    assert!(notified(&mut v, "2026-12-07T13:46").is_empty());
    // Notified reminders stay in the list, due, until dismissed.
    let listed = v.session().reminders(at("2026-12-07T13:46")).unwrap();
    assert!(listed.iter().all(|r| r.due && r.notified));
    let text = listed
        .iter()
        .find(|r| r.task.id == call)
        .unwrap()
        .notification_text(at("2026-12-07T13:46").date());
    assert_eq!(text, "Call Ana Popescu — 14:00");
    // Rescheduling makes a new reminder, notified again at its new moment.
    v.session()
        .update_task(
            call,
            &TaskPatch {
                due_time: Some(Some("16:00".into())),
                ..TaskPatch::default()
            },
        )
        .unwrap();
    assert!(notified(&mut v, "2026-12-07T15:44").is_empty());
    assert_eq!(notified(&mut v, "2026-12-07T15:45"), ["Call Ana Popescu"]);
}

#[test]
fn a_done_deleted_or_someone_elses_task_reminds_no_one_here() {
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "bob", Role::Agent);
    let done = v
        .session()
        .add_task(&reminded("Done already", "2026-12-07", Some("10:00"), 0))
        .unwrap();
    v.session().complete_task(done).unwrap();
    let deleted = v
        .session()
        .add_task(&reminded("Deleted", "2026-12-07", Some("10:00"), 0))
        .unwrap();
    v.session().delete_task(deleted).unwrap();
    let contact = v
        .session()
        .add_contact(&NewContact {
            name: "Ion Ionescu".into(),
            ..NewContact::default()
        })
        .unwrap();
    v.session()
        .add_task(&NewTask {
            about: Some(About::Contact(contact)),
            ..reminded("About a binned contact", "2026-12-07", Some("10:00"), 0)
        })
        .unwrap();
    v.session().delete_contact(contact).unwrap();
    v.session()
        .add_task(&NewTask {
            assignee: Some("bob".into()),
            ..reminded("Bob's call", "2026-12-07", Some("10:00"), 0)
        })
        .unwrap();
    assert!(notified(&mut v, "2026-12-07T11:00").is_empty());
    assert!(
        v.session()
            .reminders(at("2026-12-07T11:00"))
            .unwrap()
            .is_empty()
    );
    // The assignee has it, and the owner cannot dismiss it for them.
    let bobs: Vec<_> = agent
        .reminders_to_notify(at("2026-12-07T11:00"))
        .unwrap()
        .into_iter()
        .map(|r| (r.task.title, r.task.id))
        .collect();
    assert_eq!(bobs.len(), 1);
    assert_eq!(bobs[0].0, "Bob's call");
    let err = v.session().dismiss_reminder(bobs[0].1).unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotFound {
                entity: "reminder",
                ..
            }
        ),
        "{err:?}"
    );
    let err = v.session().dismiss_reminder(done).unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotFound {
                entity: "reminder",
                ..
            }
        ),
        "{err:?}"
    );
    agent.lock().unwrap();
}

#[test]
fn missed_reminders_come_at_the_next_unlock() {
    let mut v = new_vault();
    v.session()
        .add_task(&reminded("Missed call", "2026-12-05", Some("10:00"), 30))
        .unwrap();
    v.lock();
    v.unlock();
    let missed = v
        .session()
        .reminders_to_notify(at("2026-12-07T08:00"))
        .unwrap();
    assert_eq!(missed.len(), 1);
    assert_eq!(missed[0].task.title, "Missed call");
    assert_eq!(missed[0].at, at("2026-12-05T09:30"));
    v.unlock();
    assert!(
        notified(&mut v, "2026-12-07T08:01").is_empty(),
        "sent once, across unlocks"
    );
    assert_eq!(
        v.session().reminders(at("2026-12-07T08:01")).unwrap().len(),
        1
    );
}

#[test]
fn snooze_puts_a_reminder_off_and_dismiss_ends_it() {
    let mut v = new_vault();
    let id = v
        .session()
        .add_task(&reminded(
            "Call Ana Popescu",
            "2026-12-07",
            Some("14:00"),
            0,
        ))
        .unwrap();
    assert_eq!(notified(&mut v, "2026-12-07T14:00"), ["Call Ana Popescu"]);
    let until = v
        .session()
        .snooze_reminder(id, "5m".parse().unwrap(), at("2026-12-07T14:01"))
        .unwrap();
    assert_eq!(until, at("2026-12-07T14:06"));
    let r = &v.session().reminders(at("2026-12-07T14:02")).unwrap()[0];
    assert!(r.snoozed && !r.due && !r.notified);
    assert!(notified(&mut v, "2026-12-07T14:05").is_empty());
    assert_eq!(notified(&mut v, "2026-12-07T14:06"), ["Call Ana Popescu"]);
    let until = v
        .session()
        .snooze_reminder(id, Snooze::Tomorrow, at("2026-12-07T14:07"))
        .unwrap();
    assert_eq!(until, at("2026-12-08T09:00"));
    assert_eq!("1h".parse::<Snooze>().unwrap(), Snooze::Minutes(60));
    assert!("soon".parse::<Snooze>().is_err());
    assert!("0m".parse::<Snooze>().is_err());
    let audit_before = all_audit_text(&v);
    v.session().dismiss_reminder(id).unwrap();
    assert!(
        v.session()
            .reminders(at("2026-12-08T10:00"))
            .unwrap()
            .is_empty()
    );
    assert!(notified(&mut v, "2026-12-08T10:00").is_empty());
    // The user's own state, not a change to a record: nothing is audited.
    assert_eq!(all_audit_text(&v), audit_before);
    let err = v.session().dismiss_reminder(id).unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

#[test]
fn the_locked_queue_holds_ids_and_times_and_nothing_personal() {
    let mut v = new_vault();
    let contact = v
        .session()
        .add_contact(&NewContact {
            name: "Ana Popescu".into(),
            emails: vec!["ana@example.com".into()],
            ..NewContact::default()
        })
        .unwrap();
    let id = v
        .session()
        .add_task(&NewTask {
            about: Some(About::Contact(contact)),
            ..reminded("Call Wilhelmina", "2026-12-07", Some("14:00"), 15)
        })
        .unwrap();
    let dismissed = v
        .session()
        .add_task(&reminded("Dismissed", "2026-12-07", Some("12:00"), 0))
        .unwrap();
    v.session().dismiss_reminder(dismissed).unwrap();
    v.session().write_reminder_queue().unwrap();
    v.lock();
    let path = v.dir.join(QUEUE_FILE);
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let owner = text
        .strip_prefix(&format!(
            r#"{{"format":1,"language":"en","reminders":[{{"task":{id},"at":"2026-12-07T13:45"}}],"owner":""#
        ))
        .and_then(|rest| rest.strip_suffix("\"}"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        owner.len() == 32 && owner.bytes().all(|b| b.is_ascii_hexdigit()),
        "{owner}"
    );
    // The owner's 32 random hex digits may spell a needle ("ada" is hex):
    // the rest of the file is searched.
    let rest = text.replace(owner, "");
    for needle in [
        "Wilhelmina",
        "Call",
        "Ana",
        "Popescu",
        "ana@example.com",
        OWNER,
    ] {
        assert!(!rest.contains(needle), "the queue holds {needle:?}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    // Read without the key, while locked.
    let queue = Queue::load(&v.dir).unwrap();
    assert_eq!(queue.due(at("2026-12-07T13:44")).len(), 0);
    assert_eq!(queue.due(at("2026-12-07T13:45")).len(), 1);
    // A notified reminder leaves the queue; the user's language goes in it.
    v.unlock();
    v.session()
        .set_user_language(steward_core::locale::Language::Ro)
        .unwrap();
    notified(&mut v, "2026-12-07T13:45");
    v.session().write_reminder_queue().unwrap();
    let queue = Queue::load(&v.dir).unwrap();
    assert!(queue.reminders.is_empty());
    assert_eq!(queue.language, "ro");
}

#[test]
fn the_queue_is_kept_for_its_owner_and_dropped_by_a_restore_over_the_vault() {
    let mut v = new_vault();
    let mine = v
        .session()
        .add_task(&reminded("Mine", "2026-12-07", Some("14:00"), 0))
        .unwrap();
    v.session().write_reminder_queue().unwrap();
    let owners = Queue::load(&v.dir).unwrap();
    assert_eq!(owners.reminders.len(), 1);
    assert_eq!(owners.reminders[0].task, mine);

    // Another user's command-line session leaves the owner's queue alone…
    let mut agent = user_session(&mut v, "agent", Role::Agent);
    agent
        .add_task(&reminded("Theirs", "2026-12-07", Some("15:00"), 0))
        .unwrap();
    agent.write_own_reminder_queue().unwrap();
    assert_eq!(Queue::load(&v.dir).unwrap(), owners);
    // …the app, opened by them, makes it theirs, and then their command
    // line keeps it up to date.
    agent.write_reminder_queue().unwrap();
    let theirs = Queue::load(&v.dir).unwrap();
    assert_ne!(theirs.owner, owners.owner);
    assert_ne!(theirs.reminders, owners.reminders);
    agent
        .add_task(&reminded("Theirs too", "2026-12-07", Some("16:00"), 0))
        .unwrap();
    agent.write_own_reminder_queue().unwrap();
    assert_eq!(Queue::load(&v.dir).unwrap().reminders.len(), 2);
    // The owner's command line now leaves the agent's queue as it is.
    v.session().write_own_reminder_queue().unwrap();
    assert_eq!(Queue::load(&v.dir).unwrap().reminders.len(), 2);
    agent.lock().unwrap();

    // A restore over the vault removes the queue of the replaced vault.
    let dir = v._temp.path().join("backups");
    let backup = v
        .session()
        .create_backup(
            steward_core::backup::BackupKind::Manual,
            Some(&dir),
            &mut |_, _| {},
        )
        .unwrap()
        .backup;
    assert!(v.dir.join(QUEUE_FILE).exists());
    let s = v.session.take().unwrap();
    restore_over(
        s,
        &backup.path,
        steward_core::vault::Credentials::Password {
            user: OWNER,
            password: &steward_core::Password::new(PASSWORD),
        },
    )
    .unwrap();
    assert!(!v.dir.join(QUEUE_FILE).exists());
}

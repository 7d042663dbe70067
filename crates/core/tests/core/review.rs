//! Access reviews: a review computed from a known audit history (counts,
//! dormant users by the test clock, role changes, the lower-role
//! suggestion), decisions applied all together or not at all, refusals
//! audited, and the overdue alert.

use chrono::{DateTime, Duration, Utc};
use steward_core::records::contacts::{NewContact, SensitiveField, SensitiveValues};
use steward_core::review::{ActivityCounts, Decision, ReviewedUser};
use steward_core::vault::device::MemoryKeychain;
use steward_core::{Error, Role, Session};

use crate::fixtures::*;

fn t0() -> DateTime<Utc> {
    "2026-01-05T09:00:00Z".parse().unwrap()
}

/// Sets this thread's clock to `days` after [`t0`].
fn day(days: i64) {
    steward_core::clock::set_thread_now(Some(t0() + Duration::days(days)));
}

fn contact(name: &str, sensitive: bool) -> NewContact {
    NewContact {
        name: name.into(),
        sensitive: SensitiveValues {
            national_id: sensitive.then(|| "1900101123456".to_owned()),
            ..SensitiveValues::default()
        },
        ..NewContact::default()
    }
}

fn signed_in(v: &TestVault, name: &str) -> Session {
    unlock(&v.dir, name, OWN_PASSWORD).unwrap()
}

fn user<'a>(users: &'a [ReviewedUser], name: &str) -> &'a ReviewedUser {
    users.iter().find(|u| u.name == name).unwrap()
}

fn count(v: &TestVault, sql: &str) -> i64 {
    raw(v).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// ada (owner), bob (agent who works), carol (agent made manager, who
/// reveals), dave (admin who only looks), erin (agent who never came back).
fn staffed_vault() -> TestVault {
    day(0);
    let mut v = new_vault();
    let shared = v
        .session()
        .add_contact(&contact("Grace Hopper", true))
        .unwrap();
    for (name, role) in [
        ("bob", Role::Agent),
        ("carol", Role::Agent),
        ("dave", Role::Admin),
        ("erin", Role::Agent),
    ] {
        user_session(&mut v, name, role).lock().unwrap();
    }
    v.session().set_role("carol", Role::Manager).unwrap();
    day(65);
    let mut bob = signed_in(&v, "bob");
    for _ in 0..3 {
        bob.get_contact(shared).unwrap();
    }
    let own = bob.add_contact(&contact("Linus", false)).unwrap();
    bob.delete_contact(own).unwrap();
    bob.lock().unwrap();
    let mut carol = signed_in(&v, "carol");
    for _ in 0..2 {
        carol
            .reveal_sensitive(shared, SensitiveField::NationalId, "checking the invoice")
            .unwrap();
    }
    carol.lock().unwrap();
    let mut dave = signed_in(&v, "dave");
    dave.get_contact(shared).unwrap();
    dave.remember_this_device(&MemoryKeychain::default())
        .unwrap();
    dave.lock().unwrap();
    day(70);
    v.unlock();
    v
}

#[test]
fn a_review_counts_its_window_and_finds_dormant_users_role_changes_and_suggestions() {
    let mut v = staffed_vault();
    let head: i64 = count(&v, "SELECT max(seq) FROM audit_log");
    let review = v.session().start_review().unwrap();
    assert_eq!((review.from_seq, review.to_seq), (1, head));
    assert_eq!(review.since, "2026-01-05T09:00:00Z");
    assert_eq!(review.started_at, "2026-03-16T09:00:00Z");
    let names: Vec<&str> = review.users.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["ada", "bob", "carol", "dave", "erin"]);

    let bob = user(&review.users, "bob");
    assert_eq!(
        bob.counts,
        ActivityCounts {
            views: 3,
            reveals: 0,
            exports: 0,
            deletions: 1,
            imports: 0
        }
    );
    assert_eq!(bob.last_unlock.as_deref(), Some("2026-03-11T09:00:00Z"));
    assert!(!bob.dormant);
    assert_eq!(
        bob.suggested_role, None,
        "bob adds and deletes his own contacts"
    );

    let carol = user(&review.users, "carol");
    assert_eq!(carol.role, Role::Manager);
    assert_eq!(carol.counts.reveals, 2);
    assert_eq!(carol.role_changes, 1);
    assert_eq!(carol.suggested_role, None, "revealing is a manager's");

    let dave = user(&review.users, "dave");
    assert_eq!(dave.counts.views, 1);
    assert_eq!(dave.devices, 1);
    assert_eq!(dave.suggested_role, Some(Role::Manager));
    assert!(
        dave.permissions()
            .contains(&steward_core::Permission::UsersManage)
    );

    let erin = user(&review.users, "erin");
    assert_eq!(erin.last_unlock.as_deref(), Some("2026-01-05T09:00:00Z"));
    assert!(erin.dormant, "no unlock in 70 days, 60 allowed");
    assert_eq!(erin.counts, ActivityCounts::default());
    assert_eq!(erin.suggested_role, Some(Role::Viewer));

    let ada = user(&review.users, "ada");
    assert!(!ada.dormant);
    assert_eq!(
        ada.suggested_role, None,
        "the only owner is never told to step down"
    );
    assert_eq!(ada.counts.views, 0);
    assert_eq!(ada.role_changes, 0);

    // One open review at a time.
    assert!(matches!(
        v.session().start_review(),
        Err(Error::InvalidInput(_))
    ));

    // The next review's window starts where this one's ended.
    v.session().close_review().unwrap();
    day(71);
    let bob = signed_in(&v, "bob");
    bob.get_contact(1).unwrap();
    bob.lock().unwrap();
    v.unlock();
    let next = v.session().start_review().unwrap();
    assert_eq!(next.from_seq, head + 1);
    assert_eq!(next.since, "2026-03-16T09:00:00Z");
    let bob = user(&next.users, "bob");
    assert_eq!(bob.counts.views, 1);
    assert_eq!(bob.counts.deletions, 0);
    assert_eq!(user(&next.users, "carol").role_changes, 0);
    let listed = v.session().list_reviews().unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|r| (r.id, r.closed_at.is_some()))
            .collect::<Vec<_>>(),
        [(next.id, false), (review.id, true)]
    );
}

#[test]
fn closing_applies_every_decision_or_none() {
    let mut v = staffed_vault();
    v.session().start_review().unwrap();
    v.session()
        .decide_review("erin", Decision::Disable)
        .unwrap();
    v.session()
        .decide_review("carol", Decision::Role(Role::Agent))
        .unwrap();
    v.session()
        .decide_review("dave", Decision::ForgetDevices)
        .unwrap();
    v.session().decide_review("bob", Decision::Keep).unwrap();
    // The last owner cannot step down: this decision fails at the close.
    v.session()
        .decide_review("ada", Decision::Role(Role::Admin))
        .unwrap();
    let entries_before = count(&v, "SELECT count(*) FROM audit_log");
    let err = v.session().close_review().unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("last owner"), "{err}");
    // Nothing applied: roles, flags, entries, the review still open.
    let state = |v: &TestVault| -> Vec<(String, String, bool)> {
        raw(v)
            .prepare("SELECT name, role, disabled FROM users ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let before = state(&v);
    assert_eq!(before[2], ("carol".into(), "manager".into(), false));
    assert_eq!(before[4], ("erin".into(), "agent".into(), false));
    assert_eq!(count(&v, "SELECT count(*) FROM audit_log"), entries_before);
    assert!(v.session().open_review().unwrap().is_some());
    assert_eq!(
        count(&v, "SELECT count(*) FROM alerts WHERE rule = 'role-change'"),
        1,
        "only carol's promotion at the start"
    );

    v.session().decide_review("ada", Decision::Keep).unwrap();
    let closed = v.session().close_review().unwrap();
    assert_eq!(closed.closed_by.as_deref(), Some(OWNER));
    assert_eq!(closed.closed_at.as_deref(), Some("2026-03-16T09:00:00Z"));
    let after = state(&v);
    assert_eq!(after[2], ("carol".into(), "agent".into(), false));
    assert_eq!(after[4], ("erin".into(), "agent".into(), true));
    assert_eq!(after[1], ("bob".into(), "agent".into(), false));
    // The keyslot went with the disable, dave's remembered computer with
    // its decision.
    assert!(matches!(
        unlock(&v.dir, "erin", OWN_PASSWORD),
        Err(Error::WrongPassword | Error::UserDisabled(_))
    ));
    assert_eq!(
        count(&v, "SELECT count(*) FROM alerts WHERE rule = 'role-change'"),
        2
    );
    let entries: Vec<(String, Option<String>, String)> = raw(&v)
        .prepare("SELECT action, target_id, details FROM audit_log WHERE seq > ?1 ORDER BY seq")
        .unwrap()
        .query_map([entries_before], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .filter(|(a, _, _)| a != "review.decide")
        .collect();
    let actions: Vec<&str> = entries.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "user.role_change",
            "user.forget_devices",
            "user.disable",
            "review.close"
        ]
    );
    assert_eq!(entries[1].2, r#"{"devices":1,"review":1}"#);
    assert_eq!(
        entries[3].2,
        r#"{"disable":1,"forget_devices":1,"keep":2,"role":1,"undecided":0}"#
    );
    let dave = signed_in(&v, "dave");
    assert!(!dave.remembered_on_this_device());
    dave.lock().unwrap();
}

#[test]
fn only_owners_and_admins_run_reviews_and_every_refusal_is_audited() {
    let v = staffed_vault();
    let mut carol = signed_in(&v, "carol");
    let err = carol.start_review().unwrap_err();
    assert!(matches!(
        err,
        Error::PermissionDenied {
            permission: "review.run",
            ..
        }
    ));
    carol.lock().unwrap();
    assert_eq!(
        count(
            &v,
            "SELECT count(*) FROM audit_log WHERE action = 'review.start' AND outcome = 'denied'"
        ),
        1
    );
    // An admin runs the review but cannot make someone an owner: the close
    // is refused (and recorded), and nothing of it applies.
    let mut dave = signed_in(&v, "dave");
    dave.start_review().unwrap();
    dave.decide_review("erin", Decision::Disable).unwrap();
    dave.decide_review("bob", Decision::Role(Role::Owner))
        .unwrap();
    let err = dave.close_review().unwrap_err();
    assert!(matches!(
        err,
        Error::PermissionDenied {
            permission: "owners.manage",
            ..
        }
    ));
    assert!(!dave.list_users().unwrap().iter().any(|u| u.disabled));
    dave.decide_review("bob", Decision::Keep).unwrap();
    dave.close_review().unwrap();
    assert!(
        dave.list_users()
            .unwrap()
            .iter()
            .any(|u| u.name == "erin" && u.disabled)
    );
    dave.lock().unwrap();
    assert_eq!(
        count(
            &v,
            "SELECT count(*) FROM audit_log
             WHERE action = 'user.role_change' AND outcome = 'denied'
               AND details = '{\"permission\":\"owners.manage\"}'"
        ),
        1
    );
}

#[test]
fn the_report_is_written_in_the_vault_language_with_formula_guard() {
    let mut v = staffed_vault();
    user_session(&mut v, "@ops", Role::Viewer).lock().unwrap();
    v.session().start_review().unwrap();
    v.session()
        .decide_review("erin", Decision::Disable)
        .unwrap();
    v.session()
        .decide_review("dave", Decision::Role(Role::Manager))
        .unwrap();
    v.session()
        .set_vault_language(steward_core::locale::Language::Ro)
        .unwrap();
    let mut out = Vec::new();
    v.session().export_review(None, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("Revizuire,Începută la,Începută de,"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 7);
    assert!(lines[1].contains(",'@ops,vizualizator,"), "{}", lines[1]);
    assert!(lines[5].contains(",dave,administrator,nu,"), "{}", lines[5]);
    assert!(
        lines[5].contains(",schimbarea rolului în manager,ada,"),
        "{}",
        lines[5]
    );
    assert!(
        lines[6].contains(
            ",erin,agent,nu,2026-01-05T09:00:00Z,0,0,0,0,0,0,0,da,vizualizator,dezactivare,ada,"
        ),
        "{}",
        lines[6]
    );
    assert_eq!(
        count(
            &v,
            "SELECT count(*) FROM audit_log WHERE action = 'review.export' AND details LIKE '%\"language\":\"ro\"%'"
        ),
        1
    );
}

#[test]
fn an_overdue_review_raises_one_alert_per_interval() {
    day(0);
    let mut v = new_vault();
    let alerts = |v: &TestVault| {
        count(
            v,
            "SELECT count(*) FROM alerts WHERE rule = 'review-overdue'",
        )
    };
    day(89);
    v.unlock();
    assert_eq!(alerts(&v), 0);
    let status = v.session().review_status().unwrap();
    assert_eq!(status.due_at, "2026-04-05T09:00:00Z");
    assert!(!status.overdue);
    day(91);
    v.unlock();
    assert_eq!(alerts(&v), 1);
    assert!(v.session().review_status().unwrap().overdue);
    day(120);
    v.unlock();
    assert_eq!(alerts(&v), 1, "once per overdue interval");
    day(181);
    v.unlock();
    assert_eq!(alerts(&v), 2, "a new interval, a new reminder");
    v.session().start_review().unwrap();
    v.session().close_review().unwrap();
    day(200);
    v.unlock();
    assert_eq!(alerts(&v), 2);
    let status = v.session().review_status().unwrap();
    assert_eq!(
        status.last_closed_at.as_deref(),
        Some("2026-07-05T09:00:00Z")
    );
    assert!(!status.overdue);
}

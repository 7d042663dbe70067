//! Unlock throttling: delays grow with each failure and survive restarts.

use std::path::Path;

use steward_core::vault::{self, Credentials};
use steward_core::{Error, Password};

use crate::fixtures::*;

fn try_password(dir: &Path, password: &str) -> steward_core::Result<()> {
    unlock(dir, OWNER, password).and_then(steward_core::Session::lock)
}

/// Moves every failure counter's last attempt `seconds` into the past, as
/// time passing would (the counters are outside the file's MAC on purpose).
fn age_failures(dir: &Path, seconds: i64) {
    let path = dir.join(vault::KEYSLOTS_FILE);
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    if let Some(map) = file["failures"].as_object_mut() {
        for f in map.values_mut() {
            let last =
                chrono::DateTime::parse_from_rfc3339(f["last_at"].as_str().unwrap()).unwrap();
            f["last_at"] = (last - chrono::Duration::seconds(seconds))
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                .into();
        }
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&file).unwrap()).unwrap();
}

fn throttled_for(result: steward_core::Result<()>) -> Option<u64> {
    match result {
        Err(Error::Throttled { seconds }) => Some(seconds),
        _ => None,
    }
}

#[test]
fn failed_unlocks_slow_down_the_next_attempt_growing_and_persisting() {
    let mut v = new_vault();
    v.lock();
    for _ in 0..3 {
        assert!(matches!(
            try_password(&v.dir, "wrong guess"),
            Err(Error::WrongPassword)
        ));
    }
    // The fourth failure is the first that costs a wait.
    assert!(matches!(
        try_password(&v.dir, "wrong guess"),
        Err(Error::WrongPassword)
    ));
    // The waits run on the real clock: each bound leaves 3 s for the
    // attempts in between on a loaded machine.
    let wait = throttled_for(try_password(&v.dir, PASSWORD)).expect("throttled");
    assert!((2..=5).contains(&wait), "{wait}");
    // Even the right password waits; a new process reads the same file.
    assert!(throttled_for(try_password(&v.dir, PASSWORD)).is_some());
    age_failures(&v.dir, 5);
    assert!(matches!(
        try_password(&v.dir, "wrong again"),
        Err(Error::WrongPassword)
    ));
    let wait = throttled_for(try_password(&v.dir, PASSWORD)).expect("throttled");
    assert!((7..=10).contains(&wait), "doubled: {wait}");
    age_failures(&v.dir, 10);
    assert!(try_password(&v.dir, "and again").is_err());
    let wait = throttled_for(try_password(&v.dir, PASSWORD)).expect("throttled");
    assert!((17..=20).contains(&wait), "doubled again: {wait}");
    age_failures(&v.dir, 20);
    // A success resets the counter.
    try_password(&v.dir, PASSWORD).unwrap();
    for _ in 0..3 {
        assert!(try_password(&v.dir, "wrong").is_err());
    }
    try_password(&v.dir, PASSWORD).unwrap();
}

#[test]
fn recovery_key_guesses_are_throttled_too() {
    let mut v = new_vault();
    v.lock();
    let other = new_vault();
    for _ in 0..4 {
        let r = steward_core::unlock::unlock(
            &v.dir,
            Credentials::RecoveryKey {
                user: None,
                key: &other.recovery_key,
            },
        );
        assert!(matches!(r, Err(Error::WrongRecoveryKey)));
    }
    let r = steward_core::unlock::unlock(
        &v.dir,
        Credentials::RecoveryKey {
            user: None,
            key: &v.recovery_key,
        },
    );
    assert!(matches!(r, Err(Error::Throttled { .. })));
    // Passwords have their own counter.
    try_password(&v.dir, PASSWORD).unwrap();
}

use steward_core::interchange::ExportFormat;
use steward_core::records::contacts::{NewContact, SensitiveField, SensitiveValues};
use steward_core::{Role, Session};

fn people(s: &mut Session, n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| {
            s.add_contact(&NewContact {
                name: format!("Person {i}"),
                sensitive: SensitiveValues {
                    date_of_birth: Some("1980-01-01".into()),
                    ..SensitiveValues::default()
                },
                ..NewContact::default()
            })
            .unwrap()
        })
        .collect()
}

fn alerts_of(s: &Session, rule: &str) -> usize {
    s.list_alerts(false)
        .unwrap()
        .into_iter()
        .filter(|a| a.rule == rule)
        .count()
}

#[test]
fn each_counting_rule_fires_at_its_threshold_and_not_one_below() {
    let mut v = new_vault();
    let s = v.session();
    for (key, value) in [
        ("reveals_per_hour", "3"),
        ("deletes_per_ten_minutes", "3"),
        ("exports_per_hour", "3"),
    ] {
        s.set_policy(key, value).unwrap();
    }
    let ids = people(s, 6);
    for id in ids.iter().take(3) {
        assert_eq!(alerts_of(s, "many-reveals"), 0, "below the threshold");
        s.reveal_sensitive(*id, SensitiveField::DateOfBirth, "identity check")
            .unwrap();
    }
    assert_eq!(alerts_of(s, "many-reveals"), 1, "at the threshold");
    for id in ids.iter().take(2) {
        s.delete_contact(*id).unwrap();
    }
    assert_eq!(alerts_of(s, "mass-deletion"), 0);
    s.delete_contact(ids[2]).unwrap();
    assert_eq!(alerts_of(s, "mass-deletion"), 1);
    for _ in 0..2 {
        s.export_contacts(ExportFormat::Csv, Some(&ids[3..4]), &mut Vec::new())
            .unwrap();
    }
    assert_eq!(alerts_of(s, "many-exports"), 0);
    s.export_contacts(ExportFormat::Csv, Some(&ids[3..4]), &mut Vec::new())
        .unwrap();
    assert_eq!(alerts_of(s, "many-exports"), 1);
    let alert = s
        .list_alerts(true)
        .unwrap()
        .into_iter()
        .find(|a| a.rule == "many-exports")
        .unwrap();
    assert_eq!(alert.audit_seqs.len(), 3, "it names the entries behind it");
    assert_eq!(alert.user_name.as_deref(), Some(OWNER));
    // Said in English, and by a reason with its values for other languages.
    assert_eq!(alert.summary, "3 exports within 60 minutes");
    assert_eq!(alert.reason.as_deref(), Some("many-exports"));
    assert_eq!(alert.params, params(&[("count", "3"), ("minutes", "60")]));
}

fn params(pairs: &[(&str, &str)]) -> std::collections::BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The one alert of `rule`, newest.
fn alert_of(s: &Session, rule: &str) -> steward_core::monitor::Alert {
    s.list_alerts(false)
        .unwrap()
        .into_iter()
        .find(|a| a.rule == rule)
        .unwrap()
}

#[test]
fn a_counting_rule_fires_once_a_window_even_past_its_threshold() {
    let mut v = new_vault();
    let s = v.session();
    s.set_policy("deletes_per_ten_minutes", "5").unwrap();
    let ids = people(s, 6);
    for id in &ids[..3] {
        s.delete_contact(*id).unwrap();
    }
    assert_eq!(alerts_of(s, "mass-deletion"), 0);
    // Lowered below what was already reached: the next delete alerts.
    s.set_policy("deletes_per_ten_minutes", "2").unwrap();
    s.delete_contact(ids[3]).unwrap();
    assert_eq!(alerts_of(s, "mass-deletion"), 1);
    let alert = s
        .list_alerts(true)
        .unwrap()
        .into_iter()
        .find(|a| a.rule == "mass-deletion")
        .unwrap();
    assert_eq!(
        alert.audit_seqs.len(),
        4,
        "it names every entry in the window"
    );
    // Further deletes in the same window add no second alert.
    s.delete_contact(ids[4]).unwrap();
    s.delete_contact(ids[5]).unwrap();
    assert_eq!(alerts_of(s, "mass-deletion"), 1);
}

#[test]
fn bulk_exports_ask_for_the_password_again_and_are_refused_above_the_hard_limit() {
    let mut v = new_vault();
    let s = v.session();
    s.set_policy("export_soft_limit", "2").unwrap();
    s.set_policy("export_hard_limit", "4").unwrap();
    let ids = people(s, 5);
    s.export_contacts(ExportFormat::Csv, Some(&ids[..2]), &mut Vec::new())
        .unwrap();
    assert_eq!(
        alerts_of(s, "bulk-export"),
        0,
        "at the soft limit, not above"
    );
    let mut out = Vec::new();
    assert!(matches!(
        s.export_contacts(ExportFormat::Csv, Some(&ids[..3]), &mut out),
        Err(Error::ReauthRequired {
            contacts: 3,
            limit: 2
        })
    ));
    assert!(out.is_empty(), "nothing was written");
    assert!(matches!(
        s.reauthenticate(&Password::new("not it")),
        Err(Error::WrongPassword)
    ));
    s.reauthenticate(&Password::new(PASSWORD)).unwrap();
    s.export_contacts(ExportFormat::Csv, Some(&ids[..3]), &mut Vec::new())
        .unwrap();
    assert_eq!(alerts_of(s, "bulk-export"), 1);
    assert!(matches!(
        s.export_contacts(ExportFormat::Csv, Some(&ids), &mut Vec::new()),
        Err(Error::PolicyRefused(_))
    ));
    assert_eq!(
        alerts_of(s, "bulk-export"),
        2,
        "the refusal is an alert too"
    );
}

#[test]
fn record_scraping_raises_an_alert_and_locks_the_session() {
    let mut v = new_vault();
    v.session().set_policy("scrape_contacts", "4").unwrap();
    let ids = people(v.session(), 5);
    let agent = user_session(&mut v, "bob", Role::Agent);
    for id in &ids[..3] {
        agent.get_contact(*id).unwrap();
        agent.get_contact(*id).unwrap();
    }
    assert_eq!(
        alerts_of(v.session(), "record-scraping"),
        0,
        "three distinct, six views"
    );
    assert!(matches!(
        agent.get_contact(ids[3]),
        Err(Error::LockedByPolicy)
    ));
    assert!(agent.locked_by_policy());
    assert!(matches!(
        agent.list_contacts(None, 10),
        Err(Error::LockedByPolicy)
    ));
    let alert = v
        .session()
        .list_alerts(true)
        .unwrap()
        .into_iter()
        .find(|a| a.rule == "record-scraping")
        .unwrap();
    assert_eq!(alert.user_name.as_deref(), Some("bob"));
    assert_eq!(alert.severity, "critical");
    assert_eq!(alert.reason.as_deref(), Some("record-scraping"));
    assert_eq!(alert.params, params(&[("count", "4"), ("minutes", "5")]));
    // Acknowledging is recorded; agents see no alerts at all.
    drop(agent);
    v.session().ack_alert(alert.id).unwrap();
    assert!(all_audit_text(&v).contains("alert.ack"));
    let viewer = user_session(&mut v, "val", Role::Viewer);
    assert!(matches!(
        viewer.list_alerts(false),
        Err(Error::PermissionDenied { .. })
    ));
    assert_eq!(viewer.open_alert_count().unwrap(), 0);
}

#[test]
fn record_scraping_counts_the_users_views_across_sessions() {
    let mut v = new_vault();
    v.session().set_policy("scrape_contacts", "4").unwrap();
    let ids = people(v.session(), 6);
    v.session()
        .add_user("bob", Role::Agent, &Password::new(FIRST_PASSWORD))
        .unwrap();
    let mut first = unlock(&v.dir, "bob", FIRST_PASSWORD).unwrap();
    first
        .change_password(&Password::new(FIRST_PASSWORD), &Password::new(OWN_PASSWORD))
        .unwrap();
    drop(first);
    // One contact per session, as one command per contact in the CLI, or
    // locking and unlocking the app between contacts.
    for id in &ids[..3] {
        let s = unlock(&v.dir, "bob", OWN_PASSWORD).unwrap();
        s.get_contact(*id).unwrap();
        s.lock().unwrap();
    }
    assert_eq!(
        alerts_of(v.session(), "record-scraping"),
        0,
        "three, below four"
    );
    let fourth = unlock(&v.dir, "bob", OWN_PASSWORD).unwrap();
    assert!(matches!(
        fourth.get_contact(ids[3]),
        Err(Error::LockedByPolicy)
    ));
    assert!(fourth.locked_by_policy());
    drop(fourth);
    assert_eq!(alerts_of(v.session(), "record-scraping"), 1);
    // A new session within the window is locked at its next view, without a
    // second alert for the same views.
    let fifth = unlock(&v.dir, "bob", OWN_PASSWORD).unwrap();
    assert!(matches!(
        fifth.get_contact(ids[4]),
        Err(Error::LockedByPolicy)
    ));
    assert!(fifth.locked_by_policy());
    drop(fifth);
    assert_eq!(alerts_of(v.session(), "record-scraping"), 1);
    // Other users are not concerned.
    v.session().get_contact(ids[5]).unwrap();
    // Once an owner or admin acknowledged the alert, the views it counted
    // do not count again: the user works on.
    let alert = v
        .session()
        .list_alerts(true)
        .unwrap()
        .into_iter()
        .find(|a| a.rule == "record-scraping")
        .unwrap();
    v.session().ack_alert(alert.id).unwrap();
    let sixth = unlock(&v.dir, "bob", OWN_PASSWORD).unwrap();
    sixth.get_contact(ids[5]).unwrap();
    assert!(!sixth.locked_by_policy());
}

#[test]
fn failed_unlocks_role_changes_policy_changes_and_recovery_key_use_raise_alerts() {
    let mut v = new_vault();
    v.session().set_policy("failed_unlocks", "3").unwrap();
    assert_eq!(alerts_of(v.session(), "policy-change"), 1);
    v.session()
        .add_user("bob", Role::Agent, &Password::new(FIRST_PASSWORD))
        .unwrap();
    v.session().set_role("bob", Role::Manager).unwrap();
    assert_eq!(alerts_of(v.session(), "role-change"), 1);
    let bob = v.session().list_users().unwrap();
    let bob = bob.iter().find(|u| u.name == "bob").unwrap().id.to_string();
    let changed = alert_of(v.session(), "role-change");
    assert_eq!(changed.reason.as_deref(), Some("role-change"));
    assert_eq!(
        changed.params,
        params(&[("from", "agent"), ("to", "manager"), ("user", &bob)])
    );
    let policy = alert_of(v.session(), "policy-change");
    assert_eq!(policy.reason.as_deref(), Some("policy-change"));
    assert_eq!(policy.params, params(&[("key", "failed_unlocks")]));
    v.lock();
    for _ in 0..2 {
        assert!(try_password(&v.dir, "wrong").is_err());
    }
    v.unlock();
    assert_eq!(
        alerts_of(v.session(), "failed-unlocks"),
        0,
        "two, below three"
    );
    v.lock();
    for _ in 0..3 {
        assert!(try_password(&v.dir, "wrong").is_err());
    }
    v.unlock();
    assert_eq!(alerts_of(v.session(), "failed-unlocks"), 1);
    let failed = alert_of(v.session(), "failed-unlocks");
    assert_eq!(failed.reason.as_deref(), Some("failed-unlocks-password"));
    assert_eq!(failed.params, params(&[("count", "3")]));
    v.lock();
    let s = steward_core::unlock::unlock(
        &v.dir,
        Credentials::RecoveryKey {
            user: None,
            key: &v.recovery_key,
        },
    )
    .unwrap();
    assert_eq!(alerts_of(&s, "recovery-key"), 1);
    let recovery = alert_of(&s, "recovery-key");
    assert_eq!(recovery.reason.as_deref(), Some("recovery-key"));
    assert!(recovery.params.is_empty());
    // Only owners change the policy.
    drop(s);
    let mut admin = {
        v.unlock();
        user_session(&mut v, "ann", Role::Admin)
    };
    assert!(matches!(
        admin.set_policy("auto_lock_minutes", "5"),
        Err(Error::PermissionDenied { .. })
    ));
    assert!(v.session().set_policy("auto_lock_minutes", "0").is_err());
    assert!(v.session().set_policy("no_such_key", "1").is_err());
    assert_eq!(v.session().policy().unwrap().failed_unlocks, 3);
}

#[test]
fn passwords_given_inside_a_session_are_counted_and_throttled_too() {
    let mut v = new_vault();
    let s = v.session();
    for _ in 0..4 {
        assert!(matches!(
            s.reauthenticate(&Password::new("guess")),
            Err(Error::WrongPassword)
        ));
    }
    assert!(matches!(
        s.reauthenticate(&Password::new(PASSWORD)),
        Err(Error::Throttled { .. })
    ));
    assert!(matches!(
        s.change_password(
            &Password::new(PASSWORD),
            &Password::new("a much newer password 4471")
        ),
        Err(Error::Throttled { .. })
    ));
}

#[test]
fn a_failure_dated_in_the_future_never_locks_anyone_out() {
    let mut v = new_vault();
    v.lock();
    for _ in 0..4 {
        assert!(try_password(&v.dir, "wrong").is_err());
    }
    // A clock ten years ahead counted them.
    age_failures(&v.dir, -10 * 365 * 24 * 3600);
    // Its wait is over; it does not restart at every attempt.
    try_password(&v.dir, PASSWORD).expect("the right password unlocks");
    // The counting goes on by today's clock.
    for _ in 0..4 {
        assert!(try_password(&v.dir, "wrong").is_err());
    }
    age_failures(&v.dir, -10 * 365 * 24 * 3600);
    assert!(matches!(
        try_password(&v.dir, "wrong again"),
        Err(Error::WrongPassword)
    ));
    assert!(throttled_for(try_password(&v.dir, PASSWORD)).is_some());
}

#[test]
fn a_recovery_key_unlock_clears_every_counter() {
    let mut v = new_vault();
    v.session()
        .add_user(
            "bea",
            steward_core::Role::Agent,
            &Password::new(FIRST_PASSWORD),
        )
        .unwrap();
    v.lock();
    let other = new_vault();
    for _ in 0..4 {
        assert!(try_password(&v.dir, "wrong").is_err());
        assert!(unlock(&v.dir, "bea", "wrong").is_err());
        assert!(unlock(&v.dir, "nobody", "wrong").is_err());
    }
    // A clock that was far ahead once: a recovery key must still get in
    // and free everyone.
    age_failures(&v.dir, -10 * 365 * 24 * 3600);
    assert!(
        steward_core::unlock::unlock(
            &v.dir,
            Credentials::RecoveryKey {
                user: None,
                key: &other.recovery_key,
            },
        )
        .is_err()
    );
    steward_core::unlock::unlock(
        &v.dir,
        Credentials::RecoveryKey {
            user: None,
            key: &v.recovery_key,
        },
    )
    .unwrap()
    .lock()
    .unwrap();
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(v.dir.join(vault::KEYSLOTS_FILE)).unwrap())
            .unwrap();
    assert!(
        file.get("failures").is_none_or(serde_json::Value::is_null),
        "{}",
        file["failures"]
    );
    for _ in 0..3 {
        assert!(try_password(&v.dir, "wrong").is_err());
    }
    try_password(&v.dir, PASSWORD).unwrap();
    unlock(&v.dir, "bea", FIRST_PASSWORD).unwrap();
}

#[test]
fn an_unlock_refused_for_an_altered_file_leaves_the_counters_as_they_were() {
    let mut v = new_vault();
    v.lock();
    for _ in 0..4 {
        assert!(try_password(&v.dir, "wrong").is_err());
    }
    age_failures(&v.dir, 60);
    let path = v.dir.join(vault::KEYSLOTS_FILE);
    let mut file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let before = file["failures"].clone();
    for slot in file["body"]["slots"].as_array_mut().unwrap() {
        if slot["kind"] == "password" {
            slot["kdf"]["iterations"] = 4.into();
        }
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&file).unwrap()).unwrap();
    assert!(matches!(
        try_password(&v.dir, PASSWORD),
        Err(Error::Integrity(_))
    ));
    let after: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(after["failures"], before, "neither counted nor re-dated");
}

#[test]
fn parallel_password_checks_inside_sessions_are_throttled_as_one_at_a_time() {
    let mut v = new_vault();
    v.lock();
    let sessions: Vec<_> = (0..12)
        .map(|_| unlock(&v.dir, OWNER, PASSWORD).unwrap())
        .collect();
    for _ in 0..3 {
        assert!(matches!(
            sessions[0].reauthenticate(&Password::new("guess")),
            Err(Error::WrongPassword)
        ));
    }
    let handles: Vec<_> = sessions
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            std::thread::spawn(move || s.reauthenticate(&Password::new(format!("guess {i}"))))
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let evaluated = results
        .iter()
        .filter(|r| matches!(r, Err(Error::WrongPassword)))
        .count();
    let waited = results
        .iter()
        .filter(|r| matches!(r, Err(Error::Throttled { .. })))
        .count();
    assert_eq!((evaluated, waited), (1, 11), "{results:?}");
}

#[test]
fn a_refused_policy_value_says_which_setting_and_why_by_its_reason() {
    let mut v = new_vault();
    let s = v.session();
    let refused = |result: steward_core::Result<_>| {
        let err = result.unwrap_err();
        let params: Vec<(String, String)> = err
            .params()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        (err.reason(), params)
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    assert_eq!(
        refused(s.set_policy("failed_unlocks", "0")),
        (
            Some("policy-out-of-range"),
            pairs(&[("key", "failed_unlocks"), ("min", "1")])
        )
    );
    assert_eq!(
        refused(s.set_policy("auto_lock_minutes", "241")),
        (
            Some("policy-out-of-range"),
            pairs(&[("key", "auto_lock_minutes"), ("limit", "240"), ("min", "1")])
        )
    );
    assert_eq!(
        refused(s.set_policy("rules_gating", "maybe")),
        (
            Some("policy-value-invalid"),
            pairs(&[("expected", "boolean"), ("key", "rules_gating")])
        )
    );
    assert_eq!(
        refused(s.set_policy("exports_per_hour", "many")),
        (
            Some("policy-value-invalid"),
            pairs(&[("expected", "number"), ("key", "exports_per_hour")])
        )
    );
    assert_eq!(
        refused(s.set_policy("no_such_key", "1")),
        (Some("value-not-allowed"), pairs(&[("field", "policy key")]))
    );
    assert_eq!(
        refused(s.set_policy("export_hard_limit", "10")),
        (Some("export-limits-order"), vec![])
    );
    assert_eq!(
        refused(s.set_policy("working_hours", "20-07")),
        (Some("working-hours-invalid"), vec![])
    );
}

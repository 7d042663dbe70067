//! The audit log: what is recorded, and that tampering is caught.

use steward_core::audit::{AuditFilter, VerifyReport};
use steward_core::records::contacts::{ContactPatch, NewContact, SensitiveField, SensitiveValues};
use steward_core::vault::DB_FILE;
use steward_core::{Error, Role};

use crate::fixtures::*;

const NAME: &str = "Ottilie Auditova";
const EMAIL: &str = "ottilie.private@example.net";
const NATIONAL_ID: &str = "NID-99887766";

fn actions(v: &mut TestVault) -> Vec<String> {
    let mut entries = v.session().audit_entries(&AuditFilter::default()).unwrap();
    entries.reverse();
    entries.into_iter().map(|e| e.action).collect()
}

fn busy_vault() -> (TestVault, i64) {
    let mut v = new_vault();
    let s = v.session();
    let id = s
        .add_contact(&NewContact {
            name: NAME.into(),
            emails: vec![EMAIL.into()],
            notes: Some("likes long audits".into()),
            sensitive: SensitiveValues {
                national_id: Some(NATIONAL_ID.into()),
                ..SensitiveValues::default()
            },
            ..NewContact::default()
        })
        .unwrap();
    s.update_contact(
        id,
        &ContactPatch {
            company: Some("Ledger Ltd".into()),
            ..ContactPatch::default()
        },
    )
    .unwrap();
    s.get_contact(id).unwrap();
    s.reveal_sensitive(
        id,
        SensitiveField::NationalId,
        "verifying identity by phone",
    )
    .unwrap();
    (v, id)
}

#[test]
fn each_change_view_and_reveal_is_recorded_in_order() {
    let (mut v, id) = busy_vault();
    v.session().delete_contact(id).unwrap();
    assert_eq!(
        actions(&mut v),
        [
            "vault.create",
            "contact.create",
            "contact.update",
            "contact.view",
            "contact.reveal",
            "contact.delete"
        ]
    );
    let update = &v
        .session()
        .audit_entries(&AuditFilter {
            action: Some("contact.update".into()),
            ..AuditFilter::default()
        })
        .unwrap()[0];
    assert_eq!(update.details, r#"{"fields":["company"]}"#);
    assert_eq!(update.target_id.as_deref(), Some(id.to_string().as_str()));
}

#[test]
fn entries_name_ids_and_never_names_emails_or_sensitive_values() {
    let (mut v, _) = busy_vault();
    v.unlock();
    let text = all_audit_text(&v);
    for needle in [
        NAME,
        "Ottilie",
        EMAIL,
        NATIONAL_ID,
        "Ledger Ltd",
        "likes long audits",
    ] {
        assert!(
            !text.contains(needle),
            "the audit log holds {needle:?}:\n{text}"
        );
    }
    assert!(
        text.contains("verifying identity by phone"),
        "the reveal's reason is kept"
    );
}

#[test]
fn a_reveal_reason_that_repeats_the_contacts_name_or_email_is_refused() {
    let (mut v, id) = busy_vault();
    let err = v
        .session()
        .reveal_sensitive(id, SensitiveField::NationalId, &format!("asked by {EMAIL}"))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    let err = v
        .session()
        .reveal_sensitive(id, SensitiveField::NationalId, " ")
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
}

#[test]
fn unlocks_locks_and_failed_unlocks_are_recorded() {
    let mut v = new_vault();
    v.lock();
    assert!(unlock(&v.dir, OWNER, "wrong wrong wrong").is_err());
    assert!(unlock(&v.dir, OWNER, "wrong again, sorry").is_err());
    assert!(unlock(&v.dir, "nobody", "whatever it is").is_err());
    v.unlock();
    let entries = v.session().audit_entries(&AuditFilter::default()).unwrap();
    let failed: Vec<_> = entries
        .iter()
        .filter(|e| e.action == "vault.unlock_failed")
        .collect();
    assert_eq!(failed.len(), 2, "one entry per bucket: {failed:?}");
    let owner_failures = failed.iter().find(|e| e.actor_id == Some(1)).unwrap();
    assert!(
        owner_failures.details.contains(r#""attempts":2"#),
        "{}",
        owner_failures.details
    );
    assert_eq!(owner_failures.outcome, "denied");
    let unknown = failed.iter().find(|e| e.actor_id.is_none()).unwrap();
    assert!(unknown.details.contains("unknown"), "{}", unknown.details);
    assert!(
        !all_audit_text(&v).contains("nobody"),
        "unknown names are not logged"
    );
    let names = actions(&mut v);
    assert!(names.ends_with(&[
        "vault.unlock_failed".into(),
        "vault.unlock_failed".into(),
        "vault.unlock".into()
    ]));
    assert!(names.contains(&"vault.lock".into()));

    // Reported once: the next unlock does not repeat them.
    v.unlock();
    let again = v
        .session()
        .audit_entries(&AuditFilter {
            action: Some("vault.unlock_failed".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(again.len(), 2);
}

#[test]
fn the_log_refuses_update_and_delete_even_with_the_key() {
    let (v, _) = busy_vault();
    let conn = raw(&v);
    let update = conn.execute("UPDATE audit_log SET details = '{}' WHERE seq = 2", []);
    assert!(update.is_err(), "UPDATE was allowed");
    let delete = conn.execute("DELETE FROM audit_log WHERE seq = 2", []);
    assert!(delete.is_err(), "DELETE was allowed");
}

/// Tampers through a raw connection with the triggers dropped, as an
/// attacker holding the key could, then verifies as the owner.
fn check_tamper(sql: &str, expected_seq: i64, expected_words: &str) {
    let (mut v, _) = busy_vault();
    v.unlock(); // mirrors the head into the keyslots file
    let conn = raw(&v);
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    match v.session().audit_verify().unwrap() {
        VerifyReport::Broken { seq, problem } => {
            assert_eq!(seq, expected_seq, "{problem}");
            assert!(problem.contains(expected_words), "{problem}");
        }
        VerifyReport::Intact { .. } => panic!("{sql}: tampering not detected"),
    }
    // A critical alert an owner can open an incident from (issue: a
    // rewritten history may hide a breach).
    let alert = v
        .session()
        .list_alerts(false)
        .unwrap()
        .into_iter()
        .find(|a| a.rule == "audit-broken")
        .expect("an audit-broken alert");
    assert_eq!(alert.severity, "critical");
    let facts = v.session().breach_facts_from_alert(alert.id).unwrap();
    let incident = v.session().open_breach(facts, Some(alert.id)).unwrap();
    assert!(incident.id > 0);
}

#[test]
fn verify_names_a_changed_entry() {
    check_tamper(
        r#"UPDATE audit_log SET details = '{"fields":["name"]}' WHERE seq = 3"#,
        3,
        "altered",
    );
}

#[test]
fn verify_names_a_changed_actor() {
    check_tamper(
        "UPDATE audit_log SET actor_id = 2 WHERE seq = 4",
        4,
        "altered",
    );
}

#[test]
fn verify_names_a_deleted_entry() {
    check_tamper("DELETE FROM audit_log WHERE seq = 3", 3, "missing");
}

#[test]
fn verify_names_swapped_entries() {
    check_tamper(
        "UPDATE audit_log SET seq = -1 WHERE seq = 3;
         UPDATE audit_log SET seq = 3 WHERE seq = 4;
         UPDATE audit_log SET seq = 4 WHERE seq = -1;",
        3,
        "does not link",
    );
}

#[test]
fn verify_catches_a_cut_tail_through_the_head_in_the_keyslots_file() {
    // After the unlock in check_tamper the head is the unlock entry; the
    // audit.verify entry appended by verify itself comes after the cut.
    let (mut v, _) = busy_vault();
    v.unlock();
    let last = v.session().audit_entries(&AuditFilter::default()).unwrap()[0].seq;
    let conn = raw(&v);
    conn.execute_batch("DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    conn.execute(
        &format!("DELETE FROM audit_log WHERE seq >= {}", last - 1),
        [],
    )
    .unwrap();
    drop(conn);
    match v.session().audit_verify().unwrap() {
        VerifyReport::Broken { problem, .. } => assert!(
            problem.contains("removed from the end") || problem.contains("lacks"),
            "{problem}"
        ),
        VerifyReport::Intact { .. } => panic!("a cut tail was not detected"),
    }
}

#[test]
fn an_intact_log_verifies_and_the_check_is_recorded() {
    let (mut v, _) = busy_vault();
    assert!(
        matches!(v.session().audit_verify().unwrap(), VerifyReport::Intact { entries } if entries >= 5)
    );
    assert_eq!(
        actions(&mut v).last().map(String::as_str),
        Some("audit.verify")
    );
    assert!(matches!(
        v.session().audit_verify().unwrap(),
        VerifyReport::Intact { .. }
    ));
}

#[test]
fn a_database_rolled_back_to_an_older_copy_is_refused_at_unlock() {
    let (mut v, _) = busy_vault();
    v.lock();
    let old = std::fs::read(v.dir.join(DB_FILE)).unwrap();
    v.unlock();
    v.session()
        .add_contact(&NewContact {
            name: "Later Person".into(),
            ..NewContact::default()
        })
        .unwrap();
    v.lock();
    std::fs::write(v.dir.join(DB_FILE), old).unwrap();
    let err = unlock(&v.dir, OWNER, PASSWORD).unwrap_err();
    assert!(matches!(err, Error::Integrity(_)), "{err}");
    assert!(err.to_string().contains("rolled back"), "{err}");
}

#[test]
fn the_audit_export_protects_cells_a_spreadsheet_would_run() {
    let mut v = new_vault();
    v.session()
        .add_user(
            "@sum",
            Role::Agent,
            &steward_core::Password::new(FIRST_PASSWORD),
        )
        .unwrap();
    let s = unlock(&v.dir, "@sum", FIRST_PASSWORD).unwrap();
    s.lock().unwrap();
    let mut out = Vec::new();
    v.session()
        .audit_export_csv(&AuditFilter::default(), &mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(",'@sum,"), "{text}");
    for line in text.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell} in {line}");
        }
    }
}

#[test]
fn the_audit_export_is_csv_with_a_header_and_is_itself_recorded() {
    let (mut v, _) = busy_vault();
    let mut out = Vec::new();
    let n = v
        .session()
        .audit_export_csv(&AuditFilter::default(), &mut out)
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "seq,at,actor_id,actor,action,target_type,target_id,outcome,details,hash"
    );
    assert_eq!(lines.count(), n);
    assert!(text.contains("contact.reveal"));
    assert_eq!(
        actions(&mut v).last().map(String::as_str),
        Some("audit.export")
    );
}

#[test]
fn filters_narrow_by_actor_action_and_time() {
    let (mut v, _) = busy_vault();
    let mut agent = user_session(&mut v, "agnes", Role::Agent);
    agent
        .add_contact(&NewContact {
            name: "Agent's Lead".into(),
            ..NewContact::default()
        })
        .unwrap();
    agent.lock().unwrap();
    let by_agent = v
        .session()
        .audit_entries(&AuditFilter {
            actor: Some("AGNES".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert!(
        by_agent
            .iter()
            .all(|e| e.actor_name.as_deref() == Some("agnes"))
    );
    assert!(by_agent.iter().any(|e| e.action == "contact.create"));
    let contact_family = v
        .session()
        .audit_entries(&AuditFilter {
            action: Some("contact.".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert!(
        contact_family
            .iter()
            .all(|e| e.action.starts_with("contact."))
    );
    let future = v
        .session()
        .audit_entries(&AuditFilter {
            since: Some("2999-01-01".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert!(future.is_empty());
    let err = v
        .session()
        .audit_entries(&AuditFilter {
            since: Some("yesterday".into()),
            ..AuditFilter::default()
        })
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)));
}

#[test]
fn a_deliberate_rollback_can_be_accepted_with_the_recovery_key_and_is_recorded() {
    let (mut v, _) = busy_vault();
    v.lock();
    let old = std::fs::read(v.dir.join(DB_FILE)).unwrap();
    v.unlock();
    v.lock();
    std::fs::write(v.dir.join(DB_FILE), old).unwrap();
    let err = unlock(&v.dir, OWNER, PASSWORD).unwrap_err();
    assert!(
        err.to_string().contains("recovery key"),
        "the refusal says the way out: {err}"
    );
    steward_core::unlock::unlock_accepting_rollback(&v.dir, &v.recovery_key)
        .unwrap()
        .lock()
        .unwrap();
    v.unlock();
    let accepted = v
        .session()
        .audit_entries(&AuditFilter {
            action: Some("vault.rollback_accepted".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(accepted.len(), 1);
    assert!(matches!(
        v.session().audit_verify().unwrap(),
        VerifyReport::Intact { .. }
    ));
}

#[test]
fn edited_failure_counters_cannot_smuggle_text_into_the_log_or_lock_the_vault() {
    let mut v = new_vault();
    v.lock();
    let path = v.dir.join(steward_core::vault::KEYSLOTS_FILE);
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    json["failures"] = serde_json::json!({
        "Jane Doe jane@example.com": {"count": 3, "reported": 0, "first_at": "2026-01-01T00:00:00Z", "last_at": "2026-01-01T00:00:00Z"},
        "999": {"count": 3, "reported": 0, "first_at": "2026-01-01T00:00:00Z", "last_at": "2026-01-01T00:00:00Z"},
        "1": {"count": 2, "reported": 0, "first_at": "not a time", "last_at": "x"},
        "unknown": {"count": "many"}
    });
    std::fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
    v.unlock();
    let text = all_audit_text(&v);
    assert!(!text.contains("Jane"), "{text}");
    assert!(
        !text.contains("vault.unlock_failed"),
        "nothing well-formed was there: {text}"
    );

    v.lock();
    json["failures"] = serde_json::json!("garbage");
    std::fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
    v.unlock();
}

#[test]
fn guessing_the_current_password_inside_a_session_is_counted_and_recorded() {
    let mut v = new_vault();
    let err = v
        .session()
        .change_password(
            &steward_core::Password::new("not the current one"),
            &steward_core::Password::new(OWN_PASSWORD),
        )
        .unwrap_err();
    assert!(matches!(err, Error::WrongPassword));
    let denied = v
        .session()
        .audit_entries(&AuditFilter {
            action: Some("user.password_change".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(denied[0].outcome, "denied");
    let raw: serde_json::Value = serde_json::from_slice(
        &std::fs::read(v.dir.join(steward_core::vault::KEYSLOTS_FILE)).unwrap(),
    )
    .unwrap();
    assert_eq!(raw["failures"]["1"]["count"], 1, "{raw}");
}

#[test]
fn a_reveal_reason_with_part_of_the_name_or_the_phone_is_refused() {
    let mut v = new_vault();
    let id = v
        .session()
        .add_contact(&NewContact {
            name: NAME.into(),
            phones: vec!["+49 30 1234567".into()],
            sensitive: SensitiveValues {
                national_id: Some(NATIONAL_ID.into()),
                ..SensitiveValues::default()
            },
            ..NewContact::default()
        })
        .unwrap();
    for reason in ["Ottilie called", "she called from 030 1234567"] {
        let err = v
            .session()
            .reveal_sensitive(id, SensitiveField::NationalId, reason)
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{reason}: {err}");
    }
}

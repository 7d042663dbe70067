//! The company's rules for customer data: publishing, acknowledging, and
//! the gate on exports and reveals until a user has acknowledged them.

use steward_core::audit::AuditFilter;
use steward_core::consent::ControllerPatch;
use steward_core::interchange::ExportFormat;
use steward_core::locale::Language;
use steward_core::records::contacts::{NewContact, SensitiveField, SensitiveValues};
use steward_core::{Error, Role, Session};

use crate::fixtures::*;

/// A vault with one contact holding a national id, and a manager.
fn vault_with_manager() -> (TestVault, Session, i64) {
    let mut v = new_vault();
    let id = v
        .session()
        .add_contact(&NewContact {
            name: "Ilinca Petrescu".into(),
            emails: vec!["ilinca@example.ro".into()],
            sensitive: SensitiveValues {
                national_id: Some("2850101123456".into()),
                ..SensitiveValues::default()
            },
            ..NewContact::default()
        })
        .unwrap();
    let manager = user_session(&mut v, "mara", Role::Manager);
    (v, manager, id)
}

fn export(s: &Session) -> steward_core::Result<usize> {
    s.export_contacts(ExportFormat::Csv, None, &mut Vec::new())
}

fn reveal(s: &mut Session, id: i64) -> steward_core::Result<Option<String>> {
    s.reveal_sensitive(id, SensitiveField::NationalId, "checking the invoice data")
}

fn refused(result: steward_core::Result<impl std::fmt::Debug>, version: i64) {
    match result {
        Err(err @ Error::RulesNotAcknowledged { version: v }) => {
            assert_eq!(v, version);
            assert_eq!(err.reason(), Some("rules-not-acknowledged"));
            assert_eq!(err.kind(), steward_core::ErrorKind::PermissionDenied);
        }
        other => panic!("expected a refusal for version {version}, got {other:?}"),
    }
}

#[test]
fn without_published_rules_nothing_is_gated() {
    let (_v, mut manager, id) = vault_with_manager();
    let state = manager.rules_state().unwrap();
    assert_eq!(state.current, None);
    assert!(!state.due);
    assert!(state.gating, "gating is on by default");
    assert_eq!(export(&manager).unwrap(), 1);
    assert_eq!(
        reveal(&mut manager, id).unwrap().as_deref(),
        Some("2850101123456")
    );
}

#[test]
fn export_and_reveal_are_refused_and_recorded_until_the_user_acknowledges() {
    let (mut v, mut manager, id) = vault_with_manager();
    let published = v
        .session()
        .set_rules("  Export only for a named purpose.\n")
        .unwrap();
    assert_eq!(published.version, 1);
    assert_eq!(published.text, "Export only for a named purpose.");
    assert_eq!(
        published.sha256,
        steward_core::auth::rules::rules_sha256("Export only for a named purpose.")
    );
    // The owner who published them has acknowledged them.
    assert!(!v.session().rules_state().unwrap().due);
    assert_eq!(export(v.session()).unwrap(), 1);

    let state = manager.rules_state().unwrap();
    assert!(state.due);
    assert_eq!(state.current.as_ref().map(|c| c.version), Some(1));
    assert_eq!(state.last, None);
    refused(export(&manager), 1);
    refused(reveal(&mut manager, id), 1);
    refused(manager.access_package(id), 1);
    // Work that is neither an export nor a reveal goes on.
    manager.get_contact(id).unwrap();

    let denied: Vec<(String, String)> = v
        .session()
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.outcome == "denied" && e.actor_name.as_deref() == Some("mara"))
        .map(|e| (e.action, e.details))
        .collect();
    assert_eq!(denied.len(), 3, "{denied:?}");
    assert!(
        denied
            .iter()
            .any(|(action, details)| action == "contact.export"
                && details.contains("\"reason\":\"rules-not-acknowledged\"")
                && details.contains("\"version\":1")
                && details.contains("\"permission\":\"contacts.export\""))
    );
    assert!(denied.iter().any(|(a, _)| a == "contact.reveal"));
    assert!(denied.iter().any(|(a, _)| a == "dsr.access_package"));

    let after = manager.acknowledge_rules(1).unwrap();
    assert!(!after.due);
    assert_eq!(after.last.as_ref().map(|(v, _)| *v), Some(1));
    assert_eq!(export(&manager).unwrap(), 1);
    assert_eq!(
        reveal(&mut manager, id).unwrap().as_deref(),
        Some("2850101123456")
    );
    let acks: Vec<String> = v
        .session()
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "rules.acknowledge")
        .map(|e| format!("{} {}", e.actor_name.unwrap_or_default(), e.details))
        .collect();
    assert_eq!(acks.len(), 2, "the owner's, then the manager's: {acks:?}");
    assert!(acks[0].starts_with("mara ") && acks[0].contains("\"version\":1"));
}

#[test]
fn a_new_version_needs_a_new_acknowledgement_even_in_an_open_session() {
    let (mut v, manager, _) = vault_with_manager();
    v.session().set_rules("First rules.").unwrap();
    let mut manager = manager;
    manager.acknowledge_rules(1).unwrap();
    assert_eq!(export(&manager).unwrap(), 1);
    // The same text again publishes nothing.
    assert_eq!(v.session().set_rules("First rules.").unwrap().version, 1);
    assert_eq!(export(&manager).unwrap(), 1);

    let second = v.session().set_rules("Second rules.").unwrap();
    assert_eq!(second.version, 2);
    refused(export(&manager), 2);
    // Acknowledging the version read before is not acknowledging this one.
    assert!(matches!(
        manager.acknowledge_rules(1),
        Err(Error::InvalidInput(_))
    ));
    refused(export(&manager), 2);
    manager.acknowledge_rules(2).unwrap();
    assert_eq!(export(&manager).unwrap(), 1);
}

#[test]
fn an_acknowledgement_older_than_the_policy_allows_must_be_renewed() {
    let (mut v, mut manager, _) = vault_with_manager();
    v.session().set_rules("Yearly rules.").unwrap();
    manager.acknowledge_rules(1).unwrap();
    assert_eq!(export(&manager).unwrap(), 1);
    // A year and a day later (the acknowledgement moved back in time).
    let then = (chrono::Utc::now() - chrono::Duration::days(366))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    raw(&v)
        .execute(
            "UPDATE rules_acknowledgements SET acknowledged_at = ?1",
            [&then],
        )
        .unwrap();
    assert!(manager.rules_state().unwrap().due);
    refused(export(&manager), 1);
    // A longer interval in the policy makes it good again.
    v.session()
        .set_policy("rules_acknowledge_days", "400")
        .unwrap();
    assert!(!manager.rules_state().unwrap().due);
    assert_eq!(export(&manager).unwrap(), 1);
    v.session()
        .set_policy("rules_acknowledge_days", "365")
        .unwrap();
    refused(export(&manager), 1);
    manager.acknowledge_rules(1).unwrap();
    assert_eq!(export(&manager).unwrap(), 1);
    assert!(matches!(
        v.session().set_policy("rules_acknowledge_days", "0"),
        Err(Error::InvalidInput(_))
    ));
}

#[test]
fn with_gating_off_the_rules_are_still_due_but_nothing_is_refused() {
    let (mut v, mut manager, id) = vault_with_manager();
    v.session().set_rules("Rules.").unwrap();
    v.session().set_policy("rules_gating", "false").unwrap();
    let state = manager.rules_state().unwrap();
    assert!(state.due);
    assert!(!state.gating);
    assert_eq!(export(&manager).unwrap(), 1);
    assert!(reveal(&mut manager, id).unwrap().is_some());
    v.session().set_policy("rules_gating", "true").unwrap();
    refused(export(&manager), 1);
}

#[test]
fn the_owner_sees_who_acknowledged_which_version() {
    let (mut v, mut manager, _) = vault_with_manager();
    let mut agent = user_session(&mut v, "toma", Role::Agent);
    // Before any rules: nobody is due.
    let before = v.session().rules_status().unwrap();
    assert!(before.iter().all(|u| !u.due && u.version.is_none()));
    v.session().set_rules("One.").unwrap();
    manager.acknowledge_rules(1).unwrap();
    v.session().set_rules("Two.").unwrap();
    agent.acknowledge_rules(2).unwrap();
    let status: Vec<(String, Role, Option<i64>, bool)> = v
        .session()
        .rules_status()
        .unwrap()
        .into_iter()
        .map(|u| (u.name, u.role, u.version, u.due))
        .collect();
    assert_eq!(
        status,
        [
            ("ada".into(), Role::Owner, Some(2), false),
            ("mara".into(), Role::Manager, Some(1), true),
            ("toma".into(), Role::Agent, Some(2), false),
        ]
    );
    assert!(matches!(
        manager.rules_status(),
        Err(Error::PermissionDenied { .. })
    ));
    assert!(matches!(
        manager.set_rules("Mine."),
        Err(Error::PermissionDenied { .. })
    ));
    assert!(matches!(
        v.session().set_rules("   "),
        Err(Error::InvalidInput(_))
    ));
}

#[test]
fn the_template_is_in_the_vaults_language_and_names_whom_to_tell() {
    let mut v = new_vault();
    let english = v.session().rules_template().unwrap();
    assert!(english.starts_with("Rules for using customer data"));
    assert!(english.contains("tell [the owner: name, phone, e-mail] at once"));
    v.session().set_vault_language(Language::Ro).unwrap();
    v.session()
        .set_controller(&ControllerPatch {
            name: Some("Brutăria Dulce SRL".into()),
            email: Some("protectia.datelor@brutaria.ro".into()),
            ..ControllerPatch::default()
        })
        .unwrap();
    let romanian = v.session().rules_template().unwrap();
    assert!(romanian.starts_with("Reguli pentru utilizarea datelor clienților"));
    assert!(
        romanian
            .contains("anunțați-l imediat pe Brutăria Dulce SRL (protectia.datelor@brutaria.ro)"),
        "{romanian}"
    );
    assert!(romanian.contains("ANSPDCP"));
    assert!(!romanian.contains(['ş', 'ţ', 'Ş', 'Ţ']));
}

//! The vault's language and each user's interface language.

use steward_core::locale::Language;
use steward_core::{Error, Role};

use crate::fixtures::*;

#[test]
fn language_tags_parse_and_refuse_the_unknown() {
    assert_eq!("ro".parse::<Language>().unwrap(), Language::Ro);
    assert_eq!(" EN ".parse::<Language>().unwrap(), Language::En);
    let err = "fr".parse::<Language>().unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert_eq!(Language::Ro.to_string(), "ro");
}

#[test]
fn the_vault_language_is_english_until_an_owner_sets_it_and_survives_a_lock() {
    let mut v = new_vault();
    assert_eq!(v.session().vault_language().unwrap(), Language::En);
    assert_eq!(
        v.session().set_vault_language(Language::Ro).unwrap(),
        Language::Ro
    );
    v.unlock();
    assert_eq!(v.session().vault_language().unwrap(), Language::Ro);
    let audit = all_audit_text(&v);
    assert_eq!(audit.matches("vault.language").count(), 1, "{audit}");
    assert!(audit.contains(r#""language":"ro""#), "{audit}");
    // Setting it again to the same language records nothing more.
    v.session().set_vault_language(Language::Ro).unwrap();
    assert_eq!(all_audit_text(&v).matches("vault.language").count(), 1);
}

#[test]
fn each_user_keeps_their_own_interface_language() {
    let mut v = new_vault();
    let mut agent = user_session(&mut v, "ana", Role::Agent);
    assert_eq!(agent.user_language().unwrap(), None);
    agent.set_user_language(Language::Ro).unwrap();
    assert_eq!(agent.user_language().unwrap(), Some(Language::Ro));
    // The owner's choice is untouched by the agent's, and so is the vault's.
    assert_eq!(v.session().user_language().unwrap(), None);
    v.session().set_user_language(Language::En).unwrap();
    assert_eq!(agent.user_language().unwrap(), Some(Language::Ro));
    assert_eq!(v.session().vault_language().unwrap(), Language::En);
    agent.lock().unwrap();
    let again = unlock(&v.dir, "ana", OWN_PASSWORD).unwrap();
    assert_eq!(again.user_language().unwrap(), Some(Language::Ro));
}

fn stage_names(s: &steward_core::Session) -> Vec<String> {
    s.list_stages()
        .unwrap()
        .into_iter()
        .map(|stage| stage.name)
        .collect()
}

fn purpose(s: &steward_core::Session, key: &str) -> (String, String) {
    let p = s
        .list_purposes()
        .unwrap()
        .into_iter()
        .find(|p| p.key == key)
        .unwrap();
    (p.name, p.description)
}

#[test]
fn a_vault_created_in_romanian_starts_with_romanian_stages_and_purposes() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    let created = steward_core::unlock::create(
        &dir,
        OWNER,
        &steward_core::Password::new(PASSWORD),
        &steward_core::vault::CreateOptions {
            language: Language::Ro,
            ..options()
        },
    )
    .unwrap();
    let v = TestVault {
        _temp: temp,
        dir,
        session: Some(created.session),
        recovery_key: created.recovery_key,
    };
    let s = v.session.as_ref().unwrap();
    assert_eq!(s.vault_language().unwrap(), Language::Ro);
    assert_eq!(
        stage_names(s),
        [
            "Potențial client",
            "Calificat",
            "Ofertă",
            "Negociere",
            "Câștigat",
            "Pierdut"
        ]
    );
    assert_eq!(
        purpose(s, "marketing-email"),
        (
            "Marketing prin e-mail".to_owned(),
            "Oferte și noutăți despre produsele noastre, trimise prin e-mail.".to_owned()
        )
    );
    assert_eq!(purpose(s, "profiling").0, "Creare de profiluri");
    let audit = all_audit_text(&v);
    assert!(audit.contains(r#"{"language":"ro"}"#), "{audit}");
    assert!(audit.starts_with("vault.create"), "{audit}");
    assert!(!audit.contains("vault.language"), "{audit}");
}

#[test]
fn switching_the_language_renames_only_the_untouched_defaults() {
    let mut v = new_vault();
    let s = v.session();
    let stages = s.list_stages().unwrap();
    s.rename_stage(stages[1].id, "Demo booked").unwrap();
    s.update_purpose(
        "newsletter",
        &steward_core::consent::PurposePatch {
            description: Some("Our monthly letter.".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let deal = s
        .add_deal(&steward_core::records::deals::NewDeal {
            title: "Licences".into(),
            ..Default::default()
        })
        .unwrap();
    let contact = s
        .add_contact(&steward_core::records::contacts::NewContact {
            name: "Ioana Pop".into(),
            ..Default::default()
        })
        .unwrap();
    s.record_consent(
        contact,
        "phone-marketing",
        &steward_core::consent::NewConsent {
            state: steward_core::consent::Recorded::Given,
            method: steward_core::consent::Method::Verbal,
            form_id: None,
            evidence: Some("on the phone".into()),
            evidence_file: None,
            expires: None,
        },
    )
    .unwrap();

    s.set_vault_language(Language::Ro).unwrap();
    assert_eq!(
        stage_names(s),
        [
            "Potențial client",
            "Demo booked",
            "Ofertă",
            "Negociere",
            "Câștigat",
            "Pierdut"
        ]
    );
    // A purpose whose text was changed, and one consent was recorded for,
    // keep their wording; the untouched ones are translated.
    assert_eq!(purpose(s, "newsletter").1, "Our monthly letter.");
    assert_eq!(purpose(s, "phone-marketing").0, "Phone marketing");
    assert_eq!(purpose(s, "marketing-email").0, "Marketing prin e-mail");
    // The deal's search entry follows its stage's new name.
    let hits = s.search("potențial", 10).unwrap();
    assert!(hits.iter().any(|h| h.id == deal), "{hits:?}");
    let audit = all_audit_text(&v);
    assert!(
        audit.contains(
            r#""purposes":["marketing-email","profiling","partner-sharing","service-delivery"]"#
        ),
        "{audit}"
    );

    let s = v.session();
    s.set_vault_language(Language::En).unwrap();
    assert_eq!(
        stage_names(s),
        [
            "Lead",
            "Demo booked",
            "Proposal",
            "Negotiation",
            "Won",
            "Lost"
        ]
    );
    assert_eq!(purpose(s, "marketing-email").0, "Marketing e-mail");
    assert_eq!(purpose(s, "profiling").0, "Profiling");
}

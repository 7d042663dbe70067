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

//! Creating, unlocking, locking.

use steward_core::vault::{self, Credentials};
use steward_core::{Error, Password, Role};

use crate::fixtures::*;

#[test]
fn a_new_vault_unlocks_with_the_owners_password() {
    let mut v = new_vault();
    v.lock();
    let session = unlock(&v.dir, OWNER, PASSWORD).unwrap();
    assert_eq!(session.user().name, OWNER);
    assert_eq!(session.user().role, Role::Owner);
    assert!(!session.unlocked_with_recovery_key());
}

#[test]
fn user_names_are_case_insensitive() {
    let mut v = new_vault();
    v.lock();
    assert!(unlock(&v.dir, "ADA", PASSWORD).is_ok());
}

#[test]
fn a_wrong_password_or_unknown_user_gets_the_same_error() {
    let mut v = new_vault();
    v.lock();
    assert!(matches!(
        unlock(&v.dir, OWNER, "not the password"),
        Err(Error::WrongPassword)
    ));
    assert!(matches!(
        unlock(&v.dir, "mallory", PASSWORD),
        Err(Error::WrongPassword)
    ));
}

#[test]
fn the_recovery_key_unlocks_as_the_owner_and_survives_its_text_form() {
    let mut v = new_vault();
    v.lock();
    let text = v.recovery_key.expose_display_text();
    let key = steward_core::RecoveryKey::parse(&text.to_lowercase()).unwrap();
    let session = steward_core::unlock::unlock(
        &v.dir,
        Credentials::RecoveryKey {
            user: None,
            key: &key,
        },
    )
    .unwrap();
    assert_eq!(session.user().name, OWNER);
    assert!(session.unlocked_with_recovery_key());
}

#[test]
fn another_vaults_recovery_key_is_refused() {
    let mut a = new_vault();
    let b = new_vault();
    a.lock();
    let result = steward_core::unlock::unlock(
        &a.dir,
        Credentials::RecoveryKey {
            user: None,
            key: &b.recovery_key,
        },
    );
    assert!(matches!(result, Err(Error::WrongRecoveryKey)));
}

#[test]
fn creating_in_a_folder_that_is_not_empty_is_refused_and_touches_nothing() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("thesis.docx"), b"precious").unwrap();
    let err =
        steward_core::unlock::create(temp.path(), OWNER, &Password::new(PASSWORD), &options())
            .unwrap_err();
    assert!(matches!(err, Error::FolderNotEmpty(_)), "{err}");
    assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 1);
}

#[test]
fn a_weak_password_is_refused_with_advice_and_creates_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    let err = steward_core::unlock::create(&dir, OWNER, &Password::new("password1"), &options())
        .unwrap_err();
    assert!(matches!(err, Error::WeakPassword { .. }), "{err}");
    assert!(!vault::exists(&dir));
}

#[test]
fn unlocking_a_folder_without_a_vault_says_so() {
    let temp = tempfile::tempdir().unwrap();
    let err = unlock(temp.path(), OWNER, PASSWORD).unwrap_err();
    assert!(matches!(err, Error::NoVault(_)), "{err}");
}

#[test]
fn changing_the_password_rewraps_only_that_slot() {
    let mut v = new_vault();
    let new = "quartz meadow lantern 4711 fig";
    v.session()
        .change_password(&Password::new(PASSWORD), &Password::new(new))
        .unwrap();
    v.lock();
    assert!(unlock(&v.dir, OWNER, PASSWORD).is_err());
    assert!(unlock(&v.dir, OWNER, new).is_ok());
    let key = &v.recovery_key;
    assert!(
        steward_core::unlock::unlock(&v.dir, Credentials::RecoveryKey { user: None, key }).is_ok()
    );
}

#[test]
fn the_default_parameters_are_calibrated_but_never_below_the_floor() {
    let options = vault::CreateOptions::calibrated();
    assert!(options.kdf.meets_floor());
}

//! Managing users.

use steward_core::vault::{self, Credentials};
use steward_core::{Error, Password, Role};

use crate::fixtures::*;

#[test]
fn a_new_user_must_change_the_first_password_before_anything_else() {
    let mut v = new_vault();
    v.session()
        .add_user("bea", Role::Manager, &Password::new(FIRST_PASSWORD))
        .unwrap();
    let mut bea = unlock(&v.dir, "bea", FIRST_PASSWORD).unwrap();
    assert!(bea.user().must_change_password);
    assert!(matches!(
        bea.list_contacts(None, 10),
        Err(Error::PasswordChangeRequired)
    ));
    bea.change_password(&Password::new(FIRST_PASSWORD), &Password::new(OWN_PASSWORD))
        .unwrap();
    assert!(bea.list_contacts(None, 10).is_ok());
    bea.lock().unwrap();
    assert!(unlock(&v.dir, "bea", FIRST_PASSWORD).is_err());
    assert!(
        !unlock(&v.dir, "bea", OWN_PASSWORD)
            .unwrap()
            .user()
            .must_change_password
    );
}

#[test]
fn the_last_owner_can_be_neither_demoted_nor_disabled() {
    let mut v = new_vault();
    let err = v.session().set_role(OWNER, Role::Admin).unwrap_err();
    assert!(err.to_string().contains("last owner"), "{err}");
    // A screen says it in its own language by the reason and the user.
    assert_eq!(err.reason(), Some("last-owner"));
    assert_eq!(err.params().get("user").map(String::as_str), Some(OWNER));
    v.session()
        .add_user("second", Role::Owner, &Password::new(FIRST_PASSWORD))
        .unwrap();
    v.session().set_role(OWNER, Role::Admin).unwrap();
    let mut second = unlock(&v.dir, "second", FIRST_PASSWORD).unwrap();
    second
        .change_password(&Password::new(FIRST_PASSWORD), &Password::new(OWN_PASSWORD))
        .unwrap();
    let err = second.set_role("second", Role::Viewer).unwrap_err();
    assert!(err.to_string().contains("last owner"), "{err}");
}

#[test]
fn a_disabled_users_password_no_longer_unlocks_and_enabling_needs_a_new_one() {
    let mut v = new_vault();
    user_session(&mut v, "carl", Role::Agent).lock().unwrap();
    v.session().disable_user("carl").unwrap();
    assert!(matches!(
        unlock(&v.dir, "carl", OWN_PASSWORD),
        Err(Error::WrongPassword)
    ));
    let names: Vec<_> = vault::users(&v.dir)
        .unwrap()
        .into_iter()
        .map(|u| u.user_name)
        .collect();
    assert!(
        !names.contains(&"carl".to_owned()),
        "the keyslot is gone: {names:?}"
    );
    v.session()
        .enable_user("carl", &Password::new(FIRST_PASSWORD))
        .unwrap();
    let carl = unlock(&v.dir, "carl", FIRST_PASSWORD).unwrap();
    assert!(carl.user().must_change_password);
}

#[test]
fn nobody_can_disable_themselves() {
    let mut v = new_vault();
    v.session()
        .add_user("second", Role::Owner, &Password::new(FIRST_PASSWORD))
        .unwrap();
    let err = v.session().disable_user(OWNER).unwrap_err();
    assert!(err.to_string().contains("yourself"), "{err}");
}

#[test]
fn a_reset_password_replaces_the_old_one_and_must_be_changed() {
    let mut v = new_vault();
    user_session(&mut v, "dora", Role::Viewer).lock().unwrap();
    v.session()
        .reset_password("dora", &Password::new(FIRST_PASSWORD))
        .unwrap();
    assert!(unlock(&v.dir, "dora", OWN_PASSWORD).is_err());
    assert!(
        unlock(&v.dir, "dora", FIRST_PASSWORD)
            .unwrap()
            .user()
            .must_change_password
    );
}

#[test]
fn the_recovery_key_lets_an_owner_set_a_new_password_without_the_old_one() {
    let mut v = new_vault();
    v.lock();
    let mut s = steward_core::unlock::unlock(
        &v.dir,
        Credentials::RecoveryKey {
            user: None,
            key: &v.recovery_key,
        },
    )
    .unwrap();
    s.set_own_password_after_recovery(&Password::new(OWN_PASSWORD))
        .unwrap();
    s.lock().unwrap();
    assert!(unlock(&v.dir, OWNER, OWN_PASSWORD).is_ok());
    let mut normal = unlock(&v.dir, OWNER, OWN_PASSWORD).unwrap();
    let err = normal
        .set_own_password_after_recovery(&Password::new(FIRST_PASSWORD))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)));
}

#[test]
fn user_names_are_unique_regardless_of_case() {
    let mut v = new_vault();
    v.session()
        .add_user("Eve", Role::Viewer, &Password::new(FIRST_PASSWORD))
        .unwrap();
    let err = v
        .session()
        .add_user("eve", Role::Viewer, &Password::new(FIRST_PASSWORD))
        .unwrap_err();
    assert!(err.to_string().contains("already"), "{err}");
}

#[test]
fn enabling_an_active_user_is_refused_rather_than_resetting_their_password() {
    let mut v = new_vault();
    user_session(&mut v, "fay", Role::Viewer).lock().unwrap();
    let err = v
        .session()
        .enable_user("fay", &Password::new(FIRST_PASSWORD))
        .unwrap_err();
    assert!(err.to_string().contains("not disabled"), "{err}");
    assert!(unlock(&v.dir, "fay", OWN_PASSWORD).is_ok());
}

#[test]
fn names_equal_under_unicode_case_folding_are_one_name() {
    let mut v = new_vault();
    v.session()
        .add_user("émile", Role::Agent, &Password::new(FIRST_PASSWORD))
        .unwrap();
    for other in ["Émile", "ÉMILE", "e\u{301}mile", " E\u{301}mile "] {
        let err = v
            .session()
            .add_user(other, Role::Agent, &Password::new(FIRST_PASSWORD))
            .unwrap_err();
        assert!(
            err.to_string().contains("already a user named"),
            "{other:?}: {err}"
        );
        assert_eq!(err.reason(), Some("already-exists"));
        assert_eq!(
            err.params().get("field").map(String::as_str),
            Some("user name")
        );
    }
    // The same rule finds the user, at unlock and inside a session.
    let s = unlock(&v.dir, "ÉMILE", FIRST_PASSWORD).unwrap();
    assert_eq!(s.user().name, "émile");
    s.lock().unwrap();
    v.session()
        .reset_password("E\u{301}MILE", &Password::new(OWN_PASSWORD))
        .unwrap();
    assert!(unlock(&v.dir, "Émile", OWN_PASSWORD).is_ok());
    // A decomposed name is stored composed.
    v.session()
        .add_user("zoe\u{308}", Role::Agent, &Password::new(FIRST_PASSWORD))
        .unwrap();
    let names: Vec<_> = v
        .session()
        .list_users()
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert!(names.contains(&"zoë".to_owned()), "{names:?}");
}

#[test]
fn an_older_vault_with_two_such_names_opens_each_by_its_exact_spelling_only() {
    let mut v = new_vault();
    let emile = user_session(&mut v, "émile", Role::Agent);
    let emile_id = emile.user().id;
    emile.lock().unwrap();
    v.session()
        .add_user("zed", Role::Viewer, &Password::new(FIRST_PASSWORD))
        .unwrap();
    // What an older Steward allowed: "Émile" beside "émile".
    raw(&v)
        .execute("UPDATE users SET name = 'Émile' WHERE name = 'zed'", [])
        .unwrap();
    steward_core::test_support::rewrite_keyslots_body(&v.dir, &v.recovery_key, |body| {
        for slot in body["slots"].as_array_mut().unwrap() {
            if slot["user_name"] == "zed" {
                slot["user_name"] = "Émile".into();
            }
        }
    })
    .unwrap();

    let s = unlock(&v.dir, "émile", OWN_PASSWORD).unwrap();
    assert_eq!(s.user().id, emile_id);
    s.lock().unwrap();
    let s = unlock(&v.dir, "Émile", FIRST_PASSWORD).unwrap();
    assert_eq!(s.user().name, "Émile");
    assert_ne!(s.user().id, emile_id);
    s.lock().unwrap();
    // One's password never opens the other's name.
    assert!(matches!(
        unlock(&v.dir, "Émile", OWN_PASSWORD),
        Err(Error::WrongPassword)
    ));
    // A spelling of neither is refused, not guessed.
    for typed in ["ÉMILE", "e\u{301}MILE"] {
        let err = unlock(&v.dir, typed, OWN_PASSWORD).map(drop).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{typed:?}: {err}");
        let err = v.session().disable_user(typed).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{typed:?}: {err}");
    }
    v.session().disable_user("Émile").unwrap();
    assert!(unlock(&v.dir, "émile", OWN_PASSWORD).is_ok());
}

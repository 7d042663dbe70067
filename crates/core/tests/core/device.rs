//! "Remember me on this computer": device slots with a keychain secret.

use steward_core::vault::device::{MemoryKeychain, SecretStore, SystemKeychain};
use steward_core::vault::{self, Credentials};
use steward_core::{Error, Password, Session};

use crate::fixtures::*;

fn with_device(dir: &std::path::Path, store: &dyn SecretStore) -> steward_core::Result<Session> {
    steward_core::unlock::unlock(dir, Credentials::Device { user: OWNER, store })
}

/// The remember / unlock / go-stale / fall-back cycle against any store.
fn cycle(store: &dyn SecretStore, tamper: &dyn Fn(&str)) {
    let mut v = new_vault();
    assert!(!v.session().remembered_on_this_device());
    assert!(matches!(
        with_device(&v.dir, store).map(drop),
        Err(Error::DeviceUnavailable(_))
    ));
    v.session().remember_this_device(store).unwrap();
    assert!(v.session().remembered_on_this_device());
    assert_eq!(vault::remembered_users(&v.dir).unwrap().len(), 1);
    v.lock();
    let s = with_device(&v.dir, store).expect("the keychain unlocks");
    assert_eq!(s.user().name, OWNER);
    s.lock().unwrap();

    // The entry goes away (or changes): the password still works, the
    // device unlock says so, and the stale slot is removed.
    let account = {
        let ks: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(v.dir.join(vault::KEYSLOTS_FILE)).unwrap(),
        )
        .unwrap();
        let id = ks["body"]["slots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["kind"] == "device")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        format!(
            "vault {} slot {id}",
            ks["body"]["vault_id"].as_str().unwrap()
        )
    };
    tamper(&account);
    assert!(matches!(
        with_device(&v.dir, store).map(drop),
        Err(Error::DeviceUnavailable(_))
    ));
    v.unlock();
    assert!(v.session().prune_stale_device_slot(store).unwrap());
    assert!(!v.session().remembered_on_this_device());
    assert!(vault::remembered_users(&v.dir).unwrap().is_empty());
    assert!(all_audit_text(&v).contains("vault.device_forget"));
}

#[test]
fn a_remembered_computer_unlocks_until_its_keychain_entry_is_deleted_or_changed() {
    let store = MemoryKeychain::default();
    cycle(&store, &|account| store.delete(account).unwrap());
    let store = MemoryKeychain::default();
    cycle(&store, &|account| store.tamper(account, &[7u8; 32]));
}

#[test]
fn the_policy_can_forbid_remembering_computers() {
    let mut v = new_vault();
    let store = MemoryKeychain::default();
    v.session().remember_this_device(&store).unwrap();
    v.session()
        .set_policy("device_slots_allowed", "false")
        .unwrap();
    assert!(matches!(
        v.session().remember_this_device(&store),
        Err(Error::PolicyRefused(_))
    ));
    assert!(
        vault::remembered_users(&v.dir).unwrap().is_empty(),
        "forbidding ends existing device slots"
    );
    v.lock();
    assert!(matches!(
        with_device(&v.dir, &store).map(drop),
        Err(Error::DeviceUnavailable(_))
    ));
    // Allowed again, a new one can be made, and forgetting removes the slot
    // and the entry.
    v.unlock();
    v.session()
        .set_policy("device_slots_allowed", "true")
        .unwrap();
    v.session().remember_this_device(&store).unwrap();
    assert!(v.session().forget_this_device(&store).unwrap());
    assert!(!v.session().remembered_on_this_device());
}

/// Against the real Secret Service (gnome-keyring in a D-Bus session): run
/// by the test command under `scripts/with-desktop` with `--ignored`.
#[test]
#[ignore = "needs a Secret Service; scripts/test-all runs it under a D-Bus session"]
fn the_system_keychain_remembers_and_falls_back_when_the_item_is_deleted() {
    let store = SystemKeychain;
    cycle(&store, &|account| {
        keyring::Entry::new(steward_core::vault::device::SERVICE, account)
            .unwrap()
            .delete_credential()
            .unwrap();
    });
}

/// The device slots of `user_id` in the keyslots file, on any computer.
fn device_slots_of(dir: &std::path::Path, user_id: i64) -> usize {
    let ks: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(vault::KEYSLOTS_FILE)).unwrap())
            .unwrap();
    ks["body"]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "device" && s["user_id"] == user_id)
        .count()
}

fn device_unlock(
    dir: &std::path::Path,
    user: &str,
    store: &dyn SecretStore,
) -> steward_core::Result<Session> {
    steward_core::unlock::unlock(dir, Credentials::Device { user, store })
}

#[test]
fn a_password_someone_else_set_cannot_remember_this_computer() {
    let mut v = new_vault();
    let store = MemoryKeychain::default();
    let bob = user_session(&mut v, "bob", steward_core::Role::Agent);
    let bob_id = bob.user().id;
    bob.lock().unwrap();
    v.session()
        .reset_password("bob", &Password::new(FIRST_PASSWORD))
        .unwrap();
    // Whoever reset it signs in as bob and ticks "Remember me".
    let mut as_bob = unlock(&v.dir, "bob", FIRST_PASSWORD).unwrap();
    assert!(as_bob.user().must_change_password);
    let err = as_bob.remember_this_device(&store).unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err}");
    assert!(err.to_string().contains("someone else set"), "{err}");
    assert_eq!(device_slots_of(&v.dir, bob_id), 0);
    assert!(
        store.accounts().is_empty(),
        "no secret left in the keychain"
    );
    // Once bob chose his own password, he can.
    as_bob
        .change_password(&Password::new(FIRST_PASSWORD), &Password::new(OWN_PASSWORD))
        .unwrap();
    as_bob.remember_this_device(&store).unwrap();
    assert_eq!(device_slots_of(&v.dir, bob_id), 1);
}

#[test]
fn every_password_change_removes_the_users_device_slots() {
    let mut v = new_vault();
    let store = MemoryKeychain::default();
    let mut bob = user_session(&mut v, "bob", steward_core::Role::Agent);
    let bob_id = bob.user().id;
    bob.remember_this_device(&store).unwrap();
    bob.lock().unwrap();
    device_unlock(&v.dir, "bob", &store)
        .unwrap()
        .lock()
        .unwrap();

    // A reset by the owner: the remembered computer no longer opens as bob.
    v.session()
        .reset_password("bob", &Password::new(FIRST_PASSWORD))
        .unwrap();
    assert_eq!(device_slots_of(&v.dir, bob_id), 0);
    assert!(matches!(
        device_unlock(&v.dir, "bob", &store).map(drop),
        Err(Error::DeviceUnavailable(_))
    ));

    // Bob's own change.
    let mut bob = unlock(&v.dir, "bob", FIRST_PASSWORD).unwrap();
    bob.change_password(&Password::new(FIRST_PASSWORD), &Password::new(OWN_PASSWORD))
        .unwrap();
    bob.remember_this_device(&store).unwrap();
    assert_eq!(device_slots_of(&v.dir, bob_id), 1);
    bob.change_password(
        &Password::new(OWN_PASSWORD),
        &Password::new("another harbor plum 2031 gecko"),
    )
    .unwrap();
    assert_eq!(device_slots_of(&v.dir, bob_id), 0);
    bob.lock().unwrap();
    assert!(device_unlock(&v.dir, "bob", &store).is_err());

    // A new password after a recovery-key unlock.
    let owner_id = v.session().user().id;
    v.session().remember_this_device(&store).unwrap();
    v.lock();
    let mut recovered = steward_core::unlock::unlock(
        &v.dir,
        Credentials::RecoveryKey {
            user: None,
            key: &v.recovery_key,
        },
    )
    .unwrap();
    recovered
        .set_own_password_after_recovery(&Password::new(OWN_PASSWORD))
        .unwrap();
    assert_eq!(device_slots_of(&v.dir, owner_id), 0);
    recovered.lock().unwrap();
    assert!(device_unlock(&v.dir, OWNER, &store).is_err());
}

//! "Remember me on this computer": device slots with a keychain secret.

use steward_core::vault::device::{MemoryKeychain, SecretStore, SystemKeychain};
use steward_core::vault::{self, Credentials};
use steward_core::{Error, Session};

use crate::fixtures::*;

fn with_device(dir: &std::path::Path, store: &dyn SecretStore) -> steward_core::Result<Session> {
    vault::unlock(dir, Credentials::Device { user: OWNER, store })
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

//! Restoring: alone while it replaces the vault, recorded before a restored
//! vault can open, leaving nothing behind when it fails, needing only read
//! access to the backup, and never giving back rights an owner took away.

use std::path::{Path, PathBuf};

use steward_core::backup::BackupKind;
use steward_core::records::contacts::NewContact;
use steward_core::vault::Credentials;
use steward_core::{Error, Password, Session};

use crate::fixtures::*;

fn password() -> Password {
    Password::new(PASSWORD)
}

fn creds(p: &Password) -> Credentials<'_> {
    Credentials::Password {
        user: OWNER,
        password: p,
    }
}

fn backup_now(s: &mut Session, dir: &Path) -> PathBuf {
    s.create_backup(BackupKind::Manual, Some(dir), &mut |_, _| {})
        .unwrap()
        .backup
        .path
}

fn names(s: &Session) -> Vec<String> {
    let mut out: Vec<String> = s
        .list_contacts(0, 500)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.name)
        .collect();
    out.sort();
    out
}

#[test]
fn a_restore_over_the_vault_is_refused_while_another_session_has_it_open() {
    let mut v = new_vault();
    let dir = v._temp.path().join("backups");
    let file = backup_now(v.session(), &dir);
    v.session()
        .add_contact(&NewContact {
            name: "Added Later".into(),
            ..NewContact::default()
        })
        .unwrap();
    let other = unlock(&v.dir, OWNER, PASSWORD).unwrap();
    let p = password();
    let err = v
        .session
        .take()
        .unwrap()
        .restore_replace(&file, creds(&p))
        .unwrap_err();
    assert!(matches!(err, Error::VaultInUse), "{err:?}");
    assert!(err.to_string().contains("open in another program"), "{err}");
    assert!(!v.dir.join("vault.db.restoring").exists());
    assert_eq!(names(&other), ["Added Later"], "nothing changed");
    other.lock().unwrap();

    // Alone, the same restore goes through.
    let s = unlock(&v.dir, OWNER, PASSWORD).unwrap();
    s.restore_replace(&file, creds(&p)).unwrap();
    v.unlock();
    assert!(names(v.session()).is_empty());
}

#[test]
fn opening_the_vault_while_a_restore_replaces_it_is_refused_clearly() {
    let mut v = new_vault();
    v.lock();
    let held = steward_core::test_support::hold_exclusively(&v.dir).unwrap();
    let err = unlock(&v.dir, OWNER, PASSWORD).unwrap_err();
    assert!(matches!(err, Error::VaultRestoring), "{err:?}");
    assert!(err.to_string().contains("being restored"), "{err}");
    drop(held);
    v.unlock();
    // And a restore cannot begin while a session has the vault open.
    assert!(matches!(
        steward_core::test_support::hold_exclusively(&v.dir),
        Err(Error::VaultInUse)
    ));
}

//! Restoring: alone while it replaces the vault, recorded before a restored
//! vault can open, leaving nothing behind when it fails, needing only read
//! access to the backup, and never giving back rights an owner took away.

use std::path::{Path, PathBuf};
use std::process::Command;

use steward_core::audit::AuditFilter;
use steward_core::backup::{self, BackupKind};
use steward_core::records::contacts::NewContact;
use steward_core::vault::Credentials;
use steward_core::{Error, Password, Role, Session};

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
        .list_contacts(None, 500)
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.name)
        .collect();
    out.sort();
    out
}

/// Contacts with long notes: a database of about `kib` KiB.
fn fill_vault(s: &mut Session, kib: usize) {
    for i in 0..kib / 5 {
        s.add_contact(&NewContact {
            name: format!("Person {i}"),
            notes: Some(format!("{i:>5}").repeat(1000)),
            ..NewContact::default()
        })
        .unwrap();
    }
}

/// A file system mounted for one test, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn run(args: &[&str], at: &Path) -> Option<Mount> {
        std::fs::create_dir_all(at).unwrap();
        let done = Command::new("mount").args(args).arg(at).output();
        match done {
            Ok(out) if out.status.success() => Some(Mount(at.to_path_buf())),
            _ => {
                eprintln!("skipped: mounting is not permitted here");
                None
            }
        }
    }

    /// A tmpfs of `size` (as `mount -o size=` reads it) at `at`.
    fn tmpfs(at: &Path, size: &str) -> Option<Mount> {
        Self::run(&["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"], at)
    }

    /// `from` seen read-only at `at`.
    fn read_only(from: &Path, at: &Path) -> Option<Mount> {
        Self::run(&["--bind", "-o", "ro", from.to_str().unwrap()], at)
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let unmounted = Command::new("umount").arg(&self.0).status();
        if !unmounted.is_ok_and(|s| s.success()) {
            let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
}

/// Fills the disk holding `dir` until at most `leave` bytes are free.
fn fill_disk(dir: &Path, leave: usize) -> PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let chunk = vec![0u8; 4096];
    while file.write_all(&chunk).is_ok() {}
    drop(file);
    let len = std::fs::metadata(&path).unwrap().len();
    let keep = len.saturating_sub(u64::try_from(leave).unwrap());
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(keep)
        .unwrap();
    path
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
    let err = restore_over(v.session.take().unwrap(), &file, creds(&p)).unwrap_err();
    assert!(matches!(err, Error::VaultInUse), "{err:?}");
    assert!(err.to_string().contains("open in another program"), "{err}");
    assert!(!v.dir.join("vault.db.restoring").exists());
    assert_eq!(names(&other), ["Added Later"], "nothing changed");
    other.lock().unwrap();

    // Alone, the same restore goes through.
    let s = unlock(&v.dir, OWNER, PASSWORD).unwrap();
    restore_over(s, &file, creds(&p)).unwrap();
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

#[test]
fn a_folder_restored_into_opens_with_its_restore_already_recorded() {
    let mut v = new_vault();
    v.session()
        .add_contact(&NewContact {
            name: "Kept".into(),
            ..NewContact::default()
        })
        .unwrap();
    let backups = v._temp.path().join("backups");
    let file = backup_now(v.session(), &backups);
    let p = password();
    let backup_head = backup::preview(&file, &creds(&p))
        .unwrap()
        .header
        .audit_head
        .unwrap()
        .seq;
    let target = v._temp.path().join("restored");
    let s = steward_core::unlock::restore_into(&file, &target, creds(&p)).unwrap();
    let mut since: Vec<_> = s
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.seq > backup_head)
        .collect();
    since.sort_by_key(|e| e.seq);
    let actions: Vec<&str> = since.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions.first().copied(),
        Some("backup.restore"),
        "the restore is recorded before anyone opened the folder: {actions:?}"
    );
    assert_eq!(since[0].actor_name.as_deref(), Some(OWNER));
    let alerts = s.list_alerts(false).unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a.rule == "restore" && a.audit_seqs == [since[0].seq]),
        "{alerts:?}"
    );
    s.lock().unwrap();
    // The keyslots file was written last, naming that entry: the folder
    // opens as it is, with its chain intact.
    let s = unlock(&target, OWNER, PASSWORD).unwrap();
    assert!(matches!(
        s.audit_verify().unwrap(),
        steward_core::audit::VerifyReport::Intact { .. }
    ));
}

#[test]
fn a_restore_into_a_full_disk_leaves_nothing_behind_and_names_the_folder() {
    let mut v = new_vault();
    fill_vault(v.session(), 600);
    let backups = v._temp.path().join("backups");
    let file = backup_now(v.session(), &backups);
    let small = v._temp.path().join("small");
    let Some(_mount) = Mount::tmpfs(&small, "256k") else {
        return;
    };
    let p = password();

    let target = small.join("restored");
    let err = steward_core::unlock::restore_into(&file, &target, creds(&p)).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("disk is full"), "{message}");
    assert!(message.contains(target.to_str().unwrap()), "{message}");
    assert!(!target.exists(), "the folder this restore made is gone");

    let empty = small.join("empty");
    std::fs::create_dir(&empty).unwrap();
    let err = steward_core::unlock::restore_into(&file, &empty, creds(&p)).unwrap_err();
    assert!(err.to_string().contains("disk is full"), "{err}");
    assert_eq!(
        std::fs::read_dir(&empty).unwrap().count(),
        0,
        "the folder is empty again, so a retry is accepted"
    );
    assert_eq!(std::fs::read_dir(&small).unwrap().count(), 1);
}

#[test]
fn a_restore_over_a_vault_on_a_full_disk_leaves_no_partial_file() {
    let temp = tempfile::tempdir().unwrap();
    let disk = temp.path().join("disk");
    let Some(_mount) = Mount::tmpfs(&disk, "32m") else {
        return;
    };
    let dir = disk.join("vault");
    let mut s = steward_core::unlock::create(&dir, OWNER, &password(), &options())
        .unwrap()
        .session;
    fill_vault(&mut s, 600);
    let backups = temp.path().join("backups");
    s.set_backup_settings(&backup::BackupSettings {
        dir: Some(backups.clone()),
        ..backup::BackupSettings::default()
    })
    .unwrap();
    let file = backup_now(&mut s, &backups);
    s.lock().unwrap();
    let filler = fill_disk(&disk, 200 * 1024);

    let s = unlock(&dir, OWNER, PASSWORD).unwrap();
    let p = password();
    let err = restore_over(s, &file, creds(&p)).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("disk is full"), "{message}");
    assert!(message.contains(dir.to_str().unwrap()), "{message}");
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restoring"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    std::fs::remove_file(filler).unwrap();
    let s = unlock(&dir, OWNER, PASSWORD).unwrap();
    assert_eq!(s.count_contacts(&Default::default()).unwrap(), 120);
}

#[test]
fn a_backup_on_read_only_media_verifies_and_restores() {
    let mut v = new_vault();
    v.session()
        .add_contact(&NewContact {
            name: "On The Stick".into(),
            ..NewContact::default()
        })
        .unwrap();
    let written = v._temp.path().join("stick");
    let file = backup_now(v.session(), &written);
    let stick = v._temp.path().join("stick-ro");
    let Some(_mount) = Mount::read_only(&written, &stick) else {
        return;
    };
    let on_stick = stick.join(file.file_name().unwrap());
    assert!(std::fs::File::create(stick.join("probe")).is_err());

    let checked = v.session().verify_backup(&on_stick).unwrap();
    assert_eq!(checked.counts["contacts"], 1);
    let p = password();
    let restored =
        steward_core::unlock::restore_into(&on_stick, &v._temp.path().join("restored"), creds(&p))
            .unwrap();
    assert_eq!(names(&restored), ["On The Stick"]);
    restored.lock().unwrap();
    v.session()
        .add_contact(&NewContact {
            name: "Later".into(),
            ..NewContact::default()
        })
        .unwrap();
    let s = v.session.take().unwrap();
    restore_over(s, &on_stick, creds(&p)).unwrap();
    v.unlock();
    assert_eq!(names(v.session()), ["On The Stick"]);
}

#[test]
fn a_backup_on_a_full_disk_still_verifies_and_restores() {
    let mut v = new_vault();
    fill_vault(v.session(), 100);
    let disk = v._temp.path().join("full");
    let Some(_mount) = Mount::tmpfs(&disk, "2m") else {
        return;
    };
    let file = backup_now(v.session(), &disk);
    fill_disk(&disk, 0);
    v.session().verify_backup(&file).unwrap();
    let p = password();
    let restored =
        steward_core::unlock::restore_into(&file, &v._temp.path().join("restored"), creds(&p));
    assert_eq!(
        restored
            .unwrap()
            .count_contacts(&Default::default())
            .unwrap(),
        20
    );
}

#[test]
fn an_empty_vault_database_is_refused_as_damaged_and_nothing_is_written() {
    let mut v = new_vault();
    v.lock();
    std::fs::File::create(v.dir.join("vault.db")).unwrap();
    let before = all_files(&v.dir);
    let err = unlock(&v.dir, OWNER, PASSWORD).unwrap_err();
    assert!(matches!(err, Error::Integrity(_)), "{err:?}");
    assert!(err.to_string().contains("vault.db is empty"), "{err}");
    assert_eq!(all_files(&v.dir), before, "no file changed or appeared");
    assert!(!v.dir.join("backups").exists());
}

#[test]
fn an_admin_demoted_from_owner_cannot_restore_the_owner_role_back() {
    let mut v = new_vault();
    let dir = v._temp.path().join("backups");
    let olga = user_session(&mut v, "olga", Role::Owner);
    olga.lock().unwrap();
    let bob = user_session(&mut v, "bob", Role::Agent);
    let when_owner = backup_now(v.session(), &dir);
    bob.lock().unwrap();
    v.session().set_role("olga", Role::Admin).unwrap();
    let after_demotion = backup_now(v.session(), &dir);
    v.lock();

    let olga_password = Password::new(OWN_PASSWORD);
    let as_olga = || Credentials::Password {
        user: "olga",
        password: &olga_password,
    };
    let s = unlock(&v.dir, "olga", OWN_PASSWORD).unwrap();
    let err = restore_over(s, &when_owner, as_olga()).unwrap_err();
    assert!(
        matches!(
            err,
            Error::PermissionDenied {
                permission: "owners.manage",
                ..
            }
        ),
        "{err:?}"
    );
    let s = unlock(&v.dir, "olga", OWN_PASSWORD).unwrap();
    assert_eq!(s.user().role, Role::Admin, "still an admin");
    s.lock().unwrap();
    v.unlock();
    let denied = v
        .session()
        .audit_entries(&AuditFilter {
            action: Some("backup.restore".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(denied.len(), 1, "{denied:?}");
    assert_eq!(denied[0].outcome, "denied");
    assert_eq!(denied[0].actor_name.as_deref(), Some("olga"));
    assert!(!v.dir.join("vault.db.restoring").exists());

    // A backup that gives nobody more rights than now is an admin's to restore.
    v.session().disable_user("bob").unwrap();
    let bob_disabled = backup_now(v.session(), &dir);
    v.lock();
    let s = unlock(&v.dir, "olga", OWN_PASSWORD).unwrap();
    restore_over(s, &bob_disabled, as_olga()).unwrap();
    // One in which a user now disabled was enabled is not.
    let s = unlock(&v.dir, "olga", OWN_PASSWORD).unwrap();
    let err = restore_over(s, &after_demotion, as_olga()).unwrap_err();
    assert!(
        matches!(err, Error::PermissionDenied { .. }),
        "bob was enabled then: {err:?}"
    );

    // An owner may restore either.
    let s = unlock(&v.dir, OWNER, PASSWORD).unwrap();
    let p = password();
    restore_over(s, &when_owner, creds(&p)).unwrap();
    let s = unlock(&v.dir, "olga", OWN_PASSWORD).unwrap();
    assert_eq!(s.user().role, Role::Owner);
}

/// The vault's files and their bytes, leaving out the wal-index (`-shm`),
/// which readers update, and the checked copy a restore plan keeps beside
/// the database while it lives.
fn vault_state(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    all_files(dir)
        .into_iter()
        .filter(|(path, _)| {
            let name = path.file_name().unwrap().to_string_lossy();
            !name.ends_with("-shm") && !name.contains(".restoring")
        })
        .collect()
}

#[test]
fn preparing_a_restore_changes_nothing_in_the_vault() {
    let mut v = new_vault();
    let backups = v._temp.path().join("backups");
    let file = backup_now(v.session(), &backups);
    v.session()
        .add_contact(&NewContact {
            name: "Added Later".into(),
            ..NewContact::default()
        })
        .unwrap();
    let entries = v
        .session()
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .len();
    let before = vault_state(&v.dir);
    let backups_before = all_files(&backups);
    let p = password();

    let plan = v.session().prepare_restore(&file, &creds(&p)).unwrap();
    assert_eq!(vault_state(&v.dir), before, "the vault is as it was");
    assert!(
        matches!(unlock(&v.dir, OWNER, PASSWORD), Err(Error::VaultRestoring)),
        "nobody else opens the vault while the plan lives"
    );
    drop(plan);

    assert_eq!(vault_state(&v.dir), before, "the vault is as it was");
    assert!(
        !v.dir.join("vault.db.restoring").exists(),
        "the checked copy is gone with the plan"
    );
    assert_eq!(all_files(&backups), backups_before, "no backup was made");
    assert_eq!(
        v.session()
            .audit_entries(&AuditFilter::default())
            .unwrap()
            .len(),
        entries,
        "nothing was recorded"
    );
    assert_eq!(names(v.session()), ["Added Later"]);
    let other = unlock(&v.dir, OWNER, PASSWORD).expect("open to others again");
    other.lock().unwrap();
}

#[test]
fn a_refused_restore_plan_leaves_the_session_open_and_usable() {
    let mut v = new_vault();
    let backups = v._temp.path().join("backups");
    let file = backup_now(v.session(), &backups);
    let p = password();
    let wrong = Password::new("not the password at all");

    let err = v
        .session()
        .prepare_restore(
            &file,
            &Credentials::Password {
                user: OWNER,
                password: &wrong,
            },
        )
        .unwrap_err();
    assert!(matches!(err, Error::WrongPassword), "{err:?}");

    let mut foreign = new_vault();
    let foreign_dir = foreign._temp.path().join("b");
    let foreign_file = backup_now(foreign.session(), &foreign_dir);
    let err = v
        .session()
        .prepare_restore(&foreign_file, &creds(&p))
        .unwrap_err();
    assert!(err.to_string().contains("another vault"), "{err}");

    let other = unlock(&v.dir, OWNER, PASSWORD).unwrap();
    let err = v.session().prepare_restore(&file, &creds(&p)).unwrap_err();
    assert!(matches!(err, Error::VaultInUse), "{err:?}");
    other.lock().unwrap();

    let agent = user_session(&mut v, "bob", Role::Agent);
    let err = agent.prepare_restore(&file, &creds(&p)).unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err:?}");
    agent.lock().unwrap();

    // A plan applied with a session that did not prepare it is refused, and
    // the session that prepared it goes on once the plan is gone.
    let plan = v.session().prepare_restore(&file, &creds(&p)).unwrap();
    let err = plan.apply(foreign.session.take().unwrap()).unwrap_err();
    assert!(err.to_string().contains("another session"), "{err}");

    // After every refusal the session works and others may open the vault.
    v.session()
        .add_contact(&NewContact {
            name: "Still Open".into(),
            ..NewContact::default()
        })
        .unwrap();
    assert_eq!(names(v.session()), ["Still Open"]);
    unlock(&v.dir, OWNER, PASSWORD).unwrap().lock().unwrap();
    let s = v.session.take().unwrap();
    restore_over(s, &file, creds(&p)).unwrap();
    v.unlock();
    assert!(names(v.session()).is_empty(), "the restore went through");
}

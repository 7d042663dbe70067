//! Backups: written encrypted and verified, refused when damaged, restored
//! into a new folder or over the vault, drilled, and made before migrations.

use std::path::{Path, PathBuf};

use steward_core::backup::{self, BackupKind, BackupSettings};
use steward_core::records::contacts::NewContact;
use steward_core::vault::{self, Credentials};
use steward_core::{Error, Password, Role, Session};

use crate::fixtures::*;

const NAME: &str = "Wilhelmina Quarterfield";
const EMAIL: &str = "wilhelmina@quarterfield.example";

fn add_people(s: &mut Session, n: usize) {
    s.add_contact(&NewContact {
        name: NAME.into(),
        emails: vec![EMAIL.into()],
        notes: Some("prefers the blue brochure".into()),
        ..NewContact::default()
    })
    .unwrap();
    for i in 1..n {
        s.add_contact(&NewContact {
            name: format!("Person {i}"),
            ..NewContact::default()
        })
        .unwrap();
    }
}

fn backup_now(s: &mut Session, dir: &Path) -> PathBuf {
    s.create_backup(BackupKind::Manual, Some(dir), &mut |_, _| {})
        .unwrap()
        .backup
        .path
}

fn password() -> Password {
    Password::new(PASSWORD)
}

fn creds(p: &Password) -> Credentials<'_> {
    Credentials::Password {
        user: OWNER,
        password: p,
    }
}

/// Names and e-mails of every contact, sorted: what "the same data" means.
fn content(s: &Session) -> Vec<(String, Option<String>)> {
    let mut out: Vec<_> = s
        .list_contacts(None, 500)
        .unwrap()
        .items
        .into_iter()
        .map(|c| (c.name, c.email))
        .collect();
    out.sort();
    out
}

fn flip(path: &Path, offset_from_end: Option<u64>, offset: u64) {
    let mut bytes = std::fs::read(path).unwrap();
    let at = match offset_from_end {
        Some(back) => bytes.len() - usize::try_from(back).unwrap(),
        None => usize::try_from(offset).unwrap(),
    };
    bytes[at] ^= 0x40;
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_backup_holds_no_plaintext_verifies_and_restores_into_a_new_folder_anywhere() {
    let mut v = new_vault();
    add_people(v.session(), 30);
    let dir = v._temp.path().join("backups");
    let report = v
        .session()
        .create_backup(BackupKind::Manual, Some(&dir), &mut |_, _| {})
        .unwrap();
    let path = report.backup.path.clone();
    assert_eq!(report.backup.header.manifest["contacts"], 30);
    assert_eq!(report.backup.header.created_by.user_name, OWNER);
    assert!(report.backup.verified_at.is_some());
    // Nothing else is left in the folder but the empty lock file, and
    // nothing in it is plaintext.
    let lock = dir.join(".steward-backup.lock");
    let files: Vec<_> = all_files(&dir).into_iter().map(|(p, _)| p).collect();
    assert_eq!(files, [lock.clone(), path.clone()]);
    assert_eq!(std::fs::metadata(&lock).unwrap().len(), 0);
    for needle in [NAME, EMAIL, "blue brochure", "SQLite format 3"] {
        assert_absent_everywhere(&dir, needle);
    }

    let listed = v.session().list_backups(Some(&dir)).unwrap();
    assert_eq!(listed.len(), 1);
    let outcome = v.session().verify_backup(&path).unwrap();
    assert_eq!(outcome.counts["contacts"], 30);
    let expected = content(v.session());

    // A machine that never saw the vault: only the file and a password.
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("restored");
    let p = password();
    let preview = backup::preview(&path, &creds(&p)).unwrap();
    assert_eq!(preview.header.manifest["contacts"], 30);
    let restored = steward_core::unlock::restore_into(&path, &target, creds(&p)).unwrap();
    assert_eq!(content(&restored), expected);
    let entries = restored
        .audit_entries(&steward_core::audit::AuditFilter::default())
        .unwrap();
    // The restore is recorded before the folder opens; the unlock follows.
    assert_eq!(
        [entries[1].action.as_str(), entries[0].action.as_str()],
        ["backup.restore", "vault.unlock"]
    );
    assert!(matches!(
        restored.audit_verify().unwrap(),
        steward_core::audit::VerifyReport::Intact { .. }
    ));
    restored.lock().unwrap();
    // And with the recovery key instead of a password.
    let target2 = elsewhere.path().join("restored-with-key");
    let s = steward_core::unlock::restore_into(
        &path,
        &target2,
        Credentials::RecoveryKey {
            user: None,
            key: &v.recovery_key,
        },
    )
    .unwrap();
    assert_eq!(content(&s), expected);
}

/// A way to damage a file.
type Damage = Box<dyn Fn(&Path)>;

#[test]
fn a_damaged_or_altered_backup_is_refused_with_an_integrity_error() {
    let mut v = new_vault();
    add_people(v.session(), 5);
    let dir = v._temp.path().join("backups");
    let good = backup_now(v.session(), &dir);
    let bytes = std::fs::read(&good).unwrap();
    let header_len = u64::from(u32::from_le_bytes(bytes[16..20].try_into().unwrap()));
    let cases: Vec<(&str, Damage)> = vec![
        ("magic", Box::new(|p| flip(p, None, 3))),
        (
            "header",
            Box::new(move |p| flip(p, None, 20 + header_len / 2)),
        ),
        ("mac", Box::new(move |p| flip(p, None, 20 + header_len + 5))),
        (
            "database start",
            Box::new(move |p| flip(p, None, 52 + header_len + 100)),
        ),
        ("database end", Box::new(|p| flip(p, Some(10), 0))),
        (
            "truncated",
            Box::new(|p| {
                let b = std::fs::read(p).unwrap();
                std::fs::write(p, &b[..b.len() - 4096]).unwrap();
            }),
        ),
        (
            "header rewritten",
            Box::new(|p| {
                let b = std::fs::read(p).unwrap();
                let text = String::from_utf8_lossy(&b).into_owned();
                let at = text.find("\"manual\"").unwrap();
                let mut b = b.clone();
                b[at + 1..at + 7].copy_from_slice(b"lock!!");
                std::fs::write(p, b).unwrap();
            }),
        ),
    ];
    let p = password();
    for (what, damage) in cases {
        let copy = dir.join(format!("copy-{}.stwbak", what.replace(' ', "-")));
        std::fs::copy(&good, &copy).unwrap();
        damage(&copy);
        let err = v.session().verify_backup(&copy).unwrap_err();
        assert!(matches!(err, Error::BackupIntegrity(_)), "{what}: {err:?}");
        let target = v
            ._temp
            .path()
            .join(format!("restore-{}", what.replace(' ', "-")));
        let err = steward_core::unlock::restore_into(&copy, &target, creds(&p)).unwrap_err();
        assert!(
            matches!(err, Error::BackupIntegrity(_)),
            "{what}: restore says {err:?}"
        );
        assert!(!vault::exists(&target), "{what}: no vault was made");
    }
    v.session().verify_backup(&good).unwrap();
}

#[test]
fn restoring_over_the_vault_backs_it_up_first_and_keeps_current_passwords() {
    let mut v = new_vault();
    add_people(v.session(), 3);
    let dir = v._temp.path().join("backups");
    v.session()
        .set_backup_settings(&BackupSettings {
            dir: Some(dir.clone()),
            ..BackupSettings::default()
        })
        .unwrap();
    let old = backup_now(v.session(), &dir);
    let before = content(v.session());
    v.session()
        .add_contact(&NewContact {
            name: "Added Later".into(),
            ..NewContact::default()
        })
        .unwrap();
    // The password changes after the backup; the backup still opens with
    // the old one, and the vault keeps the new one.
    let new_password = Password::new("mossy lantern quartz 4471 cello");
    v.session()
        .change_password(&password(), &new_password)
        .unwrap();
    let session = v.session.take().unwrap();
    let p = password();
    let report = restore_over(session, &old, creds(&p)).unwrap();
    let pre = report.pre_restore_backup.unwrap();
    assert!(dir.join(&pre).exists(), "the replaced vault was backed up");

    assert!(matches!(
        unlock(&v.dir, OWNER, PASSWORD),
        Err(Error::WrongPassword)
    ));
    let s = steward_core::unlock::unlock(
        &v.dir,
        Credentials::Password {
            user: OWNER,
            password: &new_password,
        },
    )
    .unwrap();
    assert_eq!(content(&s), before, "the contact added later is gone");
    let actions: Vec<String> = s
        .audit_entries(&steward_core::audit::AuditFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"backup.restore".to_owned()),
        "{actions:?}"
    );
    assert!(matches!(
        s.audit_verify().unwrap(),
        steward_core::audit::VerifyReport::Intact { .. }
    ));
    s.lock().unwrap();

    // The pre-restore backup brings the later contact back.
    let s = steward_core::unlock::unlock(
        &v.dir,
        Credentials::Password {
            user: OWNER,
            password: &new_password,
        },
    )
    .unwrap();
    restore_over(
        s,
        &dir.join(&pre),
        Credentials::Password {
            user: OWNER,
            password: &new_password,
        },
    )
    .unwrap();
    let s = steward_core::unlock::unlock(
        &v.dir,
        Credentials::Password {
            user: OWNER,
            password: &new_password,
        },
    )
    .unwrap();
    assert!(content(&s).iter().any(|(n, _)| n == "Added Later"));
}

#[test]
fn a_backup_of_another_vault_cannot_replace_this_one() {
    let mut a = new_vault();
    let mut b = new_vault();
    let dir = a._temp.path().join("backups");
    let other = backup_now(b.session(), &dir);
    let p = password();
    let s = a.session.take().unwrap();
    let err = restore_over(s, &other, creds(&p)).unwrap_err();
    assert!(err.to_string().contains("new folder"), "{err}");
    a.unlock();
}

#[test]
fn roles_without_backup_rights_are_refused_but_automatic_backups_run_for_anyone() {
    let mut v = new_vault();
    let dir = v._temp.path().join("backups");
    let mut agent = user_session(&mut v, "bob", Role::Agent);
    assert!(matches!(
        agent.create_backup(BackupKind::Manual, Some(&dir), &mut |_, _| {}),
        Err(Error::PermissionDenied { .. })
    ));
    assert!(matches!(
        agent.list_backups(Some(&dir)),
        Err(Error::PermissionDenied { .. })
    ));
    let auto = agent
        .create_backup(BackupKind::Lock, Some(&dir), &mut |_, _| {})
        .unwrap();
    assert_eq!(auto.backup.header.created_by.user_name, "bob");
    let p = Password::new(OWN_PASSWORD);
    let err = restore_over(
        agent,
        &auto.backup.path,
        Credentials::Password {
            user: "bob",
            password: &p,
        },
    )
    .unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err:?}");
}

#[test]
fn the_drill_restores_the_newest_backup_and_reports_a_damaged_one() {
    let mut v = new_vault();
    add_people(v.session(), 4);
    let dir = v._temp.path().join("backups");
    v.session()
        .set_backup_settings(&BackupSettings {
            dir: Some(dir.clone()),
            ..BackupSettings::default()
        })
        .unwrap();
    assert!(matches!(
        v.session().restore_drill(true),
        Err(Error::NotFound { .. })
    ));
    let path = backup_now(v.session(), &dir);
    let report = v.session().restore_drill(true).unwrap();
    assert!(report.ok, "{}", report.detail);
    let status = v.session().backup_status().unwrap();
    assert_eq!(status.last_verified_restore_at, Some(report.at.clone()));
    assert!(!status.stale);
    flip(&path, Some(100), 0);
    let report = v.session().restore_drill(true).unwrap();
    assert!(!report.ok);
    assert!(report.detail.contains("damaged"), "{}", report.detail);
    let status = v.session().backup_status().unwrap();
    assert_eq!(status.last_drill.map(|d| d.ok), Some(false));
}

#[test]
fn a_failed_backup_leaves_no_file_and_is_reported() {
    let mut v = new_vault();
    // A file where the folder should be: the backup cannot be written.
    let blocker = v._temp.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    v.session()
        .set_backup_settings(&BackupSettings {
            dir: Some(blocker.clone()),
            ..BackupSettings::default()
        })
        .unwrap();
    assert!(
        v.session()
            .create_backup(BackupKind::Manual, None, &mut |_, _| {})
            .is_err()
    );
    let status = v.session().backup_status().unwrap();
    assert!(status.last_error.is_some());
    assert!(status.stale, "no backup yet and there are changes");
}

/// The `.stwbak` files in the vault's backup folder.
fn backup_files(v: &TestVault) -> Vec<PathBuf> {
    std::fs::read_dir(v.dir.join("backups"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "stwbak"))
                .collect()
        })
        .unwrap_or_default()
}

/// The version of Steward the vault records as its last unlocker.
fn last_unlocked_by(v: &TestVault) -> Option<String> {
    use rusqlite::OptionalExtension;
    raw(v)
        .query_row(
            "SELECT value FROM settings WHERE key = 'last_unlocked_by'",
            [],
            |r| r.get(0),
        )
        .optional()
        .unwrap()
        .map(|value: String| serde_json::from_str(&value).expect("a JSON string"))
}

#[test]
fn the_first_unlock_by_another_version_is_preceded_by_a_backup() {
    let mut v = new_vault();
    add_people(v.session(), 2);
    // A vault from before versions were recorded gets one at its next
    // unlock, with no backup: there is nothing to compare.
    assert_eq!(last_unlocked_by(&v), None);
    v.unlock();
    assert_eq!(
        last_unlocked_by(&v).as_deref(),
        Some(env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(backup_files(&v), Vec::<PathBuf>::new());
    v.unlock();
    assert_eq!(
        backup_files(&v).len(),
        0,
        "the same version backs nothing up"
    );

    // As if an older Steward had unlocked it last: this is an upgrade with
    // no schema change.
    v.lock();
    raw(&v)
        .execute(
            r#"UPDATE settings SET value = '"0.0.1"' WHERE key = 'last_unlocked_by'"#,
            [],
        )
        .unwrap();
    v.unlock();
    let backups = backup_files(&v);
    assert_eq!(backups.len(), 1, "{backups:?}");
    let p = password();
    let preview = backup::preview(&backups[0], &creds(&p)).unwrap();
    assert_eq!(preview.header.kind, "pre-migration");
    let listed = v.session().list_backups(None).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].verified_at.is_some(), "{listed:?}");
    assert_eq!(
        last_unlocked_by(&v).as_deref(),
        Some(env!("CARGO_PKG_VERSION"))
    );

    // Only the first unlock of the new version.
    v.unlock();
    assert_eq!(backup_files(&v).len(), 1);
}

#[test]
fn a_schema_migration_is_preceded_by_a_backup() {
    let mut v = new_vault();
    add_people(v.session(), 2);
    v.lock();
    {
        // Make the vault look like schema 4 (before consent existed).
        let conn = raw(&v);
        conn.execute_batch(
            "DROP TABLE reminder_states;
             DROP TABLE rules_acknowledgements; DROP TABLE rules_versions;
             DROP TABLE access_review_users; DROP TABLE access_reviews;
             DROP TABLE breaches; DROP TABLE team_audit_log;
             DROP TABLE consents; DROP TABLE consent_form_purposes; DROP TABLE consent_forms;
             DROP TABLE purposes; DROP TABLE dsr_requests; DROP TABLE erasure_ledger;
             DROP TABLE suppressions; DROP TABLE export_log; DROP TABLE alerts;
             ALTER TABLE contacts DROP COLUMN restricted_at;
             ALTER TABLE contacts DROP COLUMN objected_at;
             DROP INDEX contact_phones_by_e164;
             ALTER TABLE contact_phones DROP COLUMN flag;
             ALTER TABLE contact_phones DROP COLUMN e164;
             ALTER TABLE companies DROP COLUMN import_id;
             ALTER TABLE activities DROP COLUMN import_id;
             DROP INDEX activities_by_email_key;
             ALTER TABLE activities DROP COLUMN email_key;
             ALTER TABLE activities DROP COLUMN email_digest;
             DROP INDEX tasks_by_state_and_due; DROP INDEX tasks_of_assignee_by_state_and_due;
             DROP INDEX tasks_by_done; DROP INDEX tasks_of_assignee_by_done;
             CREATE INDEX tasks_open_by_due ON tasks (deleted_at, done_at, due_date);
             DROP INDEX tasks_by_due;
             ALTER TABLE tasks DROP COLUMN due_time;
             ALTER TABLE tasks DROP COLUMN duration_minutes;
             ALTER TABLE tasks DROP COLUMN remind_before_minutes;
             DROP TABLE contact_merges;
             DROP TABLE attachment_chunks; DROP TABLE attachments;
             DROP INDEX contacts_live_by_owner_and_sort_key; DROP INDEX contacts_live_by_owner;
             DROP INDEX contacts_live_by_company_and_sort_key;
             DROP INDEX contacts_live_by_sort_key; DROP INDEX contacts_live_by_folded_name;
             DROP INDEX companies_live_by_sort_key; DROP INDEX companies_live_by_folded_name;
             DROP INDEX contact_emails_by_folded; DROP INDEX tags_by_folded;
             ALTER TABLE contacts DROP COLUMN sort_key; ALTER TABLE contacts DROP COLUMN folded_name;
             ALTER TABLE companies DROP COLUMN sort_key; ALTER TABLE companies DROP COLUMN folded_name;
             ALTER TABLE contact_emails DROP COLUMN folded;
             ALTER TABLE tags DROP COLUMN sort_key; ALTER TABLE tags DROP COLUMN folded;
             CREATE INDEX contacts_live_by_name ON contacts (deleted_at, name COLLATE NOCASE, id);
             CREATE INDEX companies_by_name ON companies (deleted_at, name COLLATE NOCASE, id);
             CREATE INDEX contact_emails_by_email ON contact_emails (email COLLATE NOCASE);
             PRAGMA user_version = 4;",
        )
        .unwrap();
    }
    v.unlock();
    let backups: Vec<_> = std::fs::read_dir(v.dir.join("backups"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "stwbak"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let p = password();
    let preview = backup::preview(&backups[0], &creds(&p)).unwrap();
    assert_eq!(preview.header.kind, "pre-migration");
    assert_eq!(preview.header.schema_version, 4);
    // It is on record like any other backup: verified, and audited.
    let listed = v.session().list_backups(None).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].verified_at.is_some(), "{listed:?}");
    let entries = v
        .session()
        .audit_entries(&steward_core::audit::AuditFilter {
            action: Some("backup.create".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert!(
        entries[0].details.contains("pre-migration"),
        "{}",
        entries[0].details
    );
    assert!(matches!(
        v.session().audit_verify().unwrap(),
        steward_core::audit::VerifyReport::Intact { .. }
    ));
    v.lock();
    v.unlock();
    assert_eq!(
        v.session().count_contacts(&Default::default()).unwrap(),
        2,
        "the vault migrated and works"
    );
}

#[test]
fn a_person_erased_after_a_backup_stays_erased_when_that_backup_is_restored() {
    let mut v = new_vault();
    let dir = v._temp.path().join("backups");
    v.session()
        .set_backup_settings(&BackupSettings {
            dir: Some(dir.clone()),
            keep: steward_core::backup::rotation::KeepPolicy {
                last: 1,
                hourly: 0,
                daily: 0,
                weekly: 0,
                monthly: 0,
            },
            ..BackupSettings::default()
        })
        .unwrap();
    add_people(v.session(), 3);
    let old = backup_now(v.session(), &dir);
    let id = v
        .session()
        .list_contacts(None, 10)
        .unwrap()
        .items
        .into_iter()
        .find(|c| c.name == NAME)
        .unwrap()
        .id;
    v.session().erase_contact(id, true).unwrap();
    let s = v.session.take().unwrap();
    let p = password();
    // With "keep last 1", the pre-restore backup must not rotate away the
    // backup being restored.
    restore_over(s, &old, creds(&p)).unwrap();
    let s = unlock(&v.dir, OWNER, PASSWORD).unwrap();
    let names: Vec<String> = content(&s).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        !names.iter().any(|n| n == NAME),
        "the erasure was re-applied"
    );
    assert!(s.search("wilhelmina", 5).unwrap().is_empty());
}

/// Backups copy the database file as it is when the log is empty, and
/// through SQLite's page copy otherwise; either way each backup must be one
/// consistent state while another program keeps writing: its full
/// verification (every page, `quick_check`, the counts of its manifest)
/// passes, and the restored vault holds what the manifest says.
#[test]
fn backups_taken_while_another_program_writes_are_consistent_snapshots() {
    let mut v = new_vault();
    add_people(v.session(), 50);
    let dir = v._temp.path().join("backups");
    let vault_dir = v.dir.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let vault_dir = vault_dir.clone();
        std::thread::spawn(move || {
            let p = password();
            let mut other = steward_core::unlock::unlock(&vault_dir, creds(&p)).unwrap();
            let mut added = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                other
                    .add_contact(&NewContact {
                        name: format!("Written meanwhile {added}"),
                        notes: Some("x".repeat(2000)),
                        ..NewContact::default()
                    })
                    .unwrap();
                added += 1;
            }
            added
        })
    };
    // Each backup is checked at once: rotation may remove older ones.
    let p = password();
    let mut previous = 0;
    for i in 0..6 {
        let path = backup_now(v.session(), &dir);
        let outcome = v.session().verify_backup(&path).unwrap();
        let contacts = outcome.counts["contacts"];
        assert!(
            contacts >= previous,
            "each backup holds at least the one before"
        );
        previous = contacts;
        let restored = steward_core::unlock::restore_into(
            &path,
            &v._temp.path().join(format!("r{i}")),
            creds(&p),
        )
        .unwrap();
        let listed = restored.count_contacts(&Default::default()).unwrap();
        assert_eq!(i64::try_from(listed).unwrap(), contacts, "backup {i}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let added = writer.join().unwrap();
    assert!(added > 0, "the other program wrote while backups were made");
    assert!(previous > 50, "the later backups hold what it wrote");
}

#[test]
fn what_is_due_follows_the_configured_folder() {
    let mut v = new_vault();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let s = v.session();
    let settings = |dir: &Path| BackupSettings {
        dir: Some(dir.to_path_buf()),
        interval_minutes: 60,
        drill_interval_days: 7,
        ..BackupSettings::default()
    };
    s.set_backup_settings(&settings(a.path())).unwrap();
    add_people(s, 1);
    assert_eq!(
        s.backup_due().unwrap(),
        (Some(BackupKind::Scheduled), false)
    );
    s.create_backup(BackupKind::Scheduled, None, &mut |_, _| {})
        .unwrap();
    assert_eq!(
        s.backup_due().unwrap(),
        (None, true),
        "nothing changed; no drill yet"
    );
    s.restore_drill(false).unwrap();
    assert_eq!(s.backup_due().unwrap(), (None, false));

    // A new folder holds no backup: a change is backed up at once (not an
    // hour after the backup in the old folder), and there is no drill to
    // run until it holds one.
    s.set_backup_settings(&settings(b.path())).unwrap();
    add_people(s, 1);
    assert_eq!(
        s.backup_due().unwrap(),
        (Some(BackupKind::Scheduled), false)
    );
    s.create_backup(BackupKind::Scheduled, None, &mut |_, _| {})
        .unwrap();
    assert_eq!(
        s.backup_due().unwrap(),
        (None, false),
        "the drill of 'a' is recent"
    );
}

fn file_names(backups: &[backup::BackupInfo]) -> Vec<String> {
    let mut names: Vec<String> = backups.iter().map(|b| b.file_name.clone()).collect();
    names.sort();
    names
}

/// A backup just made: where, and the hash of its database (names can be
/// reused once rotation removed a file, hashes are not).
fn made(s: &mut Session, dir: &Path) -> (PathBuf, String) {
    let b = s
        .create_backup(BackupKind::Manual, Some(dir), &mut |_, _| {})
        .unwrap()
        .backup;
    (b.path, b.header.db.sha256)
}

/// Whether that very backup is still there.
fn present((path, sha): &(PathBuf, String)) -> bool {
    backup::file::read_header(path).is_ok_and(|p| &p.header.db.sha256 == sha)
}

/// A vault restored into a new folder shares the vault id, the data key and
/// the backup settings (so the backup folder) of the original. It is another
/// copy all the same: its rotation prunes only what it made, its listing
/// shows only its own backups, and the original's rotation leaves the
/// copy's alone — also after the original restored one of the copy's
/// backups over itself.
#[test]
fn a_copy_restored_into_a_new_folder_never_prunes_or_lists_the_originals_backups() {
    let mut v = new_vault();
    let dir = v._temp.path().join("backups");
    v.session()
        .set_backup_settings(&BackupSettings {
            dir: Some(dir.clone()),
            keep: steward_core::backup::rotation::KeepPolicy {
                last: 1,
                hourly: 0,
                daily: 0,
                weekly: 0,
                monthly: 0,
            },
            ..BackupSettings::default()
        })
        .unwrap();
    add_people(v.session(), 2);
    let oldest = backup_now(v.session(), &dir);
    let copy_dir = v._temp.path().join("copy");
    let p = password();
    let mut copy = steward_core::unlock::restore_into(&oldest, &copy_dir, creds(&p)).unwrap();
    // "Keep last 1": each backup of the original replaces the one before.
    let originals: Vec<_> = (0..3).map(|_| made(v.session(), &dir)).collect();
    let newest_original = originals[2].clone();
    assert!(present(&newest_original) && !present(&originals[0]));
    let kept_by_original = file_names(&v.session().list_backups(None).unwrap());
    assert_eq!(kept_by_original.len(), 1, "{kept_by_original:?}");

    let mine: Vec<_> = (0..3).map(|_| made(&mut copy, &dir)).collect();
    assert!(
        present(&newest_original),
        "the copy's rotation deleted the original's newest backup"
    );
    assert_eq!(
        file_names(&v.session().list_backups(None).unwrap()),
        kept_by_original,
        "the original lists its own backups only"
    );
    let listed_by_copy = copy.list_backups(None).unwrap();
    assert_eq!(listed_by_copy.len(), 1, "{listed_by_copy:?}");
    assert_eq!(listed_by_copy[0].header.db.sha256, mine[2].1);
    assert!(listed_by_copy[0].verified_at.is_some());
    // Pruning by hand is just as selective, both ways.
    copy.prune_backups(None, false).unwrap();
    v.session().prune_backups(None, false).unwrap();
    assert!(present(&newest_original) && present(&mine[2]));

    // The original restores the copy's backup over itself: it stays the
    // original (the copy identity belongs to the folder, not the database).
    copy.lock().unwrap();
    let s = v.session.take().unwrap();
    restore_over(s, &mine[2].0, creds(&p)).unwrap();
    v.unlock();
    made(v.session(), &dir);
    assert!(present(&mine[2]), "the original pruned the copy's backup");
    let copy = unlock(&copy_dir, OWNER, PASSWORD).unwrap();
    let listed_by_copy = copy.list_backups(None).unwrap();
    assert_eq!(listed_by_copy.len(), 1, "{listed_by_copy:?}");
    assert_eq!(listed_by_copy[0].header.db.sha256, mine[2].1);
    assert!(
        v.session()
            .list_backups(None)
            .unwrap()
            .iter()
            .all(|b| b.header.db.sha256 != mine[2].1)
    );
}

/// A check (verify, a drill, a restore) reads without the folder lock and
/// may be running in another program: a backup removes the scratch folder
/// of a check only once it is a day old, and never touches another vault's
/// backup in progress.
#[test]
fn a_backup_removes_only_what_killed_runs_left_behind() {
    let mut v = new_vault();
    let dir = v._temp.path().join("backups");
    std::fs::create_dir_all(&dir).unwrap();
    let young = dir.join(".steward-check-young");
    let old = dir.join(".steward-check-old");
    let others = dir.join(".partial-00000000-0123456789ab.stwbak");
    for d in [&young, &old] {
        std::fs::create_dir(d).unwrap();
        std::fs::write(d.join("snapshot.db"), b"scratch").unwrap();
    }
    std::fs::write(&others, b"another vault's backup in progress").unwrap();
    let two_days = std::time::Duration::from_secs(2 * 24 * 60 * 60);
    std::fs::File::open(&old)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - two_days)
        .unwrap();
    backup_now(v.session(), &dir);
    assert!(young.join("snapshot.db").exists(), "a check in progress");
    assert!(!old.exists(), "left by a check that was killed");
    assert!(others.exists());
}

/// The erasure ledger recognises people by their e-mails and phones. A person
/// with neither leaves nothing to recognise them by: restoring a backup made
/// before their erasure brings them back, and their certificate must not
/// promise otherwise, while the certificate of a person with an e-mail does.
#[test]
fn the_certificate_of_a_person_with_no_email_or_phone_does_not_promise_a_restore_re_erases_them() {
    let mut v = new_vault();
    let dir = v._temp.path().join("backups");
    v.session()
        .set_backup_settings(&BackupSettings {
            dir: Some(dir.clone()),
            ..BackupSettings::default()
        })
        .unwrap();
    let nameless = v
        .session()
        .add_contact(&NewContact {
            name: "Only A. Name".into(),
            ..NewContact::default()
        })
        .unwrap();
    let reachable = v
        .session()
        .add_contact(&NewContact {
            name: "Has An Address".into(),
            emails: vec!["has.an.address@example.org".into()],
            ..NewContact::default()
        })
        .unwrap();
    let old = backup_now(v.session(), &dir);
    let only_name = v.session().erase_contact(nameless, true).unwrap();
    let with_email = v.session().erase_contact(reachable, true).unwrap();
    let promise = "restoring one over this vault re-applies this erasure";
    assert!(
        with_email.certificate.contains(promise),
        "{}",
        with_email.certificate
    );
    assert!(
        !only_name.certificate.contains(promise),
        "{}",
        only_name.certificate
    );
    assert!(
        only_name
            .certificate
            .contains("restoring one over this vault would bring this record back"),
        "{}",
        only_name.certificate
    );

    let s = v.session.take().unwrap();
    let p = password();
    restore_over(s, &old, creds(&p)).unwrap();
    let s = unlock(&v.dir, OWNER, PASSWORD).unwrap();
    let names: Vec<String> = content(&s).into_iter().map(|(n, _)| n).collect();
    assert!(
        !names.iter().any(|n| n == "Has An Address"),
        "the promised re-erasure happened: {names:?}"
    );
    assert!(
        names.iter().any(|n| n == "Only A. Name"),
        "the certificate says what a restore does: {names:?}"
    );
}

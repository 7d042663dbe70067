//! The security claims of the vault, checked on the bytes on disk.

use std::fs::OpenOptions;
use std::io::{Seek, SeekFrom, Write};

use steward_core::Error;
use steward_core::records::contacts::NewContact;
use steward_core::vault::{DB_FILE, KEYSLOTS_FILE};

use crate::fixtures::*;

const NAME: &str = "Wilhelmina Plaintextova";
const EMAIL: &str = "wilhelmina.secret@example.org";
const NOTES: &str = "prefers-contact-by-carrier-pigeon";

fn vault_with_contacts() -> TestVault {
    let mut v = new_vault();
    for i in 0..50 {
        v.session()
            .add_contact(&NewContact {
                name: format!("{NAME} {i}"),
                emails: vec![EMAIL.into()],
                phones: vec!["+49 30 1234567".into()],
                company: Some("Plaintext GmbH".into()),
                notes: Some(NOTES.repeat(3)),
                ..NewContact::default()
            })
            .unwrap();
    }
    v
}

#[test]
fn no_file_holds_contact_plaintext_while_unlocked_or_after_locking() {
    let mut v = vault_with_contacts();
    // While unlocked the WAL holds the recent pages: it must be encrypted too.
    for needle in [NAME, EMAIL, NOTES, "Plaintext GmbH"] {
        assert_absent_everywhere(&v.dir, needle);
    }
    v.lock();
    for needle in [NAME, EMAIL, NOTES, "Plaintext GmbH"] {
        assert_absent_everywhere(&v.dir, needle);
    }
}

#[test]
fn the_database_does_not_start_with_the_sqlite_header() {
    let mut v = vault_with_contacts();
    v.lock();
    let bytes = std::fs::read(v.dir.join(DB_FILE)).unwrap();
    assert!(bytes.len() > 4096);
    assert!(!bytes.starts_with(b"SQLite format 3\0"));
}

/// The keyslots file without its unauthenticated failure counters.
fn authenticated_part(dir: &std::path::Path) -> serde_json::Value {
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join(KEYSLOTS_FILE)).unwrap()).unwrap();
    json.as_object_mut().unwrap().remove("failures");
    json
}

#[test]
fn a_wrong_password_changes_no_byte_of_the_database_and_only_counts_the_failure() {
    let mut v = vault_with_contacts();
    v.lock();
    let db_before = std::fs::read(v.dir.join(DB_FILE)).unwrap();
    let keyslots_before = authenticated_part(&v.dir);
    assert!(matches!(
        unlock(&v.dir, OWNER, "guess guess guess"),
        Err(Error::WrongPassword)
    ));
    assert!(
        std::fs::read(v.dir.join(DB_FILE)).unwrap() == db_before,
        "vault.db changed"
    );
    assert!(
        !v.dir.join(format!("{DB_FILE}-wal")).exists(),
        "no WAL was started"
    );
    assert_eq!(authenticated_part(&v.dir), keyslots_before);
    let raw: serde_json::Value =
        serde_json::from_slice(&std::fs::read(v.dir.join(KEYSLOTS_FILE)).unwrap()).unwrap();
    assert_eq!(raw["failures"]["1"]["count"], 1, "{raw}");
}

/// Flips one bit at `offset` of vault.db.
fn flip(dir: &std::path::Path, offset: u64) {
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .open(dir.join(DB_FILE))
        .unwrap();
    let mut byte = [0u8; 1];
    f.seek(SeekFrom::Start(offset)).unwrap();
    std::io::Read::read_exact(&mut f, &mut byte).unwrap();
    byte[0] ^= 0x01;
    f.seek(SeekFrom::Start(offset)).unwrap();
    f.write_all(&byte).unwrap();
}

#[test]
fn a_flipped_byte_anywhere_in_the_database_is_caught_at_unlock() {
    let mut v = vault_with_contacts();
    v.lock();
    let len = std::fs::metadata(v.dir.join(DB_FILE)).unwrap().len();
    // First page (salt and header), a middle page, the very last byte.
    for offset in [5, len / 2, len - 1] {
        flip(&v.dir, offset);
        let err = unlock(&v.dir, OWNER, PASSWORD).unwrap_err();
        assert!(matches!(err, Error::Integrity(_)), "offset {offset}: {err}");
        assert!(err.to_string().contains("damaged or was altered"), "{err}");
        flip(&v.dir, offset);
        unlock(&v.dir, OWNER, PASSWORD).unwrap().lock().unwrap();
    }
}

fn unlock_checking_pages_later(
    dir: &std::path::Path,
) -> steward_core::Result<(steward_core::Session, steward_core::unlock::PageCheck)> {
    steward_core::unlock::unlock_checking_pages_later(
        dir,
        steward_core::vault::Credentials::Password {
            user: OWNER,
            password: &steward_core::Password::new(PASSWORD),
        },
    )
}

/// ADR 0019: an unlock that leaves the whole check for later still never
/// lets an altered page pass: it fails when the unlock reads that page, and
/// otherwise the page check fails, on its own connection and on the
/// session's, and so does any backup made before it.
#[test]
fn a_flipped_byte_is_caught_at_unlock_or_by_the_page_check_after_it() {
    let mut deferred = 0;
    // First page (salt and header), a middle page, the very last byte; a
    // new vault each time, since what the session writes meanwhile changes
    // the file.
    for place in 0..3 {
        let mut v = vault_with_contacts();
        v.lock();
        let (session, check) = unlock_checking_pages_later(&v.dir).unwrap();
        assert!(!session.pages_checked());
        check.run().unwrap();
        assert!(session.pages_checked());
        session.lock().unwrap();
        // A backup before the check has run checks every page itself.
        let (mut session, _later) = unlock_checking_pages_later(&v.dir).unwrap();
        session
            .create_backup(
                steward_core::backup::BackupKind::Manual,
                Some(&v._temp.path().join("earlier")),
                &mut |_, _| {},
            )
            .unwrap();
        assert!(session.pages_checked());
        session.lock().unwrap();
        let len = std::fs::metadata(v.dir.join(DB_FILE)).unwrap().len();
        let offset = [5, len / 2, len - 1][place];
        let backups = v._temp.path().join("backups");
        flip(&v.dir, offset);
        match unlock_checking_pages_later(&v.dir) {
            Err(err) => {
                assert!(matches!(err, Error::Integrity(_)), "offset {offset}: {err}");
            }
            Ok((mut session, check)) => {
                deferred += 1;
                let err = std::thread::spawn(move || check.run())
                    .join()
                    .unwrap()
                    .unwrap_err();
                assert!(matches!(err, Error::Integrity(_)), "offset {offset}: {err}");
                assert!(err.to_string().contains("damaged or was altered"), "{err}");
                let err = session.check_pages().unwrap_err();
                assert!(matches!(err, Error::Integrity(_)), "offset {offset}: {err}");
                // No backup is made of it: a backup may copy the file as
                // it is, so it checks every page first while the unlock's
                // check has not passed.
                let err = session
                    .create_backup(
                        steward_core::backup::BackupKind::Manual,
                        Some(&backups),
                        &mut |_, _| {},
                    )
                    .unwrap_err();
                assert!(matches!(err, Error::Integrity(_)), "offset {offset}: {err}");
                assert!(!session.pages_checked());
                // Locking may fail too: its audit entry can touch the page.
                let _ = session.lock();
            }
        }
    }
    // The first page is read by every unlock; a page deep in the file is
    // left to the check.
    assert!(deferred >= 1, "every flip was caught at unlock");
}

/// Before a schema update, or after another version of Steward, the unlock
/// checks every page itself: a migration never writes into a damaged file.
#[test]
fn an_unlock_that_would_migrate_checks_every_page_first() {
    let mut v = vault_with_contacts();
    v.lock();
    raw(&v)
        .execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('last_unlocked_by', '\"0.0.1\"')",
            [],
        )
        .unwrap();
    let version: String = raw(&v)
        .query_row(
            "SELECT value FROM settings WHERE key = 'last_unlocked_by'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(version, "\"0.0.1\"");
    let len = std::fs::metadata(v.dir.join(DB_FILE)).unwrap().len();
    flip(&v.dir, len - 1);
    let err = unlock_checking_pages_later(&v.dir).unwrap_err();
    assert!(matches!(err, Error::Integrity(_)), "{err}");
}

#[test]
fn an_edited_keyslots_file_is_caught() {
    let mut v = new_vault();
    v.lock();
    let path = v.dir.join(KEYSLOTS_FILE);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("\"owner\": true", "\"owner\": false", 1);
    assert_ne!(text, edited);
    std::fs::write(&path, edited).unwrap();
    let err = unlock(&v.dir, OWNER, PASSWORD).unwrap_err();
    assert!(matches!(err, Error::Integrity(_)), "{err}");
}

#[test]
fn an_in_bounds_edit_of_a_slots_kdf_parameters_is_tampering_not_a_wrong_password() {
    let mut v = new_vault();
    v.lock();
    let path = v.dir.join(KEYSLOTS_FILE);
    let original = std::fs::read_to_string(&path).unwrap();
    for (field, value) in [
        ("iterations", 4),
        ("memory_kib", 65 * 1024),
        ("parallelism", 5),
    ] {
        let mut json: serde_json::Value = serde_json::from_str(&original).unwrap();
        for slot in json["body"]["slots"].as_array_mut().unwrap() {
            if slot["kind"] == "password" {
                slot["kdf"][field] = value.into();
            }
        }
        std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
        let err = unlock(&v.dir, OWNER, PASSWORD).unwrap_err();
        assert!(matches!(err, Error::Integrity(_)), "{field}: {err}");
        assert!(err.to_string().contains("altered"), "{field}: {err}");
        let after: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert!(
            after.get("failures").is_none_or(serde_json::Value::is_null),
            "{field}: the right password is not counted as a guess: {}",
            after["failures"]
        );
        // A wrong password cannot be told from tampering: it stays a guess.
        assert!(matches!(
            unlock(&v.dir, OWNER, "guess guess guess"),
            Err(Error::WrongPassword)
        ));
        std::fs::write(&path, &original).unwrap();
    }
    unlock(&v.dir, OWNER, PASSWORD).unwrap();
}

#[test]
fn a_database_from_another_vault_is_refused() {
    let mut a = new_vault();
    let mut b = new_vault();
    a.lock();
    b.lock();
    std::fs::copy(b.dir.join(DB_FILE), a.dir.join(DB_FILE)).unwrap();
    // a's keyslots unwrap a's key, which does not open b's database.
    let err = unlock(&a.dir, OWNER, PASSWORD).unwrap_err();
    assert!(matches!(err, Error::Integrity(_)), "{err}");
}

#[test]
fn a_half_written_keyslots_temp_file_from_a_crash_is_ignored() {
    let mut v = new_vault();
    v.lock();
    let full = std::fs::read(v.dir.join(KEYSLOTS_FILE)).unwrap();
    // What a crash between "write temp" and "rename" leaves behind.
    std::fs::write(v.dir.join(".tmp-keyslots-4f2a9c"), &full[..full.len() / 2]).unwrap();
    let mut session = unlock(&v.dir, OWNER, PASSWORD).unwrap();
    // The next write of the keyslots file clears the stray file away.
    session
        .change_password(
            &steward_core::Password::new(PASSWORD),
            &steward_core::Password::new("quartz meadow lantern 4711 fig"),
        )
        .unwrap();
    assert!(!v.dir.join(".tmp-keyslots-4f2a9c").exists());
}

#[test]
fn keyslots_file_and_folder_are_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let mut v = new_vault();
    v.lock();
    let dir_mode = std::fs::metadata(&v.dir).unwrap().permissions().mode() & 0o777;
    let file_mode = std::fs::metadata(v.dir.join(KEYSLOTS_FILE))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir_mode, 0o700);
    assert_eq!(file_mode, 0o600);
}

/// Every regular file below `dir` changed since `since`, skipping what
/// cannot be read (the temporary folder is shared with other programs).
fn files_changed_since(
    dir: &std::path::Path,
    since: std::time::SystemTime,
) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.path().symlink_metadata() else {
                continue;
            };
            if meta.is_dir() {
                stack.push(entry.path());
            } else if meta.is_file() && meta.modified().is_ok_and(|m| m >= since) {
                out.push(entry.path());
            }
        }
    }
    out
}

#[test]
fn no_file_holds_an_attachments_or_an_emails_plaintext_in_the_vault_its_backups_or_temp() {
    use steward_core::backup::BackupKind;
    use steward_core::records::attachments::{AttachedTo, ReadPurpose};

    let since = std::time::SystemTime::now() - std::time::Duration::from_secs(1);
    let nanos = since
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let marker = format!("Marker{}x{nanos}Plaintext", std::process::id());
    // Three chunks and a bit, the marker at the start, astride the first
    // chunk boundary and at the end.
    let mut file = vec![b'.'; 3 * 256 * 1024 + 10];
    for at in [0, 256 * 1024 - 5, file.len() - marker.len()] {
        file[at..at + marker.len()].copy_from_slice(marker.as_bytes());
    }
    let mut v = new_vault();
    let grace = v
        .session()
        .add_contact(&NewContact {
            name: "Grace Hopper".into(),
            emails: vec!["grace@example.com".into()],
            ..NewContact::default()
        })
        .unwrap();
    let id = v
        .session()
        .add_attachment(AttachedTo::Contact(grace), "scan.pdf", &mut &file[..])
        .unwrap();
    // An imported e-mail whose subject holds the marker (its body too).
    let email = format!(
        "From: grace@example.com\nTo: us@example.com\nSubject: {marker}\n\
         Message-ID: <{nanos}@example.com>\n\n{marker} in the body\n"
    );
    let imported = v
        .session()
        .import_email(
            &[steward_core::interchange::email::EmailFile {
                name: "marker.eml",
                bytes: email.as_bytes(),
            }],
            &steward_core::interchange::email::EmailImportOptions::default(),
        )
        .unwrap();
    assert_eq!(imported.activities_created, 1);
    let timeline = v
        .session()
        .list_activities(steward_core::records::activities::About::Contact(grace))
        .unwrap();
    assert_eq!(timeline[0].subject, marker, "stored and read back");
    let mut back = Vec::new();
    v.session()
        .read_attachment(id, ReadPurpose::Open, &mut back)
        .unwrap();
    assert!(back == file, "read back whole");
    let backups = v._temp.path().join("backups");
    v.session()
        .create_backup(BackupKind::Manual, Some(&backups), &mut |_, _| {})
        .unwrap();
    assert_absent_everywhere(&v.dir, &marker);
    v.lock();
    assert_absent_everywhere(&v.dir, &marker);
    assert_absent_everywhere(&backups, &marker);
    for path in files_changed_since(&std::env::temp_dir(), since) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        assert!(
            !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
            "{} holds the attachment's plaintext",
            path.display()
        );
    }
}

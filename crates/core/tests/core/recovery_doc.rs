//! `docs/vault-format.md` is true: an independent implementation of its
//! recipe (`scripts/recovery/recover_data_key.py`, which shares no code with
//! Steward) gets the data key out with the recovery key alone, and that key
//! opens `vault.db` in plain SQLCipher 4.
//!
//! The script needs a Python with the packages of
//! `scripts/recovery/requirements.txt`; the test finds it in the environment
//! variable `STEWARD_RECOVERY_PYTHON` and is skipped (saying so) without it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use steward_core::records::contacts::NewContact;
use steward_core::vault::{Credentials, DB_FILE, KEYSLOTS_FILE};
use steward_core::{Error, Password, RecoveryKey};

use crate::fixtures::*;

const NAME: &str = "Rosalind Recoverable";
const EMAIL: &str = "rosalind@example.org";

fn python() -> Option<String> {
    let python = std::env::var("STEWARD_RECOVERY_PYTHON")
        .ok()
        .filter(|p| !p.is_empty());
    if python.is_none() {
        eprintln!(
            "skipped: set STEWARD_RECOVERY_PYTHON to a Python with scripts/recovery/requirements.txt installed"
        );
    }
    python
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/recovery/recover_data_key.py")
}

fn run_script(python: &str, dir: &Path, recovery_key: &str, extra: &[&Path]) -> Output {
    Command::new(python)
        .arg(script())
        .arg(dir)
        .args(extra)
        .env("STEWARD_RECOVERY_KEY", recovery_key)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A locked vault holding one contact.
fn vault_with_a_contact() -> TestVault {
    let mut v = new_vault();
    v.session()
        .add_contact(&NewContact {
            name: NAME.into(),
            emails: vec![EMAIL.into()],
            ..NewContact::default()
        })
        .unwrap();
    v.lock();
    v
}

#[test]
fn the_recovery_key_alone_recovers_a_data_key_that_opens_the_database_in_plain_sqlcipher() {
    let Some(python) = python() else { return };
    let v = vault_with_a_contact();

    let out = run_script(&python, &v.dir, &v.recovery_key.expose_display_text(), &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the script succeeds; stderr: {}",
        text(&out.stderr)
    );
    // No warning either: the script also recomputed the keyslots MAC as the
    // document describes it, and it matched.
    assert_eq!(text(&out.stderr), "", "the script prints nothing on stderr");
    let stdout = text(&out.stdout);
    let key_hex = stdout.trim_end_matches('\n');
    assert_eq!(key_hex.len(), 64, "the data key is 64 hex characters");
    assert!(
        key_hex
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
        "the data key is lower-case hex"
    );

    #[allow(
        clippy::disallowed_methods,
        reason = "the point is to open vault.db the way an outside tool would, without Steward"
    )]
    let conn = rusqlite::Connection::open(v.dir.join(DB_FILE)).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{key_hex}'\"; PRAGMA cipher_compatibility = 4;"
    ))
    .unwrap();
    let names: Vec<String> = conn
        .prepare("SELECT name FROM contacts")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        names,
        vec![NAME.to_owned()],
        "the contact is readable with the recovered key"
    );
    let problems: usize = conn
        .prepare("PRAGMA cipher_integrity_check")
        .unwrap()
        .query_map([], |_| Ok(()))
        .unwrap()
        .count();
    assert_eq!(
        problems, 0,
        "every page authenticates under the recovered key"
    );
}

#[test]
fn the_dump_option_writes_the_contact_as_plain_sql_and_leaves_the_vault_as_it_was() {
    let Some(python) = python() else { return };
    let v = vault_with_a_contact();
    let before = all_files(&v.dir);
    let out_dir = tempfile::tempdir().unwrap();
    let dump = out_dir.path().join("vault.sql");

    let out = run_script(
        &python,
        &v.dir,
        &v.recovery_key.expose_display_text(),
        &[Path::new("--dump"), &dump],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "the dump succeeds; stderr: {}",
        text(&out.stderr)
    );
    let sql = std::fs::read_to_string(&dump).unwrap();
    assert!(sql.contains(NAME), "the dump holds the contact's name");
    assert!(sql.contains(EMAIL), "the dump holds the contact's e-mail");
    assert!(
        sql.contains(&format!(
            "PRAGMA user_version = {};",
            steward_core::SCHEMA_VERSION
        )),
        "the dump records the schema version"
    );
    assert_eq!(all_files(&v.dir), before, "no byte of the vault changed");
}

#[test]
fn another_vaults_recovery_key_makes_the_script_exit_3_with_one_line() {
    let Some(python) = python() else { return };
    let v = vault_with_a_contact();
    let other = new_vault();

    let out = run_script(
        &python,
        &v.dir,
        &other.recovery_key.expose_display_text(),
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "a key that does not unwrap exits 3"
    );
    assert_eq!(text(&out.stdout), "", "nothing is printed on stdout");
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line on stderr: {stderr}");
    assert!(stderr.contains("does not unlock this vault"), "{stderr}");
}

#[test]
fn a_mistyped_recovery_key_makes_the_script_exit_1_before_any_unwrapping() {
    let Some(python) = python() else { return };
    let v = vault_with_a_contact();
    let good = v.recovery_key.expose_display_text();
    // Change the last character (part of the checksum group) to the next one
    // of the alphabet: the key bytes are intact, so only the checksum can
    // catch it, and it always does.
    let alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let last = good.chars().last().unwrap();
    let next = alphabet
        .chars()
        .cycle()
        .skip_while(|c| *c != last)
        .nth(1)
        .unwrap();
    let typo: String = good[..good.len() - 1].chars().chain([next]).collect();

    let out = run_script(&python, &v.dir, &typo, &[]);
    assert_eq!(out.status.code(), Some(1), "a malformed key exits 1");
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line on stderr: {stderr}");
    assert!(stderr.contains("mistyped"), "{stderr}");
}

/// The test vector of `docs/vault-format.md` (section "Test vector"): its
/// keyslots file, recovery key, password and data key.
struct TestVector {
    keyslots: String,
    recovery_key: String,
    data_key: String,
}

/// The text between the first `open` and the next `close` after `from`.
fn between<'a>(text: &'a str, from: usize, open: &str, close: &str) -> &'a str {
    let start = from + text[from..].find(open).unwrap() + open.len();
    let end = start + text[start..].find(close).unwrap();
    &text[start..end]
}

fn test_vector() -> TestVector {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/vault-format.md"),
    )
    .unwrap();
    let section = doc
        .find("## 8. Test vector")
        .expect("the test vector section");
    TestVector {
        // The keyslots file shown in section 3 is the test vector's.
        keyslots: between(
            &doc,
            doc.find("## 3. The keyslots file").unwrap(),
            "```json\n",
            "```",
        )
        .to_owned(),
        recovery_key: between(&doc, section, "- Recovery key: `", "`").to_owned(),
        data_key: between(&doc, section, "- Data key: `", "`").to_owned(),
    }
}

/// A vault folder holding only the test vector's keyslots file.
fn test_vector_folder(v: &TestVector) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(KEYSLOTS_FILE), &v.keyslots).unwrap();
    dir
}

#[test]
fn steward_unwraps_the_documented_test_vector_and_accepts_its_mac() {
    let v = test_vector();
    let dir = test_vector_folder(&v);
    // Unlock unwraps the data key, then checks the keyslots MAC, then opens
    // vault.db. The folder has no vault.db, so reaching that step proves the
    // first two passed; a wrong key or MAC would fail earlier, differently.
    let key = RecoveryKey::parse(&v.recovery_key).unwrap();
    let err = steward_core::unlock::unlock(
        dir.path(),
        Credentials::RecoveryKey {
            user: None,
            key: &key,
        },
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::Integrity(m) if m.contains("vault.db is missing")),
        "the recovery key unwraps and the MAC verifies: {err}"
    );
    let err = steward_core::unlock::unlock(
        dir.path(),
        Credentials::Password {
            user: OWNER,
            password: &Password::new(PASSWORD),
        },
    )
    .unwrap_err();
    assert!(
        matches!(&err, Error::Integrity(m) if m.contains("vault.db is missing")),
        "the documented password unwraps the password slot: {err}"
    );
}

#[test]
fn the_script_recovers_the_documented_data_key_from_the_test_vector() {
    let Some(python) = python() else { return };
    let v = test_vector();
    let dir = test_vector_folder(&v);
    let out = run_script(&python, dir.path(), &v.recovery_key, &[]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "the MAC matches: no warning");
    assert_eq!(
        text(&out.stdout).trim_end(),
        v.data_key,
        "the data key the document states"
    );
}

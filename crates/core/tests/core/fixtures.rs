//! Shared helpers: a fresh vault in a temporary folder, raw file scans.

use std::path::{Path, PathBuf};

use steward_core::crypto::KdfParams;
use steward_core::unlock::NewVault;
use steward_core::vault::{CreateOptions, Credentials};
use steward_core::{Password, RecoveryKey, Session};

pub const OWNER: &str = "ada";
pub const PASSWORD: &str = "velvet cactus orbit 1987 lamp";

pub struct TestVault {
    pub _temp: tempfile::TempDir,
    pub dir: PathBuf,
    pub session: Option<Session>,
    pub recovery_key: RecoveryKey,
}

/// Floor parameters keep the tests quick while staying at the allowed minimum.
pub fn options() -> CreateOptions {
    CreateOptions {
        kdf: KdfParams::FLOOR,
        phone_country: None,
        language: steward_core::locale::Language::En,
    }
}

pub fn new_vault() -> TestVault {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    let NewVault {
        session,
        recovery_key,
    } = steward_core::unlock::create(&dir, OWNER, &Password::new(PASSWORD), &options()).unwrap();
    TestVault {
        _temp: temp,
        dir,
        session: Some(session),
        recovery_key,
    }
}

impl TestVault {
    pub fn session(&mut self) -> &mut Session {
        self.session.as_mut().expect("the test vault is unlocked")
    }

    pub fn lock(&mut self) {
        if let Some(s) = self.session.take() {
            s.lock().unwrap();
        }
    }

    pub fn unlock(&mut self) {
        self.lock();
        self.session = Some(unlock(&self.dir, OWNER, PASSWORD).unwrap());
    }
}

/// Restores `file` over the vault of `s`: the plan, then its application.
pub fn restore_over(
    s: Session,
    file: &Path,
    credentials: Credentials<'_>,
) -> steward_core::Result<steward_core::backup::RestoreReport> {
    s.prepare_restore(file, &credentials)?.apply(s)
}

pub fn unlock(dir: &Path, user: &str, password: &str) -> steward_core::Result<Session> {
    steward_core::unlock::unlock(
        dir,
        Credentials::Password {
            user,
            password: &Password::new(password),
        },
    )
}

/// Every regular file below `dir` with its bytes.
pub fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

/// Panics naming the file when any file below `dir` contains `needle`.
pub fn assert_absent_everywhere(dir: &Path, needle: &str) {
    for (path, bytes) in all_files(dir) {
        let found = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        assert!(
            !found,
            "{} contains the plaintext {needle:?}",
            path.display()
        );
    }
}

#[test]
#[should_panic(expected = "contains the plaintext")]
fn the_plaintext_scan_finds_what_it_looks_for() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("leak"), b"xx Wilhelmina yy").unwrap();
    assert_absent_everywhere(temp.path(), "Wilhelmina");
}

pub const FIRST_PASSWORD: &str = "first lantern quartz 2026 meadow";
pub const OWN_PASSWORD: &str = "own harbor violet 1999 tundra";

/// Adds a user with `role` as the owner, unlocks as them and changes the
/// first password, as a new user would; returns their session.
pub fn user_session(v: &mut TestVault, name: &str, role: steward_core::Role) -> Session {
    v.session()
        .add_user(name, role, &Password::new(FIRST_PASSWORD))
        .unwrap();
    let mut s = unlock(&v.dir, name, FIRST_PASSWORD).unwrap();
    s.change_password(&Password::new(FIRST_PASSWORD), &Password::new(OWN_PASSWORD))
        .unwrap();
    s
}

/// The raw, keyed database connection an attacker with the key would have.
pub fn raw(v: &TestVault) -> rusqlite::Connection {
    steward_core::test_support::raw_connection(&v.dir, &v.recovery_key).unwrap()
}

/// Every audit entry's text (details, target, action) joined, for searches.
pub fn all_audit_text(v: &TestVault) -> String {
    let conn = raw(v);
    let mut stmt = conn
        .prepare("SELECT action || ' ' || ifnull(target_type,'') || ' ' || ifnull(target_id,'') || ' ' || details FROM audit_log")
        .unwrap();
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.join("\n")
}

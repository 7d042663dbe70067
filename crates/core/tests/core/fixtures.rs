//! Shared helpers: a fresh vault in a temporary folder, raw file scans.

use std::path::{Path, PathBuf};

use steward_core::crypto::KdfParams;
use steward_core::vault::{self, CreateOptions, Credentials, NewVault};
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
    }
}

pub fn new_vault() -> TestVault {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("vault");
    let NewVault {
        session,
        recovery_key,
    } = vault::create(&dir, OWNER, &Password::new(PASSWORD), &options()).unwrap();
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

pub fn unlock(dir: &Path, user: &str, password: &str) -> steward_core::Result<Session> {
    vault::unlock(
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

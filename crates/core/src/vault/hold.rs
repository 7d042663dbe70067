//! Who has the vault open: an advisory lock on a file in the vault folder.
//!
//! Every open session (the app, each `steward` command) holds the lock
//! *shared* for as long as it lives. Replacing `vault.db` (a restore over the
//! vault) needs it *exclusively*: SQLite would otherwise let a process that
//! still has the old database open apply its write-ahead log to the new file,
//! or lose its writes. Neither side waits: a restore refuses while anyone else
//! has the vault open, and opening refuses while a restore is under way.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The lock file's name in the vault folder.
pub const HOLD_FILE: &str = ".vault.lock";

/// This process's hold on a vault folder; released when dropped.
#[derive(Debug)]
pub(crate) struct Hold {
    file: File,
    dir: PathBuf,
}

impl Hold {
    /// Holds `dir` shared, as an open session does.
    ///
    /// # Errors
    /// [`Error::VaultRestoring`] while a restore holds it exclusively; I/O
    /// errors naming the folder.
    pub(crate) fn shared(dir: &Path) -> Result<Self> {
        let file = open(dir)?;
        match file.try_lock_shared() {
            Ok(()) => Ok(Self {
                file,
                dir: dir.to_path_buf(),
            }),
            Err(TryLockError::WouldBlock) => Err(Error::VaultRestoring),
            Err(TryLockError::Error(source)) => Err(lock_failed(dir, source)),
        }
    }

    /// Holds `dir` exclusively at once, or refuses.
    ///
    /// # Errors
    /// [`Error::VaultInUse`] while anyone else holds it.
    #[cfg(feature = "test-support")]
    pub(crate) fn exclusive(dir: &Path) -> Result<Self> {
        let file = open(dir)?;
        match file.try_lock() {
            Ok(()) => Ok(Self {
                file,
                dir: dir.to_path_buf(),
            }),
            Err(TryLockError::WouldBlock) => Err(Error::VaultInUse),
            Err(TryLockError::Error(source)) => Err(lock_failed(dir, source)),
        }
    }

    /// Turns this shared hold into the only one, or refuses (and stays
    /// shared) while anyone else — another process, or another session in
    /// this one — has the vault open.
    ///
    /// # Errors
    /// [`Error::VaultInUse`]; I/O errors naming the folder.
    pub(crate) fn make_exclusive(&self) -> Result<()> {
        // Released first: not every platform converts a held lock in place.
        self.file
            .unlock()
            .map_err(|source| lock_failed(&self.dir, source))?;
        match self.file.try_lock() {
            Ok(()) => Ok(()),
            Err(TryLockError::WouldBlock) => {
                let _ = self.file.try_lock_shared();
                Err(Error::VaultInUse)
            }
            Err(TryLockError::Error(source)) => {
                let _ = self.file.try_lock_shared();
                Err(lock_failed(&self.dir, source))
            }
        }
    }

    /// Turns this hold back into a shared one (after [`Hold::make_exclusive`],
    /// when the operation did not go on).
    ///
    /// # Errors
    /// [`Error::VaultRestoring`] when another program took the folder in the
    /// instant it was free; the session must then end.
    pub(crate) fn make_shared(&self) -> Result<()> {
        self.file
            .unlock()
            .map_err(|source| lock_failed(&self.dir, source))?;
        match self.file.try_lock_shared() {
            Ok(()) => Ok(()),
            Err(TryLockError::WouldBlock) => Err(Error::VaultRestoring),
            Err(TryLockError::Error(source)) => Err(lock_failed(&self.dir, source)),
        }
    }
}

fn open(dir: &Path) -> Result<File> {
    let path = dir.join(HOLD_FILE);
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(&path) {
        Ok(file) => Ok(file),
        // A folder on read-only media: an existing lock file still locks.
        Err(first) => File::open(&path).map_err(|_| Error::Io {
            action: format!("open the lock file of the vault in {}", dir.display()),
            source: first,
        }),
    }
}

fn lock_failed(dir: &Path, source: std::io::Error) -> Error {
    Error::Io {
        action: format!("lock the vault in {}", dir.display()),
        source,
    }
}

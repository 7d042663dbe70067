//! Who has the vault open: an advisory lock on a file in the vault folder.
//!
//! Every open session (the app, each `steward` command) holds the lock
//! *shared* for as long as it lives. Replacing `vault.db` (a restore over the
//! vault) needs it *exclusively*: SQLite would otherwise let a process that
//! still has the old database open apply its write-ahead log to the new file,
//! or lose its writes. Neither side waits: a restore refuses while anyone else
//! has the vault open, and opening refuses while a restore is under way.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::{Error, Result};

/// The lock file's name in the vault folder.
pub const HOLD_FILE: &str = ".vault.lock";

/// This process's hold on a vault folder; released when dropped (and every
/// [`Exclusive`] taken from it is gone).
#[derive(Debug)]
pub(crate) struct Hold {
    file: Arc<File>,
    dir: PathBuf,
    /// Set when the hold could not be taken back after it was released for
    /// a moment (another program took the folder in that instant): the
    /// session must end.
    lost: Arc<AtomicBool>,
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
                file: Arc::new(file),
                dir: dir.to_path_buf(),
                lost: Arc::default(),
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
                file: Arc::new(file),
                dir: dir.to_path_buf(),
                lost: Arc::default(),
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
                self.take_back_shared();
                Err(Error::VaultInUse)
            }
            Err(TryLockError::Error(source)) => {
                self.take_back_shared();
                Err(lock_failed(&self.dir, source))
            }
        }
    }

    /// [`Hold::make_exclusive`], turned back into a shared hold when the
    /// returned [`Exclusive`] is dropped unless it was kept.
    ///
    /// # Errors
    /// As [`Hold::make_exclusive`].
    pub(crate) fn exclusive_for_now(&self) -> Result<Exclusive> {
        self.make_exclusive()?;
        Ok(Exclusive {
            hold: Some(Self {
                file: Arc::clone(&self.file),
                dir: self.dir.clone(),
                lost: Arc::clone(&self.lost),
            }),
        })
    }

    /// Whether `exclusive` was taken from this hold.
    pub(crate) fn is_the_hold_of(&self, exclusive: &Exclusive) -> bool {
        exclusive
            .hold
            .as_ref()
            .is_some_and(|h| Arc::ptr_eq(&h.file, &self.file))
    }

    /// Fails while the hold is lost (see [`Hold::make_shared`]).
    ///
    /// # Errors
    /// [`Error::VaultRestoring`].
    pub(crate) fn still_held(&self) -> Result<()> {
        if self.lost.load(Ordering::SeqCst) {
            return Err(Error::VaultRestoring);
        }
        Ok(())
    }

    fn take_back_shared(&self) {
        if self.file.try_lock_shared().is_err() {
            self.lost.store(true, Ordering::SeqCst);
        }
    }

    /// Turns this hold back into a shared one (after [`Hold::make_exclusive`],
    /// when the operation did not go on).
    ///
    /// # Errors
    /// [`Error::VaultRestoring`] when another program took the folder in the
    /// instant it was free; the hold is then lost and the session refuses
    /// to go on (see [`Hold::still_held`]).
    pub(crate) fn make_shared(&self) -> Result<()> {
        self.file
            .unlock()
            .map_err(|source| lock_failed(&self.dir, source))?;
        match self.file.try_lock_shared() {
            Ok(()) => Ok(()),
            Err(error) => {
                self.lost.store(true, Ordering::SeqCst);
                match error {
                    TryLockError::WouldBlock => Err(Error::VaultRestoring),
                    TryLockError::Error(source) => Err(lock_failed(&self.dir, source)),
                }
            }
        }
    }
}

/// A session's hold made exclusive for one operation (a restore over the
/// vault, between its checks and the swap): shared again when dropped,
/// unless [`Exclusive::keep`] says the operation went on.
#[derive(Debug)]
pub(crate) struct Exclusive {
    hold: Option<Hold>,
}

impl Exclusive {
    /// The operation goes on: the session's hold stays exclusive for as
    /// long as it lives.
    pub(crate) fn keep(mut self) {
        self.hold = None;
    }
}

impl Drop for Exclusive {
    fn drop(&mut self) {
        if let Some(hold) = self.hold.take() {
            let _ = hold.make_shared();
        }
    }
}

fn open(dir: &Path) -> Result<File> {
    let path = dir.join(HOLD_FILE);
    match crate::fsutil::open_lock_file(&path) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hold_taken_by_another_program_in_the_instant_it_was_free_is_lost_for_good() {
        let dir = tempfile::tempdir().unwrap();
        let hold = Hold::shared(dir.path()).unwrap();
        let exclusive = hold.exclusive_for_now().unwrap();
        // The instant between letting go and taking it back shared: another
        // program takes the folder.
        hold.file.unlock().unwrap();
        let other = open(dir.path()).unwrap();
        other.try_lock().unwrap();
        drop(exclusive);
        assert!(matches!(hold.still_held(), Err(Error::VaultRestoring)));
        drop(other);
        assert!(
            matches!(hold.still_held(), Err(Error::VaultRestoring)),
            "the folder may have changed meanwhile: the session must end"
        );
    }

    #[test]
    fn an_exclusive_hold_dropped_unkept_is_shared_again() {
        let dir = tempfile::tempdir().unwrap();
        let hold = Hold::shared(dir.path()).unwrap();
        let exclusive = hold.exclusive_for_now().unwrap();
        assert!(matches!(
            Hold::shared(dir.path()),
            Err(Error::VaultRestoring)
        ));
        drop(exclusive);
        let second = Hold::shared(dir.path()).unwrap();
        hold.still_held().unwrap();
        assert!(matches!(hold.make_exclusive(), Err(Error::VaultInUse)));
        drop(second);
        let kept = hold.exclusive_for_now().unwrap();
        kept.keep();
        assert!(
            matches!(Hold::shared(dir.path()), Err(Error::VaultRestoring)),
            "a kept hold stays exclusive"
        );
    }
}

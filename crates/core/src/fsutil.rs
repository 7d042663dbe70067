//! File-system helpers that keep files whole across crashes.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

use crate::{Error, Result};

/// Prefix of the temporary files [`write_atomically`] creates; readers ignore
/// files with it, and the next write removes stale ones.
pub(crate) const TEMP_PREFIX: &str = ".tmp-";

/// Replaces `path` with `bytes` so that a crash at any point leaves either the
/// old file or the new one: write a temporary file in the same folder, fsync it,
/// rename it over `path`, fsync the folder.
///
/// # Errors
/// [`Error::Io`] naming the file; the old file is then untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .ok_or_else(|| Error::invalid("a file path without a folder"))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::invalid("a file path without a name"))?;
    remove_stale_temp_files(dir, name);
    let suffix: [u8; 8] = crate::crypto::random_array();
    let temp = dir.join(format!(
        "{TEMP_PREFIX}{name}-{}",
        data_encoding::HEXLOWER.encode(&suffix)
    ));
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map_err(Error::io(format!("write {name}")))
}

/// Creates a new file readable only by its owner (on Unix); fails if it
/// exists.
///
/// # Errors
/// [`Error::Io`] naming the file.
pub(crate) fn create_private(path: &Path) -> Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map_err(Error::io(format!("create {}", path.display())))
}

/// Flushes a folder's entries (new names, renames) to disk.
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    // Opening a directory for fsync works on Unix; Windows offers no equivalent
    // and orders renames itself.
    if cfg!(unix) {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

fn remove_stale_temp_files(dir: &Path, name: &str) {
    let prefix = format!("{TEMP_PREFIX}{name}-");
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyslots");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn removes_a_temporary_left_by_an_earlier_crash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyslots");
        let stray = dir.path().join(format!("{TEMP_PREFIX}keyslots-dead"));
        File::create(&stray).unwrap().write_all(b"half").unwrap();
        write_atomically(&path, b"whole").unwrap();
        assert!(!stray.exists());
    }
}

//! File-system helpers, one way for each thing the front ends and the core
//! do with files: replace a file atomically ([`write_atomically`]), create a
//! new private output file ([`NewPrivateFile`], [`write_new_private`]) and
//! read an input file under a size limit ([`read_limited`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

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
    let dir = path.parent().ok_or_else(|| {
        Error::from(crate::Invalid::new(
            "path-invalid",
            "a file path without a folder",
        ))
    })?;
    let name = path.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
        Error::from(crate::Invalid::new(
            "path-invalid",
            "a file path without a name",
        ))
    })?;
    remove_stale_temp_files(dir, name);
    let suffix: [u8; 8] = crate::crypto::random_array();
    let temp = dir.join(format!(
        "{TEMP_PREFIX}{name}-{}",
        data_encoding::HEXLOWER.encode(&suffix)
    ));
    let result = (|| {
        let mut file = new_private_options().open(&temp)?;
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
    new_private_options()
        .open(path)
        .map_err(Error::io(format!("create {}", path.display())))
}

/// Options that create a new file (never an existing one, nor through a
/// symlink) readable and writable by its owner alone (mode 0600 on Unix).
fn new_private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// A new output file readable by its owner alone (mode 0600 on Unix), being
/// written: an export, a mailing list, an access package, a recovery key.
///
/// [`create`](Self::create) refuses a path that exists (a file or a
/// symlink, even a dangling one). The file is kept only by
/// [`finish`](Self::finish), which flushes it, fsyncs it and fsyncs its
/// folder; dropped before that, or when `finish` fails, it is deleted, so a
/// failed write never leaves an empty or partial file behind.
#[derive(Debug)]
pub struct NewPrivateFile {
    path: PathBuf,
    out: BufWriter<File>,
    kept: bool,
}

impl NewPrivateFile {
    /// Creates `path`, which must not exist.
    ///
    /// # Errors
    /// The operating system's error; [`io::ErrorKind::AlreadyExists`] when
    /// the path is taken.
    pub fn create(path: &Path) -> io::Result<Self> {
        let file = new_private_options().open(path)?;
        Ok(Self {
            path: path.to_owned(),
            out: BufWriter::new(file),
            kept: false,
        })
    }

    /// The file's path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes and fsyncs the file and its folder, and keeps it.
    ///
    /// # Errors
    /// The operating system's error; the file is then deleted.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().sync_all()?;
        let dir = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        sync_dir(dir)?;
        self.kept = true;
        Ok(())
    }
}

impl Write for NewPrivateFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Drop for NewPrivateFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Writes `bytes` to `path`, a new file readable by its owner alone, as
/// [`NewPrivateFile`] does: whole and fsynced, or not there at all.
///
/// # Errors
/// The operating system's error, as for [`NewPrivateFile`].
pub fn write_new_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = NewPrivateFile::create(path)?;
    file.write_all(bytes)?;
    file.finish()
}

/// The largest input file the front ends read (a CSV or vCard to import, a
/// consent text or evidence file): 512 MiB. Larger inputs are refused before
/// they are read, so a wrong file cannot exhaust the memory.
pub const MAX_INPUT_FILE: u64 = 512 * 1024 * 1024;

/// Reads the file at `path` whole, refusing one larger than `limit` bytes
/// (told by its size before reading, and by counting while reading, for a
/// file that grows or a pipe).
///
/// # Errors
/// The operating system's error; [`io::ErrorKind::FileTooLarge`] with a
/// message naming the limit ("the file is larger than 512 MiB") for a file
/// over it.
pub fn read_limited(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::new();
    // One byte past the limit tells a file that grew over it.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("the file is larger than {}", size_text(limit)),
    )
}

/// "512 MiB", "10 MiB", "64 KiB", "100 bytes".
fn size_text(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Opens (creating it `0600` if missing, never truncating) a lock file for
/// advisory locks: the vault's hold, the keyslots lock, a backup folder's
/// lock. Opened for reading and writing; the caller locks it.
pub(crate) fn open_lock_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
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

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_private_file_is_readable_by_its_owner_alone_and_kept_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        let mut file = NewPrivateFile::create(&path).unwrap();
        file.write_all(b"name\nAda\n").unwrap();
        file.finish().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"name\nAda\n");
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o600);
        write_new_private(&dir.path().join("package.json"), b"{}").unwrap();
        #[cfg(unix)]
        assert_eq!(mode(&dir.path().join("package.json")), 0o600);
    }

    #[test]
    fn a_lock_file_is_created_private_and_an_existing_one_is_kept_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".vault.lock");
        let file = open_lock_file(&path).unwrap();
        file.lock().unwrap();
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o600);
        drop(file);
        File::create(&path).unwrap().write_all(b"kept").unwrap();
        open_lock_file(&path).unwrap().lock_shared().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"kept", "never truncated");
    }

    #[test]
    fn a_new_private_file_never_replaces_an_existing_file_or_follows_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let taken = dir.path().join("taken");
        File::create(&taken).unwrap().write_all(b"keep").unwrap();
        let err = write_new_private(&taken, b"new").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&taken).unwrap(), b"keep");
        #[cfg(unix)]
        {
            let link = dir.path().join("dangling");
            std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
            let err = NewPrivateFile::create(&link).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
            assert!(!dir.path().join("nowhere").exists());
        }
    }

    #[test]
    fn a_new_private_file_not_finished_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        let written: io::Result<()> = (|| {
            let mut file = NewPrivateFile::create(&path)?;
            file.write_all(b"half a row")?;
            Err(io::Error::other("the export failed"))
        })();
        assert!(written.is_err());
        assert!(!path.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_new_private_file_that_cannot_be_written_is_deleted() {
        // /dev/full refuses every write with "no space left on device": put
        // it under the new file's buffer, as a disk that fills up mid-write.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let mut file = NewPrivateFile::create(&path).unwrap();
        file.out = BufWriter::new(OpenOptions::new().write(true).open("/dev/full").unwrap());
        file.write_all(b"row\n").unwrap();
        let err = file.finish().unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
        assert!(!path.exists());
    }

    #[test]
    fn an_input_file_over_the_limit_is_refused_naming_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("contacts.csv");
        File::create(&path)
            .unwrap()
            .write_all(&[b'x'; 2048])
            .unwrap();
        assert_eq!(read_limited(&path, 2048).unwrap().len(), 2048);
        let err = read_limited(&path, 1024).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert_eq!(err.to_string(), "the file is larger than 1 KiB");
        // The real limit, on a sparse file that takes no space.
        let huge = dir.path().join("huge.csv");
        File::create(&huge)
            .unwrap()
            .set_len(MAX_INPUT_FILE + 1)
            .unwrap();
        let err = read_limited(&huge, MAX_INPUT_FILE).unwrap_err();
        assert_eq!(err.to_string(), "the file is larger than 512 MiB");
    }

    #[cfg(unix)]
    #[test]
    fn an_input_that_grows_past_the_limit_while_read_is_refused() {
        // A FIFO reports size 0, so only counting while reading can tell.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut pipe = OpenOptions::new().write(true).open(fifo).unwrap();
                let _ = pipe.write_all(&[b'x'; 4096]);
            })
        };
        let err = read_limited(&fifo, 1000).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        writer.join().unwrap();
    }
}

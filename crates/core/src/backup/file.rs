//! The backup file: a MAC'd header followed by the encrypted database
//! snapshot, byte for byte as SQLCipher wrote it.
//!
//! ```text
//! offset 0        16 bytes   magic  "STEWARD-BACKUP\n\0"
//! offset 16       4 bytes    header length H, unsigned little-endian
//! offset 20       H bytes    header, UTF-8 JSON (see `Header`)
//! offset 20+H     32 bytes   HMAC-SHA-256 over bytes 0..20+H, keyed with the
//!                            data key's "backup-mac" subkey
//! offset 52+H     N bytes    the database (SQLCipher 4, the vault's data key)
//! ```
//!
//! The header names the database's size N and SHA-256, so the MAC covers the
//! database too; the file ends exactly after it. See `docs/vault-format.md`.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::crypto;
use crate::secret::DerivedKey;
use crate::{Error, Result};

/// The first 16 bytes of every backup file.
pub const MAGIC: &[u8; 16] = b"STEWARD-BACKUP\n\0";
/// The header's `format` value.
pub const FORMAT: &str = "steward-backup";
/// The newest header version this build reads and the one it writes.
/// Version 2 added `copy_id`; version 1 headers are still read.
pub const VERSION: u32 = 2;
/// The longest header accepted (keyslots of many users, a long ledger).
const MAX_HEADER: u32 = 16 * 1024 * 1024;
const TAG_LEN: usize = 32;

/// Who made a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Creator {
    /// User id in the vault.
    pub user_id: i64,
    /// Login name.
    pub user_name: String,
}

/// The database part's size and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DbDigest {
    /// Bytes.
    pub size: u64,
    /// Lower-case hex SHA-256 of those bytes.
    pub sha256: String,
}

/// The audit log's last entry at the time of the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Head {
    /// Sequence number.
    pub seq: i64,
    /// Its hash.
    pub hash: String,
}

/// The header, as stored (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`] when written by this build.
    pub version: u32,
    /// The vault's id.
    pub vault_id: String,
    /// The copy identity of the vault folder that made it (its keyslots
    /// file's `copy_id`): rotation there removes only backups it made.
    /// `None` in a backup written before copies had one (version 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_id: Option<String>,
    /// When the snapshot was taken (RFC 3339, UTC).
    pub created_at: String,
    /// Who took it.
    pub created_by: Creator,
    /// Why: `manual`, `scheduled`, `lock`, `quit`, `pre-restore`, `pre-migration`.
    pub kind: String,
    /// The Steward version that wrote it.
    pub app_version: String,
    /// The database's schema version.
    pub schema_version: i64,
    /// The vault's keyslots file at the time, verbatim, so the backup can be
    /// opened with a password or the recovery key of that time, anywhere.
    pub keyslots: String,
    /// Row counts by table, checked after every restore.
    pub manifest: std::collections::BTreeMap<String, i64>,
    /// The audit log's last entry in the snapshot.
    pub audit_head: Option<Head>,
    /// The erasure ledger at the time (keyed hashes of erased people's
    /// identifiers); empty until someone is erased.
    #[serde(default)]
    pub erasure_ledger: Vec<String>,
    /// The database part.
    pub db: DbDigest,
}

/// What [`read_header`] found.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The header.
    pub header: Header,
    /// The bytes the MAC covers (magic, length and header).
    pub(crate) covered: Vec<u8>,
    /// The MAC as stored.
    pub(crate) tag: [u8; TAG_LEN],
    /// Where the database part starts.
    pub(crate) db_offset: u64,
}

fn damaged(what: &str) -> Error {
    Error::BackupIntegrity(what.to_owned())
}

/// Reads and parses the header of the backup at `path` (no key needed). The
/// MAC is checked later, once a key is known: [`check_mac`].
///
/// # Errors
/// [`Error::Integrity`] for a file that is not a Steward backup, is cut short
/// or has a malformed header; [`Error::InvalidInput`] for a newer format.
pub fn read_header(path: &Path) -> Result<Parsed> {
    let mut file = File::open(path).map_err(Error::io(format!("open {}", path.display())))?;
    let len = file
        .metadata()
        .map_err(Error::io("read the backup file"))?
        .len();
    let mut fixed = [0u8; 20];
    let mut got = 0;
    while got < fixed.len() {
        match file.read(&mut fixed[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) => return Err(Error::io("read the backup file")(e)),
        }
    }
    if got < 16 || &fixed[..16] != MAGIC {
        return Err(Error::BackupIntegrity(
            "this is not a Steward backup file (or its first bytes were altered)".into(),
        ));
    }
    if got < fixed.len() {
        return Err(damaged("it ends inside its header"));
    }
    let header_len = u32::from_le_bytes([fixed[16], fixed[17], fixed[18], fixed[19]]);
    if header_len > MAX_HEADER || u64::from(header_len) + 20 + TAG_LEN as u64 > len {
        return Err(damaged("its header length is impossible"));
    }
    let mut header_bytes = vec![0u8; header_len as usize];
    file.read_exact(&mut header_bytes)
        .map_err(|_| damaged("it ends inside the header"))?;
    let mut tag = [0u8; TAG_LEN];
    file.read_exact(&mut tag)
        .map_err(|_| damaged("it ends before the header's MAC"))?;
    let header: Header =
        serde_json::from_slice(&header_bytes).map_err(|_| damaged("its header is malformed"))?;
    if header.format != FORMAT {
        return Err(damaged("its header names another format"));
    }
    if header.version > VERSION {
        return Err(Error::from(crate::Invalid::new(
            "backup-too-new",
            "this backup was written by a newer version of Steward",
        )));
    }
    let db_offset = 20 + u64::from(header_len) + TAG_LEN as u64;
    if len != db_offset + header.db.size {
        return Err(damaged(&format!(
            "it holds {} database bytes where its header says {}",
            len.saturating_sub(db_offset),
            header.db.size
        )));
    }
    let mut covered = fixed.to_vec();
    covered.extend_from_slice(&header_bytes);
    Ok(Parsed {
        header,
        covered,
        tag,
        db_offset,
    })
}

/// Checks the header's MAC with the backup MAC key of the vault's data key.
///
/// # Errors
/// [`Error::Integrity`] when it does not match.
pub(crate) fn check_mac(parsed: &Parsed, key: &DerivedKey) -> Result<()> {
    if crypto::mac_matches(key, &parsed.covered, &parsed.tag) {
        Ok(())
    } else {
        Err(damaged("its header does not authenticate"))
    }
}

/// Streams the database part through SHA-256 and compares it with the header.
///
/// # Errors
/// [`Error::Integrity`] when the hash differs; I/O errors.
pub(crate) fn check_db_hash(path: &Path, parsed: &Parsed) -> Result<()> {
    let mut file = File::open(path).map_err(Error::io("open the backup file"))?;
    file.seek(SeekFrom::Start(parsed.db_offset))
        .map_err(Error::io("read the backup file"))?;
    let digest = sha256_of(&mut file.take(parsed.header.db.size))?;
    if digest == parsed.header.db.sha256 {
        Ok(())
    } else {
        Err(damaged("its database bytes do not match their hash"))
    }
}

/// SHA-256 of everything `reader` yields, as lower-case hex.
pub(crate) fn sha256_of(reader: &mut dyn Read) -> Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(Error::io("read the backup"))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(data_encoding::HEXLOWER.encode(&hasher.finalize()))
}

/// Where a copy failed: reading its source or writing its target.
#[derive(Debug)]
pub(crate) enum CopyError {
    Read(std::io::Error),
    Write(std::io::Error),
}

/// Copies everything `from` yields into `to` and returns how many bytes
/// and their SHA-256 (lower-case hex). The hashing runs on a second thread
/// beside the copy, one 1 MiB chunk behind it, so one pass over the bytes
/// costs about what the slower of the two costs rather than their sum.
pub(crate) fn copy_hashing(
    from: &mut dyn Read,
    to: &mut dyn Write,
) -> std::result::Result<(u64, String), CopyError> {
    const CHUNK: usize = 1 << 20;
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<(Vec<u8>, usize)>(2);
        let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Vec<u8>>();
        let hasher = scope.spawn(move || {
            let mut hasher = Sha256::new();
            for (buf, n) in full_rx {
                hasher.update(&buf[..n]);
                // The copier may have stopped: then the buffer just goes.
                let _ = empty_tx.send(buf);
            }
            data_encoding::HEXLOWER.encode(&hasher.finalize())
        });
        let mut copied = 0u64;
        let copy = (|| loop {
            let mut buf = empty_rx.try_recv().unwrap_or_else(|_| vec![0u8; CHUNK]);
            let n = loop {
                match from.read(&mut buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(CopyError::Read(e)),
                }
            };
            if n == 0 {
                return Ok(());
            }
            to.write_all(&buf[..n]).map_err(CopyError::Write)?;
            copied += n as u64;
            if full_tx.send((buf, n)).is_err() {
                return Ok(());
            }
        })();
        drop(full_tx);
        let digest = hasher
            .join()
            .map_err(|_| CopyError::Read(std::io::Error::other("the hashing thread stopped")))?;
        copy.map(|()| (copied, digest))
    })
}

/// Copies the database part of the backup at `path` into a new file `to`,
/// hashing it as it goes (one read of the backup), and refuses it when the
/// hash differs from the header's. `durable`: fsync the copy (a restored
/// vault); a scratch copy that is checked and removed needs no fsync.
/// Whoever calls this removes `to` when it fails.
///
/// # Errors
/// [`Error::BackupIntegrity`] when the bytes do not match their hash;
/// I/O errors.
pub(crate) fn extract_db(path: &Path, parsed: &Parsed, to: &Path, durable: bool) -> Result<()> {
    let mut file = File::open(path).map_err(Error::io("open the backup file"))?;
    file.seek(SeekFrom::Start(parsed.db_offset))
        .map_err(Error::io("read the backup file"))?;
    let mut out = crate::fsutil::create_private(to)?;
    let (copied, digest) =
        copy_hashing(&mut file.take(parsed.header.db.size), &mut out).map_err(|e| match e {
            CopyError::Read(e) => Error::io("read the backup file")(e),
            CopyError::Write(e) => Error::io("write the restored database")(e),
        })?;
    if copied != parsed.header.db.size {
        return Err(damaged("it ends inside the database"));
    }
    if digest != parsed.header.db.sha256 {
        return Err(damaged("its database bytes do not match their hash"));
    }
    if durable {
        out.sync_all()
            .map_err(Error::io("write the restored database"))?;
    }
    Ok(())
}

/// The magic, the header's length and the header: what the MAC covers.
fn covered_bytes(header: &Header) -> Result<Vec<u8>> {
    let header_bytes =
        serde_json::to_vec(header).map_err(|_| Error::Database("serializing a backup".into()))?;
    let header_len = u32::try_from(header_bytes.len())
        .ok()
        .filter(|n| *n <= MAX_HEADER)
        .ok_or_else(|| {
            Error::from(crate::Invalid::new(
                "backup-header-too-large",
                "the backup header is too large",
            ))
        })?;
    let mut covered = MAGIC.to_vec();
    covered.extend_from_slice(&header_len.to_le_bytes());
    covered.extend_from_slice(&header_bytes);
    Ok(covered)
}

/// Writes a complete backup file to `to` (a new file) from the live
/// database file `db` in one pass: the header goes first with a stand-in
/// digest of the same length, the database bytes are hashed as they are
/// copied, then the header is written again with the real digest and its
/// MAC. `header.db.size` must be `db`'s length; the caller keeps `db` from
/// changing meanwhile, and fsyncs the file it gets back
/// ([`sync_and_check`]).
pub(crate) fn write_copying(
    to: &Path,
    header: &mut Header,
    key: &DerivedKey,
    db: &Path,
) -> Result<File> {
    use std::io::{Seek, SeekFrom};
    let io = |source| Error::Io {
        action: "write the backup file".into(),
        source,
    };
    header.db.sha256 = "0".repeat(64);
    let stand_in = covered_bytes(header)?;
    let mut out = crate::fsutil::create_private(to)?;
    out.write_all(&stand_in).map_err(io)?;
    out.write_all(&[0u8; TAG_LEN]).map_err(io)?;
    let mut source = File::open(db).map_err(Error::io("read the vault database"))?;
    let (copied, digest) = copy_hashing(&mut source, &mut out).map_err(|e| match e {
        CopyError::Read(e) => Error::io("read the vault database")(e),
        CopyError::Write(e) => io(e),
    })?;
    if copied != header.db.size {
        return Err(Error::Database(
            "the vault database changed while it was being copied".into(),
        ));
    }
    header.db.sha256 = digest;
    let covered = covered_bytes(header)?;
    if covered.len() != stand_in.len() {
        return Err(Error::Database("the backup header changed length".into()));
    }
    out.seek(SeekFrom::Start(0)).map_err(io)?;
    out.write_all(&covered).map_err(io)?;
    out.write_all(&crypto::mac(key, &covered)).map_err(io)?;
    Ok(out)
}

/// Writes a complete backup file to `to` (a new file): the header with its
/// MAC, then the bytes of the encrypted database file `db`. The caller
/// fsyncs the file it gets back ([`sync_and_check`]).
pub(crate) fn write(to: &Path, header: &Header, key: &DerivedKey, db: &Path) -> Result<File> {
    let covered = covered_bytes(header)?;
    let tag = crypto::mac(key, &covered);
    let io = |source| Error::Io {
        action: "write the backup file".into(),
        source,
    };
    let mut out = crate::fsutil::create_private(to)?;
    out.write_all(&covered).map_err(io)?;
    out.write_all(&tag).map_err(io)?;
    let source = File::open(db).map_err(Error::io("read the snapshot"))?;
    let copied =
        std::io::copy(&mut BufReader::with_capacity(1 << 20, source), &mut out).map_err(io)?;
    if copied != header.db.size {
        return Err(Error::Database(
            "the snapshot changed while it was being written".into(),
        ));
    }
    Ok(out)
}

/// Fsyncs `written`, the new backup file at `path`, and meanwhile, on this
/// thread, reads the file back and checks it as a reader will: its header
/// parses, its MAC matches under `key` and its database part hashes right.
/// Both must succeed before the file may count as a backup; the check reads
/// what the file system now holds for it, while the fsync puts that on disk.
///
/// # Errors
/// [`Error::BackupIntegrity`] when what was written does not check; I/O
/// errors (the fsync's first).
pub(crate) fn sync_and_check(written: File, path: &Path, key: &DerivedKey) -> Result<Parsed> {
    std::thread::scope(|scope| {
        let synced = scope.spawn(move || written.sync_all());
        let checked = read_header(path).and_then(|parsed| {
            check_mac(&parsed, key)?;
            check_db_hash(path, &parsed)?;
            Ok(parsed)
        });
        let synced = synced
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the fsync thread stopped")));
        synced.map_err(Error::io("write the backup file"))?;
        checked
    })
}

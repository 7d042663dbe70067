//! The change log a team vault shares, as any server keeps it: what it
//! stores and the few operations a replica needs. Core knows no server; an
//! engine (PostgreSQL in `steward-sync-pg`, an in-memory log in tests)
//! implements [`ChangeLog`].
//!
//! Everything here is what the server sees: opaque bytes and the metadata
//! named in the fields. Nothing of a record, a name or a user's name is in
//! it.

use chrono::{DateTime, Utc};

use crate::Result;

/// A change's place in its vault's log: 1, 2, 3, … with no gap. A replica
/// that has applied everything up to `n` asks for what came after `n`; 0 is
/// "nothing yet".
pub type Seq = i64;

/// The identity of a team vault on the server: 32 random bytes written as
/// 64 lowercase hex digits, made when the vault is published. It says
/// nothing of the business.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VaultId(pub String);

/// A change set ready to be appended: sealed and signed by the replica
/// before it leaves the laptop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChange {
    /// The id of the keyslot (user) whose device made it, as the keyslots
    /// file names it: the server learns which slot wrote, not who.
    pub author_slot: String,
    /// The AEAD nonce (24 bytes for XChaCha20-Poly1305).
    pub nonce: Vec<u8>,
    /// The sealed change set.
    pub ciphertext: Vec<u8>,
    /// The author device's signature over the vault id, the sequence it was
    /// made after, the nonce and the ciphertext.
    pub signature: Vec<u8>,
}

/// A change as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its place in the log.
    pub seq: Seq,
    /// What was appended.
    pub change: NewChange,
    /// When the server accepted it (the server's clock).
    pub accepted_at: DateTime<Utc>,
}

/// A snapshot of the whole vault, so a new laptop does not replay years of
/// changes: the replica's `vault.db` as it is on disk (a SQLCipher file,
/// encrypted under the data key) after applying every change up to `upto`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The last change the snapshot holds.
    pub upto: Seq,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The operations a replica needs from the server. Every method is one
/// round trip and atomic on the server. Errors: [`crate::Error::SyncServer`]
/// when the server cannot be reached or refuses, [`crate::Error::LogMoved`]
/// when an append lost the race.
pub trait ChangeLog {
    /// Publishes a new team vault with its keyslots file (the bytes of
    /// `keyslots.json`: only wrapped keys and public data). Fails with
    /// `SyncServer` if the id is taken.
    fn create_vault(&mut self, vault: &VaultId, keyslots: &[u8]) -> Result<()>;

    /// The published keyslots file and its version (1 at creation, +1 at
    /// each replacement); `None` when there is no such vault.
    fn keyslots(&mut self, vault: &VaultId) -> Result<Option<(i64, Vec<u8>)>>;

    /// Replaces the keyslots file if its version is still `expected`
    /// (compare-and-set; a user added, a password changed, a re-key);
    /// returns the new version, or `LogMoved` if another replica replaced it
    /// first.
    fn replace_keyslots(&mut self, vault: &VaultId, expected: i64, keyslots: &[u8]) -> Result<i64>;

    /// Appends `change` as number `after + 1` only if the log's last change
    /// is `after` (so the author has applied everything before it);
    /// otherwise fails with `LogMoved { head }` and appends nothing. The
    /// caller pulls, rebases its change on what arrived, and tries again.
    fn append(&mut self, vault: &VaultId, after: Seq, change: &NewChange) -> Result<Seq>;

    /// The changes after `after`, in order, at most `limit` of them.
    fn changes_after(&mut self, vault: &VaultId, after: Seq, limit: usize) -> Result<Vec<Change>>;

    /// The number of the log's last change (0 when empty).
    fn head(&mut self, vault: &VaultId) -> Result<Seq>;

    /// Stores a snapshot; the server keeps the newest and may drop changes
    /// older than the oldest snapshot it keeps (compaction).
    fn put_snapshot(&mut self, vault: &VaultId, snapshot: &Snapshot) -> Result<()>;

    /// The newest snapshot, if any.
    fn latest_snapshot(&mut self, vault: &VaultId) -> Result<Option<Snapshot>>;
}

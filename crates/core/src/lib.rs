//! steward-core: the whole of Steward's domain and storage.
//!
//! Entry points: [`unlock::create`], [`unlock::unlock`] and
//! [`unlock::restore_into`] return a [`Session`]; every read or write of customer
//! data is a method on it. The modules form layers with no cycles, listed in
//! `docs/ARCHITECTURE.md` and kept by the `layers` test. This crate knows
//! nothing of Tauri, the UI, the CLI or JSON shapes for the outside.

pub mod audit;
pub mod auth;
pub mod backup;
pub mod bench;
pub mod breach;
pub mod bulk;
pub mod clock;
pub mod collation;
pub mod consent;
pub mod crypto;
mod csv_cell;
mod db;
mod error;
pub mod fsutil;
pub mod interchange;
pub mod language;
pub mod locale;
pub mod merge;
pub mod monitor;
pub mod phone;
pub mod records;
pub mod reminders;
pub mod review;
pub mod rights;
pub mod sample;
pub mod search;
pub mod secret;
pub mod sync;
mod text_keys;
pub mod unlock;
pub mod users;
pub mod vault;
mod vault_language;

pub use auth::{Permission, Role, RulesState, RulesVersion, Session, User, UserRulesStatus};
pub use error::{DiskProblem, Error, ErrorKind, Invalid, REASONS, RULES_NOT_ACKNOWLEDGED, Result};
pub use secret::{Password, RecoveryKey};

/// The schema version this build writes (SQLite `user_version`).
pub const SCHEMA_VERSION: i64 = db::SCHEMA_VERSION;

/// Helpers for tests that tamper with a vault on purpose. Compiled only with
/// the `test-support` feature, which no shipped binary enables.
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod test_support {
    use std::path::Path;

    /// Where the Rust sources under `dir` make refused input from a bare
    /// sentence (see core's `every_check_that_refuses_input_gives_a_reason`),
    /// for the app shell's test of its own sources.
    pub fn bare_refusals(dir: &Path) -> Vec<String> {
        crate::error::bare_refusals(dir)
    }

    /// Every `.rs` file under `dir` with its text, for tests that check
    /// what a crate's sources name.
    pub fn source_files(dir: &Path) -> Vec<(std::path::PathBuf, String)> {
        crate::error::source_files_in(dir)
    }

    use crate::vault::keyslots::Keyslots;
    use crate::{RecoveryKey, Result};

    /// Makes a replica's switch to a re-keyed team vault's new key stop
    /// after `vault.db` and before `sync.db`, as a kill there would.
    pub static KILL_BETWEEN_REKEYS: std::sync::atomic::AtomicBool =
        std::sync::atomic::AtomicBool::new(false);

    std::thread_local! {
        /// The user id the re-key's markers made on this thread claim,
        /// when not their author's (see [`claim_in_rekey_marker`]).
        pub(crate) static REKEY_MARKER_CLAIMS: std::cell::Cell<Option<i64>> =
            const { std::cell::Cell::new(None) };
    }

    /// Makes the markers of the re-keys made on this thread claim the user
    /// id `user` (`None`: their author's), as a forged marker would.
    pub fn claim_in_rekey_marker(user: Option<i64>) {
        REKEY_MARKER_CLAIMS.with(|c| c.set(user));
    }

    /// The team's published keyslots file `published` as its server could
    /// forge it after a re-key (ADR 0025): every pending slot sealed anew to
    /// its user's public key with a data key of the forger's, and the
    /// file's MAC made under that key.
    pub fn forge_pending_key(published: &[u8]) -> Result<Vec<u8>> {
        let mut ks = Keyslots::parse(published)?;
        let forged = crate::secret::DataKey::generate();
        ks.reseal_pending(&forged);
        Ok(ks.shared_bytes(&crate::vault::subkey(&forged, crate::vault::KEYSLOTS_MAC)))
    }

    /// Whether the data key in the recovery slot of the folder `dir` opens
    /// `change` of team vault `vault` as a change set of `epoch` — what a
    /// holder of that key (a removed user) could read of the log.
    pub fn opens_change(
        dir: &Path,
        key: &RecoveryKey,
        vault: &crate::sync::VaultId,
        change: &crate::sync::Change,
        epoch: u32,
    ) -> Result<bool> {
        let dek =
            Keyslots::load(&dir.join(crate::vault::KEYSLOTS_FILE))?.unwrap_with_recovery(key)?;
        Ok(crate::sync::opens_with(&dek, vault, change, epoch))
    }

    /// Opens `vault.db` with the data key unwrapped from the recovery slot,
    /// with no session, no audit and no checks — what an attacker holding the
    /// key could do.
    pub fn raw_connection(dir: &Path, key: &RecoveryKey) -> Result<rusqlite::Connection> {
        let keyslots = Keyslots::load(&dir.join(crate::vault::KEYSLOTS_FILE))?;
        let dek = keyslots.unwrap_with_recovery(key)?;
        let hex = data_encoding::HEXLOWER.encode(dek.expose_bytes());
        #[allow(clippy::disallowed_methods, reason = "tampering on purpose")]
        let conn = rusqlite::Connection::open(dir.join(crate::vault::DB_FILE))?;
        conn.execute_batch(&format!(
            "PRAGMA cipher_log_level = NONE; PRAGMA key = \"x'{hex}'\"; PRAGMA cipher_compatibility = 4;"
        ))?;
        Ok(conn)
    }

    /// Rewrites the keyslots file's authenticated body through `edit` (its
    /// JSON) and signs it again with the key from the recovery slot — what
    /// an attacker holding the key could do, or an older Steward wrote.
    pub fn rewrite_keyslots_body(
        dir: &Path,
        key: &RecoveryKey,
        edit: impl FnOnce(&mut serde_json::Value),
    ) -> Result<()> {
        let path = dir.join(crate::vault::KEYSLOTS_FILE);
        let dek = Keyslots::load(&path)?.unwrap_with_recovery(key)?;
        let bytes = std::fs::read(&path).map_err(crate::Error::io("read the keyslots file"))?;
        let mut file: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|_| crate::Error::Integrity("the keyslots file is malformed".into()))?;
        edit(&mut file["body"]);
        let mut keyslots = Keyslots::parse(file.to_string().as_bytes())?;
        keyslots.save(
            &path,
            &crate::vault::subkey(&dek, crate::vault::KEYSLOTS_MAC),
        )
    }

    /// The vault folder held exclusively, as by a restore replacing its
    /// database, until dropped.
    #[derive(Debug)]
    pub struct ExclusiveHold(
        #[allow(dead_code, reason = "held for its lock")] crate::vault::hold::Hold,
    );

    /// Holds the vault folder `dir` as a restore over it does.
    ///
    /// # Errors
    /// [`crate::Error::VaultInUse`] while a session has it open.
    pub fn hold_exclusively(dir: &Path) -> Result<ExclusiveHold> {
        crate::vault::hold::Hold::exclusive(dir).map(ExclusiveHold)
    }
}

//! [`MemoryLog`]: a [`ChangeLog`] held in memory, with the semantics of a
//! real server (conditional append, contiguous numbers, compare-and-set of
//! the keyslots file), for tests of core and of other crates. It can also
//! show every byte it was given, as a server's raw tables would.

use std::collections::HashMap;

use super::log::{Change, ChangeLog, NewChange, Seq, Snapshot, VaultId};
use crate::{Error, Result};

#[derive(Debug, Default, Clone)]
struct Vault {
    keyslots: (i64, Vec<u8>),
    changes: Vec<Change>,
    snapshot: Option<Snapshot>,
}

/// A change log in memory. Clone it to hand two replicas "the same server":
/// clones share nothing, so tests pass one `&mut MemoryLog` around.
#[derive(Debug, Default, Clone)]
pub struct MemoryLog {
    vaults: HashMap<String, Vault>,
}

impl MemoryLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    fn vault(&mut self, vault: &VaultId) -> Result<&mut Vault> {
        self.vaults
            .get_mut(&vault.0)
            .ok_or_else(|| Error::SyncServer("no such vault on the server".into()))
    }

    /// Every byte the server holds for `vault`, as a server's raw tables
    /// would show them: the keyslots file, each change's fields and the
    /// snapshot.
    pub fn raw_bytes(&self, vault: &VaultId) -> Vec<u8> {
        let mut out = Vec::new();
        if let Some(v) = self.vaults.get(&vault.0) {
            out.extend_from_slice(&v.keyslots.1);
            for c in &v.changes {
                out.extend_from_slice(c.change.author_slot.as_bytes());
                out.extend_from_slice(&c.change.nonce);
                out.extend_from_slice(&c.change.ciphertext);
                out.extend_from_slice(&c.change.signature);
            }
            if let Some(s) = &v.snapshot {
                out.extend_from_slice(&s.bytes);
            }
        }
        out
    }

    /// The changes of `vault` as kept, for tests that tamper with them.
    pub fn changes_mut(&mut self, vault: &VaultId) -> Option<&mut Vec<Change>> {
        self.vaults.get_mut(&vault.0).map(|v| &mut v.changes)
    }
}

impl ChangeLog for MemoryLog {
    fn create_vault(&mut self, vault: &VaultId, keyslots: &[u8]) -> Result<()> {
        if self.vaults.contains_key(&vault.0) {
            return Err(Error::SyncServer("the vault id is taken".into()));
        }
        self.vaults.insert(
            vault.0.clone(),
            Vault {
                keyslots: (1, keyslots.to_vec()),
                ..Vault::default()
            },
        );
        Ok(())
    }

    fn keyslots(&mut self, vault: &VaultId) -> Result<Option<(i64, Vec<u8>)>> {
        Ok(self.vaults.get(&vault.0).map(|v| v.keyslots.clone()))
    }

    fn replace_keyslots(&mut self, vault: &VaultId, expected: i64, keyslots: &[u8]) -> Result<i64> {
        let v = self.vault(vault)?;
        if v.keyslots.0 != expected {
            return Err(Error::LogMoved { head: v.keyslots.0 });
        }
        v.keyslots = (expected + 1, keyslots.to_vec());
        Ok(expected + 1)
    }

    fn append(&mut self, vault: &VaultId, after: Seq, change: &NewChange) -> Result<Seq> {
        let v = self.vault(vault)?;
        let head = v.changes.last().map_or(0, |c| c.seq);
        if head != after {
            return Err(Error::LogMoved { head });
        }
        v.changes.push(Change {
            seq: head + 1,
            change: change.clone(),
            accepted_at: chrono::Utc::now(),
        });
        Ok(head + 1)
    }

    fn changes_after(&mut self, vault: &VaultId, after: Seq, limit: usize) -> Result<Vec<Change>> {
        let v = self.vault(vault)?;
        Ok(v.changes
            .iter()
            .filter(|c| c.seq > after)
            .take(limit)
            .cloned()
            .collect())
    }

    fn head(&mut self, vault: &VaultId) -> Result<Seq> {
        Ok(self.vault(vault)?.changes.last().map_or(0, |c| c.seq))
    }

    fn put_snapshot(&mut self, vault: &VaultId, snapshot: &Snapshot) -> Result<()> {
        self.vault(vault)?.snapshot = Some(snapshot.clone());
        Ok(())
    }

    fn latest_snapshot(&mut self, vault: &VaultId) -> Result<Option<Snapshot>> {
        Ok(self.vault(vault)?.snapshot.clone())
    }
}

//! The keyslots file: the vault id and one wrapped copy of the data key per
//! way in (a user's password, the recovery key). Its exact format is in
//! `docs/vault-format.md`; this module is the only code that reads or writes it.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::crypto::{self, KdfParams, NONCE_LEN, SALT_LEN};
use crate::secret::{AgreementSecret, DataKey, DerivedKey, KEY_LEN, Password, RecoveryKey};
use crate::{Error, Result, fsutil};

const FORMAT: &str = "steward-keyslots";
const VERSION: u32 = 1;
/// The version written once the file holds key pairs, pending slots or an
/// epoch (ADR 0025); version 1 readers refuse it as newer.
const VERSION_REKEY: u32 = 2;
/// The version written once the file holds the vault's lasting keys
/// (sealed at a re-key): a version-2 reader would find an unknown field and
/// call the file altered, so it refuses it as newer instead.
const VERSION_LASTING: u32 = 3;
const AGREEMENT_AAD: &str = "\0agreement";
const AEAD: &str = "xchacha20poly1305";
const RECOVERY_INFO: &str = "steward/recovery-slot/v1";
const DEVICE_INFO: &str = "steward/device-slot/v1";
/// The failure bucket of recovery-key attempts.
pub(crate) const RECOVERY_BUCKET: &str = "recovery";

/// Whole keyslots file as stored (JSON).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRepr {
    format: String,
    version: u32,
    body: Body,
    /// Hex HMAC-SHA-256 over the compact JSON of `body`, under a key derived
    /// from the data key. Proves the slots and the audit head were written by
    /// someone holding the data key.
    mac: String,
    /// Failed unlock attempts by bucket (a user id, `unknown` or `recovery`).
    /// Outside the MAC: they are written when the data key is not known.
    /// Read leniently (see [`sanitize_failures`]): anyone can edit this part,
    /// so a malformed one must not lock the vault.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    failures: serde_json::Value,
}

/// Keeps only well-formed failure buckets: `unknown`, `recovery`, or the
/// decimal id of a user with a slot, with RFC 3339 times. Whatever else an
/// editor put there is dropped, so no free text reaches the audit log.
fn sanitize_failures(raw: &serde_json::Value, user_ids: &[i64]) -> BTreeMap<String, Failures> {
    let Some(map) = raw.as_object() else {
        return BTreeMap::new();
    };
    map.iter()
        .filter(|(bucket, _)| {
            matches!(bucket.as_str(), "unknown" | "recovery")
                || bucket.parse::<i64>().is_ok_and(|id| user_ids.contains(&id))
        })
        .filter_map(|(bucket, value)| {
            let f: Failures = serde_json::from_value(value.clone()).ok()?;
            let valid_time = |t: &str| chrono::DateTime::parse_from_rfc3339(t).is_ok();
            (valid_time(&f.first_at) && valid_time(&f.last_at) && f.reported <= f.count)
                .then(|| (bucket.clone(), f))
        })
        .collect()
}

/// An attempt counted before its check (see [`Keyslots::reserve_attempt`]).
#[derive(Debug)]
pub(crate) struct Reservation {
    bucket: String,
    /// The bucket before the attempt was counted.
    before: Option<Failures>,
    /// The bucket right after.
    counted: Failures,
}

/// Failed unlock attempts of one bucket since its last successful unlock.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Failures {
    /// Attempts since the last success.
    pub(crate) count: u32,
    /// How many of them are already in the audit log.
    pub(crate) reported: u32,
    /// The first and the latest attempt (RFC 3339).
    pub(crate) first_at: String,
    pub(crate) last_at: String,
}

/// The authenticated part of the file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Body {
    pub(crate) vault_id: String,
    pub(crate) created_at: String,
    pub(crate) slots: Vec<Slot>,
    /// The audit log's last entry when the file was last written by an
    /// unlocked session; the database must still hold it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) audit_head: Option<HeadRepr>,
    /// Set only while a restore swaps in another database: that database's
    /// audit head, which the next unlock accepts instead of `audit_head`
    /// (a crash between the swap and the final update leaves either file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) restoring_head: Option<HeadRepr>,
    /// Argon2id cost for new password slots, calibrated once on the machine
    /// that created the vault so every user's unlock costs about the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) kdf_default: Option<KdfDefaultRepr>,
    /// This folder's copy identity: a random UUID made with the vault and
    /// made anew for every copy restored into a new folder, so backups can
    /// tell which copy made them (the vault id is the same in every copy).
    /// Absent in vaults made before it existed, until their first backup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) copy_id: Option<String>,
    /// How many times a team vault was re-keyed (ADR 0025): the data key
    /// of epoch 0 is the one the vault was made with.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub(crate) epoch: u32,
    /// The new data key wrapped to each user's public key by the owner who
    /// re-keyed, until that user's password opens it and rewraps their slot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) pending: Vec<PendingRepr>,
    /// Set only while a replica switches its databases to a new data key:
    /// the previous key, wrapped under a key derived from the new one, so
    /// an unlock after a kill finishes the switch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) rekey_from: Option<WrappedRepr>,
    /// The vault's lasting keys, once a team vault was re-keyed (ADR
    /// 0025): the audit key and the identifier-hash key of epoch 0, sealed
    /// together under a subkey of the file's data key, so the audit chains,
    /// the erasure ledger and the suppression list keep their keys for the
    /// vault's life. Absent before the first re-key: the keys are then
    /// derived from the data key (see [`super::lasting_keys`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) lasting_keys: Option<WrappedRepr>,
}

#[allow(clippy::trivially_copy_pass_by_ref, reason = "serde's signature")]
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A user's X25519 key pair in their password slot: the public key, and
/// the private key wrapped under their password-derived key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgreementRepr {
    public: String,
    nonce: String,
    wrapped_private: String,
}

/// The data key of `epoch` sealed to `user_id`'s public key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct PendingRepr {
    user_id: i64,
    epoch: u32,
    ephemeral: String,
    nonce: String,
    wrapped_key: String,
}

/// A key wrapped under a subkey.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct WrappedRepr {
    nonce: String,
    wrapped_key: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct KdfDefaultRepr {
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct HeadRepr {
    seq: i64,
    hash: String,
}

/// One wrapped copy of the data key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Slot {
    Password {
        id: String,
        user_id: i64,
        user_name: String,
        /// A hint for choosing the default user before unlock; the role in the
        /// database is what counts.
        owner: bool,
        kdf: Argon2Repr,
        aead: String,
        nonce: String,
        wrapped_key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agreement: Option<AgreementRepr>,
    },
    Recovery {
        id: String,
        kdf: HkdfRepr,
        aead: String,
        nonce: String,
        wrapped_key: String,
    },
    /// "Remember me on this computer": the key-encryption key comes from a
    /// random secret in the OS keychain of `machine` (a hash of its id).
    Device {
        id: String,
        user_id: i64,
        machine: String,
        kdf: HkdfRepr,
        aead: String,
        nonce: String,
        wrapped_key: String,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Argon2Repr {
    algorithm: String,
    version: u32,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    salt: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct HkdfRepr {
    algorithm: String,
    salt: String,
    info: String,
}

/// The keyslots file in memory.
#[derive(Debug, Clone)]
pub(crate) struct Keyslots {
    body: Body,
    mac: String,
    failures: BTreeMap<String, Failures>,
}

/// A password slot's public facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotUser {
    /// The user's id in the database.
    pub user_id: i64,
    /// The login name.
    pub user_name: String,
    /// Whether the slot was written for an owner (a hint, see above).
    pub owner: bool,
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

fn unhex<const N: usize>(text: &str) -> Result<[u8; N]> {
    data_encoding::HEXLOWER_PERMISSIVE
        .decode(text.as_bytes())
        .ok()
        .and_then(|v| <[u8; N]>::try_from(v.as_slice()).ok())
        .ok_or_else(altered)
}

fn unhex_vec(text: &str) -> Result<Vec<u8>> {
    data_encoding::HEXLOWER_PERMISSIVE
        .decode(text.as_bytes())
        .map_err(|_| altered())
}

fn altered() -> Error {
    Error::Integrity("the keyslots file is malformed".into())
}

/// The associated data bound into every wrapped key, so a slot cannot be
/// moved to another vault, slot id or user.
fn associated_data(vault_id: &str, slot_id: &str, user_id: Option<i64>) -> Vec<u8> {
    let user = user_id.map(|u| u.to_string()).unwrap_or_default();
    format!("steward-keyslot-v1\0{vault_id}\0{slot_id}\0{user}").into_bytes()
}

fn wrap(kek: &DerivedKey, aad: &[u8], dek: &DataKey) -> (String, String) {
    let (nonce, ct) = crypto::seal(kek, aad, dek.expose_bytes());
    (hex(&nonce), hex(&ct))
}

fn unwrap(kek: &DerivedKey, aad: &[u8], nonce: &str, wrapped: &str) -> Result<Option<DataKey>> {
    let nonce: [u8; NONCE_LEN] = unhex(nonce)?;
    let ct = unhex_vec(wrapped)?;
    Ok(crypto::open(kek, aad, &nonce, &ct).and_then(|plain| {
        let bytes: Zeroizing<[u8; KEY_LEN]> = Zeroizing::new(plain.as_slice().try_into().ok()?);
        Some(DataKey::from_bytes(*bytes))
    }))
}

impl Argon2Repr {
    fn new(params: &KdfParams, salt: &[u8; SALT_LEN]) -> Self {
        Self {
            algorithm: "argon2id".into(),
            version: 0x13,
            memory_kib: params.memory_kib,
            iterations: params.iterations,
            parallelism: params.parallelism,
            salt: hex(salt),
        }
    }

    fn params(&self) -> Result<(KdfParams, [u8; SALT_LEN])> {
        let params = KdfParams {
            memory_kib: self.memory_kib,
            iterations: self.iterations,
            parallelism: self.parallelism,
        };
        if self.algorithm != "argon2id" || self.version != 0x13 || !params.meets_floor() {
            return Err(Error::Integrity(
                "a keyslot's key-derivation parameters are below Steward's floor".into(),
            ));
        }
        // Read before the file's MAC can be checked: an edited file must not
        // make an unlock exhaust memory or run for minutes.
        if !params.within_ceiling() {
            return Err(Error::Integrity(
                "a keyslot's key-derivation parameters are beyond any Steward writes".into(),
            ));
        }
        Ok((params, unhex(&self.salt)?))
    }
}

fn recovery_kek(key: &RecoveryKey, salt: &[u8]) -> DerivedKey {
    crypto::hkdf_derive(key.expose_bytes(), salt, RECOVERY_INFO.as_bytes())
}

pub(crate) fn new_slot_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

impl Keyslots {
    /// A file for a new vault with no slots yet.
    pub(crate) fn new(vault_id: String, created_at: String) -> Self {
        Self {
            body: Body {
                vault_id,
                created_at,
                slots: Vec::new(),
                audit_head: None,
                restoring_head: None,
                kdf_default: None,
                copy_id: Some(new_slot_id()),
                epoch: 0,
                pending: Vec::new(),
                rekey_from: None,
                lasting_keys: None,
            },
            mac: String::new(),
            failures: BTreeMap::new(),
        }
    }

    pub(crate) fn vault_id(&self) -> &str {
        &self.body.vault_id
    }

    /// This folder's copy identity, if it has one yet.
    pub(crate) fn copy_id(&self) -> Option<&str> {
        self.body.copy_id.as_deref()
    }

    /// Forgets the copy identity, as in a file written before there was one.
    #[cfg(test)]
    pub(crate) fn clear_copy_id(&mut self) {
        self.body.copy_id = None;
    }

    /// Gives this folder a new, random copy identity.
    pub(crate) fn new_copy_id(&mut self) -> &str {
        self.body.copy_id.insert(new_slot_id())
    }

    /// Reads and parses the file. Its MAC can only be checked once the data key
    /// is known: see [`Keyslots::verify`].
    pub(crate) fn load(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(Error::io("read the keyslots file"))?;
        Self::parse(&bytes)
    }

    pub(crate) fn parse(bytes: &[u8]) -> Result<Self> {
        let repr: FileRepr = serde_json::from_slice(bytes).map_err(|_| altered())?;
        if repr.format != FORMAT {
            return Err(altered());
        }
        if repr.version > VERSION_LASTING {
            return Err(Error::from(crate::Invalid::new(
                "keyslots-too-new",
                "this vault's keyslots file was written by a newer version of Steward",
            )));
        }
        let user_ids: Vec<i64> = repr
            .body
            .slots
            .iter()
            .filter_map(|s| match s {
                Slot::Password { user_id, .. } => Some(*user_id),
                Slot::Recovery { .. } | Slot::Device { .. } => None,
            })
            .collect();
        let failures = sanitize_failures(&repr.failures, &user_ids);
        Ok(Self {
            body: repr.body,
            mac: repr.mac,
            failures,
        })
    }

    fn body_bytes(&self) -> Vec<u8> {
        #[allow(
            clippy::expect_used,
            reason = "plain strings and numbers always serialize"
        )]
        serde_json::to_vec(&self.body).expect("the keyslots body serializes")
    }

    /// Checks the file's MAC with the key derived from the data key.
    pub(crate) fn verify(&self, mac_key: &DerivedKey) -> Result<()> {
        let tag = unhex_vec(&self.mac)?;
        if crypto::mac_matches(mac_key, &self.body_bytes(), &tag) {
            Ok(())
        } else {
            Err(Error::Integrity("the keyslots file was altered".into()))
        }
    }

    /// Writes the file atomically with a fresh MAC.
    pub(crate) fn save(&mut self, path: &Path, mac_key: &DerivedKey) -> Result<()> {
        self.mac = hex(&crypto::mac(mac_key, &self.body_bytes()));
        self.write(path)
    }

    /// Writes the file atomically as it is (the MAC is not recomputed).
    fn write(&self, path: &Path) -> Result<()> {
        fsutil::write_atomically(path, &self.to_bytes())
    }

    /// The file's bytes as [`Keyslots::write`] stores them.
    fn to_bytes(&self) -> Vec<u8> {
        let rekey = self.body.epoch > 0
            || !self.body.pending.is_empty()
            || self.body.rekey_from.is_some()
            || self.body.slots.iter().any(|s| {
                matches!(
                    s,
                    Slot::Password {
                        agreement: Some(_),
                        ..
                    }
                )
            });
        let repr = FileRepr {
            format: FORMAT.into(),
            version: if self.body.lasting_keys.is_some() {
                VERSION_LASTING
            } else if rekey {
                VERSION_REKEY
            } else {
                VERSION
            },
            body: self.body.clone(),
            mac: self.mac.clone(),
            failures: if self.failures.is_empty() {
                serde_json::Value::Null
            } else {
                serde_json::to_value(&self.failures).unwrap_or(serde_json::Value::Null)
            },
        };
        #[allow(
            clippy::expect_used,
            reason = "plain strings and numbers always serialize"
        )]
        let mut text = serde_json::to_vec_pretty(&repr).expect("the keyslots file serializes");
        text.push(b'\n');
        text
    }

    /// The file a team vault publishes (ADR 0020, "keyslots travel"): the
    /// password and recovery slots and the vault's Argon2id default, with a
    /// fresh MAC; nothing of this folder's own (its copy identity, audit
    /// head, failure counters, or the device slots of its computer).
    pub(crate) fn shared_bytes(&self, mac_key: &DerivedKey) -> Vec<u8> {
        let mut shared = Keyslots {
            body: Body {
                vault_id: self.body.vault_id.clone(),
                created_at: self.body.created_at.clone(),
                slots: self
                    .body
                    .slots
                    .iter()
                    .filter(|s| shared_key(s).is_some())
                    .cloned()
                    .collect(),
                audit_head: None,
                restoring_head: None,
                kdf_default: self.body.kdf_default,
                copy_id: None,
                epoch: self.body.epoch,
                pending: self.body.pending.clone(),
                rekey_from: None,
                lasting_keys: self.body.lasting_keys.clone(),
            },
            mac: String::new(),
            failures: BTreeMap::new(),
        };
        shared.mac = hex(&crypto::mac(mac_key, &shared.body_bytes()));
        shared.to_bytes()
    }

    /// Whether the travelling slots (password and recovery) of this file
    /// differ from those of `other`.
    pub(crate) fn shared_slots_differ(&self, other: &Keyslots) -> bool {
        shared_map(self) != shared_map(other)
            || self.body.pending != other.body.pending
            || self.body.epoch != other.body.epoch
            || self.body.lasting_keys.is_some() != other.body.lasting_keys.is_some()
    }

    /// The data key waiting for `user_id` (see [`Keyslots::open_pending`]),
    /// opened with the private key that `kek`, their password-derived key,
    /// unwraps from their slot.
    pub(crate) fn pending_key(&self, user_id: i64, kek: &DerivedKey) -> Result<Option<DataKey>> {
        let Some((slot_id, Some(a))) = self.body.slots.iter().find_map(|s| match s {
            Slot::Password {
                id,
                user_id: u,
                agreement,
                ..
            } if *u == user_id => Some((id.clone(), agreement.clone())),
            _ => None,
        }) else {
            return Ok(None);
        };
        let secret = open_agreement(&a, kek, &self.body.vault_id, &slot_id, user_id)?;
        self.open_pending(user_id, &secret)
    }

    /// Merges the travelling slots of a team vault: `base` is the published
    /// file this folder last agreed with, `remote` the one published now.
    /// Slot by slot (each is one user's, or the recovery key's): a slot
    /// changed here since `base` is kept as it is here, any other takes the
    /// published one; a slot that `base` held and either side removed stays
    /// removed (a user disabled or removed is never brought back by an older
    /// copy). A device slot stays only while its user keeps the password
    /// slot this folder had (a new password ends every "remember me").
    pub(crate) fn merge_shared(&mut self, base_file: Option<&Keyslots>, remote: &Keyslots) {
        let local = shared_map(self);
        let base = base_file.map(shared_map).unwrap_or_else(|| local.clone());
        let remote_map = shared_map(remote);
        let mut keys: Vec<SharedKey> = local
            .keys()
            .chain(base.keys())
            .chain(remote_map.keys())
            .copied()
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let mut merged = Vec::new();
        for key in keys {
            let (l, b, r) = (local.get(&key), base.get(&key), remote_map.get(&key));
            let chosen = if b.is_some() && (l.is_none() || r.is_none()) {
                None
            } else if l != b && !(r != b && new_password(b, r) && !new_password(b, l)) {
                // Changed here, unless the published side set a new
                // password where this one only added a key pair.
                l
            } else {
                r
            };
            if let Some(slot) = chosen {
                merged.push((*slot).clone());
            }
        }
        let kept_users: Vec<i64> = merged
            .iter()
            .filter_map(|s| match s {
                Slot::Password { user_id, .. }
                    if local.get(&SharedKey::User(*user_id)) == Some(&s) =>
                {
                    Some(*user_id)
                }
                _ => None,
            })
            .collect();
        let devices: Vec<Slot> = self
            .body
            .slots
            .iter()
            .filter(|s| matches!(s, Slot::Device { user_id, .. } if kept_users.contains(user_id)))
            .cloned()
            .collect();
        if self.body.kdf_default.is_none() {
            self.body.kdf_default = remote.body.kdf_default;
        }
        // A file re-keyed by a Steward that did not seal the lasting keys,
        // repaired on one replica (`vault::lasting_keys_to_repair`): the
        // others take the repair.
        if self.body.lasting_keys.is_none() && remote.body.epoch == self.body.epoch {
            self.body.lasting_keys.clone_from(&remote.body.lasting_keys);
        }
        self.body.pending = merge_pending(
            &self.body.pending,
            base_file.map(|b| b.body.pending.as_slice()),
            &remote.body.pending,
        );
        merged.extend(devices);
        self.body.slots = merged;
    }

    /// Re-reads the file under an exclusive lock, checks its MAC, applies `f`
    /// and writes it back with a fresh MAC. Another process (the app and the
    /// CLI on the same vault) cannot interleave its own change.
    pub(crate) fn update<T>(
        path: &Path,
        mac_key: &DerivedKey,
        f: impl FnOnce(&mut Keyslots) -> Result<T>,
    ) -> Result<(Keyslots, T)> {
        let _lock = lock_exclusive(path)?;
        let mut current = Self::load(path)?;
        current.verify(mac_key)?;
        let out = f(&mut current)?;
        current.save(path, mac_key)?;
        Ok((current, out))
    }

    /// As [`Keyslots::update`] for a switch to a new data key: checks the
    /// MAC under the current key's `old_mac`, writes it under `new_mac`.
    pub(crate) fn switch(
        path: &Path,
        old_mac: &DerivedKey,
        new_mac: &DerivedKey,
        f: impl FnOnce(&mut Keyslots) -> Result<()>,
    ) -> Result<Keyslots> {
        let _lock = lock_exclusive(path)?;
        let mut current = Self::load(path)?;
        current.verify(old_mac)?;
        f(&mut current)?;
        current.save(path, new_mac)?;
        Ok(current)
    }

    /// Takes the travelling part of a re-keyed published file (its slots,
    /// pending slots, epoch and sealed lasting keys) in place of this
    /// folder's; device slots go (they wrap the previous key). This
    /// folder's own fields stay.
    pub(crate) fn adopt_rekeyed(&mut self, remote: &Keyslots) {
        self.body.slots = remote
            .body
            .slots
            .iter()
            .filter(|s| shared_key(s).is_some())
            .cloned()
            .collect();
        self.body.pending = remote.body.pending.clone();
        self.body.epoch = remote.body.epoch;
        self.body.lasting_keys = remote.body.lasting_keys.clone();
    }

    /// Counts one failed attempt in `bucket` (see [`FileRepr::failures`]).
    /// Needs no key: it leaves the MAC'd body untouched.
    fn count_failure(&mut self, bucket: &str) {
        let now = crate::clock::now_rfc3339();
        let entry = self.failures.entry(bucket.to_owned()).or_default();
        if entry.count == 0 {
            entry.first_at.clone_from(&now);
        }
        entry.count = entry.count.saturating_add(1);
        entry.last_at = now;
    }

    /// Before a credential of `bucket` is checked: under the keyslots lock,
    /// refuses while the bucket must wait, else counts the attempt as a
    /// failure up front. Attempts racing in other processes or threads see
    /// it, so no more guesses are evaluated in parallel than one at a time.
    /// A success settles the bucket; [`Keyslots::release_attempt`], given
    /// what this returns, takes the count back when the attempt turned out
    /// to be no guess.
    pub(crate) fn reserve_attempt(path: &Path, bucket: &str) -> Result<Reservation> {
        let _lock = lock_exclusive(path)?;
        let mut current = Self::load(path)?;
        if let Some(seconds) = current.retry_after(bucket, crate::clock::now()) {
            return Err(Error::Throttled { seconds });
        }
        let before = current.failures.get(bucket).cloned();
        current.count_failure(bucket);
        let counted = current.failures.get(bucket).cloned().unwrap_or_default();
        current.write(path)?;
        Ok(Reservation {
            bucket: bucket.to_owned(),
            before,
            counted,
        })
    }

    /// Takes back an attempt counted by [`Keyslots::reserve_attempt`] whose
    /// credential was not shown wrong (the unlock failed for another
    /// reason): the bucket is as it was, or, when another attempt was
    /// counted since, one lower.
    pub(crate) fn release_attempt(path: &Path, reservation: Reservation) -> Result<()> {
        let _lock = lock_exclusive(path)?;
        let mut current = Self::load(path)?;
        let bucket = reservation.bucket;
        match current.failures.get_mut(&bucket) {
            None => return Ok(()),
            Some(now) if *now == reservation.counted => match reservation.before {
                Some(before) => {
                    *now = before;
                }
                None => {
                    current.failures.remove(&bucket);
                }
            },
            Some(now) => {
                now.count = now.count.saturating_sub(1);
                now.reported = now.reported.min(now.count);
                if now.count == 0 {
                    current.failures.remove(&bucket);
                }
            }
        }
        current.write(path)
    }

    /// How long `bucket` must wait before its next attempt, as of `now`: no
    /// wait for the first three failures, then 5 s, doubling with each
    /// further failure up to 15 minutes, counted from the latest one.
    pub(crate) fn retry_after(
        &self,
        bucket: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<u64> {
        let f = self.failures.get(bucket)?;
        let delay = throttle_delay(f.count)?;
        let last = chrono::DateTime::parse_from_rfc3339(&f.last_at)
            .ok()?
            .with_timezone(&chrono::Utc);
        // A failure dated in the future was counted by a clock that was
        // ahead (or written by hand): its wait is over, not restarted at
        // every attempt. The next failure is dated by today's clock.
        if last > now {
            return None;
        }
        let free_at = last + delay;
        (free_at > now).then(|| {
            u64::try_from((free_at - now).num_milliseconds().max(0) / 1000 + 1).unwrap_or(1)
        })
    }

    /// Failed attempts not yet in the audit log, by bucket.
    pub(crate) fn unreported_failures(&self) -> Vec<(String, Failures)> {
        self.failures
            .iter()
            .filter(|(_, f)| f.count > f.reported)
            .map(|(k, f)| (k.clone(), f.clone()))
            .collect()
    }

    /// After a successful unlock: the attempts that were written to the
    /// audit log (`reported`, as read before the unlock) are marked so, and
    /// the unlocking bucket starts again from zero. Attempts another process
    /// counted in the meantime stay unreported for the next unlock.
    pub(crate) fn settle_failures(
        &mut self,
        unlocked_bucket: &str,
        reported: &[(String, Failures)],
    ) {
        if unlocked_bucket == RECOVERY_BUCKET {
            // The recovery key outranks every password: whoever holds it
            // starts every counter again (what was seen is in the audit log).
            self.failures.clear();
            return;
        }
        self.failures.remove(unlocked_bucket);
        for (bucket, seen) in reported {
            if let Some(f) = self.failures.get_mut(bucket) {
                f.reported = seen.count.min(f.count);
            }
        }
    }

    /// The Argon2id parameters for new slots: the vault's calibrated default,
    /// never below the floor nor above the ceiling.
    pub(crate) fn kdf_default(&self) -> Option<KdfParams> {
        self.body
            .kdf_default
            .map(|k| KdfParams {
                memory_kib: k.memory_kib,
                iterations: k.iterations,
                parallelism: k.parallelism,
            })
            .filter(|p| p.meets_floor() && p.within_ceiling())
    }

    pub(crate) fn set_kdf_default(&mut self, params: &KdfParams) {
        self.body.kdf_default = Some(KdfDefaultRepr {
            memory_kib: params.memory_kib,
            iterations: params.iterations,
            parallelism: params.parallelism,
        });
    }

    /// The audit head recorded in the file.
    pub(crate) fn audit_head(&self) -> Option<crate::audit::AuditHead> {
        self.body
            .audit_head
            .as_ref()
            .map(|h| crate::audit::AuditHead {
                seq: h.seq,
                hash: h.hash.clone(),
            })
    }

    /// The head of a database being restored over the vault, if a restore
    /// was interrupted.
    pub(crate) fn restoring_head(&self) -> Option<crate::audit::AuditHead> {
        self.body
            .restoring_head
            .as_ref()
            .map(|h| crate::audit::AuditHead {
                seq: h.seq,
                hash: h.hash.clone(),
            })
    }

    pub(crate) fn set_restoring_head(&mut self, head: Option<&crate::audit::AuditHead>) {
        self.body.restoring_head = head.map(|h| HeadRepr {
            seq: h.seq,
            hash: h.hash.clone(),
        });
    }

    pub(crate) fn set_audit_head(&mut self, head: Option<&crate::audit::AuditHead>) {
        self.body.audit_head = head.map(|h| HeadRepr {
            seq: h.seq,
            hash: h.hash.clone(),
        });
    }

    /// Sets the owner hint of `user_id`'s slot.
    pub(crate) fn set_owner_hint(&mut self, user_id: i64, is_owner: bool) {
        for slot in &mut self.body.slots {
            if let Slot::Password {
                user_id: u, owner, ..
            } = slot
                && *u == user_id
            {
                *owner = is_owner;
            }
        }
    }

    /// The id of `user_id`'s password slot: the author a team change set
    /// names (ADR 0020).
    pub(crate) fn password_slot_id(&self, user_id: i64) -> Option<&str> {
        self.body.slots.iter().find_map(|slot| match slot {
            Slot::Password { id, user_id: u, .. } if *u == user_id => Some(id.as_str()),
            _ => None,
        })
    }

    /// The user whose password slot is `slot_id`.
    pub(crate) fn password_slot_user(&self, slot_id: &str) -> Option<i64> {
        self.body.slots.iter().find_map(|slot| match slot {
            Slot::Password { id, user_id, .. } if id == slot_id => Some(*user_id),
            _ => None,
        })
    }

    /// Removes the password slot of `user_id`; returns whether there was one.
    pub(crate) fn remove_password_slot(&mut self, user_id: i64) -> bool {
        let before = self.body.slots.len();
        // A user without a password slot keeps no device slot either.
        self.body.slots.retain(|s| {
            !matches!(s, Slot::Password { user_id: u, .. } | Slot::Device { user_id: u, .. } if *u == user_id)
        });
        self.body.slots.len() != before
    }

    /// The device slot of `user_id` on `machine`: its id.
    pub(crate) fn device_slot(&self, user_id: i64, machine: &str) -> Option<String> {
        self.body.slots.iter().find_map(|s| match s {
            Slot::Device {
                id,
                user_id: u,
                machine: m,
                ..
            } if *u == user_id && m == machine => Some(id.clone()),
            _ => None,
        })
    }

    /// The users with a device slot on `machine`.
    pub(crate) fn device_users(&self, machine: &str) -> Vec<SlotUser> {
        self.users()
            .into_iter()
            .filter(|u| self.device_slot(u.user_id, machine).is_some())
            .collect()
    }

    /// Adds the device slot of `user_id` on `machine` for `secret`,
    /// replacing an older one; returns the new slot's id and the replaced
    /// one's, if any.
    pub(crate) fn set_device_slot(
        &mut self,
        id: &str,
        user_id: i64,
        machine: &str,
        secret: &[u8; KEY_LEN],
        dek: &DataKey,
    ) -> Option<String> {
        let old = self.device_slot(user_id, machine);
        self.remove_slot(old.as_deref());
        let salt: [u8; SALT_LEN] = crypto::random_array();
        let kek = crypto::hkdf_derive(secret, &salt, DEVICE_INFO.as_bytes());
        let id = id.to_owned();
        let (nonce, wrapped_key) = wrap(
            &kek,
            &associated_data(&self.body.vault_id, &id, Some(user_id)),
            dek,
        );
        self.body.slots.push(Slot::Device {
            id: id.clone(),
            user_id,
            machine: machine.to_owned(),
            kdf: HkdfRepr {
                algorithm: "hkdf-sha256".into(),
                salt: hex(&salt),
                info: DEVICE_INFO.into(),
            },
            aead: AEAD.into(),
            nonce,
            wrapped_key,
        });
        old
    }

    /// Removes every device slot (the policy no longer allows them).
    pub(crate) fn remove_device_slots(&mut self) -> usize {
        let before = self.body.slots.len();
        self.body
            .slots
            .retain(|s| !matches!(s, Slot::Device { .. }));
        before - self.body.slots.len()
    }

    /// How many computers remember `user_id` (their device slots).
    pub(crate) fn device_slot_count(&self, user_id: i64) -> usize {
        self.body
            .slots
            .iter()
            .filter(|s| matches!(s, Slot::Device { user_id: u, .. } if *u == user_id))
            .count()
    }

    /// Removes every device slot of `user_id` (an access review's "forget
    /// remembered computers"); returns how many there were.
    pub(crate) fn remove_device_slots_of(&mut self, user_id: i64) -> usize {
        let before = self.body.slots.len();
        self.body
            .slots
            .retain(|s| !matches!(s, Slot::Device { user_id: u, .. } if *u == user_id));
        before - self.body.slots.len()
    }

    /// Removes the slot with this id (a device slot being replaced or forgotten).
    pub(crate) fn remove_slot(&mut self, id: Option<&str>) {
        if let Some(id) = id {
            self.body.slots.retain(|s| match s {
                Slot::Device { id: i, .. } => i != id,
                _ => true,
            });
        }
    }

    /// Unwraps the data key with a device secret from the keychain.
    pub(crate) fn unwrap_with_device(
        &self,
        slot_id: &str,
        secret: &[u8],
    ) -> Result<Option<(DataKey, i64)>> {
        let Some((user_id, kdf, nonce, wrapped)) = self.body.slots.iter().find_map(|s| match s {
            Slot::Device {
                id,
                user_id,
                kdf,
                nonce,
                wrapped_key,
                ..
            } if id == slot_id => Some((*user_id, kdf, nonce, wrapped_key)),
            _ => None,
        }) else {
            return Ok(None);
        };
        if kdf.algorithm != "hkdf-sha256" || kdf.info != DEVICE_INFO {
            return Err(altered());
        }
        let kek = crypto::hkdf_derive(secret, &unhex_vec(&kdf.salt)?, DEVICE_INFO.as_bytes());
        let aad = associated_data(&self.body.vault_id, slot_id, Some(user_id));
        Ok(unwrap(&kek, &aad, nonce, wrapped)?.map(|dek| (dek, user_id)))
    }

    /// The users who have a password slot.
    pub(crate) fn users(&self) -> Vec<SlotUser> {
        self.body
            .slots
            .iter()
            .filter_map(|slot| match slot {
                Slot::Password {
                    user_id,
                    user_name,
                    owner,
                    ..
                } => Some(SlotUser {
                    user_id: *user_id,
                    user_name: user_name.clone(),
                    owner: *owner,
                }),
                Slot::Recovery { .. } | Slot::Device { .. } => None,
            })
            .collect()
    }

    /// Adds (or replaces) the password slot of `user`.
    pub(crate) fn set_password_slot(
        &mut self,
        user: &SlotUser,
        password: &Password,
        params: &KdfParams,
        dek: &DataKey,
    ) -> Result<()> {
        if !params.meets_floor() {
            return Err(Error::from(crate::Invalid::new(
                "kdf-too-weak",
                "key-derivation parameters below 64 MiB, 3 passes, 4 lanes are not allowed",
            )));
        }
        let salt: [u8; SALT_LEN] = crypto::random_array();
        let kek = crypto::derive_password_key(password.expose_str().as_bytes(), &salt, params)?;
        let id = new_slot_id();
        let (nonce, wrapped_key) = wrap(
            &kek,
            &associated_data(&self.body.vault_id, &id, Some(user.user_id)),
            dek,
        );
        // A new password ends every "remember me" of this user, on every
        // computer: whoever knew the old one (or set it) keeps no way in.
        self.body.slots.retain(|s| {
            !matches!(s, Slot::Password { user_id, .. } | Slot::Device { user_id, .. } if *user_id == user.user_id)
        });
        let agreement = Some(self.new_agreement(&kek, &id, user.user_id).0);
        // The slot wraps the current data key: nothing is pending for them.
        self.body.pending.retain(|p| p.user_id != user.user_id);
        self.body.slots.push(Slot::Password {
            id,
            user_id: user.user_id,
            user_name: user.user_name.clone(),
            owner: user.owner,
            kdf: Argon2Repr::new(params, &salt),
            aead: AEAD.into(),
            nonce,
            wrapped_key,
            agreement,
        });
        Ok(())
    }

    /// A new X25519 key pair for the password slot `slot_id` of `user_id`,
    /// its private key wrapped under `kek` (the slot's password-derived key).
    fn new_agreement(
        &self,
        kek: &DerivedKey,
        slot_id: &str,
        user_id: i64,
    ) -> (AgreementRepr, AgreementSecret) {
        let secret = AgreementSecret::generate();
        let aad = agreement_aad(&self.body.vault_id, slot_id, user_id);
        let (nonce, ct) = crypto::seal(kek, &aad, secret.expose_bytes());
        (
            AgreementRepr {
                public: hex(&secret.public()),
                nonce: hex(&nonce),
                wrapped_private: hex(&ct),
            },
            secret,
        )
    }

    /// After a password unlock of `user_id` with `kek` and the current data
    /// key `dek` (ADR 0025): gives the slot a key pair if it has none yet,
    /// rewraps it to `dek` when a re-key left the user a pending slot (which
    /// then goes), and returns the user's private key for the session.
    pub(crate) fn settle_password_slot(
        &mut self,
        user_id: i64,
        kek: &DerivedKey,
        dek: &DataKey,
        rewrap: bool,
    ) -> Result<Option<AgreementSecret>> {
        let vault_id = self.body.vault_id.clone();
        let Some(index) = self
            .body
            .slots
            .iter()
            .position(|s| matches!(s, Slot::Password { user_id: u, .. } if *u == user_id))
        else {
            return Ok(None);
        };
        let (slot_id, existing) = match &self.body.slots[index] {
            Slot::Password { id, agreement, .. } => (id.clone(), agreement.clone()),
            Slot::Recovery { .. } | Slot::Device { .. } => return Ok(None),
        };
        let secret = match existing
            .as_ref()
            .map(|a| open_agreement(a, kek, &vault_id, &slot_id, user_id))
        {
            Some(Ok(secret)) => Some(secret),
            Some(Err(err)) => return Err(err),
            None => None,
        };
        let secret = match secret {
            Some(secret) => secret,
            None => {
                let (repr, secret) = self.new_agreement(kek, &slot_id, user_id);
                if let Slot::Password { agreement, .. } = &mut self.body.slots[index] {
                    *agreement = Some(repr);
                }
                secret
            }
        };
        // The pending slot stays until the next re-key: the user's other
        // laptops open it too, and it gives nothing its owner lacks.
        if rewrap {
            let aad = associated_data(&vault_id, &slot_id, Some(user_id));
            let (n, w) = wrap(kek, &aad, dek);
            if let Slot::Password {
                nonce, wrapped_key, ..
            } = &mut self.body.slots[index]
            {
                *nonce = n;
                *wrapped_key = w;
            }
        }
        Ok(Some(secret))
    }

    /// The data key of this file's epoch, from `user_id`'s pending slot,
    /// opened with their private key; `None` when nothing is pending for
    /// them.
    pub(crate) fn open_pending(
        &self,
        user_id: i64,
        secret: &AgreementSecret,
    ) -> Result<Option<DataKey>> {
        let Some(p) = self
            .body
            .pending
            .iter()
            .find(|p| p.user_id == user_id && p.epoch == self.body.epoch)
        else {
            return Ok(None);
        };
        let aad = pending_aad(&self.body.vault_id, p.epoch, user_id);
        let plain = crypto::open_from(
            secret,
            &unhex(&p.ephemeral)?,
            &aad,
            &unhex(&p.nonce)?,
            &unhex_vec(&p.wrapped_key)?,
        )
        .ok_or_else(|| {
            Error::Integrity("the new data key left for this user does not open".into())
        })?;
        let bytes: [u8; KEY_LEN] = plain.as_slice().try_into().map_err(|_| altered())?;
        Ok(Some(DataKey::from_bytes(bytes)))
    }

    /// Whether `user_id`'s password slot wraps an earlier epoch's key and
    /// the key of this one waits for them.
    pub(crate) fn has_pending(&self, user_id: i64) -> bool {
        self.body.pending.iter().any(|p| p.user_id == user_id)
    }

    /// The re-key epoch of this file.
    pub(crate) fn epoch(&self) -> u32 {
        self.body.epoch
    }

    /// An owner's re-key (ADR 0025): this file becomes that of epoch + 1
    /// for `new_dek`. The owner's own slot (`own_user`, whose password key
    /// is `own_kek`) is rewrapped; every other password slot with a public
    /// key gets `new_dek` sealed to it as a pending slot; slots without one
    /// go (their users need a password reset) and are returned; device
    /// slots go; the recovery slot is made anew for `recovery`; the
    /// vault's `lasting` keys, which do not change, are sealed under
    /// `new_dek`.
    pub(crate) fn rekey(
        &mut self,
        own_user: i64,
        own_kek: &DerivedKey,
        new_dek: &DataKey,
        recovery: &RecoveryKey,
        lasting: &super::LastingKeys,
    ) -> Result<Vec<SlotUser>> {
        let epoch = self.body.epoch + 1;
        let vault_id = self.body.vault_id.clone();
        let mut pending = Vec::new();
        let mut left_out = Vec::new();
        let mut slots = Vec::new();
        for slot in std::mem::take(&mut self.body.slots) {
            match slot {
                Slot::Password {
                    id,
                    user_id,
                    user_name,
                    owner,
                    kdf,
                    aead,
                    agreement,
                    nonce,
                    wrapped_key,
                } => {
                    let (nonce, wrapped_key) = if user_id == own_user {
                        // Also sealed to their own public key: their other
                        // laptops take it at their next sync.
                        if let Some((ephemeral, n, ct)) = agreement.as_ref().and_then(|a| {
                            let public: [u8; 32] = unhex(&a.public).ok()?;
                            crypto::seal_to(
                                &public,
                                &pending_aad(&vault_id, epoch, user_id),
                                new_dek.expose_bytes(),
                            )
                        }) {
                            pending.push(PendingRepr {
                                user_id,
                                epoch,
                                ephemeral: hex(&ephemeral),
                                nonce: hex(&n),
                                wrapped_key: hex(&ct),
                            });
                        }
                        wrap(
                            own_kek,
                            &associated_data(&vault_id, &id, Some(user_id)),
                            new_dek,
                        )
                    } else {
                        let sealed = agreement.as_ref().and_then(|a| {
                            let public: [u8; 32] = unhex(&a.public).ok()?;
                            crypto::seal_to(
                                &public,
                                &pending_aad(&vault_id, epoch, user_id),
                                new_dek.expose_bytes(),
                            )
                        });
                        let Some((ephemeral, n, ct)) = sealed else {
                            left_out.push(SlotUser {
                                user_id,
                                user_name,
                                owner,
                            });
                            continue;
                        };
                        pending.push(PendingRepr {
                            user_id,
                            epoch,
                            ephemeral: hex(&ephemeral),
                            nonce: hex(&n),
                            wrapped_key: hex(&ct),
                        });
                        (nonce, wrapped_key)
                    };
                    slots.push(Slot::Password {
                        id,
                        user_id,
                        user_name,
                        owner,
                        kdf,
                        aead,
                        nonce,
                        wrapped_key,
                        agreement,
                    });
                }
                Slot::Recovery { .. } | Slot::Device { .. } => {}
            }
        }
        self.body.slots = slots;
        self.body.pending = pending;
        self.body.epoch = epoch;
        self.set_recovery_slot(recovery, new_dek);
        self.set_lasting_keys(lasting, new_dek);
        Ok(left_out)
    }

    /// Seals the vault's lasting keys under the file's data key `dek`
    /// (see [`Body::lasting_keys`]): the audit key, then the
    /// identifier-hash key, 64 bytes.
    pub(crate) fn set_lasting_keys(&mut self, lasting: &super::LastingKeys, dek: &DataKey) {
        let key = super::subkey(dek, LASTING_KEYS_SEAL);
        let mut plain = zeroize::Zeroizing::new([0u8; 2 * KEY_LEN]);
        plain[..KEY_LEN].copy_from_slice(lasting.audit.expose_bytes());
        plain[KEY_LEN..].copy_from_slice(lasting.identifier.expose_bytes());
        let (nonce, ct) = crypto::seal(&key, &lasting_keys_aad(&self.body.vault_id), &plain[..]);
        self.body.lasting_keys = Some(WrappedRepr {
            nonce: hex(&nonce),
            wrapped_key: hex(&ct),
        });
    }

    /// Seals `dek` anew in every pending slot, to the public key of its
    /// user's password slot — what anyone holding the published file can
    /// do, the team's server too (tests of ADR 0025's key commitment).
    #[cfg(feature = "test-support")]
    pub(crate) fn reseal_pending(&mut self, dek: &DataKey) {
        use std::collections::HashMap;
        let vault_id = self.body.vault_id.clone();
        let publics: HashMap<i64, String> = self
            .body
            .slots
            .iter()
            .filter_map(|s| match s {
                Slot::Password {
                    user_id,
                    agreement: Some(a),
                    ..
                } => Some((*user_id, a.public.clone())),
                _ => None,
            })
            .collect();
        for p in &mut self.body.pending {
            let sealed = publics.get(&p.user_id).and_then(|public| {
                let public: [u8; 32] = unhex(public).ok()?;
                crypto::seal_to(
                    &public,
                    &pending_aad(&vault_id, p.epoch, p.user_id),
                    dek.expose_bytes(),
                )
            });
            if let Some((ephemeral, n, ct)) = sealed {
                p.ephemeral = hex(&ephemeral);
                p.nonce = hex(&n);
                p.wrapped_key = hex(&ct);
            }
        }
    }

    /// Whether the file holds the vault's lasting keys (sealed).
    pub(crate) fn has_lasting_keys(&self) -> bool {
        self.body.lasting_keys.is_some()
    }

    /// The lasting keys this file holds sealed under its data key `dek`;
    /// `None` when it holds none (a vault never re-keyed). Only
    /// [`super::lasting_keys`] asks.
    ///
    /// # Errors
    /// [`Error::Integrity`] when they are there and do not open with `dek`.
    pub(crate) fn sealed_lasting_keys(&self, dek: &DataKey) -> Result<Option<super::LastingKeys>> {
        let Some(w) = &self.body.lasting_keys else {
            return Ok(None);
        };
        let key = super::subkey(dek, LASTING_KEYS_SEAL);
        let nonce: [u8; NONCE_LEN] = unhex(&w.nonce)?;
        let plain = zeroize::Zeroizing::new(
            crypto::open(
                &key,
                &lasting_keys_aad(&self.body.vault_id),
                &nonce,
                &unhex_vec(&w.wrapped_key)?,
            )
            .ok_or_else(|| Error::Integrity("the vault's lasting keys do not open".into()))?,
        );
        if plain.len() != 2 * KEY_LEN {
            return Err(altered());
        }
        let part = |range: std::ops::Range<usize>| -> Result<DerivedKey> {
            let bytes: [u8; KEY_LEN] = plain[range].try_into().map_err(|_| altered())?;
            Ok(DerivedKey::from_bytes(bytes))
        };
        Ok(Some(super::LastingKeys {
            audit: part(0..KEY_LEN)?,
            identifier: part(KEY_LEN..2 * KEY_LEN)?,
        }))
    }

    /// Marks a switch of this folder's databases from `old` to the file's
    /// key `new` (see [`Body::rekey_from`]), or clears the mark.
    pub(crate) fn set_rekey_from(&mut self, switch: Option<(&DataKey, &DataKey)>) {
        self.body.rekey_from = switch.map(|(old, new)| {
            let key = super::subkey(new, REKEY_FROM);
            let (nonce, wrapped_key) = wrap(&key, self.body.vault_id.as_bytes(), old);
            WrappedRepr { nonce, wrapped_key }
        });
    }

    /// The key this folder's databases are being switched from, if a switch
    /// did not finish; `dek` is the file's key.
    pub(crate) fn rekey_from(&self, dek: &DataKey) -> Result<Option<DataKey>> {
        let Some(w) = &self.body.rekey_from else {
            return Ok(None);
        };
        let key = super::subkey(dek, REKEY_FROM);
        unwrap(
            &key,
            self.body.vault_id.as_bytes(),
            &w.nonce,
            &w.wrapped_key,
        )?
        .map(Some)
        .ok_or_else(altered)
    }

    /// Adds (or replaces) the recovery slot.
    pub(crate) fn set_recovery_slot(&mut self, key: &RecoveryKey, dek: &DataKey) {
        let salt: [u8; SALT_LEN] = crypto::random_array();
        let kek = recovery_kek(key, &salt);
        let id = new_slot_id();
        let (nonce, wrapped_key) =
            wrap(&kek, &associated_data(&self.body.vault_id, &id, None), dek);
        self.body
            .slots
            .retain(|s| !matches!(s, Slot::Recovery { .. }));
        self.body.slots.push(Slot::Recovery {
            id,
            kdf: HkdfRepr {
                algorithm: "hkdf-sha256".into(),
                salt: hex(&salt),
                info: RECOVERY_INFO.into(),
            },
            aead: AEAD.into(),
            nonce,
            wrapped_key,
        });
    }

    /// The password-slot user a typed login name means (see
    /// [`super::names::user_name_key`]).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when two slots' names are equal under the rule
    /// and the typed one spells neither exactly.
    pub(crate) fn find_user(&self, user_name: &str) -> Result<Option<SlotUser>> {
        let users = self.users();
        let index = super::names::resolve_user_name(
            user_name,
            users
                .iter()
                .enumerate()
                .map(|(i, u)| (i, u.user_name.as_str())),
        )?;
        Ok(index.map(|i| users[i].clone()))
    }

    /// The failure bucket of a login name: the user's id, or `unknown`
    /// (also for an ambiguous name, which never reaches a slot).
    pub(crate) fn failure_bucket(&self, user_name: &str) -> String {
        match self.find_user(user_name) {
            Ok(Some(u)) => u.user_id.to_string(),
            Ok(None) | Err(_) => "unknown".to_owned(),
        }
    }

    /// Unwraps the data key with a user's password.
    ///
    /// # Errors
    /// As [`Keyslots::unwrap_with_password_key`].
    pub(crate) fn unwrap_with_password(
        &self,
        user_name: &str,
        password: &Password,
    ) -> Result<(DataKey, SlotUser)> {
        self.unwrap_with_password_key(user_name, password)
            .map(|(dek, user, _)| (dek, user))
    }

    /// Unwraps the data key with a user's password; also returns the
    /// password-derived key, which unwraps the user's private key.
    ///
    /// # Errors
    /// [`Error::WrongPassword`] for an unknown user or a wrong password (the
    /// same error and about the same time, so user names cannot be probed);
    /// [`Error::InvalidInput`] for an ambiguous name.
    pub(crate) fn unwrap_with_password_key(
        &self,
        user_name: &str,
        password: &Password,
    ) -> Result<(DataKey, SlotUser, DerivedKey)> {
        let wanted = self.find_user(user_name)?.map(|u| u.user_id);
        let slot = self.body.slots.iter().find_map(|slot| match slot {
            Slot::Password {
                id,
                user_id,
                user_name,
                owner,
                kdf,
                nonce,
                wrapped_key,
                ..
            } if Some(*user_id) == wanted => Some((
                id,
                SlotUser {
                    user_id: *user_id,
                    user_name: user_name.clone(),
                    owner: *owner,
                },
                kdf,
                nonce,
                wrapped_key,
            )),
            _ => None,
        });
        let Some((id, user, kdf, nonce, wrapped)) = slot else {
            // Spend the same effort as a real attempt (the parameters of an
            // existing slot) before answering, so names cannot be probed.
            let params = self
                .body
                .slots
                .iter()
                .find_map(|s| match s {
                    Slot::Password { kdf, .. } => kdf.params().ok().map(|(p, _)| p),
                    Slot::Recovery { .. } | Slot::Device { .. } => None,
                })
                .unwrap_or(KdfParams::FLOOR);
            let _ = crypto::derive_password_key(
                password.expose_str().as_bytes(),
                &[0u8; SALT_LEN],
                &params,
            );
            return Err(Error::WrongPassword);
        };
        let (params, salt) = kdf.params()?;
        let kek = crypto::derive_password_key(password.expose_str().as_bytes(), &salt, &params)?;
        let aad = associated_data(&self.body.vault_id, id, Some(user.user_id));
        if let Some(dek) = unwrap(&kek, &aad, nonce, wrapped)? {
            return Ok((dek, user, kek));
        }
        // The slot's parameters are outside any check until the data key is
        // known, and other parameters derive another key: an edit of them
        // would read as a wrong password. Every slot is written with the
        // vault's `kdf_default`; when this one says otherwise and the
        // default opens it, the file was altered, and that is no guess.
        if let Some(default) = self.kdf_default().filter(|d| *d != params) {
            let kek =
                crypto::derive_password_key(password.expose_str().as_bytes(), &salt, &default)?;
            if unwrap(&kek, &aad, nonce, wrapped)?.is_some() {
                return Err(Error::Integrity(
                    "a keyslot's key-derivation parameters were altered".into(),
                ));
            }
        }
        Err(Error::WrongPassword)
    }

    /// Unwraps the data key with the recovery key.
    pub(crate) fn unwrap_with_recovery(&self, key: &RecoveryKey) -> Result<DataKey> {
        let slot = self.body.slots.iter().find_map(|slot| match slot {
            Slot::Recovery {
                id,
                kdf,
                nonce,
                wrapped_key,
                ..
            } => Some((id, kdf, nonce, wrapped_key)),
            Slot::Password { .. } | Slot::Device { .. } => None,
        });
        let (id, kdf, nonce, wrapped) = slot.ok_or(Error::WrongRecoveryKey)?;
        if kdf.algorithm != "hkdf-sha256" || kdf.info != RECOVERY_INFO {
            return Err(altered());
        }
        let kek = recovery_kek(key, &unhex_vec(&kdf.salt)?);
        let aad = associated_data(&self.body.vault_id, id, None);
        unwrap(&kek, &aad, nonce, wrapped)?.ok_or(Error::WrongRecoveryKey)
    }
}

/// Whether `to` is a new password slot rather than `from` with a key pair
/// added: another slot id.
fn new_password(from: Option<&&Slot>, to: Option<&&Slot>) -> bool {
    let id = |s: Option<&&Slot>| match s {
        Some(Slot::Password { id, .. }) => Some(id.clone()),
        _ => None,
    };
    id(from) != id(to)
}

/// The pending slots after a merge, user by user with the rule of
/// [`Keyslots::merge_shared`]: one opened (and so removed) on either side
/// stays removed.
fn merge_pending(
    local: &[PendingRepr],
    base: Option<&[PendingRepr]>,
    remote: &[PendingRepr],
) -> Vec<PendingRepr> {
    let base = base.unwrap_or(local);
    let find = |list: &[PendingRepr], user: i64| list.iter().find(|p| p.user_id == user).cloned();
    let mut users: Vec<i64> = local
        .iter()
        .chain(base)
        .chain(remote)
        .map(|p| p.user_id)
        .collect();
    users.sort_unstable();
    users.dedup();
    users
        .into_iter()
        .filter_map(|u| {
            let (l, b, r) = (find(local, u), find(base, u), find(remote, u));
            if b.is_some() && (l.is_none() || r.is_none()) {
                None
            } else if l != b {
                l
            } else {
                r
            }
        })
        .collect()
}

/// The subkey that wraps the previous data key while a replica switches.
const REKEY_FROM: &str = "steward rekey from v1";
/// The subkey (of the file's data key) the vault's lasting keys are
/// sealed under.
const LASTING_KEYS_SEAL: &str = "steward lasting keys v1";

fn lasting_keys_aad(vault_id: &str) -> Vec<u8> {
    format!("steward-lasting-keys-v1\0{vault_id}").into_bytes()
}

fn agreement_aad(vault_id: &str, slot_id: &str, user_id: i64) -> Vec<u8> {
    let mut aad = associated_data(vault_id, slot_id, Some(user_id));
    aad.extend_from_slice(AGREEMENT_AAD.as_bytes());
    aad
}

fn pending_aad(vault_id: &str, epoch: u32, user_id: i64) -> Vec<u8> {
    format!("steward-pending-key-v1\0{vault_id}\0{epoch}\0{user_id}").into_bytes()
}

fn open_agreement(
    a: &AgreementRepr,
    kek: &DerivedKey,
    vault_id: &str,
    slot_id: &str,
    user_id: i64,
) -> Result<AgreementSecret> {
    let plain = crypto::open(
        kek,
        &agreement_aad(vault_id, slot_id, user_id),
        &unhex(&a.nonce)?,
        &unhex_vec(&a.wrapped_private)?,
    )
    .ok_or_else(altered)?;
    let bytes: [u8; KEY_LEN] = plain.as_slice().try_into().map_err(|_| altered())?;
    let secret = AgreementSecret::from_bytes(bytes);
    if hex(&secret.public()) != a.public {
        return Err(altered());
    }
    Ok(secret)
}

/// What a travelling slot is: one user's password slot, or the recovery
/// slot. Device slots belong to one computer and do not travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum SharedKey {
    User(i64),
    Recovery,
}

fn shared_key(slot: &Slot) -> Option<SharedKey> {
    match slot {
        Slot::Password { user_id, .. } => Some(SharedKey::User(*user_id)),
        Slot::Recovery { .. } => Some(SharedKey::Recovery),
        Slot::Device { .. } => None,
    }
}

fn shared_map(ks: &Keyslots) -> BTreeMap<SharedKey, &Slot> {
    ks.body
        .slots
        .iter()
        .filter_map(|s| shared_key(s).map(|k| (k, s)))
        .collect()
}

/// The wait after `count` failed attempts in a row: none for up to three,
/// then 5 s doubling per attempt, at most 15 minutes.
pub(crate) fn throttle_delay(count: u32) -> Option<chrono::Duration> {
    if count <= 3 {
        return None;
    }
    let seconds = 5i64.saturating_mul(1i64 << (count - 4).min(20));
    Some(chrono::Duration::seconds(seconds.min(15 * 60)))
}

/// Holds an exclusive advisory lock on `keyslots.lock` beside `path` while
/// alive; every read-modify-write of the keyslots file takes it.
fn lock_exclusive(path: &Path) -> Result<File> {
    let lock_path = path.with_file_name(".keyslots.lock");
    let file = fsutil::open_lock_file(&lock_path).map_err(Error::io("open the keyslots lock"))?;
    file.lock().map_err(Error::io("lock the keyslots file"))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fast_params() -> KdfParams {
        KdfParams::FLOOR
    }

    fn owner() -> SlotUser {
        SlotUser {
            user_id: 1,
            user_name: "Ada".into(),
            owner: true,
        }
    }

    #[test]
    fn a_password_slot_unwraps_with_its_password_only() {
        let dek = DataKey::generate();
        let mut ks = Keyslots::new("v1".into(), "now".into());
        ks.set_password_slot(&owner(), &Password::new("right one"), &fast_params(), &dek)
            .unwrap();
        let (got, user) = ks
            .unwrap_with_password(" ada ", &Password::new("right one"))
            .unwrap();
        assert_eq!(got.expose_bytes(), dek.expose_bytes());
        assert_eq!(user, owner());
        assert!(matches!(
            ks.unwrap_with_password("ada", &Password::new("wrong one")),
            Err(Error::WrongPassword)
        ));
        assert!(matches!(
            ks.unwrap_with_password("bob", &Password::new("right one")),
            Err(Error::WrongPassword)
        ));
    }

    #[test]
    fn a_slot_moved_to_another_vault_id_does_not_unwrap() {
        let dek = DataKey::generate();
        let mut ks = Keyslots::new("vault-a".into(), "now".into());
        ks.set_password_slot(&owner(), &Password::new("pw"), &fast_params(), &dek)
            .unwrap();
        ks.body.vault_id = "vault-b".into();
        assert!(
            ks.unwrap_with_password("ada", &Password::new("pw"))
                .is_err()
        );
    }

    #[test]
    fn refuses_parameters_below_the_floor_when_reading() {
        let dek = DataKey::generate();
        let mut ks = Keyslots::new("v".into(), "now".into());
        ks.set_password_slot(&owner(), &Password::new("pw"), &fast_params(), &dek)
            .unwrap();
        if let Slot::Password { kdf, .. } = &mut ks.body.slots[0] {
            kdf.memory_kib = 1024;
        }
        let err = ks
            .unwrap_with_password("ada", &Password::new("pw"))
            .err()
            .unwrap();
        assert!(matches!(err, Error::Integrity(_)), "{err}");
    }

    #[test]
    fn recovery_slot_round_trips_and_the_mac_catches_edits() {
        let dek = DataKey::generate();
        let rk = RecoveryKey::generate();
        let mut ks = Keyslots::new("v".into(), "now".into());
        ks.set_recovery_slot(&rk, &dek);
        assert_eq!(
            ks.unwrap_with_recovery(&rk).unwrap().expose_bytes(),
            dek.expose_bytes()
        );
        assert!(matches!(
            ks.unwrap_with_recovery(&RecoveryKey::generate()),
            Err(Error::WrongRecoveryKey)
        ));

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyslots");
        let mac_key = DerivedKey::from_bytes([9; KEY_LEN]);
        ks.save(&path, &mac_key).unwrap();
        let loaded = Keyslots::load(&path).unwrap();
        loaded.verify(&mac_key).unwrap();
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\"now\"", "\"then\"");
        let edited = Keyslots::parse(text.as_bytes()).unwrap();
        assert!(matches!(edited.verify(&mac_key), Err(Error::Integrity(_))));
    }

    #[test]
    fn a_rekey_leaves_the_new_key_to_each_public_key_and_only_its_password_opens_it() {
        let old = DataKey::generate();
        let mut ks = Keyslots::new("v".into(), "now".into());
        ks.set_password_slot(&owner(), &Password::new("ada pw"), &fast_params(), &old)
            .unwrap();
        let bob = SlotUser {
            user_id: 2,
            user_name: "bob".into(),
            owner: false,
        };
        ks.set_password_slot(&bob, &Password::new("bob pw"), &fast_params(), &old)
            .unwrap();
        let (_, _, ada_kek) = ks
            .unwrap_with_password_key("ada", &Password::new("ada pw"))
            .unwrap();
        let new = DataKey::generate();
        let lasting = super::super::lasting_keys(&ks, &old).unwrap();
        assert!(ks.sealed_lasting_keys(&old).unwrap().is_none());
        let left_out = ks
            .rekey(1, &ada_kek, &new, &RecoveryKey::generate(), &lasting)
            .unwrap();
        assert!(left_out.is_empty());
        assert_eq!(ks.epoch(), 1);
        // The lasting keys stay the vault's: sealed under the new key, they
        // open with it only.
        let kept = super::super::lasting_keys(&ks, &new).unwrap();
        assert_eq!(kept.audit.expose_bytes(), lasting.audit.expose_bytes());
        assert_eq!(
            kept.identifier.expose_bytes(),
            lasting.identifier.expose_bytes()
        );
        assert_ne!(kept.audit.expose_bytes(), kept.identifier.expose_bytes());
        assert!(ks.sealed_lasting_keys(&old).is_err());
        // A reader that knows no lasting keys refuses the file as newer
        // rather than calling its unknown field an alteration.
        let written: serde_json::Value = serde_json::from_slice(&ks.to_bytes()).unwrap();
        assert_eq!(written["version"], VERSION_LASTING);
        assert!(Keyslots::parse(&ks.to_bytes()).is_ok());
        // The owner's slot wraps the new key; bob's still the old one, the
        // new one waits for his password.
        let (got, _) = ks
            .unwrap_with_password("ada", &Password::new("ada pw"))
            .unwrap();
        assert_eq!(got.expose_bytes(), new.expose_bytes());
        let (got, _, bob_kek) = ks
            .unwrap_with_password_key("bob", &Password::new("bob pw"))
            .unwrap();
        assert_eq!(got.expose_bytes(), old.expose_bytes());
        assert!(ks.has_pending(2) && ks.has_pending(1));
        let opened = ks.pending_key(2, &bob_kek).unwrap().unwrap();
        assert_eq!(opened.expose_bytes(), new.expose_bytes());
        // Another user's private key does not open it.
        let stranger = AgreementSecret::generate();
        assert!(ks.open_pending(2, &stranger).is_err());
        // His unlock rewraps his slot to the new key.
        ks.settle_password_slot(2, &bob_kek, &new, true).unwrap();
        let (got, _) = ks
            .unwrap_with_password("bob", &Password::new("bob pw"))
            .unwrap();
        assert_eq!(got.expose_bytes(), new.expose_bytes());
    }

    #[test]
    fn a_merge_keeps_a_password_reset_published_elsewhere_over_a_key_pair_added_here() {
        let dek = DataKey::generate();
        let bob = SlotUser {
            user_id: 2,
            user_name: "bob".into(),
            owner: false,
        };
        let mut base = Keyslots::new("v".into(), "now".into());
        base.set_password_slot(&owner(), &Password::new("ada pw"), &fast_params(), &dek)
            .unwrap();
        base.set_password_slot(&bob, &Password::new("bob old"), &fast_params(), &dek)
            .unwrap();
        // An older slot of bob's without a key pair, on both sides.
        for slot in &mut base.body.slots {
            if let Slot::Password {
                agreement,
                user_id: 2,
                ..
            } = slot
            {
                *agreement = None;
            }
        }
        // Here: bob unlocked and got a key pair (same slot id).
        let mut local = base.clone();
        let (_, _, kek) = local
            .unwrap_with_password_key("bob", &Password::new("bob old"))
            .unwrap();
        local.settle_password_slot(2, &kek, &dek, false).unwrap();
        // Elsewhere: an owner reset bob's password (a new slot id).
        let mut remote = base.clone();
        remote
            .set_password_slot(&bob, &Password::new("bob reset"), &fast_params(), &dek)
            .unwrap();
        local.merge_shared(Some(&base), &remote);
        assert!(
            local
                .unwrap_with_password("bob", &Password::new("bob reset"))
                .is_ok()
        );
        assert!(matches!(
            local.unwrap_with_password("bob", &Password::new("bob old")),
            Err(Error::WrongPassword)
        ));
        // A password changed here wins over a key pair added elsewhere.
        let mut here = base.clone();
        here.set_password_slot(&bob, &Password::new("bob new"), &fast_params(), &dek)
            .unwrap();
        let mut elsewhere = base.clone();
        elsewhere
            .settle_password_slot(2, &kek, &dek, false)
            .unwrap();
        here.merge_shared(Some(&base), &elsewhere);
        assert!(
            here.unwrap_with_password("bob", &Password::new("bob new"))
                .is_ok()
        );
    }

    #[test]
    fn a_new_file_has_a_copy_identity_under_the_mac() {
        let mut ks = Keyslots::new("v".into(), "now".into());
        let first = ks.copy_id().unwrap().to_owned();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keyslots");
        let mac_key = DerivedKey::from_bytes([9; KEY_LEN]);
        ks.save(&path, &mac_key).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = Keyslots::parse(text.as_bytes()).unwrap();
        loaded.verify(&mac_key).unwrap();
        assert_eq!(loaded.copy_id(), Some(first.as_str()));
        let edited = Keyslots::parse(text.replace(&first, &new_slot_id()).as_bytes()).unwrap();
        assert!(matches!(edited.verify(&mac_key), Err(Error::Integrity(_))));
        assert_ne!(ks.new_copy_id(), first);
    }
}

//! Sealing and signing a change set (ADR 0020): XChaCha20-Poly1305 under a
//! key derived from the data key, with associated data binding the vault,
//! the change it was made after and the author's slot; an Ed25519 signature
//! of the author's device over all of it.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use zeroize::Zeroizing;

use super::log::{NewChange, Seq, VaultId};
use crate::crypto::{self, NONCE_LEN};
use crate::secret::{DataKey, DerivedKey};
use crate::{Error, Result};

/// The HKDF purpose of the change-set key.
const CHANGES_KEY: &str = "steward team changes v1";
/// The domain separation of everything bound to a change set.
const DOMAIN: &[u8] = b"steward-team-change-v1\0";
/// The version byte of the first sealed payload: the changeset alone
/// after the author. Still opened, never written.
const PAYLOAD_V1: u8 = 1;
/// The version byte of the sealed payload since the shared audit chain
/// (ADR 0024): the changeset's length before it, the audit entries it
/// carries (JSON) after it.
const PAYLOAD_V2: u8 = 2;
/// The version byte of the first re-key's marker (ADR 0025): no changeset,
/// the new epoch instead. Still opened, never written: it names no key, so
/// a replica does not take a new key on its word (see [`PAYLOAD_REKEY_V2`]).
const PAYLOAD_REKEY: u8 = 3;
/// The version byte of a re-key's marker since it commits to the new key:
/// the new epoch, then [`rekey_commitment`] of the new data key.
const PAYLOAD_REKEY_V2: u8 = 4;
/// The HKDF purpose of the subkey a re-key's marker commits to.
const REKEY_COMMIT: &str = "rekey-commit";

/// What a re-key's marker names of the new data key `new`: SHA-256 of its
/// `rekey-commit` subkey. Sealed under the old key with the marker, it tells
/// a replica whether the key a pending slot of the published keyslots file
/// opens to (a slot anyone may seal, the server too) is the one the owner
/// moved the team to; it reveals nothing of the key.
pub(crate) fn rekey_commitment(new: &DataKey) -> [u8; 32] {
    use sha2::Digest;
    let sub = crate::vault::subkey(new, REKEY_COMMIT);
    sha2::Sha256::digest(sub.expose_bytes()).into()
}

/// The key change sets are sealed under.
pub(crate) fn changes_key(dek: &DataKey) -> DerivedKey {
    crate::vault::subkey(dek, CHANGES_KEY)
}

/// What a change set is bound to; from the first re-key on (`epoch` > 0)
/// also the epoch of the key it is sealed under (ADR 0025).
fn bound(vault: &VaultId, after: Seq, author_slot: &str, epoch: u32) -> Vec<u8> {
    let mut out = DOMAIN.to_vec();
    out.extend_from_slice(vault.0.as_bytes());
    out.push(0);
    out.extend_from_slice(&after.to_be_bytes());
    out.extend_from_slice(author_slot.as_bytes());
    if epoch > 0 {
        out.push(0);
        out.extend_from_slice(&epoch.to_be_bytes());
    }
    out
}

fn signed_bytes(
    vault: &VaultId,
    after: Seq,
    author_slot: &str,
    nonce: &[u8],
    ct: &[u8],
    epoch: u32,
) -> Vec<u8> {
    let mut out = bound(vault, after, author_slot, epoch);
    out.push(0);
    out.extend_from_slice(nonce);
    out.extend_from_slice(ct);
    out
}

/// What a change set carries inside its seal.
#[derive(Debug)]
pub(crate) struct Payload {
    /// The author's user id in the vault.
    pub(crate) user_id: i64,
    /// The author device's public key.
    pub(crate) device_key: [u8; 32],
    /// The SQLite changeset (empty in a re-key's marker, or when the
    /// change set carries only audit entries).
    pub(crate) changeset: Zeroizing<Vec<u8>>,
    /// The author's audit entries since their last push (none in a version
    /// 1 payload or a re-key's marker).
    pub(crate) audit: crate::audit::team::Carried,
    /// A re-key's marker: every later change set is sealed under the key
    /// of this epoch.
    pub(crate) rekey_to: Option<u32>,
    /// A re-key's marker: [`rekey_commitment`] of the new key; `None` in a
    /// marker of an older Steward, which names none.
    pub(crate) rekey_commit: Option<[u8; 32]>,
}

/// Where a change set is sealed: the key, the epoch it belongs to, and who
/// seals it.
pub(crate) struct Sealer<'a> {
    pub(crate) key: &'a DerivedKey,
    pub(crate) epoch: u32,
    pub(crate) signer: &'a SigningKey,
    pub(crate) vault: &'a VaultId,
    pub(crate) author_slot: &'a str,
    pub(crate) user_id: i64,
}

/// Seals the marker of a re-key to `new_epoch` and its key `new`, as the
/// change after `after`, under the key of the epoch before it.
pub(crate) fn seal_rekey(s: &Sealer<'_>, after: Seq, new_epoch: u32, new: &DataKey) -> NewChange {
    let mut body = new_epoch.to_be_bytes().to_vec();
    body.extend_from_slice(&rekey_commitment(new));
    seal_payload(s, after, PAYLOAD_REKEY_V2, &body)
}

/// Seals and signs a changeset and the audit entries it carries as the
/// change after `after`.
pub(crate) fn seal(
    s: &Sealer<'_>,
    after: Seq,
    changeset: &[u8],
    audit: &crate::audit::team::Carried,
) -> NewChange {
    let audit = Zeroizing::new(serde_json::to_vec(audit).unwrap_or_default());
    let mut body = Zeroizing::new(Vec::with_capacity(changeset.len() + audit.len() + 8));
    body.extend_from_slice(&(changeset.len() as u64).to_be_bytes());
    body.extend_from_slice(changeset);
    body.extend_from_slice(&audit);
    seal_payload(s, after, PAYLOAD_V2, &body)
}

fn seal_payload(s: &Sealer<'_>, after: Seq, version: u8, body: &[u8]) -> NewChange {
    let (vault, author_slot, signer) = (s.vault, s.author_slot, s.signer);
    let mut plain = Zeroizing::new(Vec::with_capacity(body.len() + 41));
    plain.push(version);
    plain.extend_from_slice(&s.user_id.to_be_bytes());
    plain.extend_from_slice(signer.verifying_key().as_bytes());
    plain.extend_from_slice(body);
    let (nonce, ciphertext) =
        crypto::seal(s.key, &bound(vault, after, author_slot, s.epoch), &plain);
    let signature = signer.sign(&signed_bytes(
        vault,
        after,
        author_slot,
        &nonce,
        &ciphertext,
        s.epoch,
    ));
    NewChange {
        author_slot: author_slot.to_owned(),
        nonce: nonce.to_vec(),
        ciphertext,
        signature: signature.to_bytes().to_vec(),
    }
}

/// Opens a change set of the log made after `after` and checks its
/// signature by the device key it names. Whether that key may speak for
/// its slot is the caller's question.
pub(crate) fn open(
    key: &DerivedKey,
    epoch: u32,
    vault: &VaultId,
    after: Seq,
    change: &NewChange,
) -> Result<Payload> {
    let damaged = || Error::Integrity(format!("the team change after {after} does not open"));
    let nonce: [u8; NONCE_LEN] = change.nonce.as_slice().try_into().map_err(|_| damaged())?;
    let plain = crypto::open(
        key,
        &bound(vault, after, &change.author_slot, epoch),
        &nonce,
        &change.ciphertext,
    )
    .ok_or_else(damaged)?;
    if plain.len() < 41
        || !matches!(
            plain[0],
            PAYLOAD_V1 | PAYLOAD_V2 | PAYLOAD_REKEY | PAYLOAD_REKEY_V2
        )
    {
        return Err(damaged());
    }
    let user_id = i64::from_be_bytes(plain[1..9].try_into().map_err(|_| damaged())?);
    let device_key: [u8; 32] = plain[9..41].try_into().map_err(|_| damaged())?;
    let verifying = VerifyingKey::from_bytes(&device_key).map_err(|_| damaged())?;
    let signature = Signature::from_slice(&change.signature).map_err(|_| damaged())?;
    verifying
        .verify(
            &signed_bytes(
                vault,
                after,
                &change.author_slot,
                &change.nonce,
                &change.ciphertext,
                epoch,
            ),
            &signature,
        )
        .map_err(|_| damaged())?;
    if matches!(plain[0], PAYLOAD_REKEY | PAYLOAD_REKEY_V2) {
        let (to, commit) = if plain[0] == PAYLOAD_REKEY {
            (plain.get(41..), None)
        } else {
            let commit: [u8; 32] = plain
                .get(45..)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(damaged)?;
            (plain.get(41..45), Some(commit))
        };
        let to: [u8; 4] = to.and_then(|b| b.try_into().ok()).ok_or_else(damaged)?;
        let to = u32::from_be_bytes(to);
        if to <= epoch {
            return Err(damaged());
        }
        return Ok(Payload {
            user_id,
            device_key,
            changeset: Zeroizing::new(Vec::new()),
            audit: crate::audit::team::Carried::default(),
            rekey_to: Some(to),
            rekey_commit: commit,
        });
    }
    if plain[0] == PAYLOAD_V1 {
        return Ok(Payload {
            user_id,
            device_key,
            changeset: Zeroizing::new(plain[41..].to_vec()),
            audit: crate::audit::team::Carried::default(),
            rekey_to: None,
            rekey_commit: None,
        });
    }
    let len = plain
        .get(41..49)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_be_bytes)
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(damaged)?;
    let end = 49usize.checked_add(len).ok_or_else(damaged)?;
    let changeset = Zeroizing::new(plain.get(49..end).ok_or_else(damaged)?.to_vec());
    let audit = serde_json::from_slice(&plain[end..]).map_err(|_| damaged())?;
    Ok(Payload {
        user_id,
        device_key,
        changeset,
        audit,
        rekey_to: None,
        rekey_commit: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign_v1(
        key: &DerivedKey,
        signer: &SigningKey,
        vault: &VaultId,
        changeset: &[u8],
    ) -> NewChange {
        let mut plain = vec![PAYLOAD_V1];
        plain.extend_from_slice(&7i64.to_be_bytes());
        plain.extend_from_slice(signer.verifying_key().as_bytes());
        plain.extend_from_slice(changeset);
        let (nonce, ciphertext) = crypto::seal(key, &bound(vault, 3, "slot", 0), &plain);
        let signature = signer.sign(&signed_bytes(vault, 3, "slot", &nonce, &ciphertext, 0));
        NewChange {
            author_slot: "slot".into(),
            nonce: nonce.to_vec(),
            ciphertext,
            signature: signature.to_bytes().to_vec(),
        }
    }

    #[test]
    fn a_version_1_change_set_still_opens_and_a_version_2_one_carries_its_audit_entries() {
        let key = changes_key(&DataKey::generate());
        let signer = SigningKey::from_bytes(&[9; 32]);
        let vault = VaultId("v".into());
        let old = open(
            &key,
            0,
            &vault,
            3,
            &sign_v1(&key, &signer, &vault, b"changes"),
        )
        .unwrap();
        assert_eq!((old.user_id, &old.changeset[..]), (7, &b"changes"[..]));
        assert_eq!(old.audit, crate::audit::team::Carried::default());

        let carried = crate::audit::team::Carried {
            upto: 12,
            entries: vec![crate::audit::team::SharedEntry {
                at: "2026-12-07T10:00:00Z".into(),
                actor_id: Some(7),
                action: "contact.view".into(),
                target_type: Some("contact".into()),
                target_id: Some("4".into()),
                outcome: "allowed".into(),
                details: "{}".into(),
            }],
        };
        let sealer = Sealer {
            key: &key,
            epoch: 0,
            signer: &signer,
            vault: &vault,
            author_slot: "slot",
            user_id: 7,
        };
        let new = seal(&sealer, 3, b"rows", &carried);
        let opened = open(&key, 0, &vault, 3, &new).unwrap();
        assert_eq!(&opened.changeset[..], b"rows");
        assert_eq!(opened.audit, carried);
        // An audit-only change set: no rows.
        let only = seal(&sealer, 3, b"", &carried);
        assert!(
            open(&key, 0, &vault, 3, &only)
                .unwrap()
                .changeset
                .is_empty()
        );
        assert!(open(&key, 0, &vault, 4, &only).is_err());
    }

    #[test]
    fn a_rekey_marker_names_its_key_and_an_older_one_names_none() {
        let old = DataKey::generate();
        let new = DataKey::generate();
        let key = changes_key(&old);
        let signer = SigningKey::from_bytes(&[9; 32]);
        let vault = VaultId("v".into());
        let sealer = Sealer {
            key: &key,
            epoch: 0,
            signer: &signer,
            vault: &vault,
            author_slot: "slot",
            user_id: 7,
        };
        let marker = open(&key, 0, &vault, 3, &seal_rekey(&sealer, 3, 1, &new)).unwrap();
        assert_eq!(marker.rekey_to, Some(1));
        assert_eq!(marker.rekey_commit, Some(rekey_commitment(&new)));
        assert_ne!(marker.rekey_commit, Some(rekey_commitment(&old)));
        // An older Steward's marker: the epoch alone.
        let older = open(
            &key,
            0,
            &vault,
            3,
            &seal_payload(&sealer, 3, PAYLOAD_REKEY, &1u32.to_be_bytes()),
        )
        .unwrap();
        assert_eq!((older.rekey_to, older.rekey_commit), (Some(1), None));
        // A commitment cut short does not open.
        let cut = seal_payload(&sealer, 3, PAYLOAD_REKEY_V2, &1u32.to_be_bytes());
        assert!(open(&key, 0, &vault, 3, &cut).is_err());
    }
}

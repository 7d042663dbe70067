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

/// The key change sets are sealed under.
pub(crate) fn changes_key(dek: &DataKey) -> DerivedKey {
    crate::vault::subkey(dek, CHANGES_KEY)
}

fn bound(vault: &VaultId, after: Seq, author_slot: &str) -> Vec<u8> {
    let mut out = DOMAIN.to_vec();
    out.extend_from_slice(vault.0.as_bytes());
    out.push(0);
    out.extend_from_slice(&after.to_be_bytes());
    out.extend_from_slice(author_slot.as_bytes());
    out
}

fn signed_bytes(
    vault: &VaultId,
    after: Seq,
    author_slot: &str,
    nonce: &[u8],
    ct: &[u8],
) -> Vec<u8> {
    let mut out = bound(vault, after, author_slot);
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
    /// The SQLite changeset (empty when the change set carries only
    /// audit entries).
    pub(crate) changeset: Zeroizing<Vec<u8>>,
    /// The author's audit entries since their last push (none in a version
    /// 1 payload).
    pub(crate) audit: crate::audit::team::Carried,
}

/// Seals and signs `payload` as the change after `after`.
#[allow(
    clippy::too_many_arguments,
    reason = "the place in the log, the author and the two parts of the payload"
)]
pub(crate) fn seal(
    key: &DerivedKey,
    signer: &SigningKey,
    vault: &VaultId,
    after: Seq,
    author_slot: &str,
    user_id: i64,
    changeset: &[u8],
    audit: &crate::audit::team::Carried,
) -> NewChange {
    let audit = Zeroizing::new(serde_json::to_vec(audit).unwrap_or_default());
    let mut plain = Zeroizing::new(Vec::with_capacity(changeset.len() + audit.len() + 49));
    plain.push(PAYLOAD_V2);
    plain.extend_from_slice(&user_id.to_be_bytes());
    plain.extend_from_slice(signer.verifying_key().as_bytes());
    plain.extend_from_slice(&(changeset.len() as u64).to_be_bytes());
    plain.extend_from_slice(changeset);
    plain.extend_from_slice(&audit);
    let (nonce, ciphertext) = crypto::seal(key, &bound(vault, after, author_slot), &plain);
    let signature = signer.sign(&signed_bytes(
        vault,
        after,
        author_slot,
        &nonce,
        &ciphertext,
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
    vault: &VaultId,
    after: Seq,
    change: &NewChange,
) -> Result<Payload> {
    let damaged = || Error::Integrity(format!("the team change after {after} does not open"));
    let nonce: [u8; NONCE_LEN] = change.nonce.as_slice().try_into().map_err(|_| damaged())?;
    let plain = crypto::open(
        key,
        &bound(vault, after, &change.author_slot),
        &nonce,
        &change.ciphertext,
    )
    .ok_or_else(damaged)?;
    if plain.len() < 41 || !matches!(plain[0], PAYLOAD_V1 | PAYLOAD_V2) {
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
            ),
            &signature,
        )
        .map_err(|_| damaged())?;
    if plain[0] == PAYLOAD_V1 {
        return Ok(Payload {
            user_id,
            device_key,
            changeset: Zeroizing::new(plain[41..].to_vec()),
            audit: crate::audit::team::Carried::default(),
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
        let (nonce, ciphertext) = crypto::seal(key, &bound(vault, 3, "slot"), &plain);
        let signature = signer.sign(&signed_bytes(vault, 3, "slot", &nonce, &ciphertext));
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
        let old = open(&key, &vault, 3, &sign_v1(&key, &signer, &vault, b"changes")).unwrap();
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
        let new = seal(&key, &signer, &vault, 3, "slot", 7, b"rows", &carried);
        let opened = open(&key, &vault, 3, &new).unwrap();
        assert_eq!(&opened.changeset[..], b"rows");
        assert_eq!(opened.audit, carried);
        // An audit-only change set: no rows.
        let only = seal(&key, &signer, &vault, 3, "slot", 7, b"", &carried);
        assert!(open(&key, &vault, 3, &only).unwrap().changeset.is_empty());
        assert!(open(&key, &vault, 4, &only).is_err());
    }
}

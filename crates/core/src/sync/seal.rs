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
/// The version byte of the sealed payload.
const PAYLOAD_V1: u8 = 1;

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
    /// The SQLite changeset.
    pub(crate) changeset: Zeroizing<Vec<u8>>,
}

/// Seals and signs `payload` as the change after `after`.
pub(crate) fn seal(
    key: &DerivedKey,
    signer: &SigningKey,
    vault: &VaultId,
    after: Seq,
    author_slot: &str,
    user_id: i64,
    changeset: &[u8],
) -> NewChange {
    let mut plain = Zeroizing::new(Vec::with_capacity(changeset.len() + 41));
    plain.push(PAYLOAD_V1);
    plain.extend_from_slice(&user_id.to_be_bytes());
    plain.extend_from_slice(signer.verifying_key().as_bytes());
    plain.extend_from_slice(changeset);
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
    if plain.len() < 41 || plain[0] != PAYLOAD_V1 {
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
    Ok(Payload {
        user_id,
        device_key,
        changeset: Zeroizing::new(plain[41..].to_vec()),
    })
}

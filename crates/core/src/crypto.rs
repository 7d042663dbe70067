//! Cryptographic building blocks, each a thin layer over a RustCrypto crate:
//! Argon2id (`argon2`) turns a password into a key-encryption key,
//! XChaCha20-Poly1305 (`chacha20poly1305`) wraps keys, HKDF-SHA-256 (`hkdf`)
//! derives subkeys, HMAC-SHA-256 (`hmac`) authenticates files.

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

pub(crate) use crate::secret::random_array;
use crate::secret::{DerivedKey, KEY_LEN};
use crate::{Error, Result};

/// Length in bytes of an XChaCha20-Poly1305 nonce.
pub(crate) const NONCE_LEN: usize = 24;
/// Length in bytes of a password salt.
pub(crate) const SALT_LEN: usize = 16;

/// Argon2id cost parameters, stored with every password keyslot so they can be
/// raised later without breaking old slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Number of passes.
    pub iterations: u32,
    /// Degree of parallelism (lanes).
    pub parallelism: u32,
}

impl KdfParams {
    /// The floor: RFC 9106's second recommended option (64 MiB, t=3, p=4).
    /// No keyslot is ever written or accepted below it.
    pub const FLOOR: Self = Self {
        memory_kib: 64 * 1024,
        iterations: 3,
        parallelism: 4,
    };

    /// The most any keyslot may ask for: 4 GiB, 64 passes, 64 lanes.
    /// [`KdfParams::calibrate`] stays within it.
    pub const CEILING: Self = Self {
        memory_kib: 4 * 1024 * 1024,
        iterations: 64,
        parallelism: 64,
    };

    /// Whether no parameter exceeds [`KdfParams::CEILING`].
    pub fn within_ceiling(&self) -> bool {
        self.memory_kib <= Self::CEILING.memory_kib
            && self.iterations <= Self::CEILING.iterations
            && self.parallelism <= Self::CEILING.parallelism
    }

    /// Whether every parameter is at least the floor's.
    pub fn meets_floor(&self) -> bool {
        self.memory_kib >= Self::FLOOR.memory_kib
            && self.iterations >= Self::FLOOR.iterations
            && self.parallelism >= Self::FLOOR.parallelism
    }

    /// Parameters that take about `target` to derive on this machine, never
    /// below [`KdfParams::FLOOR`]. Only the pass count grows, so memory use
    /// stays predictable on small machines.
    pub fn calibrate(target: Duration) -> Self {
        let probe = Self::FLOOR;
        let start = Instant::now();
        // The probe derives from a throwaway password; its output is discarded.
        let _ = derive_password_key(b"calibration", &[0u8; SALT_LEN], &probe);
        let per_pass = start.elapsed().as_secs_f64() / f64::from(probe.iterations);
        if per_pass <= 0.0 {
            return probe;
        }
        let passes = (target.as_secs_f64() / per_pass).floor();
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "clamped to 3..=64 before the cast"
        )]
        let iterations = passes.clamp(f64::from(probe.iterations), 64.0) as u32;
        Self {
            iterations,
            ..probe
        }
    }
}

/// Argon2id(password, salt, params) → 32-byte key-encryption key.
pub(crate) fn derive_password_key(
    password: &[u8],
    salt: &[u8; SALT_LEN],
    params: &KdfParams,
) -> Result<DerivedKey> {
    let params = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(KEY_LEN),
    )
    .map_err(|_| Error::Integrity("a keyslot has invalid key-derivation parameters".into()))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into(password, salt, out.as_mut())
        .map_err(|_| Error::Integrity("a keyslot has invalid key-derivation parameters".into()))?;
    Ok(DerivedKey::from_bytes(*out))
}

/// HKDF-SHA-256(ikm, salt, info) → 32-byte key.
pub(crate) fn hkdf_derive(ikm: &[u8], salt: &[u8], info: &[u8]) -> DerivedKey {
    let hk = Hkdf::<Sha256>::new(Some(salt), ikm);
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    #[allow(
        clippy::expect_used,
        reason = "32 bytes is far below HKDF's 8160-byte limit"
    )]
    hk.expand(info, out.as_mut())
        .expect("32 bytes is a valid HKDF output length");
    DerivedKey::from_bytes(*out)
}

/// Encrypts `plaintext` with XChaCha20-Poly1305 under `key`, binding `aad`.
/// Returns the random nonce and the ciphertext with its tag.
pub(crate) fn seal(key: &DerivedKey, aad: &[u8], plaintext: &[u8]) -> ([u8; NONCE_LEN], Vec<u8>) {
    let cipher = XChaCha20Poly1305::new(key.expose_bytes().into());
    let nonce: [u8; NONCE_LEN] = random_array();
    #[allow(
        clippy::expect_used,
        reason = "encryption fails only beyond 256 GiB of input"
    )]
    let ciphertext = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .expect("XChaCha20-Poly1305 encryption of a short buffer cannot fail");
    (nonce, ciphertext)
}

/// Decrypts and authenticates; `None` when the key, nonce, data or `aad` differ
/// from what was sealed.
pub(crate) fn open(
    key: &DerivedKey,
    aad: &[u8],
    nonce: &[u8; NONCE_LEN],
    ciphertext: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let cipher = XChaCha20Poly1305::new(key.expose_bytes().into());
    cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .ok()
        .map(Zeroizing::new)
}

/// The HKDF purpose of a key sealed to a public key.
const SEAL_TO_INFO: &[u8] = b"steward/sealed-to-public-key/v1";

/// The key a sealed-to-public-key box is under: HKDF-SHA-256 of the X25519
/// shared secret, salted with the ephemeral and the recipient's public keys.
/// `None` for a low-order public key (an all-zero shared secret).
fn agreed_key(
    secret: [u8; 32],
    public: &[u8; 32],
    ephemeral: &[u8; 32],
    recipient: &[u8; 32],
) -> Option<DerivedKey> {
    let shared = Zeroizing::new(
        curve25519_dalek::montgomery::MontgomeryPoint(*public)
            .mul_clamped(secret)
            .to_bytes(),
    );
    if shared.iter().all(|b| *b == 0) {
        return None;
    }
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(ephemeral);
    salt[32..].copy_from_slice(recipient);
    Some(hkdf_derive(shared.as_slice(), &salt, SEAL_TO_INFO))
}

/// Seals `plaintext` to the X25519 public key `recipient` (ADR 0025): an
/// ephemeral key pair, X25519, HKDF-SHA-256 and XChaCha20-Poly1305 binding
/// `aad`. Returns the ephemeral public key, the nonce and the ciphertext;
/// `None` for a public key no one can hold the secret of.
pub(crate) fn seal_to(
    recipient: &[u8; 32],
    aad: &[u8],
    plaintext: &[u8],
) -> Option<([u8; 32], [u8; NONCE_LEN], Vec<u8>)> {
    let ephemeral = crate::secret::AgreementSecret::generate();
    let ephemeral_public = ephemeral.public();
    let key = agreed_key(
        *ephemeral.expose_bytes(),
        recipient,
        &ephemeral_public,
        recipient,
    )?;
    let (nonce, ct) = seal(&key, aad, plaintext);
    Some((ephemeral_public, nonce, ct))
}

/// Opens what [`seal_to`] sealed to the public key of `secret`.
pub(crate) fn open_from(
    secret: &crate::secret::AgreementSecret,
    ephemeral: &[u8; 32],
    aad: &[u8],
    nonce: &[u8; NONCE_LEN],
    ciphertext: &[u8],
) -> Option<Zeroizing<Vec<u8>>> {
    let key = agreed_key(
        *secret.expose_bytes(),
        ephemeral,
        ephemeral,
        &secret.public(),
    )?;
    open(&key, aad, nonce, ciphertext)
}

/// HMAC-SHA-256 of `message` under `key`.
pub(crate) fn mac(key: &DerivedKey, message: &[u8]) -> [u8; 32] {
    #[allow(clippy::expect_used, reason = "HMAC accepts keys of any length")]
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key.expose_bytes()).expect("any key length");
    m.update(message);
    m.finalize().into_bytes().into()
}

/// Constant-time check of an HMAC-SHA-256 tag.
pub(crate) fn mac_matches(key: &DerivedKey, message: &[u8], tag: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    let expected = mac(key, message);
    expected.ct_eq(tag).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_box_sealed_to_a_public_key_opens_with_its_secret_only() {
        let bob = crate::secret::AgreementSecret::generate();
        let eve = crate::secret::AgreementSecret::generate();
        let (eph, nonce, ct) = seal_to(&bob.public(), b"aad", b"new data key").unwrap();
        assert_eq!(
            open_from(&bob, &eph, b"aad", &nonce, &ct)
                .unwrap()
                .as_slice(),
            b"new data key"
        );
        assert!(open_from(&eve, &eph, b"aad", &nonce, &ct).is_none());
        assert!(open_from(&bob, &eph, b"other", &nonce, &ct).is_none());
        assert!(
            seal_to(&[0u8; 32], b"aad", b"x").is_none(),
            "a low-order key"
        );
    }

    fn key(byte: u8) -> DerivedKey {
        DerivedKey::from_bytes([byte; KEY_LEN])
    }

    proptest! {
        #[test]
        fn sealed_data_opens_only_with_the_same_key_and_associated_data(
            plaintext in proptest::collection::vec(any::<u8>(), 0..128),
            aad in proptest::collection::vec(any::<u8>(), 0..64),
            k in any::<u8>(),
        ) {
            let (nonce, ct) = seal(&key(k), &aad, &plaintext);
            let opened = open(&key(k), &aad, &nonce, &ct).unwrap();
            prop_assert_eq!(opened.as_slice(), plaintext.as_slice());
            prop_assert!(open(&key(k.wrapping_add(1)), &aad, &nonce, &ct).is_none());
            let mut other_aad = aad.clone();
            other_aad.push(0);
            prop_assert!(open(&key(k), &other_aad, &nonce, &ct).is_none());
        }

        #[test]
        fn any_flipped_ciphertext_bit_is_rejected(pos in 0usize..48, bit in 0u8..8) {
            let (nonce, mut ct) = seal(&key(7), b"aad", &[0x42; 32]);
            ct[pos] ^= 1 << bit;
            prop_assert!(open(&key(7), b"aad", &nonce, &ct).is_none());
        }
    }

    #[test]
    fn hkdf_separates_keys_by_info() {
        let a = hkdf_derive(b"ikm", b"salt", b"one");
        let b = hkdf_derive(b"ikm", b"salt", b"two");
        assert_ne!(a.expose_bytes(), b.expose_bytes());
    }

    #[test]
    fn the_floor_meets_rfc_9106_second_recommendation() {
        assert!(KdfParams::FLOOR.meets_floor());
        assert!(
            !KdfParams {
                memory_kib: 32 * 1024,
                ..KdfParams::FLOOR
            }
            .meets_floor()
        );
    }
}

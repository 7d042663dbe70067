//! Secret values: keys, passwords, recovery keys.
//!
//! Every type here zeroizes its bytes on drop, prints as `***` in `Debug`, is
//! neither `Copy` nor `Clone`-by-accident nor `Serialize`, and exposes its bytes
//! only through a method whose name warns the reader (`expose_*`).

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

pub(crate) mod recovery;

/// Length in bytes of every symmetric key Steward uses.
pub const KEY_LEN: usize = 32;

/// `N` bytes from the operating system's random number generator: the one
/// source of randomness for keys, salts, nonces and ids.
///
/// # Panics
/// When the operating system cannot provide randomness; continuing without it
/// would create guessable keys, so there is nothing sensible to fall back to.
pub(crate) fn random_array<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    #[allow(clippy::expect_used, reason = "no safe fallback exists without an RNG")]
    getrandom::fill(&mut bytes).expect("the operating system's random number generator failed");
    bytes
}

macro_rules! redacted_debug {
    ($ty:ident) => {
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($ty), "(***)"))
            }
        }
    };
}

/// The 256-bit data key (DEK) that encrypts the database. It never leaves
/// memory unwrapped.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; KEY_LEN]);
redacted_debug!(DataKey);

impl DataKey {
    /// A fresh key from the operating system's random number generator.
    pub(crate) fn generate() -> Self {
        Self(random_array())
    }

    pub(crate) fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    /// The raw key bytes, for wrapping, SQLCipher's `PRAGMA key` and HKDF.
    pub(crate) fn expose_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

/// A user's X25519 private key (ADR 0025): an owner's re-key wraps the new
/// data key to its public half; only the user's password unwraps it.
#[derive(Zeroize, ZeroizeOnDrop)]
pub(crate) struct AgreementSecret([u8; KEY_LEN]);
redacted_debug!(AgreementSecret);

impl AgreementSecret {
    pub(crate) fn generate() -> Self {
        Self(random_array())
    }

    pub(crate) fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    pub(crate) fn expose_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The public key: the clamped scalar times the base point.
    pub(crate) fn public(&self) -> [u8; KEY_LEN] {
        curve25519_dalek::montgomery::MontgomeryPoint::mul_base_clamped(self.0).to_bytes()
    }
}

/// A key derived from another key (a key-encryption key, a MAC key).
#[derive(Zeroize, ZeroizeOnDrop)]
pub(crate) struct DerivedKey([u8; KEY_LEN]);
redacted_debug!(DerivedKey);

impl DerivedKey {
    pub(crate) fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    pub(crate) fn expose_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }
}

/// A user's password as typed.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct Password(String);
redacted_debug!(Password);

impl Password {
    /// Wraps a password; the caller's copy should be dropped (or zeroized) too.
    pub fn new(password: impl Into<String>) -> Self {
        Self(password.into())
    }

    /// The password text, for the key-derivation function and the strength meter.
    pub fn expose_str(&self) -> &str {
        &self.0
    }
}

impl From<Zeroizing<String>> for Password {
    fn from(value: Zeroizing<String>) -> Self {
        Self(value.as_str().to_owned())
    }
}

/// The 256-bit recovery key shown once when a vault is created.
///
/// Its text form is Crockford base32 in groups of four characters, ending in a
/// four-character checksum group, for example `7K3Q-…-M2X9`; see
/// `docs/vault-format.md`.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct RecoveryKey([u8; KEY_LEN]);
redacted_debug!(RecoveryKey);

impl RecoveryKey {
    pub(crate) fn generate() -> Self {
        Self(random_array())
    }

    pub(crate) fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    pub(crate) fn expose_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The text to show the owner once, grouped for writing down.
    pub fn expose_display_text(&self) -> Zeroizing<String> {
        recovery::encode(self)
    }

    /// Parses the text form, tolerating lower case, spaces, missing dashes and
    /// the usual look-alikes (`O`→`0`, `I`/`L`→`1`).
    ///
    /// # Errors
    /// [`crate::Error::MalformedRecoveryKey`] when the text has the wrong length,
    /// a character outside the alphabet, or a checksum that does not match.
    pub fn parse(text: &str) -> crate::Result<Self> {
        recovery::decode(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_secret_bytes() {
        let password = Password::new("correct horse battery staple");
        assert_eq!(format!("{password:?}"), "Password(***)");
        let key = DataKey::from_bytes([0xAB; KEY_LEN]);
        assert_eq!(format!("{key:?}"), "DataKey(***)");
        assert!(!format!("{key:?}").contains("ab"));
    }
}

//! Text form of the recovery key.
//!
//! 32 random bytes → 52 characters of Crockford base32 (the last 4 bits are
//! zero), then 4 checksum characters: the first 20 bits of
//! SHA-256("steward-recovery-key-v1" ‖ key) in the same alphabet. Shown as 14
//! groups of 4 joined by dashes. Crockford's alphabet has no I, L, O or U, so
//! hand-copied keys survive; the checksum catches a mistyped character before
//! any key derivation runs.

use data_encoding::{Encoding, Specification};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::secret::{KEY_LEN, RecoveryKey};
use crate::{Error, Result};

const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const KEY_CHARS: usize = 52;
const CHECK_CHARS: usize = 4;
const GROUP: usize = 4;

fn encoding() -> Encoding {
    let mut spec = Specification::new();
    spec.symbols.push_str(ALPHABET);
    // Lower case and the look-alikes Crockford's alphabet leaves out.
    spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzoOiIlL");
    spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ001111");
    #[allow(clippy::expect_used, reason = "a constant, valid specification")]
    spec.encoding()
        .expect("the Crockford base32 specification is valid")
}

fn checksum(key: &[u8; KEY_LEN]) -> String {
    let digest = Sha256::new()
        .chain_update(b"steward-recovery-key-v1")
        .chain_update(key)
        .finalize();
    let bits =
        (u32::from(digest[0]) << 12) | (u32::from(digest[1]) << 4) | (u32::from(digest[2]) >> 4);
    let symbols = ALPHABET.as_bytes();
    (0..CHECK_CHARS)
        .rev()
        .map(|i| char::from(symbols[((bits >> (5 * i)) & 31) as usize]))
        .collect()
}

pub(crate) fn encode(key: &RecoveryKey) -> Zeroizing<String> {
    let bytes = key.expose_bytes();
    let mut plain = Zeroizing::new(encoding().encode(bytes));
    plain.push_str(&checksum(bytes));
    let mut out = Zeroizing::new(String::with_capacity(plain.len() + plain.len() / GROUP));
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && i % GROUP == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

pub(crate) fn decode(text: &str) -> Result<RecoveryKey> {
    let compact: Zeroizing<String> = Zeroizing::new(
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect(),
    );
    let expected = KEY_CHARS + CHECK_CHARS;
    if compact.chars().count() != expected {
        return Err(Error::MalformedRecoveryKey(format!(
            "a recovery key has {expected} characters (14 groups of 4); this one has {}",
            compact.chars().count()
        )));
    }
    if !compact.is_ascii() {
        return Err(Error::MalformedRecoveryKey(
            "the recovery key contains a character that is not in its alphabet".into(),
        ));
    }
    let enc = encoding();
    let (body, check) = compact.split_at(KEY_CHARS);
    let decoded = Zeroizing::new(enc.decode(body.as_bytes()).map_err(|_| {
        Error::MalformedRecoveryKey(
            "the recovery key contains a character that is not in its alphabet".into(),
        )
    })?);
    let bytes: [u8; KEY_LEN] = decoded
        .as_slice()
        .try_into()
        .map_err(|_| Error::MalformedRecoveryKey("the recovery key has the wrong length".into()))?;
    // Normalise the checksum characters the same way the body was.
    let normalized_check: String = check.chars().map(normalize_char).collect();
    if normalized_check != checksum(&bytes) {
        return Err(Error::MalformedRecoveryKey(
            "the recovery key's last group does not match the rest; check for a mistyped character"
                .into(),
        ));
    }
    Ok(RecoveryKey::from_bytes(bytes))
}

fn normalize_char(c: char) -> char {
    match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_key_round_trips_through_its_text_form(bytes in any::<[u8; KEY_LEN]>()) {
            let key = RecoveryKey::from_bytes(bytes);
            let text = encode(&key);
            prop_assert_eq!(text.len(), 14 * 4 + 13);
            let back = decode(&text).unwrap();
            prop_assert_eq!(back.expose_bytes(), &bytes);
            let sloppy = text.to_lowercase().replace('-', " ").replace('0', "o");
            let again = decode(&sloppy).unwrap();
            prop_assert_eq!(again.expose_bytes(), &bytes);
        }

        #[test]
        fn a_single_mistyped_character_is_caught(bytes in any::<[u8; KEY_LEN]>(), pos in 0usize..56, shift in 1usize..32) {
            let text: Vec<char> = encode(&RecoveryKey::from_bytes(bytes)).chars().filter(|c| *c != '-').collect();
            let mut typo = text.clone();
            let idx = ALPHABET.find(typo[pos]).unwrap();
            typo[pos] = ALPHABET.as_bytes()[(idx + shift) % 32] as char;
            let typo: String = typo.into_iter().collect();
            // A typo in the body either fails the trailing-bit check or the checksum;
            // a typo in the checksum fails the checksum. Either way no key comes back
            // that differs from the original.
            if let Ok(key) = decode(&typo) {
                prop_assert_eq!(key.expose_bytes(), &bytes);
            }
        }
    }

    #[test]
    fn rejects_a_short_key_with_a_clear_message() {
        let err = decode("ABCD-EFGH").err().unwrap();
        assert!(err.to_string().contains("56 characters"), "{err}");
    }
}

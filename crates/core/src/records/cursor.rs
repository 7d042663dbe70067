//! The cursors of keyset pagination (ADR 0023): a page of a list ends with
//! an opaque cursor naming its last row's place in the list's order, and
//! the next page starts after it. A page is then an index walk that starts
//! where the last one stopped, as quick at the millionth row as at the first.
//!
//! A cursor is base64url (no padding) of a small JSON array:
//! `[order, key, id]`, where `order` names the list and its order
//! (`contacts.name`), `key` the last row's sort value (the stored sort key
//! in lower-case hex, or `null` for orders by id alone) and `id` its id.
//! It comes back from outside (the app's frontend, a script's `--after`),
//! so it is never trusted: anything but a cursor of the same order is
//! refused as invalid input with the reason `cursor-invalid`.

use data_encoding::{BASE64URL_NOPAD, HEXLOWER};

use crate::error::Invalid;
use crate::{Error, Result};

/// Where a page starts: after the row with this sort key and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct After {
    /// The stored sort key, for orders by name; `None` for orders by id.
    pub(crate) key: Option<Vec<u8>>,
    /// The row's id.
    pub(crate) id: i64,
}

/// The cursor after the row with `key` and `id` in the list `order`.
pub(crate) fn encode(order: &str, key: Option<&[u8]>, id: i64) -> String {
    let json = serde_json::json!([order, key.map(|k| HEXLOWER.encode(k)), id]);
    BASE64URL_NOPAD.encode(json.to_string().as_bytes())
}

/// The refusal of a cursor that reads well but does not fit the list
/// (`cursor-invalid`), for lists that check more than [`decode`] does.
pub(crate) fn invalid(why: &str) -> Error {
    refuse(why)
}

fn refuse(why: &str) -> Error {
    Invalid::new(
        "cursor-invalid",
        format!("the page cursor is not valid: {why}; start again from the first page"),
    )
    .into()
}

/// Reads a cursor of the list `order`, which needs a sort key when
/// `keyed`.
///
/// # Errors
/// [`Error::InvalidInput`] (`cursor-invalid`) for anything but a cursor of
/// this order.
pub(crate) fn decode(order: &str, keyed: bool, cursor: &str) -> Result<After> {
    let bytes = BASE64URL_NOPAD
        .decode(cursor.trim().as_bytes())
        .map_err(|_| refuse("it is not base64url"))?;
    let (name, key, id): (String, Option<String>, i64) =
        serde_json::from_slice(&bytes).map_err(|_| refuse("its content is malformed"))?;
    if name != order {
        return Err(refuse(&format!("it belongs to {name:?}, not to {order:?}")));
    }
    let key = match (key, keyed) {
        (Some(hex), true) => Some(
            HEXLOWER
                .decode(hex.as_bytes())
                .map_err(|_| refuse("its sort key is not hexadecimal"))?,
        ),
        (None, false) => None,
        (Some(_), false) => return Err(refuse("it carries a sort key this order has not")),
        (None, true) => return Err(refuse("it lacks the sort key of this order")),
    };
    Ok(After { key, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_the_row_it_was_made_from() {
        let c = encode("contacts.name", Some(&[0x2a, 0x00, 0xff]), 42);
        assert_eq!(
            decode("contacts.name", true, &c).unwrap(),
            After {
                key: Some(vec![0x2a, 0x00, 0xff]),
                id: 42
            }
        );
        let c = encode("contacts.newest", None, 7);
        assert_eq!(
            decode("contacts.newest", false, &c).unwrap(),
            After { key: None, id: 7 }
        );
    }

    #[test]
    fn anything_but_a_cursor_of_the_same_order_is_refused_with_a_reason() {
        let name = encode("contacts.name", Some(&[1]), 1);
        let bad = [
            ("contacts.name", true, "not base64!".to_owned()),
            ("contacts.name", true, BASE64URL_NOPAD.encode(b"{}")),
            (
                "contacts.name",
                true,
                BASE64URL_NOPAD.encode(b"[\"contacts.name\",\"zz\",1]"),
            ),
            (
                "contacts.name",
                true,
                BASE64URL_NOPAD.encode(b"[\"contacts.name\",null,1]"),
            ),
            ("contacts.oldest", false, name.clone()),
            ("companies.name", true, name),
        ];
        for (order, keyed, cursor) in bad {
            let err = decode(order, keyed, &cursor).unwrap_err();
            assert_eq!(err.reason(), Some("cursor-invalid"), "{cursor}");
        }
    }
}

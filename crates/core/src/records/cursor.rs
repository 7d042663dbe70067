//! The cursors of keyset pagination (ADR 0021): a page of a list ends with
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

#[cfg(feature = "test-support")]
impl crate::Session {
    /// The query plan (`EXPLAIN QUERY PLAN`, one line per step) of the page
    /// after a cursor of every list in every order and with every filter a
    /// front end offers, as `(what, plan)`: the test that each is an index
    /// walk from the cursor, with no sort.
    ///
    /// # Errors
    /// A query that does not prepare.
    #[doc(hidden)]
    pub fn page_query_plans(&self) -> Result<Vec<(String, String)>> {
        use crate::records::contacts::{ContactQuery, ContactSort};

        let explain = |sql: &str, params: &[&dyn rusqlite::ToSql]| -> Result<String> {
            let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
            let lines = stmt
                .query_map(params, |r| r.get::<_, String>(3))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(lines.join("\n"))
        };
        let mut plans = Vec::new();
        let filters: [(&str, ContactQuery); 5] = [
            ("all", ContactQuery::default()),
            (
                "tag",
                ContactQuery {
                    tag: Some("vip".into()),
                    ..ContactQuery::default()
                },
            ),
            (
                "owner",
                ContactQuery {
                    owner_id: Some(1),
                    ..ContactQuery::default()
                },
            ),
            (
                "company",
                ContactQuery {
                    company_id: Some(1),
                    ..ContactQuery::default()
                },
            ),
            (
                "owner+tag",
                ContactQuery {
                    tag: Some("vip".into()),
                    owner_id: Some(1),
                    ..ContactQuery::default()
                },
            ),
        ];
        for (filter, query) in filters {
            for sort in ContactSort::ALL {
                for see_restricted in [true, false] {
                    let query = ContactQuery {
                        sort,
                        ..query.clone()
                    };
                    let after = After {
                        key: Some(vec![0x40]),
                        id: 500,
                    };
                    let (sql, params) = crate::records::contacts::contact_page_sql(
                        &query,
                        see_restricted,
                        Some(after),
                        50,
                    );
                    let params: Vec<&dyn rusqlite::ToSql> =
                        params.iter().map(|p| p.as_ref()).collect();
                    let who = if see_restricted {
                        ""
                    } else {
                        ", restricted hidden"
                    };
                    plans.push((
                        format!("contacts.{} ({filter}{who})", sort.as_str()),
                        explain(&sql, &params)?,
                    ));
                }
            }
        }
        let (sql, params) = crate::records::companies::company_page_sql(Some((vec![0x40], 5)), 50);
        let params: Vec<&dyn rusqlite::ToSql> = params.iter().map(|p| p as _).collect();
        plans.push(("companies.name".into(), explain(&sql, &params)?));
        let filter = crate::audit::AuditFilter {
            before_seq: Some(500),
            ..Default::default()
        };
        let (sql, params) = crate::audit::query_sql(&filter, None, 50)?;
        let params: Vec<&dyn rusqlite::ToSql> = params.iter().map(|p| p as _).collect();
        plans.push(("audit.newest".into(), explain(&sql, &params)?));
        Ok(plans)
    }
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

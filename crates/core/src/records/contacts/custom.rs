//! A contact's custom field values: the definitions they are checked
//! against, and reading and writing them with the contact. Defining and
//! removing fields is [`crate::records::custom_fields`].

use std::collections::BTreeMap;

use rusqlite::{Connection, Transaction, params};

use super::MAX_SHORT_FIELD;
use super::fields::check_text;
use crate::{Error, Result};

/// Values of a contact's custom fields, by field key.
pub type CustomValues = BTreeMap<String, String>;

/// What a custom field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CustomFieldKind {
    /// One line of text.
    Text,
    /// A number (stored as written, checked to be one).
    Number,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// Yes or no, stored as `true` or `false`.
    Boolean,
}

impl CustomFieldKind {
    /// Every kind.
    pub const ALL: [CustomFieldKind; 4] = [
        CustomFieldKind::Text,
        CustomFieldKind::Number,
        CustomFieldKind::Date,
        CustomFieldKind::Boolean,
    ];

    /// The stable name (`text`, `number`, `date`, `boolean`).
    pub fn as_str(self) -> &'static str {
        match self {
            CustomFieldKind::Text => "text",
            CustomFieldKind::Number => "number",
            CustomFieldKind::Date => "date",
            CustomFieldKind::Boolean => "boolean",
        }
    }

    /// Checks and normalises one value; `label` names the field in the error.
    fn clean(self, label: &str, value: &str) -> Result<String> {
        let value = value.trim();
        match self {
            CustomFieldKind::Text => {
                if value.contains('\n') {
                    return Err(Error::invalid(format!("the {label} must be on one line")));
                }
                check_text(label, value, MAX_SHORT_FIELD)?;
                Ok(value.to_owned())
            }
            CustomFieldKind::Number => match value.parse::<f64>() {
                Ok(n) if n.is_finite() && value.len() <= 40 => Ok(value.to_owned()),
                _ => Err(Error::invalid(format!("the {label} is not a number"))),
            },
            CustomFieldKind::Date => {
                crate::records::parse_date(label, value).map(|d| d.format("%Y-%m-%d").to_string())
            }
            CustomFieldKind::Boolean => match value.to_ascii_lowercase().as_str() {
                "true" | "yes" | "y" | "1" | "x" => Ok("true".into()),
                "false" | "no" | "n" | "0" => Ok("false".into()),
                _ => Err(Error::invalid(format!("the {label} is not yes or no"))),
            },
        }
    }
}

impl std::str::FromStr for CustomFieldKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        CustomFieldKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::invalid(format!(
                    "unknown field kind {s:?}; use text, number, date or boolean"
                ))
            })
    }
}

/// A custom field's definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomField {
    /// Id.
    pub id: i64,
    /// Stable key: lower-case letters, digits and `-`, starting with a letter.
    pub key: String,
    /// What people see.
    pub label: String,
    /// What it holds.
    pub kind: CustomFieldKind,
}

/// Every defined field, by label.
pub(crate) fn definitions(conn: &Connection) -> Result<Vec<CustomField>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, key, label, kind FROM custom_fields ORDER BY label COLLATE NOCASE, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, key, label, kind) = row?;
        let kind = kind
            .parse()
            .map_err(|_| Error::Integrity("a custom field has an unknown kind".into()))?;
        out.push(CustomField {
            id,
            key,
            label,
            kind,
        });
    }
    Ok(out)
}

/// Checks `values` against the definitions: every key must be defined and
/// every value fit its kind. Empty values are dropped (they clear a field).
pub(crate) fn clean_values(defs: &[CustomField], values: &CustomValues) -> Result<CustomValues> {
    let mut out = CustomValues::new();
    for (key, value) in values {
        let def = defs.iter().find(|d| d.key == *key).ok_or_else(|| {
            Error::invalid(format!(
                "there is no custom field {key:?}; an owner or admin defines custom fields first"
            ))
        })?;
        if value.trim().is_empty() {
            continue;
        }
        out.insert(key.clone(), def.kind.clean(&def.label, value)?);
    }
    Ok(out)
}

/// A contact's values, by key.
pub(crate) fn read_values(conn: &Connection, contact_id: i64) -> Result<CustomValues> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.key, v.value FROM contact_custom_values v
         JOIN custom_fields f ON f.id = v.field_id WHERE v.contact_id = ?1",
    )?;
    let rows = stmt.query_map([contact_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes a contact's values (already cleaned); with `replace`, the old
/// ones go first.
pub(crate) fn write_values(
    tx: &Transaction<'_>,
    contact_id: i64,
    values: &CustomValues,
    replace: bool,
) -> Result<()> {
    if replace {
        tx.prepare_cached("DELETE FROM contact_custom_values WHERE contact_id = ?1")?
            .execute([contact_id])?;
    }
    for (key, value) in values {
        tx.prepare_cached(
            "INSERT INTO contact_custom_values (contact_id, field_id, value)
             SELECT ?1, id, ?3 FROM custom_fields WHERE key = ?2",
        )?
        .execute(params![contact_id, key, value])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_against_their_kind() {
        let k = CustomFieldKind::Number;
        assert_eq!(k.clean("size", " 12.5 ").unwrap(), "12.5");
        assert!(k.clean("size", "twelve").is_err());
        assert!(k.clean("size", "NaN").is_err());
        let b = CustomFieldKind::Boolean;
        assert_eq!(b.clean("vip", "Yes").unwrap(), "true");
        assert_eq!(b.clean("vip", "0").unwrap(), "false");
        assert!(b.clean("vip", "maybe").is_err());
        let d = CustomFieldKind::Date;
        assert_eq!(d.clean("renewal", "2027-01-31").unwrap(), "2027-01-31");
        assert!(d.clean("renewal", "31.01.2027").is_err());
        assert!(CustomFieldKind::Text.clean("code", "a\nb").is_err());
    }
}

//! A contact's custom field values: the definitions they are checked
//! against, and reading and writing them with the contact. Defining and
//! removing fields is [`crate::records::custom_fields`].

use std::collections::BTreeMap;

use rusqlite::{Connection, Transaction, params};

use super::MAX_SHORT_FIELD;
use super::fields::{check_text, yes_or_no};
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
    ///
    /// # Errors
    /// Reason `invalid-value` (`field`: the label, `kind`: `number` or
    /// `boolean`) for a value of the wrong kind, `date-invalid` for a date;
    /// both with `custom` `true`, which says `field` is a label the user
    /// gave, to be shown as it is.
    fn clean(self, label: &str, value: &str) -> Result<String> {
        let value = value.trim();
        match self {
            CustomFieldKind::Text => {
                if value.contains('\n') {
                    return Err(crate::Invalid::new(
                        "multiline",
                        format!("the {label} must be on one line"),
                    )
                    .with("field", label)
                    .with("custom", true)
                    .into());
                }
                check_text(label, value, MAX_SHORT_FIELD)?;
                Ok(value.to_owned())
            }
            CustomFieldKind::Number => match value.parse::<f64>() {
                Ok(n) if n.is_finite() && value.len() <= 40 => Ok(value.to_owned()),
                _ => grouped_number(value).ok_or_else(|| invalid_value(label, self)),
            },
            CustomFieldKind::Date => crate::records::parse_date(label, value)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .map_err(|e| match e {
                    Error::InvalidInput(invalid) => invalid.with("custom", true).into(),
                    other => other,
                }),
            CustomFieldKind::Boolean => match yes_or_no(value) {
                Some(yes) => Ok(yes.to_string()),
                None => Err(invalid_value(label, self)),
            },
        }
    }
}

/// A number written with thousands separators or a decimal comma, as
/// spreadsheets in many locales write it (`12.500,50`, `1.200.000,00`,
/// `1,200,000.00`, `1 234,5`, `12,5`), in plain form (`12500.50`): the last
/// of `.` and `,` is the decimal mark when both appear; one kind alone is
/// the decimal mark when it appears once (`12,5`; a plain `12.500` is read
/// by Rust's own parser before this, as twelve and a half) and groups
/// thousands when repeated. Groups after the first must have three digits.
/// `None` when it is not such a number.
fn grouped_number(value: &str) -> Option<String> {
    let (sign, digits) = match value.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", value),
    };
    let digits: String = digits
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if digits.is_empty()
        || digits.len() > 40
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let (dots, commas) = (digits.matches('.').count(), digits.matches(',').count());
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) if dots > 1 => None,
        (0, _) if commas > 1 => None,
        (1, 0) => Some('.'),
        (0, 1) => Some(','),
        _ => digits
            .rfind(['.', ','])
            .and_then(|i| digits[i..].chars().next()),
    };
    let (whole, fraction) = match decimal {
        Some(mark) => {
            let (w, f) = digits.rsplit_once(mark)?;
            (w, Some(f))
        }
        None => (digits.as_str(), None),
    };
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let fraction_ok =
        fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !grouped_ok || !fraction_ok || groups[0].is_empty() {
        return None;
    }
    let mut out = format!("{sign}{}", groups.concat());
    if let Some(f) = fraction {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

impl std::str::FromStr for CustomFieldKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        CustomFieldKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::from(
                    crate::Invalid::new(
                        "value-not-allowed",
                        format!("unknown field kind {s:?}; use text, number, date or boolean"),
                    )
                    .with("field", "field kind"),
                )
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

/// Every defined field, by label in the vault language's collation.
pub(crate) fn definitions(conn: &Connection) -> Result<Vec<CustomField>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, key, label, kind FROM custom_fields ORDER BY id")?;
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
    let language = crate::locale::vault_language_of(conn)?;
    crate::collation::sort_by_text(language, &mut out, |f| &f.label);
    Ok(out)
}

/// Checks `values` against the definitions: every key must be defined and
/// every value fit its kind. Empty values are dropped (they clear a field).
pub(crate) fn clean_values(defs: &[CustomField], values: &CustomValues) -> Result<CustomValues> {
    let mut out = CustomValues::new();
    for (key, value) in values {
        let def = defs.iter().find(|d| d.key == *key).ok_or_else(|| {
            Error::from(crate::Invalid::new(
                "field-unknown",
                format!(
                    "there is no custom field {key:?}; an owner or admin defines custom fields first"
                ),
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

/// A custom field's value that is not of its kind: reason `invalid-value`.
fn invalid_value(label: &str, kind: CustomFieldKind) -> Error {
    let message = match kind {
        CustomFieldKind::Boolean => format!("the {label} is not yes or no"),
        _ => format!("the {label} is not a number"),
    };
    crate::Invalid::new("invalid-value", message)
        .with("field", label)
        .with("kind", kind.as_str())
        .with("custom", true)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_grouping_and_a_decimal_comma_are_read() {
        let k = CustomFieldKind::Number;
        let n = |v: &str| k.clean("amount", v).ok();
        assert_eq!(n("12.500,50").as_deref(), Some("12500.50"));
        assert_eq!(n("1.200.000,00").as_deref(), Some("1200000.00"));
        assert_eq!(n("1,200,000.00").as_deref(), Some("1200000.00"));
        assert_eq!(n("12500.5").as_deref(), Some("12500.5"));
        assert_eq!(n("-1 234,5").as_deref(), Some("-1234.5"));
        assert_eq!(n("12,5").as_deref(), Some("12.5"));
        assert_eq!(n("1.2.3,4"), None);
        assert_eq!(n("12,50.000"), None);
        assert_eq!(n("1,,2"), None);
        assert_eq!(n(",5"), None);
    }

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

    #[test]
    fn a_value_of_the_wrong_kind_is_refused_with_a_reason_and_the_label() {
        let said = |kind: CustomFieldKind, value: &str| {
            let err = kind.clean("Mărime", value).unwrap_err();
            (err.reason(), err.params())
        };
        let (reason, params) = said(CustomFieldKind::Number, "twelve");
        assert_eq!(reason, Some("invalid-value"));
        assert_eq!(params.get("field").map(String::as_str), Some("Mărime"));
        assert_eq!(params.get("kind").map(String::as_str), Some("number"));
        let (reason, params) = said(CustomFieldKind::Boolean, "maybe");
        assert_eq!(reason, Some("invalid-value"));
        assert_eq!(params.get("kind").map(String::as_str), Some("boolean"));
        let (reason, params) = said(CustomFieldKind::Date, "31.01.2027");
        assert_eq!(reason, Some("date-invalid"));
        assert_eq!(params.get("field").map(String::as_str), Some("Mărime"));
        assert_eq!(params.get("custom").map(String::as_str), Some("true"));
    }
}

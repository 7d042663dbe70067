//! Custom fields: extra contact fields an owner or admin defines (a
//! membership number, a contract end date, "newsletter printed?"). Each has a
//! stable key, a label and a kind that every value is checked against.
//! Values are ordinary (not sensitive) fields: they are listed, searched,
//! exported and imported like the built-in ones. The values and their
//! checks live with the contact ([`super::contacts`]); this is defining and
//! removing fields.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

pub use super::contacts::custom::{CustomField, CustomFieldKind, CustomValues};
pub(crate) use super::contacts::custom::{definitions, read_values};
use super::contacts::fields::check_text;
use super::target;
use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::{Error, Result};

/// Most custom fields a vault can define.
pub const MAX_CUSTOM_FIELDS: usize = 50;

fn clean_key(key: &str) -> Result<String> {
    let key = key.trim();
    let ok = (1..=40).contains(&key.len())
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(key.to_owned())
    } else {
        Err(crate::Invalid::new(
            "field-key-invalid",
            format!(
                "the field key {key:?} must be 1 to 40 lower-case letters, digits or '-', starting with a letter"
            ),
        )
        .into())
    }
}

fn clean_label(label: &str) -> Result<String> {
    let label = label.trim();
    if label.is_empty() || label.contains('\n') {
        return Err(crate::Invalid::new(
            if label.is_empty() {
                "required"
            } else {
                "multiline"
            },
            "a custom field needs a one-line label",
        )
        .with("field", "label")
        .into());
    }
    check_text("label", label, 80)?;
    Ok(label.to_owned())
}

impl Session {
    /// The custom fields defined for contacts, by label.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn list_custom_fields(&self) -> Result<Vec<CustomField>> {
        self.authorize(Permission::ContactsRead, "field.list", None)?;
        definitions(&self.conn)
    }

    /// Defines a new custom field for contacts.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `settings.manage`;
    /// [`Error::InvalidInput`] for a bad key or label, a key or label in use,
    /// or more than [`MAX_CUSTOM_FIELDS`] fields.
    pub fn add_custom_field(
        &mut self,
        key: &str,
        label: &str,
        kind: CustomFieldKind,
    ) -> Result<CustomField> {
        self.authorize(Permission::SettingsManage, "field.create", None)?;
        let key = clean_key(key)?;
        let label = clean_label(label)?;
        let defs = definitions(&self.conn)?;
        if defs.len() >= MAX_CUSTOM_FIELDS {
            return Err(crate::Invalid::new(
                "custom-fields-too-many",
                format!("a vault holds at most {MAX_CUSTOM_FIELDS} custom fields"),
            )
            .with("limit", MAX_CUSTOM_FIELDS)
            .into());
        }
        if defs
            .iter()
            .any(|d| d.key == key || d.label.eq_ignore_ascii_case(&label))
        {
            return Err(crate::Invalid::new(
                "already-exists",
                format!(
                    "a custom field with the key {key:?} or the label {label:?} exists already"
                ),
            )
            .with("field", "custom field")
            .into());
        }
        let builtin = super::contacts::Field::ALL
            .iter()
            .any(|f| f.as_str() == key);
        if builtin {
            return Err(crate::Invalid::new(
                "field-key-built-in",
                format!("{key:?} is a built-in contact field; choose another key"),
            )
            .into());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO custom_fields (key, label, kind) VALUES (?1, ?2, ?3)",
            params![key, label, kind.as_str()],
        )?;
        let id = tx.last_insert_rowid();
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("field.create", Some(target("custom_field", id)))
                .with("key", key.as_str())
                .with("kind", kind.as_str()),
        )?;
        tx.commit()?;
        Ok(CustomField {
            id,
            key,
            label,
            kind,
        })
    }

    /// Removes custom field `key` and every contact's value of it.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `settings.manage`;
    /// [`Error::NotFound`].
    pub fn delete_custom_field(&mut self, key: &str) -> Result<usize> {
        self.authorize(Permission::SettingsManage, "field.delete", None)?;
        let id: i64 = self
            .conn
            .query_row(
                "SELECT id FROM custom_fields WHERE key = ?1",
                [key.trim()],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "custom field",
                id: key.trim().to_owned(),
            })?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let holders: Vec<i64> = tx
            .prepare(
                "SELECT v.contact_id FROM contact_custom_values v JOIN contacts c ON c.id = v.contact_id
                 WHERE v.field_id = ?1 AND c.deleted_at IS NULL",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let values = tx.execute(
            "DELETE FROM contact_custom_values WHERE field_id = ?1",
            [id],
        )?;
        tx.execute("DELETE FROM custom_fields WHERE id = ?1", [id])?;
        // The removed values leave search with the field.
        for contact in holders {
            super::contacts::index_contact(&tx, contact, true)?;
        }
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("field.delete", Some(target("custom_field", id)))
                .with("key", key.trim())
                .with("values", values),
        )?;
        tx.commit()?;
        Ok(values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_lower_case_words() {
        assert_eq!(clean_key(" member-no ").unwrap(), "member-no");
        for bad in ["", "Member", "1st", "a b", "ä", &"x".repeat(41)] {
            assert!(clean_key(bad).is_err(), "{bad}");
        }
    }
}

//! Saved views: a named [`ContactQuery`] a user keeps for the contacts list
//! ("my customers in Berlin", "VIP, newest first"). Views are personal: each
//! user sees and changes only their own.

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use super::contacts::fields::check_text;
use super::contacts::{ContactQuery, ContactSort};
use super::target;
use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::{Error, Result};

/// Most views one user may save.
pub const MAX_VIEWS: usize = 100;

/// A saved view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedView {
    /// Id.
    pub id: i64,
    /// Its name, unique per user.
    pub name: String,
    /// The filters and order it applies.
    pub query: ContactQuery,
}

/// How a query is stored in the `views.filter` column.
#[derive(Serialize, Deserialize)]
struct StoredQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tag: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    owner_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    company_id: Option<i64>,
    #[serde(default)]
    sort: String,
}

impl From<&ContactQuery> for StoredQuery {
    fn from(q: &ContactQuery) -> Self {
        Self {
            tag: q.tag.clone(),
            owner_id: q.owner_id,
            company_id: q.company_id,
            sort: q.sort.as_str().to_owned(),
        }
    }
}

fn parse_stored(text: &str) -> Result<ContactQuery> {
    let stored: StoredQuery = serde_json::from_str(text)
        .map_err(|_| Error::Integrity("a saved view is unreadable".into()))?;
    Ok(ContactQuery {
        tag: stored.tag,
        owner_id: stored.owner_id,
        company_id: stored.company_id,
        sort: stored.sort.parse().unwrap_or(ContactSort::NameAsc),
    })
}

fn clean_view_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.contains('\n') {
        return Err(crate::Invalid::new(
            if name.is_empty() {
                "required"
            } else {
                "multiline"
            },
            "a view needs a one-line name",
        )
        .with("field", "view name")
        .into());
    }
    check_text("view name", name, 80)?;
    Ok(name.to_owned())
}

fn clean_query(q: &ContactQuery) -> Result<ContactQuery> {
    let tag = match q.tag.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(t) => {
            check_text("tag", t, super::contacts::MAX_SHORT_FIELD)?;
            Some(t.to_owned())
        }
    };
    Ok(ContactQuery { tag, ..q.clone() })
}

impl Session {
    /// The current user's saved views, by name in the vault language's
    /// collation.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn list_views(&self) -> Result<Vec<SavedView>> {
        self.authorize(Permission::ContactsRead, "view.list", None)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, filter FROM views WHERE owner_id = ?1 AND entity = 'contacts'
             ORDER BY id",
        )?;
        let mut rows: Vec<(i64, String, String)> = stmt
            .query_map([self.user.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        crate::collation::sort_by_text(self.vault_language()?, &mut rows, |r| &r.1);
        rows.into_iter()
            .map(|(id, name, filter)| {
                Ok(SavedView {
                    id,
                    name,
                    query: parse_stored(&filter)?,
                })
            })
            .collect()
    }

    /// One of the current user's views, by name (case-insensitive) or id.
    ///
    /// # Errors
    /// [`Error::NotFound`]; [`Error::PermissionDenied`] without `contacts.read`.
    pub fn find_view(&self, name_or_id: &str) -> Result<SavedView> {
        let wanted = name_or_id.trim();
        self.list_views()?
            .into_iter()
            .find(|v| v.name.eq_ignore_ascii_case(wanted) || v.id.to_string() == wanted)
            .ok_or_else(|| Error::NotFound {
                entity: "view",
                id: wanted.to_owned(),
            })
    }

    /// Saves `query` as the current user's view `name`, replacing a view of
    /// that name.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a bad name or tag, or too many views;
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn save_view(&mut self, name: &str, query: &ContactQuery) -> Result<SavedView> {
        self.authorize(Permission::ContactsRead, "view.save", None)?;
        let name = clean_view_name(name)?;
        let query = clean_query(query)?;
        let filter = serde_json::to_string(&StoredQuery::from(&query))
            .map_err(|_| Error::Database("serializing a view".into()))?;
        let existing: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM views WHERE owner_id = ?1 AND entity = 'contacts' AND name = ?2",
                params![self.user.id, name],
                |r| r.get(0),
            )
            .optional()?;
        if existing.is_none() {
            let count: i64 = self.conn.query_row(
                "SELECT count(*) FROM views WHERE owner_id = ?1",
                [self.user.id],
                |r| r.get(0),
            )?;
            if usize::try_from(count).unwrap_or(usize::MAX) >= MAX_VIEWS {
                return Err(crate::Invalid::new(
                    "views-too-many",
                    format!("you have {MAX_VIEWS} saved views; delete one first"),
                )
                .with("limit", MAX_VIEWS)
                .into());
            }
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE views SET filter = ?2 WHERE id = ?1",
                    params![id, filter],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO views (name, entity, filter, owner_id) VALUES (?1, 'contacts', ?2, ?3)",
                    params![name, filter, self.user.id],
                )?;
                tx.last_insert_rowid()
            }
        };
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("view.save", Some(target("view", id))),
        )?;
        tx.commit()?;
        Ok(SavedView { id, name, query })
    }

    /// Deletes one of the current user's views.
    ///
    /// # Errors
    /// [`Error::NotFound`] (also for another user's view);
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn delete_view(&mut self, id: i64) -> Result<()> {
        self.authorize(
            Permission::ContactsRead,
            "view.delete",
            Some(target("view", id)),
        )?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "DELETE FROM views WHERE id = ?1 AND owner_id = ?2",
            params![id, self.user.id],
        )?;
        if n == 0 {
            return Err(Error::NotFound {
                entity: "view",
                id: id.to_string(),
            });
        }
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("view.delete", Some(target("view", id))),
        )?;
        tx.commit()?;
        Ok(())
    }
}

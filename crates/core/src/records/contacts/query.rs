//! Listing contacts with filters and a sort order: the contacts table, saved
//! views and exports of a view all go through [`ContactQuery`].

use rusqlite::ToSql;

use super::{ContactPage, ContactSummary, MAX_PAGE};
use crate::Result;
use crate::auth::{Permission, Session};

/// The order of a contacts list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ContactSort {
    /// A to Z by name, in the vault language's collation (case-insensitive).
    #[default]
    NameAsc,
    /// Z to A by name.
    NameDesc,
    /// Most recently added first.
    Newest,
    /// Oldest first.
    Oldest,
}

impl ContactSort {
    /// Every order.
    pub const ALL: [ContactSort; 4] = [
        ContactSort::NameAsc,
        ContactSort::NameDesc,
        ContactSort::Newest,
        ContactSort::Oldest,
    ];

    /// The stable name (`name`, `name-desc`, `newest`, `oldest`).
    pub fn as_str(self) -> &'static str {
        match self {
            ContactSort::NameAsc => "name",
            ContactSort::NameDesc => "name-desc",
            ContactSort::Newest => "newest",
            ContactSort::Oldest => "oldest",
        }
    }

    fn order_by(self) -> &'static str {
        // Each order is served by an index: the sort keys' index (the
        // vault language's collation, ADR 0017) for the first two, the
        // rowid for the others.
        match self {
            ContactSort::NameAsc => "c.sort_key, c.id",
            ContactSort::NameDesc => "c.sort_key DESC, c.id DESC",
            ContactSort::Newest => "c.id DESC",
            ContactSort::Oldest => "c.id",
        }
    }
}

impl std::str::FromStr for ContactSort {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self> {
        ContactSort::ALL
            .into_iter()
            .find(|o| o.as_str() == s.trim())
            .ok_or_else(|| {
                crate::Error::invalid(format!(
                    "unknown sort order {s:?}; use name, name-desc, newest or oldest"
                ))
            })
    }
}

/// Which contacts to list, and in which order. Every filter given must
/// match; `None` leaves that filter out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ContactQuery {
    /// Only contacts with this tag (however it is spelt: case and
    /// diacritics ignored).
    pub tag: Option<String>,
    /// Only contacts owned by this user (id).
    pub owner_id: Option<i64>,
    /// Only contacts linked to this company record (id).
    pub company_id: Option<i64>,
    /// The order.
    pub sort: ContactSort,
}

impl ContactQuery {
    /// The `WHERE` clause and its parameters; restricted people (a
    /// data-subject request) only for those who handle requests.
    fn condition(&self, see_restricted: bool) -> (String, Vec<Box<dyn ToSql + '_>>) {
        let mut sql = String::from(if see_restricted {
            "c.deleted_at IS NULL"
        } else {
            "c.deleted_at IS NULL AND c.restricted_at IS NULL"
        });
        let mut params: Vec<Box<dyn ToSql + '_>> = Vec::new();
        if let Some(tag) = &self.tag {
            params.push(Box::new(crate::collation::fold(tag.trim())));
            sql.push_str(&format!(
                " AND c.id IN (SELECT ct.contact_id FROM contact_tags ct
                               JOIN tags t ON t.id = ct.tag_id WHERE t.folded = ?{})",
                params.len()
            ));
        }
        if let Some(owner) = self.owner_id {
            params.push(Box::new(owner));
            sql.push_str(&format!(" AND c.owner_id = ?{}", params.len()));
        }
        if let Some(company) = self.company_id {
            params.push(Box::new(company));
            sql.push_str(&format!(" AND c.company_id = ?{}", params.len()));
        }
        (sql, params)
    }
}

impl Session {
    /// A page of live contacts sorted by name (case-insensitive), with the total.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.read`.
    pub fn list_contacts(&self, offset: u64, limit: u32) -> Result<ContactPage> {
        self.list_contacts_where(&ContactQuery::default(), offset, limit)
    }

    /// A page of the live contacts matching `query`, in its order, with the
    /// number of matches. `limit` is clamped to 1..=[`MAX_PAGE`].
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.read`.
    pub fn list_contacts_where(
        &self,
        query: &ContactQuery,
        offset: u64,
        limit: u32,
    ) -> Result<ContactPage> {
        self.authorize(Permission::ContactsRead, "contact.list", None)?;
        let limit = limit.clamp(1, MAX_PAGE);
        let (condition, mut params) = query.condition(self.can(Permission::RightsManage));
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM contacts c WHERE {condition}"
            ))?
            .query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
        let n = params.len();
        params.push(Box::new(limit));
        params.push(Box::new(i64::try_from(offset).unwrap_or(i64::MAX)));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id, c.name, c.company,
                    (SELECT email FROM contact_emails WHERE contact_id = c.id AND position = 0),
                    (SELECT phone FROM contact_phones WHERE contact_id = c.id AND position = 0),
                    c.owner_id
             FROM contacts c
             WHERE {condition}
             ORDER BY {}
             LIMIT ?{} OFFSET ?{}",
            query.sort.order_by(),
            n + 1,
            n + 2
        ))?;
        let items = stmt
            .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                Ok(ContactSummary {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    company: r.get(2)?,
                    email: r.get(3)?,
                    phone: r.get(4)?,
                    owner_id: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ContactPage {
            items,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    /// The id of the user called `name` (case-insensitive, disabled users
    /// included), to filter contacts by owner.
    ///
    /// # Errors
    /// [`crate::Error::NotFound`]; [`crate::Error::PermissionDenied`] without
    /// `contacts.read`.
    pub fn owner_id_by_name(&self, name: &str) -> Result<i64> {
        self.authorize(Permission::ContactsRead, "contact.list", None)?;
        crate::auth::user_id_by_name(&self.conn, name, false)?.ok_or_else(|| {
            crate::Error::NotFound {
                entity: "user",
                id: name.trim().to_owned(),
            }
        })
    }

    /// The ids of every live contact matching `query`, in its order (an
    /// export of a view). The caller checks its own permission.
    pub(crate) fn contact_ids_where(&self, query: &ContactQuery) -> Result<Vec<i64>> {
        let (condition, params) = query.condition(self.can(Permission::RightsManage));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id FROM contacts c WHERE {condition} ORDER BY {}",
            query.sort.order_by()
        ))?;
        let ids = stmt
            .query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }
}

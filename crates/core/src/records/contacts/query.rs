//! Listing contacts with filters and a sort order: the contacts table, saved
//! views and exports of a view all go through [`ContactQuery`].

use rusqlite::{OptionalExtension, ToSql};

use super::{ContactPage, ContactSummary, MAX_PAGE};
use crate::Result;
use crate::auth::{Permission, Session};
use crate::records::cursor;

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
                crate::Error::from(
                    crate::Invalid::new(
                        "value-not-allowed",
                        format!("unknown sort order {s:?}; use name, name-desc, newest or oldest"),
                    )
                    .with("field", "sort order"),
                )
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
        // The whole list by id walks the table itself: `+` keeps the
        // planner from walking an index on `deleted_at` (all but the recycle
        // bin) and sorting what it finds (ADR 0023).
        let by_rowid = !self.sort.keyed() && self.owner_id.is_none() && self.company_id.is_none();
        let mut sql = String::from(if by_rowid {
            "+c.deleted_at IS NULL"
        } else {
            "c.deleted_at IS NULL"
        });
        if !see_restricted {
            sql.push_str(" AND c.restricted_at IS NULL");
        }
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

impl ContactSort {
    /// The list and order a cursor of this order names (ADR 0023).
    fn cursor_name(self) -> &'static str {
        match self {
            ContactSort::NameAsc => "contacts.name",
            ContactSort::NameDesc => "contacts.name-desc",
            ContactSort::Newest => "contacts.newest",
            ContactSort::Oldest => "contacts.oldest",
        }
    }

    /// Whether the order is by the sort key (then the id).
    fn keyed(self) -> bool {
        matches!(self, ContactSort::NameAsc | ContactSort::NameDesc)
    }

    /// The condition of the rows after a cursor: parameter `key` is its
    /// sort key (unused by the orders by id), `id` its id.
    fn after(self, key: usize, id: usize) -> String {
        match self {
            ContactSort::NameAsc => format!("(c.sort_key, c.id) > (?{key}, ?{id})"),
            ContactSort::NameDesc => format!("(c.sort_key, c.id) < (?{key}, ?{id})"),
            ContactSort::Newest => format!("c.id < ?{id}"),
            ContactSort::Oldest => format!("c.id > ?{id}"),
        }
    }
}

impl Session {
    /// The first page of live contacts sorted by name, or the page after
    /// `after` (a cursor of an earlier page).
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.read`;
    /// [`crate::Error::InvalidInput`] (`cursor-invalid`) for a cursor that is
    /// not one of this order's.
    pub fn list_contacts(&self, after: Option<&str>, limit: u32) -> Result<ContactPage> {
        self.list_contacts_where(&ContactQuery::default(), after, limit)
    }

    /// A page of the live contacts matching `query`, in its order: the first
    /// one, or the one after the cursor `after` that an earlier page of the
    /// same order handed out. `limit` is clamped to 1..=[`MAX_PAGE`]. The
    /// page's `next` is the cursor of the page after it, `None` at the end.
    /// Each page is an index walk from where the last one stopped (ADR 0023).
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.read`;
    /// [`crate::Error::InvalidInput`] (`cursor-invalid`) for a cursor that is
    /// not one of this order's.
    pub fn list_contacts_where(
        &self,
        query: &ContactQuery,
        after: Option<&str>,
        limit: u32,
    ) -> Result<ContactPage> {
        self.authorize(Permission::ContactsRead, "contact.list", None)?;
        let limit = limit.clamp(1, MAX_PAGE);
        let sort = query.sort;
        let after = after
            .map(|c| cursor::decode(sort.cursor_name(), sort.keyed(), c))
            .transpose()?;
        let see_restricted = self.can(Permission::RightsManage);
        let (sql, params) = contact_page_sql(query, see_restricted, after, limit);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                Ok((
                    ContactSummary {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        company: r.get(2)?,
                        email: r.get(3)?,
                        phone: r.get(4)?,
                        owner_id: r.get(5)?,
                    },
                    r.get::<_, Option<Vec<u8>>>(6)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let next = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last().map(|(last, key)| {
                let key = sort.keyed().then(|| key.as_deref().unwrap_or_default());
                cursor::encode(sort.cursor_name(), key, last.id)
            })
        } else {
            None
        };
        Ok(ContactPage {
            items: rows.into_iter().map(|(item, _)| item).collect(),
            next,
        })
    }

    /// How many live contacts match `query` (a walk of them all: ask once
    /// per list, not per page).
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.read`.
    pub fn count_contacts(&self, query: &ContactQuery) -> Result<u64> {
        self.authorize(Permission::ContactsRead, "contact.list", None)?;
        let (condition, params) = query.condition(self.can(Permission::RightsManage));
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM contacts c WHERE {condition}"
            ))?
            .query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
        Ok(u64::try_from(total).unwrap_or(0))
    }

    /// The cursor that starts a page at row `offset` (from 0) of `query`'s
    /// list, `None` for the first page: the benchmark's way to land in the
    /// middle of a list without paging to it. An offset walk, as slow as
    /// the position is deep; nothing else pages by offset (ADR 0023).
    pub(crate) fn contact_cursor_at(
        &self,
        query: &ContactQuery,
        offset: u64,
    ) -> Result<Option<String>> {
        if offset == 0 {
            return Ok(None);
        }
        let (condition, mut params) = query.condition(self.can(Permission::RightsManage));
        params.push(Box::new(i64::try_from(offset - 1).unwrap_or(i64::MAX)));
        let sort = query.sort;
        let row: Option<(i64, Option<Vec<u8>>)> = self
            .conn
            .prepare_cached(&format!(
                "SELECT c.id, c.sort_key FROM contacts c WHERE {condition}
                 ORDER BY {} LIMIT 1 OFFSET ?{}",
                sort.order_by(),
                params.len()
            ))?
            .query_row(rusqlite::params_from_iter(params.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        Ok(row.map(|(id, key)| {
            let key = sort.keyed().then(|| key.as_deref().unwrap_or_default());
            cursor::encode(sort.cursor_name(), key, id)
        }))
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

/// The statement of a page of `query`'s list after `after`, and its
/// parameters: one more row than `limit`, to know whether a page follows.
pub(crate) fn contact_page_sql<'q>(
    query: &'q ContactQuery,
    see_restricted: bool,
    after: Option<cursor::After>,
    limit: u32,
) -> (String, Vec<Box<dyn ToSql + 'q>>) {
    let sort = query.sort;
    let (mut condition, mut params) = query.condition(see_restricted);
    if let Some(after) = after {
        let n = params.len();
        params.push(Box::new(after.key.unwrap_or_default()));
        params.push(Box::new(after.id));
        condition.push_str(" AND ");
        condition.push_str(&sort.after(n + 1, n + 2));
    }
    params.push(Box::new(i64::from(limit) + 1));
    let sql = format!(
        "SELECT c.id, c.name, c.company,
                (SELECT email FROM contact_emails WHERE contact_id = c.id AND position = 0),
                (SELECT phone FROM contact_phones WHERE contact_id = c.id AND position = 0),
                c.owner_id, c.sort_key
         FROM contacts c
         WHERE {condition}
         ORDER BY {}
         LIMIT ?{}",
        sort.order_by(),
        params.len()
    );
    (sql, params)
}

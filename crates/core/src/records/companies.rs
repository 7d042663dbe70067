//! Companies: the organisations contacts work for and deals are made with.
//!
//! Permissions are the contact permissions (see [`crate::records`]); "own"
//! means the company's `owner_id` is the user. Deleting is soft: the row
//! keeps a `deleted_at` time, and the company disappears from lists, gets
//! and search at once.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::contacts::fields::{check_text, clean_optional, clean_phones};
use super::contacts::{MAX_NOTES, MAX_SHORT_FIELD};
use super::{company_names, cursor, target};
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::collation;
use crate::search::{self, Kind};
use crate::{Error, Result};

/// Largest page [`Session::list_companies`] returns.
pub const MAX_PAGE: u32 = 500;

/// The most contacts a row of the companies list counts: a company with
/// more shows this many and [`Company::contact_count_capped`]. Counting is
/// a walk of the company's contacts, so an uncapped count made a page cost
/// in proportion to the people of its 50 companies (15–34 ms at 1 000 000
/// contacts); capped, a page walks at most 50 × 1 000 index entries
/// (ADR 0023). One company ([`Session::get_company`]) is counted in full.
pub const LISTED_CONTACT_COUNT_CAP: u64 = 1000;

/// Fields of a new company.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewCompany {
    /// Name; required.
    pub name: String,
    /// Web domain such as `example.com` (a pasted URL is cut down to it).
    pub domain: Option<String>,
    /// Main phone number.
    pub phone: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Free-text notes.
    pub notes: Option<String>,
}

/// A change to a company: `None` leaves a field as it is; `Some` replaces it
/// (empty text clears an optional field).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanyPatch {
    /// New name.
    pub name: Option<String>,
    /// New domain.
    pub domain: Option<String>,
    /// New phone number.
    pub phone: Option<String>,
    /// New city.
    pub city: Option<String>,
    /// New country.
    pub country: Option<String>,
    /// New notes.
    pub notes: Option<String>,
}

/// A company with every field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    /// Stable id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Web domain, lower case.
    pub domain: Option<String>,
    /// Main phone number.
    pub phone: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Id of the user who owns the record.
    pub owner_id: i64,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
    /// How many live contacts are linked to it; in a list page, at most
    /// [`LISTED_CONTACT_COUNT_CAP`].
    pub contact_count: u64,
    /// Whether `contact_count` stopped at [`LISTED_CONTACT_COUNT_CAP`]: the
    /// company has at least that many (only in a list page).
    pub contact_count_capped: bool,
}

/// A page of the companies list, sorted by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyPage {
    /// The rows.
    pub items: Vec<Company>,
    /// The cursor of the page after this one; `None` on the last page.
    pub next: Option<String>,
}

/// A validated company, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CleanCompany {
    name: String,
    domain: Option<String>,
    phone: Option<String>,
    city: Option<String>,
    country: Option<String>,
    notes: Option<String>,
}

impl NewCompany {
    /// Checks every field; one clear error for the first bad one.
    fn cleaned(&self) -> Result<CleanCompany> {
        Ok(CleanCompany {
            name: clean_company_name(&self.name)?,
            domain: clean_domain(self.domain.as_deref())?,
            phone: clean_phone(self.phone.as_deref())?,
            city: clean_optional("city", self.city.as_deref(), MAX_SHORT_FIELD)?,
            country: clean_optional("country", self.country.as_deref(), MAX_SHORT_FIELD)?,
            notes: clean_optional("notes", self.notes.as_deref(), MAX_NOTES)?,
        })
    }
}

impl CleanCompany {
    /// The search entry's body: domain, city, country and notes.
    fn index_body(&self) -> String {
        search::index::body(
            [&self.domain, &self.city, &self.country, &self.notes]
                .into_iter()
                .filter_map(|v| v.as_deref()),
        )
    }
}

fn clean_company_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(crate::Invalid::new("required", "a company needs a name")
            .with("field", "company name")
            .into());
    }
    if name.contains('\n') {
        return Err(
            crate::Invalid::new("multiline", "the company name must be on one line")
                .with("field", "company name")
                .into(),
        );
    }
    check_text("company name", name, MAX_SHORT_FIELD)?;
    Ok(name.to_owned())
}

/// A domain such as `example.com`, lower case. A pasted URL
/// (`https://www.example.com/`) is cut down to its host.
pub(crate) fn clean_domain(value: Option<&str>) -> Result<Option<String>> {
    let Some(raw) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    check_text("domain", raw, MAX_SHORT_FIELD)?;
    let lower = raw.to_lowercase();
    let host = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let host = host.strip_suffix('/').unwrap_or(host);
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    if !host.contains('.') || !labels_ok {
        return Err(crate::Invalid::new(
            "domain-invalid",
            "the domain is not a domain name such as example.com",
        )
        .into());
    }
    Ok(Some(host.to_owned()))
}

fn clean_phone(value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(p) => Ok(clean_phones(&[p.to_owned()])?.into_iter().next()),
    }
}

pub(crate) fn not_found(id: i64) -> Error {
    Error::NotFound {
        entity: "company",
        id: id.to_string(),
    }
}

fn company_target(id: i64) -> Target {
    target("company", id)
}

/// Rewrites company `id`'s search entry from its row (a company restored
/// from the recycle bin), in the caller's transaction.
pub(crate) fn index_company(tx: &Transaction<'_>, id: i64) -> Result<()> {
    let clean = tx
        .prepare_cached(
            "SELECT name, domain, phone, city, country, notes FROM companies WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(CleanCompany {
                name: r.get(0)?,
                domain: r.get(1)?,
                phone: r.get(2)?,
                city: r.get(3)?,
                country: r.get(4)?,
                notes: r.get(5)?,
            })
        })
        .optional()?
        .ok_or_else(|| not_found(id))?;
    search::index::replace(tx, Kind::Company, id, &clean.name, &clean.index_body())
}

/// Fails with [`Error::NotFound`] unless company `id` exists and is not deleted.
pub(crate) fn ensure_live(tx: &rusqlite::Connection, id: i64) -> Result<()> {
    tx.prepare_cached("SELECT 1 FROM companies WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .ok_or_else(|| not_found(id))
}

/// The columns of a company, `?count` standing for the count of its
/// contacts.
const SELECT_COMPANY: &str = "SELECT c.id, c.name, c.domain, c.phone, c.city, c.country, c.notes,
        c.owner_id, c.created_at, c.updated_at, ?count, c.sort_key
 FROM companies c";

/// Every live contact of the company `c`.
const COUNT_ALL: &str =
    "(SELECT count(*) FROM contacts k WHERE k.company_id = c.id AND k.deleted_at IS NULL)";

/// A company with the full count of its contacts.
fn select_company() -> String {
    SELECT_COMPANY.replace("?count", COUNT_ALL)
}

/// A company of a list page: its contacts counted up to the cap, each a
/// step of the index `contacts_live_by_company_and_sort_key`.
fn select_listed_company() -> String {
    SELECT_COMPANY.replace(
        "?count",
        &format!(
            "(SELECT count(*) FROM (SELECT 1 FROM contacts k
               WHERE k.company_id = c.id AND k.deleted_at IS NULL LIMIT {LISTED_CONTACT_COUNT_CAP}))"
        ),
    )
}

/// The statement of a page of the companies list after the row with
/// sort key and id `after`, and its parameters: one more row than `limit`,
/// to know whether a page follows. Two statements, not one with `?2 IS
/// NULL OR …`: an `OR` would keep the walk from starting at the cursor.
pub(crate) fn company_page_sql(
    after: Option<(Vec<u8>, i64)>,
    limit: u32,
) -> (String, Vec<rusqlite::types::Value>) {
    let mut params: Vec<rusqlite::types::Value> = vec![(i64::from(limit) + 1).into()];
    let after_condition = match after {
        Some((key, id)) => {
            params.extend([key.into(), id.into()]);
            "AND (c.sort_key, c.id) > (?2, ?3)"
        }
        None => "",
    };
    let sql = format!(
        "{} WHERE c.deleted_at IS NULL {after_condition}
         ORDER BY c.sort_key, c.id LIMIT ?1",
        select_listed_company()
    );
    (sql, params)
}

fn company_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Company> {
    let contact_count: i64 = r.get(10)?;
    Ok(Company {
        id: r.get(0)?,
        name: r.get(1)?,
        domain: r.get(2)?,
        phone: r.get(3)?,
        city: r.get(4)?,
        country: r.get(5)?,
        notes: r.get(6)?,
        owner_id: r.get(7)?,
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
        contact_count: u64::try_from(contact_count).unwrap_or(0),
        contact_count_capped: false,
    })
}

impl Session {
    /// Adds a company owned by the current user and returns its id.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.create`;
    /// [`Error::InvalidInput`] for a missing name, a malformed domain or
    /// phone, or a field over its limit. Nothing is written then.
    pub fn add_company(&mut self, new: &NewCompany) -> Result<i64> {
        self.authorize(Permission::ContactsCreate, "company.create", None)?;
        let clean = new.cleaned()?;
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached(
            "INSERT INTO companies (name, domain, phone, city, country, notes, owner_id, created_at, updated_at,
                                    sort_key, folded_name)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10)",
        )?
        .execute(params![
            clean.name,
            clean.domain,
            clean.phone,
            clean.city,
            clean.country,
            clean.notes,
            self.user.id,
            now,
            collation::sort_key(super::sort_keys::language(&tx)?, &clean.name),
            collation::fold(&clean.name)
        ])?;
        let id = tx.last_insert_rowid();
        search::index::insert(&tx, Kind::Company, id, &clean.name, &clean.index_body())?;
        let linked = company_names::link_contacts(&tx, id, &clean.name)?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("company.create", Some(company_target(id)))
                .with("contacts_linked", linked),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// One live company with the number of contacts linked to it.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`; [`Error::NotFound`]
    /// (also for a deleted company).
    pub fn get_company(&self, id: i64) -> Result<Company> {
        self.authorize(
            Permission::ContactsRead,
            "company.view",
            Some(company_target(id)),
        )?;
        self.load_company(id)
    }

    pub(super) fn load_company(&self, id: i64) -> Result<Company> {
        self.conn
            .prepare_cached(&format!(
                "{} WHERE c.id = ?1 AND c.deleted_at IS NULL",
                select_company()
            ))?
            .query_row([id], company_from_row)
            .optional()?
            .ok_or_else(|| not_found(id))
    }

    /// The first page of live companies sorted by name (the vault
    /// language's collation), or the page after the cursor `after` an
    /// earlier page handed out. `limit` is clamped to 1..=[`MAX_PAGE`]. The
    /// page's `next` is the cursor of the page after it, `None` at the end
    /// (ADR 0023).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`;
    /// [`Error::InvalidInput`] (`cursor-invalid`) for a cursor that is not
    /// one of this list's.
    pub fn list_companies(&self, after: Option<&str>, limit: u32) -> Result<CompanyPage> {
        const ORDER: &str = "companies.name";
        self.authorize(Permission::ContactsRead, "company.list", None)?;
        let limit = limit.clamp(1, MAX_PAGE);
        let after = after
            .map(|c| cursor::decode(ORDER, true, c))
            .transpose()?
            .map(|a| (a.key.unwrap_or_default(), a.id));
        let (sql, params) = company_page_sql(after, limit);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| {
                let mut company = company_from_row(r)?;
                company.contact_count_capped = company.contact_count >= LISTED_CONTACT_COUNT_CAP;
                Ok((company, r.get::<_, Option<Vec<u8>>>(11)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let next = if rows.len() > limit as usize {
            rows.truncate(limit as usize);
            rows.last().map(|(last, key)| {
                cursor::encode(ORDER, Some(key.as_deref().unwrap_or_default()), last.id)
            })
        } else {
            None
        };
        Ok(CompanyPage {
            items: rows.into_iter().map(|(item, _)| item).collect(),
            next,
        })
    }

    /// The cursor that starts a page at row `offset` (from 0) of the
    /// companies list, `None` for the first page: the benchmark's way to
    /// land in the middle of the list (an offset walk; ADR 0023).
    pub(crate) fn company_cursor_at(&self, offset: u64) -> Result<Option<String>> {
        if offset == 0 {
            return Ok(None);
        }
        let row: Option<(i64, Option<Vec<u8>>)> = self
            .conn
            .prepare_cached(
                "SELECT id, sort_key FROM companies WHERE deleted_at IS NULL
                 ORDER BY sort_key, id LIMIT 1 OFFSET ?1",
            )?
            .query_row([i64::try_from(offset - 1).unwrap_or(i64::MAX)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        Ok(row.map(|(id, key)| {
            cursor::encode(
                "companies.name",
                Some(key.as_deref().unwrap_or_default()),
                id,
            )
        }))
    }

    /// How many live companies there are.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn count_companies(&self) -> Result<u64> {
        self.authorize(Permission::ContactsRead, "company.list", None)?;
        let total: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM companies WHERE deleted_at IS NULL")?
            .query_row([], |r| r.get(0))?;
        Ok(u64::try_from(total).unwrap_or(0))
    }

    /// Applies `patch` to company `id` in one transaction and returns the
    /// result. The audit entry names the fields that changed, not their values.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may edit any record, or may
    /// edit its own and owns this one; [`Error::NotFound`];
    /// [`Error::InvalidInput`].
    pub fn update_company(&mut self, id: i64, patch: &CompanyPatch) -> Result<Company> {
        self.authorize(
            Permission::ContactsRead,
            "company.update",
            Some(company_target(id)),
        )?;
        let old = self.load_company(id)?;
        self.authorize_record_change(
            company_target(id),
            old.owner_id == self.user.id,
            Permission::ContactsEditOwn,
            Permission::ContactsEditAny,
            "company.update",
        )?;
        let pick = |new: &Option<String>, old: &Option<String>| new.clone().or_else(|| old.clone());
        let new = NewCompany {
            name: patch.name.clone().unwrap_or_else(|| old.name.clone()),
            domain: pick(&patch.domain, &old.domain),
            phone: pick(&patch.phone, &old.phone),
            city: pick(&patch.city, &old.city),
            country: pick(&patch.country, &old.country),
            notes: pick(&patch.notes, &old.notes),
        }
        .cleaned()?;
        let changed: Vec<&str> = [
            ("name", new.name != old.name),
            ("domain", new.domain != old.domain),
            ("phone", new.phone != old.phone),
            ("city", new.city != old.city),
            ("country", new.country != old.country),
            ("notes", new.notes != old.notes),
        ]
        .into_iter()
        .filter_map(|(field, differs)| differs.then_some(field))
        .collect();
        if changed.is_empty() {
            return Ok(old);
        }
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached(
            "UPDATE companies SET name = ?2, domain = ?3, phone = ?4, city = ?5, country = ?6,
                                  notes = ?7, updated_at = ?8, sort_key = ?9, folded_name = ?10
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            new.name,
            new.domain,
            new.phone,
            new.city,
            new.country,
            new.notes,
            now,
            collation::sort_key(super::sort_keys::language(&tx)?, &new.name),
            collation::fold(&new.name)
        ])?;
        search::index::replace(&tx, Kind::Company, id, &new.name, &new.index_body())?;
        let mut event =
            Event::allowed("company.update", Some(company_target(id))).with("fields", changed);
        if new.name != old.name {
            // The company's contacts carry its new name (and are found by
            // it); contacts already named so are linked.
            let renamed: Vec<i64> = tx
                .prepare_cached("SELECT id FROM contacts WHERE company_id = ?1")?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for contact in &renamed {
                tx.prepare_cached(
                    "UPDATE contacts SET company = ?2, updated_at = ?3 WHERE id = ?1",
                )?
                .execute(params![contact, new.name, now])?;
                if tx
                    .prepare_cached("SELECT deleted_at IS NULL FROM contacts WHERE id = ?1")?
                    .query_row([contact], |r| r.get::<_, bool>(0))?
                {
                    crate::records::contacts::index_contact(&tx, *contact, true)?;
                }
            }
            let linked = company_names::link_contacts(&tx, id, &new.name)?;
            event = event
                .with("contacts_renamed", renamed.len())
                .with("contacts_linked", linked);
        }
        audit::append(&tx, &self.keys.audit_mac, Some(self.user.id), &event)?;
        tx.commit()?;
        self.load_company(id)
    }
}

/// Creates a company named `name` (already a contact's checked company
/// name, on one line) for an import, in its transaction; the company keeps
/// the import so undoing it can remove the company again. Its search entry
/// goes to `entries`, which the import writes before it commits.
pub(crate) fn insert_imported(
    tx: &Transaction<'_>,
    name: &str,
    owner_id: i64,
    import_id: i64,
    now: &str,
    entries: &mut search::index::Deferred,
) -> Result<i64> {
    let clean = NewCompany {
        name: name.to_owned(),
        ..NewCompany::default()
    }
    .cleaned()?;
    tx.prepare_cached(
        "INSERT INTO companies (name, owner_id, created_at, updated_at, import_id, sort_key, folded_name)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        clean.name,
        owner_id,
        now,
        import_id,
        collation::sort_key(super::sort_keys::language(tx)?, &clean.name),
        collation::fold(&clean.name)
    ])?;
    let id = tx.last_insert_rowid();
    entries.insert(Kind::Company, id, &clean.name, &clean.index_body());
    Ok(id)
}

/// Removes the companies import `import_id` created that nothing uses any
/// more (no contact, deal, activity or task, in the recycle bin or not), in
/// the caller's transaction; returns how many. Run when the import is
/// undone, after its contacts are gone.
pub(crate) fn remove_unused_imported(tx: &Transaction<'_>, import_id: i64) -> Result<usize> {
    let unused: Vec<(i64, bool)> = tx
        .prepare(
            "SELECT c.id, c.deleted_at IS NULL FROM companies c
             WHERE c.import_id = ?1
               AND NOT EXISTS (SELECT 1 FROM contacts WHERE company_id = c.id)
               AND NOT EXISTS (SELECT 1 FROM deals WHERE company_id = c.id)
               AND NOT EXISTS (SELECT 1 FROM activities WHERE company_id = c.id)
               AND NOT EXISTS (SELECT 1 FROM tasks WHERE company_id = c.id)",
        )?
        .query_map([import_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, live) in &unused {
        if *live {
            search::index::remove(tx, Kind::Company, *id)?;
        }
        tx.execute("DELETE FROM companies WHERE id = ?1", [id])?;
    }
    Ok(unused.len())
}

/// Removes the search entries of the live activities whose `column`
/// (`company_id` or `deal_id`) is `id`, when their parent is deleted: a
/// search must not lead to a note about a record that is gone.
pub(crate) fn unindex_activities(tx: &Transaction<'_>, column: &str, id: i64) -> Result<()> {
    let ids: Vec<i64> = tx
        .prepare_cached(&format!(
            "SELECT id FROM activities WHERE {column} = ?1 AND deleted_at IS NULL"
        ))?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for activity in ids {
        search::index::remove(tx, Kind::Activity, activity)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_lower_case_hosts() {
        let check = |v: &str| clean_domain(Some(v));
        assert_eq!(
            check("Example.COM").unwrap().as_deref(),
            Some("example.com")
        );
        assert_eq!(
            check(" https://www.acme.example/ ").unwrap().as_deref(),
            Some("www.acme.example")
        );
        assert_eq!(check("  ").unwrap(), None);
        for bad in [
            "acme",
            "acme .com",
            "a@b.com",
            "-acme.com",
            "acme..com",
            "x.com/path",
        ] {
            let err = check(bad).unwrap_err().to_string();
            assert!(err.contains("is not a domain name"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_company_needs_a_name_on_one_line() {
        assert_eq!(clean_company_name("  Acme  ").unwrap(), "Acme");
        assert!(
            clean_company_name(" ")
                .unwrap_err()
                .to_string()
                .contains("needs a name")
        );
        assert!(
            clean_company_name("A\nB")
                .unwrap_err()
                .to_string()
                .contains("one line")
        );
        let long = "x".repeat(MAX_SHORT_FIELD + 1);
        assert!(
            clean_company_name(&long)
                .unwrap_err()
                .to_string()
                .contains("the limit is")
        );
    }

    #[test]
    fn a_company_phone_is_checked_like_a_contact_phone() {
        assert_eq!(
            clean_phone(Some(" +1 555 0100 ")).unwrap().as_deref(),
            Some("+1 555 0100")
        );
        assert!(clean_phone(Some("call me")).is_err());
        assert_eq!(clean_phone(Some("")).unwrap(), None);
    }
}

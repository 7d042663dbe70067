//! Deals and the pipeline they move through.
//!
//! A deal sits in one stage of the pipeline (the stages themselves are
//! configured in [`super::stages`], read through [`super::pipeline`]). Open stages hold work in progress; a
//! won or lost stage closes the deal (`closed_at` is set), and moving it back
//! to an open stage reopens it. A closed deal may say why it closed (its
//! `close_reason`): a lost deal must, a won one may. A deal's probability
//! follows its stage unless one was set for the deal; moving the deal makes
//! it follow the new stage again.
//!
//! Permissions are the contact permissions (see [`crate::records`]); "own"
//! means the deal's `owner_id` is the user. Amounts are integers in minor
//! units (cents) of their currency, never floating point.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::contacts::MAX_SHORT_FIELD;
use super::contacts::fields::check_text;
use super::pipeline::{all_stages, check_probability, find_stage};
use super::{clean_date, cursor, target};
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::search::{self, Kind};
use crate::{Error, Result};

pub use super::pipeline::{Stage, StageKind, StageRef};

/// Largest amount of a deal, in minor units: below 2^53, so every amount
/// survives a trip through a JavaScript number, and sums over thousands of
/// deals stay far from `i64::MAX`.
pub const MAX_AMOUNT_MINOR: i64 = 999_999_999_999_999;

/// The currency of a deal that names none.
pub const DEFAULT_CURRENCY: &str = "EUR";

/// Fields of a new deal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewDeal {
    /// Title; required.
    pub title: String,
    /// The stage [default: the first open stage]. It may not be a lost stage.
    pub stage: Option<StageRef>,
    /// Amount in minor units of `currency`, 0..=[`MAX_AMOUNT_MINOR`].
    pub amount_minor: i64,
    /// ISO 4217 code, three letters [default: [`DEFAULT_CURRENCY`]].
    pub currency: Option<String>,
    /// Expected close date, `YYYY-MM-DD`.
    pub expected_close: Option<String>,
    /// Probability in percent, 0..=100 [default: the stage's].
    pub probability: Option<u8>,
    /// The contact it is with.
    pub contact_id: Option<i64>,
    /// The company it is with.
    pub company_id: Option<i64>,
}

/// A change to a deal: `None` leaves a field as it is. The stage changes
/// only through [`Session::move_deal`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DealPatch {
    /// New title.
    pub title: Option<String>,
    /// New amount in minor units.
    pub amount_minor: Option<i64>,
    /// New currency.
    pub currency: Option<String>,
    /// New expected close date (empty clears).
    pub expected_close: Option<String>,
    /// A probability for this deal, overriding the stage's; `Some(None)`
    /// takes the override away, so the deal follows its stage again.
    pub probability: Option<Option<u8>>,
    /// New contact (`Some(None)` unlinks).
    pub contact_id: Option<Option<i64>>,
    /// New company (`Some(None)` unlinks).
    pub company_id: Option<Option<i64>>,
}

/// A deal with every field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deal {
    /// Stable id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// The stage's id.
    pub stage_id: i64,
    /// The stage's name.
    pub stage: String,
    /// The stage's kind.
    pub stage_kind: StageKind,
    /// Amount in minor units of `currency`.
    pub amount_minor: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// Expected close date, `YYYY-MM-DD`.
    pub expected_close: Option<String>,
    /// Probability in percent: the deal's own, or else the stage's.
    pub probability: u8,
    /// The deal's own probability, or `None` when it follows its stage's.
    pub own_probability: Option<u8>,
    /// Why it was won or lost: always set in a lost stage, optional in a won
    /// one, never set in an open one. Stored in the `lost_reason` column,
    /// whose name predates won reasons.
    pub close_reason: Option<String>,
    /// The contact it is with.
    pub contact_id: Option<i64>,
    /// The company it is with.
    pub company_id: Option<i64>,
    /// Id of the user who owns the record.
    pub owner_id: i64,
    /// When it was created (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
    /// When it was won or lost (RFC 3339); `None` while open.
    pub closed_at: Option<String>,
}

/// One stage's column of the pipeline board: how many live deals it holds
/// and their amounts, summed per currency (sorted by currency code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageTotal {
    /// The stage.
    pub stage: Stage,
    /// Live deals in it.
    pub count: u64,
    /// Sum of their amounts in minor units, per currency.
    pub amount_by_currency: Vec<(String, i64)>,
}

/// Largest page [`Session::list_deals_page`] returns.
pub const MAX_PAGE: u32 = 500;

/// A page of the deals list in pipeline order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealPage {
    /// The rows.
    pub items: Vec<Deal>,
    /// The cursor of the page after this one; `None` on the last page.
    pub next: Option<String>,
}

/// The cursors' name of the deals list in pipeline order.
const ORDER: &str = "deals.pipeline";

/// The statement of the live deals of one stage (`?1`) with an id below
/// `?2`, newest first, at most `?3`: a walk of `deals_by_stage` from the
/// cursor, no sort (ADR 0023).
pub(crate) const DEAL_PAGE_SQL: &str =
    "SELECT d.id, d.title, d.stage_id, s.name, s.kind, d.amount_minor, d.currency,
        d.expected_close, coalesce(d.probability, s.probability), d.lost_reason, d.contact_id,
        d.company_id, d.owner_id, d.created_at, d.updated_at, d.closed_at, d.probability
 FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
 WHERE d.deleted_at IS NULL AND d.stage_id = ?1 AND d.id < ?2
 ORDER BY d.id DESC LIMIT ?3";

/// A validated deal, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CleanDeal {
    title: String,
    amount_minor: i64,
    currency: String,
    expected_close: Option<String>,
    probability: Option<u8>,
    contact_id: Option<i64>,
    company_id: Option<i64>,
}

pub(crate) fn clean_title(label: &str, title: &str) -> Result<String> {
    let title = title.trim();
    if title.is_empty() {
        return Err(
            crate::Invalid::new("required", format!("a {label} needs a title"))
                .with("field", format!("{label} title"))
                .into(),
        );
    }
    if title.contains('\n') {
        return Err(crate::Invalid::new(
            "multiline",
            format!("the {label} title must be on one line"),
        )
        .with("field", format!("{label} title"))
        .into());
    }
    check_text("title", title, MAX_SHORT_FIELD)?;
    Ok(title.to_owned())
}

/// A three-letter ISO 4217 code, upper case.
pub(crate) fn clean_currency(value: Option<&str>) -> Result<String> {
    let code = value.map(str::trim).unwrap_or(DEFAULT_CURRENCY);
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(crate::Invalid::new(
            "value-not-allowed",
            format!("{code:?} is not a currency code; use three letters such as EUR or USD"),
        )
        .with("field", "currency")
        .into());
    }
    Ok(code.to_ascii_uppercase())
}

pub(crate) fn check_amount(amount_minor: i64) -> Result<()> {
    if !(0..=MAX_AMOUNT_MINOR).contains(&amount_minor) {
        return Err(crate::Invalid::new(
            "amount-out-of-range",
            format!("the amount must be between 0 and {MAX_AMOUNT_MINOR} minor units (cents)"),
        )
        .with("limit", MAX_AMOUNT_MINOR / 100)
        .into());
    }
    Ok(())
}

impl NewDeal {
    fn cleaned(&self) -> Result<CleanDeal> {
        check_amount(self.amount_minor)?;
        Ok(CleanDeal {
            title: clean_title("deal", &self.title)?,
            amount_minor: self.amount_minor,
            currency: clean_currency(self.currency.as_deref())?,
            expected_close: clean_date("expected close date", self.expected_close.as_deref())?,
            probability: check_probability(self.probability)?,
            contact_id: self.contact_id,
            company_id: self.company_id,
        })
    }
}

/// The reason a deal moving to a stage of `kind` keeps: required for a lost
/// stage, optional for a won one (blank is none), refused for an open one.
fn clean_close_reason(
    kind: StageKind,
    stage: &str,
    reason: Option<&str>,
) -> Result<Option<String>> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    match (kind, reason) {
        (StageKind::Lost, None) => Err(crate::Invalid::new(
            "lost-needs-reason",
            "moving a deal to a lost stage needs a reason why it was lost",
        )
        .into()),
        (StageKind::Open, Some(_)) => Err(crate::Invalid::new(
            "reason-needs-closed-stage",
            format!("a reason only goes with a won or lost stage, and {stage:?} is an open stage"),
        )
        .into()),
        (StageKind::Open, None) | (StageKind::Won, None) => Ok(None),
        (StageKind::Won | StageKind::Lost, Some(reason)) => {
            check_text("reason", reason, MAX_SHORT_FIELD)?;
            Ok(Some(reason.to_owned()))
        }
    }
}

fn deal_target(id: i64) -> Target {
    target("deal", id)
}

pub(crate) fn not_found(id: i64) -> Error {
    Error::NotFound {
        entity: "deal",
        id: id.to_string(),
    }
}

/// Fails with [`Error::NotFound`] unless deal `id` exists and is not deleted.
pub(crate) fn ensure_live(conn: &rusqlite::Connection, id: i64) -> Result<()> {
    conn.prepare_cached("SELECT 1 FROM deals WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .ok_or_else(|| not_found(id))
}

/// Fails with [`Error::NotFound`] unless contact `id` exists and is not deleted.
pub(crate) fn ensure_live_contact(conn: &rusqlite::Connection, id: i64) -> Result<()> {
    conn.prepare_cached("SELECT 1 FROM contacts WHERE id = ?1 AND deleted_at IS NULL")?
        .query_row([id], |_| Ok(()))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "contact",
            id: id.to_string(),
        })
}

fn ensure_links(conn: &rusqlite::Connection, deal: &CleanDeal) -> Result<()> {
    if let Some(contact) = deal.contact_id {
        ensure_live_contact(conn, contact)?;
    }
    if let Some(company) = deal.company_id {
        super::companies::ensure_live(conn, company)?;
    }
    Ok(())
}

const SELECT_DEAL: &str =
    "SELECT d.id, d.title, d.stage_id, s.name, s.kind, d.amount_minor, d.currency,
        d.expected_close, coalesce(d.probability, s.probability), d.lost_reason, d.contact_id,
        d.company_id, d.owner_id, d.created_at, d.updated_at, d.closed_at, d.probability
 FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id";

fn deal_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Deal> {
    let kind: String = r.get(4)?;
    let probability: i64 = r.get(8)?;
    let own_probability: Option<i64> = r.get(16)?;
    Ok(Deal {
        id: r.get(0)?,
        title: r.get(1)?,
        stage_id: r.get(2)?,
        stage: r.get(3)?,
        stage_kind: StageKind::from_stored(&kind)?,
        amount_minor: r.get(5)?,
        currency: r.get(6)?,
        expected_close: r.get(7)?,
        probability: u8::try_from(probability).unwrap_or(0),
        own_probability: own_probability.and_then(|p| u8::try_from(p).ok()),
        close_reason: r.get(9)?,
        contact_id: r.get(10)?,
        company_id: r.get(11)?,
        owner_id: r.get(12)?,
        created_at: r.get(13)?,
        updated_at: r.get(14)?,
        closed_at: r.get(15)?,
    })
}

/// Rewrites deal `id`'s search entry: the title, then currency and stage name.
pub(crate) fn index_deal(
    tx: &Transaction<'_>,
    id: i64,
    title: &str,
    currency: &str,
    stage: &str,
) -> Result<()> {
    search::index::replace(
        tx,
        Kind::Deal,
        id,
        title,
        &search::index::body([currency, stage]),
    )
}

/// Rewrites deal `id`'s search entry from its row (a deal restored from the
/// recycle bin, a rebuilt index), in the caller's transaction.
pub(crate) fn index_stored_deal(tx: &Transaction<'_>, id: i64) -> Result<()> {
    let (title, currency, stage): (String, String, String) = tx
        .prepare_cached(
            "SELECT d.title, d.currency, s.name
             FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    index_deal(tx, id, &title, &currency, &stage)
}

impl Session {
    /// Adds a deal owned by the current user and returns its id. A deal added
    /// in a won stage is closed at once.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.create`;
    /// [`Error::InvalidInput`] for a missing title, a bad amount, currency,
    /// date or probability, or a lost stage; [`Error::NotFound`] for an
    /// unknown stage or a linked contact or company that does not exist.
    /// Nothing is written then.
    pub fn add_deal(&mut self, new: &NewDeal) -> Result<i64> {
        self.authorize(Permission::ContactsCreate, "deal.create", None)?;
        let clean = new.cleaned()?;
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let stage = match &new.stage {
            Some(stage) => find_stage(&tx, stage)?,
            None => all_stages(&tx)?
                .into_iter()
                .find(|s| s.kind == StageKind::Open)
                .ok_or_else(|| {
                    Error::from(crate::Invalid::new(
                        "no-open-stage",
                        "the pipeline has no open stage for a new deal",
                    ))
                })?,
        };
        if stage.kind == StageKind::Lost {
            return Err(crate::Invalid::new(
                "new-deal-in-lost-stage",
                "a new deal cannot start in a lost stage; add it, then move it there with a reason",
            )
            .into());
        }
        ensure_links(&tx, &clean)?;
        let closed_at = (stage.kind == StageKind::Won).then_some(now.as_str());
        tx.prepare_cached(
            "INSERT INTO deals (title, stage_id, amount_minor, currency, expected_close, probability,
                                contact_id, company_id, owner_id, created_at, updated_at, closed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
        )?
        .execute(params![
            clean.title,
            stage.id,
            clean.amount_minor,
            clean.currency,
            clean.expected_close,
            clean.probability,
            clean.contact_id,
            clean.company_id,
            self.user.id,
            now,
            closed_at
        ])?;
        let id = tx.last_insert_rowid();
        search::index::insert(
            &tx,
            Kind::Deal,
            id,
            &clean.title,
            &search::index::body([clean.currency.as_str(), stage.name.as_str()]),
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("deal.create", Some(deal_target(id))).with("stage", stage.id),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// One live deal.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`; [`Error::NotFound`]
    /// (also for a deleted deal).
    pub fn get_deal(&self, id: i64) -> Result<Deal> {
        self.authorize(Permission::ContactsRead, "deal.view", Some(deal_target(id)))?;
        self.load_deal(id)
    }

    pub(super) fn load_deal(&self, id: i64) -> Result<Deal> {
        self.conn
            .prepare_cached(&format!(
                "{SELECT_DEAL} WHERE d.id = ?1 AND d.deleted_at IS NULL"
            ))?
            .query_row([id], deal_from_row)
            .optional()?
            .ok_or_else(|| not_found(id))
    }

    /// Live deals in pipeline order (stage position, then newest first),
    /// only those in `stage` when one is given.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`; [`Error::NotFound`]
    /// for an unknown stage.
    pub fn list_deals(&self, stage: Option<&StageRef>) -> Result<Vec<Deal>> {
        self.authorize(Permission::ContactsRead, "deal.list", None)?;
        let stage_id = stage
            .map(|s| find_stage(&self.conn, s))
            .transpose()?
            .map(|s| s.id);
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_DEAL} WHERE d.deleted_at IS NULL AND (?1 IS NULL OR d.stage_id = ?1)
             ORDER BY s.position, d.id DESC"
        ))?;
        let deals = stmt
            .query_map([stage_id], deal_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(deals)
    }

    /// A page of the live deals in pipeline order (stage position, then
    /// newest first), only those in `stage` when one is given: the first
    /// page, or the one after the cursor `after` an earlier page handed
    /// out. `limit` is clamped to 1..=[`MAX_PAGE`]. Each stage is a walk of
    /// the index `deals_by_stage` from the cursor, so a page costs the same
    /// at any depth (at most one short walk per stage, ADR 0023). The
    /// cursor names the stage of the last row by id: a stage moved between
    /// two pages is continued in its new place.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`; [`Error::NotFound`]
    /// for an unknown stage; [`Error::InvalidInput`] (`cursor-invalid`) for a
    /// cursor that is not one of this list's, or names a stage not listed.
    pub fn list_deals_page(
        &self,
        stage: Option<&StageRef>,
        after: Option<&str>,
        limit: u32,
    ) -> Result<DealPage> {
        self.authorize(Permission::ContactsRead, "deal.list", None)?;
        let limit = limit.clamp(1, MAX_PAGE) as usize;
        let stages: Vec<i64> = match stage {
            Some(s) => vec![find_stage(&self.conn, s)?.id],
            None => all_stages(&self.conn)?.into_iter().map(|s| s.id).collect(),
        };
        let (mut from, mut below) = (0, i64::MAX);
        if let Some(after) = after {
            let after = cursor::decode(ORDER, true, after)?;
            let stage_id = after
                .key
                .as_deref()
                .and_then(|k| <[u8; 8]>::try_from(k).ok())
                .map(i64::from_be_bytes);
            from = stages
                .iter()
                .position(|s| Some(*s) == stage_id)
                .ok_or_else(|| cursor::invalid("its stage is not in this list"))?;
            below = after.id;
        }
        let mut rows: Vec<Deal> = Vec::new();
        let mut stmt = self.conn.prepare_cached(DEAL_PAGE_SQL)?;
        for stage_id in &stages[from..] {
            let want = i64::try_from(limit + 1 - rows.len()).unwrap_or(i64::MAX);
            rows.extend(
                stmt.query_map(params![stage_id, below, want], deal_from_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
            );
            below = i64::MAX;
            if rows.len() > limit {
                break;
            }
        }
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last()
                .map(|d| cursor::encode(ORDER, Some(&d.stage_id.to_be_bytes()), d.id))
        } else {
            None
        };
        Ok(DealPage { items: rows, next })
    }

    /// The cursor that starts a page at row `offset` (from 0) of the deals
    /// list in pipeline order, `None` for the first page: the benchmark's
    /// way to land in the middle of the list (an offset walk; ADR 0023).
    pub(crate) fn deal_cursor_at(&self, offset: u64) -> Result<Option<String>> {
        if offset == 0 {
            return Ok(None);
        }
        let row: Option<(i64, i64)> = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.stage_id FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
                 WHERE d.deleted_at IS NULL ORDER BY s.position, s.id, d.id DESC
                 LIMIT 1 OFFSET ?1",
            )?
            .query_row([i64::try_from(offset - 1).unwrap_or(i64::MAX)], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        Ok(row.map(|(id, stage)| cursor::encode(ORDER, Some(&stage.to_be_bytes()), id)))
    }

    /// How many live deals there are (the benchmark's list length).
    pub(crate) fn count_deals(&self) -> Result<u64> {
        let total: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM deals WHERE deleted_at IS NULL")?
            .query_row([], |r| r.get(0))?;
        Ok(u64::try_from(total).unwrap_or(0))
    }

    /// Applies `patch` to deal `id` in one transaction and returns the result.
    /// The audit entry names the fields that changed, not their values.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may edit any record, or may
    /// edit its own and owns this one; [`Error::NotFound`] (also for a linked
    /// contact or company that does not exist); [`Error::InvalidInput`].
    pub fn update_deal(&mut self, id: i64, patch: &DealPatch) -> Result<Deal> {
        self.authorize(
            Permission::ContactsRead,
            "deal.update",
            Some(deal_target(id)),
        )?;
        let old = self.load_deal(id)?;
        self.authorize_record_change(
            deal_target(id),
            old.owner_id == self.user.id,
            Permission::ContactsEditOwn,
            Permission::ContactsEditAny,
            "deal.update",
        )?;
        let new = NewDeal {
            title: patch.title.clone().unwrap_or_else(|| old.title.clone()),
            stage: None,
            amount_minor: patch.amount_minor.unwrap_or(old.amount_minor),
            currency: Some(
                patch
                    .currency
                    .clone()
                    .unwrap_or_else(|| old.currency.clone()),
            ),
            expected_close: patch
                .expected_close
                .clone()
                .or_else(|| old.expected_close.clone()),
            probability: patch.probability.unwrap_or(old.own_probability),
            contact_id: patch.contact_id.unwrap_or(old.contact_id),
            company_id: patch.company_id.unwrap_or(old.company_id),
        }
        .cleaned()?;
        let changed: Vec<&str> = [
            ("title", new.title != old.title),
            ("amount", new.amount_minor != old.amount_minor),
            ("currency", new.currency != old.currency),
            ("expected_close", new.expected_close != old.expected_close),
            ("probability", new.probability != old.own_probability),
            ("contact", new.contact_id != old.contact_id),
            ("company", new.company_id != old.company_id),
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
        if new.contact_id != old.contact_id || new.company_id != old.company_id {
            ensure_links(&tx, &new)?;
        }
        tx.prepare_cached(
            "UPDATE deals SET title = ?2, amount_minor = ?3, currency = ?4, expected_close = ?5,
                              probability = ?6, contact_id = ?7, company_id = ?8, updated_at = ?9
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            new.title,
            new.amount_minor,
            new.currency,
            new.expected_close,
            new.probability,
            new.contact_id,
            new.company_id,
            now
        ])?;
        index_deal(&tx, id, &new.title, &new.currency, &old.stage)?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("deal.update", Some(deal_target(id))).with("fields", changed),
        )?;
        tx.commit()?;
        self.load_deal(id)
    }

    /// Moves deal `id` to `stage`. A won or lost stage closes the deal
    /// (`closed_at` is set, or kept when it moves from another stage of the
    /// same kind) and keeps `reason` as its close reason: a lost
    /// stage needs one, a won stage may have one. An open stage reopens the
    /// deal and clears the reason. The deal's probability follows the new
    /// stage. Moving a deal to the stage it is in changes nothing, except
    /// that a closed deal given a different reason takes the new one.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may edit any record, or may
    /// edit its own and owns this one; [`Error::NotFound`] for the deal or the
    /// stage; [`Error::InvalidInput`] for a lost stage without a reason, or a
    /// reason given for an open stage.
    pub fn move_deal(&mut self, id: i64, stage: &StageRef, reason: Option<&str>) -> Result<Deal> {
        self.authorize(Permission::ContactsRead, "deal.move", Some(deal_target(id)))?;
        let old = self.load_deal(id)?;
        self.authorize_record_change(
            deal_target(id),
            old.owner_id == self.user.id,
            Permission::ContactsEditOwn,
            Permission::ContactsEditAny,
            "deal.move",
        )?;
        let to = find_stage(&self.conn, stage)?;
        let reason = clean_close_reason(to.kind, &to.name, reason)?;
        if to.id == old.stage_id {
            return match reason {
                Some(reason) if old.close_reason.as_deref() != Some(reason.as_str()) => {
                    self.set_close_reason(id, &reason)
                }
                _ => Ok(old),
            };
        }
        let now = crate::clock::now_rfc3339();
        // Moving between two won (or two lost) stages keeps the day it was
        // closed: the outcome did not change.
        let closed_at = match to.kind {
            StageKind::Open => None,
            kind if kind == old.stage_kind => old.closed_at.as_deref().or(Some(now.as_str())),
            StageKind::Won | StageKind::Lost => Some(now.as_str()),
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached(
            "UPDATE deals SET stage_id = ?2, probability = NULL, lost_reason = ?3, closed_at = ?4,
                              updated_at = ?5
             WHERE id = ?1",
        )?
        .execute(params![id, to.id, reason, closed_at, now])?;
        index_deal(&tx, id, &old.title, &old.currency, &to.name)?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("deal.move", Some(deal_target(id)))
                .with("from_stage", old.stage_id)
                .with("to_stage", to.id),
        )?;
        tx.commit()?;
        self.load_deal(id)
    }

    /// Replaces the close reason of a deal that stays in its closed stage;
    /// the caller checked the permission and the reason.
    fn set_close_reason(&mut self, id: i64, reason: &str) -> Result<Deal> {
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE deals SET lost_reason = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, reason, now],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("deal.update", Some(deal_target(id))).with("fields", ["close_reason"]),
        )?;
        tx.commit()?;
        self.load_deal(id)
    }

    /// Every stage in order with its live deals' count and amounts per
    /// currency, for the dashboard and the pipeline board.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn pipeline_summary(&self) -> Result<Vec<StageTotal>> {
        self.authorize(Permission::ContactsRead, "deal.summary", None)?;
        let mut totals: Vec<StageTotal> = all_stages(&self.conn)?
            .into_iter()
            .map(|stage| StageTotal {
                stage,
                count: 0,
                amount_by_currency: Vec::new(),
            })
            .collect();
        let mut stmt = self.conn.prepare_cached(
            "SELECT stage_id, currency, count(*), sum(amount_minor) FROM deals
             WHERE deleted_at IS NULL
             GROUP BY stage_id, currency ORDER BY stage_id, currency",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        for row in rows {
            let (stage_id, currency, count, sum) = row?;
            if let Some(total) = totals.iter_mut().find(|t| t.stage.id == stage_id) {
                total.count += u64::try_from(count).unwrap_or(0);
                total.amount_by_currency.push((currency, sum));
            }
        }
        Ok(totals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_are_three_letters_in_upper_case() {
        assert_eq!(clean_currency(None).unwrap(), "EUR");
        assert_eq!(clean_currency(Some(" usd ")).unwrap(), "USD");
        for bad in ["", "EURO", "E1R", "€", "US"] {
            let err = clean_currency(Some(bad)).unwrap_err().to_string();
            assert!(err.contains("not a currency code"), "{bad}: {err}");
        }
    }

    #[test]
    fn amounts_are_bounded_and_not_negative() {
        assert!(check_amount(0).is_ok());
        assert!(check_amount(MAX_AMOUNT_MINOR).is_ok());
        assert!(check_amount(-1).is_err());
        assert!(check_amount(MAX_AMOUNT_MINOR + 1).is_err());
    }

    #[test]
    fn a_reason_is_required_when_lost_optional_when_won_and_refused_when_open() {
        let check = |kind, reason| clean_close_reason(kind, "Stage", reason);
        assert_eq!(
            check(StageKind::Lost, Some(" too dear "))
                .unwrap()
                .as_deref(),
            Some("too dear")
        );
        assert!(check(StageKind::Lost, Some("  ")).is_err());
        assert!(check(StageKind::Lost, None).is_err());
        assert_eq!(
            check(StageKind::Won, Some(" best price "))
                .unwrap()
                .as_deref(),
            Some("best price")
        );
        assert_eq!(check(StageKind::Won, Some(" ")).unwrap(), None);
        assert_eq!(check(StageKind::Won, None).unwrap(), None);
        assert_eq!(check(StageKind::Open, Some("")).unwrap(), None);
        let err = check(StageKind::Open, Some("why")).unwrap_err().to_string();
        assert!(err.contains("only goes with a won or lost stage"), "{err}");
    }

    #[test]
    fn deal_titles_are_required() {
        assert!(
            clean_title("deal", " ")
                .unwrap_err()
                .to_string()
                .contains("a deal needs a title")
        );
        assert_eq!(clean_title("deal", " Renewal ").unwrap(), "Renewal");
    }

    /// Each check a deal's form meets has a reason and the values a screen
    /// says it by.
    #[test]
    fn refused_deal_input_has_a_reason() {
        let reason = |e: Error| (e.reason(), e.params());
        let (r, p) = reason(clean_title("deal", " ").unwrap_err());
        assert_eq!(r, Some("required"));
        assert_eq!(p.get("field").map(String::as_str), Some("deal title"));
        let (r, p) = reason(clean_title("deal", "a\nb").unwrap_err());
        assert_eq!(r, Some("multiline"));
        assert_eq!(p.get("field").map(String::as_str), Some("deal title"));
        let (r, p) = reason(clean_currency(Some("EURO")).unwrap_err());
        assert_eq!(r, Some("value-not-allowed"));
        assert_eq!(p.get("field").map(String::as_str), Some("currency"));
        let (r, p) = reason(check_amount(-1).unwrap_err());
        assert_eq!(r, Some("amount-out-of-range"));
        assert_eq!(
            p.get("limit").map(String::as_str),
            Some((MAX_AMOUNT_MINOR / 100).to_string().as_str())
        );
        let (r, _) = reason(clean_close_reason(StageKind::Lost, "Lost", None).unwrap_err());
        assert_eq!(r, Some("lost-needs-reason"));
    }
}

//! The register of data-subject requests: what was asked, when it is due
//! (one month, extendable once by two months with a reason), who handles
//! it, and how it ended.

use chrono::{Months, NaiveDate};
use rusqlite::{OptionalExtension, params};

use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::records::{parse_date, target};
use crate::{Error, Result};

/// What the person asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DsrKind {
    /// A copy of everything held on them (Art. 15).
    Access,
    /// Their data in a machine-readable form (Art. 20).
    Portability,
    /// Correcting their data (Art. 16).
    Rectification,
    /// Erasing them (Art. 17).
    Erasure,
    /// Restricting processing (Art. 18).
    Restriction,
    /// Objecting to processing, such as direct marketing (Art. 21).
    Objection,
}

impl DsrKind {
    /// Every kind.
    pub const ALL: [DsrKind; 6] = [
        DsrKind::Access,
        DsrKind::Portability,
        DsrKind::Rectification,
        DsrKind::Erasure,
        DsrKind::Restriction,
        DsrKind::Objection,
    ];

    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            DsrKind::Access => "access",
            DsrKind::Portability => "portability",
            DsrKind::Rectification => "rectification",
            DsrKind::Erasure => "erasure",
            DsrKind::Restriction => "restriction",
            DsrKind::Objection => "objection",
        }
    }
}

impl std::str::FromStr for DsrKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        DsrKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| {
                Error::from(crate::Invalid::new("value-not-allowed", format!(
                    "unknown request type {s:?}; use access, portability, rectification, erasure, restriction or objection"
                )).with("field", "request type"))
            })
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DsrStatus {
    /// Being handled.
    Open,
    /// Done.
    Completed,
    /// Refused (with the reason as outcome).
    Refused,
}

impl DsrStatus {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            DsrStatus::Open => "open",
            DsrStatus::Completed => "completed",
            DsrStatus::Refused => "refused",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(DsrStatus::Open),
            "completed" => Some(DsrStatus::Completed),
            "refused" => Some(DsrStatus::Refused),
            _ => None,
        }
    }
}

/// One request in the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsrRequest {
    /// Id.
    pub id: i64,
    /// The contact (none once erased).
    pub contact_id: Option<i64>,
    /// The contact's name, for the register (none once erased).
    pub contact_name: Option<String>,
    /// What is asked.
    pub kind: DsrKind,
    /// When it came in (`YYYY-MM-DD`).
    pub received_on: String,
    /// When it is due (`YYYY-MM-DD`).
    pub due_on: String,
    /// Why the deadline was extended, if it was.
    pub extended_reason: Option<String>,
    /// Where it stands.
    pub status: DsrStatus,
    /// Who handles it (login name).
    pub handler: Option<String>,
    /// When it was closed (RFC 3339).
    pub completed_at: Option<String>,
    /// How it ended.
    pub outcome: Option<String>,
    /// Open and past its due date.
    pub overdue: bool,
}

fn not_found(id: i64) -> Error {
    Error::NotFound {
        entity: "request",
        id: id.to_string(),
    }
}

const SELECT: &str = "SELECT r.id, r.contact_id, c.name, r.kind, r.received_on, r.due_on,
        r.extended_reason, r.status, u.name, r.completed_at, r.outcome
 FROM dsr_requests r LEFT JOIN contacts c ON c.id = r.contact_id
 LEFT JOIN users u ON u.id = r.handler_id";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(DsrRequest, String, String)> {
    Ok((
        DsrRequest {
            id: r.get(0)?,
            contact_id: r.get(1)?,
            contact_name: r.get(2)?,
            kind: DsrKind::Access,
            received_on: r.get(4)?,
            due_on: r.get(5)?,
            extended_reason: r.get(6)?,
            status: DsrStatus::Open,
            handler: r.get(8)?,
            completed_at: r.get(9)?,
            outcome: r.get(10)?,
            overdue: false,
        },
        r.get(3)?,
        r.get(7)?,
    ))
}

fn finish(
    (mut req, kind, status): (DsrRequest, String, String),
    today: &str,
) -> Result<DsrRequest> {
    req.kind = kind
        .parse()
        .map_err(|_| Error::Integrity("a request has an unknown type".into()))?;
    req.status = DsrStatus::parse(&status)
        .ok_or_else(|| Error::Integrity("a request has an unknown status".into()))?;
    req.overdue = req.status == DsrStatus::Open && req.due_on.as_str() < today;
    Ok(req)
}

fn add_months(day: NaiveDate, months: u32) -> Result<NaiveDate> {
    day.checked_add_months(Months::new(months)).ok_or_else(|| {
        Error::from(crate::Invalid::new(
            "date-out-of-range",
            "that date is out of range",
        ))
    })
}

impl Session {
    /// Opens a request for a contact, received on `received_on`
    /// (`YYYY-MM-DD`, default today); it is due one month later.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `rights.manage`;
    /// [`Error::NotFound`]; [`Error::InvalidInput`] for a bad or future date.
    pub fn open_request(
        &mut self,
        contact_id: i64,
        kind: DsrKind,
        received_on: Option<&str>,
    ) -> Result<DsrRequest> {
        self.authorize(Permission::RightsManage, "dsr.open", None)?;
        self.contact_exists_for_rights(contact_id)?;
        let today = crate::clock::today();
        let received = match received_on.map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => parse_date("received date", d)?,
            None => parse_date("today", &today)?,
        };
        if received.format("%Y-%m-%d").to_string() > today {
            return Err(Error::from(
                crate::Invalid::new("date-in-future", "the received date is in the future")
                    .with("field", "received date"),
            ));
        }
        let due = add_months(received, 1)?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO dsr_requests (contact_id, kind, received_on, due_on, status, handler_id, created_at)
             VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6)",
            params![
                contact_id,
                kind.as_str(),
                received.format("%Y-%m-%d").to_string(),
                due.format("%Y-%m-%d").to_string(),
                self.user.id,
                crate::clock::now_rfc3339()
            ],
        )?;
        let id = tx.last_insert_rowid();
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("dsr.open", Some(target("request", id)))
                .with("kind", kind.as_str())
                .with("contact", contact_id),
        )?;
        tx.commit()?;
        self.load_request(id)
    }

    fn load_request(&self, id: i64) -> Result<DsrRequest> {
        let row = self
            .conn
            .prepare_cached(&format!("{SELECT} WHERE r.id = ?1"))?
            .query_row([id], from_row)
            .optional()?
            .ok_or_else(|| not_found(id))?;
        finish(row, &crate::clock::today())
    }

    /// The register: open requests first by due date (overdue ones at the
    /// top), then closed ones, newest first.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `rights.manage`.
    pub fn list_requests(&self, open_only: bool) -> Result<Vec<DsrRequest>> {
        self.authorize(Permission::RightsManage, "dsr.list", None)?;
        let today = crate::clock::today();
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE (?1 = 0 OR r.status = 'open')
             ORDER BY r.status <> 'open', CASE WHEN r.status = 'open' THEN r.due_on END,
                      r.completed_at DESC, r.id DESC"
        ))?;
        let rows = stmt
            .query_map([open_only], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(|r| finish(r, &today)).collect()
    }

    /// Extends an open request's deadline by two months, once, for a reason
    /// (complexity, number of requests).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] without a reason, when already extended or
    /// closed; [`Error::NotFound`]; [`Error::PermissionDenied`].
    pub fn extend_request(&mut self, id: i64, reason: &str) -> Result<DsrRequest> {
        self.authorize(
            Permission::RightsManage,
            "dsr.extend",
            Some(target("request", id)),
        )?;
        let req = self.load_request(id)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::from(
                crate::Invalid::new("reason-needed", "an extension needs a reason")
                    .with("for", "extension"),
            ));
        }
        crate::records::contacts::fields::check_text("reason", reason, 1000)?;
        if req.status != DsrStatus::Open {
            return Err(Error::from(crate::Invalid::new(
                "request-closed",
                "the request is closed",
            )));
        }
        if req.extended_reason.is_some() {
            return Err(Error::from(crate::Invalid::new(
                "request-extended-already",
                "the deadline was extended already; it can be extended once, by two months",
            )));
        }
        // Three months from receipt in all (not two from a due date that a
        // short month may have clamped).
        let due = add_months(parse_date("received date", &req.received_on)?, 3)?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE dsr_requests SET due_on = ?2, extended_reason = ?3 WHERE id = ?1",
            params![id, due.format("%Y-%m-%d").to_string(), reason],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("dsr.extend", Some(target("request", id))),
        )?;
        tx.commit()?;
        self.load_request(id)
    }

    /// Closes an open request as completed or refused, with its outcome.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a closed request, an open status or a
    /// refusal without a reason; [`Error::NotFound`]; [`Error::PermissionDenied`].
    pub fn close_request(
        &mut self,
        id: i64,
        status: DsrStatus,
        outcome: &str,
    ) -> Result<DsrRequest> {
        self.authorize(
            Permission::RightsManage,
            "dsr.close",
            Some(target("request", id)),
        )?;
        let req = self.load_request(id)?;
        if req.status != DsrStatus::Open {
            return Err(Error::from(crate::Invalid::new(
                "request-closed",
                "the request is closed already",
            )));
        }
        if status == DsrStatus::Open {
            return Err(Error::from(crate::Invalid::new(
                "request-close-status",
                "close a request as completed or refused",
            )));
        }
        let outcome = outcome.trim();
        if status == DsrStatus::Refused && outcome.is_empty() {
            return Err(Error::from(
                crate::Invalid::new("reason-needed", "a refusal needs its reason")
                    .with("for", "refusal"),
            ));
        }
        crate::records::contacts::fields::check_text("outcome", outcome, 2000)?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE dsr_requests SET status = ?2, outcome = ?3, completed_at = ?4, handler_id = ?5
             WHERE id = ?1",
            params![
                id,
                status.as_str(),
                outcome,
                crate::clock::now_rfc3339(),
                self.user.id
            ],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("dsr.close", Some(target("request", id)))
                .with("status", status.as_str()),
        )?;
        tx.commit()?;
        self.load_request(id)
    }
}

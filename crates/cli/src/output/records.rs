//! JSON shapes of companies, deals, tasks and activities for `--json`. Like
//! the other `output` modules, they are the CLI's contract for scripts; core types are
//! converted here explicitly.

use serde::Serialize;
use steward_core::records::activities::{About, Activity};
use steward_core::records::companies::Company;
use steward_core::records::deals::{Deal, Stage, StageKind};
use steward_core::records::tasks::Task;

/// The record an activity or a task is about.
#[derive(Debug, Serialize)]
pub struct AboutJson {
    /// `contact`, `company` or `deal`.
    pub kind: &'static str,
    pub id: i64,
}

impl From<About> for AboutJson {
    fn from(a: About) -> Self {
        Self {
            kind: a.kind(),
            id: a.id(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CompanyJson<'a> {
    pub id: i64,
    pub name: &'a str,
    pub domain: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub city: Option<&'a str>,
    pub country: Option<&'a str>,
    pub notes: Option<&'a str>,
    pub contact_count: u64,
    /// `contact_count` stopped at the list's cap (at least that many).
    pub contact_count_capped: bool,
    pub owner_id: i64,
    pub created_at: &'a str,
    pub updated_at: &'a str,
}

impl<'a> From<&'a Company> for CompanyJson<'a> {
    fn from(c: &'a Company) -> Self {
        Self {
            id: c.id,
            name: &c.name,
            domain: c.domain.as_deref(),
            phone: c.phone.as_deref(),
            city: c.city.as_deref(),
            country: c.country.as_deref(),
            notes: c.notes.as_deref(),
            contact_count: c.contact_count,
            contact_count_capped: c.contact_count_capped,
            owner_id: c.owner_id,
            created_at: &c.created_at,
            updated_at: &c.updated_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct DealJson<'a> {
    pub id: i64,
    pub title: &'a str,
    pub stage_id: i64,
    pub stage: &'a str,
    /// `open`, `won` or `lost`.
    pub stage_kind: &'static str,
    /// Integer minor units (cents) of `currency`.
    pub amount_minor: i64,
    /// The same amount as a decimal string in the currency's units ("1234.56").
    pub amount: String,
    pub currency: &'a str,
    pub expected_close: Option<&'a str>,
    /// The deal's probability: its own, or else its stage's.
    pub probability: u8,
    /// The deal's own probability; `null` when it follows its stage's.
    pub own_probability: Option<u8>,
    /// Why it was won or lost (always set when lost, optional when won).
    pub close_reason: Option<&'a str>,
    /// The same reason, only for a lost deal: the name scripts used before
    /// won deals could have a reason.
    pub lost_reason: Option<&'a str>,
    pub contact_id: Option<i64>,
    pub company_id: Option<i64>,
    pub owner_id: i64,
    pub created_at: &'a str,
    pub updated_at: &'a str,
    pub closed_at: Option<&'a str>,
}

impl<'a> From<&'a Deal> for DealJson<'a> {
    fn from(d: &'a Deal) -> Self {
        Self {
            id: d.id,
            title: &d.title,
            stage_id: d.stage_id,
            stage: &d.stage,
            stage_kind: d.stage_kind.as_str(),
            amount_minor: d.amount_minor,
            amount: format_amount(d.amount_minor, &d.currency),
            currency: &d.currency,
            expected_close: d.expected_close.as_deref(),
            probability: d.probability,
            own_probability: d.own_probability,
            close_reason: d.close_reason.as_deref(),
            lost_reason: d
                .close_reason
                .as_deref()
                .filter(|_| d.stage_kind == StageKind::Lost),
            contact_id: d.contact_id,
            company_id: d.company_id,
            owner_id: d.owner_id,
            created_at: &d.created_at,
            updated_at: &d.updated_at,
            closed_at: d.closed_at.as_deref(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StageJson<'a> {
    pub id: i64,
    pub name: &'a str,
    /// Place in the pipeline, from 1.
    pub position: i64,
    /// Percent, for the deals in it that set no probability of their own.
    pub probability: u8,
    /// `open`, `won` or `lost`.
    pub kind: &'static str,
}

impl<'a> From<&'a Stage> for StageJson<'a> {
    fn from(s: &'a Stage) -> Self {
        Self {
            id: s.id,
            name: &s.name,
            position: s.position,
            probability: s.probability,
            kind: s.kind.as_str(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct TaskJson<'a> {
    pub id: i64,
    pub title: &'a str,
    pub due_date: Option<&'a str>,
    /// `HH:MM`, local.
    pub due_time: Option<&'a str>,
    pub duration_minutes: Option<u32>,
    /// Minutes before the due moment; 0 at it.
    pub remind_before_minutes: Option<u32>,
    pub assignee_id: i64,
    pub assignee: &'a str,
    pub done: bool,
    pub done_at: Option<&'a str>,
    pub about: Option<AboutJson>,
    pub created_by: i64,
    pub created_at: &'a str,
}

impl<'a> From<&'a Task> for TaskJson<'a> {
    fn from(t: &'a Task) -> Self {
        Self {
            id: t.id,
            title: &t.title,
            due_date: t.due_date.as_deref(),
            due_time: t.due_time.as_deref(),
            duration_minutes: t.duration_minutes,
            remind_before_minutes: t.remind_before_minutes,
            assignee_id: t.assignee_id,
            assignee: &t.assignee,
            done: t.done_at.is_some(),
            done_at: t.done_at.as_deref(),
            about: t.about.map(AboutJson::from),
            created_by: t.created_by,
            created_at: &t.created_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ActivityJson<'a> {
    pub id: i64,
    /// `note`, `call`, `meeting` or `email`.
    pub kind: &'static str,
    pub subject: &'a str,
    pub body: Option<&'a str>,
    pub occurred_at: &'a str,
    pub about: AboutJson,
    pub owner_id: i64,
    pub created_at: &'a str,
}

impl<'a> From<&'a Activity> for ActivityJson<'a> {
    fn from(a: &'a Activity) -> Self {
        Self {
            id: a.id,
            kind: a.kind.as_str(),
            subject: &a.subject,
            body: a.body.as_deref(),
            occurred_at: &a.occurred_at,
            about: a.about.into(),
            owner_id: a.owner_id,
            created_at: &a.created_at,
        }
    }
}

/// How many digits a currency's minor unit has (ISO 4217): most have two;
/// these have none or three.
pub(crate) fn minor_digits(currency: &str) -> u32 {
    const NONE: &[&str] = &[
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
        "VUV", "XAF", "XOF", "XPF",
    ];
    const THREE: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
    let code = currency.trim().to_ascii_uppercase();
    if NONE.contains(&code.as_str()) {
        0
    } else if THREE.contains(&code.as_str()) {
        3
    } else {
        2
    }
}

/// Writes minor units as a decimal amount of `currency` (`123456` → `1234.56`).
pub(crate) fn format_amount(minor: i64, currency: &str) -> String {
    let digits = minor_digits(currency);
    if digits == 0 {
        return minor.to_string();
    }
    let scale = 10_u64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = digits as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_format_back_to_decimals() {
        assert_eq!(format_amount(123_456, "EUR"), "1234.56");
        assert_eq!(format_amount(5, "EUR"), "0.05");
        assert_eq!(format_amount(5000, "JPY"), "5000");
        assert_eq!(format_amount(1234, "KWD"), "1.234");
        assert_eq!(format_amount(-5, "EUR"), "-0.05");
    }
}

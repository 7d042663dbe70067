//! Transport types of the breach register, converted explicitly from core
//! types.

use serde::{Deserialize, Serialize};
use steward_core::breach::report::{ReportQuery, TouchReport};
use steward_core::breach::{Breach, BreachFacts, Countdown, Decision, Drafts};
use ts_rs::TS;

use crate::api::audit::dto::AuditEntryDto;

/// The facts of an incident, as entered.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BreachFacts")]
pub struct BreachFactsDto {
    /// When it was discovered (RFC 3339).
    pub discovered_at: String,
    pub occurred_at: Option<String>,
    pub summary: String,
    /// Keys: `names`, `emails`, `phones`, `addresses`, `company-title`,
    /// `notes`, `custom-fields`, `activities-deals`, `attachments`,
    /// `sensitive`, `credentials`.
    pub data_categories: Vec<String>,
    pub data_other: String,
    /// Keys: `customers`, `prospects`, `contact-persons`, `staff`.
    pub subject_categories: Vec<String>,
    pub subjects_other: String,
    #[ts(type = "number | null")]
    pub people_approx: Option<u64>,
    #[ts(type = "number | null")]
    pub records_approx: Option<u64>,
    pub consequences: String,
    pub measures_taken: String,
    pub measures_proposed: String,
    pub cross_border: bool,
    pub delay_reason: String,
}

impl From<BreachFacts> for BreachFactsDto {
    fn from(f: BreachFacts) -> Self {
        Self {
            discovered_at: f.discovered_at,
            occurred_at: f.occurred_at,
            summary: f.summary,
            data_categories: f.data_categories,
            data_other: f.data_other,
            subject_categories: f.subject_categories,
            subjects_other: f.subjects_other,
            people_approx: f.people_approx,
            records_approx: f.records_approx,
            consequences: f.consequences,
            measures_taken: f.measures_taken,
            measures_proposed: f.measures_proposed,
            cross_border: f.cross_border,
            delay_reason: f.delay_reason,
        }
    }
}

impl From<BreachFactsDto> for BreachFacts {
    fn from(f: BreachFactsDto) -> Self {
        Self {
            discovered_at: f.discovered_at,
            occurred_at: f.occurred_at,
            summary: f.summary,
            data_categories: f.data_categories,
            data_other: f.data_other,
            subject_categories: f.subject_categories,
            subjects_other: f.subjects_other,
            people_approx: f.people_approx,
            records_approx: f.records_approx,
            consequences: f.consequences,
            measures_taken: f.measures_taken,
            measures_proposed: f.measures_proposed,
            cross_border: f.cross_border,
            delay_reason: f.delay_reason,
        }
    }
}

/// The decision on an incident.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BreachDecision")]
pub struct DecisionDto {
    pub notify_authority: bool,
    pub authority_reason: String,
    pub notify_subjects: bool,
    pub subjects_reason: String,
    pub notified_at: Option<String>,
}

impl From<DecisionDto> for Decision {
    fn from(d: DecisionDto) -> Self {
        Self {
            notify_authority: d.notify_authority,
            authority_reason: d.authority_reason,
            notify_subjects: d.notify_subjects,
            subjects_reason: d.subjects_reason,
            notified_at: d.notified_at,
        }
    }
}

/// A recorded decision: what, when and by whom.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BreachDecisionRecord")]
pub struct DecisionRecordDto {
    pub at: String,
    pub by: String,
    pub decision: DecisionDto,
}

/// One incident of the register.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Breach")]
pub struct BreachDto {
    #[ts(type = "number")]
    pub id: i64,
    pub opened_at: String,
    pub opened_by: String,
    pub facts: BreachFactsDto,
    #[ts(type = "number | null")]
    pub source_alert_id: Option<i64>,
    /// The 72-hour deadline (RFC 3339).
    pub deadline: String,
    pub decision: Option<DecisionRecordDto>,
    /// The last report's window and filters.
    pub report_window: Option<ReportQueryDto>,
}

impl From<Breach> for BreachDto {
    fn from(b: Breach) -> Self {
        Self {
            id: b.id,
            opened_at: b.opened_at,
            opened_by: b.opened_by,
            facts: b.facts.into(),
            source_alert_id: b.source_alert_id,
            deadline: b.deadline,
            decision: b.decision.map(|(at, by, d)| DecisionRecordDto {
                at,
                by,
                decision: DecisionDto {
                    notify_authority: d.notify_authority,
                    authority_reason: d.authority_reason,
                    notify_subjects: d.notify_subjects,
                    subjects_reason: d.subjects_reason,
                    notified_at: d.notified_at,
                },
            }),
            report_window: b.report_window.map(Into::into),
        }
    }
}

/// The window and filters of a report.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BreachReportQuery")]
pub struct ReportQueryDto {
    pub from: String,
    pub to: String,
    /// Login names; every user when empty.
    pub users: Vec<String>,
    /// Contact ids; every contact when empty.
    #[ts(type = "number[]")]
    pub contacts: Vec<i64>,
}

impl From<ReportQuery> for ReportQueryDto {
    fn from(q: ReportQuery) -> Self {
        Self {
            from: q.from,
            to: q.to,
            users: q.users,
            contacts: q.contacts,
        }
    }
}

impl From<ReportQueryDto> for ReportQuery {
    fn from(q: ReportQueryDto) -> Self {
        Self {
            from: q.from,
            to: q.to,
            users: q.users,
            contacts: q.contacts,
        }
    }
}

/// One entry of the report.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BreachTouch")]
pub struct TouchDto {
    /// `view`, `reveal`, `export`, `import`, `deletion`, `unlock`, `failed-unlock`.
    pub kind: String,
    pub purpose: Option<String>,
    pub entry: AuditEntryDto,
}

/// Counts by user and kind.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BreachTouchCount")]
pub struct TouchCountDto {
    pub user: Option<String>,
    pub kind: String,
    #[ts(type = "number")]
    pub count: usize,
}

/// The "who touched what" report.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BreachReport")]
pub struct TouchReportDto {
    pub query: ReportQueryDto,
    pub entries: Vec<TouchDto>,
    pub summary: Vec<TouchCountDto>,
}

impl From<TouchReport> for TouchReportDto {
    fn from(r: TouchReport) -> Self {
        Self {
            query: r.query.into(),
            entries: r
                .entries
                .into_iter()
                .map(|t| TouchDto {
                    kind: t.kind.as_str().to_owned(),
                    purpose: t.purpose,
                    entry: t.entry.into(),
                })
                .collect(),
            summary: r
                .summary
                .into_iter()
                .map(|c| TouchCountDto {
                    user: c
                        .actor_name
                        .or_else(|| c.actor_id.map(|id| format!("#{id}"))),
                    kind: c.kind.as_str().to_owned(),
                    count: c.count,
                })
                .collect(),
        }
    }
}

/// The drafts, in the vault's language.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BreachDrafts")]
pub struct DraftsDto {
    /// `en` or `ro`.
    pub language: String,
    /// To the supervisory authority (Markdown).
    pub authority: String,
    /// To the people concerned (Markdown).
    pub subjects: String,
}

impl From<Drafts> for DraftsDto {
    fn from(d: Drafts) -> Self {
        Self {
            language: d.language.as_str().to_owned(),
            authority: d.authority,
            subjects: d.subjects,
        }
    }
}

/// The nearest deadline of the undecided incidents.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BreachCountdown")]
pub struct CountdownDto {
    #[ts(type = "number")]
    pub breach_id: i64,
    pub deadline: String,
    #[ts(type = "number")]
    pub minutes_left: i64,
    #[ts(type = "number")]
    pub undecided: u64,
}

impl From<Countdown> for CountdownDto {
    fn from(c: Countdown) -> Self {
        Self {
            breach_id: c.breach_id,
            deadline: c.deadline,
            minutes_left: c.minutes_left,
            undecided: c.undecided,
        }
    }
}

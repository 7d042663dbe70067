//! Transport types for companies, deals, activities, tasks and the
//! dashboard, converted explicitly to and from core types.

use serde::{Deserialize, Serialize};
use steward_core::records::activities::{
    About, Activity, ActivityKind, ActivityPatch, NewActivity,
};
use steward_core::records::companies::{Company, CompanyPatch, NewCompany};
use steward_core::records::deals::{Deal, DealPatch, NewDeal, Stage, StageRef, StageTotal};
use steward_core::records::recycle_bin::{DeletedRecord, RecordKind};
use steward_core::records::tasks::{NewTask, Task, TaskFilter, TaskPatch};
use ts_rs::TS;

use crate::error::ApiResult;

fn keep(v: String) -> Option<String> {
    Some(v).filter(|v| !v.trim().is_empty())
}

/// What an activity or task is attached to.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "About")]
pub struct AboutDto {
    /// `contact`, `company` or `deal`.
    pub kind: AboutKind,
    #[ts(type = "number")]
    pub id: i64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AboutKind {
    Contact,
    Company,
    Deal,
}

impl From<AboutDto> for About {
    fn from(a: AboutDto) -> Self {
        match a.kind {
            AboutKind::Contact => About::Contact(a.id),
            AboutKind::Company => About::Company(a.id),
            AboutKind::Deal => About::Deal(a.id),
        }
    }
}

impl From<About> for AboutDto {
    fn from(a: About) -> Self {
        let kind = match a {
            About::Contact(_) => AboutKind::Contact,
            About::Company(_) => AboutKind::Company,
            About::Deal(_) => AboutKind::Deal,
        };
        Self { kind, id: a.id() }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CompanyInput {
    pub name: String,
    pub domain: String,
    pub phone: String,
    pub city: String,
    pub country: String,
    pub notes: String,
}

impl CompanyInput {
    pub fn into_new(self) -> NewCompany {
        NewCompany {
            name: self.name,
            domain: keep(self.domain),
            phone: keep(self.phone),
            city: keep(self.city),
            country: keep(self.country),
            notes: keep(self.notes),
        }
    }

    pub fn into_patch(self) -> CompanyPatch {
        CompanyPatch {
            name: Some(self.name),
            domain: Some(self.domain),
            phone: Some(self.phone),
            city: Some(self.city),
            country: Some(self.country),
            notes: Some(self.notes),
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Company")]
pub struct CompanyDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub domain: Option<String>,
    pub phone: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub notes: Option<String>,
    #[ts(type = "number")]
    pub owner_id: i64,
    #[ts(type = "number")]
    pub contact_count: u64,
    /// The list counts at most 1 000 contacts a company: `contactCount`
    /// is then 1 000 and the company has at least that many.
    pub contact_count_capped: bool,
    pub updated_at: String,
}

impl From<Company> for CompanyDto {
    fn from(c: Company) -> Self {
        Self {
            id: c.id,
            name: c.name,
            domain: c.domain,
            phone: c.phone,
            city: c.city,
            country: c.country,
            notes: c.notes,
            owner_id: c.owner_id,
            contact_count: c.contact_count,
            contact_count_capped: c.contact_count_capped,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "CompanyPage")]
pub struct CompanyPageDto {
    pub items: Vec<CompanyDto>,
    /// The cursor of the next page (`after`); `null` on the last page.
    pub next: Option<String>,
    /// How many companies there are, when the page was asked with `count`
    /// (ADR 0023).
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

/// A page of one stage's deals on the board, newest first (ADR 0023).
#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "DealPage")]
pub struct DealPageDto {
    pub items: Vec<DealDto>,
    /// The cursor of the next page (`after`); `null` on the last page.
    pub next: Option<String>,
}

#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "Stage")]
pub struct StageDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub position: i64,
    pub probability: u8,
    /// `open`, `won` or `lost`.
    pub kind: String,
}

impl From<Stage> for StageDto {
    fn from(s: Stage) -> Self {
        Self {
            id: s.id,
            name: s.name,
            position: s.position,
            probability: s.probability,
            kind: s.kind.as_str().into(),
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DealInput {
    pub title: String,
    #[ts(type = "number | null")]
    pub stage_id: Option<i64>,
    /// In minor units (cents).
    #[ts(type = "number")]
    pub amount_minor: i64,
    pub currency: String,
    pub expected_close: String,
    /// The deal's own probability in percent; `null` follows the stage's
    /// (on `update_deal`, `null` takes an override away).
    pub probability: Option<u8>,
    #[ts(type = "number | null")]
    pub contact_id: Option<i64>,
    #[ts(type = "number | null")]
    pub company_id: Option<i64>,
}

impl DealInput {
    pub fn into_new(self) -> NewDeal {
        NewDeal {
            title: self.title,
            stage: self.stage_id.map(StageRef::Id),
            amount_minor: self.amount_minor,
            currency: keep(self.currency),
            expected_close: keep(self.expected_close),
            probability: self.probability,
            contact_id: self.contact_id,
            company_id: self.company_id,
        }
    }

    pub fn into_patch(self) -> DealPatch {
        DealPatch {
            title: Some(self.title),
            amount_minor: Some(self.amount_minor),
            currency: keep(self.currency),
            expected_close: Some(self.expected_close),
            probability: Some(self.probability),
            contact_id: Some(self.contact_id),
            company_id: Some(self.company_id),
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Deal")]
pub struct DealDto {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    #[ts(type = "number")]
    pub stage_id: i64,
    pub stage: String,
    pub stage_kind: String,
    #[ts(type = "number")]
    pub amount_minor: i64,
    pub currency: String,
    pub expected_close: Option<String>,
    /// The deal's probability: its own, or else its stage's.
    pub probability: u8,
    /// The deal's own probability; `null` when it follows its stage's.
    pub own_probability: Option<u8>,
    /// Why it was won or lost: always set when lost, optional when won.
    pub close_reason: Option<String>,
    #[ts(type = "number | null")]
    pub contact_id: Option<i64>,
    #[ts(type = "number | null")]
    pub company_id: Option<i64>,
    #[ts(type = "number")]
    pub owner_id: i64,
    pub closed_at: Option<String>,
}

impl From<Deal> for DealDto {
    fn from(d: Deal) -> Self {
        Self {
            id: d.id,
            title: d.title,
            stage_id: d.stage_id,
            stage: d.stage,
            stage_kind: d.stage_kind.as_str().into(),
            amount_minor: d.amount_minor,
            currency: d.currency,
            expected_close: d.expected_close,
            probability: d.probability,
            own_probability: d.own_probability,
            close_reason: d.close_reason,
            contact_id: d.contact_id,
            company_id: d.company_id,
            owner_id: d.owner_id,
            closed_at: d.closed_at,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "StageTotal")]
pub struct StageTotalDto {
    pub stage: StageDto,
    #[ts(type = "number")]
    pub count: u64,
    /// Sums per currency, in minor units.
    pub amounts: Vec<CurrencyAmount>,
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CurrencyAmount {
    pub currency: String,
    #[ts(type = "number")]
    pub amount_minor: i64,
}

impl From<StageTotal> for StageTotalDto {
    fn from(t: StageTotal) -> Self {
        Self {
            stage: t.stage.into(),
            count: t.count,
            amounts: t
                .amount_by_currency
                .into_iter()
                .map(|(currency, amount_minor)| CurrencyAmount {
                    currency,
                    amount_minor,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActivityInput {
    /// `note`, `call`, `meeting` or `email`.
    pub kind: String,
    pub subject: String,
    pub body: String,
    /// RFC 3339; empty for now.
    pub occurred_at: String,
    pub about: AboutDto,
}

impl ActivityInput {
    pub fn into_new(self) -> ApiResult<NewActivity> {
        Ok(NewActivity {
            kind: self.kind.parse::<ActivityKind>()?,
            subject: self.subject,
            body: keep(self.body),
            occurred_at: keep(self.occurred_at),
            about: self.about.into(),
        })
    }
}

/// A correction to an activity, as the form holds it whole.
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ActivityEdit {
    /// `note`, `call`, `meeting` or `email`.
    pub kind: String,
    pub subject: String,
    /// Empty removes the text.
    pub body: String,
    /// RFC 3339; empty leaves the time as it is.
    pub occurred_at: String,
}

impl ActivityEdit {
    pub fn into_patch(self) -> ApiResult<ActivityPatch> {
        Ok(ActivityPatch {
            kind: Some(self.kind.parse::<ActivityKind>()?),
            subject: Some(self.subject),
            body: Some(keep(self.body)),
            occurred_at: keep(self.occurred_at),
        })
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Activity")]
pub struct ActivityDto {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub body: Option<String>,
    pub occurred_at: String,
    pub about: AboutDto,
    #[ts(type = "number")]
    pub owner_id: i64,
}

impl From<Activity> for ActivityDto {
    fn from(a: Activity) -> Self {
        Self {
            id: a.id,
            kind: a.kind.as_str().into(),
            subject: a.subject,
            body: a.body,
            occurred_at: a.occurred_at,
            about: a.about.into(),
            owner_id: a.owner_id,
        }
    }
}

#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TaskInput {
    pub title: String,
    /// `YYYY-MM-DD`, or empty.
    pub due_date: String,
    /// `HH:MM` local, or empty for any time that day.
    pub due_time: String,
    /// How long it lasts (a meeting), in minutes.
    pub duration_minutes: Option<u32>,
    /// Minutes before the due moment to remind (0: at it); none without.
    pub remind_before_minutes: Option<u32>,
    /// A user name; empty for oneself.
    pub assignee: String,
    pub about: Option<AboutDto>,
}

impl TaskInput {
    pub fn into_new(self) -> NewTask {
        NewTask {
            title: self.title,
            due_date: keep(self.due_date),
            due_time: keep(self.due_time),
            duration_minutes: self.duration_minutes,
            remind_before_minutes: self.remind_before_minutes,
            assignee: keep(self.assignee),
            about: self.about.map(Into::into),
        }
    }
}

/// A change to a task, as the form holds it whole: the title, the due
/// moment, the duration and the reminder replace the task's; an empty
/// assignee leaves it with its assignee.
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TaskEdit {
    pub title: String,
    /// `YYYY-MM-DD`, or empty for no due date.
    pub due_date: String,
    /// `HH:MM` local, or empty.
    pub due_time: String,
    pub duration_minutes: Option<u32>,
    pub remind_before_minutes: Option<u32>,
    /// A user name; empty leaves it.
    pub assignee: String,
}

impl TaskEdit {
    pub fn into_patch(self) -> TaskPatch {
        TaskPatch {
            title: Some(self.title),
            due_date: Some(self.due_date),
            due_time: Some(keep(self.due_time)),
            duration_minutes: Some(self.duration_minutes),
            remind_before_minutes: Some(self.remind_before_minutes),
            assignee: keep(self.assignee),
            about: None,
        }
    }
}

/// A page of a Tasks tab (ADR 0023).
#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "TaskPage")]
pub struct TaskPageDto {
    pub items: Vec<TaskDto>,
    /// The cursor of the next page (`after`); `null` on the last page.
    pub next: Option<String>,
    /// How many tasks the tab holds, when the page was asked with `count`.
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Task")]
pub struct TaskDto {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub due_date: Option<String>,
    /// `HH:MM` local; none for any time that day.
    pub due_time: Option<String>,
    pub duration_minutes: Option<u32>,
    /// Minutes before the due moment (0: at it); none for no reminder.
    pub remind_before_minutes: Option<u32>,
    #[ts(type = "number")]
    pub assignee_id: i64,
    pub assignee: String,
    pub done_at: Option<String>,
    pub about: Option<AboutDto>,
    #[ts(type = "number")]
    pub created_by: i64,
}

impl From<Task> for TaskDto {
    fn from(t: Task) -> Self {
        Self {
            id: t.id,
            title: t.title,
            due_date: t.due_date,
            due_time: t.due_time,
            duration_minutes: t.duration_minutes,
            remind_before_minutes: t.remind_before_minutes,
            assignee_id: t.assignee_id,
            assignee: t.assignee,
            done_at: t.done_at,
            about: t.about.map(Into::into),
            created_by: t.created_by,
        }
    }
}

/// The task lists, by the machine's local date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, rename = "TaskFilter")]
pub enum TaskFilterDto {
    Today,
    Overdue,
    Upcoming,
    Done,
    All,
}

impl From<TaskFilterDto> for TaskFilter {
    fn from(f: TaskFilterDto) -> Self {
        match f {
            TaskFilterDto::Today => Self::Today,
            TaskFilterDto::Overdue => Self::Overdue,
            TaskFilterDto::Upcoming => Self::Upcoming,
            TaskFilterDto::Done => Self::Done,
            TaskFilterDto::All => Self::All,
        }
    }
}

impl From<TaskFilter> for TaskFilterDto {
    fn from(f: TaskFilter) -> Self {
        match f {
            TaskFilter::Today => Self::Today,
            TaskFilter::Overdue => Self::Overdue,
            TaskFilter::Upcoming => Self::Upcoming,
            TaskFilter::Done => Self::Done,
            TaskFilter::All => Self::All,
        }
    }
}

/// Everything the dashboard shows, in one call.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Dashboard {
    pub pipeline: Vec<StageTotalDto>,
    pub tasks_today: Vec<TaskDto>,
    pub tasks_overdue: Vec<TaskDto>,
    pub recent_activity: Vec<ActivityDto>,
    #[ts(type = "number")]
    pub contacts: u64,
}

/// A type of record in the recycle bin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "RecordKind")]
pub enum RecordKindDto {
    Contact,
    Company,
    Deal,
    Task,
    Activity,
    Attachment,
}

impl From<RecordKindDto> for RecordKind {
    fn from(k: RecordKindDto) -> Self {
        match k {
            RecordKindDto::Contact => RecordKind::Contact,
            RecordKindDto::Company => RecordKind::Company,
            RecordKindDto::Deal => RecordKind::Deal,
            RecordKindDto::Task => RecordKind::Task,
            RecordKindDto::Activity => RecordKind::Activity,
            RecordKindDto::Attachment => RecordKind::Attachment,
        }
    }
}

impl From<RecordKind> for RecordKindDto {
    fn from(k: RecordKind) -> Self {
        match k {
            RecordKind::Contact => RecordKindDto::Contact,
            RecordKind::Company => RecordKindDto::Company,
            RecordKind::Deal => RecordKindDto::Deal,
            RecordKind::Task => RecordKindDto::Task,
            RecordKind::Activity => RecordKindDto::Activity,
            RecordKind::Attachment => RecordKindDto::Attachment,
        }
    }
}

/// The record a file in the recycle bin is on: contact, company, deal or
/// activity, and its name, title or subject.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Holder")]
pub struct HolderDto {
    pub kind: RecordKindDto,
    pub name: String,
}

/// A deleted activity's parts, for the window to word its label and line.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "DeletedActivity")]
pub struct DeletedActivityDto {
    /// `note`, `call`, `meeting` or `email`.
    pub kind: String,
    pub occurred_at: String,
    /// The first words of its subject.
    pub subject: String,
    /// What it is about: contact, company or deal.
    pub about: RecordKindDto,
}

/// A record in the recycle bin, as the bin lists it.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "DeletedRecord")]
pub struct DeletedRecordDto {
    pub kind: RecordKindDto,
    #[ts(type = "number")]
    pub id: i64,
    /// A name, a title, or an activity's kind, date and first words.
    pub label: String,
    /// An e-mail, domain, stage, due date or what an activity is about.
    pub detail: Option<String>,
    /// For a file, the record it is on (the window words the line).
    pub holder: Option<HolderDto>,
    /// For a task, its due date (the window words the line).
    pub due_date: Option<String>,
    /// For an activity, its parts (the window words the label and line).
    pub activity: Option<DeletedActivityDto>,
    #[ts(type = "number")]
    pub owner_id: i64,
    pub deleted_at: String,
    /// Login name of who deleted it, when known.
    pub deleted_by: Option<String>,
    pub purge_at: String,
}

impl From<DeletedRecord> for DeletedRecordDto {
    fn from(d: DeletedRecord) -> Self {
        Self {
            kind: d.kind.into(),
            id: d.id,
            label: d.label,
            detail: d.detail,
            holder: d.holder.map(|h| HolderDto {
                kind: h.kind.into(),
                name: h.name,
            }),
            due_date: d.due_date,
            activity: d.activity.map(|a| DeletedActivityDto {
                kind: a.kind,
                occurred_at: a.occurred_at,
                subject: a.subject,
                about: a.about.into(),
            }),
            owner_id: d.owner_id,
            deleted_at: d.deleted_at,
            deleted_by: d.deleted_by,
            purge_at: d.purge_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_task_list_names_are_the_ones_the_ui_sends() {
        for (name, filter) in [
            ("today", TaskFilter::Today),
            ("overdue", TaskFilter::Overdue),
            ("upcoming", TaskFilter::Upcoming),
            ("done", TaskFilter::Done),
            ("all", TaskFilter::All),
        ] {
            let json = format!("\"{name}\"");
            let dto: TaskFilterDto = serde_json::from_str(&json).unwrap();
            assert_eq!(TaskFilter::from(dto), filter);
            assert_eq!(
                serde_json::to_string(&TaskFilterDto::from(filter)).unwrap(),
                json
            );
        }
        assert!(serde_json::from_str::<TaskFilterDto>("\"someday\"").is_err());
    }

    #[test]
    fn a_task_form_replaces_the_moment_and_keeps_the_assignee_when_empty() {
        let edit: TaskEdit = serde_json::from_str(
            r#"{"title":"Call","dueDate":"2026-03-10","dueTime":"","durationMinutes":null,
                "remindBeforeMinutes":0,"assignee":""}"#,
        )
        .unwrap();
        let patch = edit.into_patch();
        assert_eq!(patch.title.as_deref(), Some("Call"));
        assert_eq!(patch.due_date.as_deref(), Some("2026-03-10"));
        assert_eq!(patch.due_time, Some(None), "an empty time clears it");
        assert_eq!(patch.duration_minutes, Some(None));
        assert_eq!(patch.remind_before_minutes, Some(Some(0)));
        assert_eq!(patch.assignee, None, "an empty assignee leaves it");
        assert_eq!(patch.about, None);
    }

    #[test]
    fn an_activity_form_with_no_time_keeps_the_time_and_an_empty_text_clears_it() {
        let edit: ActivityEdit = serde_json::from_str(
            r#"{"kind":"meeting","subject":"Visit","body":" ","occurredAt":""}"#,
        )
        .unwrap();
        let patch = edit.into_patch().unwrap();
        assert_eq!(patch.kind, Some(ActivityKind::Meeting));
        assert_eq!(patch.subject.as_deref(), Some("Visit"));
        assert_eq!(patch.occurred_at, None);
        let bad: ActivityEdit =
            serde_json::from_str(r#"{"kind":"fax","subject":"Visit","body":"","occurredAt":""}"#)
                .unwrap();
        assert!(bad.into_patch().is_err());
    }
}

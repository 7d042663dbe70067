//! Transport types of reminders.

use serde::{Deserialize, Serialize};
use steward_core::reminders::{MOMENT_FORMAT, Reminder, Snooze};
use ts_rs::TS;

use crate::api::records::dto::TaskDto;

/// A reminder of one of the user's tasks.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Reminder")]
pub struct ReminderDto {
    pub task: TaskDto,
    /// When it comes, `YYYY-MM-DDTHH:MM` local: its moment or a snooze's end.
    pub at: String,
    /// Whether its time has come.
    pub due: bool,
    pub snoozed: bool,
}

impl From<Reminder> for ReminderDto {
    fn from(r: Reminder) -> Self {
        Self {
            at: r.at.format(MOMENT_FORMAT).to_string(),
            due: r.due,
            snoozed: r.snoozed,
            task: r.task.into(),
        }
    }
}

/// How long to put a reminder off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[ts(export, rename = "SnoozeFor")]
pub enum SnoozeFor {
    /// Five minutes.
    #[serde(rename = "5m")]
    FiveMinutes,
    /// An hour.
    #[serde(rename = "1h")]
    Hour,
    /// Tomorrow at 09:00.
    #[serde(rename = "tomorrow")]
    Tomorrow,
}

impl From<SnoozeFor> for Snooze {
    fn from(s: SnoozeFor) -> Self {
        match s {
            SnoozeFor::FiveMinutes => Snooze::Minutes(5),
            SnoozeFor::Hour => Snooze::Minutes(60),
            SnoozeFor::Tomorrow => Snooze::Tomorrow,
        }
    }
}

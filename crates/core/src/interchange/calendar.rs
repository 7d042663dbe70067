//! The calendar as an iCalendar file (RFC 5545): the dated tasks of a range,
//! or one task, as `VEVENT`s, for the calendar people already use.
//!
//! Written with the `calcard` crate (which also reads the vCard files
//! Steward imports), so the folding, escaping and value types are a
//! maintained library's, not Steward's own.
//!
//! What an event holds, and nothing else:
//! - `UID`: `task-<id>.<vault id>@steward`, the same on every export of the
//!   same task from the same vault, so a calendar that imports the file
//!   again updates the event rather than adding a second; the vault id is
//!   random and says nothing about anyone.
//! - `SUMMARY`: the task's title. No description and no attendees: the
//!   record a task is about and the people on it stay in Steward.
//! - `DTSTART`/`DTEND`: a task without a time is an all-day event
//!   (`VALUE=DATE`, ending the next day); with a time it starts then in
//!   *floating* local time (no `TZID`, no `Z`), as Steward stores it: the
//!   office's wall-clock time without a zone. A calendar shows it at the
//!   same hour of the day wherever it is read; a vault keeps no time zone
//!   to name, and a `TZID` would need a `VTIMEZONE` definition Steward
//!   would have to invent. It ends after its duration; without one it has
//!   no `DTEND` (RFC 5545: it ends when it starts).
//! - `STATUS:CANCELLED` never; a done task is exported like an open one.
//!
//! Exporting needs `contacts.export`, like every export of customer data,
//! and `contacts.read` for what it reads; it is recorded as
//! `calendar.export` with the number of events, in one transaction with an
//! `export_log` row for each contact a task in it is about (a title may
//! name them), so the person's access package lists the export.

use std::io::Write;

use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameter,
    ICalendarProperty, ICalendarValue, ICalendarValueType,
};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::audit::{Event, Target};
use crate::auth::{Permission, Session};
use crate::records::activities::About;
use crate::records::tasks::Task;
use crate::{Error, Result};

/// The `PRODID` of every file.
const PRODID: &str = "-//Steward//Steward CRM calendar//EN";

/// The stable `UID` of task `id` in the vault `vault_id`.
pub fn task_uid(vault_id: &str, id: i64) -> String {
    format!("task-{id}.{vault_id}@steward")
}

fn date_value(d: NaiveDate) -> PartialDateTime {
    PartialDateTime {
        year: u16::try_from(d.year()).ok(),
        month: u8::try_from(d.month()).ok(),
        day: u8::try_from(d.day()).ok(),
        ..PartialDateTime::default()
    }
}

fn datetime_value(t: NaiveDateTime, utc: bool) -> PartialDateTime {
    PartialDateTime {
        hour: u8::try_from(t.hour()).ok(),
        minute: u8::try_from(t.minute()).ok(),
        second: u8::try_from(t.second()).ok(),
        tz_hour: utc.then_some(0),
        tz_minute: utc.then_some(0),
        ..date_value(t.date())
    }
}

fn entry(name: ICalendarProperty, value: ICalendarValue) -> ICalendarEntry {
    ICalendarEntry::new(name).with_value(value)
}

fn text(name: ICalendarProperty, value: &str) -> ICalendarEntry {
    entry(name, ICalendarValue::Text(value.to_owned()))
}

fn when(name: ICalendarProperty, value: PartialDateTime, all_day: bool) -> ICalendarEntry {
    let e = entry(name, ICalendarValue::PartialDateTime(Box::new(value)));
    if all_day {
        e.with_param(ICalendarParameter::value(ICalendarValueType::Date))
    } else {
        e
    }
}

/// The event of one dated task; `None` for a task without a due date.
fn event(vault_id: &str, task: &Task, stamp: NaiveDateTime) -> Option<ICalendarComponent> {
    let day = NaiveDate::parse_from_str(task.due_date.as_deref()?, "%Y-%m-%d").ok()?;
    let mut c = ICalendarComponent::new(ICalendarComponentType::VEvent);
    c.entries
        .push(text(ICalendarProperty::Uid, &task_uid(vault_id, task.id)));
    c.entries.push(when(
        ICalendarProperty::Dtstamp,
        datetime_value(stamp, true),
        false,
    ));
    let time = task
        .due_time
        .as_deref()
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
    match time {
        None => {
            c.entries
                .push(when(ICalendarProperty::Dtstart, date_value(day), true));
            c.entries.push(when(
                ICalendarProperty::Dtend,
                date_value(day.succ_opt().unwrap_or(day)),
                true,
            ));
        }
        Some(time) => {
            let start = day.and_time(time);
            c.entries.push(when(
                ICalendarProperty::Dtstart,
                datetime_value(start, false),
                false,
            ));
            if let Some(minutes) = task.duration_minutes {
                let end = start + chrono::Duration::minutes(i64::from(minutes));
                c.entries.push(when(
                    ICalendarProperty::Dtend,
                    datetime_value(end, false),
                    false,
                ));
            }
        }
    }
    c.entries
        .push(text(ICalendarProperty::Summary, &task.title));
    Some(c)
}

/// The iCalendar text of `tasks` (those without a due date left out) and
/// how many events it holds.
pub(crate) fn calendar_text(
    vault_id: &str,
    tasks: &[Task],
    stamp: NaiveDateTime,
) -> (String, usize) {
    let mut root = ICalendarComponent::new(ICalendarComponentType::VCalendar);
    root.entries.push(text(ICalendarProperty::Version, "2.0"));
    root.entries.push(text(ICalendarProperty::Prodid, PRODID));
    let mut components = vec![root];
    for task in tasks {
        if let Some(c) = event(vault_id, task, stamp) {
            let id = u32::try_from(components.len()).unwrap_or(u32::MAX);
            components[0].component_ids.push(id);
            components.push(c);
        }
    }
    let events = components.len() - 1;
    (ICalendar { components }.to_string(), events)
}

/// A day given as `YYYY-MM-DD` for a bound of the export.
fn bound(label: &str, value: Option<&str>, open: &str) -> Result<String> {
    Ok(crate::records::clean_date(label, value)?.unwrap_or_else(|| open.to_owned()))
}

impl Session {
    /// Writes the calendar's tasks due from `from` to `to` (both included;
    /// `None`: no bound), only the user's own when `mine_only`, to `out` as
    /// one iCalendar file, and records the export. Returns the number of
    /// events.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.export` or
    /// `contacts.read`; [`Error::InvalidInput`] for a bound that is not a
    /// date, or an end before the start; I/O errors.
    pub fn export_calendar(
        &self,
        from: Option<&str>,
        to: Option<&str>,
        mine_only: bool,
        out: &mut dyn Write,
    ) -> Result<usize> {
        self.authorize(Permission::ContactsExport, "calendar.export", None)?;
        let from = bound("start", from, "0000-01-01")?;
        let to = bound("end", to, "9999-12-31")?;
        if to < from {
            return Err(Error::from(crate::Invalid::new(
                "end-before-start",
                "the calendar's end is before its start",
            )));
        }
        let tasks = self.calendar_between(&from, &to, mine_only)?;
        self.write_calendar(&tasks, "range", out)
    }

    /// Writes task `id` as a file of one event to `out`, and records the
    /// export.
    ///
    /// # Errors
    /// As [`Session::export_calendar`]; [`Error::NotFound`] for a deleted
    /// task or one about a contact the user may not see;
    /// [`Error::InvalidInput`] for a task without a due date.
    pub fn export_task_event(&self, id: i64, out: &mut dyn Write) -> Result<usize> {
        self.authorize(Permission::ContactsExport, "calendar.export", None)?;
        let task = self.get_task(id)?;
        if let Some(about) = task.about {
            self.ensure_visible(about)?;
        }
        if task.due_date.is_none() {
            return Err(Error::from(crate::Invalid::new(
                "calendar-needs-due-date",
                "a task without a due date has no place on a calendar",
            )));
        }
        self.write_calendar(std::slice::from_ref(&task), "task", out)
    }

    fn write_calendar(
        &self,
        tasks: &[Task],
        scope: &'static str,
        out: &mut dyn Write,
    ) -> Result<usize> {
        let stamp = crate::clock::now().naive_utc();
        let (text, events) = calendar_text(self.vault_id(), tasks, stamp);
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| Error::Io {
                action: "write the calendar".into(),
                source: e,
            })?;
        let mut contacts: Vec<i64> = tasks
            .iter()
            .filter_map(|t| match t.about {
                Some(About::Contact(id)) => Some(id),
                _ => None,
            })
            .collect();
        contacts.sort_unstable();
        contacts.dedup();
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let event = Event::allowed(
            "calendar.export",
            Some(Target {
                kind: "export",
                id: "ics".into(),
            }),
        )
        .with("format", "ics")
        .with("scope", scope)
        .with("events", events)
        .with("contacts", contacts.len());
        let head = crate::audit::append(&tx, &self.keys.audit_mac, Some(self.user.id), &event)?;
        for id in &contacts {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO export_log (contact_id, audit_seq) VALUES (?1, ?2)",
            )?
            .execute(rusqlite::params![id, head.seq])?;
        }
        tx.commit()?;
        Ok(events)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: i64, due: Option<&str>, time: Option<&str>, minutes: Option<u32>) -> Task {
        Task {
            id,
            title: format!("Task {id}, with; a \"comma\""),
            due_date: due.map(Into::into),
            due_time: time.map(Into::into),
            duration_minutes: minutes,
            remind_before_minutes: None,
            assignee_id: 1,
            assignee: "owner".into(),
            done_at: None,
            about: None,
            created_by: 1,
            created_at: "2026-03-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn all_day_timed_and_dateless_tasks_become_the_right_events() {
        let stamp = NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        let (text, events) = calendar_text(
            "vault-1",
            &[
                task(1, Some("2026-03-10"), None, None),
                task(2, Some("2026-03-31"), Some("23:30"), Some(45)),
                task(3, Some("2026-03-11"), Some("09:00"), None),
                task(4, None, None, None),
            ],
            stamp,
        );
        assert_eq!(events, 3);
        let lines: Vec<&str> = text.split("\r\n").collect();
        for expected in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "UID:task-1.vault-1@steward",
            "DTSTAMP:20260301T080000Z",
            "DTSTART;VALUE=DATE:20260310",
            "DTEND;VALUE=DATE:20260311",
            "SUMMARY:Task 1\\, with\\; a \"comma\"",
            "DTSTART:20260331T233000",
            "DTEND:20260401T001500",
            "DTSTART:20260311T090000",
            "END:VCALENDAR",
        ] {
            assert!(lines.contains(&expected), "{expected} in\n{text}");
        }
        assert_eq!(lines.iter().filter(|l| l.starts_with("DTEND")).count(), 2);
        assert!(!text.contains("task-4"));
        assert!(!text.contains("TZID"));
    }
}

//! Reminders of tasks: which are due, and what each user did with theirs.
//!
//! A task with a due date and a reminder (`remind_before_minutes`) reminds
//! its **assignee** at its remind moment: the due date and time less the
//! reminder's minutes, in the office's wall-clock time like the due date.
//! A task due on a day at no particular time is taken as due at 09:00
//! ([`DATELESS_HOUR`]): a reminder "1 day before" a task due on Tuesday
//! comes on Monday at 09:00. Only open, live tasks remind (not done, not in
//! the recycle bin, nor with their contact, company or deal there), and
//! only a user whose role may read records has reminders; others have none,
//! and asking records nothing.
//!
//! What a user did with a reminder is their own state, kept per user and
//! task (`reminder_states`) for the remind moment it was written for: that a
//! notification was sent (so it is sent once), that they dismissed it, or
//! snoozed it until a time. Rescheduling the task or changing its reminder
//! gives a new moment and a new reminder. Dismissing and snoozing change no
//! record (the task stays as it is, and the audit log records its changes)
//! and concern only the user's own notifications, like their interface
//! language: they are not recorded in the audit log.
//!
//! Reminders missed while no one had the vault open are due at once when
//! its assignee next unlocks it (their moment has passed and they were
//! never notified). The file [`queue::QUEUE_FILE`] beside the vault lists
//! the pending reminders' task ids and times, with no text, so a locked
//! vault can still say that reminders are due.

pub mod queue;

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::auth::{Permission, Session};
use crate::records::tasks::Task;
use crate::{Error, Result};

/// The hour a task due on a day at no particular time is reminded as due.
pub const DATELESS_HOUR: u32 = 9;

/// The form of a moment in the database and the queue file:
/// `YYYY-MM-DDTHH:MM`, wall-clock time.
pub const MOMENT_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// A task's reminder as its assignee sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// The task.
    pub task: Task,
    /// The moment the reminder is set for.
    pub remind_at: NaiveDateTime,
    /// When it comes: `remind_at`, or the end of a snooze.
    pub at: NaiveDateTime,
    /// Whether the user snoozed it (until `at`).
    pub snoozed: bool,
    /// Whether a notification was sent for it (since the last snooze).
    pub notified: bool,
    /// Whether it is due: `at` is not after the time asked about.
    pub due: bool,
}

impl Reminder {
    /// The notification's text for a signed-in user: the task's title and
    /// when it is due, "Call Ana Popescu — 14:00" (the date instead of the
    /// time for a task due on another day or at no particular time).
    #[must_use]
    pub fn notification_text(&self, today: NaiveDate) -> String {
        let date = self.task.due_date.as_deref().unwrap_or_default();
        let when = match &self.task.due_time {
            Some(time) if date == today.format("%Y-%m-%d").to_string() => time.clone(),
            Some(time) => format!("{date} {time}"),
            None => date.to_owned(),
        };
        format!("{} — {when}", self.task.title)
    }
}

/// How long to put a reminder off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snooze {
    /// For this many minutes.
    Minutes(u32),
    /// Until tomorrow at 09:00.
    Tomorrow,
}

impl Snooze {
    /// The end of the snooze started at `now`.
    #[must_use]
    pub fn until(self, now: NaiveDateTime) -> NaiveDateTime {
        match self {
            Snooze::Minutes(m) => truncate(now) + Duration::minutes(i64::from(m)),
            Snooze::Tomorrow => (now.date() + Duration::days(1))
                .and_hms_opt(DATELESS_HOUR, 0, 0)
                .unwrap_or(now),
        }
    }
}

impl std::str::FromStr for Snooze {
    type Err = Error;

    /// `5m`, `1h`, `2d` or `tomorrow`; from 1 minute to 4 weeks.
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("tomorrow") {
            return Ok(Snooze::Tomorrow);
        }
        let bad = || {
            Error::from(
                crate::Invalid::new(
                    "snooze-invalid",
                    "a snooze is minutes, hours or days, such as 5m, 1h or 1d, or tomorrow",
                )
                .with("field", "snooze"),
            )
        };
        let (number, unit) = s.split_at(s.len().saturating_sub(1));
        let n: u32 = number.parse().map_err(|_| bad())?;
        let minutes = match unit {
            "m" => n,
            "h" => n.checked_mul(60).ok_or_else(bad)?,
            "d" => n.checked_mul(24 * 60).ok_or_else(bad)?,
            _ => return Err(bad()),
        };
        if !(1..=crate::records::tasks::MAX_REMIND_BEFORE_MINUTES).contains(&minutes) {
            return Err(bad());
        }
        Ok(Snooze::Minutes(minutes))
    }
}

/// The moment `task` reminds at, if it has a reminder.
#[must_use]
pub fn remind_at(task: &Task) -> Option<NaiveDateTime> {
    let before = task.remind_before_minutes?;
    let date = NaiveDate::parse_from_str(task.due_date.as_deref()?, "%Y-%m-%d").ok()?;
    let time = match task.due_time.as_deref() {
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M").ok()?,
        None => NaiveTime::from_hms_opt(DATELESS_HOUR, 0, 0)?,
    };
    Some(date.and_time(time) - Duration::minutes(i64::from(before)))
}

/// Now on this computer's wall clock (the clock override of test builds
/// included), to the minute: what the front ends pass as `now`.
#[must_use]
pub fn local_now() -> NaiveDateTime {
    truncate(
        crate::clock::now()
            .with_timezone(&chrono::Local)
            .naive_local(),
    )
}

fn truncate(t: NaiveDateTime) -> NaiveDateTime {
    t.date()
        .and_hms_opt(chrono::Timelike::hour(&t), chrono::Timelike::minute(&t), 0)
        .unwrap_or(t)
}

fn format(t: NaiveDateTime) -> String {
    t.format(MOMENT_FORMAT).to_string()
}

fn parse(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, MOMENT_FORMAT).ok()
}

/// A user's state of one task's reminder, as stored.
#[derive(Debug, Clone, Default)]
struct State {
    remind_at: String,
    notified_at: Option<String>,
    dismissed_at: Option<String>,
    snoozed_until: Option<String>,
}

fn not_found(task_id: i64) -> Error {
    Error::NotFound {
        entity: "reminder",
        id: task_id.to_string(),
    }
}

impl Session {
    fn reminder_states(&self) -> Result<HashMap<i64, State>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT task_id, remind_at, notified_at, dismissed_at, snoozed_until
             FROM reminder_states WHERE user_id = ?1",
        )?;
        let states = stmt
            .query_map([self.user.id], |r| {
                Ok((
                    r.get(0)?,
                    State {
                        remind_at: r.get(1)?,
                        notified_at: r.get(2)?,
                        dismissed_at: r.get(3)?,
                        snoozed_until: r.get(4)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(states)
    }

    /// Every reminder of the user not dismissed, as of `now`, soonest first.
    fn live_reminders(&self, now: NaiveDateTime) -> Result<Vec<Reminder>> {
        let mut states = self.reminder_states()?;
        let mut out = Vec::new();
        for task in self.reminded_tasks()? {
            let Some(moment) = remind_at(&task) else {
                continue;
            };
            // A state written for another moment is of a reminder gone.
            let state = states
                .remove(&task.id)
                .filter(|s| s.remind_at == format(moment))
                .unwrap_or_default();
            if state.dismissed_at.is_some() {
                continue;
            }
            let snoozed_until = state.snoozed_until.as_deref().and_then(parse);
            let at = snoozed_until.unwrap_or(moment);
            out.push(Reminder {
                task,
                remind_at: moment,
                at,
                snoozed: snoozed_until.is_some(),
                notified: state.notified_at.is_some(),
                due: at <= now,
            });
        }
        out.sort_by(|a, b| a.at.cmp(&b.at).then(a.task.id.cmp(&b.task.id)));
        Ok(out)
    }

    /// Whether the user's role has reminders at all; checks the session
    /// (a password to change, a policy lock) when it does.
    fn may_have_reminders(&self) -> Result<bool> {
        if !self.user.role.allows(Permission::ContactsRead) {
            return Ok(false);
        }
        self.authorize(Permission::ContactsRead, "reminder.list", None)?;
        Ok(true)
    }

    /// The user's reminders not dismissed, soonest first: those due as of
    /// `now` (this computer's wall-clock time, [`local_now`]) and those to
    /// come. Empty for a role that may not read records.
    ///
    /// # Errors
    /// [`Error::PasswordChangeRequired`], [`Error::LockedByPolicy`];
    /// database errors.
    pub fn reminders(&self, now: NaiveDateTime) -> Result<Vec<Reminder>> {
        if !self.may_have_reminders()? {
            return Ok(Vec::new());
        }
        self.live_reminders(now)
    }

    /// The user's reminders due as of `now` that no notification was sent
    /// for yet (missed ones included), marked as notified: each is returned
    /// once, however often this is asked.
    ///
    /// # Errors
    /// As for [`Session::reminders`].
    pub fn reminders_to_notify(&mut self, now: NaiveDateTime) -> Result<Vec<Reminder>> {
        if !self.may_have_reminders()? {
            return Ok(Vec::new());
        }
        let fresh: Vec<Reminder> = self
            .live_reminders(now)?
            .into_iter()
            .filter(|r| r.due && !r.notified)
            .collect();
        if fresh.is_empty() {
            return Ok(fresh);
        }
        let sent = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for r in &fresh {
            tx.prepare_cached(
                "INSERT INTO reminder_states (task_id, user_id, remind_at, notified_at,
                                              snoozed_until)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (task_id, user_id) DO UPDATE SET
                     remind_at = excluded.remind_at, notified_at = excluded.notified_at,
                     dismissed_at = NULL, snoozed_until = excluded.snoozed_until",
            )?
            .execute(params![
                r.task.id,
                self.user.id,
                format(r.remind_at),
                sent,
                r.snoozed.then(|| format(r.at)),
            ])?;
        }
        tx.commit()?;
        Ok(fresh
            .into_iter()
            .map(|r| Reminder {
                notified: true,
                ..r
            })
            .collect())
    }

    /// The user's live reminder of task `task_id`.
    fn own_reminder(&self, task_id: i64, action: &'static str) -> Result<Reminder> {
        self.authorize(
            Permission::ContactsRead,
            action,
            Some(crate::audit::Target {
                kind: "task",
                id: task_id.to_string(),
            }),
        )?;
        let exists: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM tasks WHERE id = ?1")?
            .query_row([task_id], |r| r.get(0))
            .optional()?;
        exists.ok_or_else(|| not_found(task_id))?;
        self.live_reminders(NaiveDateTime::MIN)?
            .into_iter()
            .find(|r| r.task.id == task_id)
            .ok_or_else(|| not_found(task_id))
    }

    /// Dismisses the user's reminder of task `task_id`: it is not shown or
    /// sent again (until the task is rescheduled or its reminder changed).
    ///
    /// # Errors
    /// [`Error::NotFound`] unless the task is open, assigned to the user and
    /// has a reminder not dismissed yet; [`Error::PermissionDenied`] without
    /// `contacts.read`.
    pub fn dismiss_reminder(&mut self, task_id: i64) -> Result<()> {
        let r = self.own_reminder(task_id, "reminder.dismiss")?;
        self.conn
            .prepare_cached(
                "INSERT INTO reminder_states (task_id, user_id, remind_at, dismissed_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (task_id, user_id) DO UPDATE SET
                     remind_at = excluded.remind_at, dismissed_at = excluded.dismissed_at,
                     snoozed_until = NULL",
            )?
            .execute(params![
                task_id,
                self.user.id,
                format(r.remind_at),
                crate::clock::now_rfc3339()
            ])?;
        Ok(())
    }

    /// Puts the user's reminder of task `task_id` off as `snooze` says from
    /// `now`; a notification is sent again then. Returns when it comes.
    ///
    /// # Errors
    /// As for [`Session::dismiss_reminder`].
    pub fn snooze_reminder(
        &mut self,
        task_id: i64,
        snooze: Snooze,
        now: NaiveDateTime,
    ) -> Result<NaiveDateTime> {
        if let Snooze::Minutes(m) = snooze
            && !(1..=crate::records::tasks::MAX_REMIND_BEFORE_MINUTES).contains(&m)
        {
            return Err(crate::Invalid::new(
                "snooze-invalid",
                "a snooze is from 1 minute to 4 weeks",
            )
            .with("field", "snooze")
            .into());
        }
        let r = self.own_reminder(task_id, "reminder.snooze")?;
        let until = snooze.until(now);
        self.conn
            .prepare_cached(
                "INSERT INTO reminder_states (task_id, user_id, remind_at, snoozed_until)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (task_id, user_id) DO UPDATE SET
                     remind_at = excluded.remind_at, notified_at = NULL,
                     dismissed_at = NULL, snoozed_until = excluded.snoozed_until",
            )?
            .execute(params![
                task_id,
                self.user.id,
                format(r.remind_at),
                format(until)
            ])?;
        Ok(until)
    }
}

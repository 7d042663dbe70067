//! Tasks: things to do by a date, assigned to a user, optionally about a
//! contact, company or deal.
//!
//! Permissions are the contact permissions (see [`crate::records`]); a task
//! is the user's "own" when they created it or it is assigned to them.
//! Which tasks are due today, overdue or upcoming depends on the caller's
//! local date, which is passed in rather than read from the clock.
//!
//! A task due on a date may also have a time of day (`HH:MM`, the office's
//! wall-clock time like its dates), a duration (a meeting) and a reminder,
//! given in minutes before the due moment (0: at the due moment). A time,
//! a duration or a reminder needs a due date; clearing the date clears them.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::activities::About;
use super::deals::clean_title;
use super::{clean_date, cursor, target};
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Role, Session};
use crate::error::Invalid;
use crate::{Error, Result};

/// The longest duration of a task, in minutes: a week.
pub const MAX_DURATION_MINUTES: u32 = 7 * 24 * 60;
/// The earliest a reminder may come before its task, in minutes: four weeks.
pub const MAX_REMIND_BEFORE_MINUTES: u32 = 28 * 24 * 60;

/// Fields of a new task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewTask {
    /// What to do; required.
    pub title: String,
    /// When it is due, `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// The time of day it is due, `HH:MM` (needs a due date).
    pub due_time: Option<String>,
    /// How long it lasts, in minutes (needs a due date).
    pub duration_minutes: Option<u32>,
    /// When to remind, in minutes before the due moment; 0 at it (needs a
    /// due date).
    pub remind_before_minutes: Option<u32>,
    /// Login name of the user who should do it [default: the current user].
    pub assignee: Option<String>,
    /// The record it is about; it must exist and not be deleted.
    pub about: Option<About>,
}

/// A change to a task: `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskPatch {
    /// New title.
    pub title: Option<String>,
    /// New due date (empty clears it, and the time, duration and reminder
    /// unless the patch sets them).
    pub due_date: Option<String>,
    /// New time of day, `HH:MM` (`Some(None)` or empty clears).
    pub due_time: Option<Option<String>>,
    /// New duration in minutes (`Some(None)` clears).
    pub duration_minutes: Option<Option<u32>>,
    /// New reminder in minutes before the due moment (`Some(None)` clears).
    pub remind_before_minutes: Option<Option<u32>>,
    /// Login name of the new assignee.
    pub assignee: Option<String>,
    /// New record it is about (`Some(None)` detaches it).
    pub about: Option<Option<About>>,
}

/// A task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// Stable id.
    pub id: i64,
    /// What to do.
    pub title: String,
    /// When it is due, `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// The time of day it is due, `HH:MM`; `None` for any time that day.
    pub due_time: Option<String>,
    /// How long it lasts, in minutes.
    pub duration_minutes: Option<u32>,
    /// When to remind, in minutes before the due moment (0: at it); `None`
    /// for no reminder.
    pub remind_before_minutes: Option<u32>,
    /// Id of the user who should do it.
    pub assignee_id: i64,
    /// Login name of that user.
    pub assignee: String,
    /// When it was done (RFC 3339); `None` while open.
    pub done_at: Option<String>,
    /// The record it is about.
    pub about: Option<About>,
    /// Id of the user who created it.
    pub created_by: i64,
    /// When it was created (RFC 3339).
    pub created_at: String,
}

/// Which tasks to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskFilter {
    /// Open tasks due on the given day.
    Today,
    /// Open tasks due before the given day, oldest first.
    Overdue,
    /// Open tasks due after the given day, soonest first, then those without
    /// a due date.
    Upcoming,
    /// Done tasks, most recently done first.
    Done,
    /// Every task: open ones by due date, then done ones.
    All,
}

/// This computer's local date, for callers that have no user's date at hand
/// (the CLI). The app passes the date its user sees instead.
pub fn local_today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn task_target(id: i64) -> Target {
    target("task", id)
}

fn not_found(id: i64) -> Error {
    Error::NotFound {
        entity: "task",
        id: id.to_string(),
    }
}

pub(super) const SELECT_TASK: &str =
    "SELECT t.id, t.title, t.due_date, t.assignee_id, u.name, t.done_at,
        t.contact_id, t.company_id, t.deal_id, t.created_by, t.created_at, t.due_time,
        t.duration_minutes, t.remind_before_minutes
 FROM tasks t JOIN users u ON u.id = t.assignee_id";

/// A task whose contact, company or deal is in the recycle bin is left out
/// of the task lists with its record; restoring the record brings it back.
pub(super) const PARENT_LIVE: &str =
    "NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = t.contact_id AND c.deleted_at IS NOT NULL)
 AND NOT EXISTS (SELECT 1 FROM companies o WHERE o.id = t.company_id AND o.deleted_at IS NOT NULL)
 AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.id = t.deal_id AND d.deleted_at IS NOT NULL)";

/// The condition that leaves out the tasks about a restricted contact
/// unless parameter `?{param}` is true (a role with `rights.manage`): the
/// Tasks list, the calendar and reminders show the same tasks.
pub(super) fn restricted_hidden(param: u8) -> String {
    format!(
        "(?{param} OR NOT EXISTS (SELECT 1 FROM contacts r
                               WHERE r.id = t.contact_id AND r.restricted_at IS NOT NULL))"
    )
}

pub(super) fn task_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: r.get(0)?,
        title: r.get(1)?,
        due_date: r.get(2)?,
        assignee_id: r.get(3)?,
        assignee: r.get(4)?,
        done_at: r.get(5)?,
        about: About::from_columns(r.get(6)?, r.get(7)?, r.get(8)?),
        created_by: r.get(9)?,
        created_at: r.get(10)?,
        due_time: r.get(11)?,
        duration_minutes: r.get(12)?,
        remind_before_minutes: r.get(13)?,
    })
}

/// When a task is due and what goes with the moment, checked together: a
/// time, a duration or a reminder needs a date.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Schedule {
    due_date: Option<String>,
    due_time: Option<String>,
    duration_minutes: Option<u32>,
    remind_before_minutes: Option<u32>,
}

impl Schedule {
    fn checked(self) -> Result<Self> {
        if self.due_date.is_none() {
            for (field, set) in [
                ("due time", self.due_time.is_some()),
                ("duration", self.duration_minutes.is_some()),
                ("reminder", self.remind_before_minutes.is_some()),
            ] {
                if set {
                    return Err(Invalid::new(
                        "needs-due-date",
                        format!("a task's {field} needs a due date"),
                    )
                    .with("field", field)
                    .into());
                }
            }
        }
        if let Some(minutes) = self.duration_minutes {
            check_minutes("duration", minutes, 1, MAX_DURATION_MINUTES)?;
        }
        if let Some(minutes) = self.remind_before_minutes {
            check_minutes("reminder", minutes, 0, MAX_REMIND_BEFORE_MINUTES)?;
        }
        Ok(self)
    }
}

fn check_minutes(field: &'static str, minutes: u32, min: u32, max: u32) -> Result<()> {
    if (min..=max).contains(&minutes) {
        return Ok(());
    }
    Err(Invalid::new(
        "out-of-range",
        format!("the {field} must be from {min} to {max} minutes"),
    )
    .with("field", field)
    .with("min", min)
    .with("limit", max)
    .into())
}

/// A time of day written `HH:MM` or `H:MM` (24-hour), as `HH:MM`; empty is
/// none.
pub(crate) fn clean_due_time(value: Option<&str>) -> Result<Option<String>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let parsed = value
        .split_once(':')
        .filter(|(h, m)| {
            (1..=2).contains(&h.len())
                && m.len() == 2
                && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
        })
        .and_then(|(h, m)| Some((h.parse::<u32>().ok()?, m.parse::<u32>().ok()?)))
        .filter(|(h, m)| *h < 24 && *m < 60);
    match parsed {
        Some((h, m)) => Ok(Some(format!("{h:02}:{m:02}"))),
        None => Err(Invalid::new(
            "time-invalid",
            "the due time is not a time of day; write it as HH:MM, such as 14:30",
        )
        .with("field", "due time")
        .into()),
    }
}

/// The `WHERE` condition and `ORDER BY` of a filter; `?1` is the day as
/// `YYYY-MM-DD`.
fn filter_sql(filter: TaskFilter) -> (&'static str, &'static str) {
    match filter {
        TaskFilter::Today => (
            "t.done_at IS NULL AND t.due_date = ?1",
            "t.due_time IS NOT NULL, t.due_time, t.id",
        ),
        TaskFilter::Overdue => (
            "t.done_at IS NULL AND t.due_date < ?1",
            "t.due_date, t.due_time IS NOT NULL, t.due_time, t.id",
        ),
        TaskFilter::Upcoming => (
            "t.done_at IS NULL AND (t.due_date > ?1 OR t.due_date IS NULL)",
            "t.due_date IS NULL, t.due_date, t.due_time IS NOT NULL, t.due_time, t.id",
        ),
        TaskFilter::Done => ("t.done_at IS NOT NULL", "t.done_at DESC, t.id DESC"),
        TaskFilter::All => (
            "1",
            "t.done_at IS NOT NULL, t.due_date IS NULL, t.due_date, t.due_time IS NOT NULL,
             t.due_time, t.done_at DESC, t.id",
        ),
    }
}

/// Largest page [`Session::list_tasks_page`] returns.
pub const MAX_PAGE: u32 = 500;

/// A page of a Tasks tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskPage {
    /// The rows.
    pub items: Vec<Task>,
    /// The cursor of the page after this one; `None` on the last page.
    pub next: Option<String>,
}

/// The lists [`Session::list_tasks_page`] pages: the Tasks screen's tabs.
pub const PAGED_TABS: [TaskFilter; 4] = [
    TaskFilter::Today,
    TaskFilter::Overdue,
    TaskFilter::Upcoming,
    TaskFilter::Done,
];

/// The cursors' name of a tab's order; `All` (not a tab) is not paged.
pub(crate) fn page_order(filter: TaskFilter) -> Option<&'static str> {
    match filter {
        TaskFilter::Today => Some("tasks.today"),
        TaskFilter::Overdue => Some("tasks.overdue"),
        TaskFilter::Upcoming => Some("tasks.upcoming"),
        TaskFilter::Done => Some("tasks.done"),
        TaskFilter::All => None,
    }
}

/// Where a page of a tab starts: after this row's place in the tab's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TaskAfter {
    /// An open tab's row: its due date and time (either may be none), and id.
    Open {
        /// Its due date.
        date: Option<String>,
        /// Its time of day.
        time: Option<String>,
        /// Its id.
        id: i64,
    },
    /// The done tab's row: when it was done, and its id.
    Done {
        /// When it was done.
        done_at: String,
        /// Its id.
        id: i64,
    },
}

/// The sort key of a cursor of an open tab: the due date and time, each
/// `-` for none or `=` and the value, apart by a unit separator.
fn open_key(date: Option<&str>, time: Option<&str>) -> Vec<u8> {
    let field = |v: Option<&str>| v.map_or_else(|| "-".to_owned(), |v| format!("={v}"));
    format!("{}\u{1f}{}", field(date), field(time)).into_bytes()
}

type DueKey = (Option<String>, Option<String>);

fn read_open_key(key: &[u8]) -> Option<DueKey> {
    let (date, time) = std::str::from_utf8(key).ok()?.split_once('\u{1f}')?;
    let field = |f: &str| match f {
        "-" => Some(None),
        _ => f.strip_prefix('=').map(|v| Some(v.to_owned())),
    };
    Some((field(date)?, field(time)?))
}

/// The cursor after `task` in the tab `filter`.
fn task_cursor(filter: TaskFilter, task: &Task) -> Option<String> {
    let order = page_order(filter)?;
    Some(match (filter, &task.done_at) {
        (TaskFilter::Done, Some(done_at)) => {
            cursor::encode(order, Some(done_at.as_bytes()), task.id)
        }
        _ => cursor::encode(
            order,
            Some(&open_key(
                task.due_date.as_deref(),
                task.due_time.as_deref(),
            )),
            task.id,
        ),
    })
}

/// Reads a cursor of the tab `filter`.
fn read_task_cursor(filter: TaskFilter, order: &str, text: &str) -> Result<TaskAfter> {
    let after = cursor::decode(order, true, text)?;
    let key = after.key.unwrap_or_default();
    if filter == TaskFilter::Done {
        let done_at =
            String::from_utf8(key).map_err(|_| cursor::invalid("its time is not text"))?;
        return Ok(TaskAfter::Done {
            done_at,
            id: after.id,
        });
    }
    let (date, time) =
        read_open_key(&key).ok_or_else(|| cursor::invalid("its due date is malformed"))?;
    // A time without a date is refused when a task is written, but one
    // written by another tool pages like the rest of the undated tasks.
    if date.is_none() && filter != TaskFilter::Upcoming {
        return Err(cursor::invalid(
            "it names a task without a date this list has not",
        ));
    }
    Ok(TaskAfter::Open {
        date,
        time,
        id: after.id,
    })
}

/// Parameters bound by number, for statements built from pieces.
struct Binds(Vec<rusqlite::types::Value>);

impl Binds {
    /// Binds `value` and returns its placeholder.
    fn bind(&mut self, value: impl Into<rusqlite::types::Value>) -> String {
        self.0.push(value.into());
        format!("?{}", self.0.len())
    }
}

/// The statements of a page of the tab `filter` after `after`, in the
/// tab's order, each a walk of an index from its start with no sort
/// (ADR 0023) and each with its parameters but the last, its `LIMIT`.
/// The open tabs order by `due_date, due_time, id` (an index puts NULL
/// first, so a day's tasks without a time lead, as [`filter_sql`] says):
/// a page walks the rest of the last row's time, the rest of its day,
/// the days after it in the tab, and (upcoming) the tasks without a date
/// by time and id. The done tab walks the rest of the last row's moment by id,
/// then the moments before it. `?1` is whether restricted contacts' tasks
/// show, `?2` the day, `?3` the assignee when `mine_only`.
pub(crate) fn task_page_sql(
    filter: TaskFilter,
    mine_only: bool,
    see_restricted: bool,
    assignee: i64,
    today: &str,
    after: Option<&TaskAfter>,
) -> Vec<(String, Vec<rusqlite::types::Value>)> {
    const BY_DUE: &str = "t.due_date, t.due_time, t.id";
    const BY_DONE: &str = "t.done_at DESC, t.id DESC";
    // Tasks without a date in the index's order (a time without a date is
    // refused, but one written by another tool still sorts as the full
    // list sorts it).
    const UNDATED: &str = "t.due_time, t.id";
    let fixed = || {
        Binds(vec![
            see_restricted.into(),
            today.to_owned().into(),
            assignee.into(),
        ])
    };
    // (condition on top of the tab's state, order, parameters)
    let mut stretches: Vec<(String, &str, Binds)> = Vec::new();
    let mut stretch = |make: &dyn Fn(&mut Binds) -> String, order: &'static str| {
        let mut binds = fixed();
        let condition = make(&mut binds);
        stretches.push((condition, order, binds));
    };
    let days = match filter {
        TaskFilter::Today => "t.due_date = ?2",
        TaskFilter::Overdue => "t.due_date < ?2",
        _ => "t.due_date > ?2",
    };
    match (filter, after) {
        (TaskFilter::Done, None) => stretch(&|_| "1".into(), BY_DONE),
        (TaskFilter::Done, Some(TaskAfter::Done { done_at, id })) => {
            stretch(
                &|b| {
                    format!(
                        "t.done_at = {} AND t.id < {}",
                        b.bind(done_at.clone()),
                        b.bind(*id)
                    )
                },
                "t.id DESC",
            );
            stretch(
                &|b| format!("t.done_at < {}", b.bind(done_at.clone())),
                BY_DONE,
            );
        }
        (_, None) => {
            stretch(&|_| days.into(), BY_DUE);
            if filter == TaskFilter::Upcoming {
                stretch(&|_| "t.due_date IS NULL".into(), UNDATED);
            }
        }
        (_, Some(TaskAfter::Open { date, time, id })) => {
            // The day of the cursor (or the tasks without a date), from the
            // rest of its time on: the index holds each day's tasks by
            // time (no time first) and id, so both stretches walk it.
            let day = |b: &mut Binds| match date {
                Some(date) => format!("{days} AND t.due_date = {}", b.bind(date.clone())),
                None => "t.due_date IS NULL".into(),
            };
            let same_time = |b: &mut Binds| match time {
                Some(time) => format!("t.due_time = {}", b.bind(time.clone())),
                None => "t.due_time IS NULL".into(),
            };
            let later_time = |b: &mut Binds| match time {
                Some(time) => format!("t.due_time > {}", b.bind(time.clone())),
                None => "t.due_time IS NOT NULL".into(),
            };
            stretch(
                &|b| format!("{} AND {} AND t.id > {}", day(b), same_time(b), b.bind(*id)),
                "t.id",
            );
            stretch(
                &|b| format!("{} AND {}", day(b), later_time(b)),
                "t.due_time, t.id",
            );
            if let Some(date) = date {
                if filter != TaskFilter::Today {
                    stretch(
                        &|b| format!("{days} AND t.due_date > {}", b.bind(date.clone())),
                        BY_DUE,
                    );
                }
                if filter == TaskFilter::Upcoming {
                    stretch(&|_| "t.due_date IS NULL".into(), UNDATED);
                }
            }
        }
        // A cursor is read for its tab ([`read_task_cursor`]): none of
        // another shape gets here.
        (_, Some(TaskAfter::Done { .. })) => {}
    }
    let state = if filter == TaskFilter::Done {
        "t.done_at IS NOT NULL"
    } else {
        "t.done_at IS NULL"
    };
    let who = if mine_only { "t.assignee_id = ?3" } else { "1" };
    stretches
        .into_iter()
        .map(|(condition, order, binds)| {
            let sql = format!(
                "{SELECT_TASK} WHERE t.deleted_at IS NULL AND {state} AND {who} AND {condition}
                   AND {PARENT_LIVE} AND {}
                 ORDER BY {order} LIMIT ?{}",
                restricted_hidden(1),
                binds.0.len() + 1
            );
            (sql, binds.0)
        })
        .collect()
}

impl Session {
    /// The id of the enabled user called `name`, who must be able to hold a
    /// task: their role may change its own records (so may complete it).
    fn assignee_id(&self, name: Option<&str>) -> Result<i64> {
        let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
            return Ok(self.user.id);
        };
        let id = crate::auth::enabled_user_id(&self.conn, name)?;
        let role: String = self
            .conn
            .prepare_cached("SELECT role FROM users WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        let role: Role = role.parse()?;
        if !role.allows(Permission::ContactsEditOwn) {
            return Err(Invalid::new(
                "assignee-cannot-hold",
                format!(
                    "a task cannot be assigned to {name}: the role {role} cannot change records"
                ),
            )
            .with("role", role)
            .into());
        }
        Ok(id)
    }

    pub(super) fn load_task(&self, id: i64) -> Result<Task> {
        self.conn
            .prepare_cached(&format!(
                "{SELECT_TASK} WHERE t.id = ?1 AND t.deleted_at IS NULL"
            ))?
            .query_row([id], task_from_row)
            .optional()?
            .ok_or_else(|| not_found(id))
    }

    /// Loads task `id` for a change: checks `contacts.read`, then that the
    /// user may change it (own = created it or assigned to it).
    fn task_for_change(
        &self,
        id: i64,
        own: Permission,
        any: Permission,
        action: &'static str,
    ) -> Result<Task> {
        self.authorize(Permission::ContactsRead, action, Some(task_target(id)))?;
        let task = self.load_task(id)?;
        self.authorize_record_change(task_target(id), self.owns_task(&task), own, any, action)?;
        Ok(task)
    }

    /// Whether `task` is the user's own: they created it or it is assigned
    /// to them.
    pub(super) fn owns_task(&self, task: &Task) -> bool {
        task.created_by == self.user.id || task.assignee_id == self.user.id
    }

    /// Adds a task created by the current user and returns its id.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.create`;
    /// [`Error::InvalidInput`] for a missing title or a bad due date;
    /// [`Error::NotFound`] for an unknown or disabled assignee, or a record
    /// it is about that does not exist or is deleted. Nothing is written then.
    pub fn add_task(&mut self, new: &NewTask) -> Result<i64> {
        self.authorize(Permission::ContactsCreate, "task.create", None)?;
        let title = clean_title("task", &new.title)?;
        let when = Schedule {
            due_date: clean_date("due date", new.due_date.as_deref())?,
            due_time: clean_due_time(new.due_time.as_deref())?,
            duration_minutes: new.duration_minutes,
            remind_before_minutes: new.remind_before_minutes,
        }
        .checked()?;
        let assignee = self.assignee_id(new.assignee.as_deref())?;
        if let Some(about) = new.about {
            self.ensure_visible(about)?;
        }
        let now = crate::clock::now_rfc3339();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(about) = new.about {
            about.ensure_live(&tx)?;
        }
        let (contact, company, deal) = new.about.map(About::columns).unwrap_or_default();
        tx.prepare_cached(
            "INSERT INTO tasks (title, due_date, assignee_id, contact_id, company_id, deal_id,
                                created_by, created_at, due_time, duration_minutes,
                                remind_before_minutes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            title,
            when.due_date,
            assignee,
            contact,
            company,
            deal,
            self.user.id,
            now,
            when.due_time,
            when.duration_minutes,
            when.remind_before_minutes
        ])?;
        let id = tx.last_insert_rowid();
        let mut event =
            Event::allowed("task.create", Some(task_target(id))).with("assignee", assignee);
        if let Some(about) = new.about {
            event = event.with(about.kind(), about.id());
        }
        audit::append(&tx, &self.keys.audit_mac, Some(self.user.id), &event)?;
        tx.commit()?;
        Ok(id)
    }

    /// One live task.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`; [`Error::NotFound`]
    /// (also for a deleted task).
    pub fn get_task(&self, id: i64) -> Result<Task> {
        self.authorize(Permission::ContactsRead, "task.view", Some(task_target(id)))?;
        self.load_task(id)
    }

    /// Live tasks matching `filter` as of `today` (the user's local date),
    /// only those assigned to the current user when `mine_only`.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn list_tasks(
        &self,
        filter: TaskFilter,
        mine_only: bool,
        today: chrono::NaiveDate,
    ) -> Result<Vec<Task>> {
        self.authorize(Permission::ContactsRead, "task.list", None)?;
        let (condition, order) = filter_sql(filter);
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_TASK} WHERE t.deleted_at IS NULL AND ({condition})
               AND (?2 = 0 OR t.assignee_id = ?3) AND {PARENT_LIVE}
               AND {}
             ORDER BY {order}",
            restricted_hidden(4)
        ))?;
        let tasks = stmt
            .query_map(
                params![
                    today.format("%Y-%m-%d").to_string(),
                    mine_only,
                    self.user.id,
                    self.can(Permission::RightsManage)
                ],
                task_from_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(tasks)
    }

    /// A page of the live tasks of the tab `filter` as of `today`, only
    /// those assigned to the current user when `mine_only`: the first
    /// page, or the one after the cursor `after` an earlier page of the
    /// same tab handed out, in the order [`Session::list_tasks`] gives.
    /// `limit` is clamped to 1..=[`MAX_PAGE`]. A page is at most a few
    /// short index walks from the cursor (ADR 0023), as quick at any depth.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`;
    /// [`Error::InvalidInput`] for [`TaskFilter::All`], which is not paged,
    /// and (`cursor-invalid`) for a cursor not of this tab.
    pub fn list_tasks_page(
        &self,
        filter: TaskFilter,
        mine_only: bool,
        today: chrono::NaiveDate,
        after: Option<&str>,
        limit: u32,
    ) -> Result<TaskPage> {
        self.authorize(Permission::ContactsRead, "task.list", None)?;
        let order = page_order(filter).ok_or_else(|| {
            Error::from(
                crate::Invalid::new(
                    "value-not-allowed",
                    "every task is listed at once; pages are of today, overdue, upcoming or done",
                )
                .with("field", "task list"),
            )
        })?;
        let after = after
            .map(|a| read_task_cursor(filter, order, a))
            .transpose()?;
        let limit = limit.clamp(1, MAX_PAGE) as usize;
        let today = today.format("%Y-%m-%d").to_string();
        let mut rows: Vec<Task> = Vec::new();
        for (sql, mut params) in task_page_sql(
            filter,
            mine_only,
            self.can(Permission::RightsManage),
            self.user.id,
            &today,
            after.as_ref(),
        ) {
            let want = i64::try_from(limit + 1 - rows.len()).unwrap_or(i64::MAX);
            params.push(want.into());
            rows.extend(
                self.conn
                    .prepare_cached(&sql)?
                    .query_map(rusqlite::params_from_iter(params), task_from_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?,
            );
            if rows.len() > limit {
                break;
            }
        }
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().and_then(|t| task_cursor(filter, t))
        } else {
            None
        };
        Ok(TaskPage { items: rows, next })
    }

    /// How many live tasks the tab `filter` holds as of `today` (only the
    /// current user's when `mine_only`), for "1–50 of 312": a walk of the
    /// whole tab, asked apart from the pages (ADR 0023).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn count_tasks(
        &self,
        filter: TaskFilter,
        mine_only: bool,
        today: chrono::NaiveDate,
    ) -> Result<u64> {
        self.authorize(Permission::ContactsRead, "task.list", None)?;
        let (condition, _) = filter_sql(filter);
        let count: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM tasks t WHERE t.deleted_at IS NULL AND ({condition})
                   AND (?2 = 0 OR t.assignee_id = ?3) AND {PARENT_LIVE} AND {}",
                restricted_hidden(4)
            ))?
            .query_row(
                params![
                    today.format("%Y-%m-%d").to_string(),
                    mine_only,
                    self.user.id,
                    self.can(Permission::RightsManage)
                ],
                |r| r.get(0),
            )?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// The cursor that starts a page at row `offset` (from 0) of the tab
    /// `filter` (every assignee's), `None` for the first page: the
    /// benchmark's way to land in the middle of a tab (an offset walk).
    pub(crate) fn task_cursor_at(
        &self,
        filter: TaskFilter,
        today: chrono::NaiveDate,
        offset: u64,
    ) -> Result<Option<String>> {
        if offset == 0 {
            return Ok(None);
        }
        let (condition, order) = filter_sql(filter);
        let task = self
            .conn
            .prepare_cached(&format!(
                "{SELECT_TASK} WHERE t.deleted_at IS NULL AND ({condition}) AND {PARENT_LIVE}
                 ORDER BY {order} LIMIT 1 OFFSET ?2"
            ))?
            .query_row(
                params![
                    today.format("%Y-%m-%d").to_string(),
                    i64::try_from(offset - 1).unwrap_or(i64::MAX)
                ],
                task_from_row,
            )
            .optional()?;
        Ok(task.and_then(|t| task_cursor(filter, &t)))
    }

    /// The open live tasks with a reminder assigned to the current user
    /// (leaving out those whose record is in the recycle bin, and those
    /// about a restricted contact the user may not see), for
    /// `reminders`, which checks the permission.
    pub(crate) fn reminded_tasks(&self) -> Result<Vec<Task>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_TASK} WHERE t.deleted_at IS NULL AND t.done_at IS NULL
               AND t.remind_before_minutes IS NOT NULL AND t.due_date IS NOT NULL
               AND t.assignee_id = ?1 AND {PARENT_LIVE} AND {}
             ORDER BY t.id",
            restricted_hidden(2)
        ))?;
        let tasks = stmt
            .query_map(
                params![self.user.id, self.can(Permission::RightsManage)],
                task_from_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(tasks)
    }

    /// The live tasks about one record: open ones by due date, then done ones.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn list_tasks_about(&self, about: About) -> Result<Vec<Task>> {
        self.authorize(Permission::ContactsRead, "task.list", None)?;
        self.ensure_visible(about)?;
        let column = match about {
            About::Contact(_) => "contact_id",
            About::Company(_) => "company_id",
            About::Deal(_) => "deal_id",
        };
        let (_, order) = filter_sql(TaskFilter::All);
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_TASK} WHERE t.deleted_at IS NULL AND t.{column} = ?1 ORDER BY {order}"
        ))?;
        let tasks = stmt
            .query_map([about.id()], task_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(tasks)
    }

    /// Marks task `id` done now. A task already done stays as it is.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may edit any record, or may
    /// edit its own and created or is assigned this one; [`Error::NotFound`].
    pub fn complete_task(&mut self, id: i64) -> Result<Task> {
        self.set_task_done(id, true)
    }

    /// Opens done task `id` again. An open task stays as it is.
    ///
    /// # Errors
    /// As for [`Session::complete_task`].
    pub fn reopen_task(&mut self, id: i64) -> Result<Task> {
        self.set_task_done(id, false)
    }

    fn set_task_done(&mut self, id: i64, done: bool) -> Result<Task> {
        let action = if done { "task.done" } else { "task.reopen" };
        let task = self.task_for_change(
            id,
            Permission::ContactsEditOwn,
            Permission::ContactsEditAny,
            action,
        )?;
        if task.done_at.is_some() == done {
            return Ok(task);
        }
        let done_at = done.then(crate::clock::now_rfc3339);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE tasks SET done_at = ?2 WHERE id = ?1",
            params![id, done_at],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed(action, Some(task_target(id))),
        )?;
        tx.commit()?;
        self.load_task(id)
    }

    /// Applies `patch` to task `id` in one transaction and returns the result.
    /// The audit entry names the fields that changed, not their values.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] unless the role may edit any record, or may
    /// edit its own and created or is assigned this one; [`Error::NotFound`]
    /// (also for an unknown assignee or record); [`Error::InvalidInput`].
    pub fn update_task(&mut self, id: i64, patch: &TaskPatch) -> Result<Task> {
        let old = self.task_for_change(
            id,
            Permission::ContactsEditOwn,
            Permission::ContactsEditAny,
            "task.update",
        )?;
        let title = match &patch.title {
            Some(t) => clean_title("task", t)?,
            None => old.title.clone(),
        };
        let due_date = match &patch.due_date {
            Some(d) => clean_date("due date", Some(d))?,
            None => old.due_date.clone(),
        };
        // Clearing the date clears what belongs to the moment, unless the
        // patch says otherwise (and is then refused).
        let dateless = due_date.is_none();
        let when = Schedule {
            due_time: match &patch.due_time {
                Some(t) => clean_due_time(t.as_deref())?,
                None if dateless => None,
                None => old.due_time.clone(),
            },
            duration_minutes: match patch.duration_minutes {
                Some(d) => d,
                None if dateless => None,
                None => old.duration_minutes,
            },
            remind_before_minutes: match patch.remind_before_minutes {
                Some(r) => r,
                None if dateless => None,
                None => old.remind_before_minutes,
            },
            due_date,
        }
        .checked()?;
        // Naming the current assignee again is no reassignment: a task of
        // a user disabled since, or of a role that no longer holds tasks,
        // can still be rescheduled or retitled.
        let assignee = match patch.assignee.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() && name != old.assignee => {
                self.assignee_id(Some(name))?
            }
            _ => old.assignee_id,
        };
        let about = patch.about.unwrap_or(old.about);
        let changed: Vec<&str> = [
            ("title", title != old.title),
            ("due_date", when.due_date != old.due_date),
            ("due_time", when.due_time != old.due_time),
            ("duration", when.duration_minutes != old.duration_minutes),
            (
                "reminder",
                when.remind_before_minutes != old.remind_before_minutes,
            ),
            ("assignee", assignee != old.assignee_id),
            ("about", about != old.about),
        ]
        .into_iter()
        .filter_map(|(field, differs)| differs.then_some(field))
        .collect();
        if changed.is_empty() {
            return Ok(old);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if about != old.about
            && let Some(about) = about
        {
            about.ensure_live(&tx)?;
        }
        let (contact, company, deal) = about.map(About::columns).unwrap_or_default();
        tx.prepare_cached(
            "UPDATE tasks SET title = ?2, due_date = ?3, assignee_id = ?4, contact_id = ?5,
                              company_id = ?6, deal_id = ?7, due_time = ?8,
                              duration_minutes = ?9, remind_before_minutes = ?10
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            title,
            when.due_date,
            assignee,
            contact,
            company,
            deal,
            when.due_time,
            when.duration_minutes,
            when.remind_before_minutes
        ])?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("task.update", Some(task_target(id))).with("fields", changed),
        )?;
        tx.commit()?;
        self.load_task(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_but_done_and_all_depends_on_the_day() {
        for filter in [TaskFilter::Today, TaskFilter::Overdue, TaskFilter::Upcoming] {
            let (condition, _) = filter_sql(filter);
            assert!(condition.contains("?1"), "{filter:?}");
            assert!(condition.contains("done_at IS NULL"), "{filter:?}");
        }
        assert!(filter_sql(TaskFilter::Done).0.contains("IS NOT NULL"));
    }

    #[test]
    fn a_due_time_is_hours_and_minutes_of_a_day() {
        assert_eq!(
            clean_due_time(Some(" 9:05 ")).unwrap().as_deref(),
            Some("09:05")
        );
        assert_eq!(
            clean_due_time(Some("23:59")).unwrap().as_deref(),
            Some("23:59")
        );
        assert_eq!(clean_due_time(Some("")).unwrap(), None);
        for bad in [
            "24:00", "12:60", "12", "1230", "12:3", "-1:30", "12:30:00", "ab:cd",
        ] {
            let err = clean_due_time(Some(bad)).unwrap_err();
            assert_eq!(
                err.invalid_input().and_then(|i| i.reason()),
                Some("time-invalid"),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_time_duration_or_reminder_needs_a_date_and_stays_in_range() {
        let dated = Schedule {
            due_date: Some("2026-03-10".into()),
            due_time: Some("09:00".into()),
            duration_minutes: Some(30),
            remind_before_minutes: Some(0),
        };
        assert_eq!(dated.clone().checked().unwrap(), dated);
        let undated = Schedule {
            due_date: None,
            ..dated.clone()
        };
        let err = undated.checked().unwrap_err();
        let invalid = err.invalid_input().unwrap();
        assert_eq!(invalid.reason(), Some("needs-due-date"));
        assert_eq!(invalid.params()["field"], "due time");
        for (duration, remind, field) in [
            (Some(0), None, "duration"),
            (Some(MAX_DURATION_MINUTES + 1), None, "duration"),
            (None, Some(MAX_REMIND_BEFORE_MINUTES + 1), "reminder"),
        ] {
            let err = Schedule {
                duration_minutes: duration,
                remind_before_minutes: remind,
                ..dated.clone()
            }
            .checked()
            .unwrap_err();
            let invalid = err.invalid_input().unwrap();
            assert_eq!(invalid.reason(), Some("out-of-range"));
            assert_eq!(invalid.params()["field"], field);
        }
    }
}

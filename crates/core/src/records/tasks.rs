//! Tasks: things to do by a date, assigned to a user, optionally about a
//! contact, company or deal.
//!
//! Permissions are the contact permissions (see [`crate::records`]); a task
//! is the user's "own" when they created it or it is assigned to them.
//! Which tasks are due today, overdue or upcoming depends on the caller's
//! local date, which is passed in rather than read from the clock.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::activities::About;
use super::deals::clean_title;
use super::{clean_date, target};
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};
use crate::{Error, Result};

/// Fields of a new task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewTask {
    /// What to do; required.
    pub title: String,
    /// When it is due, `YYYY-MM-DD`.
    pub due_date: Option<String>,
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
    /// New due date (empty clears).
    pub due_date: Option<String>,
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

const SELECT_TASK: &str = "SELECT t.id, t.title, t.due_date, t.assignee_id, u.name, t.done_at,
        t.contact_id, t.company_id, t.deal_id, t.created_by, t.created_at
 FROM tasks t JOIN users u ON u.id = t.assignee_id";

/// A task whose contact, company or deal is in the recycle bin is left out
/// of the task lists with its record; restoring the record brings it back.
const PARENT_LIVE: &str =
    "NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = t.contact_id AND c.deleted_at IS NOT NULL)
 AND NOT EXISTS (SELECT 1 FROM companies o WHERE o.id = t.company_id AND o.deleted_at IS NOT NULL)
 AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.id = t.deal_id AND d.deleted_at IS NOT NULL)";

fn task_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Task> {
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
    })
}

/// The `WHERE` condition and `ORDER BY` of a filter; `?1` is the day as
/// `YYYY-MM-DD`.
fn filter_sql(filter: TaskFilter) -> (&'static str, &'static str) {
    match filter {
        TaskFilter::Today => ("t.done_at IS NULL AND t.due_date = ?1", "t.id"),
        TaskFilter::Overdue => ("t.done_at IS NULL AND t.due_date < ?1", "t.due_date, t.id"),
        TaskFilter::Upcoming => (
            "t.done_at IS NULL AND (t.due_date > ?1 OR t.due_date IS NULL)",
            "t.due_date IS NULL, t.due_date, t.id",
        ),
        TaskFilter::Done => ("t.done_at IS NOT NULL", "t.done_at DESC, t.id DESC"),
        TaskFilter::All => (
            "1",
            "t.done_at IS NOT NULL, t.due_date IS NULL, t.due_date, t.done_at DESC, t.id",
        ),
    }
}

impl Session {
    /// The id of the enabled user called `name`.
    fn assignee_id(&self, name: Option<&str>) -> Result<i64> {
        let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
            return Ok(self.user.id);
        };
        crate::auth::user_id_by_name(&self.conn, name, true)?.ok_or_else(|| Error::NotFound {
            entity: "user",
            id: name.to_owned(),
        })
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
        let due_date = clean_date("due date", new.due_date.as_deref())?;
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
                                created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            title,
            due_date,
            assignee,
            contact,
            company,
            deal,
            self.user.id,
            now
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
             ORDER BY {order}"
        ))?;
        let tasks = stmt
            .query_map(
                params![
                    today.format("%Y-%m-%d").to_string(),
                    mine_only,
                    self.user.id
                ],
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
        let assignee = match &patch.assignee {
            Some(name) => self.assignee_id(Some(name))?,
            None => old.assignee_id,
        };
        let about = patch.about.unwrap_or(old.about);
        let changed: Vec<&str> = [
            ("title", title != old.title),
            ("due_date", due_date != old.due_date),
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
                              company_id = ?6, deal_id = ?7
             WHERE id = ?1",
        )?
        .execute(params![
            id, title, due_date, assignee, contact, company, deal
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
}

//! The calendar: the dated tasks (meetings are tasks with a time and a
//! duration) between two days, the user's own or everyone's they may see.
//!
//! It reads what the task lists read, with the same permission
//! (`contacts.read`) and the same rules: a deleted task, or one about a
//! record in the recycle bin, is left out; so is a task about a restricted
//! contact (a data-subject request) for a role that may not see restricted
//! contacts (without `rights.manage`), as the contact itself is. Done tasks
//! stay on the calendar, marked by their `done_at`. Rescheduling is
//! [`Session::update_task`].
//!
//! The query walks the index `tasks_by_due` (`deleted_at`, `due_date`,
//! `due_time`) over the range, so a month costs the same with ten or a
//! hundred thousand tasks in other months.

use rusqlite::params;

use super::tasks::{PARENT_LIVE, SELECT_TASK, Task, restricted_hidden, task_from_row};
use crate::auth::{Permission, Session};
use crate::{Error, Result};

/// The longest range the calendar reads at once: a little over a year.
pub const MAX_RANGE_DAYS: i64 = 400;

/// The statement of [`Session::calendar`]: `?1`..`?2` the days (inclusive,
/// `YYYY-MM-DD`), `?3` mine only, `?4` the user, `?5` whether the user sees
/// restricted contacts.
const CALENDAR_SQL: &str = "WHERE t.deleted_at IS NULL
   AND t.due_date >= ?1 AND t.due_date <= ?2
   AND (?3 = 0 OR t.assignee_id = ?4)";

/// The whole statement, by day, then those without a time, then by time.
fn calendar_query() -> String {
    format!(
        "{SELECT_TASK} {CALENDAR_SQL} AND {} AND {PARENT_LIVE}
         ORDER BY t.due_date, t.due_time IS NOT NULL, t.due_time, t.id",
        restricted_hidden(5)
    )
}

/// A day of the calendar's range written `YYYY-MM-DD`, for front ends that
/// receive it as text; `label` names it in the error.
///
/// # Errors
/// [`Error::InvalidInput`] for anything else.
pub fn parse_day(label: &str, value: &str) -> Result<chrono::NaiveDate> {
    super::parse_date(label, value.trim())
}

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Session {
    /// The live tasks due from `from` to `to` (both included), by day, then
    /// those without a time, then by time; only those assigned to the user
    /// when `mine_only`.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`;
    /// [`Error::InvalidInput`] when `to` is before `from` or the range is
    /// longer than [`MAX_RANGE_DAYS`].
    pub fn calendar(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        mine_only: bool,
    ) -> Result<Vec<Task>> {
        self.authorize(Permission::ContactsRead, "task.list", None)?;
        let days = (to - from).num_days();
        if days < 0 {
            return Err(Error::from(crate::Invalid::new(
                "end-before-start",
                "the calendar's end is before its start",
            )));
        }
        if days >= MAX_RANGE_DAYS {
            return Err(Error::from(
                crate::Invalid::new(
                    "range-too-long",
                    format!("the calendar shows at most {MAX_RANGE_DAYS} days at once"),
                )
                .with("limit", MAX_RANGE_DAYS),
            ));
        }
        self.calendar_between(&day(from), &day(to), mine_only)
    }

    /// [`Session::calendar`] over any range of days given as text
    /// (`YYYY-MM-DD`, no limit on its length), for the export.
    pub(crate) fn calendar_between(
        &self,
        from: &str,
        to: &str,
        mine_only: bool,
    ) -> Result<Vec<Task>> {
        self.authorize(Permission::ContactsRead, "task.list", None)?;
        let mut stmt = self.conn.prepare_cached(&calendar_query())?;
        let tasks = stmt
            .query_map(
                params![
                    from,
                    to,
                    mine_only,
                    self.user.id,
                    self.can(Permission::RightsManage)
                ],
                task_from_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(tasks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new vault in a temporary folder (kept alive by the caller).
    fn new_vault() -> (tempfile::TempDir, crate::unlock::NewVault) {
        let dir = tempfile::tempdir().unwrap();
        let created = crate::unlock::create(
            &dir.path().join("v"),
            "owner",
            &crate::secret::Password::new("calendar velvet cactus orbit 1987"),
            &crate::vault::CreateOptions {
                kdf: crate::crypto::KdfParams::FLOOR,
                phone_country: None,
                language: crate::language::Language::En,
            },
        )
        .unwrap();
        (dir, created)
    }

    #[test]
    fn the_range_is_read_through_the_due_date_index() {
        let (_dir, created) = new_vault();
        let conn = &created.session.conn;
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", calendar_query()))
            .unwrap();
        let plan: Vec<String> = stmt
            .query_map(params!["2026-11-01", "2026-11-30", false, 1, false], |r| {
                r.get(3)
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let tasks: Vec<&String> = plan
            .iter()
            .filter(|line| line.contains(" t ") || line.ends_with(" t"))
            .collect();
        assert_eq!(tasks.len(), 1, "{plan:#?}");
        assert!(
            tasks[0].starts_with(
                "SEARCH t USING INDEX tasks_by_due (deleted_at=? AND due_date>? AND due_date<?)"
            ),
            "{plan:#?}"
        );
        // The order is the index's, with no sorting of the whole range by
        // day (only the untimed-first tie-break within a day may need one).
        assert!(!plan.iter().any(|l| l.contains("SCAN t")), "{plan:#?}");
    }

    #[test]
    fn a_range_is_at_most_the_limit_and_never_backwards() {
        let (_dir, created) = new_vault();
        let s = &created.session;
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(s.calendar(d(2026, 3, 2), d(2026, 3, 1), false).is_err());
        assert!(
            s.calendar(d(2026, 3, 1), d(2026, 3, 1), false)
                .unwrap()
                .is_empty()
        );
        let last = d(2026, 1, 1) + chrono::Duration::days(MAX_RANGE_DAYS - 1);
        assert!(s.calendar(d(2026, 1, 1), last, false).is_ok());
        let err = s
            .calendar(d(2026, 1, 1), last + chrono::Duration::days(1), false)
            .unwrap_err();
        assert!(err.to_string().contains("at most 400 days"), "{err}");
    }
}

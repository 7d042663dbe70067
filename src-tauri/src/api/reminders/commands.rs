//! The reminders panel's commands. Each rewrites the locked-vault queue
//! after a change, so a lock right after it notifies as the user left it.

use steward_core::reminders::{MOMENT_FORMAT, local_now};
use tauri::State;

use crate::api::reminders::dto::{ReminderDto, SnoozeFor};
use crate::error::ApiResult;
use crate::state::AppState;

/// The user's reminders not dismissed, soonest first, due ones marked.
#[tauri::command]
pub fn list_reminders(state: State<'_, AppState>) -> ApiResult<Vec<ReminderDto>> {
    state.with_session(|s| {
        Ok(s.reminders(local_now())?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

#[tauri::command]
pub fn dismiss_reminder(state: State<'_, AppState>, task_id: i64) -> ApiResult<()> {
    state.with_session(|s| {
        s.dismiss_reminder(task_id)?;
        let _ = s.write_reminder_queue();
        Ok(())
    })
}

/// Puts a reminder off; returns when it comes again (`YYYY-MM-DDTHH:MM`).
#[tauri::command]
pub fn snooze_reminder(
    state: State<'_, AppState>,
    task_id: i64,
    snooze: SnoozeFor,
) -> ApiResult<String> {
    state.with_session(|s| {
        let until = s.snooze_reminder(task_id, snooze.into(), local_now())?;
        let _ = s.write_reminder_queue();
        Ok(until.format(MOMENT_FORMAT).to_string())
    })
}

//! Companies, deals, activities, tasks and the dashboard.

use steward_core::records::deals::StageRef;
use steward_core::records::tasks::{TaskFilter, local_today};
use tauri::State;

use crate::api::records::dto::{
    AboutDto, ActivityDto, ActivityEdit, ActivityInput, CompanyDto, CompanyInput, CompanyPageDto,
    Dashboard, DealDto, DealInput, DealPageDto, StageDto, StageTotalDto, TaskDto, TaskEdit,
    TaskFilterDto, TaskInput, TaskPageDto,
};
use crate::error::ApiResult;
use crate::state::AppState;

#[tauri::command]
pub fn list_companies(
    state: State<'_, AppState>,
    after: Option<String>,
    limit: u32,
    count: Option<bool>,
) -> ApiResult<CompanyPageDto> {
    state.with_session(|s| {
        let page = s.list_companies(after.as_deref(), limit)?;
        let total = match count {
            Some(true) => Some(s.count_companies()?),
            _ => None,
        };
        Ok(CompanyPageDto {
            items: page.items.into_iter().map(Into::into).collect(),
            next: page.next,
            total,
        })
    })
}

#[tauri::command]
pub fn get_company(state: State<'_, AppState>, id: i64) -> ApiResult<CompanyDto> {
    state.with_session(|s| Ok(s.get_company(id)?.into()))
}

#[tauri::command]
pub fn add_company(state: State<'_, AppState>, company: CompanyInput) -> ApiResult<CompanyDto> {
    state.with_session(|s| {
        let id = s.add_company(&company.into_new())?;
        Ok(s.get_company(id)?.into())
    })
}

#[tauri::command]
pub fn update_company(
    state: State<'_, AppState>,
    id: i64,
    company: CompanyInput,
) -> ApiResult<CompanyDto> {
    state.with_session(|s| Ok(s.update_company(id, &company.into_patch())?.into()))
}

#[tauri::command]
pub fn delete_company(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.with_session(|s| Ok(s.delete_company(id)?))
}

#[tauri::command]
pub fn list_stages(state: State<'_, AppState>) -> ApiResult<Vec<StageDto>> {
    state.with_session(|s| Ok(s.list_stages()?.into_iter().map(Into::into).collect()))
}

#[tauri::command]
pub fn list_deals(state: State<'_, AppState>) -> ApiResult<Vec<DealDto>> {
    state.with_session(|s| Ok(s.list_deals(None)?.into_iter().map(Into::into).collect()))
}

/// A page of the deals in `stage_id` (every stage in pipeline order when
/// `null`), newest first, after the cursor `after`: a board column's
/// "show more" (ADR 0023).
#[tauri::command]
pub fn list_deals_page(
    state: State<'_, AppState>,
    stage_id: Option<i64>,
    after: Option<String>,
    limit: u32,
) -> ApiResult<DealPageDto> {
    state.with_session(|s| {
        let stage = stage_id.map(StageRef::Id);
        let page = s.list_deals_page(stage.as_ref(), after.as_deref(), limit)?;
        Ok(DealPageDto {
            items: page.items.into_iter().map(Into::into).collect(),
            next: page.next,
        })
    })
}

/// Every stage in order with its live deals' count and amounts per
/// currency, in one grouped query: the board's column headers, asked apart
/// from the columns' pages (ADR 0023).
#[tauri::command]
pub fn pipeline_summary(state: State<'_, AppState>) -> ApiResult<Vec<StageTotalDto>> {
    state.with_session(|s| Ok(s.pipeline_summary()?.into_iter().map(Into::into).collect()))
}

#[tauri::command]
pub fn get_deal(state: State<'_, AppState>, id: i64) -> ApiResult<DealDto> {
    state.with_session(|s| Ok(s.get_deal(id)?.into()))
}

#[tauri::command]
pub fn add_deal(state: State<'_, AppState>, deal: DealInput) -> ApiResult<DealDto> {
    state.with_session(|s| {
        let id = s.add_deal(&deal.into_new())?;
        Ok(s.get_deal(id)?.into())
    })
}

#[tauri::command]
pub fn update_deal(state: State<'_, AppState>, id: i64, deal: DealInput) -> ApiResult<DealDto> {
    state.with_session(|s| Ok(s.update_deal(id, &deal.into_patch())?.into()))
}

/// Drag and drop on the pipeline board lands here. `reason` says why the
/// deal was won (optional) or lost (required).
#[tauri::command]
pub fn move_deal(
    state: State<'_, AppState>,
    id: i64,
    stage_id: i64,
    reason: Option<String>,
) -> ApiResult<DealDto> {
    state.with_session(|s| {
        Ok(s.move_deal(id, &StageRef::Id(stage_id), reason.as_deref())?
            .into())
    })
}

#[tauri::command]
pub fn delete_deal(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.with_session(|s| Ok(s.delete_deal(id)?))
}

#[tauri::command]
pub fn add_activity(state: State<'_, AppState>, activity: ActivityInput) -> ApiResult<ActivityDto> {
    state.with_session(|s| {
        let new = activity.into_new()?;
        let about = new.about;
        let id = s.add_activity(&new)?;
        let created = s.list_activities(about)?.into_iter().find(|a| a.id == id);
        created.map(Into::into).ok_or_else(|| {
            crate::error::ApiError::other("not-saved", "The activity was not saved.")
        })
    })
}

/// The timeline of a contact, company or deal, newest first.
#[tauri::command]
pub fn list_activities(state: State<'_, AppState>, about: AboutDto) -> ApiResult<Vec<ActivityDto>> {
    state.with_session(|s| {
        Ok(s.list_activities(about.into())?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// Corrects an activity's kind, subject, text or time.
#[tauri::command]
pub fn update_activity(
    state: State<'_, AppState>,
    id: i64,
    activity: ActivityEdit,
) -> ApiResult<ActivityDto> {
    state.with_session(|s| Ok(s.update_activity(id, &activity.into_patch()?)?.into()))
}

#[tauri::command]
pub fn delete_activity(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.with_session(|s| Ok(s.delete_activity(id)?))
}

/// A page of a Tasks tab (`today`, `overdue`, `upcoming`, `done`) by the
/// machine's local date, after the cursor `after`; `count` also counts the
/// tab (ADR 0023).
#[tauri::command]
pub fn list_tasks_page(
    state: State<'_, AppState>,
    filter: TaskFilterDto,
    mine_only: bool,
    after: Option<String>,
    limit: u32,
    count: Option<bool>,
) -> ApiResult<TaskPageDto> {
    state.with_session(|s| {
        let (filter, today) = (filter.into(), local_today());
        let page = s.list_tasks_page(filter, mine_only, today, after.as_deref(), limit)?;
        let total = match count {
            Some(true) => Some(s.count_tasks(filter, mine_only, today)?),
            _ => None,
        };
        Ok(TaskPageDto {
            items: page.items.into_iter().map(Into::into).collect(),
            next: page.next,
            total,
        })
    })
}

/// The calendar: the live tasks due from `from` to `to` (`YYYY-MM-DD`, both
/// included, at most 400 days), by day and time, done ones included.
#[tauri::command]
pub fn calendar(
    state: State<'_, AppState>,
    from: String,
    to: String,
    mine_only: bool,
) -> ApiResult<Vec<TaskDto>> {
    use steward_core::records::calendar::parse_day;
    let (from, to) = (
        parse_day("calendar's start", &from)?,
        parse_day("calendar's end", &to)?,
    );
    state.with_session(|s| {
        Ok(s.calendar(from, to, mine_only)?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

/// Every live task about one contact, company or deal: open ones by due
/// date, then done ones.
#[tauri::command]
pub fn list_tasks_about(state: State<'_, AppState>, about: AboutDto) -> ApiResult<Vec<TaskDto>> {
    state.with_session(|s| {
        Ok(s.list_tasks_about(about.into())?
            .into_iter()
            .map(Into::into)
            .collect())
    })
}

#[tauri::command]
pub fn add_task(state: State<'_, AppState>, task: TaskInput) -> ApiResult<TaskDto> {
    state.with_session(|s| {
        let id = s.add_task(&task.into_new())?;
        let _ = s.write_reminder_queue();
        Ok(s.get_task(id)?.into())
    })
}

/// Retitles, reschedules or reassigns a task, or changes its duration or
/// reminder.
#[tauri::command]
pub fn update_task(state: State<'_, AppState>, id: i64, task: TaskEdit) -> ApiResult<TaskDto> {
    state.with_session(|s| {
        let task = s.update_task(id, &task.into_patch())?;
        let _ = s.write_reminder_queue();
        Ok(task.into())
    })
}

#[tauri::command]
pub fn complete_task(state: State<'_, AppState>, id: i64) -> ApiResult<TaskDto> {
    state.with_session(|s| {
        let task = s.complete_task(id)?;
        let _ = s.write_reminder_queue();
        Ok(task.into())
    })
}

#[tauri::command]
pub fn reopen_task(state: State<'_, AppState>, id: i64) -> ApiResult<TaskDto> {
    state.with_session(|s| {
        let task = s.reopen_task(id)?;
        let _ = s.write_reminder_queue();
        Ok(task.into())
    })
}

#[tauri::command]
pub fn delete_task(state: State<'_, AppState>, id: i64) -> ApiResult<()> {
    state.with_session(|s| {
        s.delete_task(id)?;
        let _ = s.write_reminder_queue();
        Ok(())
    })
}

#[tauri::command]
pub fn dashboard(state: State<'_, AppState>) -> ApiResult<Dashboard> {
    state.with_session(|s| {
        let today = local_today();
        Ok(Dashboard {
            pipeline: s.pipeline_summary()?.into_iter().map(Into::into).collect(),
            tasks_today: s
                .list_tasks(TaskFilter::Today, true, today)?
                .into_iter()
                .map(Into::into)
                .collect(),
            tasks_overdue: s
                .list_tasks(TaskFilter::Overdue, true, today)?
                .into_iter()
                .map(Into::into)
                .collect(),
            recent_activity: s
                .recent_activities(10)?
                .into_iter()
                .map(Into::into)
                .collect(),
            contacts: s.count_contacts(&Default::default())?,
        })
    })
}

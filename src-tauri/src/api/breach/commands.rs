//! The breach register's commands (`breach.manage`; the countdown answers
//! `null` for other roles).

use tauri::State;

use crate::api::breach::dto::{
    BreachDto, BreachFactsDto, CountdownDto, DecisionDto, DraftsDto, ReportQueryDto, TouchReportDto,
};
use crate::error::ApiResult;
use crate::files::write_text;
use crate::state::AppState;

/// The register, newest first.
#[tauri::command]
pub fn list_breaches(state: State<'_, AppState>) -> ApiResult<Vec<BreachDto>> {
    state.with_session(|s| Ok(s.list_breaches()?.into_iter().map(Into::into).collect()))
}

#[tauri::command]
pub fn get_breach(state: State<'_, AppState>, id: i64) -> ApiResult<BreachDto> {
    state.with_session(|s| Ok(s.breach(id)?.into()))
}

/// The facts an incident opened from a (critical) alert starts with.
#[tauri::command]
pub fn breach_facts_from_alert(
    state: State<'_, AppState>,
    alert_id: i64,
) -> ApiResult<BreachFactsDto> {
    state.with_session(|s| Ok(s.breach_facts_from_alert(alert_id)?.into()))
}

#[tauri::command]
pub fn open_breach(
    state: State<'_, AppState>,
    facts: BreachFactsDto,
    from_alert: Option<i64>,
) -> ApiResult<BreachDto> {
    state.with_session(|s| Ok(s.open_breach(facts.into(), from_alert)?.into()))
}

#[tauri::command]
pub fn update_breach(
    state: State<'_, AppState>,
    id: i64,
    facts: BreachFactsDto,
) -> ApiResult<BreachDto> {
    state.with_session(|s| Ok(s.update_breach(id, facts.into())?.into()))
}

#[tauri::command]
pub fn decide_breach(
    state: State<'_, AppState>,
    id: i64,
    decision: DecisionDto,
) -> ApiResult<BreachDto> {
    state.with_session(|s| Ok(s.decide_breach(id, decision.into())?.into()))
}

#[tauri::command]
pub fn breach_report(
    state: State<'_, AppState>,
    id: i64,
    query: ReportQueryDto,
) -> ApiResult<TouchReportDto> {
    state.with_session(|s| Ok(s.breach_report(id, &query.into())?.into()))
}

#[tauri::command]
pub fn breach_drafts(state: State<'_, AppState>, id: i64) -> ApiResult<DraftsDto> {
    state.with_session(|s| Ok(s.breach_drafts(id)?.into()))
}

/// The nearest 72-hour deadline of an undecided incident, for the banner
/// above every screen; `null` when none waits or the role does not handle
/// incidents.
#[tauri::command]
pub fn breach_countdown(state: State<'_, AppState>) -> ApiResult<Option<CountdownDto>> {
    state.with_session(|s| Ok(s.breach_countdown()?.map(Into::into)))
}

/// Writes the incident's file (Markdown, the vault's language) to the new
/// file `path`.
#[tauri::command]
pub async fn export_breach(state: State<'_, AppState>, id: i64, path: String) -> ApiResult<usize> {
    state.with_session(|s| {
        let text = s.export_breach(id)?;
        write_text(&path, &text)
    })
}

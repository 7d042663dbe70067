//! Use by purpose over any scope: the Consent screen's coverage counts,
//! mailing lists, and exports for a purpose of every contact, the list's
//! filters, a saved view or hand-picked rows.

use steward_core::consent::PurposeCounts;
use tauri::State;

use crate::api::interchange::dto::ExportFormatDto;
use crate::api::mailing::dto::{ContactScopeDto, PurposeCountsDto};
use crate::error::{ApiError, ApiResult};
use crate::files::write_new_file;
use crate::state::AppState;

/// For every purpose, how many contacts may be used for it and how many
/// not, by reason. Counts only: nothing is recorded as a use.
#[tauri::command]
pub async fn purpose_coverage(state: State<'_, AppState>) -> ApiResult<Vec<PurposeCountsDto>> {
    state.with_session(|s| Ok(s.purpose_coverage()?.into_iter().map(Into::into).collect()))
}

/// How many contacts of `scope` a mailing list for `purpose` would hold,
/// and who it would leave out, by reason (shown before saving).
#[tauri::command]
pub async fn mailing_list_counts(
    state: State<'_, AppState>,
    purpose: String,
    scope: ContactScopeDto,
) -> ApiResult<PurposeCountsDto> {
    let scope = scope.into();
    state.with_session(|s| Ok(s.mailing_list_counts(&purpose, &scope)?.into()))
}

/// Writes the mailing list (`Name,Email`) for `purpose` over `scope` to the
/// new file `path`, readable by the user only; resolves with its counts.
/// An export: above the soft limit it answers `reauth_required`.
#[tauri::command]
pub async fn save_mailing_list(
    state: State<'_, AppState>,
    purpose: String,
    scope: ContactScopeDto,
    path: String,
) -> ApiResult<PurposeCountsDto> {
    let scope = scope.into();
    state.with_session(|s| {
        write_counted(&path, "The mailing list", |out| {
            let list = s.write_mailing_list(&purpose, &scope, out)?;
            Ok(PurposeCounts {
                included: list.recipients.len(),
                left_out: list.left_out,
                purpose: list.purpose,
            })
        })
    })
}

/// Exports the contacts of `scope` (every contact, the list's filters or
/// a saved view, or hand-picked rows) that may be used for `purpose` to the
/// new file `path`, as `export_contacts` does; resolves with how many were
/// written and how many left out, by reason.
#[tauri::command]
pub async fn export_scope_for_purpose(
    state: State<'_, AppState>,
    format: ExportFormatDto,
    purpose: String,
    scope: ContactScopeDto,
    path: String,
) -> ApiResult<PurposeCountsDto> {
    let format = format.into();
    let scope = scope.into();
    state.with_session(|s| {
        write_counted(&path, "The export", |out| {
            let sel = s.export_scope_for_purpose(format, &purpose, &scope, out)?;
            Ok(PurposeCounts {
                included: sel.included.len(),
                left_out: sel.left_out,
                purpose: sel.purpose,
            })
        })
    })
}

/// Writes the new file `path` with `write`, and passes on the counts it
/// returns.
fn write_counted(
    path: &str,
    what: &str,
    write: impl FnOnce(&mut dyn std::io::Write) -> steward_core::Result<PurposeCounts>,
) -> ApiResult<PurposeCountsDto> {
    let mut counts = None;
    write_new_file(path, |out| {
        let c = write(out)?;
        let n = c.included;
        counts = Some(c);
        Ok(n)
    })?;
    counts.map(Into::into).ok_or_else(|| {
        ApiError::other(
            "stopped-unexpectedly",
            format!("{what} stopped unexpectedly."),
        )
    })
}

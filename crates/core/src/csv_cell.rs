//! Spreadsheet formulas in CSV cells (CSV injection): the guard every CSV
//! Steward writes puts before a cell a spreadsheet would run, and its undoing
//! when Steward reads its own export back. Below every module that writes
//! or reads CSV (contacts, the audit log, mailing lists), so each uses the
//! same rule.

/// Puts an apostrophe before a cell that starts with `=`, `+`, `-` or `@`
/// (or with an apostrophe, which would otherwise be taken for this one),
/// so a spreadsheet opening the export shows it as text instead of running
/// it as a formula (CSV injection). Steward's import removes it again.
pub(crate) fn protect(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\'']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Undoes the apostrophe Steward's CSV export puts before a cell that
/// starts with `=`, `+`, `-` or `@` (so spreadsheets do not run it as a
/// formula) or with an apostrophe of its own (so that one survives).
pub(crate) fn unprotect(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\'']) => rest,
        _ => cell,
    }
}

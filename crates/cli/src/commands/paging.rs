//! Keyset pages of a list on the command line (ADR 0023): `--after` and
//! `--limit`, one home for every list that pages by cursor.

use crate::args::records::PageArgs;

/// The rows `args` asks for, read page by page from `page(after, want)`
/// (pages of at most `max_page` rows), and the cursor after the last one
/// (`None` when the list ended).
pub fn collect<T>(
    args: &PageArgs,
    max_page: u32,
    mut page: impl FnMut(Option<&str>, u32) -> steward_core::Result<(Vec<T>, Option<String>)>,
) -> Result<(Vec<T>, Option<String>), crate::exit::CliError> {
    let mut after = args.after.clone();
    let mut remaining = args.limit.unwrap_or(u64::MAX);
    let mut rows = Vec::new();
    while remaining > 0 {
        let want = u32::try_from(remaining.min(u64::from(max_page))).unwrap_or(max_page);
        let (items, next) = page(after.as_deref(), want)?;
        remaining = remaining.saturating_sub(items.len() as u64);
        rows.extend(items);
        after = next;
        if after.is_none() {
            break;
        }
    }
    Ok((rows, after))
}

/// Tells, on stderr, how to ask for the page after this one.
pub fn say_next(next: Option<&str>, paged: bool) {
    if let Some(next) = next.filter(|_| paged) {
        eprintln!("more after this page: --after {next}");
    }
}

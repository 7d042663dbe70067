//! An access review's report as CSV, in the vault's language: one row per
//! user, every cell through the spreadsheet-formula guard.

use std::io::Write;

use super::{AccessReview, Decision};
use crate::locale::Language;
use crate::locale::documents::{review_csv_header, review_decision, role_name, yes_no};
use crate::{Error, Result};

pub(super) fn write_csv(review: &AccessReview, lang: Language, out: &mut dyn Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let io = |e: csv::Error| Error::Io {
        action: "write the access review report".into(),
        source: std::io::Error::other(e.to_string()),
    };
    w.write_record(review_csv_header(lang)).map_err(io)?;
    for u in &review.users {
        let decision = match u.decision {
            Some(Decision::Role(role)) => format!(
                "{} {}",
                review_decision(lang, Some("role")),
                role_name(lang, role)
            ),
            other => review_decision(lang, other.map(Decision::as_str)).to_owned(),
        };
        let row = [
            review.id.to_string(),
            review.started_at.clone(),
            review.started_by.clone(),
            review.since.clone(),
            review.closed_at.clone().unwrap_or_default(),
            review.closed_by.clone().unwrap_or_default(),
            u.name.clone(),
            role_name(lang, u.role).to_owned(),
            yes_no(lang, u.disabled).to_owned(),
            u.last_unlock.clone().unwrap_or_default(),
            u.devices.to_string(),
            u.counts.views.to_string(),
            u.counts.reveals.to_string(),
            u.counts.exports.to_string(),
            u.counts.deletions.to_string(),
            u.counts.imports.to_string(),
            u.role_changes.to_string(),
            yes_no(lang, u.dormant).to_owned(),
            u.suggested_role
                .map(|r| role_name(lang, r).to_owned())
                .unwrap_or_default(),
            decision,
            u.decided_by.clone().unwrap_or_default(),
            u.decided_at.clone().unwrap_or_default(),
        ];
        w.write_record(row.map(|cell| crate::csv_cell::protect(&cell).into_owned()))
            .map_err(io)?;
    }
    w.flush()
        .map_err(Error::io("write the access review report"))?;
    Ok(())
}

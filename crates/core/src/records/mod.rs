//! Customer records. Every function is a [`crate::Session`] method that checks
//! the role before it touches the data.
//!
//! Companies, deals, activities and tasks are customer records like contacts
//! and use the same permissions: `contacts.read` to read them,
//! `contacts.create` to create them, `contacts.edit-own`/`contacts.edit-any`
//! to change them and `contacts.delete-own`/`contacts.delete-any` to delete
//! them, where "own" means the record's `owner_id` is the user (for a task:
//! the user created it or is its assignee). Configuring the pipeline's
//! stages and the custom fields needs `settings.manage`.

pub mod activities;
pub mod attachments;
pub mod calendar;
pub mod companies;
pub(crate) mod company_names;
pub mod contacts;
pub(crate) mod cursor;
pub mod custom_fields;
pub mod deals;
#[cfg(feature = "test-support")]
mod page_plans;
pub(crate) mod pipeline;
pub mod recycle_bin;
pub(crate) mod reindex;
pub(crate) mod sort_keys;
pub mod stages;
pub mod tasks;
pub mod views;

use crate::Result;
use crate::audit::Target;
use crate::auth::{Permission, Session};

pub(crate) use crate::audit::target;

/// Checks an optional calendar date given as `YYYY-MM-DD`; empty means none.
pub(crate) fn clean_date(label: &str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => parse_date(label, v).map(|d| Some(d.format("%Y-%m-%d").to_string())),
    }
}

/// Parses a date written exactly as `YYYY-MM-DD`.
pub(crate) fn parse_date(label: &str, value: &str) -> Result<chrono::NaiveDate> {
    let shaped = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped
        .then(|| chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            crate::Invalid::new(
                "date-invalid",
                format!("the {label} is not a date; write it as YYYY-MM-DD"),
            )
            .with("field", label)
            .into()
        })
}

impl Session {
    /// Whether the current user may change a record: with the "any"
    /// permission always, with the "own" one only when `is_own`. A refusal is
    /// audited against `target`.
    pub(crate) fn authorize_record_change(
        &self,
        target: Target,
        is_own: bool,
        own: Permission,
        any: Permission,
        action: &'static str,
    ) -> Result<()> {
        if self.can(any) || (self.can(own) && is_own) {
            return Ok(());
        }
        let missing = if self.can(own) { any } else { own };
        self.authorize(missing, action, Some(target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_written_as_year_month_day() {
        assert_eq!(
            clean_date("due date", Some(" 2026-03-09 "))
                .unwrap()
                .as_deref(),
            Some("2026-03-09")
        );
        assert_eq!(clean_date("due date", Some("")).unwrap(), None);
        assert_eq!(clean_date("due date", None).unwrap(), None);
        for bad in [
            "2026-3-9",
            "09.03.2026",
            "2026-02-30",
            "2026-03-09T10:00",
            "+2026-03-0",
        ] {
            let err = clean_date("due date", Some(bad)).unwrap_err().to_string();
            assert!(err.contains("YYYY-MM-DD"), "{bad}: {err}");
        }
    }
}

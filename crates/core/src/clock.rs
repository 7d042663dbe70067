//! The clock, in one place so timestamps share one format and tests can set
//! the time.
//!
//! `STEWARD_NOW` (an RFC 3339 time) overrides the system clock for the whole
//! process, in builds made for tests only (the `test-support` feature, which
//! `cargo test` turns on through the dev-dependencies). It lets backup
//! rotation, the recycle bin's 30 days and schedules be checked without
//! waiting; a malformed value is ignored. The builds users run ignore it:
//! otherwise anyone who can start the CLI could date audit entries as they
//! like, empty the recycle bin early or skip the wait after failed unlocks.

/// The environment variable that overrides the clock in test builds. It
/// exists only there: a build users run does not even contain the name,
/// which `scripts/check-release-binaries` checks on the shipped binaries.
#[cfg(feature = "test-support")]
pub const NOW_VAR: &str = "STEWARD_NOW";

/// Whether this build honours `STEWARD_NOW`.
pub const OVERRIDABLE: bool = cfg!(feature = "test-support");

#[cfg(feature = "test-support")]
thread_local! {
    static THREAD_NOW: std::cell::Cell<Option<chrono::DateTime<chrono::Utc>>> =
        const { std::cell::Cell::new(None) };
}

/// Sets (or with `None` clears) the time `now` returns on this thread
/// only, before `STEWARD_NOW`: for tests in one process that each need
/// their own clock (the environment is the whole process's). Test builds
/// only.
#[cfg(feature = "test-support")]
pub fn set_thread_now(t: Option<chrono::DateTime<chrono::Utc>>) {
    THREAD_NOW.with(|c| c.set(t));
}

/// Now, in UTC: the system clock, or in a test build this thread's time
/// ([`set_thread_now`]) or `STEWARD_NOW`.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    #[cfg(feature = "test-support")]
    if let Some(t) = THREAD_NOW.with(std::cell::Cell::get) {
        return t;
    }
    #[cfg(feature = "test-support")]
    if let Some(t) = std::env::var(NOW_VAR)
        .ok()
        .and_then(|v| chrono::DateTime::parse_from_rfc3339(v.trim()).ok())
    {
        return t.with_timezone(&chrono::Utc);
    }
    chrono::Utc::now()
}

/// Now, as RFC 3339 in UTC with second precision.
pub(crate) fn now_rfc3339() -> String {
    rfc3339(now())
}

/// Today in UTC as `YYYY-MM-DD`: the day consents expire by and requests
/// fall due on.
pub(crate) fn today() -> String {
    now().format("%Y-%m-%d").to_string()
}

/// A moment typed or stored as RFC 3339 or `YYYY-MM-DD` (midnight UTC),
/// in UTC; refused (`moment-invalid`) naming the field `label`.
pub(crate) fn parse_moment(
    label: &str,
    value: &str,
) -> crate::Result<chrono::DateTime<chrono::Utc>> {
    let value = value.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(value) {
        return Ok(t.with_timezone(&chrono::Utc));
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    Err(crate::Error::from(
        crate::Invalid::new(
            "moment-invalid",
            format!(
                "the {label} must be a date (2026-11-29) or an RFC 3339 time (2026-11-29T14:00:00Z)"
            ),
        )
        .with("field", label),
    ))
}

/// A time as RFC 3339 in UTC with second precision.
pub(crate) fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

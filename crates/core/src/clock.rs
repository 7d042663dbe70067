//! The clock, in one place so timestamps share one format and tests can set
//! the time.
//!
//! `STEWARD_NOW` (an RFC 3339 time) overrides the system clock for the whole
//! process. It is a testing aid — backup rotation, the recycle bin's 30 days
//! and schedules can be checked without waiting — and is documented as such;
//! a malformed value is ignored.

/// The environment variable that overrides the clock.
pub const NOW_VAR: &str = "STEWARD_NOW";

/// Now, in UTC: the system clock unless `STEWARD_NOW` is set.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    std::env::var(NOW_VAR)
        .ok()
        .and_then(|v| chrono::DateTime::parse_from_rfc3339(v.trim()).ok())
        .map_or_else(chrono::Utc::now, |t| t.with_timezone(&chrono::Utc))
}

/// Now, as RFC 3339 in UTC with second precision.
pub(crate) fn now_rfc3339() -> String {
    rfc3339(now())
}

/// A time as RFC 3339 in UTC with second precision.
pub(crate) fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

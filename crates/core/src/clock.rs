//! The clock, in one place so timestamps share one format.

/// Now, as RFC 3339 in UTC with second precision.
pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

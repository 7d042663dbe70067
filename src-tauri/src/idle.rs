//! How long the app waits without input before it locks: the policy's
//! minutes, shortened (never lengthened) by `STEWARD_AUTO_LOCK_SECS`.

use steward_core::monitor::Policy;

/// Seconds without input before the app locks: the policy's minutes, or
/// fewer when `STEWARD_AUTO_LOCK_SECS` says so (tests use it; it can only
/// shorten the time, never lengthen it).
pub fn limit_seconds(policy: Option<&Policy>) -> u32 {
    let minutes = policy.map_or_else(
        || Policy::default().auto_lock_minutes,
        |p| p.auto_lock_minutes,
    );
    let from_policy = minutes.saturating_mul(60);
    shorter(
        from_policy,
        std::env::var("STEWARD_AUTO_LOCK_SECS").ok().as_deref(),
    )
}

fn shorter(from_policy: u32, setting: Option<&str>) -> u32 {
    setting
        .and_then(|s| s.trim().parse::<u32>().ok())
        .filter(|&secs| secs > 0)
        .map_or(from_policy, |secs| secs.min(from_policy))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_override_only_shortens_the_idle_time() {
        assert_eq!(shorter(600, None), 600);
        assert_eq!(shorter(600, Some("3")), 3);
        assert_eq!(shorter(600, Some("7200")), 600);
        assert_eq!(shorter(600, Some("0")), 600);
        assert_eq!(shorter(600, Some("soon")), 600);
    }

    #[test]
    fn the_policy_sets_the_idle_time_in_minutes() {
        let policy = Policy {
            auto_lock_minutes: 3,
            ..Policy::default()
        };
        // The test runner does not set STEWARD_AUTO_LOCK_SECS.
        assert_eq!(limit_seconds(Some(&policy)), 180);
        assert_eq!(limit_seconds(None), 600);
    }
}

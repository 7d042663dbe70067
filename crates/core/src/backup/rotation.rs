//! Backup rotation: which backups to keep and which to forget.
//!
//! The rules are those of restic's `forget --keep-last N --keep-hourly N
//! --keep-daily N --keep-weekly N --keep-monthly N`, plus one of our own: the
//! newest verified backup is never forgotten. This module only decides; it
//! reads no files and deletes nothing.
//!
//! [`plan`] sorts the backups newest first (backups with equal times keep
//! their input order) and walks them once, applying every rule:
//!
//! - **last**: the `last` newest backups are kept.
//! - **hourly**, **daily**, **weekly**, **monthly**: a backup is kept when it
//!   is the newest backup of its hour, day, week or month, until that many
//!   hours, days, weeks or months have been kept. Periods without a backup
//!   use up nothing: `daily: 7` keeps the newest backup of each of the seven
//!   most recent days that have a backup, however far apart they are.
//! - **newest verified**: the newest backup whose verification passed is
//!   always kept, even when every count is zero.
//!
//! A backup kept by several rules lists each of them as a reason. A policy of
//! all zeros keeps nothing but the newest verified backup.
//!
//! Periods are calendar periods in **UTC**, not in the user's time zone: a
//! backup made at 00:30 in Berlin in summer (22:30 UTC) belongs to the
//! previous day. The plan thus does not depend on the machine's time zone,
//! and a backup keeps its bucket when the user travels or the clocks change.
//! Weeks are ISO 8601 weeks, Monday to Sunday, numbered within the ISO
//! week-based year: 2026-12-31 and 2027-01-03 share the week 2026-W53, and
//! 2027-01-04 starts 2027-W01.
//!
//! **Unverified backups count toward every rule**, as every snapshot does in
//! restic: the newest backup of a day takes that day's `daily` slot whether or
//! not it was verified. The newest verified backup is protected on top of the
//! counts, so a run of failed verifications cannot rotate away the last backup
//! known to be good.
//!
//! Deliberate differences from restic: restic buckets each snapshot in the
//! time zone it was recorded in, where this module uses UTC; newer restic
//! versions also keep the oldest snapshot for every rule that still has count
//! left at the end of the list, which this module does not; restic keeps
//! everything when the policy is empty; and there is no `yearly`, `within` or
//! tag rule.

use std::cmp::Reverse;

use chrono::{DateTime, Datelike, Timelike, Utc};

/// How many backups each rule keeps. The counts are independent: a backup
/// kept by one rule still uses up a slot of every other rule that keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeepPolicy {
    /// Keep the `last` newest backups.
    pub last: u32,
    /// Keep the newest backup of each of the `hourly` most recent UTC hours
    /// that have a backup.
    pub hourly: u32,
    /// Keep the newest backup of each of the `daily` most recent UTC days
    /// that have a backup.
    pub daily: u32,
    /// Keep the newest backup of each of the `weekly` most recent ISO weeks
    /// (Monday to Sunday, UTC) that have a backup.
    pub weekly: u32,
    /// Keep the newest backup of each of the `monthly` most recent UTC
    /// calendar months that have a backup.
    pub monthly: u32,
}

impl Default for KeepPolicy {
    /// The last 5 backups, plus one an hour for 24 hours, one a day for 7 days,
    /// one a week for 4 weeks and one a month for 12 months.
    fn default() -> Self {
        Self {
            last: 5,
            hourly: 24,
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// One backup, as far as rotation cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Snapshot<'a> {
    /// The caller's name for the backup; [`plan`] does not look at it, it is
    /// there for the caller's own bookkeeping and for debugging output.
    pub id: &'a str,
    /// When the backup was taken. Buckets are computed in UTC.
    pub time: DateTime<Utc>,
    /// Whether the backup passed verification. Only the newest verified
    /// backup gets special protection; verified or not, every backup counts
    /// toward the rules of the [`KeepPolicy`].
    pub verified: bool,
}

/// Why a backup is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeepReason {
    /// Among the [`KeepPolicy::last`] newest backups.
    Last,
    /// The newest backup of one of the [`KeepPolicy::hourly`] hours kept.
    Hourly,
    /// The newest backup of one of the [`KeepPolicy::daily`] days kept.
    Daily,
    /// The newest backup of one of the [`KeepPolicy::weekly`] weeks kept.
    Weekly,
    /// The newest backup of one of the [`KeepPolicy::monthly`] months kept.
    Monthly,
    /// The newest backup that passed verification, which is never forgotten.
    NewestVerified,
}

impl KeepReason {
    /// A short lowercase label: `"last"`, `"hourly"`, `"daily"`, `"weekly"`,
    /// `"monthly"` or `"newest verified"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Last => "last",
            Self::Hourly => "hourly",
            Self::Daily => "daily",
            Self::Weekly => "weekly",
            Self::Monthly => "monthly",
            Self::NewestVerified => "newest verified",
        }
    }
}

/// The verdict on one backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The backup's position in the slice given to [`plan`].
    pub index: usize,
    /// Whether to keep the backup; `false` means it may be forgotten. True
    /// exactly when `reasons` is not empty.
    pub keep: bool,
    /// Every rule that keeps the backup, in the order last, hourly, daily,
    /// weekly, monthly, newest verified. Empty when the backup is forgotten.
    pub reasons: Vec<KeepReason>,
}

/// Decides, for every backup in `snapshots`, whether `policy` keeps it and why.
///
/// Returns one [`Decision`] per backup, newest first (backups with equal
/// times in their input order); [`Decision::index`] points back into
/// `snapshots`. The input may be in any order. See the [module
/// documentation](self) for the rules.
pub fn plan(snapshots: &[Snapshot<'_>], policy: &KeepPolicy) -> Vec<Decision> {
    let mut newest_first: Vec<(usize, &Snapshot<'_>)> = snapshots.iter().enumerate().collect();
    // The sort is stable, so backups with equal times stay in input order.
    newest_first.sort_by_key(|&(_, snapshot)| Reverse(snapshot.time));

    let newest_verified = newest_first
        .iter()
        .find(|(_, snapshot)| snapshot.verified)
        .map(|&(index, _)| index);

    let mut rules = Rule::ALL.map(|rule| RuleState {
        rule,
        remaining: rule.count(policy),
        last_bucket: None,
    });

    newest_first
        .into_iter()
        .map(|(index, snapshot)| {
            let mut reasons = Vec::new();
            for state in &mut rules {
                if state.keeps(snapshot.time) {
                    reasons.push(state.rule.reason());
                }
            }
            if newest_verified == Some(index) {
                reasons.push(KeepReason::NewestVerified);
            }
            Decision {
                index,
                keep: !reasons.is_empty(),
                reasons,
            }
        })
        .collect()
}

/// The counted rules of a [`KeepPolicy`].
#[derive(Debug, Clone, Copy)]
enum Rule {
    Last,
    Hourly,
    Daily,
    Weekly,
    Monthly,
}

/// The calendar period a backup falls in, as numbers that compare equal
/// exactly when two times share the period.
type Bucket = (i32, u32, u32, u32);

impl Rule {
    const ALL: [Self; 5] = [
        Self::Last,
        Self::Hourly,
        Self::Daily,
        Self::Weekly,
        Self::Monthly,
    ];

    fn count(self, policy: &KeepPolicy) -> u32 {
        match self {
            Self::Last => policy.last,
            Self::Hourly => policy.hourly,
            Self::Daily => policy.daily,
            Self::Weekly => policy.weekly,
            Self::Monthly => policy.monthly,
        }
    }

    fn reason(self) -> KeepReason {
        match self {
            Self::Last => KeepReason::Last,
            Self::Hourly => KeepReason::Hourly,
            Self::Daily => KeepReason::Daily,
            Self::Weekly => KeepReason::Weekly,
            Self::Monthly => KeepReason::Monthly,
        }
    }

    /// The UTC period `time` falls in; `None` for [`Rule::Last`], where every
    /// backup is a period of its own.
    fn bucket(self, time: DateTime<Utc>) -> Option<Bucket> {
        match self {
            Self::Last => None,
            Self::Hourly => Some((time.year(), time.month(), time.day(), time.hour())),
            Self::Daily => Some((time.year(), time.month(), time.day(), 0)),
            Self::Weekly => {
                let week = time.iso_week();
                Some((week.year(), week.week(), 0, 0))
            }
            Self::Monthly => Some((time.year(), time.month(), 0, 0)),
        }
    }
}

/// A rule's progress through the newest-first walk.
#[derive(Debug)]
struct RuleState {
    rule: Rule,
    remaining: u32,
    last_bucket: Option<Bucket>,
}

impl RuleState {
    /// Whether the rule keeps the backup at `time`, the next one in the
    /// newest-first walk. Periods are contiguous in that order, so a backup
    /// opens a new period exactly when its period differs from that of the
    /// last backup this rule kept.
    fn keeps(&mut self, time: DateTime<Utc>) -> bool {
        if self.remaining == 0 {
            return false;
        }
        let bucket = self.rule.bucket(time);
        if bucket.is_some() && bucket == self.last_bucket {
            return false;
        }
        self.remaining -= 1;
        self.last_bucket = bucket;
        true
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    use super::*;
    use KeepReason::{Daily, Hourly, Last, Monthly, NewestVerified, Weekly};

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn snap(time: &str) -> Snapshot<'static> {
        Snapshot {
            id: "",
            time: at(time),
            verified: false,
        }
    }

    fn verified(time: &str) -> Snapshot<'static> {
        Snapshot {
            verified: true,
            ..snap(time)
        }
    }

    const NONE: KeepPolicy = KeepPolicy {
        last: 0,
        hourly: 0,
        daily: 0,
        weekly: 0,
        monthly: 0,
    };

    /// Indices of the kept backups, ascending.
    fn kept(snapshots: &[Snapshot<'_>], policy: &KeepPolicy) -> Vec<usize> {
        let mut kept: Vec<usize> = plan(snapshots, policy)
            .into_iter()
            .filter(|d| d.keep)
            .map(|d| d.index)
            .collect();
        kept.sort_unstable();
        kept
    }

    fn reasons_of(decisions: &[Decision], index: usize) -> Vec<KeepReason> {
        decisions
            .iter()
            .find(|d| d.index == index)
            .unwrap()
            .reasons
            .clone()
    }

    #[test]
    fn the_default_policy_is_5_24_7_4_12() {
        let policy = KeepPolicy::default();
        assert_eq!(
            (
                policy.last,
                policy.hourly,
                policy.daily,
                policy.weekly,
                policy.monthly
            ),
            (5, 24, 7, 4, 12)
        );
    }

    #[test]
    fn reasons_have_stable_labels() {
        let labels: Vec<&str> = [Last, Hourly, Daily, Weekly, Monthly, NewestVerified]
            .into_iter()
            .map(KeepReason::as_str)
            .collect();
        assert_eq!(
            labels,
            [
                "last",
                "hourly",
                "daily",
                "weekly",
                "monthly",
                "newest verified"
            ]
        );
    }

    #[test]
    fn no_backups_no_decisions() {
        assert!(plan(&[], &KeepPolicy::default()).is_empty());
    }

    #[test]
    fn decisions_come_newest_first_one_per_backup() {
        let snapshots = [
            snap("2026-03-02T10:00:00Z"),
            snap("2026-03-04T10:00:00Z"),
            snap("2026-03-01T10:00:00Z"),
            snap("2026-03-03T10:00:00Z"),
        ];
        let order: Vec<usize> = plan(&snapshots, &NONE).iter().map(|d| d.index).collect();
        assert_eq!(order, [1, 3, 0, 2]);
    }

    #[test]
    fn last_keeps_the_n_newest_whatever_the_input_order() {
        let snapshots = [
            snap("2026-03-02T10:00:00Z"),
            snap("2026-03-05T10:00:00Z"),
            snap("2026-03-01T10:00:00Z"),
            snap("2026-03-04T10:00:00Z"),
            snap("2026-03-03T10:00:00Z"),
        ];
        let policy = KeepPolicy { last: 3, ..NONE };
        assert_eq!(kept(&snapshots, &policy), [1, 3, 4]);

        let decisions = plan(&snapshots, &policy);
        for decision in &decisions {
            let expected: &[KeepReason] = if decision.keep { &[Last] } else { &[] };
            assert_eq!(decision.reasons, expected);
        }
    }

    #[test]
    fn last_keeps_everything_when_there_are_fewer_backups() {
        let snapshots = [snap("2026-03-02T10:00:00Z"), snap("2026-03-01T10:00:00Z")];
        assert_eq!(kept(&snapshots, &KeepPolicy { last: 5, ..NONE }), [0, 1]);
    }

    #[test]
    fn equal_times_keep_input_order() {
        let snapshots = [
            snap("2026-03-01T10:00:00Z"),
            snap("2026-03-01T12:00:00Z"),
            snap("2026-03-01T12:00:00Z"),
        ];
        let decisions = plan(&snapshots, &KeepPolicy { last: 1, ..NONE });
        assert_eq!(
            decisions.iter().map(|d| d.index).collect::<Vec<_>>(),
            [1, 2, 0]
        );
        assert_eq!(kept(&snapshots, &KeepPolicy { last: 1, ..NONE }), [1]);
        // The same holds for a period rule: the first of the tied pair is
        // the newest of its day.
        assert_eq!(kept(&snapshots, &KeepPolicy { daily: 1, ..NONE }), [1]);
    }

    #[test]
    fn hourly_keeps_the_newest_of_each_recent_hour() {
        let snapshots = [
            snap("2026-03-01T10:05:00Z"), // 0
            snap("2026-03-01T10:50:00Z"), // 1: newest of 10:00
            snap("2026-03-01T11:10:00Z"), // 2: newest of 11:00
            snap("2026-03-01T13:00:00Z"), // 3
            snap("2026-03-01T13:59:59Z"), // 4: newest of 13:00
            snap("2026-03-01T14:00:00Z"), // 5: newest of 14:00
        ];
        // No backup at 12:00; that hour uses up nothing.
        assert_eq!(
            kept(&snapshots, &KeepPolicy { hourly: 3, ..NONE }),
            [2, 4, 5]
        );
        assert_eq!(
            kept(&snapshots, &KeepPolicy { hourly: 4, ..NONE }),
            [1, 2, 4, 5]
        );
        assert_eq!(
            kept(&snapshots, &KeepPolicy { hourly: 99, ..NONE }),
            [1, 2, 4, 5]
        );
    }

    #[test]
    fn the_same_hour_on_different_days_is_a_different_bucket() {
        let snapshots = [snap("2026-03-01T10:30:00Z"), snap("2026-03-02T10:10:00Z")];
        assert_eq!(kept(&snapshots, &KeepPolicy { hourly: 2, ..NONE }), [0, 1]);
    }

    #[test]
    fn daily_keeps_the_newest_of_each_recent_day() {
        let snapshots = [
            snap("2026-02-27T12:00:00Z"), // 0: newest of Feb 27
            snap("2026-02-28T00:00:00Z"), // 1
            snap("2026-02-28T23:59:59Z"), // 2: newest of Feb 28
            snap("2026-03-01T00:00:00Z"), // 3: newest of Mar 1
            snap("2026-03-04T08:00:00Z"), // 4
            snap("2026-03-04T09:00:00Z"), // 5: newest of Mar 4
        ];
        assert_eq!(
            kept(&snapshots, &KeepPolicy { daily: 3, ..NONE }),
            [2, 3, 5]
        );
        assert_eq!(
            kept(&snapshots, &KeepPolicy { daily: 7, ..NONE }),
            [0, 2, 3, 5]
        );
    }

    #[test]
    fn days_are_utc_days() {
        // 00:30 in Berlin on March 2 is still March 1 in UTC, so it shares a
        // day with the morning backup of March 1 and is the newer of the two.
        let berlin_night = DateTime::parse_from_rfc3339("2026-03-02T00:30:00+01:00")
            .unwrap()
            .with_timezone(&Utc);
        let snapshots = [
            snap("2026-03-01T09:00:00Z"),
            Snapshot {
                id: "night",
                time: berlin_night,
                verified: false,
            },
        ];
        assert_eq!(kept(&snapshots, &KeepPolicy { daily: 1, ..NONE }), [1]);
        assert_eq!(kept(&snapshots, &KeepPolicy { daily: 2, ..NONE }), [1]);
    }

    #[test]
    fn weekly_uses_iso_weeks_across_new_year() {
        // 2026 starts on a Thursday, so it has 53 ISO weeks: 2026-W53 runs
        // from Monday 2026-12-28 to Sunday 2027-01-03.
        let snapshots = [
            snap("2026-12-27T12:00:00Z"), // 0: Sunday, 2026-W52
            snap("2026-12-28T12:00:00Z"), // 1: Monday, 2026-W53
            snap("2026-12-31T12:00:00Z"), // 2: Thursday, 2026-W53
            snap("2027-01-01T12:00:00Z"), // 3: Friday, 2026-W53
            snap("2027-01-03T23:59:59Z"), // 4: Sunday, 2026-W53, its newest
            snap("2027-01-04T00:00:00Z"), // 5: Monday, 2027-W01
        ];
        assert_eq!(kept(&snapshots, &KeepPolicy { weekly: 1, ..NONE }), [5]);
        assert_eq!(kept(&snapshots, &KeepPolicy { weekly: 2, ..NONE }), [4, 5]);
        assert_eq!(
            kept(&snapshots, &KeepPolicy { weekly: 3, ..NONE }),
            [0, 4, 5]
        );
    }

    #[test]
    fn an_iso_week_can_start_in_the_previous_calendar_year() {
        // 2026-W01 runs from Monday 2025-12-29 to Sunday 2026-01-04.
        let snapshots = [
            snap("2025-12-28T12:00:00Z"), // 0: Sunday, 2025-W52
            snap("2025-12-29T12:00:00Z"), // 1: Monday, 2026-W01
            snap("2026-01-02T12:00:00Z"), // 2: Friday, 2026-W01
        ];
        assert_eq!(kept(&snapshots, &KeepPolicy { weekly: 5, ..NONE }), [0, 2]);
        // The month rule sees the same three backups differently.
        assert_eq!(kept(&snapshots, &KeepPolicy { monthly: 5, ..NONE }), [1, 2]);
    }

    #[test]
    fn the_same_week_number_in_different_years_is_a_different_bucket() {
        let snapshots = [snap("2025-03-04T12:00:00Z"), snap("2026-03-03T12:00:00Z")];
        assert_eq!(
            snapshots[0].time.iso_week().week(),
            snapshots[1].time.iso_week().week()
        );
        assert_eq!(kept(&snapshots, &KeepPolicy { weekly: 2, ..NONE }), [0, 1]);
    }

    #[test]
    fn the_same_hour_day_and_month_a_year_later_are_other_buckets() {
        let snapshots = [snap("2025-03-01T10:10:00Z"), snap("2026-03-01T10:20:00Z")];
        for policy in [
            KeepPolicy { hourly: 2, ..NONE },
            KeepPolicy { daily: 2, ..NONE },
            KeepPolicy { monthly: 2, ..NONE },
        ] {
            assert_eq!(kept(&snapshots, &policy), [0, 1], "{policy:?}");
        }
    }

    #[test]
    fn monthly_keeps_the_newest_of_each_recent_month() {
        let snapshots = [
            snap("2025-11-15T12:00:00Z"), // 0: newest of Nov 2025
            snap("2025-12-31T23:59:59Z"), // 1: newest of Dec 2025
            snap("2026-01-01T00:00:00Z"), // 2
            snap("2026-01-31T23:00:00Z"), // 3: newest of Jan 2026
            snap("2026-03-01T00:00:00Z"), // 4: newest of Mar 2026
        ];
        // February has no backup and uses up nothing.
        assert_eq!(
            kept(&snapshots, &KeepPolicy { monthly: 3, ..NONE }),
            [1, 3, 4]
        );
        assert_eq!(
            kept(
                &snapshots,
                &KeepPolicy {
                    monthly: 12,
                    ..NONE
                }
            ),
            [0, 1, 3, 4]
        );
    }

    #[test]
    fn a_backup_lists_every_rule_that_keeps_it() {
        let snapshots = [
            snap("2026-02-20T12:00:00Z"), // 0
            snap("2026-03-02T09:00:00Z"), // 1
            snap("2026-03-02T10:30:00Z"), // 2
        ];
        let decisions = plan(&snapshots, &KeepPolicy::default());
        assert_eq!(
            reasons_of(&decisions, 2),
            [Last, Hourly, Daily, Weekly, Monthly]
        );
        assert_eq!(reasons_of(&decisions, 1), [Last, Hourly]);
        assert_eq!(
            reasons_of(&decisions, 0),
            [Last, Hourly, Daily, Weekly, Monthly]
        );
    }

    #[test]
    fn counts_are_spent_independently() {
        // Two backups a day over five days: `last: 2` is used up by the
        // newest day, `daily: 3` then reaches two more days.
        let snapshots: Vec<Snapshot<'static>> = (1..=5)
            .flat_map(|day| {
                [
                    Snapshot {
                        id: "",
                        time: Utc.with_ymd_and_hms(2026, 3, day, 8, 0, 0).unwrap(),
                        verified: false,
                    },
                    Snapshot {
                        id: "",
                        time: Utc.with_ymd_and_hms(2026, 3, day, 20, 0, 0).unwrap(),
                        verified: false,
                    },
                ]
            })
            .collect();
        let policy = KeepPolicy {
            last: 2,
            daily: 3,
            ..NONE
        };
        // Index 2k is day k+1 at 08:00, 2k+1 the same day at 20:00.
        assert_eq!(kept(&snapshots, &policy), [5, 7, 8, 9]);
        let decisions = plan(&snapshots, &policy);
        assert_eq!(reasons_of(&decisions, 9), [Last, Daily]);
        assert_eq!(reasons_of(&decisions, 8), [Last]);
        assert_eq!(reasons_of(&decisions, 7), [Daily]);
        assert_eq!(reasons_of(&decisions, 5), [Daily]);
    }

    #[test]
    fn an_all_zero_policy_keeps_nothing_without_a_verified_backup() {
        let snapshots = [snap("2026-03-01T10:00:00Z"), snap("2026-03-02T10:00:00Z")];
        let decisions = plan(&snapshots, &NONE);
        assert_eq!(decisions.len(), 2);
        assert!(decisions.iter().all(|d| !d.keep && d.reasons.is_empty()));
    }

    #[test]
    fn an_all_zero_policy_still_keeps_the_newest_verified_backup() {
        let snapshots = [
            verified("2026-03-01T10:00:00Z"), // 0
            verified("2026-03-02T10:00:00Z"), // 1: newest verified
            snap("2026-03-03T10:00:00Z"),     // 2
        ];
        let decisions = plan(&snapshots, &NONE);
        assert_eq!(kept(&snapshots, &NONE), [1]);
        assert_eq!(reasons_of(&decisions, 1), [NewestVerified]);
    }

    #[test]
    fn an_old_newest_verified_backup_survives_rotation() {
        // Verification has failed for every backup since the first one.
        let mut snapshots = vec![verified("2024-01-10T03:00:00Z")];
        snapshots.extend((1..=40).map(|day| Snapshot {
            id: "",
            time: Utc.with_ymd_and_hms(2026, 1, 1, 3, 0, 0).unwrap() + Duration::days(day),
            verified: false,
        }));
        let policy = KeepPolicy {
            last: 2,
            daily: 3,
            weekly: 1,
            monthly: 1,
            ..NONE
        };
        let decisions = plan(&snapshots, &policy);
        assert_eq!(reasons_of(&decisions, 0), [NewestVerified]);
        assert_eq!(kept(&snapshots, &policy), [0, 38, 39, 40]);
    }

    #[test]
    fn newest_verified_is_added_to_other_reasons() {
        let snapshots = [
            verified("2026-03-01T10:00:00Z"),
            verified("2026-03-02T10:00:00Z"),
        ];
        let decisions = plan(&snapshots, &KeepPolicy { last: 1, ..NONE });
        assert_eq!(reasons_of(&decisions, 1), [Last, NewestVerified]);
        assert!(!decisions.iter().find(|d| d.index == 0).unwrap().keep);
    }

    #[test]
    fn unverified_backups_take_their_period_slot() {
        // The day's newest backup is unverified: it, not the verified one,
        // is the day's backup. The verified one stays as newest verified.
        let snapshots = [
            snap("2026-03-01T10:00:00Z"),     // 0
            verified("2026-03-02T09:00:00Z"), // 1
            snap("2026-03-02T18:00:00Z"),     // 2
        ];
        let decisions = plan(&snapshots, &KeepPolicy { daily: 1, ..NONE });
        assert_eq!(reasons_of(&decisions, 2), [Daily]);
        assert_eq!(reasons_of(&decisions, 1), [NewestVerified]);
        assert!(reasons_of(&decisions, 0).is_empty());
    }

    #[test]
    fn of_tied_verified_backups_the_first_in_input_order_is_newest() {
        let snapshots = [
            verified("2026-03-01T10:00:00Z"),
            verified("2026-03-01T10:00:00Z"),
        ];
        assert_eq!(kept(&snapshots, &NONE), [0]);
    }

    // --- Reference model -------------------------------------------------
    //
    // Written independently of `plan`: each period rule groups all backups
    // by a period key computed another way, picks the newest backup of each
    // group, and keeps the picks of the N newest groups.

    /// Sort key putting the newest first and equal times in input order.
    fn newness(snapshots: &[Snapshot<'_>], index: usize) -> (Reverse<DateTime<Utc>>, usize) {
        (Reverse(snapshots[index].time), index)
    }

    fn model_period<K: Ord>(
        snapshots: &[Snapshot<'_>],
        count: u32,
        key: impl Fn(DateTime<Utc>) -> K,
    ) -> BTreeSet<usize> {
        let mut groups: BTreeMap<K, Vec<usize>> = BTreeMap::new();
        for (index, snapshot) in snapshots.iter().enumerate() {
            groups.entry(key(snapshot.time)).or_default().push(index);
        }
        let mut picks: Vec<usize> = groups
            .into_values()
            .map(|group| {
                group
                    .into_iter()
                    .min_by_key(|&index| newness(snapshots, index))
                    .unwrap()
            })
            .collect();
        picks.sort_by_key(|&index| newness(snapshots, index));
        picks
            .into_iter()
            .take(usize::try_from(count).unwrap())
            .collect()
    }

    /// The kept backups and their reasons, by index.
    fn model(snapshots: &[Snapshot<'_>], policy: &KeepPolicy) -> BTreeMap<usize, Vec<KeepReason>> {
        let mut all: Vec<usize> = (0..snapshots.len()).collect();
        all.sort_by_key(|&index| newness(snapshots, index));
        let last: BTreeSet<usize> = all
            .iter()
            .copied()
            .take(usize::try_from(policy.last).unwrap())
            .collect();

        let hour = |t: DateTime<Utc>| t.timestamp().div_euclid(3600);
        let day = |t: DateTime<Utc>| t.date_naive();
        // Two days share an ISO week exactly when they share its Monday.
        let monday = |t: DateTime<Utc>| {
            let date = t.date_naive();
            date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
        };
        let month = |t: DateTime<Utc>| t.format("%Y-%m").to_string();
        let rules = [
            (Last, last),
            (Hourly, model_period(snapshots, policy.hourly, hour)),
            (Daily, model_period(snapshots, policy.daily, day)),
            (Weekly, model_period(snapshots, policy.weekly, monday)),
            (Monthly, model_period(snapshots, policy.monthly, month)),
        ];
        let newest_verified = all.iter().copied().find(|&index| snapshots[index].verified);

        let mut kept = BTreeMap::new();
        for index in 0..snapshots.len() {
            let mut reasons: Vec<KeepReason> = rules
                .iter()
                .filter(|(_, keeps)| keeps.contains(&index))
                .map(|&(reason, _)| reason)
                .collect();
            if newest_verified == Some(index) {
                reasons.push(NewestVerified);
            }
            if !reasons.is_empty() {
                kept.insert(index, reasons);
            }
        }
        kept
    }

    /// Up to 60 backups as (Unix seconds, verified), often only a few. Each
    /// case picks a span
    /// (two days, six weeks or two years, so periods hold several backups
    /// or few), a granularity (whole seconds, quarter hours or hours, so
    /// times tie), a start (sometimes just before the 2026/2027 new year with
    /// its 53rd ISO week) and an echo: some backups move 52 weeks or 365
    /// days later, so that the same week number, month or hour of another
    /// year comes up next to them.
    fn arb_backups() -> impl Strategy<Value = Vec<(i64, bool)>> {
        let day = 86_400_i64;
        let start_2025 = Utc
            .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
            .unwrap()
            .timestamp();
        let late_2026 = Utc
            .with_ymd_and_hms(2026, 12, 26, 0, 0, 0)
            .unwrap()
            .timestamp();
        (
            prop_oneof![Just(2 * day), Just(42 * day), Just(730 * day)],
            prop_oneof![Just(1_i64), Just(900), Just(3600)],
            prop_oneof![start_2025..start_2025 + 730 * day, Just(late_2026)],
            prop_oneof![Just(0), Just(364 * day), Just(365 * day)],
            prop_oneof![0..=8_usize, 0..=60_usize],
        )
            .prop_flat_map(|(span, grain, start, echo, len)| {
                prop::collection::vec((0..span, any::<bool>(), prop::bool::weighted(0.2)), len)
                    .prop_map(move |backups| {
                        backups
                            .into_iter()
                            .map(|(offset, echoed, verified)| {
                                let echo = if echoed { echo } else { 0 };
                                (start + offset - offset % grain + echo, verified)
                            })
                            .collect()
                    })
            })
    }

    fn arb_policy() -> impl Strategy<Value = KeepPolicy> {
        (0..=6_u32, 0..=6_u32, 0..=6_u32, 0..=6_u32, 0..=6_u32).prop_map(
            |(last, hourly, daily, weekly, monthly)| KeepPolicy {
                last,
                hourly,
                daily,
                weekly,
                monthly,
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn plan_agrees_with_the_reference_model(backups in arb_backups(), policy in arb_policy()) {
            let snapshots: Vec<Snapshot<'_>> = backups
                .iter()
                .map(|&(seconds, verified)| Snapshot {
                    id: "",
                    time: Utc.timestamp_opt(seconds, 0).unwrap(),
                    verified,
                })
                .collect();
            let decisions = plan(&snapshots, &policy);

            // One decision per backup, newest first.
            let order: Vec<usize> = decisions.iter().map(|d| d.index).collect();
            let mut expected_order: Vec<usize> = (0..snapshots.len()).collect();
            expected_order.sort_by_key(|&index| newness(&snapshots, index));
            prop_assert_eq!(order, expected_order);
            for decision in &decisions {
                prop_assert_eq!(decision.keep, !decision.reasons.is_empty());
            }

            let kept: BTreeMap<usize, Vec<KeepReason>> = decisions
                .iter()
                .filter(|d| d.keep)
                .map(|d| (d.index, d.reasons.clone()))
                .collect();
            prop_assert_eq!(&kept, &model(&snapshots, &policy));

            // Whatever the policy, the newest verified backup survives.
            let newest_verified = snapshots
                .iter()
                .enumerate()
                .filter(|(_, s)| s.verified)
                .max_by_key(|&(index, s)| (s.time, Reverse(index)))
                .map(|(index, _)| index);
            if let Some(index) = newest_verified {
                prop_assert!(kept.get(&index).is_some_and(|r| r.contains(&NewestVerified)));
            }
            prop_assert_eq!(
                kept.values().filter(|r| r.contains(&NewestVerified)).count(),
                usize::from(newest_verified.is_some())
            );
        }
    }
}

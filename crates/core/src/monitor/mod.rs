//! Monitoring: the security policy, the rules evaluated as actions happen,
//! and the alerts they raise for owners and admins. Strong rules also act:
//! an export above the hard limit is refused, one above the soft limit needs
//! the password again, and record scraping locks the session.

pub mod alerts;
mod audit_log;
pub mod policy;

use rusqlite::OptionalExtension;

pub(crate) use alerts::changed_ids;
pub use alerts::{Alert, Rule, SUMMARY_REASONS};
pub use policy::Policy;

use crate::audit::{Event, Outcome};
use crate::auth::Session;
use crate::secret::Password;
use crate::{Error, Result};

/// How long a password confirmation covers exports above the soft limit.
pub const REAUTH_MINUTES: i64 = 5;

impl Session {
    /// The mass-deletion rule: the contacts the user moved to the recycle
    /// bin within ten minutes, one at a time (`contact.delete`, one each) or
    /// many at once (`contact.bulk_delete`, counted by the ids it names), so
    /// sixty deleted in one go alert as sixty deleted one by one do.
    /// Returns the count.
    pub(crate) fn check_mass_deletion(&self) -> Result<usize> {
        const MINUTES: u32 = 10;
        let limit = policy::load(&self.conn)?.deletes_per_ten_minutes;
        let single = alerts::recent(&self.conn, self.user.id, "contact.delete", MINUTES)?;
        let bulk = alerts::recent(&self.conn, self.user.id, "contact.bulk_delete", MINUTES)?;
        let mut n = single.len();
        let mut seqs: Vec<i64> = single.iter().map(|(s, _)| *s).collect();
        for (seq, _) in &bulk {
            let details: String = self.conn.query_row(
                "SELECT details FROM audit_log WHERE seq = ?1",
                [seq],
                |r| r.get(0),
            )?;
            n += alerts::changed_ids(&details).len();
            seqs.push(*seq);
        }
        seqs.sort_unstable_by(|a, b| b.cmp(a));
        self.raise_if_over(
            Rule::MassDeletion,
            n,
            &seqs,
            MINUTES,
            limit,
            "mass-deletion",
            "contacts deleted",
        )?;
        Ok(n)
    }

    /// Confirms the user's password again (an export above the soft limit
    /// asks for it). Recorded either way.
    ///
    /// # Errors
    /// [`Error::WrongPassword`].
    pub fn reauthenticate(&self, password: &Password) -> Result<()> {
        let ok = self.check_own_password(password)?;
        let event = Event::allowed("vault.reauthenticate", None);
        self.record(&if ok {
            event
        } else {
            Event {
                outcome: Outcome::Denied,
                ..event
            }
        })?;
        if !ok {
            return Err(Error::WrongPassword);
        }
        self.guard.reauth_at.set(Some(crate::clock::now()));
        Ok(())
    }

    /// Whether the password was confirmed within the last few minutes.
    pub(crate) fn recently_reauthenticated(&self) -> bool {
        self.guard
            .reauth_at
            .get()
            .is_some_and(|t| crate::clock::now() - t <= chrono::Duration::minutes(REAUTH_MINUTES))
    }

    /// Whether the policy locked this session (record scraping): every
    /// further operation is refused until the user unlocks again.
    pub fn locked_by_policy(&self) -> bool {
        self.guard.locked.get()
    }

    /// The scraping rule, after a contact was opened: when the user opened
    /// `scrape_contacts` distinct contacts within the window, in any number
    /// of sessions and processes, raise the alert and lock the session.
    /// While that alert is open and younger than the window, every session
    /// of the user is locked at its next view. Views an alert already
    /// counted never count toward another, so an acknowledged alert lets
    /// the user work on.
    pub(crate) fn check_scraping(&self) -> Result<()> {
        let policy = policy::load(&self.conn)?;
        let window = chrono::Duration::minutes(i64::from(policy.scrape_window_minutes));
        let since = crate::clock::rfc3339(crate::clock::now() - window);
        let last: Option<(String, Option<String>, String)> = self
            .conn
            .query_row(
                "SELECT at, acknowledged_at, audit_seqs FROM alerts
                 WHERE rule = ?1 AND user_id = ?2 ORDER BY id DESC LIMIT 1",
                rusqlite::params![Rule::Scraping.as_str(), self.user.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let mut counted_up_to = 0;
        if let Some((at, acknowledged, seqs)) = last {
            if acknowledged.is_none() && at >= since {
                self.guard.locked.set(true);
                return Err(Error::LockedByPolicy);
            }
            counted_up_to = serde_json::from_str::<Vec<i64>>(&seqs)
                .unwrap_or_default()
                .into_iter()
                .max()
                .unwrap_or(0);
        }
        let views: Vec<(i64, Option<String>)> = alerts::recent(
            &self.conn,
            self.user.id,
            "contact.view",
            policy.scrape_window_minutes,
        )?
        .into_iter()
        .filter(|(seq, _)| *seq > counted_up_to)
        .collect();
        let mut distinct: Vec<&str> = views.iter().filter_map(|(_, t)| t.as_deref()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() >= usize::try_from(policy.scrape_contacts).unwrap_or(usize::MAX) {
            let seqs: Vec<i64> = views.iter().map(|(s, _)| *s).collect();
            alerts::raise(
                &self.conn,
                Rule::Scraping,
                Some(self.user.id),
                &alerts::Summary::new(
                    "record-scraping",
                    format!(
                        "{} distinct contacts opened within {} minutes; the session was locked",
                        distinct.len(),
                        policy.scrape_window_minutes
                    ),
                )
                .with("count", distinct.len())
                .with("minutes", policy.scrape_window_minutes),
                &seqs,
            )?;
            self.guard.locked.set(true);
            return Err(Error::LockedByPolicy);
        }
        Ok(())
    }
}

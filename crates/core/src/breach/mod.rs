//! The breach register (GDPR Art. 33 and 34): incidents as an owner or
//! admin records them, the 72 hours from discovery within which the
//! supervisory authority must be notified, the decision to notify it and the
//! people concerned (or not, with the reasons), the "who touched what"
//! report drawn from the audit log ([`report`]) and the drafts of the
//! notification and of the notice to the people ([`drafts`]).
//!
//! Every change is an audit entry naming the incident's id and the fields
//! changed, never what was typed. An undecided incident raises a
//! deadline-near alert at 48 hours left and again at 12, once each.

pub mod drafts;
pub mod report;

use rusqlite::{OptionalExtension, params};

use crate::audit::{Event, target};
use crate::auth::{Permission, Session};
use crate::monitor::alerts::{self, Rule};
use crate::records::contacts::fields::check_text;
use crate::{Error, Result};

/// Hours from discovery within which the authority must be notified (Art. 33(1)).
pub const DEADLINE_HOURS: i64 = 72;

/// Hours left at which a deadline-near alert is raised, once each.
pub const ALERT_HOURS_LEFT: [i64; 2] = [48, 12];

/// The categories of personal data an incident may concern, as the
/// processing register names them (their wording is in [`drafts`]).
pub const DATA_CATEGORIES: &[&str] = &[
    "names",
    "emails",
    "phones",
    "addresses",
    "company-title",
    "notes",
    "custom-fields",
    "activities-deals",
    "attachments",
    "sensitive",
    "credentials",
];

/// The categories of people an incident may concern.
pub const SUBJECT_CATEGORIES: &[&str] = &["customers", "prospects", "contact-persons", "staff"];

/// The alert rules an incident may be opened from: those that may mean
/// personal data was reached (not `breach-deadline`, which is about an
/// incident already open).
pub const INCIDENT_RULES: &[&str] = &[
    "failed-unlocks",
    "record-scraping",
    "bulk-export",
    "restore",
    "mass-deletion",
    "audit-broken",
];

const LONG_TEXT: usize = 4000;

/// The facts of an incident, as entered. Empty texts are not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BreachFacts {
    /// When it was discovered (RFC 3339, UTC); the 72 hours run from here.
    pub discovered_at: String,
    /// When it happened, when known.
    pub occurred_at: Option<String>,
    /// What happened.
    pub summary: String,
    /// Keys of [`DATA_CATEGORIES`].
    pub data_categories: Vec<String>,
    /// Other categories of data, in words.
    pub data_other: String,
    /// Keys of [`SUBJECT_CATEGORIES`].
    pub subject_categories: Vec<String>,
    /// Other categories of people, in words.
    pub subjects_other: String,
    /// About how many people.
    pub people_approx: Option<u64>,
    /// About how many records.
    pub records_approx: Option<u64>,
    /// The likely consequences for the people.
    pub consequences: String,
    /// Measures taken.
    pub measures_taken: String,
    /// Measures proposed.
    pub measures_proposed: String,
    /// Whether people in other EU states are concerned.
    pub cross_border: bool,
    /// Why the notification comes after 72 hours, when it does.
    pub delay_reason: String,
}

/// The decision on an incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Whether the supervisory authority is (to be) notified.
    pub notify_authority: bool,
    /// Why not (required when not), or any note.
    pub authority_reason: String,
    /// Whether the people concerned are (to be) told (Art. 34).
    pub notify_subjects: bool,
    /// Why not (required when not), or any note.
    pub subjects_reason: String,
    /// When the notification(s) were sent, if they were.
    pub notified_at: Option<String>,
}

/// One incident of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    /// Id.
    pub id: i64,
    /// When it was recorded.
    pub opened_at: String,
    /// Who recorded it (login name).
    pub opened_by: String,
    /// The facts.
    pub facts: BreachFacts,
    /// The alert it was opened from.
    pub source_alert_id: Option<i64>,
    /// The 72-hour deadline (RFC 3339).
    pub deadline: String,
    /// The decision, once recorded: when, by whom, what.
    pub decision: Option<(String, String, Decision)>,
    /// The window and filters of the last report: from, to, users, contacts.
    pub report_window: Option<report::ReportQuery>,
}

/// The nearest deadline of the undecided incidents, for the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Countdown {
    /// The incident.
    pub breach_id: i64,
    /// Its deadline (RFC 3339).
    pub deadline: String,
    /// Whole minutes left (negative once past).
    pub minutes_left: i64,
    /// How many incidents wait for a decision.
    pub undecided: u64,
}

fn stored_time(label: &str, value: &str) -> Result<String> {
    Ok(crate::clock::rfc3339(crate::clock::parse_moment(
        label, value,
    )?))
}

/// The deadline of an incident discovered at `discovered` (RFC 3339).
pub fn deadline(discovered: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    Ok(crate::clock::parse_moment("discovery time", discovered)?
        + chrono::Duration::hours(DEADLINE_HOURS))
}

/// How many of [`ALERT_HOURS_LEFT`] an undecided incident with this
/// deadline has reached at `now`.
pub fn alerts_due(
    deadline: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> i64 {
    let left = deadline - now;
    let reached = ALERT_HOURS_LEFT
        .iter()
        .filter(|h| left <= chrono::Duration::hours(**h))
        .count();
    i64::try_from(reached).unwrap_or(0)
}

impl BreachFacts {
    /// Checks and normalises the facts (times in UTC, known category keys,
    /// texts within limits).
    fn checked(mut self) -> Result<Self> {
        self.summary = self.summary.trim().to_owned();
        if self.summary.is_empty() {
            return Err(Error::from(
                crate::Invalid::new("required", "say what happened (the summary is empty)")
                    .with("field", "summary"),
            ));
        }
        check_text("summary", &self.summary, LONG_TEXT)?;
        self.discovered_at = stored_time("discovery time", &self.discovered_at)?;
        if crate::clock::parse_moment("", &self.discovered_at)?
            > crate::clock::now() + chrono::Duration::minutes(5)
        {
            return Err(Error::from(
                crate::Invalid::new("date-in-future", "the discovery time is in the future")
                    .with("field", "discovery time"),
            ));
        }
        self.occurred_at = match self.occurred_at.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) => Some(stored_time("occurrence time", t)?),
        };
        for (list, known, what) in [
            (&mut self.data_categories, DATA_CATEGORIES, "data"),
            (&mut self.subject_categories, SUBJECT_CATEGORIES, "people"),
        ] {
            for key in list.iter_mut() {
                *key = key.trim().to_owned();
                if !known.contains(&key.as_str()) {
                    return Err(Error::from(
                        crate::Invalid::new(
                            "value-not-allowed",
                            format!(
                                "unknown category of {what} {key:?}; categories are {}",
                                known.join(", ")
                            ),
                        )
                        .with("field", format!("{what} category")),
                    ));
                }
            }
            list.sort_unstable_by_key(|k| known.iter().position(|c| c == k));
            list.dedup();
        }
        for (label, value) in [
            ("other categories of data", &mut self.data_other),
            ("other categories of people", &mut self.subjects_other),
            ("likely consequences", &mut self.consequences),
            ("measures taken", &mut self.measures_taken),
            ("measures proposed", &mut self.measures_proposed),
            ("reason for the delay", &mut self.delay_reason),
        ] {
            *value = value.trim().to_owned();
            check_text(label, value, LONG_TEXT)?;
        }
        Ok(self)
    }

    /// The names of the fields that differ from `other`, for the audit entry.
    fn changed_from(&self, other: &Self) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut check = |name: &'static str, same: bool| {
            if !same {
                out.push(name);
            }
        };
        check("discovered_at", self.discovered_at == other.discovered_at);
        check("occurred_at", self.occurred_at == other.occurred_at);
        check("summary", self.summary == other.summary);
        check(
            "data_categories",
            self.data_categories == other.data_categories,
        );
        check("data_other", self.data_other == other.data_other);
        check(
            "subject_categories",
            self.subject_categories == other.subject_categories,
        );
        check(
            "subjects_other",
            self.subjects_other == other.subjects_other,
        );
        check("people_approx", self.people_approx == other.people_approx);
        check(
            "records_approx",
            self.records_approx == other.records_approx,
        );
        check("consequences", self.consequences == other.consequences);
        check(
            "measures_taken",
            self.measures_taken == other.measures_taken,
        );
        check(
            "measures_proposed",
            self.measures_proposed == other.measures_proposed,
        );
        check("cross_border", self.cross_border == other.cross_border);
        check("delay_reason", self.delay_reason == other.delay_reason);
        out
    }
}

fn json_list(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

fn count(n: Option<u64>) -> Option<i64> {
    n.map(|n| i64::try_from(n).unwrap_or(i64::MAX))
}

const SELECT: &str = "SELECT b.id, b.opened_at, u.name, b.discovered_at, b.occurred_at, b.summary,
        b.data_categories, b.data_other, b.subject_categories, b.subjects_other,
        b.people_approx, b.records_approx, b.consequences, b.measures_taken, b.measures_proposed,
        b.cross_border, b.delay_reason, b.source_alert_id, b.decided_at, d.name,
        b.notify_authority, b.authority_reason, b.notify_subjects, b.subjects_reason, b.notified_at,
        b.report_from, b.report_to, b.report_users, b.report_contacts
     FROM breaches b JOIN users u ON u.id = b.opened_by LEFT JOIN users d ON d.id = b.decided_by";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Breach> {
    let list = |i: usize| -> rusqlite::Result<Vec<String>> {
        Ok(serde_json::from_str(&r.get::<_, String>(i)?).unwrap_or_default())
    };
    let approx = |i: usize| -> rusqlite::Result<Option<u64>> {
        Ok(r.get::<_, Option<i64>>(i)?
            .map(|n| u64::try_from(n).unwrap_or(0)))
    };
    let discovered_at: String = r.get(3)?;
    let decided_at: Option<String> = r.get(18)?;
    let decision = match decided_at {
        None => None,
        Some(at) => Some((
            at,
            r.get::<_, Option<String>>(19)?.unwrap_or_default(),
            Decision {
                notify_authority: r.get::<_, Option<bool>>(20)?.unwrap_or(false),
                authority_reason: r.get(21)?,
                notify_subjects: r.get::<_, Option<bool>>(22)?.unwrap_or(false),
                subjects_reason: r.get(23)?,
                notified_at: r.get(24)?,
            },
        )),
    };
    let report_window = match (
        r.get::<_, Option<String>>(25)?,
        r.get::<_, Option<String>>(26)?,
    ) {
        (Some(from), Some(to)) => Some(report::ReportQuery {
            from,
            to,
            users: list(27)?,
            contacts: serde_json::from_str(&r.get::<_, String>(28)?).unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(Breach {
        id: r.get(0)?,
        opened_at: r.get(1)?,
        opened_by: r.get(2)?,
        deadline: deadline(&discovered_at)
            .map(crate::clock::rfc3339)
            .unwrap_or_default(),
        facts: BreachFacts {
            discovered_at,
            occurred_at: r.get(4)?,
            summary: r.get(5)?,
            data_categories: list(6)?,
            data_other: r.get(7)?,
            subject_categories: list(8)?,
            subjects_other: r.get(9)?,
            people_approx: approx(10)?,
            records_approx: approx(11)?,
            consequences: r.get(12)?,
            measures_taken: r.get(13)?,
            measures_proposed: r.get(14)?,
            cross_border: r.get(15)?,
            delay_reason: r.get(16)?,
        },
        source_alert_id: r.get(17)?,
        decision,
        report_window,
    })
}

impl Session {
    /// Runs `f` in an immediate transaction and appends `event` in it.
    fn breach_change<T>(
        &mut self,
        event: impl FnOnce(&T) -> Event,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        crate::audit::append(&tx, &self.keys.audit_mac, Some(self.user.id), &event(&out))?;
        tx.commit()?;
        Ok(out)
    }

    pub(crate) fn load_breach(&self, id: i64) -> Result<Breach> {
        self.conn
            .query_row(&format!("{SELECT} WHERE b.id = ?1"), [id], row)
            .optional()?
            .ok_or_else(|| Error::NotFound {
                entity: "incident",
                id: id.to_string(),
            })
    }

    /// The facts an incident opened from alert `alert_id` starts with: its
    /// time as the discovery, its summary (which holds no personal data),
    /// and the categories its rule suggests.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `breach.manage`;
    /// [`Error::NotFound`]; [`Error::InvalidInput`] for an alert of a rule
    /// that does not suggest an incident.
    pub fn breach_facts_from_alert(&self, alert_id: i64) -> Result<BreachFacts> {
        self.authorize(
            Permission::BreachManage,
            "breach.open",
            Some(target("alert", alert_id)),
        )?;
        let alert: Option<(String, String, String)> = self
            .conn
            .query_row(
                "SELECT at, rule, summary FROM alerts WHERE id = ?1",
                [alert_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (at, rule, summary) = alert.ok_or_else(|| Error::NotFound {
            entity: "alert",
            id: alert_id.to_string(),
        })?;
        if !INCIDENT_RULES.contains(&rule.as_str()) {
            return Err(Error::from(
                crate::Invalid::new(
                    "alert-opens-no-incident",
                    format!(
                        "a {rule} alert does not open an incident; these do ({})",
                        INCIDENT_RULES.join(", ")
                    ),
                )
                .with("rule", &rule),
            ));
        }
        let data: &[&str] = match rule.as_str() {
            "bulk-export" | "record-scraping" => &["names", "emails", "phones", "addresses"],
            "mass-deletion" => &["names", "emails", "phones", "activities-deals"],
            "failed-unlocks" => &["credentials"],
            _ => &[],
        };
        let lang = self.vault_language()?;
        Ok(BreachFacts {
            discovered_at: at,
            summary: drafts::alert_summary(lang, &rule, alert_id, &summary),
            data_categories: data.iter().map(|s| (*s).to_owned()).collect(),
            subject_categories: if data.is_empty() || rule == "failed-unlocks" {
                Vec::new()
            } else {
                vec!["customers".into(), "contact-persons".into()]
            },
            ..BreachFacts::default()
        })
    }

    /// Records a new incident; with `from_alert`, it names that alert as its
    /// source (the caller pre-fills the facts with
    /// [`Session::breach_facts_from_alert`]).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `breach.manage`;
    /// [`Error::InvalidInput`] for missing or malformed facts;
    /// [`Error::NotFound`] for an unknown alert.
    pub fn open_breach(&mut self, facts: BreachFacts, from_alert: Option<i64>) -> Result<Breach> {
        self.authorize(Permission::BreachManage, "breach.open", None)?;
        let facts = facts.checked()?;
        if let Some(alert) = from_alert {
            let exists: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM alerts WHERE id = ?1)",
                [alert],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(Error::NotFound {
                    entity: "alert",
                    id: alert.to_string(),
                });
            }
        }
        let user = self.user.id;
        let id = self.breach_change(
            |id| {
                Event::allowed("breach.open", Some(target("breach", *id)))
                    .with("from_alert", from_alert)
            },
            |tx| {
                tx.execute(
                    "INSERT INTO breaches (opened_at, opened_by, discovered_at, occurred_at, summary,
                        data_categories, data_other, subject_categories, subjects_other,
                        people_approx, records_approx, consequences, measures_taken,
                        measures_proposed, cross_border, delay_reason, source_alert_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                    params![
                        crate::clock::now_rfc3339(),
                        user,
                        facts.discovered_at,
                        facts.occurred_at,
                        facts.summary,
                        json_list(&facts.data_categories),
                        facts.data_other,
                        json_list(&facts.subject_categories),
                        facts.subjects_other,
                        count(facts.people_approx),
                        count(facts.records_approx),
                        facts.consequences,
                        facts.measures_taken,
                        facts.measures_proposed,
                        facts.cross_border,
                        facts.delay_reason,
                        from_alert,
                    ],
                )?;
                Ok(tx.last_insert_rowid())
            },
        )?;
        self.load_breach(id)
    }

    /// Replaces the facts of an incident (decided or not); records the
    /// names of the fields that changed.
    ///
    /// # Errors
    /// As [`Session::open_breach`]; [`Error::NotFound`].
    pub fn update_breach(&mut self, id: i64, facts: BreachFacts) -> Result<Breach> {
        self.authorize(
            Permission::BreachManage,
            "breach.update",
            Some(target("breach", id)),
        )?;
        let old = self.load_breach(id)?;
        let facts = facts.checked()?;
        let changed = facts.changed_from(&old.facts);
        if changed.is_empty() {
            return Ok(old);
        }
        let rearm = changed.contains(&"discovered_at");
        self.breach_change(
            |()| Event::allowed("breach.update", Some(target("breach", id))).with("fields", changed.clone()),
            |tx| {
                tx.execute(
                    "UPDATE breaches SET discovered_at = ?2, occurred_at = ?3, summary = ?4,
                        data_categories = ?5, data_other = ?6, subject_categories = ?7,
                        subjects_other = ?8, people_approx = ?9, records_approx = ?10,
                        consequences = ?11, measures_taken = ?12, measures_proposed = ?13,
                        cross_border = ?14, delay_reason = ?15
                     WHERE id = ?1",
                    params![
                        id,
                        facts.discovered_at,
                        facts.occurred_at,
                        facts.summary,
                        json_list(&facts.data_categories),
                        facts.data_other,
                        json_list(&facts.subject_categories),
                        facts.subjects_other,
                        count(facts.people_approx),
                        count(facts.records_approx),
                        facts.consequences,
                        facts.measures_taken,
                        facts.measures_proposed,
                        facts.cross_border,
                        facts.delay_reason,
                    ],
                )?;
                if rearm {
                    // A later discovery time moves the deadline: the alerts
                    // count from the new one (an earlier one keeps those
                    // already raised).
                    let due = alerts_due(deadline(&facts.discovered_at)?, crate::clock::now());
                    tx.execute(
                        "UPDATE breaches SET deadline_alerts = min(deadline_alerts, ?2) WHERE id = ?1",
                        params![id, due],
                    )?;
                }
                Ok(())
            },
        )?;
        self.load_breach(id)
    }

    /// Records the decision on an incident (it may be recorded again, to
    /// correct it or add when the notifications went out). A decision not
    /// to notify needs its reason.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `breach.manage`;
    /// [`Error::NotFound`]; [`Error::InvalidInput`] for a missing reason.
    pub fn decide_breach(&mut self, id: i64, decision: Decision) -> Result<Breach> {
        self.authorize(
            Permission::BreachManage,
            "breach.decide",
            Some(target("breach", id)),
        )?;
        let old = self.load_breach(id)?;
        let mut d = decision;
        d.authority_reason = d.authority_reason.trim().to_owned();
        d.subjects_reason = d.subjects_reason.trim().to_owned();
        if !d.notify_authority && d.authority_reason.is_empty() {
            return Err(Error::from(crate::Invalid::new("reason-needed", "a decision not to notify the supervisory authority needs its reason (Art. 33(5))").with("for", "authority")));
        }
        if !d.notify_subjects && d.subjects_reason.is_empty() {
            return Err(Error::from(
                crate::Invalid::new(
                    "reason-needed",
                    "a decision not to tell the people concerned needs its reason (Art. 34(3))",
                )
                .with("for", "subjects"),
            ));
        }
        check_text("reason", &d.authority_reason, LONG_TEXT)?;
        check_text("reason", &d.subjects_reason, LONG_TEXT)?;
        d.notified_at = match d.notified_at.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(t) => Some(stored_time("notification time", t)?),
        };
        let user = self.user.id;
        let again = old.decision.is_some();
        self.breach_change(
            |()| {
                Event::allowed("breach.decide", Some(target("breach", id)))
                    .with("notify_authority", d.notify_authority)
                    .with("notify_subjects", d.notify_subjects)
                    .with("notified", d.notified_at.is_some())
                    .with("again", again)
            },
            |tx| {
                tx.execute(
                    "UPDATE breaches SET decided_at = ?2, decided_by = ?3, notify_authority = ?4,
                        authority_reason = ?5, notify_subjects = ?6, subjects_reason = ?7,
                        notified_at = ?8
                     WHERE id = ?1",
                    params![
                        id,
                        crate::clock::now_rfc3339(),
                        user,
                        d.notify_authority,
                        d.authority_reason,
                        d.notify_subjects,
                        d.subjects_reason,
                        d.notified_at,
                    ],
                )?;
                Ok(())
            },
        )?;
        self.load_breach(id)
    }

    /// The register, newest first. Raises the deadline alerts that are due.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `breach.manage`.
    pub fn list_breaches(&self) -> Result<Vec<Breach>> {
        self.authorize(Permission::BreachManage, "breach.list", None)?;
        self.check_breach_deadlines()?;
        let mut stmt = self.conn.prepare(&format!("{SELECT} ORDER BY b.id DESC"))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One incident.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `breach.manage`; [`Error::NotFound`].
    pub fn breach(&self, id: i64) -> Result<Breach> {
        self.authorize(
            Permission::BreachManage,
            "breach.view",
            Some(target("breach", id)),
        )?;
        self.load_breach(id)
    }

    /// The nearest deadline among undecided incidents, for the banner every
    /// screen shows owners and admins; `None` when none waits or the role
    /// does not handle incidents. Raises the deadline alerts that are due.
    ///
    /// # Errors
    /// Database errors.
    pub fn breach_countdown(&self) -> Result<Option<Countdown>> {
        if !self.can(Permission::BreachManage) {
            return Ok(None);
        }
        self.check_breach_deadlines()?;
        let rows: Vec<(i64, String)> = self
            .conn
            .prepare_cached(
                "SELECT id, discovered_at FROM breaches WHERE decided_at IS NULL ORDER BY discovered_at, id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let Some((id, discovered)) = rows.first() else {
            return Ok(None);
        };
        let due = deadline(discovered)?;
        Ok(Some(Countdown {
            breach_id: *id,
            deadline: crate::clock::rfc3339(due),
            minutes_left: (due - crate::clock::now()).num_minutes(),
            undecided: u64::try_from(rows.len()).unwrap_or(0),
        }))
    }

    /// Raises, for each undecided incident, the deadline-near alerts it has
    /// reached and not had yet (48 hours left, 12 hours left; once each).
    /// Returns how many it raised. Runs for owners and admins only (others
    /// return 0); called by the register, the countdown and the alerts list.
    ///
    /// # Errors
    /// Database errors.
    pub fn check_breach_deadlines(&self) -> Result<usize> {
        if !self.can(Permission::BreachManage) {
            return Ok(0);
        }
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let pending: Vec<(i64, String, i64)> = tx
            .prepare_cached(
                "SELECT id, discovered_at, deadline_alerts FROM breaches WHERE decided_at IS NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let now = crate::clock::now();
        let mut raised = 0;
        for (id, discovered, sent) in pending {
            let due = deadline(&discovered)?;
            let reached = alerts_due(due, now);
            if reached <= sent {
                continue;
            }
            let hours = (due - now).num_hours().max(0);
            alerts::raise(
                &tx,
                Rule::BreachDeadline,
                None,
                &alerts::Summary::new(
                    "breach-deadline",
                    format!(
                        "incident {id}: {hours} hours left to decide whether to notify the supervisory authority (72 hours from discovery)"
                    ),
                )
                .with("incident", id)
                .with("hours", hours),
                &[],
            )?;
            tx.execute(
                "UPDATE breaches SET deadline_alerts = ?2 WHERE id = ?1",
                params![id, reached],
            )?;
            raised += 1;
        }
        tx.commit()?;
        Ok(raised)
    }
}

/// The two drafts of an incident, in the vault's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drafts {
    /// Their language.
    pub language: crate::locale::Language,
    /// The notification to the supervisory authority (Markdown).
    pub authority: String,
    /// The notice to the people concerned (Markdown).
    pub subjects: String,
}

impl Session {
    /// The drafts of incident `id` in the vault's language (recorded).
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `breach.manage`; [`Error::NotFound`].
    pub fn breach_drafts(&self, id: i64) -> Result<Drafts> {
        self.authorize(
            Permission::BreachManage,
            "breach.drafts",
            Some(target("breach", id)),
        )?;
        let b = self.load_breach(id)?;
        let lang = self.vault_language()?;
        let controller = self.controller()?;
        self.record(
            &Event::allowed("breach.drafts", Some(target("breach", id)))
                .with("language", lang.as_str()),
        )?;
        Ok(Drafts {
            language: lang,
            authority: drafts::authority_notification(lang, &b, &controller),
            subjects: drafts::subjects_notice(lang, &b, &controller),
        })
    }

    /// Incident `id`'s whole file in the vault's language (Markdown): its
    /// facts and decision, the report for the window last asked (drawn
    /// again from the log) and both drafts. Recorded.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `breach.manage`; [`Error::NotFound`].
    pub fn export_breach(&self, id: i64) -> Result<String> {
        self.authorize(
            Permission::BreachManage,
            "breach.export",
            Some(target("breach", id)),
        )?;
        let b = self.load_breach(id)?;
        let lang = self.vault_language()?;
        let controller = self.controller()?;
        let report = match &b.report_window {
            Some(q) => Some(self.touch_report(q)?),
            None => None,
        };
        let text = drafts::incident_file(
            lang,
            &b,
            &controller,
            report.as_ref(),
            &crate::clock::now_rfc3339(),
        );
        self.record(
            &Event::allowed("breach.export", Some(target("breach", id)))
                .with("language", lang.as_str())
                .with("report_entries", report.map_or(0, |r| r.entries.len())),
        )?;
        Ok(text)
    }

    /// The incidents the processing documentation lists, oldest first:
    /// all of them for a user who handles incidents (recorded as
    /// `breach.register` with their number), none for anyone else, whose
    /// export of the documentation leaves them out.
    ///
    /// # Errors
    /// Database errors.
    pub fn breach_register(&self) -> Result<Vec<Breach>> {
        if !self.can(Permission::BreachManage) {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(&format!("{SELECT} ORDER BY b.id"))?;
        let all: Vec<Breach> = stmt.query_map([], row)?.collect::<rusqlite::Result<_>>()?;
        self.record(&Event::allowed("breach.register", None).with("incidents", all.len()))?;
        Ok(all)
    }

    /// The register of incidents as a section of the processing
    /// documentation (Markdown, the vault's language), from
    /// [`Session::breach_register`]: empty for a user who does not handle
    /// incidents.
    ///
    /// # Errors
    /// Database errors.
    pub fn breach_register_section(&self) -> Result<String> {
        let all = self.breach_register()?;
        if !self.can(Permission::BreachManage) {
            return Ok(String::new());
        }
        Ok(drafts::register_markdown(self.vault_language()?, &all))
    }
}

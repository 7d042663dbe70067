//! Periodic access reviews: who may do what, checked on a schedule.
//!
//! An owner or admin (`review.run`) starts a review; it finds, for every
//! user, their role and the permissions it grants, their last unlock, the
//! computers that remember them, what they did since the last closed review
//! (counts of views, reveals, exports, deletions and imports from the audit
//! log, with the window's sequence numbers so a front end can open the log
//! there), whether they are dormant (no unlock within the policy's
//! `review_dormant_days`), their role changes, and a lower role when they
//! used none of what their role adds to the next lower one (the ladder is in
//! `docs/roles.md`). What it found is stored when it starts, so its report
//! does not change afterwards. The reviewer decides per user (keep, another
//! role, forget remembered computers, disable); closing applies every
//! decision in one transaction through the user management of
//! [`crate::users`] (a role change raises its alert; disabling removes the
//! keyslot after the commit, ADR 0007): one refused decision and none
//! applies. At most one review is open at a time. When none was closed
//! within the policy's `review_interval_days`, an unlock raises a
//! `review-overdue` alert, once per interval.

mod ladder;
mod report;

use rusqlite::{Connection, OptionalExtension, params};

use crate::audit::{self, Event, Target, target};
use crate::auth::{Permission, Role, Session, User};
use crate::{Error, Result};

pub use ladder::lower_role;

/// What the reviewer decided for one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Nothing changes.
    Keep,
    /// The user gets this role.
    Role(Role),
    /// Every computer that remembers the user forgets them.
    ForgetDevices,
    /// The user is disabled (their keyslot removed).
    Disable,
}

impl Decision {
    /// The stored name: `keep`, `role`, `forget-devices`, `disable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Keep => "keep",
            Decision::Role(_) => "role",
            Decision::ForgetDevices => "forget-devices",
            Decision::Disable => "disable",
        }
    }

    fn parse(kind: &str, role: Option<&str>) -> Result<Self> {
        Ok(match (kind, role) {
            ("keep", _) => Decision::Keep,
            ("role", Some(r)) => Decision::Role(r.parse()?),
            ("forget-devices", _) => Decision::ForgetDevices,
            ("disable", _) => Decision::Disable,
            _ => {
                return Err(Error::Integrity(
                    "an access review holds an unknown decision".into(),
                ));
            }
        })
    }
}

/// What a user did in a review's window, counted from the audit log
/// (allowed entries whose actor is the user).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ActivityCounts {
    /// `contact.view`.
    pub views: u32,
    /// `contact.reveal`.
    pub reveals: u32,
    /// `contact.export`, `calendar.export`, `attachment.save_copy`,
    /// `audit.export`, `dsr.access_package`.
    pub exports: u32,
    /// `contact.delete`, `contact.bulk_delete`, `company.delete`,
    /// `deal.delete`, `activity.delete`, `task.delete`,
    /// `attachment.delete`, `dsr.erase`.
    pub deletions: u32,
    /// `import.csv`, `import.vcard`, `import.email`.
    pub imports: u32,
}

/// The actions each count of [`ActivityCounts`] counts, in its order.
pub const COUNTED_ACTIONS: [(&str, &[&str]); 5] = [
    ("views", &["contact.view"]),
    ("reveals", &["contact.reveal"]),
    (
        "exports",
        &[
            "contact.export",
            "calendar.export",
            "attachment.save_copy",
            "audit.export",
            "dsr.access_package",
        ],
    ),
    (
        "deletions",
        &[
            "contact.delete",
            "contact.bulk_delete",
            "company.delete",
            "deal.delete",
            "activity.delete",
            "task.delete",
            "attachment.delete",
            "dsr.erase",
        ],
    ),
    ("imports", &["import.csv", "import.vcard", "import.email"]),
];

/// One user as a review found them, and the decision taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewedUser {
    /// The user's id.
    pub user_id: i64,
    /// Login name.
    pub name: String,
    /// Role when the review started.
    pub role: Role,
    /// Whether the user was disabled when the review started.
    pub disabled: bool,
    /// The last successful unlock (RFC 3339), if any.
    pub last_unlock: Option<String>,
    /// How many computers remembered the user (device slots).
    pub devices: u32,
    /// What the user did in the window.
    pub counts: ActivityCounts,
    /// No unlock within the policy's dormant days (enabled users only).
    pub dormant: bool,
    /// How many times the user's role changed in the window.
    pub role_changes: u32,
    /// A lower role, when the user used nothing their role adds to it.
    pub suggested_role: Option<Role>,
    /// The decision, once taken.
    pub decision: Option<Decision>,
    /// Who decided (login name).
    pub decided_by: Option<String>,
    /// When (RFC 3339).
    pub decided_at: Option<String>,
}

impl ReviewedUser {
    /// The permissions the user's role (when reviewed) grants.
    pub fn permissions(&self) -> Vec<Permission> {
        self.role.permissions()
    }
}

/// An access review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessReview {
    /// Id.
    pub id: i64,
    /// When it started (also the end of its window).
    pub started_at: String,
    /// Who started it (login name).
    pub started_by: String,
    /// The start of its window: the previous review's start, or the
    /// vault's creation.
    pub since: String,
    /// The first audit entry of its window.
    pub from_seq: i64,
    /// The last audit entry of its window.
    pub to_seq: i64,
    /// When it was closed.
    pub closed_at: Option<String>,
    /// Who closed it (login name).
    pub closed_by: Option<String>,
    /// Every user, by name.
    pub users: Vec<ReviewedUser>,
}

/// A past or open review, without its users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSummary {
    /// Id.
    pub id: i64,
    /// When it started.
    pub started_at: String,
    /// Who started it.
    pub started_by: String,
    /// When it was closed.
    pub closed_at: Option<String>,
    /// Who closed it.
    pub closed_by: Option<String>,
    /// Users reviewed.
    pub users: u32,
    /// Decisions other than "keep".
    pub changes: u32,
}

/// When the next review is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewStatus {
    /// When the last review was closed, if any.
    pub last_closed_at: Option<String>,
    /// When the next one is due (RFC 3339): the last close, or the vault's
    /// creation, plus the policy's interval.
    pub due_at: String,
    /// Whether that is past.
    pub overdue: bool,
    /// The open review, if one is.
    pub open_review: Option<i64>,
}

fn parse_time(text: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|_| Error::Integrity("a stored time is unreadable".into()))
}

fn vault_created_at(conn: &Connection) -> Result<String> {
    Ok(
        conn.query_row("SELECT value FROM meta WHERE key = 'created_at'", [], |r| {
            r.get(0)
        })?,
    )
}

/// The last closed review: (started_at, closed_at, to_seq).
fn last_closed(conn: &Connection) -> Result<Option<(String, String, i64)>> {
    Ok(conn
        .query_row(
            "SELECT started_at, closed_at, to_seq FROM access_reviews
             WHERE closed_at IS NOT NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

fn open_review_id(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM access_reviews WHERE closed_at IS NULL",
            [],
            |r| r.get(0),
        )
        .optional()?)
}

/// When the next review is due, and whether that is past.
pub(crate) fn status(conn: &Connection, policy: &crate::monitor::Policy) -> Result<ReviewStatus> {
    let last = last_closed(conn)?;
    let base = match &last {
        Some((_, closed, _)) => closed.clone(),
        None => vault_created_at(conn)?,
    };
    let due = parse_time(&base)? + chrono::Duration::days(i64::from(policy.review_interval_days));
    Ok(ReviewStatus {
        last_closed_at: last.map(|(_, closed, _)| closed),
        due_at: crate::clock::rfc3339(due),
        overdue: crate::clock::now() >= due,
        open_review: open_review_id(conn)?,
    })
}

/// Raises the `review-overdue` alert in the caller's transaction when no
/// review was closed within the policy's interval, once per interval past
/// the due date. Returns the alert's id when it raised one.
pub(crate) fn raise_overdue(
    conn: &Connection,
    policy: &crate::monitor::Policy,
) -> Result<Option<i64>> {
    let status = status(conn, policy)?;
    if !status.overdue {
        return Ok(None);
    }
    let due = parse_time(&status.due_at)?;
    let interval = chrono::Duration::days(i64::from(policy.review_interval_days.max(1)));
    let periods = (crate::clock::now() - due).num_seconds() / interval.num_seconds();
    let period_start = crate::clock::rfc3339(due + interval * i32::try_from(periods).unwrap_or(0));
    let raised: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM alerts WHERE rule = ?1 AND at >= ?2)",
        params![crate::monitor::Rule::ReviewOverdue.as_str(), period_start],
        |r| r.get(0),
    )?;
    if raised {
        return Ok(None);
    }
    let days = (crate::clock::now() - due).num_days();
    crate::monitor::alerts::raise(
        conn,
        crate::monitor::Rule::ReviewOverdue,
        None,
        &crate::monitor::alerts::Summary::new(
            "review-overdue",
            format!("the access review has been due for {days} days"),
        )
        .with("days", days),
        &[],
    )
    .map(Some)
}

const REVIEW_COLUMNS: &str =
    "r.id, r.started_at, s.name, r.since, r.from_seq, r.to_seq, r.closed_at, c.name";

fn review_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccessReview> {
    Ok(AccessReview {
        id: r.get(0)?,
        started_at: r.get(1)?,
        started_by: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        since: r.get(3)?,
        from_seq: r.get(4)?,
        to_seq: r.get(5)?,
        closed_at: r.get(6)?,
        closed_by: r.get(7)?,
        users: Vec::new(),
    })
}

fn load_review(conn: &Connection, id: i64) -> Result<AccessReview> {
    let mut review = conn
        .query_row(
            &format!(
                "SELECT {REVIEW_COLUMNS} FROM access_reviews r
                 LEFT JOIN users s ON s.id = r.started_by LEFT JOIN users c ON c.id = r.closed_by
                 WHERE r.id = ?1"
            ),
            [id],
            review_from_row,
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            entity: "access review",
            id: id.to_string(),
        })?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.user_id, u.name, a.role, a.disabled, a.last_unlock, a.devices, a.views,
                a.reveals, a.exports, a.deletions, a.imports, a.role_changes, a.dormant,
                a.suggested_role, a.decision, a.decision_role, d.name, a.decided_at
         FROM access_review_users a JOIN users u ON u.id = a.user_id
         LEFT JOIN users d ON d.id = a.decided_by
         WHERE a.review_id = ?1 ORDER BY u.name COLLATE NOCASE, u.id",
    )?;
    let rows = stmt
        .query_map([id], |r| {
            Ok((
                (
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, u32>(5)?,
                ),
                ActivityCounts {
                    views: r.get(6)?,
                    reveals: r.get(7)?,
                    exports: r.get(8)?,
                    deletions: r.get(9)?,
                    imports: r.get(10)?,
                },
                (
                    r.get::<_, u32>(11)?,
                    r.get::<_, bool>(12)?,
                    r.get::<_, Option<String>>(13)?,
                    r.get::<_, Option<String>>(14)?,
                    r.get::<_, Option<String>>(15)?,
                    r.get::<_, Option<String>>(16)?,
                    r.get::<_, Option<String>>(17)?,
                ),
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (
        (user_id, name, role, disabled, last_unlock, devices),
        counts,
        (role_changes, dormant, suggested, decision, decision_role, decided_by, decided_at),
    ) in rows
    {
        review.users.push(ReviewedUser {
            user_id,
            name,
            role: role.parse()?,
            disabled,
            last_unlock,
            devices,
            counts,
            dormant,
            role_changes,
            suggested_role: suggested.map(|s| s.parse()).transpose()?,
            decision: decision
                .map(|d| Decision::parse(&d, decision_role.as_deref()))
                .transpose()?,
            decided_by,
            decided_at,
        });
    }
    Ok(review)
}

fn count_of(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Session {
    /// Starts an access review: finds what it reviews for every user and
    /// stores it. Recorded as `review.start`.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `review.run`;
    /// [`Error::InvalidInput`] while another review is open.
    pub fn start_review(&mut self) -> Result<AccessReview> {
        self.authorize(Permission::ReviewRun, "review.start", None)?;
        let policy = crate::monitor::policy::load(&self.conn)?;
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        if let Some(open) = open_review_id(&tx)? {
            return Err(Error::from(
                crate::Invalid::new(
                    "review-still-open",
                    format!("access review {open} is still open; close it before starting another"),
                )
                .with("review", open),
            ));
        }
        let (since, from_seq) = match last_closed(&tx)? {
            Some((started, _, to_seq)) => (started, to_seq + 1),
            None => (vault_created_at(&tx)?, 1),
        };
        let to_seq = audit::head(&tx)?.map_or(0, |h| h.seq);
        let now = crate::clock::now();
        let started_at = crate::clock::rfc3339(now);
        tx.execute(
            "INSERT INTO access_reviews (started_at, started_by, since, from_seq, to_seq)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![started_at, self.user.id, since, from_seq, to_seq],
        )?;
        let id = tx.last_insert_rowid();
        let found = ladder::find(&tx, from_seq, to_seq)?;
        let dormant_before = now - chrono::Duration::days(i64::from(policy.review_dormant_days));
        let users: Vec<(i64, String, bool, String)> = tx
            .prepare("SELECT id, role, disabled, created_at FROM users ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let other_active_owners = |id: i64| {
            users
                .iter()
                .filter(|(u, role, disabled, _)| *u != id && role == "owner" && !disabled)
                .count()
        };
        for (user_id, role, disabled, created_at) in &users {
            let role: Role = role.parse()?;
            let last_unlock: Option<String> = tx.query_row(
                "SELECT max(at) FROM audit_log
                 WHERE action = 'vault.unlock' AND outcome = 'allowed' AND actor_id = ?1",
                [user_id],
                |r| r.get(0),
            )?;
            let reference = parse_time(last_unlock.as_deref().unwrap_or(created_at))?;
            let dormant = !disabled && reference < dormant_before;
            let counts = found.counts(*user_id);
            let suggested =
                if *disabled || (role == Role::Owner && other_active_owners(*user_id) == 0) {
                    None
                } else {
                    ladder::suggest(role, &found, *user_id)
                };
            tx.execute(
                "INSERT INTO access_review_users (review_id, user_id, role, disabled,
                     last_unlock, devices, views, reveals, exports, deletions, imports,
                     role_changes, dormant, suggested_role)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    id,
                    user_id,
                    role.as_str(),
                    disabled,
                    last_unlock,
                    count_of(
                        i64::try_from(self.keyslots.device_slot_count(*user_id))
                            .unwrap_or(i64::MAX)
                    ),
                    counts.views,
                    counts.reveals,
                    counts.exports,
                    counts.deletions,
                    counts.imports,
                    found.role_changes(*user_id),
                    dormant,
                    suggested.map(Role::as_str),
                ],
            )?;
        }
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("review.start", Some(target("review", id)))
                .with("users", users.len())
                .with("from_seq", from_seq)
                .with("to_seq", to_seq),
        )?;
        tx.commit()?;
        load_review(&self.conn, id)
    }

    /// The open review, if one is.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `review.run`.
    pub fn open_review(&self) -> Result<Option<AccessReview>> {
        self.authorize(Permission::ReviewRun, "review.show", None)?;
        open_review_id(&self.conn)?
            .map(|id| load_review(&self.conn, id))
            .transpose()
    }

    /// A review, open or closed.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `review.run`; [`Error::NotFound`].
    pub fn review(&self, id: i64) -> Result<AccessReview> {
        self.authorize(
            Permission::ReviewRun,
            "review.show",
            Some(target("review", id)),
        )?;
        load_review(&self.conn, id)
    }

    /// Every review, newest first.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `review.run`.
    pub fn list_reviews(&self) -> Result<Vec<ReviewSummary>> {
        self.authorize(Permission::ReviewRun, "review.list", None)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, r.started_at, s.name, r.closed_at, c.name,
                    (SELECT count(*) FROM access_review_users a WHERE a.review_id = r.id),
                    (SELECT count(*) FROM access_review_users a
                     WHERE a.review_id = r.id AND a.decision IS NOT NULL AND a.decision <> 'keep')
             FROM access_reviews r
             LEFT JOIN users s ON s.id = r.started_by LEFT JOIN users c ON c.id = r.closed_by
             ORDER BY r.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ReviewSummary {
                id: r.get(0)?,
                started_at: r.get(1)?,
                started_by: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                closed_at: r.get(3)?,
                closed_by: r.get(4)?,
                users: count_of(r.get(5)?),
                changes: count_of(r.get(6)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// When the next review is due. For the overdue notice of owners and
    /// admins.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `review.run`.
    pub fn review_status(&self) -> Result<ReviewStatus> {
        self.authorize(Permission::ReviewRun, "review.status", None)?;
        status(&self.conn, &crate::monitor::policy::load(&self.conn)?)
    }

    /// Records the decision for one user of the open review (replacing an
    /// earlier one). Nothing changes until the review is closed. Recorded
    /// as `review.decide`.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `review.run`;
    /// [`Error::InvalidInput`] when no review is open, for disabling
    /// oneself, or for a user the review does not hold; [`Error::NotFound`].
    pub fn decide_review(&mut self, user_name: &str, decision: Decision) -> Result<ReviewedUser> {
        self.authorize(Permission::ReviewRun, "review.decide", None)?;
        let user = self.find_user(user_name)?;
        let id = open_review_id(&self.conn)?.ok_or_else(|| {
            Error::from(crate::Invalid::new(
                "no-open-review",
                "no access review is open; start one first",
            ))
        })?;
        if decision == Decision::Disable && user.id == self.user.id {
            return Err(Error::from(crate::Invalid::new(
                "cannot-disable-self",
                "you cannot disable yourself; ask another owner or admin",
            )));
        }
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let role = match decision {
            Decision::Role(r) => Some(r.as_str()),
            _ => None,
        };
        let changed = tx.execute(
            "UPDATE access_review_users SET decision = ?3, decision_role = ?4, decided_by = ?5,
                 decided_at = ?6
             WHERE review_id = ?1 AND user_id = ?2",
            params![
                id,
                user.id,
                decision.as_str(),
                role,
                self.user.id,
                crate::clock::now_rfc3339()
            ],
        )?;
        if changed == 0 {
            return Err(Error::from(
                crate::Invalid::new(
                    "review-user-added-after",
                    format!(
                        "{} was added after access review {id} started; review them next time",
                        user.name
                    ),
                )
                .with("user", &user.name)
                .with("review", id),
            ));
        }
        let mut event = Event::allowed("review.decide", Some(Target::user(user.id)))
            .with("review", id)
            .with("decision", decision.as_str());
        if let Some(role) = role {
            event = event.with("role", role);
        }
        audit::append(&tx, &self.keys.audit_mac, Some(self.user.id), &event)?;
        tx.commit()?;
        load_review(&self.conn, id)?
            .users
            .into_iter()
            .find(|u| u.user_id == user.id)
            .ok_or_else(|| Error::NotFound {
                entity: "user",
                id: user.id.to_string(),
            })
    }

    /// Closes the open review and applies every decision in one
    /// transaction: each is checked (`users.manage`, `owners.manage` for an
    /// owner, the last-owner and self rules) and one refusal leaves
    /// everything as it was. Recorded as `review.close`, with each change's
    /// own entry (`user.role_change`, `user.disable`,
    /// `user.forget_devices`). The keyslots file follows after the commit:
    /// disabled users' slots and forgotten computers are removed.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`]; [`Error::InvalidInput`] when no review
    /// is open or a decision breaks a rule (nothing is applied then).
    pub fn close_review(&mut self) -> Result<AccessReview> {
        self.authorize(Permission::ReviewRun, "review.close", None)?;
        let id = open_review_id(&self.conn)?.ok_or_else(|| {
            Error::from(crate::Invalid::new(
                "no-open-review",
                "no access review is open",
            ))
        })?;
        let review = load_review(&self.conn, id)?;
        // Every permission first: a refusal records its `denied` entry,
        // which cannot happen inside the transaction below.
        let mut plan: Vec<(User, Decision)> = Vec::new();
        for reviewed in &review.users {
            let Some(decision) = reviewed.decision else {
                continue;
            };
            let user = self.user_by_id(reviewed.user_id)?;
            match decision {
                Decision::Keep => {}
                Decision::Role(role) => {
                    self.authorize_user_change("user.role_change", &user, Some(role))?;
                }
                Decision::Disable => self.authorize_user_change("user.disable", &user, None)?,
                Decision::ForgetDevices => {
                    self.authorize_user_change("user.forget_devices", &user, None)?;
                }
            }
            plan.push((user, decision));
        }
        let tx = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let mut tally = [0_u32; 4];
        for (user, decision) in &plan {
            match *decision {
                Decision::Keep => tally[0] += 1,
                Decision::Role(role) => {
                    tally[1] += 1;
                    if user.role != role {
                        self.change_role_in(&tx, user, role)?;
                    }
                }
                Decision::ForgetDevices => {
                    tally[2] += 1;
                    audit::append(
                        &tx,
                        &self.keys.audit_mac,
                        Some(self.user.id),
                        &Event::allowed("user.forget_devices", Some(Target::user(user.id)))
                            .with("devices", self.keyslots.device_slot_count(user.id))
                            .with("review", id),
                    )?;
                }
                Decision::Disable => {
                    tally[3] += 1;
                    if !user.disabled {
                        self.disable_in(&tx, user)?;
                    }
                }
            }
        }
        tx.execute(
            "UPDATE access_reviews SET closed_at = ?2, closed_by = ?3 WHERE id = ?1",
            params![id, crate::clock::now_rfc3339(), self.user.id],
        )?;
        let undecided = review.users.len() - plan.len();
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("review.close", Some(target("review", id)))
                .with("keep", tally[0])
                .with("role", tally[1])
                .with("forget_devices", tally[2])
                .with("disable", tally[3])
                .with("undecided", undecided),
        )?;
        tx.commit()?;
        for (user, decision) in &plan {
            match *decision {
                Decision::Keep => {}
                Decision::Role(role) => {
                    if user.role != role {
                        self.after_role_change(user, role)?;
                    }
                }
                Decision::ForgetDevices => {
                    self.remove_device_slots_of(user.id)?;
                }
                Decision::Disable => self.remove_password_slot(user.id)?,
            }
        }
        load_review(&self.conn, id)
    }

    /// Writes a review's report as CSV in the vault's language (the open
    /// one when `id` is `None`). Recorded as `review.export`.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `review.run`; [`Error::NotFound`];
    /// [`Error::InvalidInput`] when `id` is `None` and no review is open.
    pub fn export_review(&self, id: Option<i64>, out: &mut dyn std::io::Write) -> Result<()> {
        self.authorize(
            Permission::ReviewRun,
            "review.export",
            id.map(|id| target("review", id)),
        )?;
        let id = match id {
            Some(id) => id,
            None => open_review_id(&self.conn)?.ok_or_else(|| {
                Error::from(crate::Invalid::new(
                    "no-open-review",
                    "no access review is open; name one",
                ))
            })?,
        };
        let review = load_review(&self.conn, id)?;
        let lang = self.vault_language()?;
        report::write_csv(&review, lang, out)?;
        self.record(
            &Event::allowed("review.export", Some(target("review", id)))
                .with("users", review.users.len())
                .with("language", lang.as_str()),
        )?;
        Ok(())
    }
}

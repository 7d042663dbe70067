//! What a review reads from the audit log in its window, and the ladder of
//! roles its suggestions walk down: owner → admin → manager → agent →
//! viewer. An auditor gets no suggestion (reading the log, their main use,
//! leaves no entry) and a viewer has nothing below. A user is suggested the
//! next lower role when the window holds no allowed entry of theirs with an
//! action that only what their role adds to that lower one allows
//! (`docs/roles.md`, "Access reviews").

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::{ActivityCounts, COUNTED_ACTIONS};
use crate::Result;
use crate::auth::Role;

/// The next lower role of the ladder, if any.
pub fn lower_role(role: Role) -> Option<Role> {
    match role {
        Role::Owner => Some(Role::Admin),
        Role::Admin => Some(Role::Manager),
        Role::Manager => Some(Role::Agent),
        Role::Agent => Some(Role::Viewer),
        Role::Auditor | Role::Viewer => None,
    }
}

/// Actions only an owner may take (besides changes that involve an owner,
/// found from the entries' details and targets).
const OWNER_OVER_ADMIN: &[&str] = &[
    "policy.set",
    "vault.language",
    "controller.update",
    "rules.set",
];

/// Actions an admin may take and a manager may not.
const ADMIN_OVER_MANAGER: &[&str] = &[
    "user.create",
    "user.role_change",
    "user.disable",
    "user.enable",
    "user.password_reset",
    "user.forget_devices",
    "audit.verify",
    "audit.export",
    "field.create",
    "field.delete",
    "stage.create",
    "stage.rename",
    "stage.probability",
    "stage.reorder",
    "stage.delete",
    "settings.phone_country",
    "attachment.limits_change",
    "backup.verify",
    "backup.drill",
    "backup.prune",
    "backup.settings",
    "backup.restore",
    "purpose.update",
    "consent_form.save",
    "alert.ack",
    "review.start",
    "review.decide",
    "review.close",
    "review.export",
    "breach.",
];

/// Actions a manager may take and an agent may not (the families ending
/// in `.` cover every action under them).
const MANAGER_OVER_AGENT: &[&str] = &[
    "contact.export",
    "calendar.export",
    "attachment.save_copy",
    "contact.reveal",
    "contact.reassign",
    "contact.bulk_reassign",
    "dsr.",
];

/// Actions an agent may take and a viewer may not.
const AGENT_OVER_VIEWER: &[&str] = &[
    "contact.create",
    "contact.update",
    "contact.delete",
    "contact.restore",
    "contact.bulk_tag",
    "contact.bulk_untag",
    "contact.bulk_delete",
    "contact.merge",
    "contact.merge_undo",
    "company.",
    "deal.",
    "activity.",
    "task.",
    "import.",
    "attachment.add",
    "attachment.open",
    "attachment.rename",
    "attachment.delete",
    "attachment.restore",
    "consent.record",
    "consent.withdraw",
    "consent.bulk_withdraw",
];

fn matches(list: &[&str], action: &str) -> bool {
    list.iter().any(|a| {
        if a.ends_with('.') {
            action.starts_with(a)
        } else {
            *a == action
        }
    })
}

/// The window's allowed entries, per actor and action; the role changes
/// per target user; the actors whose entries involved an owner.
#[derive(Debug, Default)]
pub(super) struct Found {
    actions: HashMap<i64, HashMap<String, u32>>,
    role_changes: HashMap<i64, u32>,
    managed_owners: Vec<i64>,
}

impl Found {
    pub(super) fn counts(&self, user: i64) -> ActivityCounts {
        let Some(actions) = self.actions.get(&user) else {
            return ActivityCounts::default();
        };
        let sum = |list: &[&str]| list.iter().filter_map(|a| actions.get(*a)).sum::<u32>();
        ActivityCounts {
            views: sum(COUNTED_ACTIONS[0].1),
            reveals: sum(COUNTED_ACTIONS[1].1),
            exports: sum(COUNTED_ACTIONS[2].1),
            deletions: sum(COUNTED_ACTIONS[3].1),
            imports: sum(COUNTED_ACTIONS[4].1),
        }
    }

    pub(super) fn role_changes(&self, user: i64) -> u32 {
        self.role_changes.get(&user).copied().unwrap_or(0)
    }

    fn used(&self, user: i64, list: &[&str]) -> bool {
        self.actions
            .get(&user)
            .is_some_and(|actions| actions.keys().any(|a| matches(list, a)))
    }
}

/// Reads the window `from_seq..=to_seq` of the audit log.
pub(super) fn find(conn: &Connection, from_seq: i64, to_seq: i64) -> Result<Found> {
    let mut found = Found::default();
    let mut stmt = conn.prepare(
        "SELECT actor_id, action, count(*) FROM audit_log
         WHERE seq BETWEEN ?1 AND ?2 AND outcome = 'allowed' AND actor_id IS NOT NULL
         GROUP BY actor_id, action",
    )?;
    let rows = stmt.query_map(params![from_seq, to_seq], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    for row in rows {
        let (actor, action, n) = row?;
        found
            .actions
            .entry(actor)
            .or_default()
            .insert(action, u32::try_from(n).unwrap_or(u32::MAX));
    }
    let mut stmt = conn.prepare(
        "SELECT a.actor_id, a.action, a.target_id, a.details, u.role FROM audit_log a
         LEFT JOIN users u ON a.target_type = 'user' AND CAST(u.id AS TEXT) = a.target_id
         WHERE a.seq BETWEEN ?1 AND ?2 AND a.outcome = 'allowed' AND a.action IN
             ('user.create', 'user.role_change', 'user.disable', 'user.enable',
              'user.password_reset', 'user.forget_devices')",
    )?;
    let rows = stmt.query_map(params![from_seq, to_seq], |r| {
        Ok((
            r.get::<_, Option<i64>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    for row in rows {
        let (actor, action, target, details, target_role) = row?;
        let details: serde_json::Value = serde_json::from_str(&details).unwrap_or_default();
        let names_owner = ["role", "from", "to"]
            .iter()
            .any(|k| details.get(k).and_then(|v| v.as_str()) == Some("owner"));
        if action == "user.role_change"
            && let Some(t) = target.and_then(|t| t.parse::<i64>().ok())
        {
            *found.role_changes.entry(t).or_default() += 1;
        }
        if let Some(actor) = actor
            && (names_owner || target_role.as_deref() == Some("owner"))
        {
            found.managed_owners.push(actor);
        }
    }
    Ok(found)
}

/// The lower role to suggest for `user` of `role`, if they used nothing
/// their role adds to it.
pub(super) fn suggest(role: Role, found: &Found, user: i64) -> Option<Role> {
    let lower = lower_role(role)?;
    let used = match role {
        Role::Owner => found.used(user, OWNER_OVER_ADMIN) || found.managed_owners.contains(&user),
        Role::Admin => found.used(user, ADMIN_OVER_MANAGER),
        Role::Manager => found.used(user, MANAGER_OVER_AGENT),
        Role::Agent => found.used(user, AGENT_OVER_VIEWER),
        Role::Auditor | Role::Viewer => return None,
    };
    (!used).then_some(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_match_their_actions_and_names_match_exactly() {
        assert!(matches(MANAGER_OVER_AGENT, "dsr.erase"));
        assert!(matches(AGENT_OVER_VIEWER, "task.done"));
        assert!(!matches(AGENT_OVER_VIEWER, "contact.view"));
        assert!(!matches(OWNER_OVER_ADMIN, "policy.setting"));
    }

    #[test]
    fn the_ladder_goes_down_one_step_and_stops() {
        assert_eq!(lower_role(Role::Owner), Some(Role::Admin));
        assert_eq!(lower_role(Role::Agent), Some(Role::Viewer));
        assert_eq!(lower_role(Role::Viewer), None);
        assert_eq!(lower_role(Role::Auditor), None);
    }
}

//! Changes to many contacts at once: add or remove a tag, change the owner,
//! move to the recycle bin, record a consent withdrawal or an objection, for
//! contacts chosen by id, by a saved view or by a tag.
//!
//! Each change is one transaction and one audit entry naming the ids it
//! changed and those it refused. The permission to do the change at all is
//! checked once; the permission on each record is checked per record, and a
//! record the user may not change is reported back with the reason, never
//! skipped in silence. The writes are those of the one-contact operations
//! (`records::contacts`, `records::recycle_bin`, `consent`, `rights`); this
//! module sits above them all because it uses all of them.

use rusqlite::TransactionBehavior;

use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::consent::{Method, NewConsent, state, state::Recorded};
use crate::records::contacts::{self, ContactQuery};
use crate::records::recycle_bin::{self, RecordKind};
use crate::rights;
use crate::{Error, Result};

/// Most contacts one change may touch.
pub const MAX_BULK: usize = 10_000;

/// Which contacts a change is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkTarget {
    /// These ids.
    Ids(Vec<i64>),
    /// Every contact one of the user's saved views shows (by name or id).
    View(String),
    /// Every contact with this tag.
    Tag(String),
}

/// What to do to each contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    /// Add this tag.
    AddTag(String),
    /// Remove this tag.
    RemoveTag(String),
    /// Give the contacts to this user (login name).
    ChangeOwner(String),
    /// Move the contacts to the recycle bin.
    Delete,
    /// Record that the given consent for this purpose (key) is withdrawn,
    /// and how the withdrawal arrived.
    Withdraw {
        /// The purpose's key.
        purpose: String,
        /// How the withdrawal arrived (not by import).
        method: Method,
    },
    /// Record an objection to direct marketing.
    Object,
}

impl BulkAction {
    /// The audit action of the change.
    fn audit_action(&self) -> &'static str {
        match self {
            BulkAction::AddTag(_) => "contact.bulk_tag",
            BulkAction::RemoveTag(_) => "contact.bulk_untag",
            BulkAction::ChangeOwner(_) => "contact.bulk_reassign",
            BulkAction::Delete => "contact.bulk_delete",
            BulkAction::Withdraw { .. } => "consent.bulk_withdraw",
            BulkAction::Object => "dsr.bulk_object",
        }
    }
}

/// Why one contact was not changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefusalReason {
    /// No such live contact (deleted, never there, or restricted and not
    /// visible to this role).
    NotFound,
    /// The role may change only its own contacts, and this one is someone
    /// else's.
    NotOwn,
    /// A withdrawal: no consent is currently given for the purpose.
    NoGivenConsent,
}

impl RefusalReason {
    /// The stable name, for the front ends to translate.
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalReason::NotFound => "not-found",
            RefusalReason::NotOwn => "not-own",
            RefusalReason::NoGivenConsent => "no-given-consent",
        }
    }
}

/// One contact left as it was, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The contact.
    pub id: i64,
    /// Its name, when the user may see it (not for one not found), so a
    /// front end can say whom it refused without opening each record.
    pub name: Option<String>,
    /// Why.
    pub reason: RefusalReason,
}

/// What a change did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkOutcome {
    /// The contacts changed, in the order asked.
    pub changed: Vec<i64>,
    /// The contacts already so (the tag already there or not there, the
    /// owner already that user, the objection already recorded).
    pub unchanged: Vec<i64>,
    /// The contacts refused, with the reason.
    pub refused: Vec<Refusal>,
}

impl Session {
    /// The ids of the contacts `target` names: given ones deduplicated in
    /// their order; a view's or a tag's in the list's order.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown view; [`Error::InvalidInput`]
    /// for more than [`MAX_BULK`] contacts.
    pub fn bulk_target_ids(&self, target: &BulkTarget) -> Result<Vec<i64>> {
        self.authorize(Permission::ContactsRead, "contact.list", None)?;
        let ids = match target {
            BulkTarget::Ids(ids) => {
                let mut seen = std::collections::HashSet::new();
                ids.iter().copied().filter(|id| seen.insert(*id)).collect()
            }
            BulkTarget::View(name) => {
                let view = self.find_view(name)?;
                self.contact_ids_where(&view.query)?
            }
            BulkTarget::Tag(tag) => self.contact_ids_where(&ContactQuery {
                tag: Some(contacts::clean_tag(tag)?),
                ..ContactQuery::default()
            })?,
        };
        if ids.len() > MAX_BULK {
            return Err(crate::error::Invalid::new(
                "bulk-too-many",
                format!("a change to many contacts at once can touch at most {MAX_BULK}"),
            )
            .with("limit", MAX_BULK)
            .into());
        }
        Ok(ids)
    }

    /// Does `action` to every contact `target` names, in one transaction
    /// with one audit entry (`contact.bulk_tag`, `contact.bulk_untag`,
    /// `contact.bulk_reassign`, `contact.bulk_delete`,
    /// `consent.bulk_withdraw` or `dsr.bulk_object`) naming the ids changed
    /// and refused. A contact the user may not change is refused with the
    /// reason and the others are changed. Deleting counts towards the
    /// mass-deletion rule as many single deletions would.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] when the role may not do the change at
    /// all: adding or removing a tag needs `contacts.edit-own`, changing
    /// the owner `contacts.edit-any`, deleting `contacts.delete-own`, a
    /// withdrawal `consent.record`, an objection `rights.manage`;
    /// [`Error::NotFound`] for an unknown view, user or purpose;
    /// [`Error::InvalidInput`] for a bad tag, a withdrawal by import, or too
    /// many contacts. Nothing is written then.
    pub fn bulk_change(&mut self, target: &BulkTarget, action: &BulkAction) -> Result<BulkOutcome> {
        let audit_action = action.audit_action();
        let needed = match action {
            BulkAction::AddTag(_) | BulkAction::RemoveTag(_) => Permission::ContactsEditOwn,
            BulkAction::ChangeOwner(_) => Permission::ContactsEditAny,
            BulkAction::Delete => Permission::ContactsDeleteOwn,
            BulkAction::Withdraw { .. } => Permission::ConsentRecord,
            BulkAction::Object => Permission::RightsManage,
        };
        self.authorize(needed, audit_action, None)?;
        let ids = self.bulk_target_ids(target)?;

        // What the change needs, checked before anything is written.
        let tag = match action {
            BulkAction::AddTag(t) | BulkAction::RemoveTag(t) => Some(contacts::clean_tag(t)?),
            _ => None,
        };
        let new_owner = match action {
            BulkAction::ChangeOwner(name) => Some(crate::auth::enabled_user_id(&self.conn, name)?),
            _ => None,
        };
        let purpose = match action {
            BulkAction::Withdraw { purpose, method } => {
                method.check_for_withdrawal()?;
                Some(self.purpose(purpose)?)
            }
            _ => None,
        };

        // Each contact, checked as the one-contact operation checks it.
        let mut outcome = BulkOutcome::default();
        let mut to_change = Vec::with_capacity(ids.len());
        for id in ids {
            let refuse = |reason| Refusal {
                id,
                name: None,
                reason,
            };
            let owner = if matches!(action, BulkAction::Object) {
                self.contact_exists_for_rights(id).map(|()| None)
            } else {
                self.contact_owner(id).map(Some)
            };
            let owner = match owner {
                Ok(owner) => owner,
                Err(Error::NotFound { .. }) => {
                    outcome.refused.push(refuse(RefusalReason::NotFound));
                    continue;
                }
                Err(e) => return Err(e),
            };
            let is_own = owner == Some(self.user.id);
            let (own, any) = match action {
                BulkAction::AddTag(_) | BulkAction::RemoveTag(_) => {
                    (Permission::ContactsEditOwn, Permission::ContactsEditAny)
                }
                BulkAction::Delete => {
                    (Permission::ContactsDeleteOwn, Permission::ContactsDeleteAny)
                }
                _ => (needed, needed),
            };
            if !(self.can(any) || (self.can(own) && is_own)) {
                outcome.refused.push(refuse(RefusalReason::NotOwn));
                continue;
            }
            let already = match action {
                BulkAction::ChangeOwner(_) => owner == new_owner,
                BulkAction::Object => self.rights_flags(id)?.1,
                BulkAction::Withdraw { .. } => {
                    let purpose = purpose.as_ref().map_or(0, |p| p.id);
                    if !state::may_record(self.status_of(id, purpose)?, Recorded::Withdrawn) {
                        outcome.refused.push(refuse(RefusalReason::NoGivenConsent));
                        continue;
                    }
                    false
                }
                _ => false,
            };
            if already {
                outcome.unchanged.push(id);
            } else {
                to_change.push((id, owner));
            }
        }

        for r in &mut outcome.refused {
            if r.reason != RefusalReason::NotFound {
                r.name = Some(self.conn.query_row(
                    "SELECT name FROM contacts WHERE id = ?1",
                    [r.id],
                    |row| row.get(0),
                )?);
            }
        }

        let now = crate::clock::now_rfc3339();
        let hash_key = &self.keys.identifier_hash;
        let user_id = self.user.id;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for (id, _owner) in to_change {
            let changed = match action {
                BulkAction::AddTag(_) | BulkAction::RemoveTag(_) => contacts::set_tag(
                    &tx,
                    id,
                    tag.as_deref().unwrap_or_default(),
                    matches!(action, BulkAction::AddTag(_)),
                    &now,
                )?,
                BulkAction::ChangeOwner(_) => {
                    tx.prepare_cached("UPDATE contacts SET owner_id = ?2 WHERE id = ?1")?
                        .execute(rusqlite::params![id, new_owner])?;
                    true
                }
                BulkAction::Delete => {
                    recycle_bin::soft_delete(&tx, RecordKind::Contact, id, &now)?;
                    true
                }
                BulkAction::Withdraw { method, .. } => {
                    let how = NewConsent {
                        state: Recorded::Withdrawn,
                        method: *method,
                        form_id: None,
                        evidence: None,
                        evidence_file: None,
                        expires: None,
                    };
                    if let Some(purpose) = &purpose {
                        crate::consent::insert_consent_row(
                            &tx,
                            user_id,
                            id,
                            purpose,
                            Recorded::Withdrawn,
                            &how,
                            None,
                            None,
                        )?;
                    }
                    true
                }
                BulkAction::Object => {
                    rights::record_objection(&tx, hash_key, id, &now)?;
                    true
                }
            };
            if changed {
                outcome.changed.push(id);
            } else {
                outcome.unchanged.push(id);
            }
        }
        let refused: Vec<serde_json::Value> = outcome
            .refused
            .iter()
            .map(|r| serde_json::json!({ "id": r.id, "reason": r.reason.as_str() }))
            .collect();
        let mut event = Event::allowed(audit_action, None)
            .with("changed", outcome.changed.clone())
            .with("unchanged", outcome.unchanged.len())
            .with("refused", refused);
        if let Some(owner) = new_owner {
            event = event.with("to_user", owner);
        }
        if let (Some(purpose), BulkAction::Withdraw { method, .. }) = (&purpose, action) {
            event = event
                .with("purpose", purpose.key.as_str())
                .with("method", method.as_str());
        }
        if matches!(action, BulkAction::Delete) {
            event = event.with("recycle_bin", true);
        }
        audit::append(&tx, &self.keys.audit_mac, Some(user_id), &event)?;
        tx.commit()?;
        if matches!(action, BulkAction::Delete) && !outcome.changed.is_empty() {
            self.check_mass_deletion()?;
        }
        Ok(outcome)
    }
}

//! The pipeline's stages: their order, names, default probabilities and
//! kinds.
//!
//! Reading the stages needs `contacts.read`; changing them (adding,
//! renaming, changing a probability, reordering, deleting) needs
//! `settings.manage`. The pipeline always keeps at least one open, one won
//! and one lost stage, so every deal can be added, won and lost. A stage
//! that any deal refers to, a deleted deal in the recycle bin included,
//! cannot be deleted: the deal would lose its place in the pipeline.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::contacts::fields::check_text;
pub use super::pipeline::{Stage, StageKind, StageRef};
use super::pipeline::{all_stages, check_probability, find_stage};
use super::target;
use crate::Result;
use crate::audit::{self, Event, Target};
use crate::auth::{Permission, Session};

fn clean_stage_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(crate::Invalid::new("required", "a stage needs a name")
            .with("field", "stage name")
            .into());
    }
    if name.contains('\n') {
        return Err(
            crate::Invalid::new("multiline", "the stage name must be on one line")
                .with("field", "stage name")
                .into(),
        );
    }
    check_text("stage name", name, 100)?;
    Ok(name.to_owned())
}

fn stage_target(id: i64) -> Target {
    target("stage", id)
}

fn ensure_stage_name_free(tx: &Transaction<'_>, name: &str, except: Option<i64>) -> Result<()> {
    let taken: Option<i64> = tx
        .prepare_cached("SELECT id FROM pipeline_stages WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    match taken {
        Some(other) if Some(other) != except => Err(crate::Invalid::new(
            "already-exists",
            format!("there is already a stage named {name:?}"),
        )
        .with("field", "stage name")
        .into()),
        _ => Ok(()),
    }
}

/// Why `stage` may not be deleted, if it may not: deals still refer to it,
/// or it is the last stage of its kind.
fn deletion_blocker(tx: &Transaction<'_>, stage: &Stage) -> Result<Option<crate::Invalid>> {
    let (live, recycled): (i64, i64) = tx
        .prepare_cached(
            "SELECT count(*) FILTER (WHERE deleted_at IS NULL),
                    count(*) FILTER (WHERE deleted_at IS NOT NULL)
             FROM deals WHERE stage_id = ?1",
        )?
        .query_row([stage.id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let deals = |n: i64| {
        if n == 1 {
            "1 deal".to_owned()
        } else {
            format!("{n} deals")
        }
    };
    if live > 0 {
        let also = if recycled > 0 {
            format!(", and {} in the recycle bin", deals(recycled))
        } else {
            String::new()
        };
        return Ok(Some(
            crate::Invalid::new(
                "stage-has-deals",
                format!(
                    "the stage {:?} still holds {}{also}; move them to another stage first",
                    stage.name,
                    deals(live)
                ),
            )
            .with("stage", &stage.name)
            .with("deals", live)
            .with("recycled", recycled),
        ));
    }
    if recycled > 0 {
        return Ok(Some(
            crate::Invalid::new(
                "stage-deals-in-bin",
                format!(
                    "{} in the recycle bin still belong to the stage {:?}; restore and move them, \
                     or wait until the recycle bin is emptied",
                    deals(recycled),
                    stage.name
                ),
            )
            .with("stage", &stage.name)
            .with("recycled", recycled),
        ));
    }
    let same_kind: i64 = tx
        .prepare_cached("SELECT count(*) FROM pipeline_stages WHERE kind = ?1")?
        .query_row([stage.kind.as_str()], |r| r.get(0))?;
    if same_kind <= 1 {
        return Ok(Some(
            crate::Invalid::new(
                "stage-last-of-kind",
                format!(
                    "{:?} is the pipeline's only {} stage, and the pipeline needs one; add another {} stage first",
                    stage.name, stage.kind, stage.kind
                ),
            )
            .with("stage", &stage.name)
            .with("stage_kind", stage.kind.as_str()),
        ));
    }
    Ok(None)
}

impl Session {
    /// The pipeline's stages in order.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `contacts.read`.
    pub fn list_stages(&self) -> Result<Vec<Stage>> {
        self.authorize(Permission::ContactsRead, "stage.list", None)?;
        all_stages(&self.conn)
    }

    /// Adds a stage at the end of the pipeline.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `settings.manage`;
    /// [`Error::InvalidInput`] for an empty or taken name or a probability
    /// over 100.
    pub fn add_stage(&mut self, name: &str, probability: u8, kind: StageKind) -> Result<Stage> {
        self.authorize(Permission::SettingsManage, "stage.create", None)?;
        let name = clean_stage_name(name)?;
        check_probability(Some(probability))?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        ensure_stage_name_free(&tx, &name, None)?;
        tx.execute(
            "INSERT INTO pipeline_stages (name, position, probability, kind)
             VALUES (?1, (SELECT ifnull(max(position), 0) + 1 FROM pipeline_stages), ?2, ?3)",
            params![name, probability, kind.as_str()],
        )?;
        let id = tx.last_insert_rowid();
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("stage.create", Some(stage_target(id))).with("kind", kind.as_str()),
        )?;
        let stage = find_stage(&tx, &StageRef::Id(id))?;
        tx.commit()?;
        Ok(stage)
    }

    /// Renames stage `id`; the search entries of its deals follow.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `settings.manage`; [`Error::NotFound`];
    /// [`Error::InvalidInput`] for an empty or taken name.
    pub fn rename_stage(&mut self, id: i64, name: &str) -> Result<Stage> {
        self.authorize(
            Permission::SettingsManage,
            "stage.rename",
            Some(stage_target(id)),
        )?;
        let name = clean_stage_name(name)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old = find_stage(&tx, &StageRef::Id(id))?;
        if old.name == name {
            return Ok(old);
        }
        ensure_stage_name_free(&tx, &name, Some(id))?;
        tx.execute(
            "UPDATE pipeline_stages SET name = ?2 WHERE id = ?1",
            params![id, name],
        )?;
        let deals: Vec<(i64, String, String)> = tx
            .prepare_cached(
                "SELECT id, title, currency FROM deals WHERE stage_id = ?1 AND deleted_at IS NULL",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (deal, title, currency) in &deals {
            super::deals::index_deal(&tx, *deal, title, currency, &name)?;
        }
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("stage.rename", Some(stage_target(id))),
        )?;
        let stage = find_stage(&tx, &StageRef::Id(id))?;
        tx.commit()?;
        Ok(stage)
    }

    /// Changes the probability (percent) that deals in stage `id` have unless
    /// they set their own. Deals with a probability of their own keep it.
    /// The audit entry records the old and the new value.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `settings.manage`; [`Error::NotFound`];
    /// [`Error::InvalidInput`] for a probability over 100.
    pub fn set_stage_probability(&mut self, id: i64, probability: u8) -> Result<Stage> {
        self.authorize(
            Permission::SettingsManage,
            "stage.probability",
            Some(stage_target(id)),
        )?;
        check_probability(Some(probability))?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let old = find_stage(&tx, &StageRef::Id(id))?;
        if old.probability == probability {
            return Ok(old);
        }
        tx.execute(
            "UPDATE pipeline_stages SET probability = ?2 WHERE id = ?1",
            params![id, probability],
        )?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("stage.probability", Some(stage_target(id)))
                .with("from", old.probability)
                .with("to", probability),
        )?;
        let stage = find_stage(&tx, &StageRef::Id(id))?;
        tx.commit()?;
        Ok(stage)
    }

    /// Puts the stages in the order of `ids`, which must name every stage
    /// exactly once.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `settings.manage`;
    /// [`Error::InvalidInput`] when `ids` is not an ordering of all stages.
    pub fn reorder_stages(&mut self, ids: &[i64]) -> Result<Vec<Stage>> {
        self.authorize(Permission::SettingsManage, "stage.reorder", None)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut current: Vec<i64> = all_stages(&tx)?.into_iter().map(|s| s.id).collect();
        let mut given = ids.to_vec();
        current.sort_unstable();
        given.sort_unstable();
        if current != given {
            return Err(crate::Invalid::new(
                "stage-order-invalid",
                "the new order must list every stage of the pipeline exactly once",
            )
            .into());
        }
        for (position, id) in (1_i64..).zip(ids) {
            tx.prepare_cached("UPDATE pipeline_stages SET position = ?2 WHERE id = ?1")?
                .execute(params![id, position])?;
        }
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("stage.reorder", None).with("order", ids.to_vec()),
        )?;
        let stages = all_stages(&tx)?;
        tx.commit()?;
        Ok(stages)
    }

    /// Deletes stage `id` and closes the gap it leaves in the order. Only a
    /// stage that no deal refers to, not even a deleted one waiting in the
    /// recycle bin, can go, and never the last open, won or lost stage.
    /// Returns the stages left, in order.
    ///
    /// # Errors
    /// [`Error::PermissionDenied`] without `settings.manage`; [`Error::NotFound`];
    /// [`Error::InvalidInput`] when deals are in the stage or it is the last
    /// of its kind; the message says which and what to do. Nothing changes
    /// then.
    pub fn delete_stage(&mut self, id: i64) -> Result<Vec<Stage>> {
        self.authorize(
            Permission::SettingsManage,
            "stage.delete",
            Some(stage_target(id)),
        )?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let stage = find_stage(&tx, &StageRef::Id(id))?;
        if let Some(why) = deletion_blocker(&tx, &stage)? {
            return Err(why.into());
        }
        tx.execute("DELETE FROM pipeline_stages WHERE id = ?1", [id])?;
        let left: Vec<i64> = all_stages(&tx)?.into_iter().map(|s| s.id).collect();
        for (position, id) in (1_i64..).zip(&left) {
            tx.prepare_cached("UPDATE pipeline_stages SET position = ?2 WHERE id = ?1")?
                .execute(params![id, position])?;
        }
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("stage.delete", Some(stage_target(id)))
                .with("kind", stage.kind.as_str()),
        )?;
        let stages = all_stages(&tx)?;
        tx.commit()?;
        Ok(stages)
    }
}

/// Renames the default stages nobody has renamed to their names in `lang`
/// (`locale::defaults`), in the caller's transaction, and rewrites the
/// search entries of their deals. A stage whose new name another stage
/// already has keeps its name. Returns the ids of the stages renamed.
pub(crate) fn translate_default_stages(
    tx: &Transaction<'_>,
    lang: crate::locale::Language,
) -> Result<Vec<i64>> {
    let stages: Vec<(i64, String)> = tx
        .prepare_cached("SELECT id, name FROM pipeline_stages ORDER BY position")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut renamed = Vec::new();
    for (id, name) in stages {
        let Some(new) = crate::locale::defaults::default_stage_name(&name, lang) else {
            continue;
        };
        if ensure_stage_name_free(tx, new, Some(id)).is_err() {
            continue;
        }
        tx.execute(
            "UPDATE pipeline_stages SET name = ?2 WHERE id = ?1",
            params![id, new],
        )?;
        let deals: Vec<i64> = tx
            .prepare_cached("SELECT id FROM deals WHERE stage_id = ?1 AND deleted_at IS NULL")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for deal in deals {
            super::deals::index_stored_deal(tx, deal)?;
        }
        renamed.push(id);
    }
    Ok(renamed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_are_one_line_and_required() {
        assert_eq!(clean_stage_name(" Pilot ").unwrap(), "Pilot");
        assert!(clean_stage_name("  ").is_err());
        assert!(clean_stage_name("a\nb").is_err());
    }
}

//! `steward bin …`: the recycle bin of every record type.

use serde::Serialize;
use steward_core::Session;
use steward_core::records::recycle_bin::{DeletedRecord, RecordKind};

use crate::args::Cli;
use crate::args::records::BinCommand;
use crate::exit::CliResult;
use crate::output::print_json;

/// One row of `steward bin list --json`.
#[derive(Debug, Serialize)]
struct DeletedJson<'a> {
    kind: &'static str,
    id: i64,
    label: &'a str,
    detail: Option<&'a str>,
    /// For a file, the record it is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    on: Option<HolderJson<'a>>,
    owner_id: i64,
    deleted_at: &'a str,
    deleted_by: Option<&'a str>,
    purge_at: &'a str,
    /// The contact it was merged into, when restoring it undoes a merge.
    #[serde(skip_serializing_if = "Option::is_none")]
    merged_into: Option<i64>,
}

/// The record a binned file is on: `{"kind": "contact", "name": "Ana Popescu"}`.
#[derive(Debug, Serialize)]
struct HolderJson<'a> {
    kind: &'static str,
    name: &'a str,
}

impl<'a> From<&'a DeletedRecord> for DeletedJson<'a> {
    fn from(d: &'a DeletedRecord) -> Self {
        Self {
            kind: d.kind.as_str(),
            id: d.id,
            label: &d.label,
            detail: d.detail.as_deref(),
            on: d.holder.as_ref().map(|h| HolderJson {
                kind: h.kind.as_str(),
                name: &h.name,
            }),
            owner_id: d.owner_id,
            deleted_at: &d.deleted_at,
            deleted_by: d.deleted_by.as_deref(),
            purge_at: &d.purge_at,
            merged_into: None,
        }
    }
}

pub fn run(cli: &Cli, session: &mut Session, cmd: &BinCommand) -> CliResult {
    match cmd {
        BinCommand::List { kind } => {
            let kind = kind.as_deref().map(str::parse::<RecordKind>).transpose()?;
            let records = session.list_recycle_bin(kind)?;
            if cli.json {
                let mut rows: Vec<DeletedJson<'_>> =
                    records.iter().map(DeletedJson::from).collect();
                for row in &mut rows {
                    if row.kind == "contact" {
                        row.merged_into = session.merge_of(row.id)?.map(|m| m.kept_id);
                    }
                }
                return print_json(&rows);
            }
            for d in &records {
                let merged = if d.kind == RecordKind::Contact {
                    session
                        .merge_of(d.id)?
                        .map(|m| format!("  merged into contact {}", m.kept_id))
                } else {
                    None
                };
                outln!(
                    "{:<8} {:>6}  {:<40}  deleted {} by {}  purged {}{}",
                    d.kind.as_str(),
                    d.id,
                    d.label,
                    d.deleted_at,
                    d.deleted_by.as_deref().unwrap_or("?"),
                    d.purge_at,
                    merged.unwrap_or_default()
                );
            }
            if records.is_empty() && !cli.json {
                eprintln!("the recycle bin is empty");
            }
            Ok(())
        }
        BinCommand::Restore { kind, id } => {
            let kind: RecordKind = kind.parse()?;
            // A merged contact comes back by undoing its merge.
            if kind == RecordKind::Contact
                && let Some(merge) = session.merge_of(*id)?
            {
                session.undo_merge(*id)?;
                if cli.json {
                    return print_json(&serde_json::json!({
                        "kind": kind.as_str(), "id": id, "restored": true,
                        "merge_undone": true, "kept_id": merge.kept_id,
                    }));
                }
                eprintln!(
                    "undid the merge of contact {id} into contact {}; both are as they were",
                    merge.kept_id
                );
                return Ok(());
            }
            session.restore_record(kind, *id)?;
            if cli.json {
                return print_json(
                    &serde_json::json!({ "kind": kind.as_str(), "id": id, "restored": true }),
                );
            }
            eprintln!("restored {kind} {id}");
            Ok(())
        }
    }
}

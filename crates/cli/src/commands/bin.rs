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
    owner_id: i64,
    deleted_at: &'a str,
    deleted_by: Option<&'a str>,
    purge_at: &'a str,
}

impl<'a> From<&'a DeletedRecord> for DeletedJson<'a> {
    fn from(d: &'a DeletedRecord) -> Self {
        Self {
            kind: d.kind.as_str(),
            id: d.id,
            label: &d.label,
            detail: d.detail.as_deref(),
            owner_id: d.owner_id,
            deleted_at: &d.deleted_at,
            deleted_by: d.deleted_by.as_deref(),
            purge_at: &d.purge_at,
        }
    }
}

pub fn run(cli: &Cli, session: &mut Session, cmd: &BinCommand) -> CliResult {
    match cmd {
        BinCommand::List { kind } => {
            let kind = kind.as_deref().map(str::parse::<RecordKind>).transpose()?;
            let records = session.list_recycle_bin(kind)?;
            if cli.json {
                let rows: Vec<DeletedJson<'_>> = records.iter().map(DeletedJson::from).collect();
                return print_json(&rows);
            }
            for d in &records {
                outln!(
                    "{:<8} {:>6}  {:<40}  deleted {} by {}  purged {}",
                    d.kind.as_str(),
                    d.id,
                    d.label,
                    d.deleted_at,
                    d.deleted_by.as_deref().unwrap_or("?"),
                    d.purge_at
                );
            }
            if records.is_empty() && !cli.json {
                eprintln!("the recycle bin is empty");
            }
            Ok(())
        }
        BinCommand::Restore { kind, id } => {
            let kind: RecordKind = kind.parse()?;
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

//! `steward attachment …`: files on records, encrypted inside the vault.

use serde::Serialize;
use steward_core::Session;
use steward_core::records::attachments::{AttachedTo, Attachment, ReadPurpose};
use steward_core::records::recycle_bin::RecordKind;

use crate::args::Cli;
use crate::args::records::{AttachedToArgs, AttachmentCommand};
use crate::exit::{CliError, CliResult};
use crate::output::print_json;

/// One row of `steward attachment list --json`.
#[derive(Debug, Serialize)]
struct AttachmentJson<'a> {
    id: i64,
    on: &'static str,
    on_id: i64,
    name: &'a str,
    size: u64,
    sha256: &'a str,
    owner_id: i64,
    created_at: &'a str,
}

impl<'a> From<&'a Attachment> for AttachmentJson<'a> {
    fn from(a: &'a Attachment) -> Self {
        Self {
            id: a.id,
            on: a.on.kind(),
            on_id: a.on.id(),
            name: &a.name,
            size: a.size,
            sha256: &a.sha256,
            owner_id: a.owner_id,
            created_at: &a.created_at,
        }
    }
}

fn attached_to(args: &AttachedToArgs) -> CliResult<AttachedTo> {
    args.contact
        .map(AttachedTo::Contact)
        .or(args.company.map(AttachedTo::Company))
        .or(args.deal.map(AttachedTo::Deal))
        .or(args.activity.map(AttachedTo::Activity))
        .ok_or_else(|| {
            CliError::Usage(
                "name the record with --contact, --company, --deal or --activity".into(),
            )
        })
}

pub fn run(cli: &Cli, session: &mut Session, cmd: &AttachmentCommand) -> CliResult {
    match cmd {
        AttachmentCommand::Add { record, files } => {
            let on = attached_to(record)?;
            let mut ids = Vec::with_capacity(files.len());
            for path in files {
                let mut file = std::fs::File::open(path).map_err(|e| {
                    CliError::Other(format!("could not read {}: {e}", path.display()))
                })?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let id = session.add_attachment(on, &name, &mut file)?;
                if !cli.json {
                    outln!("{id}");
                }
                ids.push(id);
            }
            if cli.json {
                return print_json(&serde_json::json!({ "ids": ids }));
            }
            Ok(())
        }
        AttachmentCommand::List { record } => {
            let files = session.list_attachments(attached_to(record)?)?;
            if cli.json {
                let rows: Vec<AttachmentJson<'_>> =
                    files.iter().map(AttachmentJson::from).collect();
                return print_json(&rows);
            }
            for f in &files {
                outln!("{:>6}  {:>12}  {}  {}", f.id, f.size, f.created_at, f.name);
            }
            if files.is_empty() {
                eprintln!("no files");
            }
            Ok(())
        }
        AttachmentCommand::Get { id, out } => {
            let mut file = crate::files::create_output(out)?;
            let found = session.read_attachment(*id, ReadPurpose::SaveCopy, &mut file)?;
            crate::files::finish_output(file)?;
            if cli.json {
                return print_json(&serde_json::json!({
                    "id": id, "size": found.size, "sha256": found.sha256,
                }));
            }
            eprintln!("wrote {} bytes to {}", found.size, out.display());
            Ok(())
        }
        AttachmentCommand::Rename { id, name } => {
            let renamed = session.rename_attachment(*id, name)?;
            if cli.json {
                return print_json(&AttachmentJson::from(&renamed));
            }
            eprintln!("renamed attachment {id}");
            Ok(())
        }
        AttachmentCommand::Delete { id } => {
            session.delete_record(RecordKind::Attachment, *id)?;
            if cli.json {
                return print_json(&serde_json::json!({ "id": id, "deleted": true }));
            }
            eprintln!("moved attachment {id} to the recycle bin");
            Ok(())
        }
    }
}

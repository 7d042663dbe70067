//! `steward audit …`

use steward_core::Session;
use steward_core::audit::{AuditFilter, VerifyReport};

use crate::args::Cli;
use crate::args::audit::{AuditCommand, AuditFilterArgs};
use crate::exit::{CliError, CliResult};
use crate::output::audit::AuditEntryJson;
use crate::output::print_json;

fn filter(args: &AuditFilterArgs) -> AuditFilter {
    AuditFilter {
        actor: args.actor.clone(),
        action: args.action.clone(),
        target_type: args.target_type.clone(),
        target_id: args.target_id.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        before_seq: None,
        limit: args.limit,
        shared: args.shared,
    }
}

pub fn run(cli: &Cli, session: &mut Session, cmd: &AuditCommand) -> CliResult {
    match cmd {
        AuditCommand::List(args) => {
            let entries = session.audit_entries(&filter(args))?;
            if cli.json {
                let json: Vec<_> = entries.iter().map(AuditEntryJson::from).collect();
                return print_json(&json);
            }
            for e in &entries {
                let target = match (&e.target_type, &e.target_id) {
                    (Some(t), Some(id)) => format!("{t} {id}"),
                    _ => "-".into(),
                };
                let actor = e
                    .actor_name
                    .clone()
                    .or_else(|| e.actor_id.map(|a| format!("user {a}")))
                    .unwrap_or_else(|| "-".into());
                let from = match (&e.author_name, &e.replica) {
                    (author, Some(replica)) => {
                        format!("  [{} @ {replica}]", author.as_deref().unwrap_or("-"))
                    }
                    _ => String::new(),
                };
                outln!(
                    "{:>6}  {}  {:<12}  {:<22}  {:<14}  {:<7}  {}{from}",
                    e.seq,
                    e.at,
                    actor,
                    e.action,
                    target,
                    e.outcome,
                    e.details
                );
            }
            Ok(())
        }
        AuditCommand::Verify => match session.audit_verify()? {
            VerifyReport::Intact { entries } => {
                if cli.json {
                    print_json(&serde_json::json!({ "intact": true, "entries": entries }))
                } else {
                    eprintln!(
                        "the audit log is intact: {entries} entries, each linked to the one before"
                    );
                    Ok(())
                }
            }
            VerifyReport::Broken { seq, problem } => {
                if cli.json {
                    print_json(
                        &serde_json::json!({ "intact": false, "first_broken": seq, "problem": problem }),
                    )?;
                }
                Err(CliError::Integrity(format!(
                    "the audit log was tampered with: {problem}"
                )))
            }
        },
        AuditCommand::Export { out, filter: args } => {
            let mut file = crate::files::create_output(out)?;
            // On an error the file is dropped unfinished, which deletes it:
            // no empty or partial export is left behind.
            let count = session.audit_export_csv(&filter(args), &mut file)?;
            crate::files::finish_output(file)?;
            if cli.json {
                print_json(
                    &serde_json::json!({ "entries": count, "file": out.display().to_string() }),
                )
            } else {
                eprintln!("wrote {count} entries to {}", out.display());
                Ok(())
            }
        }
    }
}

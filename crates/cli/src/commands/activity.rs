//! `steward activity …`

use steward_core::Session;
use steward_core::records::activities::{About, ActivityKind, ActivityPatch, NewActivity};

use crate::args::Cli;
use crate::args::records::{ActivityCommand, RecordArgs};
use crate::exit::{CliError, CliResult};
use crate::output::print_json;
use crate::output::records::ActivityJson;

pub fn run(cli: &Cli, session: &mut Session, cmd: &ActivityCommand) -> CliResult {
    match cmd {
        ActivityCommand::Add {
            record,
            kind,
            subject,
            body,
            at,
        } => {
            let kind: ActivityKind = kind.parse()?;
            let id = session.add_activity(&NewActivity {
                kind,
                subject: subject.clone(),
                body: body.clone(),
                occurred_at: at.clone(),
                about: about(record)?,
            })?;
            if cli.json {
                print_json(&serde_json::json!({ "id": id }))
            } else {
                outln!("{id}");
                Ok(())
            }
        }
        ActivityCommand::Edit {
            id,
            kind,
            subject,
            text,
            at,
        } => {
            let activity = session.update_activity(
                *id,
                &ActivityPatch {
                    kind: kind.as_deref().map(str::parse).transpose()?,
                    subject: subject.clone(),
                    body: text
                        .clone()
                        .map(|t| Some(t).filter(|t| !t.trim().is_empty())),
                    occurred_at: at.clone(),
                },
            )?;
            if cli.json {
                return print_json(&ActivityJson::from(&activity));
            }
            eprintln!("activity {id} changed");
            Ok(())
        }
        ActivityCommand::List { record } => list(cli, session, about(record)?),
        ActivityCommand::Delete { id } => {
            session.delete_activity(*id)?;
            if !cli.json {
                eprintln!("moved activity {id} to the recycle bin; it can be restored for 30 days");
            }
            Ok(())
        }
    }
}

/// The record given with `--contact`, `--company` or `--deal` (clap requires one).
fn about(args: &RecordArgs) -> CliResult<About> {
    args.contact
        .map(About::Contact)
        .or(args.company.map(About::Company))
        .or(args.deal.map(About::Deal))
        .ok_or_else(|| {
            CliError::Usage("name the record with --contact, --company or --deal".into())
        })
}

fn list(cli: &Cli, session: &Session, about: About) -> CliResult {
    let activities = session.list_activities(about)?;
    if cli.json {
        let json: Vec<_> = activities.iter().map(ActivityJson::from).collect();
        return print_json(&json);
    }
    if activities.is_empty() {
        eprintln!("no activities for {} {}", about.kind(), about.id());
        return Ok(());
    }
    for a in &activities {
        outln!(
            "{}  {:<7}  {}  (#{})",
            a.occurred_at,
            a.kind,
            a.subject,
            a.id
        );
        if let Some(body) = &a.body {
            for line in body.lines() {
                outln!("    {line}");
            }
        }
    }
    Ok(())
}

//! `steward pipeline …`: the pipeline's stages.

use steward_core::Session;
use steward_core::records::deals::{Stage, StageKind, StageRef};

use crate::args::Cli;
use crate::args::records::PipelineCommand;
use crate::exit::CliResult;
use crate::output::print_json;
use crate::output::records::StageJson;

pub fn run(cli: &Cli, session: &mut Session, cmd: &PipelineCommand) -> CliResult {
    match cmd {
        PipelineCommand::List => print_stages(cli, &session.list_stages()?),
        PipelineCommand::Add {
            name,
            probability,
            kind,
        } => {
            let stage = session.add_stage(name, *probability, kind.parse::<StageKind>()?)?;
            if cli.json {
                return print_json(&StageJson::from(&stage));
            }
            outln!("{}", stage.id);
            Ok(())
        }
        PipelineCommand::Rename { stage, name } => {
            let id = stage_id(session, stage)?;
            let stage = session.rename_stage(id, name)?;
            done(
                cli,
                &stage,
                &format!("renamed stage {id} to {}", stage.name),
            )
        }
        PipelineCommand::Probability { stage, probability } => {
            let id = stage_id(session, stage)?;
            let stage = session.set_stage_probability(id, *probability)?;
            done(
                cli,
                &stage,
                &format!(
                    "deals in {} now have a probability of {} % unless they set their own",
                    stage.name, stage.probability
                ),
            )
        }
        PipelineCommand::Reorder { stages } => {
            let ids = stages
                .iter()
                .map(|s| stage_id(session, s))
                .collect::<steward_core::Result<Vec<_>>>()?;
            let stages = session.reorder_stages(&ids)?;
            print_stages(cli, &stages)
        }
        PipelineCommand::Delete { stage } => {
            let id = stage_id(session, stage)?;
            let left = session.delete_stage(id)?;
            if cli.json {
                return print_stages(cli, &left);
            }
            eprintln!("deleted stage {id}");
            Ok(())
        }
    }
}

/// The id of the stage a user named by id or by name (case-insensitive).
fn stage_id(session: &Session, text: &str) -> steward_core::Result<i64> {
    let wanted = StageRef::parse(text);
    let stages = session.list_stages()?;
    // Names compare like the database's NOCASE collation: ASCII letters only.
    let found = stages.iter().find(|s| match &wanted {
        StageRef::Id(id) => s.id == *id,
        StageRef::Name(name) => s.name.eq_ignore_ascii_case(name),
    });
    found
        .map(|s| s.id)
        .ok_or_else(|| steward_core::Error::NotFound {
            entity: "stage",
            id: match wanted {
                StageRef::Id(id) => id.to_string(),
                StageRef::Name(name) => format!("{name:?}"),
            },
        })
}

fn done(cli: &Cli, stage: &Stage, message: &str) -> CliResult {
    if cli.json {
        return print_json(&StageJson::from(stage));
    }
    eprintln!("{message}");
    Ok(())
}

fn print_stages(cli: &Cli, stages: &[Stage]) -> CliResult {
    if cli.json {
        let json: Vec<_> = stages.iter().map(StageJson::from).collect();
        return print_json(&json);
    }
    outln!(
        "{:>4}  {:>3}  {:>4}  {:<4}  NAME",
        "ID",
        "POS",
        "PROB",
        "KIND"
    );
    for s in stages {
        outln!(
            "{:>4}  {:>3}  {:>3}%  {:<4}  {}",
            s.id,
            s.position,
            s.probability,
            s.kind,
            s.name
        );
    }
    Ok(())
}

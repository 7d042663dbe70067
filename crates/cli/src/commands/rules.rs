//! `steward rules …`: the company's rules for customer data.

use std::io::{BufRead, IsTerminal, Write};

use steward_core::Session;

use crate::args::Cli;
use crate::args::rules::RulesCommand;
use crate::exit::{CliError, CliResult};
use crate::files::read_input;
use crate::output::print_json;
use crate::output::rules::{RulesJson, StateJson, UserStatusJson};

pub fn run(cli: &Cli, s: &mut Session, cmd: &RulesCommand) -> CliResult {
    match cmd {
        RulesCommand::Set { file } => {
            let bytes = read_input(file)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| CliError::Usage(format!("{} is not UTF-8 text", file.display())))?;
            let before = s.current_rules()?.map(|c| c.version);
            let published = s.set_rules(&text)?;
            if cli.json {
                return print_json(&RulesJson::from(&published));
            }
            if before == Some(published.version) {
                eprintln!(
                    "the rules are unchanged: version {} stays current",
                    published.version
                );
            } else {
                eprintln!(
                    "published version {} of the rules (sha256 {}); every user must acknowledge it",
                    published.version, published.sha256
                );
            }
            Ok(())
        }
        RulesCommand::Show { template } => {
            if *template {
                let text = s.rules_template()?;
                if cli.json {
                    return print_json(&serde_json::json!({ "template": text }));
                }
                outln!("{text}");
                return Ok(());
            }
            let state = s.rules_state()?;
            if cli.json {
                return print_json(&StateJson::from(&state));
            }
            print_state(&state);
            Ok(())
        }
        RulesCommand::Status => {
            let users = s.rules_status()?;
            if cli.json {
                return print_json(&users.iter().map(UserStatusJson::from).collect::<Vec<_>>());
            }
            for u in &users {
                outln!(
                    "{:<20} {:<8} {:<8} {:<20} {}",
                    u.name,
                    u.role,
                    u.version.map_or_else(|| "-".into(), |v| format!("v{v}")),
                    u.acknowledged_at.as_deref().unwrap_or("-"),
                    if u.due { "must acknowledge" } else { "ok" }
                );
            }
            Ok(())
        }
        RulesCommand::Acknowledge { yes } => {
            let Some(current) = s.current_rules()? else {
                return Err(CliError::Other(
                    "no rules have been published; there is nothing to acknowledge".into(),
                ));
            };
            if !cli.json {
                outln!("Rules, version {} ({}):\n", current.version, current.set_at);
                outln!("{}\n", current.text);
            }
            if !yes && !ask_yes()? {
                return Err(CliError::Usage(
                    "not acknowledged: answer yes, or add --yes to accept the rules shown".into(),
                ));
            }
            let state = s.acknowledge_rules(current.version)?;
            if cli.json {
                return print_json(&StateJson::from(&state));
            }
            eprintln!("acknowledged version {} of the rules", current.version);
            Ok(())
        }
    }
}

fn print_state(state: &steward_core::RulesState) {
    let Some(current) = &state.current else {
        eprintln!("no rules have been published; exports and reveals are not gated on them");
        return;
    };
    outln!(
        "Rules, version {} (published {} by {}):\n",
        current.version,
        current.set_at,
        current.set_by_name
    );
    outln!("{}", current.text);
    if state.due {
        eprintln!(
            "\nyou have not acknowledged this version{}: run steward rules acknowledge",
            if state.gating {
                "; exports and reveals are refused until you do"
            } else {
                ""
            }
        );
    }
}

/// Asks on the terminal whether the user accepts; no terminal is no.
fn ask_yes() -> CliResult<bool> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Ok(false);
    }
    eprint!("I have read and accept these rules [y/N]: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Other(format!("could not read the answer: {e}")))?;
    Ok(matches!(line.trim().to_lowercase().as_str(), "y" | "yes"))
}

//! `steward alerts …` and `steward policy …`.

use steward_core::Session;
use steward_core::monitor::Alert;
use steward_core::monitor::policy::KEYS;

use crate::args::Cli;
use crate::args::monitor::{AlertsCommand, PolicyCommand};
use crate::exit::CliResult;
use crate::output::print_json;

fn alert_json(a: &Alert) -> serde_json::Value {
    serde_json::json!({
        "id": a.id,
        "at": a.at,
        "rule": a.rule,
        "severity": a.severity,
        "user": a.user_name,
        "summary": a.summary,
        "reason": a.reason,
        "params": a.params,
        "audit_seqs": a.audit_seqs,
        "acknowledged_at": a.acknowledged.as_ref().map(|(at, _)| at.clone()),
        "acknowledged_by": a.acknowledged.as_ref().map(|(_, by)| by.clone()),
    })
}

pub fn run_alerts(cli: &Cli, s: &mut Session, cmd: &AlertsCommand) -> CliResult {
    match cmd {
        AlertsCommand::List { open } => {
            s.check_breach_deadlines()?;
            let alerts = s.list_alerts(*open)?;
            if cli.json {
                return print_json(&alerts.iter().map(alert_json).collect::<Vec<_>>());
            }
            if alerts.is_empty() {
                eprintln!("no alerts");
            }
            for a in &alerts {
                outln!(
                    "{:>4}  {}  {:<8}  {:<16}  {:<10}  {}{}",
                    a.id,
                    a.at,
                    a.severity,
                    a.rule,
                    a.user_name.as_deref().unwrap_or("-"),
                    a.summary,
                    if a.acknowledged.is_some() {
                        "  (acknowledged)"
                    } else {
                        ""
                    }
                );
            }
            Ok(())
        }
        AlertsCommand::Ack { id } => {
            let a = s.ack_alert(*id)?;
            if cli.json {
                return print_json(&alert_json(&a));
            }
            eprintln!("acknowledged alert {id}");
            Ok(())
        }
    }
}

pub fn run_policy(cli: &Cli, s: &mut Session, cmd: &PolicyCommand) -> CliResult {
    let policy = match cmd {
        PolicyCommand::Show => s.policy()?,
        PolicyCommand::Set { key, value } => s.set_policy(key, value)?,
    };
    if cli.json {
        let map: serde_json::Map<String, serde_json::Value> = KEYS
            .iter()
            .map(|k| {
                let v = policy.get(k).unwrap_or_default();
                let value = serde_json::from_str::<serde_json::Value>(&v)
                    .ok()
                    .filter(|j| !j.is_string())
                    .unwrap_or(serde_json::Value::String(v));
                ((*k).to_owned(), value)
            })
            .collect();
        return print_json(&map);
    }
    for k in KEYS {
        outln!("{k:<24} {}", policy.get(k).unwrap_or_default());
    }
    Ok(())
}

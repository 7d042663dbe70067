//! `steward review …`: periodic access reviews.

use steward_core::Session;
use steward_core::review::{AccessReview, Decision, ReviewedUser};

use crate::args::Cli;
use crate::args::review::ReviewCommand;
use crate::exit::{CliError, CliResult};
use crate::output::print_json;

fn decision_json(d: Option<Decision>) -> serde_json::Value {
    match d {
        None => serde_json::Value::Null,
        Some(Decision::Role(role)) => {
            serde_json::json!({ "decision": "role", "role": role.as_str() })
        }
        Some(d) => serde_json::json!({ "decision": d.as_str() }),
    }
}

fn user_json(u: &ReviewedUser) -> serde_json::Value {
    serde_json::json!({
        "user_id": u.user_id,
        "name": u.name,
        "role": u.role.as_str(),
        "permissions": u.permissions().iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        "disabled": u.disabled,
        "last_unlock": u.last_unlock,
        "devices": u.devices,
        "views": u.counts.views,
        "reveals": u.counts.reveals,
        "exports": u.counts.exports,
        "deletions": u.counts.deletions,
        "imports": u.counts.imports,
        "role_changes": u.role_changes,
        "dormant": u.dormant,
        "suggested_role": u.suggested_role.map(steward_core::Role::as_str),
        "decision": decision_json(u.decision),
        "decided_by": u.decided_by,
        "decided_at": u.decided_at,
    })
}

fn review_json(r: &AccessReview) -> serde_json::Value {
    serde_json::json!({
        "id": r.id,
        "started_at": r.started_at,
        "started_by": r.started_by,
        "since": r.since,
        "from_seq": r.from_seq,
        "to_seq": r.to_seq,
        "closed_at": r.closed_at,
        "closed_by": r.closed_by,
        "users": r.users.iter().map(user_json).collect::<Vec<_>>(),
    })
}

fn decision_text(d: Option<Decision>) -> String {
    match d {
        None => "-".into(),
        Some(Decision::Role(role)) => format!("role {role}"),
        Some(d) => d.as_str().into(),
    }
}

fn print_review(cli: &Cli, r: &AccessReview) -> CliResult {
    if cli.json {
        return print_json(&review_json(r));
    }
    outln!(
        "review {} started {} by {}; window {} (audit entries {}-{}){}",
        r.id,
        r.started_at,
        r.started_by,
        r.since,
        r.from_seq,
        r.to_seq,
        match (&r.closed_at, &r.closed_by) {
            (Some(at), Some(by)) => format!("; closed {at} by {by}"),
            _ => "; open".into(),
        }
    );
    outln!(
        "{:<16} {:<8} {:<20} {:>3} {:>5} {:>5} {:>5} {:>5} {:>5} {:>3}  {:<16} {}",
        "user",
        "role",
        "last unlock",
        "dev",
        "views",
        "revl",
        "expt",
        "dele",
        "impt",
        "rc",
        "flags",
        "decision"
    );
    for u in &r.users {
        let mut flags = Vec::new();
        if u.disabled {
            flags.push("disabled".to_owned());
        }
        if u.dormant {
            flags.push("dormant".to_owned());
        }
        if let Some(role) = u.suggested_role {
            flags.push(format!("suggest:{role}"));
        }
        outln!(
            "{:<16} {:<8} {:<20} {:>3} {:>5} {:>5} {:>5} {:>5} {:>5} {:>3}  {:<16} {}",
            u.name,
            u.role.as_str(),
            u.last_unlock.as_deref().unwrap_or("never"),
            u.devices,
            u.counts.views,
            u.counts.reveals,
            u.counts.exports,
            u.counts.deletions,
            u.counts.imports,
            u.role_changes,
            flags.join(","),
            decision_text(u.decision)
        );
    }
    Ok(())
}

fn parse_decision(words: &[String]) -> Result<Decision, CliError> {
    match words {
        [w] if w == "keep" => Ok(Decision::Keep),
        [w] if w == "forget-devices" => Ok(Decision::ForgetDevices),
        [w] if w == "disable" => Ok(Decision::Disable),
        [w, role] if w == "role" => Ok(Decision::Role(role.parse()?)),
        _ => Err(CliError::Usage(
            "a decision is keep, role ROLE, forget-devices or disable".into(),
        )),
    }
}

pub fn run(cli: &Cli, s: &mut Session, cmd: &ReviewCommand) -> CliResult {
    match cmd {
        ReviewCommand::Start => {
            let r = s.start_review()?;
            if !cli.json {
                eprintln!("started access review {} of {} users", r.id, r.users.len());
            }
            print_review(cli, &r)
        }
        ReviewCommand::Show { id } => {
            let r = match id {
                Some(id) => s.review(*id)?,
                None => s.open_review()?.ok_or_else(|| {
                    CliError::Usage("no access review is open; start one first".into())
                })?,
            };
            print_review(cli, &r)
        }
        ReviewCommand::List => {
            let reviews = s.list_reviews()?;
            if cli.json {
                return print_json(
                    &reviews
                        .iter()
                        .map(|r| {
                            serde_json::json!({
                                "id": r.id,
                                "started_at": r.started_at,
                                "started_by": r.started_by,
                                "closed_at": r.closed_at,
                                "closed_by": r.closed_by,
                                "users": r.users,
                                "changes": r.changes,
                            })
                        })
                        .collect::<Vec<_>>(),
                );
            }
            if reviews.is_empty() {
                eprintln!("no access reviews yet");
            }
            for r in &reviews {
                outln!(
                    "{:>4}  {}  {:<16} {:<22} {} users, {} changes",
                    r.id,
                    r.started_at,
                    r.started_by,
                    r.closed_at.as_deref().unwrap_or("open"),
                    r.users,
                    r.changes
                );
            }
            Ok(())
        }
        ReviewCommand::Decide { name, decision } => {
            let decision = parse_decision(decision)?;
            let u = s.decide_review(name, decision)?;
            if cli.json {
                return print_json(&user_json(&u));
            }
            eprintln!("{}: {}", u.name, decision_text(u.decision));
            Ok(())
        }
        ReviewCommand::Close => {
            let r = s.close_review()?;
            if !cli.json {
                let changes = r
                    .users
                    .iter()
                    .filter(|u| u.decision.is_some_and(|d| d != Decision::Keep))
                    .count();
                eprintln!("closed access review {}: {changes} changes applied", r.id);
            }
            print_review(cli, &r)
        }
        ReviewCommand::Export { out, id } => {
            let mut file = crate::files::create_output(out)?;
            s.export_review(*id, &mut file)?;
            crate::files::finish_output(file)?;
            if cli.json {
                return print_json(&serde_json::json!({ "file": out.display().to_string() }));
            }
            eprintln!("wrote the access review report to {}", out.display());
            Ok(())
        }
    }
}

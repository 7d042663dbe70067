//! `steward breach …`: the breach register (GDPR Art. 33/34).

use steward_core::Session;
use steward_core::breach::report::ReportQuery;
use steward_core::breach::{Breach, BreachFacts, Decision};

use crate::args::Cli;
use crate::args::breach::{BreachCommand, FactArgs, Notify};
use crate::exit::{CliError, CliResult};
use crate::files::write_output;
use crate::output::breach as out;
use crate::output::print_json;

/// `facts` with what `args` gives put in.
fn apply(mut facts: BreachFacts, args: &FactArgs) -> BreachFacts {
    let set = |slot: &mut String, value: &Option<String>| {
        if let Some(v) = value {
            slot.clone_from(v);
        }
    };
    set(&mut facts.discovered_at, &args.discovered);
    set(&mut facts.summary, &args.summary);
    set(&mut facts.data_other, &args.data_other);
    set(&mut facts.subjects_other, &args.subjects_other);
    set(&mut facts.consequences, &args.consequences);
    set(&mut facts.measures_taken, &args.measures_taken);
    set(&mut facts.measures_proposed, &args.measures_proposed);
    set(&mut facts.delay_reason, &args.delay_reason);
    if args.occurred.is_some() {
        facts.occurred_at.clone_from(&args.occurred);
    }
    if !args.data.is_empty() {
        facts.data_categories.clone_from(&args.data);
    }
    if !args.subjects.is_empty() {
        facts.subject_categories.clone_from(&args.subjects);
    }
    if args.people.is_some() {
        facts.people_approx = args.people;
    }
    if args.records.is_some() {
        facts.records_approx = args.records;
    }
    if args.cross_border {
        facts.cross_border = true;
    }
    facts
}

fn hours_left(b: &Breach) -> String {
    if b.decision.is_some() {
        return "decided".into();
    }
    let Ok(deadline) = chrono::DateTime::parse_from_rfc3339(&b.deadline) else {
        return String::new();
    };
    let minutes = (deadline.with_timezone(&chrono::Utc) - steward_core::clock::now()).num_minutes();
    if minutes < 0 {
        format!("OVERDUE by {}h{:02}", -minutes / 60, -minutes % 60)
    } else {
        format!("{}h{:02} left", minutes / 60, minutes % 60)
    }
}

fn show(cli: &Cli, b: &Breach) -> CliResult {
    if cli.json {
        return print_json(&out::breach(b));
    }
    let f = &b.facts;
    outln!("incident {}  ({})", b.id, hours_left(b));
    outln!("discovered   {}", f.discovered_at);
    outln!("deadline     {}", b.deadline);
    if let Some(at) = &f.occurred_at {
        outln!("occurred     {at}");
    }
    outln!("summary      {}", f.summary);
    outln!("data         {}", f.data_categories.join(", "));
    outln!("people       {}", f.subject_categories.join(", "));
    if let Some(n) = f.people_approx {
        outln!("about        {n} people");
    }
    if let Some(n) = f.records_approx {
        outln!("about        {n} records");
    }
    if let Some(a) = b.source_alert_id {
        outln!("from alert   {a}");
    }
    match &b.decision {
        None => outln!("decision     none yet"),
        Some((at, by, d)) => {
            outln!(
                "decision     {} by {by}: authority {}, people {}",
                at,
                if d.notify_authority {
                    "notified"
                } else {
                    "not notified"
                },
                if d.notify_subjects {
                    "told"
                } else {
                    "not told"
                }
            );
        }
    }
    Ok(())
}

pub fn run(cli: &Cli, s: &mut Session, cmd: &BreachCommand) -> CliResult {
    match cmd {
        BreachCommand::Open { from_alert, facts } => {
            let start = match from_alert {
                Some(id) => s.breach_facts_from_alert(*id)?,
                None => {
                    if facts.discovered.is_none() || facts.summary.is_none() {
                        return Err(CliError::Usage(
                            "give --discovered and --summary (or --from-alert)".into(),
                        ));
                    }
                    BreachFacts::default()
                }
            };
            let b = s.open_breach(apply(start, facts), *from_alert)?;
            if !cli.json {
                eprintln!(
                    "recorded incident {}; decide by {} (72 hours from discovery)",
                    b.id, b.deadline
                );
            }
            show(cli, &b)
        }
        BreachCommand::Edit { id, facts } => {
            let current = s.breach(*id)?;
            let b = s.update_breach(*id, apply(current.facts, facts))?;
            show(cli, &b)
        }
        BreachCommand::List => {
            let all = s.list_breaches()?;
            if cli.json {
                return print_json(&all.iter().map(out::breach).collect::<Vec<_>>());
            }
            if all.is_empty() {
                eprintln!("no incidents recorded");
            }
            for b in &all {
                outln!(
                    "{:>4}  {}  {:<20}  {}",
                    b.id,
                    b.facts.discovered_at,
                    hours_left(b),
                    b.facts.summary.lines().next().unwrap_or("")
                );
            }
            Ok(())
        }
        BreachCommand::Show { id } => show(cli, &s.breach(*id)?),
        BreachCommand::Report {
            id,
            from,
            to,
            users,
            contacts,
        } => {
            let report = s.breach_report(
                *id,
                &ReportQuery {
                    from: from.clone(),
                    to: to.clone(),
                    users: users.clone(),
                    contacts: contacts.clone(),
                },
            )?;
            if cli.json {
                return print_json(&out::report(&report));
            }
            for c in &report.summary {
                outln!(
                    "{:<16} {:<14} {}",
                    c.actor_name.as_deref().unwrap_or("-"),
                    c.kind.as_str(),
                    c.count
                );
            }
            for t in &report.entries {
                let e = &t.entry;
                outln!(
                    "{:>6}  {}  {:<12} {:<14} {:<22} {}{}",
                    e.seq,
                    e.at,
                    e.actor_name.as_deref().unwrap_or("-"),
                    t.kind.as_str(),
                    e.action,
                    match (&e.target_type, &e.target_id) {
                        (Some(k), Some(i)) => format!("{k} {i}"),
                        _ => String::new(),
                    },
                    t.purpose
                        .as_deref()
                        .map(|p| format!("  purpose {p}"))
                        .unwrap_or_default()
                );
            }
            eprintln!("{} entries", report.entries.len());
            Ok(())
        }
        BreachCommand::Drafts { id } => {
            let d = s.breach_drafts(*id)?;
            if cli.json {
                return print_json(&serde_json::json!({
                    "language": d.language.as_str(),
                    "authority": d.authority,
                    "subjects": d.subjects,
                }));
            }
            outln!("{}\n---\n\n{}", d.authority, d.subjects);
            Ok(())
        }
        BreachCommand::Decide {
            id,
            decision,
            reason,
            people,
            people_reason,
            notified_at,
        } => {
            let notify_authority = *decision == Notify::Notify;
            let notify_subjects = people.unwrap_or(*decision) == Notify::Notify;
            let b = s.decide_breach(
                *id,
                Decision {
                    notify_authority,
                    authority_reason: reason.clone().unwrap_or_default(),
                    notify_subjects,
                    subjects_reason: people_reason
                        .clone()
                        .or_else(|| reason.clone())
                        .unwrap_or_default(),
                    notified_at: notified_at.clone(),
                },
            )?;
            if !cli.json {
                eprintln!("recorded the decision on incident {id}");
            }
            show(cli, &b)
        }
        BreachCommand::Export { id, out } => {
            let text = s.export_breach(*id)?;
            write_output(out, text.as_bytes())?;
            if !cli.json {
                eprintln!("wrote incident {id}'s file to {}", out.display());
            }
            Ok(())
        }
    }
}

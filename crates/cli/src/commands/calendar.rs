//! `steward calendar …`

use chrono::NaiveDate;
use steward_core::Session;
use steward_core::records::tasks::local_today;

use crate::args::Cli;
use crate::args::records::{CalendarCommand, CalendarExportArgs, CalendarRangeArgs};
use crate::exit::{CliError, CliResult};
use crate::files::{create_output, finish_output};
use crate::output::print_json;
use crate::output::records::TaskJson;

pub fn run(cli: &Cli, session: &mut Session, cmd: &CalendarCommand) -> CliResult {
    match cmd {
        CalendarCommand::Show(args) => show(cli, session, args),
        CalendarCommand::Export(args) => export(cli, session, args),
    }
}

fn day(label: &str, value: &str) -> CliResult<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| CliError::Usage(format!("--{label} is not a date; write it as YYYY-MM-DD")))
}

fn show(cli: &Cli, session: &Session, args: &CalendarRangeArgs) -> CliResult {
    let from = match &args.from {
        Some(v) => day("from", v)?,
        None => local_today(),
    };
    let to = match &args.to {
        Some(v) => day("to", v)?,
        None => from + chrono::Duration::days(6),
    };
    let tasks = session.calendar(from, to, args.mine)?;
    if cli.json {
        let json: Vec<_> = tasks.iter().map(TaskJson::from).collect();
        return print_json(&json);
    }
    if tasks.is_empty() {
        eprintln!("no tasks from {from} to {to}");
        return Ok(());
    }
    outln!(
        "{:>6}  {:<10}  {:<11}  {:<4}  {:<16}  TITLE",
        "ID",
        "DAY",
        "TIME",
        "DONE",
        "ASSIGNEE"
    );
    for t in &tasks {
        let time = match (&t.due_time, t.duration_minutes) {
            (Some(start), Some(minutes)) => {
                let end = chrono::NaiveTime::parse_from_str(start, "%H:%M")
                    .map(|s| (s + chrono::Duration::minutes(i64::from(minutes))).format("%H:%M"));
                match end {
                    Ok(end) => format!("{start}-{end}"),
                    Err(_) => start.clone(),
                }
            }
            (Some(start), None) => start.clone(),
            (None, _) => "all day".into(),
        };
        outln!(
            "{:>6}  {:<10}  {:<11}  {:<4}  {:<16}  {}",
            t.id,
            t.due_date.as_deref().unwrap_or("-"),
            time,
            if t.done_at.is_some() { "yes" } else { "" },
            t.assignee,
            t.title
        );
    }
    Ok(())
}

fn export(cli: &Cli, session: &Session, args: &CalendarExportArgs) -> CliResult {
    for (label, value) in [("from", &args.from), ("to", &args.to)] {
        if let Some(v) = value {
            day(label, v)?;
        }
    }
    let mut out = create_output(&args.out)?;
    let events = match args.task {
        Some(id) => session.export_task_event(id, &mut out)?,
        None => session.export_calendar(
            args.from.as_deref(),
            args.to.as_deref(),
            args.mine,
            &mut out,
        )?,
    };
    finish_output(out)?;
    if cli.json {
        return print_json(&serde_json::json!({
            "events": events,
            "file": args.out.display().to_string(),
        }));
    }
    eprintln!(
        "wrote {events} event{} to {}",
        if events == 1 { "" } else { "s" },
        args.out.display()
    );
    Ok(())
}

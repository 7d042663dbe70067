//! `steward task …`

use steward_core::Session;
use steward_core::records::activities::About;
use steward_core::records::tasks::{MAX_PAGE, NewTask, TaskFilter, TaskPatch, local_today};

use crate::args::Cli;
use crate::args::records::{
    AboutArgs, PageArgs, TaskAddArgs, TaskCommand, TaskEditArgs, TaskFilterArgs,
};
use crate::exit::{CliError, CliResult};
use crate::output::print_json;
use crate::output::records::TaskJson;

pub fn run(cli: &Cli, session: &mut Session, cmd: &TaskCommand) -> CliResult {
    match cmd {
        TaskCommand::Add(args) => add(cli, session, args),
        TaskCommand::Edit(args) => edit(cli, session, args),
        TaskCommand::List {
            filter,
            mine,
            about: record,
            page,
        } => list(cli, session, filter, *mine, about(record), page),
        TaskCommand::Done { id } => {
            let task = session.complete_task(*id)?;
            if cli.json {
                return print_json(&TaskJson::from(&task));
            }
            eprintln!("task {id} is done");
            Ok(())
        }
        TaskCommand::Delete { id } => {
            session.delete_task(*id)?;
            if !cli.json {
                eprintln!("moved task {id} to the recycle bin; it can be restored for 30 days");
            }
            Ok(())
        }
    }
}

/// The record given with `--contact`, `--company` or `--deal` (clap allows one).
pub(crate) fn about(args: &AboutArgs) -> Option<About> {
    args.contact
        .map(About::Contact)
        .or(args.company.map(About::Company))
        .or(args.deal.map(About::Deal))
}

/// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` as a date and an optional time (core
/// checks both).
fn split_due(due: &str) -> (String, Option<String>) {
    match due.trim().split_once(['T', 't', ' ']) {
        Some((date, time)) => (date.to_owned(), Some(time.to_owned())),
        None => (due.trim().to_owned(), None),
    }
}

/// A span written as days, hours and minutes in that order, each at most
/// once: `30m`, `1h`, `1h30m`, `2d`. `at-due` is 0 when `allow_zero`.
pub(crate) fn parse_minutes(flag: &str, text: &str, allow_zero: bool) -> Result<u32, CliError> {
    let text = text.trim().to_ascii_lowercase();
    if allow_zero && text == "at-due" {
        return Ok(0);
    }
    let bad = || {
        CliError::Usage(format!(
            "--{flag} {text:?} is not a span of time; write it as 30m, 1h, 1h30m or 1d{}",
            if allow_zero { ", or at-due" } else { "" }
        ))
    };
    let mut total: u32 = 0;
    let mut number = String::new();
    let mut last_unit = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let (rank, size) = match c {
            'd' => (1, 24 * 60),
            'h' => (2, 60),
            'm' => (3, 1),
            _ => return Err(bad()),
        };
        if number.is_empty() || rank <= last_unit {
            return Err(bad());
        }
        let n: u32 = number.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(size)
            .and_then(|m| total.checked_add(m))
            .ok_or_else(bad)?;
        number.clear();
        last_unit = rank;
    }
    if !number.is_empty() || last_unit == 0 {
        return Err(bad());
    }
    Ok(total)
}

fn add(cli: &Cli, session: &mut Session, args: &TaskAddArgs) -> CliResult {
    let (due_date, due_time) = match &args.due {
        Some(due) => {
            let (date, time) = split_due(due);
            (Some(date), time)
        }
        None => (None, None),
    };
    let id = session.add_task(&NewTask {
        title: args.title.clone(),
        due_date,
        due_time,
        duration_minutes: args
            .duration
            .as_deref()
            .map(|d| parse_minutes("duration", d, false))
            .transpose()?,
        remind_before_minutes: args
            .remind
            .as_deref()
            .map(|r| parse_minutes("remind", r, true))
            .transpose()?,
        assignee: args.assignee.clone(),
        about: about(&args.about),
    })?;
    if cli.json {
        print_json(&serde_json::json!({ "id": id }))
    } else {
        outln!("{id}");
        Ok(())
    }
}

fn edit(cli: &Cli, session: &mut Session, args: &TaskEditArgs) -> CliResult {
    let (due_date, due_time) = match (&args.due, args.no_due) {
        (Some(due), _) => {
            let (date, time) = split_due(due);
            (Some(date), Some(time))
        }
        (None, true) => (Some(String::new()), None),
        (None, false) => (None, None),
    };
    let duration_minutes = match (&args.duration, args.no_duration) {
        (Some(d), _) => Some(Some(parse_minutes("duration", d, false)?)),
        (None, true) => Some(None),
        (None, false) => None,
    };
    let remind_before_minutes = match (&args.remind, args.no_remind) {
        (Some(r), _) => Some(Some(parse_minutes("remind", r, true)?)),
        (None, true) => Some(None),
        (None, false) => None,
    };
    let task = session.update_task(
        args.id,
        &TaskPatch {
            title: args.title.clone(),
            due_date,
            due_time,
            duration_minutes,
            remind_before_minutes,
            assignee: args.assignee.clone(),
            about: None,
        },
    )?;
    if cli.json {
        return print_json(&TaskJson::from(&task));
    }
    eprintln!("task {} changed", task.id);
    Ok(())
}

/// How a reminder reads in the list: `at due`, `15m`, `1h30m`, `1d`.
fn span(minutes: u32) -> String {
    if minutes == 0 {
        return "at due".into();
    }
    let (d, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    [(d, "d"), (h, "h"), (m, "m")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect()
}

/// Whether a task falls under `filter` as of `today` (for a record's tasks,
/// which core lists all at once).
fn matches_filter(t: &steward_core::records::tasks::Task, filter: TaskFilter, today: &str) -> bool {
    let due = t.due_date.as_deref();
    match (filter, t.done_at.is_some()) {
        (TaskFilter::All, _) => true,
        (TaskFilter::Done, done) => done,
        (_, true) => false,
        (TaskFilter::Today, false) => due == Some(today),
        (TaskFilter::Overdue, false) => due.is_some_and(|d| d < today),
        (TaskFilter::Upcoming, false) => due.is_none_or(|d| d > today),
    }
}

fn filter(args: &TaskFilterArgs) -> TaskFilter {
    if args.today {
        TaskFilter::Today
    } else if args.overdue {
        TaskFilter::Overdue
    } else if args.upcoming {
        TaskFilter::Upcoming
    } else if args.done {
        TaskFilter::Done
    } else {
        TaskFilter::All
    }
}

fn list(
    cli: &Cli,
    session: &Session,
    args: &TaskFilterArgs,
    mine: bool,
    record: Option<About>,
    page: &PageArgs,
) -> CliResult {
    let today = local_today();
    let paged = page.limit.is_some() || page.after.is_some();
    let mut next = None;
    let tasks = match record {
        Some(_) if paged => {
            return Err(CliError::Usage(
                "--after and --limit page one list of every task, not a record's tasks".into(),
            ));
        }
        None if paged => {
            let wanted = filter(args);
            if wanted == TaskFilter::All {
                return Err(CliError::Usage(
                    "--after and --limit page one list: add --today, --overdue, --upcoming or --done"
                        .into(),
                ));
            }
            let (rows, after) = super::paging::collect(page, MAX_PAGE, |after, want| {
                let page = session.list_tasks_page(wanted, mine, today, after, want)?;
                Ok((page.items, page.next))
            })?;
            next = after;
            rows
        }
        Some(record) => {
            let wanted = filter(args);
            let day = today.format("%Y-%m-%d").to_string();
            session
                .list_tasks_about(record)?
                .into_iter()
                .filter(|t| {
                    matches_filter(t, wanted, &day) && (!mine || t.assignee_id == session.user().id)
                })
                .collect()
        }
        None => session.list_tasks(filter(args), mine, today)?,
    };
    if cli.json {
        let json: Vec<_> = tasks.iter().map(TaskJson::from).collect();
        if paged {
            return print_json(&serde_json::json!({ "tasks": json, "next": next }));
        }
        return print_json(&json);
    }
    super::paging::say_next(next.as_deref(), paged);
    if tasks.is_empty() {
        eprintln!("no tasks");
        return Ok(());
    }
    let today = today.format("%Y-%m-%d").to_string();
    outln!(
        "{:>6}  {:<16}  {:<7}  {:<16}  {:<8}  TITLE",
        "ID",
        "DUE",
        "STATUS",
        "ASSIGNEE",
        "REMIND"
    );
    for t in &tasks {
        let status = match (&t.done_at, t.due_date.as_deref()) {
            (Some(_), _) => "done",
            (None, Some(due)) if due < today.as_str() => "overdue",
            (None, Some(due)) if due == today.as_str() => "today",
            (None, _) => "open",
        };
        let due = match (&t.due_date, &t.due_time) {
            (Some(date), Some(time)) => format!("{date} {time}"),
            (Some(date), None) => date.clone(),
            (None, _) => "-".into(),
        };
        let remind = t.remind_before_minutes.map_or_else(|| "-".into(), span);
        let title = match t.duration_minutes {
            Some(minutes) => format!("{} ({})", t.title, span(minutes)),
            None => t.title.clone(),
        };
        outln!(
            "{:>6}  {:<16}  {:<7}  {:<16}  {:<8}  {}",
            t.id,
            due,
            status,
            t.assignee,
            remind,
            title
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_time_are_days_hours_and_minutes() {
        for (text, minutes) in [
            ("30m", 30),
            ("1h", 60),
            ("1h30m", 90),
            ("1d", 1440),
            ("2d3h", 2 * 1440 + 180),
        ] {
            assert_eq!(
                parse_minutes("duration", text, false).unwrap(),
                minutes,
                "{text}"
            );
            assert_eq!(span(minutes), text);
        }
        assert_eq!(parse_minutes("remind", "at-due", true).unwrap(), 0);
        assert_eq!(span(0), "at due");
        for bad in [
            "",
            "30",
            "m",
            "1m1h",
            "1h1h",
            "1.5h",
            "at-due",
            "-5m",
            "99999999999d",
        ] {
            assert!(parse_minutes("duration", bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_due_moment_splits_into_date_and_time() {
        assert_eq!(split_due("2026-03-10"), ("2026-03-10".into(), None));
        assert_eq!(
            split_due("2026-03-10T14:30"),
            ("2026-03-10".into(), Some("14:30".into()))
        );
    }
}

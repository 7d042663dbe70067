//! `steward task …`

use steward_core::Session;
use steward_core::records::activities::About;
use steward_core::records::tasks::{NewTask, TaskFilter, local_today};

use crate::args::Cli;
use crate::args::records::{AboutArgs, TaskAddArgs, TaskCommand, TaskFilterArgs};
use crate::exit::CliResult;
use crate::output::print_json;
use crate::output::records::TaskJson;

pub fn run(cli: &Cli, session: &mut Session, cmd: &TaskCommand) -> CliResult {
    match cmd {
        TaskCommand::Add(args) => add(cli, session, args),
        TaskCommand::List {
            filter,
            mine,
            about: record,
        } => list(cli, session, filter, *mine, about(record)),
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

fn add(cli: &Cli, session: &mut Session, args: &TaskAddArgs) -> CliResult {
    let id = session.add_task(&NewTask {
        title: args.title.clone(),
        due_date: args.due.clone(),
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
) -> CliResult {
    let today = local_today();
    let tasks = match record {
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
        return print_json(&json);
    }
    if tasks.is_empty() {
        eprintln!("no tasks");
        return Ok(());
    }
    let today = today.format("%Y-%m-%d").to_string();
    outln!(
        "{:>6}  {:<10}  {:<7}  {:<16}  TITLE",
        "ID",
        "DUE",
        "STATUS",
        "ASSIGNEE"
    );
    for t in &tasks {
        let status = match (&t.done_at, t.due_date.as_deref()) {
            (Some(_), _) => "done",
            (None, Some(due)) if due < today.as_str() => "overdue",
            (None, Some(due)) if due == today.as_str() => "today",
            (None, _) => "open",
        };
        outln!(
            "{:>6}  {:<10}  {:<7}  {:<16}  {}",
            t.id,
            t.due_date.as_deref().unwrap_or("-"),
            status,
            t.assignee,
            t.title
        );
    }
    Ok(())
}

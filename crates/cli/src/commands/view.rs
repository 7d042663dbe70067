//! `steward view …` (saved views) and `steward field …` (custom fields), and
//! turning contact filter flags into a core query.

use steward_core::Session;
use steward_core::records::contacts::ContactQuery;
use steward_core::records::custom_fields::{CustomFieldKind, CustomValues};
use steward_core::records::views::SavedView;

use crate::args::Cli;
use crate::args::contacts::{ContactFilterArgs, FieldCommand, ViewCommand};
use crate::exit::{CliError, CliResult};
use crate::output::print_json;

/// The query of `--view` (when given) narrowed by the filter flags.
pub(crate) fn contact_query(
    session: &Session,
    filter: &ContactFilterArgs,
    view: Option<&str>,
) -> CliResult<ContactQuery> {
    let mut query = match view {
        Some(v) => session.find_view(v)?.query,
        None => ContactQuery::default(),
    };
    if let Some(tag) = &filter.tag {
        query.tag = Some(tag.clone());
    }
    if let Some(owner) = &filter.owner {
        query.owner_id = Some(session.owner_id_by_name(owner)?);
    }
    if let Some(company) = filter.company {
        query.company_id = Some(company);
    }
    if let Some(sort) = &filter.sort {
        query.sort = sort.parse()?;
    }
    Ok(query)
}

/// Parses repeated `--field KEY=VALUE`.
pub(crate) fn custom_values(items: &[String]) -> CliResult<CustomValues> {
    let mut out = CustomValues::new();
    for item in items {
        let (key, value) = item
            .split_once('=')
            .ok_or_else(|| CliError::Usage(format!("--field {item:?}: write it as KEY=VALUE")))?;
        out.insert(key.trim().to_owned(), value.to_owned());
    }
    Ok(out)
}

fn view_json(v: &SavedView) -> serde_json::Value {
    serde_json::json!({
        "id": v.id,
        "name": v.name,
        "tag": v.query.tag,
        "owner_id": v.query.owner_id,
        "company_id": v.query.company_id,
        "sort": v.query.sort.as_str(),
    })
}

fn describe(v: &SavedView) -> String {
    let mut parts = Vec::new();
    if let Some(tag) = &v.query.tag {
        parts.push(format!("tag {tag}"));
    }
    if let Some(owner) = v.query.owner_id {
        parts.push(format!("owner #{owner}"));
    }
    if let Some(company) = v.query.company_id {
        parts.push(format!("company #{company}"));
    }
    parts.push(format!("sorted by {}", v.query.sort.as_str()));
    parts.join(", ")
}

pub fn run_view(cli: &Cli, session: &mut Session, cmd: &ViewCommand) -> CliResult {
    match cmd {
        ViewCommand::List => {
            let views = session.list_views()?;
            if cli.json {
                return print_json(&views.iter().map(view_json).collect::<Vec<_>>());
            }
            if views.is_empty() {
                eprintln!("no saved views");
            }
            for v in &views {
                outln!("{:>4}  {:<24}  {}", v.id, v.name, describe(v));
            }
            Ok(())
        }
        ViewCommand::Save { name, filter } => {
            let query = contact_query(session, filter, None)?;
            let view = session.save_view(name, &query)?;
            if cli.json {
                print_json(&view_json(&view))
            } else {
                eprintln!("saved view {:?}: {}", view.name, describe(&view));
                Ok(())
            }
        }
        ViewCommand::Delete { view } => {
            let v = session.find_view(view)?;
            session.delete_view(v.id)?;
            if cli.json {
                print_json(&serde_json::json!({ "deleted": v.id }))
            } else {
                eprintln!("deleted view {:?}", v.name);
                Ok(())
            }
        }
    }
}

pub fn run_field(cli: &Cli, session: &mut Session, cmd: &FieldCommand) -> CliResult {
    match cmd {
        FieldCommand::List => {
            let fields = session.list_custom_fields()?;
            if cli.json {
                let rows: Vec<_> = fields
                    .iter()
                    .map(|f| serde_json::json!({ "id": f.id, "key": f.key, "label": f.label, "kind": f.kind.as_str() }))
                    .collect();
                return print_json(&rows);
            }
            if fields.is_empty() {
                eprintln!("no custom fields");
            }
            for f in &fields {
                outln!("{:<24}  {:<8}  {}", f.key, f.kind.as_str(), f.label);
            }
            Ok(())
        }
        FieldCommand::Add { key, label, kind } => {
            let kind: CustomFieldKind = kind.parse()?;
            let f = session.add_custom_field(key, label.as_deref().unwrap_or(key), kind)?;
            if cli.json {
                print_json(
                    &serde_json::json!({ "id": f.id, "key": f.key, "label": f.label, "kind": f.kind.as_str() }),
                )
            } else {
                eprintln!("added custom field {} ({})", f.key, f.kind.as_str());
                Ok(())
            }
        }
        FieldCommand::Delete { key } => {
            let values = session.delete_custom_field(key)?;
            if cli.json {
                print_json(&serde_json::json!({ "key": key, "values_removed": values }))
            } else {
                eprintln!("deleted custom field {key} and {values} values");
                Ok(())
            }
        }
    }
}

//! `steward company …`

use steward_core::Session;
use steward_core::records::companies::{MAX_PAGE, NewCompany};
use steward_core::records::contacts::ContactQuery;

use crate::args::Cli;
use crate::args::records::{CompanyAddArgs, CompanyCommand, PageArgs};
use crate::exit::CliResult;
use crate::output::print_json;
use crate::output::records::CompanyJson;

pub fn run(cli: &Cli, session: &mut Session, cmd: &CompanyCommand) -> CliResult {
    match cmd {
        CompanyCommand::Add(args) => add(cli, session, args),
        CompanyCommand::List(args) => list(cli, session, &args.page),
        CompanyCommand::Show { id } => show(cli, session, *id),
        CompanyCommand::Delete { id } => {
            session.delete_company(*id)?;
            if !cli.json {
                eprintln!("moved company {id} to the recycle bin; it can be restored for 30 days");
            }
            Ok(())
        }
    }
}

fn add(cli: &Cli, session: &mut Session, args: &CompanyAddArgs) -> CliResult {
    let id = session.add_company(&NewCompany {
        name: args.name.clone(),
        domain: args.domain.clone(),
        phone: args.phone.clone(),
        city: args.city.clone(),
        country: args.country.clone(),
        notes: args.notes.clone(),
    })?;
    if cli.json {
        print_json(&serde_json::json!({ "id": id }))
    } else {
        outln!("{id}");
        Ok(())
    }
}

fn list(cli: &Cli, session: &Session, args: &PageArgs) -> CliResult {
    let (rows, after) = super::paging::collect(args, MAX_PAGE, |after, want| {
        let page = session.list_companies(after, want)?;
        Ok((page.items, page.next))
    })?;
    let paged = args.limit.is_some() || args.after.is_some();
    if cli.json {
        let json: Vec<_> = rows.iter().map(CompanyJson::from).collect();
        if paged {
            return print_json(&serde_json::json!({ "companies": json, "next": after }));
        }
        return print_json(&json);
    }
    super::paging::say_next(after.as_deref(), paged);
    if rows.is_empty() {
        eprintln!("no companies");
        return Ok(());
    }
    outln!(
        "{:>6}  {:<30}  {:<24}  {:<18}  CONTACTS",
        "ID",
        "NAME",
        "DOMAIN",
        "CITY"
    );
    for c in &rows {
        outln!(
            "{:>6}  {:<30}  {:<24}  {:<18}  {}",
            c.id,
            c.name,
            c.domain.as_deref().unwrap_or("-"),
            c.city.as_deref().unwrap_or("-"),
            if c.contact_count_capped {
                format!("{}+", c.contact_count)
            } else {
                c.contact_count.to_string()
            }
        );
    }
    Ok(())
}

fn show(cli: &Cli, session: &Session, id: i64) -> CliResult {
    let c = session.get_company(id)?;
    let query = ContactQuery {
        company_id: Some(id),
        ..ContactQuery::default()
    };
    let people = session.list_contacts_where(&query, None, MAX_PAGE)?;
    if cli.json {
        let mut json = serde_json::to_value(CompanyJson::from(&c)).map_err(|_| {
            crate::exit::CliError::Other("could not format the output as JSON".into())
        })?;
        json["contacts"] = people
            .items
            .iter()
            .map(|p| serde_json::json!({ "id": p.id, "name": p.name, "email": p.email }))
            .collect();
        return print_json(&json);
    }
    outln!("id:       {}", c.id);
    outln!("name:     {}", c.name);
    for (label, value) in [
        ("domain:  ", &c.domain),
        ("phone:   ", &c.phone),
        ("city:    ", &c.city),
        ("country: ", &c.country),
    ] {
        if let Some(value) = value {
            outln!("{label} {value}");
        }
    }
    outln!("contacts: {}", c.contact_count);
    outln!("created:  {}", c.created_at);
    outln!("updated:  {}", c.updated_at);
    if let Some(notes) = &c.notes {
        outln!("notes:\n{notes}");
    }
    for p in &people.items {
        outln!(
            "  {:>6}  {:<30}  {}",
            p.id,
            p.name,
            p.email.as_deref().unwrap_or("-")
        );
    }
    if people.next.is_some() {
        let total = session.count_contacts(&query)?;
        outln!(
            "  … and {} more",
            total.saturating_sub(people.items.len() as u64)
        );
    }
    Ok(())
}

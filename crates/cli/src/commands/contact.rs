//! `steward contact …`

use std::io::{IsTerminal, Read};

use steward_core::Session;
use steward_core::merge::MergeField;
use steward_core::records::contacts::{
    Address, ContactPatch, MAX_PAGE, NewContact, SensitiveField, SensitiveValues,
};

use crate::args::Cli;
use crate::args::contacts::{BulkArgs, ContactCommand, ContactFields, ListArgs, SettingsCommand};
use crate::exit::{CliError, CliResult};
use crate::output::contacts::{ContactJson, ContactSummaryJson};
use crate::output::print_json;

const MASK: &str = "••••••";

pub fn run(cli: &Cli, session: &mut Session, cmd: &ContactCommand) -> CliResult {
    match cmd {
        ContactCommand::Add(fields) => add(cli, session, fields),
        ContactCommand::List(args) => list(cli, session, args),
        ContactCommand::Show { id } => show(cli, session, *id),
        ContactCommand::Bulk(args) => bulk(cli, session, args),
        ContactCommand::Duplicates {
            group,
            offset,
            limit,
        } => duplicates(cli, session, *group, *offset, *limit),
        ContactCommand::Merge { keep, other, take } => merge(cli, session, *keep, *other, take),
        ContactCommand::Edit { id, fields } => edit(cli, session, *id, fields),
        ContactCommand::Reveal { id, field, reason } => {
            let field: SensitiveField = field.parse()?;
            let value = session.reveal_sensitive(*id, field, reason)?;
            if cli.json {
                print_json(
                    &serde_json::json!({ "id": id, "field": field.as_str(), "value": value }),
                )
            } else {
                match value {
                    // A birthday without a year is stored as `--MM-DD`.
                    Some(v) if field == SensitiveField::DateOfBirth && v.starts_with("--") => {
                        outln!("{v} (no year)")
                    }
                    Some(v) => outln!("{v}"),
                    None => eprintln!("contact {id} has no {}", field.as_str()),
                }
                Ok(())
            }
        }
        ContactCommand::Search { query, limit } => {
            let hits = session.search(query, *limit)?;
            if cli.json {
                let rows: Vec<_> = hits
                    .iter()
                    .map(|h| serde_json::json!({ "kind": h.kind.as_str(), "id": h.id, "title": h.title, "detail": h.detail }))
                    .collect();
                return print_json(&rows);
            }
            for h in &hits {
                outln!(
                    "{:<8} {:>6}  {}  {}",
                    h.kind.as_str(),
                    h.id,
                    h.title,
                    h.detail.as_deref().unwrap_or("")
                );
            }
            Ok(())
        }
        ContactCommand::Deleted => {
            let deleted = session.list_deleted_contacts()?;
            if cli.json {
                let rows: Vec<_> = deleted
                    .iter()
                    .map(|d| serde_json::json!({ "id": d.summary.id, "name": d.summary.name, "deleted_at": d.deleted_at, "purge_at": d.purge_at }))
                    .collect();
                return print_json(&rows);
            }
            for d in &deleted {
                outln!(
                    "{:>6}  {:<30}  deleted {}  purged {}",
                    d.summary.id,
                    d.summary.name,
                    d.deleted_at,
                    d.purge_at
                );
            }
            Ok(())
        }
        ContactCommand::Restore { id } => {
            session.restore_contact(*id)?;
            if !cli.json {
                eprintln!("restored contact {id}");
            }
            Ok(())
        }
        ContactCommand::Delete { id } => {
            session.delete_contact(*id)?;
            if !cli.json {
                eprintln!("moved contact {id} to the recycle bin; it can be restored for 30 days");
            }
            Ok(())
        }
    }
}

/// The address parts given on the command line, if any.
fn address(fields: &ContactFields) -> Option<Address> {
    let address = Address {
        street: fields.street.clone(),
        city: fields.city.clone(),
        postal_code: fields.postal_code.clone(),
        region: fields.region.clone(),
        country: fields.country.clone(),
    };
    (!address.is_empty()).then_some(address)
}

/// The sensitive values, each from its plain flag, its `-env VAR` flag, or
/// (for `-`) a hidden prompt or standard input. Only the plain flags put the
/// value on the command line, where other local accounts can read it.
fn sensitive(fields: &ContactFields) -> CliResult<SensitiveValues> {
    let dashes = [
        &fields.date_of_birth,
        &fields.national_id,
        &fields.special_notes,
    ]
    .iter()
    .filter(|v| v.as_deref() == Some("-"))
    .count();
    if dashes > 1 && !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "only one sensitive value can be read from standard input; pass the others with their -env flag".into(),
        ));
    }
    Ok(SensitiveValues {
        date_of_birth: sensitive_value(
            fields.date_of_birth.as_deref(),
            fields.date_of_birth_env.as_deref(),
            "Date of birth (YYYY-MM-DD, or --MM-DD without a year)",
        )?,
        national_id: sensitive_value(
            fields.national_id.as_deref(),
            fields.national_id_env.as_deref(),
            "National identity number",
        )?,
        special_notes: sensitive_value(
            fields.special_notes.as_deref(),
            fields.special_notes_env.as_deref(),
            "Special-category notes",
        )?,
    })
}

fn sensitive_value(
    plain: Option<&str>,
    var: Option<&str>,
    prompt: &str,
) -> CliResult<Option<String>> {
    if let Some(var) = var {
        return std::env::var(var).map(Some).map_err(|_| {
            CliError::Usage(format!(
                "the environment variable {var} is not set (or is not text)"
            ))
        });
    }
    match plain {
        Some("-") => read_hidden(prompt).map(Some),
        other => Ok(other.map(str::to_owned)),
    }
}

/// The most standard input a sensitive value is read from: well above the
/// longest value a sensitive field takes (10 000 characters of special
/// notes, at most 4 bytes each), so only a wrong pipe meets it.
const MAX_HIDDEN_INPUT: u64 = 64 * 1024;

/// A value typed at a hidden prompt, or all of standard input when it is
/// not a terminal (one final line break removed; empty is refused; more
/// than [`MAX_HIDDEN_INPUT`] bytes is refused without reading further).
fn read_hidden(prompt: &str) -> CliResult<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return rpassword::prompt_password(format!("{prompt}: "))
            .map_err(|_| CliError::Usage("could not read the value from the terminal".into()));
    }
    let not_text =
        || CliError::Usage("could not read the value from standard input (it must be text)".into());
    let mut bytes = Vec::new();
    // One byte past the limit tells input that is too long.
    stdin
        .lock()
        .take(MAX_HIDDEN_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| not_text())?;
    if bytes.len() as u64 > MAX_HIDDEN_INPUT {
        return Err(CliError::Usage(format!(
            "standard input is longer than {} KiB, more than any sensitive value can be",
            MAX_HIDDEN_INPUT / 1024
        )));
    }
    let mut text = String::from_utf8(bytes).map_err(|_| not_text())?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    if text.is_empty() {
        // An empty or closed standard input is a mistake more often than a
        // wish to clear the field, which an empty flag value says plainly.
        return Err(CliError::Usage(
            "standard input was empty; to clear the field, give it an empty value instead of -"
                .into(),
        ));
    }
    Ok(text)
}

fn add(cli: &Cli, session: &mut Session, fields: &ContactFields) -> CliResult {
    if fields.owner.is_some() {
        return Err(CliError::Usage(
            "--owner only works with contact edit".into(),
        ));
    }
    let name = fields
        .name
        .clone()
        .ok_or_else(|| CliError::Usage("a new contact needs --name".into()))?;
    let id = session.add_contact(&NewContact {
        name,
        emails: fields.emails.clone(),
        phones: fields.phones.clone(),
        company: fields.company.clone(),
        title: fields.title.clone(),
        source: fields.source.clone(),
        address: address(fields).unwrap_or_default(),
        tags: fields.tags.clone(),
        notes: fields.notes.clone(),
        custom: super::view::custom_values(&fields.custom)?,
        sensitive: sensitive(fields)?,
    })?;
    if cli.json {
        print_json(&serde_json::json!({ "id": id }))
    } else {
        outln!("{id}");
        Ok(())
    }
}

fn edit(cli: &Cli, session: &mut Session, id: i64, fields: &ContactFields) -> CliResult {
    let patch = ContactPatch {
        name: fields.name.clone(),
        emails: (!fields.emails.is_empty()).then(|| fields.emails.clone()),
        phones: (!fields.phones.is_empty()).then(|| fields.phones.clone()),
        company: fields.company.clone(),
        title: fields.title.clone(),
        source: fields.source.clone(),
        address: address(fields),
        tags: (!fields.tags.is_empty()).then(|| fields.tags.clone()),
        notes: fields.notes.clone(),
        custom: (!fields.custom.is_empty())
            .then(|| super::view::custom_values(&fields.custom))
            .transpose()?,
        sensitive: sensitive(fields)?,
    };
    if patch == ContactPatch::default() && fields.owner.is_none() {
        return Err(CliError::Usage(
            "nothing to change: give a field to set, such as --name, --email, --company, --city, --tag, --notes, --field, --date-of-birth or --owner".into(),
        ));
    }
    let mut contact = session.update_contact(id, &patch)?;
    if let Some(owner) = &fields.owner {
        contact = session.reassign_contact(id, owner)?;
    }
    if cli.json {
        print_json(&ContactJson::from(&contact))
    } else {
        eprintln!("updated contact {id}");
        Ok(())
    }
}

fn list(cli: &Cli, session: &Session, args: &ListArgs) -> CliResult {
    let query = super::view::contact_query(session, &args.filter, args.view.as_deref())?;
    // Keyset pages (ADR 0023): each starts after the cursor of the last.
    let mut after = args.after.clone();
    let mut remaining = args.limit.unwrap_or(u64::MAX);
    let mut rows = Vec::new();
    while remaining > 0 {
        let want = u32::try_from(remaining.min(u64::from(MAX_PAGE))).unwrap_or(MAX_PAGE);
        let page = session.list_contacts_where(&query, after.as_deref(), want)?;
        remaining -= page.items.len() as u64;
        rows.extend(page.items);
        after = page.next;
        if after.is_none() {
            break;
        }
    }
    let paged = args.limit.is_some() || args.after.is_some();
    if cli.json {
        let json: Vec<_> = rows.iter().map(ContactSummaryJson::from).collect();
        if paged {
            return print_json(&serde_json::json!({ "contacts": json, "next": after }));
        }
        return print_json(&json);
    }
    if let Some(next) = after.as_deref().filter(|_| paged) {
        eprintln!("more after this page: --after {next}");
    }
    if rows.is_empty() {
        eprintln!("no contacts");
        return Ok(());
    }
    outln!(
        "{:>6}  {:<30}  {:<32}  {:<18}  COMPANY",
        "ID",
        "NAME",
        "EMAIL",
        "PHONE"
    );
    for r in &rows {
        outln!(
            "{:>6}  {:<30}  {:<32}  {:<18}  {}",
            r.id,
            r.name,
            r.email.as_deref().unwrap_or("-"),
            r.phone.as_deref().unwrap_or("-"),
            r.company.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}

fn show(cli: &Cli, session: &Session, id: i64) -> CliResult {
    let c = session.get_contact(id)?;
    if cli.json {
        return print_json(&ContactJson::from(&c));
    }
    outln!("id:       {}", c.id);
    outln!("name:     {}", c.name);
    for e in &c.emails {
        outln!("email:    {e}");
    }
    for (p, form) in c.phones.iter().zip(&c.phone_forms) {
        let read: Vec<&str> = form
            .e164
            .as_deref()
            .filter(|e| e != p)
            .into_iter()
            .chain(form.flag.map(|f| f.as_str()))
            .collect();
        if read.is_empty() {
            outln!("phone:    {p}");
        } else {
            outln!("phone:    {p}  ({})", read.join("; "));
        }
    }
    if let Some(company) = &c.company {
        outln!("company:  {company}");
    }
    if let Some(title) = &c.title {
        outln!("title:    {title}");
    }
    let address: Vec<&str> = [
        &c.address.street,
        &c.address.postal_code,
        &c.address.city,
        &c.address.region,
        &c.address.country,
    ]
    .into_iter()
    .filter_map(|p| p.as_deref())
    .collect();
    if !address.is_empty() {
        outln!("address:  {}", address.join(", "));
    }
    if !c.tags.is_empty() {
        outln!("tags:     {}", c.tags.join(", "));
    }
    if let Some(source) = &c.source {
        outln!("source:   {source}");
    }
    for (key, value) in &c.custom {
        outln!("{key}: {value}");
    }
    for (field, set) in [
        ("date-of-birth", c.sensitive.date_of_birth),
        ("national-id", c.sensitive.national_id),
        ("special-notes", c.sensitive.special_notes),
    ] {
        if set {
            outln!(
                "{field}: {MASK}  (steward contact reveal {} {field} --reason …)",
                c.id
            );
        }
    }
    outln!("created:  {}", c.created_at);
    outln!("updated:  {}", c.updated_at);
    if let Some(notes) = &c.notes {
        outln!("notes:\n{notes}");
    }
    Ok(())
}

/// `steward settings`: the vault's default country of phone numbers.
pub fn run_settings(cli: &Cli, session: &mut Session, cmd: &SettingsCommand) -> CliResult {
    let changed = match cmd {
        SettingsCommand::Show => None,
        SettingsCommand::Set { key, value } => {
            if key.trim() != "phone-country" {
                return Err(CliError::Usage(format!(
                    "unknown setting {key:?}; settings are phone-country"
                )));
            }
            let country = match value.trim() {
                "" | "none" | "-" => None,
                code => Some(code.parse()?),
            };
            Some(session.set_phone_country(country)?)
        }
    };
    let country = session.phone_country()?;
    let code = country.as_ref().map(|c| c.code().to_owned());
    if cli.json {
        return print_json(&serde_json::json!({
            "phone_country": code,
            "phones_changed": changed,
        }));
    }
    outln!("phone-country  {}", code.as_deref().unwrap_or("none"));
    if let Some(n) = changed {
        eprintln!("{n} phone numbers read again");
    }
    Ok(())
}

fn bulk(cli: &Cli, session: &mut Session, args: &BulkArgs) -> CliResult {
    use steward_core::bulk::{BulkAction, BulkTarget};
    let target = match (&args.view, &args.tag) {
        (Some(view), _) => BulkTarget::View(view.clone()),
        (None, Some(tag)) => BulkTarget::Tag(tag.clone()),
        (None, None) => BulkTarget::Ids(args.ids.clone()),
    };
    let action = if let Some(tag) = &args.add_tag {
        BulkAction::AddTag(tag.clone())
    } else if let Some(tag) = &args.remove_tag {
        BulkAction::RemoveTag(tag.clone())
    } else if let Some(owner) = &args.owner {
        BulkAction::ChangeOwner(owner.clone())
    } else if args.delete {
        BulkAction::Delete
    } else if let Some(purpose) = &args.withdraw {
        BulkAction::Withdraw {
            purpose: purpose.clone(),
            method: args.method.parse()?,
        }
    } else {
        BulkAction::Object
    };
    let out = session.bulk_change(&target, &action)?;
    if cli.json {
        let refused: Vec<_> = out
            .refused
            .iter()
            .map(|r| serde_json::json!({ "id": r.id, "name": r.name, "reason": r.reason.as_str() }))
            .collect();
        return print_json(&serde_json::json!({
            "changed": out.changed,
            "unchanged": out.unchanged,
            "refused": refused,
        }));
    }
    outln!(
        "{} changed, {} already so, {} refused",
        out.changed.len(),
        out.unchanged.len(),
        out.refused.len()
    );
    for r in &out.refused {
        let why = match r.reason {
            steward_core::bulk::RefusalReason::NotFound => "no such contact",
            steward_core::bulk::RefusalReason::NotOwn => {
                "not yours, and your role may change only its own contacts"
            }
            steward_core::bulk::RefusalReason::NoGivenConsent => {
                "no consent is given for that purpose"
            }
        };
        match &r.name {
            Some(name) => outln!("refused {:>6}  {why} ({name})", r.id),
            None => outln!("refused {:>6}  {why}", r.id),
        }
    }
    Ok(())
}

/// `steward contact duplicates [--group FIRST --offset N --limit N]`: each
/// group (or the one asked for), its contacts and why.
fn duplicates(
    cli: &Cli,
    session: &Session,
    group: Option<i64>,
    offset: usize,
    limit: usize,
) -> CliResult {
    let groups = match group {
        None => session.possible_duplicates()?,
        Some(first) => match session.duplicate_group_page(first, offset, limit)? {
            Some(g) => vec![g],
            None => {
                return Err(CliError::Other(format!(
                    "no group of possible duplicates starts with contact {first}"
                )));
            }
        },
    };
    if cli.json {
        let rows: Vec<serde_json::Value> = groups
            .iter()
            .map(|g| {
                serde_json::json!({
                    "size": g.size,
                    "contacts": g.contacts.iter().map(|c| serde_json::json!({
                        "id": c.id,
                        "name": c.name,
                        "email": c.email,
                        "phone": c.phone,
                        "owner_id": c.owner_id,
                    })).collect::<Vec<_>>(),
                    "reasons": g.reasons.iter().map(|r| serde_json::json!({
                        "kind": r.kind.as_str(),
                        "contacts": r.contacts,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        return print_json(&rows);
    }
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            outln!();
        }
        let reasons: Vec<String> = g
            .reasons
            .iter()
            .map(|r| {
                let ids: Vec<String> = r.contacts.iter().map(i64::to_string).collect();
                format!("same {} ({})", r.kind.as_str(), ids.join(", "))
            })
            .collect();
        outln!("group {}: {}", i + 1, reasons.join("; "));
        if g.contacts.len() < g.size {
            let first = if group.is_some() { offset } else { 0 };
            outln!(
                "  contacts {}-{} of {}{}",
                first + 1,
                first + g.contacts.len(),
                g.size,
                match (group, g.contacts.first()) {
                    (None, Some(c)) => format!(
                        "; the others: steward contact duplicates --group {} --offset {}",
                        c.id,
                        g.contacts.len()
                    ),
                    _ => String::new(),
                }
            );
        }
        for c in &g.contacts {
            outln!(
                "  {:>6}  {:<30}  {:<30}  {}",
                c.id,
                c.name,
                c.email.as_deref().unwrap_or(""),
                c.phone.as_deref().unwrap_or("")
            );
        }
    }
    if groups.is_empty() {
        eprintln!("no possible duplicates");
    }
    Ok(())
}

/// `steward contact merge KEEP OTHER [--take FIELD=other]…`.
fn merge(cli: &Cli, session: &mut Session, keep: i64, other: i64, take: &[String]) -> CliResult {
    let mut fields = Vec::new();
    for t in take {
        let (field, side) = t.split_once('=').unwrap_or((t.as_str(), "other"));
        match side.trim() {
            "other" => fields.push(field.parse::<MergeField>()?),
            "keep" => {
                field.parse::<MergeField>()?;
            }
            s => {
                return Err(CliError::Usage(format!(
                    "--take {t}: say FIELD=other or FIELD=keep, not {s:?}"
                )));
            }
        }
    }
    let out = session.merge_contacts(keep, other, &fields)?;
    if !cli.json {
        eprintln!(
            "merged contact {other} into {keep}: {} activities, {} tasks, {} deals, {} consent events moved{}; \
             undo with `steward bin restore contact {other}` within 30 days",
            out.moved.activities,
            out.moved.tasks,
            out.moved.deals,
            out.moved.consents,
            if out.restated.is_empty() {
                String::new()
            } else {
                format!(
                    "; the stricter answer restated for {}",
                    out.restated.join(", ")
                )
            }
        );
    }
    show(cli, session, keep)
}

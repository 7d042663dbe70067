//! `steward purpose …` and `steward consent …`.

use steward_core::Session;
use steward_core::consent::{
    ConsentEvent, ConsentForm, CurrentConsent, Method, NewConsent, Purpose, PurposePatch, Recorded,
};

use crate::args::Cli;
use crate::args::consent::{ConsentCommand, PurposeCommand};
use crate::exit::{CliError, CliResult};
use crate::files::read_input;
use crate::output::print_json;

fn purpose_json(p: &Purpose) -> serde_json::Value {
    serde_json::json!({
        "key": p.key,
        "name": p.name,
        "description": p.description,
        "lawful_basis": p.lawful_basis.as_str(),
        "retention_days": p.retention_days,
        "consent_required": p.consent_required,
        "marketing": p.marketing,
        "updated_at": p.updated_at,
    })
}

fn event_json(e: &ConsentEvent) -> serde_json::Value {
    serde_json::json!({
        "id": e.id,
        "purpose": e.purpose,
        "state": e.state.as_str(),
        "at": e.at,
        "captured_by": e.captured_by_name,
        "method": e.method,
        "form_version": e.form_id,
        "evidence": e.evidence,
        "evidence_file": e.evidence_file_name,
        "expires": e.expires_at,
    })
}

fn current_json(c: &CurrentConsent) -> serde_json::Value {
    serde_json::json!({
        "purpose": c.purpose.key,
        "status": c.status.as_str(),
        "usable": c.usable.is_ok(),
        "left_out_because": c.usable.err().map(|r| r.as_str()),
        "since": c.latest.as_ref().map(|e| e.at.clone()),
        "expires": c.latest.as_ref().and_then(|e| e.expires_at.clone()),
    })
}

fn form_json(f: &ConsentForm) -> serde_json::Value {
    serde_json::json!({
        "id": f.id,
        "name": f.name,
        "version": f.version,
        "purposes": f.purposes,
        "created_at": f.created_at,
        "in_use_since": f.first_used_at,
        "text": f.body,
    })
}

pub fn run_purpose(cli: &Cli, s: &mut Session, cmd: &PurposeCommand) -> CliResult {
    match cmd {
        PurposeCommand::List => {
            let purposes = s.list_purposes()?;
            if cli.json {
                return print_json(&purposes.iter().map(purpose_json).collect::<Vec<_>>());
            }
            for p in &purposes {
                outln!(
                    "{:<18}  {:<20}  {:>5} days  {}{}",
                    p.key,
                    p.lawful_basis.as_str(),
                    p.retention_days,
                    if p.consent_required {
                        "consent required"
                    } else {
                        "no consent needed"
                    },
                    if p.marketing { ", marketing" } else { "" }
                );
            }
            Ok(())
        }
        PurposeCommand::Set {
            key,
            name,
            description,
            basis,
            retention_days,
            consent_required,
            marketing,
        } => {
            let patch = PurposePatch {
                name: name.clone(),
                description: description.clone(),
                lawful_basis: basis.as_deref().map(str::parse).transpose()?,
                retention_days: *retention_days,
                consent_required: *consent_required,
                marketing: *marketing,
            };
            let p = s.update_purpose(key, &patch)?;
            if cli.json {
                print_json(&purpose_json(&p))
            } else {
                eprintln!("updated purpose {}", p.key);
                Ok(())
            }
        }
    }
}

/// A file to keep as evidence: its name and bytes.
fn read_evidence(path: &std::path::Path) -> CliResult<(String, Vec<u8>)> {
    Ok((
        path.file_name().map_or_else(
            || "evidence".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        ),
        read_input(path)?,
    ))
}

pub fn run_consent(cli: &Cli, s: &mut Session, cmd: &ConsentCommand) -> CliResult {
    match cmd {
        ConsentCommand::Record {
            contact,
            purpose,
            method,
            form_version,
            evidence,
            evidence_file,
            expires,
            refused,
        } => {
            let file = evidence_file.as_deref().map(read_evidence).transpose()?;
            let id = s.record_consent(
                *contact,
                purpose,
                &NewConsent {
                    state: if *refused {
                        Recorded::Refused
                    } else {
                        Recorded::Given
                    },
                    method: method.parse()?,
                    form_id: *form_version,
                    evidence: evidence.clone(),
                    evidence_file: file,
                    expires: expires.clone(),
                },
            )?;
            if cli.json {
                print_json(&serde_json::json!({ "id": id }))
            } else {
                eprintln!(
                    "recorded: contact {contact} {} {purpose}",
                    if *refused {
                        "refused"
                    } else {
                        "gave consent for"
                    }
                );
                Ok(())
            }
        }
        ConsentCommand::FromForm {
            contact,
            form,
            method,
            evidence,
            evidence_file,
            expires,
        } => {
            let method: Method = method.parse()?;
            let ids = s.record_consent_from_form(
                *contact,
                *form,
                method,
                evidence.clone(),
                evidence_file.as_deref().map(read_evidence).transpose()?,
                expires.clone(),
            )?;
            if cli.json {
                print_json(&serde_json::json!({ "ids": ids }))
            } else {
                eprintln!("recorded consent for {} purposes", ids.len());
                Ok(())
            }
        }
        ConsentCommand::Withdraw {
            contact,
            purpose,
            method,
            evidence,
        } => {
            let id = s.withdraw_consent(*contact, purpose, method.parse()?, evidence.as_deref())?;
            if cli.json {
                print_json(&serde_json::json!({ "id": id }))
            } else {
                eprintln!("withdrawn: contact {contact}, {purpose}");
                Ok(())
            }
        }
        ConsentCommand::Evidence { consent, out } => {
            let Some((name, bytes)) = s.consent_evidence_file(*consent)? else {
                return Err(CliError::Other(format!(
                    "consent record {consent} has no evidence file"
                )));
            };
            crate::files::write_output(out, &bytes)?;
            if cli.json {
                print_json(&serde_json::json!({
                    "consent": consent,
                    "name": name,
                    "bytes": bytes.len(),
                    "file": out.display().to_string(),
                }))
            } else {
                eprintln!(
                    "wrote {name} ({} bytes) of consent record {consent} to {}",
                    bytes.len(),
                    out.display()
                );
                Ok(())
            }
        }
        ConsentCommand::List { contact } => {
            let current = s.current_consents(*contact)?;
            let history = s.consent_history(*contact)?;
            if cli.json {
                return print_json(&serde_json::json!({
                    "current": current.iter().map(current_json).collect::<Vec<_>>(),
                    "history": history.iter().map(event_json).collect::<Vec<_>>(),
                }));
            }
            for c in &current {
                outln!(
                    "{:<18}  {:<9}  {}",
                    c.purpose.key,
                    c.status.as_str(),
                    match c.usable {
                        Ok(()) => "may be used".to_owned(),
                        Err(r) => format!("not used: {}", r.as_str()),
                    }
                );
            }
            if !history.is_empty() {
                outln!("history:");
            }
            for e in &history {
                outln!(
                    "  {}  {:<18}  {:<9}  {:<10}  by {}{}",
                    e.at,
                    e.purpose,
                    e.state.as_str(),
                    e.method,
                    e.captured_by_name,
                    e.expires_at
                        .as_ref()
                        .map(|d| format!(", until {d}"))
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
        ConsentCommand::Expiring { days } => {
            let list = s.expiring_consents(*days)?;
            if cli.json {
                let rows: Vec<_> = list
                    .iter()
                    .map(|e| serde_json::json!({ "contact_id": e.contact_id, "name": e.name, "purpose": e.purpose, "expires_on": e.expires_on }))
                    .collect();
                return print_json(&rows);
            }
            if list.is_empty() {
                eprintln!("no consent expires within {days} days");
            }
            for e in &list {
                outln!(
                    "{}  {:<18}  {:>6}  {}",
                    e.expires_on,
                    e.purpose,
                    e.contact_id,
                    e.name
                );
            }
            Ok(())
        }
        ConsentCommand::Forms => {
            let forms = s.list_consent_forms()?;
            if cli.json {
                return print_json(&forms.iter().map(form_json).collect::<Vec<_>>());
            }
            for f in &forms {
                outln!(
                    "{:>4}  {} v{}  {}  {}",
                    f.id,
                    f.name,
                    f.version,
                    f.purposes.join(", "),
                    if f.first_used_at.is_some() {
                        "in use"
                    } else {
                        "draft"
                    }
                );
            }
            Ok(())
        }
        ConsentCommand::SaveForm {
            name,
            text_file,
            purposes,
        } => {
            let text = String::from_utf8(read_input(text_file)?).map_err(|_| {
                CliError::Other(format!("{} is not UTF-8 text", text_file.display()))
            })?;
            let form = s.save_consent_form(name, &text, purposes)?;
            if cli.json {
                print_json(&form_json(&form))
            } else {
                eprintln!(
                    "saved {} version {} (id {})",
                    form.name, form.version, form.id
                );
                Ok(())
            }
        }
    }
}

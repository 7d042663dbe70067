//! `steward dsr …` and `steward register …`.

use steward_core::Session;
use steward_core::consent::register::register_markdown;
use steward_core::consent::{Controller, ControllerPatch};
use steward_core::rights::{DsrKind, DsrRequest, DsrStatus};

use crate::args::Cli;
use crate::args::consent::RegisterCommand;
use crate::args::rights::DsrCommand;
use crate::exit::{CliError, CliResult};
use crate::files::write_output;
use crate::output::print_json;

fn request_json(r: &DsrRequest) -> serde_json::Value {
    serde_json::json!({
        "id": r.id,
        "contact_id": r.contact_id,
        "contact": r.contact_name,
        "type": r.kind.as_str(),
        "received_on": r.received_on,
        "due_on": r.due_on,
        "extended_reason": r.extended_reason,
        "status": r.status.as_str(),
        "handler": r.handler,
        "completed_at": r.completed_at,
        "outcome": r.outcome,
        "overdue": r.overdue,
    })
}

pub fn run_dsr(cli: &Cli, s: &mut Session, cmd: &DsrCommand) -> CliResult {
    match cmd {
        DsrCommand::Open {
            contact,
            kind,
            received,
        } => {
            let kind: DsrKind = kind.parse()?;
            let r = s.open_request(*contact, kind, received.as_deref())?;
            if cli.json {
                return print_json(&request_json(&r));
            }
            outln!("{}", r.id);
            eprintln!(
                "opened {} request {} due on {}",
                r.kind.as_str(),
                r.id,
                r.due_on
            );
            Ok(())
        }
        DsrCommand::List { open } => {
            let list = s.list_requests(*open)?;
            if cli.json {
                return print_json(&list.iter().map(request_json).collect::<Vec<_>>());
            }
            if list.is_empty() {
                eprintln!("no requests");
            }
            for r in &list {
                outln!(
                    "{:>4}  {:<13}  {:<9}  due {}{}  {}",
                    r.id,
                    r.kind.as_str(),
                    r.status.as_str(),
                    r.due_on,
                    if r.overdue { "  OVERDUE" } else { "" },
                    r.contact_name.as_deref().unwrap_or("(erased)")
                );
            }
            Ok(())
        }
        DsrCommand::Extend { id, reason } => {
            let r = s.extend_request(*id, reason)?;
            if cli.json {
                return print_json(&request_json(&r));
            }
            eprintln!("request {id} is now due on {}", r.due_on);
            Ok(())
        }
        DsrCommand::Close {
            id,
            refused,
            outcome,
        } => {
            let status = if *refused {
                DsrStatus::Refused
            } else {
                DsrStatus::Completed
            };
            let r = s.close_request(*id, status, outcome)?;
            if cli.json {
                return print_json(&request_json(&r));
            }
            eprintln!("request {id} {}", r.status.as_str());
            Ok(())
        }
        DsrCommand::Export { contact, out } => {
            let package = s.access_package(*contact)?;
            write_output(out, package.as_bytes())?;
            let files = write_package_files(s, *contact, &package, out)?;
            if cli.json {
                return print_json(&serde_json::json!({
                    "contact": contact,
                    "file": out.display().to_string(),
                    "attachments": files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
                }));
            }
            if !files.is_empty() {
                eprintln!(
                    "wrote the person's {} files beside it, in {}.files",
                    files.len(),
                    out.display()
                );
            }
            eprintln!(
                "wrote the access package of contact {contact} to {}",
                out.display()
            );
            Ok(())
        }
        DsrCommand::Erase { contact, confirm } => {
            if !confirm {
                return Err(CliError::Usage(
                    "erasure cannot be undone: add --confirm to erase the contact".into(),
                ));
            }
            let report = s.erase_contact(*contact, true)?;
            if cli.json {
                let removed: serde_json::Map<String, serde_json::Value> = report
                    .removed
                    .iter()
                    .map(|(k, n)| ((*k).to_owned(), (*n).into()))
                    .collect();
                return print_json(&serde_json::json!({
                    "contact": report.contact_id,
                    "erased_at": report.erased_at,
                    "removed": removed,
                    "ledger_entries": report.ledger_entries,
                    "certificate": report.certificate,
                }));
            }
            outln!("{}", report.certificate);
            Ok(())
        }
        DsrCommand::Restrict { contact, lift } => {
            if *lift {
                s.lift_restriction(*contact)?;
            } else {
                s.restrict_contact(*contact)?;
            }
            if cli.json {
                return print_json(&serde_json::json!({ "contact": contact, "restricted": !lift }));
            }
            eprintln!(
                "contact {contact} {}",
                if *lift {
                    "is no longer restricted"
                } else {
                    "is restricted: no use, hidden from roles that do not handle requests"
                }
            );
            Ok(())
        }
        DsrCommand::Review {
            erase,
            anonymise,
            confirm,
        } => {
            let (ids, action) = if erase.is_empty() {
                (anonymise, steward_core::rights::ReviewAction::Anonymise)
            } else {
                (erase, steward_core::rights::ReviewAction::Erase)
            };
            if !ids.is_empty() {
                if !confirm {
                    return Err(CliError::Usage(
                        "this cannot be undone: add --confirm".into(),
                    ));
                }
                let n = s.apply_review(ids, action, true)?;
                if cli.json {
                    return print_json(&serde_json::json!({ "done": n }));
                }
                eprintln!("done: {n} contacts");
                return Ok(());
            }
            let review = s.retention_review()?;
            if cli.json {
                let rows: Vec<_> = review
                    .iter()
                    .map(|c| {
                        serde_json::json!({
                            "contact_id": c.contact_id, "name": c.name, "last_activity": c.last_activity,
                            "retention_days": c.retention_days, "reason": c.reason.as_str(),
                        })
                    })
                    .collect();
                return print_json(&rows);
            }
            if review.is_empty() {
                eprintln!("nobody is kept longer than their purposes allow");
            }
            for c in &review {
                outln!(
                    "{:>6}  {:<30}  last activity {}  {}",
                    c.contact_id,
                    c.name,
                    c.last_activity,
                    c.reason.as_str()
                );
            }
            Ok(())
        }
        DsrCommand::Object { contact } => {
            s.object_contact(*contact)?;
            if cli.json {
                return print_json(&serde_json::json!({ "contact": contact, "objected": true }));
            }
            eprintln!(
                "contact {contact} objected to direct marketing; their addresses are suppressed"
            );
            Ok(())
        }
    }
}

fn controller_json(c: &Controller) -> serde_json::Value {
    serde_json::json!({
        "name": c.name, "address": c.address, "email": c.email, "phone": c.phone,
        "dpo": c.dpo, "complete": c.is_set(),
    })
}

pub fn run_register(cli: &Cli, s: &mut Session, cmd: &RegisterCommand) -> CliResult {
    match cmd {
        RegisterCommand::Controller {
            name,
            address,
            email,
            phone,
            dpo,
        } => {
            let patch = ControllerPatch {
                name: name.clone(),
                address: address.clone(),
                email: email.clone(),
                phone: phone.clone(),
                dpo: dpo.clone(),
            };
            let changing = [name, address, email, phone, dpo]
                .iter()
                .any(|f| f.is_some());
            let c = if changing {
                s.set_controller(&patch)?
            } else {
                s.controller()?
            };
            if cli.json {
                return print_json(&controller_json(&c));
            }
            for (label, value) in [
                ("name", &c.name),
                ("address", &c.address),
                ("email", &c.email),
                ("phone", &c.phone),
                ("dpo", &c.dpo),
            ] {
                outln!("{label}\t{value}");
            }
            if !c.is_set() {
                eprintln!(
                    "the register does not name the controller yet (GDPR Art. 30(1)(a)): set --name and an address, e-mail or phone"
                );
            }
            Ok(())
        }
        RegisterCommand::Export { out } => {
            let register = s.processing_register()?;
            let text = if cli.json {
                let rows: Vec<_> = register
                    .entries
                    .iter()
                    .map(|e| {
                        serde_json::json!({
                            "purpose": e.purpose, "name": e.name, "description": e.description,
                            "lawful_basis": e.lawful_basis, "consent_required": e.consent_required,
                            "data_subjects": e.data_subjects, "data_categories": e.data_categories,
                            "recipients": e.recipients, "retention_days": e.retention_days,
                            "contacts_with_basis": e.contacts_with_basis,
                        })
                    })
                    .collect();
                serde_json::to_string_pretty(&serde_json::json!({
                    "vault_id": s.vault_id(),
                    "language": register.language.as_str(),
                    "controller": controller_json(&register.controller),
                    "security_measures": register.security_measures,
                    "activities": rows,
                    "incidents": s.breach_register()?.iter().map(crate::output::breach::breach).collect::<Vec<_>>(),
                }))
                .map_err(|_| CliError::Other("could not format the register".into()))?
            } else {
                register_markdown(
                    &register,
                    s.vault_id(),
                    &steward_core::clock::now().to_rfc3339(),
                ) + &s.breach_register_section()?
            };
            write_output(out, text.as_bytes())?;
            eprintln!(
                "wrote the processing register ({} activities) to {}",
                register.entries.len(),
                out.display()
            );
            Ok(())
        }
    }
}

/// Writes the content of every file the package lists under `attachments`
/// into a new folder `OUT.files` beside it (`0700`, files `0600`, named
/// `ID-NAME`); no folder when the person has no files.
fn write_package_files(
    s: &steward_core::Session,
    contact: i64,
    package: &str,
    out: &std::path::Path,
) -> CliResult<Vec<std::path::PathBuf>> {
    let parsed: serde_json::Value = serde_json::from_str(package)
        .map_err(|_| CliError::Other("the access package is not valid JSON".into()))?;
    let Some(list) = parsed["attachments"].as_array().filter(|l| !l.is_empty()) else {
        return Ok(Vec::new());
    };
    let mut dir = out.as_os_str().to_owned();
    dir.push(".files");
    let dir = std::path::PathBuf::from(dir);
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(&dir)
        .map_err(|e| CliError::Other(format!("could not create {}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for file in list {
        let (Some(id), Some(name)) = (file["id"].as_i64(), file["name"].as_str()) else {
            continue;
        };
        let safe = steward_core::records::attachments::file_system_name(name);
        let path = dir.join(format!("{id}-{safe}"));
        let mut output = crate::files::create_output(&path)?;
        s.access_package_file(contact, id, &mut output)?;
        crate::files::finish_output(output)?;
        written.push(path);
    }
    Ok(written)
}

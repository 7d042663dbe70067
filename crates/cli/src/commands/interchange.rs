//! `steward import …`, `steward export …`, `steward bench`.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use steward_core::Session;
use steward_core::consent::{ContactScope, LeftOut};
use steward_core::interchange::email::{EmailFile, EmailImportOptions, EmailImportReport};
use steward_core::interchange::mapping::Field;
use steward_core::interchange::{CsvPreview, ExportFormat, ImportOptions, ImportReport, RowFate};

use crate::args::Cli;
use crate::args::interchange::{ExportArgs, ExportCommand, ImportCommand};
use crate::args::vault::BenchArgs;
use crate::exit::{CliError, CliResult};
use crate::files::{create_output, finish_output, read_input};
use crate::output::print_json;

/// The built-in field of each column, and the custom field columns.
type Mapping = (Vec<Option<Field>>, Vec<(usize, String)>);

/// Applies `--map COLUMN=FIELD` overrides (`FIELD` may be `custom:KEY`) to
/// the suggested mapping; returns the built-in mapping and the custom
/// field columns.
fn mapping(
    headers: &[String],
    suggested: Vec<Option<Field>>,
    suggested_custom: Vec<Option<String>>,
    overrides: &[String],
) -> CliResult<Mapping> {
    let mut mapping = suggested;
    let mut custom = suggested_custom;
    for item in overrides {
        let (column, field) = item
            .rsplit_once('=')
            .ok_or_else(|| CliError::Usage(format!("--map {item:?}: write it as COLUMN=FIELD")))?;
        let index = match column.trim().parse::<usize>() {
            Ok(n) if (1..=headers.len()).contains(&n) => n - 1,
            _ => headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case(column.trim()))
                .ok_or_else(|| {
                    CliError::Usage(format!("--map: the file has no column {column:?}"))
                })?,
        };
        custom[index] = None;
        mapping[index] = match field.trim() {
            "ignore" | "" => None,
            f => match f.strip_prefix("custom:") {
                Some(key) => {
                    custom[index] = Some(key.trim().to_owned());
                    None
                }
                None => Some(f.parse::<Field>()?),
            },
        };
    }
    let custom = custom
        .into_iter()
        .enumerate()
        .filter_map(|(i, key)| key.map(|k| (i, k)))
        .collect();
    Ok((mapping, custom))
}

fn progress_printer(json: bool) -> impl FnMut(usize, usize) {
    let show = !json && std::io::stderr().is_terminal();
    move |done, total| {
        if show && total > 0 {
            eprint!("\rimporting… {done}/{total}");
            if done == total {
                eprintln!();
            }
        }
    }
}

/// How a CSV file was read: its encoding, delimiter and skipped lines.
fn file_layout(preview: &CsvPreview) -> serde_json::Value {
    serde_json::json!({
        "encoding": preview.encoding,
        "encoding_guessed": preview.encoding_guessed,
        "delimiter": preview.delimiter.to_string(),
        "skipped_lines": preview
            .skipped
            .iter()
            .map(|s| serde_json::json!({ "line": s.line, "reason": s.reason.as_str() }))
            .collect::<Vec<_>>(),
    })
}

/// Says on stderr how a CSV file was read.
fn print_layout(preview: &CsvPreview) {
    let delimiter = match preview.delimiter {
        '\t' => "TAB".to_owned(),
        d => format!("{d:?}"),
    };
    eprintln!(
        "read as {}{}, cells separated by {delimiter}",
        preview.encoding,
        if preview.encoding_guessed {
            " (guessed; --encoding chooses another)"
        } else {
            ""
        }
    );
    if !preview.skipped.is_empty() {
        let lines: Vec<String> = preview
            .skipped
            .iter()
            .map(|s| format!("{} ({})", s.line, s.reason.as_str()))
            .collect();
        eprintln!("skipped {} lines: {}", lines.len(), lines.join(", "));
    }
}

fn report(cli: &Cli, r: &ImportReport, csv: Option<&CsvPreview>) -> CliResult {
    if cli.json {
        let mut json = serde_json::json!({
            "import_id": r.import_id,
            "records": r.records,
            "created": r.created,
            "merged": r.merged,
            "skipped": r.skipped,
            "left_out": r.left_out,
            "erased": r.erased,
            "suppressed": r.suppressed,
            "restricted": r.restricted,
            "readmitted": r.readmitted,
            "phones_flagged": r.phones_flagged,
            "companies_created": r.companies_created,
            "companies_linked": r.companies_linked,
            "objections": r.objections,
            "activities_created": r.activities_created,
            "rejected": r.rejected,
            "warned": r.warned,
            "problems": r.problems.iter().map(|p| {
                let note = |n: &steward_core::interchange::RowNote| {
                    serde_json::json!({ "code": n.code, "params": n.params, "message": n.message })
                };
                serde_json::json!({
                    "place": p.place,
                    "fate": p.fate.as_str(),
                    "merged_into": match p.fate { RowFate::Merged(id) => Some(id), _ => None },
                    "rejected": p.rejected.as_ref().map(note),
                    "warnings": p.warnings.iter().map(note).collect::<Vec<_>>(),
                })
            }).collect::<Vec<_>>(),
            "problems_left_off": r.problems_left_off,
            "dry_run": r.dry_run,
        });
        if let Some(preview) = csv {
            json["file"] = file_layout(preview);
        }
        return print_json(&json);
    }
    if let Some(preview) = csv {
        print_layout(preview);
    }
    let prefix = if r.dry_run {
        "dry run: would import"
    } else {
        "imported"
    };
    eprintln!(
        "{prefix} {} records: {} created, {} merged, {} skipped as duplicates",
        r.records, r.created, r.merged, r.skipped
    );
    if r.companies_linked > 0 {
        eprintln!(
            "{} contacts linked to companies ({} companies created)",
            r.companies_linked, r.companies_created
        );
    }
    if r.objections > 0 {
        eprintln!(
            "{} objections to direct marketing recorded from the file's opt-out column",
            r.objections
        );
    }
    if r.activities_created > 0 {
        eprintln!("{} notes brought in as activities", r.activities_created);
    }
    for p in &r.problems {
        let fate = match p.fate {
            RowFate::Merged(id) => format!("merged into contact {id}"),
            other => other.as_str().replace('-', " "),
        };
        match &p.rejected {
            Some(reason) => eprintln!(
                "{}: rejected ({}): {}",
                p.place, reason.code, reason.message
            ),
            None => eprintln!("{}: {fate}", p.place),
        }
        for w in &p.warnings {
            eprintln!("  warning ({}): {}", w.code, w.message);
        }
    }
    if r.problems_left_off > 0 {
        eprintln!("and {} more rows with problems", r.problems_left_off);
    }
    if r.rejected > 0 {
        eprintln!(
            "{} records rejected{}",
            r.rejected,
            if r.dry_run {
                "; --skip-rejected imports the others"
            } else {
                ""
            }
        );
    }
    if r.phones_flagged > 0 {
        eprintln!(
            "{} phone numbers kept as written but flagged (not a number, no default country, or a dropped leading zero); see `steward settings`",
            r.phones_flagged
        );
    }
    if r.readmitted {
        eprintln!(
            "let in on purpose: {} erased and {} who objected to marketing (recorded)",
            r.erased, r.suppressed
        );
    }
    if r.left_out > 0 {
        // The reasons are shown to those who handle data-subject requests
        // only; core gives the others the total alone.
        let mut reasons = Vec::new();
        if !r.readmitted && r.erased > 0 {
            reasons.push(format!("{} erased", r.erased));
        }
        if !r.readmitted && r.suppressed > 0 {
            reasons.push(format!("{} who objected to marketing", r.suppressed));
        }
        if r.restricted > 0 {
            reasons.push(format!("{} matching a restricted contact", r.restricted));
        }
        if reasons.is_empty() {
            eprintln!("left out: {} records", r.left_out);
        } else {
            eprintln!(
                "left out: {} records ({}){}",
                r.left_out,
                reasons.join(", "),
                if r.erased + r.suppressed > 0 && !r.readmitted {
                    "; --readmit-erased lets the erased and objecting in"
                } else {
                    ""
                }
            );
        }
    }
    if let Some(id) = r.import_id {
        eprintln!("undo with: steward import undo {id}");
    }
    Ok(())
}

/// Writes the rejected records to `path` (a new private file) when asked
/// and there are any.
fn write_rejected(
    session: &Session,
    format: &str,
    bytes: &[u8],
    options: &ImportOptions,
    r: &ImportReport,
    path: Option<&std::path::Path>,
) -> CliResult {
    let Some(path) = path else {
        return Ok(());
    };
    if r.rejected == 0 {
        eprintln!("no rejected rows: {} not written", path.display());
        return Ok(());
    }
    let mut out = create_output(path)?;
    let n = session.write_rejected_rows(format, bytes, options, &mut out)?;
    finish_output(out)?;
    eprintln!("{n} rejected rows written to {}", path.display());
    Ok(())
}

pub fn run_import(cli: &Cli, session: &mut Session, cmd: &ImportCommand) -> CliResult {
    match cmd {
        ImportCommand::Csv {
            file,
            map,
            encoding,
            on_duplicate,
            dry_run,
            readmit_erased,
            notes_as_activities,
            skip_rejected,
            rejected_out,
        } => {
            let bytes = read_input(file)?;
            let preview = session.preview_csv_as(&bytes, encoding.as_deref())?;
            let (mapping, custom_columns) = mapping(
                &preview.headers,
                preview.suggested.clone(),
                preview.suggested_custom.clone(),
                map,
            )?;
            let options = ImportOptions {
                mapping,
                custom_columns,
                on_duplicate: on_duplicate.parse()?,
                dry_run: *dry_run,
                readmit_known: *readmit_erased,
                encoding: encoding.clone(),
                notes_as_activities: *notes_as_activities,
                skip_rejected: *skip_rejected,
            };
            let mut progress = progress_printer(cli.json);
            if rejected_out.is_none() {
                // The file is not read again: the import takes it, and lets
                // a legacy code page's bytes go once they are decoded.
                let r = session.import_csv(bytes, &options, &mut progress)?;
                return report(cli, &r, Some(&preview));
            }
            let r = session.import_csv(&bytes, &options, &mut progress)?;
            report(cli, &r, Some(&preview))?;
            write_rejected(
                session,
                "csv",
                &bytes,
                &options,
                &r,
                rejected_out.as_deref(),
            )
        }
        ImportCommand::Vcard {
            file,
            on_duplicate,
            dry_run,
            readmit_erased,
            skip_rejected,
            rejected_out,
        } => {
            let bytes = read_input(file)?;
            let options = ImportOptions {
                on_duplicate: on_duplicate.parse()?,
                dry_run: *dry_run,
                readmit_known: *readmit_erased,
                skip_rejected: *skip_rejected,
                ..ImportOptions::default()
            };
            let r = session.import_vcard(&bytes, &options, &mut progress_printer(cli.json))?;
            report(cli, &r, None)?;
            write_rejected(
                session,
                "vcard",
                &bytes,
                &options,
                &r,
                rejected_out.as_deref(),
            )
        }
        ImportCommand::Eml {
            files,
            dry_run,
            create_unknown,
        } => {
            let mut read = Vec::new();
            for path in email_files(files)? {
                let bytes = read_input(&path)?;
                read.push((path.display().to_string(), bytes));
            }
            let files: Vec<EmailFile<'_>> = read
                .iter()
                .map(|(name, bytes)| EmailFile { name, bytes })
                .collect();
            let options = EmailImportOptions {
                dry_run: *dry_run,
                create_unknown: *create_unknown,
                ..EmailImportOptions::default()
            };
            let r = session.import_email(&files, &options)?;
            email_report(cli, &r)
        }
        ImportCommand::Undo { id } => {
            let u = session.undo_import(*id)?;
            if cli.json {
                print_json(&serde_json::json!({
                    "removed": u.removed,
                    "restored": u.restored,
                    "companies_removed": u.companies_removed,
                    "activities_removed": u.activities_removed,
                    "attachments_removed": u.attachments_removed,
                }))
            } else {
                eprintln!(
                    "undid import {id}: removed {} contacts, restored {}, removed {} companies and {} activities",
                    u.removed, u.restored, u.companies_removed, u.activities_removed
                );
                if u.attachments_removed > 0 {
                    eprintln!("removed {} attachments of e-mails", u.attachments_removed);
                }
                Ok(())
            }
        }
        ImportCommand::List => {
            let imports = session.list_imports()?;
            if cli.json {
                let rows: Vec<_> = imports
                    .iter()
                    .map(|i| {
                        serde_json::json!({
                            "id": i.id, "format": i.format, "started_at": i.started_at, "user_id": i.user_id,
                            "created": i.created, "merged": i.merged, "skipped": i.skipped, "undone_at": i.undone_at,
                        })
                    })
                    .collect();
                return print_json(&rows);
            }
            for i in &imports {
                outln!(
                    "{:>4}  {}  {:<5}  {} created, {} merged, {} skipped{}",
                    i.id,
                    i.started_at,
                    i.format,
                    i.created,
                    i.merged,
                    i.skipped,
                    i.undone_at
                        .as_ref()
                        .map(|u| format!("  (undone {u})"))
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
    }
}

/// The files an e-mail import reads: each file named, and the `.eml` and
/// `.mbox` files of each folder named (not its subfolders), in name order.
fn email_files(paths: &[std::path::PathBuf]) -> CliResult<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let entries = std::fs::read_dir(path)
            .map_err(|e| CliError::Other(format!("could not read {}: {e}", path.display())))?;
        let mut found: Vec<std::path::PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension().is_some_and(|x| {
                        x.eq_ignore_ascii_case("eml") || x.eq_ignore_ascii_case("mbox")
                    })
            })
            .collect();
        found.sort();
        if found.is_empty() {
            return Err(CliError::Other(format!(
                "{} holds no .eml or .mbox file",
                path.display()
            )));
        }
        out.extend(found);
    }
    Ok(out)
}

fn email_report(cli: &Cli, r: &EmailImportReport) -> CliResult {
    if cli.json {
        return print_json(&serde_json::json!({
            "import_id": r.import_id,
            "messages": r.messages,
            "activities_created": r.activities_created,
            "attachments_created": r.attachments_created,
            "contacts_created": r.contacts_created,
            "duplicates": r.duplicates,
            "unmatched": r.unmatched,
            "left_out": r.left_out,
            "restricted": r.restricted,
            "known_people": r.known_people,
            "truncated": r.truncated,
            "unknown": r.unknown.iter().map(|u| serde_json::json!({
                "address": u.address, "name": u.name, "messages": u.messages,
            })).collect::<Vec<_>>(),
            "dry_run": r.dry_run,
        }));
    }
    let prefix = if r.dry_run {
        "dry run: would import"
    } else {
        "imported"
    };
    eprintln!(
        "{prefix} {} messages: {} e-mail activities, {} attachments, {} contacts created; {} already there, {} on no contact",
        r.messages,
        r.activities_created,
        r.attachments_created,
        r.contacts_created,
        r.duplicates,
        r.unmatched
    );
    if r.left_out > 0 {
        eprintln!(
            "{} messages left off restricted contacts or people who may not be added again",
            r.left_out
        );
    }
    if r.truncated > 0 {
        eprintln!("{} long bodies cut to 100000 characters", r.truncated);
    }
    if !r.unknown.is_empty() {
        eprintln!("addresses no contact has (--create-unknown creates them):");
        for u in &r.unknown {
            outln!(
                "{}\t{}\t{}",
                u.address,
                u.name.as_deref().unwrap_or(""),
                u.messages
            );
        }
    }
    if let Some(id) = r.import_id {
        eprintln!("import id {id} (undo with `steward import undo {id}`)");
    }
    Ok(())
}

/// Exports; an export above the policy's soft limit asks for the password
/// again (from `STEWARD_PASSWORD` or a prompt) and is tried once more.
pub fn run_export(cli: &Cli, session: &mut Session, cmd: &ExportCommand) -> CliResult {
    match export_once(cli, session, cmd) {
        Err(CliError::Core(steward_core::Error::ReauthRequired { contacts, limit })) => {
            let password = crate::credentials::password(&format!(
                "Exporting {contacts} contacts (more than {limit}): your password again: "
            ))?;
            session.reauthenticate(&password)?;
            export_once(cli, session, cmd)
        }
        other => other,
    }
}

/// The left-out counts as a JSON object, every reason listed.
pub(crate) fn left_out_json(
    left_out: &BTreeMap<LeftOut, usize>,
) -> serde_json::Map<String, serde_json::Value> {
    left_out
        .iter()
        .map(|(reason, n)| (reason.as_str().to_owned(), (*n).into()))
        .collect()
}

/// "left out 3 (2 withdrawn, 1 no-consent)", the reasons with a count.
pub(crate) fn left_out_text(left_out: &BTreeMap<LeftOut, usize>) -> String {
    let total: usize = left_out.values().sum();
    let reasons: Vec<String> = left_out
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(r, n)| format!("{n} {}", r.as_str()))
        .collect();
    if reasons.is_empty() {
        format!("left out {total}")
    } else {
        format!("left out {total} ({})", reasons.join(", "))
    }
}

fn export_once(cli: &Cli, session: &mut Session, cmd: &ExportCommand) -> CliResult {
    let (format, args): (ExportFormat, &ExportArgs) = match cmd {
        ExportCommand::Csv(a) => (ExportFormat::Csv, a),
        ExportCommand::ExcelCsv(a) => (ExportFormat::ExcelCsv, a),
        ExportCommand::Vcard(a) => (ExportFormat::Vcard, a),
    };
    // The view or tag is looked up before the file is created.
    let query = if args.view.is_some() || args.tag.is_some() {
        let filter = crate::args::contacts::ContactFilterArgs {
            tag: args.tag.clone(),
            ..Default::default()
        };
        Some(super::view::contact_query(
            session,
            &filter,
            args.view.as_deref(),
        )?)
    } else {
        None
    };
    let mut out = create_output(&args.out)?;
    let mut selection = None;
    let written = match &args.purpose {
        // A purpose filters whatever was chosen: hand-picked ids, a view or
        // tag, or every contact.
        Some(purpose) => {
            let scope = if args.ids.is_empty() {
                ContactScope::Query(query.unwrap_or_default())
            } else {
                ContactScope::Ids(args.ids.clone())
            };
            session
                .export_scope_for_purpose(format, purpose, &scope, &mut out)
                .map(|sel| {
                    let n = sel.included.len();
                    selection = Some(sel);
                    n
                })
        }
        None => match &query {
            Some(query) => session.export_contacts_where(format, query, &mut out),
            None => {
                let ids = (!args.ids.is_empty()).then_some(args.ids.as_slice());
                session.export_contacts(format, ids, &mut out)
            }
        },
    }
    .and_then(|n| {
        // Dropped unfinished, as on an error above, the file is deleted.
        out.finish().map_err(|e| steward_core::Error::Io {
            action: "write the export".into(),
            source: e,
        })?;
        Ok(n)
    });
    let count = written?;
    if let Some(sel) = &selection {
        if cli.json {
            return print_json(&serde_json::json!({
                "contacts": count,
                "file": args.out.display().to_string(),
                "purpose": sel.purpose,
                "purpose_checked": true,
                "included": count,
                "left_out": sel.left_out_total(),
                "left_out_by_reason": left_out_json(&sel.left_out),
            }));
        }
        eprintln!(
            "exported {count} contacts with a basis for {} to {}; {}",
            sel.purpose,
            args.out.display(),
            left_out_text(&sel.left_out)
        );
        return Ok(());
    }
    if cli.json {
        print_json(&serde_json::json!({
            "contacts": count,
            "file": args.out.display().to_string(),
            "purpose": null,
            "purpose_checked": false,
        }))
    } else {
        eprintln!(
            "exported {count} contacts to {}: a full copy with no purpose check, not for \
             contacting anyone (--purpose exports only those with a basis for one)",
            args.out.display()
        );
        Ok(())
    }
}

pub fn run_bench(args: &BenchArgs) -> CliResult {
    let name = format!("steward-bench-{}", std::process::id());
    let scratch = match &args.dir {
        Some(dir) => dir.join(name),
        None => std::env::temp_dir().join(name),
    };
    let options = steward_core::bench::BenchOptions {
        contacts: args.contacts,
        calibrated_kdf: true,
    };
    let report = match &args.team_server {
        Some(server) => {
            let mut log = steward_sync_pg::PgLog::connect(server)?;
            steward_core::bench::run_with_team(&scratch, &options, &mut log)?
        }
        None => {
            eprintln!(
                "the team vault's sync figures are skipped: give --team-server postgres://… to \
                 measure them"
            );
            steward_core::bench::run(&scratch, &options)?
        }
    };
    // Push and pull of the edits between two replicas, and a new laptop's
    // join, through the PostgreSQL server given (ADR 0020, 0021).
    let sync = report.sync.map_or(serde_json::Value::Null, |s| {
        serde_json::json!({
            "edits": s.edits,
            "push_seconds": round(s.push_seconds),
            "pull_seconds": round(s.pull_seconds),
            "changes_per_second": s.changes_per_second.round(),
            "join_seconds": round(s.join_seconds),
        })
    });
    let p = |p: &steward_core::bench::Percentiles| serde_json::json!({ "p50": round(p.p50), "p95": round(p.p95), "p99": round(p.p99), "max": round(p.max), "samples": p.samples });
    let workload = |w: &steward_core::bench::WorkloadReport| {
        serde_json::json!({
            "import_contacts_per_second": w.import_per_second.round(),
            "search_ms": p(&w.search_ms),
            "search_by_query_kind_ms": w.search_by_kind_ms.iter().map(|(k, v)| (k.clone(), p(v))).collect::<serde_json::Map<_, _>>(),
            "list_page_ms": p(&w.list_page_ms),
            "total_seconds": round(w.total_seconds),
            "duplicates_ms": round(w.duplicates_ms),
            "duplicate_groups": w.duplicate_groups,
            "duplicate_page_ms": w.duplicate_page_ms.map(round),
        })
    };
    let mut encrypted = workload(&report.encrypted);
    // The same contacts from a Windows-1250 file with Romanian letters, its
    // encoding detected, into a new encrypted vault.
    encrypted["import_windows_1250_contacts_per_second"] =
        serde_json::json!(report.import_1250_per_second.round());
    // A month of the calendar among 10 000 tasks over a year.
    encrypted["calendar_tasks"] = serde_json::json!(steward_core::bench::CALENDAR_TASKS);
    encrypted["calendar_month_ms"] = p(&report.calendar_month_ms);
    // A page of every list in every order at its first, middle and last
    // row, each page walking from a cursor (ADR 0023).
    encrypted["list_pages_ms"] = report
        .list_pages
        .orders
        .iter()
        .map(|o| {
            let at = serde_json::json!({ "rows": o.rows, "first": p(&o.first_ms), "middle": p(&o.middle_ms), "last": p(&o.last_ms) });
            (o.list.clone(), at)
        })
        .collect::<serde_json::Map<_, _>>()
        .into();
    encrypted["contacts_count_ms"] = serde_json::json!(round(report.list_pages.contacts_count_ms));
    print_json(&serde_json::json!({
        "contacts": report.contacts,
        "unlock_ms": round(report.unlock_ms),
        "unlock_full_check_ms": round(report.unlock_full_check_ms),
        "page_check_ms": round(report.page_check_ms),
        "vault_bytes": report.vault_bytes,
        "encrypted": encrypted,
        "plain_sqlite": workload(&report.plain),
        "encrypted_over_plain": round(report.encryption_overhead),
        "backup": {
            "copy_and_sync_ms": round(report.backup.copy_ms),
            "backup_and_verify_ms": round(report.backup.backup_ms),
            "backup_over_copy": round(report.backup.backup_over_copy),
            "verify_ms": round(report.backup.verify_ms),
            "restore_ms": round(report.backup.restore_ms),
            "backup_bytes": report.backup.backup_bytes,
        },
        // One 200 MB file added to a contact and read back, against a
        // plain copy of it in the same run.
        "attachment": {
            "bytes": report.attachment.bytes,
            "add_mb_per_second": round(report.attachment.add_mb_per_second),
            "read_mb_per_second": round(report.attachment.read_mb_per_second),
            "copy_mb_per_second": round(report.attachment.copy_mb_per_second),
        },
        "sync": sync,
    }))
}

fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

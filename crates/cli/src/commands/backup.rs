//! `steward backup …`.

use std::path::Path;

use steward_core::backup::rotation::KeepPolicy;
use steward_core::backup::{
    self, BackupInfo, BackupKind, BackupPreview, BackupSettings, PruneDecision,
};
use steward_core::vault::Credentials;
use steward_core::{Password, RecoveryKey, Session};

use super::with_session;
use crate::args::Cli;
use crate::args::backup::{BackupCommand, BackupSettingsArgs};
use crate::credentials;
use crate::exit::{CliError, CliResult};
use crate::output::print_json;

fn info_json(b: &BackupInfo) -> serde_json::Value {
    serde_json::json!({
        "file": b.path.display().to_string(),
        "name": b.file_name,
        "created_at": b.header.created_at,
        "created_by": b.header.created_by.user_name,
        "kind": b.header.kind,
        "size": b.size,
        "schema_version": b.header.schema_version,
        "counts": b.header.manifest,
        "verified_at": b.verified_at,
    })
}

fn preview_json(p: &BackupPreview) -> serde_json::Value {
    serde_json::json!({
        "file": p.path.display().to_string(),
        "created_at": p.header.created_at,
        "created_by": p.header.created_by.user_name,
        "kind": p.header.kind,
        "size": p.size,
        "counts": p.header.manifest,
    })
}

fn settings_json(s: &BackupSettings, dir: &Path) -> serde_json::Value {
    serde_json::json!({
        "dir": dir.display().to_string(),
        "dir_configured": s.dir.is_some(),
        "interval_minutes": s.interval_minutes,
        "keep_last": s.keep.last,
        "keep_hourly": s.keep.hourly,
        "keep_daily": s.keep.daily,
        "keep_weekly": s.keep.weekly,
        "keep_monthly": s.keep.monthly,
        "drill_interval_days": s.drill_interval_days,
    })
}

fn mib(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss, reason = "a size shown to a person")]
    let m = bytes as f64 / (1024.0 * 1024.0);
    format!("{m:.1} MiB")
}

/// Parses `30`, `30m`, `2h` or `1d` as minutes.
fn interval_minutes(text: &str) -> CliResult<u32> {
    let t = text.trim();
    let (number, factor) = match t.chars().last() {
        Some('m') => (&t[..t.len() - 1], 1),
        Some('h') => (&t[..t.len() - 1], 60),
        Some('d') => (&t[..t.len() - 1], 24 * 60),
        _ => (t, 1),
    };
    number
        .trim()
        .parse::<u32>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(|| {
            CliError::Usage(format!(
                "--interval {text:?}: write minutes, or a number with m, h or d (30m, 2h, 1d)"
            ))
        })
}

/// The secret for a backup: the recovery key from STEWARD_RECOVERY_KEY, else
/// a user's password (the user from --user, else the backup's only owner).
enum Secret {
    Key(RecoveryKey),
    Password(String, Password),
}

impl Secret {
    fn for_backup(cli: &Cli, file: &Path) -> CliResult<Self> {
        if std::env::var_os("STEWARD_RECOVERY_KEY").is_some() {
            return Ok(Secret::Key(credentials::recovery_key()?));
        }
        let user = match &cli.user {
            Some(u) => u.clone(),
            None => {
                let users = backup::backup_users(file)?;
                let owners: Vec<_> = users.iter().filter(|u| u.owner).collect();
                match owners.as_slice() {
                    [only] => only.user_name.clone(),
                    _ => {
                        return Err(CliError::Usage(
                            "this backup has several owners; name one with --user".into(),
                        ));
                    }
                }
            }
        };
        let password =
            credentials::password(&format!("Password for {user} (at the backup's time): "))?;
        Ok(Secret::Password(user, password))
    }

    fn credentials<'a>(&'a self, cli: &'a Cli) -> Credentials<'a> {
        match self {
            Secret::Key(key) => Credentials::RecoveryKey {
                user: cli.user.as_deref(),
                key,
            },
            Secret::Password(user, password) => Credentials::Password { user, password },
        }
    }
}

pub fn run(cli: &Cli, cmd: &BackupCommand) -> CliResult {
    match cmd {
        BackupCommand::Restore {
            file, to: Some(to), ..
        } => {
            let secret = Secret::for_backup(cli, file)?;
            let preview = backup::preview(file, &secret.credentials(cli))?;
            let session = steward_core::unlock::restore_into(file, to, secret.credentials(cli))?;
            session.lock()?;
            if cli.json {
                let mut json = preview_json(&preview);
                json["restored_to"] = to.display().to_string().into();
                return print_json(&json);
            }
            eprintln!(
                "restored the backup of {} ({} contacts) into {}",
                preview.header.created_at,
                preview
                    .header
                    .manifest
                    .get("contacts")
                    .copied()
                    .unwrap_or(0),
                to.display()
            );
            Ok(())
        }
        BackupCommand::Restore { file, .. } => {
            let secret = Secret::for_backup(cli, file)?;
            let session = credentials::unlock(cli)?;
            let plan = session.prepare_restore(file, &secret.credentials(cli))?;
            let report = plan.apply(session)?;
            if cli.json {
                let mut json = preview_json(&report.restored);
                json["pre_restore_backup"] = report.pre_restore_backup.clone().into();
                return print_json(&json);
            }
            eprintln!(
                "restored the backup of {} over the vault; the vault as it was is in {}",
                report.restored.header.created_at,
                report.pre_restore_backup.as_deref().unwrap_or("-")
            );
            Ok(())
        }
        other => with_session(cli, |s| run_unlocked(cli, s, other)),
    }
}

fn run_unlocked(cli: &Cli, s: &mut Session, cmd: &BackupCommand) -> CliResult {
    match cmd {
        BackupCommand::Create { dir } => {
            let show = !cli.json && std::io::IsTerminal::is_terminal(&std::io::stderr());
            let report =
                s.create_backup(BackupKind::Manual, dir.as_deref(), &mut |done, total| {
                    if show && total > 0 {
                        eprint!("\rbacking up… {}%", done * 100 / total);
                    }
                })?;
            if show {
                eprintln!();
            }
            if cli.json {
                let mut json = info_json(&report.backup);
                json["millis"] = report.millis.into();
                json["pruned"] = report.pruned.clone().into();
                return print_json(&json);
            }
            outln!("{}", report.backup.path.display());
            eprintln!(
                "backed up and verified {} in {} ms{}",
                mib(report.backup.size),
                report.millis,
                if report.pruned.is_empty() {
                    String::new()
                } else {
                    format!("; removed {} old backups", report.pruned.len())
                }
            );
            Ok(())
        }
        BackupCommand::List { dir } => {
            let backups = s.list_backups(dir.as_deref())?;
            if cli.json {
                return print_json(&backups.iter().map(info_json).collect::<Vec<_>>());
            }
            if backups.is_empty() {
                eprintln!("no backups in {}", s.backup_dir(dir.as_deref())?.display());
            }
            for b in &backups {
                outln!(
                    "{}  {:<13}  {:>10}  {}  {}",
                    b.header.created_at,
                    b.header.kind,
                    mib(b.size),
                    if b.verified_at.is_some() {
                        "verified  "
                    } else {
                        "unverified"
                    },
                    b.file_name
                );
            }
            Ok(())
        }
        BackupCommand::Verify { file } => {
            let outcome = s.verify_backup(file)?;
            if cli.json {
                let mut json = info_json(&outcome.backup);
                json["ok"] = true.into();
                return print_json(&json);
            }
            eprintln!(
                "{}: intact (header, database hash, every page, quick check, {} contacts as in its manifest)",
                file.display(),
                outcome.counts.get("contacts").copied().unwrap_or(0)
            );
            Ok(())
        }
        BackupCommand::Prune { dir, dry_run } => {
            let decisions = s.prune_backups(dir.as_deref(), *dry_run)?;
            let json_row = |d: &PruneDecision| {
                serde_json::json!({
                    "name": d.backup.file_name,
                    "created_at": d.backup.header.created_at,
                    "keep": d.keep,
                    "reasons": d.reasons,
                })
            };
            if cli.json {
                let removed = decisions.iter().filter(|d| !d.keep).count();
                return print_json(&serde_json::json!({
                    "dry_run": dry_run,
                    "kept": decisions.iter().filter(|d| d.keep).count(),
                    "removed": removed,
                    "backups": decisions.iter().map(json_row).collect::<Vec<_>>(),
                }));
            }
            for d in &decisions {
                let verb = match (d.keep, dry_run) {
                    (true, _) => "keep  ",
                    (false, true) => "would remove",
                    (false, false) => "removed",
                };
                outln!(
                    "{verb}  {}  {}  {}",
                    d.backup.header.created_at,
                    d.backup.file_name,
                    d.reasons.join(", ")
                );
            }
            Ok(())
        }
        BackupCommand::Drill => {
            let report = s.restore_drill(true)?;
            if cli.json {
                print_json(&serde_json::json!({
                    "file": report.file_name, "ok": report.ok, "detail": report.detail, "at": report.at,
                }))?;
            } else {
                eprintln!("{}: {}", report.file_name, report.detail);
            }
            if report.ok {
                Ok(())
            } else {
                Err(CliError::Integrity(format!(
                    "the restore drill failed: {}",
                    report.detail
                )))
            }
        }
        BackupCommand::Settings(args) => settings(cli, s, args),
        BackupCommand::Restore { .. } => Ok(()),
    }
}

fn settings(cli: &Cli, s: &mut Session, args: &BackupSettingsArgs) -> CliResult {
    let mut settings = s.backup_settings()?;
    let old = settings.clone();
    if let Some(dir) = &args.dir {
        settings.dir = (dir != "default").then(|| std::path::PathBuf::from(dir));
    }
    if let Some(interval) = &args.interval {
        settings.interval_minutes = interval_minutes(interval)?;
    }
    let k = &mut settings.keep;
    let pick = |new: Option<u32>, old: u32| new.unwrap_or(old);
    *k = KeepPolicy {
        last: pick(args.keep_last, k.last),
        hourly: pick(args.keep_hourly, k.hourly),
        daily: pick(args.keep_daily, k.daily),
        weekly: pick(args.keep_weekly, k.weekly),
        monthly: pick(args.keep_monthly, k.monthly),
    };
    if let Some(days) = args.drill_days {
        settings.drill_interval_days = days;
    }
    if settings != old {
        settings = s.set_backup_settings(&settings)?;
    }
    let dir = s.backup_dir(None)?;
    if cli.json {
        return print_json(&settings_json(&settings, &dir));
    }
    outln!("folder:    {}", dir.display());
    if backup::same_disk(&dir, s.vault_dir()) == Some(true) {
        eprintln!(
            "warning: the backup folder is on the same disk as the vault; a dead disk takes both. Choose an external drive or a synced folder."
        );
    }
    outln!(
        "interval:  {}",
        if settings.interval_minutes == 0 {
            "off (backups on lock and quit only)".to_owned()
        } else {
            format!("{} minutes", settings.interval_minutes)
        }
    );
    let k = &settings.keep;
    outln!(
        "keep:      last {}, hourly {}, daily {}, weekly {}, monthly {}",
        k.last,
        k.hourly,
        k.daily,
        k.weekly,
        k.monthly
    );
    outln!("drill:     every {} days", settings.drill_interval_days);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_take_minutes_hours_and_days() {
        assert_eq!(interval_minutes("45").unwrap(), 45);
        assert_eq!(interval_minutes("30m").unwrap(), 30);
        assert_eq!(interval_minutes("2h").unwrap(), 120);
        assert_eq!(interval_minutes("1d").unwrap(), 1440);
        assert!(interval_minutes("soon").is_err());
        assert!(interval_minutes("h").is_err());
    }
}

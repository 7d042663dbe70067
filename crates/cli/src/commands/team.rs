//! `steward team …` and `steward sync`: the team vault through a PostgreSQL
//! server (steward-sync-pg). Core remembers the server's address without
//! its password; the password comes from the address given to `create` or
//! `join`, then from PGPASSWORD.

use steward_core::Session;
use steward_core::sync::{self, VaultId};
use steward_sync_pg::PgLog;

use crate::args::Cli;
use crate::args::team::{SyncArgs, TeamCommand};
use crate::commands::{lock_after_success, with_session};
use crate::credentials;
use crate::exit::{CliError, CliResult};
use crate::output::print_json;

pub fn run(cli: &Cli, cmd: &TeamCommand) -> CliResult {
    match cmd {
        TeamCommand::Create { server } => with_session(cli, |s| create(cli, s, server)),
        TeamCommand::Join { server, team } => join(cli, server, team),
        TeamCommand::Status => with_session(cli, |s| status(cli, s)),
        TeamCommand::Rekey => with_session(cli, |s| rekey(cli, s)),
    }
}

/// `steward team rekey`: the owner's password again (it wraps the new key
/// for them), then the re-key through the server this replica remembers.
fn rekey(cli: &Cli, s: &mut Session) -> CliResult {
    let st = replica_status(s)?;
    let server = st.server.ok_or_else(|| {
        CliError::Usage(
            "this replica does not know its server: run steward sync --server URL first".into(),
        )
    })?;
    let password = credentials::password(&format!("Password for {}: ", s.user().name))?;
    let mut log = PgLog::connect(&server)?;
    let done = sync::rekey(s, &mut log, &password)?;
    let key_text = done.recovery_key.expose_display_text();
    if cli.json {
        return print_json(&serde_json::json!({
            "epoch": done.epoch,
            "recovery_key": key_text.as_str(),
            "left_out": done.left_out,
        }));
    }
    eprintln!(
        "re-keyed team {} (epoch {}). New recovery key — write it down now, it is shown only once; the old one opens only what was made before:",
        st.vault.0, done.epoch
    );
    outln!("{}", key_text.as_str());
    if !done.left_out.is_empty() {
        eprintln!(
            "these users had not unlocked with their password since key pairs exist and were left out: {}; reset their passwords, then they join the team again",
            done.left_out.join(", ")
        );
    }
    Ok(())
}

/// Warns when `--server` carries a password: the process list shows it to
/// every account on the computer while the command runs (`PGPASSWORD` does
/// not). The password is used, never kept or printed. An address that does
/// not parse is left to the step that uses it, after the usage checks.
fn warn_if_password(server: &str) -> CliResult {
    if matches!(steward_sync_pg::has_password(server), Ok(true)) {
        eprintln!(
            "warning: the password in --server is visible to other accounts on this computer while the command runs; set PGPASSWORD instead"
        );
    }
    Ok(())
}

fn create(cli: &Cli, s: &mut Session, server: &str) -> CliResult {
    warn_if_password(server)?;
    let kept = steward_sync_pg::without_password(server)?;
    let mut log = PgLog::connect(server)?;
    let team = sync::publish(s, &mut log)?;
    sync::set_server(s, &kept)?;
    if cli.json {
        return print_json(&serde_json::json!({ "team": team.0 }));
    }
    outln!("{}", team.0);
    Ok(())
}

fn join(cli: &Cli, server: &str, team: &str) -> CliResult {
    warn_if_password(server)?;
    let dir = credentials::vault_dir(cli)?;
    let user = cli.user.as_deref().ok_or_else(|| {
        CliError::Usage("name the user joining with --user or STEWARD_USER".into())
    })?;
    let kept = steward_sync_pg::without_password(server)?;
    let password = credentials::password(&format!("Password for {user}: "))?;
    let mut log = PgLog::connect(server)?;
    let session = sync::join(&dir, &mut log, &VaultId(team.to_owned()), user, &password)?;
    let stored = sync::set_server(&session, &kept);
    if let Err(err) = stored {
        let _ = session.lock();
        return Err(err.into());
    }
    let st = sync::status(&session);
    lock_after_success(session);
    let st = st?;
    if cli.json {
        return print_json(&serde_json::json!({
            "team": st.vault.0,
            "last_applied": st.last_applied,
        }));
    }
    eprintln!(
        "joined team {} in {} as {user}, up to change {}",
        st.vault.0,
        dir.display(),
        st.last_applied
    );
    Ok(())
}

fn status(cli: &Cli, s: &mut Session) -> CliResult {
    let st = replica_status(s)?;
    let (host, database) = st
        .server
        .as_deref()
        .and_then(steward_sync_pg::host_and_database)
        .map_or((None, None), |(h, d)| (Some(h), d));
    if cli.json {
        return print_json(&serde_json::json!({
            "team": st.vault.0,
            "host": host,
            "database": database,
            "last_applied": st.last_applied,
            "waiting": st.waiting,
            "entries_waiting": st.entries_waiting,
        }));
    }
    outln!("team:         {}", st.vault.0);
    outln!("server:       {}", host.as_deref().unwrap_or("(none)"));
    outln!(
        "database:     {}",
        database.as_deref().unwrap_or("(default)")
    );
    outln!("last applied: change {}", st.last_applied);
    outln!("waiting:      {} local changes", st.waiting);
    outln!(
        "              {} audit entries for the shared chain",
        st.entries_waiting
    );
    Ok(())
}

fn replica_status(s: &Session) -> CliResult<sync::TeamStatus> {
    if !sync::is_replica(s) {
        return Err(CliError::Usage(
            "this vault is not part of a team vault: run steward team create or steward team join"
                .into(),
        ));
    }
    Ok(sync::status(s)?)
}

/// `steward sync`: pull, rebase and push through the server this replica
/// remembers.
pub fn run_sync(cli: &Cli, args: &SyncArgs) -> CliResult {
    with_session(cli, |s| {
        let st = replica_status(s)?;
        let server = match &args.server {
            Some(server) => {
                warn_if_password(server)?;
                sync::set_server(s, &steward_sync_pg::without_password(server)?)?;
                server.clone()
            }
            None => st.server.ok_or_else(|| {
                CliError::Usage(
                    "this replica does not know its server: run steward sync --server URL".into(),
                )
            })?,
        };
        let mut log = PgLog::connect(&server)?;
        let report = sync::sync(s, &mut log)?;
        if cli.json {
            return print_json(&serde_json::json!({
                "pushed": report.pushed,
                "pulled": report.pulled,
                "conflicts_resolved": report.conflicts_resolved,
                "refused": report.refused,
            }));
        }
        outln!(
            "pushed {}, pulled {}, conflicts resolved {}, refused {}",
            report.pushed,
            report.pulled,
            report.conflicts_resolved,
            report.refused
        );
        Ok(())
    })
}

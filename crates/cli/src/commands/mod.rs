//! One module per command group; each function takes the parsed arguments,
//! calls steward-core and prints.

mod activity;
mod attachment;
mod audit;
mod backup;
mod bin;
mod breach;
mod calendar;
mod company;
mod consent;
mod contact;
mod deal;
mod init;
mod interchange;
mod language;
mod mailing;
mod monitor;
mod paging;
mod pipeline;
mod reminder;
mod review;
mod rights;
mod rules;
mod task;
mod team;
mod user;
mod view;

use crate::args::vault::RecoverCommand;
use crate::args::{Cli, Command};
use crate::credentials;
use crate::exit::{CliError, CliResult};

/// Runs the parsed command line. A disk error names the vault's folder and,
/// where SQLite could not say why, the reason found there (full, read-only,
/// not permitted); backup commands name their own places.
pub fn run(cli: Cli) -> CliResult {
    let result = dispatch(&cli);
    match (result, &cli.command, credentials::vault_dir(&cli)) {
        (Err(CliError::Core(err)), command, Ok(dir)) if !matches!(command, Command::Backup(_)) => {
            Err(CliError::Core(err.on_disk_of(&dir)))
        }
        (result, ..) => result,
    }
}

fn dispatch(cli: &Cli) -> CliResult {
    match &cli.command {
        Command::Init(args) => init::run(cli, args),
        Command::UnlockCheck => {
            let session = credentials::unlock(cli)?;
            if !cli.json {
                eprintln!(
                    "unlocked {} as {} ({})",
                    session.vault_dir().display(),
                    session.user().name,
                    session.user().role
                );
            }
            lock_after_success(session);
            Ok(())
        }
        Command::Contact(cmd) => with_session(cli, |s| contact::run(cli, s, cmd)),
        Command::Company(cmd) => with_session(cli, |s| company::run(cli, s, cmd)),
        Command::Deal(cmd) => with_session(cli, |s| deal::run(cli, s, cmd)),
        Command::Pipeline(cmd) => with_session(cli, |s| pipeline::run(cli, s, cmd)),
        Command::Task(cmd) => with_session(cli, |s| task::run(cli, s, cmd)),
        Command::Reminder(cmd) => with_session(cli, |s| reminder::run(cli, s, cmd)),
        Command::Calendar(cmd) => with_session(cli, |s| calendar::run(cli, s, cmd)),
        Command::Activity(cmd) => with_session(cli, |s| activity::run(cli, s, cmd)),
        Command::Bin(cmd) => with_session(cli, |s| bin::run(cli, s, cmd)),
        Command::Attachment(cmd) => with_session(cli, |s| attachment::run(cli, s, cmd)),
        Command::User(cmd) => with_session(cli, |s| user::run(cli, s, cmd)),
        Command::Audit(cmd) => with_session(cli, |s| audit::run(cli, s, cmd)),
        Command::Import(cmd) => with_session(cli, |s| interchange::run_import(cli, s, cmd)),
        Command::Export(cmd) => with_session(cli, |s| interchange::run_export(cli, s, cmd)),
        Command::MailingList(args) => with_session(cli, |s| mailing::run(cli, s, args)),
        Command::View(cmd) => with_session(cli, |s| view::run_view(cli, s, cmd)),
        Command::Backup(cmd) => backup::run(cli, cmd),
        Command::Purpose(cmd) => with_session(cli, |s| consent::run_purpose(cli, s, cmd)),
        Command::Consent(cmd) => with_session(cli, |s| consent::run_consent(cli, s, cmd)),
        Command::Dsr(cmd) => with_session(cli, |s| rights::run_dsr(cli, s, cmd)),
        Command::Alerts(cmd) => with_session(cli, |s| monitor::run_alerts(cli, s, cmd)),
        Command::Language(cmd) => with_session(cli, |s| language::run(cli, s, cmd)),
        Command::Breach(cmd) => with_session(cli, |s| breach::run(cli, s, cmd)),
        Command::Policy(cmd) => with_session(cli, |s| monitor::run_policy(cli, s, cmd)),
        Command::Rules(cmd) => with_session(cli, |s| rules::run(cli, s, cmd)),
        Command::Review(cmd) => with_session(cli, |s| review::run(cli, s, cmd)),
        Command::Register(cmd) => with_session(cli, |s| rights::run_register(cli, s, cmd)),
        Command::Field(cmd) => with_session(cli, |s| view::run_field(cli, s, cmd)),
        Command::Settings(cmd) => with_session(cli, |s| contact::run_settings(cli, s, cmd)),
        Command::Team(cmd) => team::run(cli, cmd),
        Command::Sync(args) => team::run_sync(cli, args),
        Command::Bench(args) => interchange::run_bench(args),
        #[cfg(debug_assertions)]
        Command::TestHold => with_session(cli, test_hold),
        Command::Recover(RecoverCommand::AcceptRollback) => {
            let key = credentials::recovery_key()?;
            let session = steward_core::unlock::unlock_accepting_rollback(
                &credentials::vault_dir(cli)?,
                &key,
            )?;
            if !cli.json {
                eprintln!("accepted vault.db as it is; the audit log records the acceptance");
            }
            lock_after_success(session);
            Ok(())
        }
    }
}

/// Unlocks, runs `f`, and locks again whatever `f` returned.
pub(crate) fn with_session(
    cli: &Cli,
    f: impl FnOnce(&mut steward_core::Session) -> CliResult,
) -> CliResult {
    let mut session = credentials::unlock(cli)?;
    let result = f(&mut session);
    match result {
        Ok(()) => {
            lock_after_success(session);
            Ok(())
        }
        Err(err) => {
            let _ = session.lock();
            Err(err)
        }
    }
}

/// Locks the session of a command that did its work. What it wrote is
/// committed whatever happens here, so a lock step that fails (the `vault.lock`
/// audit entry or the audit head's mirror, after the busy timeout) is said on
/// stderr and the command still succeeds: a script that took the failure at
/// its word and ran the command again would do the work twice. The
/// connection is closed and the keys are wiped either way.
pub(crate) fn lock_after_success(session: steward_core::Session) {
    // The queue a locked vault notifies from follows what the command did,
    // unless it is another user's (the one who has the app open here); it is
    // a convenience, so failing to write it fails nothing.
    if let Err(err) = session.write_own_reminder_queue() {
        eprintln!("steward: done, but the reminder queue beside the vault was not updated: {err}");
    }
    match session.lock() {
        Ok(()) => {}
        Err(steward_core::Error::Busy) => eprintln!(
            "steward: done; the vault stayed busy in another program while this command closed it, so the sign-out was not recorded in the audit log"
        ),
        Err(err) => eprintln!("steward: done, but closing the vault did not finish: {err}"),
    }
}

/// `steward test-hold` (test builds only): keeps the session open until
/// standard input ends, adding a contact named by each line meanwhile.
#[cfg(debug_assertions)]
fn test_hold(s: &mut steward_core::Session) -> CliResult {
    use std::io::{BufRead, Write};
    outln!("ready");
    let _ = std::io::stdout().flush();
    for line in std::io::stdin().lock().lines() {
        let Ok(name) = line else { break };
        s.add_contact(&steward_core::records::contacts::NewContact {
            name,
            ..Default::default()
        })?;
        outln!("added");
        let _ = std::io::stdout().flush();
    }
    Ok(())
}

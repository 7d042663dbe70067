//! One module per command group; each function takes the parsed arguments,
//! calls steward-core and prints.

mod contact;
mod init;

use crate::args::{Cli, Command};
use crate::credentials;
use crate::exit::CliResult;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> CliResult {
    match &cli.command {
        Command::Init(args) => init::run(&cli, args),
        Command::UnlockCheck => {
            let session = credentials::unlock(&cli)?;
            if !cli.json {
                eprintln!(
                    "unlocked {} as {} ({})",
                    session.vault_dir().display(),
                    session.user().name,
                    session.user().role
                );
            }
            session.lock()?;
            Ok(())
        }
        Command::Contact(cmd) => {
            let mut session = credentials::unlock(&cli)?;
            let result = contact::run(&cli, &mut session, cmd);
            let locked = session.lock();
            result?;
            locked?;
            Ok(())
        }
    }
}

//! `steward`: the admin and scripting surface of Steward, thin over
//! steward-core. Each command parses its arguments, unlocks through
//! [`credentials`], calls one core function and prints the result.

/// `println!` that ignores a closed stdout (`steward … | head`) instead of
/// panicking; the command still finishes and locks the vault.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod args;
mod commands;
mod credentials;
mod exit;
mod files;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("steward: {err}");
            err.exit_code()
        }
    }
}

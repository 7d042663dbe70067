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

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        // A usage error clap found: with --json anywhere on the command
        // line, one JSON line as every other error; else clap's own text.
        Err(err) => return exit::usage_error(&err, exit::json_requested(std::env::args_os())),
    };
    let json = cli.json;
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // With --json the one stderr line is a JSON object, for
            // scripts to read the code and the reason rather than the
            // sentence.
            if json {
                eprintln!("{}", err.to_json());
            } else {
                eprintln!("steward: {err}");
            }
            err.exit_code()
        }
    }
}

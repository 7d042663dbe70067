//! JSON shapes the CLI prints with `--json`. They are the CLI's public
//! contract for scripts; core types are converted here explicitly, in the
//! submodule named as steward-core's module for that domain.

pub mod audit;
pub mod breach;
pub mod contacts;
pub mod records;
pub mod rules;
pub mod users;
pub mod vault;

use serde::Serialize;

/// Prints `value` as one line of JSON.
pub fn print_json<T: Serialize>(value: &T) -> crate::exit::CliResult {
    let text = serde_json::to_string(value)
        .map_err(|_| crate::exit::CliError::Other("could not format the output as JSON".into()))?;
    outln!("{text}");
    Ok(())
}

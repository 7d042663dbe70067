//! `steward language …`: the vault's language.

use steward_core::Session;
use steward_core::locale::Language;

use crate::args::Cli;
use crate::args::vault::LanguageCommand;
use crate::exit::CliResult;
use crate::output::print_json;

pub fn run(cli: &Cli, s: &mut Session, cmd: &LanguageCommand) -> CliResult {
    let language = match cmd {
        LanguageCommand::Show => s.vault_language()?,
        LanguageCommand::Set { language } => s.set_vault_language(language.parse::<Language>()?)?,
    };
    if cli.json {
        return print_json(&serde_json::json!({ "language": language.as_str() }));
    }
    outln!("{language}");
    Ok(())
}

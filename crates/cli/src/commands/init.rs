//! `steward init`: create a vault.

use std::io::Write;
use std::path::Path;

use steward_core::fsutil::NewPrivateFile;
use steward_core::locale::Language;
use steward_core::sample;
use steward_core::vault::CreateOptions;

use crate::args::Cli;
use crate::args::vault::InitArgs;
use crate::credentials;
use crate::exit::{CliError, CliResult};
use crate::output::print_json;
use crate::output::vault::InitJson;

pub fn run(cli: &Cli, args: &InitArgs) -> CliResult {
    let dir = credentials::vault_dir(cli)?;
    let user = cli
        .user
        .clone()
        .ok_or_else(|| CliError::Usage("name the first user with --user NAME".into()))?;
    let language = args.language.parse::<Language>()?;
    let password = credentials::new_password(&user)?;
    // The key file is claimed before the vault exists: a path that is taken
    // (a file or a symlink) stops the command while nothing was created, so
    // the recovery key can never be made and then lost.
    let key_file = match &args.recovery_key_out {
        Some(path) => Some((path, create_private_file(path)?)),
        None => None,
    };
    // If creating the vault fails, the key file is dropped unfinished,
    // which deletes it.
    let options = CreateOptions {
        language,
        ..CreateOptions::calibrated()
    };
    let created = steward_core::unlock::create(&dir, &user, &password, &options)?;
    let mut session = created.session;
    let key_text = created.recovery_key.expose_display_text();
    let filled = if args.sample_data {
        sample::add_sample_business(&mut session).map(drop)
    } else {
        Ok(())
    };
    super::lock_after_success(session);

    let written = key_file.map(|(path, file)| {
        (
            path,
            write_private_file(file, format!("{}\n", key_text.as_str()).as_bytes()),
        )
    });
    match written {
        Some((path, Ok(()))) => {
            if cli.json {
                print_json(&InitJson {
                    vault_dir: dir.display().to_string(),
                    user: &user,
                    recovery_key: None,
                    recovery_key_file: Some(path.display().to_string()),
                })?;
            } else {
                eprintln!(
                    "created the vault in {}; the recovery key is in {} — print it, store it offline, then delete the file",
                    dir.display(),
                    path.display()
                );
            }
        }
        Some((path, Err(err))) => {
            // The vault exists and the key opens it: show it rather than
            // lose it, and fail so a script sees the file is not there (it
            // was deleted when writing it failed).
            if cli.json {
                print_json(&InitJson {
                    vault_dir: dir.display().to_string(),
                    user: &user,
                    recovery_key: Some(key_text.as_str()),
                    recovery_key_file: None,
                })?;
            } else {
                outln!("{}", key_text.as_str());
            }
            return Err(CliError::Other(format!(
                "created the vault in {}, but could not write the recovery key to {} ({err}); it is printed on standard output instead — write it down now, it is shown only once",
                dir.display(),
                path.display()
            )));
        }
        None if cli.json => print_json(&InitJson {
            vault_dir: dir.display().to_string(),
            user: &user,
            recovery_key: Some(key_text.as_str()),
            recovery_key_file: None,
        })?,
        None => {
            eprintln!(
                "created the vault in {}. Recovery key — write it down now, it is shown only once:",
                dir.display()
            );
            outln!("{}", key_text.as_str());
        }
    }
    filled?;
    Ok(())
}

/// Creates `path` for the recovery key: a new file only (an existing file
/// or a symlink, even a dangling one, is refused), readable by its owner
/// alone.
fn create_private_file(path: &Path) -> CliResult<NewPrivateFile> {
    NewPrivateFile::create(path).map_err(|err| {
        let why = if err.kind() == std::io::ErrorKind::AlreadyExists {
            "it already exists; choose a new file name".to_owned()
        } else {
            steward_core::Error::io_reason(&err)
        };
        CliError::Other(format!(
            "could not create {} for the recovery key: {why}; no vault was created",
            path.display()
        ))
    })
}

fn write_private_file(mut file: NewPrivateFile, bytes: &[u8]) -> Result<(), String> {
    file.write_all(bytes)
        .and_then(|()| file.finish())
        .map_err(|err| steward_core::Error::io_reason(&err))
}

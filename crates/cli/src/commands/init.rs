//! `steward init`: create a vault.

use std::io::Write;

use steward_core::records::sample;
use steward_core::vault::{self, CreateOptions};

use crate::args::{Cli, InitArgs};
use crate::credentials;
use crate::exit::{CliError, CliResult};
use crate::output::{InitJson, print_json};

pub fn run(cli: &Cli, args: &InitArgs) -> CliResult {
    let dir = credentials::vault_dir(cli)?;
    let user = cli
        .user
        .clone()
        .ok_or_else(|| CliError::Usage("name the first user with --user NAME".into()))?;
    let password = credentials::new_password(&user)?;
    let created = vault::create(&dir, &user, &password, &CreateOptions::calibrated())?;
    let mut session = created.session;
    if args.sample_data {
        sample::add_sample_contacts(&mut session)?;
    }
    session.lock()?;
    let key_text = created.recovery_key.expose_display_text();

    if let Some(path) = &args.recovery_key_out {
        write_private_file(path, format!("{}\n", key_text.as_str()).as_bytes())?;
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
    } else if cli.json {
        print_json(&InitJson {
            vault_dir: dir.display().to_string(),
            user: &user,
            recovery_key: Some(key_text.as_str()),
            recovery_key_file: None,
        })?;
    } else {
        eprintln!(
            "created the vault in {}. Recovery key — write it down now, it is shown only once:",
            dir.display()
        );
        outln!("{}", key_text.as_str());
    }
    Ok(())
}

fn write_private_file(path: &std::path::Path, bytes: &[u8]) -> CliResult {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|err| CliError::Other(format!("could not create {}: {err}", path.display())))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|err| CliError::Other(format!("could not write {}: {err}", path.display())))
}

//! Where the CLI gets the vault folder, the user and the secret from:
//! flags and environment first, then an interactive prompt.

use std::path::PathBuf;

use steward_core::vault::{self, Credentials};
use steward_core::{Password, RecoveryKey, Session};
use zeroize::Zeroizing;

use crate::args::Cli;
use crate::exit::{CliError, CliResult};

const PASSWORD_ENV: &str = "STEWARD_PASSWORD";
const RECOVERY_ENV: &str = "STEWARD_RECOVERY_KEY";

/// The vault folder from `--vault`/`STEWARD_VAULT`, else the app's default.
pub fn vault_dir(cli: &Cli) -> CliResult<PathBuf> {
    match &cli.vault {
        Some(dir) => Ok(dir.clone()),
        None => vault::default_dir().ok_or_else(|| {
            CliError::Usage("no home folder to find the default vault in; pass --vault DIR".into())
        }),
    }
}

/// The password from `STEWARD_PASSWORD`, else a prompt on the terminal.
pub fn password(prompt: &str) -> CliResult<Password> {
    if let Ok(value) = std::env::var(PASSWORD_ENV) {
        return Ok(Password::new(value));
    }
    rpassword::prompt_password(prompt)
        .map(|p| Password::from(Zeroizing::new(p)))
        .map_err(|_| {
            CliError::Auth(format!(
                "no password given: set {PASSWORD_ENV} or run steward in a terminal"
            ))
        })
}

/// A new password, asked twice when prompting.
pub fn new_password(user: &str) -> CliResult<Password> {
    if std::env::var_os(PASSWORD_ENV).is_some() {
        return password("");
    }
    let first = password(&format!("New password for {user}: "))?;
    let second = password("Repeat it: ")?;
    if first.expose_str() != second.expose_str() {
        return Err(CliError::Usage("the two passwords differ".into()));
    }
    Ok(first)
}

/// A new password for `user`: from the environment variable `var` when
/// given, else asked twice on the terminal.
pub fn new_password_from(var: Option<&str>, user: &str) -> CliResult<Password> {
    if let Some(var) = var {
        return std::env::var(var)
            .map(Password::new)
            .map_err(|_| CliError::Usage(format!("the environment variable {var} is not set")));
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map(|p| Password::from(Zeroizing::new(p)))
            .map_err(|_| {
                CliError::Usage(
                    "no new password given: pass --new-password-env VAR or run steward in a terminal".into(),
                )
            })
    };
    let first = ask(&format!("New password for {user}: "))?;
    let second = ask("Repeat it: ")?;
    if first.expose_str() != second.expose_str() {
        return Err(CliError::Usage("the two passwords differ".into()));
    }
    Ok(first)
}

/// The user to act as: `--user`/`STEWARD_USER`, else the vault's only owner.
fn default_user(cli: &Cli, dir: &std::path::Path) -> CliResult<String> {
    if let Some(user) = &cli.user {
        return Ok(user.clone());
    }
    let users = vault::users(dir)?;
    let owners: Vec<_> = users.iter().filter(|u| u.owner).collect();
    match (owners.as_slice(), users.as_slice()) {
        ([only], _) => Ok(only.user_name.clone()),
        ([], [only]) => Ok(only.user_name.clone()),
        _ => Err(CliError::Usage(
            "this vault has several owners; name one with --user or STEWARD_USER".into(),
        )),
    }
}

/// The recovery key from `STEWARD_RECOVERY_KEY`, else a prompt.
pub fn recovery_key() -> CliResult<RecoveryKey> {
    let text = match std::env::var(RECOVERY_ENV) {
        Ok(text) => Zeroizing::new(text),
        Err(_) => Zeroizing::new(rpassword::prompt_password("Recovery key: ").map_err(|_| {
            CliError::Auth(format!(
                "no recovery key given: set {RECOVERY_ENV} or run steward in a terminal"
            ))
        })?),
    };
    Ok(RecoveryKey::parse(&text)?)
}

/// Unlocks the vault with the recovery key from `STEWARD_RECOVERY_KEY`, or
/// with the user's password.
pub fn unlock(cli: &Cli) -> CliResult<Session> {
    let dir = vault_dir(cli)?;
    if let Ok(text) = std::env::var(RECOVERY_ENV) {
        let key = RecoveryKey::parse(&text)?;
        return Ok(steward_core::unlock::unlock(
            &dir,
            Credentials::RecoveryKey {
                user: cli.user.as_deref(),
                key: &key,
            },
        )?);
    }
    let user = default_user(cli, &dir)?;
    let password = password(&format!("Password for {user}: "))?;
    Ok(steward_core::unlock::unlock(
        &dir,
        Credentials::Password {
            user: &user,
            password: &password,
        },
    )?)
}

//! The one mapping from errors to exit codes and stderr lines.

use std::fmt;
use std::process::ExitCode;

use steward_core::ErrorKind;

/// A failed command: one line for stderr and its exit code.
#[derive(Debug)]
pub enum CliError {
    /// An error from steward-core.
    Core(steward_core::Error),
    /// A usage problem clap cannot see (exit 2).
    Usage(String),
    /// An authentication problem outside core, such as no password available (exit 3).
    Auth(String),
    /// Damage or tampering found by the CLI's command (exit 5).
    Integrity(String),
    /// Anything else found by the CLI itself (exit 1).
    Other(String),
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            CliError::Core(err) => match err.kind() {
                ErrorKind::Authentication | ErrorKind::ReauthRequired => 3,
                ErrorKind::PermissionDenied => 4,
                ErrorKind::Integrity => 5,
                ErrorKind::Locked
                | ErrorKind::InvalidInput
                | ErrorKind::NotFound
                | ErrorKind::Other => 1,
            },
            CliError::Usage(_) => 2,
            CliError::Auth(_) => 3,
            CliError::Integrity(_) => 5,
            CliError::Other(_) => 1,
        })
    }
}

impl CliError {
    /// The error as one JSON object, for `--json`: the app's `code` (of
    /// core's kind; `invalid_input` for a usage problem the CLI finds,
    /// `authentication`, `integrity` or `other` for its own), the
    /// `message` of the stderr line, and for refused input core's stable
    /// `reason` with its `params` (`field`, `limit`, …) when the check has
    /// one, and `rules-not-acknowledged` for an export or a reveal refused
    /// until the user acknowledges the rules.
    pub fn to_json(&self) -> serde_json::Value {
        let code = match self {
            CliError::Core(err) => err.kind().code(),
            CliError::Usage(_) => ErrorKind::InvalidInput.code(),
            CliError::Auth(_) => ErrorKind::Authentication.code(),
            CliError::Integrity(_) => ErrorKind::Integrity.code(),
            CliError::Other(_) => ErrorKind::Other.code(),
        };
        let mut json = serde_json::json!({"code": code, "message": self.to_string()});
        let (invalid, reason) = match self {
            CliError::Core(err) => (err.invalid_input(), err.reason()),
            _ => (None, None),
        };
        if invalid.is_none()
            && let Some(reason) = reason
        {
            json["reason"] = reason.into();
        }
        if let Some((invalid, reason)) = invalid.and_then(|i| Some((i, i.reason()?))) {
            json["reason"] = reason.into();
            json["params"] = invalid
                .params()
                .iter()
                .map(|(k, v)| ((*k).to_owned(), serde_json::Value::from(v.as_str())))
                .collect::<serde_json::Map<_, _>>()
                .into();
        }
        json
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Core(steward_core::Error::PasswordChangeRequired) => {
                f.write_str("you must choose a new password first: run steward user passwd")
            }
            CliError::Core(err @ steward_core::Error::RulesNotAcknowledged { .. }) => write!(
                f,
                "{err}: read them with steward rules show, then run steward rules acknowledge"
            ),
            CliError::Core(err) => write!(f, "{err}"),
            CliError::Usage(msg)
            | CliError::Auth(msg)
            | CliError::Integrity(msg)
            | CliError::Other(msg) => f.write_str(msg),
        }
    }
}

impl From<steward_core::Error> for CliError {
    fn from(err: steward_core::Error) -> Self {
        CliError::Core(err)
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

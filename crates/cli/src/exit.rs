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
    /// `message` of the stderr line, and core's stable `reason` with its
    /// `params` (`field`, `limit`, `seconds`, …): every error of core has
    /// one but refused input whose check has none (`steward_core::REASONS`
    /// lists them).
    pub fn to_json(&self) -> serde_json::Value {
        let code = match self {
            CliError::Core(err) => err.kind().code(),
            CliError::Usage(_) => ErrorKind::InvalidInput.code(),
            CliError::Auth(_) => ErrorKind::Authentication.code(),
            CliError::Integrity(_) => ErrorKind::Integrity.code(),
            CliError::Other(_) => ErrorKind::Other.code(),
        };
        let mut json = serde_json::json!({"code": code, "message": self.to_string()});
        if let CliError::Core(err) = self
            && let Some(reason) = err.reason()
        {
            json["reason"] = reason.into();
            json["params"] = err
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

/// Whether the command line asks for JSON: `--json` before any `--` (after
/// which every argument is a value). Read from the raw arguments, so a
/// command line clap refuses still gets its error in the form it asked for.
pub fn json_requested(args: impl IntoIterator<Item = std::ffi::OsString>) -> bool {
    args.into_iter()
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| a == "--json")
}

/// The stable reason of a usage error clap found, for `--json`.
fn usage_reason(kind: clap::error::ErrorKind) -> &'static str {
    use clap::error::ErrorKind as K;
    match kind {
        K::UnknownArgument => "unknown-argument",
        K::InvalidSubcommand => "unknown-subcommand",
        K::InvalidValue | K::ValueValidation | K::InvalidUtf8 | K::NoEquals => "invalid-value",
        K::MissingRequiredArgument => "missing-argument",
        K::MissingSubcommand | K::DisplayHelpOnMissingArgumentOrSubcommand => "missing-subcommand",
        K::ArgumentConflict => "argument-conflict",
        K::TooManyValues | K::TooFewValues | K::WrongNumberOfValues => "wrong-number-of-values",
        _ => "usage",
    }
}

/// A usage error clap found, as the CLI contract has every error: with
/// `json`, one JSON line on stderr, `{code: "invalid_input", message,
/// reason, params}` (`params.argument`: the option or subcommand at fault,
/// when clap names one), and exit code 2; help and `--version` print as
/// usual. Without `json`, clap's own text and exit code.
pub fn usage_error(err: &clap::Error, json: bool) -> ExitCode {
    use clap::error::{ContextKind, ContextValue};
    if !json || !err.use_stderr() {
        let _ = err.print();
        return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    }
    let reason = usage_reason(err.kind());
    // clap's first line, without its `error: ` prefix; the rest is a tip
    // and the usage, for people. A command group given alone renders its
    // help instead, which says nothing of the error.
    let rendered = err.render().to_string();
    let first = rendered
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let message = match first.strip_prefix("error: ") {
        Some(message) if !message.trim().is_empty() => message.trim(),
        _ => "this command needs a subcommand; its --help lists them",
    };
    let mut json = serde_json::json!({
        "code": ErrorKind::InvalidInput.code(),
        "message": message,
        "reason": reason,
        "params": {},
    });
    let argument = match err.get(ContextKind::InvalidArg) {
        // For a missing subcommand clap names the command, not an argument.
        _ if reason == "missing-subcommand" => None,
        Some(ContextValue::String(arg)) => Some(arg.clone()),
        Some(ContextValue::Strings(args)) => args.first().cloned(),
        _ => match err.get(ContextKind::InvalidSubcommand) {
            Some(ContextValue::String(sub)) => Some(sub.clone()),
            _ => None,
        },
    };
    if let Some(argument) = argument {
        json["params"]["argument"] = argument.into();
    }
    eprintln!("{json}");
    ExitCode::from(2)
}

impl From<steward_core::Error> for CliError {
    fn from(err: steward_core::Error) -> Self {
        CliError::Core(err)
    }
}

pub type CliResult<T = ()> = Result<T, CliError>;

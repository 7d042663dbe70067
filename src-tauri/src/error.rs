//! Errors as the UI sees them: `{code, message}`, and a `reason` with its
//! `params` (every error of core has one but refused input whose check has
//! none; every error the shell makes itself has one). A code exists only where the UI branches on it; the message is a
//! whole sentence for the user, in English; the reason and its params let
//! the UI say it in another language.

use std::collections::BTreeMap;

use serde::Serialize;
use steward_core::ErrorKind;
use ts_rs::TS;

/// What kind of failure, for the UI to branch on.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    Authentication,
    PermissionDenied,
    Integrity,
    Locked,
    InvalidInput,
    NotFound,
    /// The operation needs the user's password again; confirm and retry.
    ReauthRequired,
    Other,
}

/// The error every command rejects with.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// Core's stable reason (`steward_core::REASONS`: `required`,
    /// `too-long`, `wrong-password`, `throttled`, `not-found`, …), which
    /// refused input has when its check has one and every other error of
    /// core has; `rules-not-acknowledged` is an export or a reveal refused
    /// until the user acknowledges the company's rules. For `other` from
    /// the update commands: why there was no update (`updates-off`,
    /// `updates-package-manager`, `update-unreachable`,
    /// `update-bad-signature`, `update-not-offered`, `update-failed`).
    /// An error the shell makes itself has one of `SHELL_REASONS`
    /// (`file-exists`, `stopped-unexpectedly`, …). `ErrorReason.ts` lists
    /// them all for the UI.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<String>,
    /// The reason's values: `field`, `length`, `limit`, `position`,
    /// `seconds`, `entity`, `folder`, ….
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub params: Option<BTreeMap<String, String>>,
}

impl ApiError {
    pub fn locked() -> Self {
        steward_core::Error::Locked.into()
    }

    /// An error the shell says itself with code `other`: see [`ApiError::new`].
    pub fn other(reason: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Other, reason, message)
    }

    /// An error the shell says itself: a code, a reason (one of
    /// [`SHELL_REASONS`] or [`UPDATE_REASONS`]) the UI says it by in the
    /// interface language, and the English sentence. There is no way to
    /// make one without a reason.
    pub fn new(code: ErrorCode, reason: &'static str, message: impl Into<String>) -> Self {
        debug_assert!(
            SHELL_REASONS.contains(&reason) || UPDATE_REASONS.contains(&reason),
            "{reason}"
        );
        Self {
            code,
            message: message.into(),
            reason: Some(reason.to_owned()),
            params: None,
        }
    }

    /// With the reason's value `key` set to `value` (a file's path, a
    /// limit, …).
    #[must_use]
    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.params
            .get_or_insert_with(BTreeMap::new)
            .insert(key.to_owned(), value.to_string());
        self
    }
}

impl From<ErrorKind> for ErrorCode {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::Authentication => ErrorCode::Authentication,
            ErrorKind::PermissionDenied => ErrorCode::PermissionDenied,
            ErrorKind::Integrity => ErrorCode::Integrity,
            ErrorKind::Locked => ErrorCode::Locked,
            ErrorKind::InvalidInput => ErrorCode::InvalidInput,
            ErrorKind::NotFound => ErrorCode::NotFound,
            ErrorKind::ReauthRequired => ErrorCode::ReauthRequired,
            ErrorKind::Other => ErrorCode::Other,
        }
    }
}

impl From<steward_core::Error> for ApiError {
    fn from(err: steward_core::Error) -> Self {
        let code = ErrorCode::from(err.kind());
        let reason = err.reason();
        let params = reason.map(|_| {
            err.params()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect()
        });
        Self {
            code,
            message: sentence(&err.to_string()),
            reason: reason.map(str::to_owned),
            params,
        }
    }
}

/// Core messages start lower-case so they read well after "steward: " in the
/// CLI; the UI shows them as sentences.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The reasons the shell's update commands give (code `other`).
pub const UPDATE_REASONS: &[&str] = &[
    "updates-off",
    "updates-package-manager",
    "update-unreachable",
    "update-bad-signature",
    "update-not-offered",
    "update-failed",
];

/// The reasons of the errors the shell makes itself ([`ApiError::new`]),
/// with their values:
///
/// - `app-state-damaged`: the app's shared state broke (a panic while it
///   was held); restart;
/// - `stopped-unexpectedly`: a background operation ended without its
///   answer; `not-saved`: a record saved but not found again;
/// - `settings-not-saved`: the app's own settings file (which vault);
/// - `file-read-failed`, `file-create-failed`, `file-write-failed`,
///   `file-exists`, `file-not-a-file` (`path`): a file the user chose in a
///   dialog;
/// - `import-file-too-large`, `evidence-too-large` (`max`, in MiB);
/// - `import-format-unknown` (`format`);
/// - `private-file-failed`, `viewer-failed`: opening an attachment in the
///   system's viewer;
/// - `no-vault-chosen`, `restore-folder-needed`, `restore-locked` (a
///   restore failed after the vault was locked for it),
///   `review-decision-invalid`.
pub const SHELL_REASONS: &[&str] = &[
    "app-state-damaged",
    "evidence-too-large",
    "file-create-failed",
    "file-exists",
    "file-not-a-file",
    "file-read-failed",
    "file-write-failed",
    "import-file-too-large",
    "import-format-unknown",
    "no-vault-chosen",
    "not-saved",
    "private-file-failed",
    "restore-folder-needed",
    "restore-locked",
    "review-decision-invalid",
    "settings-not-saved",
    "stopped-unexpectedly",
    "team-password-empty",
    "viewer-failed",
];

/// Every reason an error the UI gets can carry, as the TypeScript list
/// `ERROR_REASONS` and type `ErrorReason` (`ErrorReason.ts` beside ts-rs's
/// types): core's and the update commands'. The UI's one mapping from a reason to its message is a
/// record over this type, so a reason without a message does not compile.
pub fn error_reason_ts() -> String {
    let mut reasons: Vec<&str> = steward_core::REASONS
        .iter()
        .chain(UPDATE_REASONS)
        .chain(SHELL_REASONS)
        .copied()
        .collect();
    reasons.sort_unstable();
    let list = reasons
        .iter()
        .map(|r| format!("\"{r}\""))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "// Written by src-tauri's tests from steward_core::REASONS and the shell's own reasons. Do not edit.\n\nexport const ERROR_REASONS = [{list}] as const;\n\nexport type ErrorReason = (typeof ERROR_REASONS)[number];\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_become_sentences_with_a_code() {
        let err = ApiError::from(steward_core::Error::WrongPassword);
        assert!(matches!(err.code, ErrorCode::Authentication));
        assert_eq!(err.message, "Wrong user name or password.");
        assert_eq!(err.reason.as_deref(), Some("wrong-password"));
        assert_eq!(err.params, Some(BTreeMap::new()));
        let err = ApiError::from(steward_core::Error::Throttled { seconds: 30 });
        assert_eq!(err.reason.as_deref(), Some("throttled"));
        let params = err.params.unwrap();
        assert_eq!(params.get("seconds").map(String::as_str), Some("30"));
        let err = ApiError::from(steward_core::Error::from(steward_core::Invalid::from(
            "no reason here",
        )));
        assert_eq!((err.reason, err.params), (None, None));
    }

    /// Writes `ErrorReason.ts` where ts-rs writes the other types, and
    /// checks the update reasons are the ones the update commands give.
    #[test]
    fn every_reason_is_exported_for_the_ui() {
        let text = error_reason_ts();
        for reason in steward_core::REASONS
            .iter()
            .chain(UPDATE_REASONS)
            .chain(SHELL_REASONS)
        {
            assert!(text.contains(&format!("\"{reason}\"")), "{reason}");
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(env!("TS_RS_EXPORT_DIR"));
        steward_core::fsutil::write_atomically(&dir.join("ErrorReason.ts"), text.as_bytes())
            .unwrap();
        let updates = include_str!("updates/mod.rs");
        for reason in UPDATE_REASONS {
            assert!(updates.contains(&format!("\"{reason}\"")), "{reason}");
        }
    }

    /// Every `.rs` file of the shell's sources, with its text.
    fn sources() -> Vec<(std::path::PathBuf, String)> {
        steward_core::test_support::source_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        )
    }

    /// An error the shell makes has a reason the UI has a sentence for:
    /// every `ApiError::other(` and `ApiError::new(` gives one listed in
    /// `SHELL_REASONS` (or the update commands' own), and every listed one
    /// is given somewhere. Nothing else builds an `ApiError` by hand.
    #[test]
    fn every_error_the_shell_makes_has_a_listed_reason() {
        let mut given = Vec::new();
        for (path, text) in sources() {
            for (at, call) in text
                .match_indices("ApiError::other(")
                .chain(text.match_indices("ApiError::new("))
                .chain(text.match_indices("Self::new("))
            {
                if path.ends_with("src/error.rs") {
                    continue;
                }
                let mut rest = text[at + call.len()..].trim_start();
                if call.starts_with("ApiError::new") || call.starts_with("Self::new") {
                    // The code first.
                    let Some(comma) = rest.find(',') else {
                        continue;
                    };
                    if !rest[..comma].contains("ErrorCode::") {
                        continue;
                    }
                    rest = rest[comma + 1..].trim_start();
                }
                if call.starts_with("Self::new") && !path.ends_with("updates/mod.rs") {
                    continue;
                }
                if let Some(quoted) = rest.strip_prefix('"') {
                    given.push(quoted[..quoted.find('"').unwrap()].to_owned());
                } else {
                    assert!(
                        rest.starts_with("err.reason()"),
                        "{}: an error made without a literal reason: {}",
                        path.display(),
                        &rest[..rest.len().min(60)]
                    );
                }
            }
            if !path.ends_with("src/error.rs") {
                assert!(
                    !text.match_indices("ApiError {").any(|(at, _)| {
                        text[at + "ApiError {".len()..]
                            .trim_start()
                            .starts_with("code")
                    }),
                    "{} builds an ApiError by hand",
                    path.display()
                );
            }
        }
        given.sort();
        given.dedup();
        for reason in &given {
            assert!(
                SHELL_REASONS.contains(&reason.as_str()),
                "{reason} is not in SHELL_REASONS"
            );
        }
        let mut listed = SHELL_REASONS.to_vec();
        listed.sort_unstable();
        assert_eq!(listed, given, "each listed reason is given somewhere");
    }

    /// Refused input the shell passes on comes from core with its reason:
    /// nothing outside the tests builds core's `InvalidInput` from a bare
    /// English sentence, which the UI could only show in English (core's
    /// `every_check_that_refuses_input_gives_a_reason` holds core to the same).
    #[test]
    fn the_shell_refuses_no_input_without_a_reason() {
        let found = steward_core::test_support::bare_refusals(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        );
        assert!(
            found.is_empty(),
            "refused input without a reason: {found:#?}"
        );
    }

    #[test]
    fn an_error_the_shell_makes_carries_its_reason_and_values() {
        let json = serde_json::to_value(
            ApiError::other(
                "file-exists",
                "/tmp/a.csv already exists; choose another name.",
            )
            .with("path", "/tmp/a.csv"),
        )
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "other",
                "message": "/tmp/a.csv already exists; choose another name.",
                "reason": "file-exists",
                "params": {"path": "/tmp/a.csv"},
            })
        );
        let plain = ApiError::new(ErrorCode::InvalidInput, "no-vault-chosen", "No vault.");
        assert_eq!(plain.reason.as_deref(), Some("no-vault-chosen"));
        assert_eq!(plain.params, None);
    }

    #[test]
    fn each_code_is_the_one_the_cli_prints_with_json() {
        for kind in [
            ErrorKind::Authentication,
            ErrorKind::PermissionDenied,
            ErrorKind::Integrity,
            ErrorKind::Locked,
            ErrorKind::InvalidInput,
            ErrorKind::NotFound,
            ErrorKind::ReauthRequired,
            ErrorKind::Other,
        ] {
            assert_eq!(
                serde_json::to_value(ErrorCode::from(kind)).unwrap(),
                kind.code(),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn refused_input_keeps_its_reason_and_values() {
        let invalid = steward_core::Invalid::new("too-long", "the company is 301 characters long")
            .with("field", "company")
            .with("limit", 300);
        let err = ApiError::from(steward_core::Error::from(invalid));
        assert!(matches!(err.code, ErrorCode::InvalidInput));
        assert_eq!(err.message, "The company is 301 characters long.");
        assert_eq!(err.reason.as_deref(), Some("too-long"));
        let params = err.params.unwrap();
        assert_eq!(params.get("field").map(String::as_str), Some("company"));
        assert_eq!(params.get("limit").map(String::as_str), Some("300"));
        let json = serde_json::to_value(ApiError::from(steward_core::Error::Locked)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "locked",
                "message": "The vault is locked; unlock it first.",
                "reason": "locked",
                "params": {},
            })
        );
    }
}

//! Errors as the UI sees them: `{code, message}`, and for refused input a
//! `reason` with its `params` when core's check has one. A code exists only
//! where the UI branches on it; the message is a whole sentence for the user,
//! in English; the reason and its params let the UI say it in another language.

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
    /// For `invalid_input`: the check's stable reason (`required`,
    /// `too-long`, `control-characters`, `too-many`, `email-invalid`,
    /// `phone-invalid`), when it has one. For `permission_denied`,
    /// `rules-not-acknowledged`: an export or a reveal refused until the
    /// user acknowledges the company's rules. For `other` from the update
    /// commands: why there was no update (`updates-off`,
    /// `updates-package-manager`, `update-unreachable`,
    /// `update-bad-signature`, `update-not-offered`, `update-failed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<String>,
    /// The reason's values: `field`, `length`, `limit`, `position`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub params: Option<BTreeMap<String, String>>,
}

impl ApiError {
    pub fn locked() -> Self {
        steward_core::Error::Locked.into()
    }

    pub fn other(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Other, message)
    }

    /// An error the shell says itself: a code and a sentence, no reason.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            reason: None,
            params: None,
        }
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
        let invalid = err.invalid_input();
        let reason = err.reason();
        let params = invalid.filter(|_| reason.is_some()).map(|i| {
            i.params()
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_become_sentences_with_a_code() {
        let err = ApiError::from(steward_core::Error::WrongPassword);
        assert!(matches!(err.code, ErrorCode::Authentication));
        assert_eq!(err.message, "Wrong user name or password.");
        assert_eq!(err.reason, None);
        assert_eq!(err.params, None);
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
            serde_json::json!({"code": "locked", "message": "The vault is locked; unlock it first."})
        );
    }
}

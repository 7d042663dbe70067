//! Errors as the UI sees them: `{code, message}`. A code exists only where the
//! UI branches on it; the message is a whole sentence for the user.

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
}

impl ApiError {
    pub fn locked() -> Self {
        steward_core::Error::Locked.into()
    }

    pub fn other(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::Other,
            message: message.into(),
        }
    }
}

impl From<steward_core::Error> for ApiError {
    fn from(err: steward_core::Error) -> Self {
        let code = match err.kind() {
            ErrorKind::Authentication => ErrorCode::Authentication,
            ErrorKind::PermissionDenied => ErrorCode::PermissionDenied,
            ErrorKind::Integrity => ErrorCode::Integrity,
            ErrorKind::Locked => ErrorCode::Locked,
            ErrorKind::InvalidInput => ErrorCode::InvalidInput,
            ErrorKind::NotFound => ErrorCode::NotFound,
            ErrorKind::ReauthRequired => ErrorCode::ReauthRequired,
            ErrorKind::Other => ErrorCode::Other,
        };
        Self {
            code,
            message: sentence(&err.to_string()),
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
    }
}

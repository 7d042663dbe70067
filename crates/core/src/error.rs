//! The one error type of steward-core.
//!
//! Messages are whole sentences a user can act on. They never contain SQL,
//! keys, passwords or personal data; callers at the boundary map variants to
//! UI codes and CLI exit codes through [`Error::kind`].

use std::path::PathBuf;

/// What went wrong, in a form the boundary can map without matching strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Wrong password or recovery key, unknown or disabled user.
    Authentication,
    /// The user's role does not allow the operation.
    PermissionDenied,
    /// The vault, a keyslots file or a backup is damaged or was altered.
    Integrity,
    /// The vault is locked.
    Locked,
    /// Input that cannot be accepted; the message says why.
    InvalidInput,
    /// The record does not exist (or is not visible to this user).
    NotFound,
    /// The operation needs the user's password again (an export above the
    /// policy's soft limit); confirm it and retry.
    ReauthRequired,
    /// Anything else: I/O, a full disk, an unexpected database error.
    Other,
}

/// Errors of steward-core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("wrong user name or password")]
    WrongPassword,
    #[error("the recovery key does not unlock this vault")]
    WrongRecoveryKey,
    /// This computer's keychain no longer unlocks for the user.
    #[error("this computer no longer remembers {0}; sign in with the password")]
    DeviceUnavailable(String),
    /// The system keychain failed.
    #[error("{0}")]
    Keychain(String),
    /// The security policy locked the session (record scraping).
    #[error(
        "the session was locked by the security policy after many contacts were opened; unlock again once an owner or admin has acknowledged the alert or a few minutes have passed"
    )]
    LockedByPolicy,
    /// An export above the policy's soft limit needs the password again.
    #[error("exporting {contacts} contacts (more than {limit}) needs your password again")]
    ReauthRequired {
        /// Contacts in the export.
        contacts: usize,
        /// The soft limit.
        limit: u32,
    },
    /// The security policy refuses the operation.
    #[error("refused by the security policy: {0}")]
    PolicyRefused(String),
    /// Too many failed attempts in a row: the next one must wait.
    #[error("too many failed attempts; try again in {seconds} seconds")]
    Throttled {
        /// Seconds to wait.
        seconds: u64,
    },
    #[error("{0}")]
    MalformedRecoveryKey(String),
    #[error("user {0:?} is disabled")]
    UserDisabled(String),
    #[error("you must choose a new password before going on")]
    PasswordChangeRequired,
    #[error("the vault is locked; unlock it first")]
    Locked,
    #[error("there is no Steward vault in {}", .0.display())]
    NoVault(PathBuf),
    #[error("{} already holds a Steward vault or other files; choose an empty folder", .0.display())]
    FolderNotEmpty(PathBuf),
    #[error("the vault is damaged or was altered: {0}")]
    Integrity(String),
    /// A backup file failed a check (exit 5 like a damaged vault).
    #[error("the backup is damaged or was altered: {0}")]
    BackupIntegrity(String),
    #[error(
        "this vault was written by a newer version of Steward (schema {found}, this version reads up to {supported}); install the newer version"
    )]
    VaultTooNew { found: i64, supported: i64 },
    #[error("permission denied: the {role} role does not have the {permission} permission")]
    PermissionDenied {
        role: &'static str,
        permission: &'static str,
    },
    #[error("{0}")]
    InvalidInput(String),
    #[error("the password is too weak: {0}")]
    WeakPassword(String),
    #[error("{entity} {id} was not found")]
    NotFound { entity: &'static str, id: String },
    #[error("could not {action}: {source}")]
    Io {
        action: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the database reported an error ({0})")]
    Database(String),
}

impl Error {
    /// The category the boundary maps to a UI code or an exit code.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::WrongPassword
            | Self::WrongRecoveryKey
            | Self::Throttled { .. }
            | Self::DeviceUnavailable(_)
            | Self::UserDisabled(_)
            | Self::PasswordChangeRequired => ErrorKind::Authentication,
            Self::PermissionDenied { .. } | Self::PolicyRefused(_) => ErrorKind::PermissionDenied,
            Self::LockedByPolicy => ErrorKind::Locked,
            Self::ReauthRequired { .. } => ErrorKind::ReauthRequired,
            Self::Integrity(_) | Self::BackupIntegrity(_) => ErrorKind::Integrity,
            Self::Locked => ErrorKind::Locked,
            Self::MalformedRecoveryKey(_)
            | Self::InvalidInput(_)
            | Self::WeakPassword(_)
            | Self::NoVault(_)
            | Self::FolderNotEmpty(_)
            | Self::VaultTooNew { .. } => ErrorKind::InvalidInput,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::Io { .. } | Self::Database(_) | Self::Keychain(_) => ErrorKind::Other,
        }
    }

    pub(crate) fn io(action: impl Into<String>) -> impl FnOnce(std::io::Error) -> Self {
        let action = action.into();
        move |source| Self::Io { action, source }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::InvalidInput(message.into())
    }
}

impl From<rusqlite::Error> for Error {
    /// Maps a database error without its message, which may quote SQL or data.
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                Self::Integrity("the database file failed its integrity check".into())
            }
            Some(ErrorCode::DiskFull) => Self::Io {
                action: "write the vault".into(),
                source: std::io::Error::other("the disk is full"),
            },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                Self::Database("the vault is busy in another program; try again".into())
            }
            Some(code) => Self::Database(format!("{code:?}")),
            None => Self::Database(match err {
                rusqlite::Error::QueryReturnedNoRows => "no rows".into(),
                rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::FromSqlConversionFailure(..) => {
                    "unexpected value in a column".into()
                }
                _ => "internal".into(),
            }),
        }
    }
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

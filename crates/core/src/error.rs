//! The one error type of steward-core.
//!
//! Messages are whole sentences a user can act on. They never contain SQL,
//! keys, passwords or personal data; callers at the boundary map variants to
//! UI codes and CLI exit codes through [`Error::kind`].

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The reason of [`Error::RulesNotAcknowledged`].
pub const RULES_NOT_ACKNOWLEDGED: &str = "rules-not-acknowledged";

/// Every reason an error of core can carry ([`Error::reason`]), for the
/// front ends to have a sentence for each: refused input's checks first,
/// then the other errors'. A test reads core's sources for the reasons they
/// give refused input and fails on one missing here.
pub const REASONS: &[&str] = &[
    // Refused input (`invalid_input`).
    "alert-acknowledged-already",
    "alert-opens-no-incident",
    "already-exists",
    "amount-out-of-range",
    "assignee-cannot-hold",
    "backup-folder-not-absolute",
    "backup-header-too-large",
    "backup-interval-too-long",
    "backup-keep-nothing",
    "backup-names-exhausted",
    "backup-needs-password",
    "backup-other-vault",
    "backup-too-new",
    "bench-folder-exists",
    "birth-date-invalid",
    "birth-date-out-of-range",
    "bulk-too-many",
    "calendar-needs-due-date",
    "cannot-disable-self",
    "confirmation-needed",
    "consent-basis-needs-consent",
    "control-characters",
    "current-password-needed",
    "cursor-invalid",
    "custom-fields-too-many",
    "date-in-future",
    "date-in-past",
    "date-invalid",
    "date-out-of-range",
    "domain-invalid",
    "drill-interval-too-long",
    "email-attachment-too-large",
    "email-invalid",
    "email-too-large",
    "email-too-many-addresses",
    "email-too-many-headers",
    "email-unreadable",
    "end-before-start",
    "evidence-file-too-large",
    "export-limits-order",
    "field-key-built-in",
    "field-key-invalid",
    "field-unknown",
    "file-card-invalid",
    "file-card-unreadable",
    "file-card-unterminated",
    "file-cell-too-long",
    "file-line-too-long",
    "file-no-header",
    "file-no-vcard",
    "file-not-csv",
    "file-not-utf8",
    "file-not-vcard",
    "file-ragged-row",
    "file-too-large",
    "file-too-many-cards",
    "file-too-many-parameters",
    "file-too-many-rows",
    "file-utf16-invalid",
    "form-needs-purpose",
    "form-not-for-purpose",
    "import-changed-since",
    "import-merged-since",
    "import-undone",
    "invalid-value",
    "kdf-too-weak",
    "keyslots-too-new",
    "last-owner",
    "lost-needs-reason",
    "mapping-column-missing",
    "mapping-columns-mismatch",
    "mapping-needs-name",
    "merge-changed-since",
    "merge-not-undoable",
    "merge-self",
    "merge-state-unreadable",
    "merge-too-many",
    "merged-contact",
    "moment-invalid",
    "multiline",
    "needs-due-date",
    "new-deal-in-lost-stage",
    "no-open-review",
    "no-open-stage",
    "nothing-to-withdraw",
    "out-of-range",
    "own-password",
    "parent-deleted",
    "parent-in-recycle-bin",
    "password-unchanged",
    "path-invalid",
    "phone-invalid",
    "policy-out-of-range",
    "policy-value-invalid",
    "probability-out-of-range",
    "purpose-not-consent",
    "quota-exceeded",
    "range-too-long",
    "reason-needed",
    "reason-needs-closed-stage",
    "recovery-needs-owner",
    "remember-needs-own-password",
    "remember-needs-password",
    "request-close-status",
    "request-closed",
    "request-extended-already",
    "required",
    "restore-other-session",
    "retention-out-of-range",
    "reveal-reason-needed",
    "reveal-reason-personal",
    "review-still-open",
    "review-user-added-after",
    "row-rejected",
    "rules-not-published",
    "rules-version-changed",
    "snooze-invalid",
    "stage-deals-in-bin",
    "stage-has-deals",
    "stage-last-of-kind",
    "stage-order-invalid",
    "time-invalid",
    "too-long",
    "too-many",
    "user-disabled-enable",
    "user-name-ambiguous",
    "user-name-invalid",
    "user-not-disabled",
    "user-unknown",
    "value-not-allowed",
    "views-too-many",
    "withdraw-separately",
    "withdrawal-not-by-import",
    "working-hours-invalid",
    // The other errors.
    "backup-integrity",
    "busy",
    "database",
    "device-unavailable",
    "disk-cannot-open",
    "disk-failed",
    "disk-full",
    "disk-permission-denied",
    "disk-read-only",
    "folder-not-empty",
    "integrity",
    "io-already-exists",
    "io-disk-full",
    "io-failed",
    "io-not-found",
    "io-permission-denied",
    "io-read-only",
    "keychain",
    "locked",
    "locked-by-policy",
    "log-moved",
    "no-vault",
    "not-found",
    "password-change-required",
    "permission-denied",
    "policy-refused",
    "reauth-required",
    "recovery-key-malformed",
    RULES_NOT_ACKNOWLEDGED,
    "sync-server",
    "throttled",
    "user-disabled",
    "vault-in-use",
    "vault-restoring",
    "vault-too-new",
    "weak-password",
    "wrong-password",
    "wrong-recovery-key",
];

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

impl ErrorKind {
    /// The stable code the front ends report the kind by: the app's
    /// `ErrorCode` and the CLI's errors with `--json` (`invalid_input`,
    /// `permission_denied`, …).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Authentication => "authentication",
            ErrorKind::PermissionDenied => "permission_denied",
            ErrorKind::Integrity => "integrity",
            ErrorKind::Locked => "locked",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::NotFound => "not_found",
            ErrorKind::ReauthRequired => "reauth_required",
            ErrorKind::Other => "other",
        }
    }
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
    /// The user has not acknowledged the current version of the company's
    /// rules for customer data (or did so longer ago than the policy
    /// allows), and the policy gates exports and reveals on it
    /// (`auth::rules`). Its stable reason is `rules-not-acknowledged`.
    #[error(
        "read and accept the company's rules for customer data (version {version}) before exporting or revealing sensitive fields"
    )]
    RulesNotAcknowledged {
        /// The version to acknowledge.
        version: i64,
    },
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
    /// Another process (or session) has the vault open, so it cannot be
    /// replaced now.
    #[error(
        "the vault is open in another program (the app or another steward command); lock it there and try again"
    )]
    VaultInUse,
    /// A restore is replacing the vault right now.
    #[error("a backup is being restored over the vault; try again when the restore is done")]
    VaultRestoring,
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
    /// Input that cannot be accepted: see [`Invalid`].
    #[error("{0}")]
    InvalidInput(Invalid),
    /// A password below the strength Steward accepts: zxcvbn's advice in
    /// English and its code (`auth::password::ADVICE_CODES`).
    #[error("the password is too weak: {advice}")]
    WeakPassword { advice: String, code: &'static str },
    #[error("{entity} {id} was not found")]
    NotFound { entity: &'static str, id: String },
    #[error("could not {action}: {}", Error::io_reason(.source))]
    Io {
        action: String,
        #[source]
        source: std::io::Error,
    },
    /// Another program holds the vault's write lock beyond the busy timeout.
    #[error("the vault is busy in another program; try again")]
    Busy,
    /// The disk refused a read or write of the vault: full, read-only, not
    /// permitted, or failing. `folder` names the place when it is known (see
    /// [`Error::on_disk_of`]).
    #[error("{}", .problem.describe(.folder.as_deref()))]
    Disk {
        problem: DiskProblem,
        folder: Option<PathBuf>,
    },
    #[error("the database reported an error ({0})")]
    Database(String),
    /// The team server could not be reached, or refused the request; the
    /// replica keeps working offline.
    #[error("the team server is unreachable or refused the request: {0}")]
    SyncServer(String),
    /// An append to the team log lost the race: another replica appended
    /// first. Pull what arrived and try again.
    #[error("the team log moved on to change {head}; fetch it and try again")]
    LogMoved {
        /// The log's last change now.
        head: i64,
    },
}

/// Why input was refused, for [`Error::InvalidInput`]: an English sentence
/// and a stable reason with named parameters, so a screen can say it in
/// another language; every check of core's gives one (a test reads the
/// sources), and only a front end's own refusal may come without
/// (`Invalid::from` a sentence). Neither holds the value that was refused.
///
/// The reasons: `required` (`field`), `multiline` (`field`), `too-long`
/// (`field`, `length`, `limit`), `control-characters` (`field`), `too-many`
/// (`field`, `limit`), `email-invalid` and `phone-invalid` (`position`, from
/// 1); for a task, `time-invalid` and `needs-due-date` (`field`),
/// `out-of-range` (`field`, `min`, `limit`, in minutes) and
/// `assignee-cannot-hold` (`role`); for a change to many contacts,
/// `bulk-too-many` (`limit`); for a page of a list, `cursor-invalid`
/// (ADR 0023); for the forms, also `already-exists`, `value-not-allowed`,
/// `date-in-past` and `moment-invalid` (`field`) and the reasons of their
/// own that `docs/i18n.md` lists, as do the checks outside the forms
/// (rights requests, breaches, access reviews, backups, the security
/// policy, …). `field` is the field's name as the English sentence says it
/// (`name`, `e-mail address`, `postal code`), or a custom field's label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    message: String,
    reason: Option<&'static str>,
    params: BTreeMap<&'static str, String>,
}

impl Invalid {
    /// Input refused for `reason`, said in English by `message`.
    pub fn new(reason: &'static str, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            reason: Some(reason),
            params: BTreeMap::new(),
        }
    }

    /// With the parameter `key` set to `value`.
    #[must_use]
    pub fn with(mut self, key: &'static str, value: impl ToString) -> Self {
        self.params.insert(key, value.to_string());
        self
    }

    /// The English sentence.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The stable reason, when the check that refused the input has one.
    pub fn reason(&self) -> Option<&'static str> {
        self.reason
    }

    /// The reason's named parameters.
    pub fn params(&self) -> &BTreeMap<&'static str, String> {
        &self.params
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<String> for Invalid {
    fn from(message: String) -> Self {
        Self {
            message,
            reason: None,
            params: BTreeMap::new(),
        }
    }
}

impl From<&str> for Invalid {
    fn from(message: &str) -> Self {
        message.to_owned().into()
    }
}

impl From<Invalid> for Error {
    fn from(invalid: Invalid) -> Self {
        Self::InvalidInput(invalid)
    }
}

/// What the disk did, for [`Error::Disk`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskProblem {
    /// No space left.
    Full,
    /// The file system is mounted read-only.
    ReadOnly,
    /// This account may not read or write there.
    PermissionDenied,
    /// The database file could not be opened (the cause is not known yet).
    CannotOpen,
    /// A read or write failed (the cause is not known yet).
    Failed,
}

impl DiskProblem {
    fn describe(self, folder: Option<&std::path::Path>) -> String {
        let place = folder.map(|f| f.display().to_string());
        match (self, place) {
            (Self::Full, Some(p)) => {
                format!("the disk holding {p} is full; free some space and try again")
            }
            (Self::Full, None) => "the disk is full; free some space and try again".into(),
            (Self::ReadOnly, Some(p)) => format!(
                "the disk holding {p} is read-only; Steward needs to write there even to read the vault"
            ),
            (Self::ReadOnly, None) => "the disk holding the vault is read-only".into(),
            (Self::PermissionDenied, Some(p)) => {
                format!("permission denied: this account may not write the files in {p}")
            }
            (Self::PermissionDenied, None) => {
                "permission denied: this account may not write the vault's files".into()
            }
            (Self::CannotOpen, Some(p)) => format!(
                "could not open the vault's database in {p}: the folder may be missing, read-only or not yours"
            ),
            (Self::CannotOpen, None) => "could not open the vault's database file".into(),
            (Self::Failed, Some(p)) => format!(
                "reading or writing the vault's files in {p} failed; the disk may be full, read-only or failing"
            ),
            (Self::Failed, None) => {
                "reading or writing the vault's files failed; the disk may be full, read-only or failing".into()
            }
        }
    }
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
            Self::PermissionDenied { .. }
            | Self::PolicyRefused(_)
            | Self::RulesNotAcknowledged { .. } => ErrorKind::PermissionDenied,
            Self::LockedByPolicy => ErrorKind::Locked,
            Self::ReauthRequired { .. } => ErrorKind::ReauthRequired,
            Self::Integrity(_) | Self::BackupIntegrity(_) => ErrorKind::Integrity,
            Self::Locked => ErrorKind::Locked,
            Self::MalformedRecoveryKey(_)
            | Self::InvalidInput(_)
            | Self::WeakPassword { .. }
            | Self::NoVault(_)
            | Self::FolderNotEmpty(_)
            | Self::VaultTooNew { .. } => ErrorKind::InvalidInput,
            Self::NotFound { .. } => ErrorKind::NotFound,
            Self::Io { .. }
            | Self::Busy
            | Self::Disk { .. }
            | Self::Database(_)
            | Self::Keychain(_)
            | Self::VaultInUse
            | Self::VaultRestoring
            | Self::SyncServer(_)
            | Self::LogMoved { .. } => ErrorKind::Other,
        }
    }

    pub(crate) fn io(action: impl Into<String>) -> impl FnOnce(std::io::Error) -> Self {
        let action = action.into();
        move |source| Self::Io { action, source }
    }

    /// The stable reason a screen says the error by in its own words, with
    /// [`Error::params`]: refused input's reason when its check has one, and
    /// one for every other error (`wrong-password`, `throttled`,
    /// `not-found`, `disk-full`, …). Every reason is in [`REASONS`].
    pub fn reason(&self) -> Option<&'static str> {
        Some(match self {
            Self::InvalidInput(invalid) => return invalid.reason(),
            Self::RulesNotAcknowledged { .. } => RULES_NOT_ACKNOWLEDGED,
            Self::WrongPassword => "wrong-password",
            Self::WrongRecoveryKey => "wrong-recovery-key",
            Self::DeviceUnavailable(_) => "device-unavailable",
            Self::Keychain(_) => "keychain",
            Self::LockedByPolicy => "locked-by-policy",
            Self::ReauthRequired { .. } => "reauth-required",
            Self::PolicyRefused(_) => "policy-refused",
            Self::Throttled { .. } => "throttled",
            Self::MalformedRecoveryKey(_) => "recovery-key-malformed",
            Self::UserDisabled(_) => "user-disabled",
            Self::PasswordChangeRequired => "password-change-required",
            Self::Locked => "locked",
            Self::VaultInUse => "vault-in-use",
            Self::VaultRestoring => "vault-restoring",
            Self::NoVault(_) => "no-vault",
            Self::FolderNotEmpty(_) => "folder-not-empty",
            Self::Integrity(_) => "integrity",
            Self::BackupIntegrity(_) => "backup-integrity",
            Self::VaultTooNew { .. } => "vault-too-new",
            Self::PermissionDenied { .. } => "permission-denied",
            Self::WeakPassword { .. } => "weak-password",
            Self::NotFound { .. } => "not-found",
            Self::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                    "io-disk-full"
                }
                std::io::ErrorKind::ReadOnlyFilesystem => "io-read-only",
                std::io::ErrorKind::PermissionDenied => "io-permission-denied",
                std::io::ErrorKind::NotFound => "io-not-found",
                std::io::ErrorKind::AlreadyExists => "io-already-exists",
                _ => "io-failed",
            },
            Self::Busy => "busy",
            Self::Disk { problem, .. } => match problem {
                DiskProblem::Full => "disk-full",
                DiskProblem::ReadOnly => "disk-read-only",
                DiskProblem::PermissionDenied => "disk-permission-denied",
                DiskProblem::CannotOpen => "disk-cannot-open",
                DiskProblem::Failed => "disk-failed",
            },
            Self::Database(_) => "database",
            Self::SyncServer(_) => "sync-server",
            Self::LogMoved { .. } => "log-moved",
        })
    }

    /// The named values of [`Error::reason`]: refused input's parameters,
    /// and for the other errors the values their sentence names that a
    /// screen needs (`seconds`, `entity`, `folder`, `limit`, `head`, …).
    /// Never a password, a key or a refused value.
    pub fn params(&self) -> BTreeMap<&'static str, String> {
        let mut params = BTreeMap::new();
        let mut put = |key: &'static str, value: String| {
            params.insert(key, value);
        };
        match self {
            Self::InvalidInput(invalid) => return invalid.params().clone(),
            Self::RulesNotAcknowledged { version } => put("version", version.to_string()),
            Self::DeviceUnavailable(user) | Self::UserDisabled(user) => put("user", user.clone()),
            Self::ReauthRequired { contacts, limit } => {
                put("contacts", contacts.to_string());
                put("limit", limit.to_string());
            }
            Self::Throttled { seconds } => put("seconds", seconds.to_string()),
            Self::NoVault(folder) | Self::FolderNotEmpty(folder) => {
                put("folder", folder.display().to_string());
            }
            Self::Disk {
                folder: Some(folder),
                ..
            } => put("folder", folder.display().to_string()),
            Self::VaultTooNew { found, supported } => {
                put("found", found.to_string());
                put("supported", supported.to_string());
            }
            Self::PermissionDenied { role, permission } => {
                put("role", (*role).to_owned());
                put("permission", (*permission).to_owned());
            }
            Self::WeakPassword { code, .. } => put("advice", (*code).to_owned()),
            Self::NotFound { entity, .. } => put("entity", (*entity).to_owned()),
            Self::LogMoved { head } => put("head", head.to_string()),
            _ => {}
        }
        params
    }

    /// The reason and parameters of refused input, when it has them.
    pub fn invalid_input(&self) -> Option<&Invalid> {
        match self {
            Self::InvalidInput(invalid) => Some(invalid),
            _ => None,
        }
    }

    fn disk(problem: DiskProblem) -> Self {
        Self::Disk {
            problem,
            folder: None,
        }
    }

    /// Names `folder` as the place of a disk error that names none, and,
    /// where SQLite could only say that opening or writing failed, finds out
    /// why by writing a small probe file there: a full disk, a read-only one
    /// or a missing permission are then said as such. Other errors pass
    /// through unchanged, except a file operation of the vault's own (the
    /// keyslots file, its lock) that failed because the disk is full or
    /// read-only, which becomes the same disk error.
    #[must_use]
    pub fn on_disk_of(self, folder: &std::path::Path) -> Self {
        let problem = match self {
            Self::Disk {
                problem,
                folder: None,
            } => problem,
            Self::Io { ref source, .. } => match source.kind() {
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                    DiskProblem::Full
                }
                std::io::ErrorKind::ReadOnlyFilesystem => DiskProblem::ReadOnly,
                _ => return self,
            },
            _ => return self,
        };
        let problem = match problem {
            DiskProblem::CannotOpen | DiskProblem::Failed => probe(folder).unwrap_or(problem),
            known => known,
        };
        Self::Disk {
            problem,
            folder: Some(folder.to_owned()),
        }
    }

    /// What an I/O error means for the user, in words and without the
    /// operating system's error number: "the disk is full", "the disk is
    /// read-only", "permission denied", …
    pub fn io_reason(err: &std::io::Error) -> String {
        use std::io::ErrorKind as K;
        match err.kind() {
            K::StorageFull => "the disk is full".into(),
            K::ReadOnlyFilesystem => "the disk is read-only".into(),
            K::PermissionDenied => "permission denied".into(),
            K::NotFound => "it does not exist".into(),
            K::AlreadyExists => "it already exists".into(),
            K::QuotaExceeded => "the disk quota is used up".into(),
            _ => {
                let text = err.to_string();
                match text.find(" (os error ") {
                    Some(at) => text[..at].to_owned(),
                    None => text,
                }
            }
        }
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
            Some(ErrorCode::DiskFull) => Self::disk(DiskProblem::Full),
            Some(ErrorCode::ReadOnly) => Self::disk(DiskProblem::ReadOnly),
            Some(ErrorCode::PermissionDenied) => Self::disk(DiskProblem::PermissionDenied),
            Some(ErrorCode::CannotOpen) => Self::disk(DiskProblem::CannotOpen),
            Some(ErrorCode::SystemIoFailure) => Self::disk(DiskProblem::Failed),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
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

/// Why `folder` refuses writes, found by writing and syncing a small
/// scratch file there (removed again); `None` when the write works or fails
/// for another reason.
fn probe(folder: &std::path::Path) -> Option<DiskProblem> {
    use std::io::Write as _;
    let from = |err: std::io::Error| match err.kind() {
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
            Some(DiskProblem::Full)
        }
        std::io::ErrorKind::ReadOnlyFilesystem => Some(DiskProblem::ReadOnly),
        std::io::ErrorKind::PermissionDenied => Some(DiskProblem::PermissionDenied),
        _ => None,
    };
    let mut file = match tempfile::tempfile_in(folder) {
        Ok(file) => file,
        Err(err) => return from(err),
    };
    match file
        .write_all(&[0; 64 * 1024])
        .and_then(|()| file.sync_all())
    {
        Ok(()) => None,
        Err(err) => from(err),
    }
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every `.rs` file of core's sources with its text, for the tests that
/// check what the sources name (reasons given, alerts raised).
#[cfg(test)]
pub(crate) fn source_files() -> Vec<(std::path::PathBuf, String)> {
    source_files_in(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

/// Every `.rs` file under `dir` with its text.
#[cfg(any(test, feature = "test-support"))]
#[allow(
    clippy::unwrap_used,
    reason = "a test helper: an unreadable source fails the test"
)]
pub(crate) fn source_files_in(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

/// Where the sources under `dir` (test files and `mod tests` left out)
/// make refused input from a bare sentence, which a screen could only show
/// in English: `file:line: constructor` for each.
#[cfg(any(test, feature = "test-support"))]
pub(crate) fn bare_refusals(dir: &std::path::Path) -> Vec<String> {
    // Split, so that this list is not found in this file.
    let bare = [
        concat!("Error::", "invalid("),
        concat!("Invalid::", "from("),
        concat!("InvalidInput", "(format!"),
        concat!("InvalidInput", "(\""),
        concat!("InvalidInput", "(String"),
    ];
    let mut found = Vec::new();
    for (path, text) in source_files_in(dir) {
        if path.ends_with("tests.rs") {
            continue;
        }
        let code = text
            .split("#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        for needle in bare {
            for (at, _) in code.match_indices(needle) {
                let line = code[..at].lines().count();
                found.push(format!("{}:{line}: {needle}", path.display()));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reasons core's sources give refused input: the first string
    /// after each `Invalid::new(`.
    fn reasons_in_sources() -> Vec<String> {
        let mut out = Vec::new();
        for (_, text) in source_files() {
            for (at, _) in text.match_indices("Invalid::new(") {
                let rest = text[at + "Invalid::new(".len()..].trim_start();
                if let Some(rest) = rest.strip_prefix('"') {
                    out.push(rest[..rest.find('"').unwrap()].to_owned());
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn every_reason_core_gives_refused_input_is_listed() {
        let found = reasons_in_sources();
        assert!(found.len() > 40, "{found:?}");
        for reason in &found {
            if reason == "too-long" || !reason.contains(' ') {
                assert!(
                    REASONS.contains(&reason.as_str()),
                    "{reason} is not in REASONS"
                );
            }
        }
        let mut sorted = REASONS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), REASONS.len(), "a reason is listed twice");
        assert!(REASONS.iter().all(|r| {
            r.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        }));
    }

    #[test]
    fn every_error_has_a_listed_reason_and_its_values() {
        let io = |kind| Error::Io {
            action: "write the backup".into(),
            source: std::io::Error::from(kind),
        };
        let errors = [
            (Error::WrongPassword, "wrong-password", vec![]),
            (Error::WrongRecoveryKey, "wrong-recovery-key", vec![]),
            (
                Error::DeviceUnavailable("ana".into()),
                "device-unavailable",
                vec![("user", "ana")],
            ),
            (Error::Keychain("x".into()), "keychain", vec![]),
            (Error::LockedByPolicy, "locked-by-policy", vec![]),
            (
                Error::ReauthRequired {
                    contacts: 600,
                    limit: 500,
                },
                "reauth-required",
                vec![("contacts", "600"), ("limit", "500")],
            ),
            (Error::PolicyRefused("no".into()), "policy-refused", vec![]),
            (
                Error::RulesNotAcknowledged { version: 3 },
                RULES_NOT_ACKNOWLEDGED,
                vec![("version", "3")],
            ),
            (
                Error::Throttled { seconds: 30 },
                "throttled",
                vec![("seconds", "30")],
            ),
            (
                Error::MalformedRecoveryKey("x".into()),
                "recovery-key-malformed",
                vec![],
            ),
            (
                Error::UserDisabled("ion".into()),
                "user-disabled",
                vec![("user", "ion")],
            ),
            (
                Error::PasswordChangeRequired,
                "password-change-required",
                vec![],
            ),
            (Error::Locked, "locked", vec![]),
            (Error::VaultInUse, "vault-in-use", vec![]),
            (Error::VaultRestoring, "vault-restoring", vec![]),
            (
                Error::NoVault(PathBuf::from("/v")),
                "no-vault",
                vec![("folder", "/v")],
            ),
            (
                Error::FolderNotEmpty(PathBuf::from("/v")),
                "folder-not-empty",
                vec![("folder", "/v")],
            ),
            (Error::Integrity("x".into()), "integrity", vec![]),
            (
                Error::BackupIntegrity("x".into()),
                "backup-integrity",
                vec![],
            ),
            (
                Error::VaultTooNew {
                    found: 30,
                    supported: 19,
                },
                "vault-too-new",
                vec![("found", "30"), ("supported", "19")],
            ),
            (
                Error::PermissionDenied {
                    role: "viewer",
                    permission: "contacts.edit",
                },
                "permission-denied",
                vec![("permission", "contacts.edit"), ("role", "viewer")],
            ),
            (
                Error::WeakPassword {
                    advice: "Avoid sequences.".into(),
                    code: "avoid-sequences",
                },
                "weak-password",
                vec![("advice", "avoid-sequences")],
            ),
            (
                Error::NotFound {
                    entity: "contact",
                    id: "7".into(),
                },
                "not-found",
                vec![("entity", "contact")],
            ),
            (io(std::io::ErrorKind::StorageFull), "io-disk-full", vec![]),
            (
                io(std::io::ErrorKind::ReadOnlyFilesystem),
                "io-read-only",
                vec![],
            ),
            (
                io(std::io::ErrorKind::PermissionDenied),
                "io-permission-denied",
                vec![],
            ),
            (io(std::io::ErrorKind::NotFound), "io-not-found", vec![]),
            (
                io(std::io::ErrorKind::AlreadyExists),
                "io-already-exists",
                vec![],
            ),
            (io(std::io::ErrorKind::Interrupted), "io-failed", vec![]),
            (Error::Busy, "busy", vec![]),
            (Error::disk(DiskProblem::Full), "disk-full", vec![]),
            (
                Error::Disk {
                    problem: DiskProblem::ReadOnly,
                    folder: Some(PathBuf::from("/v")),
                },
                "disk-read-only",
                vec![("folder", "/v")],
            ),
            (
                Error::disk(DiskProblem::PermissionDenied),
                "disk-permission-denied",
                vec![],
            ),
            (
                Error::disk(DiskProblem::CannotOpen),
                "disk-cannot-open",
                vec![],
            ),
            (Error::disk(DiskProblem::Failed), "disk-failed", vec![]),
            (Error::Database("x".into()), "database", vec![]),
            (Error::SyncServer("x".into()), "sync-server", vec![]),
            (
                Error::LogMoved { head: 42 },
                "log-moved",
                vec![("head", "42")],
            ),
        ];
        let mut seen = Vec::new();
        for (err, reason, params) in errors {
            assert_eq!(err.reason(), Some(reason), "{err:?}");
            assert!(REASONS.contains(&reason), "{reason}");
            let expected: BTreeMap<&str, String> =
                params.into_iter().map(|(k, v)| (k, v.to_owned())).collect();
            assert_eq!(err.params(), expected, "{err:?}");
            seen.push(reason);
        }
        // Each of the other errors' reasons is one of these.
        let input = reasons_in_sources();
        for reason in REASONS {
            assert!(
                seen.contains(reason) || input.iter().any(|r| r == reason),
                "{reason} is listed but nothing gives it"
            );
        }
    }

    #[test]
    fn refused_input_without_a_reason_has_none() {
        let err = Error::from(Invalid::from("the thing is wrong"));
        assert_eq!(err.reason(), None);
        assert!(err.params().is_empty());
    }

    /// Every check of core's that refuses input gives a reason, so a screen
    /// can say it in the interface language: no source outside the tests
    /// makes refused input from a bare sentence.
    #[test]
    fn every_check_that_refuses_input_gives_a_reason() {
        let found = bare_refusals(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
        assert!(
            found.is_empty(),
            "refused input without a reason: {found:#?}"
        );
    }
}

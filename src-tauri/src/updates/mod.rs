//! "Check for updates" for the builds the Tauri updater serves (Windows,
//! macOS; on Linux only an AppImage): Steward's own commands over
//! `tauri-plugin-updater`, so the machine's policy is enforced here, errors
//! follow the `{code, message}` contract, and nothing is installed until
//! the user has said yes to the version they were shown.
//!
//! The window may not call the plugin's own commands (the capability does
//! not grant them). An update is a minisign-signed artefact named in the
//! release channel's `latest.json`; the plugin checks its signature against
//! the public key in `tauri.conf.json`, and the version the signature
//! carries against the version announced (`requireSignedVersion`), before
//! anything is installed.

pub mod policy;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;
use steward_core::backup::BackupKind;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use tauri_plugin_updater::{Update, UpdaterExt};
use ts_rs::TS;

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use policy::{PolicyFile, UpdateChannel, UpdatePolicy};

/// Sent, with an [`UpdateOffer`], when the start-up check found a newer
/// version.
pub const UPDATE_AVAILABLE_EVENT: &str = "update-available";

/// How long one request to the release channel may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// A newer version the release channel offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UpdateOffer {
    pub version: String,
    /// The release notes, as the manifest has them (English).
    pub notes: Option<String>,
}

/// What the Settings screen shows before anyone checks.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UpdateStatus {
    pub current_version: String,
    pub policy: UpdatePolicy,
    /// The machine's policy file, when there is one.
    pub policy_file: Option<String>,
    /// The policy file could not be read or understood, so updates are off.
    pub policy_invalid: bool,
    pub channel: UpdateChannel,
    /// A version found by an earlier check and not installed yet.
    pub available: Option<UpdateOffer>,
}

/// The answer to "Check for updates": `available` is `None` when this is
/// the newest version.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UpdateCheck {
    pub current_version: String,
    pub available: Option<UpdateOffer>,
}

/// Why no update was checked for or installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateError {
    /// The machine's policy forbids update requests.
    Off,
    /// A `.deb`/`.rpm` install: its package manager updates it.
    PackageManager,
    /// The release channel could not be reached or gave no usable answer.
    Unreachable(String),
    /// The download's signature is missing, wrong, or for another version.
    BadSignature(String),
    /// "Install" for a version no check has offered (or another one).
    NotOffered,
    /// Downloading or installing failed for another reason.
    Failed(String),
}

impl UpdateError {
    /// The stable reason the UI says in the user's language.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::Off => "updates-off",
            Self::PackageManager => "updates-package-manager",
            Self::Unreachable(_) => "update-unreachable",
            Self::BadSignature(_) => "update-bad-signature",
            Self::NotOffered => "update-not-offered",
            Self::Failed(_) => "update-failed",
        }
    }

    fn message(&self) -> String {
        match self {
            Self::Off => "Checking for updates is turned off on this computer.".to_owned(),
            Self::PackageManager => {
                "This copy of Steward is updated by the system's package manager.".to_owned()
            }
            Self::Unreachable(detail) => {
                format!("The update server could not be reached ({detail}).")
            }
            Self::BadSignature(detail) => format!(
                "The update was refused: its signature is not valid ({detail}). Nothing was installed."
            ),
            Self::NotOffered => "That update is no longer on offer; check again.".to_owned(),
            Self::Failed(detail) => format!("The update could not be installed ({detail})."),
        }
    }
}

impl From<UpdateError> for ApiError {
    fn from(err: UpdateError) -> Self {
        Self::new(ErrorCode::Other, err.reason(), err.message())
    }
}

impl From<tauri_plugin_updater::Error> for UpdateError {
    fn from(err: tauri_plugin_updater::Error) -> Self {
        use tauri_plugin_updater::Error as E;
        let detail = err.to_string();
        match err {
            E::Minisign(_)
            | E::Base64(_)
            | E::SignatureUtf8(_)
            | E::SignedVersionMismatch { .. }
            | E::MissingSignedVersion => Self::BadSignature(detail),
            E::Reqwest(_)
            | E::Network(_)
            | E::ReleaseNotFound
            | E::Serialization(_)
            | E::Semver(_)
            | E::UrlParse(_)
            | E::TargetNotFound(_)
            | E::TargetsNotFound(_)
            | E::InsecureTransportProtocol => Self::Unreachable(detail),
            _ => Self::Failed(detail),
        }
    }
}

/// The updater's state: where the policy is read from, how this copy is
/// updated, and the update a check offered (held until installed).
pub struct Updates {
    policy_path: PathBuf,
    channel: UpdateChannel,
    offered: Mutex<Option<Update>>,
}

impl std::fmt::Debug for Updates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Updates")
            .field("policy_path", &self.policy_path)
            .field("channel", &self.channel)
            .field("offered", &self.offer())
            .finish()
    }
}

impl Updates {
    pub fn new(policy_path: PathBuf, channel: UpdateChannel) -> Self {
        Self {
            policy_path,
            channel,
            offered: Mutex::new(None),
        }
    }

    /// For this process: the machine's policy file, and the updater unless
    /// this is a Linux build that is not an AppImage.
    pub fn for_this_computer<R: Runtime>(app: &AppHandle<R>) -> Self {
        // Tauri knows `APPIMAGE` on Linux only; elsewhere there is none.
        #[cfg(target_os = "linux")]
        let appimage = app.env().appimage.is_some();
        #[cfg(not(target_os = "linux"))]
        let appimage = {
            let _ = app;
            false
        };
        Self::new(
            policy::policy_path(),
            policy::channel_for(std::env::consts::OS, appimage),
        )
    }

    /// The policy as the file says now (read each time, so an
    /// administrator's change holds without a restart).
    pub fn policy(&self) -> PolicyFile {
        policy::read_policy(&self.policy_path)
    }

    /// Whether a check may be made: `at_start` asks for the start-up one.
    pub fn allowed(&self, at_start: bool) -> Result<(), UpdateError> {
        if self.channel == UpdateChannel::PackageManager {
            return Err(UpdateError::PackageManager);
        }
        match (self.policy().policy, at_start) {
            (UpdatePolicy::Off, _) | (UpdatePolicy::OnRequest, true) => Err(UpdateError::Off),
            _ => Ok(()),
        }
    }

    fn offer(&self) -> Option<UpdateOffer> {
        self.offered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .map(offer_of)
    }

    fn set_offered(&self, update: Option<Update>) {
        *self
            .offered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = update;
    }

    /// The offered update, if it is `version`.
    fn offered(&self, version: &str) -> Option<Update> {
        self.offered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .filter(|u| u.version == version)
            .cloned()
    }

    /// Asks the release channel for a newer version, when the policy and
    /// the channel allow it (else no request is made), and remembers it.
    pub async fn check<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        at_start: bool,
    ) -> Result<Option<UpdateOffer>, UpdateError> {
        self.allowed(at_start)?;
        let updater = app.updater_builder().timeout(TIMEOUT).build()?;
        let update = updater.check().await?;
        let offer = update.as_ref().map(offer_of);
        self.set_offered(update);
        Ok(offer)
    }

    /// Downloads the offered `version` and checks its signature; returns
    /// the update and its verified bytes, ready to install.
    pub async fn download(&self, version: &str) -> Result<(Update, Vec<u8>), UpdateError> {
        self.allowed(false)?;
        let update = self.offered(version).ok_or(UpdateError::NotOffered)?;
        let bytes = update.download(|_, _| {}, || {}).await?;
        Ok((update, bytes))
    }
}

fn offer_of(update: &Update) -> UpdateOffer {
    UpdateOffer {
        version: update.version.clone(),
        notes: update.body.clone().filter(|n| !n.trim().is_empty()),
    }
}

/// The start-up check, when the policy asks for it: a found version is
/// remembered and announced to the window; a failure is only logged.
pub fn start(app: AppHandle) {
    if app.state::<Updates>().allowed(true).is_err() {
        return;
    }
    tauri::async_runtime::spawn(async move {
        let updates = app.state::<Updates>();
        match updates.check(&app, true).await {
            Ok(Some(offer)) => {
                let _ = app.emit(UPDATE_AVAILABLE_EVENT, offer);
            }
            Ok(None) => {}
            Err(err) => eprintln!("steward: the start-up update check failed: {err:?}"),
        }
    });
}

/// The policy, the channel, the running version and any version found.
/// Makes no request.
#[tauri::command]
pub fn update_status(app: AppHandle, updates: State<'_, Updates>) -> UpdateStatus {
    let read = updates.policy();
    UpdateStatus {
        current_version: app.package_info().version.to_string(),
        policy: read.policy,
        policy_file: read.path.map(|p| p.display().to_string()),
        policy_invalid: read.invalid,
        channel: updates.channel,
        available: updates.offer(),
    }
}

/// "Check for updates": asks the release channel, never installs.
#[tauri::command]
pub async fn check_for_update(
    app: AppHandle,
    updates: State<'_, Updates>,
) -> ApiResult<UpdateCheck> {
    let available = updates.check(&app, false).await?;
    Ok(UpdateCheck {
        current_version: app.package_info().version.to_string(),
        available,
    })
}

/// Installs `version`, the one the user was shown and said yes to: it must
/// be the one the last check offered. The download's signature is checked
/// first; then what changed is backed up and the vault locked, the update
/// installed and Steward restarted (on Windows the installer ends it).
#[tauri::command]
pub async fn install_update(
    app: AppHandle,
    updates: State<'_, Updates>,
    state: State<'_, AppState>,
    version: String,
) -> ApiResult<()> {
    let (update, bytes) = updates.download(&version).await?;
    state.lock_after_backup(BackupKind::Quit)?;
    update.install(bytes).map_err(UpdateError::from)?;
    updates.set_offered(None);
    app.restart()
}

//! Whether this computer may look for updates, and through what.
//!
//! The policy is the machine's, not the vault's (ADR 0016): a file that only
//! the computer's administrator can write, read before anyone unlocks, so
//! "off" holds for the start-up check too and an office without internet is
//! never sent a request.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the administrator allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum UpdatePolicy {
    /// No update request ever leaves the computer.
    Off,
    /// Only when someone presses "Check for updates" (the default).
    OnRequest,
    /// Also once when the app starts.
    AtStart,
}

/// How this copy of Steward gets its new versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum UpdateChannel {
    /// The signed Tauri updater: Windows, macOS and a Linux AppImage.
    Updater,
    /// A `.deb` or `.rpm` install: APT or DNF brings new versions, and the
    /// app never calls the updater.
    PackageManager,
}

/// The policy in force and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyFile {
    pub policy: UpdatePolicy,
    /// The file it was read from; `None` when there is none (the default).
    pub path: Option<PathBuf>,
    /// The file exists but could not be read or understood: the policy is
    /// then `Off`, the safe side for an office that meant to forbid updates.
    pub invalid: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyJson {
    updates: UpdatePolicy,
}

/// The machine-wide policy file: `%ProgramData%\Steward\policy.json` on
/// Windows, `/Library/Application Support/Steward/policy.json` on macOS,
/// `/etc/steward/policy.json` elsewhere.
pub fn policy_path() -> PathBuf {
    if cfg!(windows) {
        let base = std::env::var_os("ProgramData")
            .map_or_else(|| PathBuf::from(r"C:\ProgramData"), PathBuf::from);
        base.join("Steward").join("policy.json")
    } else if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/Steward/policy.json")
    } else {
        PathBuf::from("/etc/steward/policy.json")
    }
}

/// Reads the policy at `path`: no file means "check on request"; a file
/// that cannot be read or is not `{"updates": "off" | "on-request" |
/// "at-start"}` means "off".
pub fn read_policy(path: &Path) -> PolicyFile {
    match std::fs::read(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => PolicyFile {
            policy: UpdatePolicy::OnRequest,
            path: None,
            invalid: false,
        },
        Err(_) => PolicyFile {
            policy: UpdatePolicy::Off,
            path: Some(path.to_owned()),
            invalid: true,
        },
        Ok(bytes) => match serde_json::from_slice::<PolicyJson>(&bytes) {
            Ok(json) => PolicyFile {
                policy: json.updates,
                path: Some(path.to_owned()),
                invalid: false,
            },
            Err(_) => PolicyFile {
                policy: UpdatePolicy::Off,
                path: Some(path.to_owned()),
                invalid: true,
            },
        },
    }
}

/// The channel for a build for `os` (as `std::env::consts::OS` names it),
/// `appimage` telling whether it runs from an AppImage. On Linux and the
/// BSDs, anything but an AppImage came from a package.
pub fn channel_for(os: &str, appimage: bool) -> UpdateChannel {
    match os {
        "windows" | "macos" => UpdateChannel::Updater,
        _ if appimage => UpdateChannel::Updater,
        _ => UpdateChannel::PackageManager,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy_in(text: &str) -> PolicyFile {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.json");
        steward_core::fsutil::write_atomically(&path, text.as_bytes()).unwrap();
        read_policy(&path)
    }

    #[test]
    fn no_policy_file_means_check_on_request() {
        let dir = tempfile::tempdir().unwrap();
        let read = read_policy(&dir.path().join("policy.json"));
        assert_eq!(
            read,
            PolicyFile {
                policy: UpdatePolicy::OnRequest,
                path: None,
                invalid: false
            }
        );
    }

    #[test]
    fn the_file_sets_each_of_the_three_policies() {
        assert_eq!(policy_in(r#"{"updates":"off"}"#).policy, UpdatePolicy::Off);
        assert_eq!(
            policy_in(r#"{"updates": "on-request"}"#).policy,
            UpdatePolicy::OnRequest
        );
        let at_start = policy_in(r#"{"updates": "at-start"}"#);
        assert_eq!(at_start.policy, UpdatePolicy::AtStart);
        assert!(!at_start.invalid);
        assert!(at_start.path.unwrap().ends_with("policy.json"));
    }

    #[test]
    fn a_file_that_cannot_be_understood_turns_updates_off() {
        for text in [
            "",
            "updates=off",
            r#"{"updates": "sometimes"}"#,
            r#"{"updates": "at-start", "extra": 1}"#,
            r#"{"Updates": "at-start"}"#,
        ] {
            let read = policy_in(text);
            assert_eq!(read.policy, UpdatePolicy::Off, "{text}");
            assert!(read.invalid, "{text}");
        }
    }

    #[test]
    fn only_an_appimage_uses_the_updater_on_linux() {
        assert_eq!(channel_for("windows", false), UpdateChannel::Updater);
        assert_eq!(channel_for("macos", false), UpdateChannel::Updater);
        assert_eq!(channel_for("linux", true), UpdateChannel::Updater);
        assert_eq!(channel_for("linux", false), UpdateChannel::PackageManager);
        assert_eq!(channel_for("freebsd", false), UpdateChannel::PackageManager);
    }

    #[test]
    fn the_policy_file_is_machine_wide() {
        let path = policy_path();
        assert!(path.is_absolute());
        assert!(path.ends_with("policy.json"));
        if cfg!(target_os = "linux") {
            assert_eq!(path, Path::new("/etc/steward/policy.json"));
        }
    }
}

//! What the app holds between commands: the open session (or none, which is
//! "locked") and which vault folder it works with.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use steward_core::Session;

use crate::api::vault::dto::SessionInfo;
use crate::error::{ApiError, ApiResult};

/// Remembered between runs in the platform's config folder. Holds no personal
/// data: only where the vault is.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AppConfig {
    vault_dir: Option<PathBuf>,
}

#[derive(Debug)]
pub struct AppState {
    /// `None` while locked: every data command then fails with `locked`.
    session: Mutex<Option<Session>>,
    vault_dir: Mutex<Option<PathBuf>>,
    config_path: Option<PathBuf>,
    /// When the user last touched the window, and how long the open
    /// session may go without that (`None` while locked).
    idle: Mutex<Idle>,
    /// How many sessions were opened: the team sync (`api::team`) serves
    /// one session and stops when this moves on.
    opened: AtomicU64,
}

#[derive(Debug)]
struct Idle {
    last_input: Instant,
    limit: Option<Duration>,
}

fn config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Steward", "Steward")
        .map(|d| d.config_dir().join("app.json"))
}

impl AppState {
    /// The vault folder comes from `STEWARD_VAULT` when set (as for the CLI),
    /// else from the remembered config.
    pub fn load() -> Self {
        let config_path = config_path();
        let remembered = config_path
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| serde_json::from_slice::<AppConfig>(&bytes).ok())
            .and_then(|c| c.vault_dir);
        let from_env = std::env::var_os("STEWARD_VAULT").map(PathBuf::from);
        Self {
            session: Mutex::new(None),
            vault_dir: Mutex::new(from_env.or(remembered)),
            config_path,
            idle: Mutex::new(Idle {
                last_input: Instant::now(),
                limit: None,
            }),
            opened: AtomicU64::new(0),
        }
    }

    /// Makes `session` the open one (locking any other first) and starts
    /// its idle clock; returns what the UI shows of it.
    pub fn open(&self, session: Session) -> ApiResult<SessionInfo> {
        let info = SessionInfo::from(&session);
        self.lock()?;
        // Before the session is in place: whoever sees it sees its number.
        self.opened.fetch_add(1, Ordering::SeqCst);
        *self.session()? = Some(session);
        self.set_idle_limit(Some(Duration::from_secs(u64::from(info.auto_lock_seconds))));
        self.note_input();
        Ok(info)
    }

    /// The number of the last session opened (see `opened`).
    pub fn generation(&self) -> u64 {
        self.opened.load(Ordering::SeqCst)
    }

    /// The user touched the window: the idle clock starts again.
    pub fn note_input(&self) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.last_input = Instant::now();
        }
    }

    /// How long the open session may go without input (`None`: no limit,
    /// as while locked).
    pub fn set_idle_limit(&self, limit: Option<Duration>) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.limit = limit;
        }
    }

    /// How long the open session may go without input.
    pub fn idle_limit(&self) -> Option<Duration> {
        self.idle.lock().ok().and_then(|idle| idle.limit)
    }

    /// Whether the open session has gone without input for its limit.
    pub fn idle_expired(&self) -> bool {
        self.idle.lock().is_ok_and(|idle| {
            idle.limit
                .is_some_and(|limit| idle.last_input.elapsed() >= limit)
        })
    }

    pub fn session(&self) -> ApiResult<MutexGuard<'_, Option<Session>>> {
        self.session.lock().map_err(|_| {
            ApiError::other(
                "app-state-damaged",
                "The app's state is damaged; restart Steward.",
            )
        })
    }

    /// Whether nobody holds the session's lock now (tests of the team sync,
    /// which must not hold it while it waits on the network).
    #[cfg(test)]
    pub(crate) fn session_is_free(&self) -> bool {
        self.session.try_lock().is_ok()
    }

    /// Runs `f` on the open session, or fails with `locked`.
    pub fn with_session<T>(&self, f: impl FnOnce(&mut Session) -> ApiResult<T>) -> ApiResult<T> {
        let mut guard = self.session()?;
        let session = guard.as_mut().ok_or_else(ApiError::locked)?;
        f(session)
    }

    pub fn vault_dir(&self) -> Option<PathBuf> {
        self.vault_dir.lock().ok().and_then(|d| d.clone())
    }

    /// The folder a new vault is suggested in.
    pub fn default_vault_dir(&self) -> PathBuf {
        self.vault_dir()
            .or_else(steward_core::vault::default_dir)
            .unwrap_or_else(|| PathBuf::from("steward-vault"))
    }

    /// Remembers `dir` as the vault folder for the next start.
    pub fn remember_vault_dir(&self, dir: PathBuf) -> ApiResult<()> {
        if let Ok(mut guard) = self.vault_dir.lock() {
            *guard = Some(dir.clone());
        }
        let Some(path) = &self.config_path else {
            return Ok(());
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|_| {
                ApiError::other(
                    "settings-not-saved",
                    "Could not create the settings folder.",
                )
            })?;
        }
        let bytes = serde_json::to_vec_pretty(&AppConfig {
            vault_dir: Some(dir),
        })
        .map_err(|_| ApiError::other("settings-not-saved", "Could not save the settings."))?;
        steward_core::fsutil::write_atomically(path, &bytes)?;
        Ok(())
    }

    /// Locks: closes the database and zeroizes the keys.
    pub fn lock(&self) -> ApiResult<()> {
        self.set_idle_limit(None);
        crate::viewer::clear();
        let session = self.session()?.take();
        if let Some(session) = session {
            // The queue a locked vault notifies from; a convenience, so a
            // failure to write it keeps no vault open.
            let _ = session.write_reminder_queue();
            session.lock()?;
        }
        Ok(())
    }

    /// Locks like [`AppState::lock`], after an automatic backup of `kind`
    /// (on lock, on quit) when something changed since the last one. A failed
    /// backup never keeps the vault open: core records it for the status.
    /// Whether a session was open.
    pub fn lock_after_backup(&self, kind: steward_core::backup::BackupKind) -> ApiResult<bool> {
        self.set_idle_limit(None);
        crate::viewer::clear();
        let session = self.session()?.take();
        let Some(mut session) = session else {
            return Ok(false);
        };
        if session.backup_needed().unwrap_or(false) {
            let _ = session.create_backup(kind, None, &mut |_, _| {});
        }
        let _ = session.write_reminder_queue();
        session.lock()?;
        Ok(true)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use steward_core::Password;
    use steward_core::crypto::KdfParams;
    use steward_core::vault::CreateOptions;

    use super::*;

    /// The bundle identifier changed (from `org.steward.app`) and may not
    /// change what users already have: the vault's default folder, the
    /// app's settings and the keychain entries follow names of their own.
    #[test]
    fn user_data_does_not_follow_the_bundle_identifier() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        let id = conf["identifier"].as_str().unwrap();
        assert_eq!(id, "org.stewardcrm.Steward");
        let paths = [
            config_path().unwrap(),
            steward_core::vault::default_dir().unwrap(),
        ];
        for path in &paths {
            let text = path.to_string_lossy();
            assert!(
                !text.contains(id) && !text.contains("org.steward.app"),
                "{text}"
            );
        }
        if cfg!(target_os = "linux") {
            assert!(paths[1].ends_with("steward/vault"), "{:?}", paths[1]);
            assert!(paths[0].ends_with("steward/app.json"), "{:?}", paths[0]);
        }
        assert_eq!(steward_core::vault::device::SERVICE, "Steward");
    }

    /// A new vault of ada's in `dir`, open (the password is the tests' `velvet cactus orbit 1987 lamp`).
    pub(crate) fn new_session(dir: &std::path::Path) -> Session {
        steward_core::unlock::create(
            dir,
            "ada",
            &Password::new("velvet cactus orbit 1987 lamp"),
            &CreateOptions {
                kdf: KdfParams::FLOOR,
                phone_country: None,
                language: steward_core::locale::Language::En,
            },
        )
        .unwrap()
        .session
    }

    #[test]
    fn an_opened_session_gets_the_policy_idle_time_and_locking_stops_the_clock() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::load();
        assert_eq!(state.idle_limit(), None, "nothing to lock yet");

        let info = state.open(new_session(&dir.path().join("v"))).unwrap();
        assert_eq!(info.auto_lock_seconds, 600, "ten minutes by default");
        assert_eq!(state.idle_limit(), Some(Duration::from_secs(600)));
        assert!(!state.idle_expired(), "just opened");

        state.set_idle_limit(Some(Duration::ZERO));
        assert!(state.idle_expired(), "no input for the whole limit");

        state.lock().unwrap();
        assert!(state.session().unwrap().is_none());
        assert_eq!(state.idle_limit(), None);
        assert!(!state.idle_expired(), "a locked vault has no idle clock");
    }

    #[test]
    fn input_starts_the_idle_clock_again() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::load();
        state.open(new_session(&dir.path().join("v"))).unwrap();
        state.set_idle_limit(Some(Duration::from_millis(300)));
        std::thread::sleep(Duration::from_millis(200));
        state.note_input();
        std::thread::sleep(Duration::from_millis(200));
        assert!(
            !state.idle_expired(),
            "input 200 ms ago, the limit is 300 ms"
        );
        std::thread::sleep(Duration::from_millis(150));
        assert!(state.idle_expired());
    }
}

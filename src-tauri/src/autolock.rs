//! Locking without the Lock button: after the policy's idle time, on Ctrl+L
//! or the Vault menu, and when the computer goes to sleep or the desktop
//! session locks (where the platform says so). Each locks like the button
//! does (a backup of what changed, then the keys are zeroized) and tells the
//! window through the `vault-locked` event, which clears the screens.

use std::time::Duration;

use serde::Serialize;
use steward_core::backup::BackupKind;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use ts_rs::TS;

use crate::state::AppState;

/// The event the window hears when the vault was locked for it.
pub const LOCKED_EVENT: &str = "vault-locked";

/// Why the vault was locked without the user pressing Lock; sent with the
/// `vault-locked` event so the unlock screen can say so.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LockReason {
    /// No input for the policy's idle time.
    Idle,
    /// Ctrl+L or the Vault menu.
    Menu,
    /// The computer went to sleep or the desktop session was locked.
    Desktop,
    /// The check of every page after the unlock found `vault.db` damaged
    /// or altered (ADR 0019).
    Damaged,
}

/// The payload of the `vault-locked` event.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VaultLocked {
    pub reason: LockReason,
    /// A sentence for the unlock screen, in English (the window words it in
    /// the user's language from `reason` and `idle_seconds`).
    pub message: String,
    /// For `idle`: the idle time after which the vault locked, in seconds.
    pub idle_seconds: Option<u32>,
}

/// Locks the open session, if any, and tells the window why.
pub fn lock_now(app: &AppHandle, reason: LockReason) {
    let state = app.state::<AppState>();
    // Read before locking, which clears it.
    let limit = state.idle_limit();
    let message = match reason {
        LockReason::Idle => match limit {
            Some(limit) => format!("Steward locked itself after {} without use.", spoken(limit)),
            None => "Steward locked itself after a while without use.".to_owned(),
        },
        LockReason::Menu => "The vault is locked.".to_owned(),
        LockReason::Desktop => {
            "Steward locked itself because the computer went to sleep or the screen was locked."
                .to_owned()
        }
        LockReason::Damaged => DAMAGED.to_owned(),
    };
    // A failed backup never keeps the vault open; core records it. An error
    // in locking still leaves no session, so the window is told too.
    if !matches!(state.lock_after_backup(BackupKind::Lock), Ok(false)) {
        let idle_seconds = match reason {
            LockReason::Idle => limit.map(|l| u32::try_from(l.as_secs()).unwrap_or(u32::MAX)),
            _ => None,
        };
        let _ = app.emit(
            LOCKED_EVENT,
            VaultLocked {
                reason,
                message,
                idle_seconds,
            },
        );
    }
}

/// What the unlock screen says after the page check failed.
const DAMAGED: &str =
    "The vault is damaged or was altered, so Steward stopped rather than trust it.";

/// Runs the check of every page that the unlock left for later
/// (`steward_core::unlock::PageCheck`, ADR 0019) on its own thread. A
/// failure is confirmed on the session's own connection (a page being
/// checkpointed while it was read can fail once without any damage); if it
/// fails there too, the vault is locked at once — no backup of a damaged
/// file — and the window is told with the `damaged` reason.
pub fn check_pages_in_background<R: Runtime>(
    app: AppHandle<R>,
    check: steward_core::unlock::PageCheck,
) {
    let app_for_failure = app.clone();
    let spawned = std::thread::Builder::new()
        .name("steward-page-check".into())
        .spawn(move || {
            if check.run().is_ok() {
                return;
            }
            let state = app.state::<AppState>();
            let damaged = state.session().is_ok_and(|session| {
                session.as_ref().is_some_and(|s| {
                    !s.pages_checked()
                        && matches!(s.check_pages(), Err(steward_core::Error::Integrity(_)))
                })
            });
            if damaged {
                let _ = state.lock();
                let _ = app.emit(
                    LOCKED_EVENT,
                    VaultLocked {
                        reason: LockReason::Damaged,
                        message: DAMAGED.to_owned(),
                        idle_seconds: None,
                    },
                );
            }
        });
    // Without its thread the check cannot run, and the vault is not used
    // unchecked: it is locked (its backup on locking checks every page).
    if let Err(e) = spawned {
        eprintln!("steward: the page check could not start, so the vault was locked: {e}");
        let state = app_for_failure.state::<AppState>();
        if !matches!(state.lock_after_backup(BackupKind::Lock), Ok(false)) {
            let _ = app_for_failure.emit(
                LOCKED_EVENT,
                VaultLocked {
                    reason: LockReason::Menu,
                    message: "The vault is locked.".to_owned(),
                    idle_seconds: None,
                },
            );
        }
    }
}

/// "10 minutes", "1 minute", "45 seconds".
fn spoken(limit: Duration) -> String {
    let secs = limit.as_secs();
    if secs >= 60 && secs.is_multiple_of(60) {
        let minutes = secs / 60;
        format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
    } else {
        format!("{secs} second{}", if secs == 1 { "" } else { "s" })
    }
}

/// Starts the thread that locks the vault once it has gone without input
/// for its limit. It looks every second; the session is touched only then.
pub fn start_idle_watch(app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("idle-lock".into())
        .spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(1));
                if app.state::<AppState>().idle_expired() {
                    lock_now(&app, LockReason::Idle);
                }
            }
        });
    // Without the thread, the window still locks on Ctrl+L and the button.
    drop(spawned);
}

/// Listens for the desktop saying the computer is going to sleep or the
/// session was locked, and locks then. Linux only: logind's
/// `PrepareForSleep` and session `Lock` on the system bus, and the screen
/// saver's `ActiveChanged` on the session bus. Where a bus is missing, that
/// source is simply not heard.
#[cfg(target_os = "linux")]
pub fn start_desktop_watch(app: &AppHandle) {
    use dbus::blocking::Connection;
    use dbus::message::MatchRule;

    fn listen(
        name: &str,
        app: AppHandle,
        connect: fn() -> Result<Connection, dbus::Error>,
        rules: Vec<(MatchRule<'static>, bool)>,
    ) {
        let spawned = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let Ok(conn) = connect() else {
                    return;
                };
                for (rule, takes_flag) in rules {
                    let app = app.clone();
                    let added = if takes_flag {
                        conn.add_match(rule, move |(on,): (bool,), _, _| {
                            if on {
                                lock_now(&app, LockReason::Desktop);
                            }
                            true
                        })
                    } else {
                        conn.add_match(rule, move |(): (), _, _| {
                            lock_now(&app, LockReason::Desktop);
                            true
                        })
                    };
                    if added.is_err() {
                        return;
                    }
                }
                while conn.process(Duration::from_secs(60)).is_ok() {}
            });
        drop(spawned);
    }

    listen(
        "desktop-session-lock",
        app.clone(),
        Connection::new_session,
        vec![
            (
                MatchRule::new_signal("org.freedesktop.ScreenSaver", "ActiveChanged"),
                true,
            ),
            (
                MatchRule::new_signal("org.gnome.ScreenSaver", "ActiveChanged"),
                true,
            ),
        ],
    );
    listen(
        "desktop-sleep",
        app.clone(),
        Connection::new_system,
        vec![
            (
                MatchRule::new_signal("org.freedesktop.login1.Manager", "PrepareForSleep"),
                true,
            ),
            (
                MatchRule::new_signal("org.freedesktop.login1.Session", "Lock"),
                false,
            ),
        ],
    );
}

/// Other platforms do not report sleep or a locked session to us yet; the
/// idle lock still applies there.
#[cfg(not(target_os = "linux"))]
pub fn start_desktop_watch(_app: &AppHandle) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_words() {
        assert_eq!(spoken(Duration::from_secs(600)), "10 minutes");
        assert_eq!(spoken(Duration::from_secs(60)), "1 minute");
        assert_eq!(spoken(Duration::from_secs(3)), "3 seconds");
        assert_eq!(spoken(Duration::from_secs(90)), "90 seconds");
    }
}

#[cfg(test)]
mod page_check_tests {
    use std::fs::OpenOptions;
    use std::io::{Read, Seek, SeekFrom, Write};
    use std::path::Path;
    use std::sync::mpsc;
    use std::time::Duration;

    use steward_core::records::contacts::NewContact;
    use steward_core::vault::Credentials;
    use steward_core::{Password, Session};
    use tauri::Listener;
    use tauri::test::{mock_builder, mock_context, noop_assets};

    use super::*;

    const PASSWORD: &str = "velvet cactus orbit 1987 lamp";

    fn flip(path: &Path, offset: u64) {
        let mut f = OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .unwrap();
        let mut byte = [0u8; 1];
        f.seek(SeekFrom::Start(offset)).unwrap();
        f.read_exact(&mut byte).unwrap();
        byte[0] ^= 0x01;
        f.seek(SeekFrom::Start(offset)).unwrap();
        f.write_all(&byte).unwrap();
    }

    /// A new vault of ada's in `dir`, open.
    fn create(dir: &Path) -> Session {
        crate::state::tests::new_session(dir)
    }

    fn unlock(dir: &Path) -> steward_core::Result<(Session, steward_core::unlock::PageCheck)> {
        steward_core::unlock::unlock_checking_pages_later(
            dir,
            Credentials::Password {
                user: "ada",
                password: &Password::new(PASSWORD),
            },
        )
    }

    /// ADR 0019 in the app: the unlock lets the user in before every page
    /// is checked; when the check then finds an altered page, the vault is
    /// locked and the window told why.
    #[test]
    fn an_altered_page_found_after_the_unlock_locks_the_vault_and_says_why() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("vault");
        let mut session = create(&dir);
        for i in 0..300 {
            session
                .add_contact(&NewContact {
                    name: format!("Person {i}"),
                    notes: Some("a note long enough to fill pages ".repeat(8)),
                    ..NewContact::default()
                })
                .unwrap();
        }
        session.lock().unwrap();

        // A page the unlock itself does not read: an altered one there is
        // left to the check.
        let db = dir.join(steward_core::vault::DB_FILE);
        let len = std::fs::metadata(&db).unwrap().len();
        let (session, check) = [len / 2, len * 3 / 4, len / 3]
            .into_iter()
            .find_map(|offset| {
                flip(&db, offset);
                let unlocked = unlock(&dir).ok();
                if unlocked.is_none() {
                    flip(&db, offset);
                }
                unlocked
            })
            .expect("an altered page the unlock does not read");
        assert!(!session.pages_checked());

        let app = mock_builder()
            .manage(AppState::load())
            .build(mock_context(noop_assets()))
            .unwrap();
        let (tx, rx) = mpsc::channel();
        app.listen(LOCKED_EVENT, move |event| {
            let _ = tx.send(event.payload().to_owned());
        });
        app.state::<AppState>().open(session).unwrap();
        check_pages_in_background(app.handle().clone(), check);
        let payload = rx.recv_timeout(Duration::from_secs(60)).unwrap();
        let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
        assert_eq!(payload["reason"], "damaged", "{payload}");
        assert_eq!(payload["message"], DAMAGED);
        assert!(app.state::<AppState>().session().unwrap().is_none());
    }

    /// A sound vault stays open, and its check is recorded as done.
    #[test]
    fn a_sound_vault_stays_open_after_its_check() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("vault");
        create(&dir).lock().unwrap();
        let (session, check) = unlock(&dir).unwrap();
        let app = mock_builder()
            .manage(AppState::load())
            .build(mock_context(noop_assets()))
            .unwrap();
        app.state::<AppState>().open(session).unwrap();
        check_pages_in_background(app.handle().clone(), check);
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let checked = app
                .state::<AppState>()
                .session()
                .unwrap()
                .as_ref()
                .map(steward_core::Session::pages_checked);
            match checked {
                Some(true) => break,
                Some(false) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => panic!("the vault was locked or never checked: {other:?}"),
            }
        }
    }
}

//! Locking without the Lock button: after the policy's idle time, on Ctrl+L
//! or the Vault menu, and when the computer goes to sleep or the desktop
//! session locks (where the platform says so). Each locks like the button
//! does (a backup of what changed, then the keys are zeroized) and tells the
//! window through the `vault-locked` event, which clears the screens.

use std::time::Duration;

use serde::Serialize;
use steward_core::backup::BackupKind;
use tauri::{AppHandle, Emitter, Manager};
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
}

/// The payload of the `vault-locked` event.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VaultLocked {
    pub reason: LockReason,
    /// A sentence for the unlock screen.
    pub message: String,
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
    };
    // A failed backup never keeps the vault open; core records it. An error
    // in locking still leaves no session, so the window is told too.
    if !matches!(state.lock_after_backup(BackupKind::Lock), Ok(false)) {
        let _ = app.emit(LOCKED_EVENT, VaultLocked { reason, message });
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

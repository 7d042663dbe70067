//! A request to end the process — SIGTERM from a logout, a shutdown or
//! `kill`, SIGHUP from a closed terminal, SIGINT from Ctrl+C — ends the app
//! the way closing its window does: `RunEvent::Exit` backs up what changed
//! and locks the vault (zeroizing the keys) before the process ends.
//! Without this, those signals ended the process at once, with no backup of
//! the last changes.

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use tauri::AppHandle;

/// Listens on a thread of its own; the first signal asks the app to exit,
/// a second one (the quit backup is taking too long for whoever sent it)
/// ends the process at once, as the signal would have without Steward.
pub fn start(handle: AppHandle) {
    let mut signals = match Signals::new([SIGTERM, SIGHUP, SIGINT]) {
        Ok(signals) => signals,
        Err(err) => {
            eprintln!("steward: cannot listen for termination signals: {err}");
            return;
        }
    };
    std::thread::spawn(move || {
        let mut received = signals.forever();
        if received.next().is_some() {
            handle.exit(0);
        }
        if let Some(signal) = received.next() {
            std::process::exit(128 + signal);
        }
    });
}

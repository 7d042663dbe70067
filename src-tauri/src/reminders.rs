//! Reminder notifications: a background ticker sends a desktop notification
//! for each task reminder that falls due, through the notification plugin.
//!
//! Every [`TICK`], with the vault unlocked, it asks core for the signed-in
//! user's reminders due and not yet notified (missed ones included, so they
//! come at the first tick after an unlock), sends one notification each
//! naming the task ("Call Ana Popescu — 14:00"), rewrites the locked-vault
//! queue and tells the window ([`REMINDERS_EVENT`]) to refresh its list.
//! With the vault locked it reads the queue beside the vault, which holds
//! task ids and times only, and sends the generic text
//! ("1 reminder due — unlock to see it", [`locked_text`]) once for the
//! reminders that fell due since it last said so. The clock is core's, so
//! test builds follow `STEWARD_NOW`.
//!
//! Clicking a notification cannot open the task: on Linux, Windows and
//! macOS the plugin shows a notification and hears nothing back from it.
//! The window's reminders panel is the way to the task.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDateTime;
use steward_core::reminders::local_now;
use steward_core::reminders::queue::{Queue, locked_text};
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// How often the ticker looks.
pub const TICK: Duration = Duration::from_secs(30);

/// The event the window hears when notifications were sent for reminders
/// that fell due, so it shows them.
pub const REMINDERS_EVENT: &str = "reminders-due";

/// The title of every reminder notification.
pub const TITLE: &str = "Steward";

/// Where notifications go: the desktop in the app, a list in tests.
pub trait Notifier {
    /// Sends one notification.
    fn notify(&self, title: &str, body: &str);
}

/// The notification plugin.
struct Desktop(AppHandle);

impl Notifier for Desktop {
    fn notify(&self, title: &str, body: &str) {
        use tauri_plugin_notification::NotificationExt;
        #[cfg(debug_assertions)]
        test_log::append(title, body);
        let _ = self
            .0
            .notification()
            .builder()
            .title(title)
            .body(body)
            .show();
    }
}

/// Debug builds only (the end-to-end tests' app): when
/// `STEWARD_NOTIFICATION_LOG` names a file, each notification handed to the
/// plugin is appended to it as a JSON line `{"title":…,"body":…}`. Builds
/// for users are release builds, which contain neither the code nor the
/// name (`scripts/check-release-binaries` checks).
#[cfg(debug_assertions)]
mod test_log {
    use std::io::Write;

    pub const VAR: &str = "STEWARD_NOTIFICATION_LOG";

    pub fn append(title: &str, body: &str) {
        let Some(path) = std::env::var_os(VAR) else {
            return;
        };
        let line = serde_json::json!({ "title": title, "body": body }).to_string();
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(file, "{line}");
        }
    }
}

/// What the ticker remembers between ticks.
#[derive(Debug, Default)]
pub struct Ticker {
    /// The vault folder of the last session seen, for the locked queue.
    dir: Option<PathBuf>,
    /// Queue entries (task, time) a locked notification already counted.
    told_locked: HashSet<(i64, String)>,
}

impl Ticker {
    /// One look at `now`: sends what fell due; whether the window should
    /// refresh its reminders.
    pub fn tick(&mut self, state: &AppState, now: NaiveDateTime, notifier: &dyn Notifier) -> bool {
        let Ok(mut guard) = state.session() else {
            return false;
        };
        if let Some(session) = guard.as_mut() {
            self.dir = Some(session.vault_dir().to_owned());
            self.told_locked.clear();
            let due = session.reminders_to_notify(now).unwrap_or_default();
            let _ = session.write_reminder_queue();
            drop(guard);
            for reminder in &due {
                notifier.notify(TITLE, &reminder.notification_text(now.date()));
            }
            return !due.is_empty();
        }
        drop(guard);
        let Some(dir) = self.dir.clone().or_else(|| state.vault_dir()) else {
            return false;
        };
        let Some(queue) = Queue::load(&dir) else {
            return false;
        };
        let due = queue.due(now);
        let fresh = due
            .iter()
            .filter(|e| !self.told_locked.contains(&(e.task, e.at.clone())))
            .count();
        if fresh > 0 {
            let n = u64::try_from(due.len()).unwrap_or(u64::MAX);
            notifier.notify(TITLE, &locked_text(queue.language(), n));
            self.told_locked
                .extend(due.iter().map(|e| (e.task, e.at.clone())));
        }
        false
    }
}

/// Starts the ticker thread: a first look at once (a locked vault's missed
/// reminders), then every [`TICK`].
pub fn start(app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("reminders".into())
        .spawn(move || {
            let notifier = Desktop(app.clone());
            let mut ticker = Ticker::default();
            loop {
                let state = app.state::<AppState>();
                if ticker.tick(&state, local_now(), &notifier) {
                    let _ = app.emit(REMINDERS_EVENT, ());
                }
                std::thread::sleep(TICK);
            }
        });
    // Without the thread the window's list still shows due reminders.
    drop(spawned);
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use steward_core::Password;
    use steward_core::crypto::KdfParams;
    use steward_core::records::contacts::NewContact;
    use steward_core::records::tasks::NewTask;
    use steward_core::reminders::MOMENT_FORMAT;
    use steward_core::vault::CreateOptions;

    use super::*;

    #[derive(Default)]
    struct Sent(RefCell<Vec<(String, String)>>);

    impl Notifier for Sent {
        fn notify(&self, title: &str, body: &str) {
            self.0.borrow_mut().push((title.into(), body.into()));
        }
    }

    impl Sent {
        fn take(&self) -> Vec<(String, String)> {
            std::mem::take(&mut self.0.borrow_mut())
        }
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, MOMENT_FORMAT).unwrap()
    }

    fn add(state: &AppState, title: &str, due: &str, time: &str, contact: i64) {
        state
            .with_session(|s| {
                s.add_task(&NewTask {
                    title: title.into(),
                    due_date: Some(due.into()),
                    due_time: Some(time.into()),
                    remind_before_minutes: Some(0),
                    about: Some(steward_core::records::activities::About::Contact(contact)),
                    ..NewTask::default()
                })?;
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn an_unlocked_vault_names_the_task_once_and_a_locked_one_names_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::load();
        let session = steward_core::unlock::create(
            &dir.path().join("v"),
            "ada",
            &Password::new("velvet cactus orbit 1987 lamp"),
            &CreateOptions {
                kdf: KdfParams::FLOOR,
                phone_country: None,
                language: steward_core::locale::Language::En,
            },
        )
        .unwrap()
        .session;
        state.open(session).unwrap();
        let contact = state
            .with_session(|s| {
                Ok(s.add_contact(&NewContact {
                    name: "Ana Popescu".into(),
                    ..NewContact::default()
                })?)
            })
            .unwrap();
        add(&state, "Call Ana Popescu", "2026-12-07", "14:00", contact);
        add(&state, "Meet Ana Popescu", "2026-12-07", "16:00", contact);
        let sent = Sent::default();
        let mut ticker = Ticker::default();

        assert!(!ticker.tick(&state, at("2026-12-07T13:59"), &sent));
        assert!(sent.take().is_empty());
        assert!(ticker.tick(&state, at("2026-12-07T14:00"), &sent));
        assert_eq!(
            sent.take(),
            [("Steward".to_owned(), "Call Ana Popescu — 14:00".to_owned())]
        );
        assert!(!ticker.tick(&state, at("2026-12-07T14:00"), &sent), "once");
        assert!(sent.take().is_empty());

        state.lock().unwrap();
        ticker.tick(&state, at("2026-12-07T15:59"), &sent);
        assert!(sent.take().is_empty(), "nothing due while locked yet");
        ticker.tick(&state, at("2026-12-07T16:00"), &sent);
        let locked = sent.take();
        assert_eq!(
            locked,
            [(
                "Steward".to_owned(),
                "1 reminder due — unlock to see it".to_owned()
            )]
        );
        for (title, body) in &locked {
            for needle in ["Ana", "Popescu", "Meet", "Call", "ada", "16:00"] {
                assert!(
                    !title.contains(needle) && !body.contains(needle),
                    "{needle} in {body}"
                );
            }
        }
        ticker.tick(&state, at("2026-12-07T16:01"), &sent);
        assert!(sent.take().is_empty(), "said once");
    }
}

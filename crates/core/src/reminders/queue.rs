//! The locked-vault queue: the file beside the vault that lists the pending
//! reminders of the user who last had the vault open here, as task ids and
//! times only, so that while the vault is locked the app can still say
//! "1 reminder due — unlock to see it" without the key.
//!
//! `reminders.json`, written atomically, readable by its owner alone:
//!
//! ```json
//! {"format":1,"language":"ro","reminders":[{"task":12,"at":"2026-12-07T13:45"}],"owner":"9f2c…"}
//! ```
//!
//! `language` is that user's interface language (the vault's when they
//! chose none), the language of the locked notification; `at` is when a
//! reminder comes (`YYYY-MM-DDTHH:MM`, wall-clock time), its moment or the
//! end of a snooze. Reminders dismissed, or already notified, are left out.
//! `owner` tells whose queue it is without naming them: a keyed hash of the
//! user's id under a subkey of the data key, which only an unlocked session
//! can compute, so the command line does not replace the app user's queue
//! with its own ([`Session::write_own_reminder_queue`]).
//! There are no titles, names, users or anything else from the records.

use std::path::Path;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{format, parse};
use crate::auth::Session;
use crate::locale::Language;
use crate::locale::documents::{Noun, counted};
use crate::{Error, Result};

/// The queue's file name, in the vault folder.
pub const QUEUE_FILE: &str = "reminders.json";

/// The format this build writes.
pub const QUEUE_FORMAT: u32 = 1;

/// The largest queue file read: a corrupt or planted huge file is ignored.
const MAX_QUEUE_BYTES: u64 = 4 * 1024 * 1024;

/// One pending reminder: a task id and when it comes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The task's id.
    pub task: i64,
    /// When the reminder comes, `YYYY-MM-DDTHH:MM`.
    pub at: String,
}

/// The queue file's contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    /// [`QUEUE_FORMAT`].
    pub format: u32,
    /// The language of the locked notification (`en`, `ro`).
    pub language: String,
    /// The pending reminders, soonest first.
    pub reminders: Vec<Entry>,
    /// Whose queue it is: 32 hex digits of a keyed hash of the user's id
    /// (absent in files written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

impl Queue {
    /// Reads the queue of the vault in `dir`; `None` when there is none or
    /// it cannot be read (a locked vault then stays silent).
    #[must_use]
    pub fn load(dir: &Path) -> Option<Queue> {
        let bytes = crate::fsutil::read_limited(&dir.join(QUEUE_FILE), MAX_QUEUE_BYTES).ok()?;
        serde_json::from_slice::<Queue>(&bytes)
            .ok()
            .filter(|q| q.format == QUEUE_FORMAT)
    }

    /// The notification language, English when unknown.
    #[must_use]
    pub fn language(&self) -> Language {
        self.language.parse().unwrap_or_default()
    }

    /// The entries due as of `now`.
    #[must_use]
    pub fn due(&self, now: NaiveDateTime) -> Vec<&Entry> {
        self.reminders
            .iter()
            .filter(|e| parse(&e.at).is_some_and(|at| at <= now))
            .collect()
    }
}

/// The text of a locked vault's notification of `n` due reminders: a count
/// and what to do, nothing from the records. "1 reminder due — unlock to
/// see it", "Aveți 3 mementouri — deblocați seiful pentru a le vedea".
#[must_use]
pub fn locked_text(language: Language, n: u64) -> String {
    let count = counted(language, n, Noun::Reminder);
    match (language, n == 1) {
        (Language::En, true) => format!("{count} due — unlock to see it"),
        (Language::En, false) => format!("{count} due — unlock to see them"),
        (Language::Ro, true) => format!("Aveți {count} — deblocați seiful pentru a-l vedea"),
        (Language::Ro, false) => format!("Aveți {count} — deblocați seiful pentru a le vedea"),
    }
}

impl Session {
    /// The queue of the user's pending reminders, as [`write_reminder_queue`]
    /// writes it.
    ///
    /// [`write_reminder_queue`]: Session::write_reminder_queue
    ///
    /// # Errors
    /// As for [`Session::reminders`].
    pub fn reminder_queue(&self) -> Result<Queue> {
        let reminders = self
            .reminders(NaiveDateTime::MIN)?
            .into_iter()
            .filter(|r| !r.notified)
            .map(|r| Entry {
                task: r.task.id,
                at: format(r.at),
            })
            .collect();
        let language = match self.user_language()? {
            Some(l) => l,
            None => self.vault_language()?,
        };
        Ok(Queue {
            format: QUEUE_FORMAT,
            language: language.as_str().to_owned(),
            reminders,
            owner: Some(self.reminder_queue_owner()),
        })
    }

    /// The queue's `owner` for this session's user: HMAC-SHA-256 of the
    /// user's id under the data key's `reminder-queue-owner` subkey, cut to
    /// 16 bytes. It says nothing without the key, and a queue written for
    /// one vault's user never matches another's.
    fn reminder_queue_owner(&self) -> String {
        let key = crate::vault::subkey(&self.keys.data, "reminder-queue-owner");
        let tag = crate::crypto::mac(&key, format!("user:{}", self.user.id).as_bytes());
        data_encoding::HEXLOWER.encode(&tag[..16])
    }

    /// As [`write_reminder_queue`], unless the queue beside the vault is
    /// another user's: the command line calls it after each command, so a
    /// script run as one user leaves the queue of the user who has the app
    /// open here as it was. A queue with no owner (an older file) or an
    /// unreadable one is replaced.
    ///
    /// [`write_reminder_queue`]: Session::write_reminder_queue
    ///
    /// # Errors
    /// As for [`Session::write_reminder_queue`].
    pub fn write_own_reminder_queue(&self) -> Result<()> {
        let mine = self.reminder_queue_owner();
        match Queue::load(&self.dir).and_then(|q| q.owner) {
            Some(owner) if owner != mine => Ok(()),
            _ => self.write_reminder_queue(),
        }
    }

    /// Rewrites the queue file beside the vault with the user's pending
    /// reminders (when it changed), whoever's it was: the app calls it at
    /// unlock, after a change to tasks or reminders and before it locks the
    /// vault, since the user who has the app open is the one to notify.
    ///
    /// # Errors
    /// As for [`Session::reminders`]; [`Error::Io`] when the file cannot be
    /// written.
    pub fn write_reminder_queue(&self) -> Result<()> {
        let queue = self.reminder_queue()?;
        let bytes = serde_json::to_vec(&queue)
            .map_err(|e| Error::Integrity(format!("the reminder queue: {e}")))?;
        let path = self.dir.join(QUEUE_FILE);
        if std::fs::read(&path).is_ok_and(|old| old == bytes) {
            return Ok(());
        }
        crate::fsutil::write_atomically(&path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reminders::MOMENT_FORMAT;

    #[test]
    fn the_locked_text_counts_in_each_language_and_says_nothing_else() {
        assert_eq!(
            locked_text(Language::En, 1),
            "1 reminder due — unlock to see it"
        );
        assert_eq!(
            locked_text(Language::En, 3),
            "3 reminders due — unlock to see them"
        );
        assert_eq!(
            locked_text(Language::Ro, 1),
            "Aveți 1 memento — deblocați seiful pentru a-l vedea"
        );
        assert_eq!(
            locked_text(Language::Ro, 3),
            "Aveți 3 mementouri — deblocați seiful pentru a le vedea"
        );
        assert_eq!(
            locked_text(Language::Ro, 21),
            "Aveți 21 de mementouri — deblocați seiful pentru a le vedea"
        );
    }

    #[test]
    fn due_entries_are_those_whose_time_has_come() {
        let q = Queue {
            format: QUEUE_FORMAT,
            language: "ro".into(),
            reminders: vec![
                Entry {
                    task: 1,
                    at: "2026-12-07T09:00".into(),
                },
                Entry {
                    task: 2,
                    at: "2026-12-07T09:01".into(),
                },
            ],
            owner: None,
        };
        let now = NaiveDateTime::parse_from_str("2026-12-07T09:00", MOMENT_FORMAT).unwrap();
        assert_eq!(q.due(now), [&q.reminders[0]]);
        assert_eq!(q.language(), Language::Ro);
    }
}

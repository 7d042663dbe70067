//! The sync thread: one for the app's life. It notices a replica opened
//! (`AppState::generation`), runs its [`Engine`] on each wake-up and tells
//! the window: `team-status` with the new status (or `null` when no replica
//! is open), `team-pulled` when changes of other replicas were applied, so
//! the open screen shows them.
//!
//! A replica whose status cannot be read when it opens gets no engine yet:
//! `team-status` says why (`failed`, with the error), and each wake-up
//! tries again.
//!
//! It wakes every [`TICK`] to look at local writes (pushed once they
//! settle: cheaper than a hook in every write command and it groups a burst
//! of edits into one change set), when a command asks, and when the server
//! says its log moved on: a listener thread waits for that on a connection
//! of its own (`PgLog::wait_for_changes`), never holding the session's lock.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use steward_core::sync::{ChangeLog, Seq, VaultId};
use steward_sync_pg::PgLog;
use tauri::{AppHandle, Emitter, Manager};

use super::engine::{Connect, Engine, Start, TeamSync, Trigger, backoff};
use crate::state::AppState;

/// How often the thread looks at local writes.
pub(crate) const TICK: Duration = Duration::from_secs(2);
/// How long one listen lasts before the listener checks it should stop.
const LISTEN: Duration = Duration::from_secs(5);

pub const STATUS_EVENT: &str = "team-status";
pub const PULLED_EVENT: &str = "team-pulled";

/// The PostgreSQL server of `steward-sync-pg`.
fn connect_pg(
    url: &str,
    password: Option<&str>,
) -> steward_core::Result<Box<dyn ChangeLog + Send>> {
    Ok(Box::new(PgLog::connect_with_password(url, password)?))
}

/// Starts the sync thread.
pub fn start(app: AppHandle) {
    let (tx, rx) = mpsc::channel();
    app.state::<TeamSync>().set_trigger(Some(tx.clone()));
    let spawned = std::thread::Builder::new()
        .name("team-sync".into())
        .spawn(move || run(&app, &tx, &rx));
    // Without the thread a replica still syncs with `steward sync`.
    drop(spawned);
}

struct Serving {
    engine: Engine,
    listener: Arc<AtomicBool>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.listener.store(true, Ordering::SeqCst);
    }
}

fn run(app: &AppHandle, tx: &Sender<Trigger>, rx: &mpsc::Receiver<Trigger>) {
    let connect: Arc<Connect> = Arc::new(connect_pg);
    let team = app.state::<TeamSync>();
    let mut serving: Option<Serving> = None;
    let mut looked_at = None;
    // The session whose engine failed to start: its status says why.
    let mut failed_at: Option<u64> = None;
    let mut trigger = Trigger::Tick;
    loop {
        let state = app.state::<AppState>();
        let generation = state.generation();
        let open = state.session().is_ok_and(|s| s.is_some());
        if serving
            .as_ref()
            .is_some_and(|s| s.engine.generation() != generation || !open)
            || failed_at.is_some_and(|g| g != generation || !open)
        {
            serving = None;
            failed_at = None;
            team.forget_session();
            team.set_status(None);
            let _ = app.emit(STATUS_EVENT, team.status());
        }
        if open && serving.is_none() && looked_at != Some(generation) {
            let before = team.status_value();
            let start = Engine::start(&state, &team, Arc::clone(&connect));
            if matches!(start, Start::Failed) {
                // Tried again at the next wake-up; the window hears of it
                // when what it says changed.
                failed_at = Some(generation);
                if before != team.status_value() {
                    let _ = app.emit(STATUS_EVENT, team.status());
                }
            } else {
                looked_at = Some(generation);
                failed_at = None;
            }
            if let Start::Serving(engine) = start {
                let listener = Arc::new(AtomicBool::new(false));
                if let Some(server) = engine.server() {
                    listen(
                        app.clone(),
                        server.to_owned(),
                        engine.vault().clone(),
                        engine.last_applied(),
                        Arc::clone(&listener),
                        tx.clone(),
                    );
                }
                serving = Some(Serving { engine, listener });
                let _ = app.emit(STATUS_EVENT, team.status());
                trigger = Trigger::SyncNow;
            }
        }
        if let Some(s) = serving.as_mut() {
            let step = s.engine.step(&state, &team, trigger);
            if step.changed {
                let _ = app.emit(STATUS_EVENT, team.status());
            }
            if step.pulled {
                let _ = app.emit(PULLED_EVENT, ());
            }
        }
        trigger = match rx.recv_timeout(TICK) {
            Ok(t) => t,
            Err(RecvTimeoutError::Timeout) => Trigger::Tick,
            Err(RecvTimeoutError::Disconnected) => return,
        };
    }
}

/// The listener thread: waits for the server to say the log moved past
/// `after`, on its own connection, until `stop`.
fn listen(
    app: AppHandle,
    server: String,
    vault: VaultId,
    mut after: Seq,
    stop: Arc<AtomicBool>,
    tx: Sender<Trigger>,
) {
    let spawned = std::thread::Builder::new()
        .name("team-listen".into())
        .spawn(move || {
            let team = app.state::<TeamSync>();
            let failures = Mutex::new(0u32);
            let pause = |stop: &AtomicBool| {
                let mut n = failures
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                *n = n.saturating_add(1);
                let mut left = backoff(*n);
                while !left.is_zero() && !stop.load(Ordering::SeqCst) {
                    let nap = left.min(Duration::from_millis(250));
                    std::thread::sleep(nap);
                    left = left.saturating_sub(nap);
                }
            };
            let mut log: Option<PgLog> = None;
            while !stop.load(Ordering::SeqCst) {
                let Some(pg) = log.as_mut() else {
                    let password = team.password_for(&vault.0);
                    match PgLog::connect_with_password(
                        &server,
                        password.as_ref().map(|p| p.as_str()),
                    ) {
                        Ok(pg) => {
                            log = Some(pg);
                            // Back after a failure: the sync thread may be
                            // waiting out its pause; the server is here.
                            let mut n = failures
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner);
                            if *n > 0 && tx.send(Trigger::SyncNow).is_err() {
                                return;
                            }
                            *n = 0;
                        }
                        Err(_) => pause(&stop),
                    }
                    continue;
                };
                match pg.wait_for_changes(&vault, after, LISTEN) {
                    Ok(head) => {
                        if head > after {
                            after = head;
                            if stop.load(Ordering::SeqCst)
                                || tx.send(Trigger::ServerMoved(head)).is_err()
                            {
                                return;
                            }
                        }
                    }
                    Err(_) => {
                        // The server went away: the sync thread finds out
                        // now (and says offline) instead of at its next push.
                        let first = *failures
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            == 0;
                        if first && tx.send(Trigger::SyncNow).is_err() {
                            return;
                        }
                        log = None;
                        pause(&stop);
                    }
                }
            }
        });
    drop(spawned);
}

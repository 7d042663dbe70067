//! The background sync of an open replica, without Tauri (so the tests drive
//! it with core's `MemoryLog`): what one wake-up of the sync thread does, and
//! the status it leaves for the indicator.
//!
//! The session's lock is held only for local work: reading the write
//! counters, counting what waits (the rows only when a shared row was
//! written: that count compares every shared table), and `sync::sync` itself, which runs
//! against the changes fetched beforehand without the lock (see
//! [`Prefetched`]); only the push of local changes (one short request) goes
//! to the server while the lock is held. Waiting for the server's news
//! happens on another connection and thread (`worker`).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError, mpsc::Sender};
use std::time::{Duration, Instant};

use steward_core::Session;
use steward_core::sync::{
    self, Change, ChangeLog, LocalWrites, NewChange, Seq, Snapshot, TeamStatus, VaultId,
};
use steward_core::vault::device::SecretStore;
use zeroize::Zeroizing;

use super::dto::{TeamState, TeamStatusDto};
use crate::error::ApiError;
use crate::state::AppState;

/// What wakes the sync thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// Its regular look at local writes (every `worker::TICK`).
    Tick,
    /// The server's log moved on to this change.
    ServerMoved(Seq),
    /// The user asked, or a password was given, or the session just opened.
    SyncNow,
}

/// Opens a connection to the server at a password-free address, with the
/// password the keychain (or the user) gave, if any.
pub(crate) type Connect =
    dyn Fn(&str, Option<&str>) -> steward_core::Result<Box<dyn ChangeLog + Send>> + Send + Sync;

/// The longest wait before an unreachable server is tried again.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// What the sync thread shares with the commands: the status, the way to
/// wake the thread, and the server's password.
pub struct TeamSync {
    status: Mutex<Option<TeamStatusDto>>,
    trigger: Mutex<Option<Sender<Trigger>>>,
    /// A password given in this session, for the team it was given for;
    /// forgotten at lock.
    password: Mutex<Option<(String, Zeroizing<String>)>>,
    keychain: Arc<dyn SecretStore + Send + Sync>,
}

impl std::fmt::Debug for TeamSync {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeamSync").finish_non_exhaustive()
    }
}

fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The keychain account of a team server's password: one per team vault.
fn account(team: &str) -> String {
    format!("team {team} server")
}

impl TeamSync {
    pub fn new(keychain: Arc<dyn SecretStore + Send + Sync>) -> Self {
        Self {
            status: Mutex::new(None),
            trigger: Mutex::new(None),
            password: Mutex::new(None),
            keychain,
        }
    }

    /// The indicator's status; `None` when no replica is open.
    pub fn status(&self) -> Option<TeamStatusDto> {
        locked(&self.status).clone()
    }

    pub(crate) fn status_value(&self) -> serde_json::Value {
        serde_json::to_value(&*locked(&self.status)).unwrap_or_default()
    }

    pub(crate) fn set_status(&self, status: Option<TeamStatusDto>) {
        *locked(&self.status) = status;
    }

    fn update(&self, f: impl FnOnce(&mut TeamStatusDto)) {
        if let Some(status) = locked(&self.status).as_mut() {
            f(status);
        }
    }

    /// The user saw the conflicts and refusals: the indicator stops showing
    /// them. Whether anything changed.
    pub fn seen(&self) -> bool {
        let mut guard = locked(&self.status);
        let Some(status) = guard.as_mut() else {
            return false;
        };
        let changed = status.conflicts_resolved > 0 || status.refused > 0;
        status.conflicts_resolved = 0;
        status.refused = 0;
        changed
    }

    pub(crate) fn set_trigger(&self, sender: Option<Sender<Trigger>>) {
        *locked(&self.trigger) = sender;
    }

    /// Wakes the sync thread; whether one is running.
    pub fn wake(&self, trigger: Trigger) -> bool {
        locked(&self.trigger)
            .as_ref()
            .is_some_and(|tx| tx.send(trigger).is_ok())
    }

    /// The password for `team`'s server: one given in this session, else the
    /// keychain's, else none (the client then takes `PGPASSWORD`).
    pub(crate) fn password_for(&self, team: &str) -> Option<Zeroizing<String>> {
        if let Some((t, password)) = locked(&self.password).as_ref()
            && t == team
        {
            return Some(password.clone());
        }
        let secret = self.keychain.get(&account(team)).ok().flatten()?;
        String::from_utf8(secret.to_vec()).ok().map(Zeroizing::new)
    }

    /// Keeps `password` for `team`'s server: in the keychain when it can be
    /// reached (whether it could) and for this session in any case.
    pub fn set_password(&self, team: &str, password: Zeroizing<String>) -> bool {
        let remembered = self
            .keychain
            .set(&account(team), password.as_bytes())
            .is_ok();
        *locked(&self.password) = Some((team.to_owned(), password));
        remembered
    }

    /// The session ended: its password goes.
    pub(crate) fn forget_session(&self) {
        *locked(&self.password) = None;
    }
}

/// What one step did, for the thread to tell the window.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    /// The session it served is gone (locked, or another opened).
    pub stopped: bool,
    /// The status changed.
    pub changed: bool,
    /// Changes of other replicas were applied: open screens refresh.
    pub pulled: bool,
}

/// The sync of one open replica.
pub(crate) struct Engine {
    /// The session it serves (`AppState::generation`).
    generation: u64,
    vault: VaultId,
    server: Option<String>,
    last_applied: Seq,
    log: Option<Box<dyn ChangeLog + Send>>,
    connect: Arc<Connect>,
    /// `sync::local_writes` when last looked at.
    last_writes: LocalWrites,
    /// Rows waiting to be pushed, as last counted.
    rows_waiting: usize,
    /// Audit entries waiting to travel: as the last status counted them,
    /// plus those each look since found written (a look counts only the
    /// entries after the previous look's).
    entries_waiting: usize,
    /// Why the last sync did not reach the server, `Connecting` before the
    /// first; `None` when it did.
    trouble: Option<TeamState>,
    failures: u32,
    retry_at: Option<Instant>,
}

/// Runs `f` on the session of `generation`; `None` when it is gone.
fn with_session<T>(
    state: &AppState,
    generation: u64,
    f: impl FnOnce(&mut Session) -> T,
) -> Option<T> {
    let mut guard = state.session().ok()?;
    if state.generation() != generation {
        return None;
    }
    guard.as_mut().map(f)
}

/// What [`Engine::start`] found.
pub(crate) enum Start {
    /// The open session is a replica: its engine, whose status
    /// (`Connecting`) is in the team's.
    Serving(Engine),
    /// No session, or a vault of its own: nothing to serve.
    Nothing,
    /// A replica whose status or write counters could not be read: the
    /// team's status says why (`Failed`, with the error); the next wake-up
    /// tries again.
    Failed,
}

impl Engine {
    /// An engine for the open session, when it is a replica.
    pub(crate) fn start(state: &AppState, team: &TeamSync, connect: Arc<Connect>) -> Start {
        let generation = state.generation();
        let read = with_session(state, generation, |s| {
            if !sync::is_replica(s) {
                return None;
            }
            Some(sync::status(s).and_then(|st| Ok((st, sync::local_writes(s)?))))
        });
        let (status, writes) = match read.flatten() {
            None => return Start::Nothing,
            Some(Ok(read)) => read,
            Some(Err(err)) => {
                // Shown, not swallowed: the Team screen says why in the
                // user's language, and the worker tries again.
                team.set_status(Some(TeamStatusDto {
                    state: TeamState::Failed,
                    team: String::new(),
                    host: None,
                    database: None,
                    last_synced: None,
                    waiting: 0,
                    conflicts_resolved: 0,
                    refused: 0,
                    error: Some(ApiError::from(err)),
                }));
                return Start::Failed;
            }
        };
        let mut engine = Self {
            generation,
            vault: status.vault.clone(),
            server: None,
            last_applied: 0,
            log: None,
            connect,
            last_writes: writes,
            rows_waiting: 0,
            entries_waiting: 0,
            trouble: Some(TeamState::Connecting),
            failures: 0,
            retry_at: None,
        };
        let (host, database) = host_and_database(status.server.as_deref());
        team.set_status(Some(TeamStatusDto {
            state: TeamState::Connecting,
            team: status.vault.0.clone(),
            host,
            database,
            last_synced: None,
            waiting: 0,
            conflicts_resolved: 0,
            refused: 0,
            error: None,
        }));
        engine.note(team, &status);
        Start::Serving(engine)
    }

    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    pub(crate) fn vault(&self) -> &VaultId {
        &self.vault
    }

    pub(crate) fn server(&self) -> Option<&str> {
        self.server.as_deref()
    }

    pub(crate) fn last_applied(&self) -> Seq {
        self.last_applied
    }

    /// One wake-up: a look at local writes, then a sync when one is due.
    pub(crate) fn step(&mut self, state: &AppState, team: &TeamSync, trigger: Trigger) -> Step {
        let before = team.status_value();
        let last_writes = self.last_writes;
        let Some(look) = with_session(state, self.generation, |s| look(s, last_writes)) else {
            return Step {
                stopped: true,
                ..Step::default()
            };
        };
        // Local writes are pushed once they settle: one look without new
        // ones after them, so a burst of edits travels as one change set.
        let mut wrote = false;
        match look {
            Ok(Some((writes, looked))) => {
                self.last_writes = writes;
                match looked {
                    Looked::Status(st) => self.note(team, &st),
                    Looked::Entries(written) => self.note_waiting(
                        team,
                        self.rows_waiting,
                        self.entries_waiting.saturating_add(written),
                    ),
                }
                wrote = true;
            }
            Ok(None) => {}
            Err(err) => self.fail(team, err),
        }
        let waiting = team.status().is_some_and(|s| s.waiting > 0);
        let due = match trigger {
            Trigger::SyncNow => true,
            Trigger::ServerMoved(head) => head > self.last_applied,
            Trigger::Tick => match self.trouble {
                Some(TeamState::Password) => false,
                Some(_) => self.retry_at.is_none_or(|at| Instant::now() >= at),
                None => waiting && !wrote,
            },
        };
        let mut step = Step::default();
        if due {
            match self.sync(state, team) {
                Some(pulled) => step.pulled = pulled,
                None => step.stopped = true,
            }
        }
        step.changed = before != team.status_value();
        step
    }

    /// Pulls and pushes; whether rows of other replicas were applied, `None`
    /// when the session is gone.
    fn sync(&mut self, state: &AppState, team: &TeamSync) -> Option<bool> {
        let Some(server) = self.server.clone() else {
            self.fail(
                team,
                steward_core::Error::SyncServer(
                    "this replica does not know its server: run steward sync --server URL once"
                        .into(),
                ),
            );
            return Some(false);
        };
        let mut log = match self.log.take() {
            Some(log) => log,
            None => {
                let password = team.password_for(&self.vault.0);
                match (self.connect)(&server, password.as_ref().map(|p| p.as_str())) {
                    Ok(log) => log,
                    Err(err) => {
                        self.fail(team, err);
                        return Some(false);
                    }
                }
            }
        };
        // Without the session's lock: the network.
        let fetched = match prefetch(log.as_mut(), &self.vault, self.last_applied) {
            Ok(fetched) => fetched,
            Err(err) => {
                self.fail(team, err);
                return Some(false);
            }
        };
        let from = self.last_applied;
        let done = with_session(state, self.generation, |s| {
            let mut log = Prefetched {
                inner: log.as_mut(),
                cached: fetched,
                from,
                valid: true,
            };
            let report = sync::sync(s, &mut log)?;
            Ok((report, sync::status(s)?, sync::local_writes(s)?))
        })?;
        self.log = Some(log);
        match done {
            Ok((report, st, writes)) => {
                self.last_writes = writes;
                self.trouble = None;
                self.failures = 0;
                self.retry_at = None;
                team.update(|d| {
                    d.last_synced = Some(chrono::Utc::now().to_rfc3339());
                    d.conflicts_resolved = d
                        .conflicts_resolved
                        .saturating_add(count(report.conflicts_resolved));
                    d.refused = d.refused.saturating_add(count(report.refused));
                    d.error = None;
                });
                self.note(team, &st);
                Some(report.pulled_rows > 0)
            }
            Err(err) => {
                self.fail(team, err);
                Some(false)
            }
        }
    }

    /// Takes in a fresh local status.
    fn note(&mut self, team: &TeamSync, st: &TeamStatus) {
        self.last_applied = st.last_applied;
        self.server.clone_from(&st.server);
        let (host, database) = host_and_database(st.server.as_deref());
        team.update(|d| {
            d.team.clone_from(&st.vault.0);
            d.host = host;
            d.database = database;
        });
        self.note_waiting(team, st.waiting, st.entries_waiting);
    }

    /// Takes in what waits to travel: rows, and audit entries the shared
    /// chain has not carried (a view, an export), which make a change set
    /// of their own when no row waits. The indicator counts both.
    fn note_waiting(&mut self, team: &TeamSync, rows: usize, entries: usize) {
        self.rows_waiting = rows;
        self.entries_waiting = entries;
        let waiting = rows.saturating_add(entries);
        let state = match self.trouble {
            Some(state) => state,
            None if waiting > 0 => TeamState::Waiting,
            None => TeamState::Synced,
        };
        team.update(|d| {
            d.state = state;
            d.waiting = count(waiting);
        });
    }

    /// A sync that did not go through: the server out of reach (offline),
    /// refusing the password, or another failure; tried again after a
    /// growing pause, except a refused password, which waits for a new one.
    fn fail(&mut self, team: &TeamSync, err: steward_core::Error) {
        let state = match &err {
            e if steward_sync_pg::refused_authentication(e) => TeamState::Password,
            steward_core::Error::SyncServer(_) => TeamState::Offline,
            _ => TeamState::Failed,
        };
        if matches!(err, steward_core::Error::SyncServer(_)) {
            // The connection may be dead: the next try opens another.
            self.log = None;
        }
        self.trouble = Some(state);
        self.failures = self.failures.saturating_add(1);
        self.retry_at = Some(Instant::now() + backoff(self.failures));
        let error = ApiError::from(err);
        team.update(|d| {
            d.state = state;
            d.error = Some(error);
        });
    }
}

/// What a look at local writes counted.
enum Looked {
    /// A shared row was written: the whole status, rows compared.
    Status(TeamStatus),
    /// Only audit entries were: how many of those written since the last
    /// look will travel.
    Entries(usize),
}

/// A look at local writes since `last`: nothing when nothing was written;
/// the whole status when a shared row was; when nothing else was (a view,
/// an export), only the audit entries written since `last`, counted on a
/// range of the audit log's key: no comparison of the shared tables, no
/// opening of the shadow, and a cost that does not grow with the entries
/// waiting since the last push (an offline day of views).
fn look(s: &Session, last: LocalWrites) -> steward_core::Result<Option<(LocalWrites, Looked)>> {
    let writes = sync::local_writes(s)?;
    if writes == last {
        return Ok(None);
    }
    if writes.shared_rows != last.shared_rows {
        return Ok(Some((writes, Looked::Status(sync::status(s)?))));
    }
    Ok(Some((
        writes,
        Looked::Entries(sync::entries_written(s, last.audit_seq, writes.audit_seq)?),
    )))
}

/// 2, 4, 8 … seconds, at most [`MAX_BACKOFF`].
pub(crate) fn backoff(failures: u32) -> Duration {
    let secs = 1u64 << failures.clamp(1, 6);
    Duration::from_secs(secs).min(MAX_BACKOFF)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn host_and_database(server: Option<&str>) -> (Option<String>, Option<String>) {
    server
        .and_then(steward_sync_pg::host_and_database)
        .map_or((None, None), |(h, d)| (Some(h), d))
}

/// Everything the log holds after `after`, fetched before the session's
/// lock is taken.
fn prefetch(
    log: &mut dyn ChangeLog,
    vault: &VaultId,
    mut after: Seq,
) -> steward_core::Result<Vec<Change>> {
    const BATCH: usize = 500;
    let mut out = Vec::new();
    loop {
        let batch = log.changes_after(vault, after, BATCH)?;
        let done = batch.len() < BATCH;
        if let Some(last) = batch.last() {
            after = last.seq;
        }
        out.extend(batch);
        if done {
            return Ok(out);
        }
    }
}

/// The log as `sync::sync` sees it under the session's lock: the changes
/// fetched beforehand, from memory. After an append (which may have lost
/// the race to another replica) reads go to the server again.
struct Prefetched<'a> {
    inner: &'a mut dyn ChangeLog,
    cached: Vec<Change>,
    /// The change the fetch started after.
    from: Seq,
    valid: bool,
}

impl ChangeLog for Prefetched<'_> {
    fn create_vault(&mut self, vault: &VaultId, keyslots: &[u8]) -> steward_core::Result<()> {
        self.inner.create_vault(vault, keyslots)
    }

    fn keyslots(&mut self, vault: &VaultId) -> steward_core::Result<Option<(i64, Vec<u8>)>> {
        self.inner.keyslots(vault)
    }

    fn replace_keyslots(
        &mut self,
        vault: &VaultId,
        expected: i64,
        keyslots: &[u8],
    ) -> steward_core::Result<i64> {
        self.valid = false;
        self.inner.replace_keyslots(vault, expected, keyslots)
    }

    fn append(
        &mut self,
        vault: &VaultId,
        after: Seq,
        change: &NewChange,
    ) -> steward_core::Result<Seq> {
        self.valid = false;
        self.inner.append(vault, after, change)
    }

    fn changes_after(
        &mut self,
        vault: &VaultId,
        after: Seq,
        limit: usize,
    ) -> steward_core::Result<Vec<Change>> {
        if !self.valid || after < self.from {
            return self.inner.changes_after(vault, after, limit);
        }
        Ok(self
            .cached
            .iter()
            .filter(|c| c.seq > after)
            .take(limit)
            .cloned()
            .collect())
    }

    fn head(&mut self, vault: &VaultId) -> steward_core::Result<Seq> {
        self.inner.head(vault)
    }

    fn put_snapshot(&mut self, vault: &VaultId, snapshot: &Snapshot) -> steward_core::Result<()> {
        self.inner.put_snapshot(vault, snapshot)
    }

    fn latest_snapshot(&mut self, vault: &VaultId) -> steward_core::Result<Option<Snapshot>> {
        self.inner.latest_snapshot(vault)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use steward_core::Password;
    use steward_core::records::contacts::{ContactPatch, NewContact};
    use steward_core::sync::MemoryLog;
    use steward_core::vault::device::MemoryKeychain;

    use super::*;
    use crate::state::tests::new_session;

    const SERVER: &str = "host=db.example.com user=steward dbname=team";

    /// The team's server: one log for every replica, that can go out of
    /// reach or ask for a password.
    #[derive(Clone, Default)]
    struct Server {
        log: Arc<Mutex<MemoryLog>>,
        offline: Arc<AtomicBool>,
        password: Arc<Mutex<Option<String>>>,
        connections: Arc<AtomicUsize>,
        /// The app's state, to see whether the session's lock was held
        /// during each read of the log (`reads`).
        app: Arc<Mutex<Option<Arc<AppState>>>>,
        reads: Arc<Mutex<Vec<bool>>>,
    }

    struct Connection(Server);

    impl Server {
        fn connect(&self) -> Arc<Connect> {
            let server = self.clone();
            Arc::new(move |url, password| {
                assert_eq!(url, SERVER, "the address kept, without a password");
                server.connections.fetch_add(1, Ordering::SeqCst);
                server.reachable()?;
                let wanted = locked(&server.password).clone();
                if wanted.is_some() && wanted.as_deref() != password {
                    return Err(steward_core::Error::SyncServer(
                        "connecting: password authentication failed for user \"steward\" (28P01)"
                            .into(),
                    ));
                }
                Ok(Box::new(Connection(server.clone())))
            })
        }

        fn reachable(&self) -> steward_core::Result<()> {
            if self.offline.load(Ordering::SeqCst) {
                return Err(steward_core::Error::SyncServer(
                    "connecting: error connecting to server: Connection refused (os error 111)"
                        .into(),
                ));
            }
            Ok(())
        }
    }

    impl Connection {
        fn log(&self) -> steward_core::Result<MutexGuard<'_, MemoryLog>> {
            self.0.reachable()?;
            Ok(locked(&self.0.log))
        }
    }

    impl ChangeLog for Connection {
        fn create_vault(&mut self, v: &VaultId, k: &[u8]) -> steward_core::Result<()> {
            self.log()?.create_vault(v, k)
        }
        fn keyslots(&mut self, v: &VaultId) -> steward_core::Result<Option<(i64, Vec<u8>)>> {
            self.log()?.keyslots(v)
        }
        fn replace_keyslots(&mut self, v: &VaultId, e: i64, k: &[u8]) -> steward_core::Result<i64> {
            self.log()?.replace_keyslots(v, e, k)
        }
        fn append(&mut self, v: &VaultId, after: Seq, c: &NewChange) -> steward_core::Result<Seq> {
            self.log()?.append(v, after, c)
        }
        fn changes_after(
            &mut self,
            v: &VaultId,
            after: Seq,
            limit: usize,
        ) -> steward_core::Result<Vec<Change>> {
            if let Some(app) = locked(&self.0.app).as_ref() {
                locked(&self.0.reads).push(app.session_is_free());
            }
            self.log()?.changes_after(v, after, limit)
        }
        fn head(&mut self, v: &VaultId) -> steward_core::Result<Seq> {
            self.log()?.head(v)
        }
        fn put_snapshot(&mut self, v: &VaultId, s: &Snapshot) -> steward_core::Result<()> {
            self.log()?.put_snapshot(v, s)
        }
        fn latest_snapshot(&mut self, v: &VaultId) -> steward_core::Result<Option<Snapshot>> {
            self.log()?.latest_snapshot(v)
        }
    }

    /// Laptop A (published, open as a bare session) and laptop B (joined,
    /// open in an `AppState` as the app holds it), sharing `server`.
    struct Team {
        server: Server,
        a: Session,
        state: Arc<AppState>,
        team: TeamSync,
        keychain: Arc<MemoryKeychain>,
        _dir: tempfile::TempDir,
    }

    impl Team {
        fn new() -> Self {
            let dir = tempfile::tempdir().unwrap();
            let server = Server::default();
            let mut a = new_session(&dir.path().join("a"));
            let id = sync::publish(&mut a, &mut *locked(&server.log)).unwrap();
            sync::set_server(&a, SERVER).unwrap();
            let b = sync::join(
                &dir.path().join("b"),
                &mut *locked(&server.log),
                &id,
                "ada",
                &Password::new("velvet cactus orbit 1987 lamp"),
            )
            .unwrap();
            sync::set_server(&b, SERVER).unwrap();
            let state = Arc::new(AppState::load());
            state.open(b).unwrap();
            *locked(&server.app) = Some(Arc::clone(&state));
            let keychain = Arc::new(MemoryKeychain::default());
            let store: Arc<dyn SecretStore + Send + Sync> = keychain.clone();
            Self {
                server,
                a,
                state,
                team: TeamSync::new(store),
                keychain,
                _dir: dir,
            }
        }

        fn engine(&self) -> Engine {
            match Engine::start(&self.state, &self.team, self.server.connect()) {
                Start::Serving(engine) => engine,
                Start::Nothing | Start::Failed => panic!("no engine: {:?}", self.team.status()),
            }
        }

        fn step(&self, engine: &mut Engine, trigger: Trigger) -> Step {
            engine.step(&self.state, &self.team, trigger)
        }

        fn status(&self) -> TeamStatusDto {
            self.team.status().expect("a status")
        }

        fn sync_a(&mut self) -> sync::SyncReport {
            sync::sync(&mut self.a, &mut *locked(&self.server.log)).unwrap()
        }

        fn add_on_b(&self, name: &str) -> i64 {
            self.state
                .with_session(|s| {
                    Ok(s.add_contact(&NewContact {
                        name: name.into(),
                        ..NewContact::default()
                    })?)
                })
                .unwrap()
        }
    }

    #[test]
    fn offline_then_waiting_then_synced_and_the_other_laptop_sees_the_edit() {
        let mut t = Team::new();
        t.server.offline.store(true, Ordering::SeqCst);
        let mut engine = t.engine();
        let st = t.status();
        assert_eq!(st.state, TeamState::Connecting);
        assert_eq!(st.host.as_deref(), Some("db.example.com"));
        assert_eq!(st.database.as_deref(), Some("team"));

        let step = t.step(&mut engine, Trigger::SyncNow);
        assert!(step.changed && !step.stopped && !step.pulled, "{step:?}");
        let st = t.status();
        assert_eq!(st.state, TeamState::Offline);
        assert_eq!(
            st.error.as_ref().and_then(|e| e.reason.as_deref()),
            Some("sync-server")
        );
        assert_eq!(st.last_synced, None);

        // Work goes on offline; the indicator counts what waits.
        let id = t.add_on_b("Ottoline Vasquez");
        t.step(&mut engine, Trigger::Tick);
        let st = t.status();
        assert_eq!(st.state, TeamState::Offline);
        assert!(st.waiting >= 1, "{st:?}");

        // Back online: the next try (here asked for) pushes it.
        t.server.offline.store(false, Ordering::SeqCst);
        let step = t.step(&mut engine, Trigger::SyncNow);
        assert!(step.changed, "{step:?}");
        let st = t.status();
        assert_eq!((st.state, st.waiting), (TeamState::Synced, 0), "{st:?}");
        assert!(st.last_synced.is_some() && st.error.is_none(), "{st:?}");
        assert_eq!(t.sync_a().pulled, 1);
        assert_eq!(t.a.get_contact(id).unwrap().name, "Ottoline Vasquez");

        // An edit: shown as waiting at the first look, pushed at the next
        // once nothing else was written.
        t.state
            .with_session(|s| {
                Ok(s.update_contact(
                    id,
                    &ContactPatch {
                        title: Some("Buyer".into()),
                        ..ContactPatch::default()
                    },
                )?)
            })
            .unwrap();
        t.step(&mut engine, Trigger::Tick);
        let st = t.status();
        assert_eq!(st.state, TeamState::Waiting);
        assert!(st.waiting >= 1, "{st:?}");
        t.step(&mut engine, Trigger::Tick);
        assert_eq!(t.status().state, TeamState::Synced);
        assert_eq!(t.sync_a().pulled, 1);
        assert_eq!(t.a.get_contact(id).unwrap().title.as_deref(), Some("Buyer"));
        // Nothing new: a look costs no sync, changes nothing.
        let head = locked(&t.server.log).head(&engine.vault().clone()).unwrap();
        let step = t.step(&mut engine, Trigger::Tick);
        assert_eq!(step, Step::default());
        assert_eq!(locked(&t.server.log).head(engine.vault()).unwrap(), head);
    }

    #[test]
    fn changes_of_the_other_laptop_are_pulled_and_a_conflict_is_shown_until_seen() {
        let mut t = Team::new();
        let mut engine = t.engine();
        t.step(&mut engine, Trigger::SyncNow);
        assert_eq!(t.status().state, TeamState::Synced);
        let id = t.add_on_b("Leopold Marchetti");
        t.step(&mut engine, Trigger::SyncNow);
        t.sync_a();

        // A renames and pushes: the server's news makes B pull it.
        t.a.update_contact(
            id,
            &ContactPatch {
                name: Some("Leopold Marchetti-Ray".into()),
                ..ContactPatch::default()
            },
        )
        .unwrap();
        t.sync_a();
        let head = locked(&t.server.log).head(engine.vault()).unwrap();
        locked(&t.server.reads).clear();
        let step = t.step(&mut engine, Trigger::ServerMoved(head));
        assert!(step.pulled && step.changed, "{step:?}");
        let name = t
            .state
            .with_session(|s| Ok(s.get_contact(id)?.name))
            .unwrap();
        assert_eq!(name, "Leopold Marchetti-Ray");
        // The log was read (all of it) while the session stayed free for
        // the window's commands.
        let reads = locked(&t.server.reads).clone();
        assert!(
            !reads.is_empty() && reads.iter().all(|free| *free),
            "{reads:?}"
        );

        // News of a change it already has wakes no sync (the view of the
        // contact just above waits to travel: it settles first).
        let step = t.step(&mut engine, Trigger::ServerMoved(head));
        assert_eq!(
            step,
            Step {
                changed: true,
                ..Step::default()
            },
            "the view counted as waiting, and no sync"
        );
        assert_eq!(t.status().state, TeamState::Waiting);
        assert_eq!(locked(&t.server.log).head(engine.vault()).unwrap(), head);

        // Both edit the notes offline; A's reaches the server first.
        t.a.update_contact(
            id,
            &ContactPatch {
                notes: Some("from A".into()),
                ..ContactPatch::default()
            },
        )
        .unwrap();
        t.state
            .with_session(|s| {
                Ok(s.update_contact(
                    id,
                    &ContactPatch {
                        notes: Some("from B".into()),
                        ..ContactPatch::default()
                    },
                )?)
            })
            .unwrap();
        t.sync_a();
        let step = t.step(&mut engine, Trigger::SyncNow);
        assert!(step.pulled, "{step:?}");
        let st = t.status();
        assert_eq!(st.state, TeamState::Synced);
        assert!(st.conflicts_resolved >= 1, "{st:?}");
        // Shown until seen, and a later sync does not hide it.
        t.step(&mut engine, Trigger::SyncNow);
        assert!(t.status().conflicts_resolved >= 1);
        assert!(t.team.seen());
        assert_eq!(t.status().conflicts_resolved, 0);
        assert!(!t.team.seen(), "nothing left to see");
    }

    /// Regression: the look counted waiting rows only, so an audit entry
    /// alone (a view, an export) waited until some row changed.
    #[test]
    fn an_audit_entry_alone_is_counted_as_waiting_and_pushed_once_it_settles() {
        let mut t = Team::new();
        let id = t.add_on_b("Cosima Wrenfield");
        let mut engine = t.engine();
        t.step(&mut engine, Trigger::SyncNow);
        assert_eq!(t.status().state, TeamState::Synced);
        assert_eq!(t.sync_a().pulled, 1);
        let head = locked(&t.server.log).head(engine.vault()).unwrap();

        // A view on B writes an audit entry and no row.
        t.state.with_session(|s| Ok(s.get_contact(id)?)).unwrap();
        t.step(&mut engine, Trigger::Tick);
        let st = t.status();
        assert_eq!((st.state, st.waiting), (TeamState::Waiting, 1), "{st:?}");
        t.step(&mut engine, Trigger::Tick);
        let st = t.status();
        assert_eq!((st.state, st.waiting), (TeamState::Synced, 0), "{st:?}");
        assert_eq!(
            locked(&t.server.log).head(engine.vault()).unwrap(),
            head + 1,
            "an audit-only change set"
        );

        // A takes it into the shared chain: B's view of the contact.
        let report = t.sync_a();
        assert_eq!((report.pulled, report.pulled_rows), (1, 0));
        let shared =
            t.a.audit_entries(&steward_core::audit::AuditFilter {
                shared: true,
                action: Some("contact.view".into()),
                ..Default::default()
            })
            .unwrap();
        assert!(
            shared
                .iter()
                .any(|e| e.target_id.as_deref() == Some(id.to_string().as_str())),
            "{shared:?}"
        );
        // Nothing else waits: the next look costs no sync.
        assert_eq!(t.step(&mut engine, Trigger::Tick), Step::default());
    }

    /// The look between syncs counts only the entries written since the
    /// previous look (offline, a full count grew with every view); its
    /// running count stays the full count's, across pushes.
    #[test]
    fn the_entries_counted_look_by_look_are_those_a_full_count_finds_across_pushes() {
        let t = Team::new();
        let id = t.add_on_b("Cosima Wrenfield");
        let mut engine = t.engine();
        t.step(&mut engine, Trigger::SyncNow);
        assert_eq!(t.status().waiting, 0);
        let full = || {
            t.state
                .with_session(|s| Ok(sync::status(s)?.entries_waiting))
                .unwrap()
        };
        for _ in 0..2 {
            let mut before = 0;
            for _ in 0..3 {
                // Two views, then a look that syncs nothing (news of a
                // change it has).
                for _ in 0..2 {
                    t.state.with_session(|s| Ok(s.get_contact(id)?)).unwrap();
                }
                let step = t.step(&mut engine, Trigger::ServerMoved(0));
                assert!(!step.pulled && !step.stopped, "{step:?}");
                let now = full();
                assert!(now > before, "{now} after {before}");
                assert_eq!(t.status().waiting, count(now));
                assert_eq!(t.status().state, TeamState::Waiting);
                before = now;
            }
            t.step(&mut engine, Trigger::SyncNow);
            assert_eq!(
                (t.status().state, t.status().waiting),
                (TeamState::Synced, 0)
            );
            assert_eq!(full(), 0);
        }
    }

    /// The look between syncs counts the rows only when a shared row was
    /// written: a view moves the audit head and nothing else.
    #[test]
    fn a_view_moves_the_audit_head_and_not_the_shared_rows_counter() {
        let t = Team::new();
        let id = t.add_on_b("Tobias Fenwright");
        let before = t
            .state
            .with_session(|s| Ok(sync::local_writes(s)?))
            .unwrap();
        t.state.with_session(|s| Ok(s.get_contact(id)?)).unwrap();
        let viewed = t
            .state
            .with_session(|s| Ok(sync::local_writes(s)?))
            .unwrap();
        assert_eq!(viewed.shared_rows, before.shared_rows);
        assert!(viewed.audit_seq > before.audit_seq);
        t.state
            .with_session(|s| {
                Ok(s.update_contact(
                    id,
                    &ContactPatch {
                        title: Some("Cartographer".into()),
                        ..ContactPatch::default()
                    },
                )?)
            })
            .unwrap();
        let edited = t
            .state
            .with_session(|s| Ok(sync::local_writes(s)?))
            .unwrap();
        assert!(edited.shared_rows > viewed.shared_rows);
    }

    #[test]
    fn a_refused_password_waits_for_a_new_one_which_the_keychain_keeps() {
        let t = Team::new();
        *locked(&t.server.password) = Some("s3rver pass".into());
        let mut engine = t.engine();
        t.step(&mut engine, Trigger::SyncNow);
        let st = t.status();
        assert_eq!(st.state, TeamState::Password, "{st:?}");
        // No retry on its own: the same password would be refused again.
        let tried = t.server.connections.load(Ordering::SeqCst);
        engine.retry_at = Some(Instant::now());
        t.step(&mut engine, Trigger::Tick);
        assert_eq!(t.server.connections.load(Ordering::SeqCst), tried);

        assert!(
            t.team
                .set_password(&st.team, Zeroizing::new("s3rver pass".into()))
        );
        assert_eq!(
            t.keychain
                .get(&account(&st.team))
                .unwrap()
                .map(|s| s.to_vec()),
            Some(b"s3rver pass".to_vec())
        );
        t.step(&mut engine, Trigger::SyncNow);
        assert_eq!(t.status().state, TeamState::Synced);

        // The next session finds it in the keychain alone.
        t.team.forget_session();
        assert_eq!(
            t.team.password_for(&st.team).as_deref().map(String::as_str),
            Some("s3rver pass")
        );
        // It is nowhere in the vault's folder.
        let dir = t
            .state
            .with_session(|s| Ok(s.vault_dir().to_owned()))
            .unwrap();
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            if entry.path().is_file() {
                let bytes = std::fs::read(entry.path()).unwrap();
                assert!(
                    !bytes.windows(11).any(|w| w == b"s3rver pass"),
                    "{:?}",
                    entry.path()
                );
            }
        }
    }

    #[test]
    fn locking_stops_the_engine_and_a_vault_of_its_own_gets_none() {
        let t = Team::new();
        let mut engine = t.engine();
        t.state.lock().unwrap();
        assert!(t.step(&mut engine, Trigger::SyncNow).stopped);

        let dir = tempfile::tempdir().unwrap();
        let state = AppState::load();
        state.open(new_session(&dir.path().join("solo"))).unwrap();
        let team = TeamSync::new(Arc::new(MemoryKeychain::default()));
        assert!(matches!(
            Engine::start(&state, &team, t.server.connect()),
            Start::Nothing
        ));
        assert!(team.status().is_none());
    }

    /// Regression: when the replica's first status could not be read, no
    /// engine started and nothing said so; the replica never synced in
    /// that session.
    #[test]
    fn a_replica_whose_status_cannot_be_read_says_why_and_starts_once_it_can() {
        let t = Team::new();
        let dir = t
            .state
            .with_session(|s| Ok(s.vault_dir().to_owned()))
            .unwrap();
        let shadow = dir.join(sync::SHADOW_FILE);
        let kept = std::fs::read(&shadow).unwrap();
        steward_core::fsutil::write_atomically(&shadow, &vec![0x5a; kept.len()]).unwrap();

        assert!(matches!(
            Engine::start(&t.state, &t.team, t.server.connect()),
            Start::Failed
        ));
        let st = t.status();
        assert_eq!(st.state, TeamState::Failed, "{st:?}");
        let error = st.error.expect("why it failed");
        assert!(error.reason.is_some(), "{error:?}");
        assert!(!error.message.is_empty());

        // The next wake-up tries again, and starts once the shadow reads.
        steward_core::fsutil::write_atomically(&shadow, &kept).unwrap();
        let mut engine = t.engine();
        let st = t.status();
        assert_eq!(st.state, TeamState::Connecting, "{st:?}");
        assert!(st.error.is_none(), "{st:?}");
        t.step(&mut engine, Trigger::SyncNow);
        assert_eq!(t.status().state, TeamState::Synced);
    }

    #[test]
    fn the_pause_after_failures_grows_to_a_minute() {
        assert_eq!(backoff(1), Duration::from_secs(2));
        assert_eq!(backoff(3), Duration::from_secs(8));
        assert_eq!(backoff(40), Duration::from_secs(60));
    }
}

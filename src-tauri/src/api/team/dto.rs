//! Transport types of the team vault's indicator.

use serde::Serialize;
use ts_rs::TS;

use crate::error::ApiError;

/// Where the background sync of this replica stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum TeamState {
    /// Just unlocked: the first sync has not ended yet.
    Connecting,
    /// Nothing waits and the last sync reached the server.
    Synced,
    /// Local changes wait to be pushed (`waiting` says how many rows and
    /// audit entries).
    Waiting,
    /// The server cannot be reached: work goes on, a sync is tried again
    /// later (and at once with "Sync now").
    Offline,
    /// The server refused this replica's user or password: the app asks
    /// for the password.
    Password,
    /// A sync failed for another reason (`error` says which); it is tried
    /// again later.
    Failed,
}

/// The team vault as the indicator shows it. Never the server's password.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "TeamStatus")]
pub struct TeamStatusDto {
    pub state: TeamState,
    /// The team vault's id on the server.
    pub team: String,
    /// The server's host(s), when this replica knows its server.
    pub host: Option<String>,
    /// The server's database, when the address names one.
    pub database: Option<String>,
    /// When a sync last reached the server (RFC 3339, UTC) in this session.
    pub last_synced: Option<String>,
    /// Rows changed here and audit entries written here (a view, an
    /// export) not yet pushed: each travels with the next change set.
    pub waiting: u32,
    /// Rows where a local change met one from the log and the rules chose,
    /// since the user last saw the status.
    pub conflicts_resolved: u32,
    /// Change sets of the log refused (each raised a `sync-refused` alert),
    /// since the user last saw the status.
    pub refused: u32,
    /// Why the last sync failed (offline, password, failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub error: Option<ApiError>,
}

/// What `team_set_password` did with the password.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TeamPasswordSaved {
    /// Whether the system keychain keeps it for the next unlock; when it
    /// cannot be reached, the password serves until the vault is locked.
    pub remembered: bool,
}

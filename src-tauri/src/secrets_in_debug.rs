//! Every DTO that carries a password, a recovery key or a device secret
//! prints it as `***` in `{:?}`, so a log line or a panic message never
//! shows one.

use crate::api::backup::dto::BackupCredentials;
use crate::api::users::dto::RoleDto;
use crate::api::vault::dto::{CreateVaultRequest, CreatedVault, SessionInfo};

const SECRET: &str = "correct-horse-battery-staple-1f2e";

fn assert_hidden(what: &str, debug: &str) {
    assert!(
        !debug.contains(SECRET),
        "{what} shows its secret in Debug: {debug}"
    );
    assert!(
        debug.contains("***"),
        "{what} does not mark what it hides: {debug}"
    );
}

pub(crate) fn session() -> SessionInfo {
    SessionInfo {
        user_id: 1,
        user: "ada".to_owned(),
        role: RoleDto::Owner,
        vault_dir: "/tmp/vault".to_owned(),
        permissions: Vec::new(),
        must_change_password: false,
        unlocked_with_recovery_key: false,
        remembered_here: false,
        device_slots_allowed: true,
        auto_lock_seconds: 600,
        notice: None,
        notice_kind: None,
        notice_cause: None,
    }
}

#[test]
fn a_vault_request_never_shows_its_password_in_debug() {
    let request: CreateVaultRequest = serde_json::from_value(serde_json::json!({
        "dir": "/tmp/vault", "user": "ada", "password": SECRET, "sampleData": false,
        "language": "ro",
    }))
    .unwrap();
    let debug = format!("{request:?}");
    assert_hidden("CreateVaultRequest", &debug);
    assert!(debug.contains("ada"), "the user is still shown: {debug}");
}

#[test]
fn a_created_vault_never_shows_its_recovery_key_in_debug() {
    let created = CreatedVault {
        recovery_key: SECRET.to_owned(),
        session: session(),
    };
    assert_hidden("CreatedVault", &format!("{created:?}"));
    assert_hidden("CreatedVault (pretty)", &format!("{created:#?}"));
}

#[test]
fn backup_credentials_never_show_the_password_or_the_key_in_debug() {
    for json in [
        serde_json::json!({"kind": "password", "user": "ada", "password": SECRET}),
        serde_json::json!({"kind": "recovery_key", "recoveryKey": SECRET}),
    ] {
        let credentials: BackupCredentials = serde_json::from_value(json).unwrap();
        assert_hidden("BackupCredentials", &format!("{credentials:?}"));
    }
}

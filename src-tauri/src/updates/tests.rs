//! The update check end to end against a release channel served from
//! 127.0.0.1: the real plugin, configured as `tauri.conf.json` configures it
//! (its public key, `requireSignedVersion`), in a mock app whose version is
//! 0.1.0. The fixture `update-0.2.0.bin` was signed once with the private
//! half of the committed test key (`tauri signer sign --app-version 0.2.0`);
//! that private key is not in the repository.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;
use tauri::test::{MockRuntime, mock_builder, mock_context, noop_assets};

use super::policy::UpdateChannel;
use super::{UpdateError, UpdateOffer, Updates};

const PAYLOAD: &[u8] = include_bytes!("fixtures/update-0.2.0.bin");
const SIGNATURE: &str = include_str!("fixtures/update-0.2.0.bin.sig");
const CONFIG: &str = include_str!("../../tauri.conf.json");
/// The target the test app asks for in the manifest's `platforms`.
const TARGET: &str = "steward-test";

/// A release channel on 127.0.0.1 that serves fixed files and counts every
/// connection made to it.
struct Channel {
    base: String,
    connections: Arc<AtomicUsize>,
}

impl Channel {
    /// Serves the files `files` makes from the channel's base URL.
    fn serve(files: impl FnOnce(&str) -> HashMap<&'static str, Vec<u8>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let files = files(&base);
        let connections = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&connections);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                counted.fetch_add(1, Ordering::SeqCst);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    continue;
                }
                // The rest of the request's head, up to its empty line.
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request_line.split_whitespace().nth(1).unwrap_or("");
                let (status, body) = match files.get(path) {
                    Some(body) => ("200 OK", body.clone()),
                    None => ("404 Not Found", Vec::new()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        Self { base, connections }
    }

    /// A channel whose `latest.json` announces `version` with the fixture's
    /// signature, and whose download is `payload`.
    fn announcing(version: &str, payload: &[u8]) -> Self {
        Self::serve(|base| {
            let manifest = json!({
                "version": version,
                "notes": "Faster search.",
                "pub_date": "2026-12-01T10:00:00Z",
                "platforms": {
                    TARGET: {
                        "url": format!("{base}/update.bin"),
                        "signature": SIGNATURE.trim(),
                    }
                }
            });
            HashMap::from([
                ("/latest.json", serde_json::to_vec(&manifest).unwrap()),
                ("/update.bin", payload.to_vec()),
            ])
        })
    }

    fn manifest_url(&self) -> String {
        format!("{}/latest.json", self.base)
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// The app's updater config with its endpoint moved to `endpoint` (plain
/// HTTP allowed for the loopback server); the key and the version rule are
/// the shipped ones.
fn test_app(endpoint: &str) -> tauri::App<MockRuntime> {
    let shipped: serde_json::Value = serde_json::from_str(CONFIG).unwrap();
    let mut updater = shipped["plugins"]["updater"].clone();
    assert_eq!(updater["requireSignedVersion"], json!(true));
    updater["endpoints"] = json!([endpoint]);
    updater["dangerousInsecureTransportProtocol"] = json!(true);
    let mut context = mock_context(noop_assets());
    context
        .config_mut()
        .plugins
        .0
        .insert("updater".to_owned(), updater);
    mock_builder()
        .plugin(tauri_plugin_updater::Builder::new().target(TARGET).build())
        .build(context)
        .unwrap()
}

fn updates_with_policy(dir: &Path, policy: Option<&str>, channel: UpdateChannel) -> Updates {
    let path = dir.join("policy.json");
    if let Some(policy) = policy {
        let text = format!(r#"{{"updates": "{policy}"}}"#);
        steward_core::fsutil::write_atomically(&path, text.as_bytes()).unwrap();
    }
    Updates::new(path, channel)
}

/// Why downloading `version` failed (the update itself has no `Debug`).
fn download_err(updates: &Updates, version: &str) -> UpdateError {
    match block_on(updates.download(version)) {
        Ok((update, _)) => panic!("{} was downloaded", update.version),
        Err(err) => err,
    }
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tauri::async_runtime::block_on(future)
}

#[test]
fn a_newer_signed_version_is_offered_and_its_download_verified() {
    let channel = Channel::announcing("0.2.0", PAYLOAD);
    let app = test_app(&channel.manifest_url());
    let dir = tempfile::tempdir().unwrap();
    let updates = updates_with_policy(dir.path(), None, UpdateChannel::Updater);
    let offer = block_on(updates.check(app.handle(), false)).unwrap();
    assert_eq!(
        offer,
        Some(UpdateOffer {
            version: "0.2.0".to_owned(),
            notes: Some("Faster search.".to_owned()),
        })
    );
    assert_eq!(updates.offer(), offer);
    // Only the version shown can be installed.
    assert_eq!(download_err(&updates, "0.3.0"), UpdateError::NotOffered);
    let (update, bytes) = block_on(updates.download("0.2.0")).unwrap();
    assert_eq!(update.version, "0.2.0");
    assert_eq!(bytes, PAYLOAD);
    assert_eq!(channel.connections(), 2);
}

#[test]
fn the_same_version_is_up_to_date() {
    let channel = Channel::announcing("0.1.0", PAYLOAD);
    let app = test_app(&channel.manifest_url());
    let dir = tempfile::tempdir().unwrap();
    let updates = updates_with_policy(dir.path(), Some("at-start"), UpdateChannel::Updater);
    assert_eq!(block_on(updates.check(app.handle(), true)).unwrap(), None);
    assert_eq!(updates.offer(), None);
    assert_eq!(download_err(&updates, "0.1.0"), UpdateError::NotOffered);
    assert_eq!(channel.connections(), 1);
}

#[test]
fn a_download_that_does_not_match_its_signature_is_refused() {
    let mut tampered = PAYLOAD.to_vec();
    tampered[0] ^= 1;
    let channel = Channel::announcing("0.2.0", &tampered);
    let app = test_app(&channel.manifest_url());
    let dir = tempfile::tempdir().unwrap();
    let updates = updates_with_policy(dir.path(), None, UpdateChannel::Updater);
    assert!(
        block_on(updates.check(app.handle(), false))
            .unwrap()
            .is_some()
    );
    let err = download_err(&updates, "0.2.0");
    assert!(matches!(err, UpdateError::BadSignature(_)), "{err:?}");
    assert_eq!(err.reason(), "update-bad-signature");
}

#[test]
fn a_signed_release_announced_as_another_version_is_refused() {
    // A tampered manifest pairing a higher version number with a genuine
    // artefact signed for 0.2.0.
    let channel = Channel::announcing("0.3.0", PAYLOAD);
    let app = test_app(&channel.manifest_url());
    let dir = tempfile::tempdir().unwrap();
    let updates = updates_with_policy(dir.path(), None, UpdateChannel::Updater);
    assert!(
        block_on(updates.check(app.handle(), false))
            .unwrap()
            .is_some()
    );
    let err = download_err(&updates, "0.3.0");
    assert!(matches!(err, UpdateError::BadSignature(_)), "{err:?}");
}

#[test]
fn policy_off_makes_no_request_at_all() {
    let channel = Channel::announcing("0.2.0", PAYLOAD);
    let app = test_app(&channel.manifest_url());
    let dir = tempfile::tempdir().unwrap();
    let updates = updates_with_policy(dir.path(), Some("off"), UpdateChannel::Updater);
    assert_eq!(
        block_on(updates.check(app.handle(), false)).unwrap_err(),
        UpdateError::Off
    );
    assert_eq!(
        block_on(updates.check(app.handle(), true)).unwrap_err(),
        UpdateError::Off
    );
    assert_eq!(download_err(&updates, "0.2.0"), UpdateError::Off);
    assert_eq!(channel.connections(), 0);
}

#[test]
fn on_request_makes_no_request_at_start() {
    let channel = Channel::announcing("0.2.0", PAYLOAD);
    let app = test_app(&channel.manifest_url());
    let dir = tempfile::tempdir().unwrap();
    let updates = updates_with_policy(dir.path(), Some("on-request"), UpdateChannel::Updater);
    assert_eq!(
        block_on(updates.check(app.handle(), true)).unwrap_err(),
        UpdateError::Off
    );
    assert_eq!(channel.connections(), 0);
    assert!(
        block_on(updates.check(app.handle(), false))
            .unwrap()
            .is_some()
    );
    assert_eq!(channel.connections(), 1);
}

#[test]
fn a_package_managers_install_never_calls_the_updater() {
    let channel = Channel::announcing("0.2.0", PAYLOAD);
    let app = test_app(&channel.manifest_url());
    let dir = tempfile::tempdir().unwrap();
    let updates = updates_with_policy(dir.path(), Some("at-start"), UpdateChannel::PackageManager);
    for at_start in [false, true] {
        assert_eq!(
            block_on(updates.check(app.handle(), at_start)).unwrap_err(),
            UpdateError::PackageManager
        );
    }
    assert_eq!(channel.connections(), 0);
}

#[test]
fn an_unreachable_channel_is_said_as_such() {
    // A port that was free a moment ago: nothing listens on it.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = test_app(&format!("http://127.0.0.1:{port}/latest.json"));
    let dir = tempfile::tempdir().unwrap();
    let updates = updates_with_policy(dir.path(), None, UpdateChannel::Updater);
    let err = block_on(updates.check(app.handle(), false)).unwrap_err();
    assert!(matches!(err, UpdateError::Unreachable(_)), "{err:?}");
    let api = crate::error::ApiError::from(err);
    assert_eq!(api.reason.as_deref(), Some("update-unreachable"));
    assert!(
        api.message
            .starts_with("The update server could not be reached"),
        "{}",
        api.message
    );
}

#[test]
fn the_shipped_config_points_at_the_release_channel_over_https() {
    let shipped: serde_json::Value = serde_json::from_str(CONFIG).unwrap();
    let updater = &shipped["plugins"]["updater"];
    assert_eq!(
        updater["endpoints"],
        json!(["https://releases.stewardcrm.org/updater/latest.json"])
    );
    assert_eq!(updater.get("dangerousInsecureTransportProtocol"), None);
    // The key itself is exercised by the tests above, which verify the
    // fixture with it.
    assert!(updater["pubkey"].as_str().is_some_and(|k| k.len() > 100));
}

#[test]
fn turning_updates_off_after_a_check_stops_the_install() {
    let channel = Channel::announcing("0.2.0", PAYLOAD);
    let app = test_app(&channel.manifest_url());
    let dir = tempfile::tempdir().unwrap();
    let updates = updates_with_policy(dir.path(), Some("on-request"), UpdateChannel::Updater);
    assert!(
        block_on(updates.check(app.handle(), false))
            .unwrap()
            .is_some()
    );
    // The administrator's change holds at once, without a restart.
    steward_core::fsutil::write_atomically(
        &dir.path().join("policy.json"),
        br#"{"updates": "off"}"#,
    )
    .unwrap();
    assert_eq!(download_err(&updates, "0.2.0"), UpdateError::Off);
    assert_eq!(channel.connections(), 1);
}

#[test]
fn refusals_cross_as_other_with_their_reason() {
    let json = serde_json::to_value(crate::error::ApiError::from(UpdateError::Off)).unwrap();
    assert_eq!(
        json,
        json!({
            "code": "other",
            "message": "Checking for updates is turned off on this computer.",
            "reason": "updates-off"
        })
    );
    let reasons: Vec<_> = [
        UpdateError::PackageManager,
        UpdateError::BadSignature(String::new()),
        UpdateError::NotOffered,
        UpdateError::Failed(String::new()),
    ]
    .iter()
    .map(UpdateError::reason)
    .collect();
    assert_eq!(
        reasons,
        [
            "updates-package-manager",
            "update-bad-signature",
            "update-not-offered",
            "update-failed"
        ]
    );
}

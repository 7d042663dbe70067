//! The throwaway cluster itself (steward_sync_pg::test_cluster).

use std::path::PathBuf;

use steward_sync_pg::test_cluster::Cluster;

#[test]
fn a_cluster_is_stopped_and_removed_when_its_test_panics() {
    let caught = std::panic::catch_unwind(|| {
        let cluster = Cluster::start();
        let found = (cluster.dir().to_path_buf(), cluster.server_pid());
        assert!(found.0.join("data").is_dir());
        assert!(running(found.1), "the server runs");
        std::panic::panic_any(found);
    });
    let payload = caught.expect_err("the closure panicked");
    let (dir, pid) = payload
        .downcast_ref::<(PathBuf, u32)>()
        .expect("the payload")
        .clone();
    assert!(!dir.exists(), "{} is left behind", dir.display());
    // The server removes its pid file just before it exits, and its parent
    // (not this process) reaps it: allow a moment.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while running(pid) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(!running(pid), "server {pid} still runs");
}

/// Whether a process runs (exists and is not a zombie waiting to be reaped).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            stat.rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().starts_with('Z'))
        })
        .is_some_and(|zombie| !zombie)
}

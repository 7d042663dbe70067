//! A throwaway PostgreSQL cluster for one test: Debian's server binaries
//! (`/usr/lib/postgresql/<version>/bin`, the newest installed, or
//! `STEWARD_PG_BIN`), a data directory and a Unix socket directory under a
//! temporary directory, no TCP listener. Dropping it (also when the test
//! panics) stops the server and removes the directory.
//!
//! PostgreSQL refuses to run as root: when the tests run as root (CI), the
//! temporary directory is handed to the `postgres` system user, which runs
//! `initdb` and `pg_ctl` through `runuser`.
//!
//! Only for tests (this crate's and the CLI's): behind the `test-support`
//! feature, which only dev-dependencies enable, so no release binary has it.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a test harness: a failed step should stop the test"
)]

use std::os::unix::fs::chown;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::PgLog;

/// A running throwaway server; dropping it stops it and removes its files.
#[derive(Debug)]
pub struct Cluster {
    bin: PathBuf,
    /// The system user the server runs as, when the tests run as root.
    run_as: Option<String>,
    data: PathBuf,
    socket: PathBuf,
    port: u16,
    // Last, so the directory goes after the server stopped.
    dir: tempfile::TempDir,
}

fn output(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn uid_of(user: &str) -> Option<(u32, u32)> {
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, user]).output().ok()?;
        if !out.status.success() {
            return None;
        }
        String::from_utf8(out.stdout).ok()?.trim().parse().ok()
    };
    Some((id("-u")?, id("-g")?))
}

fn current_uid() -> u32 {
    let out = output(Command::new("id").arg("-u"));
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("id -u prints a number")
}

/// The newest `/usr/lib/postgresql/<version>/bin` with `initdb` in it.
fn server_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("STEWARD_PG_BIN") {
        return PathBuf::from(bin);
    }
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).unwrap_or_else(|| {
        panic!("no PostgreSQL server in /usr/lib/postgresql/*/bin: install Debian's postgresql package (scripts/setup.sh does)")
    })
}

impl Cluster {
    /// Creates and starts a cluster.
    pub fn start() -> Self {
        let bin = server_bin();
        let root = current_uid() == 0;
        // As root, under /tmp, which the postgres user can reach (a TMPDIR
        // under /root it could not).
        let parent = if root {
            PathBuf::from("/tmp")
        } else {
            std::env::temp_dir()
        };
        let dir = tempfile::Builder::new()
            .prefix("steward-pg-")
            .tempdir_in(parent)
            .expect("temp dir");
        let run_as = if root {
            let (uid, gid) =
                uid_of("postgres").expect("running as root needs the postgres system user");
            chown(dir.path(), Some(uid), Some(gid)).expect("hand the temp dir to postgres");
            Some("postgres".to_string())
        } else {
            None
        };
        let data = dir.path().join("data");
        let socket = dir.path().join("socket");
        let cluster = Cluster {
            bin,
            run_as,
            data,
            socket,
            port: 5432,
            dir,
        };
        cluster.run_ok("mkdir", &[cluster.socket.to_str().expect("utf-8 path")]);
        let data = cluster.data.to_str().expect("utf-8 path").to_string();
        cluster.run_pg_ok(
            "initdb",
            &[
                "-D",
                &data,
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        // Each cluster has its own socket directory, so the port only names
        // the socket file; no TCP. fsync off: a test cluster dies with its
        // test, and the speed figures then measure Steward and the server,
        // not this machine's disk flush.
        let options = format!(
            "-k {} -p {} -c listen_addresses='' -c fsync=off -c full_page_writes=off",
            cluster.socket.display(),
            cluster.port
        );
        let log = cluster.dir.path().join("server.log");
        let log = log.to_str().expect("utf-8 path").to_string();
        cluster.run_pg_ok(
            "pg_ctl",
            &[
                "-D", &data, "-l", &log, "-w", "-t", "30", "-o", &options, "start",
            ],
        );
        cluster
    }

    fn command(&self, program: &Path) -> Command {
        match &self.run_as {
            Some(user) => {
                let mut cmd = Command::new("runuser");
                cmd.args(["-u", user, "--"]).arg(program);
                cmd
            }
            None => Command::new(program),
        }
    }

    fn run_ok(&self, program: &str, args: &[&str]) {
        let out = output(self.command(Path::new(program)).args(args));
        assert!(
            out.status.success(),
            "{program} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn run_pg_ok(&self, program: &str, args: &[&str]) {
        let out = output(
            self.command(&self.bin.join(program))
                .args(args)
                .current_dir(self.dir.path()),
        );
        assert!(
            out.status.success(),
            "{program} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The temporary directory the cluster lives in.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The server's process id, from `postmaster.pid`.
    pub fn server_pid(&self) -> u32 {
        let pid =
            std::fs::read_to_string(self.data.join("postmaster.pid")).expect("postmaster.pid");
        pid.lines()
            .next()
            .and_then(|l| l.trim().parse().ok())
            .expect("a pid on the first line")
    }

    /// A connection string for `database` as the superuser.
    pub fn url(&self, database: &str) -> String {
        self.url_as("postgres", database)
    }

    /// A connection string for `database` as `user`.
    pub fn url_as(&self, user: &str, database: &str) -> String {
        format!(
            "host={} port={} user={user} dbname={database}",
            self.socket.display(),
            self.port
        )
    }

    /// A [`PgLog`] on the `postgres` database as the superuser.
    pub fn log(&self) -> PgLog {
        PgLog::connect(&self.url("postgres")).expect("connect to the test cluster")
    }

    /// `pg_dump --data-only` of a database, as text.
    pub fn dump_data(&self, database: &str) -> String {
        let socket = self.socket.to_str().expect("utf-8 path");
        let port = self.port.to_string();
        let out = output(Command::new(self.bin.join("pg_dump")).args([
            "--data-only",
            "-h",
            socket,
            "-p",
            &port,
            "-U",
            "postgres",
            database,
        ]));
        assert!(
            out.status.success(),
            "pg_dump failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("pg_dump writes UTF-8 here")
    }
}

impl Cluster {
    /// Stops the server now (a server that went away); the files stay until
    /// the cluster is dropped.
    pub fn stop(&self) {
        let data = self.data.to_str().expect("utf-8 path").to_string();
        self.run_pg_ok("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Some(data) = self.data.to_str() {
            let _ = self
                .command(&self.bin.join("pg_ctl"))
                .args(["-D", data, "-m", "immediate", "-w", "stop"])
                .output();
        }
    }
}

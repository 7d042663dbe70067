//! What the user is told when their disk refuses: full, read-only. Needs
//! root for the mounts; skipped (with a note) where mounting is not allowed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{PASSWORD, fails, ok, steward};

/// A mount that is undone when the test ends, however it ends.
pub(crate) struct Mount(PathBuf);

impl Mount {
    pub(crate) fn new(args: &[&str], target: &Path) -> Option<Self> {
        let status = Command::new("mount")
            .args(args)
            .arg(target)
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        if status.success() {
            Some(Self(target.to_owned()))
        } else {
            eprintln!("skipped: mounting is not permitted here");
            None
        }
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// No raw SQLite code name or operating-system error number in `stderr`.
fn in_words(stderr: &str) {
    for raw in [
        "SystemIoFailure",
        "CannotOpen",
        "DiskFull",
        "ReadOnly",
        "PermissionDenied",
        "os error",
        "database reported an error",
    ] {
        assert!(!stderr.contains(raw), "{stderr:?} names {raw:?}");
    }
}

#[test]
fn a_full_disk_is_named_in_words_with_the_folder_it_holds() {
    let temp = tempfile::tempdir().unwrap();
    let disk = temp.path().join("small-disk");
    std::fs::create_dir(&disk).unwrap();
    let Some(_mount) = Mount::new(&["-t", "tmpfs", "-o", "size=4m", "tmpfs"], &disk) else {
        return;
    };
    let dir = disk.join("vault");
    ok(&steward(&dir, Some(PASSWORD), &["init", "--user", "ada"]));
    // Fill the rest of the disk.
    let mut filler = std::fs::File::create(disk.join("filler")).unwrap();
    let block = vec![7u8; 64 * 1024];
    while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    drop(filler);

    let notes = "n".repeat(20_000);
    let out = steward(
        &dir,
        Some(PASSWORD),
        &["contact", "add", "--name", "Someone", "--notes", &notes],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    fails(&out, 1, "is full");
    in_words(&stderr);
    assert!(
        stderr.contains(&format!("the disk holding {} is full", dir.display())),
        "{stderr}"
    );
}

#[test]
fn a_read_only_folder_is_named_in_words() {
    let temp = tempfile::tempdir().unwrap();
    let ro = temp.path().join("read-only");
    std::fs::create_dir(&ro).unwrap();
    let dir = ro.join("vault");
    ok(&steward(&dir, Some(PASSWORD), &["init", "--user", "ada"]));
    let Some(_mount) =
        Mount::new(&["--bind", "-o", "ro", ro.to_str().unwrap()], &ro).inspect(|_| {
            // A bind mount takes the read-only flag on a remount.
            let _ = Command::new("mount")
                .args(["-o", "remount,bind,ro"])
                .arg(&ro)
                .status();
        })
    else {
        return;
    };
    if std::fs::File::create(ro.join("probe")).is_ok() {
        eprintln!("skipped: the bind mount is not read-only here");
        return;
    }

    let out = steward(&dir, Some(PASSWORD), &["contact", "list"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    fails(&out, 1, "read-only");
    in_words(&stderr);
    assert!(stderr.contains(&dir.display().to_string()), "{stderr}");

    let out = steward(&ro.join("new"), Some(PASSWORD), &["init", "--user", "ada"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    fails(&out, 1, "read-only");
    in_words(&stderr);
}

//! Opening an attachment in the system's viewer: the file is decrypted to a
//! private temporary file (`0600`, in a folder of its own, `0700`, with a
//! random name), which the viewer opens. The folder is removed when the
//! vault locks and when the app quits, and any left over by a crash is
//! removed at the next start. What a viewer itself keeps (a recent-files
//! list, a thumbnail cache, an autosaved copy) is beyond Steward's reach:
//! `docs/SECURITY.md`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{ApiError, ApiResult};

/// The prefix of the viewer folders in the system's temporary folder.
const PREFIX: &str = "steward-view-";

/// This run's folder, made at the first open.
static FOLDER: Mutex<Option<tempfile::TempDir>> = Mutex::new(None);

/// A new private file for attachment `id` named `name`, in this run's
/// folder (made `0700` when it does not exist yet).
pub(crate) fn new_file(
    id: i64,
    name: &str,
) -> ApiResult<(PathBuf, steward_core::fsutil::NewPrivateFile)> {
    let mut folder = FOLDER.lock().map_err(|_| {
        ApiError::other(
            "app-state-damaged",
            "The app's state is damaged; restart Steward.",
        )
    })?;
    if folder.is_none() {
        *folder = Some(private_builder().prefix(PREFIX).tempdir().map_err(|e| {
            ApiError::other(
                "private-file-failed",
                format!("Could not make a private folder: {e}."),
            )
        })?);
    }
    let Some(dir) = folder.as_ref() else {
        return Err(ApiError::other(
            "private-file-failed",
            "Could not make a private folder.",
        ));
    };
    // One folder per open, so two files of the same name do not collide
    // and the viewer shows the file's own name.
    let sub = private_builder()
        .prefix(&format!("{id}-"))
        .tempdir_in(dir.path())
        .map_err(|e| {
            ApiError::other(
                "private-file-failed",
                format!("Could not make a private folder: {e}."),
            )
        })?
        .keep();
    let path = sub.join(safe_name(name));
    let file = steward_core::fsutil::NewPrivateFile::create(&path).map_err(|e| {
        ApiError::other(
            "private-file-failed",
            format!("Could not create a private file: {e}."),
        )
    })?;
    Ok((path, file))
}

/// A builder of folders with a random name, readable by the user only
/// (`0700`) from the moment they exist.
fn private_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    builder
}

/// A file name with nothing that could leave the folder.
fn safe_name(name: &str) -> String {
    steward_core::records::attachments::file_system_name(name)
}

/// Removes this run's folder and every file in it.
pub(crate) fn clear() {
    if let Ok(mut folder) = FOLDER.lock()
        && let Some(dir) = folder.take()
    {
        let _ = dir.close();
    }
}

/// Removes viewer folders left by an earlier run that ended without
/// locking (a crash, a power cut): those in `temp` named like ours that
/// this user owns.
pub(crate) fn remove_leftovers(temp: &Path) {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    let mine = FOLDER
        .lock()
        .ok()
        .and_then(|f| f.as_ref().map(|d| d.path().to_owned()));
    for entry in entries.flatten() {
        let path = entry.path();
        if !entry.file_name().to_string_lossy().starts_with(PREFIX) || Some(&path) == mine.as_ref()
        {
            continue;
        }
        if owned_by_me(&path) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

#[cfg(unix)]
fn owned_by_me(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    let Ok(probe) = tempfile::tempfile() else {
        return false;
    };
    let me = probe.metadata().map(|m| m.uid()).ok();
    meta.is_dir() && Some(meta.uid()) == me
}

#[cfg(not(unix))]
fn owned_by_me(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Opens `path` with the system's default application for it.
pub(crate) fn open_with_system(path: &Path) -> ApiResult<()> {
    #[cfg(target_os = "macos")]
    let mut cmd = std::process::Command::new("open");
    #[cfg(target_os = "windows")]
    let mut cmd = {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    };
    #[cfg(not(any(target_os = "macos", target_os = "windows")))]
    let mut cmd = std::process::Command::new("xdg-open");
    cmd.arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| ApiError::other("viewer-failed", format!("Could not open a viewer: {e}.")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_cannot_leave_its_folder() {
        assert_eq!(safe_name("../../etc/passwd"), ".._.._etc_passwd");
        assert_eq!(safe_name(".."), "attachment");
        assert_eq!(safe_name(" quote.pdf "), "quote.pdf");
    }

    #[cfg(unix)]
    #[test]
    fn a_leftover_folder_is_removed_and_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let temp = tempfile::tempdir().unwrap();
        let left = temp.path().join(format!("{PREFIX}old"));
        std::fs::create_dir(&left).unwrap();
        let other = temp.path().join("unrelated");
        std::fs::create_dir(&other).unwrap();
        remove_leftovers(temp.path());
        assert!(!left.exists());
        assert!(other.exists());

        let (path, file) = new_file(7, "scan.pdf").unwrap();
        file.finish().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
        assert_eq!(mode(path.parent().unwrap().parent().unwrap()), 0o700);
        assert!(path.ends_with("scan.pdf"));
        clear();
        assert!(!path.exists(), "removed at lock");
    }
}

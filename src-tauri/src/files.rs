//! Files the user chose in a dialog: reading one with a size limit, and
//! writing a new one readable by the user only, deleted again on failure;
//! and the end-to-end tests' stand-in for the dialogs ([`next_test_pick`]).

use crate::error::{ApiError, ApiResult};

pub(crate) fn read_file(path: &str) -> ApiResult<Vec<u8>> {
    use steward_core::fsutil::{MAX_INPUT_FILE, read_limited};
    read_limited(std::path::Path::new(path), MAX_INPUT_FILE).map_err(|e| match e.kind() {
        std::io::ErrorKind::FileTooLarge => ApiError::other(
            "import-file-too-large",
            "The file is larger than 512 MiB; split it and import the parts.",
        )
        .with("max", MAX_INPUT_FILE / (1024 * 1024)),
        _ => ApiError::other("file-read-failed", format!("Could not read {path}: {e}."))
            .with("path", path),
    })
}

/// Creates `path` as a new file readable by the user only, hands it to
/// `write`, and deletes it again when `write` or the final flush fails.
pub(crate) fn write_new_file(
    path: &str,
    write: impl FnOnce(&mut dyn std::io::Write) -> steward_core::Result<usize>,
) -> ApiResult<usize> {
    let created = steward_core::fsutil::NewPrivateFile::create(std::path::Path::new(path));
    let mut out = created.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => ApiError::other(
            "file-exists",
            format!("{path} already exists; choose another name."),
        )
        .with("path", path),
        _ => ApiError::other(
            "file-create-failed",
            format!("Could not create {path}: {e}."),
        )
        .with("path", path),
    })?;
    // Dropped unfinished, when `write` fails, the file is deleted.
    let n = write(&mut out)?;
    out.finish().map_err(|e| {
        ApiError::other("file-write-failed", format!("Could not write {path}: {e}."))
            .with("path", path)
    })?;
    Ok(n)
}

/// Reads an evidence file chosen in the open dialog: its name and bytes.
/// Core refuses files over its limit too; this stops before reading one.
pub(crate) fn read_evidence(path: Option<&str>) -> ApiResult<Option<(String, Vec<u8>)>> {
    let Some(path) = path.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let limit = steward_core::consent::MAX_EVIDENCE_FILE;
    let meta = std::fs::metadata(path).map_err(|e| {
        ApiError::other("file-read-failed", format!("Could not read {path}: {e}."))
            .with("path", path)
    })?;
    if !meta.is_file() {
        return Err(
            ApiError::other("file-not-a-file", format!("{path} is not a file.")).with("path", path),
        );
    }
    let bytes = steward_core::fsutil::read_limited(std::path::Path::new(path), limit as u64)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::FileTooLarge => ApiError::other(
                "evidence-too-large",
                format!(
                    "The evidence file is larger than {} MiB; attach a smaller copy.",
                    limit / (1024 * 1024)
                ),
            )
            .with("max", limit / (1024 * 1024)),
            _ => ApiError::other("file-read-failed", format!("Could not read {path}: {e}."))
                .with("path", path),
        })?;
    let name = std::path::Path::new(path).file_name().map_or_else(
        || "evidence".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Some((name, bytes)))
}

/// Writes `text` to the new file `path` (never over an existing one,
/// readable by the user only); resolves with the number of bytes.
pub(crate) fn write_text(path: &str, text: &str) -> ApiResult<usize> {
    write_new_file(path, |out| {
        out.write_all(text.as_bytes())
            .map_err(|source| steward_core::Error::Io {
                action: format!("write {path}"),
                source,
            })?;
        Ok(text.len())
    })
}

/// What the window's next open or save dialog answers instead of asking,
/// in a debug build (the end-to-end tests' app) when the test queued an
/// answer (see [`test_picks`]): the chosen paths, none for a cancelled
/// dialog. `None` means "ask the user", always so in a release build,
/// which contains neither the queue nor the name of its variable.
#[tauri::command]
pub fn next_test_pick() -> Option<Vec<String>> {
    #[cfg(debug_assertions)]
    {
        test_picks::take()
    }
    #[cfg(not(debug_assertions))]
    {
        None
    }
}

/// Debug builds only: when `STEWARD_TEST_PICKS` names a file, each line of
/// it is the answer of one dialog, a JSON array of paths (`[]` for a
/// cancelled dialog), taken from the top. WebDriver cannot reach the
/// system's dialogs, so the tests write the files they mean to choose
/// there before they click. A missing or empty file, or a line that is not
/// such an array, leaves the dialog to the user.
#[cfg(debug_assertions)]
pub(crate) mod test_picks {
    use std::path::Path;

    pub const VAR: &str = "STEWARD_TEST_PICKS";

    pub fn take() -> Option<Vec<String>> {
        take_from(Path::new(&std::env::var_os(VAR)?))
    }

    /// Takes the first line of `queue`, rewriting it with the rest.
    pub fn take_from(queue: &Path) -> Option<Vec<String>> {
        let text = std::fs::read_to_string(queue).ok()?;
        let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
        if first.trim().is_empty() {
            return None;
        }
        steward_core::fsutil::write_atomically(queue, rest.as_bytes()).ok()?;
        serde_json::from_str(first).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(debug_assertions)]
    #[test]
    fn queued_test_picks_answer_dialogs_in_order_then_the_user_does() {
        let dir = tempfile::tempdir().unwrap();
        let queue = dir.path().join("picks");
        let take = || test_picks::take_from(&queue);
        assert_eq!(take(), None, "no queue: the user is asked");
        steward_core::fsutil::write_atomically(
            &queue,
            b"[\"/tmp/a.pdf\",\"/tmp/b.eml\"]\n[]\n[\"/tmp/out.pdf\"]\n",
        )
        .unwrap();
        assert_eq!(take(), Some(vec!["/tmp/a.pdf".into(), "/tmp/b.eml".into()]));
        assert_eq!(take(), Some(vec![]), "a cancelled dialog");
        assert_eq!(take(), Some(vec!["/tmp/out.pdf".into()]));
        assert_eq!(take(), None, "the queue is empty");
        assert_eq!(std::fs::read_to_string(&queue).unwrap(), "");
    }

    #[test]
    fn an_export_never_overwrites_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("taken.csv");
        steward_core::fsutil::write_atomically(&path, b"keep me").unwrap();
        let path = path.to_str().unwrap();
        let err = write_new_file(path, |_| Ok(0)).unwrap_err();
        assert!(err.message.contains("already exists"), "{}", err.message);
        assert_eq!(
            std::fs::read(path).unwrap(),
            b"keep me",
            "the file is untouched"
        );
    }

    #[test]
    fn a_failed_export_leaves_no_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let path = path.to_str().unwrap();
        let err = write_new_file(path, |out| {
            out.write_all(b"half a file").unwrap();
            Err(steward_core::Error::InvalidInput("no".into()))
        })
        .unwrap_err();
        assert!(matches!(err.code, crate::error::ErrorCode::InvalidInput));
        assert!(
            !std::path::Path::new(path).exists(),
            "the partial file is deleted"
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_export_is_readable_by_the_user_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let written = write_new_file(path.to_str().unwrap(), |out| {
            out.write_all(b"Name\n").unwrap();
            Ok(1)
        })
        .unwrap();
        assert_eq!(written, 1);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn no_evidence_path_means_no_evidence_file() {
        assert!(read_evidence(None).unwrap().is_none());
        assert!(read_evidence(Some("  ")).unwrap().is_none());
    }

    #[test]
    fn an_evidence_file_is_read_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("signed form.pdf");
        steward_core::fsutil::write_atomically(&path, b"%PDF-1.7").unwrap();
        let (name, bytes) = read_evidence(path.to_str()).unwrap().unwrap();
        assert_eq!(name, "signed form.pdf");
        assert_eq!(bytes, b"%PDF-1.7");
    }

    #[test]
    fn an_evidence_file_over_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.bin");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(steward_core::consent::MAX_EVIDENCE_FILE as u64 + 1)
            .unwrap();
        let err = read_evidence(path.to_str()).unwrap_err();
        assert!(
            err.message.contains("larger than 10 MiB"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_written_text_file_is_new_and_complete() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.md");
        let path = path.to_str().unwrap();
        assert_eq!(write_text(path, "# Register\n").unwrap(), 11);
        assert_eq!(std::fs::read_to_string(path).unwrap(), "# Register\n");
        let again = write_text(path, "other").unwrap_err();
        assert!(
            again.message.contains("already exists"),
            "{}",
            again.message
        );
    }
}

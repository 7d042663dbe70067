//! A backup file handed to Steward by the desktop: `steward-app FILE.stwbak`
//! (the file manager's "Open with Steward"), at start or from a second launch
//! that the single-instance plugin forwards here. The file waits in
//! [`OpenedBackup`] until the restore screen takes it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tauri::{AppHandle, Emitter, Manager};

/// Sent, with the file's path, when a second launch hands over a backup, so
/// the window that is already open shows its restore screen.
pub const OPENED_EVENT: &str = "backup-opened";

/// The backup file the desktop asked Steward to open and the restore screen
/// has not taken yet.
#[derive(Debug, Default)]
pub struct OpenedBackup(Mutex<Option<PathBuf>>);

impl OpenedBackup {
    /// Remembers `path`, replacing any file not taken yet.
    pub fn set(&self, path: PathBuf) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(path);
    }

    /// Hands the file over once: a later call gives `None`.
    pub fn take(&self) -> Option<PathBuf> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

/// The backup file among a launch's arguments (`args` without the program
/// name): the first one that is not an option and ends in `.stwbak`
/// (any case), or is a `file://` URI of one, made absolute against `cwd`,
/// the launching process's folder. Other arguments are ignored.
pub fn backup_from_args<I>(args: I, cwd: &Path) -> Option<PathBuf>
where
    I: IntoIterator<Item = OsString>,
{
    args.into_iter().find_map(|arg| {
        let text = arg.to_str()?;
        if text.starts_with('-') {
            return None;
        }
        let path = match text.strip_prefix("file://") {
            Some(uri) => PathBuf::from(percent_decode(uri)?),
            None => PathBuf::from(&arg),
        };
        let is_backup = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("stwbak"));
        is_backup.then(|| cwd.join(path))
    })
}

/// `%XX` escapes of a `file://` URI's path decoded; `None` when malformed.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A second launch of Steward: show the window that is already open and
/// hand it the backup file among the launch's arguments, if any.
pub fn second_launch(app: &AppHandle, argv: Vec<String>, cwd: &str) {
    let args = argv.into_iter().skip(1).map(OsString::from);
    if let Some(path) = backup_from_args(args, Path::new(cwd)) {
        app.state::<OpenedBackup>().set(path.clone());
        let _ = app.emit(OPENED_EVENT, path.to_string_lossy().into_owned());
    }
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// The backup file the desktop asked Steward to open, once; `null` when
/// none is waiting.
#[tauri::command]
pub fn take_opened_backup(opened: tauri::State<'_, OpenedBackup>) -> Option<String> {
    opened
        .take()
        .map(|path| path.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn finds_the_backup_and_makes_it_absolute() {
        let cwd = Path::new("/home/ada/Downloads");
        assert_eq!(
            backup_from_args(args(&["steward-2026-12-01.stwbak"]), cwd),
            Some(PathBuf::from(
                "/home/ada/Downloads/steward-2026-12-01.stwbak"
            ))
        );
        assert_eq!(
            backup_from_args(args(&["/media/usb/b.STWBAK"]), cwd),
            Some(PathBuf::from("/media/usb/b.STWBAK"))
        );
    }

    #[test]
    fn skips_options_and_other_files() {
        let cwd = Path::new("/tmp");
        assert_eq!(
            backup_from_args(
                args(&["--verbose", "notes.txt", "-x.stwbak", "b.stwbak"]),
                cwd
            ),
            Some(PathBuf::from("/tmp/b.stwbak"))
        );
        assert_eq!(backup_from_args(args(&["notes.txt", "stwbak"]), cwd), None);
        assert_eq!(backup_from_args(args(&[]), cwd), None);
    }

    #[test]
    fn reads_file_uris() {
        assert_eq!(
            backup_from_args(
                args(&["file:///home/ada/My%20Backups/b.stwbak"]),
                Path::new("/")
            ),
            Some(PathBuf::from("/home/ada/My Backups/b.stwbak"))
        );
        assert_eq!(
            backup_from_args(args(&["file:///x/%zz.stwbak"]), Path::new("/")),
            None
        );
    }

    #[test]
    fn hands_the_file_over_once() {
        let opened = OpenedBackup::default();
        assert_eq!(opened.take(), None);
        opened.set(PathBuf::from("/a.stwbak"));
        opened.set(PathBuf::from("/b.stwbak"));
        assert_eq!(opened.take(), Some(PathBuf::from("/b.stwbak")));
        assert_eq!(opened.take(), None);
    }
}

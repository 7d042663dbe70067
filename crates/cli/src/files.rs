//! The CLI's input and output files, through steward-core's one way of doing
//! each: inputs read under [`fsutil::MAX_INPUT_FILE`], outputs created new,
//! private (0600) and fsynced, or deleted when writing fails.

use std::io::Write;
use std::path::Path;

use steward_core::fsutil::{self, NewPrivateFile};

use crate::exit::{CliError, CliResult};

/// Reads an input file (a CSV or vCard to import, a consent text, an
/// evidence file); one over 512 MiB is refused before it is read.
pub(crate) fn read_input(path: &Path) -> CliResult<Vec<u8>> {
    fsutil::read_limited(path, fsutil::MAX_INPUT_FILE)
        .map_err(|e| CliError::Other(format!("could not read {}: {e}", path.display())))
}

/// Creates `path` as a new output file readable by the user only; it is
/// deleted unless [`NewPrivateFile::finish`] succeeds.
pub(crate) fn create_output(path: &Path) -> CliResult<NewPrivateFile> {
    NewPrivateFile::create(path)
        .map_err(|e| CliError::Other(format!("could not create {}: {e}", path.display())))
}

/// Keeps an output file written whole: flushed and fsynced.
pub(crate) fn finish_output(file: NewPrivateFile) -> CliResult {
    let path = file.path().to_owned();
    file.finish()
        .map_err(|e| CliError::Other(format!("could not write {}: {e}", path.display())))
}

/// Writes `bytes` to `path`, a new file readable by the user only, or
/// leaves no file.
pub(crate) fn write_output(path: &Path, bytes: &[u8]) -> CliResult {
    let mut file = create_output(path)?;
    file.write_all(bytes)
        .map_err(|e| CliError::Other(format!("could not write {}: {e}", path.display())))?;
    finish_output(file)
}

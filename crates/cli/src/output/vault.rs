//! JSON shapes of a new vault for `--json`; see [`super`].

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct InitJson<'a> {
    pub vault_dir: String,
    pub user: &'a str,
    /// Present unless the key was written to a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery_key_file: Option<String>,
}

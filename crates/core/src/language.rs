//! The languages Steward speaks, as tags (`en`, `ro`). Only the type: what
//! is said in each lives in `locale`, and which one a vault or a user chose
//! is read there too. It sits at the bottom so that creating a vault
//! (`vault::CreateOptions`) can name the language it is made in.

use std::fmt;
use std::str::FromStr;

use crate::{Error, Result};

/// A language Steward has translations for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// English, the language of a vault nobody chose one for.
    #[default]
    En,
    /// Romanian.
    Ro,
}

impl Language {
    /// Every language, in the order the front ends list them.
    pub const ALL: [Language; 2] = [Language::En, Language::Ro];

    /// The stable tag stored in the vault and taken by the CLI (`en`, `ro`).
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ro => "ro",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Language {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let tag = s.trim();
        Language::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(tag))
            .ok_or_else(|| {
                Error::from(
                    crate::Invalid::new(
                        "value-not-allowed",
                        format!(
                            "{tag:?} is not a language Steward speaks; languages are {}",
                            Language::ALL.map(Language::as_str).join(", ")
                        ),
                    )
                    .with("field", "language"),
                )
            })
    }
}

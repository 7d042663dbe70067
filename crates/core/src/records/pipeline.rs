//! The pipeline's stages as deals see them: a stage's kind, the lookup of a
//! stage by id or name, the stages in order and the probability rule. The
//! stages' configuration (adding, renaming, reordering, deleting) is in
//! [`super::stages`], which sits above deals because renaming a stage
//! rewrites its deals' search entries.

use std::fmt;
use std::str::FromStr;

use rusqlite::OptionalExtension;

use crate::{Error, Result};

/// Whether a stage holds open deals or closes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StageKind {
    /// Work in progress.
    Open,
    /// Closed, won; a deal moved here may say why.
    Won,
    /// Closed, lost; a deal moved here needs a reason.
    Lost,
}

impl StageKind {
    /// The stored form (`open`, `won`, `lost`).
    pub fn as_str(self) -> &'static str {
        match self {
            StageKind::Open => "open",
            StageKind::Won => "won",
            StageKind::Lost => "lost",
        }
    }

    pub(crate) fn from_stored(s: &str) -> rusqlite::Result<Self> {
        s.parse().map_err(|_| {
            rusqlite::Error::InvalidColumnType(0, "kind".into(), rusqlite::types::Type::Text)
        })
    }
}

impl FromStr for StageKind {
    type Err = Error;

    /// Reads `open`, `won` or `lost`, regardless of case.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(StageKind::Open),
            "won" => Ok(StageKind::Won),
            "lost" => Ok(StageKind::Lost),
            _ => Err(Error::from(
                crate::Invalid::new(
                    "value-not-allowed",
                    format!("{s:?} is not a kind of stage; use open, won or lost"),
                )
                .with("field", "kind of stage"),
            )),
        }
    }
}

impl fmt::Display for StageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One stage of the pipeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// Stable id.
    pub id: i64,
    /// Name, unique regardless of case.
    pub name: String,
    /// Place in the pipeline, from 1.
    pub position: i64,
    /// The probability (percent) of a deal in this stage unless the deal sets its own.
    pub probability: u8,
    /// Open, won or lost.
    pub kind: StageKind,
}

/// A stage named by id or by name (case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageRef {
    /// By id.
    Id(i64),
    /// By name.
    Name(String),
}

impl StageRef {
    /// Reads what a user typed: digits are an id, anything else a name.
    pub fn parse(text: &str) -> Self {
        let text = text.trim();
        match text.parse::<i64>() {
            Ok(id) if text.bytes().all(|b| b.is_ascii_digit()) => StageRef::Id(id),
            _ => StageRef::Name(text.to_owned()),
        }
    }
}

/// A probability in percent, 0..=100.
pub(crate) fn check_probability(p: Option<u8>) -> Result<Option<u8>> {
    match p {
        Some(p) if p > 100 => Err(Error::from(crate::Invalid::new(
            "probability-out-of-range",
            format!("the probability is {p}; it must be between 0 and 100 percent"),
        ))),
        other => Ok(other),
    }
}

const SELECT_STAGE: &str = "SELECT id, name, position, probability, kind FROM pipeline_stages";

fn stage_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stage> {
    let probability: i64 = r.get(3)?;
    let kind: String = r.get(4)?;
    Ok(Stage {
        id: r.get(0)?,
        name: r.get(1)?,
        position: r.get(2)?,
        probability: u8::try_from(probability).unwrap_or(0),
        kind: StageKind::from_stored(&kind)?,
    })
}

/// The stage `stage` names.
///
/// # Errors
/// [`Error::NotFound`] for an unknown id or name.
pub(crate) fn find_stage(conn: &rusqlite::Connection, stage: &StageRef) -> Result<Stage> {
    let found = match stage {
        StageRef::Id(id) => conn
            .prepare_cached(&format!("{SELECT_STAGE} WHERE id = ?1"))?
            .query_row([id], stage_from_row)
            .optional()?,
        StageRef::Name(name) => conn
            .prepare_cached(&format!("{SELECT_STAGE} WHERE name = ?1"))?
            .query_row([name.trim()], stage_from_row)
            .optional()?,
    };
    found.ok_or_else(|| Error::NotFound {
        entity: "stage",
        id: match stage {
            StageRef::Id(id) => id.to_string(),
            StageRef::Name(name) => format!("{:?}", name.trim()),
        },
    })
}

/// Every stage in pipeline order.
pub(crate) fn all_stages(conn: &rusqlite::Connection) -> Result<Vec<Stage>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_STAGE} ORDER BY position, id"))?;
    let stages = stmt
        .query_map([], stage_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(stages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probabilities_are_percentages() {
        assert_eq!(check_probability(Some(100)).unwrap(), Some(100));
        assert_eq!(check_probability(None).unwrap(), None);
        assert!(check_probability(Some(101)).is_err());
    }

    #[test]
    fn stage_references_are_ids_when_all_digits() {
        assert_eq!(StageRef::parse("3"), StageRef::Id(3));
        assert_eq!(StageRef::parse(" Won "), StageRef::Name("Won".into()));
        assert_eq!(StageRef::parse("-3"), StageRef::Name("-3".into()));
        assert_eq!(StageRef::parse("+3"), StageRef::Name("+3".into()));
    }

    #[test]
    fn stage_kinds_read_regardless_of_case_and_name_the_choices_otherwise() {
        assert_eq!("open".parse::<StageKind>().unwrap(), StageKind::Open);
        assert_eq!(" Won ".parse::<StageKind>().unwrap(), StageKind::Won);
        assert_eq!("LOST".parse::<StageKind>().unwrap(), StageKind::Lost);
        let err = "closed".parse::<StageKind>().unwrap_err().to_string();
        assert!(err.contains("open, won or lost"), "{err}");
    }
}

//! Search hits.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "SearchHit")]
pub struct SearchHitDto {
    /// `contact`, `company`, `deal` or `activity`.
    pub kind: String,
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub detail: Option<String>,
}

impl From<steward_core::search::SearchHit> for SearchHitDto {
    fn from(h: steward_core::search::SearchHit) -> Self {
        Self {
            kind: h.kind.as_str().into(),
            id: h.id,
            title: h.title,
            detail: h.detail,
        }
    }
}

//! Transport types of use by purpose over any scope: the coverage counts,
//! mailing lists, and exports for a purpose of hand-picked contacts.

use crate::api::consent::dto::LeftOutCounts;
use crate::api::contacts::dto::ContactQueryDto;
use serde::{Deserialize, Serialize};
use steward_core::consent::{ContactScope, PurposeCounts};
use ts_rs::TS;

/// Which contacts a use of a purpose covers.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export, rename = "ContactScope")]
pub enum ContactScopeDto {
    /// Every contact.
    All,
    /// The contacts matching a query: the list's filters, a saved view.
    Query { query: ContactQueryDto },
    /// Hand-picked contacts, by id.
    Ids {
        #[ts(type = "number[]")]
        ids: Vec<i64>,
    },
}

impl From<ContactScopeDto> for ContactScope {
    fn from(s: ContactScopeDto) -> Self {
        match s {
            ContactScopeDto::All => ContactScope::default(),
            ContactScopeDto::Query { query } => ContactScope::Query(query.into()),
            ContactScopeDto::Ids { ids } => ContactScope::Ids(ids),
        }
    }
}

/// How many contacts a purpose may use out of a scope, and how many were
/// left out, by reason: counts only.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "PurposeCounts")]
pub struct PurposeCountsDto {
    /// The purpose's key.
    pub purpose: String,
    #[ts(type = "number")]
    pub included: usize,
    pub left_out: LeftOutCounts,
    #[ts(type = "number")]
    pub left_out_total: usize,
}

impl From<PurposeCounts> for PurposeCountsDto {
    fn from(c: PurposeCounts) -> Self {
        Self {
            left_out_total: c.left_out_total(),
            left_out: LeftOutCounts::from_map(&c.left_out),
            included: c.included,
            purpose: c.purpose,
        }
    }
}

#[cfg(test)]
mod tests {
    use steward_core::records::contacts::ContactQuery;

    use super::*;

    #[test]
    fn a_scope_arrives_as_all_a_query_or_hand_picked_ids() {
        let all: ContactScopeDto = serde_json::from_str(r#"{"kind":"all"}"#).unwrap();
        assert_eq!(ContactScope::from(all), ContactScope::default());
        let ids: ContactScopeDto = serde_json::from_str(r#"{"kind":"ids","ids":[4,2]}"#).unwrap();
        assert_eq!(ContactScope::from(ids), ContactScope::Ids(vec![4, 2]));
        let query: ContactScopeDto =
            serde_json::from_str(r#"{"kind":"query","query":{"tag":"vip","sort":"newest"}}"#)
                .unwrap();
        let ContactScope::Query(ContactQuery { tag, .. }) = ContactScope::from(query) else {
            panic!("a query scope");
        };
        assert_eq!(tag.as_deref(), Some("vip"));
    }
}

//! Contacts, their sensitive fields, custom fields and the saved views of the contacts list.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use steward_core::bulk::{BulkAction, BulkOutcome, BulkTarget, RefusalReason};
use steward_core::merge::{DuplicateGroup, MatchKind, MergeOutcome};
use steward_core::records::contacts::SensitiveField;
use steward_core::records::contacts::{
    Address, Contact, ContactPage, ContactPatch, ContactQuery, ContactSort, ContactSummary,
    NewContact, SensitivePresence, SensitiveValues,
};
use steward_core::records::custom_fields::{CustomField, CustomFieldKind};
use steward_core::records::views::SavedView;
use ts_rs::TS;

use crate::api::consent::dto::ConsentMethodDto;

/// The contact form. Sensitive fields: `null` leaves a field as it is, `""`
/// clears it; they are only sent by users allowed to write them.
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactInput {
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub company: String,
    pub title: String,
    pub source: String,
    pub address: AddressDto,
    pub tags: Vec<String>,
    pub notes: String,
    /// Custom field values by field key. On update the whole set is
    /// replaced and an empty value clears a field; `null` leaves them as
    /// they are.
    #[serde(default)]
    pub custom: Option<BTreeMap<String, String>>,
    pub date_of_birth: Option<String>,
    pub national_id: Option<String>,
    pub special_notes: Option<String>,
}

impl ContactInput {
    pub fn into_new(self) -> NewContact {
        NewContact {
            name: self.name,
            emails: self.emails,
            phones: self.phones,
            company: Some(self.company),
            title: Some(self.title),
            source: Some(self.source),
            address: self.address.into(),
            tags: self.tags,
            notes: Some(self.notes),
            custom: self.custom.unwrap_or_default(),
            sensitive: SensitiveValues {
                date_of_birth: self.date_of_birth.filter(|v| !v.trim().is_empty()),
                national_id: self.national_id.filter(|v| !v.trim().is_empty()),
                special_notes: self.special_notes.filter(|v| !v.trim().is_empty()),
            },
        }
    }

    /// The form always sends every ordinary field, so each is replaced
    /// (custom values too, unless `custom` is `null`).
    pub fn into_patch(self) -> ContactPatch {
        ContactPatch {
            name: Some(self.name),
            emails: Some(self.emails),
            phones: Some(self.phones),
            company: Some(self.company),
            title: Some(self.title),
            source: Some(self.source),
            address: Some(self.address.into()),
            tags: Some(self.tags),
            notes: Some(self.notes),
            custom: self.custom,
            sensitive: SensitiveValues {
                date_of_birth: self.date_of_birth,
                national_id: self.national_id,
                special_notes: self.special_notes,
            },
        }
    }
}

/// A postal address; empty strings mean "not set".
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, rename = "Address")]
pub struct AddressDto {
    pub street: String,
    pub city: String,
    pub postal_code: String,
    pub region: String,
    pub country: String,
}

impl From<AddressDto> for Address {
    fn from(a: AddressDto) -> Self {
        let keep = |v: String| Some(v).filter(|v| !v.trim().is_empty());
        Self {
            street: keep(a.street),
            city: keep(a.city),
            postal_code: keep(a.postal_code),
            region: keep(a.region),
            country: keep(a.country),
        }
    }
}

impl From<Address> for AddressDto {
    fn from(a: Address) -> Self {
        Self {
            street: a.street.unwrap_or_default(),
            city: a.city.unwrap_or_default(),
            postal_code: a.postal_code.unwrap_or_default(),
            region: a.region.unwrap_or_default(),
            country: a.country.unwrap_or_default(),
        }
    }
}

/// Which sensitive fields hold a value; values come only from `reveal_sensitive`.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SensitiveFlags {
    pub date_of_birth: bool,
    pub national_id: bool,
    pub special_notes: bool,
}

impl From<SensitivePresence> for SensitiveFlags {
    fn from(p: SensitivePresence) -> Self {
        Self {
            date_of_birth: p.date_of_birth,
            national_id: p.national_id,
            special_notes: p.special_notes,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "Contact")]
pub struct ContactDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub emails: Vec<String>,
    /// The phones as written.
    pub phones: Vec<String>,
    /// The same phones with their E.164 forms and flags, in the same order.
    pub phone_numbers: Vec<PhoneNumberDto>,
    pub company: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub address: AddressDto,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    /// Custom field values by field key (only the fields that are set).
    pub custom: BTreeMap<String, String>,
    /// The company record the company name links to, when there is one.
    #[ts(type = "number | null")]
    pub company_id: Option<i64>,
    pub sensitive: SensitiveFlags,
    #[ts(type = "number")]
    pub owner_id: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// A phone number as written, its E.164 form when it has one, and why that
/// form is missing or uncertain: `unparseable`, `no-country`, `invalid` or
/// `missing-trunk-zero`.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "PhoneNumber")]
pub struct PhoneNumberDto {
    pub phone: String,
    pub e164: Option<String>,
    pub flag: Option<String>,
}

/// The vault's default country for phone numbers written nationally.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "PhoneSettings")]
pub struct PhoneSettingsDto {
    /// A two-letter country code, or `null` for none.
    pub country: Option<String>,
    /// How many stored numbers a change read differently (0 when read).
    #[ts(type = "number")]
    pub phones_changed: usize,
}

impl From<Contact> for ContactDto {
    fn from(c: Contact) -> Self {
        Self {
            id: c.id,
            name: c.name,
            emails: c.emails,
            phone_numbers: c
                .phones
                .iter()
                .zip(&c.phone_forms)
                .map(|(p, f)| PhoneNumberDto {
                    phone: p.clone(),
                    e164: f.e164.clone(),
                    flag: f.flag.map(|f| f.as_str().to_owned()),
                })
                .collect(),
            phones: c.phones,
            company: c.company,
            title: c.title,
            source: c.source,
            address: c.address.into(),
            tags: c.tags,
            notes: c.notes,
            custom: c.custom,
            company_id: c.company_id,
            sensitive: c.sensitive.into(),
            owner_id: c.owner_id,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "ContactSummary")]
pub struct ContactSummaryDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    #[ts(type = "number")]
    pub owner_id: i64,
}

impl From<ContactSummary> for ContactSummaryDto {
    fn from(c: ContactSummary) -> Self {
        Self {
            id: c.id,
            name: c.name,
            email: c.email,
            phone: c.phone,
            company: c.company,
            owner_id: c.owner_id,
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "ContactPage")]
pub struct ContactPageDto {
    pub items: Vec<ContactSummaryDto>,
    /// The cursor of the next page (`after`); `null` on the last page.
    pub next: Option<String>,
    /// How many contacts the list holds, when the page was asked with
    /// `count` (a count walks them all; ADR 0023).
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

impl ContactPageDto {
    pub fn new(p: ContactPage, total: Option<u64>) -> Self {
        Self {
            items: p.items.into_iter().map(Into::into).collect(),
            next: p.next,
            total,
        }
    }
}

/// The order of a contacts list.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, TS)]
#[ts(export, rename = "ContactSort")]
pub enum ContactSortDto {
    /// A to Z by name.
    #[default]
    #[serde(rename = "name")]
    NameAsc,
    /// Z to A by name.
    #[serde(rename = "name-desc")]
    NameDesc,
    /// Most recently added first.
    #[serde(rename = "newest")]
    Newest,
    /// Oldest first.
    #[serde(rename = "oldest")]
    Oldest,
}

impl From<ContactSortDto> for ContactSort {
    fn from(s: ContactSortDto) -> Self {
        match s {
            ContactSortDto::NameAsc => Self::NameAsc,
            ContactSortDto::NameDesc => Self::NameDesc,
            ContactSortDto::Newest => Self::Newest,
            ContactSortDto::Oldest => Self::Oldest,
        }
    }
}

impl From<ContactSort> for ContactSortDto {
    fn from(s: ContactSort) -> Self {
        match s {
            ContactSort::NameAsc => Self::NameAsc,
            ContactSort::NameDesc => Self::NameDesc,
            ContactSort::Newest => Self::Newest,
            ContactSort::Oldest => Self::Oldest,
        }
    }
}

/// Which contacts a list, a saved view or an export covers: every filter
/// given must match (`null` leaves it out), in `sort` order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(export, rename = "ContactQuery")]
pub struct ContactQueryDto {
    /// Only contacts with this tag (case-insensitive); empty means any.
    pub tag: Option<String>,
    /// Only contacts owned by this user.
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    /// Only contacts linked to this company.
    #[ts(type = "number | null")]
    pub company_id: Option<i64>,
    pub sort: ContactSortDto,
}

impl From<ContactQueryDto> for ContactQuery {
    fn from(q: ContactQueryDto) -> Self {
        Self {
            tag: q.tag.filter(|t| !t.trim().is_empty()),
            owner_id: q.owner_id,
            company_id: q.company_id,
            sort: q.sort.into(),
        }
    }
}

impl From<ContactQuery> for ContactQueryDto {
    fn from(q: ContactQuery) -> Self {
        Self {
            tag: q.tag,
            owner_id: q.owner_id,
            company_id: q.company_id,
            sort: q.sort.into(),
        }
    }
}

/// A named contact query the user keeps for the contacts list.
#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "SavedView")]
pub struct SavedViewDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub query: ContactQueryDto,
}

impl From<SavedView> for SavedViewDto {
    fn from(v: SavedView) -> Self {
        Self {
            id: v.id,
            name: v.name,
            query: v.query.into(),
        }
    }
}

/// What a custom field holds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "CustomFieldKind")]
pub enum CustomFieldKindDto {
    Text,
    Number,
    /// `YYYY-MM-DD`.
    Date,
    /// Stored as `true` or `false`.
    Boolean,
}

impl From<CustomFieldKindDto> for CustomFieldKind {
    fn from(k: CustomFieldKindDto) -> Self {
        match k {
            CustomFieldKindDto::Text => Self::Text,
            CustomFieldKindDto::Number => Self::Number,
            CustomFieldKindDto::Date => Self::Date,
            CustomFieldKindDto::Boolean => Self::Boolean,
        }
    }
}

impl From<CustomFieldKind> for CustomFieldKindDto {
    fn from(k: CustomFieldKind) -> Self {
        match k {
            CustomFieldKind::Text => Self::Text,
            CustomFieldKind::Number => Self::Number,
            CustomFieldKind::Date => Self::Date,
            CustomFieldKind::Boolean => Self::Boolean,
        }
    }
}

/// An extra contact field defined by an owner or admin.
#[derive(Debug, Serialize, TS)]
#[ts(export, rename = "CustomField")]
pub struct CustomFieldDto {
    #[ts(type = "number")]
    pub id: i64,
    /// Stable key: lower-case letters, digits and `-`.
    pub key: String,
    pub label: String,
    pub kind: CustomFieldKindDto,
}

impl From<CustomField> for CustomFieldDto {
    fn from(f: CustomField) -> Self {
        Self {
            id: f.id,
            key: f.key,
            label: f.label,
            kind: f.kind.into(),
        }
    }
}

#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "DeletedContact")]
pub struct DeletedContactDto {
    pub contact: ContactSummaryDto,
    pub deleted_at: String,
    pub purge_at: String,
}

impl From<steward_core::records::recycle_bin::DeletedContact> for DeletedContactDto {
    fn from(d: steward_core::records::recycle_bin::DeletedContact) -> Self {
        Self {
            contact: d.summary.into(),
            deleted_at: d.deleted_at,
            purge_at: d.purge_at,
        }
    }
}

/// One sensitive field of a contact, as `reveal_sensitive` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "SensitiveField")]
pub enum SensitiveFieldDto {
    DateOfBirth,
    NationalId,
    SpecialNotes,
}

impl From<SensitiveFieldDto> for SensitiveField {
    fn from(f: SensitiveFieldDto) -> Self {
        match f {
            SensitiveFieldDto::DateOfBirth => Self::DateOfBirth,
            SensitiveFieldDto::NationalId => Self::NationalId,
            SensitiveFieldDto::SpecialNotes => Self::SpecialNotes,
        }
    }
}

impl From<SensitiveField> for SensitiveFieldDto {
    fn from(f: SensitiveField) -> Self {
        match f {
            SensitiveField::DateOfBirth => Self::DateOfBirth,
            SensitiveField::NationalId => Self::NationalId,
            SensitiveField::SpecialNotes => Self::SpecialNotes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_empty_contact_query_lists_every_contact_by_name() {
        for json in [
            "{}",
            r#"{"tag":"  ","ownerId":null,"companyId":null,"sort":"name"}"#,
        ] {
            let dto: ContactQueryDto = serde_json::from_str(json).unwrap();
            assert_eq!(ContactQuery::from(dto), ContactQuery::default(), "{json}");
        }
    }

    #[test]
    fn a_contact_query_carries_every_filter_and_the_order() {
        let dto: ContactQueryDto =
            serde_json::from_str(r#"{"tag":"vip","ownerId":3,"companyId":9,"sort":"name-desc"}"#)
                .unwrap();
        let query = ContactQuery::from(dto);
        assert_eq!(query.tag.as_deref(), Some("vip"));
        assert_eq!(query.owner_id, Some(3));
        assert_eq!(query.company_id, Some(9));
        assert_eq!(query.sort, ContactSort::NameDesc);
    }

    #[test]
    fn the_sort_and_kind_names_are_the_ones_core_uses() {
        for sort in ContactSort::ALL {
            let json = serde_json::to_string(&ContactSortDto::from(sort)).unwrap();
            assert_eq!(json, format!("\"{}\"", sort.as_str()));
            let back: ContactSortDto = serde_json::from_str(&json).unwrap();
            assert_eq!(ContactSort::from(back), sort);
        }
        for kind in CustomFieldKind::ALL {
            let json = serde_json::to_string(&CustomFieldKindDto::from(kind)).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            let back: CustomFieldKindDto = serde_json::from_str(&json).unwrap();
            assert_eq!(CustomFieldKind::from(back), kind);
        }
    }

    #[test]
    fn the_sensitive_field_names_are_the_ones_core_uses() {
        for field in SensitiveField::ALL {
            let json = serde_json::to_string(&SensitiveFieldDto::from(field)).unwrap();
            assert_eq!(json, format!("\"{}\"", field.as_str()));
            let back: SensitiveFieldDto = serde_json::from_str(&json).unwrap();
            assert_eq!(SensitiveField::from(back), field);
        }
    }

    fn input(custom: &str) -> ContactInput {
        serde_json::from_str(&format!(
            r#"{{"name":"Ada","emails":[],"phones":[],"company":"","title":"","source":"",
                "address":{{}},"tags":[],"notes":"","dateOfBirth":null,"nationalId":null,
                "specialNotes":null{custom}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn custom_values_left_out_or_null_stay_as_they_are_on_update() {
        assert_eq!(input("").into_patch().custom, None);
        assert_eq!(input(r#","custom":null"#).into_patch().custom, None);
        assert!(input("").into_new().custom.is_empty());
    }

    #[test]
    fn custom_values_sent_replace_the_set_on_update() {
        let patch = input(r#","custom":{"member-no":"42","vip":""}"#).into_patch();
        let custom = patch.custom.unwrap();
        assert_eq!(custom.get("member-no").map(String::as_str), Some("42"));
        assert_eq!(
            custom.get("vip").map(String::as_str),
            Some(""),
            "an empty value clears"
        );
    }
}

/// Which contacts a change to many at once is for.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "by", rename_all = "camelCase")]
#[ts(export, rename = "BulkTarget")]
pub enum BulkTargetDto {
    /// The contacts selected in the list.
    Ids {
        #[ts(type = "number[]")]
        ids: Vec<i64>,
    },
    /// Every contact one of the user's saved views shows (its name or id).
    View { view: String },
}

impl From<BulkTargetDto> for BulkTarget {
    fn from(t: BulkTargetDto) -> Self {
        match t {
            BulkTargetDto::Ids { ids } => Self::Ids(ids),
            BulkTargetDto::View { view } => Self::View(view),
        }
    }
}

/// What to do to each contact.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "op", rename_all = "kebab-case")]
#[ts(export, rename = "BulkAction")]
pub enum BulkActionDto {
    AddTag {
        tag: String,
    },
    RemoveTag {
        tag: String,
    },
    /// `owner`: the new owner's login name.
    ChangeOwner {
        owner: String,
    },
    Delete,
    Withdraw {
        purpose: String,
        method: ConsentMethodDto,
    },
    Object,
}

impl From<BulkActionDto> for BulkAction {
    fn from(a: BulkActionDto) -> Self {
        match a {
            BulkActionDto::AddTag { tag } => Self::AddTag(tag),
            BulkActionDto::RemoveTag { tag } => Self::RemoveTag(tag),
            BulkActionDto::ChangeOwner { owner } => Self::ChangeOwner(owner),
            BulkActionDto::Delete => Self::Delete,
            BulkActionDto::Withdraw { purpose, method } => Self::Withdraw {
                purpose,
                method: method.into(),
            },
            BulkActionDto::Object => Self::Object,
        }
    }
}

/// Why one contact was left as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "BulkRefusalReason")]
pub enum BulkRefusalReasonDto {
    NotFound,
    NotOwn,
    NoGivenConsent,
}

/// One contact refused, with its name when the user may see it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BulkRefusal")]
pub struct BulkRefusalDto {
    #[ts(type = "number")]
    pub id: i64,
    pub name: Option<String>,
    pub reason: BulkRefusalReasonDto,
}

/// What a change to many contacts did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "BulkOutcome")]
pub struct BulkOutcomeDto {
    #[ts(type = "number[]")]
    pub changed: Vec<i64>,
    #[ts(type = "number[]")]
    pub unchanged: Vec<i64>,
    pub refused: Vec<BulkRefusalDto>,
}

impl From<BulkOutcome> for BulkOutcomeDto {
    fn from(o: BulkOutcome) -> Self {
        Self {
            changed: o.changed,
            unchanged: o.unchanged,
            refused: o
                .refused
                .into_iter()
                .map(|r| BulkRefusalDto {
                    id: r.id,
                    name: r.name,
                    reason: match r.reason {
                        RefusalReason::NotFound => BulkRefusalReasonDto::NotFound,
                        RefusalReason::NotOwn => BulkRefusalReasonDto::NotOwn,
                        RefusalReason::NoGivenConsent => BulkRefusalReasonDto::NoGivenConsent,
                    },
                })
                .collect(),
        }
    }
}

/// Why contacts look like one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "DuplicateMatch")]
pub enum DuplicateMatchDto {
    Email,
    Phone,
    Name,
}

/// One reason inside a group: these contacts share an e-mail, a phone or a name.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "DuplicateReason")]
pub struct DuplicateReasonDto {
    pub kind: DuplicateMatchDto,
    #[ts(type = "number[]")]
    pub contacts: Vec<i64>,
}

/// Contacts that may be one person, with the reasons.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "DuplicateGroup")]
pub struct DuplicateGroupDto {
    /// The contacts listed: the whole group, or a page of a larger one.
    pub contacts: Vec<ContactSummaryDto>,
    /// How many contacts the group has, listed or not.
    pub size: usize,
    pub reasons: Vec<DuplicateReasonDto>,
}

impl From<DuplicateGroup> for DuplicateGroupDto {
    fn from(g: DuplicateGroup) -> Self {
        Self {
            contacts: g
                .contacts
                .into_iter()
                .map(|c| {
                    ContactSummary {
                        id: c.id,
                        name: c.name,
                        email: c.email,
                        phone: c.phone,
                        company: None,
                        owner_id: c.owner_id,
                    }
                    .into()
                })
                .collect(),
            size: g.size,
            reasons: g
                .reasons
                .into_iter()
                .map(|r| DuplicateReasonDto {
                    kind: match r.kind {
                        MatchKind::Email => DuplicateMatchDto::Email,
                        MatchKind::Phone => DuplicateMatchDto::Phone,
                        MatchKind::Name => DuplicateMatchDto::Name,
                    },
                    contacts: r.contacts,
                })
                .collect(),
        }
    }
}

/// What a merge did: the kept contact as it is now and how much moved.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, rename = "MergeOutcome")]
pub struct MergeOutcomeDto {
    pub contact: ContactDto,
    #[ts(type = "number")]
    pub merged_id: i64,
    pub activities: usize,
    pub tasks: usize,
    pub deals: usize,
    pub consents: usize,
    /// The purposes whose refusal or withdrawal the merge restated, by key.
    pub restated: Vec<String>,
}

impl From<MergeOutcome> for MergeOutcomeDto {
    fn from(o: MergeOutcome) -> Self {
        Self {
            contact: o.contact.into(),
            merged_id: o.merged_id,
            activities: o.moved.activities,
            tasks: o.moved.tasks,
            deals: o.moved.deals,
            consents: o.moved.consents,
            restated: o.restated,
        }
    }
}

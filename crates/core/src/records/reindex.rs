//! Filling the search index again from the records, for a migration that
//! makes the index anew (FTS5 cannot change how it stores an index in
//! place).

use rusqlite::Transaction;

use super::{activities, companies, contacts, deals};
use crate::Result;

/// The migrations' data steps ([`crate::db::DataSteps`]), handed to every
/// open that may migrate, with the schema version the vault had before:
/// migration 7 made the search index anew, and migration 8 gave phones
/// their E.164 forms, which contacts' entries hold, so the index is filled
/// from the records; migration 15 gave names, e-mails and tags their sort
/// keys and folded forms.
pub(crate) fn after_migration(tx: &Transaction<'_>, from: i64) -> Result<()> {
    if from < 8 {
        // 8: phones get their E.164 forms. No vault had a default country
        // before, so only numbers written internationally are read now;
        // setting the country reads the others.
        contacts::renormalize_phones(tx, None, false)?;
        // 7: the search index was made anew; 8: contacts' entries hold
        // their phones' E.164 and national digits.
        rebuild(tx)?;
    }
    if from < 15 {
        // 15: names, e-mails and tags get their sort keys and folded
        // forms, and the tags that fold alike become one.
        super::sort_keys::rewrite_all(tx, super::sort_keys::language(tx)?)?;
    }
    Ok(())
}

/// Empties the search index and writes the entry of every record search may
/// lead to: live contacts, companies and deals, and live activities whose
/// record is live (`records::recycle_bin` keeps the index to the same rule).
pub(crate) fn rebuild(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        "INSERT INTO search_index (search_index) VALUES ('delete-all')",
        [],
    )?;
    let ids = |sql: &str| -> Result<Vec<i64>> {
        let mut stmt = tx.prepare(sql)?;
        Ok(stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    };
    contacts::index_all_contacts(tx)?;
    for id in ids("SELECT id FROM companies WHERE deleted_at IS NULL")? {
        companies::index_company(tx, id)?;
    }
    for id in ids("SELECT id FROM deals WHERE deleted_at IS NULL")? {
        deals::index_stored_deal(tx, id)?;
    }
    for id in ids("SELECT a.id FROM activities a
         LEFT JOIN contacts c ON c.id = a.contact_id
         LEFT JOIN companies o ON o.id = a.company_id
         LEFT JOIN deals d ON d.id = a.deal_id
         WHERE a.deleted_at IS NULL AND c.deleted_at IS NULL
           AND o.deleted_at IS NULL AND d.deleted_at IS NULL")?
    {
        activities::index_stored_activity(tx, id)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::Password;
    use crate::crypto::KdfParams;
    use crate::records::contacts::{Address, NewContact};
    use crate::records::custom_fields::CustomFieldKind;
    use crate::vault::CreateOptions;

    #[test]
    fn a_rebuilt_index_finds_a_contact_by_every_field_it_indexes_and_no_other() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = crate::unlock::create(
            &dir.path().join("vault"),
            "owner",
            &Password::new("velvet cactus orbit 1987 lamp"),
            &CreateOptions {
                kdf: KdfParams::FLOOR,
                phone_country: None,
                language: crate::language::Language::En,
            },
        )
        .unwrap()
        .session;
        s.add_custom_field("shoe", "Shoe size", CustomFieldKind::Text)
            .unwrap();
        let id = s
            .add_contact(&NewContact {
                name: "Wilhelmina Zabriskie".into(),
                emails: vec!["wz@alpha.example".into(), "w@beta.example".into()],
                phones: vec!["+49 30 1234567".into(), "555 0199".into()],
                company: Some("Gamma Works".into()),
                title: Some("Navigator".into()),
                source: Some("Trade fair".into()),
                address: Address {
                    street: Some("Hidden Lane 4".into()),
                    city: Some("Dresden".into()),
                    country: Some("Saxonia".into()),
                    ..Address::default()
                },
                tags: vec!["vip".into(), "ruby".into()],
                notes: Some("likes marzipan".into()),
                custom: [("shoe".to_owned(), "quintessential".to_owned())].into(),
                ..NewContact::default()
            })
            .unwrap();
        let tx = s.conn.transaction().unwrap();
        super::rebuild(&tx).unwrap();
        tx.commit().unwrap();
        let found =
            |s: &crate::Session, q: &str| s.search(q, 5).unwrap().iter().any(|h| h.id == id);
        for q in [
            "zabriskie",
            "alpha",
            "beta",
            "49301234567",
            "5550199",
            "gamma",
            "navigator",
            "dresden",
            "saxonia",
            "vip",
            "ruby",
            "marzipan",
            "quintessential",
        ] {
            assert!(found(&s, q), "{q} finds the contact after a rebuild");
        }
        for q in ["hidden", "trade"] {
            assert!(!found(&s, q), "{q} is not indexed");
        }
    }
}

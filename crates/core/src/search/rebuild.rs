//! Filling the search index again from the records, for a migration that
//! makes the index anew (FTS5 cannot change how it stores an index in
//! place).

use rusqlite::Transaction;

use crate::Result;
use crate::records::{activities, companies, contacts, deals};

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
    for id in ids("SELECT id FROM contacts WHERE deleted_at IS NULL")? {
        contacts::index_contact(tx, id, false)?;
    }
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

//! The vault's default country for phone numbers written nationally, and
//! reading every stored number again when it changes. The numbers
//! themselves are read by [`crate::phone`].

use rusqlite::{TransactionBehavior, params};

use super::index_contact;
use crate::Result;
use crate::audit::{self, Event};
use crate::auth::{Permission, Session};
use crate::phone::{self, Country, PhoneFlag};

impl Session {
    /// The vault's default country for phone numbers written nationally
    /// (`0723 456 789`), or `None`. Every signed-in user may read it: it is
    /// a setting, not customer data.
    ///
    /// # Errors
    /// Database errors.
    pub fn phone_country(&self) -> Result<Option<Country>> {
        super::default_country(&self.conn)
    }

    /// Sets the vault's default country for phone numbers (`None`: numbers
    /// written nationally are kept as written and flagged) and reads every
    /// stored number again by it, rewriting the search entries of the
    /// contacts whose numbers changed, in one transaction. Returns how many
    /// numbers changed their E.164 form or flag. Recorded with the old and
    /// new country codes.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `settings.manage`.
    pub fn set_phone_country(&mut self, country: Option<Country>) -> Result<usize> {
        self.authorize(Permission::SettingsManage, "settings.phone_country", None)?;
        let old = super::default_country(&self.conn)?;
        if old == country {
            return Ok(0);
        }
        let code = |c: Option<Country>| c.map(|c| c.code().to_owned()).unwrap_or_default();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        crate::db::put_setting(&tx, phone::SETTING, &code(country))?;
        let changed = renormalize(&tx, country, true)?;
        audit::append(
            &tx,
            &self.keys.audit_mac,
            Some(self.user.id),
            &Event::allowed("settings.phone_country", None)
                .with("from", code(old))
                .with("to", code(country))
                .with("phones_changed", changed),
        )?;
        tx.commit()?;
        Ok(changed)
    }
}

/// Reads every stored phone number again by `country` and, with `reindex`,
/// rewrites the search entries of the live contacts whose numbers changed,
/// in the caller's transaction. Returns how many numbers changed.
pub(crate) fn renormalize(
    tx: &rusqlite::Transaction<'_>,
    country: Option<Country>,
    reindex: bool,
) -> Result<usize> {
    let mut changed_contacts: Vec<i64> = Vec::new();
    let mut changed = 0;
    {
        let mut read = tx.prepare(
            "SELECT contact_id, position, phone, e164, flag FROM contact_phones
             ORDER BY contact_id, position",
        )?;
        let mut write = tx.prepare(
            "UPDATE contact_phones SET e164 = ?3, flag = ?4 WHERE contact_id = ?1 AND position = ?2",
        )?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let (id, position, raw): (i64, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (e164, flag): (Option<String>, Option<String>) = (r.get(3)?, r.get(4)?);
            let new = phone::normalize(&raw, country);
            let new_flag = new.flag.map(PhoneFlag::as_str);
            if new.e164 != e164 || new_flag != flag.as_deref() {
                write.execute(params![id, position, new.e164, new_flag])?;
                changed += 1;
                if changed_contacts.last() != Some(&id) {
                    changed_contacts.push(id);
                }
            }
        }
    }
    if !reindex {
        return Ok(changed);
    }
    let mut live = tx.prepare_cached("SELECT deleted_at IS NULL FROM contacts WHERE id = ?1")?;
    for id in changed_contacts {
        // Contacts in the recycle bin have no search entry until restored.
        if live.query_row([id], |r| r.get::<_, bool>(0))? {
            index_contact(tx, id, true)?;
        }
    }
    Ok(changed)
}

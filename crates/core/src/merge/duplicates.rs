//! Possible duplicates among the live contacts: contacts that share an
//! e-mail address (case-insensitive), a phone number (its E.164 form) or a
//! name (diacritics, case, punctuation and word order aside).
//!
//! Each rule gives every contact a key; contacts with the same key are
//! joined, and contacts joined through any chain of keys form one group.
//! That is a hash map per rule and a union-find over the contacts, so the
//! cost grows with the number of contacts, not with its square.

use std::collections::BTreeSet;

use foldhash::{HashMap, HashMapExt};

use crate::Result;
use crate::auth::{Permission, Session};
use crate::interchange::mapping;

/// Why contacts look like one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchKind {
    /// The same e-mail address, case aside.
    Email,
    /// The same phone number, by its E.164 form.
    Phone,
    /// The same name once folded: `Ștefan Pop`, `ŞTEFAN  POP` and
    /// `Pop Stefan` are one name. A name of one word is not enough.
    Name,
}

impl MatchKind {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Email => "email",
            MatchKind::Phone => "phone",
            MatchKind::Name => "name",
        }
    }
}

/// One reason inside a group: these contacts share one e-mail, one phone
/// or one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchReason {
    /// What they share.
    pub kind: MatchKind,
    /// The contacts sharing it, by id.
    pub contacts: Vec<i64>,
}

/// A contact of a group, as the contacts list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateContact {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its first e-mail.
    pub email: Option<String>,
    /// Its first phone, as written.
    pub phone: Option<String>,
    /// Its owner.
    pub owner_id: i64,
}

/// Contacts that may be one person, with the reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateGroup {
    /// The contacts, by id.
    pub contacts: Vec<DuplicateContact>,
    /// Why, by kind, then by the first contact.
    pub reasons: Vec<MatchReason>,
}

/// A name reduced for comparison: each word folded as import headers are
/// (`mapping::normalize`: decomposed, diacritics dropped, lower-case,
/// letters and digits only), the words sorted. `None` for fewer than two
/// words, too weak a sign on its own.
pub fn name_key(name: &str) -> Option<String> {
    let mut words: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '.')
        .map(mapping::normalize)
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return None;
    }
    words.sort_unstable();
    Some(words.join(" "))
}

/// Union-find over positions.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

impl Session {
    /// The groups of live contacts that may be one person, each with the
    /// reasons, ordered by their first contact's id. Only contacts this
    /// user may see: a restricted one only for roles that handle
    /// data-subject requests; nothing in the recycle bin.
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.read`.
    pub fn possible_duplicates(&self) -> Result<Vec<DuplicateGroup>> {
        self.authorize(Permission::ContactsRead, "contact.duplicates", None)?;
        let see_restricted = self.can(Permission::RightsManage);
        let visible = "c.deleted_at IS NULL AND (?1 OR c.restricted_at IS NULL)";

        // The visible contacts in id order: a contact's place is found by
        // binary search, and the e-mails and phones are read without a
        // join (each join walked the contacts table again, decrypting it
        // page by page: at 1 000 000 contacts most of the time).
        let mut ids: Vec<i64> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        let mut owners: Vec<i64> = Vec::new();
        {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT c.id, c.name, c.owner_id FROM contacts c WHERE {visible} ORDER BY c.id"
            ))?;
            let mut rows = stmt.query([see_restricted])?;
            while let Some(r) = rows.next()? {
                ids.push(r.get(0)?);
                names.push(r.get(1)?);
                owners.push(r.get(2)?);
            }
        }
        let at = |id: i64| ids.binary_search(&id).ok();
        let mut keys: Vec<HashMap<String, Vec<usize>>> = vec![HashMap::new(); 3];
        let mut first_email: Vec<Option<String>> = vec![None; ids.len()];
        let mut first_phone: Vec<Option<String>> = vec![None; ids.len()];
        {
            let mut stmt = self.conn.prepare(
                "SELECT contact_id, email FROM contact_emails ORDER BY contact_id, position",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let Some(i) = at(r.get(0)?) else {
                    continue;
                };
                let email: String = r.get(1)?;
                let list = keys[0].entry(email.to_lowercase()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
                first_email[i].get_or_insert(email);
            }
            // A number flagged as no such number has an E.164 form that
            // says nothing (the import's duplicate rule leaves it out too).
            let mut stmt = self.conn.prepare(
                "SELECT contact_id, phone, CASE WHEN flag IS NOT 'invalid' THEN e164 END
                 FROM contact_phones ORDER BY contact_id, position",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let Some(i) = at(r.get(0)?) else {
                    continue;
                };
                if let Some(e164) = r.get::<_, Option<String>>(2)? {
                    let list = keys[1].entry(e164).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
                first_phone[i].get_or_insert(r.get(1)?);
            }
        }
        for (i, name) in names.iter().enumerate() {
            if let Some(key) = name_key(name) {
                keys[2].entry(key).or_default().push(i);
            }
        }

        let mut sets = Sets((0..ids.len()).collect());
        let mut reasons: Vec<(MatchKind, Vec<usize>)> = Vec::new();
        for (kind, map) in [MatchKind::Email, MatchKind::Phone, MatchKind::Name]
            .into_iter()
            .zip(keys)
        {
            for (_, members) in map {
                if members.len() < 2 {
                    continue;
                }
                for w in members.windows(2) {
                    sets.join(w[0], w[1]);
                }
                reasons.push((kind, members));
            }
        }
        let mut groups: HashMap<usize, (BTreeSet<usize>, Vec<MatchReason>)> = HashMap::new();
        for (kind, members) in reasons {
            let root = sets.find(members[0]);
            let entry = groups.entry(root).or_default();
            entry.0.extend(members.iter().copied());
            let mut contacts: Vec<i64> = members.iter().map(|&i| ids[i]).collect();
            contacts.sort_unstable();
            entry.1.push(MatchReason { kind, contacts });
        }
        let mut out: Vec<DuplicateGroup> = groups
            .into_values()
            .map(|(members, mut reasons)| {
                reasons.sort_by(|a, b| a.kind.cmp(&b.kind).then(a.contacts.cmp(&b.contacts)));
                reasons.dedup();
                DuplicateGroup {
                    contacts: members
                        .into_iter()
                        // Each contact is in one group: its strings move
                        // there rather than being copied.
                        .map(|i| DuplicateContact {
                            id: ids[i],
                            name: std::mem::take(&mut names[i]),
                            email: first_email[i].take(),
                            phone: first_phone[i].take(),
                            owner_id: owners[i],
                        })
                        .collect(),
                    reasons,
                }
            })
            .collect();
        out.sort_by_key(|g| g.contacts.first().map_or(0, |c| c.id));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_folds_diacritics_case_spacing_and_word_order() {
        let a = name_key("Ștefan Popescu");
        assert_eq!(a.as_deref(), Some("popescu stefan"));
        assert_eq!(name_key("ŞTEFAN   POPESCU"), a, "cedilla, capitals, spaces");
        assert_eq!(name_key("Popescu, Stefan"), a, "another order");
        assert_eq!(
            name_key("Țugui Ana-Maria").as_deref(),
            Some("ana maria tugui")
        );
        assert_ne!(name_key("Stefan Popescul"), a);
        assert_eq!(name_key("Ștefan"), None, "one word is too little");
        assert_eq!(name_key("  "), None);
    }
}

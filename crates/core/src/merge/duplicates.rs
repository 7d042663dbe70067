//! Possible duplicates among the live contacts: contacts that share an
//! e-mail address (case-insensitive), a phone number (its E.164 form) or a
//! name (diacritics, case, punctuation and word order aside).
//!
//! Each rule gives every contact a key; contacts with the same key are
//! joined, and contacts joined through any chain of keys form one group.
//! That is a hash table per rule and a union-find over the contacts, so the
//! cost grows with the number of contacts, not with its square.
//!
//! A group can be very large (one shared phone number, or names that chain
//! a whole vault together): a group lists at most a page of its contacts
//! with its true size, and the rest are read a page at a time, so that what
//! is held stays bounded by the page rather than by the group.
//!
//! A search keeps, in the session, the members of each group larger than a
//! page (as contact ids) and its reasons, stamped with the vault's change
//! counters ([`Stamp`]): a later page of such a group is then read by id
//! rather than by searching the vault again, for as long as nothing in the
//! vault has changed. After a change, a page searches anew and gives the
//! new truth.

use rusqlite::OptionalExtension;

use crate::Result;
use crate::auth::{Permission, Session};
use crate::interchange::mapping;
use crate::text_keys::{Strings, TextKeys};

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

/// How many contacts of each group [`Session::possible_duplicates`] lists;
/// a larger group's others come a page at a time from
/// [`Session::duplicate_group_page`].
pub const GROUP_PAGE: usize = 100;

/// Contacts that may be one person, with the reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateGroup {
    /// The contacts listed, by id: the whole group when it has at most
    /// [`GROUP_PAGE`] contacts, otherwise the page asked for.
    pub contacts: Vec<DuplicateContact>,
    /// How many contacts the group has, listed or not.
    pub size: usize,
    /// Why, by kind, then by the first contact. In a group listed in part,
    /// the values the listed contacts share, each with the listed contacts
    /// sharing it.
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

/// What the vault looked like when a search ran: SQLite's `data_version`
/// (which moves when another connection commits, a sync or another
/// process) and this connection's count of rows it inserted, changed or
/// deleted (`data_version` does not see a connection's own writes). Equal
/// stamps mean no row was written in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    data_version: i64,
    own_changes: u64,
}

fn stamp(conn: &rusqlite::Connection) -> Result<Stamp> {
    Ok(Stamp {
        data_version: conn.query_row("PRAGMA data_version", [], |r| r.get(0))?,
        own_changes: conn.total_changes(),
    })
}

/// A group larger than a page, as the last search found it.
#[derive(Debug)]
struct Kept {
    /// Its contacts' ids, in order; the first is the group's.
    members: Vec<i64>,
    /// Each shared value: its kind and the places in `members` of the
    /// contacts sharing it, in order.
    reasons: Vec<(MatchKind, Vec<u32>)>,
}

/// The larger groups of the session's last search of possible duplicates,
/// for their later pages, kept in the session's memo; ids only, no names.
#[derive(Debug)]
struct KeptSearch {
    stamp: Stamp,
    see_restricted: bool,
    /// In the order of their first contact.
    groups: Vec<Kept>,
}

impl Kept {
    /// Its contacts from `offset`, at most `limit`, as a group listed in
    /// part; `None` when a listed contact is not there any more.
    fn page(
        &self,
        conn: &rusqlite::Connection,
        offset: usize,
        limit: usize,
    ) -> Result<Option<DuplicateGroup>> {
        let size = self.members.len();
        let from = offset.min(size);
        let to = from.saturating_add(limit).min(size);
        let mut contacts = Vec::with_capacity(to - from);
        let mut contact =
            conn.prepare_cached("SELECT name, owner_id FROM contacts WHERE id = ?1")?;
        let mut email = conn.prepare_cached(
            "SELECT email FROM contact_emails WHERE contact_id = ?1 AND email <> ''
             ORDER BY position LIMIT 1",
        )?;
        let mut phone = conn.prepare_cached(
            "SELECT phone FROM contact_phones WHERE contact_id = ?1 AND phone <> ''
             ORDER BY position LIMIT 1",
        )?;
        for &id in &self.members[from..to] {
            let Some((name, owner_id)) = contact
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
            else {
                return Ok(None);
            };
            contacts.push(DuplicateContact {
                id,
                name,
                email: email.query_row([id], |r| r.get(0)).optional()?,
                phone: phone.query_row([id], |r| r.get(0)).optional()?,
                owner_id,
            });
        }
        let listed = |place: &&u32| (from..to).contains(&(**place as usize));
        let mut reasons: Vec<MatchReason> = self
            .reasons
            .iter()
            .filter_map(|(kind, places)| {
                let contacts: Vec<i64> = places
                    .iter()
                    .filter(listed)
                    .map(|&place| self.members[place as usize])
                    .collect();
                (!contacts.is_empty()).then_some(MatchReason {
                    kind: *kind,
                    contacts,
                })
            })
            .collect();
        sort_reasons(&mut reasons);
        Ok(Some(DuplicateGroup {
            contacts,
            size,
            reasons,
        }))
    }
}

/// A group's reasons by kind, then by their contacts, each once.
fn sort_reasons(reasons: &mut Vec<MatchReason>) {
    reasons.sort_by(|a, b| a.kind.cmp(&b.kind).then(a.contacts.cmp(&b.contacts)));
    reasons.dedup();
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

/// Each contact's first value of a list (its first e-mail, its first
/// phone), in one buffer; an empty span is none.
struct Firsts {
    text: String,
    spans: Vec<(usize, usize)>,
}

impl Firsts {
    fn new(n: usize) -> Self {
        Firsts {
            text: String::new(),
            spans: vec![(0, 0); n],
        }
    }

    fn offer(&mut self, i: usize, value: &str) {
        if self.spans[i].1 == 0 {
            let start = self.text.len();
            self.text.push_str(value);
            self.spans[i] = (start, self.text.len());
        }
    }

    fn get(&self, i: usize) -> Option<String> {
        let (start, end) = self.spans[i];
        (end > start).then(|| self.text[start..end].to_owned())
    }
}

/// The keys of one rule, each stored once, and the contacts sharing one:
/// key numbers ([`TextKeys`]) rather than a map of owned strings to lists,
/// so that a million distinct e-mails cost their bytes and a few words
/// each, and a key of one contact costs no list.
struct Keys {
    keys: TextKeys,
    /// Per key: its first contact and the last one added.
    first: Vec<usize>,
    last: Vec<usize>,
    /// (key, contact) for every key of two contacts or more, in the order
    /// added, which is the contacts' order.
    shared: Vec<(usize, usize)>,
}

impl Keys {
    fn new() -> Self {
        Keys {
            keys: TextKeys::default(),
            first: Vec::new(),
            last: Vec::new(),
            shared: Vec::new(),
        }
    }

    /// Contact `i` has `key`; contacts come in order, so a contact listing
    /// one value twice is one contact.
    fn add(&mut self, key: &str, i: usize, sets: &mut Sets) {
        let (k, new) = self.keys.add(key);
        if new {
            self.first.push(i);
            self.last.push(i);
            return;
        }
        let Keys {
            first,
            last,
            shared,
            ..
        } = self;
        if last[k] == i {
            return;
        }
        if last[k] == first[k] {
            shared.push((k, first[k]));
        }
        shared.push((k, i));
        last[k] = i;
        sets.join(first[k], i);
    }

    /// The contacts of each shared key, each list in the contacts' order.
    fn into_shared(self) -> Vec<(usize, usize)> {
        let mut shared = self.shared;
        shared.sort_unstable();
        shared
    }
}

/// A text column, borrowed from the row rather than copied.
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    Ok(r.get_ref(i)?.as_str()?)
}

/// A group's place in [`Session::find_duplicates`]: not made yet, or not
/// asked for.
const NONE: usize = usize::MAX;
const SKIPPED: usize = usize::MAX - 1;

/// Which groups to build and which of their contacts to list.
#[derive(Clone, Copy)]
enum Want {
    /// Every group, each with its first [`GROUP_PAGE`] contacts.
    All,
    /// The group whose first contact is `first`, its contacts from
    /// `offset`, at most `limit`.
    One {
        first: i64,
        offset: usize,
        limit: usize,
    },
}

impl Session {
    /// The groups of live contacts that may be one person, each with its
    /// size, its first [`GROUP_PAGE`] contacts and the reasons, ordered by
    /// their first contact's id. Only contacts this user may see: a
    /// restricted one only for roles that handle data-subject requests;
    /// nothing in the recycle bin. A larger group's other contacts are read
    /// a page at a time with [`Session::duplicate_group_page`].
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.read`.
    pub fn possible_duplicates(&self) -> Result<Vec<DuplicateGroup>> {
        self.authorize(Permission::ContactsRead, "contact.duplicates", None)?;
        self.find_duplicates(Want::All)
    }

    /// The group of possible duplicates whose first contact is `first`,
    /// listing its contacts from `offset` (in id order), at most `limit`
    /// of them and never more than [`GROUP_PAGE`], with the reasons of those
    /// contacts; `None` when no group starts with that contact any more (it
    /// was merged, deleted or is no longer anyone's duplicate). While no row
    /// of the vault has changed since this session's last search, a group
    /// larger than a page is read by its contacts' ids as that search found
    /// them; otherwise the groups are found anew (the new truth, at the
    /// cost of [`Session::possible_duplicates`]).
    ///
    /// # Errors
    /// [`crate::Error::PermissionDenied`] without `contacts.read`.
    pub fn duplicate_group_page(
        &self,
        first: i64,
        offset: usize,
        limit: usize,
    ) -> Result<Option<DuplicateGroup>> {
        self.authorize(Permission::ContactsRead, "contact.duplicates", None)?;
        // A page holds no more than a group shows at first: asking for a
        // whole giant group would undo the bound on memory.
        let limit = limit.min(GROUP_PAGE);
        if let Some(page) = self.kept_page(first, offset, limit)? {
            return Ok(Some(page));
        }
        let want = Want::One {
            first,
            offset,
            limit,
        };
        Ok(self.find_duplicates(want)?.pop())
    }

    /// The page from the groups the last search kept, when nothing has
    /// changed since and the group was kept.
    fn kept_page(&self, first: i64, offset: usize, limit: usize) -> Result<Option<DuplicateGroup>> {
        let memo = self.memo.0.borrow();
        let Some(search) = memo.as_ref().and_then(|m| m.downcast_ref::<KeptSearch>()) else {
            return Ok(None);
        };
        if search.stamp != stamp(&self.conn)?
            || search.see_restricted != self.can(Permission::RightsManage)
        {
            return Ok(None);
        }
        match search.groups.binary_search_by_key(&first, |g| g.members[0]) {
            Ok(g) => search.groups[g].page(&self.conn, offset, limit),
            Err(_) => Ok(None),
        }
    }

    fn find_duplicates(&self, want: Want) -> Result<Vec<DuplicateGroup>> {
        let see_restricted = self.can(Permission::RightsManage);
        // Before the first read: a write while the search runs makes the
        // groups it keeps stale rather than wrong.
        let stamp = stamp(&self.conn)?;
        let visible = "c.deleted_at IS NULL AND (?1 OR c.restricted_at IS NULL)";

        // The visible contacts in id order: a contact's place is found by
        // binary search, and the e-mails and phones are read without a
        // join (each join walked the contacts table again, decrypting it
        // page by page: at 1 000 000 contacts most of the time). Strings
        // are kept in buffers and keys as numbers: at a million contacts a
        // string or a list apiece was most of the benchmark's memory.
        let mut ids: Vec<i64> = Vec::new();
        let mut names = Strings::default();
        let mut owners: Vec<i64> = Vec::new();
        {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT c.id, c.name, c.owner_id FROM contacts c WHERE {visible} ORDER BY c.id"
            ))?;
            let mut rows = stmt.query([see_restricted])?;
            while let Some(r) = rows.next()? {
                ids.push(r.get(0)?);
                names.push(text(r, 1)?);
                owners.push(r.get(2)?);
            }
        }
        let n = ids.len();
        let at = |id: i64| ids.binary_search(&id).ok();
        let mut sets = Sets((0..n).collect());
        let mut first_email = Firsts::new(n);
        let mut first_phone = Firsts::new(n);
        let mut shared: Vec<(MatchKind, Vec<(usize, usize)>)> = Vec::with_capacity(3);
        {
            let mut keys = Keys::new();
            let mut stmt = self.conn.prepare(
                "SELECT contact_id, email FROM contact_emails ORDER BY contact_id, position",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let Some(i) = at(r.get(0)?) else {
                    continue;
                };
                let email = text(r, 1)?;
                keys.add(&email.to_lowercase(), i, &mut sets);
                first_email.offer(i, email);
            }
            shared.push((MatchKind::Email, keys.into_shared()));
        }
        {
            // A number flagged as no such number has an E.164 form that
            // says nothing (the import's duplicate rule leaves it out too).
            let mut keys = Keys::new();
            let mut stmt = self.conn.prepare(
                "SELECT contact_id, phone, CASE WHEN flag IS NOT 'invalid' THEN e164 END
                 FROM contact_phones ORDER BY contact_id, position",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let Some(i) = at(r.get(0)?) else {
                    continue;
                };
                if let Some(e164) = r
                    .get_ref(2)?
                    .as_str_or_null()
                    .map_err(rusqlite::Error::from)?
                {
                    keys.add(e164, i, &mut sets);
                }
                first_phone.offer(i, text(r, 1)?);
            }
            shared.push((MatchKind::Phone, keys.into_shared()));
        }
        {
            let mut keys = Keys::new();
            for i in 0..n {
                if let Some(key) = name_key(names.get(i)) {
                    keys.add(&key, i, &mut sets);
                }
            }
            shared.push((MatchKind::Name, keys.into_shared()));
        }

        // Each contact's group, and each group's size; then the groups in
        // the order of their first contact, each listing only the contacts
        // asked for, so that a group of a million contacts holds a page.
        let roots: Vec<usize> = (0..n).map(|i| sets.find(i)).collect();
        drop(sets);
        let mut sizes = vec![0_usize; n];
        for &root in &roots {
            sizes[root] += 1;
        }
        let mut group_of = vec![NONE; n];
        let mut seen: Vec<usize> = Vec::new();
        let mut out: Vec<DuplicateGroup> = Vec::new();
        // Every group larger than a page, whole, by ids (whatever was
        // asked), for its later pages.
        let mut kept: Vec<Kept> = Vec::new();
        let mut kept_of: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for i in 0..n {
            let root = roots[i];
            if sizes[root] < 2 {
                continue;
            }
            if sizes[root] > GROUP_PAGE {
                let k = *kept_of.entry(root).or_insert_with(|| {
                    kept.push(Kept {
                        members: Vec::with_capacity(sizes[root]),
                        reasons: Vec::new(),
                    });
                    kept.len() - 1
                });
                kept[k].members.push(ids[i]);
            }
            let (from, limit) = match want {
                Want::All => (0, GROUP_PAGE),
                Want::One { offset, limit, .. } => (offset, limit),
            };
            if group_of[root] == NONE {
                group_of[root] = match want {
                    Want::One { first, .. } if first != ids[i] => SKIPPED,
                    _ => {
                        out.push(DuplicateGroup {
                            contacts: Vec::new(),
                            size: sizes[root],
                            reasons: Vec::new(),
                        });
                        seen.push(0);
                        out.len() - 1
                    }
                };
            }
            let g = group_of[root];
            if g == SKIPPED {
                continue;
            }
            if seen[g] >= from && seen[g] - from < limit {
                out[g].contacts.push(DuplicateContact {
                    id: ids[i],
                    name: names.get(i).to_owned(),
                    email: first_email.get(i),
                    phone: first_phone.get(i),
                    owner_id: owners[i],
                });
            }
            seen[g] += 1;
        }

        // The reasons: in a group listed whole, every shared key with all
        // its contacts; in a group listed in part, the keys its listed
        // contacts share, each with those of its contacts that are listed.
        for (kind, shared) in shared {
            for key in shared.chunk_by(|a, b| a.0 == b.0) {
                let root = roots[key[0].1];
                if let Some(&k) = kept_of.get(&root) {
                    let members = &kept[k].members;
                    let places = key
                        .iter()
                        .filter_map(|&(_, i)| members.binary_search(&ids[i]).ok())
                        .filter_map(|place| u32::try_from(place).ok())
                        .collect();
                    kept[k].reasons.push((kind, places));
                }
                let g = group_of[root];
                if g == SKIPPED || g == NONE {
                    continue;
                }
                let group = &mut out[g];
                let whole = group.contacts.len() == group.size;
                let contacts: Vec<i64> = key
                    .iter()
                    .map(|&(_, i)| ids[i])
                    .filter(|id| whole || group.contacts.binary_search_by_key(id, |c| c.id).is_ok())
                    .collect();
                if !contacts.is_empty() {
                    group.reasons.push(MatchReason { kind, contacts });
                }
            }
        }
        for group in &mut out {
            sort_reasons(&mut group.reasons);
        }
        *self.memo.0.borrow_mut() = Some(Box::new(KeptSearch {
            stamp,
            see_restricted,
            groups: kept,
        }));
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

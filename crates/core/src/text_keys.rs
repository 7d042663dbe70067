//! Many short texts, each stored once and numbered: the keys an import
//! finds duplicates by (every e-mail address and phone key of the vault and
//! the file) and those the duplicates finder groups contacts by. One buffer
//! holds the texts and a table of numbers hashed by their text finds them,
//! so a million distinct addresses cost their bytes and a few words each
//! rather than an allocated string apiece in a map twice its size.
//!
//! Pure and low in the layers: no database, no other module of Steward.

use std::hash::BuildHasher;

use hashbrown::{HashTable, hash_table};

/// Strings one after another in one buffer, each found by where it ends:
/// a million short strings without a million allocations.
#[derive(Default)]
pub(crate) struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    /// Adds `s` as the next string.
    pub(crate) fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }

    /// The `k`th string added (0-based).
    pub(crate) fn get(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        &self.text[start..self.ends[k]]
    }

    /// How many strings there are.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }
}

/// Distinct texts numbered 0, 1, 2… in the order first added.
pub(crate) struct TextKeys {
    texts: Strings,
    table: HashTable<usize>,
    /// Seeded per process, so a crafted file cannot slow an import down with
    /// colliding keys.
    hasher: foldhash::fast::RandomState,
}

impl Default for TextKeys {
    fn default() -> Self {
        Self {
            texts: Strings::default(),
            table: HashTable::new(),
            hasher: foldhash::fast::RandomState::default(),
        }
    }
}

impl TextKeys {
    /// The number of `key`, if it was added.
    pub(crate) fn find(&self, key: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(key);
        self.table
            .find(hash, |&k| self.texts.get(k) == key)
            .copied()
    }

    /// The number of `key`, adding it first if it is new; and whether it
    /// was.
    pub(crate) fn add(&mut self, key: &str) -> (usize, bool) {
        let Self {
            texts,
            table,
            hasher,
        } = self;
        let hash = hasher.hash_one(key);
        match table.entry(
            hash,
            |&k| texts.get(k) == key,
            |&k| hasher.hash_one(texts.get(k)),
        ) {
            hash_table::Entry::Occupied(entry) => (*entry.get(), false),
            hash_table::Entry::Vacant(entry) => {
                let k = texts.len();
                texts.push(key);
                entry.insert(k);
                (k, true)
            }
        }
    }

    /// Makes room for `more` keys beyond those there are.
    pub(crate) fn reserve(&mut self, more: usize) {
        let Self {
            texts,
            table,
            hasher,
        } = self;
        table.reserve(more, |&k| hasher.hash_one(texts.get(k)));
        texts.ends.reserve(more);
    }
}

/// Texts that each name one number (a contact's id): a map from text to
/// `i64` over [`TextKeys`].
#[derive(Default)]
pub(crate) struct TextMap {
    keys: TextKeys,
    values: Vec<i64>,
}

impl TextMap {
    /// The number `key` names.
    pub(crate) fn get(&self, key: &str) -> Option<i64> {
        self.keys.find(key).map(|k| self.values[k])
    }

    /// Makes `key` name `value`, unless it names a number already that
    /// `keep` holds to.
    pub(crate) fn set_unless(&mut self, key: &str, value: i64, keep: impl FnOnce(i64) -> bool) {
        let (k, new) = self.keys.add(key);
        if new {
            self.values.push(value);
        } else if !keep(self.values[k]) {
            self.values[k] = value;
        }
    }

    /// Makes `key` name `value` if it names nothing yet.
    pub(crate) fn set_if_new(&mut self, key: &str, value: i64) {
        self.set_unless(key, value, |_| true);
    }

    /// Makes room for `more` keys.
    pub(crate) fn reserve(&mut self, more: usize) {
        self.keys.reserve(more);
        self.values.reserve(more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_text_is_numbered_once_in_the_order_added() {
        let mut keys = TextKeys::default();
        assert_eq!(keys.add("ana@example.com"), (0, true));
        assert_eq!(keys.add(""), (1, true));
        assert_eq!(keys.add("+40723456789"), (2, true));
        assert_eq!(keys.add("ana@example.com"), (0, false));
        assert_eq!(keys.find(""), Some(1));
        assert_eq!(keys.find("+40723456789"), Some(2));
        assert_eq!(keys.find("+4072345678"), None);
        keys.reserve(10_000);
        for i in 0..10_000 {
            assert_eq!(keys.add(&format!("k{i}")), (3 + i, true));
        }
        assert_eq!(keys.find("k9999"), Some(10_002));
        assert_eq!(keys.find("ana@example.com"), Some(0));
    }

    #[test]
    fn a_map_keeps_or_replaces_as_asked() {
        let mut map = TextMap::default();
        map.set_if_new("a", 1);
        map.set_if_new("a", 2);
        assert_eq!(map.get("a"), Some(1));
        map.set_unless("a", 3, |old| old == 1);
        assert_eq!(map.get("a"), Some(1));
        map.set_unless("a", 4, |_| false);
        assert_eq!(map.get("a"), Some(4));
        map.set_unless("b", 5, |_| true);
        assert_eq!(map.get("b"), Some(5));
        assert_eq!(map.get("c"), None);
    }
}

//! Finding items of a list by a text key (an entry by its id, say), with
//! one compiled copy for the whole crate.
//!
//! A `HashMap<&str, V>` per call site was about 1.3 KB of wasm for each
//! value type. The exports, the reports and the badges each built one from
//! a list they already hold. [`KeyIndex`] maps keys to positions in that
//! list instead, so its code does not depend on what the list holds.

use crate::core::sort::sort_by;

/// Positions of a list's items by key.
pub struct KeyIndex<'a> {
    /// `(key, position)`, sorted by key; equal keys keep list order.
    keys: Vec<(&'a str, usize)>,
}

impl<'a> KeyIndex<'a> {
    /// The index of `keys`, the i-th being the key of the list's i-th item.
    pub fn new(keys: Vec<&'a str>) -> KeyIndex<'a> {
        let mut keys: Vec<(&str, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
        sort_by(&mut keys, |a, b| a.0.cmp(b.0));
        KeyIndex { keys }
    }

    /// The range of `keys` equal to `key`.
    fn run(&self, key: &str) -> std::ops::Range<usize> {
        let start = self.keys.partition_point(|(k, _)| *k < key);
        let end = self.keys.partition_point(|(k, _)| *k <= key);
        start..end
    }

    /// The position of the last item with `key` (as a map collected from
    /// the list would keep), if any.
    pub fn get(&self, key: &str) -> Option<usize> {
        let run = self.run(key);
        run.end
            .checked_sub(1)
            .filter(|&i| i >= run.start)
            .and_then(|i| self.keys.get(i))
            .map(|&(_, p)| p)
    }

    /// How many items have `key`.
    pub fn count(&self, key: &str) -> usize {
        self.run(key).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_last_item_with_a_key_and_counts_them() {
        let ix = KeyIndex::new(vec!["b", "a", "c", "a", ""]);
        assert_eq!(ix.get("a"), Some(3));
        assert_eq!(ix.get("b"), Some(0));
        assert_eq!(ix.get(""), Some(4));
        assert_eq!(ix.get("d"), None);
        assert_eq!((ix.count("a"), ix.count("c"), ix.count("z")), (2, 1, 0));
        assert_eq!(KeyIndex::new(vec![]).get("a"), None);
    }
}

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
    /// `(head, key, position)`, sorted by key; equal keys keep list order.
    keys: Vec<(u64, &'a str, usize)>,
}

/// The first 8 bytes of `key`, big-endian and padded with zeros. Heads
/// order as their keys do (when two differ, so do the keys, the same way),
/// so a search compares heads kept in the array and reads a key's text
/// only when heads are equal: an export looks up an entry for each of
/// 100,000 events, and following a pointer at every step of each search
/// made it a quarter slower than a hash map.
fn head(key: &str) -> u64 {
    let mut bytes = [0u8; 8];
    for (b, k) in bytes.iter_mut().zip(key.bytes()) {
        *b = k;
    }
    u64::from_be_bytes(bytes)
}

impl<'a> KeyIndex<'a> {
    /// The index of `keys`, the i-th being the key of the list's i-th item.
    pub fn new(keys: Vec<&'a str>) -> KeyIndex<'a> {
        let mut indexed: Vec<(u64, &str, usize)> = Vec::with_capacity(keys.len());
        for (i, k) in keys.into_iter().enumerate() {
            indexed.push((head(k), k, i));
        }
        let mut keys = indexed;
        sort_by(&mut keys, |a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        KeyIndex { keys }
    }

    /// Where `key`'s run ends: the first item whose key is greater.
    fn end_of(&self, key: &str, h: u64) -> usize {
        self.keys.partition_point(|&(kh, k, _)| kh < h || (kh == h && k <= key))
    }

    /// The position of the last item with `key` (as a map collected from
    /// the list would keep), if any.
    pub fn get(&self, key: &str) -> Option<usize> {
        let end = self.end_of(key, head(key));
        // The item just before the run's end is the run's last, if the run
        // is not empty.
        let &(_, k, position) = self.keys.get(end.checked_sub(1)?)?;
        (k == key).then_some(position)
    }

    /// How many items have `key`.
    pub fn count(&self, key: &str) -> usize {
        self.run(key).len()
    }

    /// The items with `key`: `(head, key, position)`, in list order.
    pub fn run(&self, key: &str) -> &[(u64, &'a str, usize)] {
        let h = head(key);
        let start = self.keys.partition_point(|&(kh, k, _)| kh < h || (kh == h && k < key));
        self.keys.get(start..self.end_of(key, h)).unwrap_or(&[])
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
        // Keys alike in their first 8 bytes, and a NUL byte where a shorter
        // key has its padding.
        let long = vec!["abcdefgh2", "abcdefgh", "abcdefgh1", "a", "a\0", "abcdefgh1"];
        let ix = KeyIndex::new(long.clone());
        for (i, k) in long.iter().enumerate() {
            assert_eq!(ix.get(k), long.iter().rposition(|x| x == k), "{k:?}");
            assert_eq!(ix.count(k), long.iter().filter(|x| *x == k).count(), "{k:?} at {i}");
        }
        assert_eq!(ix.get("abcdefgh0"), None);
    }
}

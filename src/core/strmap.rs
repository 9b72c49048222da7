//! The core's one hash table: text keys to positions or counts (`usize`).
//! The ledger's index (entry ids to members, pages to lists), the stored
//! archive's ids, the redactor's masks and an import's entries all use it.
//!
//! std's `HashMap` brought hashbrown and SipHash into the wasm module
//! (about 4.5 KB); this is open addressing with linear probing over
//! FNV-1a, a few hundred bytes. There is no removal: no caller needs it,
//! and without it probing stays simple. Keys are hashed without a secret,
//! as std's map is on this target (it has no source of randomness there).

use crate::core::identity::fnv1a64;

#[derive(Debug, Clone, Default)]
pub struct StrMap {
    /// `(hash, key, value)` or empty; the length is 0 or a power of two.
    slots: Vec<Option<(u64, String, usize)>>,
    len: usize,
}

/// FNV-1a, with its bits mixed so that the low ones (which pick the slot)
/// depend on every byte of the key.
fn hash(key: &str) -> u64 {
    let mut h = fnv1a64(key.as_bytes());
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

impl StrMap {
    pub fn new() -> StrMap {
        StrMap::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The slot holding `key`, or the empty slot where it would go. The
    /// table is never full (see `insert`), so the probe ends.
    fn find(&self, key: &str, h: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            match &self.slots[i] {
                Some((sh, k, _)) if *sh == h && k == key => return i,
                Some(_) => i = (i + 1) & mask,
                None => return i,
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<&usize> {
        if self.slots.is_empty() {
            return None;
        }
        match &self.slots[self.find(key, hash(key))] {
            Some((_, _, v)) => Some(v),
            None => None,
        }
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`; returns what it held before.
    pub fn insert(&mut self, key: String, value: usize) -> Option<usize> {
        let (i, h) = self.slot_for(&key);
        match &mut self.slots[i] {
            Some((_, _, v)) => Some(std::mem::replace(v, value)),
            slot => {
                *slot = Some((h, key, value));
                self.len += 1;
                None
            }
        }
    }

    /// The value of `key`, set to `value` first if it had none.
    pub fn get_or_insert(&mut self, key: String, value: usize) -> usize {
        let (i, h) = self.slot_for(&key);
        match &mut self.slots[i] {
            Some((_, _, v)) => *v,
            slot => {
                *slot = Some((h, key, value));
                self.len += 1;
                value
            }
        }
    }

    /// Where `key` is or would go, after growing the table if one more
    /// key would fill it past half.
    fn slot_for(&mut self, key: &str) -> (usize, u64) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let h = hash(key);
        (self.find(key, h), h)
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(8);
        let old = std::mem::take(&mut self.slots);
        self.slots.resize_with(size, || None);
        let mask = size - 1;
        for (h, k, v) in old.into_iter().flatten() {
            let mut i = h as usize & mask;
            while self.slots[i].is_some() {
                i = (i + 1) & mask;
            }
            self.slots[i] = Some((h, k, v));
        }
    }

    /// The keys and their values, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &usize)> {
        self.slots.iter().flatten().map(|(_, k, v)| (k, v))
    }

    /// The keys, in no particular order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.iter().map(|(k, _)| k)
    }
}

#[cfg(test)]
mod tests {
    use super::StrMap;
    use std::collections::HashMap;

    #[test]
    fn agrees_with_std() {
        let mut ours = StrMap::new();
        let mut std_map: HashMap<String, usize> = HashMap::new();
        assert_eq!(ours.get("x"), None);
        // Keys that repeat, share prefixes and are empty, in an order that
        // makes the table grow several times.
        for i in 0..5_000usize {
            let key = match i % 7 {
                0 => String::new(),
                1 => format!("e{}", i % 300),
                2 => format!("claude_code\u{1f}{:x}", i * 7919 % 1000),
                _ => format!("{}-{}", i % 13, i % 401),
            };
            if i % 3 == 0 {
                assert_eq!(ours.get_or_insert(key.clone(), i), *std_map.entry(key).or_insert(i));
            } else {
                assert_eq!(ours.insert(key.clone(), i), std_map.insert(key, i));
            }
            assert_eq!(ours.len(), std_map.len());
        }
        for (k, v) in &std_map {
            assert_eq!(ours.get(k), Some(v));
            assert!(ours.contains_key(k));
        }
        assert_eq!(ours.get("absent"), None);
        let mut keys: Vec<&String> = ours.keys().collect();
        keys.sort();
        let mut want: Vec<&String> = std_map.keys().collect();
        want.sort();
        assert_eq!(keys, want);
    }
}

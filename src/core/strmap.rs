//! The core's one hash table: text keys to positions or counts (`usize`).
//! The ledger's index (entry ids to members, pages to lists), the stored
//! archive's ids, the redactor's masks and an import's entries all use it.
//!
//! std's `HashMap` brought hashbrown and SipHash into the wasm module
//! (about 4.5 KB); this is open addressing with linear probing, a few
//! hundred bytes. There is no removal: no caller needs it, and without it
//! probing stays simple.
//!
//! Keys can come from a file the user imports, so an unkeyed hash would
//! let a hostile file choose ids that all land in one run of slots and
//! make an import take hours. Each map hashes with a secret seed: the
//! binding layer draws it before the worker loads its ledger
//! ([`set_seed`]), and each map keeps the seed it was made with, so
//! changing it never disturbs a map that exists.

use crate::core::vecs::Dense;
use std::sync::atomic::{AtomicU64, Ordering};

/// The seed new maps take (a fixed one until the binding layer sets it:
/// native tests and benches).
static SEED: AtomicU64 = AtomicU64::new(0x243f_6a88_85a3_08d3);

/// Sets the seed of maps made from now on: random bits, drawn by the
/// binding layer each time the worker loads its ledger.
pub fn set_seed(seed: u64) {
    SEED.store(seed, Ordering::Relaxed);
}

#[derive(Debug)]
pub struct StrMap {
    /// The hash's secret (see the module's comment).
    seed: u64,
    /// The entries `(hash, key, value)`, in the order they were added.
    entries: Dense<(u64, String, usize)>,
    /// The table: 0 for an empty slot, else an entry's position plus one.
    /// Its length is 0 or a power of two, at least twice the entries', so
    /// probes end. Four bytes a slot: the ledger's index of 48,600 entries
    /// stays small, and growing moves no key.
    slots: Dense<u32>,
}

/// A copy with room for as many entries as its table takes before it
/// grows: adding to a copy then never moves the entries (a copy made by
/// `Vec::clone` is full, and the first entry added to the ledger's copy of
/// 48,600 ids moved 1.9 MB).
impl Clone for StrMap {
    fn clone(&self) -> StrMap {
        let mut entries = Vec::with_capacity(self.slots.len() / 2);
        entries.extend_from_slice(&self.entries);
        StrMap {
            seed: self.seed,
            entries: Dense(entries),
            slots: self.slots.clone(),
        }
    }
}

impl Default for StrMap {
    #[inline(never)]
    fn default() -> StrMap {
        StrMap {
            seed: SEED.load(Ordering::Relaxed),
            entries: Dense::default(),
            slots: Dense::default(),
        }
    }
}

/// `x` with its bits mixed: a bijection, so keys that differ in one word
/// never meet, and the low bits (which pick the slot) depend on all.
fn mix(x: u64) -> u64 {
    let x = x.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 29)
}

/// The key's hash under `seed`, eight bytes at a time.
#[inline(never)]
fn hash(seed: u64, key: &str) -> u64 {
    let (mut h, mut word) = (seed, 0u64);
    for (i, b) in key.bytes().enumerate() {
        word |= u64::from(b) << (8 * (i % 8));
        if i % 8 == 7 {
            h = mix(h ^ word);
            word = 0;
        }
    }
    mix(mix(h ^ word) ^ key.len() as u64)
}

/// Where a key is: its entry, or the empty slot where it would go.
enum Found {
    Entry(usize),
    Empty(usize),
}

impl StrMap {
    pub fn new() -> StrMap {
        StrMap::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Probes the table (not empty) for `key`.
    fn find(&self, key: &str, h: u64) -> Found {
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            match self.slots[i] {
                0 => return Found::Empty(i),
                e => {
                    let (eh, k, _) = &self.entries[e as usize - 1];
                    if *eh == h && k == key {
                        return Found::Entry(e as usize - 1);
                    }
                }
            }
            i = (i + 1) & mask;
        }
    }

    pub fn get(&self, key: &str) -> Option<&usize> {
        if self.slots.is_empty() {
            return None;
        }
        match self.find(key, hash(self.seed, key)) {
            Found::Entry(e) => Some(&self.entries[e].2),
            Found::Empty(_) => None,
        }
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`; returns what it held before.
    pub fn insert(&mut self, key: String, value: usize) -> Option<usize> {
        match self.locate(&key) {
            (Found::Entry(e), _) => Some(std::mem::replace(&mut self.entries[e].2, value)),
            (Found::Empty(slot), h) => {
                self.add(slot, h, key, value);
                None
            }
        }
    }

    /// The value of `key`, set to `value` first if it had none.
    pub fn get_or_insert(&mut self, key: String, value: usize) -> usize {
        match self.locate(&key) {
            (Found::Entry(e), _) => self.entries[e].2,
            (Found::Empty(slot), h) => {
                self.add(slot, h, key, value);
                value
            }
        }
    }

    /// Where `key` is or would go, after growing the table if one more
    /// entry would fill it past half.
    fn locate(&mut self, key: &str) -> (Found, u64) {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let h = hash(self.seed, key);
        (self.find(key, h), h)
    }

    fn add(&mut self, slot: usize, h: u64, key: String, value: usize) {
        self.entries.push((h, key, value));
        // At most half of a table of at most 2^31 slots: the position fits.
        self.slots[slot] = self.entries.len() as u32;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(8);
        // Room for every entry the new table takes, reserved at once.
        let more = size / 2 - self.entries.len();
        self.entries.reserve_exact(more);
        self.slots.clear();
        self.slots.resize(size, 0);
        let mask = size - 1;
        for (e, (h, _, _)) in self.entries.iter().enumerate() {
            let mut i = *h as usize & mask;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = e as u32 + 1;
        }
    }

    /// The keys and their values, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &usize)> {
        self.entries.iter().map(|(_, k, v)| (k, v))
    }

    /// The keys, in the order they were added.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(_, k, _)| k)
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
        let mut firsts: Vec<&String> = Vec::new();
        for k in &keys {
            assert!(!firsts.contains(k), "each key once");
            firsts.push(k);
        }
        keys.sort();
        let mut want: Vec<&String> = std_map.keys().collect();
        want.sort();
        assert_eq!(keys, want);
        assert_eq!(ours.iter().count(), ours.len());
    }

    #[test]
    fn a_new_seed_leaves_existing_maps_alone() {
        let mut before = StrMap::new();
        for i in 0..100usize {
            before.insert(format!("e{i}"), i);
        }
        super::set_seed(0x5eed_0000_0000_0001);
        let mut after = StrMap::new();
        for i in 0..100usize {
            after.insert(format!("e{i}"), i);
            before.insert(format!("x{i}"), i);
        }
        for i in 0..100usize {
            assert_eq!(before.get(&format!("e{i}")), Some(&i));
            assert_eq!(before.get(&format!("x{i}")), Some(&i));
            assert_eq!(after.get(&format!("e{i}")), Some(&i));
        }
        // The seed changes every hash: a file cannot aim at the slots.
        assert_ne!(super::hash(1, "e1"), super::hash(2, "e1"));
        // Keys that differ only in length do not meet.
        assert_ne!(super::hash(1, "a"), super::hash(1, "a\0"));
    }
}

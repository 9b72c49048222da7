//! One small stable sort for the whole crate. The standard library's sorts
//! are fast, but every call site instantiates several kilobytes of code:
//! with a dozen sites they were about 60 KB of the wasm module. The lists
//! sorted here are short (rows of a page, lanes, chunks, marks), so a
//! merge sort over indices, compiled once, is plenty.

use crate::core::vecs::{at, Dense};
use std::cmp::Ordering;

/// Sorts `v` stably: `a` comes before `b` when `order(a, b)` is `Less`.
pub fn sort_by<T>(v: &mut [T], mut order: impl FnMut(&T, &T) -> Ordering) {
    // Lists here usually come in order already (rows in page order): one
    // pass says so.
    if v.windows(2).all(|w| order(&w[0], &w[1]) != Ordering::Greater) {
        return;
    }
    let positions = sorted_positions(v.len(), &mut |a, b| order(at(v, a), at(v, b)) == Ordering::Greater);
    permute(v, &positions);
}

/// Sorts `v` stably by `key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` (stably, which for plain values is the same as any sort).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, |a, b| a.cmp(b));
}

/// The positions `0..n` in sorted order; `after(a, b)` says position `a`
/// must come after position `b`. Bottom-up merge sort: equal items keep
/// their order. One instantiation serves every caller.
fn sorted_positions(n: usize, after: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut src = Dense(Vec::with_capacity(n));
    for i in 0..n {
        src.push(i);
    }
    let mut dst = Dense::filled(0, n);
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                // Take from the right only when strictly before: stable.
                if after(src[i], src[j]) {
                    dst[k] = src[j];
                    j += 1;
                } else {
                    dst[k] = src[i];
                    i += 1;
                }
                k += 1;
            }
            // What is left of either run, in order (one of them is empty).
            for x in (i..mid).chain(j..end) {
                dst[k] = src[x];
                k += 1;
            }
            start = end;
        }
        std::mem::swap(&mut src, &mut dst);
        width *= 2;
    }
    src.0
}

/// Reorders `v` so that item `positions[i]` is at `i`, in place, by the
/// swaps [`swaps`] lists. (Moving the items out and back was a copy of
/// `Vec::extend` for every sorted type.)
fn permute<T>(v: &mut [T], positions: &[usize]) {
    for (a, b) in swaps(positions) {
        // Always in range (`swaps` names positions of `v`); checked here so
        // that no sorted type carries a bounds check's panic path.
        if a < v.len() && b < v.len() {
            v.swap(a, b);
        }
    }
}

/// The swaps that put item `positions[i]` at `i`: each cycle of the
/// permutation is followed, the item that was at its start travelling
/// along it until it reaches the place whose item comes from the start.
/// One copy for every sorted type.
fn swaps(positions: &[usize]) -> Vec<(usize, usize)> {
    let n = positions.len();
    let mut done = Dense::filled(false, n);
    let mut out = Vec::with_capacity(n);
    for start in 0..n {
        let mut i = start;
        while !done[i] {
            done[i] = true;
            let from = *at(positions, i);
            if from == start {
                break;
            }
            out.push((i, from));
            i = from;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_library() {
        let mut seed = 12345u64;
        for n in [0usize, 1, 2, 3, 7, 8, 9, 31, 64, 65, 200, 1000] {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (((seed >> 33) % 7) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by_key(&mut ours, |x| x.0);
            let mut std = v.clone();
            std.sort_by_key(|x| x.0);
            assert_eq!(ours, std, "n = {n}");
            let mut plain: Vec<u8> = v.iter().map(|x| x.0).collect();
            sort(&mut plain);
            assert!(plain.windows(2).all(|w| w[0] <= w[1]));
        }
    }
}

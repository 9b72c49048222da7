//! Vectors made small in wasm. Building them with plain loops: every
//! `iter().map(..).collect()` in the crate instantiates std's collecting
//! machinery (size hints, the trusted-length path, a fold) for its own
//! closure, 0.2 to 1 KB of wasm each; this loop is the same work in a few
//! dozen bytes per use. And indexing them without a panic's location
//! ([`Dense`], [`at`]).

/// `f` applied to each item, in order.
pub fn map<'a, T, U>(items: &'a [T], mut f: impl FnMut(&'a T) -> U) -> Vec<U> {
    let mut out = Vec::with_capacity(items.len());
    for x in items {
        out.push(f(x));
    }
    out
}

/// The items `keep` accepts, in order.
pub fn filter<'a, T>(items: &'a [T], mut keep: impl FnMut(&'a T) -> bool) -> Vec<&'a T> {
    let mut out = Vec::new();
    for x in items {
        if keep(x) {
            out.push(x);
        }
    }
    out
}

/// What `f` gives for each item, where it gives something, in order.
pub fn filter_map<'a, T, U>(items: &'a [T], mut f: impl FnMut(&'a T) -> Option<U>) -> Vec<U> {
    let mut out = Vec::new();
    for x in items {
        if let Some(y) = f(x) {
            out.push(y);
        }
    }
    out
}

/// A dense table indexed by position (a value per node of a page tree).
/// Reading out of range stops the program like any bounds check, but
/// without the panic's message and source location: each checked index
/// into a `Vec` stores a 16-byte location and builds the message's
/// arguments, and a page reader indexes its per-node tables a few hundred
/// times.
#[derive(Debug, Clone, PartialEq)]
pub struct Dense<T>(pub Vec<T>);

impl<T> Default for Dense<T> {
    fn default() -> Self {
        Dense(Vec::new())
    }
}

impl<'a, T> IntoIterator for &'a Dense<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Dense<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut()
    }
}

impl<T: Clone> Dense<T> {
    pub fn filled(value: T, n: usize) -> Dense<T> {
        Dense(vec![value; n])
    }
}

/// Everything else a `Vec` does (`len`, `push`, slices of it, …).
impl<T> std::ops::Deref for Dense<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Dense<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.0
    }
}

impl<T> std::ops::Index<usize> for Dense<T> {
    type Output = T;
    #[inline(always)]
    fn index(&self, i: usize) -> &T {
        match self.0.get(i) {
            Some(x) => x,
            None => out_of_range(),
        }
    }
}

impl<T> std::ops::IndexMut<usize> for Dense<T> {
    #[inline(always)]
    fn index_mut(&mut self, i: usize) -> &mut T {
        match self.0.get_mut(i) {
            Some(x) => x,
            None => out_of_range(),
        }
    }
}

/// Item `i` of `v`; out of range it stops the program like `v[i]`, without
/// a panic's message and location (see [`Dense`]).
#[inline(always)]
pub fn at<T>(v: &[T], i: usize) -> &T {
    match v.get(i) {
        Some(x) => x,
        None => out_of_range(),
    }
}

/// A run of items (out of range: `Vec`'s own panic).
impl<T> std::ops::Index<std::ops::Range<usize>> for Dense<T> {
    type Output = [T];
    fn index(&self, r: std::ops::Range<usize>) -> &[T] {
        &self.0[r]
    }
}

impl<T> std::ops::IndexMut<std::ops::Range<usize>> for Dense<T> {
    fn index_mut(&mut self, r: std::ops::Range<usize>) -> &mut [T] {
        &mut self.0[r]
    }
}

#[cold]
#[inline(never)]
fn out_of_range() -> ! {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    panic!("index out of range of a dense table");
}

#[cfg(test)]
mod tests {
    #[test]
    fn map_keeps_order_and_length() {
        assert_eq!(super::map(&[3, 1, 2], |x| x * 10), vec![30, 10, 20]);
        assert!(super::map(&[] as &[u8], |x| *x).is_empty());
        assert_eq!(super::filter(&[3, 1, 2], |x| *x != 1), vec![&3, &2]);
        assert_eq!(super::filter_map(&[3, 1, 2], |x| (*x > 1).then_some(x * 2)), vec![6, 4]);
    }

    #[test]
    fn dense_tables_index_like_vectors() {
        let mut t = super::Dense::filled(0u32, 3);
        t[1] = 7;
        t.push(9);
        assert_eq!(t.as_slice(), &[0, 7, 0, 9]);
        assert_eq!(&t[1..3], &[7, 0]);
        assert_eq!(*super::at(&t, 3), 9);
    }

    #[test]
    #[should_panic(expected = "out of range")]
    fn dense_tables_stop_out_of_range() {
        let t = super::Dense::filled(0u32, 3);
        let _ = t[3];
    }
}

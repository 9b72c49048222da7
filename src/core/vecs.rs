//! Building vectors with plain loops. Every `iter().map(..).collect()` in
//! the crate instantiates std's collecting machinery (size hints, the
//! trusted-length path, a fold) for its own closure, 0.2 to 1 KB of wasm
//! each; this loop is the same work in a few dozen bytes per use.

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

#[cfg(test)]
mod tests {
    #[test]
    fn map_keeps_order_and_length() {
        assert_eq!(super::map(&[3, 1, 2], |x| x * 10), vec![30, 10, 20]);
        assert!(super::map(&[] as &[u8], |x| *x).is_empty());
        assert_eq!(super::filter(&[3, 1, 2], |x| *x != 1), vec![&3, &2]);
        assert_eq!(super::filter_map(&[3, 1, 2], |x| (*x > 1).then_some(x * 2)), vec![6, 4]);
    }
}

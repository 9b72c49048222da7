//! Every value revoke-watch stores or sends, to and from JSON, without
//! serde: two small traits, their impls for the standard types, and a
//! macro that writes a struct's impls field by field.
//!
//! serde's generic visitors, instantiated for every type and every format,
//! were most of the wasm module (BENCHMARKS.md); code written here is
//! plain calls to the [`Reader`] and the writer. What is written is what
//! serde_json wrote before (tests/golden.rs holds the bytes): fields in
//! declaration order, no white space, strings escaped alike.

use super::{write_int, write_str, ObjectWriter, Reader, Result};

/// A value that writes itself as JSON.
pub trait ToJson {
    fn to_json(&self, out: &mut String);
}

/// A value read from JSON.
pub trait FromJson: Sized {
    fn from_json(r: &mut Reader) -> Result<Self>;
}

/// `v` as JSON text.
pub fn to_string<T: ToJson + ?Sized>(v: &T) -> String {
    let mut out = String::new();
    v.to_json(&mut out);
    out
}

/// The one value `text` holds; nothing but white space may follow it.
pub fn from_str<T: FromJson>(text: &str) -> Result<T> {
    let mut r = Reader::new(text);
    let v = T::from_json(&mut r)?;
    r.end()?;
    Ok(v)
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self, out: &mut String) {
        (**self).to_json(out)
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self, out: &mut String) {
        (**self).to_json(out)
    }
}

impl ToJson for str {
    fn to_json(&self, out: &mut String) {
        write_str(out, self)
    }
}

impl ToJson for String {
    fn to_json(&self, out: &mut String) {
        write_str(out, self)
    }
}

impl FromJson for String {
    fn from_json(r: &mut Reader) -> Result<Self> {
        r.string()
    }
}

impl ToJson for bool {
    fn to_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" })
    }
}

impl FromJson for bool {
    fn from_json(r: &mut Reader) -> Result<Self> {
        r.bool()
    }
}

/// Integers: written as JSON numbers, read only when they fit the type.
macro_rules! integers {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self, out: &mut String) {
                // Every integer stored fits an i64 (seqs, counts, ms).
                write_int(out, i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
        impl FromJson for $t {
            fn from_json(r: &mut Reader) -> Result<Self> {
                let min = i64::try_from(<$t>::MIN).unwrap_or(i64::MIN);
                let max = i64::try_from(<$t>::MAX).unwrap_or(i64::MAX);
                let v = r.int_in(min, max)?;
                <$t>::try_from(v).map_err(|_| r.error("an integer is out of range"))
            }
        }
    )*};
}
integers!(i64, i32, u64, u32, usize, u8);

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self, out: &mut String) {
        match self {
            Some(v) => v.to_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(r: &mut Reader) -> Result<Self> {
        if r.null()? {
            Ok(None)
        } else {
            T::from_json(r).map(Some)
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            v.to_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self, out: &mut String) {
        self.as_slice().to_json(out)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(r: &mut Reader) -> Result<Self> {
        let mut v = Vec::new();
        r.begin_array()?;
        while r.next_item()? {
            v.push(T::from_json(r)?);
        }
        Ok(v)
    }
}

impl<T: ToJson> ToJson for crate::core::vecs::Dense<T> {
    fn to_json(&self, out: &mut String) {
        self.as_slice().to_json(out)
    }
}

impl<T: FromJson> FromJson for crate::core::vecs::Dense<T> {
    fn from_json(r: &mut Reader) -> Result<Self> {
        Vec::from_json(r).map(crate::core::vecs::Dense)
    }
}

impl<T: ToJson, const N: usize> ToJson for [T; N] {
    fn to_json(&self, out: &mut String) {
        self.as_slice().to_json(out)
    }
}

impl<T: FromJson + Copy + Default, const N: usize> FromJson for [T; N] {
    fn from_json(r: &mut Reader) -> Result<Self> {
        let at = r.error("");
        let v = Vec::<T>::from_json(r)?;
        let mut a = [T::default(); N];
        if v.len() != N {
            return Err(super::Error::new(
                format!("expected an array of {N} items, found {}", v.len()),
                at.at,
            ));
        }
        a.copy_from_slice(&v);
        Ok(a)
    }
}

/// A JSON object as a list sorted by key (the core's one map with ordered
/// keys: stored items, an element's attributes, the pages' last checks).
/// A B-tree map would read and write the same, with a B-tree's code in the
/// wasm module for each key and value type.
#[derive(Debug, Clone, PartialEq)]
pub struct SmallMap<T>(Vec<(String, T)>);

impl<T> Default for SmallMap<T> {
    fn default() -> SmallMap<T> {
        SmallMap::new()
    }
}

impl<T> SmallMap<T> {
    pub const fn new() -> SmallMap<T> {
        SmallMap(Vec::new())
    }
    /// Where `key` is (`Ok`), or where it would go (`Err`).
    fn position(&self, key: &str) -> std::result::Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }
    /// Sets `key` to `value`, replacing what it held.
    pub fn insert(&mut self, key: String, value: T) {
        // Keys often come in order (a sorted map written out, a JSON object
        // written by this module): appending needs no search.
        if self.0.last().is_none_or(|(last, _)| *last < key) {
            self.0.push((key, value));
            return;
        }
        // Positions from the search are in range: `get_mut` and `get` say
        // so without a bounds check's panic path in every value type's copy.
        match self.position(&key) {
            Ok(i) => {
                if let Some(slot) = self.0.get_mut(i) {
                    slot.1 = value;
                }
            }
            Err(i) => self.0.insert(i, (key, value)),
        }
    }
    pub fn get(&self, key: &str) -> Option<&T> {
        let i = self.position(key).ok()?;
        self.0.get(i).map(|(_, v)| v)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn remove(&mut self, key: &str) -> Option<T> {
        let i = self.position(key).ok()?;
        Some(self.0.remove(i).1)
    }
    /// Keeps only the pairs whose key `keep` accepts.
    pub fn retain_keys(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.0.retain(|(k, _)| keep(k));
    }
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
    /// The pairs in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }
}

/// `map[key]`, for tests and callers that know the key is there.
impl<T> std::ops::Index<&str> for SmallMap<T> {
    type Output = T;
    fn index(&self, key: &str) -> &T {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no key {key:?} in the map"),
        }
    }
}

impl<T> FromIterator<(String, T)> for SmallMap<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(pairs: I) -> SmallMap<T> {
        let mut m = SmallMap::new();
        m.extend(pairs);
        m
    }
}

impl<T> Extend<(String, T)> for SmallMap<T> {
    fn extend<I: IntoIterator<Item = (String, T)>>(&mut self, pairs: I) {
        for (k, v) in pairs {
            self.insert(k, v);
        }
    }
}

impl<T> IntoIterator for SmallMap<T> {
    type Item = (String, T);
    type IntoIter = std::vec::IntoIter<(String, T)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T: ToJson> ToJson for SmallMap<T> {
    fn to_json(&self, out: &mut String) {
        out.push('{');
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(out, k);
            out.push(':');
            v.to_json(out);
        }
        out.push('}');
    }
}

impl<T: FromJson> FromJson for SmallMap<T> {
    fn from_json(r: &mut Reader) -> Result<Self> {
        let mut m = SmallMap::new();
        r.begin_object()?;
        while let Some(k) = r.next_key()? {
            let v = T::from_json(r)?;
            // A repeated key: the last one counts, as in serde_json.
            m.insert(k.into_owned(), v);
        }
        Ok(m)
    }
}

/// Tuples are arrays, as serde writes them.
macro_rules! tuples {
    ($(($($name:ident $i:tt),+))*) => {$(
        impl<$($name: ToJson),+> ToJson for ($($name,)+) {
            fn to_json(&self, out: &mut String) {
                let mut first = true;
                out.push('[');
                $(
                    if !std::mem::replace(&mut first, false) {
                        out.push(',');
                    }
                    self.$i.to_json(out);
                )+
                out.push(']');
            }
        }
        impl<$($name: FromJson),+> FromJson for ($($name,)+) {
            fn from_json(r: &mut Reader) -> Result<Self> {
                r.begin_array()?;
                let v = ($({
                    if !r.next_item()? {
                        return Err(r.error(concat!("expected an array of more than ", stringify!($i), " items")));
                    }
                    $name::from_json(r)?
                },)+);
                if r.next_item()? {
                    return Err(r.error("an array has more items than expected"));
                }
                Ok(v)
            }
        }
    )*};
}
tuples! {
    (A 0, B 1)
    (A 0, B 1, C 2, D 3)
}

/// Reads a value into `slot`, for [`json_struct`]. Out of line and
/// generic over the value's type only: every field of that type, in any
/// struct, shares one copy, and each field's setter is left with a call.
#[inline(never)]
pub fn read_into<T: FromJson>(r: &mut Reader, slot: &mut T) -> Result<()> {
    *slot = T::from_json(r)?;
    Ok(())
}

/// How one field of a struct is written and read (see [`json_struct`]).
/// Each mode mirrors a serde attribute the types used.
pub mod field {
    use super::*;

    /// Written always; required when read.
    pub mod req {
        use super::*;
        pub fn write<T: ToJson + ?Sized>(o: &mut ObjectWriter, key: &'static str, v: &T) {
            v.to_json(o.key(key));
        }
        pub const REQUIRED: bool = true;
    }

    /// Written always; its default when absent (`#[serde(default)]`).
    pub mod def {
        pub use super::req::write;
        pub const REQUIRED: bool = false;
    }

    /// An `Option` left out when `None`, and `None` when absent.
    pub mod opt {
        use super::*;
        pub fn write<T: ToJson>(o: &mut ObjectWriter, key: &'static str, v: &Option<T>) {
            if let Some(v) = v {
                v.to_json(o.key(key));
            }
        }
        pub const REQUIRED: bool = false;
    }

    /// Left out when empty (or false), its default when absent.
    pub mod nonempty {
        use super::*;
        pub fn write<T: ToJson + Empty>(o: &mut ObjectWriter, key: &'static str, v: &T) {
            if !v.is_empty_value() {
                v.to_json(o.key(key));
            }
        }
        pub use super::def::REQUIRED;
    }

    /// Values that [`nonempty`] leaves out.
    pub trait Empty {
        fn is_empty_value(&self) -> bool;
    }
    impl Empty for String {
        fn is_empty_value(&self) -> bool {
            self.is_empty()
        }
    }
    impl<T> Empty for Vec<T> {
        fn is_empty_value(&self) -> bool {
            self.is_empty()
        }
    }
    impl<T> Empty for crate::core::vecs::Dense<T> {
        fn is_empty_value(&self) -> bool {
            self.is_empty()
        }
    }
    impl<T> Empty for SmallMap<T> {
        fn is_empty_value(&self) -> bool {
            self.is_empty()
        }
    }
    impl Empty for bool {
        fn is_empty_value(&self) -> bool {
            !*self
        }
    }
}

/// The JSON name of a field: its own, or the one given.
#[macro_export]
#[doc(hidden)]
macro_rules! json_key {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident $key:literal) => {
        $key
    };
}

/// Implements [`ToJson`] (`write`), [`FromJson`] (`read`) or both (`both`)
/// for a struct, one line per field in the order written:
/// `field: mode` or `field as "json name": mode`, where mode is one of the
/// modules of [`field`]. Unknown fields are passed over when read, unless
/// the type says `deny_unknown`; a field given twice is refused. Every
/// field's type is `Default`: reading starts from a struct of defaults,
/// which is what an absent optional field keeps.
#[macro_export]
macro_rules! json_struct {
    (both $($rest:tt)*) => {
        $crate::json_struct!(write $($rest)*);
        $crate::json_struct!(read $($rest)*);
    };
    (write $ty:ident $(<$lt:lifetime>)? $(deny_unknown)? { $($field:ident $(as $key:literal)? : $mode:ident),* $(,)? }) => {
        impl$(<$lt>)? $crate::core::json::ToJson for $ty$(<$lt>)? {
            fn to_json(&self, out: &mut String) {
                let mut o = $crate::core::json::ObjectWriter::new(out);
                $( $crate::core::json::field::$mode::write(&mut o, $crate::json_key!($field $($key)?), &self.$field); )*
                o.end();
            }
        }
    };
    (read $ty:ident $(<$lt:lifetime>)? deny_unknown { $($body:tt)* }) => {
        $crate::json_struct!(@read $ty true { $($body)* });
    };
    (read $ty:ident $(<$lt:lifetime>)? { $($body:tt)* }) => {
        $crate::json_struct!(@read $ty false { $($body)* });
    };
    (@read $ty:ident $deny:literal { $($field:ident $(as $key:literal)? : $mode:ident),* $(,)? }) => {
        impl $crate::core::json::FromJson for $ty {
            fn from_json(r: &mut $crate::core::json::Reader) -> $crate::core::json::Result<Self> {
                const KEYS: &[&str] = &[$($crate::json_key!($field $($key)?)),*];
                const REQUIRED: &[bool] = &[$($crate::core::json::field::$mode::REQUIRED),*];
                const _: () = assert!(KEYS.len() <= 64, "Reader::fields keeps a 64-bit mask of the fields seen");
                // One small function per field, each handing its slot to the
                // reader of the slot's type: a struct's reader is then a
                // table and a loop, not code per field (BENCHMARKS.md).
                const SET: &[fn(&mut $ty, &mut $crate::core::json::Reader) -> $crate::core::json::Result<()>] =
                    &[$(|v, r| $crate::core::json::read_into(r, &mut v.$field)),*];
                // Each field starts at its type's default: what an absent
                // optional field keeps (a required one is checked below).
                let mut v = $ty { $( $field: Default::default(), )* };
                let seen = r.fields(KEYS, $deny, &mut |i, r| match SET.get(i) {
                    Some(set) => set(&mut v, r),
                    None => Ok(()),
                })?;
                r.require(KEYS, REQUIRED, seen)?;
                Ok(v)
            }
        }
    };
}

/// Implements [`ToJson`] and [`FromJson`] for an enum of unit variants,
/// each with its JSON name, and `name()` giving it.
#[macro_export]
macro_rules! json_names {
    ($ty:ident { $($variant:ident = $name:literal),* $(,)? }) => {
        impl $ty {
            /// The name this value has in JSON.
            pub fn name(self) -> &'static str {
                match self {
                    $( $ty::$variant => $name, )*
                }
            }
            /// The value named `name` in JSON.
            pub fn from_name(name: &str) -> Option<$ty> {
                match name {
                    $( $name => Some($ty::$variant), )*
                    _ => None,
                }
            }
        }
        impl $crate::core::json::ToJson for $ty {
            fn to_json(&self, out: &mut String) {
                $crate::core::json::write_str(out, self.name())
            }
        }
        impl $crate::core::json::FromJson for $ty {
            fn from_json(r: &mut $crate::core::json::Reader) -> $crate::core::json::Result<Self> {
                let s = r.str()?;
                $ty::from_name(&s).ok_or_else(|| {
                    r.error(format!("unknown variant `{}`", $crate::core::text::preview(&s, 40)))
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::{from_str, to_string};
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, Default)]
    struct Sample {
        id: String,
        count: i64,
        note: Option<String>,
        tags: Vec<String>,
        flag: bool,
        kind: String,
    }

    crate::json_struct!(both Sample { id: req, count: def, note: opt, tags: nonempty, flag: nonempty, kind as "type": req });

    #[derive(Debug)]
    struct Strict {
        #[allow(dead_code)]
        a: u32,
    }
    crate::json_struct!(read Strict deny_unknown { a: req });

    #[test]
    fn a_struct_is_written_in_field_order_leaving_out_what_its_modes_say() {
        let s = Sample {
            id: "x\"y".into(),
            count: -3,
            note: None,
            tags: vec![],
            flag: false,
            kind: "t".into(),
        };
        assert_eq!(to_string(&s), r#"{"id":"x\"y","count":-3,"type":"t"}"#);
        let s = Sample {
            note: Some("n".into()),
            tags: vec!["a".into()],
            flag: true,
            ..s
        };
        assert_eq!(
            to_string(&s),
            r#"{"id":"x\"y","count":-3,"note":"n","tags":["a"],"flag":true,"type":"t"}"#
        );
        assert_eq!(from_str::<Sample>(&to_string(&s)).unwrap(), s);
    }

    #[test]
    fn reading_takes_any_order_defaults_and_refuses_what_serde_refused() {
        let s: Sample = from_str(r#" {"type":"t","extra":[1,{"a":null}],"id":"i"} "#).unwrap();
        assert_eq!((s.id.as_str(), s.count, s.note, s.kind.as_str()), ("i", 0, None, "t"));
        let err = |text: &str| from_str::<Sample>(text).unwrap_err().message.clone();
        assert_eq!(err(r#"{"id":"i"}"#), "missing field `type`");
        assert_eq!(err(r#"{"id":"i","id":"j","type":"t"}"#), "duplicate field `id`");
        assert!(err(r#"{"id":1,"type":"t"}"#).contains("string"));
        assert!(err(r#"{"id":"i","type":"t","count":1.5}"#).contains("integer"));
        assert!(err(r#"{"id":"i","type":"t"} {}"#).contains("trailing"));
        assert!(from_str::<Sample>(r#"{"id":"i","type":"t","note":null}"#)
            .unwrap()
            .note
            .is_none());
        assert!(from_str::<Strict>(r#"{"a":1}"#).is_ok());
        assert_eq!(
            from_str::<Strict>(r#"{"a":1,"b":2}"#).unwrap_err().message,
            "unknown field `b`"
        );
        assert!(from_str::<Strict>(r#"{"a":-1}"#).is_err(), "out of the type's range");
    }

    #[test]
    fn a_small_map_reads_and_writes_as_a_btree_map() {
        let texts = [
            r#"{}"#,
            r#"{"usage":1,"account":2,"claude_code":3}"#,
            r#"{"a":1,"b":2,"a":3}"#,
            r#"{"z\n":1,"":2}"#,
        ];
        for t in texts {
            let small: SmallMap<i64> = from_str(t).unwrap();
            // serde_json as the reference reader and writer of a sorted map.
            let tree: BTreeMap<String, i64> = serde_json::from_str(t).unwrap();
            assert_eq!(to_string(&small), serde_json::to_string(&tree).unwrap(), "{t}");
            assert_eq!(small.len(), tree.len());
            assert!(
                small.iter().zip(&tree).all(|(a, b)| a == b),
                "{t}: same pairs in the same order"
            );
            for (k, v) in &tree {
                assert_eq!(small.get(k), Some(v));
            }
        }
        // Inserts (in order, out of order, repeated) and removals agree
        // with a BTreeMap's at every step.
        let mut small = SmallMap::new();
        let mut tree = BTreeMap::new();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for step in 0..2000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let key = format!("k{}", if step % 3 == 0 { u64::from(step) } else { x % 97 });
            if x % 5 == 0 {
                assert_eq!(small.remove(&key), tree.remove(&key), "step {step}");
            } else {
                small.insert(key.clone(), step);
                tree.insert(key, step);
            }
            assert_eq!(small.len(), tree.len());
        }
        assert!(small.iter().eq(tree.iter()), "same pairs in the same order");
        assert!(from_str::<SmallMap<i64>>(r#"{"a":"x"}"#).is_err());
        assert!(from_str::<SmallMap<i64>>(r#"[1]"#).is_err());
    }

    #[test]
    fn standard_types_round_trip_and_check_their_shape() {
        let t: (String, i64) = from_str(r#"["a",5]"#).unwrap();
        assert_eq!(t, ("a".to_string(), 5));
        assert_eq!(to_string(&t), r#"["a",5]"#);
        assert!(from_str::<(String, i64)>(r#"["a"]"#).is_err());
        assert!(from_str::<(String, i64)>(r#"["a",5,6]"#).is_err());
        let a: [i64; 3] = from_str("[1,2,3]").unwrap();
        assert_eq!(to_string(&a), "[1,2,3]");
        assert!(from_str::<[i64; 3]>("[1,2]").is_err());
        let mut m = SmallMap::new();
        m.insert("b\n".to_string(), vec![true]);
        m.insert("a".to_string(), vec![]);
        assert_eq!(to_string(&m), r#"{"a":[],"b\n":[true]}"#);
        assert_eq!(from_str::<SmallMap<Vec<bool>>>(&to_string(&m)).unwrap(), m);
        assert_eq!(from_str::<u8>("255").unwrap(), 255);
        assert!(from_str::<u8>("256").is_err());
        assert!(from_str::<u64>("-1").is_err());
        assert_eq!(
            to_string(&Some(u64::MAX)),
            i64::MAX.to_string(),
            "clamped, never wrapped"
        );
    }
}

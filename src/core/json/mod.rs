//! All of revoke-watch's JSON, read and written by hand: a pull reader
//! over the text, with no tree in between, and the writer. Types read and
//! write themselves through [`ToJson`] and [`FromJson`] (`codec`); the page
//! message and its answer, the hottest path, use the reader and writer
//! directly.
//!
//! Both follow serde_json where it matters: the same texts are accepted
//! (RFC 8259; the values read nest up to 128 levels, those passed over
//! without limit), strings are unescaped the same
//! way, and [`write_str`] escapes exactly as `serde_json::to_string` does,
//! so text written here is byte-for-byte what serde_json would write.
//! tests/json.rs compares both on generated texts.

mod codec;

pub use codec::{field, from_str, read_into, to_string, FromJson, SmallMap, ToJson};
use std::borrow::Cow;
use std::fmt;

/// Deepest nesting read; serde_json's limit too.
const MAX_DEPTH: usize = 128;

/// Why a text could not be read, and where. Boxed: every read returns a
/// `Result` with it, which is then one pointer wide however large the
/// error (wasm size).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<Failure>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    /// Byte offset in the text.
    pub at: usize,
}

impl Error {
    #[inline(never)]
    pub fn new(message: String, at: usize) -> Error {
        Error(Box::new(Failure { message, at }))
    }
}

impl std::ops::Deref for Error {
    type Target = Failure;
    fn deref(&self) -> &Failure {
        &self.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.at)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// A pull reader: the caller asks for the value it expects next.
///
/// Objects are read with [`Reader::begin_object`] then [`Reader::next_key`]
/// until it gives `None`; arrays with [`Reader::begin_array`] then
/// [`Reader::next_item`]. Every value a caller does not want is passed over
/// with [`Reader::skip`].
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
    /// Just after `{` or `[`: the next member has no comma before it.
    fresh: bool,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            at: 0,
            depth: 0,
            fresh: false,
        }
    }

    /// An error at the current position.
    pub fn error(&self, message: impl Into<String>) -> Error {
        Error::new(message.into(), self.at)
    }

    #[inline(always)]
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes().get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte that is not white space, not consumed: what kind of
    /// value comes next.
    pub fn peek_byte(&mut self) -> Option<u8> {
        self.peek()
    }

    /// The next byte that is not white space, not consumed.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes().get(self.at).copied()
    }

    #[inline(always)]
    fn expect(&mut self, byte: u8, what: &str) -> Result<()> {
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.unexpected(what))
        }
    }

    fn unexpected(&mut self, wanted: &str) -> Error {
        match self.peek() {
            None => self.error(format!("the text ends where {wanted} was expected")),
            Some(_) => self.error(format!("expected {wanted}")),
        }
    }

    fn literal(&mut self, word: &str) -> Result<()> {
        if self.bytes()[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.error("expected a value"))
        }
    }

    /// Only white space may follow the value read.
    pub fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters after the value")),
        }
    }

    /// Consumes `null` when it comes next; false (nothing consumed) otherwise.
    pub fn null(&mut self) -> Result<bool> {
        if self.peek() == Some(b'n') {
            self.literal("null")?;
            return Ok(true);
        }
        Ok(false)
    }

    pub fn bool(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b't') => self.literal("true").map(|_| true),
            Some(b'f') => self.literal("false").map(|_| false),
            _ => Err(self.unexpected("true or false")),
        }
    }

    /// The slice of one JSON number, checked against the grammar.
    pub fn number_text(&mut self) -> Result<&'a str> {
        self.skip_ws();
        let b = self.bytes();
        let start = self.at;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - from
        };
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            _ => return Err(self.unexpected("a number")),
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if digits(&mut i) == 0 {
                self.at = i;
                return Err(self.error("a number has no digits after its decimal point"));
            }
        }
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                self.at = i;
                return Err(self.error("a number has no digits in its exponent"));
            }
        }
        self.at = i;
        Ok(crate::core::text::slice(self.text, start, i))
    }

    /// An integer (no fraction, no exponent) that fits in an `i64`. One
    /// pass over the digits: every node of a snapshot has one.
    pub fn i64(&mut self) -> Result<i64> {
        self.skip_ws();
        let b = self.bytes();
        let start = self.at;
        let mut i = start;
        let negative = b.get(i) == Some(&b'-');
        i += usize::from(negative);
        let first = i;
        // Accumulated negatively so that i64::MIN fits.
        let mut v: i64 = 0;
        let mut overflow = false;
        while let Some(&d) = b.get(i).filter(|d| d.is_ascii_digit()) {
            match v.checked_mul(10).and_then(|v| v.checked_sub(i64::from(d - b'0'))) {
                Some(n) => v = n,
                None => overflow = true,
            }
            i += 1;
        }
        let fail = |message: &str| Error::new(message.into(), start);
        if i == first || (b[first] == b'0' && i > first + 1) {
            // Not a number, or a leading zero: let the grammar say which.
            self.number_text()?;
            return Err(fail("a number has a leading zero"));
        }
        if let Some(b'.' | b'e' | b'E') = b.get(i) {
            self.number_text()?;
            return Err(fail(
                "expected an integer, found a number with a fraction or an exponent",
            ));
        }
        self.at = i;
        if overflow {
            return Err(fail("an integer is out of range"));
        }
        if negative {
            // serde_json reads `-0` as a float, which no integer field takes.
            if v == 0 {
                return Err(fail("expected an integer, found -0"));
            }
            Ok(v)
        } else {
            v.checked_neg().ok_or_else(|| fail("an integer is out of range"))
        }
    }

    /// An integer in `min..=max`.
    pub fn int_in(&mut self, min: i64, max: i64) -> Result<i64> {
        self.skip_ws();
        let start = self.at;
        let v = self.i64()?;
        if (min..=max).contains(&v) {
            Ok(v)
        } else {
            Err(Error::new(format!("the integer {v} is out of range"), start))
        }
    }

    /// A string, borrowed from the text when it has no escapes.
    pub fn str(&mut self) -> Result<Cow<'a, str>> {
        self.expect(b'"', "a string")?;
        let b = self.bytes();
        let start = self.at;
        let mut i = start;
        // Most strings have no escape: found by one scan and borrowed.
        while let Some(&c) = b.get(i) {
            match c {
                b'"' => {
                    self.at = i + 1;
                    return Ok(Cow::Borrowed(crate::core::text::slice(self.text, start, i)));
                }
                b'\\' => break,
                0x00..=0x1f => {
                    self.at = i;
                    return Err(self.error("a control character in a string"));
                }
                _ => i += 1,
            }
        }
        let mut out = String::from(crate::core::text::slice(self.text, start, i));
        loop {
            let Some(&c) = b.get(i) else {
                self.at = i;
                return Err(self.error("the text ends inside a string"));
            };
            match c {
                b'"' => {
                    self.at = i + 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    self.at = i;
                    let esc = b.get(i + 1).copied();
                    i += 2;
                    let ch = match esc {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let hi = self.hex4(i)?;
                            i += 4;
                            match hi {
                                0xD800..=0xDBFF => {
                                    if b.get(i) != Some(&b'\\') || b.get(i + 1) != Some(&b'u') {
                                        self.at = i;
                                        return Err(self.error("a lone leading surrogate in a \\u escape"));
                                    }
                                    let lo = self.hex4(i + 2)?;
                                    if !(0xDC00..=0xDFFF).contains(&lo) {
                                        self.at = i;
                                        return Err(self.error("a lone leading surrogate in a \\u escape"));
                                    }
                                    i += 6;
                                    let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                    char::from_u32(code).ok_or_else(|| self.error("an invalid \\u escape"))?
                                }
                                0xDC00..=0xDFFF => {
                                    return Err(self.error("a lone trailing surrogate in a \\u escape"));
                                }
                                _ => char::from_u32(hi).ok_or_else(|| self.error("an invalid \\u escape"))?,
                            }
                        }
                        _ => return Err(self.error("an invalid escape in a string")),
                    };
                    out.push(ch);
                }
                0x00..=0x1f => {
                    self.at = i;
                    return Err(self.error("a control character in a string"));
                }
                _ => {
                    // Copy up to the next quote, backslash or control character.
                    let from = i;
                    while b.get(i).is_some_and(|&c| c != b'"' && c != b'\\' && c >= 0x20) {
                        i += 1;
                    }
                    out.push_str(crate::core::text::slice(self.text, from, i));
                }
            }
        }
    }

    /// Passes over a string (see [`Reader::skip`]).
    fn skip_str(&mut self) -> Result<()> {
        self.expect(b'"', "a string")?;
        let b = self.bytes();
        let mut i = self.at;
        loop {
            match b.get(i) {
                None => {
                    self.at = i;
                    return Err(self.error("the text ends inside a string"));
                }
                Some(b'"') => {
                    self.at = i + 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.at = i;
                    match b.get(i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                        Some(b'u') => {
                            self.hex4(i + 2)?;
                            i += 6;
                        }
                        _ => return Err(self.error("an invalid escape in a string")),
                    }
                }
                Some(0x00..=0x1f) => {
                    self.at = i;
                    return Err(self.error("a control character in a string"));
                }
                Some(_) => i += 1,
            }
        }
    }

    fn hex4(&mut self, from: usize) -> Result<u32> {
        let digits = self
            .bytes()
            .get(from..from + 4)
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit));
        let Some(d) = digits else {
            self.at = from;
            return Err(self.error("a \\u escape needs four hex digits"));
        };
        Ok(d.iter().fold(0, |v, &c| v * 16 + (c as char).to_digit(16).unwrap_or(0)))
    }

    pub fn string(&mut self) -> Result<String> {
        self.str().map(Cow::into_owned)
    }

    fn enter(&mut self, open: u8, what: &str) -> Result<()> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.expect(open, what)?;
        self.depth += 1;
        self.fresh = true;
        Ok(())
    }

    /// Whether the container being read has another member; consumes the
    /// comma before it, or the closing bracket.
    fn more(&mut self, close: u8) -> Result<bool> {
        let first = std::mem::replace(&mut self.fresh, false);
        match self.peek() {
            Some(c) if c == close => {
                self.at += 1;
                self.depth -= 1;
                Ok(false)
            }
            Some(b',') if !first => {
                self.at += 1;
                Ok(true)
            }
            _ if first => Ok(true),
            _ => Err(self.unexpected(if close == b'}' { "`,` or `}`" } else { "`,` or `]`" })),
        }
    }

    pub fn begin_object(&mut self) -> Result<()> {
        self.enter(b'{', "an object")
    }

    /// The next key of the object being read (its value comes next), or
    /// `None` at its end.
    pub fn next_key(&mut self) -> Result<Option<Cow<'a, str>>> {
        if !self.more(b'}')? {
            return Ok(None);
        }
        let key = self.str()?;
        self.expect(b':', "`:`")?;
        Ok(Some(key))
    }

    /// Reads an object whose members are the fields named in `keys`:
    /// `field(i, reader)` reads the value of `keys[i]`. Gives the fields
    /// seen, as a mask (bit `i` for `keys[i]`). A field given twice
    /// is refused; an unknown one is passed over, or refused when
    /// `deny_unknown`. Every struct's reader goes through this one
    /// function, so that only the reading of each field's value is
    /// instantiated per type (the wasm module is smaller for it).
    #[inline(never)]
    pub fn fields(
        &mut self,
        keys: &[&str],
        deny_unknown: bool,
        field: &mut dyn FnMut(usize, &mut Reader<'a>) -> Result<()>,
    ) -> Result<u64> {
        let mut seen = 0u64;
        self.begin_object()?;
        while let Some(k) = self.next_key()? {
            match keys.iter().position(|key| *key == k) {
                // Structs have at most 64 fields (checked where each is declared).
                Some(i) if seen & (1 << i) != 0 => return Err(duplicate(self, &k)),
                Some(i) => {
                    seen |= 1 << i;
                    field(i, self)?;
                }
                None if deny_unknown => {
                    return Err(self.error(format!("unknown field `{}`", crate::core::text::preview(&k, 40))))
                }
                None => self.skip()?,
            }
        }
        Ok(seen)
    }

    /// Refuses a struct read by [`Reader::fields`] that lacks a field it
    /// requires, naming the first one in the order the struct declares them.
    #[inline(never)]
    pub fn require(&self, keys: &[&str], required: &[bool], seen: u64) -> Result<()> {
        for (i, key) in keys.iter().enumerate() {
            if required.get(i) == Some(&true) && seen & (1 << i) == 0 {
                return Err(self.error(format!("missing field `{key}`")));
            }
        }
        Ok(())
    }

    pub fn begin_array(&mut self) -> Result<()> {
        self.enter(b'[', "an array")
    }

    /// Whether the array being read has another item (read it next).
    pub fn next_item(&mut self) -> Result<bool> {
        self.more(b']')
    }

    /// Passes over one value of any kind, as serde_json passes over a value
    /// nobody reads: a string's `\u` escapes need four hex digits but are
    /// not decoded (a lone surrogate passes), and there is no depth limit —
    /// so the walk keeps its own stack of open brackets instead of
    /// recursing, which deep nesting could overflow.
    pub fn skip(&mut self) -> Result<()> {
        let mut open: Vec<u8> = Vec::new();
        'value: loop {
            match self.peek() {
                Some(bracket @ (b'{' | b'[')) => {
                    self.at += 1;
                    let close = if bracket == b'{' { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.at += 1;
                    } else {
                        open.push(close);
                        if close == b'}' {
                            self.skip_str()?;
                            self.expect(b':', "`:`")?;
                        }
                        continue 'value;
                    }
                }
                Some(b'"') => self.skip_str()?,
                Some(b't' | b'f') => drop(self.bool()?),
                Some(b'n') => self.literal("null")?,
                Some(b'-' | b'0'..=b'9') => drop(self.number_text()?),
                _ => return Err(self.unexpected("a value")),
            }
            // After a value: close what ends here, or go on to the next member.
            while let Some(&close) = open.last() {
                match self.peek() {
                    Some(b',') => {
                        self.at += 1;
                        if close == b'}' {
                            self.skip_str()?;
                            self.expect(b':', "`:`")?;
                        }
                        continue 'value;
                    }
                    Some(c) if c == close => {
                        self.at += 1;
                        open.pop();
                    }
                    _ => return Err(self.unexpected(if close == b'}' { "`,` or `}`" } else { "`,` or `]`" })),
                }
            }
            return Ok(());
        }
    }

    /// The text of the next value, passed over (for a part read elsewhere).
    pub fn raw(&mut self) -> Result<&'a str> {
        self.skip_ws();
        let start = self.at;
        self.skip()?;
        Ok(crate::core::text::slice(self.text, start, self.at))
    }
}

/// `null` as `None`, else the value `read` reads (serde's `Option`).
pub fn nullable<'a, T>(r: &mut Reader<'a>, read: impl FnOnce(&mut Reader<'a>) -> Result<T>) -> Result<Option<T>> {
    if r.null()? {
        Ok(None)
    } else {
        read(r).map(Some)
    }
}

/// Reads a field's value into `slot`, refusing a second one (serde refuses
/// a field given twice). For hand-written readers on hot paths (the page
/// snapshot's nodes), where a `match` on the key beats [`Reader::fields`].
pub fn once<'a, T>(
    r: &mut Reader<'a>,
    slot: &mut Option<T>,
    name: &str,
    read: impl FnOnce(&mut Reader<'a>) -> Result<T>,
) -> Result<()> {
    if slot.is_some() {
        return Err(duplicate(r, name));
    }
    *slot = Some(read(r)?);
    Ok(())
}

/// The error for a field given twice, shared by [`once`] (instantiated for
/// every field's type, so this stays out of line) and [`Reader::fields`].
#[inline(never)]
fn duplicate(r: &Reader, name: &str) -> Error {
    r.error(format!("duplicate field `{name}`"))
}

/// Appends `s` as a JSON string, escaped exactly as serde_json does:
/// `"` and `\` with a backslash, control characters as `\b \t \n \f \r`
/// or `\u00XX`, everything else as it is.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    let b = s.as_bytes();
    // Most text needs no escape: found by one scan and copied whole.
    let Some(first) = b.iter().position(|&c| c < 0x20 || c == b'"' || c == b'\\') else {
        out.push_str(s);
        out.push('"');
        return;
    };
    let mut from = 0;
    for (i, &c) in b.iter().enumerate().skip(first) {
        let escape: &str = match c {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x09 => "\\t",
            0x0a => "\\n",
            0x0c => "\\f",
            0x0d => "\\r",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(crate::core::text::slice(s, from, i));
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(c >> 4)]));
            out.push(char::from(HEX[usize::from(c & 0xf)]));
        } else {
            out.push_str(escape);
        }
        from = i + 1;
    }
    out.push_str(crate::core::text::tail(s, from));
    out.push('"');
}

/// Writes one object's members in the order given, as serde_json writes
/// a struct: `{"key":value,...}` with no white space.
pub struct ObjectWriter<'o> {
    out: &'o mut String,
    first: bool,
}

impl<'o> ObjectWriter<'o> {
    pub fn new(out: &'o mut String) -> ObjectWriter<'o> {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    /// Writes `"key":` and gives the text to write the value into. Keys
    /// are names from the code, which never need escaping.
    pub fn key(&mut self, key: &'static str) -> &mut String {
        debug_assert!(!key.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\'));
        self.out.push_str(if std::mem::replace(&mut self.first, false) {
            "\""
        } else {
            ",\""
        });
        self.out.push_str(key);
        self.out.push_str("\":");
        self.out
    }

    pub fn str(&mut self, key: &'static str, value: &str) {
        write_str(self.key(key), value);
    }

    pub fn int(&mut self, key: &'static str, value: i64) {
        write_int(self.key(key), value);
    }

    pub fn bool(&mut self, key: &'static str, value: bool) {
        self.key(key).push_str(if value { "true" } else { "false" });
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push('}');
    }
}

/// Appends `items` as an array of objects, each written by `member`.
pub fn write_objects<T>(out: &mut String, items: &[T], member: impl Fn(&mut ObjectWriter, &T)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let mut w = ObjectWriter::new(out);
        member(&mut w, item);
        w.end();
    }
    out.push(']');
}

/// Appends an integer as JSON writes it.
pub fn write_int(out: &mut String, v: i64) {
    if v < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut n = v.unsigned_abs();
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits: pushed as characters, without a UTF-8 check.
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

//! Usage percentages as exact decimals: "12.5% used" is 125 tenths, kept
//! and written back with the digits it was read with.
//!
//! A float would need a float parser and a shortest-digits printer in the
//! wasm module (about 40 KB with their tables), and would round "40.25"
//! the day it is compared or exported. Stored ledgers hold what serde_json
//! wrote for the floats they used to be ("40.25", "100.0"), which reads
//! back into the same decimal and is written the same way again, so the
//! hash chain over old events still verifies.

use crate::core::json::{self, FromJson, Reader, ToJson};
use std::cmp::Ordering;

/// Most digits after the point that are kept; a page shows one or two.
const MAX_SCALE: u32 = 15;

/// `units` × 10^-`scale`, with no trailing zero in `units` when `scale` > 0,
/// so that equal numbers are equal values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Decimal {
    units: i64,
    scale: u32,
}

impl Decimal {
    pub const ZERO: Decimal = Decimal { units: 0, scale: 0 };

    pub fn new(units: i64, scale: u32) -> Decimal {
        let (mut units, mut scale) = (units, scale);
        while scale > 0 && units % 10 == 0 {
            units /= 10;
            scale -= 1;
        }
        Decimal { units, scale }
    }

    pub fn from_int(v: i64) -> Decimal {
        Decimal { units: v, scale: 0 }
    }

    /// `x` rounded to two decimals (a percentage computed from a progress
    /// bar's attributes); `None` for NaN and values beyond ±10^15.
    pub fn from_f64_2(x: f64) -> Option<Decimal> {
        let hundredths = (x * 100.0).round();
        (hundredths.is_finite() && hundredths.abs() < 1e17).then(|| Decimal::new(hundredths as i64, 2))
    }

    /// What is left of 100 after `self`, exactly ("55% remaining" is 45%
    /// used); `None` outside 0 to 100.
    pub fn left_of_hundred(self) -> Option<Decimal> {
        let hundred = 10i64.checked_pow(self.scale)?.checked_mul(100)?;
        (0..=hundred)
            .contains(&self.units)
            .then(|| Decimal::new(hundred - self.units, self.scale))
    }

    /// Reads `[-]digits[.digits]` (what a page writes; no exponent), with
    /// at most [`MAX_SCALE`] decimals and 18 digits in all.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (int, frac) = match crate::core::text::split_once_str(rest, ".") {
            Some((i, f)) => (i, f),
            None => (rest, ""),
        };
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty()
            || !digits_only(int)
            || !digits_only(frac)
            || (crate::core::text::find_str(rest, ".").is_some() && frac.is_empty())
        {
            return None;
        }
        let int = crate::core::text::trim_start_any(int, &['0']);
        let frac = crate::core::text::trim_end_any(frac, &['0']);
        if frac.len() > MAX_SCALE as usize || int.len() + frac.len() > 18 {
            return None;
        }
        let mut units: i64 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            units = units * 10 + i64::from(b - b'0');
        }
        Some(Decimal::new(if negative { -units } else { units }, frac.len() as u32))
    }

    /// Approximately, for drawing.
    pub fn to_f64(self) -> f64 {
        self.units as f64 / 10f64.powi(self.scale as i32)
    }

    /// As people read it: at most two decimals (rounded half away from
    /// zero), no trailing zeros: "12.5", "42", "-0.25", "33.33".
    pub fn text(self) -> String {
        let mut out = String::new();
        let d = if self.scale > 2 {
            let div = 10i64.pow(self.scale - 2);
            let (q, rem) = (self.units / div, self.units % div);
            let up = rem.unsigned_abs() * 2 >= div.unsigned_abs();
            Decimal::new(if up { q + self.units.signum() } else { q }, 2)
        } else {
            self
        };
        d.write(&mut out, false);
        out
    }

    fn write(self, out: &mut String, point_zero: bool) {
        if self.units < 0 {
            out.push('-');
        }
        let digits = self.units.unsigned_abs().to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            out.push_str(&digits);
            if point_zero {
                out.push_str(".0");
            }
            return;
        }
        if digits.len() > scale {
            let at = digits.len() - scale;
            out.push_str(crate::core::text::head(&digits, at));
            out.push('.');
            out.push_str(crate::core::text::tail(&digits, at));
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', scale - digits.len()));
            out.push_str(&digits);
        }
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        // Both to the larger scale; i128 holds any i64 × 10^15.
        let scale = self.scale.max(other.scale);
        let widen = |d: &Decimal| i128::from(d.units) * 10i128.pow(scale - d.scale);
        widen(self).cmp(&widen(other))
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Written as serde_json wrote the float it replaces: the shortest digits,
/// with ".0" after a whole number.
impl ToJson for Decimal {
    fn to_json(&self, out: &mut String) {
        self.write(out, true)
    }
}

/// Any JSON number: an exponent is applied to the digits, and a number
/// with more decimals than can be kept is refused rather than rounded.
impl FromJson for Decimal {
    fn from_json(r: &mut Reader) -> json::Result<Self> {
        let at = r.error("");
        let text = r.number_text()?;
        from_json_number(text).ok_or_else(|| {
            json::Error::new(
                format!(
                    "the number {} cannot be kept exactly",
                    crate::core::text::preview(text, 40)
                ),
                at.at,
            )
        })
    }
}

fn from_json_number(text: &str) -> Option<Decimal> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (
            crate::core::text::head(text, i),
            i32::try_from(crate::core::text::parse_int(crate::core::text::tail(text, i + 1))?).ok()?,
        ),
        None => (text, 0),
    };
    let d = Decimal::parse(mantissa)?;
    let scale = i64::from(d.scale) - i64::from(exponent);
    if scale >= 0 {
        let scale = u32::try_from(scale).ok().filter(|s| *s <= MAX_SCALE)?;
        Some(Decimal::new(d.units, scale))
    } else {
        let factor = 10i64.checked_pow(u32::try_from(-scale).ok()?)?;
        Some(Decimal::from_int(d.units.checked_mul(factor)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_the_digits_it_was_given() {
        for (text, json, plain) in [
            ("12.5", "12.5", "12.5"),
            ("12.50", "12.5", "12.5"),
            ("42", "42.0", "42"),
            ("007", "7.0", "7"),
            ("0.05", "0.05", "0.05"),
            ("100", "100.0", "100"),
            ("-0.25", "-0.25", "-0.25"),
            ("0", "0.0", "0"),
            ("33.3333", "33.3333", "33.33"),
            ("66.666", "66.666", "66.67"),
            ("-0.125", "-0.125", "-0.13"),
            ("0.001", "0.001", "0"),
        ] {
            let d = Decimal::parse(text).unwrap();
            assert_eq!(json::to_string(&d), json, "{text}");
            assert_eq!(d.text(), plain, "{text}");
            assert_eq!(json::from_str::<Decimal>(json).unwrap(), d);
        }
        for bad in ["", ".", "1.", ".5", "1.2.3", "1e5", "+1", "--1", "1 ", "١٢"] {
            assert_eq!(Decimal::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn json_numbers_with_exponents_keep_their_value() {
        assert_eq!(
            json::from_str::<Decimal>("1.25e1").unwrap(),
            Decimal::parse("12.5").unwrap()
        );
        assert_eq!(
            json::from_str::<Decimal>("125E-1").unwrap(),
            Decimal::parse("12.5").unwrap()
        );
        assert_eq!(json::from_str::<Decimal>("1e2").unwrap(), Decimal::from_int(100));
        assert!(json::from_str::<Decimal>("1e-40").is_err());
        assert!(json::from_str::<Decimal>("1e40").is_err());
        assert!(json::from_str::<Decimal>("\"1\"").is_err());
    }

    /// What serde_json wrote for the f64 a percentage used to be is read
    /// back and written again byte for byte.
    #[test]
    fn floats_written_by_serde_json_round_trip() {
        for x in [
            0.0,
            0.5,
            1.0,
            12.5,
            33.33,
            40.25,
            66.66666666666667,
            99.99,
            100.0,
            250.0,
            0.01,
            0.001,
        ] {
            let text = serde_json::to_string(&x).unwrap();
            let d: Decimal = json::from_str(&text).unwrap();
            assert_eq!(json::to_string(&d), text);
            assert!((d.to_f64() - x).abs() < 1e-12);
        }
    }

    #[test]
    fn orders_by_value() {
        let d = |s| Decimal::parse(s).unwrap();
        assert!(d("12.5") < d("12.51"));
        assert!(d("9.99") < d("10"));
        assert!(d("-1") < d("0.001"));
        assert_eq!(d("1.50").cmp(&d("1.5")), Ordering::Equal);
        assert_eq!(Ord::clamp(d("150"), Decimal::ZERO, d("100")), d("100"));
    }

    #[test]
    fn rounds_computed_values_to_hundredths() {
        assert_eq!(Decimal::from_f64_2(33.3333), Some(Decimal::parse("33.33").unwrap()));
        assert_eq!(Decimal::from_f64_2(f64::NAN), None);
        assert_eq!(Decimal::from_f64_2(1e300), None);
    }
}

//! The thresholds the rules use, changeable by the user.

use crate::core::json::{self, FromJson, Reader};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// How long a revoked entry may stay listed before `still-listed` (ms).
    pub grace_ms: i64,
    /// Tolerance between the browser's clock and claude.ai's (ms).
    pub skew_ms: i64,
    /// How long a revoked entry is watched before it is `verified` (ms).
    pub watch_window_ms: i64,
    /// Exports mask labels, places and addresses unless asked otherwise.
    pub redact_exports: bool,
    /// Re-check reminders after a revocation.
    pub reminders: bool,
    /// When the reminders come after a revocation (the end of the watch
    /// window is always one more).
    pub reminder_delays_ms: [i64; 3],
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            grace_ms: 10 * MINUTE,
            skew_ms: 2 * MINUTE,
            watch_window_ms: 96 * HOUR,
            redact_exports: false,
            reminders: true,
            reminder_delays_ms: [HOUR, 24 * HOUR, 72 * HOUR],
        }
    }
}

impl Settings {
    /// Applies a partial change (the JSON text of an object of settings),
    /// refusing out-of-range values whole.
    pub fn patched(&self, patch: &str) -> Result<Settings, String> {
        let mut r = Reader::new(patch);
        let mut next = *self;
        r.begin_object().map_err(|_| "settings must be an object".to_string())?;
        while let Some(k) = r.next_key().map_err(|e| e.to_string())? {
            next.read_one(&k, &mut r, true)?;
        }
        r.end().map_err(|e| e.to_string())?;
        Ok(next)
    }

    /// Reads the value of setting `k`; `check` refuses values out of range.
    fn read_one(&mut self, k: &str, r: &mut Reader, check: bool) -> Result<(), String> {
        if let Some(flag) = match k {
            "redact_exports" => Some(&mut self.redact_exports),
            "reminders" => Some(&mut self.reminders),
            _ => None,
        } {
            *flag = r.bool().map_err(|_| format!("{k} must be true or false"))?;
            return Ok(());
        }
        if k == "reminder_delays_ms" {
            let bad = || format!("{k} must be three delays between 1 second and a year, in ms");
            let d = <[i64; 3]>::from_json(r).map_err(|_| bad())?;
            if check && !d.iter().all(|&x| (1_000..=365 * 24 * HOUR).contains(&x)) {
                return Err(bad());
            }
            self.reminder_delays_ms = d;
            return Ok(());
        }
        let (slot, min, max) = match k {
            "grace_ms" => (&mut self.grace_ms, 0, 7 * 24 * HOUR),
            "skew_ms" => (&mut self.skew_ms, 0, 24 * HOUR),
            "watch_window_ms" => (&mut self.watch_window_ms, HOUR, 365 * 24 * HOUR),
            _ => return Err(format!("unknown setting {}", crate::core::text::preview(k, 40))),
        };
        let n = r
            .i64()
            .map_err(|_| format!("{k} must be a whole number of milliseconds"))?;
        if check && !(min..=max).contains(&n) {
            return Err(format!("{k} must be between {min} and {max} ms"));
        }
        *slot = n;
        Ok(())
    }
}

crate::json_struct!(write Settings {
    grace_ms: req,
    skew_ms: req,
    watch_window_ms: req,
    redact_exports: req,
    reminders: req,
    reminder_delays_ms: req,
});

/// Stored settings: a missing field has its default, an unknown one is
/// refused (as it was stored by a newer build).
impl FromJson for Settings {
    fn from_json(r: &mut Reader) -> json::Result<Settings> {
        let mut s = Settings::default();
        r.begin_object()?;
        while let Some(k) = r.next_key()? {
            s.read_one(&k, r, false).map_err(|e| r.error(e))?;
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patch(s: &Settings, v: serde_json::Value) -> Result<Settings, String> {
        s.patched(&v.to_string())
    }

    #[test]
    fn patches_validate_whole() {
        let s = Settings::default();
        assert_eq!(patch(&s, json!({"grace_ms": 0})).unwrap().grace_ms, 0);
        assert!(patch(&s, json!({"grace_ms": -1})).is_err());
        assert!(patch(&s, json!({"grace_ms": 0, "bogus": 1})).is_err());
        assert!(patch(&s, json!({"watch_window_ms": "96h"})).is_err());
        assert!(patch(&s, json!([1])).is_err());
        assert!(s.patched("{\"grace_ms\": 0} x").is_err());
        let stored = json::to_string(&Settings { grace_ms: 5, ..s });
        assert_eq!(json::from_str::<Settings>(&stored).unwrap().grace_ms, 5);
        assert_eq!(json::from_str::<Settings>("{}").unwrap(), s);
        assert!(json::from_str::<Settings>("{\"bogus\":1}").is_err());
    }
}

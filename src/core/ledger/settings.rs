//! The thresholds the rules use, changeable by the user.

use serde::{Deserialize, Serialize};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
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
    /// Applies a partial change, refusing out-of-range values whole.
    pub fn patched(&self, patch: &serde_json::Value) -> Result<Settings, String> {
        let obj = patch.as_object().ok_or("settings must be an object")?;
        let mut next = *self;
        for (k, v) in obj {
            if let Some(flag) = match k.as_str() {
                "redact_exports" => Some(&mut next.redact_exports),
                "reminders" => Some(&mut next.reminders),
                _ => None,
            } {
                *flag = v.as_bool().ok_or_else(|| format!("{k} must be true or false"))?;
                continue;
            }
            if k == "reminder_delays_ms" {
                let list: Vec<i64> = v
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_i64()).collect())
                    .unwrap_or_default();
                match <[i64; 3]>::try_from(list) {
                    Ok(d) if d.iter().all(|&x| (1_000..=365 * 24 * HOUR).contains(&x)) => next.reminder_delays_ms = d,
                    _ => return Err(format!("{k} must be three delays between 1 second and a year, in ms")),
                }
                continue;
            }
            let n = v
                .as_i64()
                .ok_or_else(|| format!("{k} must be a whole number of milliseconds"))?;
            let (slot, min, max) = match k.as_str() {
                "grace_ms" => (&mut next.grace_ms, 0, 7 * 24 * HOUR),
                "skew_ms" => (&mut next.skew_ms, 0, 24 * HOUR),
                "watch_window_ms" => (&mut next.watch_window_ms, HOUR, 365 * 24 * HOUR),
                _ => return Err(format!("unknown setting {k}")),
            };
            if !(min..=max).contains(&n) {
                return Err(format!("{k} must be between {min} and {max} ms"));
            }
            *slot = n;
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patches_validate_whole() {
        let s = Settings::default();
        assert_eq!(s.patched(&json!({"grace_ms": 0})).unwrap().grace_ms, 0);
        assert!(s.patched(&json!({"grace_ms": -1})).is_err());
        assert!(s.patched(&json!({"grace_ms": 0, "bogus": 1})).is_err());
        assert!(s.patched(&json!({"watch_window_ms": "96h"})).is_err());
        assert!(s.patched(&json!([1])).is_err());
    }
}

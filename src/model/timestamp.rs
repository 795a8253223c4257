//! RFC 3339 date-times without a date crate (the wasm size matters).
//!
//! The wire wants `scheduleDateTime` in UTC as `YYYY-MM-DDTHH:MM:SS.sssZ`; callers may give any offset. Naive date-times (no `Z`, no offset) are refused:
//! their meaning depends on a time zone the SDK cannot know.

use crate::prelude::*;

const MS_PER_DAY: i64 = 86_400_000;

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` into unix milliseconds.
/// Fractions beyond milliseconds are truncated. `T` may be lower case, as may `Z`.
/// Returns `None` for anything else (including naive date-times and leap seconds).
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let year = digits(b, 0, 4)?;
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    let hour = digits(b, 11, 2)?;
    let minute = digits(b, 14, 2)?;
    let second = digits(b, 17, 2)?;
    let separators_ok = b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && matches!(b.get(10), Some(b'T' | b't'))
        && b.get(13) == Some(&b':')
        && b.get(16) == Some(&b':');
    if !separators_ok
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let mut pos = 19;
    let mut millis = 0i64;
    if b.get(pos) == Some(&b'.') {
        pos += 1;
        let start = pos;
        while b.get(pos).is_some_and(u8::is_ascii_digit) {
            if pos - start < 3 {
                millis = millis * 10 + i64::from(b[pos] - b'0');
            }
            pos += 1;
        }
        let count = pos - start;
        if count == 0 {
            return None;
        }
        for _ in count..3 {
            millis *= 10;
        }
    }
    let offset_minutes: i64 = match b.get(pos) {
        Some(b'Z' | b'z') if b.len() == pos + 1 => 0,
        Some(sign @ (b'+' | b'-')) if b.len() == pos + 6 && b.get(pos + 3) == Some(&b':') => {
            let oh = digits(b, pos + 1, 2)?;
            let om = digits(b, pos + 4, 2)?;
            if oh > 23 || om > 59 {
                return None;
            }
            let minutes = i64::from(oh * 60 + om);
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return None,
    };
    let days = days_from_civil(i64::from(year), month, day);
    let seconds = i64::from(hour * 3600 + minute * 60 + second);
    Some(days * MS_PER_DAY + seconds * 1000 + millis - offset_minutes * 60_000)
}

/// Formats unix milliseconds as `YYYY-MM-DDTHH:MM:SS.sssZ` (what JS `toISOString` gives
/// for years 0 to 9999).
#[must_use]
pub fn format_unix_ms(unix_ms: i64) -> String {
    let days = unix_ms.div_euclid(MS_PER_DAY);
    let ms_of_day = unix_ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    let secs = ms_of_day / 1000;
    let mut out = String::with_capacity(24);
    push_padded(&mut out, year, 4);
    out.push('-');
    push_padded(&mut out, i64::from(month), 2);
    out.push('-');
    push_padded(&mut out, i64::from(day), 2);
    out.push('T');
    push_padded(&mut out, secs / 3600, 2);
    out.push(':');
    push_padded(&mut out, secs / 60 % 60, 2);
    out.push(':');
    push_padded(&mut out, secs % 60, 2);
    out.push('.');
    push_padded(&mut out, ms_of_day % 1000, 3);
    out.push('Z');
    out
}

/// Appends `value` zero-padded to `width` characters, sign included: what `{:0width$}`
/// prints (`-005` for -5 at width 4), without pulling `core::fmt` into the .wasm.
fn push_padded(out: &mut String, value: i64, width: usize) {
    let magnitude = value.unsigned_abs();
    let mut digits = 1;
    let mut rest = magnitude / 10;
    while rest > 0 {
        digits += 1;
        rest /= 10;
    }
    let mut width = width;
    if value < 0 {
        out.push('-');
        width = width.saturating_sub(1);
    }
    out.extend(core::iter::repeat_n('0', width.saturating_sub(digits)));
    crate::text::push_u64(out, magnitude);
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `(year, month, day)` of a day count since 1970-01-01 (inverse of
/// [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // month is 1..=12 and day 1..=31 by construction, so the casts cannot truncate.
    (year, month as u32, day as u32)
}

fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `len` ASCII digits at `start`, or `None`.
pub(crate) fn digits(b: &[u8], start: usize, len: usize) -> Option<u32> {
    let slice = b.get(start..start.checked_add(len)?)?;
    slice.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_known_instants() {
        let cases = [
            ("1970-01-01T00:00:00.000Z", 0),
            ("2000-02-29T23:59:59.999Z", 951_868_799_999),
            ("2024-02-29T12:00:00.000Z", 1_709_208_000_000),
            ("1969-12-31T23:59:59.999Z", -1),
            ("2100-03-01T00:00:00.000Z", 4_107_542_400_000),
        ];
        for (text, ms) in cases {
            assert_eq!(parse_rfc3339_ms(text), Some(ms), "{text}");
            assert_eq!(format_unix_ms(ms), text);
        }
    }

    #[test]
    fn leap_days_only_in_leap_years() {
        assert!(parse_rfc3339_ms("2023-02-29T00:00:00Z").is_none());
        assert!(parse_rfc3339_ms("1900-02-29T00:00:00Z").is_none());
        assert!(parse_rfc3339_ms("2000-02-29T00:00:00Z").is_some());
        assert!(parse_rfc3339_ms("2024-04-31T00:00:00Z").is_none());
    }

    #[test]
    fn offsets_are_applied() {
        let utc = parse_rfc3339_ms("2030-06-01T10:00:00Z");
        assert_eq!(parse_rfc3339_ms("2030-06-01T12:00:00+02:00"), utc);
        assert_eq!(parse_rfc3339_ms("2030-06-01T04:30:00-05:30"), utc);
        assert_eq!(parse_rfc3339_ms("2030-06-01T10:00:00-00:00"), utc);
        assert_eq!(parse_rfc3339_ms("2030-06-01t10:00:00z"), utc);
    }

    #[test]
    fn fractions_are_truncated_to_milliseconds() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00.1Z"), Some(100));
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00.123456789Z"), Some(123));
        assert!(parse_rfc3339_ms("1970-01-01T00:00:00.Z").is_none());
    }

    #[test]
    fn malformed_inputs_are_refused() {
        for text in [
            "", "2030-06-01", "2030-06-01T10:00:00", "2030-06-01 10:00:00Z", "2030-13-01T10:00:00Z",
            "2030-06-01T24:00:00Z", "2030-06-01T10:60:00Z", "2030-06-01T10:00:60Z", "2030-06-01T10:00:00+0200",
            "2030-06-01T10:00:00+24:00", "2030-06-01T10:00:00Zjunk", "+2030-06-01T10:00:00Z", "２０３０-06-01T10:00:00Z",
            "2030-06-00T10:00:00Z",
        ] {
            assert!(parse_rfc3339_ms(text).is_none(), "{text:?}");
        }
    }

    #[test]
    fn formatting_never_panics_on_extremes() {
        let _ = format_unix_ms(i64::MIN);
        let _ = format_unix_ms(i64::MAX);
    }

    #[test]
    fn padding_matches_core_fmt() {
        for value in [0, 5, -5, 42, -42, 999, -999, 1000, -1000, 12_345, -12_345, i64::MAX, i64::MIN] {
            for width in [2, 3, 4] {
                let mut out = String::new();
                push_padded(&mut out, value, width);
                assert_eq!(out, format!("{value:0width$}"));
            }
        }
        // Years outside 0..=9999 too, as the earlier `format!` printed them.
        for ms in [i64::MIN, i64::MAX, -62_167_219_200_001, 253_402_300_800_000, -1] {
            let days = ms.div_euclid(MS_PER_DAY);
            let of_day = ms.rem_euclid(MS_PER_DAY);
            let (y, m, d) = civil_from_days(days);
            let s = of_day / 1000;
            let expected =
                format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z", s / 3600, s / 60 % 60, s % 60, of_day % 1000);
            assert_eq!(format_unix_ms(ms), expected);
        }
    }
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `model::timestamp::parse_rfc3339_ms`
    #[test]
    fn parse_rfc3339_ms_line_15() {
        use crate::model::timestamp::parse_rfc3339_ms;
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339_ms("1970-01-01T02:00:00.5+02:00"), Some(500));
        assert_eq!(parse_rfc3339_ms("2024-01-01T00:00:00"), None);
    }

    /// `model::timestamp::format_unix_ms`
    #[test]
    fn format_unix_ms_line_84() {
        use crate::model::timestamp::format_unix_ms;
        assert_eq!(format_unix_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_unix_ms(951_782_400_123), "2000-02-29T00:00:00.123Z");
    }

    /// `model::timestamp::days_from_civil`
    #[test]
    fn days_from_civil_line_133() {
        use crate::model::timestamp::days_from_civil;
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    /// `model::timestamp::civil_from_days`
    #[test]
    fn civil_from_days_line_151() {
        use crate::model::timestamp::civil_from_days;
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}

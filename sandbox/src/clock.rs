//! The sandbox clock and the ISO-8601 timestamps it reads and writes.
//!
//! The clock is the machine's wall clock plus an offset that tests can move forward
//! (`POST /_sandbox/clock`), so the 24-hour rule and scheduled messages can be
//! exercised without waiting. Timestamps are milliseconds since the Unix epoch.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch (UTC).
pub type Millis = i64;

/// One minute, in milliseconds.
pub const MINUTE_MS: Millis = 60_000;
/// One hour, in milliseconds.
pub const HOUR_MS: Millis = 60 * MINUTE_MS;

/// Wall clock plus a test-controlled offset.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// The sandbox's current time.
    pub fn now(&self) -> Millis {
        wall_now() + self.offset_ms.load(Ordering::Relaxed)
    }

    /// Moves the sandbox clock forward (or back, if negative) by `ms`.
    pub fn advance(&self, ms: Millis) {
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }

    /// Returns the clock to the wall clock.
    pub fn reset(&self) {
        self.offset_ms.store(0, Ordering::Relaxed);
    }

    /// The current offset from the wall clock.
    pub fn offset(&self) -> Millis {
        self.offset_ms.load(Ordering::Relaxed)
    }
}

/// The machine's wall clock in milliseconds.
pub fn wall_now() -> Millis {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_millis() as Millis,
        // A clock before 1970 is a broken machine; 0 keeps the sandbox running.
        Err(_) => 0,
    }
}

/// Formats `ms` as `YYYY-MM-DDTHH:MM:SS.sssZ`, the shape of every vendor timestamp.
pub fn format_iso(ms: Millis) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// Parses an ISO-8601 UTC timestamp that ends in `Z`:
/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`. Offsets other than `Z` and naive times are
/// refused, because the vendor asks for UTC and every sample carries `Z`.
pub fn parse_iso_utc(s: &str) -> Option<Millis> {
    let b = s.as_bytes();
    if b.len() < 20 || *b.last()? != b'Z' {
        return None;
    }
    let sep_ok = b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b't')
        && b[13] == b':'
        && b[16] == b':';
    if !sep_ok {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let frac = &s[19..s.len() - 1];
    let millis = if frac.is_empty() {
        0
    } else {
        let digits = frac.strip_prefix('.')?;
        if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        // Keep milliseconds; finer digits are truncated.
        let padded = format!("{digits:0<3}");
        padded[..3].parse::<i64>().ok()?
    };
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59
    {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    Some(days * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + millis)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_vendor_samples() {
        for s in [
            "2025-08-07T09:35:37.797Z",
            "2024-02-29T00:00:00.000Z",
            "1970-01-01T00:00:00.000Z",
        ] {
            let ms = parse_iso_utc(s).unwrap();
            assert_eq!(format_iso(ms), s);
        }
        assert_eq!(parse_iso_utc("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_iso_utc("1970-01-01T00:00:00.5Z"), Some(500));
    }

    #[test]
    fn refuses_non_utc_and_garbage() {
        for s in [
            "2025-08-07T09:35:37",
            "2025-08-07T09:35:37+02:00",
            "2025-08-07",
            "2025-02-30T00:00:00Z",
            "2025-08-07T25:00:00Z",
            "2025-08-07T09:35:37.Z",
            "2025-08-07T09:35:37.ÿZ",
            "",
            "ZZZZZZZZZZZZZZZZZZZZZZ",
            "２０２５-08-07T09:35:37Z",
        ] {
            assert_eq!(parse_iso_utc(s), None, "{s}");
        }
    }
}

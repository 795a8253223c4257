//! `Retry-After`'s HTTP-date, in all three forms RFC 9110 §5.6.7 says a recipient must
//! accept:
//!
//! - IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT` (what servers send today);
//! - rfc850-date: `Sunday, 06-Nov-94 08:49:37 GMT` (a two-digit year);
//! - asctime-date: `Sun Nov  6 08:49:37 1994`.
//!
//! Every number is read with a fixed count of digits, so no date a server writes can
//! overflow the arithmetic (a year of nine digits once did: a panic in a debug build, a
//! wrapped wait in a release one). Month names and `GMT` are read in any case, and the
//! weekday is not checked (RFC 9110 asks recipients to be robust in what they parse).

use crate::model::timestamp::{days_from_civil, days_in_month, digits};
use crate::text::split;

/// An HTTP-date → Unix milliseconds, or `None` when it is none of the three forms or no
/// real instant (the 30th of February, the 25th hour). `now_ms` places a two-digit year:
/// in the century that puts it at most 50 years ahead of now (RFC 9110).
#[must_use]
pub fn parse_http_date(value: &str, now_ms: f64) -> Option<i64> {
    let mut words = [""; 6];
    let mut count = 0;
    for word in split(value, " ").filter(|w| !w.is_empty()) {
        *words.get_mut(count)? = word;
        count += 1;
    }
    // The weekday is not checked: with a comma in the first two forms, without in asctime's.
    let comma = words[0].as_bytes().last() == Some(&b',');
    let (day, month, year, clock) = match (count, comma) {
        (6, true) if is_gmt(words[5]) => (number(words[1], 2, 2)?, words[2], number(words[3], 4, 4)?, words[4]),
        (4, true) if is_gmt(words[3]) => {
            let mut date = split(words[1], "-");
            let (day, month, yy) = (number(date.next()?, 2, 2)?, date.next()?, number(date.next()?, 2, 2)?);
            if date.next().is_some() {
                return None;
            }
            (day, month, full_year(yy, now_ms), words[2])
        }
        (5, false) => (number(words[2], 1, 2)?, words[1], number(words[4], 4, 4)?, words[3]),
        _ => return None,
    };
    let month = month_number(month)?;
    let mut clock = split(clock, ":").map(|part| number(part, 2, 2));
    let (h, m, s) = (clock.next()??, clock.next()??, clock.next()??);
    if clock.next().is_some() || day == 0 || day > days_in_month(year, month) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    Some((days * 86_400 + i64::from(h * 3_600 + m * 60 + s)) * 1_000)
}

/// `GMT`, in any case.
fn is_gmt(word: &str) -> bool {
    word.eq_ignore_ascii_case("GMT")
}

/// `Jan` … `Dec`, in any case.
fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let at = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(name))?;
    Some(at as u32 + 1)
}

/// `text` as a number of `min..=max` ASCII digits (at most four: no overflow), read as
/// RFC 3339 dates are.
fn number(text: &str, min: usize, max: usize) -> Option<u32> {
    if !(min..=max).contains(&text.len()) {
        return None;
    }
    digits(text.as_bytes(), 0, text.len())
}

/// A two-digit year in the century of now, or in the one before when that would put it
/// more than 50 years ahead.
fn full_year(yy: u32, now_ms: f64) -> u32 {
    // The year of now from the mean Gregorian year (a day off at most around New Year,
    // which moves no date that "appears" 50 years ahead); a clock before 1970 or past the
    // year 9999, or none, reads as the nearest end.
    let now_year = 1970 + (now_ms / (365.2425 * 86_400_000.0)).clamp(0.0, 8029.0) as u32;
    let year = now_year - now_year % 100 + yy;
    if year > now_year + 50 { year - 100 } else { year }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::timestamp::civil_from_days;

    /// 2026-12-07T00:00:00Z.
    const NOW: f64 = 1_796_601_600_000.0;
    const RFC_EXAMPLE: Option<i64> = Some(784_111_777_000);

    #[test]
    fn the_three_forms_of_rfc_9110_are_one_instant() {
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun Nov 06 08:49:37 1994",
            "sun, 06 nov 1994 08:49:37 gmt",
            "  Sun,  06 Nov 1994 08:49:37 GMT ",
        ] {
            assert_eq!(parse_http_date(form, NOW), RFC_EXAMPLE, "{form}");
        }
    }

    #[test]
    fn a_two_digit_year_is_at_most_fifty_years_ahead() {
        let year = |yy: &str| parse_http_date(&format!("Monday, 01-Jan-{yy} 00:00:00 GMT"), NOW).map(|ms| civil_from_days(ms / 86_400_000).0);
        assert_eq!(year("26"), Some(2026));
        assert_eq!(year("76"), Some(2076));
        assert_eq!(year("77"), Some(1977));
        assert_eq!(year("00"), Some(2000));
        assert_eq!(year("99"), Some(1999));
    }

    #[test]
    fn no_date_a_server_writes_overflows_or_is_misread() {
        for bad in [
            "Sun, 06 Nov 999999999 08:49:37 GMT",
            "Sun, 06 Nov -9223372036854775808 08:49:37 GMT",
            "Sun, 06 Nov 19940 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37:00 GMT",
            "Sun, 30 Feb 1994 08:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94-1 08:49:37 GMT",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun Nov 6 08:49:37 94",
            "Sun Nov 123 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sun 06 Nov 1994 08:49:37 GMT",
            "",
            "GMT",
        ] {
            assert_eq!(parse_http_date(bad, NOW), None, "{bad}");
        }
        assert_eq!(parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT", NOW), Some(1_709_164_800_000));
        assert_eq!(parse_http_date("Fri, 31 Dec 9999 23:59:60 GMT", NOW), Some(253_402_300_800_000));
        assert_eq!(parse_http_date("Sat, 01 Jan 0000 00:00:00 GMT", NOW), Some(-62_167_219_200_000));
        for clock in [f64::NAN, f64::INFINITY, -1e300, 1e300] {
            assert!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", clock).is_some());
        }
    }
}

//! JSON numbers kept as their decimal text, compared and read exactly, with no floating
//! point anywhere.
//!
//! Why text: the SDK never computes with a number it reads. Whole numbers (`page`,
//! `timeoutMs`...) are read digit by digit, coordinates are range-checked against an
//! integer bound and then written back to the wire as they came. Going through `f64`
//! would need a correct decimal → binary reader and a shortest-form writer (several KB
//! of wasm, and a reader that is hard to get exactly right), only to print back the text
//! `JSON.stringify` already gave.

use crate::prelude::*;

use crate::text::times_ten;
use core::cmp::Ordering;

/// A JSON number, kept as the text it was written as (`40.7128`, `-0`, `1e3`).
///
/// The text always follows the JSON grammar and its value is within the range of a
/// finite double (as `JSON.parse` would read it without reaching `Infinity`); the only
/// ways to get a `Number` ([`parse`](crate::json::parse) and [`Number::parse`]) check
/// both. Equality is that of the text: `1.0` and `1` are different `Number`s of equal
/// value (see [`Number::compare`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number(String);

impl Number {
    /// Reads `text` as one JSON number (no surrounding whitespace); `None` when it is not
    /// one, or its magnitude is too large for a double.
    #[must_use]
    pub fn parse(text: &str) -> Option<Number> {
        // The document parser is the one grammar; a lone number is a document.
        match super::parse(text) {
            Ok(super::Value::Number(n)) if n.0.len() == text.len() => Some(n),
            _ => None,
        }
    }

    /// Wraps text the parser has checked (grammar and range).
    pub(crate) fn from_checked(text: &str) -> Number {
        Number(text.to_owned())
    }

    /// The number's text, exactly as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value as a `u64` when it is a whole number from 0 to `u64::MAX`, read exactly
    /// from the digits: `1000`, `1e3` and `1000.0` are 1000; `1.5`, `-1` and
    /// `18446744073709551616` are `None`. `-0` is 0, as it is for JavaScript.
    #[must_use]
    pub fn to_u64(&self) -> Option<u64> {
        self.whole().ok().flatten()
    }

    /// The value as a whole number, read exactly from the digits in one pass: `Ok(Some(n))`
    /// from 0 to `u64::MAX`, `Ok(None)` for a whole number beyond that (`-1`, `1e20`),
    /// `Err(())` for a fraction (`1.5`, `1e-1`). One reader for both questions, so that a
    /// number option tells "not a whole number" (`invalid_type`) from "outside the range"
    /// (`out_of_range`) without a second walk of the digits.
    ///
    /// ```
    /// use whautomate::__js::json::Number;
    /// let n = |t: &str| Number::parse(t).unwrap().whole();
    /// assert_eq!((n("1e3"), n("-0"), n("-3"), n("1e300"), n("2.5")), (Ok(Some(1000)), Ok(Some(0)), Ok(None), Ok(None), Err(())));
    /// ```
    #[allow(clippy::result_unit_err)] // a fraction is the one failure: no error value to carry
    pub fn whole(&self) -> Result<Option<u64>, ()> {
        Decimal::of(&self.0).whole()
    }

    /// Whether the magnitude is at most `bound`: `-90`, `90.0` and `9e1` are within 90,
    /// `90.00000000000001` is not. Exact, whatever the number of digits.
    #[must_use]
    pub fn magnitude_at_most(&self, bound: u64) -> bool {
        let bound = crate::text!(bound);
        Decimal::of(&self.0).cmp_magnitude(&Decimal::of(&bound)) != Ordering::Greater
    }

    /// Compares the values exactly (`1.0` equals `1e0`, `-0` equals `0`).
    #[must_use]
    pub fn compare(&self, other: &Number) -> Ordering {
        Decimal::of(&self.0).cmp_value(&Decimal::of(&other.0))
    }
}

/// 2^1024 − 2^970: the halfway point between `f64::MAX` and 2^1024. A decimal at or above
/// it rounds to infinity (the tie goes to the even significand, which is 2^1024's), one
/// below it to a finite double. 309 digits: the integer part of a 10^308-scale number.
const F64_OVERFLOW: &str = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether the JSON number `text` (grammar already checked) is beyond every finite
/// double, so that `JSON.parse` would read it as ±Infinity. The parser refuses those, as
/// `serde_json` does: no caller can mean them.
pub(crate) fn overflows_f64(text: &str) -> bool {
    let value = Decimal::of(text);
    // Only a number at 10^308 scale needs the digits; anything else is decided by its scale.
    match value.significant {
        None => false,
        Some(_) if value.scale != 308 => value.scale > 308,
        Some(_) => value.cmp_magnitude(&Decimal::of(F64_OVERFLOW)) != Ordering::Less,
    }
}

/// A JSON number's text taken apart for exact comparison; nothing is computed from the
/// digits but their order.
#[derive(Clone, Copy)]
struct Decimal<'a> {
    negative: bool,
    /// The digits between the sign and the exponent, `.` included: `12.50`.
    mantissa: &'a [u8],
    /// Indices in `mantissa` of the first and last non-zero digits; `None` for zero.
    significant: Option<(usize, usize)>,
    /// The power of ten of the first non-zero digit (`12.5` → 1, `0.05` → -2, `1e3` → 3),
    /// saturated: an exponent of a billion digits is just "very large".
    scale: i64,
}

impl<'a> Decimal<'a> {
    /// Splits a text that follows the JSON number grammar (`-?int(.frac)?([eE][+-]?exp)?`).
    fn of(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let (negative, rest) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, bytes),
        };
        let end = rest.iter().position(|&b| b == b'e' || b == b'E').unwrap_or(rest.len());
        let (mantissa, exponent) = rest.split_at(end);
        let exponent = read_exponent(exponent.get(1..).unwrap_or_default());
        let point = mantissa.iter().position(|&b| b == b'.').unwrap_or(mantissa.len());
        let first = mantissa.iter().position(|&b| matches!(b, b'1'..=b'9'));
        let last = mantissa.iter().rposition(|&b| matches!(b, b'1'..=b'9'));
        let significant = first.zip(last);
        // Texts are far shorter than i64::MAX (they are in memory), so the casts are exact.
        let scale = match first {
            Some(i) if i < point => ((point - i - 1) as i64).saturating_add(exponent),
            Some(i) => (-((i - point) as i64)).saturating_add(exponent),
            None => 0, // zero has no scale; never compared by it
        };
        Decimal { negative, mantissa, significant, scale }
    }

    /// The significant digits, first to last non-zero (ASCII).
    fn digits(&self) -> impl Iterator<Item = u8> + 'a {
        let digits = match self.significant {
            Some((first, last)) => self.mantissa.get(first..=last).unwrap_or_default(),
            None => &[],
        };
        digits.iter().copied().filter(|&b| b != b'.')
    }

    /// Compares absolute values: by scale, then digit by digit. Both digit runs end on a
    /// non-zero digit, so when one is a prefix of the other the longer is the larger,
    /// which is exactly the lexicographic order of the runs.
    fn cmp_magnitude(&self, other: &Decimal<'_>) -> Ordering {
        match (self.significant, other.significant) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(_), Some(_)) => self.scale.cmp(&other.scale).then_with(|| {
                // `Iterator::cmp`, written out (its generic form is larger).
                let (mut mine, mut theirs) = (self.digits(), other.digits());
                loop {
                    match (mine.next(), theirs.next()) {
                        (Some(a), Some(b)) if a == b => {}
                        (a, b) => return a.cmp(&b),
                    }
                }
            }),
        }
    }

    /// Compares signed values (`-0` is zero, as `0` is).
    fn cmp_value(&self, other: &Decimal<'_>) -> Ordering {
        let sign = |d: &Decimal<'_>| match d.significant {
            None => 0,
            Some(_) if d.negative => -1,
            Some(_) => 1,
        };
        match sign(self).cmp(&sign(other)) {
            Ordering::Equal if sign(self) < 0 => other.cmp_magnitude(self),
            Ordering::Equal => self.cmp_magnitude(other),
            unequal => unequal,
        }
    }

    /// See [`Number::whole`]. `scale + 1` digits stand before the point; a significant digit
    /// beyond them is a fraction.
    fn whole(self) -> Result<Option<u64>, ()> {
        if self.significant.is_none() {
            return Ok(Some(0));
        }
        // Below 1, and not zero: a fraction.
        if self.scale < 0 {
            return Err(());
        }
        let whole_digits = self.scale.saturating_add(1);
        let mut value = Some(0u64);
        let mut count = 0i64;
        for digit in self.digits() {
            count += 1;
            if count > whole_digits {
                return Err(());
            }
            value = value.and_then(times_ten).and_then(|v| v.checked_add(u64::from(digit - b'0')));
        }
        // The zeros after the last significant digit (an overflow ends the fold at once,
        // however large the scale).
        let value = value.and_then(|v| (count..whole_digits).try_fold(v, |v, _| times_ten(v)));
        Ok(if self.negative { None } else { value })
    }
}

/// The exponent's digits (after `e`, sign included), saturating far beyond any scale
/// that matters.
fn read_exponent(text: &[u8]) -> i64 {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    // Saturating `n * 10 + d`, with a comparison rather than `saturating_mul` (which is a
    // 128-bit multiply on wasm32).
    let magnitude = digits.iter().fold(0i64, |n, &d| {
        if n > i64::MAX / 10 {
            i64::MAX
        } else {
            (n * 10).saturating_add(i64::from(d - b'0'))
        }
    });
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        Number::parse(text).unwrap_or_else(|| panic!("{text} is a JSON number"))
    }

    #[test]
    fn scales_and_digits() {
        for (text, scale, digits) in [
            ("12.50", 1, "125"),
            ("0.05", -2, "5"),
            ("1e3", 3, "1"),
            ("-100", 2, "1"),
            ("1.0001417348191023e15", 15, "10001417348191023"),
            ("0.000e5", 0, ""),
            ("1e-99999999999999999999999", i64::MIN + 1, "1"),
        ] {
            let d = Decimal::of(text);
            assert_eq!(d.scale, scale, "{text}");
            assert_eq!(String::from_utf8(d.digits().collect()).unwrap(), digits, "{text}");
        }
    }

    #[test]
    fn the_overflow_threshold_is_exact() {
        assert!(!overflows_f64("1.7976931348623157e308"));
        assert!(!overflows_f64("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.999"));
        assert!(overflows_f64(F64_OVERFLOW));
        assert!(overflows_f64("-1.797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302864166928879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669596228429148198608349364752927190741684443655107043427115596995080930428801779041744977920000001e308"));
        assert!(overflows_f64("1e309") && overflows_f64("-1e99999999999999999999"));
        assert!(!overflows_f64("0e99999") && !overflows_f64("1e-400"));
    }

    #[test]
    fn whole_numbers_are_read_exactly() {
        assert_eq!(n("9007199254740993").to_u64(), Some(9_007_199_254_740_993)); // not a double
        assert_eq!(n("1.8446744073709551615e19").to_u64(), Some(u64::MAX));
        assert_eq!(n("18446744073709551615.5").to_u64(), None);
        assert_eq!(n("0.000e999").to_u64(), Some(0));
        assert_eq!(n("1e-1").to_u64(), None);
    }

    #[test]
    fn comparisons() {
        assert_eq!(n("0.1").compare(&n("0.10")), Ordering::Equal);
        assert_eq!(n("-1e-400").compare(&n("0")), Ordering::Less);
        assert_eq!(n("10").compare(&n("9.99")), Ordering::Greater);
        assert_eq!(n("-10").compare(&n("-9.99")), Ordering::Less);
        assert_eq!(n("101").compare(&n("1.01e2")), Ordering::Equal);
        assert_eq!(n("101").compare(&n("1.011e2")), Ordering::Less);
    }
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `json::decimal::Number`
    #[test]
    fn number_line_24() {
        use crate::json::Number;
        let n = Number::parse("1.5e1").unwrap();
        assert_eq!(n.as_str(), "1.5e1");
        assert_eq!(n.to_u64(), Some(15));
        assert!(Number::parse("01").is_none() && Number::parse(" 1").is_none());
    }

    /// `json::decimal::Number::parse`
    #[test]
    fn parse_line_38() {
        use crate::json::Number;
        assert!(Number::parse("-0.5E-3").is_some());
        assert!(Number::parse("1e308").is_some());
        assert!(Number::parse("1e309").is_none()); // JSON.parse reads Infinity
        assert!(Number::parse("+1").is_none() && Number::parse(".5").is_none() && Number::parse("NaN").is_none());
    }

    /// `json::decimal::Number::as_str`
    #[test]
    fn as_str_line_60() {
        use crate::json::Number;
        assert_eq!(Number::parse("1E+2").unwrap().as_str(), "1E+2");
    }

    /// `json::decimal::Number::whole`: one walk tells a u64, a whole number beyond it, and
    /// a fraction, whatever the digits' length.
    #[test]
    fn whole_tells_the_three_apart() {
        use crate::json::Number;
        let whole = |t: &str| Number::parse(t).unwrap().whole();
        for (t, want) in [("0", Some(0)), ("-0", Some(0)), ("1e3", Some(1000)), ("1000.000", Some(1000)), ("18446744073709551615", Some(u64::MAX)), ("1.8446744073709551615e19", Some(u64::MAX))] {
            assert_eq!(whole(t), Ok(want), "{t}");
        }
        for t in ["-1", "-3e2", "18446744073709551616", "1e20", "1e300", "1.7e308", "-1.5e1"] {
            assert_eq!(whole(t), Ok(None), "{t}");
        }
        for t in ["1.5", "1e-1", "-0.25", "4294967295.5", "1.05e1", "123456789012345678901.5", "1e-999999999999"] {
            assert_eq!(whole(t), Err(()), "{t}");
        }
        // `to_u64` is its first answer.
        for t in ["12", "-12", "1.2", "9e40"] {
            let n = Number::parse(t).unwrap();
            assert_eq!(n.to_u64(), n.whole().ok().flatten(), "{t}");
        }
    }

    /// Wholeness (`Number::whole` is `Ok`): by the digits, whatever the size or the sign.
    #[test]
    fn is_whole_by_the_digits() {
        use crate::json::Number;
        let whole = |t: &str| Number::parse(t).unwrap().whole().is_ok();
        for t in ["0", "-0", "-3", "2.0", "1e3", "1.5e1", "10000e-1", "1e300", "-4294967296", "0.0e-7"] {
            assert!(whole(t), "{t}");
        }
        for t in ["1.5", "1e-1", "-0.25", "4294967295.5", "1.05e1", "123456789012345678901.5"] {
            assert!(!whole(t), "{t}");
        }
    }

    /// `json::decimal::Number::to_u64`
    #[test]
    fn to_u64_line_72() {
        use crate::json::Number;
        let whole = |t: &str| Number::parse(t).unwrap().to_u64();
        assert_eq!([whole("1000"), whole("1e3"), whole("1000.0"), whole("10000e-1"), whole("-0")],
                   [Some(1000), Some(1000), Some(1000), Some(1000), Some(0)]);
        assert_eq!([whole("1.5"), whole("-1"), whole("1e20"), whole("1.0000000000000001")], [None; 4]);
        assert_eq!(whole("18446744073709551615"), Some(u64::MAX));
    }

    /// `json::decimal::Number::magnitude_at_most`
    #[test]
    fn magnitude_at_most_line_87() {
        use crate::json::Number;
        let within = |t: &str| Number::parse(t).unwrap().magnitude_at_most(90);
        assert!(within("-90") && within("90.0") && within("9e1") && within("1e-400") && within("-0"));
        assert!(!within("90.00000000000001") && !within("-90.5") && !within("1e2"));
    }

    /// `json::decimal::Number::compare`
    #[test]
    fn compare_line_100() {
        use core::cmp::Ordering;
        use crate::json::Number;
        let n = |t: &str| Number::parse(t).unwrap();
        assert_eq!(n("1.0").compare(&n("1e0")), Ordering::Equal);
        assert_eq!(n("-0").compare(&n("0")), Ordering::Equal);
        assert_eq!(n("-2").compare(&n("-10")), Ordering::Greater);
        assert_eq!(n("0.30000000000000004").compare(&n("0.3")), Ordering::Greater);
    }
}

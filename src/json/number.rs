//! Decimal text → f64, exactly, without core's float-parsing tables (8.6 KB of data).
//!
//! Every number the SDK reads comes from `JSON.stringify`, which writes the shortest
//! text that round-trips to its double. So:
//! - up to 15 significant digits and a power of ten within ±22 (Clinger's fast path),
//!   mantissa and power are both exact doubles and one division or multiplication rounds
//!   correctly;
//! - otherwise an approximation is refined by comparing the shortest form of nearby
//!   doubles (zmij, already used to write numbers) with the input's digits. That finds
//!   the exact double for any shortest-form input; for longer, non-shortest input it
//!   returns the approximation (within 12 units in the last place: one rounding per
//!   ×10²² step). `JSON.stringify` never writes such text.

use crate::prelude::*;

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
];

/// Significant digits (no leading or trailing zeros) and the power of ten of the last.
fn decompose(text: &str) -> Option<(bool, Vec<u8>, i64)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exp) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].trim_start_matches('+').parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b.wrapping_sub(b'0')).collect();
    if digits.iter().any(|d| *d > 9) {
        return None;
    }
    let mut exp = exp.checked_sub(i64::try_from(frac.len()).ok()?)?;
    let leading = digits.iter().take_while(|d| **d == 0).count();
    digits.drain(..leading);
    while digits.last() == Some(&0) {
        digits.pop();
        exp += 1;
    }
    Some((negative, digits, exp))
}

/// Parses a JSON number's text (already checked against the JSON grammar).
///
/// ```
/// use whautomate::json::parse_f64;
/// assert_eq!(parse_f64("40.7128"), Some(40.7128));
/// assert_eq!(parse_f64("0.30000000000000004"), Some(0.1 + 0.2));
/// assert_eq!(parse_f64("-5e-324"), Some(-5e-324));
/// assert_eq!(parse_f64("1e400"), None); // not a finite double
/// ```
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, digits, exp) = decompose(text)?;
    let sign = if negative { -1.0 } else { 1.0 };
    if digits.is_empty() {
        return Some(sign * 0.0);
    }
    // Whole numbers that fit in u64: one exact conversion, rounded once (as JavaScript's
    // Number() rounds them).
    if exp >= 0 && digits.len() as i64 + exp <= 20 {
        let whole = digits.iter().try_fold(0u64, |m, d| m.checked_mul(10)?.checked_add(u64::from(*d)));
        let whole = whole.and_then(|m| (0..exp).try_fold(m, |m, _| m.checked_mul(10)));
        if let Some(whole) = whole {
            return Some(sign * whole as f64);
        }
    }
    // First 19 digits as an exact integer; the rest only shift the exponent.
    let kept = digits.len().min(19);
    let mantissa = digits[..kept].iter().fold(0u64, |m, d| m * 10 + u64::from(*d));
    let exp = exp + (digits.len() - kept) as i64;
    if kept == digits.len() && digits.len() <= 15 && exp.unsigned_abs() <= 22 {
        let power = POW10[exp.unsigned_abs() as usize];
        let value = if exp >= 0 { mantissa as f64 * power } else { mantissa as f64 / power };
        return Some(sign * value);
    }
    let approx = approximate(mantissa, exp)?;
    let found = (0..=40u64).flat_map(|k| [approx.to_bits().checked_add(k), approx.to_bits().checked_sub(k)]).flatten().map(f64::from_bits).find(|c| {
        c.is_finite() && *c > 0.0 && decompose(zmij::Buffer::new().format_finite(*c)).is_some_and(|(_, d, e)| d == digits && e == exp)
    });
    Some(sign * found.unwrap_or(approx))
}

/// `mantissa × 10^exp` in double arithmetic, in steps that neither overflow nor flush to
/// zero early; `None` when the value is not a finite double.
fn approximate(mantissa: u64, exp: i64) -> Option<f64> {
    if exp > 400 {
        return None;
    }
    if exp < -400 {
        return Some(0.0);
    }
    let mut value = mantissa as f64;
    let mut exp = exp as i32;
    while exp > 0 {
        let step = exp.min(22);
        value *= POW10[step as usize];
        exp -= step;
    }
    while exp < 0 {
        let step = (-exp).min(22);
        value /= POW10[step as usize];
        exp += step;
    }
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        for (text, value) in [("0", 0.0), ("-0", -0.0), ("1", 1.0), ("-2.5", -2.5), ("1e21", 1e21), ("123456789012345678", 123456789012345678.0),
            ("1.7976931348623157e308", f64::MAX), ("2.2250738585072014e-308", f64::MIN_POSITIVE), ("5e-324", 5e-324), ("0.1", 0.1)] {
            let got = parse_f64(text).unwrap();
            assert_eq!(got.to_bits(), value.to_bits(), "{text}");
        }
    }
}

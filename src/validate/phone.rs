//! Phone numbers for `WhatsApp` recipients, normalised to E.164.

use crate::prelude::*;

/// Normalises a phone number to E.164 (`+` and 8 to 15 digits, the first not 0), or
/// returns `None` when it is not a valid international number.
///
/// Accepted: a leading `+` or `00` (international prefix) or bare digits already in
/// international form; spaces (any Unicode whitespace), dashes, dots and parentheses
/// between digits are removed. Anything else (letters, extensions, a second `+`) is
/// refused rather than guessed. A `(0)` trunk marker, as in `+49 (0)30 …`, is dropped.
/// Bare digits are taken as international because a national
/// number cannot be told apart without a country; a national trunk `0` is refused.
///
/// ```
/// use whautomate::validate::normalize_phone_number;
/// assert_eq!(normalize_phone_number("+1 (650) 555-1234").as_deref(), Some("+16505551234"));
/// assert_eq!(normalize_phone_number("0044 20.7946.0958").as_deref(), Some("+442079460958"));
/// assert_eq!(normalize_phone_number("06 12 34 56 78"), None);
/// assert_eq!(normalize_phone_number("+1 650 CALL-NOW"), None);
/// ```
#[must_use]
pub fn normalize_phone_number(raw: &str) -> Option<String> {
    let trimmed = crate::text::trim(raw);
    let mut rest = trimmed
        .strip_prefix('+')
        .or_else(|| trimmed.strip_prefix("00"))
        .unwrap_or(trimmed);
    // The number is written straight after its `+`, in one allocation.
    let mut e164 = String::with_capacity(16);
    e164.push('+');
    while let Some(c) = rest.chars().next() {
        // "+49 (0)30 ..." is a common way to write a national trunk 0 that is dropped when
        // dialling internationally; keeping it would address a different number.
        // (Looked for only at a '(': `strip_prefix` at every character was a call each.)
        if c == '(' {
            if let Some(after) = rest.strip_prefix("(0)") {
                rest = after;
                continue;
            }
        }
        match c {
            '0'..='9' => e164.push(c),
            '-' | '.' | '(' | ')' => {}
            c if c.is_whitespace() => {}
            _ => return None,
        }
        // `+` and at most 15 digits.
        if e164.len() > 16 {
            return None;
        }
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    if e164.len() < 9 || e164.as_bytes().get(1) == Some(&b'0') {
        return None;
    }
    Some(e164)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_international_forms() {
        for (raw, e164) in [
            ("+16505551234", "+16505551234"),
            ("16505551234", "+16505551234"),
            (" +49 (0)30 1234567 ", "+49301234567"),
            ("+91-98765-43210", "+919876543210"),
            ("001 650 555 1234", "+16505551234"),
            ("+123456789012345", "+123456789012345"),
            ("+12345678", "+12345678"),
        ] {
            assert_eq!(normalize_phone_number(raw).as_deref(), Some(e164), "{raw}");
        }
    }

    #[test]
    fn refuses_invalid_numbers() {
        for raw in ["", "+", "+1234567", "+1234567890123456", "+0123456789", "0612345678", "++16505551234",
                    "+1650555123x4", "+1 650 555 1234 ext 5", "+１６５０５５５１２３４", "+1/650/5551234"] {
            assert_eq!(normalize_phone_number(raw), None, "{raw}");
        }
    }
}

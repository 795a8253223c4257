//! Percent-encoding for path segments and query values.
//!
//! Everything but the unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded, so a
//! contact id can never leave its path segment (`/`, `?`, `#`, spaces, `%`), and the
//! dot segments `.` and `..` are encoded too, since URL parsers would otherwise resolve
//! them and move the request to another path.

use crate::prelude::*;

/// Encodes `segment` for use as one URL path segment.
#[must_use]
pub fn encode_path_segment(segment: &str) -> String {
    match segment {
        "." => return "%2E".to_owned(),
        ".." => return "%2E%2E".to_owned(),
        _ => {}
    }
    encode_query_value(segment)
}

/// Encodes `value` for use as a query-string value (spaces as `%20`, never `+`).
#[must_use]
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_encoded(&mut out, value);
    out
}

/// Appends `text` with everything but the unreserved characters percent-encoded (a whole
/// `.` or `..` too is left as it is: the caller refuses or encodes those).
pub(crate) fn push_encoded(out: &mut String, text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // `%XX` by hand: `write!(out, "%{byte:02X}")` would pull core::fmt into the .wasm.
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
}

/// Appends `id` to `url` as one path segment (percent-encoded), or reports on `field` why it
/// cannot be one: empty (`required`), or `.` or `..`, which no encoding saves (fetch's URL
/// parser resolves `%2E` and `%2E%2E` segments like `.` and `..`, so the request would
/// leave its path altogether: `invalid_value`). The one rule of every id in a path
/// (a history's `contactId`, a subscription's `id`).
pub(crate) fn push_segment(url: &mut String, field: &str, id: &str, violations: &mut Vec<crate::Violation>) {
    if check_segment(field, id, violations) {
        push_encoded(url, id);
    }
}

/// [`push_segment`]'s rule alone: whether `id` can be a path segment, reporting on `field`
/// why not.
pub(crate) fn check_segment(field: &str, id: &str, violations: &mut Vec<crate::Violation>) -> bool {
    use crate::validate::codes;
    if crate::text::trim(id).is_empty() {
        violations.push(crate::Violation::new(field, codes::REQUIRED, crate::text!(field, " is required")));
    } else if id == "." || id == ".." {
        violations.push(crate::Violation::new(field, codes::INVALID_VALUE, crate::text!(field, " cannot be \".\" or \"..\"")));
    } else {
        return true;
    }
    false
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `request::encode::encode_path_segment`
    #[test]
    fn encode_path_segment_line_12() {
        use crate::request::encode::encode_path_segment;
        assert_eq!(encode_path_segment("a b/c?d#e"), "a%20b%2Fc%3Fd%23e");
        assert_eq!(encode_path_segment(".."), "%2E%2E");
        assert_eq!(encode_path_segment("c_1.x-~"), "c_1.x-~");
        assert_eq!(encode_path_segment("é"), "%C3%A9");
    }

    /// `request::encode::encode_query_value`
    #[test]
    fn encode_query_value_line_30() {
        use crate::request::encode::encode_query_value;
        assert_eq!(encode_query_value("a&b=c d"), "a%26b%3Dc%20d");
    }
}

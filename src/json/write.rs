//! Writing JSON: the wire bodies and everything handed back to JavaScript.
//!
//! Escaping matches `serde_json`'s compact output byte for byte (the golden tests compare
//! bodies exactly): `"` `\` and control characters are escaped, everything else is
//! written as UTF-8. Numbers are whole (digit by digit, without `core::fmt`) or [`Number`]s written as their text: no
//! float formatting.

use crate::prelude::*;

use super::Number;

/// A value that writes itself as JSON.
pub trait ToJson {
    /// Appends the JSON text of `self` to `out`.
    fn write_json(&self, out: &mut String);

    /// The JSON text of `self`.
    fn to_json(&self) -> String {
        // Message bodies are a few hundred bytes: one allocation instead of a dozen regrowths.
        let mut out = String::with_capacity(256);
        self.write_json(&mut out);
        out
    }
}

/// Appends `s` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    // Runs of plain text are copied whole; only the bytes that need an escape are
    // looked at one by one (they are rare in messages). The runs end next to ASCII
    // bytes, so on character boundaries; `get` rather than `&s[..]` keeps core's slice
    // panic (and what its message needs) out of the .wasm, see `crate::text`.
    out.reserve(s.len() + 2);
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "\\u00",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or_default());
        out.push_str(escape);
        if escape == "\\u00" {
            out.push(hex_digit(b >> 4));
            out.push(hex_digit(b & 0xf));
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// The lower-case hex digit of `nibble` (0 to 15).
fn hex_digit(nibble: u8) -> char {
    char::from(if nibble < 10 { b'0' + nibble } else { b'a' + nibble - 10 })
}

/// Writes an object member by member: `{"a":1,"b":"x"}`.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    /// Writes `"key":` and returns the buffer for the value.
    pub fn key(&mut self, key: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(self.out, key);
        self.out.push(':');
        self.out
    }

    /// A member whose value writes itself.
    pub fn value<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) -> &mut Self {
        value.write_json(self.key(key));
        self
    }

    /// A member written only when present (absent fields are left out, never `null`).
    pub fn opt<T: ToJson>(&mut self, key: &str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value {
            self.value(key, value);
        }
        self
    }

    /// A string member.
    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        write_str(self.key(key), value);
        self
    }

    /// A string member written only when present.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(value) = value {
            self.str(key, value);
        }
        self
    }

    /// A whole-number member.
    pub fn u64(&mut self, key: &str, value: u64) -> &mut Self {
        crate::text::push_u64(self.key(key), value);
        self
    }

    /// A boolean member.
    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key).push_str(if value { "true" } else { "false" });
        self
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push('}');
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

/// A number is written as it was read: the text `JSON.stringify` produced, already the
/// shortest form of its double, goes back to the wire byte for byte.
impl ToJson for Number {
    fn write_json(&self, out: &mut String) {
        out.push_str(self.as_str());
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_like_serde_json() {
        for s in ["plain", "q\"uote", "back\\slash", "nl\n cr\r tab\t", "\u{0}\u{1}\u{8}\u{c}\u{1f}\u{7f}", "é😀", ""] {
            let mut out = String::new();
            write_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `json::write::ToJson`
    #[test]
    fn tojson_line_14() {
        use crate::json::{Number, ToJson};
        let numbers = vec![Number::parse("1").unwrap(), Number::parse("2.5e-1").unwrap()];
        assert_eq!(numbers.to_json(), "[1,2.5e-1]");
    }

    /// `json::write::ToJson::write_json`
    #[test]
    fn write_json_line_22() {
        use crate::json::ToJson;
        let mut out = String::from("x=");
        "é\n".write_json(&mut out);
        assert_eq!(out, r#"x="é\n""#);
    }

    /// `json::write::ToJson::to_json`
    #[test]
    fn to_json_line_32() {
        use crate::json::ToJson;
        assert_eq!(vec!["a\"b".to_string()].to_json(), r#"["a\"b"]"#);
    }

    /// `json::write::write_str`
    #[test]
    fn write_str_line_46() {
        let mut out = String::new();
        crate::json::write_str(&mut out, "tab\there \u{1}");
        assert_eq!(out, r#""tab\there \u0001""#);
    }

    /// `json::write::ObjectWriter`
    #[test]
    fn objectwriter_line_90() {
        use crate::json::ObjectWriter;
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.str("name", "Ana").opt_str("nick", None).u64("n", 2);
        o.end();
        assert_eq!(out, r#"{"name":"Ana","n":2}"#);
    }

    /// `json::write::ObjectWriter<'a>::new`
    #[test]
    fn json_write_objectwriter_a_new_line_106() {
        use crate::json::ObjectWriter;
        let mut out = String::from("x=");
        ObjectWriter::new(&mut out).end();
        assert_eq!(out, "x={}");
    }

    /// `json::write::ObjectWriter<'a>::key`
    #[test]
    fn json_write_objectwriter_a_key_line_119() {
        use crate::json::ObjectWriter;
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.key("raw").push_str("[1,2]"); // the value is written by the caller
        o.end();
        assert_eq!(out, r#"{"raw":[1,2]}"#);
    }

    /// `json::write::ObjectWriter<'a>::value`
    #[test]
    fn json_write_objectwriter_a_value_line_139() {
        use crate::json::{Number, ObjectWriter};
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.value("tags", &vec!["a".to_string()]).value("n", &Number::parse("1.50").unwrap());
        o.end();
        assert_eq!(out, r#"{"tags":["a"],"n":1.50}"#);
    }

    /// `json::write::ObjectWriter<'a>::opt`
    #[test]
    fn json_write_objectwriter_a_opt_line_154() {
        use crate::json::ObjectWriter;
        let (tags, none) = (vec!["a".to_string()], None::<&Vec<String>>);
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.opt("tags", Some(&tags)).opt("missing", none);
        o.end();
        assert_eq!(out, r#"{"tags":["a"]}"#);
    }

    /// `json::write::ObjectWriter<'a>::str`
    #[test]
    fn json_write_objectwriter_a_str_line_172() {
        use crate::json::ObjectWriter;
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.str("text", "say \"hi\"");
        o.end();
        assert_eq!(out, r#"{"text":"say \"hi\""}"#);
    }

    /// `json::write::ObjectWriter<'a>::opt_str`
    #[test]
    fn json_write_objectwriter_a_opt_str_line_187() {
        use crate::json::ObjectWriter;
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.opt_str("name", Some("Ann")).opt_str("address", None);
        o.end();
        assert_eq!(out, r#"{"name":"Ann"}"#);
    }

    /// `json::write::ObjectWriter<'a>::u64`
    #[test]
    fn json_write_objectwriter_a_u64_line_204() {
        use crate::json::ObjectWriter;
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.u64("page", 2).u64("max", u64::MAX);
        o.end();
        assert_eq!(out, r#"{"page":2,"max":18446744073709551615}"#);
    }

    /// `json::write::ObjectWriter<'a>::bool`
    #[test]
    fn json_write_objectwriter_a_bool_line_219() {
        use crate::json::ObjectWriter;
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.bool("success", true).bool("retryable", false);
        o.end();
        assert_eq!(out, r#"{"success":true,"retryable":false}"#);
    }

    /// `json::write::ObjectWriter<'a>::end`
    #[test]
    fn json_write_objectwriter_a_end_line_234() {
        use crate::json::ObjectWriter;
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.str("a", "b");
        o.end();
        assert_eq!(out, r#"{"a":"b"}"#);
    }

    /// `json::write::Number`
    #[test]
    fn number_line_262() {
        use crate::json::{Number, ToJson};
        assert_eq!(Number::parse("-122.1477").unwrap().to_json(), "-122.1477");
    }
}

//! The tape: a caller's value, or a response body the driver parsed, as the npm package's
//! JS driver hands it to the engine (js/encode.js `tape`), instead of JSON text.
//!
//! Why: the JS host already has the value parsed (a caller's object, or what `JSON.parse`
//! made of a body), and JSON text would make the engine carry a JSON parser only to
//! rebuild it. The tape needs none of JSON's grammar (no whitespace, no escapes, no number
//! syntax, no literals), so its reader is a small fraction of one: the sending engine is
//! 1.4 KB gzip smaller with it (BENCHMARKS.md, "The run of 2026-12-07"). It reads into
//! the same [`Value`] tree as [`parse_input`](super::parse_input), so every typed read,
//! rule and message is the same whichever way a value came.
//!
//! The grammar, one value after another with nothing between them:
//! - `n`, `t`, `f`: `null`, `true`, `false`;
//! - `s<units>:<text>`: a string of `<units>` UTF-16 code units (decimal), then its text;
//!   `S<units>:<text>` the same for a string that held a lone surrogate, which the text
//!   holds as U+FFFD (one unit, as `TextEncoder` writes it);
//! - `d<units>:<text>`: a finite number as JavaScript's `String(n)` writes it (`-1.5`,
//!   `1e+21`: JSON's number grammar);
//! - `a<count>:` then `<count>` values: an array;
//! - `o<count>:` then `<count>` members, each a key (`s` or `S`) then its value: an object.
//!
//! Two modes, as for JSON text: caller input ([`read_input`]), where a string with a lone
//! surrogate and a marker object (`{"\u0000js":"NaN"}`) become [`Foreign`] values; and a
//! response ([`read`] with `input` false), where the string reads as it is (U+FFFD) and a
//! marker-shaped object stays an object. A tape the reader cannot follow (a driver's bug:
//! the driver writes only the grammar above) is a [`SyntaxError`], never a panic.

use crate::prelude::*;

use super::decimal::Number;
use super::value::{Foreign, SyntaxError, Value, MAX_DEPTH};
use crate::Error;

/// Reads one tape (nothing after it) in caller-input mode (`input`) or response mode.
///
/// # Errors
///
/// A [`SyntaxError`] at the byte where the tape stops following its grammar, or where it
/// nests deeper than [`MAX_DEPTH`].
pub fn read(tape: &str, input: bool) -> Result<Value, SyntaxError> {
    let mut reader = TapeReader { text: tape, at: 0, input, reason: "not a value the driver writes" };
    match reader.value(0) {
        Some(value) if reader.at == tape.len() => Ok(value),
        _ => Err(SyntaxError { reason: reader.reason, offset: reader.at }),
    }
}

/// A caller's value from its tape ([`read`] in input mode), with a tape it cannot follow
/// as the `invalid_json` error of [`from_json`](super::from_json).
///
/// # Errors
///
/// `invalid_input` (`invalid_json`) for a tape the reader cannot follow.
pub fn read_input(tape: &str) -> Result<Value, Error> {
    read(tape, true).map_err(super::unreadable)
}

/// The tape of `value`, as js/encode.js writes it (for tests and examples: the driver is
/// JavaScript). A [`Foreign`] value is written as the JS driver writes it: its marker
/// object, or a string with a lone surrogate (as U+FFFD).
///
/// ```
/// use whautomate::__js::json::{parse_input, tape};
/// let value = parse_input(r#"{"to":{"contactId":"ct_1"},"text":"héllo 😀","n":[1.5,true,null]}"#).unwrap();
/// let written = tape::write(&value);
/// assert_eq!(written, "o3:s2:too1:s9:contactIds4:ct_1s4:texts8:héllo 😀s1:na3:d3:1.5tn");
/// assert_eq!(tape::read(&written, true).unwrap(), value);
/// ```
#[must_use]
pub fn write(value: &Value) -> String {
    let mut out = String::new();
    write_to(&mut out, value);
    out
}

fn write_to(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push('n'),
        Value::Bool(true) => out.push('t'),
        Value::Bool(false) => out.push('f'),
        Value::Number(n) => counted(out, 'd', n.as_str()),
        Value::String(s) => counted(out, 's', s),
        Value::Array(items) => {
            out.push('a');
            crate::text::push_u64(out, items.len() as u64);
            out.push(':');
            for item in items {
                write_to(out, item);
            }
        }
        Value::Object(members) => {
            out.push('o');
            crate::text::push_u64(out, members.len() as u64);
            out.push(':');
            for (key, item) in members {
                counted(out, 's', key);
                write_to(out, item);
            }
        }
        Value::Foreign(Foreign::LoneSurrogate) => counted(out, 'S', "\u{FFFD}"),
        Value::Foreign(foreign) => {
            out.push_str("o1:");
            counted(out, 's', Foreign::MARKER_KEY);
            counted(out, 's', foreign.marker_name().unwrap_or_default());
        }
    }
}

/// `tag`, the length of `text` in UTF-16 code units, `:`, then `text`.
fn counted(out: &mut String, tag: char, text: &str) {
    out.push(tag);
    crate::text::push_u64(out, text.encode_utf16().count() as u64);
    out.push(':');
    out.push_str(text);
}

struct TapeReader<'a> {
    text: &'a str,
    /// The byte offset of the next character to read.
    at: usize,
    input: bool,
    /// Why reading stopped, once it has (the JSON reader's words where they apply).
    reason: &'static str,
}

impl<'a> TapeReader<'a> {
    fn next_byte(&mut self) -> Option<u8> {
        let byte = *self.text.as_bytes().get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    /// A decimal count, then `:`.
    fn count(&mut self) -> Option<usize> {
        let mut n: usize = 0;
        loop {
            match self.next_byte()? {
                b':' => return Some(n),
                digit @ b'0'..=b'9' => n = n.checked_mul(10)?.checked_add(usize::from(digit - b'0'))?,
                _ => return None,
            }
        }
    }

    /// A count of UTF-16 code units, `:`, then text of exactly that many units.
    fn counted(&mut self) -> Option<&'a str> {
        let units = self.count()?;
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut seen = 0;
        while seen < units {
            // The text is valid UTF-8 (a `&str`): a lead byte says how long its character
            // is, and a 4-byte one (beyond U+FFFF) is two UTF-16 units.
            let (len, width) = match *bytes.get(self.at)? {
                0..=0x7F => (1, 1),
                0x80..=0xDF => (2, 1),
                0xE0..=0xEF => (3, 1),
                _ => (4, 2),
            };
            self.at += len;
            seen += width;
        }
        // (`get` is `None` off a character boundary; `seen` past `units` is a 4-byte
        // character where one unit was left.)
        if seen != units {
            return None;
        }
        self.text.get(start..self.at)
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        Some(match self.next_byte()? {
            b'n' => Value::Null,
            b't' => Value::Bool(true),
            b'f' => Value::Bool(false),
            tag @ (b's' | b'S') => {
                let text = self.counted()?;
                if tag == b'S' && self.input {
                    Value::Foreign(Foreign::LoneSurrogate)
                } else {
                    Value::String(text.to_owned())
                }
            }
            b'd' => {
                let text = self.counted()?;
                // What `String(n)` writes of a finite number, in JSON's number grammar; the
                // check keeps anything else (a driver's bug) off the wire, where a number
                // is written back as its text.
                let digits = text.strip_prefix('-').unwrap_or(text);
                let ok = digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
                    && digits.bytes().all(|b| matches!(b, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'));
                if !ok {
                    return None;
                }
                Value::Number(Number::from_checked(text))
            }
            b'a' if depth < MAX_DEPTH => {
                let count = self.count()?;
                let mut items = Vec::new();
                for _ in 0..count {
                    items.push(self.value(depth + 1)?);
                }
                Value::Array(items)
            }
            b'o' if depth < MAX_DEPTH => {
                let count = self.count()?;
                let mut members = Vec::new();
                for _ in 0..count {
                    // A key: a string; one with a lone surrogate reads as U+FFFD in both
                    // modes (as in JSON text: no key the SDK knows has one).
                    let key = match self.next_byte()? {
                        b's' | b'S' => self.counted()?.to_owned(),
                        _ => return None,
                    };
                    members.push((key, self.value(depth + 1)?));
                }
                if self.input {
                    // A marker object: exactly one member, the marker key, naming a kind.
                    if let [(key, Value::String(name))] = &members[..] {
                        if let Some(foreign) = Foreign::from_marker(name).filter(|_| key == Foreign::MARKER_KEY) {
                            return Some(Value::Foreign(foreign));
                        }
                    }
                }
                Value::Object(members)
            }
            b'a' | b'o' => {
                self.reason = "nesting too deep";
                return None;
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{parse, parse_input};
    #[test]
    fn a_tape_reads_as_the_json_it_stands_for() {
        for json in [
            "null",
            "true",
            "[]",
            "{}",
            r#""""#,
            r#"{"a":[1,-0.5,1e+21,{"b":null}],"c":"x\"y\\z\n","d":false}"#,
            r#"{"emoji":"😀 é ✓","nul":"\u0000"}"#,
            r#"{"to":{"\u0000js":"function"},"n":{"\u0000js":"NaN"},"not":{"\u0000js":"nope"}}"#,
            r#"{"\u0000js":"NaN","other":1}"#,
            r#"[{"\u0000js":"AbortSignal"}]"#,
        ] {
            let value = parse_input(json).unwrap();
            assert_eq!(read(&write(&value), true).unwrap(), value, "{json}");
            let value = parse(json).unwrap();
            assert_eq!(read(&write(&value), false).unwrap(), value, "{json}");
        }
    }

    #[test]
    fn a_lone_surrogate_is_foreign_in_input_and_u_fffd_in_a_response() {
        // A U+FFFD the caller wrote is a character like any other.
        assert_eq!(read("o1:s4:texts5:cut \u{FFFD}", true).unwrap().get("text"), Some(&Value::String("cut \u{FFFD}".into())));
        assert_eq!(read("o1:s4:textS5:cut \u{FFFD}", true).unwrap().get("text"), Some(&Value::Foreign(Foreign::LoneSurrogate)));
        assert_eq!(read("o1:s4:textS5:cut \u{FFFD}", false).unwrap().get("text"), Some(&Value::String("cut \u{FFFD}".into())));
        // A marker-shaped object of a response stays an object.
        assert!(matches!(read("o1:s3:\u{0}jss3:NaN", false).unwrap(), Value::Object(_)));
        assert_eq!(read("o1:s3:\u{0}jss3:NaN", true).unwrap(), Value::Foreign(Foreign::NaN));
    }

    #[test]
    fn counts_are_utf16_units() {
        // 😀 is two units (four bytes); é one (two bytes).
        assert_eq!(read("s3:é😀", true).unwrap(), Value::String("é😀".into()));
        assert!(read("s2:é😀", true).is_err());
        assert!(read("s1:😀", true).is_err());
    }

    #[test]
    fn a_tape_the_reader_cannot_follow_is_an_error_never_a_panic() {
        for bad in [
            "", "x", "s", "s5", "s5:abc", "s99999999999999999999999:", "a2:n", "o1:n", "o1:d1:1n", "tn", "d0:", "d3:1,2", "d4:\"x\"",
            "d1:.", "d2:-x", "a1", "o", "o1:s1:a", "S1:", "d1:", "a18446744073709551616:",
        ] {
            assert!(read(bad, true).is_err(), "{bad:?}");
            assert!(read(bad, false).is_err(), "{bad:?}");
        }
        // Nesting is refused where the JSON reader refuses it.
        for depth in [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1] {
            let json = "[".repeat(depth) + &"]".repeat(depth);
            let tape = "a1:".repeat(depth.saturating_sub(1)) + "a0:";
            assert_eq!(read(&tape, true).is_ok(), parse_input(&json).is_ok(), "{depth}");
        }
        assert_eq!(read(&("a1:".repeat(MAX_DEPTH) + "a0:"), true).unwrap_err().reason, "nesting too deep");
        let e = read_input("zz").unwrap_err();
        assert_eq!(e.violations()[0].code, "invalid_json");
    }
}

/// The reader against the JSON reader on generated input (proptest is native-only).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::json::{parse, parse_input};
    use proptest::prelude::*;

    /// Any JSON value: strings with quotes, escapes, astral characters and lone
    /// surrogates, numbers in every form JSON allows, marker-shaped objects, nesting.
    fn json_value() -> impl Strategy<Value = String> {
        let string = prop_oneof![
            "[a-z\"\\\\ é😀\u{0}\n]{0,6}".prop_map(|s| serde_json::to_string(&s).unwrap()),
            Just(r#""\ud83d""#.to_owned()),
            Just(r#""cut \ude00x""#.to_owned()),
        ];
        let leaf = prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("false".to_owned()),
            "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,5})?([eE][+-]?[0-9]{1,2})?",
            string.clone(),
            Just(r#"{"\u0000js":"NaN"}"#.to_owned()),
        ];
        leaf.prop_recursive(4, 32, 5, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(|items| format!("[{}]", items.join(","))),
                prop::collection::vec((string.clone(), inner), 0..5)
                    .prop_map(|members| format!("{{{}}}", members.into_iter().map(|(k, v)| format!("{k}:{v}")).collect::<Vec<_>>().join(","))),
            ]
        })
    }

    proptest! {
        /// What the driver writes of any value reads back as the JSON reader reads the
        /// value's text, in both modes.
        #[test]
        fn any_value_reads_back_as_its_json_does(json in json_value()) {
            // (Every generated text is JSON: the reader must take it.)
            let value = parse_input(&json).unwrap();
            prop_assert_eq!(read(&write(&value), true).ok(), Some(value));
            let value = parse(&json).unwrap();
            prop_assert_eq!(read(&write(&value), false).ok(), Some(value));
        }

        /// Whatever the text, the reader answers, never panics.
        #[test]
        fn any_text_is_read_or_refused(text in "[nftsSdao0-9:é😀\u{0}a-z.+-]{0,40}|\\PC{0,40}") {
            let _ = read(&text, true);
            let _ = read(&text, false);
        }
    }
}

//! A strict JSON reader (RFC 8259) into a small tree.
//!
//! Why not `serde_json` here: deserialising through serde monomorphises a visitor per type
//! and pulls in serde's error formatting (f64 Display alone is 14 KB of wasm). The SDK
//! only ever reads small, flat documents (a message, options, an error body, a page it
//! passes through), so one non-generic reader serves every one of them. It is checked
//! against `serde_json` on arbitrary input (`tests/core_json.rs`).
//!
//! Numbers stay text ([`Number`]): nothing here parses or formats a float.
//!
//! Two modes, one grammar:
//! - **response mode**, [`parse`]: what the server sends. A lone UTF-16 surrogate escape
//!   (`"\ud83d"` alone, which `JSON.stringify` writes for a cut emoji) is read as U+FFFD,
//!   as a lossy UTF-8 decoder would: one odd character never costs a whole response.
//! - **input mode**, [`parse_input`]: what a caller sends ([`from_json`](super::from_json)
//!   reads through it). A string with a lone surrogate becomes
//!   [`Value::Foreign`]`(`[`Foreign::LoneSurrogate`]`)`, and the JS side's marker objects
//!   (`{"\u0000js":"NaN"}`...) become the [`Foreign`] value they stand for, so that each
//!   is reported on its own field rather than as a broken document. (In a key, a lone
//!   surrogate is read as U+FFFD in both modes: no key the SDK knows has one, so the key
//!   is reported as unknown, on its own path.)

use crate::prelude::*;

use super::decimal::{overflows_f64, Number};
use alloc::borrow::Cow;

/// A parsed JSON value. Objects keep their members in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// Any number, as its text (read exactly where it is used: see [`Number`]).
    Number(Number),
    /// A string, escapes decoded.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's members in order (a repeated key: the last one wins on lookup, as in
    /// `JSON.parse`).
    Object(Vec<Member>),
    /// A caller's value that JSON cannot hold (a function, `NaN`, a string with a lone
    /// surrogate...). Only [`parse_input`] produces it; every typed read refuses it at its
    /// path ([`Value::kind`] names it).
    Foreign(Foreign),
}

/// What a [`Value::Foreign`] stands for: a JavaScript value that `JSON.stringify` cannot
/// write faithfully.
///
/// The JS side writes each of these (but the lone surrogate) as a marker object, one
/// member whose key is [`Foreign::MARKER_KEY`] (`"\u0000js"`) and whose value is the
/// [marker name](Foreign::marker_name): `{"\u0000js":"function"}`. Only that exact shape
/// is a marker; any other object, even with that key, stays an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Foreign {
    /// A function (marker `"function"`).
    Function,
    /// A symbol (marker `"symbol"`).
    Symbol,
    /// A `BigInt` (marker `"bigint"`).
    BigInt,
    /// `NaN` (marker `"NaN"`).
    NaN,
    /// `Infinity` (marker `"Infinity"`).
    Infinity,
    /// `-Infinity` (marker `"-Infinity"`).
    NegativeInfinity,
    /// A `Date` whose time is `NaN` (marker `"invalid_date"`).
    InvalidDate,
    /// An `AbortSignal` (marker `"AbortSignal"`): the one foreign value some options
    /// accept (see [`Value::is_abort_signal`]).
    AbortSignal,
    /// An `AbortController` given where its `signal` belongs (marker `"AbortController"`).
    AbortController,
    /// A `Map`, a `Set` or another object of a kind of its own, whose contents JSON cannot
    /// see (`Headers`, `FormData`, an `ArrayBuffer`...: its contents live in the
    /// platform's internal slots), which JSON writes as `{}` or as its own fields only
    /// (marker `"collection"`).
    Collection,
    /// A value whose `toJSON()` gives `null`, such as an invalid date of a date library
    /// (marker `"null_from_toJSON"`): JSON would write it as an absent field.
    NullFromToJson,
    /// A string with a lone UTF-16 surrogate (half of a pair, e.g. a cut emoji), which no
    /// UTF-8 text can hold. Not a marker: read from a `\uD83D`-style escape.
    LoneSurrogate,
}

impl Foreign {
    /// The key of a marker object's one member: a NUL character, then `js` (written
    /// `"\u0000js"` in JSON), which no real option or message field has.
    pub const MARKER_KEY: &'static str = "\u{0}js";

    /// The kind a marker name stands for (`"NaN"` → [`Foreign::NaN`]); `None` for any
    /// other name.
    #[must_use]
    pub fn from_marker(name: &str) -> Option<Foreign> {
        Some(match name {
            "function" => Foreign::Function,
            "symbol" => Foreign::Symbol,
            "bigint" => Foreign::BigInt,
            "NaN" => Foreign::NaN,
            "Infinity" => Foreign::Infinity,
            "-Infinity" => Foreign::NegativeInfinity,
            "invalid_date" => Foreign::InvalidDate,
            "AbortSignal" => Foreign::AbortSignal,
            "AbortController" => Foreign::AbortController,
            "collection" => Foreign::Collection,
            "null_from_toJSON" => Foreign::NullFromToJson,
            _ => return None,
        })
    }

    /// The marker name the JS side writes for this kind; `None` for
    /// [`Foreign::LoneSurrogate`], which has no marker.
    #[must_use]
    pub fn marker_name(self) -> Option<&'static str> {
        Some(match self {
            Foreign::Function => "function",
            Foreign::Symbol => "symbol",
            Foreign::BigInt => "bigint",
            Foreign::NaN => "NaN",
            Foreign::Infinity => "Infinity",
            Foreign::NegativeInfinity => "-Infinity",
            Foreign::InvalidDate => "invalid_date",
            Foreign::AbortSignal => "AbortSignal",
            Foreign::AbortController => "AbortController",
            Foreign::Collection => "collection",
            Foreign::NullFromToJson => "null_from_toJSON",
            Foreign::LoneSurrogate => return None,
        })
    }

    /// How error messages name the value: "a function", "NaN", "an Invalid Date"...
    #[must_use]
    pub fn kind(self) -> &'static str {
        match self {
            Foreign::Function => "a function",
            Foreign::Symbol => "a symbol",
            Foreign::BigInt => "a BigInt",
            Foreign::NaN => "NaN",
            Foreign::Infinity => "Infinity",
            Foreign::NegativeInfinity => "-Infinity",
            Foreign::InvalidDate => "an Invalid Date",
            Foreign::AbortSignal => "an AbortSignal",
            Foreign::AbortController => "an AbortController (give its signal: { signal: controller.signal })",
            Foreign::Collection => "a Map, Set or other object whose contents JSON cannot see",
            Foreign::NullFromToJson => "a value whose toJSON() gives null (an invalid date?)",
            Foreign::LoneSurrogate => "a string with a lone surrogate",
        }
    }
}

/// One member of an object: its key and its value.
pub type Member = (String, Value);

impl Value {
    /// The member `key` of an object (the last one, if repeated).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => {
                // The last one wins, as in `JSON.parse`.
                let mut found = None;
                for (k, v) in members {
                    if k == key {
                        found = Some(v);
                    }
                }
                found
            }
            _ => None,
        }
    }

    /// The number, if the value is one.
    #[must_use]
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// Whether the value is the JS side's `AbortSignal` marker (the one foreign value an
    /// option may accept: the caller's `signal`).
    #[must_use]
    pub fn is_abort_signal(&self) -> bool {
        matches!(self, Value::Foreign(Foreign::AbortSignal))
    }

    /// A word for the value's type, for error messages ("a number", "an array"...; a
    /// [`Foreign`] value as [`Foreign::kind`] names it).
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
            Value::Foreign(foreign) => foreign.kind(),
        }
    }
}

/// Why a text is not JSON: a fixed reason and the byte offset where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong.
    pub reason: &'static str,
    /// Byte offset in the text.
    pub offset: usize,
}

/// Nesting deeper than this is refused rather than recursed into: hostile input must
/// not exhaust the (small) wasm stack.
pub const MAX_DEPTH: usize = 128;

/// Parses one JSON document (surrounding whitespace allowed, nothing else) in response
/// mode: a lone surrogate escape is read as U+FFFD, and a marker object stays an object
/// (caller input goes through [`parse_input`], which reads both differently).
///
/// # Errors
///
/// The first syntax error, with its byte offset.
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    run(text, false)
}

/// Parses one JSON document written by a caller (input mode, what
/// [`from_json`](super::from_json) reads): the same grammar as [`parse`], but a string
/// with a lone surrogate escape becomes [`Foreign::LoneSurrogate`] and a marker object
/// (`{"\u0000js":"function"}`...) becomes the [`Foreign`] kind it names, so that a typed
/// read reports each on its own path. Paired surrogates are read as usual.
///
/// # Errors
///
/// The first syntax error, with its byte offset.
pub fn parse_input(text: &str) -> Result<Value, SyntaxError> {
    run(text, true)
}

/// `text` with every lone surrogate escape (`\ud83d` not followed by a low half,
/// `\udc00` alone) replaced by `\ufffd`, for a JSON reader that refuses them (`serde_json`
/// does): what [`parse`] reads as U+FFFD, that reader then reads the same way. Borrowed
/// when there is none (the common case); one pass, no parse. Paired escapes, escaped
/// backslashes (`\\ud800` is no escape) and everything else are left as they are.
#[must_use]
pub fn mend_lone_surrogates(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let hex4 = |at: usize| -> Option<u32> {
        let digits = bytes.get(at..at + 4)?;
        digits.iter().try_fold(0u32, |n, &c| Some(n * 16 + char::from(c).to_digit(16)?))
    };
    let mut mended: Option<String> = None;
    // Bytes of `text` before this offset are in `mended` already.
    let mut copied = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b != b'\\' {
            i += 1;
            continue;
        }
        if bytes.get(i + 1) != Some(&b'u') {
            i += 2; // any other escape, `\\` included, is two bytes
            continue;
        }
        let lone = match hex4(i + 2) {
            Some(0xD800..=0xDBFF) => {
                if bytes.get(i + 6..i + 8) == Some(b"\\u") && matches!(hex4(i + 8), Some(0xDC00..=0xDFFF)) {
                    i += 12; // a pair
                    continue;
                }
                true
            }
            Some(0xDC00..=0xDFFF) => true,
            Some(_) => false,
            None => {
                i += 2; // not an escape JSON allows: nothing to mend, nothing to skip over
                continue;
            }
        };
        if lone {
            let out = mended.get_or_insert_with(|| String::with_capacity(text.len()));
            // `i` is at a backslash, so on a character boundary.
            out.push_str(text.get(copied..i).unwrap_or_default());
            out.push_str("\\ufffd");
            copied = i + 6;
        }
        i += 6;
    }
    match mended {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(text.get(copied..).unwrap_or_default());
            Cow::Owned(out)
        }
    }
}

/// The parser of both modes.
fn run(text: &str, input: bool) -> Result<Value, SyntaxError> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, depth: 0, input, lone_surrogate: false, failure: SyntaxError { reason: "", offset: 0 } };
    let parsed = p.document();
    parsed.map_err(|Failed| p.failure)
}

/// That parsing failed; the parser holds the [`SyntaxError`]. (The error travels apart
/// from the values: every step of the parser returns a `Result`, and a zero-sized error
/// leaves it the size of the value alone.)
struct Failed;

struct Parser<'a> {
    /// The input. It is sliced only next to ASCII bytes (quotes, backslashes, number
    /// characters), which are character boundaries, so no slice needs checking as UTF-8.
    text: &'a str,
    /// The same, as bytes.
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    /// Input mode ([`parse_input`]): lone surrogates and markers become [`Value::Foreign`].
    input: bool,
    /// Whether the last string read had a lone surrogate (read as U+FFFD).
    lone_surrogate: bool,
    /// Why parsing failed, once it has.
    failure: SyntaxError,
}

impl Parser<'_> {
    fn error(&mut self, reason: &'static str) -> Failed {
        self.failure = SyntaxError { reason, offset: self.pos };
        Failed
    }

    fn document(&mut self) -> Result<Value, Failed> {
        self.skip_ws();
        let value = self.value()?;
        self.skip_ws();
        if self.pos != self.bytes.len() {
            return Err(self.error("unexpected text after the JSON value"));
        }
        Ok(value)
    }

    /// The input from the current position. (`get`, not indexing: no slice in the parser
    /// may link core's index panic, whose message formatting is kept in the .wasm even
    /// after the panic itself is removed.)
    fn rest(&self) -> &[u8] {
        self.bytes.get(self.pos..).unwrap_or_default()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        // The bytes directly, not `peek`: opt-level "z" leaves `peek` a call.
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &'static [u8], value: Value) -> Result<Value, Failed> {
        if self.rest().starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("invalid literal"))
        }
    }

    fn value(&mut self) -> Result<Value, Failed> {
        match self.peek() {
            None => Err(self.error("unexpected end of input")),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'"') => self.string_value(),
            Some(b'[') => self.nested(Self::array),
            Some(b'{') => self.nested(Self::object),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a JSON value")),
        }
    }

    /// A string value: in input mode, one with a lone surrogate is [`Foreign::LoneSurrogate`].
    fn string_value(&mut self) -> Result<Value, Failed> {
        self.lone_surrogate = false;
        let s = self.string()?;
        if self.input && self.lone_surrogate {
            return Ok(Value::Foreign(Foreign::LoneSurrogate));
        }
        Ok(Value::String(s))
    }

    /// A finished object: in input mode, a marker object is the [`Foreign`] kind it names.
    fn finish_object(&self, members: Vec<Member>) -> Value {
        if self.input {
            if let [(key, Value::String(name))] = members.as_slice() {
                if key.as_bytes() == Foreign::MARKER_KEY.as_bytes() {
                    if let Some(foreign) = Foreign::from_marker(name) {
                        return Value::Foreign(foreign);
                    }
                }
            }
        }
        Value::Object(members)
    }

    fn nested(&mut self, inner: fn(&mut Self) -> Result<Value, Failed>) -> Result<Value, Failed> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        self.depth += 1;
        self.pos += 1; // the opening bracket
        let value = inner(self);
        self.depth -= 1;
        value
    }

    fn array(&mut self) -> Result<Value, Failed> {
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self) -> Result<Value, Failed> {
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key"));
            }
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':'"));
            }
            self.pos += 1;
            self.skip_ws();
            members.push((key, self.value()?));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(self.finish_object(members));
                }
                _ => return Err(self.error("expected ',' or '}'")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, Failed> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let from = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos - from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("invalid number"));
            }
        }
        // The grammar was checked above, so the slice is ASCII and a JSON number; it is kept
        // as text, and only its magnitude is checked (exactly, without a float).
        let text = self.text.get(start..self.pos).unwrap_or_default();
        if overflows_f64(text) {
            return Err(self.error("number out of range"));
        }
        Ok(Value::Number(Number::from_checked(text)))
    }

    fn hex4(&mut self) -> Result<u32, Failed> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.error("invalid \\u escape")),
            };
            n = n * 16 + u32::from(d);
            self.pos += 1;
        }
        Ok(n)
    }

    /// The character of a `\u` escape (after the `\u`), with the low half of a pair when
    /// one follows. A lone surrogate (a high one not followed by a low one, or a low one
    /// alone) is U+FFFD and sets `lone_surrogate`; an escape that follows a lone high one
    /// is left for the next call, so `\ud83d\ud83d\ude00` is U+FFFD then 😀.
    fn unicode_escape(&mut self) -> Result<char, Failed> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                let before = self.pos;
                let second = if self.rest().starts_with(b"\\u") {
                    self.pos += 2;
                    self.hex4()?
                } else {
                    0
                };
                if !(0xDC00..=0xDFFF).contains(&second) {
                    self.pos = before;
                    self.lone_surrogate = true;
                    return Ok(char::REPLACEMENT_CHARACTER);
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                self.lone_surrogate = true;
                return Ok(char::REPLACEMENT_CHARACTER);
            }
            n => n,
        };
        // Never `None`: a pair is above U+FFFF and below U+110000, other escapes are not surrogates.
        Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn string(&mut self) -> Result<String, Failed> {
        self.pos += 1; // the opening quote
        // A string without escapes (the common case) is one run below: a single allocation.
        let mut out = String::new();
        loop {
            // Copy the run of plain bytes at once; the input is a &str, so any run that
            // stops at an ASCII byte ends on a char boundary.
            // (The bytes directly, not `peek`: opt-level "z" leaves `peek` a call, one per
            // byte of every string.)
            let run = self.pos;
            while let Some(&c) = self.bytes.get(self.pos) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.text.get(run..self.pos).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let c = self.peek().ok_or_else(|| self.error("unexpected end of input"))?;
                    self.pos += 1;
                    let decoded = match c {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.error("invalid escape")),
                    };
                    out.push(decoded);
                }
                Some(_) => return Err(self.error("control character in string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `json::value::Value`
    #[test]
    fn value_line_30() {
        use crate::json::{parse, Value};
        let v = parse(r#"{"to":{"contactId":"c1"},"page":2}"#).unwrap();
        assert_eq!(v.get("to").and_then(|to| to.get("contactId")), Some(&Value::String("c1".into())));
    }

    /// `json::value::Value::Foreign`
    #[test]
    fn foreign_line_54() {
        use crate::json::{parse_input, Foreign, Value};
        assert_eq!(parse_input(r#"{"\u0000js":"NaN"}"#).unwrap(), Value::Foreign(Foreign::NaN));
    }

    /// `json::value::Foreign`
    #[test]
    fn foreign_line_69() {
        use crate::json::{parse_input, Foreign, Value};
        let v = parse_input(r#"[{"\u0000js":"bigint"}, "\ud83d", {"\u0000js":"bigint","x":1}]"#).unwrap();
        let Value::Array(items) = v else { unreachable!() };
        assert_eq!(items[0], Value::Foreign(Foreign::BigInt));
        assert_eq!(items[1], Value::Foreign(Foreign::LoneSurrogate));
        assert!(matches!(items[2], Value::Object(_)));
    }

    /// `json::value::Foreign::MARKER_KEY`
    #[test]
    fn marker_key_line_112() {
        use crate::json::Foreign;
        assert_eq!(Foreign::MARKER_KEY, "\0js");
    }

    /// `json::value::Foreign::from_marker`
    #[test]
    fn from_marker_line_121() {
        use crate::json::Foreign;
        assert_eq!(Foreign::from_marker("invalid_date"), Some(Foreign::InvalidDate));
        assert_eq!(Foreign::from_marker("nan"), None);
    }

    /// `json::value::Foreign::marker_name`
    #[test]
    fn marker_name_line_146() {
        use crate::json::Foreign;
        assert_eq!(Foreign::NegativeInfinity.marker_name(), Some("-Infinity"));
        assert_eq!(Foreign::LoneSurrogate.marker_name(), None);
    }

    /// `json::value::Foreign::kind`
    #[test]
    fn kind_line_170() {
        use crate::json::Foreign;
        assert_eq!(Foreign::BigInt.kind(), "a BigInt");
        assert_eq!(Foreign::LoneSurrogate.kind(), "a string with a lone surrogate");
    }

    /// `json::value::Member`
    #[test]
    fn member_line_195() {
        use crate::json::{parse, Member, Value};
        let Value::Object(members) = parse(r#"{"a":1}"#).unwrap() else { unreachable!() };
        let first: &Member = &members[0];
        assert_eq!(first.0, "a");
    }

    /// `json::value::Value::get`
    #[test]
    fn get_line_206() {
        use crate::json::{parse, Value};
        let v = parse(r#"{"a":1,"a":2}"#).unwrap();
        assert_eq!(v.get("a").and_then(Value::as_number).map(crate::json::Number::as_str), Some("2"));
        assert_eq!(v.get("b"), None);
    }

    /// `json::value::Value::as_number`
    #[test]
    fn as_number_line_230() {
        use crate::json::{parse, Value};
        assert_eq!(parse("-1.5e3").unwrap().as_number().map(crate::json::Number::to_u64), Some(None));
        assert_eq!(parse("true").unwrap().as_number(), None);
    }

    /// `json::value::Value::is_abort_signal`
    #[test]
    fn is_abort_signal_line_245() {
        use crate::json::parse_input;
        assert!(parse_input(r#"{"\u0000js":"AbortSignal"}"#).unwrap().is_abort_signal());
        assert!(!parse_input(r#"{"\u0000js":"function"}"#).unwrap().is_abort_signal());
    }

    /// `json::value::Value::kind`
    #[test]
    fn kind_line_257() {
        use crate::json::{parse, parse_input};
        assert_eq!(parse("[1]").unwrap().kind(), "an array");
        assert_eq!(parse_input(r#"{"\u0000js":"invalid_date"}"#).unwrap().kind(), "an Invalid Date");
    }

    /// `json::value::SyntaxError`
    #[test]
    fn syntaxerror_line_277() {
        use crate::json::{parse, SyntaxError};
        assert_eq!(parse("[1, 1e999]"), Err(SyntaxError { reason: "number out of range", offset: 9 }));
    }

    /// `json::value::MAX_DEPTH`
    #[test]
    fn max_depth_line_292() {
        use crate::json::{parse, MAX_DEPTH};
        assert!(parse(&"[".repeat(MAX_DEPTH + 1)).unwrap_err().reason == "nesting too deep");
    }

    /// `json::value::parse`
    #[test]
    fn parse_line_302() {
        use crate::json::{parse, Number, Value};
        assert_eq!(parse(r#" ["a\u00e9\ud83d\ude00", 1.5e1, null] "#).unwrap(),
            Value::Array(vec![Value::String("aé😀".into()), Value::Number(Number::parse("1.5e1").unwrap()), Value::Null]));
        assert!(parse("1e400").is_err()); // beyond every double: JSON.parse would say Infinity
        assert_eq!(parse(r#""a\ud83d""#).unwrap(), Value::String("a\u{fffd}".into())); // a cut emoji
        assert!(matches!(parse(r#"{"\u0000js":"NaN"}"#).unwrap(), Value::Object(_)));
        assert!(parse("[1,]").is_err());
    }

    /// `json::value::parse_input`
    #[test]
    fn parse_input_line_321() {
        use crate::json::{parse_input, Foreign, Value};
        let v = parse_input(r#"{"text":"\ud83d","emoji":"\ud83d\ude00","timeoutMs":{"\u0000js":"NaN"}}"#).unwrap();
        assert_eq!(v.get("text"), Some(&Value::Foreign(Foreign::LoneSurrogate)));
        assert_eq!(v.get("emoji"), Some(&Value::String("😀".into())));
        assert_eq!(v.get("timeoutMs"), Some(&Value::Foreign(Foreign::NaN)));
        assert!(parse_input("[1,]").is_err());
    }

    /// `json::value::mend_lone_surrogates`
    #[test]
    fn mend_lone_surrogates_line_339() {
        use crate::json::mend_lone_surrogates;
        assert_eq!(mend_lone_surrogates(r#"["\ud83d\ude00","\\ud800"]"#), r#"["\ud83d\ude00","\\ud800"]"#);
        assert_eq!(mend_lone_surrogates(r#"{"text":"cut \ud83d","x":"\udc00\ud800\ud83d\ude00"}"#),
                   r#"{"text":"cut \ufffd","x":"\ufffd\ufffd\ud83d\ude00"}"#);
        let body = r#"[{"text":"a\ud83d"}]"#;
        let mended: serde_json::Value = serde_json::from_str(&mend_lone_surrogates(body)).unwrap();
        assert_eq!(mended[0]["text"], "a\u{fffd}");
    }
}

//! A strict JSON reader (RFC 8259) into a small tree.
//!
//! Why not serde_json here: deserialising through serde monomorphises a visitor per type
//! and pulls in serde's error formatting (f64 Display alone is 14 KB of wasm). The SDK
//! only ever reads small, flat documents (a message, options, an error body, a page it
//! passes through), so one non-generic reader serves every one of them. It is checked
//! against serde_json on arbitrary input (tests/core_json.rs).
//!
//! Numbers stay text ([`Number`]): nothing here parses or formats a float.

use crate::prelude::*;

use super::decimal::{overflows_f64, Number};

/// A parsed JSON value. Objects keep their members in document order.
///
/// ```
/// use whautomate::json::{parse, Value};
/// let v = parse(r#"{"to":{"contactId":"c1"},"page":2}"#).unwrap();
/// assert_eq!(v.get("to").and_then(|to| to.get("contactId")), Some(&Value::String("c1".into())));
/// ```
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
}

/// One member of an object: its key and its value.
///
/// ```
/// use whautomate::json::{parse, Member, Value};
/// let Value::Object(members) = parse(r#"{"a":1}"#).unwrap() else { unreachable!() };
/// let first: &Member = &members[0];
/// assert_eq!(first.0, "a");
/// ```
pub type Member = (String, Value);

impl Value {
    /// The member `key` of an object (the last one, if repeated).
    ///
    /// ```
    /// use whautomate::json::{parse, Value};
    /// let v = parse(r#"{"a":1,"a":2}"#).unwrap();
    /// assert_eq!(v.get("a").and_then(Value::as_number).map(|n| n.as_str()), Some("2"));
    /// assert_eq!(v.get("b"), None);
    /// ```
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
    ///
    /// ```
    /// use whautomate::json::{parse, Value};
    /// assert_eq!(parse("-1.5e3").unwrap().as_number().map(|n| n.to_u64()), Some(None));
    /// assert_eq!(parse("true").unwrap().as_number(), None);
    /// ```
    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// A word for the value's type, for error messages ("a number", "an array"...).
    ///
    /// ```
    /// use whautomate::json::parse;
    /// assert_eq!(parse("[1]").unwrap().kind(), "an array");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Why a text is not JSON: a fixed reason and the byte offset where it was found.
///
/// ```
/// use whautomate::json::{parse, SyntaxError};
/// assert_eq!(parse("[1, 1e999]"), Err(SyntaxError { reason: "number out of range", offset: 9 }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong.
    pub reason: &'static str,
    /// Byte offset in the text.
    pub offset: usize,
}

/// Nesting deeper than this is refused rather than recursed into: hostile input must
/// not exhaust the (small) wasm stack.
///
/// ```
/// use whautomate::json::{parse, MAX_DEPTH};
/// assert!(parse(&"[".repeat(MAX_DEPTH + 1)).unwrap_err().reason == "nesting too deep");
/// ```
pub const MAX_DEPTH: usize = 128;

/// Parses one JSON document (surrounding whitespace allowed, nothing else).
///
/// ```
/// use whautomate::json::{parse, Number, Value};
/// assert_eq!(parse(r#" ["a\u00e9\ud83d\ude00", 1.5e1, null] "#).unwrap(),
///     Value::Array(vec![Value::String("aé😀".into()), Value::Number(Number::parse("1.5e1").unwrap()), Value::Null]));
/// assert!(parse("1e400").is_err()); // beyond every double: JSON.parse would say Infinity
/// assert!(parse(r#""\ud800""#).is_err()); // a lone surrogate is no text
/// assert!(parse("[1,]").is_err());
/// ```
pub fn parse(text: &str) -> Result<Value, SyntaxError> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0, depth: 0, failure: SyntaxError { reason: "", offset: 0 } };
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
            Some(b'"') => self.string().map(Value::String),
            Some(b'[') => self.nested(Self::array),
            Some(b'{') => self.nested(Self::object),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a JSON value")),
        }
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
                    return Ok(Value::Object(members));
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
                        b'u' => {
                            let first = self.hex4()?;
                            let code = match first {
                                0xD800..=0xDBFF => {
                                    if !self.rest().starts_with(b"\\u") {
                                        return Err(self.error("lone surrogate in \\u escape"));
                                    }
                                    self.pos += 2;
                                    let second = self.hex4()?;
                                    if !(0xDC00..=0xDFFF).contains(&second) {
                                        return Err(self.error("lone surrogate in \\u escape"));
                                    }
                                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                                }
                                0xDC00..=0xDFFF => return Err(self.error("lone surrogate in \\u escape")),
                                n => n,
                            };
                            char::from_u32(code).ok_or_else(|| self.error("invalid \\u escape"))?
                        }
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

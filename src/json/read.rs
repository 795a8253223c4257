//! Typed reading of a parsed [`Value`], collecting every type error with its field path.

use crate::prelude::*;

use super::{Foreign, Member, Number, Value};
use crate::text::{Clipped, Piece};
use crate::Violation;
use core::fmt;

/// Where a value sits in the document (`to.phoneNumber`, `elements[2].title`): a chain of
/// borrowed steps, rendered to text only when an error names it, so reading a valid
/// message allocates no path at all.
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    /// The document itself (rendered as the empty string).
    Root,
    /// Member `key` of the object at the parent path.
    Key(&'a Path<'a>, &'a str),
    /// Element `index` of the array at the parent path.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// Member `key` of the document: rendered as `key` itself, so it also stands for a
    /// path written out at once (`Path::top("to.name")`).
    pub(crate) const fn top(key: &'a str) -> Path<'a> {
        Path::Key(&Path::Root, key)
    }
}

/// Renders the path as error messages name it: `elements[2].title`, `""` for the root.
/// A key is the caller's text: one longer than 64 characters is cut to its first 64 and
/// `…` (see [`Clipped`]), so that no error grows with a hostile key.
impl Piece for Path<'_> {
    fn push_to(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(Path::Root, key) => Clipped(key).push_to(out),
            Path::Key(parent, key) => {
                parent.push_to(out);
                out.push('.');
                Clipped(key).push_to(out);
            }
            Path::Index(parent, i) => {
                parent.push_to(out);
                out.push('[');
                i.push_to(out);
                out.push(']');
            }
        }
    }
}

/// For Rust users (`{path}` in their own messages); the SDK itself renders paths with
/// [`Piece`], so that `core::fmt` stays out of the .wasm.
impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::text!(self))
    }
}

/// Converts a JSON value into `Self`, reporting problems to a [`Reader`].
///
/// `null` and absent members both mean "not given" for optional fields, as they do for
/// a JavaScript caller (`JSON.stringify` drops `undefined`).
pub trait FromJson: Sized {
    /// Reads `value` found at `path`; `None` when it cannot be used (already reported).
    fn from_json(value: &Value, path: &Path<'_>, reader: &mut Reader) -> Option<Self>;
}

/// Collects the type errors found while reading.
#[derive(Debug, Default)]
pub struct Reader {
    violations: Vec<Violation>,
}

/// The path of member `key` under `path`, as text (`to` + `phoneNumber` → `to.phoneNumber`).
#[must_use]
pub fn member_path(path: &Path<'_>, key: &str) -> String {
    crate::text!(Path::Key(path, key))
}

/// How a message names the value at `field`: the path, or "the value" at the root.
fn subject(field: &str) -> &str {
    if field.is_empty() {
        "the value"
    } else {
        field
    }
}

impl Reader {
    /// Every problem found so far.
    #[must_use]
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// Records that the value at `path` should have been `expected` (an `invalid_type`
    /// violation). Where a string was expected and a string with a lone surrogate was
    /// found ([`Foreign::LoneSurrogate`]), the violation is `invalid_characters` instead:
    /// the type is right, one character is not.
    pub fn wrong_type(&mut self, path: &Path<'_>, expected: &str, found: &Value) {
        if crate::error::violations_full(&self.violations) {
            return;
        }
        let field = crate::text!(path);
        if matches!(found, Value::Foreign(Foreign::LoneSurrogate)) && expected == "a string" {
            let message = crate::text!(subject(&field), " contains a lone surrogate (half of a UTF-16 pair, such as a cut emoji)");
            crate::error::push_violation(&mut self.violations, Violation::new(field, crate::validate::codes::INVALID_CHARACTERS, message));
            return;
        }
        let message = crate::text!(subject(&field), " must be ", expected, ", not ", found.kind());
        crate::error::push_violation(&mut self.violations, Violation::new(field, "invalid_type", message));
    }

    /// Records a problem of another kind.
    pub fn problem(&mut self, path: impl Into<String>, code: &'static str, message: String) {
        crate::error::push_violation(&mut self.violations, Violation::new(path, code, message));
    }

    /// The members of an object, with the keys not in `known` returned apart (the caller
    /// decides how to report them). Anything but an object is a type error.
    pub fn object<'v>(&mut self, value: &'v Value, path: &Path<'_>, known: &[&str]) -> Option<(&'v [Member], Vec<String>)> {
        match value {
            Value::Object(members) => {
                let mut unknown = Vec::new();
                for (key, _) in members {
                    if !known.contains(&key.as_str()) {
                        unknown.push(key.clone());
                    }
                }
                Some((members, unknown))
            }
            other => {
                self.wrong_type(path, "an object", other);
                None
            }
        }
    }

    /// Optional member `key` of `object` read as `T` (absent or `null` → `None`).
    pub fn field<T: FromJson>(&mut self, object: &Value, path: &Path<'_>, key: &str) -> Option<T> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => T::from_json(value, &Path::Key(path, key), self),
        }
    }
}

impl FromJson for String {
    fn from_json(value: &Value, path: &Path<'_>, reader: &mut Reader) -> Option<Self> {
        match value {
            Value::String(s) => Some(s.clone()),
            other => {
                reader.wrong_type(path, "a string", other);
                None
            }
        }
    }
}

impl FromJson for bool {
    fn from_json(value: &Value, path: &Path<'_>, reader: &mut Reader) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                reader.wrong_type(path, "a boolean", other);
                None
            }
        }
    }
}

/// Any number, kept as its text (a coordinate, say, whose range the caller checks).
impl FromJson for Number {
    fn from_json(value: &Value, path: &Path<'_>, reader: &mut Reader) -> Option<Self> {
        match value {
            Value::Number(n) => Some(n.clone()),
            other => {
                reader.wrong_type(path, "a number", other);
                None
            }
        }
    }
}

/// Whole numbers, read exactly from the digits ([`Number::to_u64`]): `1000`, `1e3` and
/// `1000.0` are 1000; a fraction, a sign or a value beyond the type is refused.
macro_rules! whole_number {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(value: &Value, path: &Path<'_>, reader: &mut Reader) -> Option<Self> {
                // Never `None` after `whole_number`, which checked the range.
                whole_number(value, path, reader, u64::from(<$t>::MAX)).and_then(|n| <$t>::try_from(n).ok())
            }
        }
    )*};
}

/// A whole number from 0 to `max`: the one body behind each integer type's `FromJson`. A
/// whole number outside it is `out_of_range`; a fraction, or anything but a number,
/// `invalid_type`.
fn whole_number(value: &Value, path: &Path<'_>, reader: &mut Reader, max: u64) -> Option<u64> {
    match value {
        Value::Number(n) => {
            let whole = n.whole();
            match whole.ok().flatten().filter(|&n| n <= max) {
                Some(n) => Some(n),
                None => {
                    let field = crate::text!(path);
                    let message = crate::text!(subject(&field), " must be a whole number from 0 to ", max);
                    // A whole number is of the right type, only outside the range; a fraction is not.
                    let code = if whole.is_ok() { crate::validate::codes::OUT_OF_RANGE } else { "invalid_type" };
                    reader.problem(field, code, message);
                    None
                }
            }
        }
        other => {
            reader.wrong_type(path, "a whole number", other);
            None
        }
    }
}
whole_number!(u32, u64);

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value, path: &Path<'_>, reader: &mut Reader) -> Option<Self> {
        match value {
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    match T::from_json(item, &Path::Index(path, i), reader) {
                        Some(v) => out.push(v),
                        None => ok = false,
                    }
                }
                ok.then_some(out)
            }
            other => {
                reader.wrong_type(path, "an array", other);
                None
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

    /// `json::read::Path`
    #[test]
    fn path_line_14() {
        use crate::json::Path;
        let to = Path::Key(&Path::Root, "to");
        assert_eq!(crate::text!(Path::Key(&to, "phoneNumber")), "to.phoneNumber");
        assert_eq!(crate::text!(Path::Root), "");
    }

    /// `json::read::Path<'_>`
    #[test]
    fn json_read_path_line_42() {
        use crate::json::Path;
        let elements = Path::Key(&Path::Root, "elements");
        let title = Path::Key(&Path::Index(&elements, 2), "title");
        assert_eq!(crate::text!(title), "elements[2].title");
        let huge = "x".repeat(1_000_000);
        assert_eq!(crate::text!(Path::Key(&elements, &huge)), format!("elements.{}…", "x".repeat(64)));
    }

    /// `json::read::Path<'_>`
    #[test]
    fn json_read_path_line_73() {
        use crate::json::Path;
        assert_eq!(format!("{}", Path::Index(&Path::Key(&Path::Root, "to"), 0)), "to[0]");
    }

    /// `json::read::FromJson`
    #[test]
    fn fromjson_line_88() {
        use crate::json::{parse, FromJson, Path, Reader};
        let mut reader = Reader::default();
        let limit = Path::Key(&Path::Root, "limit");
        assert_eq!(u32::from_json(&parse("1e2").unwrap(), &limit, &mut reader), Some(100));
        assert_eq!(u32::from_json(&parse("2.5").unwrap(), &limit, &mut reader), None);
        assert_eq!(reader.into_violations()[0].message, "limit must be a whole number from 0 to 4294967295");
    }

    /// `json::read::Reader`
    #[test]
    fn reader_line_103() {
        use crate::json::{parse, FromJson, Path, Reader};
        let mut reader = Reader::default();
        let _ = Vec::<String>::from_json(&parse(r#"["a", 1, true]"#).unwrap(), &Path::Root, &mut reader);
        let fields: Vec<String> = reader.into_violations().into_iter().map(|v| v.field).collect();
        assert_eq!(fields, ["[1]", "[2]"]);
    }

    /// `json::read::member_path`
    #[test]
    fn member_path_line_117() {
        use crate::json::{member_path, Path};
        assert_eq!(member_path(&Path::Key(&Path::Root, "to"), "phoneNumber"), "to.phoneNumber");
        assert_eq!(member_path(&Path::Root, "retry"), "retry");
    }

    /// `json::read::Reader::into_violations`
    #[test]
    fn into_violations_line_138() {
        assert!(crate::json::Reader::default().into_violations().is_empty());
    }

    /// `json::read::Reader::wrong_type`
    #[test]
    fn wrong_type_line_150() {
        use crate::json::{parse, parse_input, Path, Reader};
        let mut reader = Reader::default();
        let text = Path::Key(&Path::Root, "text");
        reader.wrong_type(&text, "a string", &parse("[]").unwrap());
        reader.wrong_type(&text, "a string", &parse_input(r#""\udc00""#).unwrap());
        reader.wrong_type(&Path::Key(&Path::Root, "page"), "a whole number", &parse_input(r#"{"\u0000js":"NaN"}"#).unwrap());
        let v = reader.into_violations();
        assert_eq!(v[0].message, "text must be a string, not an array");
        assert_eq!((v[1].code, v[1].message.as_str()),
            ("invalid_characters", "text contains a lone surrogate (half of a UTF-16 pair, such as a cut emoji)"));
        assert_eq!((v[2].code, v[2].message.as_str()), ("invalid_type", "page must be a whole number, not NaN"));
    }

    /// `json::read::Reader::problem`
    #[test]
    fn problem_line_176() {
        let mut reader = crate::json::Reader::default();
        reader.problem("retry", "unknown_field", "retry is not an option".into());
        assert_eq!(reader.into_violations()[0].code, "unknown_field");
    }

    /// `json::read::Reader::object`
    #[test]
    fn object_line_188() {
        use crate::json::{parse, Path, Reader};
        let mut reader = Reader::default();
        let value = parse(r#"{"page":1,"pgae":2}"#).unwrap();
        let (members, unknown) = reader.object(&value, &Path::Root, &["page"]).unwrap();
        assert_eq!((members.len(), unknown), (2, vec!["pgae".to_string()]));
        assert!(reader.object(&parse("[]").unwrap(), &Path::Root, &[]).is_none());
    }

    /// `json::read::Reader::field`
    #[test]
    fn field_line_216() {
        use crate::json::{parse, Path, Reader};
        let mut reader = Reader::default();
        let value = parse(r#"{"page":2,"limit":null}"#).unwrap();
        assert_eq!(reader.field::<u32>(&value, &Path::Root, "page"), Some(2));
        assert_eq!(reader.field::<u32>(&value, &Path::Root, "limit"), None);
        assert!(reader.into_violations().is_empty());
    }
}

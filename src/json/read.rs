//! Typed reading of a parsed [`Value`], collecting every type error with its field path.

use crate::prelude::*;

use super::Value;
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

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) => f.write_str(key),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
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
pub fn member_path(path: &Path<'_>, key: &str) -> String {
    Path::Key(path, key).to_string()
}

impl Reader {
    /// Every problem found so far.
    pub fn into_violations(self) -> Vec<Violation> {
        self.violations
    }

    /// Records that the value at `path` should have been `expected`.
    pub fn wrong_type(&mut self, path: &Path<'_>, expected: &str, found: &Value) {
        let field = path.to_string();
        let at = if field.is_empty() { "the value" } else { field.as_str() };
        let message = format!("{at} must be {expected}, not {}", found.kind());
        self.violations.push(Violation::new(field, "invalid_type", message));
    }

    /// Records a problem of another kind.
    pub fn problem(&mut self, path: impl Into<String>, code: &'static str, message: String) {
        self.violations.push(Violation::new(path, code, message));
    }

    /// The members of an object, with the keys not in `known` returned apart (the caller
    /// decides how to report them). Anything but an object is a type error.
    pub fn object<'v>(&mut self, value: &'v Value, path: &Path<'_>, known: &[&str]) -> Option<(&'v [(String, Value)], Vec<String>)> {
        match value {
            Value::Object(members) => {
                let unknown = members.iter().filter(|(k, _)| !known.contains(&k.as_str())).map(|(k, _)| k.clone()).collect();
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

impl FromJson for f64 {
    fn from_json(value: &Value, path: &Path<'_>, reader: &mut Reader) -> Option<Self> {
        match value {
            Value::Number(n) => Some(*n),
            other => {
                reader.wrong_type(path, "a number", other);
                None
            }
        }
    }
}

/// Whole numbers: JSON numbers are doubles, so an integer is one with no fraction,
/// within the target type's range.
macro_rules! whole_number {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json(value: &Value, path: &Path<'_>, reader: &mut Reader) -> Option<Self> {
                match value {
                    // `(n as $t) as f64 == n`: whole, without std's `f64::fract`.
                    Value::Number(n) if *n >= 0.0 && *n <= <$t>::MAX as f64 && (*n as $t) as f64 == *n => Some(*n as $t),
                    Value::Number(_) => {
                        let field = path.to_string();
                        let at = if field.is_empty() { "the value".to_string() } else { field.clone() };
                        reader.problem(field, "invalid_type", format!("{at} must be a whole number from 0 to {}", <$t>::MAX));
                        None
                    }
                    other => {
                        reader.wrong_type(path, "a whole number", other);
                        None
                    }
                }
            }
        }
    )*};
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

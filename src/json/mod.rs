//! JSON in, typed values out, with the path of every field at fault.
//!
//! JavaScript values cross into the SDK as JSON text: `JSON.stringify` turns a `Date` into
//! the ISO string `scheduleAt` takes, and one string is one boundary crossing. A wrong
//! type becomes an `invalid_type` violation naming its field (`to.phoneNumber`,
//! `elements[1].title`); all of them are reported at once, like the rule violations.
//!
//! Why the crate's own reader rather than serde, measured 2026-12-06 on the same message
//! shapes (BENCHMARKS.md, "Stack choices"; .wasm gzip of a reader-only experiment, then
//! what it gives): this reader 9.5 KB, every violation with its path; miniserde's derive
//! 11.4 KB, one error without a field; miniserde's `Value` with paths read by hand 13.6 KB,
//! losing key order and exact numbers; serde + serde-wasm-bindgen 29.8 KB (32.6 KB with
//! `serde_path_to_error`), the first error only. None is faster by more than a few µs.

use crate::prelude::*;

mod decimal;
mod read;
mod serde_in;
pub mod tape;
mod value;
mod write;

pub use decimal::Number;
pub use read::{member_path, FromJson, Path, Reader};
pub use value::{mend_lone_surrogates, parse, parse_input, Foreign, Member, SyntaxError, Value, MAX_DEPTH};
pub use write::{write_str, ObjectWriter, ToJson};
pub(crate) use serde_in::{deserialize_with_reader, ViolationList};

use crate::{Error, Violation};

/// Parses `json` as caller input ([`parse_input`]) and reads it as `T`; every type error
/// names its field, a string with a lone surrogate is an `invalid_characters` violation on
/// its field, and a JS-only value (a function, `NaN`, an Invalid Date...: see [`Foreign`])
/// is an `invalid_type` violation on its field.
///
/// # Errors
///
/// `invalid_input`: `invalid_json` for a syntax error, else every type error with its path.
pub fn from_json<T: FromJson>(json: &str) -> Result<T, Error> {
    from_value(&parse_document(json)?)
}

/// Reads a caller's value, parsed already ([`parse_input`], or [`tape::read_input`] of
/// what the npm package's driver wrote), as `T`: every type error names its field, as in
/// [`from_json`].
///
/// # Errors
///
/// `invalid_input` with every type error and its path.
pub fn from_value<T: FromJson>(value: &Value) -> Result<T, Error> {
    let mut reader = Reader::default();
    let typed = T::from_json(value, &Path::Root, &mut reader);
    let violations = reader.into_violations();
    match typed {
        Some(typed) if violations.is_empty() => Ok(typed),
        _ => Err(Error::invalid_input(violations)),
    }
}

/// [`parse_input`], with a syntax error as the `invalid_json` error of [`from_json`].
/// (Apart from it so that each type read keeps only its own part.)
fn parse_document(json: &str) -> Result<Value, Error> {
    parse_input(json).map_err(unreadable)
}

/// The `invalid_json` error of a document that could not be read (JSON text, or a tape).
pub(crate) fn unreadable(e: SyntaxError) -> Error {
    Error::invalid_input(vec![Violation::new("", "invalid_json", crate::text!("not valid JSON: ", e.reason, " at byte ", e.offset))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MessageInput;

    fn fields_of(json: &str) -> Vec<String> {
        from_json::<MessageInput>(json).unwrap_err().violations().iter().map(|v| v.field.clone()).collect()
    }

    #[test]
    fn wrong_types_name_their_field() {
        assert_eq!(fields_of(r#"{"text": 42}"#), ["text"]);
        assert_eq!(fields_of(r#"{"to": "c1"}"#), ["to"]);
        assert_eq!(fields_of(r#"{"elements":[{"title":"a"},{"title":7}]}"#), ["elements[1].title"]);
        assert_eq!(fields_of(r#"{"bodyTextParameters":["a", null]}"#), ["bodyTextParameters[1]"]);
        assert_eq!(fields_of(r#"{"locationParameters":{"latitude":"1"}}"#), ["locationParameters.latitude"]);
        assert_eq!(fields_of("42"), [""]);
        assert_eq!(fields_of("[]"), [""]);
    }

    #[test]
    fn null_means_not_given() {
        let m = from_json::<MessageInput>(r#"{"channel":"telegram","text":null,"to":null}"#).unwrap();
        assert_eq!((m.channel.as_deref(), m.text, m.to), (Some("telegram"), None, None));
    }

    #[test]
    fn unknown_members_are_kept_for_validation_to_report() {
        let m = from_json::<MessageInput>(r#"{"txt":"hi","to":{"contactID":"c"}}"#).unwrap();
        assert_eq!(m.unknown_fields.0, ["txt"]);
        assert_eq!(m.to.unwrap().unknown_fields.0, ["contactID"]);
    }

    #[test]
    fn syntax_errors_are_input_errors() {
        for bad in ["{} x", "", "{", r#"{"a" 1}"#, "01", "1.", "-", "[1,]", "\"\u{1}\""] {
            let e = from_json::<MessageInput>(bad).unwrap_err();
            assert_eq!(e.violations()[0].code, "invalid_json", "{bad:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().reason, "nesting too deep");
    }

    #[test]
    fn whole_numbers_are_checked() {
        let mut r = Reader::default();
        let page = Path::Key(&Path::Root, "page");
        let number = |text: &str| Value::Number(Number::parse(text).unwrap());
        for text in ["5", "5.0", "5e0", "0.5e1", "500e-2"] {
            assert_eq!(u32::from_json(&number(text), &page, &mut r), Some(5), "{text}");
        }
        assert_eq!(u32::from_json(&number("-0"), &page, &mut r), Some(0));
        assert_eq!(u32::from_json(&number("4294967295"), &page, &mut r), Some(u32::MAX));
        assert_eq!(u64::from_json(&number("5e9"), &page, &mut r), Some(5_000_000_000));
        assert!(r.into_violations().is_empty());

        let mut r = Reader::default();
        for text in ["1.5", "-1", "5e9", "4294967296", "1e300", "0.1e-1"] {
            assert_eq!(u32::from_json(&number(text), &page, &mut r), None, "{text}");
        }
        assert_eq!(u64::from_json(&number("18446744073709551616"), &Path::Root, &mut r), None);
        let messages: Vec<String> = r.into_violations().into_iter().map(|v| v.message).collect();
        assert_eq!(messages[0], "page must be a whole number from 0 to 4294967295");
        assert_eq!(messages[6], "the value must be a whole number from 0 to 18446744073709551615");
        assert_eq!(messages.len(), 7);
    }

    #[test]
    fn out_of_range_numbers_are_refused_as_before() {
        let e = from_json::<MessageInput>(r#"{"text":1e400}"#).unwrap_err();
        assert_eq!(e.violations()[0].message, "not valid JSON: number out of range at byte 13");
        let e = from_json::<MessageInput>(r#"{"text":1}"#).unwrap_err();
        assert_eq!(e.violations()[0].message, "text must be a string, not a number");
    }
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `json::from_json`
    #[test]
    fn from_json_line_36() {
        use crate::{json::from_json, MessageInput};
        let err = from_json::<MessageInput>(r#"{"channel":"whatsapp","to":{"phoneNumber":5},"text":[]}"#).unwrap_err();
        let fields: Vec<&str> = err.violations().iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["to.phoneNumber", "text"]);
        assert_eq!(err.violations()[0].code, "invalid_type");
        assert_eq!(from_json::<MessageInput>("null").unwrap_err().field(), Some(""));
        let err = from_json::<MessageInput>(r#"{"text":"cut \ud83d","scheduleAt":{"\u0000js":"invalid_date"}}"#).unwrap_err();
        let found: Vec<(&str, &str)> = err.violations().iter().map(|v| (v.field.as_str(), v.code)).collect();
        assert_eq!(found, [("scheduleAt", "invalid_type"), ("text", "invalid_characters")]);
    }
}

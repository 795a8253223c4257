//! JSON in, typed values out, with the path of the field at fault.
//!
//! JavaScript values cross into the SDK as JSON text: the wire needs serde_json anyway,
//! `JSON.stringify` turns a `Date` into the ISO string `scheduleAt` takes, and one string
//! is one boundary crossing. A wrong type becomes an `invalid_type` violation that names
//! the field (`to.phoneNumber`, `elements[1].title`), never a bare parse message.

use crate::{Error, Violation};
use serde::de::DeserializeOwned;

/// Parses `json` as `T`; a type error names its field.
///
/// ```
/// use whautomate::{json::from_json, MessageInput};
/// let err = from_json::<MessageInput>(r#"{"channel":"whatsapp","to":{"phoneNumber":5}}"#).unwrap_err();
/// assert_eq!(err.field(), Some("to.phoneNumber"));
/// assert_eq!(err.violations()[0].code, "invalid_type");
/// assert_eq!(from_json::<MessageInput>("null").unwrap_err().field(), Some(""));
/// ```
pub fn from_json<T: DeserializeOwned>(json: &str) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { String::new() } else { path };
        let detail = e.inner().to_string();
        // serde_json appends " at line 1 column 42": a position in text the user never wrote.
        let detail = detail.split(" at line ").next().unwrap_or(&detail);
        let message = if field.is_empty() { detail.to_string() } else { format!("{field}: {detail}") };
        Error::invalid_input(vec![Violation::new(field, "invalid_type", message)])
    })?;
    de.end().map_err(|e| Error::invalid_input(vec![Violation::new("", "invalid_type", e.to_string())]))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MessageInput;

    fn field_of(json: &str) -> String {
        from_json::<MessageInput>(json).unwrap_err().field().unwrap_or("?").to_string()
    }

    #[test]
    fn wrong_types_name_their_field() {
        assert_eq!(field_of(r#"{"text": 42}"#), "text");
        assert_eq!(field_of(r#"{"to": "c1"}"#), "to");
        assert_eq!(field_of(r#"{"elements":[{"title":"a"},{"title":7}]}"#), "elements[1].title");
        assert_eq!(field_of(r#"{"bodyTextParameters":["a", null]}"#), "bodyTextParameters[1]");
        assert_eq!(field_of("42"), "");
        assert_eq!(field_of("[]"), "");
    }

    #[test]
    fn lone_surrogates_and_trailing_garbage_are_input_errors() {
        assert!(from_json::<MessageInput>(r#"{"text":"\ud800"}"#).is_err());
        assert!(from_json::<MessageInput>(r#"{} x"#).is_err());
    }
}

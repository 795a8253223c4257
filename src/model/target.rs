//! Who a send goes to: a contact, a client, or (`WhatsApp` only) a phone-number recipient.

use crate::prelude::*;

use crate::json::{ObjectWriter, ToJson};
use crate::model::channel::{Channel, MessageKind};
use crate::model::input::{MessageInput, TargetInput};

/// The addressee of a send. Exactly one per message; on the wire it becomes one of
/// `contact: {id}`, `client: {id}` or `recepient: {phoneNumber, name?}` (the vendor's
/// spelling is kept on the wire).
///
/// ```
/// use whautomate::model::Target;
/// let t = Target::Recipient { phone_number: "+16505551234".into(), name: None };
/// assert_eq!(t.wire_key(), "recepient");
/// assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"phoneNumber":"+16505551234"}"#); // the JS shape
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// An existing Whautomate contact (every channel).
    Contact(String),
    /// An existing Whautomate client (`WhatsApp` only).
    Client(String),
    /// A phone number, normalised to E.164 (`WhatsApp` only); the platform creates or reuses
    /// the contact.
    Recipient {
        /// E.164, e.g. `+16505551234`.
        phone_number: String,
        /// Display name for a newly created contact.
        name: Option<String>,
    },
}

impl Target {
    /// The wire key of the target object: `contact`, `client` or `recepient`.
    ///
    /// ```
    /// use whautomate::model::Target;
    /// assert_eq!(Target::Contact("c_1".into()).wire_key(), "contact");
    /// assert_eq!(Target::Client("cl_1".into()).wire_key(), "client");
    /// ```
    #[must_use]
    pub const fn wire_key(&self) -> &'static str {
        match self {
            Target::Contact(_) => "contact",
            Target::Client(_) => "client",
            Target::Recipient { .. } => "recepient",
        }
    }
}

/// The JS shape, `to` of a message: `{"contactId"}`, `{"clientId"}` or
/// `{"phoneNumber", "name"?}`.
///
/// ```
/// use whautomate::Target;
/// let t = Target::Recipient { phone_number: "+16505551234".into(), name: Some("Ann".into()) };
/// assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"phoneNumber":"+16505551234","name":"Ann"}"#);
/// assert_eq!(serde_json::to_string(&Target::Contact("c_1".into())).unwrap(), r#"{"contactId":"c_1"}"#);
/// ```
impl serde::Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_input().serialize(serializer)
    }
}

/// Reads the JS shape with the rules of `to` (any channel's: `WhatsApp`'s, the widest):
/// exactly one of `contactId`, `clientId`, `phoneNumber` (normalised to E.164), `name`
/// only with `phoneNumber`, no other key.
///
/// ```
/// use whautomate::Target;
/// let t: Target = serde_json::from_str(r#"{"phoneNumber":"+1 650 555 1234"}"#).unwrap();
/// assert_eq!(t, Target::Recipient { phone_number: "+16505551234".into(), name: None });
/// assert!(serde_json::from_str::<Target>(r#"{"contactId":"c","clientId":"d"}"#).is_err());
/// assert!(serde_json::from_str::<Target>(r#"{"contactID":"c"}"#).is_err());
/// ```
impl<'de> serde::Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let to = TargetInput::deserialize(deserializer)?;
        // The rules of `to` are validation's: a WhatsApp text around it is checked, and
        // only what it says of `to` can fail. (Through the public validate_message rather
        // than the `to` check itself, which the npm package's .wasm keeps inlined.)
        let message = MessageInput {
            channel: Some(Channel::WhatsApp.as_str().into()),
            kind: Some(MessageKind::Text.as_str().into()),
            to: Some(to),
            text: Some("-".into()),
            ..MessageInput::default()
        };
        match crate::validate::validate_message(&message, &crate::validate::ValidationContext::default()) {
            Ok(message) => Ok(message.target().clone()),
            // Read on its own, the target is the document: `x`, not `to.x`.
            Err(violations) => {
                let at_root: Vec<crate::Violation> = violations
                    .into_iter()
                    .map(|mut v| {
                        if let Some(rest) = v.field.strip_prefix("to.") {
                            v.message = v.message.replacen("to.", "", 1);
                            v.field = rest.to_owned();
                        }
                        v
                    })
                    .collect();
                Err(serde::de::Error::custom(crate::json::ViolationList(&at_root)))
            }
        }
    }
}

impl Target {
    /// The JS-shaped `to` this target came from (with the phone number normalised).
    #[inline] // as OutgoingMessage::to_input: compiled only where serde uses it
    pub(crate) fn to_input(&self) -> TargetInput {
        match self {
            Target::Contact(id) => TargetInput::contact(id.clone()),
            Target::Client(id) => TargetInput::client(id.clone()),
            Target::Recipient { phone_number, name } => TargetInput { name: name.clone(), ..TargetInput::phone_number(phone_number.clone()) },
        }
    }
}

/// Serialises the target object's value (without its key, see [`Target::wire_key`]).
impl ToJson for Target {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        match self {
            Target::Contact(id) | Target::Client(id) => o.str("id", id),
            Target::Recipient { phone_number, name } => o.str("phoneNumber", phone_number).opt_str("name", name.as_deref()),
        };
        o.end();
    }
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `model::target::Target`
    #[test]
    fn target_line_13() {
        use crate::json::ToJson;
        use crate::model::Target;
        let t = Target::Recipient { phone_number: "+16505551234".into(), name: None };
        assert_eq!(t.wire_key(), "recepient");
        assert_eq!(t.to_json(), r#"{"phoneNumber":"+16505551234"}"#);
    }
}

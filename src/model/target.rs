//! Who a send goes to: a contact, a client, or (WhatsApp only) a phone-number recipient.

use crate::prelude::*;

use crate::json::{ObjectWriter, ToJson};

/// The addressee of a send. Exactly one per message; on the wire it becomes one of
/// `contact: {id}`, `client: {id}` or `recepient: {phoneNumber, name?}` (the vendor's
/// spelling is kept on the wire).
///
/// ```
/// use whautomate::json::ToJson;
/// use whautomate::model::Target;
/// let t = Target::Recipient { phone_number: "+16505551234".into(), name: None };
/// assert_eq!(t.wire_key(), "recepient");
/// assert_eq!(t.to_json(), r#"{"phoneNumber":"+16505551234"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An existing Whautomate contact (every channel).
    Contact(String),
    /// An existing Whautomate client (WhatsApp only).
    Client(String),
    /// A phone number, normalised to E.164 (WhatsApp only); the platform creates or reuses
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
    pub const fn wire_key(&self) -> &'static str {
        match self {
            Target::Contact(_) => "contact",
            Target::Client(_) => "client",
            Target::Recipient { .. } => "recepient",
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

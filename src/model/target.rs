//! Who a send goes to: a contact, a client, or (WhatsApp only) a phone-number recipient.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// The addressee of a send. Exactly one per message; on the wire it becomes one of
/// `contact: {id}`, `client: {id}` or `recepient: {phoneNumber, name?}` (the vendor's
/// spelling is kept on the wire).
///
/// ```
/// use whautomate::model::Target;
/// let t = Target::Recipient { phone_number: "+16505551234".into(), name: None };
/// assert_eq!(t.wire_key(), "recepient");
/// assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"phoneNumber":"+16505551234"}"#);
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
    pub const fn wire_key(&self) -> &'static str {
        match self {
            Target::Contact(_) => "contact",
            Target::Client(_) => "client",
            Target::Recipient { .. } => "recepient",
        }
    }
}

/// Serialises the target object's value (without its key, see [`Target::wire_key`]).
impl Serialize for Target {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self {
            Target::Contact(id) | Target::Client(id) => map.serialize_entry("id", id)?,
            Target::Recipient { phone_number, name } => {
                map.serialize_entry("phoneNumber", phone_number)?;
                if let Some(name) = name {
                    map.serialize_entry("name", name)?;
                }
            }
        }
        map.end()
    }
}

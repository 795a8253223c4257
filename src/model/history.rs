//! A contact's message history, as `GET /v1/messages/{contactId}` returns it.
//!
//! The server may add fields and values at any time, so every field is optional, unknown
//! fields are kept in `extra` (and written back on serialisation), and the values the
//! server may extend (`channel`, `type`, `status`, `sentBy`, button types) are kept as
//! the raw strings, with typed accessors where the SDK knows the vocabulary.
//!
//! Reading is tolerant, as the JS client's (which hands over what `JSON.parse` made): a
//! known field whose value does not fit its type (`"isIncoming":"yes"`, `"options":[]`)
//! is kept in `extra` under its own name instead of failing the page; `isIncoming` is
//! also read from the strings `"true"` and `"false"` (the vendor's webhooks send it so),
//! and an `id` given as a number is its text. `null` is "not given".

use crate::prelude::*;

use crate::model::channel::Channel;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// One message of a contact's history. Wire names are camelCase as in the vendor's sample.
///
/// ```
/// use whautomate::model::{Channel, HistoryMessage};
/// let m: HistoryMessage = serde_json::from_str(
///     r#"{"id":"m1","channel":"telegram","isIncoming":true,"text":"hi","reaction":"👍"}"#).unwrap();
/// assert_eq!(m.channel_kind(), Some(Channel::Telegram));
/// assert_eq!(m.extra["reaction"], "👍");
/// assert_eq!(serde_json::to_string(&m).unwrap(),
///            r#"{"id":"m1","channel":"telegram","isIncoming":true,"text":"hi","reaction":"👍"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HistoryMessage {
    /// Message id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The contact the message belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<HistoryContact>,
    /// Channel name (raw; see [`HistoryMessage::channel_kind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// True for messages the contact sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_incoming: Option<bool>,
    /// Message type (raw, server-defined).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Who sent it (raw, server-defined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_by: Option<String>,
    /// Delivery status (raw, server-defined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Why delivery failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// Media URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Footer text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer_text: Option<String>,
    /// Interactive options (buttons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<HistoryOptions>,
    /// Fields this SDK version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl HistoryMessage {
    /// The channel as a known [`Channel`], or `None` when absent or not one of the four.
    ///
    /// ```
    /// use whautomate::model::{Channel, HistoryMessage};
    /// let mut m = HistoryMessage::default();
    /// m.channel = Some("whatsapp".into());
    /// assert_eq!(m.channel_kind(), Some(Channel::WhatsApp));
    /// m.channel = Some("sms".into());
    /// assert_eq!(m.channel_kind(), None);
    /// ```
    pub fn channel_kind(&self) -> Option<Channel> {
        self.channel.as_deref().and_then(Channel::parse)
    }
}

/// `contact` of a history message.
///
/// ```
/// let c: whautomate::model::HistoryContact =
///     serde_json::from_str(r#"{"id":"c1","phoneNumber":"+1"}"#).unwrap();
/// assert_eq!(c.phone_number.as_deref(), Some("+1"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryContact {
    /// Contact id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Contact's channel (raw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Contact's phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `options` of a history message.
///
/// ```
/// let o: whautomate::model::HistoryOptions =
///     serde_json::from_str(r#"{"type":"buttons","buttons":[{"type":"url","text":"Go"}]}"#).unwrap();
/// assert_eq!(o.buttons.unwrap()[0].text.as_deref(), Some("Go"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryOptions {
    /// Options type (raw).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Buttons shown with the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buttons: Option<Vec<HistoryButton>>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A button of a history message.
///
/// ```
/// let b: whautomate::model::HistoryButton = serde_json::from_str(r#"{"text":"Go","x":1}"#).unwrap();
/// assert_eq!(b.extra["x"], 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryButton {
    /// Button type (raw).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Reads a JSON object into a record leniently: `place` keeps each member it knows and can
/// read, and hands back any other, which is kept in the record's `extra`.
fn lenient<'de, D: Deserializer<'de>, T: Default>(
    deserializer: D,
    place: fn(&mut T, &str, Value) -> Option<Value>,
    extra: fn(&mut T) -> &mut Map<String, Value>,
) -> Result<T, D::Error> {
    let mut record = T::default();
    for (key, value) in Map::<String, Value>::deserialize(deserializer)? {
        if let Some(kept) = place(&mut record, &key, value) {
            extra(&mut record).insert(key, kept);
        }
    }
    Ok(record)
}

/// A string member; anything else but `null` is handed back.
fn text(slot: &mut Option<String>, value: Value) -> Option<Value> {
    match value {
        Value::String(s) => *slot = Some(s),
        Value::Null => {}
        other => return Some(other),
    }
    None
}

/// An id: a string, or a whole number as its text. A number `serde_json` holds only as a
/// float (a fraction, or a whole one beyond 64 bits, whose digits it has rounded) is no id
/// that can be given back exactly: it stays in `extra`, as sent, rather than becoming
/// digits the server never wrote.
fn id(slot: &mut Option<String>, value: Value) -> Option<Value> {
    match value {
        Value::Number(n) if !n.is_f64() => {
            *slot = Some(n.to_string());
            None
        }
        other @ Value::Number(_) => Some(other),
        other => text(slot, other),
    }
}

/// A boolean, or the strings `"true"` / `"false"` in any case.
fn flag(slot: &mut Option<bool>, value: Value) -> Option<Value> {
    match &value {
        Value::Bool(b) => *slot = Some(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => *slot = Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => *slot = Some(false),
        Value::Null => {}
        _ => return Some(value),
    }
    None
}

/// A nested record (or list of them), read by its own tolerant `Deserialize`; a value of
/// another shape is handed back.
fn nested<T: DeserializeOwned>(slot: &mut Option<T>, value: Value) -> Option<Value> {
    if value.is_null() {
        return None;
    }
    match T::deserialize(&value) {
        Ok(read) => {
            *slot = Some(read);
            None
        }
        Err(_) => Some(value),
    }
}

/// `Deserialize` for a history record: each named member read by its reader (and kept in
/// `extra` when that cannot), every other member kept in `extra` (see [`lenient`]).
macro_rules! lenient_record {
    ($ty:ident, |$record:ident, $value:ident| { $($key:literal => $read:expr),* $(,)? }) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                lenient(
                    deserializer,
                    |$record: &mut $ty, key, $value| match key {
                        $($key => $read,)*
                        _ => Some($value),
                    },
                    |record| &mut record.extra,
                )
            }
        }
    };
}

lenient_record!(HistoryMessage, |m, value| {
    "id" => id(&mut m.id, value),
    "contact" => nested(&mut m.contact, value),
    "channel" => text(&mut m.channel, value),
    "isIncoming" => flag(&mut m.is_incoming, value),
    "type" => text(&mut m.kind, value),
    "sentBy" => text(&mut m.sent_by, value),
    "status" => text(&mut m.status, value),
    "errorMessage" => text(&mut m.error_message, value),
    "mediaUrl" => text(&mut m.media_url, value),
    "text" => text(&mut m.text, value),
    "footerText" => text(&mut m.footer_text, value),
    "options" => nested(&mut m.options, value),
});
lenient_record!(HistoryContact, |c, value| {
    "id" => id(&mut c.id, value),
    "channel" => text(&mut c.channel, value),
    "phoneNumber" => text(&mut c.phone_number, value),
});
lenient_record!(HistoryOptions, |o, value| {
    "type" => text(&mut o.kind, value),
    "buttons" => nested(&mut o.buttons, value),
});
lenient_record!(HistoryButton, |b, value| {
    "type" => text(&mut b.kind, value),
    "text" => text(&mut b.text, value),
    "url" => text(&mut b.url, value),
});

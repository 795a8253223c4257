//! The normalized event as Rust types (serde), for [`parse_event`].

use crate::prelude::*;

use super::event::normalize;
use crate::Error;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// An event Whautomate delivered to a webhook, normalized by [`normalize`]. Serializes
/// to the shape the npm package's `parseWebhookEvent` returns.
///
/// ```
/// use whautomate::webhook::parse_event;
/// let event = parse_event(r#"{"event":{"id":"e1","type":"contact_created","key":"c1"},"contact":{"id":"c1","name":"Alice"}}"#).unwrap();
/// assert_eq!((event.id.as_str(), event.kind.as_str(), event.direction), ("e1", "contact_created", None));
/// assert_eq!(event.contact.unwrap()["name"], "Alice");
/// assert_eq!(event.raw["event"]["key"], "c1");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WebhookEvent {
    /// `event.id`: the delivery's id, the same on every retry of it (deduplicate on it).
    pub id: String,
    /// `event.type`, as sent (e.g. `incoming_whatsapp_message`, `contact_created`), kept
    /// even when the SDK does not know it.
    #[serde(rename = "type")]
    pub kind: String,
    /// From the type: `incoming_…` or `outgoing_…`; `None` for other events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// From the type, else from `message.channel`; `None` when neither names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<EventChannel>,
    /// `event.key`: the id of the thing the event is about (the message's, the contact's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// `event.timeStamp`, as sent (ISO-8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<String>,
    /// The message of a message event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<WebhookMessage>,
    /// The contact of a contact event, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Map<String, Value>>,
    /// The client of a client event, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<Map<String, Value>>,
    /// The body as received (parsed), for what the fields above leave out.
    #[serde(default)]
    pub raw: Value,
}

/// Whether a message event is a message to you or from you.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Direction {
    /// `incoming_<channel>_message`: the contact wrote.
    Incoming,
    /// `outgoing_<channel>_message`: a message went out (through the API or the inbox).
    Outgoing,
}

/// The channel an event is on. `Website` is Whautomate's live chat, which can receive
/// but which the Messages API does not send on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum EventChannel {
    /// WhatsApp (spelled as [`Channel::WhatsApp`](crate::Channel::WhatsApp) is).
    WhatsApp,
    /// Telegram.
    Telegram,
    /// Instagram.
    Instagram,
    /// Messenger.
    Messenger,
    /// The website live chat.
    Website,
}

impl EventChannel {
    /// The channel to answer on through the Messages API: `None` for the website live chat,
    /// which it does not send on.
    ///
    /// ```
    /// use whautomate::webhook::EventChannel;
    /// use whautomate::Channel;
    /// assert_eq!(EventChannel::WhatsApp.sendable(), Some(Channel::WhatsApp));
    /// assert_eq!(EventChannel::Website.sendable(), None);
    /// ```
    #[must_use]
    pub fn sendable(self) -> Option<crate::Channel> {
        match self {
            EventChannel::WhatsApp => Some(crate::Channel::WhatsApp),
            EventChannel::Telegram => Some(crate::Channel::Telegram),
            EventChannel::Instagram => Some(crate::Channel::Instagram),
            EventChannel::Messenger => Some(crate::Channel::Messenger),
            EventChannel::Website => None,
        }
    }
}

/// The message of a message event: the vendor's fields, read leniently (a field of an
/// unexpected type is `None` here and stays in [`WebhookEvent::raw`]); fields the SDK
/// does not know are in `extra`.
///
/// ```
/// use whautomate::webhook::parse_event;
/// let event = parse_event(r#"{"event":{"id":"e","type":"outgoing_telegram_message"},"message":{"id":"m","isIncoming":false,"text":7,"mood":"happy"}}"#).unwrap();
/// let message = event.message.unwrap();
/// assert_eq!((message.is_incoming, message.text), (Some(false), None));
/// assert_eq!(message.extra["mood"], "happy");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WebhookMessage {
    /// The message's id.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The contact: `{id, channel, phoneNumber}` on WhatsApp, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Map<String, Value>>,
    /// The channel, lowercase (the vendor writes `whatsApp`).
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Whether the contact wrote it (the vendor sends `"true"` / `"false"` strings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_incoming: Option<bool>,
    /// `text`, `media`, `template`...
    #[serde(rename = "type", default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The message this one answers (left out when it answers none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to_message: Option<Map<String, Value>>,
    /// The sender's display name.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Who sent an outgoing message.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub sent_by: Option<String>,
    /// When it was sent.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Delivery status of an outgoing message.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Why an outgoing message failed.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// The text.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The media's URL.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
    /// The media's caption.
    #[serde(default, deserialize_with = "lenient", skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A string, or `None` for any other value (kept in the event's `raw`).
fn lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(s) => Some(s),
        _ => None,
    })
}

/// Reads a webhook request's body into a [`WebhookEvent`] (see [`normalize`] for what is
/// normalized).
///
/// # Errors
///
/// `invalid_input` naming the field, as [`normalize`] reports it; `body` when the body
/// is not UTF-8.
///
/// ```
/// use whautomate::webhook::parse_event;
/// let e = parse_event("not json").unwrap_err();
/// assert_eq!((e.code().as_str(), e.field()), ("invalid_input", Some("body")));
/// assert_eq!(parse_event(r#"{"event":{"type":"contact_created"}}"#).unwrap_err().field(), Some("event.id"));
/// ```
pub fn parse_event(body: impl AsRef<[u8]>) -> Result<WebhookEvent, Error> {
    let text = core::str::from_utf8(body.as_ref()).map_err(|_| {
        Error::invalid_input(vec![crate::Violation::new("body", "invalid_value", "the webhook body is not UTF-8 text")])
    })?;
    let normalized = normalize(text)?;
    let mut event: WebhookEvent = serde_json::from_str(&normalized)
        .map_err(|e| Error::invalid_input(vec![crate::Violation::new("body", "invalid_value", alloc::format!("the webhook body could not be read: {e}"))]))?;
    event.raw = serde_json::from_str(text).unwrap_or(Value::Null);
    Ok(event)
}

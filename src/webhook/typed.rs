//! The normalized event as Rust types (serde), for [`parse_event`].

use crate::prelude::*;

#[cfg(doc)]
use super::event::normalize;
use super::event::{normalize_root, read_body};
use crate::Error;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// An event Whautomate delivered to a webhook, normalized by [`normalize`]. Serializes
/// to the shape the npm package's `parseWebhookEvent` returns.
///
/// Read tolerantly, whether by [`parse_event`] or by deserializing one (the shape it
/// serializes to): `id` and `type` are required; any other field of an unexpected shape
/// (`contact` as a string, `direction` as `"sideways"`) is `None`, the body as received
/// still holding it in `raw`; a repeated key counts once, with its last value (as in
/// `JSON.parse` and `raw`).
///
/// ```
/// use whautomate::webhook::parse_event;
/// let event = parse_event(r#"{"event":{"id":"e1","type":"contact_created","key":"c1"},"contact":{"id":"c1","name":"Alice"}}"#).unwrap();
/// assert_eq!((event.id.as_str(), event.kind.as_str(), event.direction), ("e1", "contact_created", None));
/// assert_eq!(event.contact.unwrap()["name"], "Alice");
/// assert_eq!(event.raw["event"]["key"], "c1");
///
/// // A contact event whose contact is no object: no contact, the body as sent in `raw`.
/// let event = parse_event(r#"{"event":{"id":"e2","type":"contact_created"},"contact":"c1"}"#).unwrap();
/// assert_eq!((event.contact, &event.raw["contact"]), (None, &serde_json::json!("c1")));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// From the type, else from `message.channel`; `None` when neither names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<EventChannel>,
    /// `event.key`: the id of the thing the event is about (the message's, the contact's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// `event.timeStamp`, as sent (ISO-8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occurred_at: Option<String>,
    /// The message of a message event (`None` when `message` is no object).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<WebhookMessage>,
    /// The contact of a contact event, as sent (`None` when it is no object).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Map<String, Value>>,
    /// The client of a client event, as sent (`None` when it is no object).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<Map<String, Value>>,
    /// The body as received: the object the event was read from (a byte order mark
    /// before it skipped, a lone surrogate escape such as `"\ud83d"` read as U+FFFD, a
    /// repeated key with its last value), for what the fields above leave out. Never
    /// `Null` from [`parse_event`].
    pub raw: Value,
}

impl<'de> Deserialize<'de> for WebhookEvent {
    /// Tolerant, as [`WebhookEvent`] says: read as a map first (a repeated key: the last
    /// one), each field then taken only when it has its shape, so that no field can fail
    /// the whole event but the two it cannot be without.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let mut members = Map::deserialize(deserializer)?;
        let required = |members: &mut Map<String, Value>, key: &'static str| match members.remove(key) {
            Some(Value::String(s)) => Ok(s),
            Some(Value::Number(n)) => Ok(n.to_string()),
            Some(other) => Err(D::Error::custom(alloc::format!("{key} must be a string, not {other}"))),
            None => Err(D::Error::missing_field(key)),
        };
        Ok(WebhookEvent {
            id: required(&mut members, "id")?,
            kind: required(&mut members, "type")?,
            direction: members.remove("direction").and_then(|v| Direction::deserialize(v).ok()),
            channel: members.remove("channel").and_then(|v| EventChannel::deserialize(v).ok()),
            key: members.remove("key").and_then(text),
            occurred_at: members.remove("occurredAt").and_then(text),
            message: members.remove("message").and_then(|v| WebhookMessage::deserialize(v).ok()),
            contact: members.remove("contact").and_then(object),
            client: members.remove("client").and_then(object),
            raw: members.remove("raw").unwrap_or(Value::Null),
        })
    }
}

/// A string as it is, a number as its text (as [`normalize`] reads `event.key`); nothing else.
fn text(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn object(value: Value) -> Option<Map<String, Value>> {
    match value {
        Value::Object(members) => Some(members),
        _ => None,
    }
}

/// Whether a message event is a message to you or from you.
///
/// ```
/// use whautomate::webhook::{parse_event, Direction, EventChannel};
/// let event = parse_event(r#"{"event":{"id":"e1","type":"outgoing_telegram_message"},"message":{"text":"hi"}}"#).unwrap();
/// assert_eq!((event.direction, event.channel), (Some(Direction::Outgoing), Some(EventChannel::Telegram)));
/// ```
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
///
/// ```
/// use whautomate::webhook::{parse_event, EventChannel};
/// let event = parse_event(r#"{"event":{"id":"e1","type":"incoming_website_message"},"message":{"text":"hi"}}"#).unwrap();
/// assert_eq!(event.channel, Some(EventChannel::Website));
/// assert_eq!(serde_json::to_string(&EventChannel::WhatsApp).unwrap(), r#""whatsapp""#);
/// ```
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

/// The message of a message event: the vendor's fields, read tolerantly. A field of an
/// unexpected shape (`text` as a number, `replyToMessage` as the string `"m0"`, `contact`
/// as a string or an array) is `None` here and kept, as sent, in `extra` under its own
/// name, the way the npm package's `parseWebhookEvent` keeps it in its `message`: the
/// message serializes to that same shape, and nothing sent is lost. A string is not read
/// as the JSON it may hold (`contact` as `"{\"id\":\"c1\"}"` stays a string), as in
/// `parseWebhookEvent`. A repeated key counts once, with its last value. Fields the SDK
/// does not know are in `extra` too.
///
/// ```
/// use whautomate::webhook::parse_event;
/// let event = parse_event(r#"{"event":{"id":"e","type":"outgoing_telegram_message"},"message":{"id":"m","isIncoming":false,"text":7,"mood":"happy","replyToMessage":"m0"}}"#).unwrap();
/// let message = event.message.unwrap();
/// assert_eq!((message.is_incoming, message.text, message.reply_to_message), (Some(false), None, None));
/// assert_eq!((&message.extra["mood"], &message.extra["text"], &message.extra["replyToMessage"]), (&"happy".into(), &7.into(), &"m0".into()));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WebhookMessage {
    /// The message's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The contact: `{id, channel, phoneNumber}` on WhatsApp, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Map<String, Value>>,
    /// The channel, lowercase (the vendor writes `whatsApp`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Whether the contact wrote it (the vendor sends `"true"` / `"false"` strings; any
    /// other value is left out by [`normalize`], and so is in neither this nor `extra`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_incoming: Option<bool>,
    /// `text`, `media`, `template`...
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The message this one answers (left out when it answers none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reply_to_message: Option<Map<String, Value>>,
    /// The sender's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Who sent an outgoing message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_by: Option<String>,
    /// When it was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Delivery status of an outgoing message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Why an outgoing message failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// The text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The media's URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
    /// The media's caption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Every other field, as sent, and every field above whose value had another shape.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl<'de> Deserialize<'de> for WebhookMessage {
    /// Tolerant, as [`WebhookMessage`] says: read as a map (a repeated key: the last one),
    /// each field then taken out of it only when it has its shape; what stays is `extra`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut extra = Map::deserialize(deserializer)?;
        let mut string = |key: &str| match extra.get(key) {
            Some(Value::String(_)) => match extra.remove(key) {
                Some(Value::String(s)) => Some(s),
                _ => None,
            },
            _ => None,
        };
        let (id, channel, kind, from, sent_by) = (string("id"), string("channel"), string("type"), string("from"), string("sentBy"));
        let (timestamp, status, error_message, text, media_url, caption) =
            (string("timestamp"), string("status"), string("errorMessage"), string("text"), string("mediaUrl"), string("caption"));
        let is_incoming = match extra.get("isIncoming") {
            Some(&Value::Bool(b)) => {
                extra.remove("isIncoming");
                Some(b)
            }
            _ => None,
        };
        let mut map = |key: &str| match extra.get(key) {
            Some(Value::Object(_)) => extra.remove(key).and_then(object),
            _ => None,
        };
        let (contact, reply_to_message) = (map("contact"), map("replyToMessage"));
        Ok(WebhookMessage { id, contact, channel, is_incoming, kind, reply_to_message, from, sent_by, timestamp, status, error_message, text, media_url, caption, extra })
    }
}

/// Reads a webhook request's body into a [`WebhookEvent`] (see [`normalize`] for what is
/// normalized).
///
/// # Errors
///
/// `invalid_input` naming the field, as [`normalize`] reports it; `too_long` on `body`
/// for a body over [`MAX_BODY_BYTES`](super::MAX_BODY_BYTES), which an endpoint refuses
/// too (413).
///
/// Bytes that are not UTF-8 read as U+FFFD, as `TextDecoder`, fetch's `text()` and the
/// npm package's `parseWebhookEvent` read them: the same body gets the same verdict from
/// both.
///
/// ```
/// use whautomate::webhook::parse_event;
/// let e = parse_event("not json").unwrap_err();
/// assert_eq!((e.code().as_str(), e.field()), ("invalid_input", Some("body")));
/// assert_eq!(parse_event(r#"{"event":{"type":"contact_created"}}"#).unwrap_err().field(), Some("event.id"));
/// let event = parse_event(b"{\"event\":{\"id\":\"e1\",\"type\":\"contact_created\"},\"contact\":{\"name\":\"Jos\xe9\"}}").unwrap();
/// assert_eq!(event.contact.unwrap()["name"], "Jos\u{fffd}");
/// ```
pub fn parse_event(body: impl AsRef<[u8]>) -> Result<WebhookEvent, Error> {
    // No more than one byte past the most that is read (`read_body` refuses such a body):
    // a huge body is not copied to be refused.
    let bytes = body.as_ref();
    let text = String::from_utf8_lossy(bytes.get(..=super::MAX_BODY_BYTES).unwrap_or(bytes));
    let text = &*text;
    // One reading of the body serves both the event and `raw`: a second one (by
    // `serde_json`, which refuses a byte order mark and a lone surrogate escape that the
    // event's reader takes) could fail where the event did not, and `raw` be `Null`.
    let root = read_body(text)?;
    let (_, normalized) = normalize_root(&root, text.len())?;
    // Typed with serde_json's depth limit off: it takes one level less than the body's
    // reader (127 against 128), and refused a deep body that `Receiver` had handed over;
    // the reader has bounded the depth already (the normalized event nests no deeper than
    // the body). The normalized event repeats no key and the event's reading is tolerant:
    // this fails only should `normalize` ever write an event without its id or type.
    let mut reader = serde_json::Deserializer::from_str(&normalized);
    reader.disable_recursion_limit();
    let mut event = WebhookEvent::deserialize(&mut reader)
        .map_err(|e| Error::invalid_input(vec![crate::Violation::new("body", "invalid_value", alloc::format!("the webhook body could not be read: {e}"))]))?;
    event.raw = to_serde(&root);
    Ok(event)
}

/// The crate's JSON tree as a `serde_json` one: strings as read (U+FFFD for a lone
/// surrogate), a repeated key with its last value (as [`crate::json::Value::get`] and
/// `JSON.parse` read it), numbers as `serde_json` reads their text.
fn to_serde(value: &crate::json::Value) -> Value {
    use crate::json::Value as V;
    match value {
        // `Foreign` comes only from caller input (`parse_input`), never from a body.
        V::Null | V::Foreign(_) => Value::Null,
        V::Bool(b) => Value::Bool(*b),
        // The reader refuses a number beyond a double's range, so `serde_json` reads each
        // one it kept; `Null` only should the two ever disagree.
        V::Number(n) => n.as_str().parse().map_or(Value::Null, Value::Number),
        V::String(s) => Value::String(s.clone()),
        V::Array(items) => Value::Array(items.iter().map(to_serde).collect()),
        V::Object(members) => {
            let mut map = Map::new();
            for (key, item) in members {
                map.insert(key.clone(), to_serde(item));
            }
            Value::Object(map)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The endpoint's bound, here too: a body of exactly `MAX_BODY_BYTES` is read, one byte
    /// more is refused, and a far longer one is refused without being copied whole.
    #[test]
    fn a_body_over_the_endpoints_bound_is_refused() {
        let event = r#"{"event":{"id":"e1","type":"contact_created"}}"#;
        let at_bound = alloc::format!("{event}{}", " ".repeat(super::super::MAX_BODY_BYTES - event.len()));
        assert_eq!(parse_event(&at_bound).unwrap().id, "e1");
        for body in [alloc::format!("{at_bound} "), alloc::format!("{at_bound}{}", "x".repeat(50 << 20))] {
            let e = parse_event(&body).unwrap_err();
            assert_eq!((e.code().as_str(), e.field(), e.violations()[0].code), ("invalid_input", Some("body"), "too_long"), "{} bytes", body.len());
            assert!(e.message().contains("1048576"), "{}", e.message());
            assert_eq!(super::super::normalize(&body).unwrap_err().violations()[0].code, "too_long");
        }
    }

    /// `raw` is the crate reader's tree: U+FFFD for a lone surrogate, the last of a
    /// repeated key, every number as `serde_json` reads its text.
    #[test]
    fn to_serde_keeps_what_the_reader_read() {
        let tree = crate::json::parse(r#"{"a":"x\ud83d","a":"y\udc00","n":[1,-0,1.5e3,18446744073709551616],"o":{"t":true,"z":null}}"#).unwrap();
        let expected = serde_json::json!({"a": "y\u{fffd}", "n": [1, -0.0, 1500.0, 18_446_744_073_709_551_616.0], "o": {"t": true, "z": null}});
        assert_eq!(to_serde(&tree), expected);
    }

    /// A body as deep as the reader takes, which `Receiver` hands over, is an event here
    /// too (`serde_json::from_str` of the normalized event stopped at 128 levels); one
    /// level deeper is refused by the reader, for both.
    #[test]
    fn a_body_as_deep_as_the_reader_takes_is_an_event() {
        let deep = |n: usize| alloc::format!(r#"{{"event":{{"id":"deep1","type":"incoming_whatsapp_message"}},"message":{{"text":"hi","x":{}{}}}}}"#, "[".repeat(n), "]".repeat(n));
        let n = (0..crate::json::MAX_DEPTH).rev().find(|&n| crate::json::parse(&deep(n)).is_ok()).unwrap();
        assert!(n > 100, "{n}");
        let mut receiver = crate::webhook::Receiver::new(10);
        assert!(matches!(receiver.receive(None, &deep(n), 0), crate::webhook::Reception::Handle { .. }));
        let event = parse_event(deep(n)).unwrap();
        assert_eq!((event.id.as_str(), event.message.unwrap().text.as_deref()), ("deep1", Some("hi")));
        assert_eq!(parse_event(deep(n + 1)).unwrap_err().field(), Some("body"));
    }

    /// Every typed field of the message, given a value of another shape: `None`, and the
    /// value in `extra` under its name; of its shape: read, and not in `extra`.
    #[test]
    fn each_message_field_of_another_shape_stays_in_extra() {
        // A field's wire name, and whether the typed field holds a value.
        type Field = (&'static str, fn(&WebhookMessage) -> bool);
        let fields: [Field; 15] = [
            ("id", |m| m.id.is_some()),
            ("contact", |m| m.contact.is_some()),
            ("channel", |m| m.channel.is_some()),
            ("isIncoming", |m| m.is_incoming.is_some()),
            ("type", |m| m.kind.is_some()),
            ("replyToMessage", |m| m.reply_to_message.is_some()),
            ("from", |m| m.from.is_some()),
            ("sentBy", |m| m.sent_by.is_some()),
            ("timestamp", |m| m.timestamp.is_some()),
            ("status", |m| m.status.is_some()),
            ("errorMessage", |m| m.error_message.is_some()),
            ("text", |m| m.text.is_some()),
            ("mediaUrl", |m| m.media_url.is_some()),
            ("caption", |m| m.caption.is_some()),
            ("other", |m| m.extra.contains_key("other")),
        ];
        for (key, is_set) in fields {
            let right = match key {
                "contact" | "replyToMessage" => serde_json::json!({"id": "x"}),
                "isIncoming" => serde_json::json!(true),
                _ => serde_json::json!("x"),
            };
            let read = WebhookMessage::deserialize(serde_json::json!({ key: right.clone() })).unwrap();
            assert!(is_set(&read), "{key}: read");
            assert_eq!(read.extra.get(key).is_some(), key == "other", "{key}: not also in extra");
            for wrong in [serde_json::json!("s"), serde_json::json!(1), serde_json::json!([]), serde_json::json!({}), serde_json::json!(null)] {
                if core::mem::discriminant(&wrong) == core::mem::discriminant(&right) || key == "other" {
                    continue;
                }
                let read = WebhookMessage::deserialize(serde_json::json!({ key: wrong.clone() })).unwrap();
                assert!(!is_set(&read), "{key}: {wrong} is not read");
                assert_eq!(read.extra.get(key), Some(&wrong), "{key}: {wrong} kept in extra");
            }
        }
    }
}

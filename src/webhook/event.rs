//! Reading an inbound event: the vendor's webhook payload, tolerantly.
//!
//! The vendor's own example (its "Messages" webhook page) is untidy, and the reader takes
//! it as it is: `isIncoming` as the string `"true"`, `message.channel` as `"whatsApp"`
//! beside a `contact.channel` of `"whatsapp"`, `replyToMessage` as `{}` when the message
//! is no reply, keys left out rather than empty, `timeStamp` and `timestamp` both. What it
//! normalizes is listed on [`normalize`]; everything else is kept as sent.

use crate::prelude::*;

use crate::json::{parse, write_str, Value};
use crate::{Error, Violation};
use alloc::collections::BTreeMap;

/// The channels an event can name, lowercase.
const CHANNELS: [&str; 5] = ["whatsapp", "telegram", "instagram", "messenger", "website"];

/// The event in `body` (the request's text), normalized, as JSON: `{"id","type",
/// "direction"?,"channel"?,"key"?,"occurredAt"?,"message"?,"contact"?,"client"?}`.
///
/// - `id`, `type`: `event.id`, `event.type` (a type the SDK does not know is kept as sent);
/// - `direction`: `"incoming"` / `"outgoing"` from a type `incoming_<channel>_message` /
///   `outgoing_<channel>_message`, else absent;
/// - `channel`: lowercase, from the type, else from `message.channel`, when it is one of
///   whatsapp, telegram, instagram, messenger, website; else absent;
/// - `key`, `occurredAt`: `event.key`, `event.timeStamp` (a number becomes its text);
/// - `message`: as sent, but `isIncoming` a boolean (from `true`, `"true"`, `false`,
///   `"false"`, any case; any other value is left out), `channel` lowercase,
///   `replyToMessage` left out when it is `{}`, `null` or `""`, and a numeric `id` as its
///   text (the message's, its `contact`'s and its `replyToMessage`'s);
/// - `contact`, `client`: as sent, on the events that carry them, but a numeric `id` as
///   its text (exact: a JSON reader such as JavaScript's would round one beyond 2^53);
/// - a key repeated in an object: once, where it first occurs, with its last value (as
///   `JSON.parse` reads it), so that the output repeats no key and the rules above apply
///   to the value the body's reader sees: `{"isIncoming":"true","isIncoming":"maybe"}`
///   has no `isIncoming`;
/// - a field of an unexpected shape (`replyToMessage` as `"m0"`, `contact` as a string or
///   an array, `text` as a number...): kept as sent. Only a body that is not JSON, not an
///   object, or lacks `event.id` / `event.type` is refused.
///
/// # Errors
///
/// `invalid_input` naming the field: `body` when it is not JSON or not an object,
/// `event` when that is missing or not an object, `event.id` / `event.type` when missing,
/// empty or not a string (an id may be a number: it is read as its text).
///
/// ```
/// let body = r#"{"event":{"id":"cIH32l5nW8","type":"incoming_whatsapp_message","timeStamp":"2024-03-17T03:31:24.572Z","key":"2xoE5Rb6yT"},
///   "message":{"id":"2xoE5Rb6yT","channel":"whatsApp","isIncoming":"true","replyToMessage":{},"from":"John"}}"#;
/// let event = whautomate::webhook::normalize(body).unwrap();
/// assert_eq!(event, concat!(r#"{"id":"cIH32l5nW8","type":"incoming_whatsapp_message","direction":"incoming","#,
///     r#""channel":"whatsapp","key":"2xoE5Rb6yT","occurredAt":"2024-03-17T03:31:24.572Z","#,
///     r#""message":{"id":"2xoE5Rb6yT","channel":"whatsapp","isIncoming":true,"from":"John"}}"#));
/// ```
pub fn normalize(body: &str) -> Result<String, Error> {
    normalize_with_id(body).map(|(_, event)| event)
}

/// [`normalize`], with the event's id beside its JSON (for the [`Receiver`](super::Receiver),
/// which would otherwise read the JSON again to find it).
pub(crate) fn normalize_with_id(body: &str) -> Result<(String, String), Error> {
    normalize_root(&read_body(body)?, body.len())
}

/// The body read as JSON, the way every reader of an event reads it: a byte order mark
/// before the JSON (some servers and proxies add one) skipped, as RFC 8259 §8.1 lets a
/// reader do, and a lone surrogate escape read as U+FFFD (response mode of
/// [`parse`]). `parse_event` keeps this tree as the event's `raw`, so that `raw` is the
/// very object the event was read from, never a second reading that could differ.
///
/// A body over [`MAX_BODY_BYTES`](super::MAX_BODY_BYTES) is refused unread
/// (`invalid_input`, `too_long` on `body`): an endpoint answers 413 to it, and
/// `parse_event` and the npm package's `parseWebhookEvent` refuse the same body alike, so
/// that no code path reads a megabytes-long body into a tree.
pub(crate) fn read_body(body: &str) -> Result<Value, Error> {
    if body.len() > super::MAX_BODY_BYTES {
        let message = crate::text!("the webhook body is longer than ", super::MAX_BODY_BYTES, " bytes, the most an endpoint reads");
        return Err(Error::invalid_input(vec![Violation::new("body", crate::validate::codes::TOO_LONG, message)]));
    }
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    parse(body).map_err(|e| invalid("body", crate::text!("the webhook body is not JSON (", e.reason, ")")))
}

/// The event of a body [`read_body`] read, normalized; `capacity` sizes the output.
pub(crate) fn normalize_root(root: &Value, capacity: usize) -> Result<(String, String), Error> {
    if !matches!(root, Value::Object(_)) {
        return Err(invalid("body", crate::text!("the webhook body must be a JSON object, not ", root.kind())));
    }
    let event = match root.get("event") {
        Some(event @ Value::Object(_)) => event,
        Some(other) => return Err(invalid("event", crate::text!("event must be an object, not ", other.kind()))),
        None => return Err(required("event", "event is required (an object with id and type)")),
    };
    let id = required_text(event, "id", "event.id", true)?;
    let kind = required_text(event, "type", "event.type", false)?;
    let (direction, typed_channel) = split_type(&kind);
    let message = match root.get("message") {
        Some(Value::Object(members)) => Some(members),
        _ => None,
    };
    let message_channel = message.and_then(|_| root.get("message")?.get("channel")).and_then(channel_of);
    let channel = typed_channel.or(message_channel);

    let mut out = String::with_capacity(capacity + 64);
    out.push('{');
    member(&mut out, "id", |o| write_str(o, &id), false);
    member(&mut out, "type", |o| write_str(o, &kind), true);
    if let Some(direction) = direction {
        member(&mut out, "direction", |o| write_str(o, direction), true);
    }
    if let Some(channel) = channel {
        member(&mut out, "channel", |o| write_str(o, channel), true);
    }
    if let Some(key) = event.get("key").and_then(text_of) {
        member(&mut out, "key", |o| write_str(o, &key), true);
    }
    if let Some(at) = event.get("timeStamp").and_then(text_of) {
        member(&mut out, "occurredAt", |o| write_str(o, &at), true);
    }
    if let Some(members) = message {
        member(&mut out, "message", |o| write_message(o, members), true);
    }
    for name in ["contact", "client"] {
        if let Some(Value::Object(members)) = root.get(name) {
            member(&mut out, name, |o| write_record(o, members), true);
        }
    }
    out.push('}');
    Ok((id, out))
}

/// `incoming_whatsapp_message` → (`incoming`, `whatsapp`); the channel part in any case.
fn split_type(kind: &str) -> (Option<&'static str>, Option<&'static str>) {
    let direction = if kind.starts_with("incoming_") {
        "incoming"
    } else if kind.starts_with("outgoing_") {
        "outgoing"
    } else {
        return (None, None);
    };
    let Some(middle) = kind.get(direction.len() + 1..).and_then(|rest| rest.strip_suffix("_message")) else { return (None, None) };
    (Some(direction), known_channel(middle))
}

fn known_channel(name: &str) -> Option<&'static str> {
    CHANNELS.into_iter().find(|c| c.eq_ignore_ascii_case(name))
}

fn channel_of(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(s) => known_channel(s),
        _ => None,
    }
}

/// A string as it is, a number as its text; nothing else.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.as_str().to_owned()),
        _ => None,
    }
}

/// `event.<key>`: a non-empty string (or, where `number_too`, a number, as its text).
fn required_text(event: &Value, key: &str, field: &str, number_too: bool) -> Result<String, Error> {
    match event.get(key) {
        Some(Value::String(s)) if !crate::text::trim(s).is_empty() => Ok(s.clone()),
        Some(Value::Number(n)) if number_too => Ok(n.as_str().to_owned()),
        Some(Value::String(_)) => Err(required(field, crate::text!(field, " must not be empty"))),
        Some(other) => Err(invalid(field, crate::text!(field, " must be a string, not ", other.kind()))),
        None => Err(required(field, crate::text!(field, " is required"))),
    }
}

fn is_incoming(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if crate::text::trim(s).eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if crate::text::trim(s).eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

fn is_empty_reply(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Object(members) => members.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// A contact or client as sent, but a numeric `id` as its text (see [`id_text`]).
fn write_record(out: &mut String, members: &[(String, Value)]) {
    out.push('{');
    for (i, (key, value)) in unique(members).into_iter().enumerate() {
        let normalized = if key == "id" { id_text(value) } else { None };
        member(out, key, |o| write_value(o, normalized.as_ref().unwrap_or(value)), i > 0);
    }
    out.push('}');
}

/// An object's members, one per key: at the place of the key's first occurrence, with the
/// value of its last. That is how `JSON.parse`, [`Value::get`] and `serde_json`'s `Value`
/// all read a repeated key, so the event says what its `raw` says: without this, a rule
/// that leaves a member out (`isIncoming` that is no boolean, an empty `replyToMessage`)
/// would leave out only the last of two, and the first would win. The output then repeats
/// no key, which a reader that refuses repeats (a struct read by serde) needs.
fn unique(members: &[(String, Value)]) -> Vec<(&str, &Value)> {
    // Up to this many members, each is compared with the others (about 1,000
    // comparisons); beyond, a map, so that a hostile body of 1 MiB of keys stays linear-ish.
    const SMALL: usize = 32;
    let mut out = Vec::with_capacity(members.len());
    if members.len() <= SMALL {
        for (i, (key, _)) in members.iter().enumerate() {
            let earlier = members.get(..i).unwrap_or_default();
            if earlier.iter().any(|(k, _)| k == key) {
                continue;
            }
            let later = members.get(i..).unwrap_or_default();
            if let Some((_, value)) = later.iter().rev().find(|(k, _)| k == key) {
                out.push((key.as_str(), value));
            }
        }
        return out;
    }
    // `BTreeMap<String, u64>` with `insert` and `remove(&str)`: the very map (and calls) the
    // `Receiver` holds its ids in, so the wasm build carries no second copy of the B-tree
    // code: a map of borrowed keys, `BTreeMap<&str, usize>`, cost 21,204 bytes more of the
    // receive build's `.wasm` (release, before wasm-opt); this way, the whole function
    // costs under 1 KB. The keys' copies are paid only by objects of over 32 members.
    let mut last: BTreeMap<String, u64> = BTreeMap::new();
    for (i, (key, _)) in (0u64..).zip(members) {
        last.insert(key.clone(), i);
    }
    for (key, _) in members {
        // Removed at the key's first occurrence: a later one finds nothing and is skipped.
        let at = last.remove(key.as_str()).and_then(|i| usize::try_from(i).ok());
        if let Some((_, value)) = at.and_then(|i| members.get(i)) {
            out.push((key.as_str(), value));
        }
    }
    out
}

/// An `id` given as a number, as its exact text: JavaScript's `JSON.parse` would round one
/// beyond 2^53 (`9007199254740993` to `…992`), and ids are compared, not computed with.
fn id_text(value: &Value) -> Option<Value> {
    match value {
        Value::Number(n) => Some(Value::String(n.as_str().to_owned())),
        _ => None,
    }
}

fn write_message(out: &mut String, members: &[(String, Value)]) {
    out.push('{');
    let mut first = true;
    for (key, value) in unique(members) {
        let normalized = match key {
            "id" => id_text(value),
            "isIncoming" => match is_incoming(value) {
                Some(b) => Some(Value::Bool(b)),
                None => continue,
            },
            "channel" => match value {
                Value::String(s) => Some(Value::String(s.to_ascii_lowercase())),
                _ => None,
            },
            "replyToMessage" if is_empty_reply(value) => continue,
            // The message's contact and the message it answers: their ids as text too.
            // Of any other shape (a string, an array...), kept as sent.
            "contact" | "replyToMessage" => {
                if let Value::Object(members) = value {
                    member(out, key, |o| write_record(o, members), !first);
                    first = false;
                    continue;
                }
                None
            }
            _ => None,
        };
        member(out, key, |o| write_value(o, normalized.as_ref().unwrap_or(value)), !first);
        first = false;
    }
    out.push('}');
}

fn member(out: &mut String, key: &str, write: impl FnOnce(&mut String), comma: bool) {
    if comma {
        out.push(',');
    }
    write_str(out, key);
    out.push(':');
    write(out);
}

/// Writes `value` back as JSON (numbers as their exact text).
fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null | Value::Foreign(_) => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n.as_str()),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (key, item)) in unique(members).into_iter().enumerate() {
                member(out, key, |o| write_value(o, item), i > 0);
            }
            out.push('}');
        }
    }
}

fn invalid(field: &str, message: String) -> Error {
    Error::invalid_input(vec![Violation::new(field, "invalid_value", message)])
}

fn required(field: &str, message: impl AsRef<str>) -> Error {
    Error::invalid_input(vec![Violation::new(field, "required", message.as_ref())])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(body: &str) -> String {
        let mut out = String::new();
        let root = parse(body).unwrap();
        if let Value::Object(members) = &root {
            for (key, value) in unique(members) {
                out.push_str(key);
                out.push('=');
                write_value(&mut out, value);
                out.push(' ');
            }
        }
        out
    }

    /// A repeated key: once, at its first place, with its last value (`JSON.parse`'s
    /// reading), in a small object and in one past `SMALL` members (the map's path).
    #[test]
    fn unique_gives_each_key_once_at_its_first_place_with_its_last_value() {
        assert_eq!(keys(r#"{"a":1,"b":2,"a":3}"#), "a=3 b=2 ");
        let many: Vec<String> = (0..100).map(|i| crate::text!("\"k", i % 40, "\":", i)).collect();
        let expected: String = (0..40).map(|k| crate::text!("k", k, "=", if k < 20 { k + 80 } else { k + 40 }, " ")).collect();
        assert_eq!(keys(&crate::text!("{", many.join(","), "}")), expected);
        let distinct: Vec<String> = (0..40).map(|i| crate::text!("\"k", i, "\":", i)).collect();
        let expected: String = (0..40).map(|k| crate::text!("k", k, "=", k, " ")).collect();
        assert_eq!(keys(&crate::text!("{", distinct.join(","), "}")), expected);
        assert_eq!(keys(r#"{"a":1,"a":2,"a":{"x":1,"x":2}}"#), r#"a={"x":2} "#);
        assert_eq!(keys(r#"{"a":1,"b":2}"#), "a=1 b=2 ");
        assert_eq!(keys(r#"{"a":1}"#), "a=1 ");
        assert_eq!(keys("{}"), "");
    }

    /// The message rules see the value a repeated key ends with, not the first one.
    #[test]
    fn message_rules_apply_to_the_last_value_of_a_repeated_key() {
        let event = |message: &str| normalize(&crate::text!(r#"{"event":{"id":"e","type":"t"},"message":"#, message, "}")).unwrap();
        assert_eq!(event(r#"{"isIncoming":"true","isIncoming":"no"}"#), r#"{"id":"e","type":"t","message":{}}"#);
        assert_eq!(event(r#"{"isIncoming":"no","isIncoming":"false"}"#), r#"{"id":"e","type":"t","message":{"isIncoming":false}}"#);
        assert_eq!(event(r#"{"replyToMessage":{"id":1},"replyToMessage":""}"#), r#"{"id":"e","type":"t","message":{}}"#);
        assert_eq!(event(r#"{"replyToMessage":{},"replyToMessage":"m0"}"#), r#"{"id":"e","type":"t","message":{"replyToMessage":"m0"}}"#);
        assert_eq!(event(r#"{"channel":"X","contact":[1],"channel":"WhatsApp"}"#), r#"{"id":"e","type":"t","channel":"whatsapp","message":{"channel":"whatsapp","contact":[1]}}"#);
    }
}

//! Building the POST request of a send.

use crate::prelude::*;

use crate::config::{ApiKey, BaseUrl};
use crate::error::{Error, Violation};
use crate::model::input::MessageInput;
use crate::model::message::OutgoingMessage;
use crate::request::prepared::{Method, PreparedRequest};
use crate::validate::{codes, validate_message, ValidationContext};

/// Builds the request for a validated message.
///
/// The location is the message's own, else `default_location`; with neither, or when
/// `now_ms` is given and the schedule is not in the future, the result is an
/// `invalid_input` error (fields `locationId`, `scheduleAt`). Headers, in order:
/// `x-api-key`, `content-type: application/json`, `accept: application/json`. The body
/// is compact JSON in the vendor page's field order.
///
/// # Errors
///
/// `invalid_input` when there is no location (on the message or as `default_location`) or
/// the schedule is not after `now_ms`.
///
/// ```
/// use whautomate::{ApiKey, BaseUrl, Method};
/// use whautomate::model::{Channel, MessageBuilder, MessageKind};
/// use whautomate::request::prepare_send;
/// let msg = MessageBuilder::new(Channel::Messenger, MessageKind::Text)
///     .to_contact("c_1").text("Hi!").build().unwrap();
/// let key = ApiKey::new("k").unwrap();
/// let req = prepare_send(&msg, &BaseUrl::default(), &key, Some("loc_1"), None).unwrap();
/// assert_eq!(req.method, Method::Post);
/// assert_eq!(req.url, "https://api.whautomate.com/v1/messages/messenger/sendtext");
/// assert_eq!(req.body.as_deref(),
///            Some(r#"{"contact":{"id":"c_1"},"textMessage":"Hi!","location":{"id":"loc_1"}}"#));
/// let err = prepare_send(&msg, &BaseUrl::default(), &key, None, None).unwrap_err();
/// assert_eq!(err.field(), Some("locationId"));
/// ```
pub fn prepare_send(
    msg: &OutgoingMessage,
    base: &BaseUrl,
    key: &ApiKey,
    default_location: Option<&str>,
    now_ms: Option<i64>,
) -> Result<PreparedRequest, Error> {
    let mut violations = Vec::new();
    let location = msg
        .location_id()
        .or(default_location)
        .filter(|id| !crate::text::trim(id).is_empty());
    if location.is_none() {
        violations.push(Violation::new(
            "locationId",
            codes::REQUIRED,
            "locationId is required: give it on the message or as the client's default",
        ));
    }
    if let Some(passed) = now_ms.and_then(|now| crate::validate::passed_violation(msg.schedule_at_ms(), now)) {
        violations.push(passed);
    }
    let (Some(location), true) = (location, violations.is_empty()) else {
        return Err(Error::invalid_input(violations));
    };
    Ok(post(send_url(msg, base), msg.body_with_location(Some(location)), msg.schedule_at_ms(), key))
}

/// The send request with these parts.
fn post(url: String, body: String, schedule_at_ms: Option<i64>, key: &ApiKey) -> PreparedRequest {
    PreparedRequest { method: Method::Post, url, headers: send_headers(key), body: Some(body), schedule_at_ms }
}

/// `{base}/messages/{channel}/{endpoint}`.
fn send_url(msg: &OutgoingMessage, base: &BaseUrl) -> String {
    // Sized once: `text!` starts empty, and the ~60 bytes of a URL took 4 allocations.
    let mut url = String::with_capacity(base.as_str().len() + 32);
    url.push_str(base.as_str());
    url.push_str("/messages/");
    url.push_str(msg.channel().as_str());
    url.push('/');
    url.push_str(msg.kind().endpoint());
    url
}

/// The headers of every send, in sending order.
#[must_use]
pub fn send_headers(key: &ApiKey) -> Vec<(&'static str, String)> {
    send_header_pairs(key).iter().map(|&(name, value)| (name, value.to_owned())).collect()
}

/// [`send_headers`], borrowed.
#[must_use]
pub fn send_header_pairs(key: &ApiKey) -> [(&'static str, &str); 3] {
    [(crate::API_KEY_HEADER, key.expose()), ("content-type", "application/json"), ("accept", "application/json")]
}

/// Validates a JS-shaped message (schedule against `now_ms`, location required, falling
/// back to `default_location`) and builds its request: what `client.prepare(message)` does.
///
/// # Errors
///
/// `invalid_input` with every violation of the message, as [`prepare_send`].
///
/// ```
/// use whautomate::{ApiKey, BaseUrl};
/// use whautomate::model::MessageInput;
/// use whautomate::request::prepare_input;
/// let input: MessageInput = serde_json::from_str(
///     r#"{"channel":"whatsapp","type":"text","to":{"phoneNumber":"+1 650-555-1234"},"text":"Hi"}"#).unwrap();
/// let key = ApiKey::new("k").unwrap();
/// let req = prepare_input(&input, &BaseUrl::default(), &key, Some("loc_1"), Some(0)).unwrap();
/// assert_eq!(req.body.as_deref(), Some(
///     r#"{"recepient":{"phoneNumber":"+16505551234"},"textMessage":"Hi","location":{"id":"loc_1"}}"#));
/// ```
pub fn prepare_input(
    input: &MessageInput,
    base: &BaseUrl,
    key: &ApiKey,
    default_location: Option<&str>,
    now_ms: Option<i64>,
) -> Result<PreparedRequest, Error> {
    let msg = validated(input, default_location, now_ms)?;
    Ok(post(send_url(&msg, base), msg.body_with_location(msg.location_id()), msg.schedule_at_ms(), key))
}

/// The URL and body of [`prepare_input`]'s request, without its headers: what the npm
/// engine needs per send (the driver holds the headers, built once per client).
///
/// # Errors
///
/// `invalid_input` with every violation of the message.
pub fn input_url_body(
    input: &MessageInput,
    base: &BaseUrl,
    default_location: Option<&str>,
    now_ms: Option<i64>,
) -> Result<(String, String), Error> {
    let msg = validated(input, default_location, now_ms)?;
    Ok((send_url(&msg, base), msg.body_with_location(msg.location_id())))
}

/// The message `input` describes, validated with every rule. Validation does
/// [`prepare_send`]'s checks: with `require_location`, the message holds its location
/// (its own, else the default), and its schedule was checked against `now_ms`.
// Into `input_url_body`, the npm engine's one caller: out of line, 19 bytes more of gzip.
#[allow(clippy::inline_always)]
#[inline(always)]
fn validated(input: &MessageInput, default_location: Option<&str>, now_ms: Option<i64>) -> Result<OutgoingMessage, Error> {
    let ctx = ValidationContext {
        now_ms,
        default_location_id: default_location.map(str::to_owned),
        require_location: true,
    };
    validate_message(input, &ctx).map_err(Error::invalid_input)
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `request::send::send_headers`
    #[test]
    fn send_headers_line_84() {
        let key = crate::ApiKey::new("k").unwrap();
        let names: Vec<&str> = crate::request::send::send_headers(&key).iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["x-api-key", "content-type", "accept"]);
    }
}

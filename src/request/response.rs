//! Turning a response (status + body text) into a result.

use crate::prelude::*;

use crate::error::{Error, ErrorCode};
use crate::json::Value;
use crate::model::history::HistoryMessage;

/// A send's response: 2xx with `{"success": true}` is success.
///
/// A 2xx with any other body is `invalid_response` with `may_have_been_sent = true` (the
/// server answered 2xx, so it may well have accepted the message) and not retryable.
/// A non-2xx is mapped by [`Error::from_status`] as a send.
///
/// # Errors
///
/// The error the status stands for (`rate_limited`, `server_error`...), or
/// `invalid_response` for a 2xx that is not `{"success": true}`.
///
/// ```
/// use whautomate::ErrorCode;
/// use whautomate::request::parse_send_response;
/// assert!(parse_send_response(200, r#"{"success": true}"#).is_ok());
/// // The vendor's page shows WhatsApp's `sendtemplate` answering with the request echoed
/// // back: no `success`, so "may have been sent", the echo kept in the error's body.
/// let e = parse_send_response(200, r#"{"contact":{"id":"ct_1"},"template":{"name":"order_update","language":"en"}}"#).unwrap_err();
/// assert!(e.may_have_been_sent() && e.body().unwrap().contains("order_update"));
/// let e = parse_send_response(200, r#"{"error":"Invalid parameters"}"#).unwrap_err();
/// assert_eq!(e.code(), ErrorCode::InvalidResponse);
/// assert!(e.may_have_been_sent() && !e.retryable());
/// let e = parse_send_response(404, r#"{"error":"Invalid locationId"}"#).unwrap_err();
/// assert_eq!((e.code(), e.message()), (ErrorCode::NotFound, "Invalid locationId"));
/// ```
pub fn parse_send_response(status: u16, body: &str) -> Result<(), Error> {
    judge_send(status, body, crate::json::parse(body).ok().as_ref())
}

/// [`Error::from_status`] with the body parsed already (`parsed`: `None` when it is no
/// JSON), for the npm package's engine (see [`judge_send`]).
///
/// ```
/// use whautomate::__js::json::parse;
/// use whautomate::__js::response::status_error;
/// let body = r#"{"error":"Invalid locationId"}"#;
/// let e = status_error(404, Some(body.into()), parse(body).ok().as_ref(), true);
/// assert_eq!((e.status(), e.message()), (Some(404), "Invalid locationId"));
/// ```
#[must_use]
pub fn status_error(status: u16, body: Option<String>, parsed: Option<&Value>, is_send: bool) -> Error {
    Error::from_status_parsed(status, body, parsed, is_send)
}

/// [`parse_send_response`] with the body parsed already (`parsed`: `None` when it is no
/// JSON): the npm package's driver parses it with `JSON.parse` and hands it over as a
/// tape ([`crate::json::tape`]), so that its engine carries no JSON parser.
///
/// # Errors
///
/// As [`parse_send_response`].
///
/// ```
/// use whautomate::__js::json::{parse, tape};
/// use whautomate::__js::response::judge_send;
/// let body = r#"{"success":true}"#;
/// let parsed = tape::read(&tape::write(&parse(body).unwrap()), false).ok();
/// assert!(judge_send(200, body, parsed.as_ref()).is_ok());
/// assert!(judge_send(200, "oops", None).unwrap_err().message().contains("not a JSON object"));
/// ```
pub fn judge_send(status: u16, body: &str, parsed: Option<&Value>) -> Result<(), Error> {
    if !is_success(status) {
        return Err(Error::from_status_parsed(status, Some(body.to_owned()), parsed, true));
    }
    // Longer than an error keeps: no send's answer is, and the npm driver hands over
    // only that much (and a little more) of a body.
    if body.len() > crate::error::ERROR_BODY_CAP {
        return Err(unjudged_send(status, body));
    }
    let problem = match parsed {
        Some(value @ Value::Object(_)) => {
            if matches!(value.get("success"), Some(Value::Bool(true))) {
                return Ok(());
            }
            match value.get("error").or_else(|| value.get("message")) {
                Some(Value::String(text)) if !text.is_empty() => crate::text!("HTTP ", status, " without \"success\": true: ", text),
                _ => crate::text!("HTTP ", status, " without \"success\": true"),
            }
        }
        _ => crate::text!("HTTP ", status, " with a body that is not a JSON object"),
    };
    Err(Error::new(ErrorCode::InvalidResponse, problem)
        .with_status(Some(status))
        .with_body(Some(body.to_owned()))
        .with_may_have_been_sent(true)
        .with_retryable(false))
}

/// A history response: 2xx with a JSON array of messages. Unknown fields and values are
/// kept (see [`HistoryMessage`]); anything else is `invalid_response`. A non-2xx is
/// mapped by [`Error::from_status`] as a read.
///
/// # Errors
///
/// The error the status stands for, or `invalid_response` for a 2xx whose body is not
/// an array of message objects.
///
/// ```
/// use whautomate::request::parse_history_response;
/// let page = parse_history_response(200, r#"[{"id":"m1","text":"hi"},{"id":"m2"}]"#).unwrap();
/// assert_eq!(page.len(), 2);
/// assert!(parse_history_response(200, r#"{"id":"m1"}"#).is_err());
/// assert!(parse_history_response(503, "").unwrap_err().retryable());
/// ```
pub fn parse_history_response(status: u16, body: &str) -> Result<Vec<HistoryMessage>, Error> {
    if !is_success(status) {
        return Err(Error::from_status(status, Some(body.to_owned()), false));
    }
    // A lone surrogate (a cut emoji, which JSON.parse accepts) would fail the whole page:
    // it is read as U+FFFD instead (a Rust string cannot hold it).
    serde_json::from_str::<Vec<HistoryMessage>>(&crate::json::mend_lone_surrogates(body))
        .map_err(|e| {
            // A read: safe to repeat, and nothing was sent. serde_json's error renders only
            // through Display; that is fine here, as this parser is Rust-only (the wasm
            // engine uses `parse_history_page`).
            let detail = e.to_string();
            Error::new(ErrorCode::InvalidResponse, crate::text!("HTTP ", status, " with a body that is not an array of messages: ", detail))
                .with_status(Some(status))
                .with_body(Some(body.to_owned()))
                .with_retryable(true)
        })
}

/// A history page, checked (a JSON array of objects) but not converted: the body as the
/// server sent it, and how many messages it holds. The JS bindings hand the body to
/// `JSON.parse`, so the wasm build never carries a deserialiser for history messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawPage {
    /// The response body, a JSON array.
    pub body: String,
    /// The number of messages in it.
    pub len: usize,
}

/// A history response checked as a [`RawPage`]; errors as in [`parse_history_response`].
///
/// # Errors
///
/// As [`parse_history_response`].
pub fn parse_history_page(status: u16, body: String) -> Result<RawPage, Error> {
    let len = history_page_len(status, &body)?;
    Ok(RawPage { body, len })
}

/// The number of messages of a history response checked as [`parse_history_page`]
/// checks it, without taking the body (the npm engine only needs the verdict).
pub(crate) fn history_page_len(status: u16, body: &str) -> Result<usize, Error> {
    if !is_success(status) {
        return Err(Error::from_status(status, Some(body.to_owned()), false));
    }
    match crate::json::parse(body) {
        Ok(Value::Array(items)) if items.iter().all(|item| matches!(item, Value::Object(_))) => Ok(items.len()),
        // A read: safe to repeat, and nothing was sent.
        _ => Err(Error::new(ErrorCode::InvalidResponse, crate::text!("HTTP ", status, " with a body that is not an array of messages"))
            .with_status(Some(status))
            .with_body(Some(body.to_owned()))
            .with_retryable(true)),
    }
}

/// True for a 2xx status.
#[must_use]
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// A send answered 2xx with a body longer than [`ERROR_BODY_CAP`](crate::error::ERROR_BODY_CAP),
/// more than drivers hand over whole (see [`crate::Error::redact`] on the prefix they hand
/// in): it is not confirmed as `{"success": true}`, so it is `invalid_response`, and the
/// message may have been sent.
#[must_use]
pub fn unjudged_send(status: u16, prefix: &str) -> Error {
    Error::new(ErrorCode::InvalidResponse, crate::text!("HTTP ", status, " with a body too long to be a send's answer"))
        .with_status(Some(status))
        .with_body(Some(prefix.to_owned()))
        .with_may_have_been_sent(true)
        .with_retryable(false)
}

/// What a driver's own JSON parser (the npm package's `JSON.parse`, the crate's
/// `serde_json` in the Rust client) found in a 2xx answer: facts, judged by
/// [`check_parsed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(clippy::struct_excessive_bools)] // facts a driver reports: each is a yes or a no
pub struct PageShape {
    /// The body parsed as JSON.
    pub json: bool,
    /// It is an array.
    pub array: bool,
    /// It is an object (not `null`, not an array).
    pub object: bool,
    /// In an array, the index of its first element that is not an object (`null` and
    /// arrays are not).
    pub first_non_object: Option<u32>,
    /// An object with an `id` that is a string or a number.
    pub id: bool,
    /// An object whose `success` is `false`.
    pub success_false: bool,
    /// An object with an `error` or a `message` that is a string (the API's error bodies,
    /// domain-rules A4).
    pub error_text: bool,
}

impl PageShape {
    /// The facts of a parsed `value` (`None`: the body was not JSON), as the Rust client
    /// reports them (the npm package's driver reports the same from `JSON.parse`).
    #[must_use]
    pub fn of(value: Option<&serde_json::Value>) -> PageShape {
        use serde_json::Value;
        let Some(value) = value else { return PageShape::default() };
        let object = value.as_object();
        let member = |name: &str| object.and_then(|o| o.get(name));
        PageShape {
            json: true,
            array: value.is_array(),
            object: object.is_some(),
            first_non_object: value.as_array().and_then(|items| items.iter().position(|item| !item.is_object())).map(|i| u32::try_from(i).unwrap_or(u32::MAX)),
            id: matches!(member("id"), Some(Value::String(_) | Value::Number(_))),
            success_false: member("success") == Some(&Value::Bool(false)),
            error_text: matches!(member("error"), Some(Value::String(_))) || matches!(member("message"), Some(Value::String(_))),
        }
    }
}

/// A 2xx answer that the driver parsed, judged for the call `what` it answers: `history`
/// (a page of messages, [`check_page_shape`]) or a `client.webhooks` call:
/// - `list`: an array of objects (the subscriptions);
/// - `create`, `createWithSecret`, `get`, `update`: a subscription, an object with an
///   `id` and without `success: false` (an error body such as `{"error": "…"}` in a 200,
///   which domain-rules X-4 says the API may send, is no subscription);
/// - `delete`: anything but an error body (`success: false`, or an `error` or
///   `message` text without an `id`), or a body that is not JSON. (An empty body, a 204,
///   never gets here: it is the delete done.)
///
/// # Errors
///
/// `invalid_response`, with its status and `body_prefix` as its body; for a call that
/// `changes` something (a create, update or delete, as the engine classed its request)
/// also `mayHaveBeenSent` (it was applied or not, and the answer does not say which),
/// and not retryable.
pub fn check_parsed(what: &str, changes: bool, status: u16, shape: PageShape, body_prefix: &str) -> Result<(), Error> {
    if what == "history" {
        return check_page_shape(status, shape, body_prefix);
    }
    let refusal = shape.success_false || (shape.error_text && !shape.id);
    let problem = match (what, shape) {
        (_, PageShape { json: false, .. }) => "not JSON",
        ("list", PageShape { array: true, first_non_object: None, .. }) => return Ok(()),
        ("list", _) => "not an array of subscriptions",
        ("delete", _) if refusal => "an error, not the subscription's removal",
        ("delete", _) => return Ok(()),
        (_, PageShape { object: true, id: true, .. }) if !shape.success_false => return Ok(()),
        _ => "not a subscription object",
    };
    Err(Error::new(ErrorCode::InvalidResponse, crate::text!("HTTP ", status, " with a body that is ", problem))
        .with_status(Some(status))
        .with_body(Some(body_prefix.to_owned()))
        .with_may_have_been_sent(changes)
        .with_retryable(!changes))
}

/// A 2xx history response judged from its [`PageShape`]: an array of objects is a page;
/// anything else is `invalid_response` (a read: safe to repeat, nothing was sent), with
/// `body_prefix` as its body.
///
/// # Errors
///
/// As [`parse_history_response`].
pub fn check_page_shape(status: u16, shape: PageShape, body_prefix: &str) -> Result<(), Error> {
    let problem = match shape {
        PageShape { json: true, array: true, first_non_object: None, .. } => return Ok(()),
        PageShape { json: false, .. } => crate::text!("HTTP ", status, " with a body that is not JSON"),
        PageShape { array: false, .. } => crate::text!("HTTP ", status, " with a body that is not an array of messages"),
        PageShape { first_non_object: Some(i), .. } => crate::text!("HTTP ", status, " with a body that is not an array of messages (element ", i, " is not an object)"),
    };
    Err(Error::new(ErrorCode::InvalidResponse, problem).with_status(Some(status)).with_body(Some(body_prefix.to_owned())).with_retryable(true))
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `request::response::RawPage`
    #[test]
    fn rawpage_line_82() {
        use crate::request::{parse_history_page, RawPage};
        let page = parse_history_page(200, r#"[{"id":"m1"}]"#.to_string()).unwrap();
        assert_eq!(page, RawPage { body: r#"[{"id":"m1"}]"#.into(), len: 1 });
    }

    /// `request::response::parse_history_page`
    #[test]
    fn parse_history_page_line_97() {
        use crate::request::parse_history_page;
        let page = parse_history_page(200, r#"[{"id":"m1"},{"id":"m2","new":true}]"#.into()).unwrap();
        assert_eq!(page.len, 2);
        assert!(parse_history_page(200, r#"{"id":"m1"}"#.into()).is_err());
        assert!(parse_history_page(200, "[1]".into()).is_err());
    }

    /// `request::response::is_success`
    #[test]
    fn is_success_line_127() {
        use crate::request::response::is_success;
        assert!(is_success(204) && !is_success(301) && !is_success(0));
    }

    /// `request::response::unjudged_send`
    #[test]
    fn unjudged_send_line_139() {
        use crate::request::response::unjudged_send;
        let e = unjudged_send(200, r#"{"success":true,"padding":"#);
        assert!(e.may_have_been_sent() && !e.retryable());
    }

    /// `request::response::PageShape`
    #[test]
    fn pageshape_line_155() {
        use crate::request::response::PageShape;
        let page = PageShape { json: true, array: true, object: false, first_non_object: None, ..PageShape::default() };
        assert!(page.array);
    }

    /// `request::response::check_page_shape`
    #[test]
    fn check_page_shape_line_174() {
        use crate::request::response::{check_page_shape, PageShape};
        assert!(check_page_shape(200, PageShape { json: true, array: true, object: false, first_non_object: None, ..PageShape::default() }, "[]").is_ok());
        let e = check_page_shape(200, PageShape { json: true, array: true, object: false, first_non_object: Some(1), ..PageShape::default() }, "[{},1]").unwrap_err();
        assert_eq!(e.message(), "HTTP 200 with a body that is not an array of messages (element 1 is not an object)");
    }

    /// `request::response::check_parsed`
    #[test]
    fn check_parsed_line_175() {
        use crate::request::response::{check_parsed, PageShape};
        let list = PageShape { json: true, array: true, object: false, first_non_object: None, ..PageShape::default() };
        assert!(check_parsed("list", false, 200, list, "[]").is_ok());
        assert!(check_parsed("history", false, 200, list, "[]").is_ok());
        let e = check_parsed("create", true, 201, list, "[]").unwrap_err();
        assert!(e.may_have_been_sent() && e.message().contains("not a subscription"));
    }
}

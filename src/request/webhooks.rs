//! The webhook subscription calls (`/v1/webhooks`), as data: what to subscribe, checked
//! before anything is sent, and the request of each call.
//!
//! The vendor's page shows list, create and get; update (`PUT /v1/webhooks/{id}`) and
//! delete (`DELETE /v1/webhooks/{id}`) are inferred from the pattern it documents for its
//! other resources.

use crate::prelude::*;

use super::encode::push_segment;
use super::history::history_headers;
use super::send::send_headers;
use super::{Method, PreparedRequest};
use crate::json::{write_str, ObjectWriter};
use crate::validate::codes;
use crate::{ApiKey, BaseUrl, Error, UrlRead, Violation};

/// A subscription to create, or the fields of one to change (`update`: only those given).
///
/// ```
/// use whautomate::request::{prepare_webhook_create, WebhookInput};
/// use whautomate::{ApiKey, BaseUrl};
/// let input = WebhookInput {
///     name: Some("inbox".into()),
///     server_url: Some("https://example.com/hooks/whautomate".into()),
///     events: Some(vec!["incoming_whatsapp_message".into()]),
///     headers: vec![("X-Hook-Secret".into(), "s3cret".into())],
///     ..Default::default()
/// };
/// let req = prepare_webhook_create(&input, &BaseUrl::default(), &ApiKey::new("sk_1").unwrap()).unwrap();
/// assert_eq!(req.url, "https://api.whautomate.com/v1/webhooks");
/// // Its Debug shows neither the key nor the delivery headers' values (the body's length only).
/// let shown = format!("{req:?}");
/// assert!(!shown.contains("sk_1") && !shown.contains("s3cret") && shown.contains("bytes with webhookHeaders"), "{shown}");
/// assert_eq!(req.body.unwrap(), concat!(r#"{"name":"inbox","serverUrl":"https://example.com/hooks/whautomate","#,
///     r#""events":["incoming_whatsapp_message"],"webhookHeaders":[{"key":"X-Hook-Secret","value":"s3cret"}],"active":true}"#));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct WebhookInput {
    /// A name for the subscription (required to create one).
    pub name: Option<String>,
    /// Where Whautomate delivers: an absolute `https://` URL (`http://` only for
    /// localhost, 127.0.0.0/8 and `[::1]`). Required to create one.
    pub server_url: Option<String>,
    /// The event types to deliver (`incoming_whatsapp_message`, `contact_created`...; at
    /// least one). Required to create one.
    pub events: Option<Vec<String>>,
    /// Headers Whautomate sends with every delivery, sent as `webhookHeaders`: where a
    /// shared secret goes (see `whautomate::webhook`).
    pub headers: Vec<(String, String)>,
    /// Whether deliveries are on (`true` when a new subscription leaves it out).
    pub active: Option<bool>,
}

/// What `Debug` shows in place of a delivery header's value (here and in
/// `webhook::WebhookHeader`).
pub(crate) const REDACTED: &str = "[redacted]";

/// The headers' names, never their values (where a shared secret goes: see
/// `webhook::WebhookHeader`).
///
/// ```
/// use whautomate::request::WebhookInput;
/// let input = WebhookInput { headers: vec![("x-hook-secret".into(), "s3cret".into())], ..WebhookInput::default() };
/// let shown = format!("{input:?}");
/// assert!(shown.contains("x-hook-secret") && !shown.contains("s3cret"), "{shown}");
/// ```
impl core::fmt::Debug for WebhookInput {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let headers: Vec<(&str, &str)> = self.headers.iter().map(|(name, _)| (name.as_str(), REDACTED)).collect();
        f.debug_struct("WebhookInput")
            .field("name", &self.name)
            .field("server_url", &self.server_url)
            .field("events", &self.events)
            .field("headers", &headers)
            .field("active", &self.active)
            .finish()
    }
}

impl WebhookInput {
    /// This input with `secret` as one more delivery header: what
    /// `create_with_secret` (and the npm package's `createWithSecret`) subscribe.
    ///
    /// # Errors
    ///
    /// `invalid_input` naming `headers` when the input already sets that header (in any
    /// case): the SDK would otherwise send two.
    ///
    /// ```
    /// use whautomate::request::WebhookInput;
    /// use whautomate::webhook::WebhookSecret;
    /// let secret = WebhookSecret::new("X-Hook-Secret", "s3cret").unwrap();
    /// let input = WebhookInput::default().with_secret(&secret).unwrap();
    /// assert_eq!(input.headers, [("X-Hook-Secret".to_string(), "s3cret".to_string())]);
    /// assert_eq!(input.with_secret(&secret).unwrap_err().field(), Some("headers"));
    /// ```
    pub fn with_secret(&self, secret: &crate::webhook::WebhookSecret) -> Result<WebhookInput, Error> {
        if self.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case(secret.name())) {
            let message = crate::text!("headers already sets ", secret.name(), ": leave it out for the SDK to generate it, or call create");
            return Err(Error::invalid_input(vec![Violation::new("headers", codes::INVALID_VALUE, message)]));
        }
        let mut with_secret = self.clone();
        with_secret.headers.push((secret.name().into(), secret.value().into()));
        Ok(with_secret)
    }

    /// `error` without this input's header values (see [`Error::redact`]): a server that
    /// echoes the request in its error (a 400 quoting the body it refused) must not make a
    /// delivery's shared secret appear in it, as it must not make the API key appear.
    ///
    /// ```
    /// use whautomate::{request::WebhookInput, Error};
    /// let input = WebhookInput { headers: vec![("X-Hook-Secret".into(), "whsec_1".into())], ..Default::default() };
    /// let echo = Error::from_status(400, Some(r#"{"message":"bad input","input":{"webhookHeaders":[{"key":"X-Hook-Secret","value":"whsec_1"}]}}"#.into()), true);
    /// assert!(!format!("{:?}", input.redact(echo)).contains("whsec_1"));
    /// ```
    #[must_use]
    pub fn redact(&self, error: Error) -> Error {
        redact_each(error, self.headers.iter().map(|(_, value)| value.as_str()))
    }
}

/// `error` without each of `secrets` (see [`Error::redact`]); an empty one, which would
/// match everywhere, is skipped.
pub(crate) fn redact_each<'a>(error: Error, secrets: impl IntoIterator<Item = &'a str>) -> Error {
    secrets.into_iter().filter(|secret| !secret.is_empty()).fold(error, Error::redact)
}

/// `error` (of a subscription call) without the delivery header values its own body holds:
/// an answer that is no subscription list or object (a list wrapped in `{"data": […]}`, an
/// item of another shape) is kept in the error's body, and the subscriptions in it carry
/// their secrets in `webhookHeaders`. Every `value` of a `webhookHeaders` entry (or every
/// member of one given as an object), at any depth, is redacted wherever it appears in the
/// error, as the API key is. (A body cut at the error's cap is no JSON, and is read for
/// none.)
///
/// ```
/// use whautomate::{request::redact_answered_headers, Error};
/// let body = r#"{"data":[{"id":"wh1","webhookHeaders":[{"key":"X-Hook-Secret","value":"whsec_1"}]},{"webhookHeaders":{"x-b":"whsec_2"}}]}"#;
/// let e = redact_answered_headers(Error::from_status(200, Some(body.into()), false));
/// assert!(!e.body().unwrap().contains("whsec_") && e.body().unwrap().contains("X-Hook-Secret"));
/// ```
#[cfg(feature = "std")]
#[must_use]
pub fn redact_answered_headers(error: Error) -> Error {
    // (The body parsed here, for the Rust client: the npm engine is handed it parsed by
    // the driver, as a tape, and reads no JSON text.)
    let values = error.body().and_then(|body| crate::json::parse(body).ok()).map(|body| answered_header_values(&body)).unwrap_or_default();
    redact_each(error, values.iter().map(String::as_str))
}

/// Every delivery header value in an answer's `body` (see [`redact_answered_headers`]).
pub(crate) fn answered_header_values(body: &crate::json::Value) -> Vec<String> {
    use crate::json::Value;
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                for (name, member) in members {
                    if name == "webhookHeaders" {
                        let entries: Vec<&Value> = match member {
                            Value::Array(items) => items.iter().filter_map(|item| item.get("value")).collect(),
                            Value::Object(headers) => headers.iter().map(|(_, value)| value).collect(),
                            _ => Vec::new(),
                        };
                        for entry in entries {
                            if let Value::String(text) = entry {
                                // (`String::from`, not `clone`: a new caller of `String::clone`
                                // changed how the sending .wasm inlines it, by 12 bytes of gzip.)
                                out.push(String::from(text.as_str()));
                            }
                        }
                    }
                    walk(member, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(body, &mut out);
    out
}

/// `POST {base}/webhooks`: a new subscription.
///
/// # Errors
///
/// `invalid_input` naming every bad field: `name`, `serverUrl` or `events` missing or
/// empty, a `serverUrl` that is not an absolute https URL, an event that is not a
/// non-empty string, a header name that is no HTTP token or a value with a line break.
///
/// ```
/// use whautomate::request::{prepare_webhook_create, WebhookInput};
/// use whautomate::{ApiKey, BaseUrl};
/// let bad = WebhookInput { server_url: Some("http://example.com/h".into()), events: Some(vec![]), ..Default::default() };
/// let e = prepare_webhook_create(&bad, &BaseUrl::default(), &ApiKey::new("sk_1").unwrap()).unwrap_err();
/// let fields: Vec<_> = e.violations().iter().map(|v| v.field.as_str()).collect();
/// assert_eq!(fields, ["name", "serverUrl", "events"]);
/// ```
pub fn prepare_webhook_create(input: &WebhookInput, base: &BaseUrl, key: &ApiKey) -> Result<PreparedRequest, Error> {
    with_headers(WebhookCall::create(input, base), key)
}

/// `PUT {base}/webhooks/{id}`: the fields of `input` that are given (at least one).
///
/// # Errors
///
/// `invalid_input`: an empty or dot `id`, no field to change, or a bad field as for
/// [`prepare_webhook_create`].
///
/// ```
/// use whautomate::request::{prepare_webhook_update, WebhookInput};
/// use whautomate::{ApiKey, BaseUrl, Method};
/// let off = WebhookInput { active: Some(false), ..Default::default() };
/// let req = prepare_webhook_update("wh 1", &off, &BaseUrl::default(), &ApiKey::new("sk_1").unwrap()).unwrap();
/// assert_eq!((req.method, req.url.as_str(), req.body.as_deref()), (Method::Put, "https://api.whautomate.com/v1/webhooks/wh%201", Some(r#"{"active":false}"#)));
/// ```
pub fn prepare_webhook_update(id: &str, input: &WebhookInput, base: &BaseUrl, key: &ApiKey) -> Result<PreparedRequest, Error> {
    with_headers(WebhookCall::update(id, input, base), key)
}

/// `GET {base}/webhooks/{id}`.
///
/// # Errors
///
/// `invalid_input` on `id` when it is empty, `.` or `..`.
///
/// ```
/// use whautomate::request::prepare_webhook_get;
/// use whautomate::{ApiKey, BaseUrl};
/// let req = prepare_webhook_get("wh_1", &BaseUrl::default(), &ApiKey::new("sk_1").unwrap()).unwrap();
/// assert_eq!(req.url, "https://api.whautomate.com/v1/webhooks/wh_1");
/// assert_eq!(prepare_webhook_get(" ", &BaseUrl::default(), &ApiKey::new("sk_1").unwrap()).unwrap_err().field(), Some("id"));
/// ```
pub fn prepare_webhook_get(id: &str, base: &BaseUrl, key: &ApiKey) -> Result<PreparedRequest, Error> {
    with_headers(WebhookCall::one(Method::Get, id, base), key)
}

/// `DELETE {base}/webhooks/{id}`.
///
/// # Errors
///
/// `invalid_input` on `id` when it is empty, `.` or `..`.
///
/// ```
/// use whautomate::request::prepare_webhook_delete;
/// use whautomate::{ApiKey, BaseUrl, Method};
/// let req = prepare_webhook_delete("wh_1", &BaseUrl::default(), &ApiKey::new("sk_1").unwrap()).unwrap();
/// assert_eq!((req.method, req.is_send()), (Method::Delete, true)); // never resent once it may have been applied
/// ```
pub fn prepare_webhook_delete(id: &str, base: &BaseUrl, key: &ApiKey) -> Result<PreparedRequest, Error> {
    with_headers(WebhookCall::one(Method::Delete, id, base), key)
}

/// `GET {base}/webhooks?page&limit`.
///
/// # Errors
///
/// `invalid_input` on `page` or `limit` when it is 0.
///
/// ```
/// use whautomate::request::prepare_webhook_list;
/// use whautomate::{ApiKey, BaseUrl};
/// let req = prepare_webhook_list(Some(2), Some(50), &BaseUrl::default(), &ApiKey::new("sk_1").unwrap()).unwrap();
/// assert_eq!(req.url, "https://api.whautomate.com/v1/webhooks?limit=50&page=2");
/// ```
pub fn prepare_webhook_list(page: Option<u32>, limit: Option<u32>, base: &BaseUrl, key: &ApiKey) -> Result<PreparedRequest, Error> {
    with_headers(WebhookCall::list(page, limit, base), key)
}

/// A subscription call without its headers: what the npm package's driver needs (it sends
/// its client's own header set), and what each `prepare_webhook_*` completes.
pub(crate) struct WebhookCall {
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) body: Option<String>,
}

/// The request of `call`: a body goes with the send headers (`content-type`), none with
/// the read headers.
fn with_headers(call: Result<WebhookCall, Error>, key: &ApiKey) -> Result<PreparedRequest, Error> {
    let call = call?;
    let headers = if call.header_set() == "send" { send_headers(key) } else { history_headers(key) };
    Ok(PreparedRequest { method: call.method, url: call.url, headers, body: call.body, schedule_at_ms: None })
}

impl WebhookCall {
    /// Which header set the call carries: `send` (with `content-type`) when it has a body,
    /// else `read`.
    pub(crate) fn header_set(&self) -> &'static str {
        if self.body.is_some() { "send" } else { "read" }
    }

    /// `POST {base}/webhooks`.
    pub(crate) fn create(input: &WebhookInput, base: &BaseUrl) -> Result<WebhookCall, Error> {
        WebhookCall::create_read(input, base, server_url_read(input).as_ref())
    }

    /// [`WebhookCall::create`], with what a URL parser read in `serverUrl` (`server_url`
    /// text, see [`WebhookInput::server_url_text`]): the npm engine's driver reads it.
    pub(crate) fn create_read(input: &WebhookInput, base: &BaseUrl, server_url: Option<&UrlRead>) -> Result<WebhookCall, Error> {
        let body = webhook_body(input, true, server_url)?;
        Ok(WebhookCall { method: Method::Post, url: crate::text!(base.as_str(), "/webhooks"), body: Some(body) })
    }

    /// `PUT {base}/webhooks/{id}`.
    pub(crate) fn update(id: &str, input: &WebhookInput, base: &BaseUrl) -> Result<WebhookCall, Error> {
        WebhookCall::update_read(id, input, base, server_url_read(input).as_ref())
    }

    /// [`WebhookCall::update`], with what a URL parser read in `serverUrl`.
    pub(crate) fn update_read(id: &str, input: &WebhookInput, base: &BaseUrl, server_url: Option<&UrlRead>) -> Result<WebhookCall, Error> {
        let (url, body) = join(webhook_url(id, base), webhook_body(input, false, server_url))?;
        Ok(WebhookCall { method: Method::Put, url, body: Some(body) })
    }

    /// `GET` or `DELETE {base}/webhooks/{id}`.
    pub(crate) fn one(method: Method, id: &str, base: &BaseUrl) -> Result<WebhookCall, Error> {
        let url = webhook_url(id, base).map_err(Error::invalid_input)?;
        Ok(WebhookCall { method, url, body: None })
    }

    /// `GET {base}/webhooks?page&limit`.
    pub(crate) fn list(page: Option<u32>, limit: Option<u32>, base: &BaseUrl) -> Result<WebhookCall, Error> {
        let mut violations = Vec::new();
        super::history::check_paging(page, limit, &mut violations);
        if !violations.is_empty() {
            return Err(Error::invalid_input(violations));
        }
        let mut url = crate::text!(base.as_str(), "/webhooks");
        super::history::push_query(&mut url, limit, page, None);
        Ok(WebhookCall { method: Method::Get, url, body: None })
    }
}

/// Both halves' violations at once.
fn join(url: Result<String, Vec<Violation>>, body: Result<String, Error>) -> Result<(String, String), Error> {
    match (url, body) {
        (Ok(url), Ok(body)) => Ok((url, body)),
        (url, body) => {
            let mut violations = url.err().unwrap_or_default();
            if let Err(e) = body {
                crate::error::extend_violations(&mut violations, e.into_violations());
            }
            Err(Error::invalid_input(violations))
        }
    }
}

fn webhook_url(id: &str, base: &BaseUrl) -> Result<String, Vec<Violation>> {
    let mut violations = Vec::new();
    let mut url = crate::text!(base.as_str(), "/webhooks/");
    push_segment(&mut url, "id", id, &mut violations);
    if violations.is_empty() { Ok(url) } else { Err(violations) }
}

/// The JSON body of a create (`create`: name, serverUrl and events required, `active`
/// true unless given) or an update (the fields given, at least one).
fn webhook_body(input: &WebhookInput, create: bool, server_url_read: Option<&UrlRead>) -> Result<String, Error> {
    let mut violations = Vec::new();
    let mut out = String::new();
    let mut o = ObjectWriter::new(&mut out);
    match input.name.as_deref() {
        Some(name) if !crate::text::trim(name).is_empty() => {
            o.str("name", name);
        }
        Some(_) => violations.push(Violation::new("name", codes::EMPTY, "name must not be empty")),
        None if create => violations.push(Violation::new("name", codes::REQUIRED, "name is required")),
        None => {}
    }
    match input.server_url.as_deref() {
        Some(url) => match check_server_url(url, server_url_read) {
            Ok(()) => {
                o.str("serverUrl", crate::text::trim(url));
            }
            Err(v) => violations.push(v),
        },
        None if create => violations.push(Violation::new("serverUrl", codes::REQUIRED, "serverUrl is required")),
        None => {}
    }
    match &input.events {
        Some(events) if events.is_empty() => violations.push(Violation::new("events", codes::EMPTY, "events must list at least one event type")),
        Some(events) => {
            let list = o.key("events");
            list.push('[');
            for (i, event) in events.iter().enumerate() {
                if crate::text::trim(event).is_empty() {
                    crate::error::push_violation(&mut violations, Violation::new(crate::text!("events[", i, "]"), codes::EMPTY, "an event type must not be empty"));
                }
                if i > 0 {
                    list.push(',');
                }
                write_str(list, event);
            }
            list.push(']');
        }
        None if create => violations.push(Violation::new("events", codes::REQUIRED, "events is required (e.g. [\"incoming_whatsapp_message\"])")),
        None => {}
    }
    if !input.headers.is_empty() {
        let list = o.key("webhookHeaders");
        list.push('[');
        for (i, (name, value)) in input.headers.iter().enumerate() {
            if name.is_empty() || !name.bytes().all(is_token_byte) {
                crate::error::push_violation(&mut violations, Violation::new(crate::text!("headers[", i, "]"), codes::INVALID_VALUE, "a header name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~)"));
            }
            // Printable ASCII and tabs: what an HTTP header carries as it is (RFC 9110's
            // field-vchar, obs-text aside), and a value a secret's redaction finds in every
            // form an echo may take (ASCII is what its escapes are read for).
            if !value.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b)) {
                crate::error::push_violation(&mut violations, Violation::new(crate::text!("headers[", i, "]"), codes::INVALID_VALUE, "a header value must be printable ASCII, without line breaks or control characters"));
            }
            if i > 0 {
                list.push(',');
            }
            let mut pair = ObjectWriter::new(list);
            pair.str("key", name).str("value", value);
            pair.end();
        }
        list.push(']');
    }
    match input.active {
        Some(active) => {
            o.bool("active", active);
        }
        None if create => {
            o.bool("active", true);
        }
        None => {}
    }
    o.end();
    if !create && out == "{}" && violations.is_empty() {
        violations.push(Violation::new("", codes::REQUIRED, "an update needs at least one field to change"));
    }
    if violations.is_empty() { Ok(out) } else { Err(Error::invalid_input(violations)) }
}

/// What the url crate reads in `serverUrl` (trimmed, see [`WebhookInput::server_url_text`]).
fn server_url_read(input: &WebhookInput) -> Option<UrlRead> {
    input.server_url_text().and_then(UrlRead::read)
}

impl WebhookInput {
    /// The `serverUrl` text a URL parser reads (and the body carries): without the
    /// whitespace around it.
    pub(crate) fn server_url_text(&self) -> Option<&str> {
        self.server_url.as_deref().map(crate::text::trim)
    }
}

/// `serverUrl`: the host rules of the client's own `host` on what a URL parser read in it
/// (`read`: https, or http on loopback; a server and no user or password), then any path
/// and query, without spaces or control characters in the text.
fn check_server_url(url: &str, read: Option<&UrlRead>) -> Result<(), Violation> {
    if let Err((code, message)) = crate::config::origin(read) {
        // The host rules' sentences speak of `host`; here the field is serverUrl.
        let message = message.strip_prefix("host").map_or_else(|| message.into(), |rest| crate::text!("serverUrl", rest));
        return Err(Violation::new("serverUrl", code, message));
    }
    if crate::text::trim(url).chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Violation::new("serverUrl", codes::INVALID_VALUE, "serverUrl must not contain spaces or control characters"));
    }
    Ok(())
}

/// An HTTP token character (RFC 9110 `tchar`).
pub(crate) fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

//! A webhook subscription as the API answers it (`/v1/webhooks`).

use crate::prelude::*;

use crate::Error;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A subscription: where and what Whautomate delivers.
///
/// ```
/// let body = r#"{"id":"wh1","name":"inbox","active":true,"serverUrl":"https://example.com/h",
///   "webhookHeaders":[{"key":"X-Hook-Secret","value":"s"}],"events":["incoming_whatsapp_message"],
///   "createdAt":"2025-06-21T03:38:30.928Z","updatedAt":"2025-06-21T03:38:30.928Z"}"#;
/// let webhook = whautomate::webhook::parse_webhook_response(200, body).unwrap();
/// assert_eq!((webhook.id.as_str(), webhook.webhook_headers[0].key.as_str()), ("wh1", "X-Hook-Secret"));
/// ```
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Webhook {
    /// Its id.
    #[serde(default)]
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Whether deliveries are on.
    #[serde(default)]
    pub active: bool,
    /// Where it delivers.
    #[serde(default)]
    pub server_url: String,
    /// Headers sent with every delivery.
    #[serde(default)]
    pub webhook_headers: Vec<WebhookHeader>,
    /// The event types delivered.
    #[serde(default)]
    pub events: Vec<String>,
    /// When it was made (ISO-8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it last changed (ISO-8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Fields the SDK does not know, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The fields, with the headers' values redacted (see [`WebhookHeader`]) and only the
/// names of `extra`'s members: a field the SDK does not know, or a known one of another
/// shape (`webhookHeaders` as an object, or with a header whose value is no string), may
/// hold a delivery's secret as well.
///
/// ```
/// let body = r#"{"id":"wh1","webhookHeaders":{"x-hook-secret":"s3cret"},"note":"hi"}"#;
/// let webhook = whautomate::webhook::parse_webhook_response(200, body).unwrap();
/// let shown = format!("{webhook:?}");
/// assert!(!shown.contains("s3cret") && shown.contains("webhookHeaders") && shown.contains("note"));
/// ```
impl core::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Webhook")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("active", &self.active)
            .field("server_url", &self.server_url)
            .field("webhook_headers", &self.webhook_headers)
            .field("events", &self.events)
            .field("created_at", &self.created_at)
            .field("updated_at", &self.updated_at)
            .field("extra", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// One header of a subscription's `webhookHeaders`. Its `Debug` shows the name and never
/// the value: a delivery header is where a webhook's shared secret goes, and a
/// `tracing::debug!(?webhook)` must not log it.
///
/// ```
/// let header: whautomate::webhook::WebhookHeader = serde_json::from_str(r#"{"key":"x-hook-secret","value":"s3cret"}"#).unwrap();
/// assert_eq!(header.value, "s3cret");
/// assert_eq!(format!("{header:?}"), r#"WebhookHeader { key: "x-hook-secret", value: "[redacted]" }"#);
/// // So a whole subscription's, as the API answers it.
/// let webhook = whautomate::webhook::parse_webhook_response(200, r#"{"id":"wh1","webhookHeaders":[{"key":"x-hook-secret","value":"s3cret"}]}"#).unwrap();
/// assert!(!format!("{webhook:?}").contains("s3cret"));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookHeader {
    /// The header's name.
    pub key: String,
    /// Its value.
    pub value: String,
}

impl core::fmt::Debug for WebhookHeader {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("WebhookHeader").field("key", &self.key).field("value", &crate::request::webhooks::REDACTED).finish()
    }
}

/// The subscription in the answer to a create, get or update.
///
/// # Errors
///
/// The error of a non-2xx status (as for sends: `http_error`, `not_found`...), or
/// `invalid_response` (with its status and body, and `may_have_been_sent`: a create or an
/// update may have been applied) for a body that is not a subscription object (one with
/// an `id`: an error body in a 200, such as `{"error": "…"}`, is none).
///
/// A field of an unexpected type does not fail the answer: an `id` given as a number is
/// its text, an `active` given as `"true"` or `"false"` is that boolean, and any other
/// value the typed fields cannot hold is kept in [`Webhook::extra`] under its name.
///
/// ```
/// let e = whautomate::webhook::parse_webhook_response(404, r#"{"error":"Invalid or missing record identifier"}"#).unwrap_err();
/// assert_eq!(e.code().as_str(), "not_found");
/// let e = whautomate::webhook::parse_webhook_response(200, r#"{"error":"Invalid webhook"}"#).unwrap_err();
/// assert_eq!((e.code().as_str(), e.status(), e.may_have_been_sent()), ("invalid_response", Some(200), true));
/// let webhook = whautomate::webhook::parse_webhook_response(201, r#"{"id":5,"active":"true","events":"all"}"#).unwrap();
/// assert_eq!((webhook.id.as_str(), webhook.active, &webhook.extra["events"]), ("5", true, &serde_json::json!("all")));
/// ```
pub fn parse_webhook_response(status: u16, body: &str) -> Result<Webhook, Error> {
    answer(status, body, "create", true).map(|value| webhook_of(value.unwrap_or_default()))
}

/// The subscriptions in the answer to a list.
///
/// # Errors
///
/// As [`parse_webhook_response`] (a read: `may_have_been_sent` is false), for a body that
/// is not an array of objects.
///
/// ```
/// let list = whautomate::webhook::parse_webhook_list_response(200, r#"[{"id":"a"},{"id":"b"}]"#).unwrap();
/// assert_eq!(list.len(), 2);
/// assert!(whautomate::webhook::parse_webhook_list_response(200, r#"{"error":"Forbidden"}"#).is_err());
/// ```
pub fn parse_webhook_list_response(status: u16, body: &str) -> Result<Vec<Webhook>, Error> {
    let list = answer(status, body, "list", false)?;
    Ok(match list {
        Some(Value::Array(items)) => items.into_iter().map(webhook_of).collect(),
        _ => Vec::new(),
    })
}

/// A subscription call's answer judged by the engine's rule for it
/// ([`check_parsed`](crate::request::response::check_parsed), the npm package's too):
/// `what` is the call (`create`, `get`, `update`, `delete`, `list`), `changes` whether it
/// changes something on the server. The parsed body, `None` for a delete's empty one.
pub(crate) fn answer(status: u16, body: &str, what: &str, changes: bool) -> Result<Option<Value>, Error> {
    if !crate::request::response::is_success(status) {
        return Err(Error::from_status(status, Some(body.to_owned()), changes));
    }
    if what == "delete" && crate::text::trim(body).is_empty() {
        return Ok(None);
    }
    // (A lone surrogate, which JSON.parse takes, is read as U+FFFD, as history pages are.)
    let value = serde_json::from_str::<Value>(&crate::json::mend_lone_surrogates(body)).ok();
    crate::request::response::check_parsed(what, changes, status, crate::request::response::PageShape::of(value.as_ref()), body)?;
    Ok(value)
}

/// A subscription object read tolerantly: [`subscription_fixes`](super::subscription_fixes) applied, then the typed
/// fields take what they can hold, and every other member, or a known one of another type,
/// stays in `extra`.
pub(crate) fn webhook_of(value: Value) -> Webhook {
    // The rule reads the crate's own JSON value (the npm engine's); this object, from
    // serde_json, is read into one for it.
    let read = crate::json::Value::deserialize(&value).unwrap_or(crate::json::Value::Null);
    let Value::Object(mut members) = value else { return Webhook::default() };
    if let crate::json::Value::Object(read) = read {
        super::subscription_fixes(&read, |name, fix| {
            let value = match fix {
                super::Fix::Text(text) => Value::String(text.into()),
                super::Fix::Bool(on) => Value::Bool(on),
                super::Fix::List => Value::Array(Vec::new()),
            };
            members.insert(name.into(), value);
        });
    }
    let mut webhook = Webhook::default();
    for (name, value) in members {
        // Each arm takes the value into its field, or gives it back, for `extra`.
        let left = match (name.as_str(), value) {
            ("id", value) => typed(&mut webhook.id, value),
            ("name", value) => typed(&mut webhook.name, value),
            ("active", value) => typed(&mut webhook.active, value),
            ("serverUrl", value) => typed(&mut webhook.server_url, value),
            ("createdAt", Value::String(text)) => put(&mut webhook.created_at, Some(text)),
            ("updatedAt", Value::String(text)) => put(&mut webhook.updated_at, Some(text)),
            ("webhookHeaders", value) => typed(&mut webhook.webhook_headers, value),
            ("events", value) => typed(&mut webhook.events, value),
            (_, value) => Some(value),
        };
        if let Some(value) = left {
            webhook.extra.insert(name, value);
        }
    }
    webhook
}

/// `value` into `slot`; nothing left over.
fn put<T>(slot: &mut T, value: T) -> Option<Value> {
    *slot = value;
    None
}

/// `value` into `slot` when it has the slot's type; else `value`, left over.
fn typed<T: serde::de::DeserializeOwned>(slot: &mut T, value: Value) -> Option<Value> {
    match T::deserialize(&value) {
        Ok(read) => put(slot, read),
        Err(_) => Some(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answers a create, get, update or delete may meet, and what each call makes of
    /// them: one rule (`check_parsed`), the npm package's too.
    #[test]
    fn a_2xx_is_judged_by_what_it_holds() {
        let refusals = [r#"{"success":false}"#, r#"{"error":"Invalid webhook id"}"#, r#"{"message":"Forbidden"}"#];
        for body in refusals.iter().chain(&["garbage", "[]", "null", r#"{"name":"no id"}"#]) {
            for (what, changes) in [("create", true), ("update", true), ("get", false)] {
                let e = answer(200, body, what, changes).unwrap_err();
                assert_eq!((e.code().as_str(), e.status(), e.may_have_been_sent(), e.retryable()), ("invalid_response", Some(200), changes, !changes), "{what} {body}");
                assert_eq!(e.body(), Some(*body), "{what} {body}");
            }
        }
        for body in refusals.iter().chain(&["garbage"]) {
            let e = answer(200, body, "delete", true).unwrap_err();
            assert_eq!((e.code().as_str(), e.may_have_been_sent()), ("invalid_response", true), "{body}");
        }
        for body in ["", " ", "{}", r#"{"success":true}"#, r#"{"id":"wh1","name":"x"}"#, "[]"] {
            assert!(answer(204, body, "delete", true).is_ok(), "{body}");
        }
        assert!(answer(200, r#"{"id":5}"#, "create", true).is_ok());
        assert!(answer(200, r#"{"error":"x"}"#, "list", false).is_err());
    }

    #[test]
    fn a_subscription_of_unexpected_types_is_read_not_refused() {
        let body = r#"{"id":5,"name":7,"active":"false","serverUrl":"https://e.com/h","webhookHeaders":"x","events":["a",1],"createdAt":"2025-06-21T03:38:30.928Z","extra":{"k":1}}"#;
        let w = parse_webhook_response(201, body).unwrap();
        assert_eq!((w.id.as_str(), w.name.as_str(), w.active, w.server_url.as_str()), ("5", "", false, "https://e.com/h"));
        assert_eq!(w.created_at.as_deref(), Some("2025-06-21T03:38:30.928Z"));
        assert!(w.webhook_headers.is_empty() && w.events.is_empty());
        for (name, value) in [("name", serde_json::json!(7)), ("webhookHeaders", serde_json::json!("x")), ("events", serde_json::json!(["a", 1])), ("extra", serde_json::json!({"k": 1}))] {
            assert_eq!(w.extra.get(name), Some(&value), "{name}");
        }
        let list = parse_webhook_list_response(200, r#"[{"id":1,"active":"true"},{"id":"b","active":null}]"#).unwrap();
        assert_eq!((list[0].id.as_str(), list[0].active, list[1].id.as_str()), ("1", true, "b"));
    }
}

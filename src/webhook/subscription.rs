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
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

/// One header of a subscription's `webhookHeaders`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WebhookHeader {
    /// The header's name.
    pub key: String,
    /// Its value.
    pub value: String,
}

/// The subscription in the answer to a create, get or update.
///
/// # Errors
///
/// The error of a non-2xx status (as for sends: `http_error`, `not_found`...), or
/// `invalid_response` for a body that is not a subscription object.
///
/// ```
/// let e = whautomate::webhook::parse_webhook_response(404, r#"{"error":"Invalid or missing record identifier"}"#).unwrap_err();
/// assert_eq!(e.code().as_str(), "not_found");
/// ```
pub fn parse_webhook_response(status: u16, body: &str) -> Result<Webhook, Error> {
    checked(status, body, true)?;
    serde_json::from_str(body).map_err(|e| unreadable(&e))
}

/// The subscriptions in the answer to a list.
///
/// # Errors
///
/// As [`parse_webhook_response`], for a body that is not an array of subscriptions.
///
/// ```
/// let list = whautomate::webhook::parse_webhook_list_response(200, r#"[{"id":"a"},{"id":"b"}]"#).unwrap();
/// assert_eq!(list.len(), 2);
/// ```
pub fn parse_webhook_list_response(status: u16, body: &str) -> Result<Vec<Webhook>, Error> {
    checked(status, body, false)?;
    serde_json::from_str(body).map_err(|e| unreadable(&e))
}

/// `Ok` for a 2xx; the error of any other status (`changes`: a create, update or delete,
/// whose error says it may have been applied when the status leaves that open).
pub(crate) fn checked(status: u16, body: &str, changes: bool) -> Result<(), Error> {
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(Error::from_status(status, Some(body.to_owned()), changes))
    }
}

fn unreadable(e: &serde_json::Error) -> Error {
    Error::new(crate::ErrorCode::InvalidResponse, alloc::format!("the answer is not a webhook subscription: {e}"))
}

//! Pure request building and response parsing: no I/O.
//!
//! - [`prepare_send`]: a validated [`OutgoingMessage`](crate::model::OutgoingMessage) →
//!   `POST {base}/messages/{channel}/{endpoint}` with its JSON body;
//! - [`prepare_input`]: the same from a JS-shaped message, validating first;
//! - [`prepare_history`]: `GET {base}/messages/{contactId}?limit&page&searchText`;
//! - [`parse_send_response`], [`parse_history_response`]: status + body → a result or an
//!   [`Error`](crate::Error);
//! - [`prepare_webhook_create`] and its siblings: the webhook subscription calls.

pub(crate) mod encode;
pub(crate) mod history;
pub(crate) mod prepared;
pub(crate) mod response;
pub(crate) mod send;
pub(crate) mod webhooks;

pub use history::{prepare_history, HistoryQuery};
pub use prepared::{Method, PreparedRequest};
pub(crate) use response::{parse_history_page, RawPage};
pub use response::{parse_history_response, parse_send_response};
pub use send::{prepare_input, prepare_send};
pub(crate) use webhooks::is_token_byte;
pub use webhooks::{prepare_webhook_create, prepare_webhook_delete, prepare_webhook_get, prepare_webhook_list, prepare_webhook_update, WebhookInput};
#[cfg(feature = "std")]
pub use webhooks::redact_answered_headers;

//! Receiving messages: the events Whautomate delivers to a webhook, read tolerantly, and
//! the subscriptions that say where it delivers them (`Webhook`; the calls are
//! `Client::webhooks`: both with the `std` feature).
//!
//! [`normalize`] holds every rule: it takes the request's body as the vendor sends it
//! (quirks included: `isIncoming` as the string `"true"`, `message.channel` as
//! `"whatsApp"`, `replyToMessage` as `{}`, keys left out) and gives the event in one
//! shape. The npm package's `parseWebhookEvent` and `parse_event` (typed, with the `std`
//! feature) both read its output.
//!
//! ```
//! let body = r#"{"event":{"id":"cIH32l5nW8","type":"incoming_whatsapp_message","timeStamp":"2024-03-17T03:31:24.572Z","key":"2xoE5Rb6yT"},
//!   "message":{"id":"2xoE5Rb6yT","contact":{"id":"mA7FeZiPlb","channel":"whatsapp","phoneNumber":"6598765432"},
//!              "channel":"whatsApp","isIncoming":"true","type":"text","replyToMessage":{},"from":"John","text":"Hi!"}}"#;
//! # #[cfg(feature = "std")] {
//! use whautomate::webhook::{parse_event, Direction, EventChannel};
//! let event = parse_event(body).unwrap();
//! assert_eq!((event.direction, event.channel), (Some(Direction::Incoming), Some(EventChannel::WhatsApp)));
//! let message = event.message.unwrap();
//! assert_eq!((message.is_incoming, message.text.as_deref()), (Some(true), Some("Hi!")));
//! # }
//! ```

mod event;
mod receiver;
mod subscription_fields;
#[cfg(feature = "std")]
mod subscription;
#[cfg(feature = "std")]
mod typed;

pub use event::normalize;
pub(crate) use subscription_fields::{subscription_fixes, Fix};
pub use receiver::{secret_matches, Reception, Receiver, WebhookSecret, DEFAULT_DEDUPE_SIZE, IN_FLIGHT_LIMIT_MS, MAX_BODY_BYTES, MAX_REMEMBERED_ID_BYTES, ON_ERROR_WAIT_MS, SECRET_BYTES};
#[cfg(feature = "std")]
pub(crate) use subscription::{answer, webhook_of};
#[cfg(feature = "std")]
pub use subscription::{parse_webhook_list_response, parse_webhook_response, Webhook, WebhookHeader};
#[cfg(feature = "std")]
pub use typed::{parse_event, Direction, EventChannel, WebhookEvent, WebhookMessage};

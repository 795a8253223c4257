//! # whautomate
//!
//! A typed client for the Whautomate Messages REST API: WhatsApp, Telegram, Instagram
//! and Messenger sends, and a contact's message history.
//!
//! The crate is layered so that everything but the network is plain Rust:
//! - [`model`]: the messages, as typed data;
//! - [`validate`]: the per-channel rulebook, returning every violation at once;
//! - [`request`]: pure functions from a validated message to a [`PreparedRequest`];
//! - [`client`]: retries, timeouts, rate limiting and history paging over a [`Transport`];
//! - `transport`: the fetch transport (wasm32) and an in-memory one for tests;
//!
//! ```
//! use whautomate::{BaseUrl, ErrorCode};
//! let base = BaseUrl::parse("https://api.whautomate.com").unwrap();
//! assert_eq!(base.as_str(), "https://api.whautomate.com/v1");
//! assert_eq!(ErrorCode::Unauthorized.as_str(), "unauthorized");
//! ```
#![warn(missing_docs)]
// The core needs only `core` and `alloc`. The npm package's engine (whautomate-wasm) turns
// `std` off: std's panic and formatting machinery was about a sixth of the .wasm (see
// BENCHMARKS.md, "Size").
#![cfg_attr(not(test), no_std)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

/// What every module would otherwise take from std's prelude.
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::boxed::Box;
    pub(crate) use alloc::string::{String, ToString};
    pub(crate) use alloc::vec;
    pub(crate) use alloc::vec::Vec;
}

/// For the expansion of [`text!`]; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use alloc::string::String;
}

pub mod client;
pub mod config;
pub mod engine;
pub mod error;
pub mod json;
pub mod model;
pub mod request;
pub mod text;
pub mod transport;
pub mod validate;

pub use client::{Client, ClientOptions};
pub use config::{ApiKey, BaseUrl, DEFAULT_HOST};
pub use model::{Channel, HistoryMessage, MessageBuilder, MessageInput, MessageKind, OutgoingMessage, Target};
pub use request::{parse_history_response, parse_send_response, prepare_history, prepare_input, prepare_send, HistoryQuery};
pub use validate::{validate_message, ValidationContext};
pub use error::{Error, ErrorCode, Result, Violation};
pub use request::prepared::{Method, PreparedRequest};
pub use transport::{Transport, TransportError, TransportResponse};

/// The header that carries the API key, and the only place the key ever goes.
///
/// ```
/// use whautomate::model::{Channel, MessageBuilder, MessageKind};
/// use whautomate::{prepare_send, ApiKey, BaseUrl, API_KEY_HEADER};
/// let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
///     .to_contact("c1").text("hi").location_id("loc_1").build().unwrap();
/// let req = prepare_send(&message, &BaseUrl::default(), &ApiKey::new("sk_1").unwrap(), None, None).unwrap();
/// assert_eq!(req.header(API_KEY_HEADER), Some("sk_1"));
/// ```
pub const API_KEY_HEADER: &str = "x-api-key";

/// The engine interface of the npm package (the whautomate-wasm crate, which turns it
/// into wasm exports): internals with no stability promise, there only with the `__js`
/// feature, which nothing but whautomate-wasm turns on.
#[cfg(feature = "__js")]
#[doc(hidden)]
pub mod __js {
    pub use crate::engine::{attempt, campaign, js_options, paging, retry, state};
    pub use crate::error::error_body_prefix_len;
    pub use crate::json;
    pub use crate::request::{history, response, send};
    pub use crate::text;
}

//! # whautomate
//!
//! A typed client for the Whautomate Messages REST API: `WhatsApp`, Telegram, Instagram
//! and Messenger sends, and a contact's message history.
//!
//! ```no_run
//! use whautomate::{Channel, Client, ClientOptions, MessageBuilder, MessageKind};
//!
//! # async fn run() -> Result<(), whautomate::Error> {
//! let client = Client::new(ClientOptions::new("sk_live_...").location_id("loc_1"))?;
//! let message = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text)
//!     .to_phone_number("+16505551234", Some("Ann"))
//!     .text("Your booking on Friday at 10:00 is confirmed.")
//!     .build()?; // every rule of the channel checked here, every violation reported
//! client.send(&message).await?;
//! # Ok(()) }
//! ```
//!
//! ## Layers
//!
//! Everything but the network is plain Rust, usable without a client:
//! - [`model`]: the messages as typed data ([`MessageBuilder`], [`MessageInput`] in the
//!   JavaScript shape, [`OutgoingMessage`] once validated), with serde in the JS shape;
//! - [`validate`]: the per-channel rulebook, returning every [`Violation`] at once;
//! - [`request`]: pure functions from a validated message to a [`PreparedRequest`], and
//!   from a response to an outcome;
//! - [`client`]: retries, timeouts, rate limiting, bulk sends and history paging over a
//!   [`Transport`];
//! - [`transport`]: the transports;
//! - [`webhook`]: the events Whautomate delivers to your webhooks, read tolerantly.
//!
//! ## Targets and transports
//!
//! | target | `Client::new`'s transport (feature `default-transport`) | futures run on |
//! |---|---|---|
//! | native | `transport::native`: reqwest with rustls | a tokio runtime (futures are `Send`) |
//! | `wasm32-unknown-unknown` | `transport::fetch`: the JS host's global `fetch` | `wasm_bindgen_futures::spawn_local` |
//!
//! Any other transport plugs in with [`Client::with_transport`]: implement [`Transport`]
//! (and [`client::Runtime`] for time). [`transport::memory`] has a scripted transport and a
//! fake clock for tests:
//!
//! ```
//! use whautomate::client::{Client, ClientOptions};
//! use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
//! use whautomate::{Channel, ErrorCode, MessageBuilder, MessageKind};
//!
//! let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
//!                                     MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
//! let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
//!     .to_contact("c_1").text("Hello").build().unwrap();
//! client.transport().push_status(429, r#"{"message":"Too Many Requests"}"#); // then {"success":true}
//! futures_executor::block_on(client.send(&message)).unwrap();
//! let requests = client.transport().requests();
//! assert_eq!(requests.len(), 2); // the 429 was retried
//! assert_eq!(requests[1].url, "https://api.whautomate.com/v1/messages/telegram/sendtext");
//!
//! let err = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c_1").build().unwrap_err();
//! assert_eq!((err.code(), err.field()), (ErrorCode::InvalidInput, Some("text")));
//! ```
//!
//! ## Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `std` | yes | `std` (without it the crate is `no_std` + `alloc`; the errors implement `core::error::Error` either way); `Client::history` as a `Stream`; `Client::webhooks` (the subscription calls) and `webhook::Webhook`; `webhook::parse_event` and its typed `WebhookEvent`; natively, `WebhookSecret::generate` and `create_with_secret` (they draw from the operating system's random source) |
//! | `default-transport` | yes | `Client::new` and its transport (above); implies `std` |
//!
//! With `default-features = false` the crate is the `no_std` core: messages, validation,
//! request building and response parsing, the webhook reader ([`webhook::normalize`]) and
//! endpoint ([`webhook::Receiver`]), and [`Client::with_transport`] with a transport of
//! your own.
#![warn(missing_docs)]
// The core needs only `core` and `alloc`. The npm package's engine (whautomate-wasm) turns
// `std` off: std's panic and formatting machinery was about a sixth of the .wasm (see
// BENCHMARKS.md, "Size").
#![cfg_attr(not(test), no_std)]
// Without `__js`, the npm engine's interface (options read from JS, the history page's
// shape check, the campaign's state names...) is compiled but unused. Every check builds
// with it (whautomate-wasm turns it on, and so do this crate's tests, clippy and docs
// through the dev-dependency on itself), and there unused code is reported as usual.
#![cfg_attr(not(feature = "__js"), allow(dead_code, unused_imports))]
// clippy::pedantic, but for these (`cargo clippy -- -W clippy::pedantic` is otherwise clean):
#![allow(
    // Time crosses from JavaScript as f64 milliseconds (`Date.now()`, timer delays) and
    // goes back as f64; each `as` between f64 and the integers is range-checked beside it
    // (or saturates as intended), and `TryFrom` would add panic paths to the .wasm.
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    clippy::cast_possible_wrap,
    // A `match` with a fallback arm is how the readers state "this shape, else that
    // error"; `if let ... else` would hide the shape being matched.
    clippy::single_match_else,
    // The retry table (engine::retry) keeps one arm per case the docs list, even where two
    // answer the same.
    clippy::match_same_arms,
    // The Punycode decoder (config.rs) keeps RFC 3492's names: n, i, w, k, t.
    clippy::many_single_char_names,
    // The field table of validate::fields is read as a table: the variants unqualified,
    // the names' constant beside the code that indexes it.
    clippy::enum_glob_use,
    clippy::items_after_statements,
    // Test helpers return the transport's `Answer` (a `Result`) because the script holds them.
    clippy::unnecessary_wraps,
)]
// The unit tests compare the fake clock's milliseconds exactly: whole numbers, or sums of
// them, which doubles hold exactly.
#![cfg_attr(test, allow(clippy::float_cmp))]

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

/// For the expansion of `text!` (in whautomate-wasm too); not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use crate::text::{push_value, Piece};
    pub use alloc::string::String;
}

pub mod client;
pub(crate) mod config;
pub(crate) mod engine;
pub(crate) mod error;
pub(crate) mod json;
pub mod model;
pub mod request;
pub(crate) mod text;
pub mod transport;
pub(crate) mod url_read;
pub mod validate;
pub mod webhook;

pub use client::{Client, ClientOptions};
pub use config::{ApiKey, BaseUrl, DEFAULT_HOST};
pub use error::{Error, ErrorCode, Result, Violation, MAX_VIOLATIONS};
pub use model::{Channel, HistoryMessage, MessageBuilder, MessageInput, MessageKind, OutgoingMessage, Target};
pub use request::{parse_history_response, parse_send_response, prepare_history, prepare_input, prepare_send, HistoryQuery};
pub use request::{Method, PreparedRequest};
pub use transport::{Transport, TransportError, TransportResponse};
pub use url_read::UrlRead;
pub use validate::{validate_message, ValidationContext};

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
/// feature, which nothing but whautomate-wasm (and this crate's own integration tests,
/// through a dev-dependency on itself) turns on.
#[cfg(feature = "__js")]
#[doc(hidden)]
pub mod __js {
    pub use crate::engine::{attempt, call, campaign, js_options, js_webhooks, paging, retry, state};
    pub use crate::error::{error_body_prefix_len, ERROR_BODY_CAP};
    pub use crate::text;
    pub use crate::text::{is_utf8, parse_u64, push_u64, trim};

    /// A base URL the sending engine checked and output (`profileNew`'s `extras.base`),
    /// handed to the extras engine as it is: not read again (see `crate::url_read`).
    #[must_use]
    pub fn checked_base_url(base: crate::prelude::String) -> crate::BaseUrl {
        crate::config::BaseUrl::checked(base)
    }

    /// The JSON reader and writer.
    pub mod json {
        pub use crate::json::*;
    }
    /// `crate::request::history`.
    pub mod history {
        pub use crate::request::history::*;
    }
    /// `crate::request::response`.
    pub mod response {
        pub use crate::request::response::*;
    }
    /// `crate::request::send`.
    pub mod send {
        pub use crate::request::send::*;
    }
    /// URLs read by the JS driver when the engine asks (`crate::url_read`).
    pub mod url_read {
        pub use crate::url_read::{driver_read, Asked};
    }
    /// For the crate's integration tests: internals they check directly.
    pub mod internals {
        pub use crate::model::timestamp::{format_unix_ms, parse_rfc3339_ms};
        pub use crate::request::encode::{encode_path_segment, encode_query_value};
    }
}

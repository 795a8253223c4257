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
// Without `__js`, the npm engine's interface (options read from JS, the history page's
// shape check, the campaign's state names...) is compiled but unused. Every check builds
// with it (whautomate-wasm turns it on, and so do this crate's tests, clippy and docs
// through the dev-dependency on itself), and there unused code is reported as usual.
#![cfg_attr(not(feature = "__js"), allow(dead_code, unused_imports))]

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
pub mod validate;

pub use client::{Client, ClientOptions};
pub use config::{ApiKey, BaseUrl, DEFAULT_HOST};
pub use error::{Error, ErrorCode, Result, Violation};
pub use model::{Channel, HistoryMessage, MessageBuilder, MessageInput, MessageKind, OutgoingMessage, Target};
pub use request::{parse_history_response, parse_send_response, prepare_history, prepare_input, prepare_send, HistoryQuery};
pub use request::{Method, PreparedRequest};
pub use transport::{Transport, TransportError, TransportResponse};
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
    pub use crate::engine::{attempt, campaign, js_options, paging, retry, state};
    pub use crate::error::{error_body_prefix_len, ERROR_BODY_CAP};
    pub use crate::text;
    pub use crate::text::push_u64;

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
    /// For the crate's integration tests: internals they check directly.
    pub mod internals {
        pub use crate::model::timestamp::{format_unix_ms, parse_rfc3339_ms};
        pub use crate::request::encode::{encode_path_segment, encode_query_value};
    }
}

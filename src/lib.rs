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
//! - `wasm`: the JavaScript bindings (wasm32 only).
//!
//! ```
//! use whautomate::{BaseUrl, ErrorCode};
//! let base = BaseUrl::parse("https://api.whautomate.com").unwrap();
//! assert_eq!(base.as_str(), "https://api.whautomate.com/v1");
//! assert_eq!(ErrorCode::Unauthorized.as_str(), "unauthorized");
//! ```
#![warn(missing_docs)]

pub mod client;
pub mod config;
pub mod error;
pub mod json;
pub mod model;
pub mod request;
pub mod transport;
pub mod validate;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use config::{ApiKey, BaseUrl, DEFAULT_HOST};
pub use model::{Channel, HistoryMessage, MessageBuilder, MessageInput, MessageKind, OutgoingMessage, Target};
pub use request::{parse_history_response, parse_send_response, prepare_history, prepare_input, prepare_send, HistoryQuery};
pub use validate::{validate_message, ValidationContext};
pub use error::{Error, ErrorCode, Result, Violation};
pub use request::prepared::{Method, PreparedRequest};
pub use transport::{Transport, TransportError, TransportResponse};

/// The header that carries the API key, and the only place the key ever goes.
pub const API_KEY_HEADER: &str = "x-api-key";

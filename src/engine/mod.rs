//! The sans-I/O engine: every decision of the SDK, with no I/O, no clock and no timer of
//! its own (the pattern of quinn-proto and h11). Drivers perform the I/O, sleep, and
//! report what happened; the engine answers what follows.
//!
//! - [`options`]: the client's settings, their defaults and their checks, from the Rust
//!   builder or from the JS-shaped JSON object ([`js_options`]);
//! - [`state`]: the checked options and the rate-limit bucket ([`rate_limit`]) of one client;
//! - [`attempt`] and [`retry`]: what each response or failure means (done, retry after N
//!   ms, or the final error with its code and flags);
//! - [`campaign`]: `sendMany`'s accounting and concurrency rules;
//! - [`paging`]: which history page to read next.
//!
//! Two drivers run on it: the Rust async client ([`crate::client::Client`]) and the npm
//! package's JS driver (js/api.js, through the bindings in whautomate-wasm). The scenario table
//! in `tests/fixtures/driver_scenarios.json` checks that they agree.

pub mod attempt;
pub mod call;
pub mod campaign;
pub mod http_date;
pub mod js_options;
pub mod js_webhooks;
pub mod options;
pub mod paging;
pub mod rate_limit;
pub mod retry;
pub mod state;

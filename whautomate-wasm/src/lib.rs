//! whautomate-wasm: the engine of the npm package. wasm-bindgen bindings over the
//! `whautomate` crate's sans-I/O engine: conversions between JS and the core, nothing
//! else. Built by `make pkg` (wasm-pack) into pkg/; not published as a crate, and nothing
//! here is exported by the `whautomate` crate itself, so Rust apps that depend on it
//! export only their own names.
//!
//! The boundary is numeric (see [`abi`]): values cross as tapes (`whautomate::__js::json::tape`: what JS
//! would write as JSON, with lengths instead of its grammar) written into linear memory,
//! results come back through a mailbox, and errors as a status plus the JSON of
//! [`errors::error_json`], which the package's js/api.js turns into a `WhautomateError`.
//! The public JS API (class `Whautomate`, `validate`, `WhautomateError`) lives in
//! js/api.js, over js/engine.js; these exports are its engine and are not meant to be
//! called directly.
//!
//! The engine imports nothing from JS (the clock comes in as an argument), so a call
//! never crosses back out before it returns.

#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]
// Everything below is for wasm32; natively (`cargo test --workspace`) the crate is empty.
#![cfg(target_arch = "wasm32")]

extern crate alloc;

#[cfg(any(feature = "send", feature = "extras"))]
mod abi;
#[cfg(feature = "extras")]
mod campaign;
#[cfg(feature = "send")]
mod client;
#[cfg(feature = "send")]
mod driver;
mod errors;
// Its JSON (and the error a failed driver reports) is written at build time, by the
// js_protocol program: here only its numbers are used.
#[cfg(any(feature = "send", feature = "extras"))]
#[cfg_attr(not(test), allow(dead_code))]
mod protocol;
#[cfg(feature = "extras")]
mod answers;
#[cfg(feature = "extras")]
mod history;
#[cfg(feature = "extras")]
mod scope;
#[cfg(feature = "extras")]
mod subscriptions;
#[cfg(feature = "receive")]
mod receive;
#[cfg(not(test))]
mod runtime;
#[cfg(test)]
mod tests;

/// What each module would otherwise take from std's prelude.
#[allow(unused_imports)] // the `receive`-only build uses fewer of them
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::string::String;
    pub(crate) use alloc::vec;
    pub(crate) use alloc::vec::Vec;
}

#[cfg(any(feature = "send", feature = "extras"))]
use wasm_bindgen::prelude::*;

#[cfg(any(feature = "send", feature = "extras"))]
/// Grows the input buffer to at least `capacity` bytes; returns its address, or 0 when
/// `capacity` is over [`abi::MAX_INPUT`] (nothing is allocated then).
#[wasm_bindgen]
pub fn input(capacity: u32) -> u32 {
    abi::engine().reserve_input(capacity as usize)
}

#[cfg(any(feature = "send", feature = "extras"))]
/// The address of the mailbox where every call leaves its outputs (see
/// [`abi::Mailbox`]): js/engine.js reads it once per module, at start. (The rest of the
/// boundary's protocol is known at build time: src/protocol.rs.)
#[wasm_bindgen]
pub fn mailbox() -> u32 {
    abi::engine().mailbox_addr()
}


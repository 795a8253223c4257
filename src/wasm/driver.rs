//! The synchronous engine behind the npm package's JS driver (`#call` in js/api.js).
//!
//! JavaScript performs the I/O (`fetch`, timers) and asks the engine, one call at a time,
//! for everything else: how long to wait for the rate limit, and what follows each
//! attempt (retry after a wait, success, or the error). No Rust future crosses into JS,
//! so a send is two calls into wasm ([`super::client::send`], then [`after_response`]).

use crate::prelude::*;

use super::abi::{engine, Engine, DONE};
use super::client::with_client;
use crate::client::attempt::{transport_error, Attempt};
use crate::client::retry::{parse_retry_after, Outcome};
use crate::client::ClientState;
use crate::{request, TransportError};
use wasm_bindgen::prelude::*;

/// `retry_len` of [`after_response`] when JS has not read the `Retry-After` header.
const UNREAD: i32 = -2;
/// [`after_response`]'s answer when it needs that header: read it and ask again.
const ASK: f64 = -3.0;

/// How an attempt failed, as the JS driver numbers it (`FAILURE` in js/api.js), and
/// whether the request could have reached the server.
fn failure(kind: u32, message: String) -> (TransportError, bool) {
    match kind {
        0 => (TransportError::Refused(message), true),
        2 => (TransportError::Timeout, true),
        3 => (TransportError::Aborted, true),
        // Aborted before anything was handed to fetch (waiting for the rate limit or a
        // retry): nothing of this attempt reached the server.
        4 => (TransportError::Aborted, false),
        _ => (TransportError::Network(message), true),
    }
}

/// Reserves a rate-limit token at `now`; returns the wait in ms (0: go now).
#[wasm_bindgen]
pub fn reserve(handle: u32, now: f64) -> f64 {
    engine().clients.get(handle).map_or(0.0, |client| client.reserve_token(now))
}

/// Gives back a reserved token (the caller aborted while waiting).
#[wasm_bindgen]
pub fn release(handle: u32, now: f64) {
    if let Some(client) = engine().clients.get(handle) {
        client.release_token(now);
    }
}

/// After a response to attempt `attempt` (0 for the first): the input holds the body
/// (`body_len` bytes), then the `Retry-After` header (`retry_len` bytes; -1 when absent,
/// [`UNREAD`] when JS has not read it). Returns [`DONE`] when the call succeeded (a send
/// accepted, a history page well-formed), a wait in ms before the next attempt,
/// [`ERROR`](super::abi::ERROR) when the call failed for good, or [`ASK`] when the
/// header was not read and the answer may depend on it.
#[wasm_bindgen(js_name = afterResponse)]
#[allow(clippy::too_many_arguments)]
pub fn after_response(handle: u32, is_send: bool, attempt: u32, status: u32, body_len: u32, retry_len: i32, now: f64, random: f64) -> f64 {
    let engine = engine();
    let verdict = with_client(engine, handle, |client| {
        let body_len = body_len as usize;
        let body = engine.text(0, body_len);
        let retry_after = u32::try_from(retry_len).ok().map(|len| engine.text(body_len, len as usize));
        let status = u16::try_from(status).unwrap_or(0);
        if let Some(ms) = attempt_of(client, is_send, attempt).retry_wait(Outcome::Status(status), retry_after, now, random) {
            return Ok(if retry_len == UNREAD { ASK } else { ms as f64 });
        }
        let checked = if is_send {
            request::parse_send_response(status, body)
        } else {
            request::response::history_page_len(status, body).map(|_| ())
        };
        match checked {
            Ok(()) => Ok(DONE),
            // Only a success can do without the header: an error reports its Retry-After.
            Err(_) if retry_len == UNREAD => Ok(ASK),
            Err(error) => Err(error.with_retry_after_ms(retry_after.and_then(|v| parse_retry_after(v, now)))),
        }
    });
    answer(engine, verdict)
}

/// After a failed exchange (`kind`: 0 refused, 1 network, 2 timeout, 3 aborted in
/// flight, 4 aborted before sending; the input holds the `len`-byte message): the wait
/// in ms before the next attempt, or [`ERROR`](super::abi::ERROR).
#[wasm_bindgen(js_name = afterFailure)]
pub fn after_failure(handle: u32, is_send: bool, attempt: u32, kind: u32, len: u32, now: f64, random: f64) -> f64 {
    let engine = engine();
    let verdict = with_client(engine, handle, |client| {
        let (error, reached) = failure(kind, engine.text(0, len as usize).to_owned());
        let attempt = attempt_of(client, is_send, attempt);
        if reached {
            attempt.after_failure(error, now, random).map(|ms| ms as f64)
        } else {
            // Nothing of this attempt reached the server: reported as is, never retried.
            Err(transport_error(error, is_send, false, attempt.timeout_ms))
        }
    });
    answer(engine, verdict)
}

fn attempt_of(client: &ClientState, is_send: bool, number: u32) -> Attempt {
    let options = client.options();
    Attempt { is_send, number, policy: options.retry, timeout_ms: options.timeout_ms }
}

/// The verdict, or [`ERROR`](super::abi::ERROR) with the error published.
fn answer(engine: &mut Engine, verdict: Result<f64, String>) -> f64 {
    verdict.unwrap_or_else(|error_json| engine.fail(error_json))
}

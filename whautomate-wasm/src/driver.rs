//! The synchronous engine behind the npm package's JS driver (`#call` in js/api.js).
//!
//! JavaScript performs the I/O (`fetch`, timers) and reports what happened; the engine
//! decides everything else: how long to wait for the rate limit, and what follows each
//! attempt (retry after a wait, success, or the error). No Rust future crosses into JS,
//! so a send is three calls into wasm ([`crate::client::send`], [`reserve`], then
//! [`after_response`]).
//!
//! What JS reports is data, never a decision: the status and a bounded prefix of the
//! body after a response; the kind of failure as a word (see [`TransportError::from_report`])
//! otherwise; for a history page, what `JSON.parse` found.

use crate::prelude::*;

use crate::abi::{engine, DONE};
use crate::client::with_client;
use whautomate::__js::attempt::{transport_error, Attempt};
use whautomate::__js::call::Call;
use whautomate::__js::retry::{parse_retry_after, Outcome};
use whautomate::__js::state::ClientState;
use whautomate::__js::json::tape;
use whautomate::__js::response;
use whautomate::{Error, TransportError};
use wasm_bindgen::prelude::*;

/// `retry_len` of [`after_response`] when JS has not read the `Retry-After` header;
/// [`after_response`]'s answers when it needs that header (read it and ask again), and to
/// a history page that arrived (parse it: `JSON.parse`, then `answerParsed` of the extras
/// module).
pub use crate::protocol::{ASK, PARSE, UNREAD};

/// What JS reports of a failed attempt that never left the machine: aborted while
/// waiting for the rate limit or a retry.
const ABORTED_BEFORE_SENDING: &str = "aborted_before_sending";

/// Reserves a rate-limit token at `now` (a monotonic clock, in ms); returns the wait in
/// ms (0: go now).
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

/// After a response to attempt `attempt` (0 for the first) of a call of kind `call` (its
/// number in [`Call::ALL`], as the protocol, src/protocol.rs, lists them): the input holds a prefix of
/// the body (`body_len` bytes: the whole body, or a prefix longer than a send's answer
/// may be, which [`response::judge_send`] refuses), then what
/// `JSON.parse` made of a complete body, as a tape (`tape_len` bytes, read in response
/// mode: `whautomate::__js::json::tape`; none when it is no JSON or not complete), then
/// the `Retry-After` header (`retry_len` bytes; -1 when absent, [`UNREAD`] when JS has not
/// read it). JS hands in at least `bodyPrefix` bytes of a longer body (see
/// `profileNew`), enough to judge a send and to redact and cap an error body. `over`:
/// the body was not read, larger than `maxResponseBytes` or cut while it arrived; the
/// input then holds what the driver saw instead of a body
/// ([`TransportError::BodyTooLarge`], [`TransportError::BodyCut`]), and the status decides
/// as for any response.
///
/// Returns [`DONE`] when a send or a delete succeeded, [`PARSE`] when the answer of a
/// read, create or update arrived (history page, subscriptions), a wait
/// in ms before the next attempt, [`ERROR`](crate::abi::ERROR) when the call failed for
/// good, or [`ASK`] when the header was not read and the answer may depend on it.
#[wasm_bindgen(js_name = afterResponse)]
#[allow(clippy::too_many_arguments)]
pub fn after_response(handle: u32, call: u32, attempt: u32, status: u32, body_len: u32, tape_len: u32, over: bool, retry_len: i32, now: f64, random: f64) -> f64 {
    let engine = engine();
    let verdict = with_client(engine, handle, |client| {
        let (body_len, tape_len) = (body_len as usize, tape_len as usize);
        let body = engine.text(0, body_len);
        let parsed = if tape_len == 0 { None } else { tape::read(engine.text(body_len, tape_len), false).ok() };
        let retry_after = u32::try_from(retry_len).ok().map(|len| engine.text(body_len + tape_len, len as usize));
        let status = u16::try_from(status).unwrap_or(0);
        let call = Call::from_number(call);
        let is_send = call.changes();
        if let Some(ms) = attempt_of(client, is_send, attempt).retry_wait(Outcome::Status(status), retry_after, now, random) {
            return Ok(if retry_len == UNREAD { ASK } else { ms as f64 });
        }
        // A body not read (`over`) is judged as `Attempt::next` judges
        // `TransportError::BodyTooLarge` and `BodyCut`: by its status, a delete's 2xx done.
        let success = response::is_success(status);
        let checked = if success && call == Call::Remove && (over || body.is_empty()) {
            // A delete answered 2xx with nothing to judge (a 204, or a body not read).
            Ok(())
        } else if over {
            Err(Error::body_not_read(status, body, is_send))
        } else if !success {
            Err(response::status_error(status, Some(body.to_owned()), parsed.as_ref(), is_send))
        } else if matches!(call, Call::Read | Call::Change | Call::Remove) {
            // A delete's body too: an error body in a 200 is no removal.
            return Ok(PARSE);
        } else {
            response::judge_send(status, body, parsed.as_ref())
        };
        match checked {
            Ok(()) => Ok(DONE),
            // Only a success can do without the header: an error reports its Retry-After.
            Err(_) if retry_len == UNREAD => Ok(ASK),
            Err(error) => Err(error.with_retry_after_ms(retry_after.and_then(|v| parse_retry_after(v, now)))),
        }
    });
    engine.answer(verdict)
}

/// After a failed exchange of a call of kind `call`: the input holds what happened (`kind_len` bytes: a word of
/// [`TransportError::from_report`], or `aborted_before_sending`), then a message
/// (`message_len` bytes). Returns the wait in ms before the next attempt, or
/// [`ERROR`](crate::abi::ERROR).
#[wasm_bindgen(js_name = afterFailure)]
#[allow(clippy::too_many_arguments)]
pub fn after_failure(handle: u32, call: u32, attempt: u32, kind_len: u32, message_len: u32, now: f64, random: f64) -> f64 {
    let engine = engine();
    let verdict = with_client(engine, handle, |client| {
        let kind = engine.text(0, kind_len as usize);
        let message = engine.text(kind_len as usize, message_len as usize).to_owned();
        let is_send = Call::from_number(call).changes();
        let attempt = attempt_of(client, is_send, attempt);
        if kind == ABORTED_BEFORE_SENDING {
            // Nothing of this attempt reached the server: reported as is, never retried.
            return Err(transport_error(TransportError::Aborted, is_send, false, attempt.timeout_ms));
        }
        attempt.after_failure(TransportError::from_report(kind, message), now, random).map(|ms| ms as f64)
    });
    engine.answer(verdict)
}

fn attempt_of(client: &ClientState, is_send: bool, number: u32) -> Attempt {
    let options = client.options();
    Attempt { is_send, number, policy: options.retry, timeout_ms: options.timeout_ms, status_only: false }
}

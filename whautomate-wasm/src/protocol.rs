//! The boundary's protocol: the numbers the exports return and take, the kinds of calls,
//! `sendMany`'s states, the error of a driver that failed in itself, the version. Defined
//! here only. `make pkg` prints it (the `js_protocol` program, src/bin/js_protocol.rs)
//! into pkg/protocol.js, which js/engine.js imports: nothing is synced by hand, and no
//! module computes it at start-up (its code cost the sending `.wasm` 0.55 KB gzip; in a
//! cold Worker the call cost 1.4 ms of start-up CPU, though most of that moved to the
//! first request, which compiles the same JSON writer: BENCHMARKS.md).
//!
//! Platform-free: the wasm crate builds it into its exports' code, and the program, which
//! runs natively, includes it by path.

use crate::prelude::*;

use whautomate::__js::call::Call;
use whautomate::__js::json::ObjectWriter;
use whautomate::{Error, ErrorCode};

/// Returned by an export that failed; the first output holds the error's JSON.
pub const ERROR: f64 = -2.0;
/// Returned by `afterResponse` / `afterFailure` when the call is over and succeeded, and
/// by `walkNext` when the walk is over.
pub const DONE: f64 = -1.0;
/// What a call returns when the driver must read something for it first and call again:
/// the `Retry-After` header (`afterResponse`), or the URL left as the first output, read
/// with the platform's `new URL()` (`profileNew`, `webhookRequest`: see
/// `whautomate::UrlRead`).
pub const ASK: f64 = -3.0;
/// `retry_len` of `afterResponse` when JS has not read the `Retry-After` header.
pub const UNREAD: i32 = -2;
/// `afterResponse`'s answer to a history page that arrived: parse the body with
/// `JSON.parse` and report its shape (`answerParsed` of the extras module). (The page never enters
/// wasm memory: `JSON.parse` is linear and fast, and linear memory never shrinks.)
pub const PARSE: f64 = -4.0;

/// The error of a driver that failed in itself after its request may have left (a
/// thrown value nothing else explains, or the engine trapped): `invalid_response`, with
/// `mayHaveBeenSent` for a call that changes something, so that nothing is filed as
/// certainly not applied when it may have been. In the protocol, per kind of call
/// (`DRIVER_FAILED`): a driver needs it when the engine can no longer answer at all.
#[must_use]
pub fn driver_failure(call: Call) -> Error {
    let changes = call.changes();
    Error::new(ErrorCode::InvalidResponse, "the response could not be handled").with_may_have_been_sent(changes).with_retryable(!changes)
}

/// The protocol as JSON: `{"DONE":-1,"ERROR":-2,"ASK":-3,"PARSE":-4,"UNREAD":-2,
/// "CALLS":{"send":0,...},"DRIVER_FAILED":[...],"STATES":[...],"SECRET_BYTES":32,"PROGRESS_MS":1000,
/// "MAX_MESSAGES":100000,"VERSION":"0.1.0"}`: the same for every module of the package (the sending engine,
/// its extras, both in one), which each use their part of it.
#[must_use]
pub fn json() -> String {
    let mut out = String::new();
    let mut o = ObjectWriter::new(&mut out);
    // Each a small negative whole number (the writer has no signed form: the sign is
    // written, then the magnitude).
    for (name, value) in [("DONE", DONE as i32), ("ERROR", ERROR as i32), ("ASK", ASK as i32), ("PARSE", PARSE as i32), ("UNREAD", UNREAD)] {
        let slot = o.key(name);
        slot.push('-');
        whautomate::__js::push_u64(slot, u64::from(value.unsigned_abs()));
    }
    // The kinds of calls (`afterResponse`'s `call`), by name: their numbers.
    let mut calls = ObjectWriter::new(o.key("CALLS"));
    for (i, call) in Call::ALL.iter().enumerate() {
        calls.u64(call.as_str(), i as u64);
    }
    calls.end();
    // The error for a driver that failed in itself, per kind of call, by its number.
    let failed = o.key("DRIVER_FAILED");
    failed.push('[');
    for (i, call) in Call::ALL.iter().enumerate() {
        if i > 0 {
            failed.push(',');
        }
        failed.push_str(&crate::errors::error_json(&driver_failure(*call)));
    }
    failed.push(']');
    // A `sendMany` input's states, by their numbers (`campaignSettle`).
    let states = o.key("STATES");
    states.push('[');
    for (i, state) in whautomate::__js::campaign::BulkState::ALL.iter().enumerate() {
        if i > 0 {
            states.push(',');
        }
        whautomate::__js::json::write_str(states, state.as_str());
    }
    states.push(']');
    // How many random bytes `createWithSecret` asks the driver for.
    o.u64("SECRET_BYTES", whautomate::webhook::SECRET_BYTES as u64);
    // How often a `sendMany` run reports its progress while sends are in flight.
    o.u64("PROGRESS_MS", whautomate::__js::campaign::PROGRESS_MS);
    // Past this many, `sendMany` builds no message before the extras' engine refuses the
    // count (`sendManyOptions`): a JS array's length is not its contents.
    o.u64("MAX_MESSAGES", whautomate::__js::js_options::MAX_MESSAGES as u64);
    o.str("VERSION", env!("CARGO_PKG_VERSION"));
    o.end();
    out
}

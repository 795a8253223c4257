//! The synchronous engine behind the npm package's JS driver (js/api.js).
//!
//! JavaScript performs the I/O (`fetch`, timers) and asks the engine, one call at a time,
//! for everything else: the wire request of a message, how long to wait for the rate
//! limit, and what follows each attempt (retry after a wait, success, or the error).
//! No Rust future crosses into JS, so a send costs a handful of boundary crossings and
//! the package carries none of the futures machinery.

use crate::prelude::*;

use super::client::WasmClient;
use crate::client::attempt::{transport_error, Attempt, Next};
use crate::{request, TransportError, TransportResponse};
use wasm_bindgen::prelude::*;

/// How an attempt failed, as the JS driver reports it.
fn failure(kind: u8, message: String) -> (TransportError, bool) {
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

#[wasm_bindgen]
impl WasmClient {
    /// The headers of sends (`true`) or reads as a JSON object, read once per client.
    #[wasm_bindgen(js_name = wireHeaders)]
    pub fn wire_headers(&self, is_send: bool) -> String {
        let options = self.inner.options();
        // The same functions that build every request's headers, so the set cannot drift
        // from what `prepare` shows.
        let request = if is_send {
            request::send_headers(&options.api_key)
        } else {
            request::history_headers(&options.api_key)
        };
        let mut out = String::new();
        let mut o = crate::json::ObjectWriter::new(&mut out);
        for (name, value) in &request {
            o.str(name, value);
        }
        o.end();
        out
    }

    /// The send of `message` (JSON) as `url + "\0" + body` (neither can hold a NUL: the
    /// URL is percent-encoded and JSON escapes control characters).
    #[wasm_bindgen(js_name = wireSend)]
    pub fn wire_send(&self, message: &str) -> Result<String, JsValue> {
        let request = self.validate_and_prepare(message).map_err(|e| self.fail(e))?;
        Ok(format!("{}\0{}", request.url, request.body.unwrap_or_default()))
    }

    /// The URL of a history page. `args`: `{ contactId, page?, limit?, searchText? }`.
    #[wasm_bindgen(js_name = wireHistory)]
    pub fn wire_history(&self, args: &str) -> Result<String, JsValue> {
        self.history_request(args).map(|r| r.url).map_err(|e| self.fail(e))
    }

    /// Reserves a rate-limit token; returns the wait in ms (0: go now).
    pub fn reserve(&self, now_ms: f64) -> f64 {
        self.inner.reserve_token(now_ms)
    }

    /// Gives back a reserved token (the caller aborted while waiting).
    pub fn release(&self, now_ms: f64) {
        self.inner.release_token(now_ms);
    }

    /// Whether a client-side rate limit is on (the driver skips `reserve` otherwise).
    #[wasm_bindgen(js_name = rateLimited)]
    pub fn rate_limited(&self) -> bool {
        self.inner.options().rate_limit.is_some()
    }

    /// The timeout of one exchange, in ms.
    #[wasm_bindgen(js_name = timeoutMs)]
    pub fn timeout_ms(&self) -> f64 {
        self.inner.options().timeout_ms as f64
    }

    /// After a response: `-1` when the call succeeded (a send accepted, a history page
    /// well-formed), else the wait in ms before the next attempt. Throws the error JSON
    /// when the call failed for good.
    #[wasm_bindgen(js_name = afterResponse)]
    #[allow(clippy::too_many_arguments)]
    pub fn after_response(&self, is_send: bool, attempt: u32, status: u16, retry_after: Option<String>, body: String, now_ms: f64, random: f64) -> Result<f64, JsValue> {
        let response = TransportResponse { status, retry_after, body };
        match self.attempt(is_send, attempt).next(Ok(response), now_ms, random) {
            Next::RetryAfter(ms) => Ok(ms as f64),
            Next::Done(Err(e)) => Err(self.fail(e)),
            Next::Done(Ok(response)) => {
                let retry_after = response.retry_after.as_deref().and_then(|v| crate::client::retry::parse_retry_after(v, now_ms));
                let outcome = if is_send {
                    request::parse_send_response(response.status, &response.body)
                } else {
                    request::parse_history_page(response.status, response.body).map(|_| ())
                };
                outcome.map(|()| -1.0).map_err(|e| self.fail(e.with_retry_after_ms(retry_after)))
            }
        }
    }

    /// After a failed exchange (`kind`: 0 refused, 1 network, 2 timeout, 3 aborted in
    /// flight, 4 aborted before sending): the wait in ms before the next attempt, or throws
    /// the error JSON.
    #[wasm_bindgen(js_name = afterFailure)]
    pub fn after_failure(&self, is_send: bool, attempt: u32, kind: u8, message: String, now_ms: f64, random: f64) -> Result<f64, JsValue> {
        let (error, reached) = failure(kind, message);
        if !reached {
            return Err(self.fail(transport_error(error, is_send, false, self.inner.options().timeout_ms)));
        }
        match self.attempt(is_send, attempt).next(Err(error), now_ms, random) {
            Next::RetryAfter(ms) => Ok(ms as f64),
            Next::Done(Err(e)) => Err(self.fail(e)),
            Next::Done(Ok(_)) => Ok(-1.0), // cannot happen: a failure never becomes a response
        }
    }
}

impl WasmClient {
    fn attempt(&self, is_send: bool, number: u32) -> Attempt {
        let options = self.inner.options();
        Attempt { is_send, number, policy: options.retry, timeout_ms: options.timeout_ms }
    }
}

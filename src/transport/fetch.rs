//! The fetch transport and the JS runtime (timers, clock, randomness), for Rust code
//! running in a wasm32 JS host.
//!
//! One exchange is one call into `exchange` of js/exchange.js: it sets up the
//! `AbortController` that enforces the timeout (body read included) and follows the caller's
//! signal, calls `fetch` (the global one, bound, or the user's), reads the body, and
//! reports a tagged outcome. The npm package's JS driver uses the same file, so both treat
//! timeouts, aborts and refused connections alike.
//!
//! Not gloo-net (the project's named stack): it reports every fetch failure as one
//! `JsError` without the error's `cause`, so a refused connection (Node and Bun say
//! `ECONNREFUSED` there), after which a send may safely go again, could not be told from a
//! failure after the request left; it cannot call a `fetch` the user supplies; and it reads
//! a body whole, where the SDK stops at `max_response_bytes` (`tests/wasm_client.rs` checks
//! each of these against real servers).

use crate::prelude::*;

use crate::client::Runtime;
use crate::{PreparedRequest, Transport, TransportError, TransportResponse};
use js_sys::{Array, Function, Object, Reflect};
use core::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/exchange.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn exchange(
        fetch: &JsValue,
        url: &str,
        method: &str,
        headers: &Object,
        body: Option<String>,
        timeout_ms: f64,
        signal: &JsValue,
        max_bytes: f64,
    ) -> Result<js_sys::Promise, JsValue>;

    fn sleep(ms: f64, signal: &JsValue) -> js_sys::Promise;

    #[wasm_bindgen(js_name = now)]
    fn monotonic_now() -> f64;

    #[wasm_bindgen(js_name = isAborted)]
    fn signal_aborted(signal: &JsValue) -> bool;
}

/// Sends requests with the runtime's `fetch`, or with one the user supplied.
pub struct FetchTransport {
    fetch: JsValue,
}

impl FetchTransport {
    /// The global `fetch` ([`FetchTransport::global`]); never fails. For
    /// [`Client::new`](crate::Client::new), which builds each platform's default alike.
    ///
    /// # Errors
    ///
    /// None on this platform.
    pub fn new() -> Result<FetchTransport, crate::Error> {
        Ok(FetchTransport::global())
    }

    /// Uses the global `fetch` (looked up at call time, so polyfills installed later work).
    #[must_use]
    pub fn global() -> FetchTransport {
        FetchTransport { fetch: JsValue::UNDEFINED }
    }

    /// Uses `fetch`, a function with the signature of the standard `fetch`.
    #[must_use]
    pub fn with_fetch(fetch: Function) -> FetchTransport {
        FetchTransport { fetch: fetch.into() }
    }
}

impl Transport for FetchTransport {
    type Signal = JsValue;

    fn send(&self, request: &PreparedRequest, timeout_ms: u64, max_response_bytes: u64, signal: Option<&JsValue>) -> impl Future<Output = Result<TransportResponse, TransportError>> + crate::transport::MaybeSend {
        let headers = Object::new();
        for (name, value) in &request.headers {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&headers, &JsValue::from_str(name), &JsValue::from_str(value));
        }
        let started = exchange(
            &self.fetch,
            &request.url,
            request.method.as_str(),
            &headers,
            request.body.clone(),
            timeout_ms as f64,
            signal.unwrap_or(&JsValue::UNDEFINED),
            max_response_bytes as f64,
        );
        async move {
            let promise = started.map_err(|e| TransportError::Network(describe(&e)))?;
            match JsFuture::from(promise).await {
                Ok(value) => {
                    let parts = Array::from(&value);
                    // Out of range (a caller's fetch may answer anything): 0, which the
                    // client reports as `invalid_response`.
                    let status = parts.get(0).as_f64().filter(|s| (0.0..=999.0).contains(s)).unwrap_or(0.0) as u16;
                    let retry_after = parts.get(1).as_string();
                    // A fourth part: the body was not read, over max_response_bytes or
                    // (a fifth part, true) cut while it arrived.
                    if let Some(detail) = parts.get(3).as_string() {
                        return Err(if parts.get(4).is_truthy() {
                            TransportError::BodyCut { status, retry_after, detail }
                        } else {
                            TransportError::BodyTooLarge { status, retry_after, detail }
                        });
                    }
                    Ok(TransportResponse { status, retry_after, body: parts.get(2).as_string().unwrap_or_default() })
                }
                Err(error) => Err(classify(&error)),
            }
        }
    }
}

/// Turns the JS helper's `[kind, message]` rejection into a transport error.
fn classify(error: &JsValue) -> TransportError {
    let parts = Array::from(error);
    let message = parts.get(1).as_string().unwrap_or_else(|| describe(error));
    TransportError::from_report(parts.get(0).as_string().as_deref().unwrap_or_default(), message)
}

fn describe(error: &JsValue) -> String {
    error.as_string().or_else(|| error.dyn_ref::<js_sys::Error>().map(|e| e.message().into())).unwrap_or_else(|| "fetch failed".into())
}

/// Timers, clock and randomness of the JS host.
#[derive(Debug, Default, Clone, Copy)]
pub struct JsRuntime;

impl Runtime for JsRuntime {
    type Signal = JsValue;

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }
    fn monotonic_ms(&self) -> f64 {
        monotonic_now()
    }
    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
    fn sleep(&self, ms: u64, signal: Option<&JsValue>) -> impl Future<Output = Result<(), TransportError>> + crate::transport::MaybeSend {
        let promise = sleep(ms as f64, signal.unwrap_or(&JsValue::UNDEFINED));
        async move { JsFuture::from(promise).await.map(|_| ()).map_err(|_| TransportError::Aborted) }
    }
    fn is_aborted(&self, signal: Option<&JsValue>) -> bool {
        signal.is_some_and(signal_aborted)
    }
}

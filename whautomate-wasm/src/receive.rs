//! The engine of `whautomate/webhooks` (a build of this crate with the `receive` feature
//! only, so that receiving and sending each load only their own code): conversions
//! between JS and [`whautomate::webhook`], nothing else.
//!
//! Unlike the send engine's numeric boundary ([`crate::abi`], tuned for per-call cost),
//! this one is wasm-bindgen's own string passing and exported class: a webhook delivery
//! is one call or two, and the generated glue is the stack the project names. Every
//! export returns JSON; a failure is thrown as the JSON of its error (a string), which
//! js/webhooks.js turns into a `WhautomateError`.

use crate::prelude::*;

use crate::errors::error_json;
use wasm_bindgen::prelude::*;
use whautomate::__js::js_options;
use whautomate::__js::json::{write_str, ObjectWriter};
use whautomate::webhook::{normalize, Reception, Receiver, MAX_BODY_BYTES, ON_ERROR_WAIT_MS};
use whautomate::Error;

fn thrown(error: &Error) -> JsValue {
    JsValue::from_str(&error_json(error))
}

/// `parseWebhookEvent(body)`: the normalized event of `body` (see
/// [`whautomate::webhook::normalize`]), as JSON.
#[wasm_bindgen(js_name = parseEvent)]
pub fn parse_event(body: &str) -> Result<String, JsValue> {
    normalize(body).map_err(|e| thrown(&e))
}

/// `verifyWebhook(headers, secret)`: whether `given` (the header's value, if the request
/// had it) is the secret of `secret_json` (`{ name, value }`).
#[wasm_bindgen(js_name = verifySecret)]
pub fn verify_secret(secret_json: &str, given: Option<String>) -> Result<bool, JsValue> {
    let secret = js_options::webhook_secret(secret_json).map_err(|e| thrown(&e))?;
    Ok(secret.matches(given.as_deref()))
}

/// The lowercase header name of `secret_json`'s secret (to read it from the request).
#[wasm_bindgen(js_name = secretHeader)]
pub fn secret_header(secret_json: &str) -> Result<String, JsValue> {
    js_options::webhook_secret(secret_json).map(|s| s.header_name()).map_err(|e| thrown(&e))
}

/// The largest body an endpoint reads, in bytes: the driver stops reading past it.
#[wasm_bindgen(js_name = maxBodyBytes)]
pub fn max_body_bytes() -> u32 {
    MAX_BODY_BYTES as u32
}

/// How long the driver waits for `onError` before it answers anyway, in ms (see
/// [`whautomate::webhook::ON_ERROR_WAIT_MS`]).
#[wasm_bindgen(js_name = onErrorWaitMs)]
pub fn on_error_wait_ms() -> u32 {
    ON_ERROR_WAIT_MS as u32
}

/// One `createWebhookHandler` endpoint: its [`Receiver`].
#[wasm_bindgen]
pub struct Endpoint(Receiver);

#[wasm_bindgen]
impl Endpoint {
    /// The endpoint of `createWebhookHandler`'s options (JSON, `onEvent` marked).
    #[wasm_bindgen(constructor)]
    pub fn new(options_json: &str) -> Result<Endpoint, JsValue> {
        js_options::webhook_handler(options_json).map(Endpoint).map_err(|e| thrown(&e))
    }

    /// The secret header's lowercase name, if the endpoint has a secret.
    #[wasm_bindgen(js_name = secretHeader)]
    pub fn secret_header(&self) -> Option<String> {
        self.0.secret_header()
    }

    /// The answer before reading the body (`{ status, reason, headers }`), or `undefined`:
    /// read the body. `content_length`: the header's text, if the request had one (one
    /// that is no number is left to the reading, which stops at the limit anyway).
    pub fn screen(&self, method: &str, secret: Option<String>, content_length: Option<String>) -> Option<String> {
        // The crate's `trim` and `parse_u64`: `str::trim` and `str::parse` bring core's
        // backward scan and generic integer parser into the receiving .wasm.
        let declared = content_length.and_then(|text| whautomate::__js::parse_u64(whautomate::__js::trim(&text)));
        self.0.screen(method, secret.as_deref(), declared).map(|r| reception_json(&r))
    }

    /// What to do with a delivery: `{ id, since, event }` to hand `event` to `onEvent`
    /// (then `settle(id, since, …)`), or `{ status, reason, headers }` to answer. `now`:
    /// the driver's monotonic clock, in ms.
    pub fn receive(&mut self, secret: Option<String>, body: &str, now: f64) -> String {
        // A clock reading that is no whole number of ms (NaN, negative) reads as 0.
        let now = if (0.0..9e15).contains(&now) { now as u64 } else { 0 };
        reception_json(&self.0.receive(secret.as_deref(), body, now))
    }

    /// The answer to a body that was cut at [`max_body_bytes`].
    #[wasm_bindgen(js_name = tooLarge)]
    pub fn too_large(&self) -> String {
        reception_json(&self.0.too_large())
    }

    /// How `onEvent` ended for the handling of `id` that began at `since`; returns the
    /// status to answer.
    pub fn settle(&mut self, id: &str, since: f64, handled: bool) -> u16 {
        self.0.settle(id, since as u64, handled)
    }
}

fn reception_json(reception: &Reception) -> String {
    let mut out = String::new();
    let mut o = ObjectWriter::new(&mut out);
    match reception {
        Reception::Handle { id, event, since } => {
            o.str("id", id).u64("since", *since);
            o.key("event").push_str(event);
        }
        Reception::Answer { status, reason } => {
            o.u64("status", u64::from(*status)).str("reason", reason);
            let headers = o.key("headers");
            headers.push('{');
            for (i, (name, value)) in reception.headers().iter().enumerate() {
                if i > 0 {
                    headers.push(',');
                }
                write_str(headers, name);
                headers.push(':');
                write_str(headers, value);
            }
            headers.push('}');
        }
        // A kind of reception this build does not know: a server error, never a drop.
        _ => {
            o.u64("status", 500).str("reason", "the endpoint cannot answer this delivery");
        }
    }
    o.end();
    out
}

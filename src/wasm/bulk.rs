//! `client.sendMany()`'s engine: a second `impl WasmClient` block, conversions only. The
//! campaign logic (validation first, bounded concurrency, one result per input, never
//! resending an `unknown`) is [`crate::client::Client::send_many_prepared`].

use super::client::WasmClient;
use super::errors::to_js;
use crate::client::{BulkOptions, BulkResult, BulkStatus, Progress};
use crate::{Error, Violation};
use js_sys::{Array, Function, Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// The largest `concurrency` accepted: more would only queue behind the rate limit.
const MAX_CONCURRENCY: f64 = 1024.0;

#[wasm_bindgen]
impl WasmClient {
    /// Sends many messages. `messages`: an array whose elements are each one message's
    /// JSON text (js/api.js encodes them one by one, so a message JSON cannot hold is
    /// reported for its index alone; a non-string element is `invalid_input`).
    /// Every element is validated before anything is sent. Resolves to the JSON text
    /// of `[{ index, status: "sent"|"failed"|"unknown", error? }]` in input order, where
    /// `error` is the object [`to_js`] produces. `on_progress` is called with
    /// `{ total, sent, failed, unknown, pending }` after every completion and at least
    /// once a second; what it throws is ignored. Rejects only when `concurrency` is not
    /// a whole number from 1 to 1024.
    #[wasm_bindgen(js_name = sendMany)]
    pub fn send_many(&self, messages: Array, concurrency: f64, on_progress: Option<Function>, signal: JsValue) -> js_sys::Promise {
        let client = Rc::clone(&self.inner);
        let concurrency = check_concurrency(concurrency);
        // Validate everything now, before the first send.
        let inputs: Vec<_> = messages
            .iter()
            .map(|m| match m.as_string() {
                Some(json) => self.validate_and_prepare(&json),
                None => Err(Error::invalid_input(vec![Violation::new("", "invalid_type", "a message must be an object")])),
            })
            .collect();
        future_to_promise(async move {
            let concurrency = concurrency.map_err(|e| to_js(&e))?;
            let signal = (!signal.is_undefined() && !signal.is_null()).then_some(signal);
            let report = |p: Progress| {
                if let Some(callback) = &on_progress {
                    // A throwing callback must not end the run.
                    let _ = callback.call1(&JsValue::NULL, &progress_object(&p));
                }
            };
            let results = client.send_many_prepared(inputs, BulkOptions { concurrency }, report, signal.as_ref()).await;
            Ok(JsValue::from_str(&results_json(&results)))
        })
    }
}

fn check_concurrency(value: f64) -> Result<usize, Error> {
    if value.fract() == 0.0 && (1.0..=MAX_CONCURRENCY).contains(&value) {
        Ok(value as usize)
    } else {
        Err(Error::invalid_input(vec![Violation::new(
            "concurrency",
            "out_of_range",
            "concurrency must be a whole number from 1 to 1024",
        )]))
    }
}

fn progress_object(p: &Progress) -> JsValue {
    let object = Object::new();
    for (key, value) in [("total", p.total), ("sent", p.sent), ("failed", p.failed), ("unknown", p.unknown), ("pending", p.pending)] {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_f64(value as f64));
    }
    object.into()
}

/// `[{"index":0,"status":"sent"},{"index":1,"status":"failed","error":{...}},...]`. The
/// error objects are the JSON that [`to_js`] builds (no API key in it, by construction).
fn results_json(results: &[BulkResult]) -> String {
    let mut out = String::with_capacity(results.len() * 32 + 2);
    out.push('[');
    for (n, result) in results.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str("{\"index\":");
        out.push_str(&result.index.to_string());
        out.push_str(",\"status\":\"");
        out.push_str(result.status.as_str());
        out.push('"');
        if let BulkStatus::Failed(error) | BulkStatus::Unknown(error) = &result.status {
            out.push_str(",\"error\":");
            out.push_str(&to_js(error).as_string().unwrap_or_else(|| "{}".into()));
        }
        out.push('}');
    }
    out.push(']');
    out
}

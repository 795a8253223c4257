//! `client.webhooks` in the npm package (the extras module): the request of each call
//! and the judgement of its answer. The rules are the crate's
//! ([`whautomate::__js::js_webhooks`] over `whautomate::request`'s webhook functions);
//! js/api.js performs the exchange through the sending engine's driver, as for a send.
//!
//! Every call takes the client's `{"base", "apiKey"}` first in the input, as the sending
//! engine's `profileNew` wrote it (JS hands it over unchanged): the base URL to build
//! against, and the key that no error may carry.

use crate::prelude::*;

use crate::abi::{engine, Engine, DONE};
use crate::errors::error_json;
use whautomate::__js::js_webhooks::{check_answer, webhook_request, AnswerShape};
use whautomate::__js::json::{from_json, FromJson, ObjectWriter, Path, Reader, Value};
use whautomate::{BaseUrl, Error};
use wasm_bindgen::prelude::*;

/// The client a call is made for, as the sending engine checked it.
pub(crate) struct Client {
    /// The base URL, as the sending engine checked it.
    base: BaseUrl,
    /// The API key, only to remove it from errors (the requests carry the driver's headers).
    key: String,
}

impl Client {
    /// The base URL to build against.
    pub(crate) fn base(&self) -> &BaseUrl {
        &self.base
    }
}

struct ClientJson {
    base: Option<String>,
    api_key: Option<String>,
}

impl FromJson for ClientJson {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        Some(ClientJson { base: r.field(value, path, "base"), api_key: r.field(value, path, "apiKey") })
    }
}

/// Reads the client; runs `call` with it, its error redacted of the key.
pub(crate) fn with_client<T>(engine: &Engine, client_len: usize, call: impl FnOnce(&Client) -> Result<T, Error>) -> Result<T, String> {
    let read = from_json::<ClientJson>(engine.text(0, client_len));
    let client = read.and_then(|c| {
        // Checked already by the sending engine: parsing it again gives it back as it is.
        let base = BaseUrl::parse(c.base.as_deref().unwrap_or_default())?;
        Ok(Client { base, key: c.api_key.unwrap_or_default() })
    });
    match client {
        // (An empty key would match everywhere: `profileNew` never makes one.)
        Ok(client) if !client.key.is_empty() => call(&client).map_err(|e| error_json(&e.redact(&client.key))),
        Ok(_) => Err(error_json(&Error::invalid_input(vec![whautomate::Violation::new("", "internal", "the extras engine was given no client")]))),
        // Only a driver bug gets here; the error names no value, so it holds no key.
        Err(e) => Err(error_json(&e)),
    }
}

/// The request of a `client.webhooks` call: the input holds the client (`client_len`
/// bytes), then the call (`call_len` bytes of `{ op, id?, input?, options? }`, see
/// [`webhook_request`]). Outputs `{"method","url","call","headers","secret"?}` (`call`:
/// the kind's name, for `afterResponse`; `headers`: which of the profile's header sets it
/// carries; `secret`: `{name, value}`, the one a `createWithSecret` made) and the body
/// (empty for none). Returns 0, or [`ERROR`](crate::abi::ERROR).
#[wasm_bindgen(js_name = webhookRequest)]
pub fn webhook_request_export(client_len: u32, call_len: u32) -> f64 {
    let engine = engine();
    let built = with_client(engine, client_len as usize, |client| {
        webhook_request(engine.text(client_len as usize, call_len as usize), &client.base)
    });
    match built {
        Ok((req, call)) => {
            let mut out = String::new();
            let mut o = ObjectWriter::new(&mut out);
            o.str("method", req.method.as_str()).str("url", &req.url).str("call", call.as_str()).str("headers", req.headers);
            if let Some(secret) = &req.secret {
                let mut s = ObjectWriter::new(o.key("secret"));
                s.str("name", secret.name()).str("value", secret.value());
                s.end();
            }
            o.end();
            engine.output(out, req.body.unwrap_or_default());
            0.0
        }
        Err(error_json) => engine.fail(error_json),
    }
}

/// After `afterResponse` asked for the answer of call `op` to be parsed: what
/// `JSON.parse` found (`parsed`, `is_array`, `is_object`, the first element of an array
/// that is not an object, -1 for none). The input holds the client, then `op`
/// (`op_len` bytes), then the body's prefix (`body_len` bytes). Returns [`DONE`] or
/// [`ERROR`](crate::abi::ERROR).
#[wasm_bindgen(js_name = webhookAnswer)]
#[allow(clippy::too_many_arguments)]
pub fn webhook_answer(client_len: u32, op_len: u32, body_len: u32, status: u32, parsed: bool, is_array: bool, is_object: bool, first_non_object: i32) -> f64 {
    let engine = engine();
    let (client_len, op_len) = (client_len as usize, op_len as usize);
    let verdict = with_client(engine, client_len, |_| {
        let shape = AnswerShape { json: parsed, array: is_array, object: is_object, first_non_object: u32::try_from(first_non_object).ok() };
        let op = engine.text(client_len, op_len);
        check_answer(op, u16::try_from(status).unwrap_or(0), shape, engine.text(client_len + op_len, body_len as usize)).map(|()| DONE)
    });
    verdict.unwrap_or_else(|error_json| engine.fail(error_json))
}

//! `client.webhooks` in the npm package (the extras module): the request of each call
//! and the judgement of its answer. The rules are the crate's
//! ([`whautomate::__js::js_webhooks`] over `whautomate::request`'s webhook functions);
//! js/api.js performs the exchange through the sending engine's driver, as for a send.
//!
//! Every call takes the client first in the input (see [`crate::scope`]).

use crate::prelude::*;

use crate::abi::engine;
use crate::scope::with_scope;
use whautomate::__js::js_webhooks::{redact_call, subscription_answer, webhook_request};
use whautomate::__js::json::ObjectWriter;
use whautomate::__js::url_read::Asked;
use wasm_bindgen::prelude::*;

/// The request of a `client.webhooks` call: the input holds the client (`client_len`
/// bytes), then the call (`call_len` bytes of `{ op, id?, input?, options? }`, see
/// [`webhook_request`]). Outputs `{"method","url","call","headers","secret"?}` (`call`:
/// the kind's name, for `afterResponse`; `headers`: which of the profile's header sets it
/// carries; `secret`: `{name, value}`, the one a `createWithSecret` made) and the body
/// (empty for none). Returns 0, or [`ERROR`](crate::abi::ERROR), or
/// [`ASK`](crate::abi::ASK) with a `serverUrl` to read as the output: the driver then
/// calls again with what `new URL()` read in it after the call (`read_len` bytes; 0 for
/// nothing read yet).
#[wasm_bindgen(js_name = webhookRequest)]
pub fn webhook_request_export(client_len: u32, call_len: u32, read_len: u32) -> f64 {
    let engine = engine();
    let (call_at, read_at) = (client_len as usize, client_len as usize + call_len as usize);
    let built = with_scope(engine, client_len as usize, |client| {
        webhook_request(&engine.value(call_at, call_len as usize)?, client.base(), engine.text(read_at, read_len as usize))
    });
    let built = match built {
        Ok(Asked::ReadUrl(url)) => return engine.ask(url),
        Ok(Asked::Done(built)) => Ok(built),
        Err(e) => Err(e),
    };
    let outputs = built.map(|(req, call)| {
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.str("method", req.method.as_str()).str("url", &req.url).str("call", call.as_str()).str("headers", req.headers);
        if let Some(secret) = &req.secret {
            let mut s = ObjectWriter::new(o.key("secret"));
            s.str("name", secret.name()).str("value", secret.value());
            s.end();
        }
        o.end();
        (out, req.body.unwrap_or_default())
    });
    engine.publish(outputs)
}

/// The parts of a `client.webhooks` call's error (`texts_len` bytes after the call and the
/// error's body: `call_len` bytes of the tape [`webhook_request_export`] takes after the
/// client, `body_len` bytes of the body's tape, as the driver parsed it, then the tape of an array of strings) without the
/// delivery header values of the call and of that body ([`redact_call`]), as the output: a
/// JSON array of as many strings. Takes no client: the texts come from an error the sending
/// engine redacted of the key already. Returns 0, or [`ERROR`](crate::abi::ERROR) for an
/// input the engine cannot read.
#[wasm_bindgen(js_name = redactCall)]
pub fn redact_call_export(call_len: u32, body_len: u32, texts_len: u32) -> f64 {
    let engine = engine();
    let (body_at, texts_at) = (call_len as usize, call_len as usize + body_len as usize);
    let redacted = engine.value(0, call_len as usize).and_then(|call| {
        // Read as a response is (a lone surrogate as U+FFFD), not as a caller's input: a
        // string of the server's that JSON.parse took must not make the whole error unread.
        let read = whautomate::__js::json::tape::read(engine.text(texts_at, texts_len as usize), false).map_err(|_| whautomate::Error::invalid_input(alloc::vec![whautomate::Violation::new("", "internal", "the error's texts could not be read")]))?;
        let texts: Vec<String> = whautomate::__js::json::from_value(&read)?;
        let mut out = String::from("[");
        let body = whautomate::__js::json::tape::read(engine.text(body_at, body_len as usize), false).unwrap_or(whautomate::__js::json::Value::Null);
        for (i, text) in redact_call(&call, &body, &texts).iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            whautomate::__js::json::write_str(&mut out, text);
        }
        out.push(']');
        Ok((out, String::new()))
    });
    engine.publish(redacted.map_err(|e| crate::errors::error_json(&e)))
}

/// What the answer of a `client.webhooks` call needs set before the driver resolves it
/// ([`subscription_answer`]), as the output: the input is the tape of the answer as the
/// driver parsed it (`value_len` bytes). Takes no client. Returns 0. An input the engine
/// cannot read (nested past what a tape holds) is `null`, nothing to set: the driver
/// resolves to the answer as parsed (the call was done, a create or an update applied).
#[wasm_bindgen(js_name = subscriptionAnswer)]
pub fn subscription_answer_export(value_len: u32) -> f64 {
    let engine = engine();
    // Read as a response is (a lone surrogate as U+FFFD), as `redactCall` reads a body.
    let value = whautomate::__js::json::tape::read(engine.text(0, value_len as usize), false).unwrap_or(whautomate::__js::json::Value::Null);
    engine.publish(Ok((subscription_answer(&value), String::new())))
}

//! The judgement of an answer the JS driver parsed with `JSON.parse`, after
//! `afterResponse` answered PARSE: a history page, or a `client.webhooks` answer (the
//! rules: `whautomate::request::response::check_parsed`).

use crate::abi::{engine, DONE};
use crate::scope::with_scope;
use whautomate::__js::call::Call;
use whautomate::__js::response::{check_parsed, PageShape};
use wasm_bindgen::prelude::*;

/// What `JSON.parse` found in the 2xx answer to the call `what` (`history`, or the
/// `client.webhooks` op), of kind `call` (its number in `CALLS`, as the request was built:
/// whether a bad answer may hide an applied change): `parsed` (it was JSON), `is_array`,
/// `is_object`, the index of an array's first element that is not a plain object (-1
/// for none), and of an object: `id` (its `id` is a string or a number), `success_false`
/// and `error_text` (an `error` or `message` that is a string). The input holds
/// the client (`client_len` bytes), then `what` (`what_len` bytes), then the body's prefix
/// (`body_len` bytes). Returns [`DONE`], or [`ERROR`](crate::abi::ERROR).
#[wasm_bindgen(js_name = answerParsed)]
#[allow(clippy::too_many_arguments)]
pub fn answer_parsed(client_len: u32, what_len: u32, body_len: u32, call: u32, status: u32, parsed: bool, is_array: bool, is_object: bool, first_non_object: i32, id: bool, success_false: bool, error_text: bool) -> f64 {
    let engine = engine();
    let (client_len, what_len) = (client_len as usize, what_len as usize);
    let verdict = with_scope(engine, client_len, |_| {
        let shape = PageShape { json: parsed, array: is_array, object: is_object, first_non_object: u32::try_from(first_non_object).ok(), id, success_false, error_text };
        let what = engine.text(client_len, what_len);
        let changes = Call::from_number(call).changes();
        check_parsed(what, changes, u16::try_from(status).unwrap_or(0), shape, engine.text(client_len + what_len, body_len as usize)).map(|()| DONE)
    });
    engine.answer(verdict)
}

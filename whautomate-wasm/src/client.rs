//! The client engine behind `new Whautomate(options)`: options, sends, the check of
//! history arguments.
//!
//! All synchronous: js/api.js performs the I/O and calls back into the engine for every
//! decision (see [`crate::driver`]). Arguments and results follow [`crate::abi`]: text
//! arrives as byte lengths of what JS wrote into the input buffer, and leaves as the
//! call's outputs.

use crate::abi::{engine, Engine};
use crate::errors::error_json;
use whautomate::__js::state::ClientState;
use whautomate::__js::js_options;
use whautomate::__js::json::{from_value, ObjectWriter};
use whautomate::__js::url_read::Asked;
use crate::prelude::*;
use whautomate::{Error, MessageInput, Violation};
use wasm_bindgen::prelude::*;

/// Runs `call` with the client behind `handle`. Its error comes back as JSON with the
/// client's API key removed from any text the SDK did not write (see
/// [`ClientState::redact`]). A released handle gets an `internal` error (js/api.js never
/// uses one, so this is a guard rather than a path).
pub(super) fn with_client<T>(engine: &Engine, handle: u32, call: impl FnOnce(&ClientState) -> Result<T, Error>) -> Result<T, String> {
    match engine.clients.get(handle) {
        Some(client) => call(client).map_err(|error| redacted_json(client, error)),
        None => Err(released()),
    }
}

/// The JSON of `error` once `client`'s API key is removed from it (one copy of this for
/// every call, rather than one per call: [`with_client`] is generic).
fn redacted_json(client: &ClientState, error: Error) -> String {
    error_json(&client.redact(error))
}

/// The error JSON of a call on a released client.
fn released() -> String {
    error_json(&Error::invalid_input(vec![Violation::new("", "internal", "this client's engine was released")]))
}

/// `new Whautomate(options)`: reads and checks `len` bytes of the options' tape (`fetch`
/// marked as a function: it stays in JS) into a profile that any number of clients made
/// with the same options share. Returns its handle, or [`ERROR`](crate::abi::ERROR), or
/// [`ASK`](crate::abi::ASK) with the `host` to read as the output: the driver then calls
/// again with what `new URL()` read in it after the options (`read_len` bytes, see
/// `whautomate::__js::url_read::driver_read`; 0 for nothing read yet).
///
/// Outputs what the JS driver needs once per profile, as JSON: `{"timeoutMs",
/// "maxResponseBytes", "bodyPrefix", "extras": {"base", "apiKey"}, "send": {headers},
/// "read": {headers}}`.
/// `bodyPrefix` is how much of a body (in UTF-16 units, which never encode to fewer
/// bytes) JS hands to [`crate::driver::after_response`]: enough to judge a send and to
/// redact an error body before it is capped. The header sets come from the same
/// functions that build every request, so they cannot drift from what `prepare` shows.
#[wasm_bindgen(js_name = profileNew)]
pub fn profile_new(len: u32, read_len: u32) -> f64 {
    let engine = engine();
    let options = match engine.value(0, len as usize).and_then(|doc| js_options::client_options(&doc, engine.text(len as usize, read_len as usize))) {
        Ok(Asked::ReadUrl(host)) => return engine.ask(host),
        Ok(Asked::Done(options)) => ClientState::check(options),
        Err(error) => Err(error),
    };
    let options = match options {
        Ok(options) => options,
        Err(error) => return engine.fail(error_json(&error)),
    };
    let mut out = String::new();
    let mut o = ObjectWriter::new(&mut out);
    o.u64("timeoutMs", options.timeout_ms).u64("maxResponseBytes", options.max_response_bytes);
    o.u64("bodyPrefix", whautomate::__js::error_body_prefix_len(options.api_key.expose().len()) as u64);
    let key = &options.api_key;
    // What the extras module (`client.webhooks`) builds its requests against and removes
    // from its errors: handed over by JS as it is (see `crate::subscriptions`).
    let mut extras = ObjectWriter::new(o.key("extras"));
    extras.str("base", options.base_url.as_str()).str("apiKey", key.expose());
    extras.end();
    let sets: [(&str, &[(&str, &str)]); 2] = [("send", &whautomate::__js::send::send_header_pairs(key)), ("read", &whautomate::__js::history::history_header_pairs(key))];
    for (set, headers) in sets {
        let mut h = ObjectWriter::new(o.key(set));
        for &(name, value) in headers {
            h.str(name, value);
        }
        h.end();
    }
    o.end();
    engine.output(out, String::new());
    f64::from(engine.profiles.insert(options))
}

/// Releases a profile (JS keeps a few; clients made from it keep their own reference).
#[wasm_bindgen(js_name = profileFree)]
pub fn profile_free(handle: u32) {
    engine().profiles.remove(handle);
}

/// A client's own state (its rate-limit bucket, full at `now`, on the monotonic clock)
/// over profile `profile`: made on the client's first call, so that a client that is
/// made and never used costs nothing here. Returns its handle, or
/// [`ERROR`](crate::abi::ERROR).
#[wasm_bindgen(js_name = clientNew)]
pub fn client_new(profile: u32, now: f64) -> f64 {
    let engine = engine();
    match engine.profiles.get(profile).cloned() {
        Some(options) => f64::from(engine.clients.insert(ClientState::with_checked(options, now))),
        None => engine.fail(released()),
    }
}

/// Releases a client (its `Whautomate` object was garbage-collected).
#[wasm_bindgen(js_name = clientFree)]
pub fn client_free(handle: u32) {
    engine().clients.remove(handle);
}

/// The send of the message whose tape is `len` bytes long: validated with every rule (schedule against
/// `now`, location required unless the client has a default) and built. The call's
/// options follow the message in the input (`options_len` bytes; 0 when there are none),
/// then the channel helper's route (`route_len` bytes, e.g. `whatsapp.sendText`; 0 for
/// `send`). Outputs the URL and the body; or [`ERROR`](crate::abi::ERROR) (an
/// `invalid_input` naming every violation).
///
/// Handle 0, which is no client's, is `validate(message)`: the same checks, with no
/// options and no route, as for a client whose options give a default location (no
/// location is required, since a client default may supply it) and the default host.
/// Returns 0 when the message is valid (its outputs are of no use), else `ERROR` with the
/// `invalid_input` naming every violation. (One export for both, down the same path: a
/// `validate` export of its own cost the sending engine 0.43 KB gzip, BENCHMARKS.md.)
#[wasm_bindgen]
pub fn send(handle: u32, len: u32, options_len: u32, route_len: u32, now: f64) -> f64 {
    let engine = engine();
    if handle == 0 {
        let checked = engine.value(0, len as usize).and_then(|doc| from_value::<MessageInput>(&doc)).and_then(|input| {
            whautomate::__js::send::input_url_body(&input, &whautomate::BaseUrl::default(), Some("a client default"), Some(now as i64))
        });
        return engine.publish(checked.map_err(|error| error_json(&error)));
    }
    let built = with_client(engine, handle, |client| {
        if options_len > 0 {
            js_options::check_send(&engine.value(len as usize, options_len as usize)?)?;
        }
        let mut input = from_value::<MessageInput>(&engine.value(0, len as usize)?)?;
        if route_len > 0 {
            js_options::route_message(&mut input, engine.text((len + options_len) as usize, route_len as usize))?;
        }
        let options = client.options();
        whautomate::__js::send::input_url_body(&input, &options.base_url, options.location_id.as_deref(), Some(now as i64))
    });
    engine.publish(built)
}

//! The client engine behind `new Whautomate(options)`: options, sends, history URLs.
//!
//! All synchronous: js/api.js performs the I/O and calls back into the engine for every
//! decision (see [`super::driver`]). Arguments and results follow [`super::abi`]: text
//! arrives as byte lengths of what JS wrote into the input buffer, and leaves as the
//! call's outputs.

use super::abi::{engine, Engine, DONE};
use super::errors::error_json;
use crate::client::{ClientState, HistoryPager};
use crate::json::{from_json, FromJson, ObjectWriter, Path, Reader, Value};
use crate::prelude::*;
use crate::{request, Error, HistoryQuery, MessageInput, PreparedRequest, Violation};
use alloc::rc::Rc;
use wasm_bindgen::prelude::*;

/// History arguments, one JSON object: `{ contactId, page?, limit?, searchText? }`.
struct HistoryArgs {
    contact_id: Option<String>,
    query: HistoryQuery,
}

impl FromJson for HistoryArgs {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        let (_, unknown) = r.object(value, path, &["contactId", "page", "limit", "searchText"])?;
        for key in unknown {
            r.problem(key.clone(), "unknown_field", crate::text!(key, " is not an option of list/iterate (page, limit, searchText, signal)"));
        }
        let query = HistoryQuery { page: r.field(value, path, "page"), limit: r.field(value, path, "limit"), search_text: r.field(value, path, "searchText") };
        Some(HistoryArgs { contact_id: r.field(value, path, "contactId"), query })
    }
}

impl HistoryArgs {
    fn parse(json: &str) -> Result<(String, HistoryQuery), Error> {
        let args: HistoryArgs = from_json(json)?;
        // An absent contact id is the core's `contactId` violation (same as an empty one).
        Ok((args.contact_id.unwrap_or_default(), args.query))
    }
}

/// The engine behind `client.messages.iterate()`: which page to read next.
pub struct Walk {
    client: Rc<ClientState>,
    contact_id: String,
    pager: HistoryPager,
}

/// The client behind `handle`, or the error a released handle gets (js/api.js never
/// uses one, so this is a guard rather than a path).
pub(super) fn client_of(engine: &Engine, handle: u32) -> Result<Rc<ClientState>, Error> {
    engine.clients.get(handle).cloned().ok_or_else(|| {
        Error::invalid_input(vec![Violation::new("", "internal", "this client's engine was released")])
    })
}

/// Publishes `error` (with the client's API key removed from any text the SDK did not
/// write) and returns [`ERROR`](super::abi::ERROR).
fn fail(engine: &mut Engine, client: Option<&ClientState>, error: Error) -> f64 {
    let error = match client {
        Some(client) => client.redact(error),
        None => error,
    };
    engine.fail(error_json(&error))
}

/// `new Whautomate(options)`: `len` bytes of options JSON (without `fetch`, which stays
/// in JS), at `now` (ms since the epoch, for the rate-limit bucket). Returns the client's
/// handle, or [`ERROR`](super::abi::ERROR).
#[wasm_bindgen(js_name = clientNew)]
pub fn client_new(len: u32, now: f64) -> f64 {
    let engine = engine();
    let created = super::options::parse(engine.text(0, len as usize)).and_then(|options| ClientState::new(options, now));
    match created {
        Ok(client) => f64::from(engine.clients.insert(Rc::new(client))),
        Err(error) => fail(engine, None, error),
    }
}

/// Releases a client (its `Whautomate` object was garbage-collected).
#[wasm_bindgen(js_name = clientFree)]
pub fn client_free(handle: u32) {
    engine().clients.remove(handle);
}

/// What the JS driver needs once per client, as JSON: `{"timeoutMs", "rateLimited",
/// "send": {headers}, "read": {headers}}`. The header sets come from the same functions
/// that build every request, so they cannot drift from what `prepare` shows.
#[wasm_bindgen(js_name = clientConfig)]
pub fn client_config(handle: u32) -> f64 {
    let engine = engine();
    let client = match client_of(engine, handle) {
        Ok(client) => client,
        Err(error) => return fail(engine, None, error),
    };
    let options = client.options();
    let mut out = String::new();
    let mut o = ObjectWriter::new(&mut out);
    o.u64("timeoutMs", options.timeout_ms).bool("rateLimited", options.rate_limit.is_some());
    for (key, headers) in [("send", request::send_headers(&options.api_key)), ("read", request::history_headers(&options.api_key))] {
        let mut h = ObjectWriter::new(o.key(key));
        for (name, value) in &headers {
            h.str(name, value);
        }
        h.end();
    }
    o.end();
    engine.output(out, String::new());
    0.0
}

/// The send of the `len`-byte JSON message: validated with every rule (schedule against
/// `now`, location required unless the client has a default) and built. Outputs the URL
/// and the body; or [`ERROR`](super::abi::ERROR) (an `invalid_input` naming every violation).
#[wasm_bindgen]
pub fn send(handle: u32, len: u32, now: f64) -> f64 {
    let engine = engine();
    let client = match client_of(engine, handle) {
        Ok(client) => client,
        Err(error) => return fail(engine, None, error),
    };
    let built = from_json::<MessageInput>(engine.text(0, len as usize)).and_then(|input| {
        let options = client.options();
        crate::prepare_input(&input, &options.base_url, &options.api_key, options.location_id.as_deref(), Some(now as i64))
    });
    match built {
        Ok(PreparedRequest { url, body, .. }) => {
            engine.output(url, body.unwrap_or_default());
            0.0
        }
        Err(error) => fail(engine, Some(&client), error),
    }
}

/// The URL of one history page; `len` bytes of `{ contactId, page?, limit?, searchText? }`.
#[wasm_bindgen]
pub fn history(handle: u32, len: u32) -> f64 {
    let engine = engine();
    let client = match client_of(engine, handle) {
        Ok(client) => client,
        Err(error) => return fail(engine, None, error),
    };
    let url = HistoryArgs::parse(engine.text(0, len as usize)).and_then(|(contact_id, query)| page_url(&client, &contact_id, &query));
    match url {
        Ok(url) => {
            engine.output(url, String::new());
            0.0
        }
        Err(error) => fail(engine, Some(&client), error),
    }
}

/// A lazy walk over the history (arguments as for [`history`]); returns its handle, or
/// [`ERROR`](super::abi::ERROR) for bad arguments (checked now, so that `iterate()` fails where it is called
/// rather than at the first page).
#[wasm_bindgen]
pub fn walk(handle: u32, len: u32) -> f64 {
    let engine = engine();
    let client = match client_of(engine, handle) {
        Ok(client) => client,
        Err(error) => return fail(engine, None, error),
    };
    let checked = HistoryArgs::parse(engine.text(0, len as usize))
        .and_then(|(contact_id, query)| page_url(&client, &contact_id, &query).map(|_| (contact_id, query)));
    match checked {
        Ok((contact_id, query)) => {
            let walk = Walk { client, contact_id, pager: HistoryPager::new(query) };
            f64::from(engine.walks.insert(walk))
        }
        Err(error) => fail(engine, Some(&client), error),
    }
}

/// Outputs the URL of the walk's next page, or returns [`DONE`] when the walk is over.
#[wasm_bindgen(js_name = walkNext)]
pub fn walk_next(handle: u32) -> f64 {
    let engine = engine();
    let next = engine.walks.get(handle).and_then(|w| {
        let query = w.pager.next_query()?;
        page_url(&w.client, &w.contact_id, &query).ok()
    });
    match next {
        Some(url) => {
            engine.output(url, String::new());
            0.0
        }
        None => DONE,
    }
}

/// Records that the page just read held `len` messages.
#[wasm_bindgen(js_name = walkRecord)]
pub fn walk_record(handle: u32, len: u32) {
    if let Some(walk) = engine().walks.get_mut(handle) {
        walk.pager.record(len as usize);
    }
}

/// Ends a walk (the iterator finished or was left early).
#[wasm_bindgen(js_name = walkFree)]
pub fn walk_free(handle: u32) {
    engine().walks.remove(handle);
}

fn page_url(client: &ClientState, contact_id: &str, query: &HistoryQuery) -> Result<String, Error> {
    let options = client.options();
    crate::prepare_history(contact_id, query, &options.base_url, &options.api_key).map(|r| r.url)
}

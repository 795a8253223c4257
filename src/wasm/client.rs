//! The client engine exported to JS: JSON in, JSON out, errors as [`super::errors::to_js`].
//!
//! All synchronous: js/api.js performs the I/O and calls back into the engine for every
//! decision (see [`super::driver`]).

use super::errors::to_js;
use crate::client::{ClientState, HistoryPager};
use crate::json::{from_json, FromJson, ObjectWriter, Path, Reader, Value};
use crate::prelude::*;
use crate::{Error, HistoryQuery, MessageInput, PreparedRequest};
use core::cell::RefCell;
use alloc::rc::Rc;
use wasm_bindgen::prelude::*;

/// The Rust client, used here for its options, rate-limit bucket and clock; its
/// transport is never called by the package (js/api.js fetches), so no Rust future is
/// compiled into it.
pub(super) type Inner = ClientState;

/// The engine behind `new Whautomate(options)`.
#[wasm_bindgen]
pub struct WasmClient {
    pub(super) inner: Rc<Inner>,
}

/// History arguments, one JSON object: `{ contactId, page?, limit?, searchText? }`.
struct HistoryArgs {
    contact_id: Option<String>,
    query: HistoryQuery,
}

impl FromJson for HistoryArgs {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        let (_, unknown) = r.object(value, path, &["contactId", "page", "limit", "searchText"])?;
        for key in unknown {
            r.problem(key.clone(), "unknown_field", format!("{key} is not an option of list/iterate (page, limit, searchText, signal)"));
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

#[wasm_bindgen]
impl WasmClient {
    /// `options`: the JSON of the JS options (without `fetch`, which stays in JS).
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str) -> Result<WasmClient, JsValue> {
        let options = super::options::parse(options).map_err(|e| to_js(&e))?;
        let client = ClientState::new(options, super::now_ms()).map_err(|e| to_js(&e))?;
        Ok(WasmClient { inner: Rc::new(client) })
    }

    /// The request a send would make, as JSON `{ method, url, headers, body }`.
    pub fn prepare(&self, message: &str) -> Result<String, JsValue> {
        let request = self.validate_and_prepare(message).map_err(|e| self.fail(e))?;
        Ok(prepared_json(&request))
    }

    /// A lazy walk over the history, page by page.
    pub fn walk(&self, args: &str) -> Result<WasmHistoryWalk, JsValue> {
        let (contact_id, query) = HistoryArgs::parse(args).map_err(|e| self.fail(e))?;
        // Checked now (bad page, empty contact id), so that `iterate()` fails where it is
        // called rather than at the first page.
        self.history_page(&contact_id, &query).map_err(|e| self.fail(e))?;
        Ok(WasmHistoryWalk { client: Rc::clone(&self.inner), contact_id, pager: RefCell::new(HistoryPager::new(query)) })
    }
}

impl WasmClient {
    /// An error on its way to JS, with the API key removed from any text the SDK did not
    /// write.
    pub(super) fn fail(&self, error: Error) -> JsValue {
        to_js(&self.inner.redact(error))
    }

    /// The request of one history page; `args`: `{ contactId, page?, limit?, searchText? }`.
    pub(super) fn history_request(&self, args: &str) -> Result<PreparedRequest, Error> {
        let (contact_id, query) = HistoryArgs::parse(args)?;
        self.history_page(&contact_id, &query)
    }

    fn history_page(&self, contact_id: &str, query: &HistoryQuery) -> Result<PreparedRequest, Error> {
        let options = self.inner.options();
        crate::prepare_history(contact_id, query, &options.base_url, &options.api_key)
    }

    /// Validates a JSON message with every rule (schedule against the clock, location
    /// required unless the client has a default) and builds its request.
    pub(super) fn validate_and_prepare(&self, message: &str) -> Result<PreparedRequest, Error> {
        let input: MessageInput = from_json(message)?;
        let options = self.inner.options();
        let now = Some(super::now_ms() as i64);
        crate::prepare_input(&input, &options.base_url, &options.api_key, options.location_id.as_deref(), now)
    }
}

/// The engine behind `client.messages.iterate()`: which page to read next.
#[wasm_bindgen]
pub struct WasmHistoryWalk {
    client: Rc<Inner>,
    contact_id: String,
    pager: RefCell<HistoryPager>,
}

#[wasm_bindgen]
impl WasmHistoryWalk {
    /// The URL of the next page, or `undefined` when the walk is over.
    #[wasm_bindgen(js_name = nextUrl)]
    pub fn next_url(&self) -> Option<String> {
        let query = self.pager.borrow().next_query()?;
        let options = self.client.options();
        crate::prepare_history(&self.contact_id, &query, &options.base_url, &options.api_key).ok().map(|r| r.url)
    }

    /// Records that the page just read held `len` messages.
    pub fn record(&self, len: u32) {
        self.pager.borrow_mut().record(len as usize);
    }
}

fn prepared_json(request: &PreparedRequest) -> String {
    let mut out = String::new();
    let mut o = ObjectWriter::new(&mut out);
    o.str("method", request.method.as_str()).str("url", &request.url);
    let mut headers = ObjectWriter::new(o.key("headers"));
    for (name, value) in &request.headers {
        headers.str(name, value);
    }
    headers.end();
    o.opt_str("body", request.body.as_deref());
    o.end();
    out
}

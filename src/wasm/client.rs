//! The client engine exported to JS: JSON in, JSON out, errors as [`super::errors::to_js`].

use super::errors::to_js;
use crate::client::{Client, HistoryPager, Runtime};
use crate::json::{from_json, FromJson, ObjectWriter, Reader, Value};
use crate::transport::fetch::{FetchTransport, JsRuntime};
use crate::{Error, HistoryQuery, MessageInput, OutgoingMessage, PreparedRequest, ValidationContext};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

pub(super) type Inner = Client<FetchTransport, JsRuntime>;

/// The engine behind `new Whautomate(options)`.
#[wasm_bindgen]
pub struct WasmClient {
    // Rc: every pending call's future holds the client, so JS may drop its handle (or
    // start more calls) while a send is in flight without any borrow conflict.
    pub(super) inner: Rc<Inner>,
}

/// History arguments, one JSON object: `{ contactId, page?, limit?, searchText? }`.
struct HistoryArgs {
    contact_id: Option<String>,
    query: HistoryQuery,
}

impl FromJson for HistoryArgs {
    fn from_json(value: &Value, path: &str, r: &mut Reader) -> Option<Self> {
        let (_, unknown) = r.object(value, path, &["contactId", "page", "limit", "searchText"])?;
        for key in unknown {
            r.problem(&key, "unknown_field", format!("{key} is not an option of list/iterate (page, limit, searchText, signal)"));
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
    /// `options`: the JSON of the JS options without `fetch`; `fetch`: the user's fetch.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str, fetch: Option<js_sys::Function>) -> Result<WasmClient, JsValue> {
        let options = super::options::parse(options).map_err(|e| to_js(&e))?;
        let transport = fetch.map_or_else(FetchTransport::global, FetchTransport::with_fetch);
        let client = Client::new(options, transport, JsRuntime).map_err(|e| to_js(&e))?;
        Ok(WasmClient { inner: Rc::new(client) })
    }

    /// Sends the JSON message; resolves to nothing, rejects with an error JSON.
    pub fn send(&self, message: &str, signal: JsValue) -> js_sys::Promise {
        let client = Rc::clone(&self.inner);
        let prepared = self.validate_and_prepare(message);
        future_to_promise(async move {
            let request = prepared.map_err(|e| to_js(&e))?;
            let signal = (!signal.is_undefined() && !signal.is_null()).then_some(signal);
            client.send_prepared(&request, signal.as_ref()).await.map_err(|e| to_js(&e))?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The request a send would make, as JSON `{ method, url, headers, body }`.
    pub fn prepare(&self, message: &str) -> Result<String, JsValue> {
        let request = self.validate_and_prepare(message).map_err(|e| to_js(&e))?;
        Ok(prepared_json(&request))
    }

    /// One page of history as a JSON array. `args`: `{ contactId, page?, limit?, searchText? }`.
    pub fn list(&self, args: &str, signal: JsValue) -> js_sys::Promise {
        let client = Rc::clone(&self.inner);
        let parsed = HistoryArgs::parse(args);
        future_to_promise(async move {
            let (contact_id, query) = parsed.map_err(|e| to_js(&e))?;
            let signal = (!signal.is_undefined() && !signal.is_null()).then_some(signal);
            let page = client.list_page(&contact_id, &query, signal.as_ref()).await.map_err(|e| to_js(&e))?;
            Ok(JsValue::from_str(&page.body))
        })
    }

    /// A lazy walk over the history, page by page.
    pub fn walk(&self, args: &str) -> Result<WasmHistoryWalk, JsValue> {
        let (contact_id, query) = HistoryArgs::parse(args).map_err(|e| to_js(&e))?;
        // Check the arguments now (bad page, empty contact id) rather than at the first
        // page, so that `iterate()` fails where it is called.
        crate::prepare_history(&contact_id, &query, &self.inner.options().base_url, &self.inner.options().api_key)
            .map_err(|e| to_js(&e))?;
        Ok(WasmHistoryWalk { client: Rc::clone(&self.inner), contact_id: Rc::from(contact_id), pager: Rc::new(RefCell::new(HistoryPager::new(query))) })
    }

    pub(super) fn validate_and_prepare(&self, message: &str) -> Result<PreparedRequest, Error> {
        let input: MessageInput = from_json(message)?;
        let options = self.inner.options();
        let now = self.inner.runtime().now_ms() as i64;
        let ctx = ValidationContext {
            now_ms: Some(now),
            default_location_id: options.location_id.clone(),
            require_location: true,
        };
        let outgoing: OutgoingMessage = crate::validate_message(&input, &ctx).map_err(Error::invalid_input)?;
        self.inner.prepare(&outgoing)
    }
}

/// The engine behind `client.messages.iterate()`.
#[wasm_bindgen]
pub struct WasmHistoryWalk {
    client: Rc<Inner>,
    contact_id: Rc<str>,
    pager: Rc<RefCell<HistoryPager>>,
}

#[wasm_bindgen]
impl WasmHistoryWalk {
    /// The next page as a JSON array, or `undefined` when the walk is over.
    pub fn next(&self, signal: JsValue) -> js_sys::Promise {
        let (client, contact_id, pager) = (Rc::clone(&self.client), Rc::clone(&self.contact_id), Rc::clone(&self.pager));
        future_to_promise(async move {
            // The pager is never borrowed across an await: two overlapping next() calls
            // must not trip a RefCell panic (a panic would abort the whole module).
            let Some(query) = pager.borrow().next_query() else { return Ok(JsValue::UNDEFINED) };
            let signal = (!signal.is_undefined() && !signal.is_null()).then_some(signal);
            let page = client.list_page(&contact_id, &query, signal.as_ref()).await.map_err(|e| to_js(&e))?;
            pager.borrow_mut().record(page.len);
            Ok(JsValue::from_str(&page.body))
        })
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

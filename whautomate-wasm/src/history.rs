//! `client.messages.list` and `iterate` in the npm package (the extras module): the URL of
//! each page, the walk over pages, and the judgement of each page's shape. The sending
//! engine checks the arguments of `iterate()` synchronously (`historyCheck`) and judges
//! every attempt (`afterResponse`, which answers PARSE for a page); this builds and judges
//! the pages, as the same rules of the crate (`whautomate::request::history`).
//!
//! Each call takes the client first in the input, as [`crate::subscriptions`] does.

use crate::prelude::*;

use crate::abi::{engine, DONE};
use crate::subscriptions::with_client;
use whautomate::__js::history::{history_path, history_url, push_query};
use whautomate::__js::js_options;
use whautomate::__js::paging::HistoryPager;
use whautomate::__js::response::{check_page_shape, PageShape};
use wasm_bindgen::prelude::*;

/// The engine behind `client.messages.iterate()`: the history's URL (checked when the
/// walk began, up to the query string) and which page to read next.
pub struct Walk {
    url: String,
    pager: HistoryPager,
}

/// The URL of one history page: the input holds the client (`client_len` bytes), then
/// `len` bytes of `{ contactId, options }`. Outputs the URL; or returns
/// [`ERROR`](crate::abi::ERROR).
#[wasm_bindgen]
pub fn history(client_len: u32, len: u32) -> f64 {
    let engine = engine();
    let url = with_client(engine, client_len as usize, |client| {
        let (contact_id, query) = js_options::history_args(engine.text(client_len as usize, len as usize))?;
        history_url(&contact_id, &query, client.base())
    });
    match url {
        Ok(url) => {
            engine.output(url, String::new());
            0.0
        }
        Err(error_json) => engine.fail(error_json),
    }
}

/// A lazy walk over the history (arguments as for [`history`]); returns its handle, or
/// [`ERROR`](crate::abi::ERROR).
#[wasm_bindgen]
pub fn walk(client_len: u32, len: u32) -> f64 {
    let engine = engine();
    let walk = with_client(engine, client_len as usize, |client| {
        let (contact_id, query) = js_options::history_args(engine.text(client_len as usize, len as usize))?;
        Ok(Walk { url: history_path(&contact_id, &query, client.base())?, pager: HistoryPager::new(query) })
    });
    match walk {
        Ok(walk) => f64::from(engine.walks.insert(walk)),
        Err(error_json) => engine.fail(error_json),
    }
}

/// Records that the page just read held `recorded` messages (-1 before the first page),
/// then outputs the URL of the walk's next page, or returns [`DONE`] when the walk is
/// over. (Its page is never 0, so the URL needs no further check.)
#[wasm_bindgen(js_name = walkNext)]
pub fn walk_next(handle: u32, recorded: i32) -> f64 {
    let engine = engine();
    let next = engine.walks.get_mut(handle).and_then(|w| {
        if let Ok(len) = usize::try_from(recorded) {
            w.pager.record(len);
        }
        let page = w.pager.next_page()?;
        let query = w.pager.query();
        let mut url = w.url.clone();
        push_query(&mut url, query.limit, Some(page), query.search_text.as_deref());
        Some(url)
    });
    match next {
        Some(url) => {
            engine.output(url, String::new());
            0.0
        }
        None => DONE,
    }
}

/// Ends a walk (the iterator finished or was left early).
#[wasm_bindgen(js_name = walkFree)]
pub fn walk_free(handle: u32) {
    engine().walks.remove(handle);
}

/// After `afterResponse` answered PARSE for a history page: what `JSON.parse` made of it
/// (`parsed`: it was JSON; `is_array`; the index of its first element that is not a plain
/// object, -1 for none). The input holds the client, then the body's prefix (`body_len`
/// bytes). Returns [`DONE`] for a page of messages, or [`ERROR`](crate::abi::ERROR).
#[wasm_bindgen(js_name = pageParsed)]
pub fn page_parsed(client_len: u32, body_len: u32, status: u32, parsed: bool, is_array: bool, first_non_object: i32) -> f64 {
    let engine = engine();
    let verdict = with_client(engine, client_len as usize, |_| {
        let shape = PageShape { json: parsed, array: is_array, first_non_object: u32::try_from(first_non_object).ok() };
        check_page_shape(u16::try_from(status).unwrap_or(0), shape, engine.text(client_len as usize, body_len as usize)).map(|()| DONE)
    });
    verdict.unwrap_or_else(|error_json| engine.fail(error_json))
}

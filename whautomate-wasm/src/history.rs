//! `client.messages.list` and `iterate` in the npm package (the extras module): the URL of
//! each page and the walk over pages, by the crate's rules (`whautomate::request::history`).
//! The walk checks the arguments of `iterate()` when it is made (on the first `next()`);
//! the sending engine judges every attempt (`afterResponse`, which answers PARSE for a
//! page); each page is then judged by [`crate::answers`].
//!
//! Each call takes the client first in the input (see [`crate::scope`]).

use crate::prelude::*;

use crate::abi::{engine, DONE};
use crate::errors::error_json;
use crate::scope::with_scope;
use whautomate::__js::history::{history_path, history_url, push_query};
use whautomate::__js::js_options;
use whautomate::__js::json::Value;
use whautomate::__js::paging::HistoryPager;
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
    let url = with_scope(engine, client_len as usize, |client| {
        let (contact_id, query) = js_options::history_args(&engine.value(client_len as usize, len as usize)?)?;
        history_url(&contact_id, &query, client.base())
    });
    engine.publish(url.map(|url| (url, String::new())))
}

/// A lazy walk over the history (arguments as for [`history`]); returns its handle, or
/// [`ERROR`](crate::abi::ERROR).
#[wasm_bindgen]
pub fn walk(client_len: u32, len: u32) -> f64 {
    let engine = engine();
    let walk = with_scope(engine, client_len as usize, |client| {
        let (contact_id, query) = js_options::history_args(&engine.value(client_len as usize, len as usize)?)?;
        Ok(Walk { url: history_path(&contact_id, &query, client.base())?, pager: HistoryPager::new(query) })
    });
    let handle = walk.map(|walk| f64::from(engine.walks.insert(walk)));
    engine.answer(handle)
}

/// Records the page just read (`recorded` messages; -1 before the first page): the input
/// holds the keys of its first and last messages (`first_len` and `last_len` bytes: a
/// message's id, else its JSON; empty for none), then the tape of its messages' ids
/// (`ids_len` bytes: an array of strings, "" for a message without one). Then outputs the
/// URL of the walk's next page (or returns [`DONE`] when the walk is over) and, second,
/// the positions of the page's messages not to hand out, handed out already (as
/// `0,3,4`; "" for none: see `HistoryPager::record_ids`); or returns
/// [`ERROR`](crate::abi::ERROR) when the server does not page.
/// (Its page is never 0, so the URL needs no further check.)
#[wasm_bindgen(js_name = walkNext)]
pub fn walk_next(handle: u32, recorded: i32, first_len: u32, last_len: u32, ids_len: u32) -> f64 {
    let engine = engine();
    let (first_len, last_len) = (first_len as usize, last_len as usize);
    // (Owned: the walk is borrowed from the same engine below.)
    let (first, last) = (engine.text(0, first_len).to_owned(), engine.text(first_len, last_len).to_owned());
    let ids = if ids_len == 0 { Ok(Value::Array(Vec::new())) } else { engine.value(first_len + last_len, ids_len as usize) };
    fn key(text: &str) -> Option<&str> {
        Some(text).filter(|t| !t.is_empty())
    }
    let next = engine.walks.get_mut(handle).map(|w| {
        let mut skip = Vec::new();
        if recorded >= 0 {
            let ids = ids?;
            let mut page = Vec::new();
            if let Value::Array(items) = &ids {
                for id in items {
                    page.push(if let Value::String(id) = id { key(id) } else { None });
                }
            }
            skip = w.pager.record_ids(&page, key(&first), key(&last))?;
        }
        let Some(page) = w.pager.next_page() else { return Ok((None, skip)) };
        let query = w.pager.query();
        let mut url = w.url.clone();
        push_query(&mut url, query.limit, Some(page), query.search_text.as_deref());
        Ok((Some(url), skip))
    });
    let positions = |skip: Vec<usize>| {
        let mut text = String::new();
        for at in skip {
            if !text.is_empty() {
                text.push(',');
            }
            whautomate::__js::push_u64(&mut text, at as u64);
        }
        text
    };
    match next {
        Some(Ok((Some(url), skip))) => {
            engine.output(url, positions(skip));
            0.0
        }
        Some(Ok((None, skip))) => {
            engine.output(String::new(), positions(skip));
            DONE
        }
        Some(Err(error)) => engine.fail(error_json(&error)),
        None => DONE,
    }
}

/// Ends a walk (the iterator finished or was left early).
#[wasm_bindgen(js_name = walkFree)]
pub fn walk_free(handle: u32) {
    engine().walks.remove(handle);
}

//! `client.messages.list` and `iterate` in the npm package (the extras module): the URL of
//! each page and the walk over pages, by the crate's rules (`whautomate::request::history`).
//! The sending engine checks the arguments of `iterate()` synchronously (`historyCheck`)
//! and judges every attempt (`afterResponse`, which answers PARSE for a page); each page is
//! then judged by [`crate::answers`].
//!
//! Each call takes the client first in the input (see [`crate::scope`]).

use crate::prelude::*;

use crate::abi::{engine, DONE};
use crate::scope::with_scope;
use whautomate::__js::history::{history_path, history_url, push_query};
use whautomate::__js::js_options;
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
        let (contact_id, query) = js_options::history_args(engine.text(client_len as usize, len as usize))?;
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
        let (contact_id, query) = js_options::history_args(engine.text(client_len as usize, len as usize))?;
        Ok(Walk { url: history_path(&contact_id, &query, client.base())?, pager: HistoryPager::new(query) })
    });
    let handle = walk.map(|walk| f64::from(engine.walks.insert(walk)));
    engine.answer(handle)
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

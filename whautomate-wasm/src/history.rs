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

/// Records that the page just read held `recorded` messages (-1 before the first page),
/// with the ids of its first and last messages in the input (`first_len` and `last_len`
/// bytes; empty for a message without one), then outputs the URL of the walk's next page
/// (or returns [`DONE`] when the walk is over) and, second, `new` when the page just read
/// is to be handed out ("" when it repeats the one before); or returns
/// [`ERROR`](crate::abi::ERROR) when the server does not page (see
/// `HistoryPager::record_page`).
/// (Its page is never 0, so the URL needs no further check.)
#[wasm_bindgen(js_name = walkNext)]
pub fn walk_next(handle: u32, recorded: i32, first_len: u32, last_len: u32) -> f64 {
    let engine = engine();
    // (Owned: the walk is borrowed from the same engine below.)
    let (first, last) = (engine.text(0, first_len as usize).to_owned(), engine.text(first_len as usize, last_len as usize).to_owned());
    fn id(text: &str) -> Option<&str> {
        Some(text).filter(|t| !t.is_empty())
    }
    let next = engine.walks.get_mut(handle).map(|w| {
        let new = match usize::try_from(recorded) {
            Ok(len) => w.pager.record_page(len, id(&first), id(&last))?,
            Err(_) => true,
        };
        let Some(page) = w.pager.next_page() else { return Ok((None, new)) };
        let query = w.pager.query();
        let mut url = w.url.clone();
        push_query(&mut url, query.limit, Some(page), query.search_text.as_deref());
        Ok((Some(url), new))
    });
    // The second output says whether the page just read is new ("" when it repeats the one
    // before: its messages were handed out already).
    let new = |new: bool| if new { String::from("new") } else { String::new() };
    match next {
        Some(Ok((Some(url), fresh))) => {
            engine.output(url, new(fresh));
            0.0
        }
        Some(Ok((None, fresh))) => {
            engine.output(String::new(), new(fresh));
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

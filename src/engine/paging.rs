//! Walking a contact's history page by page.
//!
//! The API returns a bare array per page, with no total and no cursor,
//! so the walk ends on an empty page, or on a page shorter than the page size. When the
//! caller sets no `limit`, the server's default is unknown: the first page's length is
//! taken as the page size (a short first page costs one extra, empty request).

use crate::prelude::*;

use crate::request::HistoryQuery;
use crate::{Error, ErrorCode};

/// Where a history walk stands. Pure: the client fetches, the pager decides what next.
///
/// ```
/// use whautomate::client::HistoryPager;
/// use whautomate::request::HistoryQuery;
/// let mut pager = HistoryPager::new(HistoryQuery { page: None, limit: Some(2), search_text: None });
/// assert_eq!(pager.next_query().unwrap().page, Some(1));
/// pager.record(2);                                  // full page: go on
/// assert_eq!(pager.next_query().unwrap().page, Some(2));
/// pager.record(1);                                  // short page: that was the last
/// assert!(pager.next_query().is_none());
/// ```
#[derive(Debug, Clone)]
pub struct HistoryPager {
    query: HistoryQuery,
    next_page: u32,
    page_size: Option<u32>,
    done: bool,
    /// The ids of the first and last messages of the page before, when it had both.
    last_ends: Option<(String, String)>,
    /// How many pages in a row repeated the one before.
    repeats: u32,
    /// The ids handed out with the last [`REPEATS_LIMIT`] pages, a page in each slot,
    /// written in turn: a message among them on a later page is not handed out again.
    /// Each a hash set: a page may hold many thousands of messages, each looked up.
    handed_out: [IdSet; REPEATS_LIMIT as usize],
    /// The slot of `handed_out` the next page's ids go into.
    slot: usize,
}

/// How many pages in a row may repeat the page before them before a walk takes the server
/// for one that does not page: 3.
const REPEATS_LIMIT: u32 = 3;

impl HistoryPager {
    /// A walk starting at `query.page` (default 1) with `query.limit` per page.
    ///
    /// ```
    /// use whautomate::client::HistoryPager;
    /// use whautomate::request::HistoryQuery;
    /// let pager = HistoryPager::new(HistoryQuery::default());
    /// assert_eq!(pager.next_page(), Some(1));
    /// assert!(!pager.is_done());
    /// ```
    #[must_use]
    pub fn new(query: HistoryQuery) -> HistoryPager {
        HistoryPager { next_page: query.page.unwrap_or(1), page_size: query.limit, query, done: false, last_ends: None, repeats: 0, handed_out: Default::default(), slot: 0 }
    }

    /// The query for the next page, or `None` when the walk is over.
    ///
    /// ```
    /// use whautomate::client::HistoryPager;
    /// use whautomate::request::HistoryQuery;
    /// let pager = HistoryPager::new(HistoryQuery { page: None, limit: Some(50), search_text: Some("order".into()) });
    /// let q = pager.next_query().unwrap();
    /// assert_eq!((q.page, q.limit, q.search_text.as_deref()), (Some(1), Some(50), Some("order")));
    /// ```
    #[must_use]
    pub fn next_query(&self) -> Option<HistoryQuery> {
        self.next_page().map(|page| HistoryQuery { page: Some(page), ..self.query.clone() })
    }

    /// The number of the next page, or `None` when the walk is over: the `page` of
    /// [`HistoryPager::next_query`], whose other parameters are [`HistoryPager::query`]'s.
    ///
    /// ```
    /// use whautomate::client::HistoryPager;
    /// use whautomate::request::HistoryQuery;
    /// let pager = HistoryPager::new(HistoryQuery { page: Some(3), limit: Some(10), search_text: None });
    /// assert_eq!((pager.next_page(), pager.query().limit), (Some(3), Some(10)));
    /// ```
    #[must_use]
    pub fn next_page(&self) -> Option<u32> {
        (!self.done).then_some(self.next_page)
    }

    /// The query the walk started with.
    ///
    /// ```
    /// use whautomate::client::HistoryPager;
    /// use whautomate::request::HistoryQuery;
    /// let mut pager = HistoryPager::new(HistoryQuery { page: Some(2), limit: Some(10), search_text: None });
    /// pager.record(10);
    /// assert_eq!(pager.query().page, Some(2)); // unchanged by the walk
    /// assert_eq!(pager.next_page(), Some(3));
    /// ```
    #[must_use]
    pub fn query(&self) -> &HistoryQuery {
        &self.query
    }

    /// [`HistoryPager::record`], with the ids of the page's first and last messages (when
    /// they have ids). Returns whether the page is new. A full page that begins and ends
    /// with the same messages as the page before is not: its messages were handed out
    /// already, so it is not handed out again, and the walk goes on to the next page. (A
    /// history read newest first moves by a page when that many messages arrive between two
    /// reads.) Three such pages in a row are a server that does not page (it
    /// answers every page alike, or repeats its last): the walk ends there, with an error,
    /// instead of never.
    ///
    /// # Errors
    ///
    /// `invalid_response` at the third repeated page in a row; the walk is
    /// then over.
    ///
    /// ```
    /// use whautomate::client::HistoryPager;
    /// use whautomate::request::HistoryQuery;
    /// let mut pager = HistoryPager::new(HistoryQuery { limit: Some(2), ..Default::default() });
    /// assert!(pager.record_page(2, Some("m1"), Some("m2")).unwrap());
    /// // Two messages arrived: page 2 is what page 1 was. Not handed out again; go on.
    /// assert!(!pager.record_page(2, Some("m1"), Some("m2")).unwrap());
    /// assert!(pager.record_page(2, Some("m3"), Some("m4")).unwrap());
    /// // A server that answers every page alike.
    /// assert!(!pager.record_page(2, Some("m3"), Some("m4")).unwrap());
    /// assert!(!pager.record_page(2, Some("m3"), Some("m4")).unwrap());
    /// let e = pager.record_page(2, Some("m3"), Some("m4")).unwrap_err();
    /// assert_eq!((e.code().as_str(), pager.next_page()), ("invalid_response", None));
    /// ```
    pub fn record_page(&mut self, len: usize, first_id: Option<&str>, last_id: Option<&str>) -> Result<bool, Error> {
        self.judge_page(len, first_id, last_id, false)
    }

    /// [`HistoryPager::record_page`]; `stale`: every message of the page was handed out
    /// already, which is no progress either, whatever its ends.
    fn judge_page(&mut self, len: usize, first_id: Option<&str>, last_id: Option<&str>, stale: bool) -> Result<bool, Error> {
        let page = self.next_page;
        let ends = first_id.zip(last_id).map(|(first, last)| (first.to_owned(), last.to_owned()));
        let repeated = len > 0 && (stale || (ends.is_some() && ends == self.last_ends));
        self.last_ends = ends;
        self.repeats = if repeated { self.repeats + 1 } else { 0 };
        if self.repeats >= REPEATS_LIMIT {
            self.done = true;
            return Err(Error::new(
                ErrorCode::InvalidResponse,
                crate::text!("history pages ", page.saturating_sub(REPEATS_LIMIT), " to ", page, " hold the same messages: the server does not page, and the walk stops here"),
            ));
        }
        self.record(len);
        Ok(!repeated)
    }

    /// [`HistoryPager::record_page`], for a page whose messages have the ids `ids` (`None`
    /// for one without): returns the positions of the messages not to hand out, because
    /// they were handed out already. A history read newest first moves down by as many
    /// messages as arrive between two reads, so the next page begins with the last ones of
    /// the page before (or, after more arrivals than a page holds, of the pages before
    /// it): those are left out, by id, against the last three pages. A message without an
    /// id (or with an empty one) is always handed out (nothing tells it from another). A page that repeats the one
    /// before is left out whole. `first` and `last` are the keys of its first and last
    /// messages, as for `record_page`: their ids, or for a message without one a text
    /// the driver makes of it whole (its JSON), so that a server that does not page is
    /// told even when its messages have no ids. A page all of whose messages were handed
    /// out already counts as a repeat too, whatever its ends: a server that answers page
    /// after page with the same two or three pages in turn (A, B, A, B...) ends the walk as
    /// one that repeats a single page does, where it went on for good, handing out nothing.
    ///
    /// # Errors
    ///
    /// As [`HistoryPager::record_page`].
    ///
    /// ```
    /// use whautomate::client::HistoryPager;
    /// use whautomate::request::HistoryQuery;
    /// let mut pager = HistoryPager::new(HistoryQuery { limit: Some(3), ..Default::default() });
    /// assert_eq!(pager.record_ids(&[Some("m9"), Some("m8"), Some("m7")], Some("m9"), Some("m7")).unwrap(), Vec::<usize>::new());
    /// // One message arrived before page 2 was read: it begins with m7, handed out already.
    /// assert_eq!(pager.record_ids(&[Some("m7"), Some("m6"), Some("m5")], Some("m7"), Some("m5")).unwrap(), [0]);
    /// ```
    pub fn record_ids(&mut self, ids: &[Option<&str>], first: Option<&str>, last: Option<&str>) -> Result<Vec<usize>, Error> {
        // (Loops rather than iterator chains: 1 KB less of the extras' .wasm.)
        let mut skip = Vec::new();
        // An empty id tells nothing: taken for one, every later message whose id is empty
        // would be left out as handed out already.
        let ids: Vec<Option<&str>> = ids.iter().map(|id| id.filter(|id| !id.is_empty())).collect();
        let (first, last) = (first.filter(|key| !key.is_empty()), last.filter(|key| !key.is_empty()));
        let stale = ids.iter().all(|id| id.is_some_and(|id| self.handed_out.iter().any(|done| done.contains(id))));
        let repeated = !self.judge_page(ids.len(), first, last, stale)?;
        let mut page = Vec::new();
        for (at, id) in ids.iter().enumerate() {
            match id {
                _ if repeated => skip.push(at),
                Some(id) => {
                    if self.handed_out.iter().any(|done| done.contains(id)) {
                        skip.push(at);
                    }
                    page.push(String::from(*id));
                }
                None => {}
            }
        }
        if !repeated {
            self.handed_out[self.slot] = IdSet::new(page);
            self.slot = (self.slot + 1) % self.handed_out.len();
        }
        Ok(skip)
    }

    /// Records that the page just fetched held `len` messages.
    ///
    /// ```
    /// use whautomate::client::HistoryPager;
    /// use whautomate::request::HistoryQuery;
    /// // Without a limit, the first page's length is taken as the page size.
    /// let mut pager = HistoryPager::new(HistoryQuery::default());
    /// pager.record(20);
    /// assert_eq!(pager.next_page(), Some(2));
    /// pager.record(0); // an empty page ends the walk
    /// assert_eq!(pager.next_page(), None);
    /// ```
    pub fn record(&mut self, len: usize) {
        let size = *self.page_size.get_or_insert(u32::try_from(len).unwrap_or(u32::MAX));
        let short = u32::try_from(len).is_ok_and(|n| n < size);
        match self.next_page.checked_add(1) {
            Some(next) if len > 0 && !short => self.next_page = next,
            _ => self.done = true,
        }
    }

    /// Whether the walk is over.
    ///
    /// ```
    /// use whautomate::client::HistoryPager;
    /// use whautomate::request::HistoryQuery;
    /// let mut pager = HistoryPager::new(HistoryQuery { limit: Some(10), ..Default::default() });
    /// pager.record(10);
    /// assert!(!pager.is_done());
    /// pager.record(3);
    /// assert!(pager.is_done());
    /// ```
    #[must_use]
    pub fn is_done(&self) -> bool {
        self.done
    }
}

/// The ids of one page, for lookups in constant time: open addressing over FNV-1a
/// hashes, each hit confirmed by comparing the ids. Written out because the collections
/// at hand cost the extras' `.wasm` more than the walk itself: `BTreeSet<String>` 2.4 KB
/// of gzip, a sorted `Vec` searched by halves 1.9 KB (the generic sort), this 0.3 KB over
/// a search of every id against every other (measured 2026-12-07).
#[derive(Debug, Clone, Default)]
struct IdSet {
    ids: Vec<String>,
    /// A power of two of slots, at least twice the ids: 0 for none, else an index into
    /// `ids` plus one.
    slots: Vec<u32>,
}

impl IdSet {
    fn new(ids: Vec<String>) -> IdSet {
        let slots = vec![0; (ids.len() * 2).next_power_of_two()];
        let mut set = IdSet { ids: Vec::new(), slots };
        for id in ids {
            let mut at = set.first_slot(&id);
            while set.slots[at] != 0 {
                at = (at + 1) & (set.slots.len() - 1);
            }
            set.ids.push(id);
            // (A page's length fits u32: the API's `limit` is one.)
            set.slots[at] = u32::try_from(set.ids.len()).unwrap_or(u32::MAX);
        }
        set
    }

    fn contains(&self, id: &str) -> bool {
        if self.ids.is_empty() {
            return false;
        }
        let mut at = self.first_slot(id);
        loop {
            match self.slots[at] {
                0 => return false,
                n if self.ids.get(n as usize - 1).is_some_and(|have| have == id) => return true,
                _ => at = (at + 1) & (self.slots.len() - 1),
            }
        }
    }

    /// FNV-1a of `id`, as a slot.
    fn first_slot(&self, id: &str) -> usize {
        let hash = id.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
        hash as usize & (self.slots.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pager(page: Option<u32>, limit: Option<u32>) -> HistoryPager {
        HistoryPager::new(HistoryQuery { page, limit, search_text: Some("hi".into()) })
    }

    /// An empty id tells nothing: messages with one are all handed out, never taken for
    /// one handed out already (they were lost, all but the first).
    #[test]
    fn an_empty_id_is_no_id() {
        let mut p = pager(None, Some(2));
        assert!(p.record_ids(&[Some(""), Some("b")], Some(r#"{"id":"","text":"a"}"#), Some("b")).unwrap().is_empty());
        assert!(p.record_ids(&[Some(""), Some("d")], Some(r#"{"id":"","text":"c"}"#), Some("d")).unwrap().is_empty());
        assert!(p.record_ids(&[Some("")], Some(""), Some("")).unwrap().is_empty());
    }

    #[test]
    fn messages_handed_out_are_not_handed_out_again() {
        let mut p = pager(None, Some(3));
        let page = |p: &mut HistoryPager, ids: &[&str]| p.record_ids(&ids.iter().map(|id| Some(*id)).collect::<Vec<_>>(), ids.first().copied(), ids.last().copied()).unwrap();
        assert!(page(&mut p, &["m20", "m19", "m18"]).is_empty());
        // Two arrivals: page 2 begins with the last two of page 1.
        assert_eq!(page(&mut p, &["m19", "m18", "m17"]), [0, 1]);
        // Five arrivals (more than a page): page 3 holds messages of pages 1 and 2.
        assert_eq!(page(&mut p, &["m18", "m17", "m16"]), [0, 1]);
        assert!(page(&mut p, &["m15", "m14", "m13"]).is_empty());
        // Ids from more than three pages back are forgotten (memory stays bounded).
        assert!(page(&mut p, &["m12", "m11", "m10"]).is_empty());
        assert!(page(&mut p, &["m9", "m8", "m20"]).is_empty());
        // Messages without ids are always handed out.
        assert!(p.record_ids(&[None, None, Some("m7")], Some("{\"text\":\"a\"}"), Some("m7")).unwrap().is_empty());
        assert_eq!(p.record_ids(&[None, Some("m7"), None], Some("{\"text\":\"b\"}"), Some("{\"text\":\"c\"}")).unwrap(), [1]);
    }

    #[test]
    fn the_id_set_finds_exactly_its_ids() {
        let ids: Vec<String> = (0..5000).map(|i| crate::text!("m", i * 7)).collect();
        let set = IdSet::new(ids.clone());
        assert!(ids.iter().all(|id| set.contains(id)));
        assert!((0..5000).filter(|i| i % 7 != 0).all(|i| !set.contains(&crate::text!("m", i))));
        assert!(!IdSet::default().contains("m0") && !IdSet::new(Vec::new()).contains(""));
        let twice = IdSet::new(vec!["a".into(), "a".into(), String::new()]);
        assert!(twice.contains("a") && twice.contains("") && !twice.contains("b"));
    }

    /// A page of many messages: each of its ids is looked up once, in constant time (a
    /// search of every id against the last pages' was quadratic: minutes for pages of
    /// 100,000 messages).
    #[test]
    fn large_pages_find_every_message_handed_out() {
        let mut p = pager(None, Some(100_000));
        let names: Vec<String> = (0..200_000).map(|i| crate::text!("m", i)).collect();
        let ids = |from: usize| -> Vec<Option<&str>> { names[from..from + 100_000].iter().map(|id| Some(id.as_str())).collect() };
        let first = ids(0);
        assert!(p.record_ids(&first, first[0], first[99_999]).unwrap().is_empty());
        // Half a page arrived: the second page begins with the first page's last half.
        let second = ids(50_000);
        assert_eq!(p.record_ids(&second, second[0], second[99_999]).unwrap(), (0..50_000).collect::<Vec<_>>());
    }

    #[test]
    fn a_server_that_answers_two_or_three_pages_in_turn_ends_the_walk() {
        for period in [2usize, 3] {
            let mut p = pager(None, Some(2));
            let pages: Vec<[String; 2]> = (0..period).map(|i| [crate::text!("m", 2 * i), crate::text!("m", 2 * i + 1)]).collect();
            let mut handed_out = 0;
            let mut error = None;
            for n in 0..20 {
                let [a, b] = &pages[n % period];
                match p.record_ids(&[Some(a), Some(b)], Some(a), Some(b)) {
                    Ok(skip) => handed_out += 2 - skip.len(),
                    Err(e) => {
                        error = Some((n, e));
                        break;
                    }
                }
            }
            let (at, e) = error.expect("the walk must end");
            assert_eq!((e.code(), at, handed_out), (ErrorCode::InvalidResponse, period + 2, 2 * period), "period {period}");
            assert!(p.is_done());
        }
        // A page that only shares some messages with those handed out is progress.
        let mut p = pager(None, Some(3));
        assert!(p.record_ids(&[Some("m9"), Some("m8"), Some("m7")], Some("m9"), Some("m7")).unwrap().is_empty());
        assert_eq!(p.record_ids(&[Some("m8"), Some("m7"), Some("m6")], Some("m8"), Some("m6")).unwrap(), [0, 1]);
        assert_eq!(p.record_ids(&[Some("m6"), Some("m5"), Some("m4")], Some("m6"), Some("m4")).unwrap(), [0]);
        assert!(!p.is_done());
    }

    #[test]
    fn a_server_that_does_not_page_ends_the_walk_even_without_ids() {
        let mut p = pager(None, Some(2));
        let key = Some(r#"{"text":"a"}"#);
        assert!(p.record_ids(&[None, None], key, key).unwrap().is_empty());
        for _ in 0..2 {
            assert_eq!(p.record_ids(&[None, None], key, key).unwrap(), [0, 1]);
        }
        assert_eq!(p.record_ids(&[None, None], key, key).unwrap_err().code().as_str(), "invalid_response");
        assert!(p.is_done());
    }

    #[test]
    fn stops_on_an_empty_page() {
        let mut p = pager(None, Some(10));
        p.record(10);
        p.record(0);
        assert!(p.is_done());
    }

    #[test]
    fn starts_from_the_given_page_and_keeps_the_filter() {
        let p = pager(Some(4), Some(10));
        let q = p.next_query().unwrap();
        assert_eq!((q.page, q.limit, q.search_text.as_deref()), (Some(4), Some(10), Some("hi")));
    }

    #[test]
    fn without_a_limit_the_first_page_sets_the_size() {
        let mut p = pager(None, None);
        p.record(20);
        assert_eq!(p.next_query().unwrap().page, Some(2));
        p.record(20);
        p.record(7);
        assert!(p.is_done());
    }
}

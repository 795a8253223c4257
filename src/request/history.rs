//! Building the GET request of a contact's history.

use crate::prelude::*;

use crate::config::{ApiKey, BaseUrl};
use crate::error::{Error, Violation};
use crate::request::encode::{push_encoded, push_segment};
use crate::request::prepared::{Method, PreparedRequest};
use crate::validate::codes;

/// Query of a history page: `page` starts at 1; `limit` ≥ 1; `searchText` filters.
///
/// ```
/// use whautomate::request::HistoryQuery;
/// let q = HistoryQuery { page: Some(2), limit: Some(50), ..Default::default() };
/// assert!(q.search_text.is_none());
/// // serde: the JS shape of `messages.list`'s options.
/// let q: HistoryQuery = serde_json::from_str(r#"{"limit":50,"searchText":"order"}"#).unwrap();
/// assert_eq!(serde_json::to_string(&q).unwrap(), r#"{"limit":50,"searchText":"order"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HistoryQuery {
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Page size, at least 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Text to search for; an empty string is the same as none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_text: Option<String>,
}

/// Builds `GET {base}/messages/{contactId}?limit=..&page=..&searchText=..` with only the
/// parameters present, the contact id and values percent-encoded, and headers
/// `x-api-key`, `accept: application/json`.
///
/// # Errors
///
/// `invalid_input` for an empty contact id, a page below 1 or a limit of 0.
///
/// ```
/// use whautomate::{ApiKey, BaseUrl, Method};
/// use whautomate::request::{prepare_history, HistoryQuery};
/// let key = ApiKey::new("k").unwrap();
/// let q = HistoryQuery { page: Some(1), limit: Some(20), search_text: Some("order #5".into()) };
/// let req = prepare_history("c/1", &q, &BaseUrl::default(), &key).unwrap();
/// assert_eq!(req.method, Method::Get);
/// assert_eq!(req.url,
///     "https://api.whautomate.com/v1/messages/c%2F1?limit=20&page=1&searchText=order%20%235");
/// let q = HistoryQuery { page: Some(0), ..Default::default() };
/// assert_eq!(prepare_history("c1", &q, &BaseUrl::default(), &key).unwrap_err().field(), Some("page"));
/// ```
pub fn prepare_history(contact_id: &str, query: &HistoryQuery, base: &BaseUrl, key: &ApiKey) -> Result<PreparedRequest, Error> {
    Ok(PreparedRequest { method: Method::Get, url: history_url(contact_id, query, base)?, headers: history_headers(key), body: None, schedule_at_ms: None })
}

/// The checked URL of one history page: [`history_path`] plus the query.
///
/// # Errors
///
/// `invalid_input` for an empty contact id, a page below 1 or a limit of 0.
pub fn history_url(contact_id: &str, query: &HistoryQuery, base: &BaseUrl) -> Result<String, Error> {
    let mut url = history_path(contact_id, query, base)?;
    push_query(&mut url, query.limit, query.page, query.search_text.as_deref());
    Ok(url)
}

/// `{base}/messages/{contactId}` (the id percent-encoded), once the contact id and the
/// `page` and `limit` of `query` are checked: the URL of every page of that history, up
/// to its query string ([`push_query`]).
///
/// # Errors
///
/// `invalid_input` for an empty contact id, a page below 1 or a limit of 0.
pub fn history_path(contact_id: &str, query: &HistoryQuery, base: &BaseUrl) -> Result<String, Error> {
    let mut violations = Vec::new();
    let mut url = crate::text!(base.as_str(), "/messages/");
    push_segment(&mut url, "contactId", contact_id, &mut violations);
    check_paging(query.page, query.limit, &mut violations);
    if violations.is_empty() { Ok(url) } else { Err(Error::invalid_input(violations)) }
}

/// The paging rule of every paged read (history, subscriptions): pages start at 1, and a
/// limit is at least 1.
pub(crate) fn check_paging(page: Option<u32>, limit: Option<u32>, violations: &mut Vec<Violation>) {
    violations.extend(page.and_then(|n| paging_violation("page", n)));
    violations.extend(limit.and_then(|n| paging_violation("limit", n)));
}

/// The paging rule for one `page` (`field` "page") or `limit` of `value`: `None` when it
/// holds. The JS driver's reader applies it as it reads, so that a page of 0 is named
/// beside whatever else is wrong with the call.
pub(crate) fn paging_violation(field: &str, value: u32) -> Option<Violation> {
    let message = if field == "page" { "page starts at 1" } else { "limit must be at least 1" };
    (value == 0).then(|| Violation::new(field, codes::OUT_OF_RANGE, message))
}

/// Appends the query string of a history page, `?limit=..&page=..&searchText=..`, with
/// only the parameters present (an empty `searchText` is none) and the text
/// percent-encoded.
pub fn push_query(url: &mut String, limit: Option<u32>, page: Option<u32>, search_text: Option<&str>) {
    let mut separator = '?';
    let mut name = |url: &mut String, name: &str| {
        url.push(separator);
        url.push_str(name);
        separator = '&';
    };
    if let Some(limit) = limit {
        name(url, "limit=");
        crate::text::push_u64(url, u64::from(limit));
    }
    if let Some(page) = page {
        name(url, "page=");
        crate::text::push_u64(url, u64::from(page));
    }
    if let Some(text) = search_text.filter(|t| !t.is_empty()) {
        name(url, "searchText=");
        push_encoded(url, text);
    }
}

/// The headers of every history read, in sending order.
#[must_use]
pub fn history_headers(key: &ApiKey) -> Vec<(&'static str, String)> {
    history_header_pairs(key).iter().map(|&(name, value)| (name, value.to_owned())).collect()
}

/// [`history_headers`], borrowed.
#[must_use]
pub fn history_header_pairs(key: &ApiKey) -> [(&'static str, &str); 2] {
    [(crate::API_KEY_HEADER, key.expose()), ("accept", "application/json")]
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `request::history::history_headers`
    #[test]
    fn history_headers_line_114() {
        use crate::{request::history::history_headers, ApiKey};
        let headers = history_headers(&ApiKey::new("sk_1").unwrap());
        assert_eq!(headers, [("x-api-key", "sk_1".to_string()), ("accept", "application/json".to_string())]);
    }
}

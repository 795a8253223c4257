//! `GET /v1/messages/{contactId}?limit&page&searchText`: a contact's history.
//!
//! Newest first. `page` starts at 1 and `limit` defaults to 20; both must be
//! positive whole numbers (400 `{"error":"Invalid parameters"}` otherwise).
//! `searchText` keeps messages whose text contains it, ignoring case. Scheduled
//! sends appear once the sandbox clock reaches their time. The answer is a bare
//! array, as on the vendor's page: a short or empty page is the end.

use std::collections::HashMap;

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use crate::app::{lock, AppState};
use crate::errors;

/// Default page size when `limit` is absent.
pub const DEFAULT_LIMIT: usize = 20;

/// Handles the history call.
pub async fn list(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Response {
    let Ok(Path(contact_id)) = path else {
        return errors::record_not_found();
    };
    let Ok(Query(query)) = query else {
        return errors::invalid_parameters(vec!["the query string cannot be decoded".into()]);
    };
    let (page, limit) = match paging(&query) {
        Ok(paging) => paging,
        Err(e) => return errors::invalid_parameters(vec![e]),
    };
    let search = query.get("searchText").map(String::as_str);

    let now = app.clock.now();
    let store = lock(&app.store);
    if !store.contacts.contains_key(&contact_id) {
        return errors::record_not_found();
    }
    let all = store.history(&contact_id, now, search);
    let start = (page - 1).saturating_mul(limit);
    let items: Vec<Value> = all
        .into_iter()
        .skip(start)
        .take(limit)
        .map(|m| store.message_json(m))
        .collect();
    Json(Value::Array(items)).into_response()
}

/// The `page` (from 1) and `limit` (default [`DEFAULT_LIMIT`]) of a list call, or why
/// not (the detail of its 400): the history and the webhook list page alike.
pub(crate) fn paging(query: &HashMap<String, String>) -> Result<(usize, usize), String> {
    Ok((positive(query, "page", 1)?, positive(query, "limit", DEFAULT_LIMIT)?))
}

/// Reads a positive whole number from the query, or `default` when absent.
pub(crate) fn positive(
    query: &HashMap<String, String>,
    name: &str,
    default: usize,
) -> Result<usize, String> {
    let Some(raw) = query.get(name) else {
        return Ok(default);
    };
    let n = if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        raw.parse::<usize>().ok()
    } else {
        None
    };
    match n {
        Some(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "{name} must be a positive whole number, got {raw:?}"
        )),
    }
}

//! The subscription API, `/v1/webhooks` (behind the same guard as the message
//! calls: key, rate limit, faults), and the delivery log,
//! `GET /_sandbox/webhook-deliveries`.
//!
//! - `GET /v1/webhooks?page&limit`: a bare array, in creation order;
//! - `POST /v1/webhooks`: `name`, `serverUrl`, `events` and `active` required;
//! - `GET`, `PUT` (the fields to change), `DELETE /v1/webhooks/{id}`.
//!
//! Bodies are checked by hand ([`crate::webhooks::parse_input`]): 400
//! `Invalid request body` with `details`, before an unknown id is answered 404
//! `Invalid or missing record identifier` (the order of the sends).

use std::collections::HashMap;
use std::time::Duration;

use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Value};

use crate::app::AppState;
use crate::errors;
use crate::handlers::history::paging;
use crate::webhooks::{parse_input, WebhookInput};

/// Reads and checks a create (`create`) or update body; `Err` holds the details
/// of the 400.
fn body_input(
    body: Result<Bytes, BytesRejection>,
    create: bool,
) -> Result<WebhookInput, Vec<String>> {
    let body = body.map_err(|e| vec![e.body_text()])?;
    let value = super::parse_json(&body).map_err(|e| vec![e])?;
    parse_input(&value, create)
}

/// `GET /v1/webhooks?page&limit`.
pub async fn list(
    State(app): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return errors::invalid_parameters(vec!["the query string cannot be decoded".into()]);
    };
    let (page, limit) = match paging(&query) {
        Ok(paging) => paging,
        Err(e) => return errors::invalid_parameters(vec![e]),
    };
    let items: Vec<_> = app
        .webhooks
        .list()
        .into_iter()
        .skip((page - 1).saturating_mul(limit))
        .take(limit)
        .collect();
    Json(items).into_response()
}

/// `POST /v1/webhooks`.
pub async fn create(State(app): State<AppState>, body: Result<Bytes, BytesRejection>) -> Response {
    match body_input(body, true) {
        Ok(input) => Json(app.webhooks.create(input, app.clock.now())).into_response(),
        Err(details) => errors::invalid_body(details),
    }
}

/// `GET /v1/webhooks/{id}`.
pub async fn get_one(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(id)) = path else {
        return errors::record_not_found();
    };
    match app.webhooks.get(&id) {
        Some(w) => Json(w).into_response(),
        None => errors::record_not_found(),
    }
}

/// `PUT /v1/webhooks/{id}`: changes the fields given.
pub async fn update(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let input = match body_input(body, false) {
        Ok(i) => i,
        Err(details) => return errors::invalid_body(details),
    };
    let Ok(Path(id)) = path else {
        return errors::record_not_found();
    };
    match app.webhooks.update(&id, input, app.clock.now()) {
        Some(w) => Json(w).into_response(),
        None => errors::record_not_found(),
    }
}

/// `DELETE /v1/webhooks/{id}`: `{"success": true}` (the vendor's answer is not
/// published; this is the Messages page's answer to a mutation).
pub async fn delete(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(id)) = path else {
        return errors::record_not_found();
    };
    if app.webhooks.delete(&id) {
        Json(json!({"success": true})).into_response()
    } else {
        errors::record_not_found()
    }
}

/// Longest `timeoutMs` a `settled=1` wait may ask for.
const MAX_WAIT_MS: u64 = 120_000;

/// `GET /_sandbox/webhook-deliveries[?settled=1[&timeoutMs=N]]`: every delivery in
/// event order, `{eventId, type, subscriptionId, serverUrl, copy, payload,
/// attempts:[{at, status | error}], delivered, settled}`, with the number still
/// running in `x-sandbox-pending`. With `settled=1` it first waits until none is
/// running (at most `timeoutMs`, default 30000), else answers 504.
pub async fn deliveries(
    State(app): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Response {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let wait = query
        .get("settled")
        .is_some_and(|v| matches!(v.as_str(), "1" | "true" | ""));
    if wait {
        let timeout_ms =
            match query.get("timeoutMs") {
                None => 30_000,
                Some(t) => match t.parse::<u64>() {
                    Ok(t) => t.min(MAX_WAIT_MS),
                    Err(_) => return (
                        StatusCode::BAD_REQUEST,
                        Json(
                            json!({"message": "timeoutMs must be a whole number of milliseconds"}),
                        ),
                    )
                        .into_response(),
                },
            };
        if !app
            .webhooks
            .settled(Duration::from_millis(timeout_ms))
            .await
        {
            return (
                StatusCode::GATEWAY_TIMEOUT,
                Json(json!({
                    "message": format!("webhook deliveries still running after {timeout_ms} ms"),
                    "pending": app.webhooks.pending(),
                })),
            )
                .into_response();
        }
    }
    let pending = app.webhooks.pending();
    let mut r = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        app.webhooks.log_json(),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&pending.to_string()) {
        r.headers_mut().insert("x-sandbox-pending", v);
    }
    r
}

/// The summary `GET /_sandbox/state` shows under `webhooks`.
pub fn summary(app: &AppState) -> Value {
    let (subscriptions, deliveries) = app.webhooks.counts();
    json!({
        "subscriptions": subscriptions,
        "deliveries": deliveries,
        "pending": app.webhooks.pending(),
    })
}

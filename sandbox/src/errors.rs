//! The error responses, with the bodies the vendor documents
//! (domain-rules A4). Where the vendor shows no body (429, 500), the sandbox picks
//! one in the same `{"message": ...}` style.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

fn respond(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

/// 400 `{"message":"Invalid request body","details":[...]}`. `details` is a sandbox
/// extension that says what was wrong.
pub fn invalid_body(details: Vec<String>) -> Response {
    respond(
        StatusCode::BAD_REQUEST,
        json!({"message": "Invalid request body", "details": details}),
    )
}

/// 400 `{"error":"Invalid parameters"}` (query parameters of the history call).
pub fn invalid_parameters(details: Vec<String>) -> Response {
    respond(
        StatusCode::BAD_REQUEST,
        json!({"error": "Invalid parameters", "details": details}),
    )
}

/// 400 for a WhatsApp text or media send outside the 24-hour session. The vendor
/// documents the rule but not the response; 400 is the sandbox's choice.
pub fn no_active_session() -> Response {
    respond(
        StatusCode::BAD_REQUEST,
        json!({"message": "No active session: text and media need an inbound message in the last 24 hours; use a template"}),
    )
}

/// 403 `{"message":"Forbidden"}`: missing or wrong `x-api-key`.
pub fn forbidden() -> Response {
    respond(StatusCode::FORBIDDEN, json!({"message": "Forbidden"}))
}

/// 404 `{"error":"Invalid locationId"}`: `location.id` missing or unknown.
pub fn invalid_location() -> Response {
    respond(
        StatusCode::NOT_FOUND,
        json!({"error": "Invalid locationId"}),
    )
}

/// 404 `{"error":"Invalid or missing record identifier"}`: unknown contact or client,
/// or a contact of another channel.
pub fn record_not_found() -> Response {
    respond(
        StatusCode::NOT_FOUND,
        json!({"error": "Invalid or missing record identifier"}),
    )
}

/// 404 for a path that is not one of the thirteen calls.
pub fn no_such_route() -> Response {
    respond(StatusCode::NOT_FOUND, json!({"message": "Not Found"}))
}

/// 429 `{"message":"Too Many Requests"}` with `Retry-After` in whole seconds (the
/// real API documents neither body nor header).
pub fn too_many_requests(retry_after_secs: u64) -> Response {
    let mut r = respond(
        StatusCode::TOO_MANY_REQUESTS,
        json!({"message": "Too Many Requests"}),
    );
    if let Ok(v) = HeaderValue::from_str(&retry_after_secs.max(1).to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

/// 500 `{"message":"Internal server error"}`.
pub fn server_error() -> Response {
    respond(
        StatusCode::INTERNAL_SERVER_ERROR,
        json!({"message": "Internal server error"}),
    )
}

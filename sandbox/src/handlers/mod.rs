//! HTTP handlers: the vendor's calls (`send`, `history`, `webhooks`) and the
//! sandbox's own control endpoints (`control`).

pub mod control;
pub mod history;
pub mod send;
pub mod webhooks;

use bytes::Bytes;
use serde_json::Value;

/// Parses a request body as JSON, describing the problem on failure.
pub(crate) fn parse_json(body: &Bytes) -> Result<Value, String> {
    if body.is_empty() {
        return Err("empty body; a JSON object is expected".into());
    }
    serde_json::from_slice(body).map_err(|e| format!("malformed JSON: {e}"))
}

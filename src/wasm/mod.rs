//! JavaScript bindings: conversions between JS values and the core, nothing else.

use wasm_bindgen::prelude::*;

/// The SDK version (the crate's), e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Checks a host and returns the base URL the client would use (`/v1` appended).
#[wasm_bindgen(js_name = baseUrl)]
pub fn base_url(host: &str) -> Result<String, JsError> {
    crate::BaseUrl::parse(host)
        .map(|b| b.as_str().to_string())
        .map_err(|e| JsError::new(&e.to_string()))
}

//! JavaScript bindings: conversions between JS and the core, nothing else.
//!
//! Values cross as JSON text (see [`crate::json`]); errors cross as the JSON of
//! [`errors::to_js`], which the package's `api.js` turns into a `WhautomateError`. The
//! public JS API (class `Whautomate`, `validate`, `WhautomateError`) lives in js/api.js;
//! these exports are its engine and are not meant to be called directly.

mod client;
mod driver;
mod errors;
mod options;

use crate::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `Date.now()`: the engine's clock (for `scheduleAt` and the rate limit).
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

/// Milliseconds since the Unix epoch, from the JS clock.
pub(crate) fn now_ms() -> f64 {
    date_now()
}

/// The SDK version (the crate's), e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// `validate(message)`: every violation of a JSON message, as a JSON array of
/// `{ field, code, message }` (`[]` when the message is valid). No location is
/// required here, since a client default may supply it.
#[wasm_bindgen(js_name = validateJson)]
pub fn validate_json(message: &str) -> String {
    let violations = match crate::json::from_json::<crate::MessageInput>(message) {
        Ok(input) => {
            let ctx = crate::ValidationContext::at(now_ms() as i64);
            crate::validate_message(&input, &ctx).err().unwrap_or_default()
        }
        Err(error) => error.violations().to_vec(),
    };
    errors::violations_json(&violations)
}

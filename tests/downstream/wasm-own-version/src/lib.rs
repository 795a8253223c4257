//! A wasm32 app that exports names of its own which the npm package's engine also uses
//! (`version`, `send`, `validate`): nothing of whautomate is exported, so nothing clashes.
use wasm_bindgen::prelude::*;

/// The app's own version.
#[wasm_bindgen]
pub fn version() -> String {
    "app 1.0".into()
}

/// The app's own send: checks a Telegram text.
#[wasm_bindgen]
pub fn send(text: String) -> bool {
    whautomate::MessageBuilder::new(whautomate::Channel::Telegram, whautomate::MessageKind::Text).to_contact("c1").text(text).build().is_ok()
}

/// The app's own validate.
#[wasm_bindgen]
pub fn validate() -> bool {
    true
}

//! A std wasm32 app over whautomate's no_std core (default features off): no second
//! panic handler or allocator comes with it.
use wasm_bindgen::prelude::*;
use whautomate::{Channel, MessageBuilder, MessageKind};

/// The violations of a Telegram text without text, as "field: message" lines.
#[wasm_bindgen]
pub fn check() -> String {
    let error = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c1").build().unwrap_err();
    error.violations().iter().map(|v| format!("{}: {}", v.field, v.message)).collect::<Vec<_>>().join("\n")
}

//! A wasm32 app (what Leptos, Yew or workers-rs build) over whautomate's default
//! features: `Client::new` with the JS host's fetch.
use wasm_bindgen::prelude::*;
use whautomate::{Channel, Client, ClientOptions, MessageBuilder, MessageKind};

/// Sends one text through `host`; resolves to an error message or nothing.
#[wasm_bindgen]
pub async fn greet(host: String) -> Result<(), JsValue> {
    let client = Client::new(ClientOptions::new("sk_test").host(&host).location_id("loc_1")).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c1").text("hi").build().map_err(|e| JsValue::from_str(&e.to_string()))?;
    client.send(&message).await.map_err(|e| JsValue::from_str(&e.to_string()))
}

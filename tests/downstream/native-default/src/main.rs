//! A tokio service that depends on whautomate with its default features: the client is
//! shared through `Arc`, clones, `tokio::spawn` and axum `State`, and history is a Stream.
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use futures_util::TryStreamExt;
use whautomate::model::MessageInput;
use whautomate::request::HistoryQuery;
use whautomate::{Channel, Client, ClientOptions, MessageBuilder, MessageKind};

async fn notify(State(client): State<Client>, Json(input): Json<MessageInput>) -> StatusCode {
    let Ok(message) = MessageBuilder::from_input(input).build() else { return StatusCode::UNPROCESSABLE_ENTITY };
    match client.send(&message).await {
        Ok(()) => StatusCode::ACCEPTED,
        Err(_) => StatusCode::BAD_GATEWAY,
    }
}

fn is_shareable<T: Send + Sync + Clone + 'static>(_: &T) {}

#[tokio::main]
async fn main() -> Result<(), whautomate::Error> {
    let client = Client::new(ClientOptions::new("sk_test").location_id("loc_1"))?;
    is_shareable(&client);
    let message = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text).to_contact("ct_1").text("hi").build()?;
    // Spawned, not awaited: this build runs without a server.
    let spawned = client.clone();
    let task = tokio::spawn(async move { spawned.send(&message).await });
    task.abort();
    let shared = Arc::new(client.clone());
    let _history = async move { shared.history("ct_1", HistoryQuery::default()).try_collect::<Vec<_>>().await };
    let _app: Router = Router::new().route("/notify", post(notify)).with_state(client);
    // A number just below the largest double's halfway point reads as JSON.parse reads it
    // (f64::MAX), in a project whose own dependencies leave serde_json's float_roundtrip
    // off: it was "out of range" here while the crate's tests, where a dev-dependency
    // turns the feature on, passed.
    let body = r#"{"event":{"id":"e1","type":"incoming_whatsapp_message"},"message":{"text":"hi","n":1.7976931348623158e308,"m":2.4703282292062328e-324}}"#;
    let event = whautomate::webhook::parse_event(body)?;
    assert_eq!((event.raw["message"]["n"].as_f64(), event.raw["message"]["m"].as_f64()), (Some(f64::MAX), Some(5e-324)));
    println!("native-default: ok");
    Ok(())
}

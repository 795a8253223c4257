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
    println!("native-default: ok");
    Ok(())
}

//! The driver scenario table (`tests/fixtures/driver_scenarios.json`) through the Rust
//! client, over the in-memory transport and runtime: shared by `tests/driver_scenarios.rs`
//! (native) and `tests/wasm_node.rs` / `tests/wasm_browser.rs` (the same engine on wasm32).
//! `tests/js/driver_scenarios.test.mjs` runs the same table through the npm package's JS
//! driver: all must agree.

use serde_json::Value;
use futures_executor::block_on;
use whautomate::client::{BulkOptions, Client, ClientOptions, RetryPolicy};
use whautomate::model::{Channel, MessageBuilder, MessageKind};
use whautomate::request::HistoryQuery;
use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
use whautomate::{Error, TransportError, TransportResponse};

fn table() -> Vec<Value> {
    // Compiled in, so that the table also runs on wasm32 (Node and Chromium), with no file system.
    let doc: Value = serde_json::from_str(include_str!("../fixtures/driver_scenarios.json")).unwrap();
    doc["scenarios"].as_array().unwrap().clone()
}

/// What one scripted answer is to this driver: a response, or what its transport reports.
fn answer(a: &Value) -> Result<TransportResponse, TransportError> {
    match a["fault"].as_str() {
        Some("timeout") => Err(TransportError::Timeout),
        Some("refused") => Err(TransportError::Refused("connect ECONNREFUSED".into())),
        Some("network") => Err(TransportError::Network("socket hang up".into())),
        Some(other) => panic!("unknown fault {other}"),
        // What a transport reports of a body over max_response_bytes: the status and
        // header it read, not the body.
        None if a["oversize"] == true => Err(TransportError::BodyTooLarge {
            status: u16::try_from(a["status"].as_u64().unwrap()).unwrap(),
            retry_after: a["retryAfter"].as_str().map(String::from),
            detail: "the response body is larger than maxResponseBytes (4096): more than that arrived".into(),
        }),
        // What a transport reports of a body that stopped arriving: the status and header
        // it read, and the failure.
        None if a["cut"] == true => Err(TransportError::BodyCut {
            status: u16::try_from(a["status"].as_u64().unwrap()).unwrap(),
            retry_after: a["retryAfter"].as_str().map(String::from),
            detail: "terminated: other side closed".into(),
        }),
        None => Ok(TransportResponse {
            status: u16::try_from(a["status"].as_u64().unwrap()).unwrap(),
            retry_after: a["retryAfter"].as_str().map(String::from),
            // `pad`: that many spaces first (JSON's own whitespace), for a long body.
            body: " ".repeat(usize::try_from(a["pad"].as_u64().unwrap_or(0)).unwrap()) + a["body"].as_str().unwrap_or_default(),
        }),
    }
}

/// The outcome as the table writes it: `{ ok, messages?, webhook? }` (`got`: what the
/// call resolved to, as its members) or the error's fields.
fn outcome(result: Result<Value, Error>) -> Value {
    match result {
        Ok(got) => {
            let mut v = serde_json::json!({ "ok": true });
            v.as_object_mut().unwrap().extend(got.as_object().cloned().unwrap_or_default());
            v
        }
        Err(e) => serde_json::json!({
            "code": e.code().as_str(),
            "status": e.status(),
            "message": e.message(),
            "mayHaveBeenSent": e.may_have_been_sent(),
            "retryable": e.retryable(),
            "retryAfterMs": e.retry_after_ms(),
        }),
    }
}

/// A `sendMany` scenario through `Client::send_many_prepared`: its statuses and counts.
fn campaign(client: &Client<MemoryTransport, MemoryRuntime>, s: &Value) -> Value {
    let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("ct_1").text("hi").build().unwrap();
    let inputs = s["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|kind| match kind.as_str() {
            Some("ok") => client.prepare(&message),
            _ => Err(Error::invalid_input(vec![whautomate::Violation::new("text", "required", "text is required")])),
        })
        .collect();
    let results = block_on(client.send_many_prepared(inputs, BulkOptions { concurrency: 1 }, |_| {}, None));
    let count = |status: &str| results.iter().filter(|r| r.status.as_str() == status).count();
    serde_json::json!({
        "statuses": results.iter().map(|r| r.status.as_str()).collect::<Vec<_>>(),
        "sent": count("sent"), "failed": count("failed"), "unknown": count("unknown"),
    })
}

/// Runs every scenario through the Rust client; returns how each one that disagrees with
/// the table does.
pub fn disagreements() -> Vec<String> {
    let mut failures = Vec::new();
    let scenarios = table();
    assert!(scenarios.len() >= 20);
    for s in &scenarios {
        let name = s["name"].as_str().unwrap();
        let max_retries = u32::try_from(s["maxRetries"].as_u64().unwrap_or(2)).unwrap();
        let max_delay_ms = s["maxDelayMs"].as_u64().unwrap_or(5);
        let options = ClientOptions::new("sk_scenarios_1")
            .location_id("loc_1")
            .rate_limit(None)
            .max_response_bytes(s["maxResponseBytes"].as_u64().unwrap_or(4096))
            .retry(RetryPolicy { max_retries, base_delay_ms: 1, max_delay_ms });
        let now_ms = 1_000_000.0;
        let client = Client::with_transport(options, MemoryTransport::new(), MemoryRuntime::new(now_ms)).unwrap();
        for a in s["answers"].as_array().unwrap() {
            client.transport().push(answer(a));
        }
        if s["call"] == "sendMany" {
            let got = campaign(&client, s);
            for (key, want) in s["expect"].as_object().unwrap() {
                let have = if key == "requests" { Value::from(client.transport().requests().len()) } else { got.get(key).cloned().unwrap_or(Value::Null) };
                if &have != want {
                    failures.push(format!("{name}: {key} is {have}, the table says {want} (outcome {got})"));
                }
            }
            continue;
        }
        let result = match s["call"].as_str().unwrap() {
            "send" => {
                let mut message = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("ct_1").text("hi");
                if let Some(ahead) = s["scheduleInMs"].as_i64() {
                    #[allow(clippy::cast_possible_truncation)] // a whole number of ms
                    let at = now_ms as i64 + ahead;
                    message = message.schedule_at(whautomate::__js::internals::format_unix_ms(at));
                }
                let message = message.build().unwrap();
                block_on(client.send(&message)).map(|()| Value::Null)
            }
            "list" => block_on(client.list("ct_1", &HistoryQuery::default())).map(|page| serde_json::json!({ "messages": page.len() })),
            "remove" => block_on(client.webhooks().delete("wh_1")).map(|()| Value::Null),
            // The typed fields, as the npm package's object holds them.
            "subscription" => block_on(client.webhooks().get("wh_1")).map(|w| {
                serde_json::json!({ "webhook": { "id": w.id, "name": w.name, "active": w.active, "serverUrl": w.server_url, "events": w.events, "webhookHeaders": w.webhook_headers.len() } })
            }),
            other => panic!("unknown call {other}"),
        };
        let got = outcome(result);
        let expect = &s["expect"];
        for (key, want) in expect.as_object().unwrap() {
            let have = if key == "requests" { Value::from(client.transport().requests().len()) } else { got.get(key).cloned().unwrap_or(Value::Null) };
            if &have != want {
                failures.push(format!("{name}: {key} is {have}, the table says {want} (outcome {got})"));
            }
        }
    }
    failures
}

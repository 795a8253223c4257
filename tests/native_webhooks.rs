//! `client.webhooks()` (issue 17 §4) against the sandbox's subscription API on 127.0.0.1,
//! and the rule every change keeps: never resent once it may have been applied.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/loopback.rs"]
mod loopback;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use whautomate::client::{ClientOptions, RetryPolicy};
use whautomate::request::WebhookInput;
use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
use whautomate::{Client, ErrorCode};
use whautomate_sandbox::config::{Config, DEFAULT_API_KEY};

fn input(url: &str) -> WebhookInput {
    WebhookInput {
        name: Some("inbox".into()),
        server_url: Some(url.into()),
        events: Some(vec!["incoming_whatsapp_message".into(), "contact_created".into()]),
        headers: vec![("X-Hook-Secret".into(), "s3cret".into())],
        active: None,
    }
}

#[tokio::test]
async fn subscriptions_round_trip_through_the_sandbox() {
    let sandbox = whautomate_sandbox::start(Config { port: 0, ..Config::default() }).await.unwrap();
    let client = Client::new(ClientOptions::new(DEFAULT_API_KEY).host(&sandbox.base_url())).unwrap();
    let hooks = client.webhooks();

    let created = hooks.create(&input("http://127.0.0.1:9/hook")).await.unwrap();
    assert!(!created.id.is_empty());
    assert_eq!((created.name.as_str(), created.active, created.server_url.as_str()), ("inbox", true, "http://127.0.0.1:9/hook"));
    assert_eq!((created.webhook_headers[0].key.as_str(), created.webhook_headers[0].value.as_str()), ("X-Hook-Secret", "s3cret"));
    assert_eq!(created.events, ["incoming_whatsapp_message", "contact_created"]);

    assert_eq!(hooks.list(None, None).await.unwrap(), std::slice::from_ref(&created));
    assert_eq!(hooks.get(&created.id).await.unwrap(), created);
    let off = WebhookInput { active: Some(false), ..Default::default() };
    let updated = hooks.update(&created.id, &off).await.unwrap();
    assert_eq!((updated.active, updated.name.as_str()), (false, "inbox"));
    hooks.delete(&created.id).await.unwrap();
    let gone = hooks.get(&created.id).await.unwrap_err();
    assert_eq!(gone.code(), ErrorCode::NotFound);
    assert!(hooks.list(None, None).await.unwrap().is_empty());

    // The SDK takes any https URL; the sandbox delivers only to this machine and says so.
    let elsewhere = hooks.create(&input("https://example.com/hook")).await.unwrap_err();
    assert_eq!((elsewhere.code(), elsewhere.may_have_been_sent()), (ErrorCode::BadRequest, false));
    sandbox.stop().await.unwrap();
}

#[test]
fn bad_subscriptions_are_refused_before_anything_is_sent() {
    let client = Client::with_transport(ClientOptions::new("sk_test"), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    let bad = WebhookInput {
        name: Some(" ".into()),
        server_url: Some("http://example.com/hook".into()),
        events: Some(vec![String::new()]),
        headers: vec![("Bad Name".into(), "x".into()), ("X-Ok".into(), "a\r\nb".into())],
        active: None,
    };
    let e = futures_executor::block_on(client.webhooks().create(&bad)).unwrap_err();
    let fields: Vec<_> = e.violations().iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["name", "serverUrl", "events[0]", "headers[0]", "headers[1]"]);
    assert!(e.violations()[1].message.starts_with("serverUrl must use https"), "{}", e.violations()[1].message);
    for url in ["example.com/hook", "ftp://example.com", "https://", "https://exa mple.com/h", "https://example.com/a b"] {
        let e = futures_executor::block_on(client.webhooks().create(&input(url))).unwrap_err();
        assert_eq!(e.field(), Some("serverUrl"), "{url}");
    }
    let nothing = futures_executor::block_on(client.webhooks().update("wh1", &WebhookInput::default())).unwrap_err();
    assert_eq!(nothing.code(), ErrorCode::InvalidInput);
    assert_eq!(futures_executor::block_on(client.webhooks().delete("..")).unwrap_err().field(), Some("id"));
    assert!(client.transport().requests().is_empty());
}

#[tokio::test]
async fn a_change_that_may_have_been_applied_is_never_resent() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let host = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&connections);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            // Reads the request, then drops the connection: it may have been applied.
            let _ = loopback::read_request(&mut stream).await;
        }
    });
    let retry = RetryPolicy { max_retries: 3, base_delay_ms: 1, max_delay_ms: 2 };
    let client = Client::new(ClientOptions::new("sk_test").host(&host).retry(retry)).unwrap();
    for call in ["create", "update", "delete"] {
        let before = connections.load(Ordering::SeqCst);
        let hooks = client.webhooks();
        let e = match call {
            "create" => hooks.create(&input("https://example.com/h")).await.unwrap_err(),
            "update" => hooks.update("wh1", &WebhookInput { active: Some(false), ..Default::default() }).await.unwrap_err(),
            _ => hooks.delete("wh1").await.unwrap_err(),
        };
        assert!(e.may_have_been_sent(), "{call}: {e}");
        assert_eq!(connections.load(Ordering::SeqCst) - before, 1, "{call} was resent");
    }
    // A read is retried.
    let before = connections.load(Ordering::SeqCst);
    client.webhooks().get("wh1").await.unwrap_err();
    assert_eq!(connections.load(Ordering::SeqCst) - before, 4, "a read goes again: 1 + 3 retries");
}

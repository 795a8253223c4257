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
    // A value is printable ASCII: no line separator, no bidi control, no letter beyond ASCII.
    let odd = WebhookInput { headers: vec![("X-A".into(), "ab\u{2028}cd".into()), ("X-B".into(), "s3cr\u{e9}t".into()), ("X-C".into(), "ok\tvalue ~".into())], ..input("https://example.com/h") };
    let e = futures_executor::block_on(client.webhooks().create(&odd)).unwrap_err();
    assert_eq!(e.violations().iter().map(|v| v.field.as_str()).collect::<Vec<_>>(), ["headers[0]", "headers[1]"]);
    let nothing = futures_executor::block_on(client.webhooks().update("wh1", &WebhookInput::default())).unwrap_err();
    assert_eq!(nothing.code(), ErrorCode::InvalidInput);
    assert_eq!(futures_executor::block_on(client.webhooks().delete("..")).unwrap_err().field(), Some("id"));
    assert!(client.transport().requests().is_empty());
}

/// A server that echoes the request in its error (a 400 quoting the body it refused, a 200
/// that is no subscription, a failure's text) makes no delivery header's value appear in
/// the error of a create or an update; nor does a subscription's `Debug` show one kept in
/// `extra` (`webhookHeaders` of an unexpected shape).
#[test]
fn a_delivery_secret_echoed_back_appears_in_no_error_and_no_debug_output() {
    let client = Client::with_transport(ClientOptions::new("sk_test"), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    let echo = r#"{"message":"webhookHeaders[0].value s3cret is not allowed","input":{"webhookHeaders":[{"key":"X-Hook-Secret","value":"s3cret"}]}}"#;
    client.transport().push_status(400, echo);
    client.transport().push_status(200, r#"{"error":"no","value":"s3cret"}"#);
    client.transport().push_status(422, echo);
    let hooks = client.webhooks();
    let errors = [
        futures_executor::block_on(hooks.create(&input("https://example.com/h"))).unwrap_err(),
        futures_executor::block_on(hooks.create(&input("https://example.com/h"))).unwrap_err(),
        futures_executor::block_on(hooks.update("wh1", &input("https://example.com/h"))).unwrap_err(),
    ];
    for e in &errors {
        for shown in [format!("{e:?}"), e.to_string(), e.body().unwrap_or_default().to_owned()] {
            assert!(!shown.contains("s3cret"), "{shown}");
        }
        assert!(e.body().unwrap().contains("[redacted]"), "{e:?}");
    }
    assert_eq!(errors[0].message(), "webhookHeaders[0].value [redacted] is not allowed");
    // An answer of another shape holding subscriptions (a wrapped list, a bad item), kept
    // in the error: their header values go, for reads and changes alike.
    let wrapped = r#"{"data":[{"id":"wh9","webhookHeaders":[{"key":"X-Other","value":"other_secret_9"}]}]}"#;
    client.transport().push_status(200, wrapped);
    client.transport().push_status(200, wrapped);
    client.transport().push_status(500, wrapped);
    let reads = [
        futures_executor::block_on(hooks.list(None, None)).unwrap_err(),
        futures_executor::block_on(hooks.get("wh9")).unwrap_err(),
        futures_executor::block_on(hooks.delete("wh9")).unwrap_err(),
    ];
    for e in &reads {
        let shown = format!("{e:?}");
        assert!(!shown.contains("other_secret_9") && shown.contains("X-Other"), "{shown}");
    }
    for body in [r#"[{"id":"wh1","webhookHeaders":{"x-hook-secret":"s3cret"}}]"#, r#"[{"id":"wh1","webhookHeaders":[{"key":"x-hook-secret","value":"s3cret"},{"key":"x","value":null}]}]"#] {
        client.transport().push_status(200, body);
        let list = futures_executor::block_on(hooks.list(None, None)).unwrap();
        let shown = format!("{list:?}");
        assert!(!shown.contains("s3cret") && shown.contains("webhookHeaders"), "{shown}");
    }
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

/// `create_with_secret`: the SDK makes the secret, the subscription sends it with every
/// delivery, and a `Receiver` holding it lets those deliveries in (and no others).
#[tokio::test]
async fn a_subscription_with_a_generated_secret_delivers_it() {
    use whautomate::webhook::{Reception, Receiver};
    let sandbox = whautomate_sandbox::start(Config { port: 0, ..Config::default() }).await.unwrap();
    let client = Client::new(ClientOptions::new(DEFAULT_API_KEY).host(&sandbox.base_url())).unwrap();

    // The receiver: keeps the secret header of each delivery.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { return };
            let kept = kept.clone();
            tokio::spawn(async move {
                let request = loopback::read_request(&mut socket).await;
                kept.lock().unwrap().push(request);
                let _ = tokio::io::AsyncWriteExt::write_all(&mut socket, b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
            });
        }
    });

    let plain = WebhookInput { headers: Vec::new(), ..input(&url) };
    let (hook, secret) = client.webhooks().create_with_secret(&plain, "X-Whautomate-Secret").await.unwrap();
    assert_eq!(secret.value().len(), 64);
    assert_eq!((hook.webhook_headers[0].key.as_str(), hook.webhook_headers[0].value.as_str()), ("X-Whautomate-Secret", secret.value()));
    assert!(!format!("{secret:?}").contains(secret.value()), "the secret is not in Debug");

    // An inbound message: its delivery carries the secret, which the Receiver accepts.
    let control = reqwest::Client::new();
    control.post(format!("{}/_sandbox/inbound", sandbox.base_url())).header("content-type", "application/json")
        .body(r#"{"contactId":"ct_wa_1","text":"hi"}"#).send().await.unwrap().error_for_status().unwrap();
    control.get(format!("{}/_sandbox/webhook-deliveries?settled=1", sandbox.base_url())).send().await.unwrap().error_for_status().unwrap();
    let requests = seen.lock().unwrap().clone();
    assert!(!requests.is_empty(), "no delivery arrived");
    let mut receiver = Receiver::new(10).with_secret(secret.clone());
    for request in &requests {
        let (head, body) = request.split_once("\r\n\r\n").unwrap();
        let header = head.lines().find_map(|line| line.split_once(':').filter(|(name, _)| name.eq_ignore_ascii_case("x-whautomate-secret")).map(|(_, v)| v.trim()));
        assert_eq!(header, Some(secret.value()));
        assert!(matches!(receiver.receive(Some("guess"), body, 0), Reception::Answer { status: 401, .. }));
        assert!(matches!(receiver.receive(header, body, 0), Reception::Handle { .. }));
    }

    // A secret header the input already sets is refused, before anything is sent.
    let twice = client.webhooks().create_with_secret(&input(&url), "x-hook-secret").await.unwrap_err();
    assert_eq!((twice.code(), twice.field()), (ErrorCode::InvalidInput, Some("headers")));
    sandbox.stop().await.unwrap();
}

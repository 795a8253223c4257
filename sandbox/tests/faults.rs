//! Each fault switch, as a client sees it on the wire.

mod common;

use std::time::{Duration, Instant};

use common::{Sandbox, KEY};
use serde_json::json;
use whautomate_sandbox::Config;

fn body() -> String {
    json!({"contact": {"id": "ct_tg_1"}, "textMessage": "hi", "location": {"id": "loc_1"}})
        .to_string()
}

fn send(sb: &Sandbox) -> std::io::Result<common::Resp> {
    sb.call(
        "POST",
        "/v1/messages/telegram/sendtext",
        &[("x-api-key", KEY)],
        Some(&body()),
    )
}

#[test]
fn latency_delays_the_answer() {
    let sb = Sandbox::start();
    sb.faults(json!({"latencyMs": 300}));
    let t = Instant::now();
    assert_eq!(send(&sb).unwrap().status, 200);
    assert!(t.elapsed() >= Duration::from_millis(300));
    // Control endpoints are never delayed.
    let t = Instant::now();
    sb.get("/_sandbox/state");
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[test]
fn status500_does_not_deliver_but_the_after_delivery_variant_does() {
    let sb = Sandbox::start();
    sb.faults(json!({"status500Rate": 1.0}));
    let r = send(&sb).unwrap();
    assert_eq!(r.status, 500);
    assert_eq!(sb.deliveries().len(), 0);

    sb.faults(json!({"status500AfterDeliveryRate": 1.0}));
    assert_eq!(send(&sb).unwrap().status, 500);
    assert_eq!(sb.deliveries().len(), 1);
}

#[test]
fn status429_fault_carries_retry_after_and_does_not_deliver() {
    let sb = Sandbox::start();
    sb.faults(json!({"status429Rate": 1.0}));
    let r = send(&sb).unwrap();
    assert_eq!((r.status, r.header("retry-after")), (429, Some("1")));
    assert!(sb.deliveries().is_empty());
}

/// The connection was closed or reset before a single byte of response.
fn assert_nothing_came_back(err: &std::io::Error) {
    let reset = err.kind() == std::io::ErrorKind::ConnectionReset;
    let empty_eof =
        err.kind() == std::io::ErrorKind::UnexpectedEof && err.to_string().contains("(0 bytes");
    assert!(reset || empty_eof, "{err}");
}

#[test]
fn dropped_connections_send_no_response_at_all() {
    let sb = Sandbox::start();
    sb.faults(json!({"dropBeforeResponseRate": 1.0}));
    let err = send(&sb).expect_err("a response came through");
    // Nothing at all came back: not even a status line.
    assert_nothing_came_back(&err);
    assert_eq!(sb.deliveries().len(), 0);

    sb.faults(json!({"dropAfterDeliveryRate": 1.0}));
    let err = send(&sb).expect_err("a response came through");
    assert_nothing_came_back(&err);
    assert_eq!(sb.deliveries().len(), 1, "delivered before the drop");

    // The server is fine afterwards.
    sb.get("/_sandbox/faults");
    let r = sb.call("DELETE", "/_sandbox/faults", &[], None).unwrap();
    assert_eq!(r.json()["dropAfterDeliveryRate"], 0.0);
    assert_eq!(send(&sb).unwrap().status, 200);
}

#[test]
fn malformed_body_is_a_200_that_is_not_json() {
    let sb = Sandbox::start();
    sb.faults(json!({"malformedBodyRate": 1.0}));
    let r = send(&sb).unwrap();
    assert_eq!(r.status, 200);
    assert!(
        serde_json::from_slice::<serde_json::Value>(&r.body).is_err(),
        "{}",
        r.text()
    );
    assert_eq!(sb.deliveries().len(), 1);
}

#[test]
fn rates_are_seeded_and_reproducible() {
    let run = || {
        let sb = Sandbox::start();
        sb.faults(json!({"status500Rate": 0.5, "seed": 42}));
        (0..20)
            .map(|_| send(&sb).unwrap().status)
            .collect::<Vec<_>>()
    };
    let (a, b) = (run(), run());
    assert_eq!(a, b);
    assert!(a.contains(&200) && a.contains(&500), "{a:?}");
}

#[test]
fn fault_switches_are_checked_and_can_start_from_the_cli_config() {
    let sb = Sandbox::start();
    for bad in [
        json!({"status500Rate": 2}),
        json!({"latency": 5}),
        json!({"seed": -1}),
    ] {
        assert_eq!(sb.post("/_sandbox/faults", &bad).status, 400, "{bad}");
    }
    let cfg = Config::from_args(
        ["--port", "0", "--rate-limit", "0", "--status500-rate", "1"].map(String::from),
    )
    .unwrap()
    .unwrap();
    let sb = Sandbox::with(cfg);
    assert_eq!(send(&sb).unwrap().status, 500);
    // Reset returns to the startup faults, not to none.
    sb.post("/_sandbox/reset", &json!({}));
    assert_eq!(send(&sb).unwrap().status, 500);
}

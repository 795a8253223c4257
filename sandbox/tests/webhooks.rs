//! Webhooks over real HTTP on 127.0.0.1: the subscription API and its errors, the
//! loopback-only rule, deliveries with the vendor's quirky payloads and the
//! subscription's headers, retries under one event.id, the duplicate fault,
//! giving up on a dead receiver, and reset.

mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::post;
use axum::Router;
use common::{Sandbox, KEY};
use serde_json::{json, Value};
use whautomate_sandbox::Config;

// ---------------------------------------------------------------------------
// A receiver: a tiny axum server that records what it gets.

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Got {
    path: String,
    headers: HashMap<String, String>,
    raw: String,
    body: Value,
}

#[derive(Clone, Default)]
struct Behaviour {
    /// Answer `fail_status` to this many requests first.
    fail_first: usize,
    fail_status: u16,
    /// Sleep this long before answering.
    delay: Duration,
}

#[derive(Clone)]
struct RecvState {
    got: Arc<Mutex<Vec<Got>>>,
    seen: Arc<AtomicUsize>,
    behaviour: Behaviour,
}

struct Receiver {
    addr: SocketAddr,
    got: Arc<Mutex<Vec<Got>>>,
    _rt: tokio::runtime::Runtime,
}

async fn hook(State(s): State<RecvState>, uri: Uri, headers: HeaderMap, body: Bytes) -> StatusCode {
    let n = s.seen.fetch_add(1, Ordering::SeqCst);
    let raw = String::from_utf8_lossy(&body).into_owned();
    s.got.lock().unwrap().push(Got {
        path: uri.to_string(),
        headers: headers
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect(),
        body: serde_json::from_str(&raw).unwrap_or(Value::Null),
        raw,
    });
    if !s.behaviour.delay.is_zero() {
        tokio::time::sleep(s.behaviour.delay).await;
    }
    if n < s.behaviour.fail_first {
        StatusCode::from_u16(s.behaviour.fail_status).unwrap()
    } else {
        StatusCode::OK
    }
}

impl Receiver {
    fn start(behaviour: Behaviour) -> Receiver {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let state = RecvState {
            got: Arc::default(),
            seen: Arc::default(),
            behaviour,
        };
        let got = state.got.clone();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().fallback(post(hook)).with_state(state);
        rt.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Receiver { addr, got, _rt: rt }
    }

    fn ok() -> Receiver {
        Receiver::start(Behaviour::default())
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn got(&self) -> Vec<Got> {
        self.got.lock().unwrap().clone()
    }
}

// ---------------------------------------------------------------------------
// Helpers

fn fast_sandbox(time_scale: f64) -> Sandbox {
    Sandbox::with(Config {
        port: 0,
        rate_limit: 0,
        time_scale,
        ..Config::default()
    })
}

fn subscribe(sb: &Sandbox, url: &str, events: &[&str], headers: Value) -> Value {
    let r = sb.post(
        "/v1/webhooks",
        &json!({"name": "test hook", "serverUrl": url, "events": events, "active": true, "webhookHeaders": headers}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

fn put(sb: &Sandbox, path: &str, body: &Value) -> common::Resp {
    sb.call(
        "PUT",
        path,
        &[("x-api-key", KEY), ("content-type", "application/json")],
        Some(&body.to_string()),
    )
    .unwrap()
}

fn delete(sb: &Sandbox, path: &str) -> common::Resp {
    sb.call("DELETE", path, &[("x-api-key", KEY)], None)
        .unwrap()
}

/// The delivery log once every delivery has settled.
fn settled(sb: &Sandbox) -> Vec<Value> {
    let r = sb.get("/_sandbox/webhook-deliveries?settled=1&timeoutMs=9000");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("x-sandbox-pending"), Some("0"));
    r.json().as_array().cloned().unwrap()
}

fn inbound(sb: &Sandbox, body: Value) -> Value {
    let r = sb.post("/_sandbox/inbound", &body);
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

fn is_vendor_id(v: &Value) -> bool {
    v.as_str()
        .is_some_and(|s| s.len() == 10 && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `2024-03-17T03:31:24.572Z`: ISO-8601 UTC with milliseconds.
fn is_iso_millis(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        let b = s.as_bytes();
        b.len() == 24 && b[10] == b'T' && b[19] == b'.' && b[23] == b'Z'
    })
}

/// The keys appear in a raw JSON text in this order (each searched after the
/// one before it).
fn in_order(raw: &str, keys: &[&str]) {
    let mut from = 0;
    for k in keys {
        let at = raw[from..]
            .find(&format!("\"{k}\":"))
            .unwrap_or_else(|| panic!("{k} missing or out of order in {raw}"));
        from += at + k.len() + 3;
    }
}

// ---------------------------------------------------------------------------
// The subscription API

#[test]
fn subscriptions_can_be_created_listed_read_updated_and_deleted() {
    let sb = Sandbox::start();
    let created = subscribe(
        &sb,
        "http://127.0.0.1:9/hook",
        &["incoming_whatsapp_message"],
        json!([{"key": "X-Secret", "value": "s"}]),
    );
    let id = created["id"].as_str().unwrap().to_string();
    assert!(is_vendor_id(&created["id"]), "{created}");
    assert_eq!(created["name"], "test hook");
    assert_eq!(created["active"], true);
    assert_eq!(created["serverUrl"], "http://127.0.0.1:9/hook");
    assert_eq!(
        created["webhookHeaders"],
        json!([{"key": "X-Secret", "value": "s"}])
    );
    assert_eq!(created["events"], json!(["incoming_whatsapp_message"]));
    assert!(is_iso_millis(&created["createdAt"]) && is_iso_millis(&created["updatedAt"]));
    let keys: Vec<&String> = created.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 8, "{created}");

    // webhookHeaders may be left out: none.
    let second = sb.post(
        "/v1/webhooks",
        &json!({"name": "b", "serverUrl": "http://localhost:9/", "events": ["contact_created"], "active": false}),
    );
    assert_eq!(second.status, 200, "{}", second.text());
    assert_eq!(second.json()["webhookHeaders"], json!([]));
    assert_ne!(second.json()["id"], created["id"]);

    let list = sb.get("/v1/webhooks").json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[0], created, "creation order");
    assert_eq!(sb.get("/v1/webhooks?limit=1&page=2").json()[0]["name"], "b");
    assert_eq!(sb.get("/v1/webhooks?limit=5&page=2").json(), json!([]));
    assert_eq!(sb.get(&format!("/v1/webhooks/{id}")).json(), created);

    let r = put(
        &sb,
        &format!("/v1/webhooks/{id}"),
        &json!({"active": false, "events": ["contact_created", "outgoing_telegram_message"]}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let updated = r.json();
    assert_eq!(updated["active"], false);
    assert_eq!(
        updated["events"],
        json!(["contact_created", "outgoing_telegram_message"])
    );
    assert_eq!(
        (&updated["name"], &updated["serverUrl"]),
        (&created["name"], &created["serverUrl"])
    );
    assert_eq!(updated["createdAt"], created["createdAt"]);
    assert_eq!(sb.get(&format!("/v1/webhooks/{id}")).json(), updated);

    let r = delete(&sb, &format!("/v1/webhooks/{id}"));
    assert_eq!((r.status, r.json()), (200, json!({"success": true})));
    let missing = json!({"error": "Invalid or missing record identifier"});
    let r = sb.get(&format!("/v1/webhooks/{id}"));
    assert_eq!((r.status, r.json()), (404, missing.clone()));
    assert_eq!(sb.get("/v1/webhooks").json().as_array().unwrap().len(), 1);
    let r = delete(&sb, &format!("/v1/webhooks/{id}"));
    assert_eq!((r.status, r.json()), (404, missing.clone()));
    let r = put(&sb, "/v1/webhooks/nope", &json!({"name": "x"}));
    assert_eq!((r.status, r.json()), (404, missing));
}

#[test]
fn subscription_errors_have_the_documented_shapes() {
    let sb = Sandbox::start();
    // The key, as on the message calls.
    for headers in [&[][..], &[("x-api-key", "wrong")][..]] {
        for (method, path) in [
            ("GET", "/v1/webhooks"),
            ("POST", "/v1/webhooks"),
            ("GET", "/v1/webhooks/x"),
            ("PUT", "/v1/webhooks/x"),
            ("DELETE", "/v1/webhooks/x"),
        ] {
            let r = sb.call(method, path, headers, Some("{}")).unwrap();
            assert_eq!(
                (r.status, r.json()),
                (403, json!({"message": "Forbidden"})),
                "{method} {path}"
            );
        }
    }
    // Bodies: not JSON, not an object, missing or wrong fields, unknown fields.
    let bad_bodies = [
        ("{nope", "malformed JSON"),
        ("[1]", "a JSON object"),
        (
            r#"{"serverUrl": "http://127.0.0.1:1/", "events": ["contact_created"], "active": true}"#,
            "/name: required",
        ),
        (
            r#"{"name": "n", "events": ["contact_created"], "active": true}"#,
            "/serverUrl: required",
        ),
        (
            r#"{"name": "n", "serverUrl": "http://127.0.0.1:1/", "active": true}"#,
            "/events: required",
        ),
        (
            r#"{"name": "n", "serverUrl": "http://127.0.0.1:1/", "events": ["contact_created"]}"#,
            "/active: required",
        ),
        (
            r#"{"name": "n", "serverUrl": "http://127.0.0.1:1/", "events": [], "active": true}"#,
            "/events: must list",
        ),
        (
            r#"{"name": "n", "serverUrl": "http://127.0.0.1:1/", "events": [3], "active": true}"#,
            "/events/0",
        ),
        (
            r#"{"name": "n", "serverUrl": "http://127.0.0.1:1/", "events": ["contact_created"], "active": "yes"}"#,
            "/active: must be a boolean",
        ),
        (
            r#"{"name": "n", "serverUrl": "http://127.0.0.1:1/", "events": ["contact_created"], "active": true, "secret": 1}"#,
            "/secret: unknown field",
        ),
        (
            r#"{"name": "n", "serverUrl": "http://127.0.0.1:1/", "events": ["contact_created"], "active": true, "webhookHeaders": [{"key": "Content-Length", "value": "1"}]}"#,
            "/webhookHeaders/0",
        ),
        (
            r#"{"name": "n", "serverUrl": "http://127.0.0.1:1/", "events": ["contact_created"], "active": true, "webhookHeaders": {"k": "v"}}"#,
            "/webhookHeaders",
        ),
    ];
    for (body, detail) in bad_bodies {
        let r = sb
            .call("POST", "/v1/webhooks", &[("x-api-key", KEY)], Some(body))
            .unwrap();
        let v = r.json();
        assert_eq!(
            (r.status, &v["message"]),
            (400, &json!("Invalid request body")),
            "{body}"
        );
        assert!(
            v["details"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d.as_str().unwrap().contains(detail)),
            "{detail} not in {v}"
        );
    }
    // A bad update body is a 400 even for an unknown id (the body is checked first).
    let r = put(&sb, "/v1/webhooks/nope", &json!({"events": []}));
    assert_eq!(r.status, 400, "{}", r.text());
    // Paging parameters, as on the history call.
    for q in ["page=0", "limit=x", "limit=-1"] {
        let r = sb.get(&format!("/v1/webhooks?{q}"));
        assert_eq!(
            (r.status, &r.json()["error"]),
            (400, &json!("Invalid parameters")),
            "{q}"
        );
    }
    assert!(sb.get("/v1/webhooks").json().as_array().unwrap().is_empty());

    // The rate limit counts these calls too.
    let sb = Sandbox::with(Config {
        port: 0,
        rate_limit: 2,
        ..Config::default()
    });
    assert_eq!(sb.get("/v1/webhooks").status, 200);
    assert_eq!(sb.get("/v1/webhooks/x").status, 404);
    let r = sb.get("/v1/webhooks");
    assert_eq!(
        (r.status, r.json()),
        (429, json!({"message": "Too Many Requests"}))
    );
    assert!(r.header("retry-after").is_some());
}

#[test]
fn only_loopback_receivers_are_accepted() {
    let sb = Sandbox::start();
    for url in [
        "http://example.com/hook",
        "http://10.0.0.1:8080/hook",
        "http://0.0.0.0:8080/",
        "http://169.254.169.254/latest",
        "https://127.0.0.1:8443/hook",
        "http://localhost.example.com:80/",
        "127.0.0.1:8080/hook",
    ] {
        let r = sb.post(
            "/v1/webhooks",
            &json!({"name": "n", "serverUrl": url, "events": ["contact_created"], "active": true}),
        );
        let v = r.json();
        assert_eq!(r.status, 400, "{url}: {v}");
        let detail = v["details"][0].as_str().unwrap();
        assert!(
            detail.starts_with("/serverUrl:") && detail.contains("only to this machine"),
            "{detail}"
        );
    }
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://localhost:8080",
        "http://[::1]:8080/h?x=1",
    ] {
        let r = sb.post(
            "/v1/webhooks",
            &json!({"name": "n", "serverUrl": url, "events": ["contact_created"], "active": true}),
        );
        assert_eq!(r.status, 200, "{url}: {}", r.text());
    }
    // An update cannot point a subscription off the machine either.
    let id = sb.get("/v1/webhooks").json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = put(
        &sb,
        &format!("/v1/webhooks/{id}"),
        &json!({"serverUrl": "http://example.com/"}),
    );
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(
        sb.get(&format!("/v1/webhooks/{id}")).json()["serverUrl"],
        "http://127.0.0.1:8080/hook"
    );
}

// ---------------------------------------------------------------------------
// Deliveries

#[test]
fn an_inbound_message_is_delivered_with_the_vendor_quirks_and_the_headers() {
    let sb = Sandbox::start();
    let rx = Receiver::ok();
    let sub = subscribe(
        &sb,
        &rx.url("/hooks/wa?src=sandbox"),
        &["incoming_whatsapp_message"],
        json!([{"key": "X-Webhook-Secret", "value": "s3cret"}, {"key": "X-Team", "value": "qa"}]),
    );
    let answer = inbound(&sb, json!({"contactId": "ct_wa_1", "text": "hello there"}));
    // Not subscribed: an inbound Telegram message goes nowhere.
    inbound(
        &sb,
        json!({"contactId": "ct_tg_1", "text": "other channel"}),
    );

    let log = settled(&sb);
    assert_eq!(log.len(), 1, "{log:?}");
    let got = rx.got();
    assert_eq!(got.len(), 1);
    let g = &got[0];
    assert_eq!(g.path, "/hooks/wa?src=sandbox");
    assert_eq!(g.headers["content-type"], "application/json");
    assert_eq!(g.headers["x-webhook-secret"], "s3cret");
    assert_eq!(g.headers["x-team"], "qa");

    let (event, message) = (&g.body["event"], &g.body["message"]);
    assert!(is_vendor_id(&event["id"]), "{event}");
    assert_eq!(event["type"], "incoming_whatsapp_message");
    assert!(is_iso_millis(&event["timeStamp"]), "{event}");
    assert_eq!(event["key"], answer["messageId"]);
    assert_eq!(message["id"], answer["messageId"]);
    assert_eq!(
        message["contact"],
        json!({"id": "ct_wa_1", "channel": "whatsapp", "phoneNumber": "15550000001"})
    );
    assert_eq!(message["channel"], "whatsApp");
    assert_eq!(
        message["isIncoming"], "true",
        "a string, as in the vendor's example"
    );
    assert_eq!(message["type"], "text");
    assert_eq!(message["replyToMessage"], json!({}));
    assert_eq!(message["from"], "Alice Example");
    assert_eq!(message["text"], "hello there");
    assert!(is_iso_millis(&message["timestamp"]));
    assert!(is_iso_millis(&message["createdAt"]) && is_iso_millis(&message["updatedAt"]));
    for absent in [
        "sentBy",
        "status",
        "errorMessage",
        "mediaUrl",
        "caption",
        "options",
    ] {
        assert!(message.get(absent).is_none(), "{absent} in {message}");
    }
    in_order(
        &g.raw,
        &["event", "id", "type", "timeStamp", "key", "message"],
    );
    in_order(
        &g.raw,
        &[
            "message",
            "contact",
            "phoneNumber",
            "isIncoming",
            "replyToMessage",
            "from",
            "timestamp",
            "text",
            "createdAt",
            "updatedAt",
        ],
    );

    // The log shows the same delivery.
    let d = &log[0];
    assert_eq!(d["eventId"], event["id"]);
    assert_eq!(d["type"], "incoming_whatsapp_message");
    assert_eq!(d["subscriptionId"], sub["id"]);
    assert_eq!(d["serverUrl"], sub["serverUrl"]);
    assert_eq!(d["payload"], g.body);
    assert_eq!(
        (
            d["delivered"].clone(),
            d["settled"].clone(),
            d["copy"].clone()
        ),
        (json!(true), json!(true), json!(1))
    );
    let attempts = d["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0]["status"], 200);
    assert!(is_iso_millis(&attempts[0]["at"]));
}

#[test]
fn sends_are_delivered_as_outgoing_events_and_new_recepients_as_contact_created() {
    let sb = Sandbox::start();
    let rx = Receiver::ok();
    let idle = Receiver::ok();
    subscribe(
        &sb,
        &rx.url("/"),
        &[
            "outgoing_whatsapp_message",
            "outgoing_telegram_message",
            "contact_created",
        ],
        json!([{"key": "Authorization", "value": "Bearer shared-secret"}]),
    );
    // Inactive, or listening for something else: nothing arrives.
    let r = sb.post(
        "/v1/webhooks",
        &json!({"name": "off", "serverUrl": idle.url("/"), "events": ["outgoing_whatsapp_message"], "active": false}),
    );
    assert_eq!(r.status, 200);
    subscribe(
        &sb,
        &idle.url("/"),
        &["incoming_telegram_message"],
        json!([]),
    );

    let r = sb.post(
        "/v1/messages/whatsapp/sendtemplate",
        &json!({"recepient": {"phoneNumber": "+65 9876 5432", "name": "Zoe"}, "template": {"name": "welcome", "language": "en"}, "location": {"id": "loc_1"}}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let r = sb.post(
        "/v1/messages/telegram/sendtemplate",
        &json!({"contact": {"id": "ct_tg_1"}, "location": {"id": "loc_1"}, "textMessage": "Pick one",
                "buttons": [{"type": "web_url", "title": "Open", "payload": "p", "url": "https://example.com"}]}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // A send the 24-hour rule refuses emits no message event.
    let r = sb.post(
        "/v1/messages/whatsapp/sendtext",
        &json!({"contact": {"id": "ct_wa_cold"}, "textMessage": "hi", "location": {"id": "loc_1"}}),
    );
    assert_eq!(r.status, 400);

    let log = settled(&sb);
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(log.iter().all(|d| d["delivered"] == true));
    assert!(idle.got().is_empty());
    let got = rx.got();
    assert_eq!(got.len(), 3);
    assert!(got
        .iter()
        .all(|g| g.headers["authorization"] == "Bearer shared-secret"));
    // Ordering across events is not guaranteed: find each by type.
    let by_type = |t: &str| {
        got.iter()
            .find(|g| g.body["event"]["type"] == t)
            .unwrap_or_else(|| panic!("no {t}"))
            .clone()
    };

    let cc = by_type("contact_created");
    let contact = &cc.body["contact"];
    assert!(cc.body.get("message").is_none());
    assert_eq!(cc.body["event"]["key"], contact["id"]);
    assert_eq!(contact["channel"], "Whatsapp");
    assert_eq!(contact["name"], "Zoe");
    assert_eq!(contact["phoneNumber"], "+6598765432");
    assert_eq!(
        contact["tags"], "[]",
        "a JSON-encoded string, as in the vendor's example"
    );
    assert_eq!(contact["customFields"], "{}");
    assert_eq!(
        contact["location"],
        json!({"id": "loc_1", "title": "Main Office"})
    );
    assert!(is_iso_millis(&contact["createdAt"]));
    in_order(
        &cc.raw,
        &[
            "event",
            "contact",
            "name",
            "channel",
            "phoneNumber",
            "stage",
            "tags",
            "customFields",
            "location",
            "createdAt",
            "updatedAt",
        ],
    );

    let wa = by_type("outgoing_whatsapp_message");
    let m = &wa.body["message"];
    assert_eq!(
        m["contact"],
        json!({"id": contact["id"], "channel": "whatsapp", "phoneNumber": "6598765432"})
    );
    assert_eq!(m["channel"], "whatsApp");
    assert_eq!(m["isIncoming"], "false");
    assert_eq!(m["type"], "template");
    assert_eq!(m["text"], "welcome");
    assert_eq!(m["sentBy"], "api");
    assert_eq!(m["status"], "sent");
    assert_eq!(m["replyToMessage"], json!({}));
    assert_eq!(wa.body["event"]["key"], m["id"]);
    in_order(
        &wa.raw,
        &[
            "message",
            "isIncoming",
            "type",
            "replyToMessage",
            "from",
            "sentBy",
            "timestamp",
            "status",
            "text",
        ],
    );

    let tg = by_type("outgoing_telegram_message");
    let m = &tg.body["message"];
    assert_eq!(
        m["contact"],
        json!({"id": "ct_tg_1", "channel": "telegram"})
    );
    assert_eq!(m["channel"], "telegram");
    assert_eq!(m["text"], "Pick one");
    // options travels as JSON text, like every templated leaf.
    let options: Value = serde_json::from_str(m["options"].as_str().unwrap()).unwrap();
    assert_eq!(options["buttons"][0]["text"], "Open");

    // The three events have three distinct ids; the message ids match history.
    let ids: std::collections::HashSet<_> =
        got.iter().map(|g| g.body["event"]["id"].clone()).collect();
    assert_eq!(ids.len(), 3);
    let history = sb.get("/v1/messages/ct_tg_1").json();
    assert_eq!(history[0]["id"], m["id"]);
}

#[test]
fn a_failing_receiver_gets_the_same_event_until_it_answers_2xx() {
    let sb = fast_sandbox(10.0);
    let rx = Receiver::start(Behaviour {
        fail_first: 2,
        fail_status: 503,
        ..Behaviour::default()
    });
    subscribe(&sb, &rx.url("/"), &["incoming_whatsapp_message"], json!([]));
    inbound(&sb, json!({"contactId": "ct_wa_1"}));

    let log = settled(&sb);
    assert_eq!(log.len(), 1);
    let got = rx.got();
    assert_eq!(got.len(), 3);
    let first = &got[0].body["event"]["id"];
    assert!(got.iter().all(|g| &g.body["event"]["id"] == first));
    assert!(
        got.iter().all(|g| g.raw == got[0].raw),
        "retries resend the same bytes"
    );
    let statuses: Vec<Value> = log[0]["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].clone())
        .collect();
    assert_eq!(statuses, [json!(503), json!(503), json!(200)]);
    assert_eq!(log[0]["delivered"], true);
    assert_eq!(&log[0]["eventId"], first);
}

#[test]
fn the_duplicate_fault_delivers_every_event_twice_with_one_event_id() {
    let sb = Sandbox::start();
    let rx = Receiver::ok();
    subscribe(&sb, &rx.url("/"), &["incoming_whatsapp_message"], json!([]));
    sb.faults(json!({"duplicateDeliveries": true}));
    assert_eq!(
        sb.get("/_sandbox/faults").json()["duplicateDeliveries"],
        true
    );
    inbound(&sb, json!({"contactId": "ct_wa_1"}));

    let log = settled(&sb);
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0]["eventId"], log[1]["eventId"]);
    assert_eq!(
        (log[0]["copy"].clone(), log[1]["copy"].clone()),
        (json!(1), json!(2))
    );
    let got = rx.got();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].body, got[1].body);
    assert_eq!(got[0].body["event"]["id"], log[0]["eventId"]);

    // Off again after a reset; on from startup with the CLI switch.
    sb.post("/_sandbox/reset", &json!({}));
    assert_eq!(
        sb.get("/_sandbox/faults").json()["duplicateDeliveries"],
        false
    );
    let cfg = Config::from_args(
        ["--port", "0", "--rate-limit", "0", "--duplicate-deliveries"].map(String::from),
    )
    .unwrap()
    .unwrap();
    let sb = Sandbox::with(cfg);
    assert_eq!(
        sb.get("/_sandbox/faults").json()["duplicateDeliveries"],
        true
    );
    subscribe(&sb, &rx.url("/"), &["outgoing_telegram_message"], json!([]));
    let r = sb.post(
        "/v1/messages/telegram/sendtext",
        &json!({"contact": {"id": "ct_tg_1"}, "textMessage": "hi", "location": {"id": "loc_1"}}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(settled(&sb).len(), 2);
    assert_eq!(rx.got().len(), 4);
}

#[test]
fn connection_refused_is_retried_then_given_up() {
    let sb = fast_sandbox(20.0);
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    subscribe(
        &sb,
        &format!("http://127.0.0.1:{port}/"),
        &["incoming_whatsapp_message"],
        json!([]),
    );
    inbound(&sb, json!({"contactId": "ct_wa_1"}));
    let pending = sb.get("/_sandbox/state").json()["webhooks"].clone();
    assert_eq!(pending["deliveries"], 1, "{pending}");

    let log = settled(&sb);
    assert_eq!(log.len(), 1);
    let d = &log[0];
    assert_eq!(
        (d["delivered"].clone(), d["settled"].clone()),
        (json!(false), json!(true))
    );
    let attempts = d["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 8, "{d}");
    assert!(
        attempts
            .iter()
            .all(|a| a["error"] == "connection refused" && a.get("status").is_none()),
        "{d}"
    );
    assert_eq!(sb.get("/_sandbox/state").json()["webhooks"]["pending"], 0);
}

#[test]
fn api_answers_never_wait_for_deliveries() {
    let sb = Sandbox::start();
    let rx = Receiver::start(Behaviour {
        delay: Duration::from_millis(1500),
        ..Behaviour::default()
    });
    subscribe(
        &sb,
        &rx.url("/"),
        &["incoming_whatsapp_message", "outgoing_whatsapp_message"],
        json!([]),
    );
    let t = Instant::now();
    inbound(&sb, json!({"contactId": "ct_wa_1"}));
    let r = sb.post(
        "/v1/messages/whatsapp/sendtext",
        &json!({"contact": {"id": "ct_wa_1"}, "textMessage": "hi", "location": {"id": "loc_1"}}),
    );
    assert_eq!(r.status, 200);
    assert!(
        t.elapsed() < Duration::from_millis(1000),
        "{:?}",
        t.elapsed()
    );
    // Still running: the log says so, and a short wait times out with 504.
    let r = sb.get("/_sandbox/webhook-deliveries");
    assert_eq!(r.header("x-sandbox-pending"), Some("2"));
    assert!(r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["settled"] == false));
    let r = sb.get("/_sandbox/webhook-deliveries?settled=1&timeoutMs=100");
    assert_eq!((r.status, r.json()["pending"].clone()), (504, json!(2)));
    let log = settled(&sb);
    assert!(log.iter().all(|d| d["delivered"] == true));
}

#[test]
fn reset_clears_subscriptions_and_deliveries_and_stops_retries() {
    let sb = Sandbox::start();
    let rx = Receiver::ok();
    subscribe(&sb, &rx.url("/"), &["incoming_whatsapp_message"], json!([]));
    inbound(&sb, json!({"contactId": "ct_wa_1"}));
    assert_eq!(settled(&sb).len(), 1);

    // A dead receiver keeps a delivery retrying for seconds at time scale 1.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    subscribe(
        &sb,
        &format!("http://127.0.0.1:{port}/"),
        &["incoming_telegram_message"],
        json!([]),
    );
    inbound(&sb, json!({"contactId": "ct_tg_1"}));
    assert_ne!(
        sb.get("/_sandbox/webhook-deliveries")
            .header("x-sandbox-pending"),
        Some("0")
    );

    assert_eq!(sb.post("/_sandbox/reset", &json!({})).status, 200);
    assert_eq!(sb.get("/v1/webhooks").json(), json!([]));
    let r = sb.get("/_sandbox/webhook-deliveries?settled=1&timeoutMs=100");
    assert_eq!((r.status, r.json()), (200, json!([])));
    assert_eq!(
        sb.get("/_sandbox/state").json()["webhooks"],
        json!({"subscriptions": 0, "deliveries": 0, "pending": 0})
    );
    // Events after the reset go nowhere: nobody is subscribed.
    inbound(&sb, json!({"contactId": "ct_wa_1"}));
    assert!(settled(&sb).is_empty());
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(rx.got().len(), 1, "the event before the reset only");
}

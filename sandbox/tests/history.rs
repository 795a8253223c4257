//! The history call: paging, search, parameter checks, scheduled messages.

mod common;

use common::Sandbox;
use serde_json::json;

fn send_text(sb: &Sandbox, text: &str) {
    let r = sb.post(
        "/v1/messages/telegram/sendtext",
        &json!({"contact": {"id": "ct_tg_1"}, "textMessage": text, "location": {"id": "loc_1"}}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
}

fn texts(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn pages_newest_first_and_search() {
    let sb = Sandbox::start();
    for i in 1..=25 {
        send_text(&sb, &format!("Message {i}"));
    }
    let p1 = sb.get("/v1/messages/ct_tg_1").json();
    assert_eq!(p1.as_array().unwrap().len(), 20, "default limit is 20");
    assert_eq!(p1[0]["text"], "Message 25");
    let p2 = sb.get("/v1/messages/ct_tg_1?page=2").json();
    assert_eq!(
        texts(&p2),
        (1..=5)
            .rev()
            .map(|i| format!("Message {i}"))
            .collect::<Vec<_>>()
    );
    assert_eq!(sb.get("/v1/messages/ct_tg_1?page=3").json(), json!([]));

    let small = sb.get("/v1/messages/ct_tg_1?limit=10&page=2").json();
    assert_eq!(texts(&small)[0], "Message 15");

    // Case-insensitive search on the text, combined with paging.
    let found = sb.get("/v1/messages/ct_tg_1?searchText=MESSAGE%202").json();
    assert_eq!(
        texts(&found),
        [
            "Message 25",
            "Message 24",
            "Message 23",
            "Message 22",
            "Message 21",
            "Message 20",
            "Message 2"
        ]
    );
    let found = sb
        .get("/v1/messages/ct_tg_1?searchText=message%202&limit=3&page=3")
        .json();
    assert_eq!(texts(&found), ["Message 2"]);
    assert_eq!(
        sb.get("/v1/messages/ct_tg_1?searchText=nothing").json(),
        json!([])
    );
}

#[test]
fn bad_paging_parameters_are_invalid() {
    let sb = Sandbox::start();
    for q in [
        "page=0",
        "limit=0",
        "page=-1",
        "limit=abc",
        "page=1.5",
        "limit=",
        "page=99999999999999999999999",
    ] {
        let r = sb.get(&format!("/v1/messages/ct_wa_1?{q}"));
        assert_eq!(r.status, 400, "{q}");
        assert_eq!(r.json()["error"], "Invalid parameters", "{q}");
    }
    assert_eq!(sb.get("/v1/messages/ct_wa_1?page=1&limit=1").status, 200);
}

#[test]
fn scheduled_messages_appear_when_due() {
    let sb = Sandbox::start();
    // One hour ahead of the sandbox clock: read it by moving the clock forward and
    // back, which avoids date arithmetic in the test.
    let at = sb
        .post("/_sandbox/clock", &json!({"advanceMs": 3_600_000}))
        .json()["now"]
        .as_str()
        .unwrap()
        .to_string();
    sb.advance_ms(-3_600_000);
    let body = json!({"contact": {"id": "ct_wa_1"}, "template": {"name": "reminder", "language": "en"}, "scheduleDateTime": at, "location": {"id": "loc_1"}});
    let r = sb.post("/v1/messages/whatsapp/sendtemplate", &body);
    assert_eq!(r.status, 200, "{}", r.text());

    let d = sb.deliveries();
    assert_eq!(d.len(), 1, "accepted and logged at once");
    assert_eq!(d[0]["scheduledFor"], json!(at));
    let visible = |sb: &Sandbox| {
        sb.get("/v1/messages/ct_wa_1")
            .json()
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(
        visible(&sb),
        1,
        "only the seeded inbound; the scheduled one is hidden"
    );

    sb.advance_ms(30 * 60_000);
    assert_eq!(visible(&sb), 1);
    sb.advance_ms(31 * 60_000);
    assert_eq!(visible(&sb), 2);
    let h = sb.get("/v1/messages/ct_wa_1").json();
    assert_eq!(h[0]["text"], "reminder");
    assert_eq!(h[0]["status"], "sent");
    assert_eq!(h[0]["createdAt"], json!(at));

    // A time in the past is sent at once.
    let past = json!({"contact": {"id": "ct_tg_1"}, "textMessage": "late", "scheduleDateTime": "2001-01-01T00:00:00.000Z", "location": {"id": "loc_1"}});
    assert_eq!(sb.post("/v1/messages/telegram/sendtext", &past).status, 200);
    assert_eq!(sb.get("/v1/messages/ct_tg_1").json()[0]["text"], "late");
}

#[test]
fn reset_restores_the_seed() {
    let sb = Sandbox::start();
    send_text(&sb, "x");
    assert_eq!(
        sb.post(
            "/_sandbox/inbound",
            &json!({"channel": "whatsapp", "phoneNumber": "+1999"})
        )
        .status,
        200
    );
    let state = sb.get("/_sandbox/state").json();
    assert_eq!(state["delivered"], 1);
    assert_eq!(state["requests"]["POST /v1/messages/telegram/sendtext"], 1);
    assert_eq!(sb.post("/_sandbox/reset", &json!({})).status, 200);
    let state = sb.get("/_sandbox/state").json();
    assert_eq!(state["delivered"], 0);
    assert_eq!(state["contacts"].as_array().unwrap().len(), 5);
    assert!(sb.deliveries().is_empty());
    assert_eq!(
        sb.post("/_sandbox/inbound", &json!({"contactId": "ct_nope"}))
            .status,
        404
    );
}

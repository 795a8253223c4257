//! The twelve sends and the documented errors, over real HTTP.

mod common;

use common::{Sandbox, KEY};
use serde_json::{json, Value};

/// The seeded location every valid send uses.
fn loc() -> Value {
    json!({"id": "loc_1"})
}

/// A vendor-shaped, valid body for each send, addressed to a seeded contact whose
/// send will pass every rule.
fn valid_bodies() -> Vec<(&'static str, Value)> {
    vec![
        (
            "/v1/messages/whatsapp/sendtext",
            json!({"contact": {"id": "ct_wa_1"}, "textMessage": "Hello", "location": loc()}),
        ),
        (
            "/v1/messages/whatsapp/sendmedia",
            json!({"contact": {"id": "ct_wa_1"}, "mimeType": "image/png", "mediaUrl": "https://example.com/a.png", "location": loc()}),
        ),
        (
            "/v1/messages/whatsapp/sendtemplate",
            json!({
                "contact": {"id": "ct_wa_1"},
                "template": {"name": "order_update", "language": "en"},
                "headerMediaUrl": "https://example.com/h.png",
                "headerTextParameters": ["A"], "bodyTextParameters": ["B", "C"], "buttonUrlParameters": ["x"],
                "locationParameters": {"latitude": 1.5, "longitude": 2, "address": "Main St", "name": "Shop"},
                "flowParameters": {"flowToken": "t", "flowData": "d"},
                "location": loc()
            }),
        ),
        (
            "/v1/messages/telegram/sendtext",
            json!({"contact": {"id": "ct_tg_1"}, "textMessage": "Hello", "location": loc()}),
        ),
        (
            "/v1/messages/telegram/sendmedia",
            json!({"contact": {"id": "ct_tg_1"}, "mimeType": "image/png", "mediaUrl": "https://example.com/a.png", "location": loc()}),
        ),
        (
            "/v1/messages/telegram/sendtemplate",
            json!({
                "contact": {"id": "ct_tg_1"}, "location": loc(), "headerType": "IMAGE", "mimeType": "image/png",
                "mediaUrl": "https://example.com/a.png", "textMessage": "Pick one",
                "buttons": [{"type": "web_url", "title": "Open", "payload": "p", "url": "https://example.com"}]
            }),
        ),
        (
            "/v1/messages/instagram/sendtext",
            json!({"contact": {"id": "ct_ig_1"}, "textMessage": "Hello", "location": loc()}),
        ),
        (
            "/v1/messages/instagram/sendmedia",
            json!({"contact": {"id": "ct_ig_1"}, "mimeType": "image/jpeg", "mediaUrl": "https://example.com/a.jpg", "location": loc()}),
        ),
        (
            "/v1/messages/instagram/sendtemplate",
            json!({"contact": {"id": "ct_ig_1"}, "location": loc(), "elements": [element()]}),
        ),
        (
            "/v1/messages/messenger/sendtext",
            json!({"contact": {"id": "ct_fb_1"}, "textMessage": "Hello", "location": loc()}),
        ),
        (
            "/v1/messages/messenger/sendmedia",
            json!({"contact": {"id": "ct_fb_1"}, "mimeType": "image/jpeg", "mediaUrl": "https://example.com/a.jpg", "location": loc()}),
        ),
        (
            "/v1/messages/messenger/sendtemplate",
            json!({"contact": {"id": "ct_fb_1"}, "location": loc(), "elements": [element()]}),
        ),
    ]
}

fn element() -> Value {
    json!({
        "title": "Shoes", "subtitle": "New", "image_url": "https://example.com/s.jpg",
        "default_action": {"type": "web_url", "url": "https://example.com/s"},
        "buttons": [{"type": "web_url", "title": "Buy", "payload": "p", "url": "https://example.com/buy"}]
    })
}

#[test]
fn all_thirteen_calls_are_accepted_and_recorded() {
    let sb = Sandbox::start();
    for (path, body) in valid_bodies() {
        let r = sb.post(path, &body);
        assert_eq!(
            (r.status, r.json()),
            (200, json!({"success": true})),
            "{path}"
        );
    }
    let d = sb.deliveries();
    assert_eq!(d.len(), 12);
    assert_eq!(d[0]["path"], "/v1/messages/whatsapp/sendtext");
    assert_eq!(d[0]["body"]["textMessage"], "Hello");

    // The thirteenth call: the history shows the sends with the vendor's fields.
    let h = sb.get("/v1/messages/ct_wa_1").json();
    let h = h.as_array().unwrap();
    assert_eq!(h.len(), 4, "3 sends + 1 seeded inbound: {h:?}");
    let newest = &h[0];
    assert_eq!(newest["type"], "template");
    assert_eq!(newest["isIncoming"], false);
    assert_eq!(newest["sentBy"], "api");
    assert_eq!(newest["status"], "sent");
    assert_eq!(newest["channel"], "whatsapp");
    assert_eq!(
        newest["contact"],
        json!({"id": "ct_wa_1", "channel": "whatsapp", "phoneNumber": "+15550000001"})
    );
    assert!(newest["createdAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(h[1]["type"], "media");
    assert_eq!(h[1]["mediaUrl"], "https://example.com/a.png");
    assert_eq!(h[2]["text"], "Hello");
    assert_eq!(h[3]["isIncoming"], true);

    let tg = sb.get("/v1/messages/ct_tg_1").json();
    assert_eq!(
        tg[0]["options"],
        json!({"type": "buttons", "buttons": [{"type": "web_url", "text": "Open", "url": "https://example.com"}]})
    );
}

#[test]
fn wrong_or_missing_key_is_forbidden() {
    let sb = Sandbox::start();
    let body = valid_bodies()[0].1.to_string();
    for headers in [&[("x-api-key", "nope")][..], &[]] {
        let r = sb
            .call(
                "POST",
                "/v1/messages/whatsapp/sendtext",
                headers,
                Some(&body),
            )
            .unwrap();
        assert_eq!((r.status, r.json()), (403, json!({"message": "Forbidden"})));
        let r = sb
            .call("GET", "/v1/messages/ct_wa_1", headers, None)
            .unwrap();
        assert_eq!(r.status, 403);
    }
    assert!(sb.deliveries().is_empty());
}

#[test]
fn malformed_json_and_schema_violations_are_bad_requests() {
    let sb = Sandbox::start();
    let send = |path: &str, body: &str| {
        sb.call(
            "POST",
            path,
            &[("x-api-key", KEY), ("content-type", "application/json")],
            Some(body),
        )
        .unwrap()
    };
    let cases: Vec<(&str, String, &str)> = vec![
        ("/v1/messages/whatsapp/sendtext", "{\"contact\": ".into(), "malformed"),
        ("/v1/messages/whatsapp/sendtext", "".into(), "empty"),
        ("/v1/messages/whatsapp/sendtext", "[1,2]".into(), "type"),
        // unknown (misspelt) field
        ("/v1/messages/whatsapp/sendtext", json!({"contact": {"id": "ct_wa_1"}, "textMessage": "x", "recipient": {"phoneNumber": "1"}, "location": loc()}).to_string(), "recipient"),
        // missing textMessage
        ("/v1/messages/telegram/sendtext", json!({"contact": {"id": "ct_tg_1"}, "location": loc()}).to_string(), "textMessage"),
        // wrong type
        ("/v1/messages/telegram/sendtext", json!({"contact": {"id": "ct_tg_1"}, "textMessage": 5, "location": loc()}).to_string(), "/textMessage"),
        // missing mediaUrl
        ("/v1/messages/instagram/sendmedia", json!({"contact": {"id": "ct_ig_1"}, "mimeType": "image/png", "location": loc()}).to_string(), "mediaUrl"),
        // two WhatsApp targets at once
        ("/v1/messages/whatsapp/sendtext", json!({"contact": {"id": "ct_wa_1"}, "client": {"id": "cl_1"}, "textMessage": "x", "location": loc()}).to_string(), "oneOf"),
        // no target at all
        ("/v1/messages/whatsapp/sendtemplate", json!({"template": {"name": "t", "language": "en"}, "location": loc()}).to_string(), "oneOf"),
        // recepient is WhatsApp only
        ("/v1/messages/telegram/sendtext", json!({"recepient": {"phoneNumber": "+1555"}, "textMessage": "x", "location": loc()}).to_string(), "recepient"),
        // headerType outside the enum
        ("/v1/messages/telegram/sendtemplate", json!({"contact": {"id": "ct_tg_1"}, "textMessage": "x", "headerType": "GIF", "location": loc()}).to_string(), "headerType"),
        // scheduleDateTime that is not UTC with Z
        ("/v1/messages/whatsapp/sendtemplate", json!({"contact": {"id": "ct_wa_1"}, "template": {"name": "t", "language": "en"}, "scheduleDateTime": "2030-01-01T10:00:00", "location": loc()}).to_string(), "scheduleDateTime"),
        // scheduleDateTime is not accepted on templates of Instagram/Messenger
        ("/v1/messages/messenger/sendtemplate", json!({"contact": {"id": "ct_fb_1"}, "elements": [element()], "scheduleDateTime": "2030-01-01T10:00:00Z", "location": loc()}).to_string(), "scheduleDateTime"),
    ];
    for (path, body, hint) in cases {
        let r = send(path, &body);
        assert_eq!(r.status, 400, "{path} {body}: {}", r.text());
        let j = r.json();
        assert_eq!(j["message"], "Invalid request body", "{body}");
        let details = j["details"].to_string();
        assert!(
            details.to_lowercase().contains(&hint.to_lowercase()),
            "{body}: details {details} lack {hint}"
        );
    }
    assert!(sb.deliveries().is_empty());
}

#[test]
fn unknown_location_contact_and_client_are_not_found() {
    let sb = Sandbox::start();
    let not_found = json!({"error": "Invalid or missing record identifier"});
    let cases = [
        (
            json!({"contact": {"id": "ct_wa_1"}, "textMessage": "x", "location": {"id": "loc_nope"}}),
            json!({"error": "Invalid locationId"}),
        ),
        (
            json!({"contact": {"id": "ct_wa_1"}, "textMessage": "x"}),
            json!({"error": "Invalid locationId"}),
        ),
        (
            json!({"contact": {"id": "ct_nope"}, "textMessage": "x", "location": loc()}),
            not_found.clone(),
        ),
        (
            json!({"client": {"id": "cl_nope"}, "textMessage": "x", "location": loc()}),
            not_found.clone(),
        ),
        // a Telegram contact cannot be reached on WhatsApp
        (
            json!({"contact": {"id": "ct_tg_1"}, "textMessage": "x", "location": loc()}),
            not_found.clone(),
        ),
    ];
    for (body, expected) in cases {
        let r = sb.post("/v1/messages/whatsapp/sendtext", &body);
        assert_eq!((r.status, r.json()), (404, expected), "{body}");
    }
    let r = sb.get("/v1/messages/ct_nope");
    assert_eq!((r.status, r.json()), (404, not_found));
    // A client that exists resolves to its WhatsApp contact.
    let r = sb.post(
        "/v1/messages/whatsapp/sendtext",
        &json!({"client": {"id": "cl_1"}, "textMessage": "to client", "location": {"id": "loc_2"}}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        sb.get("/v1/messages/ct_wa_1").json()[0]["text"],
        "to client"
    );
    assert_eq!(sb.deliveries().len(), 1);
}

#[test]
fn whatsapp_24_hour_rule() {
    let sb = Sandbox::start();
    let text = json!({"contact": {"id": "ct_wa_cold"}, "textMessage": "hi", "location": loc()});
    let media = json!({"contact": {"id": "ct_wa_cold"}, "mimeType": "image/png", "mediaUrl": "https://e.com/a.png", "location": loc()});
    let template = json!({"contact": {"id": "ct_wa_cold"}, "template": {"name": "hello", "language": "en"}, "location": loc()});

    for (path, body) in [
        ("/v1/messages/whatsapp/sendtext", &text),
        ("/v1/messages/whatsapp/sendmedia", &media),
    ] {
        let r = sb.post(path, body);
        assert_eq!(r.status, 400, "{path}");
        assert!(r.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("No active session"));
    }
    assert_eq!(
        sb.post("/v1/messages/whatsapp/sendtemplate", &template)
            .status,
        200
    );

    // The contact writes: the window opens.
    let r = sb.post(
        "/_sandbox/inbound",
        &json!({"contactId": "ct_wa_cold", "text": "hello?"}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(sb.post("/v1/messages/whatsapp/sendtext", &text).status, 200);
    assert_eq!(
        sb.post("/v1/messages/whatsapp/sendmedia", &media).status,
        200
    );

    // 24 hours later it is shut again; templates still pass.
    sb.advance_ms(24 * 3_600_000 + 1000);
    assert_eq!(sb.post("/v1/messages/whatsapp/sendtext", &text).status, 400);
    assert_eq!(
        sb.post("/v1/messages/whatsapp/sendtemplate", &template)
            .status,
        200
    );

    // The rule is WhatsApp's only: Telegram text to a contact that never wrote passes.
    let tg = json!({"contact": {"id": "ct_tg_1"}, "textMessage": "hi", "location": loc()});
    assert_eq!(sb.post("/v1/messages/telegram/sendtext", &tg).status, 200);
    assert_eq!(sb.deliveries().len(), 5);
}

#[test]
fn recepient_creates_then_reuses_a_contact() {
    let sb = Sandbox::start();
    let contacts = |sb: &Sandbox| {
        sb.get("/_sandbox/state").json()["contacts"]
            .as_array()
            .unwrap()
            .len()
    };
    let before = contacts(&sb);
    let template = |phone: &str| json!({"recepient": {"phoneNumber": phone, "name": "Zoe"}, "template": {"name": "welcome", "language": "en"}, "location": loc()});

    assert_eq!(
        sb.post(
            "/v1/messages/whatsapp/sendtemplate",
            &template("+49 151 1234 5678")
        )
        .status,
        200
    );
    assert_eq!(contacts(&sb), before + 1);
    // Same number, other formatting: the contact is reused.
    assert_eq!(
        sb.post(
            "/v1/messages/whatsapp/sendtemplate",
            &template("4915112345678")
        )
        .status,
        200
    );
    assert_eq!(contacts(&sb), before + 1);

    // A new contact has no session: text is refused until it writes.
    let text = json!({"recepient": {"phoneNumber": "+4915112345678"}, "textMessage": "hi", "location": loc()});
    assert_eq!(sb.post("/v1/messages/whatsapp/sendtext", &text).status, 400);
    let r = sb
        .post(
            "/_sandbox/inbound",
            &json!({"channel": "whatsapp", "phoneNumber": "+49 15112345678"}),
        )
        .json();
    let id = r["contactId"].as_str().unwrap().to_string();
    assert_eq!(sb.post("/v1/messages/whatsapp/sendtext", &text).status, 200);
    assert_eq!(contacts(&sb), before + 1);

    let h = sb.get(&format!("/v1/messages/{id}")).json();
    assert_eq!(h.as_array().unwrap().len(), 4);
    assert_eq!(h[0]["text"], "hi");
    assert_eq!(h[0]["contact"]["phoneNumber"], "+49 151 1234 5678");

    // An existing number maps to the seeded contact.
    let r = sb.post("/v1/messages/whatsapp/sendtext", &json!({"recepient": {"phoneNumber": "15550000001"}, "textMessage": "seeded", "location": loc()}));
    assert_eq!(r.status, 200);
    assert_eq!(sb.get("/v1/messages/ct_wa_1").json()[0]["text"], "seeded");
}

#[test]
fn unknown_paths_and_hostile_bodies_do_not_break_the_server() {
    let sb = Sandbox::start();
    assert_eq!(sb.post("/v1/messages/sms/sendtext", &json!({})).status, 404);
    assert_eq!(
        sb.post("/v1/messages/whatsapp/sendfax", &json!({})).status,
        404
    );
    let hostile = [
        "null", "true", "\"str\"", "{\"contact\": {\"id\": null}}", "\u{0}\u{1}",
        "{\"textMessage\": \"\u{202e}\u{1F600}\", \"contact\": {\"id\": \"ct_tg_1\"}, \"location\": {\"id\": \"loc_1\"}}",
        &"[".repeat(10_000),
    ];
    for body in hostile {
        let r = sb
            .call(
                "POST",
                "/v1/messages/telegram/sendtext",
                &[("x-api-key", KEY)],
                Some(body),
            )
            .unwrap();
        assert!(r.status == 400 || r.status == 200, "{}", r.status);
    }
    // Still alive.
    assert_eq!(sb.get("/v1/messages/ct_wa_1").status, 200);
}

//! Reading inbound events (issue 17): the vendor's published payloads with their quirks,
//! what is normalized and what is kept as sent, every refusal naming its field, no panic
//! on any input, and the events the sandbox really delivers.
#![cfg(not(target_arch = "wasm32"))]

use whautomate::webhook::{normalize, parse_event, Direction, EventChannel};

#[path = "support/loopback.rs"]
mod loopback;

/// The vendor's WhatsApp incoming test payload (its "Messages" webhook page), as far as
/// the page shows it, with the timestamp it cuts off completed.
const VENDOR_INCOMING: &str = r#"{
  "event": { "id": "cIH32l5nW8", "type": "incoming_whatsapp_message", "timeStamp": "2024-03-17T03:31:24.572Z", "key": "2xoE5Rb6yT" },
  "message": {
    "id": "2xoE5Rb6yT",
    "contact": { "id": "mA7FeZiPlb", "channel": "whatsapp", "phoneNumber": "6598765432" },
    "channel": "whatsApp",
    "isIncoming": "true",
    "type": "text",
    "replyToMessage": {},
    "from": "John",
    "timestamp": "2024-03-17T03:31:24.000Z"
  }
}"#;

#[test]
fn the_vendors_incoming_example_reads_with_its_quirks_normalized() {
    let event = parse_event(VENDOR_INCOMING).unwrap();
    assert_eq!((event.id.as_str(), event.kind.as_str()), ("cIH32l5nW8", "incoming_whatsapp_message"));
    assert_eq!((event.direction, event.channel), (Some(Direction::Incoming), Some(EventChannel::WhatsApp)));
    assert_eq!((event.key.as_deref(), event.occurred_at.as_deref()), (Some("2xoE5Rb6yT"), Some("2024-03-17T03:31:24.572Z")));
    let message = event.message.clone().unwrap();
    assert_eq!(message.is_incoming, Some(true), "\"true\" is a boolean");
    assert_eq!(message.channel.as_deref(), Some("whatsapp"), "whatsApp lowercased");
    assert_eq!(message.reply_to_message, None, "an empty replyToMessage is left out");
    assert_eq!(message.contact.unwrap()["phoneNumber"], "6598765432", "kept as sent");
    assert_eq!((message.from.as_deref(), message.kind.as_deref()), (Some("John"), Some("text")));
    // The body as received stays available.
    assert_eq!(event.raw["message"]["isIncoming"], "true");
    assert_eq!(event.raw["message"]["channel"], "whatsApp");
}

#[test]
fn the_normalized_json_keeps_every_other_field_as_sent_and_in_order() {
    let body = r#"{"event":{"id":"e1","type":"outgoing_telegram_message","timeStamp":1710646284572},
      "message":{"zeta":1.10,"id":"m1","isIncoming":false,"channel":"Telegram","replyToMessage":{"id":"m0"},"options":"[{\"t\":1}]","alpha":[true,null]}}"#;
    let out = normalize(body).unwrap();
    assert_eq!(out, concat!(
        r#"{"id":"e1","type":"outgoing_telegram_message","direction":"outgoing","channel":"telegram","occurredAt":"1710646284572","#,
        r#""message":{"zeta":1.10,"id":"m1","isIncoming":false,"channel":"telegram","replyToMessage":{"id":"m0"},"options":"[{\"t\":1}]","alpha":[true,null]}}"#
    ));
}

#[test]
fn is_incoming_is_a_boolean_when_it_can_be_read_as_one() {
    for (sent, read) in [("true", Some(true)), ("false", Some(false)), (r#""true""#, Some(true)), (r#""FALSE""#, Some(false)), (r#"" true ""#, Some(true)), (r#""yes""#, None), ("1", None), ("null", None)] {
        let body = format!(r#"{{"event":{{"id":"e","type":"incoming_whatsapp_message"}},"message":{{"isIncoming":{sent}}}}}"#);
        assert_eq!(parse_event(&body).unwrap().message.unwrap().is_incoming, read, "isIncoming {sent}");
    }
}

#[test]
fn direction_and_channel_come_from_the_type_else_the_message() {
    let read = |kind: &str, channel: &str| {
        let body = format!(r#"{{"event":{{"id":"e","type":"{kind}"}},"message":{{"channel":{channel}}}}}"#);
        let e = parse_event(&body).unwrap();
        (e.direction, e.channel)
    };
    assert_eq!(read("incoming_instagram_message", "null"), (Some(Direction::Incoming), Some(EventChannel::Instagram)));
    assert_eq!(read("outgoing_website_message", "null"), (Some(Direction::Outgoing), Some(EventChannel::Website)));
    assert_eq!(read("Incoming_Messenger_Message", "null"), (None, None), "the type is matched as the vendor writes it");
    assert_eq!(read("incoming_sms_message", r#""Messenger""#), (Some(Direction::Incoming), Some(EventChannel::Messenger)));
    assert_eq!(read("message_seen", r#""whatsApp""#), (None, Some(EventChannel::WhatsApp)));
    assert_eq!(read("message_seen", r#""fax""#), (None, None));
}

#[test]
fn contact_and_client_events_keep_their_subject_as_sent() {
    let contact = r#"{"event":{"id":"ecKyX3x8IY","type":"contact_created","timeStamp":"2024-03-17T09:15:00Z","key":"bXcgZ2xXbCU"},
      "contact":{"id":"bXcgZ2xXbCU","name":"Alice Johnson","channel":"Whatsapp","phoneNumber":"+1234567890","tags":"[\"Prospect\",\"Interested\"]","location":{"id":"LXhX3x8QYI","title":"Main Office"}}}"#;
    let event = parse_event(contact).unwrap();
    assert_eq!((event.direction, event.channel, event.message.is_none()), (None, None, true));
    let c = event.contact.unwrap();
    assert_eq!((c["channel"].as_str(), c["tags"].as_str()), (Some("Whatsapp"), Some(r#"["Prospect","Interested"]"#)));
    let client = parse_event(r#"{"event":{"id":"ecKyX3x8IY","type":"client_created","timeStamp":"2024-03-17T09:00:00Z","key":"bXcgZ2xXbCU"},"client":{"id":"bXcgZ2xXbCU","fullName":"Bo","tags":[],"dob":null}}"#).unwrap();
    assert_eq!(client.client.unwrap()["fullName"], "Bo");
    let unknown = parse_event(r#"{"event":{"id":"a1","type":"appointment_booked"},"appointment":{"id":"x"}}"#).unwrap();
    assert_eq!((unknown.kind.as_str(), unknown.raw["appointment"]["id"].as_str()), ("appointment_booked", Some("x")));
}

#[test]
fn what_cannot_be_an_event_is_refused_on_its_field() {
    for (body, field) in [
        ("", "body"),
        ("not json", "body"),
        ("[1]", "body"),
        ("\"x\"", "body"),
        ("{}", "event"),
        (r#"{"event":"x"}"#, "event"),
        (r#"{"event":{"type":"contact_created"}}"#, "event.id"),
        (r#"{"event":{"id":"","type":"contact_created"}}"#, "event.id"),
        (r#"{"event":{"id":{},"type":"contact_created"}}"#, "event.id"),
        (r#"{"event":{"id":"e"}}"#, "event.type"),
        (r#"{"event":{"id":"e","type":7}}"#, "event.type"),
    ] {
        let e = parse_event(body).unwrap_err();
        assert_eq!((e.code().as_str(), e.field()), ("invalid_input", Some(field)), "{body:?}: {}", e.message());
    }
    assert_eq!(parse_event([0xff, 0xfe]).unwrap_err().field(), Some("body"));
    // A number id is its text.
    assert_eq!(parse_event(r#"{"event":{"id":42,"type":"contact_created"}}"#).unwrap().id, "42");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2_000)))]

    /// Any text: an event or a typed refusal, never a panic.
    #[test]
    fn any_text_is_an_event_or_a_refusal(body in "\\PC{0,200}") {
        if let Err(e) = parse_event(&body) {
            proptest::prop_assert_eq!(e.code().as_str(), "invalid_input");
        }
    }

    /// Any value under `message`: read or refused, never a panic; and when read, the
    /// normalized text is JSON that serde reads.
    #[test]
    fn any_message_shape_is_read(message in arbitrary_json(3)) {
        let body = format!(r#"{{"event":{{"id":"e","type":"incoming_whatsapp_message"}},"message":{message}}}"#);
        let out = normalize(&body).unwrap();
        proptest::prop_assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok(), "{}", out);
        // And the typed event reads whatever `normalize` gave: its shape is the normalized
        // JSON's (what `parseWebhookEvent` gives in JS), its `raw` the body as serde reads it.
        let event = parse_event(&body).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{body}: {}", e.message())))?;
        proptest::prop_assert_eq!(&event.raw, &serde_json::from_str::<serde_json::Value>(&body).unwrap());
        proptest::prop_assert_eq!(without_raw(&event), serde_json::from_str::<serde_json::Value>(&out).unwrap(), "{}", body);
    }
}

/// The event as JSON without its `raw`: the shape `normalize` writes.
fn without_raw(event: &whautomate::webhook::WebhookEvent) -> serde_json::Value {
    let mut value = serde_json::to_value(event).unwrap();
    value.as_object_mut().unwrap().remove("raw");
    value
}

/// Every typed field of the message given a value of another shape (D3): the event reads,
/// the field is `None`, and the value is in `extra` under its own name, as sent, as
/// `parseWebhookEvent` keeps it in JS; serialized, the message is the normalized one.
#[test]
fn every_message_field_of_another_shape_is_kept_in_extra() {
    let strings = ["id", "channel", "type", "from", "sentBy", "timestamp", "status", "errorMessage", "text", "mediaUrl", "caption"];
    let objects = ["contact", "replyToMessage"];
    let wrong_for_string = [r#"{"a":1}"#, "[1,2]", "true", "1.5", "null", "[]"];
    let wrong_for_object = [r#""m0""#, r#""{\"id\":\"c1\"}""#, r#"["m0"]"#, "7", "-0.5", "true", "[]"];
    let cases = strings.iter().flat_map(|k| wrong_for_string.iter().map(move |v| (*k, *v))).chain(objects.iter().flat_map(|k| wrong_for_object.iter().map(move |v| (*k, *v))));
    for (key, value) in cases {
        let body = format!(r#"{{"event":{{"id":"e1","type":"incoming_whatsapp_message"}},"message":{{"text":"hi","{key}":{value}}}}}"#);
        let normalized: serde_json::Value = serde_json::from_str(&normalize(&body).unwrap()).unwrap();
        let event = parse_event(&body).unwrap_or_else(|e| panic!("{body}: {}", e.message()));
        let message = event.message.clone().unwrap();
        let sent: serde_json::Value = serde_json::from_str(value).unwrap();
        let typed = serde_json::to_value(&message).unwrap();
        assert_eq!(typed, normalized["message"], "{body}: the message serializes as normalized");
        if key == "id" && sent.is_number() {
            // A numeric id is read as its exact text (`normalize`'s rule), not kept aside.
            assert_eq!((message.id.as_deref(), message.extra.get(key)), (Some(value), None), "{body}");
            continue;
        }
        assert_eq!(message.extra.get(key), Some(&sent), "{body}: kept in extra as sent");
        assert_eq!(event.raw["message"][key], sent, "{body}");
        if key != "text" {
            assert_eq!(message.text.as_deref(), Some("hi"), "{body}: the other fields are read");
        }
    }
    // The defect's own cases: a reply given as its id, a contact as a stringified object.
    let event = parse_event(r#"{"event":{"id":"e1","type":"incoming_whatsapp_message"},"message":{"replyToMessage":"m0","contact":"{\"id\":\"c1\"}"}}"#).unwrap();
    let message = event.message.unwrap();
    assert_eq!((message.reply_to_message, message.contact), (None, None));
    assert_eq!((&message.extra["replyToMessage"], &message.extra["contact"]), (&serde_json::json!("m0"), &serde_json::json!("{\"id\":\"c1\"}")));
    // `isIncoming` that is no boolean is left out by `normalize`: in `raw` only.
    let event = parse_event(r#"{"event":{"id":"e1","type":"incoming_whatsapp_message"},"message":{"isIncoming":[true]}}"#).unwrap();
    assert_eq!((event.message.as_ref().unwrap().is_incoming, event.message.as_ref().unwrap().extra.get("isIncoming")), (None, None));
    assert_eq!(event.raw["message"]["isIncoming"], serde_json::json!([true]));
}

/// The event's own fields of another shape: `message`, `contact` and `client` that are no
/// object are `None` (the body keeps them in `raw`), `event.key` and `event.timeStamp` that
/// are neither text nor a number are `None`; never a refusal.
#[test]
fn event_fields_of_another_shape_are_none_and_kept_in_raw() {
    for (body, check) in [
        (r#"{"event":{"id":"e","type":"incoming_whatsapp_message","key":{},"timeStamp":[1]},"message":"hi"}"#, "message"),
        (r#"{"event":{"id":"e","type":"contact_created"},"contact":"c1"}"#, "contact"),
        (r#"{"event":{"id":"e","type":"client_created"},"client":[{"id":"c1"}]}"#, "client"),
    ] {
        let event = parse_event(body).unwrap_or_else(|e| panic!("{body}: {}", e.message()));
        assert_eq!((event.message.is_none(), event.contact.is_none(), event.client.is_none()), (true, true, true), "{body}");
        assert_eq!((event.key.as_deref(), event.occurred_at.as_deref()), (None, None), "{body}");
        assert!(!event.raw[check].is_null(), "{body}: in raw");
    }
}

/// A key repeated (D3): counted once, with its last value, at every level, in the event as
/// in `raw` and in JS's `JSON.parse` of the normalized event, which repeats no key.
#[test]
fn a_repeated_key_counts_once_with_its_last_value() {
    let body = r#"{"event":{"id":"e0","type":"contact_created","id":"e1","type":"incoming_whatsapp_message"},
      "message":{"text":"hi","id":"m1","text":"hi again","isIncoming":"true","isIncoming":"maybe",
                 "replyToMessage":{"id":"m0"},"replyToMessage":{},"contact":{"id":"c0","id":7},"x":{"y":1,"y":2}},
      "message":{"text":"hi","id":"m1","text":"hi again","isIncoming":"true","isIncoming":"maybe",
                 "replyToMessage":{"id":"m0"},"replyToMessage":{},"contact":{"id":"c0","id":7},"x":{"y":1,"y":2}}}"#;
    assert_eq!(
        normalize(body).unwrap(),
        r#"{"id":"e1","type":"incoming_whatsapp_message","direction":"incoming","channel":"whatsapp","message":{"text":"hi again","id":"m1","contact":{"id":"7"},"x":{"y":2}}}"#
    );
    let event = parse_event(body).unwrap();
    assert_eq!((event.id.as_str(), event.direction), ("e1", Some(Direction::Incoming)));
    let message = event.message.clone().unwrap();
    assert_eq!((message.text.as_deref(), message.is_incoming, message.reply_to_message.as_ref()), (Some("hi again"), None, None));
    assert_eq!(message.contact.unwrap()["id"], "7");
    assert_eq!(message.extra["x"], serde_json::json!({"y": 2}));
    assert_eq!((&event.raw["message"]["text"], &event.raw["message"]["isIncoming"]), (&serde_json::json!("hi again"), &serde_json::json!("maybe")));
    // The last valid value wins where the first was not: `isIncoming` read, reply kept.
    let event = parse_event(r#"{"event":{"id":"e","type":"x"},"message":{"isIncoming":"maybe","isIncoming":"TRUE","replyToMessage":{},"replyToMessage":{"id":5}}}"#).unwrap();
    let message = event.message.unwrap();
    assert_eq!((message.is_incoming, message.reply_to_message.unwrap()["id"].as_str()), (Some(true), Some("5")));
}

/// `raw` is the object the event was read from (D4), also when serde alone would not read
/// the body: a byte order mark before it, a lone surrogate escape (read as U+FFFD, as the
/// event's text is), in a value or in a key.
#[test]
fn raw_is_the_object_with_a_byte_order_mark_or_a_lone_surrogate() {
    let bom = "\u{feff}{\"event\":{\"id\":\"e1\",\"type\":\"contact_created\"},\"contact\":{\"id\":\"c1\"}}";
    let event = parse_event(bom).unwrap();
    assert_eq!(event.raw, serde_json::json!({"event": {"id": "e1", "type": "contact_created"}, "contact": {"id": "c1"}}));
    assert_eq!(parse_event(bom.as_bytes()).unwrap().raw, event.raw, "as bytes too");
    for (text, read) in [(r"hi \ud83d", "hi \u{fffd}"), (r"\udc00x", "\u{fffd}x"), (r"\ud83d\ud83d\ude00", "\u{fffd}😀"), (r"\\ud83d", r"\ud83d")] {
        let body = format!(r#"{{"event":{{"id":"e1","type":"incoming_whatsapp_message"}},"message":{{"text":"{text}","k{text}":1}}}}"#);
        let event = parse_event(&body).unwrap_or_else(|e| panic!("{body}: {}", e.message()));
        assert!(event.raw.is_object(), "{body}: raw is the object");
        assert_eq!(event.raw["message"]["text"], read, "{body}");
        assert_eq!(event.message.as_ref().unwrap().text.as_deref(), Some(read), "{body}: raw and the event agree");
        assert_eq!(event.raw["message"][format!("k{read}")], 1, "{body}: in a key too");
    }
    let both = "\u{feff}{\"event\":{\"id\":\"e\\ud83d\",\"type\":\"contact_created\"}}";
    let event = parse_event(both).unwrap();
    assert_eq!((event.id.as_str(), &event.raw["event"]["id"]), ("e\u{fffd}", &serde_json::json!("e\u{fffd}")));
}

/// Numbers at the ends of a double's range read as JSON.parse reads them (correctly
/// rounded), in the event and in `raw`: a number just below the largest double's halfway
/// point was "out of range" for `parse_event` (and `raw` silently `null`) while the
/// receiver handed the event over and the npm package read it as `f64::MAX`.
#[test]
fn numbers_at_the_ends_of_a_doubles_range_read_as_json_parse_reads_them() {
    for (text, read) in [
        ("1.7976931348623158e308", f64::MAX),
        ("-1.7976931348623158e308", -f64::MAX),
        ("0.17976931348623158e309", f64::MAX),
        ("1.797693134862315807e308", f64::MAX),
        ("2.4703282292062328e-324", 5e-324),
        ("1e-400", 0.0),
    ] {
        let body = format!(r#"{{"event":{{"id":"e1","type":"incoming_whatsapp_message"}},"message":{{"text":"hi","n":{text}}},"n":{text}}}"#);
        let event = parse_event(&body).unwrap_or_else(|e| panic!("{text}: {}", e.message()));
        assert_eq!(event.raw["n"].as_f64(), Some(read), "{text}: raw");
        assert_eq!(event.message.as_ref().unwrap().extra["n"].as_f64(), Some(read), "{text}: the message");
        let mut receiver = whautomate::webhook::Receiver::new(16);
        match receiver.receive(None, &body, 1_000) {
            whautomate::webhook::Reception::Handle { event, .. } => {
                serde_json::from_str::<whautomate::webhook::WebhookEvent>(&event).unwrap_or_else(|e| panic!("{text}: the handed-over event: {e}"));
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    // Past the halfway point a double cannot hold it: refused, as before.
    assert!(parse_event(r#"{"event":{"id":"e1","type":"t"},"n":1.7976931348623159e308}"#).is_err());
    assert!(parse_event(r#"{"event":{"id":"e1","type":"t"},"n":1e400}"#).is_err());
}

/// A `WebhookEvent` deserialized from its own JSON shape (stored, say) reads as tolerantly
/// as `parse_event`: only `id` and `type` are required.
#[test]
fn a_webhook_event_deserializes_tolerantly() {
    use whautomate::webhook::WebhookEvent;
    let event: WebhookEvent = serde_json::from_str(
        r#"{"id":"e","type":"t","direction":"sideways","channel":5,"key":7,"occurredAt":{},"message":"m","contact":[],"client":"c","other":1}"#,
    )
    .unwrap();
    assert_eq!((event.direction, event.channel, event.key.as_deref(), event.occurred_at.as_deref()), (None, None, Some("7"), None));
    assert_eq!((event.message, event.contact, event.client, event.raw), (None, None, None, serde_json::Value::Null));
    let event: WebhookEvent = serde_json::from_str(r#"{"id":"a","type":"t","id":"b","channel":"telegram","direction":"outgoing"}"#).unwrap();
    assert_eq!((event.id.as_str(), event.channel, event.direction), ("b", Some(EventChannel::Telegram), Some(Direction::Outgoing)));
    assert!(serde_json::from_str::<WebhookEvent>(r#"{"type":"t"}"#).is_err(), "id is required");
    assert!(serde_json::from_str::<WebhookEvent>(r#"{"id":"e","type":[]}"#).is_err(), "type is text");
    // Round trip: what `parse_event` gives serializes and reads back the same.
    let event = parse_event(VENDOR_INCOMING).unwrap();
    assert_eq!(serde_json::from_value::<WebhookEvent>(serde_json::to_value(&event).unwrap()).unwrap(), event);
}

fn arbitrary_json(depth: u32) -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just("null".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        "[a-zA-Z\"\\\\é😀 ]{0,8}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        Just(r#""true""#.to_string()),
        Just("{}".to_string()),
    ];
    leaf.prop_recursive(depth, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(","))),
            proptest::collection::vec((prop_oneof![Just("isIncoming"), Just("channel"), Just("replyToMessage"), Just("contact"), Just("id"), Just("type"), Just("text"), Just("x")], inner), 0..5)
                .prop_map(|v| format!("{{{}}}", v.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(","))),
        ]
    })
}

/// What the sandbox really delivers (its payloads mirror the vendor's, quirks included):
/// an inbound message on each channel, the outgoing echo of a send, and the contact a send
/// to a new number creates. Each is received on 127.0.0.1 and read by `parse_event`.
#[tokio::test]
async fn every_event_the_sandbox_delivers_is_read() {
    use tokio::io::AsyncWriteExt;
    use whautomate_sandbox::config::{Config, DEFAULT_API_KEY};

    let sandbox = whautomate_sandbox::start(Config { port: 0, ..Config::default() }).await.unwrap();
    let host = sandbox.base_url();
    // The receiver: answers 200 to every POST and keeps its body.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let request = loopback::read_request(&mut stream).await;
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
                if let Some((_, body)) = request.split_once("\r\n\r\n") {
                    let _ = tx.send(body.to_string());
                }
            });
        }
    });
    let http = reqwest::Client::new();
    let events = ["incoming_whatsapp_message", "incoming_telegram_message", "incoming_instagram_message", "incoming_messenger_message", "outgoing_telegram_message", "contact_created"];
    let created = http
        .post(format!("{host}/v1/webhooks"))
        .header("x-api-key", DEFAULT_API_KEY)
        .header("content-type", "application/json")
        .body(serde_json::json!({"name": "sdk test", "serverUrl": hook, "events": events, "active": true, "webhookHeaders": [{"key": "X-Hook-Secret", "value": "s3cret"}]}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200, "{}", created.text().await.unwrap());

    for (contact, text) in [("ct_wa_1", "wa in"), ("ct_tg_1", "tg in"), ("ct_ig_1", "ig in"), ("ct_fb_1", "fb in")] {
        let r = http.post(format!("{host}/_sandbox/inbound")).header("content-type", "application/json").body(serde_json::json!({"contactId": contact, "text": text}).to_string()).send().await.unwrap();
        assert_eq!(r.status(), 200);
    }
    let client = whautomate::Client::new(whautomate::ClientOptions::new(DEFAULT_API_KEY).host(&host).location_id("loc_1")).unwrap();
    let telegram = whautomate::MessageBuilder::new(whautomate::Channel::Telegram, whautomate::MessageKind::Text).to_contact("ct_tg_1").text("tg out").build().unwrap();
    client.send(&telegram).await.unwrap();
    let newcomer = whautomate::MessageBuilder::new(whautomate::Channel::WhatsApp, whautomate::MessageKind::Template)
        .to_phone_number("+1 650 555 0199", Some("Newcomer"))
        .template("welcome", "en_US")
        .build()
        .unwrap();
    client.send(&newcomer).await.unwrap();

    let mut seen = std::collections::BTreeMap::new();
    while seen.len() < 6 {
        let body = tokio::time::timeout(std::time::Duration::from_secs(10), rx.recv()).await.expect("a delivery within 10 s").unwrap();
        let event = parse_event(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
        seen.insert(event.kind.clone(), event);
    }
    for (kind, channel, text) in [
        ("incoming_whatsapp_message", EventChannel::WhatsApp, "wa in"),
        ("incoming_telegram_message", EventChannel::Telegram, "tg in"),
        ("incoming_instagram_message", EventChannel::Instagram, "ig in"),
        ("incoming_messenger_message", EventChannel::Messenger, "fb in"),
    ] {
        let event = &seen[kind];
        assert_eq!((event.direction, event.channel), (Some(Direction::Incoming), Some(channel)), "{kind}");
        let message = event.message.as_ref().unwrap();
        assert_eq!((message.is_incoming, message.text.as_deref()), (Some(true), Some(text)), "{kind}");
        assert_eq!(event.key.as_deref(), message.id.as_deref(), "{kind}: key is the message's id");
        assert!(event.raw["message"]["isIncoming"].is_string(), "{kind}: the sandbox sends the vendor's string");
    }
    let out = &seen["outgoing_telegram_message"];
    assert_eq!((out.direction, out.message.as_ref().unwrap().is_incoming), (Some(Direction::Outgoing), Some(false)));
    let contact = seen["contact_created"].contact.as_ref().unwrap();
    assert_eq!(contact["name"], "Newcomer");
    sandbox.stop().await.unwrap();
}

/// The endpoint's decisions (`Receiver`): each event handled once, a failure retried, the
/// memory of handled ids bounded, every other delivery answered without handling it.
#[test]
fn a_receiver_handles_each_event_once_and_retries_what_failed() {
    use whautomate::webhook::{Reception, Receiver, WebhookSecret, MAX_BODY_BYTES};
    let body = |id: &str| format!(r#"{{"event":{{"id":"{id}","type":"incoming_whatsapp_message"}},"message":{{"isIncoming":"true"}}}}"#);
    let status = |r: Reception| match r {
        Reception::Answer { status, .. } => status,
        _ => 0,
    };
    let mut receiver = Receiver::new(2);

    // A handler that fails: 500, not remembered, so the retry is handled.
    let Reception::Handle { id, event, since } = receiver.receive(None, &body("a"), 0) else { panic!() };
    assert!(event.contains(r#""isIncoming":true"#), "the handler gets the normalized event: {event}");
    assert_eq!(receiver.settle(&id, since, false), 500);
    let Reception::Handle { id, since, .. } = receiver.receive(None, &body("a"), 0) else { panic!("a failed event is handled again") };
    assert_eq!(receiver.settle(&id, since, true), 200);
    assert_eq!(status(receiver.receive(None, &body("a"), 0)), 200, "handled: a duplicate now");

    // Bounded memory: after two more, "a" is forgotten (and would be handled again).
    for id in ["b", "c"] {
        let Reception::Handle { id, since, .. } = receiver.receive(None, &body(id), 0) else { panic!() };
        receiver.settle(&id, since, true);
    }
    assert_eq!(status(receiver.receive(None, &body("c"), 0)), 200);
    assert!(matches!(receiver.receive(None, &body("a"), 0), Reception::Handle { .. }));

    let mut guarded = Receiver::new(10).with_secret(WebhookSecret::new("X-Hook-Secret", "s3cret").unwrap());
    assert_eq!(guarded.secret_header().as_deref(), Some("x-hook-secret"));
    assert_eq!(status(guarded.receive(Some("s3cre"), &body("z"), 0)), 401);
    assert_eq!(status(guarded.receive(None, &body("z"), 0)), 401);
    assert!(matches!(guarded.receive(Some("s3cret"), &body("z"), 0), Reception::Handle { .. }));
    assert_eq!(guarded.screen("PUT", Some("s3cret"), None).map(status), Some(405));
    assert_eq!(guarded.screen("post", Some("s3cret"), Some(MAX_BODY_BYTES as u64 + 1)).map(status), Some(413));
    assert_eq!(guarded.screen("POST", Some("s3cret"), Some(MAX_BODY_BYTES as u64)), None);
    assert_eq!(status(receiver.receive(None, "{}", 0)), 400);
    assert_eq!(status(receiver.receive(None, &" ".repeat(MAX_BODY_BYTES + 1), 0)), 413);
}

/// A byte order mark before the JSON is skipped (RFC 8259 §8.1), not a refusal.
#[test]
fn a_byte_order_mark_before_the_body_is_skipped() {
    let body = "\u{feff}{\"event\":{\"id\":\"e1\",\"type\":\"contact_created\"}}";
    assert_eq!(whautomate::webhook::normalize(body).unwrap(), r#"{"id":"e1","type":"contact_created"}"#);
}

/// A handler that never settles (a Worker's request cancelled mid-`onEvent`) does not hold
/// its event at 503 for good: past `IN_FLIGHT_LIMIT_MS` the event is handled again, and the
/// abandoned handling, should it settle after all, leaves its successor's mark alone.
#[test]
fn an_abandoned_handling_does_not_pin_its_event() {
    use whautomate::webhook::{Reception, Receiver, IN_FLIGHT_LIMIT_MS};
    let body = r#"{"event":{"id":"stuck","type":"incoming_telegram_message"}}"#;
    let mut receiver = Receiver::new(10);
    let Reception::Handle { since: first, .. } = receiver.receive(None, body, 1_000) else { panic!() };
    assert!(matches!(receiver.receive(None, body, 1_000 + IN_FLIGHT_LIMIT_MS - 1), Reception::Answer { status: 503, .. }));
    let Reception::Handle { since: second, .. } = receiver.receive(None, body, 1_000 + IN_FLIGHT_LIMIT_MS) else { panic!("still pinned") };
    // The first wakes up and fails: its successor is still in flight (503), not freed.
    assert_eq!(receiver.settle("stuck", first, false), 500);
    assert!(matches!(receiver.receive(None, body, 2_000 + IN_FLIGHT_LIMIT_MS), Reception::Answer { status: 503, .. }));
    assert_eq!(receiver.settle("stuck", second, true), 200);
    assert!(matches!(receiver.receive(None, body, 3_000 + IN_FLIGHT_LIMIT_MS), Reception::Answer { status: 200, .. }));
}

/// What the receiver remembers is bounded in bytes, not only in ids: an id longer than
/// `MAX_REMEMBERED_ID_BYTES` is handled each time (a sender of megabyte ids cannot grow
/// the memory to `dedupe_size` megabytes), and so is one holding U+FFFD, what every lone
/// surrogate escape reads as: two different events (`\ud800x`, `\udbffx`) are never taken
/// for one, which would drop the second unhandled.
#[test]
fn ids_that_cannot_be_told_apart_or_are_too_long_are_never_remembered() {
    use whautomate::webhook::{Reception, Receiver, MAX_REMEMBERED_ID_BYTES};
    let body = |id: &str| format!(r#"{{"event":{{"id":"{id}","type":"contact_created"}}}}"#);
    let handle = |receiver: &mut Receiver, id: &str| match receiver.receive(None, &body(id), 0) {
        Reception::Handle { id, since, .. } => receiver.settle(&id, since, true),
        Reception::Answer { status, .. } => panic!("{id:.20}… answered {status} without handling"),
        _ => unreachable!(),
    };
    let mut receiver = Receiver::new(100);
    let longest = "x".repeat(MAX_REMEMBERED_ID_BYTES);
    assert_eq!(handle(&mut receiver, &longest), 200);
    assert!(matches!(receiver.receive(None, &body(&longest), 0), Reception::Answer { status: 200, .. }), "remembered");
    let long = "x".repeat(MAX_REMEMBERED_ID_BYTES + 1);
    for _ in 0..3 {
        assert_eq!(handle(&mut receiver, &long), 200, "handled each time, never remembered");
    }
    // Nor marked in flight: handlings of a long id that never settle leave nothing behind.
    for _ in 0..3 {
        assert!(matches!(receiver.receive(None, &body(&long), 0), Reception::Handle { .. }));
    }
    assert!(!format!("{receiver:?}").contains(&long));
    assert_eq!(handle(&mut receiver, r"\ud800x"), 200);
    assert_eq!(handle(&mut receiver, r"\udbffx"), 200, "a different event, though both read as U+FFFD x");
    assert_eq!(handle(&mut receiver, "\u{fffd}y"), 200);
    assert_eq!(handle(&mut receiver, "\u{fffd}y"), 200);
}

/// Ids given as numbers become their exact text in the normalized event (message, contact
/// and client alike): JavaScript's JSON.parse would round one beyond 2^53.
#[test]
fn numeric_ids_keep_every_digit() {
    let body = r#"{"event":{"id":9007199254740993,"type":"incoming_whatsapp_message","key":9007199254740993},
      "message":{"id":9007199254740993,"n":9007199254740993,"contact":{"id":22222222222222222222},"replyToMessage":{"id":44444444444444444444}},
      "contact":{"id":12345678901234567890,"age":3},"client":{"id":98765432109876543210}}"#;
    let event = normalize(body).unwrap();
    assert!(event.contains(r#""id":"9007199254740993","type""#), "{event}");
    assert!(event.contains(r#""message":{"id":"9007199254740993","n":9007199254740993,"contact":{"id":"22222222222222222222"},"replyToMessage":{"id":"44444444444444444444"}}"#), "{event}");
    assert!(event.contains(r#""contact":{"id":"12345678901234567890","age":3}"#), "{event}");
    assert!(event.contains(r#""client":{"id":"98765432109876543210"}"#), "{event}");
    let typed = parse_event(body).unwrap();
    assert_eq!(typed.contact.unwrap()["id"], "12345678901234567890");
}

/// A secret a header could carry differently from one server to the next is refused.
#[test]
fn a_non_ascii_secret_is_refused() {
    use whautomate::webhook::WebhookSecret;
    let e = WebhookSecret::new("x-hook-secret", "sécret").unwrap_err();
    assert_eq!((e.field(), e.violations()[0].code), (Some("secret.value"), "invalid_value"));
    assert!(WebhookSecret::new("x-hook-secret", "s3cret!~").is_ok());
}

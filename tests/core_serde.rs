//! serde on the message types (issue 16): `MessageInput` deserialises through the crate's
//! own reader (unknown keys kept, type errors named by field), `OutgoingMessage`
//! deserialises only when valid and serialises to the JS shape, and every golden message
//! survives serialise → deserialise unchanged, down to its wire body.
#![cfg(not(target_arch = "wasm32"))]

use whautomate::model::{ButtonInput, ElementInput, FlowParametersInput, LocationParametersInput, MessageInput};
use whautomate::{prepare_input, prepare_send, ApiKey, BaseUrl, Channel, ErrorCode, MessageBuilder, MessageKind, OutgoingMessage, Target};

#[path = "support/golden.rs"]
mod golden;
use golden::{fixture, NOW_MS, SENDS};

fn body(message: &OutgoingMessage) -> String {
    let key = ApiKey::new("test-key-123").unwrap();
    prepare_send(message, &BaseUrl::default(), &key, Some("loc_default"), Some(NOW_MS)).unwrap().body.unwrap()
}

/// Messages of every kind the golden fixtures do not already cover.
fn built() -> Vec<OutgoingMessage> {
    let b = |c, k| MessageBuilder::new(c, k);
    vec![
        b(Channel::WhatsApp, MessageKind::Text).to_client("cl_1").text("hi").build().unwrap(),
        b(Channel::WhatsApp, MessageKind::Text).to_phone_number("+44 20 7946 0958", None).text("hi").build().unwrap(),
        b(Channel::WhatsApp, MessageKind::Template)
            .to_contact("c_1")
            .template("pickup", "en_US")
            .location_parameters(LocationParametersInput::new(-33.8688, 151.2093))
            .flow_parameters(FlowParametersInput::new("tok", None))
            .schedule_at_unix_ms(1_893_456_000_123)
            .build()
            .unwrap(),
        b(Channel::Telegram, MessageKind::Template).to_contact("c_1").text("Pick one").button(ButtonInput::postback("Yes", "YES")).build().unwrap(),
        b(Channel::Messenger, MessageKind::Template)
            .to_contact("c_1")
            .element(ElementInput::new("Shoe").subtitle("Red").button(ButtonInput::web_url("Buy", "https://example.com/buy")))
            .location_id("loc_1")
            .build()
            .unwrap(),
    ]
}

#[test]
fn every_golden_message_round_trips_with_its_wire_body_unchanged() {
    for name in SENDS {
        let text = fixture(&format!("golden/{name}.input.json"));
        let message: OutgoingMessage = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = fixture(&format!("golden/{name}.body.json"));
        assert_eq!(body(&message), expected.trim_end(), "{name}");

        let json = serde_json::to_string(&message).unwrap();
        let again: OutgoingMessage = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}\n{json}"));
        assert_eq!(again, message, "{name}: {json}");
        assert_eq!(body(&again), expected.trim_end(), "{name}");
        // And through a serde value (what a config loader hands over).
        let value = serde_json::to_value(&message).unwrap();
        assert_eq!(serde_json::from_value::<OutgoingMessage>(value).unwrap(), message, "{name}");
    }
}

#[test]
fn built_messages_round_trip() {
    for message in built() {
        let json = serde_json::to_string(&message).unwrap();
        let again: OutgoingMessage = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
        assert_eq!(again, message, "{json}");
        assert_eq!(body(&again), body(&message), "{json}");
        // MessageInput too: its JSON reads back as the same input.
        let input = message.to_input();
        let json = serde_json::to_string(&input).unwrap();
        assert_eq!(serde_json::from_str::<MessageInput>(&json).unwrap(), input, "{json}");
    }
}

#[test]
fn message_input_reads_as_the_crate_reader_does() {
    for name in SENDS {
        let text = fixture(&format!("golden/{name}.input.json"));
        let input: MessageInput = serde_json::from_str(&text).unwrap();
        let key = ApiKey::new("test-key-123").unwrap();
        let req = prepare_input(&input, &BaseUrl::default(), &key, None, Some(NOW_MS)).unwrap();
        assert_eq!(req.body.unwrap(), fixture(&format!("golden/{name}.body.json")).trim_end(), "{name}");
    }
    // Unknown keys are kept, in order, for validation to name.
    let input: MessageInput = serde_json::from_str(r#"{"channel":"telegram","zeta":1,"to":{"contactID":"c"},"alpha":2}"#).unwrap();
    assert_eq!(input.unknown_fields.0, ["zeta", "alpha"]);
    assert_eq!(input.to.as_ref().unwrap().unknown_fields.0, ["contactID"]);
    let err = MessageBuilder::from_input(input).build().unwrap_err();
    let unknown: Vec<&str> = err.violations().iter().filter(|v| v.code == "unknown_field").map(|v| v.field.as_str()).collect();
    assert_eq!(unknown, ["zeta", "alpha", "to.contactID"]);
    // Wrong types are errors that name every field at fault.
    let err = serde_json::from_str::<MessageInput>(r#"{"channel":"whatsapp","to":{"phoneNumber":5},"text":[]}"#).unwrap_err();
    assert_eq!(err.to_string(), "to.phoneNumber must be a string, not a number; text must be a string, not an array");
    let err = serde_json::from_str::<MessageInput>(r#"{"elements":[{"title":"a"},{"title":7}]}"#).unwrap_err();
    assert!(err.to_string().starts_with("elements[1].title must be a string"), "{err}");
    // null is "not given", as for JS.
    let input: MessageInput = serde_json::from_str(r#"{"channel":"telegram","text":null}"#).unwrap();
    assert_eq!((input.channel.as_deref(), input.text), (Some("telegram"), None));
}

#[test]
fn an_invalid_message_does_not_deserialise() {
    let err = serde_json::from_str::<OutgoingMessage>(r#"{"channel":"telegram","type":"text","to":{"phoneNumber":"+16505551234"},"text":"hi"}"#)
        .unwrap_err();
    assert!(err.to_string().contains("to.phoneNumber is for WhatsApp"), "{err}");
    let err = serde_json::from_str::<OutgoingMessage>(r#"{"channel":"sms","type":"text","to":{"contactId":"c"},"text":"hi"}"#).unwrap_err();
    assert!(err.to_string().contains("channel"), "{err}");
}

#[test]
fn enums_and_errors_serialise_as_their_names() {
    assert_eq!(serde_json::to_value(Channel::Instagram).unwrap(), "instagram");
    assert_eq!(serde_json::to_value(MessageKind::Template).unwrap(), "template");
    assert_eq!(serde_json::to_value(ErrorCode::InvalidInput).unwrap(), "invalid_input");
    let err = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c").build().unwrap_err();
    assert_eq!(
        serde_json::to_value(err.violations()).unwrap(),
        serde_json::json!([{"field": "text", "code": "required", "message": "text is required"}])
    );
    let target: Target = serde_json::from_value(serde_json::json!({"clientId": "cl_1"})).unwrap();
    assert_eq!(target, Target::Client("cl_1".into()));
}

#[test]
fn coordinates_are_json_numbers() {
    let message = MessageBuilder::new(Channel::WhatsApp, MessageKind::Template)
        .to_contact("c_1")
        .template("pickup", "en_US")
        .location_parameters(LocationParametersInput::new(37.4847, -122.1477))
        .build()
        .unwrap();
    let value = serde_json::to_value(&message).unwrap();
    assert_eq!(value["locationParameters"], serde_json::json!({"latitude": 37.4847, "longitude": -122.1477}));
}

/// A history page the server filled with a value of an unexpected type is still read, as
/// the JS client reads it (issue found by review): the value is kept in `extra` under its
/// own name, `isIncoming` is read from "true"/"false", a numeric id is its text.
#[test]
fn history_pages_are_read_tolerantly() {
    use whautomate::request::parse_history_response;
    let page = parse_history_response(
        200,
        r#"[{"id":"m1","isIncoming":"true","text":"hi"},{"id":42,"isIncoming":"yes","options":[],"text":null,
            "contact":{"id":7,"phoneNumber":5},"status":{"code":1}},{"options":{"type":"buttons","buttons":"none"}}]"#,
    )
    .unwrap();
    assert_eq!((page[0].id.as_deref(), page[0].is_incoming, page[0].text.as_deref()), (Some("m1"), Some(true), Some("hi")));
    assert_eq!((page[1].id.as_deref(), page[1].is_incoming, page[1].text.as_deref()), (Some("42"), None, None));
    assert_eq!(page[1].extra["isIncoming"], "yes");
    assert_eq!(page[1].extra["options"], serde_json::json!([]));
    assert_eq!(page[1].extra["status"], serde_json::json!({"code": 1}));
    let contact = page[1].contact.as_ref().unwrap();
    assert_eq!((contact.id.as_deref(), &contact.extra["phoneNumber"]), (Some("7"), &serde_json::json!(5)));
    let options = page[2].options.as_ref().unwrap();
    assert_eq!((options.kind.as_deref(), &options.extra["buttons"]), (Some("buttons"), &serde_json::json!("none")));
    // Written back, every value is there again, under its own name.
    let again: serde_json::Value = serde_json::to_value(&page[1]).unwrap();
    assert_eq!(again, serde_json::json!({"id":"42","isIncoming":"yes","options":[],"contact":{"id":"7","phoneNumber":5},"status":{"code":1}}));
    // An id beyond 64 bits (serde_json rounds it into a float) or a fraction is no id that
    // can be given back exactly: it stays as sent, in `extra`, never as invented digits.
    let page = parse_history_response(200, r#"[{"id":123456789012345678901234567890},{"id":1.5},{"id":18446744073709551615},{"id":-3}]"#).unwrap();
    assert_eq!((page[0].id.as_deref(), page[1].id.as_deref()), (None, None));
    assert_eq!((page[0].extra["id"].is_number(), &page[1].extra["id"]), (true, &serde_json::json!(1.5)));
    assert_eq!((page[2].id.as_deref(), page[3].id.as_deref()), (Some("18446744073709551615"), Some("-3")));
    // What is not an array of objects is still refused, as a read that may be retried.
    for bad in [r#"{"messages":[]}"#, r#"[1]"#, "not json"] {
        let e = parse_history_response(200, bad).unwrap_err();
        assert_eq!((e.code().as_str(), e.retryable()), ("invalid_response", true), "{bad}");
    }
}

/// An input with keys the SDK does not know is not written back without them: it would
/// come back valid where `build()` refuses it (found by review). Serialising it fails,
/// naming the key; an input without such keys round-trips.
#[test]
fn an_input_with_unknown_keys_is_not_written_back_as_a_valid_one() {
    use whautomate::model::MessageInput;
    let input: MessageInput = serde_json::from_str(r#"{"channel":"telegram","type":"text","to":{"contactID":"c"},"text":"x","extra":1}"#).unwrap();
    let e = serde_json::to_string(&input).unwrap_err();
    assert!(e.to_string().contains("unknown field extra"), "{e}");
    let nested: MessageInput = serde_json::from_str(r#"{"channel":"telegram","type":"text","to":{"contactID":"c"},"text":"x"}"#).unwrap();
    assert!(serde_json::to_string(&nested).unwrap_err().to_string().contains("unknown field contactID"));
    let fine: MessageInput = serde_json::from_str(r#"{"channel":"telegram","type":"text","to":{"contactId":"c"},"text":"x"}"#).unwrap();
    assert_eq!(serde_json::to_string(&fine).unwrap(), r#"{"channel":"telegram","type":"text","to":{"contactId":"c"},"text":"x"}"#);
}

/// A target read on its own is the document: its violations name `x`, not `to.x`.
#[test]
fn a_target_read_on_its_own_names_its_fields_from_the_root() {
    let e = serde_json::from_str::<whautomate::model::Target>(r#"{"contactId":"c","x":1}"#).unwrap_err().to_string();
    assert!(e.contains("unknown field x") && !e.contains("to.x"), "{e}");
    let e = serde_json::from_str::<whautomate::model::Target>(r#"{"phoneNumber":"12"}"#).unwrap_err().to_string();
    assert!(e.contains("phoneNumber must be") && !e.contains("to.phoneNumber"), "{e}");
}

/// A server that answers every history page alike (it ignores `page`) ends the Rust
/// stream with `invalid_response` before the repeated page is handed out.
#[test]
fn a_server_that_does_not_page_ends_the_history_stream() {
    use futures_util::StreamExt;
    use whautomate::client::{Client, ClientOptions};
    use whautomate::request::HistoryQuery;
    use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    for _ in 0..5 {
        client.transport().push_status(200, r#"[{"id":"m1"},{"id":"m2"}]"#);
    }
    let items: Vec<_> = futures_executor::block_on(client.history("c1", HistoryQuery { limit: Some(2), ..Default::default() }).collect());
    let ids: Vec<_> = items.iter().filter_map(|m| m.as_ref().ok()?.id.clone()).collect();
    assert_eq!(ids, ["m1", "m2"], "every message once");
    let error = items.last().unwrap().as_ref().unwrap_err();
    assert_eq!(error.code().as_str(), "invalid_response");
    assert_eq!(client.transport().requests().len(), 4, "the first page, then three alike");
}

/// The README's one-by-one reading of the history stream: pinned, then `try_next`.
#[test]
fn the_history_stream_reads_one_by_one_once_pinned() {
    use futures_util::TryStreamExt;
    use whautomate::client::{Client, ClientOptions};
    use whautomate::request::HistoryQuery;
    use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    client.transport().push_status(200, r#"[{"id":"m1"},{"id":"m2"}]"#);
    client.transport().push_status(200, "[]");
    let ids = futures_executor::block_on(async {
        let mut ids = Vec::new();
        let mut stream = std::pin::pin!(client.history("ct_wa_1", HistoryQuery::default()));
        while let Some(message) = stream.try_next().await.unwrap() {
            ids.push(message.id.unwrap());
        }
        ids
    });
    assert_eq!(ids, ["m1", "m2"]);
}

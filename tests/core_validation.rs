//! One test per hard rule of domain-rules.md (and per design decision on inputs), each
//! showing the accepting and the rejecting side.
#![cfg(not(target_arch = "wasm32"))] // native suites (proptest is native-only)

use serde_json::{json, Value};
use whautomate::model::{
    ButtonInput, Channel, ElementInput, LocationParametersInput, MessageBuilder, MessageInput, MessageKind, OutgoingMessage,
};
use whautomate::request::{parse_history_response, parse_send_response, prepare_send};
use whautomate::validate::{validate_message, ValidationContext};
use whautomate::{ApiKey, BaseUrl, ErrorCode};

// ---------------------------------------------------------------- helpers

/// A valid message of each channel × kind, to be patched by each test.
fn base(channel: &str, kind: &str) -> Value {
    let mut m = json!({ "channel": channel, "type": kind, "to": { "contactId": "c_1" }, "locationId": "loc_1" });
    let extra = match (channel, kind) {
        (_, "text") => json!({ "text": "Hello" }),
        (_, "media") => json!({ "mediaUrl": "https://cdn.example.com/a.mp4", "mimeType": "video/mp4" }),
        ("whatsapp", _) => json!({ "template": { "name": "hello_world", "language": "en_US" } }),
        ("telegram", _) => json!({ "text": "Hello" }),
        _ => json!({ "elements": [{ "title": "Card", "subtitle": "Sub" }] }),
    };
    merge(&mut m, extra);
    m
}

fn merge(target: &mut Value, patch: Value) {
    if let (Value::Object(t), Value::Object(p)) = (target, patch) {
        for (k, v) in p {
            if v.is_null() {
                t.remove(&k);
            } else {
                t.insert(k, v);
            }
        }
    }
}

fn with(channel: &str, kind: &str, patch: Value) -> MessageInput {
    let mut m = base(channel, kind);
    merge(&mut m, patch);
    whautomate::__js::json::from_json(&m.to_string()).expect("deserialises")
}

fn check_ctx(input: &MessageInput, ctx: &ValidationContext) -> Vec<(String, &'static str)> {
    match validate_message(input, ctx) {
        Ok(_) => Vec::new(),
        Err(vs) => vs.into_iter().map(|v| (v.field, v.code)).collect(),
    }
}

fn check(input: &MessageInput) -> Vec<(String, &'static str)> {
    check_ctx(input, &ValidationContext::default())
}

fn accepted(channel: &str, kind: &str, patch: Value) -> OutgoingMessage {
    let input = with(channel, kind, patch);
    validate_message(&input, &ValidationContext::default()).unwrap_or_else(|v| panic!("rejected: {v:?}"))
}

fn rejected(channel: &str, kind: &str, patch: Value) -> Vec<(String, &'static str)> {
    let v = check(&with(channel, kind, patch));
    assert!(!v.is_empty(), "accepted unexpectedly");
    v
}

fn one(field: &str, code: &'static str) -> Vec<(String, &'static str)> {
    vec![(field.to_string(), code)]
}

fn body(msg: &OutgoingMessage) -> String {
    whautomate::__js::json::ToJson::to_json(msg)
}

const ALL: [(&str, &str); 12] = [
    ("whatsapp", "text"), ("whatsapp", "media"), ("whatsapp", "template"),
    ("telegram", "text"), ("telegram", "media"), ("telegram", "template"),
    ("instagram", "text"), ("instagram", "media"), ("instagram", "template"),
    ("messenger", "text"), ("messenger", "media"), ("messenger", "template"),
];

#[test]
fn the_base_messages_are_valid() {
    for (channel, kind) in ALL {
        let msg = accepted(channel, kind, json!({}));
        assert_eq!(msg.path(), format!("/messages/{channel}/send{kind}"));
        assert_eq!(msg.channel().as_str(), channel);
        assert_eq!(msg.kind().as_str(), kind);
    }
}

// ---------------------------------------------------------------- channel, type, unknown fields

#[test]
fn channel_and_type_are_required_and_known() {
    let mut input = with("whatsapp", "text", json!({}));
    input.channel = Some("sms".into());
    input.kind = None;
    assert_eq!(check(&input), vec![("channel".into(), "invalid_value"), ("type".into(), "required")]);
    input.channel = None;
    input.kind = Some("video".into());
    assert_eq!(check(&input), vec![("channel".into(), "required"), ("type".into(), "invalid_value")]);
    assert_eq!(rejected("WhatsApp", "text", json!({})), one("channel", "invalid_value"));
}

#[test]
fn unknown_fields_are_reported_with_their_path() {
    let v = rejected("instagram", "template", json!({
        "txt": "typo",
        "to": { "contactId": "c", "contactID": "c" },
        "elements": [{ "title": "T", "subtitle": "S", "buttons": [{ "title": "B", "url": "https://x.io", "titel": "x" }],
                       "defaultAction": { "url": "https://x.io", "target": "_blank" }, "img": "x" }]
    }));
    assert_eq!(v, vec![
        ("txt".into(), "unknown_field"),
        ("to.contactID".into(), "unknown_field"),
        ("elements[0].img".into(), "unknown_field"),
        ("elements[0].defaultAction.target".into(), "unknown_field"),
        ("elements[0].buttons[0].titel".into(), "unknown_field"),
    ]);
    let v = rejected("whatsapp", "template", json!({
        "template": { "name": "n", "lang": "en" },
        "locationParameters": { "latitude": 1, "longitude": 2, "zoom": 3 },
        "flowParameters": { "flowToken": "t", "data": "x" }
    }));
    assert_eq!(v, vec![
        ("template.lang".into(), "unknown_field"),
        ("template.language".into(), "required"),
        ("locationParameters.zoom".into(), "unknown_field"),
        ("flowParameters.data".into(), "unknown_field"),
    ]);
}

// ---------------------------------------------------------------- X-5, X-6, WA-6: targets

#[test]
fn whatsapp_accepts_exactly_one_of_contact_client_recipient() {
    assert_eq!(body(&accepted("whatsapp", "text", json!({ "to": { "contactId": "c_1" } }))),
               r#"{"contact":{"id":"c_1"},"textMessage":"Hello","location":{"id":"loc_1"}}"#);
    assert_eq!(body(&accepted("whatsapp", "text", json!({ "to": { "clientId": "cl_1" } }))),
               r#"{"client":{"id":"cl_1"},"textMessage":"Hello","location":{"id":"loc_1"}}"#);
    assert_eq!(body(&accepted("whatsapp", "text", json!({ "to": { "phoneNumber": "+44 20 7946 0958", "name": "Bo" } }))),
               r#"{"recepient":{"phoneNumber":"+442079460958","name":"Bo"},"textMessage":"Hello","location":{"id":"loc_1"}}"#);
    assert_eq!(rejected("whatsapp", "text", json!({ "to": { "contactId": "c", "phoneNumber": "+16505551234" } })),
               one("to", "conflicting_targets"));
    assert_eq!(rejected("whatsapp", "text", json!({ "to": {} })), one("to", "required"));
    assert_eq!(rejected("whatsapp", "text", json!({ "to": null })), one("to", "required"));
    assert_eq!(rejected("whatsapp", "text", json!({ "to": { "contactId": " " } })), one("to.contactId", "empty"));
    assert_eq!(rejected("whatsapp", "text", json!({ "to": { "clientId": "" } })), one("to.clientId", "empty"));
    assert_eq!(rejected("whatsapp", "text", json!({ "to": { "contactId": "c", "name": "Bo" } })), one("to.name", "not_allowed"));
    assert_eq!(rejected("whatsapp", "text", json!({ "to": { "phoneNumber": "+16505551234", "name": " " } })), one("to.name", "empty"));
}

#[test]
fn other_channels_accept_a_contact_id_only() {
    for channel in ["telegram", "instagram", "messenger"] {
        accepted(channel, "text", json!({ "to": { "contactId": "c_1" } }));
        assert_eq!(rejected(channel, "text", json!({ "to": { "clientId": "cl" } })), one("to.clientId", "not_allowed"));
        assert_eq!(rejected(channel, "text", json!({ "to": { "phoneNumber": "+16505551234", "name": "A" } })),
                   vec![("to.phoneNumber".into(), "not_allowed"), ("to.name".into(), "not_allowed")]);
    }
}

#[test]
fn phone_numbers_are_normalised_or_rejected() {
    for (raw, e164) in [("+1 (650) 555-1234", "+16505551234"), ("0049 30 1234567", "+49301234567"), ("16505551234", "+16505551234")] {
        let msg = accepted("whatsapp", "text", json!({ "to": { "phoneNumber": raw } }));
        assert!(body(&msg).contains(&format!(r#""phoneNumber":"{e164}""#)), "{raw}");
    }
    for raw in ["", "650-555", "+0 650 555 1234", "+1 650 555 1234 x12", "+1234567890123456", "call me"] {
        assert_eq!(rejected("whatsapp", "text", json!({ "to": { "phoneNumber": raw } })), one("to.phoneNumber", "invalid_phone_number"), "{raw}");
    }
}

// ---------------------------------------------------------------- not_allowed fields

#[test]
fn fields_of_other_kinds_or_channels_are_not_allowed() {
    assert_eq!(rejected("whatsapp", "media", json!({ "text": "caption?" })), one("text", "not_allowed"));
    assert_eq!(rejected("whatsapp", "text", json!({ "mediaUrl": "https://x.io/a.png" })), one("mediaUrl", "not_allowed"));
    assert_eq!(rejected("whatsapp", "template", json!({ "elements": [] })), one("elements", "not_allowed"));
    assert_eq!(rejected("telegram", "template", json!({ "template": { "name": "a", "language": "b" } })), one("template", "not_allowed"));
    assert_eq!(rejected("instagram", "template", json!({ "buttons": [{ "title": "x", "url": "https://x.io" }] })), one("buttons", "not_allowed"));
    assert_eq!(rejected("messenger", "text", json!({ "headerType": "IMAGE" })), one("headerType", "not_allowed"));
    assert_eq!(rejected("telegram", "media", json!({ "bodyTextParameters": ["a"] })), one("bodyTextParameters", "not_allowed"));
}

#[test]
fn schedule_exists_only_where_the_vendor_shows_it() {
    let at = "2030-01-01T00:00:00Z";
    for (channel, kind) in ALL {
        let allowed = kind != "template" || channel == "whatsapp";
        let input = with(channel, kind, json!({ "scheduleAt": at }));
        let v = check(&input);
        if allowed {
            assert!(v.is_empty(), "{channel} {kind}: {v:?}");
        } else {
            assert_eq!(v, one("scheduleAt", "not_allowed"), "{channel} {kind}");
        }
    }
}

// ---------------------------------------------------------------- scheduleAt (X-8, A7)

#[test]
fn schedule_is_iso_8601_with_an_offset_and_serialised_in_utc() {
    let msg = accepted("whatsapp", "text", json!({ "scheduleAt": "2030-06-01T12:00:00.25+02:00" }));
    assert!(body(&msg).contains(r#""scheduleDateTime":"2030-06-01T10:00:00.250Z""#));
    for bad in ["2030-06-01T12:00:00", "2030-06-01", "tomorrow", "2030-02-30T00:00:00Z", ""] {
        assert_eq!(rejected("whatsapp", "text", json!({ "scheduleAt": bad })), one("scheduleAt", "invalid_datetime"), "{bad}");
    }
}

#[test]
fn schedule_must_lie_in_the_future_when_the_clock_is_known() {
    let now = 1_900_000_000_000; // 2030-03-17
    let input = with("telegram", "text", json!({ "scheduleAt": "2030-03-17T17:46:40Z" })); // == now
    assert_eq!(check_ctx(&input, &ValidationContext::at(now)), one("scheduleAt", "in_the_past"));
    assert!(check_ctx(&input, &ValidationContext::at(now - 1)).is_empty());
    assert!(check(&input).is_empty(), "no clock, no check");

    // prepare_send checks again with the real clock
    let msg = validate_message(&input, &ValidationContext::default()).unwrap();
    let key = ApiKey::new("k").unwrap();
    let err = prepare_send(&msg, &BaseUrl::default(), &key, None, Some(now)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(err.field(), Some("scheduleAt"));
    assert!(!err.may_have_been_sent() && !err.retryable());
    assert!(prepare_send(&msg, &BaseUrl::default(), &key, None, Some(now - 1)).is_ok());
}

// ---------------------------------------------------------------- location (X-7, decision C)

#[test]
fn a_location_is_required_from_the_message_or_the_default() {
    let input = with("messenger", "text", json!({ "locationId": null }));
    let strict = ValidationContext::default().requiring_location(true);
    assert_eq!(check_ctx(&input, &strict), one("locationId", "required"));
    let msg = validate_message(&input, &strict.clone().with_default_location("loc_d")).unwrap();
    assert_eq!(msg.location_id(), Some("loc_d"));
    let lax = validate_message(&input, &ValidationContext::default()).unwrap();
    assert_eq!(lax.location_id(), None);
    assert!(!body(&lax).contains("location"));
    assert_eq!(rejected("messenger", "text", json!({ "locationId": " " })), one("locationId", "empty"));
}

// ---------------------------------------------------------------- texts (WA-1, T-1, M-1, I-1)

#[test]
fn text_is_required_and_non_blank() {
    for channel in ["whatsapp", "telegram", "instagram", "messenger"] {
        assert_eq!(rejected(channel, "text", json!({ "text": null })), one("text", "required"));
        assert_eq!(rejected(channel, "text", json!({ "text": " \n\t " })), one("text", "empty"));
    }
}

#[test]
fn text_limits_are_counted_the_platforms_way() {
    // WhatsApp and Telegram: 4096 UTF-16 units; an emoji is two.
    for channel in ["whatsapp", "telegram"] {
        accepted(channel, "text", json!({ "text": "a".repeat(4096) }));
        accepted(channel, "text", json!({ "text": "😀".repeat(2048) }));
        assert_eq!(rejected(channel, "text", json!({ "text": "a".repeat(4097) })), one("text", "too_long"));
        assert_eq!(rejected(channel, "text", json!({ "text": "😀".repeat(2049) })), one("text", "too_long"));
    }
    // Messenger: less than 2000.
    accepted("messenger", "text", json!({ "text": "a".repeat(1999) }));
    assert_eq!(rejected("messenger", "text", json!({ "text": "a".repeat(2000) })), one("text", "too_long"));
    // Instagram: 1000 UTF-8 bytes.
    accepted("instagram", "text", json!({ "text": "é".repeat(500) }));
    assert_eq!(rejected("instagram", "text", json!({ "text": "é".repeat(501) })), one("text", "too_long"));
    assert_eq!(rejected("instagram", "text", json!({ "text": "a".repeat(1001) })), one("text", "too_long"));
}

// ---------------------------------------------------------------- media (WA-3, I-2, M-2, T-3, X-12)

#[test]
fn media_needs_an_absolute_http_url_and_a_mime_type() {
    for channel in ["whatsapp", "telegram", "instagram", "messenger"] {
        assert_eq!(rejected(channel, "media", json!({ "mediaUrl": null })), one("mediaUrl", "required"));
        assert_eq!(rejected(channel, "media", json!({ "mimeType": null })), one("mimeType", "required"));
        // (A port past 65535 and a host of dots or dashes are what no URL parser reads.)
        for bad in ["/a.mp4", "cdn.example.com/a.mp4", "ftp://cdn.example.com/a.mp4", "https://", "https://cdn example.com/a.mp4", "javascript:alert(1)",
                    "https://x.com:99999/a.mp4", "https://x.com:65536/a.mp4", "https://x.com:/a.mp4", "https://x.com:+80/a.mp4", "https://.../a.mp4", "https://-/a.mp4", "https://[]/a.mp4"] {
            assert_eq!(rejected(channel, "media", json!({ "mediaUrl": bad })), one("mediaUrl", "invalid_url"), "{bad}");
        }
        accepted(channel, "media", json!({ "mediaUrl": "http://cdn.example.com:8080/a.mp4?sig=1#t" }));
        accepted(channel, "media", json!({ "mediaUrl": "https://cdn.example.com:65535/a.mp4" }));
        accepted(channel, "media", json!({ "mediaUrl": "https://[2001:db8::1]:443/a.mp4" }));
        assert_eq!(rejected(channel, "media", json!({ "mimeType": "mp4" })), one("mimeType", "invalid_mime_type"));
    }
}

#[test]
fn mime_types_follow_each_channels_table() {
    let cases: [(&str, &[&str], &[&str]); 4] = [
        ("whatsapp", &["image/jpeg", "image/PNG", "audio/ogg; codecs=opus", "application/pdf", "image/webp",
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
                     &["image/gif", "video/webm", "application/zip"]),
        ("instagram", &["image/png", "video/quicktime", "audio/wav", "application/pdf"], &["image/gif", "image/webp", "text/plain"]),
        ("telegram", &["image/jpeg", "video/mp4", "audio/mpeg", "application/zip", "image/gif"], &["application/msword", "video/3gpp"]),
        ("messenger", &["image/gif", "application/x-custom", "audio/x-whatever"], &[]),
    ];
    for (channel, ok, bad) in cases {
        for mime in ok {
            accepted(channel, "media", json!({ "mimeType": mime }));
        }
        for mime in bad {
            assert_eq!(rejected(channel, "media", json!({ "mimeType": mime })), one("mimeType", "invalid_mime_type"), "{channel} {mime}");
        }
    }
}

// ---------------------------------------------------------------- WhatsApp templates (WA-7, WA-9, WA-10)

#[test]
fn whatsapp_template_reference_is_required() {
    assert_eq!(rejected("whatsapp", "template", json!({ "template": null })), one("template", "required"));
    assert_eq!(rejected("whatsapp", "template", json!({ "template": { "name": "", "language": "en" } })), one("template.name", "empty"));
    assert_eq!(rejected("whatsapp", "template", json!({ "template": { "name": "n" } })), one("template.language", "required"));
}

#[test]
fn whatsapp_template_parameters_follow_meta_policy() {
    accepted("whatsapp", "template", json!({ "bodyTextParameters": ["Ann", "a    b", "#1"], "buttonUrlParameters": ["x"], "headerTextParameters": ["H"] }));
    accepted("whatsapp", "template", json!({ "bodyTextParameters": [] }));
    let v = rejected("whatsapp", "template", json!({
        "headerTextParameters": ["a", "b"],
        "bodyTextParameters": ["ok", "", "line\nbreak", "tab\there", "five     spaces", "cr\rhere", "vt\u{0B}", "ff\u{0C}", "nel\u{85}", "ls\u{2028}", "ps\u{2029}"],
        "buttonUrlParameters": [" "]
    }));
    assert_eq!(v, vec![
        ("headerTextParameters".into(), "too_many"),
        ("bodyTextParameters[1]".into(), "empty"),
        ("bodyTextParameters[2]".into(), "invalid_characters"),
        ("bodyTextParameters[3]".into(), "invalid_characters"),
        ("bodyTextParameters[4]".into(), "invalid_characters"),
        ("bodyTextParameters[5]".into(), "invalid_characters"),
        ("bodyTextParameters[6]".into(), "invalid_characters"),
        ("bodyTextParameters[7]".into(), "invalid_characters"),
        ("bodyTextParameters[8]".into(), "invalid_characters"),
        ("bodyTextParameters[9]".into(), "invalid_characters"),
        ("bodyTextParameters[10]".into(), "invalid_characters"),
        ("buttonUrlParameters[0]".into(), "empty"),
    ]);
}

#[test]
fn whatsapp_template_header_media_and_location() {
    accepted("whatsapp", "template", json!({ "headerMediaUrl": "https://cdn.example.com/h.png" }));
    assert_eq!(rejected("whatsapp", "template", json!({ "headerMediaUrl": "h.png" })), one("headerMediaUrl", "invalid_url"));
    accepted("whatsapp", "template", json!({ "locationParameters": { "latitude": -90, "longitude": 180 } }));
    assert_eq!(rejected("whatsapp", "template", json!({ "locationParameters": { "latitude": 90.5, "longitude": -180.5 } })),
               vec![("locationParameters.latitude".into(), "out_of_range"), ("locationParameters.longitude".into(), "out_of_range")]);
    assert_eq!(rejected("whatsapp", "template", json!({ "locationParameters": { "longitude": 1 } })),
               one("locationParameters.latitude", "required"));
    let err = MessageBuilder::new(Channel::WhatsApp, MessageKind::Template)
        .to_contact("c").template("t", "en").location_parameters(LocationParametersInput::new(f64::NAN, f64::INFINITY))
        .build().unwrap_err();
    assert_eq!(err.violations().len(), 2);
    assert!(err.violations().iter().all(|v| v.code == "out_of_range"));
    assert_eq!(rejected("whatsapp", "template", json!({ "flowParameters": { "flowData": "{}" } })), one("flowParameters.flowToken", "required"));
    accepted("whatsapp", "template", json!({ "flowParameters": { "flowToken": "t" } }));
}

// ---------------------------------------------------------------- Telegram templates (T-1, T-2, T-3, T-6, X-11)

#[test]
fn telegram_template_text_is_a_message_or_a_caption() {
    assert_eq!(rejected("telegram", "template", json!({ "text": null })), one("text", "required"));
    accepted("telegram", "template", json!({ "text": "a".repeat(4096) }));
    assert_eq!(rejected("telegram", "template", json!({ "text": "a".repeat(4097) })), one("text", "too_long"));
    let media = json!({ "headerType": "IMAGE", "mediaUrl": "https://x.io/a.png", "mimeType": "image/png" });
    let mut caption = media.clone();
    merge(&mut caption, json!({ "text": "a".repeat(1024) }));
    accepted("telegram", "template", caption.clone());
    merge(&mut caption, json!({ "text": "a".repeat(1025) }));
    assert_eq!(rejected("telegram", "template", caption), one("text", "too_long"));
}

#[test]
fn telegram_template_header_needs_matching_media() {
    assert_eq!(rejected("telegram", "template", json!({ "headerType": "IMAGE" })),
               vec![("mediaUrl".into(), "required"), ("mimeType".into(), "required")]);
    assert_eq!(rejected("telegram", "template", json!({ "headerType": "IMAGE", "mediaUrl": "https://x.io/a.mp4", "mimeType": "video/mp4" })),
               one("mimeType", "invalid_mime_type"));
    assert_eq!(rejected("telegram", "template", json!({ "mediaUrl": "https://x.io/a.doc", "mimeType": "application/msword" })),
               one("mimeType", "invalid_mime_type"));
    let msg = accepted("telegram", "template", json!({ "headerType": "VIDEO", "mediaUrl": "https://x.io/a.mp4", "mimeType": "video/mp4" }));
    assert!(body(&msg).contains(r#""headerType":"VIDEO""#), "unknown header types pass through");
}

#[test]
fn telegram_buttons() {
    let msg = accepted("telegram", "template", json!({ "buttons": [
        { "title": "Open", "url": "https://x.io" },
        { "title": "Bot", "url": "tg://resolve?domain=x" },
        { "type": "postback", "title": "Yes", "payload": "a".repeat(64) },
    ]}));
    assert!(body(&msg).contains(r#"{"type":"web_url","title":"Open","url":"https://x.io"}"#));
    let v = rejected("telegram", "template", json!({ "buttons": [
        { "url": "https://x.io" },
        { "title": "t".repeat(65), "url": "https://x.io" },
        { "title": "Bad", "url": "javascript:alert(1)" },
        { "title": "No url" },
        { "type": "postback", "title": "No payload" },
        { "type": "postback", "title": "Long", "payload": "é".repeat(33) },
    ]}));
    assert_eq!(v, vec![
        ("buttons[0].title".into(), "required"),
        ("buttons[1].title".into(), "too_long"),
        ("buttons[2].url".into(), "invalid_url"),
        ("buttons[3].url".into(), "required"),
        ("buttons[4].payload".into(), "required"),
        ("buttons[5].payload".into(), "too_long"),
    ]);
    assert_eq!(rejected("telegram", "template", json!({ "buttons": [] })), one("buttons", "empty"));
}

// ---------------------------------------------------------------- generic templates (M-3..M-6, I-3, I-4)

fn card(extra: Value) -> Value {
    let mut c = json!({ "title": "Card", "subtitle": "Sub" });
    merge(&mut c, extra);
    c
}

#[test]
fn elements_are_one_to_ten_cards() {
    for channel in ["instagram", "messenger"] {
        assert_eq!(rejected(channel, "template", json!({ "elements": null })), one("elements", "required"));
        assert_eq!(rejected(channel, "template", json!({ "elements": [] })), one("elements", "empty"));
        accepted(channel, "template", json!({ "elements": vec![card(json!({})); 10] }));
        assert_eq!(rejected(channel, "template", json!({ "elements": vec![card(json!({})); 11] })), one("elements", "too_many"));
    }
}

#[test]
fn element_titles_subtitles_and_content() {
    for channel in ["instagram", "messenger"] {
        accepted(channel, "template", json!({ "elements": [card(json!({ "title": "t".repeat(80), "subtitle": "s".repeat(80) }))] }));
        assert_eq!(rejected(channel, "template", json!({ "elements": [card(json!({ "title": "t".repeat(81) }))] })), one("elements[0].title", "too_long"));
        assert_eq!(rejected(channel, "template", json!({ "elements": [card(json!({ "title": null }))] })), one("elements[0].title", "required"));
        assert_eq!(rejected(channel, "template", json!({ "elements": [card(json!({})), card(json!({ "subtitle": "s".repeat(81) }))] })),
                   one("elements[1].subtitle", "too_long"));
        // at least one property besides title
        assert_eq!(rejected(channel, "template", json!({ "elements": [{ "title": "Only" }] })), one("elements[0]", "required"));
        for extra in [json!({ "imageUrl": "https://x.io/i.png" }), json!({ "defaultAction": { "url": "https://x.io" } }),
                      json!({ "buttons": [{ "title": "Go", "url": "https://x.io" }] })] {
            let mut e = json!({ "title": "T" });
            merge(&mut e, extra);
            accepted(channel, "template", json!({ "elements": [e] }));
        }
        assert_eq!(rejected(channel, "template", json!({ "elements": [card(json!({ "imageUrl": "x.png" }))] })), one("elements[0].imageUrl", "invalid_url"));
        assert_eq!(rejected(channel, "template", json!({ "elements": [card(json!({ "defaultAction": {} }))] })), one("elements[0].defaultAction.url", "required"));
    }
}

#[test]
fn element_buttons() {
    let go = json!({ "title": "Go", "url": "https://x.io" });
    for channel in ["instagram", "messenger"] {
        accepted(channel, "template", json!({ "elements": [card(json!({ "buttons": [go, go, go] }))] }));
        assert_eq!(rejected(channel, "template", json!({ "elements": [card(json!({ "buttons": [go, go, go, go] }))] })),
                   one("elements[0].buttons", "too_many"));
        let v = rejected(channel, "template", json!({ "elements": [card(json!({})), card(json!({})), card(json!({ "buttons": [
            { "title": "t".repeat(21), "url": "https://x.io" },
            { "title": "No url" },
            { "type": "postback", "title": "P", "payload": "p".repeat(1001) },
            { "type": "postback", "title": "P" },
            { "title": "Bad", "url": "mailto:a@b.c" },
        ] }))] }));
        assert_eq!(v, vec![
            ("elements[2].buttons".into(), "too_many"),
            ("elements[2].buttons[0].title".into(), "too_long"),
            ("elements[2].buttons[1].url".into(), "required"),
            ("elements[2].buttons[2].payload".into(), "too_long"),
            ("elements[2].buttons[3].payload".into(), "required"),
            ("elements[2].buttons[4].url".into(), "invalid_url"),
        ]);
        accepted(channel, "template", json!({ "elements": [card(json!({ "buttons": [{ "type": "postback", "title": "t".repeat(20), "payload": "p".repeat(1000) }] }))] }));
    }
    // Instagram takes only web_url and postback (I-3); Messenger passes other types through.
    let call = json!({ "elements": [card(json!({ "buttons": [{ "type": "phone_number", "title": "Call", "payload": "+16505551234" }] }))] });
    assert_eq!(rejected("instagram", "template", call.clone()), one("elements[0].buttons[0].type", "invalid_value"));
    let msg = accepted("messenger", "template", call);
    assert!(body(&msg).contains(r#""type":"phone_number""#));
}

#[test]
fn generic_template_wire_names_are_snake_case() {
    let msg = accepted("messenger", "template", json!({ "elements": [{ "title": "T", "imageUrl": "https://x.io/i.png", "defaultAction": { "url": "https://x.io" } }] }));
    assert_eq!(body(&msg), r#"{"contact":{"id":"c_1"},"location":{"id":"loc_1"},"elements":[{"title":"T","image_url":"https://x.io/i.png","default_action":{"type":"web_url","url":"https://x.io"}}]}"#);
}

// ---------------------------------------------------------------- all at once

#[test]
fn every_violation_is_reported_at_once() {
    let input: MessageInput = whautomate::__js::json::from_json(&json!({
        "channel": "instagram", "type": "template", "to": { "phoneNumber": "+1" }, "scheduleAt": "soon",
        "text": "not here", "elements": [{ "title": "" }, { "subtitle": "x".repeat(81), "buttons": [{ "type": "call", "title": "C" }] }]
    }).to_string()).unwrap();
    let v = check(&input);
    assert_eq!(v, vec![
        ("to.phoneNumber".into(), "not_allowed"),
        ("scheduleAt".into(), "not_allowed"),
        ("text".into(), "not_allowed"),
        ("elements[0].title".into(), "empty"),
        ("elements[0]".into(), "required"),
        ("elements[1].title".into(), "required"),
        ("elements[1].subtitle".into(), "too_long"),
        ("elements[1].buttons[0].type".into(), "invalid_value"),
    ]);
    let violations = validate_message(&input, &ValidationContext::default()).unwrap_err();
    assert!(violations.iter().all(|v| !v.message.is_empty()));
}

// ---------------------------------------------------------------- builders

#[test]
fn builders_write_messages_like_js_does() {
    let msg = MessageBuilder::new(Channel::Messenger, MessageKind::Template)
        .to_contact("psid_1")
        .location_id("loc_1")
        .element(ElementInput::new("Sneaker").subtitle("White").button(ButtonInput::postback("More", "MORE")))
        .build()
        .unwrap();
    assert_eq!(body(&msg), r#"{"contact":{"id":"psid_1"},"location":{"id":"loc_1"},"elements":[{"title":"Sneaker","subtitle":"White","buttons":[{"type":"postback","title":"More","payload":"MORE"}]}]}"#);

    let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text)
        .to_phone_number("+1 650 555 1234", None)
        .text("Hi")
        .schedule_at_unix_ms(1_900_000_000_000)
        .build()
        .unwrap();
    assert_eq!(body(&msg), r#"{"recepient":{"phoneNumber":"+16505551234"},"scheduleDateTime":"2030-03-17T17:46:40.000Z","textMessage":"Hi"}"#);

    let err = MessageBuilder::new(Channel::Telegram, MessageKind::Media).to_client("cl").text("x").build().unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    let fields: Vec<_> = err.violations().iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["to.clientId", "text", "mediaUrl", "mimeType"]);
}

// ---------------------------------------------------------------- responses (X-4, A4)

#[test]
fn send_responses() {
    assert!(parse_send_response(200, r#"{"success":true}"#).is_ok());
    assert!(parse_send_response(201, r#"{"success": true, "id": "m1"}"#).is_ok());
    for body in [r#"{"success":false}"#, r#"{"success":"true"}"#, "OK", "", "[]", r#"{"error":"Invalid parameters"}"#] {
        let e = parse_send_response(200, body).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidResponse, "{body}");
        assert!(e.may_have_been_sent() && !e.retryable(), "{body}");
    }
    assert!(parse_send_response(200, r#"{"error":"Invalid parameters"}"#).unwrap_err().message().contains("Invalid parameters"));
    let cases = [
        (400, r#"{"message":"Invalid request body"}"#, ErrorCode::BadRequest, "Invalid request body", false, false),
        (400, r#"{"error":"Invalid parameters"}"#, ErrorCode::BadRequest, "Invalid parameters", false, false),
        (403, r#"{"message":"Forbidden"}"#, ErrorCode::Unauthorized, "Forbidden", false, false),
        (404, r#"{"error":"Invalid locationId"}"#, ErrorCode::NotFound, "Invalid locationId", false, false),
        (429, "", ErrorCode::RateLimited, "HTTP 429", true, false),
        (500, "", ErrorCode::ServerError, "HTTP 500", false, true),
    ];
    for (status, body, code, message, retryable, may) in cases {
        let e = parse_send_response(status, body).unwrap_err();
        assert_eq!((e.code(), e.message(), e.status()), (code, message, Some(status)), "{status}");
        assert_eq!((e.retryable(), e.may_have_been_sent()), (retryable, may), "{status}");
    }
}

#[test]
fn history_responses() {
    assert_eq!(parse_history_response(200, "[]").unwrap().len(), 0);
    for body in ["{}", r#"{"success":true}"#, "not json", r#"["m1"]"#] {
        assert_eq!(parse_history_response(200, body).unwrap_err().code(), ErrorCode::InvalidResponse, "{body}");
    }
    // A value of an unexpected type does not make the page unreadable (as in the JS client):
    // it is kept under its own name.
    let page = parse_history_response(200, r#"[{"isIncoming":"yes"}]"#).unwrap();
    assert_eq!((page[0].is_incoming, &page[0].extra["isIncoming"]), (None, &serde_json::json!("yes")));
    let e = parse_history_response(404, r#"{"error":"Invalid or missing record identifier"}"#).unwrap_err();
    assert_eq!((e.code(), e.message()), (ErrorCode::NotFound, "Invalid or missing record identifier"));
    assert!(parse_history_response(500, "").unwrap_err().retryable());
}

// ---------------------------------------------------------------- how many violations

/// At most `MAX_VIOLATIONS`, then one `too_many` entry: the reader's type errors and the
/// validator's rules alike (40,000 wrong items once took 14 s to report in the npm
/// package's .wasm; see `MAX_VIOLATIONS`).
#[test]
fn violations_stop_at_the_bound_with_one_entry_saying_there_were_more() {
    use whautomate::MAX_VIOLATIONS;
    let bounded = |fields: Vec<(String, &'static str)>, first: &str| {
        assert_eq!(fields.len(), MAX_VIOLATIONS + 1);
        assert_eq!(fields[0].0, first);
        assert_eq!(fields[MAX_VIOLATIONS], (String::new(), "too_many"));
        assert!(fields[..MAX_VIOLATIONS].iter().all(|(_, code)| *code != "too_many"));
    };

    // Type errors, found by the JSON reader: 5,000 numbers where strings go.
    let mut m = base("whatsapp", "template");
    merge(&mut m, json!({ "bodyTextParameters": vec![1; 5_000] }));
    let e = whautomate::__js::json::from_json::<MessageInput>(&m.to_string()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    bounded(e.violations().iter().map(|v| (v.field.clone(), v.code)).collect(), "bodyTextParameters[0]");
    assert_eq!(e.message(), "bodyTextParameters[0] must be a string, not a number (and 100+ more)");

    // Rules, found by validation: 300 parameters with a line break each.
    bounded(check(&with("whatsapp", "template", json!({ "bodyTextParameters": vec!["a\nb"; 300] }))), "bodyTextParameters[0]");

    // Exactly the bound: every violation, and no marker.
    let at_bound = check(&with("whatsapp", "template", json!({ "bodyTextParameters": vec!["a\nb"; MAX_VIOLATIONS] })));
    assert_eq!(at_bound.len(), MAX_VIOLATIONS);
    assert!(at_bound.iter().all(|(_, code)| *code == "invalid_characters"));
}

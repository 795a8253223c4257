//! Property tests: validation never panics, whatever the strings; every accepted message
//! serialises to a body of the vendor's shape; the helpers' invariants hold.
#![cfg(not(target_arch = "wasm32"))] // native suites (proptest is native-only)

#[path = "fixtures/vendor_shape.rs"]
mod vendor_shape;

use proptest::prelude::*;
use whautomate::__js::internals::{encode_path_segment, format_unix_ms, parse_rfc3339_ms};
use whautomate::model::{
    ButtonInput, Coordinate, DefaultActionInput, ElementInput, FlowParametersInput, LocationParametersInput, MessageBuilder,
    MessageContent, MessageInput, TargetInput, TemplateInput,
};
use whautomate::request::{prepare_history, prepare_send, HistoryQuery};
use whautomate::validate::{normalize_phone_number, validate_message, ValidationContext};
use whautomate::{ApiKey, BaseUrl};

/// Arbitrary strings, plus (mostly) the values that make messages valid, so that both
/// sides of every rule are exercised.
fn string_from(valid: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        12 => prop::sample::select(valid).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "\\PC{0,30}",
        1 => prop::collection::vec(any::<char>(), 0..1200).prop_map(String::from_iter),
    ]
    .boxed()
}

/// A field that is present with probability `p`.
fn maybe<T: std::fmt::Debug + Clone + 'static>(p: f64, s: impl Strategy<Value = T> + 'static) -> BoxedStrategy<Option<T>> {
    prop::option::weighted(p, s).boxed()
}

/// Presence probability of a field: high where it applies, low elsewhere (to exercise
/// `not_allowed` without making every message invalid).
fn p(relevant: bool) -> f64 {
    if relevant { 0.85 } else { 0.02 }
}

const CHANNELS: &[&str] = &["whatsapp", "telegram", "instagram", "messenger"];
const KINDS: &[&str] = &["text", "media", "template"];
const IDS: &[&str] = &["c_1", "6523f0c1a2b3c4d5e6f70001", "a/b?c#d", "..", "ü"];
const PHONES: &[&str] = &["+16505551234", "+44 20 7946 0958", "0049 (0)30 1234567"];
const TEXTS: &[&str] = &["Hello", "Grüße 😀", "line\nbreak ok in text", "a    b"];
const URLS: &[&str] = &["https://cdn.example.com/a.png", "http://x.io/b.mp4?sig=1", "tg://resolve?domain=x"];
const MIMES: &[&str] = &["image/png", "image/jpeg", "video/mp4", "application/pdf", "audio/ogg; codecs=opus"];
const DATES: &[&str] = &["2030-01-15T10:30:00+01:00", "2031-12-31T23:59:59.999Z", "2020-01-01T00:00:00Z"];
const BUTTON_TYPES: &[&str] = &["web_url", "postback"];
const HEADER_TYPES: &[&str] = &["IMAGE"];

fn target(whatsapp: bool) -> impl Strategy<Value = TargetInput> {
    let choice = if whatsapp { 0usize..3 } else { 0usize..1 };
    (choice, string_from(IDS), string_from(PHONES), maybe(0.3, string_from(TEXTS)), maybe(0.03, string_from(IDS)))
        .prop_map(|(which, id, phone, name, stray)| match which {
            0 => TargetInput { contact_id: Some(id), client_id: stray, ..Default::default() },
            1 => TargetInput { client_id: Some(id), contact_id: stray, ..Default::default() },
            _ => TargetInput { phone_number: Some(phone), name, ..Default::default() },
        })
}

fn button() -> impl Strategy<Value = ButtonInput> {
    (maybe(0.95, string_from(TEXTS)), maybe(0.7, string_from(URLS)), maybe(0.5, string_from(TEXTS)), maybe(0.5, string_from(BUTTON_TYPES)))
        .prop_map(|(title, url, payload, kind)| ButtonInput { title, url, payload, kind, ..Default::default() })
}

fn element() -> impl Strategy<Value = ElementInput> {
    (
        maybe(0.95, string_from(TEXTS)),
        maybe(0.8, string_from(TEXTS)),
        maybe(0.5, string_from(URLS)),
        maybe(0.3, maybe(0.9, string_from(URLS))),
        maybe(0.4, prop::collection::vec(button(), 0..4)),
    )
        .prop_map(|(title, subtitle, image_url, action, buttons)| ElementInput {
            title,
            subtitle,
            image_url,
            default_action: action.map(|url| DefaultActionInput { url, ..Default::default() }),
            buttons,
            ..Default::default()
        })
}

fn params(relevant: bool) -> BoxedStrategy<Option<Vec<String>>> {
    maybe(if relevant { 0.4 } else { 0.02 }, prop::collection::vec(string_from(TEXTS), 0..3))
}

/// Coordinates as Rust callers make them (from doubles, NaN included) and as JSON text
/// arrives (any JSON spelling, at and beyond the bounds).
fn coordinate() -> BoxedStrategy<Coordinate> {
    let from_f64 = prop_oneof![6 => -90.0f64..90.0, 1 => -200.0f64..200.0, 1 => any::<f64>(), 1 => Just(f64::NAN)].prop_map(Coordinate::from_f64);
    let texts = &["90", "-90.0", "9e1", "1.8E+2", "-0", "1e-400", "90.00000000000001", "-180.0000001", "1e300"][..];
    let from_text = prop::sample::select(texts).prop_map(|t| Coordinate::parse(t).unwrap());
    prop_oneof![4 => from_f64, 1 => from_text].boxed()
}

/// A message whose fields mostly fit its (mostly valid) channel and type.
fn message() -> impl Strategy<Value = MessageInput> {
    (string_from(CHANNELS), string_from(KINDS)).prop_flat_map(|(channel, kind)| {
        let wa = channel == "whatsapp";
        let tg = channel == "telegram";
        let template = kind == "template";
        let head = (maybe(0.97, target(wa)), maybe(0.7, string_from(IDS)), maybe(p(!template || wa) * 0.4, string_from(DATES)));
        let content = (
            maybe(p(kind == "text" || (tg && template)), string_from(TEXTS)),
            maybe(if kind == "media" { 0.95 } else if tg && template { 0.4 } else { 0.02 }, string_from(URLS)),
            maybe(if kind == "media" { 0.95 } else if tg && template { 0.4 } else { 0.02 }, string_from(MIMES)),
            maybe(if tg && template { 0.3 } else { 0.01 }, string_from(HEADER_TYPES)),
        );
        let wat = wa && template;
        let wa_fields = (
            maybe(p(wat), (maybe(0.97, string_from(TEXTS)), maybe(0.97, string_from(TEXTS))).prop_map(|(name, language)| TemplateInput { name, language, ..Default::default() })),
            maybe(if wat { 0.3 } else { 0.01 }, string_from(URLS)),
            params(wat),
            params(wat),
            params(wat),
            maybe(if wat { 0.3 } else { 0.01 }, (maybe(0.95, coordinate()), maybe(0.95, coordinate()), maybe(0.4, string_from(TEXTS)), maybe(0.4, string_from(TEXTS))).prop_map(
                |(latitude, longitude, address, name)| LocationParametersInput { latitude, longitude, address, name, ..Default::default() },
            )),
            maybe(if wat { 0.3 } else { 0.01 }, (maybe(0.95, string_from(IDS)), maybe(0.5, string_from(TEXTS))).prop_map(|(flow_token, flow_data)| FlowParametersInput { flow_token, flow_data, ..Default::default() })),
        );
        let lists = (
            maybe(if tg && template { 0.5 } else { 0.01 }, prop::collection::vec(button(), 0..4)),
            maybe(p(template && !wa && !tg), prop_oneof![
                4 => prop::collection::vec(element(), 1..3),
                1 => prop::collection::vec(element(), 0..12),
            ]),
        );
        (Just((channel, kind)), head, content, wa_fields, lists)
    })
    .prop_map(|((channel, kind), (to, location_id, schedule_at), (text, media_url, mime_type, header_type), (template, header_media_url, header_text_parameters, body_text_parameters, button_url_parameters, location_parameters, flow_parameters), (buttons, elements))| {
        MessageInput {
            channel: Some(channel), kind: Some(kind), to, location_id, schedule_at, text, media_url, mime_type, template, header_media_url,
            header_text_parameters, body_text_parameters, button_url_parameters, location_parameters, flow_parameters,
            header_type, buttons, elements, ..Default::default()
        }
    })
}

/// Fields the vendor page marks as required, per endpoint, beyond the target.
fn required_keys(name: &str) -> &'static [&'static str] {
    match name.split_once('_').map(|(_, e)| e) {
        Some("sendtext") => &["textMessage", "location"],
        Some("sendmedia") => &["mimeType", "mediaUrl", "location"],
        _ if name.starts_with("whatsapp") => &["template", "location"],
        _ if name.starts_with("telegram") => &["textMessage", "location"],
        _ => &["elements", "location"],
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn validation_never_panics_and_accepted_messages_fit_the_vendor_shape(input in message(), now in prop::option::of(1_700_000_000_000i64..2_000_000_000_000)) {
        let ctx = ValidationContext { now_ms: now, default_location_id: None, require_location: false };
        let _ = MessageBuilder::from_input(input.clone()).build();
        let Ok(msg) = validate_message(&input, &ctx) else { return Ok(()) };
        let key = ApiKey::new("k").unwrap();
        let req = prepare_send(&msg, &BaseUrl::default(), &key, Some("loc_default"), now).expect("an accepted message prepares");
        let body = req.body.expect("sends have a body");
        let name = format!("{}_{}", msg.channel().as_str(), msg.kind().endpoint());
        let json = vendor_shape::parse(&body);
        if let Err(problem) = vendor_shape::check_shape(&name, &json) {
            return Err(TestCaseError::fail(format!("{problem}\n{body}")));
        }
        let targets = ["client", "contact", "recepient"].iter().filter(|k| json.get(k).is_some()).count();
        prop_assert_eq!(targets, 1, "{}", body);
        for key in required_keys(&name) {
            prop_assert!(json.get(key).is_some(), "{} lacks {}: {}", name, key, body);
        }
        if let MessageContent::GenericTemplate(elements) = msg.content() {
            prop_assert!((1..=10).contains(&elements.len()));
        }
        prop_assert!(req.url.ends_with(&msg.path()));
    }

    #[test]
    fn arbitrary_json_objects_never_panic(entries in prop::collection::btree_map("[a-zA-Z]{1,12}", any::<String>(), 0..8)) {
        let value = serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect());
        if let Ok(input) = whautomate::__js::json::from_json::<MessageInput>(&value.to_string()) {
            let _ = validate_message(&input, &ValidationContext::at(0).requiring_location(true));
        }
    }

    #[test]
    fn timestamps_round_trip(ms in -62_167_219_200_000i64..253_402_300_799_999) {
        let text = format_unix_ms(ms);
        prop_assert_eq!(parse_rfc3339_ms(&text), Some(ms));
    }

    #[test]
    fn timestamp_parsing_never_panics(text in "\\PC{0,40}") {
        let _ = parse_rfc3339_ms(&text);
    }

    #[test]
    fn normalised_phone_numbers_are_e164_and_stable(raw in "[+0-9 ()./-]{0,25}") {
        if let Some(e164) = normalize_phone_number(&raw) {
            let digits = &e164[1..];
            prop_assert!(e164.starts_with('+') && (8..=15).contains(&digits.len()));
            prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0'));
            prop_assert_eq!(normalize_phone_number(&e164), Some(e164.clone()));
        }
    }

    #[test]
    fn path_segments_stay_in_their_segment(id in any::<String>()) {
        let encoded = encode_path_segment(&id);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        prop_assert!(encoded != "." && encoded != "..");
        // decoding gives the id back
        let bytes = encoded.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap(), 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        prop_assert_eq!(String::from_utf8(out).unwrap(), id.clone());
        let key = ApiKey::new("k").unwrap();
        if let Ok(req) = prepare_history(&id, &HistoryQuery { search_text: Some(id.clone()), ..Default::default() }, &BaseUrl::default(), &key) {
            let rest = req.url.strip_prefix("https://api.whautomate.com/v1/messages/").unwrap();
            prop_assert!(!rest.contains('/') && !rest.contains('#') && rest.matches('?').count() <= 1);
        }
    }
}

/// Guards the property above against vacuity: the generator must produce accepted
/// messages for every one of the twelve send endpoints.
#[test]
fn the_generator_reaches_every_send_endpoint() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = message();
    let mut seen = std::collections::BTreeMap::new();
    for _ in 0..3_000 {
        let input = strategy.new_tree(&mut runner).unwrap().current();
        if let Ok(msg) = validate_message(&input, &ValidationContext::default()) {
            *seen.entry(msg.path()).or_insert(0u32) += 1;
        }
    }
    println!("{seen:?}");
    assert_eq!(seen.len(), 12, "{seen:?}");
}

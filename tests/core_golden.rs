//! Golden tests: the exact method, URL, headers and body of each of the thirteen calls of
//! the Messages API, from JS-shaped inputs (tests/fixtures/golden/*.input.json) to the
//! bodies of tests/fixtures/golden/*.body.json (the vendor's sample bodies with realistic
//! values).
#![cfg(not(target_arch = "wasm32"))] // native suites (proptest is native-only)

#[path = "fixtures/vendor_shape.rs"]
mod vendor_shape;

use whautomate::model::{HistoryMessage, MessageInput};
use whautomate::request::{parse_history_response, prepare_history, prepare_input, HistoryQuery};
use whautomate::{ApiKey, BaseUrl, Method};

#[path = "support/golden.rs"]
mod golden;
use golden::{fixture, NOW_MS, SENDS};

fn key() -> ApiKey {
    ApiKey::new("test-key-123").unwrap()
}

#[test]
fn every_send_matches_its_golden_request_byte_for_byte() {
    let base = BaseUrl::parse("https://api.whautomate.com").unwrap();
    for name in SENDS {
        let input: MessageInput = whautomate::__js::json::from_json(&fixture(&format!("golden/{name}.input.json"))).unwrap();
        let req = prepare_input(&input, &base, &key(), None, Some(NOW_MS)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let (channel, endpoint) = name.split_once('_').unwrap();
        assert_eq!(req.method, Method::Post, "{name}");
        assert_eq!(req.url, format!("https://api.whautomate.com/v1/messages/{channel}/{endpoint}"), "{name}");
        assert_eq!(
            req.headers,
            vec![
                ("x-api-key", "test-key-123".to_string()),
                ("content-type", "application/json".to_string()),
                ("accept", "application/json".to_string()),
            ],
            "{name}"
        );
        let expected = fixture(&format!("golden/{name}.body.json"));
        assert_eq!(req.body.as_deref(), Some(expected.trim_end()), "{name}");
    }
}

#[test]
fn every_golden_body_has_the_vendors_shape() {
    for name in SENDS {
        let body = vendor_shape::parse(&fixture(&format!("golden/{name}.body.json")));
        vendor_shape::check_shape(name, &body).unwrap();
        // Every top-level key of the vendor sample is exercised by at least one fixture,
        // except the targets WhatsApp shares out between its three fixtures.
        let sample = vendor_shape::vendor_sample(name);
        for key in sample.keys() {
            if !["client", "contact", "recepient"].contains(&key) {
                assert!(body.get(key).is_some(), "{name}: fixture lacks {key}");
            }
        }
    }
}

#[test]
fn whatsapp_fixtures_cover_all_three_targets() {
    let targets: Vec<String> = ["whatsapp_sendtext", "whatsapp_sendmedia", "whatsapp_sendtemplate"]
        .iter()
        .map(|name| vendor_shape::parse(&fixture(&format!("golden/{name}.body.json"))).keys()[0].to_string())
        .collect();
    assert_eq!(targets, ["contact", "client", "recepient"]);
}

#[test]
fn the_location_falls_back_to_the_client_default() {
    let mut input: MessageInput = whautomate::__js::json::from_json(&fixture("golden/telegram_sendtext.input.json")).unwrap();
    input.location_id = None;
    let req = prepare_input(&input, &BaseUrl::default(), &key(), Some("loc_9f8e7d"), Some(NOW_MS)).unwrap();
    assert_eq!(req.body.as_deref(), Some(fixture("golden/telegram_sendtext.body.json").trim_end()));
    let err = prepare_input(&input, &BaseUrl::default(), &key(), None, Some(NOW_MS)).unwrap_err();
    assert_eq!(err.field(), Some("locationId"));
}

#[test]
fn history_get_matches_its_golden_request() {
    let base = BaseUrl::parse("https://api.in.whautomate.com").unwrap();
    let query = HistoryQuery { page: Some(2), limit: Some(50), search_text: Some("order 1042".into()) };
    let req = prepare_history("6523f0c1a2b3c4d5e6f70001", &query, &base, &key()).unwrap();
    assert_eq!(req.method, Method::Get);
    assert_eq!(req.url, "https://api.in.whautomate.com/v1/messages/6523f0c1a2b3c4d5e6f70001?limit=50&page=2&searchText=order%201042");
    assert_eq!(req.headers, vec![("x-api-key", "test-key-123".to_string()), ("accept", "application/json".to_string())]);
    assert_eq!(req.body, None);

    let no_query = prepare_history("c1", &HistoryQuery::default(), &base, &key()).unwrap();
    assert_eq!(no_query.url, "https://api.in.whautomate.com/v1/messages/c1");
}

#[test]
fn history_path_segments_cannot_escape() {
    let base = BaseUrl::default();
    for (id, encoded) in [
        ("../locations", "..%2Flocations"),
        ("...", "..."),
        ("a?b#c", "a%3Fb%23c"),
        ("a b%20", "a%20b%2520"),
        ("ü/", "%C3%BC%2F"),
    ] {
        let req = prepare_history(id, &HistoryQuery::default(), &base, &key()).unwrap();
        assert_eq!(req.url, format!("https://api.whautomate.com/v1/messages/{encoded}"), "{id}");
    }
    // fetch (WHATWG URL) resolves `%2E` / `%2E%2E` segments like `.` / `..`: no encoding
    // keeps these two inside the segment, so they are refused.
    for id in [".", ".."] {
        let err = prepare_history(id, &HistoryQuery::default(), &base, &key()).unwrap_err();
        assert_eq!((err.field(), err.violations()[0].code), (Some("contactId"), "invalid_value"), "{id}");
    }
}

#[test]
fn history_query_is_checked() {
    let base = BaseUrl::default();
    let err = prepare_history(" ", &HistoryQuery { page: Some(0), limit: Some(0), search_text: None }, &base, &key()).unwrap_err();
    let fields: Vec<_> = err.violations().iter().map(|v| (v.field.as_str(), v.code)).collect();
    assert_eq!(fields, [("contactId", "required"), ("page", "out_of_range"), ("limit", "out_of_range")]);
    let req = prepare_history("c", &HistoryQuery { search_text: Some(String::new()), ..Default::default() }, &base, &key()).unwrap();
    assert_eq!(req.url, "https://api.whautomate.com/v1/messages/c");
    let req = prepare_history("c", &HistoryQuery { search_text: Some("a&page=9".into()), ..Default::default() }, &base, &key()).unwrap();
    assert_eq!(req.url, "https://api.whautomate.com/v1/messages/c?searchText=a%26page%3D9");
}

#[test]
fn history_response_keeps_unknown_fields_and_values() {
    let text = fixture("history_response.json");
    let page = parse_history_response(200, &text).unwrap();
    assert_eq!(page.len(), 2);
    let first = &page[0];
    assert_eq!(first.id.as_deref(), Some("66b0f4f2c1a2b3c4d5e6f701"));
    assert_eq!(first.contact.as_ref().and_then(|c| c.phone_number.as_deref()), Some("+16505551234"));
    assert_eq!(first.is_incoming, Some(false));
    assert_eq!(first.kind.as_deref(), Some("template"));
    assert_eq!(first.sent_by.as_deref(), Some("api"));
    assert_eq!(first.footer_text.as_deref(), Some("Reply STOP to opt out"));
    let button = &first.options.as_ref().unwrap().buttons.as_ref().unwrap()[0];
    assert_eq!((button.kind.as_deref(), button.text.as_deref()), (Some("url"), Some("Track order")));
    let second = &page[1];
    assert_eq!(second.kind.as_deref(), Some("reaction")); // a type the SDK does not know
    assert_eq!(second.extra["createdAt"], "2025-08-07T09:35:37.797Z");

    // Round trip: nothing is lost.
    let again: Vec<HistoryMessage> = serde_json::from_str(&serde_json::to_string(&page).unwrap()).unwrap();
    assert_eq!(again, page);
    let original: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&page).unwrap(), original);
}

#[test]
fn history_vendor_sample_parses() {
    let sample = r#"[{"id":"text","contact":{"id":"text","channel":"text","phoneNumber":"text"},"channel":"text","isIncoming":true,"type":"text","sentBy":"text","status":"text","errorMessage":"text","mediaUrl":"text","text":"text","footerText":"text","options":{"type":"text","buttons":[{"type":"text","text":"text","url":"text"}]}}]"#;
    let page = parse_history_response(200, sample).unwrap();
    assert_eq!(serde_json::to_string(&page).unwrap(), sample);
    assert!(page[0].extra.is_empty());
}

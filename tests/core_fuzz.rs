//! Fuzzing by property, at high case counts: the JSON message entry, the request builders,
//! the response parsers and the configuration checks take hostile input and never panic
//! (a panic in wasm aborts the module: every later call fails), and what they accept has
//! the shape the wire needs.
//!
//! Cases per property: `FUZZ_CASES` (or `PROPTEST_CASES`), 2,000 by default (`make test`);
//! `make fuzz` runs 200,000.
#![cfg(not(target_arch = "wasm32"))] // proptest is native-only
// The expected-outcome tables keep one arm per status class the docs list, and a default
// body per kind, even where two answer the same.
#![allow(clippy::match_same_arms)]

use proptest::prelude::*;
use whautomate::__js::json::{from_json, parse, Value};
use whautomate::request::{parse_history_response, parse_send_response, prepare_history, prepare_input, HistoryQuery};
use whautomate::{ApiKey, BaseUrl, ErrorCode, MessageInput};

const KEY: &str = "sk_fuzz_SECRET_4b1d";

#[path = "support/fuzz_config.rs"]
mod fuzz_config;
use fuzz_config::config;

const KEYS: &[&str] = &[
    "channel", "type", "to", "contactId", "clientId", "phoneNumber", "name", "locationId", "scheduleAt", "text",
    "mediaUrl", "mimeType", "template", "language", "headerMediaUrl", "headerTextParameters", "bodyTextParameters",
    "buttonUrlParameters", "locationParameters", "latitude", "longitude", "address", "flowParameters", "flowToken",
    "flowData", "headerType", "buttons", "title", "url", "payload", "elements", "subtitle", "imageUrl",
    "defaultAction", "__proto__", "constructor", "prototype", "", "success", "message", "error", "id",
];
const STRINGS: &[&str] = &[
    "whatsapp", "telegram", "instagram", "messenger", "text", "media", "template", "ct_1", "cl_1", "loc_1",
    "+16505551234", "image/png", "https://cdn.example.com/a.png", "web_url", "postback", "IMAGE", "en_US",
    "2031-12-31T23:59:59.999Z", "2020-01-01T00:00:00Z", "a/b?c#d", "..", ".", "%2F", "\u{0}", "\r\nx-evil: 1",
    "\u{FEFF}", "😀", "\u{202E}", "",
];

/// JSON text built from the message vocabulary, with arbitrary scalars mixed in.
fn json_value() -> impl Strategy<Value = String> {
    let scalar = prop_oneof![
        4 => prop::sample::select(STRINGS).prop_map(quote),
        2 => any::<String>().prop_map(|s| quote(&s)),
        1 => any::<f64>().prop_map(|n| if n.is_finite() { format!("{n:e}") } else { "1e999".into() }),
        1 => prop::sample::select(&["0", "-0", "1", "-1", "1.5", "1e308", "-1e-308", "90", "-180.0000001", "9007199254740993"][..]).prop_map(str::to_string),
        1 => Just("true".to_string()),
        1 => Just("false".to_string()),
        1 => Just("null".to_string()),
    ];
    scalar.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|items| format!("[{}]", items.join(","))),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..8).prop_map(|members| {
                let members: Vec<String> = members.into_iter().map(|(k, v)| format!("{}:{v}", quote(k))).collect();
                format!("{{{}}}", members.join(","))
            }),
        ]
    })
}

/// A message-shaped object: a valid skeleton for its channel and type (mostly), with
/// fuzzed members added or replacing the skeleton's.
fn message_json() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["whatsapp", "telegram", "instagram", "messenger", "whatsapp", "telegram", "fax"][..]),
        prop::sample::select(&["text", "media", "template", "text", "sticker"][..]),
        prop::option::weighted(0.5, prop::collection::vec((prop::sample::select(KEYS), json_value()), 1..4)),
        prop::sample::select(&[r#"{"contactId":"ct_1"}"#, r#"{"contactId":"a/b?c#d/.."}"#, r#"{"phoneNumber":"+16505551234"}"#, r#"{"clientId":"cl_1"}"#, "{}", "null"][..]),
    )
        .prop_map(|(channel, kind, extra, to)| {
            let body = match (channel, kind) {
                (_, "text") => r#""text":"hi""#,
                (_, "media") => r#""mediaUrl":"https://x.io/a.png","mimeType":"image/png""#,
                ("whatsapp", "template") => r#""template":{"name":"t","language":"en"}"#,
                ("telegram", "template") => r#""text":"hi","buttons":[{"title":"Go","url":"https://x.io"}]"#,
                (_, "template") => r#""elements":[{"title":"a","subtitle":"b","buttons":[{"title":"Go","url":"https://x.io"}]}]"#,
                _ => r#""text":"hi""#,
            };
            let mut s = format!(r#"{{"channel":"{channel}","type":"{kind}","to":{to},{body}"#);
            for (k, v) in extra.unwrap_or_default() {
                s.push(',');
                s.push_str(&quote(k));
                s.push(':');
                s.push_str(&v);
            }
            s.push('}');
            s
        })
}

/// Damages valid-looking JSON text: truncation, a byte flipped, deep nesting.
fn mangled(text: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (text, any::<prop::sample::Index>(), any::<char>(), 0u8..6).prop_map(|(s, at, c, how)| {
        let cut = |s: &str| { let mut i = at.index(s.len() + 1); while !s.is_char_boundary(i) { i -= 1; } i };
        match how {
            0 => s[..cut(&s)].to_string(),
            1 => { let i = cut(&s); format!("{}{c}{}", &s[..i], &s[i..]) }
            2 => format!("{}{s}{}", "[".repeat(at.index(400)), "]".repeat(at.index(400))),
            _ => s,
        }
    })
}

fn quote(s: &str) -> String {
    let mut out = String::new();
    whautomate::__js::json::write_str(&mut out, s);
    out
}

fn has_null(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(items) => items.iter().any(has_null),
        Value::Object(members) => members.iter().any(|(_, v)| has_null(v)),
        _ => false,
    }
}

proptest! {
    #![proptest_config(config())]

    /// Any text into the message entry: an error or a request, never a panic; an accepted
    /// message becomes a POST to its endpoint with a JSON body free of nulls and of the key.
    #[test]
    fn message_json_in_request_out(text in prop_oneof![mangled(message_json()), mangled(json_value()), any::<String>()]) {
        let base = BaseUrl::parse("https://api.whautomate.com").unwrap();
        let key = ApiKey::new(KEY).unwrap();
        match from_json::<MessageInput>(&text) {
            Err(e) => {
                prop_assert_eq!(e.code(), ErrorCode::InvalidInput);
                prop_assert!(!e.violations().is_empty());
            }
            Ok(input) => {
                if let Ok(req) = prepare_input(&input, &base, &key, Some("loc_1"), Some(1_700_000_000_000)) {
                    let path = req.url.strip_prefix("https://api.whautomate.com/v1/messages/").unwrap();
                    let (channel, op) = path.split_once('/').unwrap();
                    prop_assert!(["whatsapp", "telegram", "instagram", "messenger"].contains(&channel));
                    prop_assert!(["sendtext", "sendmedia", "sendtemplate"].contains(&op));
                    let body = req.body.as_deref().unwrap();
                    let tree = parse(body).map_err(|e| TestCaseError::fail(format!("body is not JSON: {e:?}: {body}")))?;
                    prop_assert!(matches!(tree, Value::Object(_)));
                    prop_assert!(!has_null(&tree), "null in body {}", body);
                    prop_assert!(!body.contains(KEY) && !req.url.contains(KEY));
                    let key_headers: Vec<_> = req.headers.iter().filter(|(n, _)| *n == "x-api-key").collect();
                    prop_assert_eq!(key_headers.len(), 1);
                    prop_assert_eq!(key_headers[0].1.as_str(), KEY);
                }
            }
        }
    }

    /// Any status and body from the server: a send result whose flags are right.
    #[test]
    fn send_responses_are_classified(status in prop_oneof![100u16..600, any::<u16>()], body in prop_oneof![mangled(json_value()), any::<String>(), Just(r#"{"success":true}"#.to_string())]) {
        match parse_send_response(status, &body) {
            Ok(()) => prop_assert!((200..300).contains(&status)),
            Err(e) => {
                prop_assert!(!e.message().is_empty());
                // Arms overlap on purpose: the specific statuses first, then their class.
                #[allow(clippy::match_overlapping_arm)]
                let expected = match status {
                    200..=299 => (ErrorCode::InvalidResponse, true, false),
                    // A redirect is refused unfollowed: nothing was accepted.
                    300..=399 => (ErrorCode::HttpError, false, false),
                    400 => (ErrorCode::BadRequest, false, false),
                    401 | 403 => (ErrorCode::Unauthorized, false, false),
                    404 => (ErrorCode::NotFound, false, false),
                    429 => (ErrorCode::RateLimited, false, true),
                    500..=599 => (ErrorCode::ServerError, true, false),
                    // Any other 4xx: the server refused the request; anything else: unknown.
                    400..=499 => (ErrorCode::HttpError, false, false),
                    // 1xx (fetch never shows one): unknown; beyond HTTP: not a response.
                    100..=199 => (ErrorCode::HttpError, true, false),
                    _ => (ErrorCode::InvalidResponse, true, false),
                };
                prop_assert_eq!((e.code(), e.may_have_been_sent(), e.retryable()), expected, "status {}", status);
            }
        }
    }

    /// History pages: arrays of arbitrary objects, or anything else; never a panic.
    #[test]
    fn history_responses_never_panic(status in prop_oneof![200u16..201, 100u16..600], body in prop_oneof![
        prop::collection::vec(json_value(), 0..5).prop_map(|v| format!("[{}]", v.join(","))),
        mangled(json_value()),
        any::<String>(),
    ]) {
        match parse_history_response(status, &body) {
            Ok(_) => prop_assert!((200..300).contains(&status)),
            Err(e) if (200..300).contains(&status) => prop_assert_eq!(e.code(), ErrorCode::InvalidResponse),
            Err(e) => prop_assert_eq!(e.retryable(), status == 429 || (500..600).contains(&status)),
        }
    }

    /// Hosts: never a panic; plain http only to a loopback address; always ends in /v1.
    #[test]
    fn hosts_are_checked(host in prop_oneof![
        any::<String>(),
        (prop::sample::select(&["http", "https", "HTTP", "ftp", "javascript", ""][..]),
         prop::sample::select(&["localhost", "127.0.0.1", "127.255.255.255", "[::1]", "[::2]", "example.com", "10.0.0.1",
             "127.0.0.1.evil.com", "localhost.evil.com", "0x7f.0.0.1", "127.1", "evil.com@127.0.0.1", "127.0.0.1@evil.com",
             "[::ffff:127.0.0.1]", "0.0.0.0", "", "api.whautomate.com", "127.0.0.256", "loca\nlhost"][..]),
         prop::sample::select(&["", ":8080", ":0", ":99999", ":x"][..]),
         prop::sample::select(&["", "/", "/v1", "/v1/", "/base/v1", "?a=1", "#f", "/../", " "][..]))
            .prop_map(|(s, h, p, path)| format!("{s}://{h}{p}{path}")),
    ]) {
        if let Ok(base) = BaseUrl::parse(&host) {
            let url = base.as_str();
            prop_assert!(url.ends_with("/v1"));
            prop_assert!(!url.contains(['?', '#', '@']) && !url.contains(char::is_whitespace) && !url.contains(char::is_control));
            if let Some(rest) = url.strip_prefix("http://") {
                let authority = rest.split('/').next().unwrap();
                let host = if authority.starts_with('[') { authority.split(']').next().unwrap().to_string() + "]" } else { authority.split(':').next().unwrap().to_ascii_lowercase() };
                let loopback = host == "localhost" || host == "[::1]"
                    || (host.starts_with("127.") && host.split('.').count() == 4 && host.split('.').all(|o| o.parse::<u8>().is_ok()));
                prop_assert!(loopback, "plain http to a non-loopback host: {}", url);
            } else {
                prop_assert!(url.starts_with("https://"), "{}", url);
            }
        }
    }

    /// API keys: refused when they could break the header; never echoed in an error.
    #[test]
    fn api_keys_are_checked(key in prop_oneof![any::<String>(), "[ -~]{0,40}", "sk_[a-z]{4}[\r\n\t\u{0}][ -~]{0,10}".prop_map(String::from)]) {
        match ApiKey::new(key.clone()) {
            Ok(k) => {
                // Surrounding space, tab, CR and LF are trimmed, as fetch trims a header.
                let trimmed = key.trim_matches([' ', '\t', '\r', '\n']);
                prop_assert_eq!(k.expose(), trimmed);
                prop_assert!(!trimmed.is_empty() && trimmed.is_ascii() && !trimmed.chars().any(char::is_control));
                let debug = format!("{k:?}");
                prop_assert!(!debug.contains(&key) || key.len() < 4);
            }
            Err(e) => {
                prop_assert_eq!(e.field(), Some("apiKey"));
                if key.trim().len() >= 4 {
                    let debug = format!("{e:?}");
                    prop_assert!(!e.message().contains(key.trim()) && !debug.contains(key.trim()));
                }
            }
        }
    }

    /// Contact ids stay in their one path segment, whatever they hold.
    #[test]
    fn contact_ids_stay_in_their_segment(id in prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(&["/", "?", "#", "..", ".", "%", "%2e", "\\", " ", "&", "=", "ü", "a"][..]), 1..8).prop_map(|v| v.concat()),
    ], page in prop::option::of(0u32..5), limit in prop::option::of(0u32..500)) {
        let key = ApiKey::new(KEY).unwrap();
        let query = HistoryQuery { page, limit, search_text: Some(id.clone()) };
        if let Ok(req) = prepare_history(&id, &query, &BaseUrl::default(), &key) {
            let rest = req.url.strip_prefix("https://api.whautomate.com/v1/messages/").unwrap();
            let segment = rest.split('?').next().unwrap();
            prop_assert!(!segment.is_empty() && segment != "." && segment != "..");
            prop_assert!(segment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)), "{}", segment);
            prop_assert!(!rest.contains('#') && rest.matches('?').count() <= 1);
        }
    }
}

/// The parser's depth limit holds for nesting far beyond it (no stack overflow).
#[test]
fn deep_nesting_is_refused_not_recursed() {
    for depth in [129, 1_000, 100_000] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(&text).is_err(), "depth {depth}");
        let text = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        assert!(from_json::<MessageInput>(&text).is_err());
    }
    let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(parse(&ok).is_ok());
}

/// Guards `message_json_in_request_out` against vacuity: a fair share of the generated
/// messages must be accepted, or the request-side assertions would never run.
#[test]
fn the_message_generator_reaches_accepted_messages() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = message_json();
    let base = BaseUrl::default();
    let key = ApiKey::new(KEY).unwrap();
    let mut accepted = 0;
    for _ in 0..1_000 {
        let text = strategy.new_tree(&mut runner).unwrap().current();
        if let Ok(input) = from_json::<MessageInput>(&text) {
            accepted += usize::from(prepare_input(&input, &base, &key, Some("loc_1"), Some(1_700_000_000_000)).is_ok());
        }
    }
    assert!(accepted >= 50, "only {accepted} of 1000 generated messages were accepted");
}

/// Found by tests/js/security.test.mjs: fetch (WHATWG URL parsing) treats
/// `%2E` and `%2E%2E` as dot segments and removes them, so a contact id that is exactly
/// `.` or `..` sends the request outside its segment (`GET /v1/?limit=5`). No encoding
/// survives that, so the two ids are refused.
#[test]
fn dot_segment_contact_ids_are_refused() {
    let key = ApiKey::new(KEY).unwrap();
    for id in [".", "..", "%2e", "%2E%2E"] {
        let result = prepare_history(id, &HistoryQuery::default(), &BaseUrl::default(), &key);
        if let Ok(req) = result {
            let segment = req.url.strip_prefix("https://api.whautomate.com/v1/messages/").unwrap().split('?').next().unwrap().to_string();
            let lower = segment.to_ascii_lowercase();
            assert!(![".", "..", "%2e", "%2e%2e", ".%2e", "%2e."].contains(&lower.as_str()), "{id} → {segment}");
        }
    }
}

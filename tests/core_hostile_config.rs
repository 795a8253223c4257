//! Hostile configuration and hostile servers: the host rules on what a WHATWG URL parser
//! (the `url` crate, as fetch's) reads, and the base URL re-read as fetch will read it, API keys with whitespace around them, a server
//! that echoes the key in every JSON spelling or sends a huge body, and redirects.
//!
//! Cases per property: `FUZZ_CASES` (or `PROPTEST_CASES`), 2,000 by default, as in
//! `tests/core_fuzz.rs`.
#![cfg(not(target_arch = "wasm32"))] // proptest and url are native-only

use proptest::prelude::*;
use futures_executor::block_on;
use std::fmt::Write as _;
use whautomate::client::{Client, ClientOptions};
use whautomate::__js::{error_body_prefix_len, ERROR_BODY_CAP};
use whautomate::model::{Channel, MessageBuilder, MessageKind};
use whautomate::request::parse_send_response;
use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
use whautomate::{ApiKey, BaseUrl, Error, ErrorCode, API_KEY_HEADER};

#[path = "support/fuzz_config.rs"]
mod fuzz_config;
use fuzz_config::config;

#[path = "support/host_table.rs"]
mod host_table;

// ---------------------------------------------------------------------------------------
// Hosts

/// `host` as `BaseUrl::parse` must treat it: when it accepts, the WHATWG parser accepts
/// the same text, and the base URL names the same scheme, server and port, with the
/// path prefix kept. Returns whether it was accepted.
fn check_against_whatwg(host: &str) -> Result<bool, TestCaseError> {
    let base = match BaseUrl::parse(host) {
        Err(e) => {
            prop_assert_eq!(e.code(), ErrorCode::InvalidInput);
            prop_assert_eq!(e.violations().len(), 1);
            let v = &e.violations()[0];
            prop_assert_eq!(v.field.as_str(), "host");
            prop_assert!(v.code == "invalid_url" || v.code == "insecure_host", "{}", v.code);
            prop_assert!(!v.message.is_empty() && v.message.starts_with("host"), "{}", v.message);
            prop_assert!(!echoes_more_than_64_chars(&v.message, host), "{:?} echoed in {}", host, v.message);
            return Ok(false);
        }
        Ok(base) => base,
    };
    let given = url::Url::parse(host).map_err(|e| TestCaseError::fail(format!("accepted {host:?}, which WHATWG refuses: {e}")))?;
    let ours = url::Url::parse(base.as_str()).map_err(|e| TestCaseError::fail(format!("{host:?} became {}, which WHATWG refuses: {e}", base.as_str())))?;
    prop_assert!(matches!(given.scheme(), "http" | "https"), "{:?}", host);
    prop_assert_eq!(ours.scheme(), given.scheme(), "{:?}", host);
    prop_assert_eq!(ours.host(), given.host(), "{:?} → {}", host, base.as_str());
    prop_assert_eq!(ours.port_or_known_default(), given.port_or_known_default(), "{:?}", host);
    prop_assert!(given.username().is_empty() && given.password().is_none(), "{:?}", host);
    // (An empty `?` or `#` is none to the URL API's getters, which the rule reads.)
    prop_assert!(given.query().unwrap_or_default().is_empty() && given.fragment().unwrap_or_default().is_empty(), "{:?}", host);
    // The prefix is the given path, without trailing slashes or one trailing /v1.
    let path = given.path().trim_end_matches('/');
    let expected = format!("{}/v1", path.strip_suffix("/v1").unwrap_or(path));
    prop_assert_eq!(ours.path(), expected.as_str(), "{:?}", host);
    // Already in WHATWG's own spelling (but for IPv6, which WHATWG also compresses).
    if !matches!(ours.host(), Some(url::Host::Ipv6(_))) {
        prop_assert_eq!(ours.as_str(), base.as_str());
    }
    // Plain http only to loopback.
    if ours.scheme() == "http" {
        let loopback = match ours.host() {
            Some(url::Host::Domain(name)) => name == "localhost",
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        prop_assert!(loopback, "plain http to {}", base.as_str());
    }
    Ok(true)
}

/// Whether `message` holds 65 or more consecutive characters of `input`.
fn echoes_more_than_64_chars(message: &str, input: &str) -> bool {
    let chars: Vec<char> = input.chars().collect();
    chars.windows(65).any(|w| message.contains(&w.iter().collect::<String>()))
}

#[test]
fn known_good_hosts_keep_their_normalised_base() {
    for (host, base) in [
        ("https://api.whautomate.com", "https://api.whautomate.com/v1"),
        ("https://api.in.whautomate.com/", "https://api.in.whautomate.com/v1"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1"),
        ("http://[::1]:3000/v1", "http://[::1]:3000/v1"),
        ("https://proxy.example.com/whautomate", "https://proxy.example.com/whautomate/v1"),
        ("http://localhost:8787", "http://localhost:8787/v1"),
        ("  https://api.whautomate.com/v1/\n", "https://api.whautomate.com/v1"),
    ] {
        assert_eq!(BaseUrl::parse(host).unwrap().as_str(), base, "{host}");
        assert!(check_against_whatwg(host).unwrap(), "{host}");
    }
}

/// Accepted, and each is the server WHATWG reads in it, in WHATWG's own spelling: an
/// IPv4 address in any of its forms is the address it means, an international name its
/// punycode, a path its resolved and percent-encoded form.
#[test]
fn unusual_but_valid_hosts_are_taken_as_whatwg_reads_them() {
    for (host, base) in [
        ("HTTPS://API.Whautomate.COM", "https://api.whautomate.com/v1"),
        ("https://api.whautomate.com.", "https://api.whautomate.com./v1"),
        ("https://h.example:", "https://h.example/v1"),
        ("https://h.example:443", "https://h.example/v1"),
        ("https://h.example:0443", "https://h.example/v1"),
        ("https://h.example:8443", "https://h.example:8443/v1"),
        ("http://localhost:80", "http://localhost/v1"),
        ("https://my_service.internal", "https://my_service.internal/v1"),
        ("https://xn--bcher-kva.example", "https://xn--bcher-kva.example/v1"),
        ("https://XN--caf-dma.example", "https://xn--caf-dma.example/v1"),
        ("https://bücher.example", "https://xn--bcher-kva.example/v1"),
        ("https://10.0.0.1:8443/base/", "https://10.0.0.1:8443/base/v1"),
        ("https://[2001:DB8::1]/", "https://[2001:db8::1]/v1"),
        ("https://[::ffff:192.0.2.1]:8443", "https://[::ffff:c000:201]:8443/v1"),
        ("http://[::1]:", "http://[::1]/v1"),
        ("http://[0:0:0:0:0:0:0:1]", "http://[::1]/v1"),
        ("https://proxy.example.com/a%2Fb/~x/v1", "https://proxy.example.com/a%2Fb/~x/v1"),
        ("https://123.example", "https://123.example/v1"),
        ("https://0x7f.example", "https://0x7f.example/v1"),
        ("http://0x7f.1", "http://127.0.0.1/v1"),
        ("http://127.1:8080", "http://127.0.0.1:8080/v1"),
        ("https://010.0.0.1", "https://8.0.0.1/v1"),
        ("http://2130706433", "http://127.0.0.1/v1"),
        ("https://1.2.3.4.", "https://1.2.3.4/v1"),
        ("https:h.example", "https://h.example/v1"),
        ("https:\\\\h.example", "https://h.example/v1"),
        ("https://exa\tmple.com", "https://example.com/v1"),
        ("https://h.example/a b", "https://h.example/a%20b/v1"),
        ("https://h.example/a/../b", "https://h.example/b/v1"),
        ("https://h.example/%2e%2e/admin", "https://h.example/admin/v1"),
        ("https://h.example/./v1", "https://h.example/v1"),
        ("https://h.example/é", "https://h.example/%C3%A9/v1"),
        ("https://h.example/#", "https://h.example/v1"),
    ] {
        assert_eq!(BaseUrl::parse(host).map(|b| b.as_str().to_string()).map_err(|e| e.to_string()), Ok(base.to_string()), "{host}");
        assert!(check_against_whatwg(host).unwrap(), "{host}");
    }
}

/// Refused, each with a sentence on field `host`: no URL to a WHATWG parser; a URL with
/// a user or password, a query or a fragment; not http(s); plain http off loopback.
#[test]
fn hostile_hosts_are_refused() {
    let long_junk = format!("https://{}", "\u{0}x".repeat(100));
    let hostile: Vec<&str> = vec![
        // The four of the report.
        "https://h.example:99999", "https://h.example:abc", "https://[::1", "https://h%00.example",
        // Ports.
        "https://h.example:65536", "https://h.example:-1", "https://h.example:+80", "https://h.example:8080x", "https://h.example:1:2",
        "https://h.example::", "https://h.example: 80", "https://h.example:١٢", "https://h.example:99999999999999999999999",
        // Names: forbidden characters, bad punycode, lengths, numbers that are no address.
        "https://exa mple.com", "https://exa\u{0}mple.com", "https://h^.example", "https://h|.example", "https://h<x>.example",
        "https://h]", &long_junk, "https://xn--.example", "https://xn--abc-.example", "https://xn--a_b.example",
        "https://xn--zzzzzzzzzzzzzzzzz.example", "https://1.2.3.4.5", "https://1.2.3.256", "https://example.123", "https://example.0x1",
        "https://09.1.1.1",
        // IPv6.
        "https://[::1]]", "https://[::1]x", "https://[]", "https://[:]", "https://[:::1]", "https://[1::2::3]",
        "https://[1:2:3:4:5:6:7:8:9]", "https://[1:2:3:4:5:6:7]", "https://[::1.2.3]", "https://[::01.2.3.4]", "https://[fe80::1%25eth0]",
        "https://[fe80::1%eth0]", "https://[12345::]", "https://[::g]", "https://[ ::1]", "https://[v1.x]",
        // Credentials and confusions.
        "https://user@h.example", "https://user:pw@h.example", "https://h.example@evil.com", "https://evil.com#@h.example",
        "https://evil.com?@h.example", "http://[::1]@evil.com",
        // Queries and fragments.
        "https://h.example/a?b=1", "https://h.example/#f", "https://h.example?x", "https://h.example#x",
        // Not an http(s) URL, or not absolute.
        "", "   ", "h.example", "//h.example", "https://", "https://:443", "ftp://h.example", "javascript:alert(1)", "ws://h.example",
        // Plain http off loopback (insecure_host).
        "http://h.example", "http://10.0.0.1", "http://127.0.0.1.evil.com", "http://localhost.evil.com", "http://localhost.",
        "http://[::2]", "http://[::ffff:127.0.0.1]", "http://0.0.0.0", "http://0x7f.1.example",
    ];
    for host in hostile {
        let e = BaseUrl::parse(host).err().unwrap_or_else(|| panic!("{host:?} was accepted"));
        assert_eq!(e.field(), Some("host"), "{host:?}");
        let v = &e.violations()[0];
        assert!(v.code == "invalid_url" || v.code == "insecure_host", "{host:?}: {}", v.code);
        assert!(!echoes_more_than_64_chars(&v.message, host), "{host:?}");
        assert!(!check_against_whatwg(host).unwrap(), "{host:?}");
    }
}

/// The host table every reader is held to (tests/support/host_table.rs), read by the url
/// crate.
#[test]
fn the_shared_host_table_holds() {
    host_table::check_host_table();
}

/// Each refusal says what is wrong.
#[test]
fn refusals_name_the_problem() {
    let message = |host: &str| BaseUrl::parse(host).unwrap_err().violations()[0].message.clone();
    assert!(message("https://h.example:99999").contains("absolute URL"));
    assert!(message("ftp://h.example").contains("http(s)"));
    assert!(message("https://u@h.example").contains("user"));
    assert!(message("https://h.example/?q").contains("query"));
    assert_eq!(BaseUrl::parse("http://h.example").unwrap_err().violations()[0].code, "insecure_host");
}

/// Labels and pieces of hosts, hostile ones among them.
fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        24 => "[a-z][a-z0-9]{0,7}",
        4 => "[a-zA-Z0-9_-]{0,6}",
        3 => prop::sample::select(&[
            "xn--bcher-kva", "xn--caf-dma", "XN--mnchen-3ya", "xn--", "xn--abc-", "localhost", "0x7f", "0X1F", "0x", "0", "00", "010", "09",
            "255", "256", "127", "1e3", "%2e", "%41", "%00", "é", "ｅ", "。", "ß", "\u{200d}", " ", "\t", "\n", "*", "^", "|", "<", "\\", "@",
            "[", "]", ":", "#", "?", "/", "_", "-", "a-", "-a",
        ][..]).prop_map(str::to_string),
        1 => "[ -~]{1,3}",
        1 => any::<char>().prop_map(String::from),
    ]
}

fn server() -> impl Strategy<Value = String> {
    let ipv6_group = prop_oneof![
        4 => "[0-9a-fA-F]{1,4}",
        2 => Just(String::new()),
        1 => "[0-9a-fA-F]{5}",
        1 => prop::sample::select(&["1.2.3.4", "127.0.0.1", "01.2.3.4", "1.2.3", "256.1.1.1", "%25eth0", "%eth0", "g", " "][..]).prop_map(str::to_string),
    ];
    prop_oneof![
        3 => prop::sample::select(&["localhost", "127.0.0.1", "127.1.2.3", "[::1]", "LocalHost"][..]).prop_map(str::to_string),
        8 => (prop::collection::vec(label(), 1..5), prop::bool::weighted(0.15)).prop_map(|(labels, dot)| labels.join(".") + if dot { "." } else { "" }),
        2 => (prop::collection::vec(prop_oneof![0u32..300, 0u32..10], 1..6), prop::sample::select(&["", "0", "0x", "."][..]))
            .prop_map(|(parts, style)| {
                let parts: Vec<String> = parts.iter().enumerate().map(|(i, n)| match (style, i) {
                    ("0", 0) => format!("0{n}"),
                    ("0x", 0) => format!("0x{n:x}"),
                    _ => n.to_string(),
                }).collect();
                parts.join(".") + if style == "." { "." } else { "" }
            }),
        2 => (prop::collection::vec(ipv6_group, 1..10), prop::sample::select(&["]", "]", "", "]]", "]x"][..]))
            .prop_map(|(groups, close)| format!("[{}{close}", groups.join(":"))),
    ]
}

fn host() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        12 => prop::sample::select(&["https", "http", "HTTPS", "hTTp"][..]),
        1 => prop::sample::select(&["ftp", "", "https:", "ws", "https "][..]),
    ];
    let separator = prop_oneof![
        12 => Just("://"),
        1 => prop::sample::select(&[":/", ":", "://\\", ":\\\\", "://@", ":///", "//"][..]),
    ];
    let port = prop_oneof![
        8 => Just(String::new()),
        3 => prop::sample::select(&[":", ":0", ":80", ":443", ":0443", ":8080", ":65535", ":65536", ":99999", ":abc", ":-1", ": 80", "::", ":1:2", ":+1"][..]).prop_map(str::to_string),
        2 => (0u32..100_000).prop_map(|n| format!(":{n}")),
    ];
    let path = prop_oneof![
        6 => Just(String::new()),
        3 => prop::sample::select(&["/", "/v1", "/v1/", "/whautomate", "/a/b/", "/..", "/./x", "/%2e%2e", "/a%2Fb", "/a b", "/a\\b", "?q", "#f",
            "/@x", "/%zz", "/é", "//x", "/a/v1//", "/%41", "/~!$&'()*+,;=:"][..]).prop_map(str::to_string),
        2 => "(/[a-zA-Z0-9._~!$&'()*+,;=:@%-]{0,6}){0,3}",
    ];
    let space = prop_oneof![12 => Just(""), 1 => prop::sample::select(&[" ", "\t", "\n", "\r\n", "\u{a0}", "\u{0}"][..])];
    prop_oneof![
        12 => (space.clone(), scheme, separator, server(), port, path, space)
            .prop_map(|(a, scheme, sep, server, port, path, b)| format!("{a}{scheme}{sep}{server}{port}{path}{b}")),
        1 => any::<String>(),
        1 => any::<String>().prop_map(|s| format!("https://{s}")),
    ]
}

proptest! {
    #![proptest_config(config())]

    /// Whatever `BaseUrl::parse` accepts, a WHATWG parser accepts too and reads as the
    /// same scheme, server, port and path prefix.
    #[test]
    fn accepted_hosts_mean_to_whatwg_what_they_mean_to_us(host in host()) {
        check_against_whatwg(&host)?;
    }
}

/// Guards the property above against vacuity: a fair share of the generated hosts must
/// be accepted, and a fair share refused.
#[test]
fn the_host_generator_reaches_both_verdicts() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = host();
    let accepted = (0..2_000).filter(|_| BaseUrl::parse(&strategy.new_tree(&mut runner).unwrap().current()).is_ok()).count();
    assert!((200..1_800).contains(&accepted), "{accepted} of 2000 generated hosts accepted");
}

// ---------------------------------------------------------------------------------------
// API keys

#[test]
fn an_api_key_is_trimmed_of_http_whitespace_and_sent_as_trimmed() {
    for (given, kept) in [(" sk_live_1 \n", "sk_live_1"), ("\tsk_live_1\r\n", "sk_live_1"), ("sk_live_1\n\n", "sk_live_1"), ("\r\n sk_live_1", "sk_live_1")] {
        let key = ApiKey::new(given).unwrap();
        assert_eq!(key.expose(), kept, "{given:?}");
        let opts = ClientOptions::new(given).location_id("loc_1");
        let client = Client::with_transport(opts, MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
        let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c1").text("hi").build().unwrap();
        let req = client.prepare(&message).unwrap();
        assert_eq!(req.header(API_KEY_HEADER), Some(kept));
    }
    for bad in ["sk_live\n1", "sk_live\r1", " sk\tlive ", "sk\u{0}", "sk\u{b}", "\u{c}sk", "sk\u{85}", " \r\n\t "] {
        assert_eq!(ApiKey::new(bad).unwrap_err().field(), Some("apiKey"), "{bad:?}");
    }
}

/// The server echoes the key it got, the trimmed one: redacted, in every spelling.
#[test]
fn a_server_echoing_a_trimmed_key_is_redacted() {
    let given = "  sk_live_Tr1m/\"me\\ \r\n";
    let key = "sk_live_Tr1m/\"me\\";
    let echoed = serde_json::to_string(key).unwrap(); // "sk_live_Tr1m/\"me\\"
    let body = format!(r#"{{"message":"bad key {inner}","{inner}":true,"escaped":"\u0073k_live_Tr1m\/\u0022me\u005C"}}"#, inner = &echoed[1..echoed.len() - 1]);
    let opts = ClientOptions::new(given).location_id("loc_1");
    let client = Client::with_transport(opts, MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    client.transport().push_status(403, &body);
    let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c1").text("hi").build().unwrap();
    let e = block_on(client.send(&message)).unwrap_err();
    assert_eq!(e.message(), "bad key [redacted]");
    assert_eq!(e.body(), Some(r#"{"message":"bad key [redacted]","[redacted]":true,"escaped":"[redacted]"}"#));
    assert_no_key(&e, key);
}

// ---------------------------------------------------------------------------------------
// Redaction

/// `key` nowhere in the error: not in the message, not in the raw body, not in any
/// string (member names included) of the body read as JSON.
fn assert_no_key(e: &Error, key: &str) {
    assert!(!e.message().contains(key), "message {:?}", e.message());
    assert!(!format!("{e} {e:?}").contains(key));
    if let Some(body) = e.body() {
        assert!(!body.contains(key), "raw body {body:?}");
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(body) {
            assert!(!json_strings(&value).iter().any(|s| s.contains(key)), "decoded body of {body:?}");
        }
    }
}

fn json_strings(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(items) => items.iter().flat_map(json_strings).collect(),
        serde_json::Value::Object(members) => members.iter().flat_map(|(k, v)| std::iter::once(k.clone()).chain(json_strings(v))).collect(),
        _ => vec![],
    }
}

fn redacted(body: &str, key: &str) -> Error {
    Error::from_status(403, Some(body.to_string()), true).redact(key)
}

#[test]
fn keys_are_redacted_in_every_json_spelling() {
    let cases: &[(&str, &str, &str)] = &[
        // (key, body, redacted body)
        ("sk_1/2", r#"{"m":"sk_1/2"}"#, r#"{"m":"[redacted]"}"#),
        ("sk_1/2", r#"{"m":"sk_1\/2"}"#, r#"{"m":"[redacted]"}"#),
        ("sk_1/2", r#"{"m":"sk_1\u002f2"}"#, r#"{"m":"[redacted]"}"#),
        ("sk_1/2", r#"{"m":"sk_1\u002F2"}"#, r#"{"m":"[redacted]"}"#),
        ("k\"q", r#"{"m":"k\"q"}"#, r#"{"m":"[redacted]"}"#),
        ("k\"q", r#"{"m":"k\u0022q"}"#, r#"{"m":"[redacted]"}"#),
        ("k\\q", r#"{"m":"k\\q"}"#, r#"{"m":"[redacted]"}"#),
        ("k\\q", r#"{"m":"k\u005cq"}"#, r#"{"m":"[redacted]"}"#),
        ("k\\q", "k\\q", "[redacted]"), // not JSON: the literal key
        // Every character escaped, hex digits in both cases, partially escaped.
        ("sk_LIVE", r#"["\u0073\u006B\u005f\u004C\u0049\u0056\u0045"]"#, r#"["[redacted]"]"#),
        ("sk_LIVE", r#"["\u0073k_LI\u0056E"]"#, r#"["[redacted]"]"#),
        ("sk_LIVE", r#"["s\u006b_L\u0049VE!"]"#, r#"["[redacted]!"]"#),
        // At the very start and end of the body.
        ("sk_LIVE", "sk_LIVE", "[redacted]"),
        ("sk_LIVE", "sk_LIVE is sk_LIVE", "[redacted] is [redacted]"),
        ("sk_LIVE", r"\u0073k_LIVE", "[redacted]"),
        // Member names.
        ("sk_LIVE", r#"{"sk_LIVE":1,"\u0073k_LIVE":2}"#, r#"{"[redacted]":1,"[redacted]":2}"#),
        // Overlapping occurrences: the first is redacted, and the rest is no key.
        ("sksk", "sksksk", "[redacted]sk"),
        ("sksk", r"s\u006bsksk", "[redacted]sk"),
        ("XYX", "XYXYX XYX", "[redacted]YX [redacted]"),
        // Short keys (a key of any length leaks if it is not redacted).
        ("Z", r#"{"Z":"Z\u005A\u005az"}"#, r#"{"[redacted]":"[redacted][redacted][redacted]z"}"#),
        ("S/1", r#"["S/1","S\/1","\u0053\u002F\u0031"]"#, r#"["[redacted]","[redacted]","[redacted]"]"#),
        // Not escapes: `\\u0041` is a backslash and "u0041".
        ("A", r#"["\\u0041"]"#, r#"["\\u0041"]"#),
    ];
    for &(key, body, expected) in cases {
        let e = redacted(body, key);
        assert_eq!(e.body(), Some(expected), "key {key:?} in {body}");
        assert_no_key(&e, key);
    }
}

#[test]
fn the_server_message_taken_from_the_body_is_redacted_too() {
    for body in [r#"{"message":"bad key sk_LIVE_9"}"#, r#"{"message":"bad key \u0073k_LIVE_9"}"#, r#"{"error":"bad key sk\u005fLIVE\u005F9"}"#] {
        let e = redacted(body, "sk_LIVE_9");
        assert_eq!(e.message(), "bad key [redacted]", "{body}");
        assert_no_key(&e, "sk_LIVE_9");
    }
    // A send answered 2xx without success: the server's text is in the message too.
    let e = parse_send_response(200, r#"{"error":"key s\u006b_LIVE_9 unknown"}"#).unwrap_err().redact("sk_LIVE_9");
    assert!(e.message().ends_with("key [redacted] unknown"), "{}", e.message());
    assert_no_key(&e, "sk_LIVE_9");
}

/// A key among JSON text, each of its characters written literally or escaped at
/// random (both hex cases), in member names and values.
fn json_with_key() -> impl Strategy<Value = (String, String)> {
    // No character of "[redacted]": the replacement must not be mistaken for the key.
    let key = "[sk_XYZ019/\"\\\\:+=.-]{1,24}";
    (key, prop::collection::vec((any::<bool>(), "[ -~é😀]{0,6}", "[ -~é😀]{0,6}", any::<u64>()), 1..6)).prop_map(|(key, members)| {
        let mut body = String::from("{");
        for (i, (in_name, before, after, mut choices)) in members.into_iter().enumerate() {
            let mut choose = |n: u64| {
                let c = choices % n;
                choices = (choices / n) ^ choices.rotate_left(17);
                c
            };
            let text = format!("{before}{key}{after}");
            let mut escaped = String::new();
            for c in text.chars() {
                let short = match c {
                    '"' => Some("\\\""),
                    '\\' => Some("\\\\"),
                    '/' => Some("\\/"),
                    _ => None,
                };
                match (choose(3), short) {
                    (0, _) if c.is_ascii() => if choose(2) == 0 { write!(escaped, "\\u{:04x}", c as u32).unwrap() } else { write!(escaped, "\\u{:04X}", c as u32).unwrap() },
                    (1, Some(s)) => escaped.push_str(s),
                    _ => match c {
                        '"' | '\\' => escaped.push_str(short.unwrap()),
                        _ => escaped.push(c),
                    },
                }
            }
            if i > 0 {
                body.push(',');
            }
            if in_name {
                write!(body, "\"{escaped}\":{i}").unwrap();
            } else {
                write!(body, "\"m{i}\":\"{escaped}\"").unwrap();
            }
        }
        body.push('}');
        (key, body)
    })
}

proptest! {
    #![proptest_config(config())]

    /// However the server spells the key in JSON, no string of the body keeps it.
    #[test]
    fn no_json_spelling_of_the_key_survives(case in json_with_key()) {
        let (key, body) = case;
        prop_assert!(serde_json::from_str::<serde_json::Value>(&body).is_ok(), "generator: {}", body);
        let e = redacted(&body, &key);
        let out = e.body().unwrap();
        prop_assert!(!out.contains(&key), "{} → {}", body, out);
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(out) {
            prop_assert!(!json_strings(&value).iter().any(|s| s.contains(&key)), "{} → {}", body, out);
        }
    }

    /// Any text, any key: no panic, the literal key gone, the body within its cap. (A key
    /// sharing a character with `[redacted]` or `…` may reappear across the edge of a
    /// replacement: `x[` in `xx[` becomes `x[redacted]`.)
    #[test]
    fn redaction_never_panics_and_caps_the_body(body in prop_oneof![any::<String>(), "[ -~\\\\]{0,40}"], key in prop_oneof!["[ -~]{1,6}", any::<String>()]) {
        let e = Error::from_status(500, Some(body), false).redact(&key);
        let out = e.body().unwrap();
        prop_assert!(out.len() <= ERROR_BODY_CAP);
        if !key.is_empty() && !key.chars().any(|c| "[redacted]…".contains(c)) {
            prop_assert!(!out.contains(&key), "{:?} in {:?}", key, out);
        }
    }
}

// ---------------------------------------------------------------------------------------
// The body cap

const KEY: &str = "sk_live_SECRET_0123456789";

#[test]
fn a_long_body_is_capped_after_redaction() {
    // The key straddles the cap: it is redacted whole, then the body is cut.
    for escaped in [false, true] {
        let spelled = if escaped { KEY.chars().fold(String::new(), |mut s, c| { write!(s, "\\u{:04x}", c as u32).unwrap(); s }) } else { KEY.to_string() };
        let start = ERROR_BODY_CAP - 7;
        let body = format!("{}{spelled}{}", "x".repeat(start), "y".repeat(200_000 - start - spelled.len()));
        assert_eq!(body.len(), 200_000);
        let e = redacted(&body, KEY);
        let out = e.body().unwrap();
        assert!(out.len() <= ERROR_BODY_CAP && out.ends_with('…'), "{}", out.len());
        assert!(!out.contains("sk_live") && !out.contains("\\u0073\\u006b"), "escaped {escaped}");
        assert!(out.starts_with(&"x".repeat(start)));
        assert!(!out.contains('y'), "nothing past the cap is kept");
    }
    // Short bodies are kept whole; a body of exactly the cap too.
    let e = redacted(&"é".repeat(ERROR_BODY_CAP / 2), KEY);
    assert_eq!(e.body().unwrap().len(), ERROR_BODY_CAP);
    // The cut lands on a character boundary.
    let e = redacted(&format!("a{}", "😀".repeat(ERROR_BODY_CAP)), KEY);
    let out = e.body().unwrap();
    assert!(out.len() <= ERROR_BODY_CAP && out.ends_with("😀…"));
}

/// A driver that hands only `error_body_prefix_len` bytes of a long body may split a key
/// at the end of the prefix: that piece is past the cap, so it is never kept, however
/// much earlier redactions shrank the text.
#[test]
fn a_key_split_by_a_prefix_never_survives() {
    let prefix_len = error_body_prefix_len(KEY.len());
    assert_eq!(prefix_len, ERROR_BODY_CAP + 6 * KEY.len());
    let escaped = KEY.chars().fold(String::new(), |mut s, c| { write!(s, "\\u{:04X}", c as u32).unwrap(); s });
    for occurrences in [0, 1, 100, 400] {
        // Escaped keys (150 bytes each, 10 once redacted), then filler, then a key that
        // the prefix cuts in the middle.
        let mut body = escaped.repeat(occurrences);
        let filler = prefix_len - body.len() - KEY.len() / 2;
        body.push_str(&"z".repeat(filler));
        body.push_str(KEY);
        body.push_str(&"z".repeat(100_000));
        let prefix = &body[..prefix_len];
        assert!(prefix.ends_with(&KEY[..KEY.len() / 2]));
        let e = redacted(prefix, KEY);
        let out = e.body().unwrap();
        assert!(out.len() <= ERROR_BODY_CAP, "{occurrences}");
        assert!(!out.contains(&KEY[..8]), "a split key survived after {occurrences} redactions");
        assert_eq!(out.matches("[redacted]").count(), occurrences.min(out.len() / 10));
        // A fetch failure's message, cut the same way by the driver, after the SDK's own words.
        let e = Error::new(ErrorCode::Network, format!("network error: {prefix}")).redact(KEY);
        assert!(e.message().len() <= ERROR_BODY_CAP && e.message().ends_with('…'));
        assert!(!e.message().contains(&KEY[..8]), "a split key survived in the message after {occurrences} redactions");
    }
}

// ---------------------------------------------------------------------------------------
// Redirects and made-up statuses

#[test]
fn redirects_are_never_followed_and_never_sent() {
    for status in [300u16, 301, 302, 303, 304, 307, 308, 399] {
        for is_send in [true, false] {
            let e = Error::from_status(status, Some("<a href=\"https://elsewhere\">moved</a>".into()), is_send);
            assert_eq!((e.code(), e.status(), e.may_have_been_sent(), e.retryable()), (ErrorCode::HttpError, Some(status), false, false));
            assert_eq!(e.message(), format!("HTTP {status}: the server answered with a redirect, which the SDK does not follow (the API key never goes to another origin)"));
        }
        let e = parse_send_response(status, "").unwrap_err();
        assert_eq!((e.code(), e.may_have_been_sent()), (ErrorCode::HttpError, false));
    }
    // A browser's opaque redirect has no status.
    let e = Error::redirect();
    assert_eq!((e.code(), e.status(), e.may_have_been_sent(), e.retryable()), (ErrorCode::HttpError, None, false, false));
    assert!(e.message().starts_with("the server answered with a redirect"));
}

#[test]
fn statuses_no_server_sends_are_invalid_responses() {
    for status in [0u16, 1, 42, 99, 600, 999, 1000, u16::MAX] {
        assert_eq!(ErrorCode::from_status(status), ErrorCode::InvalidResponse, "{status}");
        for is_send in [true, false] {
            let e = Error::from_status(status, Some(r#"{"message":"fine"}"#.into()), is_send);
            assert_eq!((e.code(), e.may_have_been_sent(), e.retryable()), (ErrorCode::InvalidResponse, is_send, false), "{status}");
            assert!(e.message().contains(&status.to_string()), "{}", e.message());
        }
    }
    // 4xx, 429 and 5xx keep their classes and flags.
    for (status, code, sent, retry) in [
        (400, ErrorCode::BadRequest, false, false),
        (401, ErrorCode::Unauthorized, false, false),
        (404, ErrorCode::NotFound, false, false),
        (418, ErrorCode::HttpError, false, false),
        (429, ErrorCode::RateLimited, false, true),
        (500, ErrorCode::ServerError, true, false),
        (599, ErrorCode::ServerError, true, false),
        (100, ErrorCode::HttpError, true, false),
    ] {
        let e = Error::from_status(status, None, true);
        assert_eq!((e.code(), e.may_have_been_sent(), e.retryable()), (code, sent, retry), "{status}");
    }
}

//! The exported engine itself, called as js/engine.js calls it: text written into the
//! input buffer at the address `input()` returns, numbers in, outputs read back through
//! the mailbox. `wasm-pack test --node whautomate-wasm` and `--headless --chrome` run
//! these where the package runs.

use crate::prelude::*;
use alloc::string::ToString;
use serde_json::Value;
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(feature = "in-browser")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Writes `parts` one after another into the input buffer; returns their byte lengths.
fn put(parts: &[&str]) -> Vec<u32> {
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let mut at = crate::input(total.max(1) as u32) as *mut u8;
    assert!(!at.is_null());
    parts
        .iter()
        .map(|part| {
            // SAFETY: `input` made the buffer at least `total` bytes long, and nothing
            // else touches it until the next export runs.
            unsafe {
                core::ptr::copy_nonoverlapping(part.as_ptr(), at, part.len());
                at = at.add(part.len());
            }
            part.len() as u32
        })
        .collect()
}

/// Output `i` (0 or 1) of the last call, read through the mailbox.
fn out(i: usize) -> String {
    // Where `mailbox()` says it is (fixed: the engine is a static).
    let mailbox = crate::abi::engine().mailbox_addr() as *const u32;
    // SAFETY: the mailbox holds the address and length of a string the engine keeps
    // alive until its next call.
    unsafe {
        let (ptr, len) = (*mailbox.add(2 * i), *mailbox.add(2 * i + 1));
        String::from_utf8(core::slice::from_raw_parts(ptr as *const u8, len as usize).to_vec()).unwrap()
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// A caller's value as the JS driver hands it over (js/encode.js `tape`), from its JSON.
fn tape(json: &str) -> String {
    whautomate::__js::json::tape::write(&whautomate::__js::json::parse_input(json).unwrap_or_else(|e| panic!("{e:?}: {json}")))
}

/// The `Retry-After` of a response as js/api.js reports it to `afterResponse`.
enum Retry<'a> {
    Absent,
    Unread,
    Header(&'a str),
}

/// `afterResponse` of a first attempt as js/api.js calls it: `body` (or, `over`, what the
/// driver saw instead of it), what `JSON.parse` made of a complete body as a tape ("" for
/// none), then the header.
fn respond(handle: u32, call: u32, status: u32, body: &str, complete: bool, over: bool, retry: Retry<'_>) -> f64 {
    let parsed = if complete { whautomate::__js::json::parse(body).map(|v| whautomate::__js::json::tape::write(&v)).unwrap_or_default() } else { String::new() };
    let header = if let Retry::Header(text) = retry { text } else { "" };
    let lens = put(&[body, &parsed, header]);
    let retry_len = match retry {
        Retry::Absent => -1,
        Retry::Unread => crate::driver::UNREAD,
        Retry::Header(_) => lens[2] as i32,
    };
    crate::driver::after_response(handle, call, 0, status, lens[0], lens[1], over, retry_len, 0.0, 0.5)
}

/// The protocol as the js_protocol program prints it for pkg/protocol.js.
fn protocol() -> Value {
    assert_eq!(crate::mailbox(), crate::abi::engine().mailbox_addr());
    json(&crate::protocol::json())
}

const ERROR: f64 = crate::abi::ERROR;
const DONE: f64 = crate::abi::DONE;

/// A kind of call by its number, as the protocol publishes it (`CALLS`).
fn call(name: &str) -> u32 {
    protocol()["CALLS"][name].as_u64().unwrap_or_else(|| panic!("no call {name}")) as u32
}
use whautomate::__js::call::Call;
const SEND: u32 = Call::Send as u32;
const READ: u32 = Call::Read as u32;

/// What the JS driver answers when the engine asks for `text` read as a URL (js/api.js
/// `readUrl`, with `new URL()`): here read by the url crate, the WHATWG parser the Rust
/// library uses.
fn read_url(text: &str) -> String {
    let parts = match whautomate::UrlRead::read(text) {
        Some(r) => [r.protocol, r.username, r.password, r.hostname, r.port, r.pathname, r.search, r.hash],
        None => Default::default(),
    };
    parts.join("\n") + "\n" + text
}

/// `profileNew` of `options` (JSON) as the JS driver calls it: again with the URL read when asked.
fn profile(options: &str) -> f64 {
    let options = &tape(options);
    let [len] = put(&[options])[..] else { unreachable!() };
    let made = crate::client::profile_new(len, 0);
    if made != crate::abi::ASK {
        return made;
    }
    let read = read_url(&out(0));
    let lens = put(&[options, &read]);
    crate::client::profile_new(lens[0], lens[1])
}

/// A client over `options` (JSON), as `new Whautomate(options)` and its first call make it.
fn client(options: &str) -> u32 {
    let profile = profile(options);
    assert!(profile > 0.0, "profileNew refused {options}: {}", out(0));
    // What the JS driver needs once per profile comes out with it.
    let config = json(&out(0));
    assert!(config["timeoutMs"].is_u64() && config["send"]["x-api-key"].is_string(), "{config}");
    let handle = crate::client::client_new(profile as u32, 0.0);
    assert!(handle > 0.0);
    handle as u32
}

#[wasm_bindgen_test]
fn the_protocol_holds_the_numbers_the_exports_return() {
    let p = protocol();
    assert_eq!(p["DONE"], json("-1"));
    assert_eq!(p["ERROR"], json("-2"));
    assert_eq!(p["ASK"], json("-3"));
    assert_eq!(p["PARSE"], json("-4"));
    assert_eq!(p["UNREAD"], json("-2"));
    assert_eq!(p["STATES"], json(r#"["sent","failed","unknown"]"#));
    assert_eq!(p["SECRET_BYTES"], json("32"));
    assert_eq!(p["PROGRESS_MS"], json("1000"));
    // The numbers the exports return are these.
    assert_eq!((crate::abi::DONE, crate::abi::ERROR, crate::abi::ASK), (-1.0, -2.0, -3.0));
    assert_eq!((crate::driver::PARSE, crate::driver::UNREAD), (-4.0, -2));
    assert_eq!(p["VERSION"], env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn a_failed_driver_gets_the_engines_error_for_its_kind_of_call() {
    // In the protocol, for a driver whose engine can no longer answer: a read was
    // certainly not applied; anything that changes something may have been.
    let p = protocol();
    for (name, changes) in [("send", true), ("read", false), ("change", true), ("remove", true)] {
        let error = &p["DRIVER_FAILED"][call(name) as usize];
        assert_eq!(error["code"], "invalid_response", "{name}");
        assert_eq!(error["mayHaveBeenSent"], changes, "{name}");
        assert_eq!(error["retryable"], !changes, "{name}");
    }
}

#[wasm_bindgen_test]
fn validate_returns_every_violation_with_its_field() {
    // `send` without a client (handle 0) is `validate(message)`.
    let [len] = put(&[&tape(r#"{"channel":"telegram","type":"text","to":{"phoneNumber":"+1 650 555 1234"},"text":""}"#)])[..] else { unreachable!() };
    assert_eq!(crate::client::send(0, len, 0, 0, 0.0), ERROR);
    let error = json(&out(0));
    assert_eq!(error["code"], "invalid_input");
    let fields: Vec<_> = error["violations"].as_array().unwrap().iter().map(|v| v["field"].as_str().unwrap().to_string()).collect();
    assert!(fields.contains(&"to.phoneNumber".to_string()), "{error}");
    assert!(fields.contains(&"text".to_string()), "{error}");
    // A valid message: 0, nothing built; no location is required (a client default may
    // supply it), and a schedule in the past is refused against `now`.
    let [len] = put(&[&tape(r#"{"channel":"whatsapp","type":"text","to":{"contactId":"ct_1"},"text":"hi"}"#)])[..] else { unreachable!() };
    assert_eq!(crate::client::send(0, len, 0, 0, 0.0), 0.0);
    let [len] = put(&[&tape(r#"{"channel":"whatsapp","type":"text","to":{"contactId":"ct_1"},"text":"hi","scheduleAt":"2020-01-01T00:00:00Z"}"#)])[..] else { unreachable!() };
    assert_eq!(crate::client::send(0, len, 0, 0, 1_900_000_000_000.0), ERROR);
    assert_eq!(json(&out(0))["violations"][0]["field"], "scheduleAt");
}

#[wasm_bindgen_test]
fn bad_options_are_refused_by_name_and_the_key_never_echoed() {
    // An unknown option is named, with the valid ones.
    assert_eq!(profile(r#"{"apiKey":"sk_secret_77","colour":"red"}"#), ERROR);
    let error = json(&out(0));
    assert_eq!((error["code"].as_str(), error["field"].as_str()), (Some("invalid_input"), Some("colour")));
    assert!(error["message"].as_str().unwrap().contains("timeoutMs"), "{error}");
    // Every bad value is named at once, and the key is never echoed.
    assert_eq!(profile(r#"{"apiKey":"sk_secret_77","timeoutMs":0,"retry":{"maxRetries":99}}"#), ERROR);
    let error = out(0);
    assert!(!error.contains("sk_secret_77"), "{error}");
    let error = json(&error);
    let fields: Vec<_> = error["violations"].as_array().unwrap().iter().map(|v| v["field"].as_str().unwrap().to_string()).collect();
    assert_eq!(fields, ["timeoutMs", "retry.maxRetries"], "{error}");
}

#[wasm_bindgen_test]
fn a_send_is_built_then_judged_by_status_and_body() {
    let handle = client(r#"{"apiKey":"sk_test","locationId":"loc_1","retry":{"maxRetries":2,"baseDelayMs":100,"maxDelayMs":1000}}"#);
    let message = r#"{"channel":"telegram","type":"text","to":{"contactId":"c1"},"text":"hi"}"#;
    let lens = put(&[&tape(message)]);
    assert_eq!(crate::client::send(handle, lens[0], 0, 0, 0.0), 0.0);
    assert_eq!(out(0), "https://api.whautomate.com/v1/messages/telegram/sendtext");
    assert_eq!(out(1), r#"{"contact":{"id":"c1"},"textMessage":"hi","location":{"id":"loc_1"}}"#);
    assert_eq!(crate::driver::reserve(handle, 0.0), 0.0);

    // 200 {"success":true}: done.
    let body = r#"{"success":true}"#;
    assert_eq!(respond(handle, SEND, 200, body, true, false, Retry::Absent), DONE);
    // 429 with Retry-After unread: the engine asks for it; with it, waits as told.
    assert_eq!(respond(handle, SEND, 429, "{}", true, false, Retry::Unread), crate::driver::ASK);
    assert_eq!(respond(handle, SEND, 429, "{}", true, false, Retry::Header("1")), 1_000.0);
    // A 500 to a send is final and may have been delivered: never resent.
    assert_eq!(respond(handle, SEND, 500, "oops", true, false, Retry::Absent), ERROR);
    let error = json(&out(0));
    assert_eq!((error["code"].as_str(), error["mayHaveBeenSent"].as_bool()), (Some("server_error"), Some(true)));
    // A 200 that is not {"success":true} is not a delivery the SDK can confirm.
    assert_eq!(respond(handle, SEND, 200, r#"{"success":false}"#, true, false, Retry::Absent), ERROR);
    assert_eq!(json(&out(0))["mayHaveBeenSent"], json("true"));
    // A body over maxResponseBytes, not read: the status still decides. The header is
    // always asked for; a 404 is the server's refusal, a 429 waits as told, a 200 cannot
    // be confirmed.
    let seen = "the response body is larger than maxResponseBytes (4096): 5000 bytes declared";
    assert_eq!(respond(handle, SEND, 404, seen, false, true, Retry::Unread), crate::driver::ASK);
    assert_eq!(respond(handle, SEND, 404, seen, false, true, Retry::Absent), ERROR);
    let error = json(&out(0));
    assert_eq!((error["code"].as_str(), error["status"].as_u64(), error["mayHaveBeenSent"].as_bool()), (Some("not_found"), Some(404), Some(false)));
    assert_eq!(error["message"].as_str(), Some(&*format!("HTTP 404, body not read: {seen}")));
    assert_eq!(respond(handle, SEND, 429, seen, false, true, Retry::Header("1")), 1_000.0);
    assert_eq!(respond(handle, SEND, 200, seen, false, true, Retry::Absent), ERROR);
    let error = json(&out(0));
    assert_eq!((error["code"].as_str(), error["status"].as_u64(), error["mayHaveBeenSent"].as_bool()), (Some("invalid_response"), Some(200), Some(true)));
    // A body cut while it arrived (what the driver saw goes as `over`): judged the same
    // way, by its status: a refusal keeps it (the key's 401, a 429 waits as told).
    let seen = "terminated: other side closed";
    assert_eq!(respond(handle, SEND, 401, seen, false, true, Retry::Absent), ERROR);
    let error = json(&out(0));
    assert_eq!((error["code"].as_str(), error["status"].as_u64(), error["mayHaveBeenSent"].as_bool()), (Some("unauthorized"), Some(401), Some(false)));
    assert_eq!(error["message"].as_str(), Some(&*format!("HTTP 401, body not read: {seen}")));
    assert_eq!(respond(handle, SEND, 429, seen, false, true, Retry::Header("1")), 1_000.0);
    // A channel helper's route: the engine fills in channel and type, or names the clash.
    let lens = put(&[&tape(r#"{"to":{"contactId":"c1"},"text":"hi"}"#), "", "telegram.sendText"]);
    assert_eq!(crate::client::send(handle, lens[0], lens[1], lens[2], 0.0), 0.0);
    assert_eq!(out(0), "https://api.whautomate.com/v1/messages/telegram/sendtext");
    let lens = put(&[&tape(r#"{"channel":"whatsapp","to":{"contactId":"c1"},"text":"hi"}"#), "", "telegram.sendText"]);
    assert_eq!(crate::client::send(handle, lens[0], lens[1], lens[2], 0.0), ERROR);
    assert_eq!(json(&out(0))["field"], "channel");
    crate::client::client_free(handle);
}

#[wasm_bindgen_test]
fn failures_reported_as_words_are_judged_by_the_engine() {
    let handle = client(r#"{"apiKey":"sk_test","retry":{"maxRetries":1,"baseDelayMs":100,"maxDelayMs":100}}"#);
    // Refused: a send may go again (nothing left the machine).
    let lens = put(&["refused", "connect ECONNREFUSED 127.0.0.1:1"]);
    let wait = crate::driver::after_failure(handle, SEND, 0, lens[0], lens[1], 0.0, 0.5);
    assert!(wait >= 0.0, "a refused send is retried: {wait}");
    // After the budget: the error says it never left.
    let lens = put(&["refused", "connect ECONNREFUSED 127.0.0.1:1"]);
    assert_eq!(crate::driver::after_failure(handle, SEND, 1, lens[0], lens[1], 0.0, 0.5), ERROR);
    assert_eq!(json(&out(0))["mayHaveBeenSent"], json("false"));
    // A timeout may have delivered a send: final at once.
    let lens = put(&["timeout", ""]);
    assert_eq!(crate::driver::after_failure(handle, SEND, 0, lens[0], lens[1], 0.0, 0.5), ERROR);
    let error = json(&out(0));
    assert_eq!((error["code"].as_str(), error["mayHaveBeenSent"].as_bool()), (Some("timeout"), Some(true)));
    // An unknown word is read as a network failure (never "certainly not sent").
    let lens = put(&["gremlins", "?"]);
    assert_eq!(crate::driver::after_failure(handle, SEND, 0, lens[0], lens[1], 0.0, 0.5), ERROR);
    assert_eq!(json(&out(0))["mayHaveBeenSent"], json("true"));
    // The key is redacted from a message the SDK did not write.
    let lens = put(&["network", "proxy said sk_test is wrong"]);
    assert_eq!(crate::driver::after_failure(handle, SEND, 0, lens[0], lens[1], 0.0, 0.5), ERROR);
    assert!(!out(0).contains("sk_test"), "{}", out(0));
    crate::client::client_free(handle);
}

#[wasm_bindgen_test]
fn history_pages_are_parsed_in_js_and_judged_here() {
    let handle = client(r#"{"apiKey":"sk_test"}"#);
    let scope = scope(r#"{"apiKey":"sk_test"}"#);
    let args = &tape(r#"{"contactId":"ct 1","options":{"page":2,"limit":10}}"#);
    // The extras check the arguments of a walk (iterate()'s first next() rejects)...
    let lens = put(&[&scope, &tape(r#"{"contactId":" ","options":{"page":0}}"#)]);
    assert_eq!(crate::history::walk(lens[0], lens[1]), ERROR);
    let fields: Vec<Value> = json(&out(0))["violations"].as_array().unwrap().iter().map(|v| v["field"].clone()).collect();
    assert_eq!(fields, [json(r#""contactId""#), json(r#""page""#)]);
    // ... build the pages' URLs and judge what JS parsed.
    let lens = put(&[&scope, args]);
    assert_eq!(crate::history::history(lens[0], lens[1]), 0.0);
    assert_eq!(out(0), "https://api.whautomate.com/v1/messages/ct%201?limit=10&page=2");
    let lens = put(&[&scope, args]);
    let walk = crate::history::walk(lens[0], lens[1]);
    assert!(walk > 0.0);
    assert_eq!(crate::history::walk_next(walk as u32, -1, 0, 0, 0), 0.0);
    assert_eq!(out(0), "https://api.whautomate.com/v1/messages/ct%201?limit=10&page=2");
    let lens = put(&["m1", "m3", &tape(r#"["m1","m2","m3"]"#)]);
    assert_eq!(crate::history::walk_next(walk as u32, 3, lens[0], lens[1], lens[2]), DONE, "a short page is the last");
    crate::history::walk_free(walk as u32);
    // A full page that begins and ends as the one before: the server does not page; the
    // walk ends with an error before that page is handed out.
    let lens = put(&[&scope, args]);
    let walk = crate::history::walk(lens[0], lens[1]);
    assert_eq!(crate::history::walk_next(walk as u32, -1, 0, 0, 0), 0.0);
    let ids = tape(r#"["m1","m2","m3","m4","m5","m6","m7","m8","m9","m10"]"#);
    let lens = put(&["m1", "m10", &ids]);
    assert_eq!(crate::history::walk_next(walk as u32, 10, lens[0], lens[1], lens[2]), 0.0);
    assert!(out(0).ends_with("page=3"), "{}", out(0));
    assert_eq!(out(1), "", "a new page is handed out whole");
    for page in [4, 5] {
        let lens = put(&["m1", "m10", &ids]);
        assert_eq!(crate::history::walk_next(walk as u32, 10, lens[0], lens[1], lens[2]), 0.0);
        assert!(out(0).ends_with(&format!("page={page}")), "{}", out(0));
        assert_eq!(out(1), "0,1,2,3,4,5,6,7,8,9", "a repeated page is not handed out");
    }
    let lens = put(&["m1", "m10", &ids]);
    assert_eq!(crate::history::walk_next(walk as u32, 10, lens[0], lens[1], lens[2]), ERROR);
    assert_eq!(json(&out(0))["code"], json(r#""invalid_response""#));
    crate::history::walk_free(walk as u32);
    // A page that moved down by two as messages arrived: its first two were handed out.
    let lens = put(&[&scope, args]);
    let walk = crate::history::walk(lens[0], lens[1]);
    assert_eq!(crate::history::walk_next(walk as u32, -1, 0, 0, 0), 0.0);
    let lens = put(&["m1", "m10", &ids]);
    assert_eq!(crate::history::walk_next(walk as u32, 10, lens[0], lens[1], lens[2]), 0.0);
    let lens = put(&["m9", "m18", &tape(r#"["m9","m10","m11","m12","m13","m14","m15","m16","m17","m18"]"#)]);
    assert_eq!(crate::history::walk_next(walk as u32, 10, lens[0], lens[1], lens[2]), 0.0);
    assert_eq!(out(1), "0,1");
    crate::history::walk_free(walk as u32);
    assert_eq!(respond(handle, READ, 200, "[{}]", true, false, Retry::Absent), crate::driver::PARSE);
    // A page over maxResponseBytes was not read: there is nothing to parse.
    let seen = "the response body is larger than maxResponseBytes (4096): more than that arrived";
    assert_eq!(respond(handle, READ, 200, seen, false, true, Retry::Absent), ERROR);
    assert_eq!(json(&out(0))["code"].as_str(), Some("invalid_response"));
    let lens = put(&[&scope, "history", "[{}]"]);
    assert_eq!(crate::answers::answer_parsed(lens[0], lens[1], lens[2], call("read"), 200, true, true, false, -1, false, false, false), DONE);
    let lens = put(&[&scope, "history", r#"[1,"sk_test"]"#]);
    assert_eq!(crate::answers::answer_parsed(lens[0], lens[1], lens[2], call("read"), 200, true, true, false, 0, false, false, false), ERROR);
    let error = json(&out(0));
    assert_eq!((error["code"].as_str(), error["body"].as_str()), (Some("invalid_response"), Some(r#"[1,"[redacted]"]"#)));
    crate::client::client_free(handle);
}

#[wasm_bindgen_test]
fn a_campaign_accounts_for_every_input_exactly_once() {
    let failed = 1; // the place of "failed" in STATES
    let campaign = crate::campaign::campaign_new(3, 2);
    crate::campaign::campaign_add(campaign, 0, true);
    assert_eq!(crate::campaign::campaign_add(campaign, 1, false), failed);
    crate::campaign::campaign_add(campaign, 2, true);
    assert_eq!(crate::campaign::campaign_workers(campaign), 2);
    let first = crate::campaign::campaign_next(campaign, false);
    assert_eq!(first, 0);
    assert_eq!(crate::campaign::campaign_settle(campaign, first as u32, false, true), 2, "a send that may have left is unknown");
    // Cancelled: nothing more starts, and what never started is listed.
    assert_eq!(crate::campaign::campaign_next(campaign, true), -1);
    assert_eq!(crate::campaign::campaign_unstarted(campaign), failed);
    assert_eq!(json(&out(0)), json("[2]"));
    assert_eq!(json(&out(1))["mayHaveBeenSent"], json("false"));
    crate::campaign::campaign_progress(campaign);
    let progress = json(&out(0));
    assert_eq!(progress, json(r#"{"total":3,"sent":0,"failed":2,"unknown":1,"pending":0}"#));
    crate::campaign::campaign_free(campaign);
}

#[wasm_bindgen_test]
fn the_call_kinds_are_published_by_name() {
    for kind in Call::ALL {
        assert_eq!(call(kind.as_str()), kind as u32);
        assert_eq!(Call::from_number(kind as u32), kind);
    }
}

/// A `host` is judged as the driver's URL parser read it: the engine asks for it (ASK,
/// the text as the output), takes the read only for that text, and builds on what was
/// read; a `serverUrl` likewise.
#[wasm_bindgen_test]
fn hosts_are_judged_as_the_driver_read_them() {
    let json_options = r#"{"apiKey":"sk_1","host":" HTTP://0x7f.1:8080/api/ "}"#;
    let options = &tape(json_options);
    let [len] = put(&[options])[..] else { unreachable!() };
    assert_eq!(crate::client::profile_new(len, 0), crate::abi::ASK);
    assert_eq!(out(0), " HTTP://0x7f.1:8080/api/ ");
    assert!(profile(json_options) > 0.0);
    assert_eq!(json(&out(0))["extras"]["base"], "http://127.0.0.1:8080/api/v1");
    // A read of another text is the driver's bug; a text no parser reads is no host.
    let lens = put(&[options, &read_url("https://elsewhere.example")]);
    assert_eq!(crate::client::profile_new(lens[0], lens[1]), ERROR);
    assert_eq!(json(&out(0))["violations"][0]["code"], "internal");
    assert_eq!(profile(r#"{"apiKey":"sk_1","host":"api.whautomate.com"}"#), ERROR);
    assert_eq!((json(&out(0))["field"].as_str(), json(&out(0))["violations"][0]["code"].as_str()), (Some("host"), Some("invalid_url")));
    assert_eq!(profile(r#"{"apiKey":"sk_1","host":"http://0x7f.1.example"}"#), ERROR);
    assert_eq!(json(&out(0))["violations"][0]["code"], "insecure_host");

    let scope = scope(r#"{"apiKey":"sk_hook_key"}"#);
    let create_json = r#"{"op":"create","input":{"name":"n","serverUrl":"https://Hooks.Example/in","events":["contact_created"]}}"#;
    let create = &tape(create_json);
    let lens = put(&[&scope, create]);
    assert_eq!(crate::subscriptions::webhook_request_export(lens[0], lens[1], 0), crate::abi::ASK);
    assert_eq!(out(0), "https://Hooks.Example/in");
    let lens = put(&[&scope, create, &read_url("https://Hooks.Example/in")]);
    assert_eq!(crate::subscriptions::webhook_request_export(lens[0], lens[1], lens[2]), 0.0);
    let http = tape(&create_json.replace("https://Hooks", "http://Hooks"));
    let lens = put(&[&scope, &http, &read_url("http://Hooks.Example/in")]);
    assert_eq!(crate::subscriptions::webhook_request_export(lens[0], lens[1], lens[2]), ERROR);
    assert_eq!((json(&out(0))["field"].as_str(), json(&out(0))["violations"][0]["code"].as_str()), (Some("serverUrl"), Some("insecure_host")));
}

/// The client as the extras engine reads it: what `profileNew` outputs as `extras`.
fn scope(options: &str) -> String {
    assert!(profile(options) > 0.0);
    tape(&json(&out(0))["extras"].to_string())
}

/// `client.webhooks` (the extras engine): requests built and checked, answers judged, the
/// key never in an error; and through the sending engine's verdicts, a delete is done on
/// any 2xx while a create's answer is parsed.
#[wasm_bindgen_test]
fn webhook_calls_are_built_checked_and_judged() {
    let scope = scope(r#"{"apiKey":"sk_hook_key","host":"http://127.0.0.1:8080"}"#);
    let lens = put(&[&scope, &tape(r#"{"op":"update","id":"wh 1","input":{"active":false}}"#)]);
    assert_eq!(crate::subscriptions::webhook_request_export(lens[0], lens[1], 0), 0.0);
    assert_eq!(json(&out(0)), json(r#"{"method":"PUT","url":"http://127.0.0.1:8080/v1/webhooks/wh%201","call":"change","headers":"send"}"#));
    assert_eq!(out(1), r#"{"active":false}"#);
    let lens = put(&[&scope, &tape(r#"{"op":"delete","id":"wh_1"}"#)]);
    assert_eq!(crate::subscriptions::webhook_request_export(lens[0], lens[1], 0), 0.0);
    assert_eq!((json(&out(0))["call"].as_str(), out(1).as_str()), (Some("remove"), ""));
    let lens = put(&[&scope, &tape(r#"{"op":"create","input":{"sk_hook_key":1}}"#)]);
    assert_eq!(crate::subscriptions::webhook_request_export(lens[0], lens[1], 0), ERROR);
    assert!(!out(0).contains("sk_hook_key"), "{}", out(0));
    assert_eq!(json(&out(0))["code"], "invalid_input");

    let lens = put(&[&scope, "list", "[{}]"]);
    assert_eq!(crate::answers::answer_parsed(lens[0], lens[1], lens[2], call("read"), 200, true, true, false, -1, false, false, false), DONE);
    let lens = put(&[&scope, "get", r#"{"echo":"sk_hook_key"}"#]);
    assert_eq!(crate::answers::answer_parsed(lens[0], lens[1], lens[2], call("read"), 200, true, true, false, -1, false, false, false), ERROR);
    let error = json(&out(0));
    assert_eq!((error["code"].as_str(), error["body"].as_str()), (Some("invalid_response"), Some(r#"{"echo":"[redacted]"}"#)));
    // A bad answer to a change may hide an applied change; to a read, it hides nothing.
    for (kind, changes) in [("change", true), ("read", false)] {
        let lens = put(&[&scope, "update", "[]"]);
        assert_eq!(crate::answers::answer_parsed(lens[0], lens[1], lens[2], call(kind), 200, true, true, false, -1, false, false, false), ERROR);
        assert_eq!(json(&out(0))["mayHaveBeenSent"], changes, "{kind}");
    }

    let handle = client(r#"{"apiKey":"sk_hook_key"}"#);
    assert_eq!(respond(handle, call("remove"), 204, "", true, false, Retry::Absent), DONE);
    // A delete's 2xx alone completes it, its body too large to read or not.
    let seen = "the response body is larger than maxResponseBytes (4096): 5000 bytes declared";
    assert_eq!(respond(handle, call("remove"), 200, seen, false, true, Retry::Absent), DONE);
    assert_eq!(respond(handle, call("change"), 201, "{}", true, false, Retry::Absent), crate::driver::PARSE);
    // A delete answered with a body: judged (an error body in a 200 is no removal).
    assert_eq!(respond(handle, call("remove"), 200, r#"{"success":false}"#, true, false, Retry::Absent), crate::driver::PARSE);
    // The facts of a 200 that is an error body, for each call: no subscription, no removal.
    for (what, kind, id, success_false, error_text) in [("create", "change", false, false, true), ("get", "read", false, false, true), ("delete", "remove", false, true, false), ("delete", "remove", false, false, true), ("update", "change", true, true, false)] {
        let lens = put(&[&scope, what, r#"{"error":"Invalid webhook id"}"#]);
        assert_eq!(crate::answers::answer_parsed(lens[0], lens[1], lens[2], call(kind), 200, true, false, true, -1, id, success_false, error_text), ERROR, "{what}");
        assert_eq!((json(&out(0))["code"].as_str(), json(&out(0))["status"].as_u64(), json(&out(0))["mayHaveBeenSent"].as_bool()), (Some("invalid_response"), Some(200), Some(kind != "read")), "{what}");
    }
    for (what, kind, id) in [("create", "change", true), ("delete", "remove", false), ("delete", "remove", true)] {
        let lens = put(&[&scope, what, "{}"]);
        assert_eq!(crate::answers::answer_parsed(lens[0], lens[1], lens[2], call(kind), 200, true, false, true, -1, id, false, false), DONE, "{what}");
    }
    // A create that failed with a 500 is never resent: it may have been applied.
    assert_eq!(respond(handle, call("change"), 500, "{}", true, false, Retry::Absent), ERROR);
    assert_eq!(json(&out(0))["mayHaveBeenSent"], true);
    crate::client::client_free(handle);
}

#[wasm_bindgen_test]
fn send_many_options_are_checked_with_the_key_kept_out() {
    let scope = scope(r#"{"apiKey":"sk_many_key"}"#);
    let lens = put(&[&scope, &tape(r#"{"concurrency":4}"#)]);
    assert_eq!(crate::campaign::send_many_options(lens[0], lens[1], 3), 4.0);
    let lens = put(&[&scope, &tape(r#"{"sk_many_key":4}"#)]);
    assert_eq!(crate::campaign::send_many_options(lens[0], lens[1], 3), ERROR);
    assert!(!out(0).contains("sk_many_key"), "{}", out(0));
    // The count: a JS array's length (up to 2^32 - 1), at most MAX_MESSAGES.
    let lens = put(&[&scope, &tape(r#"{"concurrency":4}"#)]);
    assert_eq!(crate::campaign::send_many_options(lens[0], lens[1], u32::MAX), ERROR);
    assert_eq!(json(&out(0))["violations"][0]["field"], "messages");
    assert_eq!(json(&out(0))["violations"][0]["code"], "too_many");
}

#[wasm_bindgen_test]
fn a_released_client_is_an_error_not_a_trap() {
    let handle = client(r#"{"apiKey":"sk_test"}"#);
    crate::client::client_free(handle);
    let lens = put(&[&tape(r#"{"channel":"telegram","type":"text","to":{"contactId":"c1"},"text":"hi"}"#)]);
    assert_eq!(crate::client::send(handle, lens[0], 0, 0, 0.0), ERROR);
    assert_eq!(json(&out(0))["violations"][0]["code"], "internal");
}

#[wasm_bindgen_test]
fn an_input_over_the_limit_is_refused_before_it_costs_memory() {
    assert_eq!(crate::input((crate::abi::MAX_INPUT + 1) as u32), 0);
}

/// whautomate/webhooks' engine (the `receive` build): the vendor's quirks normalized, a
/// refusal as the error's JSON naming the field, and an endpoint's answers.
#[wasm_bindgen_test]
fn the_receiving_engine_parses_checks_and_answers() {
    use crate::receive::{parse_event, verify_secret, Endpoint};
    let body = r#"{"event":{"id":"e1","type":"incoming_whatsapp_message"},"message":{"channel":"whatsApp","isIncoming":"true","replyToMessage":{}}}"#;
    let event = json(&parse_event(body).unwrap());
    assert_eq!(event["channel"], "whatsapp");
    assert_eq!(event["message"], json(r#"{"channel":"whatsapp","isIncoming":true}"#));
    let refused = parse_event("{}").unwrap_err().as_string().unwrap();
    assert_eq!(json(&refused)["field"], "event");

    let secret = r#"{"name":"X-Hook-Secret","value":"s3cret"}"#;
    assert!(verify_secret(secret, Some("s3cret".to_string())).unwrap());
    assert!(!verify_secret(secret, None).unwrap());
    let bad = verify_secret(r#"{"name":"X Hook","value":"s"}"#, None).unwrap_err().as_string().unwrap();
    assert_eq!(json(&bad)["field"], "secret.name");

    let mut endpoint = Endpoint::new(r#"{"secret":{"name":"X-Hook-Secret","value":"s3cret"},"onEvent":{"\u0000js":"function"}}"#).unwrap();
    assert_eq!(endpoint.secret_header().as_deref(), Some("x-hook-secret"));
    let answer = |text: Option<String>| text.map(|t| json(&t)["status"].as_u64().unwrap());
    assert_eq!(answer(endpoint.screen("GET", Some("s3cret".into()), None)), Some(405));
    assert_eq!(answer(endpoint.screen("POST", Some("nope".into()), None)), Some(401));
    assert_eq!(answer(endpoint.screen("POST", Some("s3cret".into()), Some("2000000".into()))), Some(413));
    assert_eq!(answer(endpoint.screen("POST", Some("s3cret".into()), Some("not a number".into()))), None);
    let reception = json(&endpoint.receive(Some("s3cret".into()), body, 5.5));
    assert_eq!((reception["id"].as_str(), reception["since"].as_u64()), (Some("e1"), Some(5)));
    assert_eq!(reception["event"]["message"]["isIncoming"], true);
    assert_eq!(json(&endpoint.receive(Some("s3cret".into()), body, 6.0))["status"], 503);
    assert_eq!(endpoint.settle("e1", 5.0, true), 200);
    assert_eq!(json(&endpoint.receive(Some("s3cret".into()), body, 7.0))["status"], 200);
    assert!(Endpoint::new(r#"{"onEvent":1}"#).is_err());
}

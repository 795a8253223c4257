//! wasm32 tests that run in Node (`wasm-pack test --node -- --test wasm_node`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;
use whautomate::{ApiKey, BaseUrl, Error, ErrorCode};

#[path = "support/host_table.rs"]
mod host_table;

/// Proves this suite really runs in Node: `process.versions.node` exists, `window` does not.
#[wasm_bindgen_test]
fn runs_in_node_not_in_a_browser() {
    let global = js_sys::global();
    let process = js_sys::Reflect::get(&global, &JsValue::from_str("process")).unwrap();
    let versions = js_sys::Reflect::get(&process, &JsValue::from_str("versions")).unwrap();
    let node = js_sys::Reflect::get(&versions, &JsValue::from_str("node")).unwrap();
    assert!(node.as_string().is_some(), "process.versions.node must be a string in Node");
    let window = js_sys::Reflect::get(&global, &JsValue::from_str("window")).unwrap();
    assert!(window.is_undefined());
}

/// The core's host rules behave the same compiled to wasm32 as natively.
#[wasm_bindgen_test]
fn host_rules_hold_in_wasm() {
    assert_eq!(BaseUrl::parse("https://api.in.whautomate.com").unwrap().as_str(), "https://api.in.whautomate.com/v1");
    let err = BaseUrl::parse("http://example.com").unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(err.field(), Some("host"));
}

/// The shared host table (tests/support/host_table.rs), with hosts read by Node's own `URL`
/// (a Rust app on wasm32 carries no URL parser of its own): the same base URLs and
/// refusals as the url crate natively and the npm package's driver.
#[wasm_bindgen_test]
fn the_shared_host_table_holds_with_the_hosts_url_parser() {
    host_table::check_host_table();
}

/// Keys are refused with a typed error naming the field, and never echoed.
#[wasm_bindgen_test]
fn api_key_errors_name_the_field_not_the_key() {
    let err = ApiKey::new("top-secret\nX-Injected: 1").unwrap_err();
    assert_eq!(err.field(), Some("apiKey"));
    assert!(!err.to_string().contains("top-secret"));
    let e = Error::from_status(404, Some(r#"{"error":"Invalid locationId"}"#.into()), true);
    assert_eq!((e.code(), e.message()), (ErrorCode::NotFound, "Invalid locationId"));
}

#[path = "support/scenarios.rs"]
mod scenarios;

/// The engine, compiled for wasm32, reaches every outcome of the driver scenario table
/// in Node (the table's other runs: natively, and through the npm package's JS driver).
#[wasm_bindgen_test]
fn the_engine_reaches_every_outcome_of_the_scenario_table() {
    let failures = scenarios::disagreements();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

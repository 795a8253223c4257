//! wasm32 tests that run in headless Chromium
//! (`wasm-pack test --headless --chrome -- --test wasm_browser`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use whautomate::BaseUrl;

#[path = "support/host_table.rs"]
mod host_table;

// Without this line the runner would quietly execute the suite in Node (the trap
// gloo-net fell into); the first test below fails if that ever happens.
wasm_bindgen_test_configure!(run_in_browser);

/// Proves the suite runs in a browser page: `window` and `document` exist, `process` not.
#[wasm_bindgen_test]
fn runs_in_a_browser_page() {
    let global = js_sys::global();
    let get = |name: &str| js_sys::Reflect::get(&global, &JsValue::from_str(name)).unwrap();
    assert!(get("window").is_object(), "window must exist in the browser suite");
    assert!(get("document").is_object(), "document must exist in the browser suite");
    assert!(get("process").is_undefined(), "process must not exist in a browser");
    let ua = js_sys::Reflect::get(&get("navigator"), &JsValue::from_str("userAgent")).unwrap();
    assert!(ua.as_string().unwrap_or_default().contains("Chrome"), "expected Chromium");
}

/// The shared host table (tests/support/host_table.rs), with hosts read by Chromium's own
/// `URL`: the same base URLs and refusals as natively and in Node.
#[wasm_bindgen_test]
fn the_shared_host_table_holds_with_the_browsers_url_parser() {
    host_table::check_host_table();
}

/// The core's host rules behave the same in the browser.
#[wasm_bindgen_test]
fn host_rules_hold_in_the_browser() {
    assert!(BaseUrl::parse("http://localhost:8787").is_ok());
    assert_eq!(BaseUrl::parse("http://10.0.0.1").unwrap_err().field(), Some("host"));
}

#[path = "support/scenarios.rs"]
mod scenarios;

/// The engine, compiled for wasm32, reaches every outcome of the driver scenario table
/// in Chromium (the table's other runs: natively, and through the npm package's JS driver).
#[wasm_bindgen_test]
fn the_engine_reaches_every_outcome_of_the_scenario_table() {
    let failures = scenarios::disagreements();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

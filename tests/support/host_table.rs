//! The host table every URL reader is held to (tests/fixtures/hosts.json): each accepted
//! host's base URL and each refused one's code, through `BaseUrl::parse` as the platform
//! the test runs on reads hosts (the url crate natively; the JS host's `URL` on wasm32).
//! Used by tests/core_hostile_config.rs, tests/wasm_node.rs and tests/wasm_browser.rs; the
//! npm package's driver is held to the same table in tests/js/hostile.test.mjs.

use whautomate::BaseUrl;

/// Panics at the first row `BaseUrl::parse` does not hold to.
pub fn check_host_table() {
    let table: serde_json::Value = serde_json::from_str(include_str!("../fixtures/hosts.json")).unwrap();
    for row in table["accepted"].as_array().unwrap() {
        let host = row["host"].as_str().unwrap();
        let base = BaseUrl::parse(host).map(|b| b.as_str().to_string()).map_err(|e| e.to_string());
        assert_eq!(base.as_deref(), Ok(row["base"].as_str().unwrap()), "{host:?}");
    }
    for row in table["refused"].as_array().unwrap() {
        let host = row["host"].as_str().unwrap();
        let e = BaseUrl::parse(host).err().unwrap_or_else(|| panic!("{host:?} was accepted"));
        assert_eq!((e.field(), e.violations()[0].code), (Some("host"), row["code"].as_str().unwrap()), "{host:?}");
    }
}

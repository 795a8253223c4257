//! The driver scenario table through the Rust client, natively (see tests/support/scenarios.rs).

#[path = "support/scenarios.rs"]
mod scenarios;

#[test]
fn the_rust_client_reaches_every_outcome_of_the_table() {
    let failures = scenarios::disagreements();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! How many cases each property test runs: 2,000 in `make test`, more with `FUZZ_CASES`
//! (`make fuzz`) or proptest's own `PROPTEST_CASES`.

use proptest::test_runner::Config;

/// The property tests' configuration.
pub fn config() -> Config {
    let cases = std::env::var("FUZZ_CASES")
        .or_else(|_| std::env::var("PROPTEST_CASES"))
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    // Shrinking a failure of a 200,000-case run can take long; a few thousand steps suffice.
    Config { cases, max_shrink_iters: 4_096, failure_persistence: None, ..Config::default() }
}

//! The golden sends (tests/fixtures/golden/): their names, the clock they are built at,
//! and how to read a fixture. Shared by `core_golden.rs` and `core_serde.rs`.

/// Every send of the Messages API, as `<channel>_<call>`: the golden fixtures' names.
pub const SENDS: [&str; 12] = [
    "whatsapp_sendtext",
    "whatsapp_sendmedia",
    "whatsapp_sendtemplate",
    "telegram_sendtext",
    "telegram_sendmedia",
    "telegram_sendtemplate",
    "instagram_sendtext",
    "instagram_sendmedia",
    "instagram_sendtemplate",
    "messenger_sendtext",
    "messenger_sendmedia",
    "messenger_sendtemplate",
];

/// 2025-01-01T00:00:00Z: before every schedule in the fixtures.
pub const NOW_MS: i64 = 1_735_689_600_000;

/// The text of tests/fixtures/`name`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

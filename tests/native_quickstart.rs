//! The README's Rust quick start, run as written against the sandbox (in-process, on
//! 127.0.0.1), and checked to be the README's text word for word.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../examples/quickstart.rs"]
mod quickstart;

use whautomate::request::HistoryQuery;
use whautomate::{Client, ClientOptions};
use whautomate_sandbox::config::{Config, DEFAULT_API_KEY};

#[tokio::test]
async fn the_readme_quick_start_sends_through_the_sandbox() {
    let sandbox = whautomate_sandbox::start(Config { port: 0, ..Config::default() }).await.unwrap();
    let host = sandbox.base_url();
    quickstart::quickstart(DEFAULT_API_KEY, &host).await.unwrap();

    let client = Client::new(ClientOptions::new(DEFAULT_API_KEY).host(&host)).unwrap();
    let history = client.list("ct_wa_1", &HistoryQuery::default()).await.unwrap();
    assert!(history.iter().any(|m| m.text.as_deref() == Some("Your massage on Friday at 10:00 is confirmed.")), "{history:?}");
    sandbox.stop().await.unwrap();
}

#[test]
fn the_readme_shows_the_quick_start_word_for_word() {
    let example = include_str!("../examples/quickstart.rs");
    let start = example.find("// README:start\n").unwrap() + "// README:start\n".len();
    let end = example.find("    // README:end").unwrap();
    let snippet: String = example[start..end].lines().map(|l| l.strip_prefix("    ").unwrap_or(l)).collect::<Vec<_>>().join("\n");
    let readme = include_str!("../README.md");
    assert!(readme.contains(&snippet), "README.md must contain the quick start of examples/quickstart.rs:\n{snippet}");
    assert!(snippet.lines().count() <= 10);
}

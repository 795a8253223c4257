//! The README's Rust quick start: one `WhatsApp` text.
//!
//!     WHAUTOMATE_API_KEY=sk_test_sandbox WHAUTOMATE_HOST=http://127.0.0.1:8787 cargo run --example quickstart
//!
//! The lines between the markers are the README's, word for word (`tests/native_quickstart.rs`
//! checks that, and runs them against the sandbox).

/// Sends the quick start's message through `host` with `api_key`.
///
/// # Errors
///
/// The client's, the message's or the send's error, as [`whautomate::Error`].
pub async fn quickstart(api_key: &str, host: &str) -> Result<(), whautomate::Error> {
    // README:start
    use whautomate::{Channel, Client, ClientOptions, MessageBuilder, MessageKind};

    let client = Client::new(ClientOptions::new(api_key).host(host).location_id("loc_1"))?;
    let message = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text)
        .to_contact("ct_wa_1")
        .text("Your massage on Friday at 10:00 is confirmed.")
        .build()?;
    client.send(&message).await?;
    // README:end
    Ok(())
}

#[allow(dead_code)] // tests/native_quickstart.rs includes this file for `quickstart` only.
#[cfg(not(target_arch = "wasm32"))]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let api_key = std::env::var("WHAUTOMATE_API_KEY")?;
    let host = std::env::var("WHAUTOMATE_HOST").unwrap_or_else(|_| whautomate::DEFAULT_HOST.to_string());
    quickstart(&api_key, &host).await?;
    println!("sent");
    Ok(())
}

/// On wasm32 the example has nothing to run: the quick start is for a native binary.
#[allow(dead_code)]
#[cfg(target_arch = "wasm32")]
fn main() {}

//! The public API's promises that only the compiler can check: the errors are real
//! errors, and the client and errors cross threads.

use whautomate::{Error, TransportError};

fn is_error<E: core::error::Error + Send + Sync + 'static>() {}
#[cfg(not(target_arch = "wasm32"))]
fn is_send_sync<T: Send + Sync + 'static>() {}

// Compile-time assertions: this file does not build if one of them stops holding.
const _: fn() = || {
    is_error::<Error>();
    is_error::<TransportError>();
    #[cfg(all(not(target_arch = "wasm32"), feature = "default-transport"))]
    {
        is_send_sync::<whautomate::Client>();
        // Errors box into the std error type that anyhow and `?` in main expect.
        let _: fn(Error) -> Box<dyn std::error::Error + Send + Sync> = |e| Box::new(e);
    }
};

#[test]
fn errors_display_their_code_and_message() {
    let e = Error::new(whautomate::ErrorCode::Timeout, "no response");
    assert_eq!(e.to_string(), "timeout: no response");
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(TransportError::Timeout);
    assert_eq!(boxed.to_string(), "no complete response within the timeout");
}

//! The client's platform-free state: checked options and the rate-limit bucket.
//!
//! [`crate::client::Client`] wraps it with a transport and a runtime; the npm package's engine
//! (whautomate-wasm) holds it alone, because JavaScript performs the I/O there.

use super::options::ClientOptions;
use super::rate_limit::TokenBucket;
use crate::Error;
use alloc::sync::Arc;

/// Where a client keeps its bucket. With std, a `Mutex`: the Rust client is shared
/// across threads (`Arc`, tokio tasks, axum state), and a clone shares the rate limit.
/// Without std (the npm package's single-threaded engine), a `Cell`: the bucket is four
/// numbers, copied out and back, and neither a lock nor a `RefCell`'s borrow-failure
/// panic comes into the .wasm.
#[cfg(feature = "std")]
type BucketSlot = std::sync::Mutex<TokenBucket>;
#[cfg(not(feature = "std"))]
type BucketSlot = core::cell::Cell<TokenBucket>;

#[cfg(feature = "std")]
fn with_bucket<R>(slot: &BucketSlot, f: impl FnOnce(&mut TokenBucket) -> R) -> R {
    // A panic while the lock was held cannot leave the bucket half-written (its updates
    // are plain stores of numbers), so a poisoned lock is used as it is.
    f(&mut slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
}
#[cfg(not(feature = "std"))]
fn with_bucket<R>(slot: &BucketSlot, f: impl FnOnce(&mut TokenBucket) -> R) -> R {
    let mut bucket = slot.get();
    let result = f(&mut bucket);
    slot.set(bucket);
    result
}

/// Checked options plus the token bucket that enforces `rate_limit`.
pub struct ClientState {
    /// Shared: clients made with the same checked options (the npm package keeps them
    /// per distinct options object) need not read and check them again.
    options: Arc<ClientOptions>,
    bucket: Option<BucketSlot>,
}

impl ClientState {
    /// Checks `options` and starts the rate-limit bucket (full) at `now_ms`.
    ///
    /// # Errors
    ///
    /// `invalid_input` with every option out of its range.
    pub fn new(mut options: ClientOptions, now_ms: f64) -> Result<Self, Error> {
        options.take_problems()?;
        Ok(ClientState::with_checked(Arc::new(options), now_ms))
    }

    /// Checks `options` once, for many clients ([`ClientState::with_checked`]).
    ///
    /// # Errors
    ///
    /// `invalid_input` with every option out of its range.
    pub fn check(mut options: ClientOptions) -> Result<Arc<ClientOptions>, Error> {
        options.take_problems()?;
        Ok(Arc::new(options))
    }

    /// A client's state over options [`ClientState::check`] accepted, with a rate-limit
    /// bucket of its own, full at `now_ms`.
    #[must_use]
    pub fn with_checked(options: Arc<ClientOptions>, now_ms: f64) -> ClientState {
        let bucket = options.rate_limit.map(|limit| BucketSlot::new(TokenBucket::new(limit, now_ms)));
        ClientState { options, bucket }
    }

    /// The options in force.
    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// Reserves a rate-limit token at `now_ms` and returns how long to wait before using
    /// it (0 when the limit is off or a token is ready).
    pub fn reserve_token(&self, now_ms: f64) -> f64 {
        self.bucket.as_ref().map_or(0.0, |slot| with_bucket(slot, |bucket| bucket.reserve(now_ms)))
    }

    /// Gives back a token whose caller gave up waiting.
    pub fn release_token(&self, now_ms: f64) {
        if let Some(slot) = &self.bucket {
            with_bucket(slot, |bucket| bucket.release(now_ms));
        }
    }

    /// Removes the API key from text the SDK did not write (see [`Error::redact`]).
    pub fn redact(&self, error: Error) -> Error {
        error.redact(self.options.api_key.expose())
    }
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `engine::state::ClientState`
    #[test]
    fn clientstate_line_37() {
        use crate::client::{ClientOptions, RateLimit};
        use crate::engine::state::ClientState;
        let state = ClientState::new(ClientOptions::new("sk_test").rate_limit(Some(RateLimit::per_minute(60))), 0.0).unwrap();
        assert_eq!(state.reserve_token(0.0), 0.0); // the first token is ready
        assert!(ClientState::new(ClientOptions::new(""), 0.0).is_err()); // no API key
    }

    /// `engine::state::ClientState::new`
    #[test]
    fn new_line_53() {
        use crate::client::ClientOptions;
        use crate::engine::state::ClientState;
        assert!(ClientState::new(ClientOptions::new("sk_test"), 0.0).is_ok());
        let Err(e) = ClientState::new(ClientOptions::new("sk_test").timeout_ms(0), 0.0) else { panic!() };
        assert_eq!(e.field(), Some("timeoutMs"));
    }

    /// `engine::state::ClientState::check`
    #[test]
    fn check_line_66() {
        use crate::client::ClientOptions;
        use crate::engine::state::ClientState;
        let shared = ClientState::check(ClientOptions::new("sk_test")).unwrap();
        let (a, b) = (ClientState::with_checked(shared.clone(), 0.0), ClientState::with_checked(shared, 0.0));
        assert_eq!(a.options().timeout_ms, b.options().timeout_ms);
        assert!(ClientState::check(ClientOptions::new("")).is_err());
    }

    /// `engine::state::ClientState::with_checked`
    #[test]
    fn with_checked_line_81() {
        use crate::client::{ClientOptions, RateLimit};
        use crate::engine::state::ClientState;
        let shared = ClientState::check(ClientOptions::new("sk_test").rate_limit(Some(RateLimit { per_minute: 60, burst: 1 }))).unwrap();
        let (a, b) = (ClientState::with_checked(shared.clone(), 0.0), ClientState::with_checked(shared, 0.0));
        assert_eq!((a.reserve_token(0.0), b.reserve_token(0.0)), (0.0, 0.0)); // a bucket each
    }

    /// `engine::state::ClientState::options`
    #[test]
    fn options_line_94() {
        use crate::client::ClientOptions;
        use crate::engine::state::ClientState;
        let state = ClientState::new(ClientOptions::new("sk_test").location_id("loc_1"), 0.0).unwrap();
        assert_eq!(state.options().location_id.as_deref(), Some("loc_1"));
    }

    /// `engine::state::ClientState::reserve_token`
    #[test]
    fn reserve_token_line_106() {
        use crate::client::{ClientOptions, RateLimit};
        use crate::engine::state::ClientState;
        let limited = ClientState::new(ClientOptions::new("sk_test").rate_limit(Some(RateLimit { per_minute: 60, burst: 1 })), 0.0).unwrap();
        assert_eq!(limited.reserve_token(0.0), 0.0);
        assert_eq!(limited.reserve_token(0.0).round(), 1_031.0);
        let unlimited = ClientState::new(ClientOptions::new("sk_test").rate_limit(None), 0.0).unwrap();
        assert!((0..1_000).all(|_| unlimited.reserve_token(0.0) == 0.0));
    }

    /// `engine::state::ClientState::release_token`
    #[test]
    fn release_token_line_120() {
        use crate::client::{ClientOptions, RateLimit};
        use crate::engine::state::ClientState;
        let state = ClientState::new(ClientOptions::new("sk_test").rate_limit(Some(RateLimit { per_minute: 60, burst: 1 })), 0.0).unwrap();
        state.reserve_token(0.0);
        state.release_token(0.0);
        assert_eq!(state.reserve_token(0.0), 0.0);
    }

    /// `engine::state::ClientState::redact`
    #[test]
    fn redact_line_135() {
        use crate::client::ClientOptions;
        use crate::engine::state::ClientState;
        use crate::{Error, ErrorCode};
        let state = ClientState::new(ClientOptions::new("sk_live_42"), 0.0).unwrap();
        let e = state.redact(Error::new(ErrorCode::Network, "request with key sk_live_42 failed"));
        assert_eq!(e.message(), "request with key [redacted] failed");
    }
}

//! The client's platform-free state: checked options and the rate-limit bucket.
//!
//! [`crate::client::Client`] wraps it with a transport and a runtime; the npm package's engine
//! (src/wasm) holds it alone, because JavaScript performs the I/O there.

use super::options::ClientOptions;
use super::rate_limit::TokenBucket;
use crate::Error;
use alloc::sync::Arc;
use core::cell::Cell;

/// Checked options plus the token bucket that enforces `rate_limit`.
///
/// ```
/// use whautomate::client::{ClientOptions, ClientState, RateLimit};
/// let state = ClientState::new(ClientOptions::new("sk_test").rate_limit(Some(RateLimit::per_minute(60))), 0.0).unwrap();
/// assert_eq!(state.reserve_token(0.0), 0.0); // the first token is ready
/// assert!(ClientState::new(ClientOptions::new(""), 0.0).is_err()); // no API key
/// ```
pub struct ClientState {
    /// Shared: clients made with the same checked options (the npm package keeps them
    /// per distinct options object) need not read and check them again.
    options: Arc<ClientOptions>,
    /// A `Cell` (the bucket is four numbers, copied out and back): a `RefCell` would
    /// bring its borrow-failure panic into the .wasm for nothing.
    bucket: Option<Cell<TokenBucket>>,
}

impl ClientState {
    /// Checks `options` and starts the rate-limit bucket (full) at `now_ms`.
    ///
    /// ```
    /// use whautomate::client::{ClientOptions, ClientState};
    /// assert!(ClientState::new(ClientOptions::new("sk_test"), 0.0).is_ok());
    /// let Err(e) = ClientState::new(ClientOptions::new("sk_test").timeout_ms(0), 0.0) else { panic!() };
    /// assert_eq!(e.field(), Some("timeoutMs"));
    /// ```
    pub fn new(mut options: ClientOptions, now_ms: f64) -> Result<Self, Error> {
        options.take_problems()?;
        Ok(ClientState::with_checked(Arc::new(options), now_ms))
    }

    /// Checks `options` once, for many clients ([`ClientState::with_checked`]).
    ///
    /// ```
    /// use whautomate::client::{ClientOptions, ClientState};
    /// let shared = ClientState::check(ClientOptions::new("sk_test")).unwrap();
    /// let (a, b) = (ClientState::with_checked(shared.clone(), 0.0), ClientState::with_checked(shared, 0.0));
    /// assert_eq!(a.options().timeout_ms, b.options().timeout_ms);
    /// assert!(ClientState::check(ClientOptions::new("")).is_err());
    /// ```
    pub fn check(mut options: ClientOptions) -> Result<Arc<ClientOptions>, Error> {
        options.take_problems()?;
        Ok(Arc::new(options))
    }

    /// A client's state over options [`ClientState::check`] accepted, with a rate-limit
    /// bucket of its own, full at `now_ms`.
    ///
    /// ```
    /// use whautomate::client::{ClientOptions, ClientState, RateLimit};
    /// let shared = ClientState::check(ClientOptions::new("sk_test").rate_limit(Some(RateLimit { per_minute: 60, burst: 1 }))).unwrap();
    /// let (a, b) = (ClientState::with_checked(shared.clone(), 0.0), ClientState::with_checked(shared, 0.0));
    /// assert_eq!((a.reserve_token(0.0), b.reserve_token(0.0)), (0.0, 0.0)); // a bucket each
    /// ```
    pub fn with_checked(options: Arc<ClientOptions>, now_ms: f64) -> ClientState {
        let bucket = options.rate_limit.map(|limit| Cell::new(TokenBucket::new(limit, now_ms)));
        ClientState { options, bucket }
    }

    /// The options in force.
    ///
    /// ```
    /// use whautomate::client::{ClientOptions, ClientState};
    /// let state = ClientState::new(ClientOptions::new("sk_test").location_id("loc_1"), 0.0).unwrap();
    /// assert_eq!(state.options().location_id.as_deref(), Some("loc_1"));
    /// ```
    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// Reserves a rate-limit token at `now_ms` and returns how long to wait before using
    /// it (0 when the limit is off or a token is ready).
    ///
    /// ```
    /// use whautomate::client::{ClientOptions, ClientState, RateLimit};
    /// let limited = ClientState::new(ClientOptions::new("sk_test").rate_limit(Some(RateLimit { per_minute: 60, burst: 1 })), 0.0).unwrap();
    /// assert_eq!(limited.reserve_token(0.0), 0.0);
    /// assert_eq!(limited.reserve_token(0.0).round(), 1_031.0);
    /// let unlimited = ClientState::new(ClientOptions::new("sk_test").rate_limit(None), 0.0).unwrap();
    /// assert!((0..1_000).all(|_| unlimited.reserve_token(0.0) == 0.0));
    /// ```
    pub fn reserve_token(&self, now_ms: f64) -> f64 {
        self.bucket.as_ref().map_or(0.0, |cell| {
            let mut bucket = cell.get();
            let wait = bucket.reserve(now_ms);
            cell.set(bucket);
            wait
        })
    }

    /// Gives back a token whose caller gave up waiting.
    ///
    /// ```
    /// use whautomate::client::{ClientOptions, ClientState, RateLimit};
    /// let state = ClientState::new(ClientOptions::new("sk_test").rate_limit(Some(RateLimit { per_minute: 60, burst: 1 })), 0.0).unwrap();
    /// state.reserve_token(0.0);
    /// state.release_token(0.0);
    /// assert_eq!(state.reserve_token(0.0), 0.0);
    /// ```
    pub fn release_token(&self, now_ms: f64) {
        if let Some(cell) = &self.bucket {
            let mut bucket = cell.get();
            bucket.release(now_ms);
            cell.set(bucket);
        }
    }

    /// Removes the API key from text the SDK did not write (see [`Error::redact`]).
    ///
    /// ```
    /// use whautomate::client::{ClientOptions, ClientState};
    /// use whautomate::{Error, ErrorCode};
    /// let state = ClientState::new(ClientOptions::new("sk_live_42"), 0.0).unwrap();
    /// let e = state.redact(Error::new(ErrorCode::Network, "request with key sk_live_42 failed"));
    /// assert_eq!(e.message(), "request with key [redacted] failed");
    /// ```
    pub fn redact(&self, error: Error) -> Error {
        error.redact(self.options.api_key.expose())
    }
}

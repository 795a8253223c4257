//! The decision after each attempt, as a pure function: retry after a wait, or finish.
//!
//! This is the client's whole retry logic, free of any I/O, so that every driver makes
//! the same decision: [`crate::client::Client::execute`] (Rust, over a `Transport`), and
//! the JavaScript driver in the npm package, which performs `fetch` itself and asks the
//! wasm engine what to do next (one call per attempt instead of a Rust future per call).

use crate::prelude::*;

use super::retry::{parse_retry_after, should_retry, Outcome, RetryPolicy};
use crate::{Error, ErrorCode, TransportError, TransportResponse};

/// What a driver does after an attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// Wait this long (the rate limit still applies after), then try again.
    RetryAfter(u64),
    /// The call is over: the last response (any status), or why there is none.
    Done(Result<TransportResponse, Error>),
}

/// Everything an attempt's decision depends on.
#[derive(Debug, Clone, Copy)]
pub struct Attempt {
    /// Whether the request is a send (never repeated once it may have reached the server).
    pub is_send: bool,
    /// 0 for the first attempt.
    pub number: u32,
    /// The retry settings.
    pub policy: RetryPolicy,
    /// The timeout, for the error message.
    pub timeout_ms: u64,
    /// Whether a 2xx alone completes the call (a delete): its body, read or too large to
    /// read, does not matter.
    pub status_only: bool,
}

impl Attempt {
    /// Decides what follows an attempt that ended with `result`, at `now_ms`, drawing
    /// jitter from `random` (in `[0, 1)`).
    #[must_use]
    pub fn next(&self, result: Result<TransportResponse, TransportError>, now_ms: f64, random: f64) -> Next {
        match result {
            Ok(response) => match self.retry_wait(Outcome::Status(response.status), response.retry_after.as_deref(), now_ms, random) {
                Some(ms) => Next::RetryAfter(ms),
                None => Next::Done(Ok(response)),
            },
            // The server answered, though its body was too large to read or was cut while
            // it arrived: its status decides, and a call judged by its status alone is done
            // with a 2xx.
            Err(TransportError::BodyTooLarge { status, retry_after, detail } | TransportError::BodyCut { status, retry_after, detail }) => match self.retry_wait(Outcome::Status(status), retry_after.as_deref(), now_ms, random) {
                Some(ms) => Next::RetryAfter(ms),
                None if self.status_only && (200..300).contains(&status) => Next::Done(Ok(TransportResponse { status, retry_after, body: String::new() })),
                None => Next::Done(Err(Error::body_not_read(status, &detail, self.is_send).with_retry_after_ms(retry_after.and_then(|v| parse_retry_after(&v, now_ms))))),
            },
            Err(error) => match self.after_failure(error, now_ms, random) {
                Ok(ms) => Next::RetryAfter(ms),
                Err(error) => Next::Done(Err(error)),
            },
        }
    }

    /// [`Attempt::next`] for an attempt that got no response: the wait before the next
    /// attempt, or the error to report. (The JS engine's driver calls this directly,
    /// since it never holds a response to hand back.) A response whose body was too large
    /// to read or cut ([`TransportError::BodyTooLarge`], [`TransportError::BodyCut`]) is judged by its status in
    /// [`Attempt::next`], not here: here it is final, without its `Retry-After`.
    ///
    /// # Errors
    ///
    /// The final error when the failure may not be retried (or retries are spent).
    pub fn after_failure(&self, error: TransportError, now_ms: f64, random: f64) -> Result<u64, Error> {
        if let Some(ms) = self.retry_wait(Outcome::Failed(&error), None, now_ms, random) {
            return Ok(ms);
        }
        let reached = error.may_have_been_sent();
        Err(transport_error(error, self.is_send, reached, self.timeout_ms))
    }

    /// The decision of [`Attempt::next`] from what it depends on, without taking the
    /// response: `Some(ms)` to try again after `ms`, `None` when the call is over.
    /// `retry_after` is the response's `Retry-After` header, if any.
    #[must_use]
    pub fn retry_wait(&self, outcome: Outcome<'_>, retry_after: Option<&str>, now_ms: f64, random: f64) -> Option<u64> {
        let success = matches!(outcome, Outcome::Status(status) if (200..300).contains(&status));
        if success || self.number >= self.policy.max_retries || !should_retry(self.is_send, outcome) {
            return None;
        }
        self.policy.backoff_ms(self.number, random, retry_after.and_then(|v| parse_retry_after(v, now_ms)))
    }
}

/// Maps a transport failure to the SDK error. `reached`: whether this request could
/// have reached the server (false when it failed before being handed to the network,
/// e.g. aborted while waiting for the rate limit or a retry).
#[must_use]
pub fn transport_error(error: TransportError, is_send: bool, reached: bool, timeout_ms: u64) -> Error {
    let may_have_been_sent = is_send && reached;
    let (code, message) = match error {
        TransportError::Redirect => return Error::redirect(),
        TransportError::BodyTooLarge { status, detail, .. } | TransportError::BodyCut { status, detail, .. } => return Error::body_not_read(status, &detail, is_send),
        TransportError::InvalidResponse(detail) => (ErrorCode::InvalidResponse, detail),
        TransportError::Refused(detail) => (ErrorCode::Network, crate::text!("connection refused: ", detail)),
        TransportError::Network(detail) => (ErrorCode::Network, crate::text!("network error: ", detail)),
        TransportError::Timeout => (ErrorCode::Timeout, crate::text!("no complete response within ", timeout_ms, " ms")),
        TransportError::Aborted => (ErrorCode::Aborted, "the request was aborted".to_owned()),
    };
    // `retryable` means "safe to send again without risking a duplicate": any read, or a
    // send that certainly did not reach the server (an abort included: whether to try
    // again after cancelling is the caller's call, but it would be safe).
    let retryable = !may_have_been_sent;
    Error::new(code, message).with_retryable(retryable).with_may_have_been_sent(may_have_been_sent)
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `engine::attempt::Next`
    #[test]
    fn next_line_15() {
        use crate::engine::attempt::{Attempt, Next};
        use crate::client::RetryPolicy;
        use crate::TransportResponse;
        let read = Attempt { is_send: false, number: 0, policy: RetryPolicy::default(), timeout_ms: 30_000, status_only: false };
        let ok = TransportResponse { status: 200, retry_after: None, body: "[]".into() };
        assert_eq!(read.next(Ok(ok.clone()), 0.0, 0.5), Next::Done(Ok(ok)));
        let busy = TransportResponse { status: 503, retry_after: None, body: String::new() };
        assert_eq!(read.next(Ok(busy), 0.0, 0.5), Next::RetryAfter(250));
    }

    /// `engine::attempt::Attempt`
    #[test]
    fn attempt_line_35() {
        use crate::engine::attempt::{Attempt, Next};
        use crate::client::RetryPolicy;
        use crate::TransportError;
        let policy = RetryPolicy { max_retries: 1, ..RetryPolicy::default() };
        let mut read = Attempt { is_send: false, number: 0, policy, timeout_ms: 30_000, status_only: false };
        let reset = || Err(TransportError::Network("reset".into()));
        assert_eq!(read.next(reset(), 0.0, 0.5), Next::RetryAfter(250));
        read.number = 1; // the retry budget is spent
        assert!(matches!(read.next(reset(), 0.0, 0.5), Next::Done(Err(_))));
    }

    /// `engine::attempt::Attempt::next`
    #[test]
    fn next_line_62() {
        use crate::engine::attempt::{Attempt, Next};
        use crate::client::RetryPolicy;
        use crate::{TransportError, TransportResponse};
        let send = Attempt { is_send: true, number: 0, policy: RetryPolicy::default(), timeout_ms: 30_000, status_only: false };
        let limited = Ok(TransportResponse { status: 429, retry_after: Some("1".into()), body: String::new() });
        assert_eq!(send.next(limited, 0.0, 0.5), Next::RetryAfter(1_000));
        // A timed-out send is never repeated: it may have been delivered.
        let Next::Done(Err(e)) = send.next(Err(TransportError::Timeout), 0.0, 0.5) else { panic!() };
        assert!(e.may_have_been_sent());
    }

    /// `engine::attempt::Attempt::after_failure`
    #[test]
    fn after_failure_line_90() {
        use crate::engine::attempt::Attempt;
        use crate::client::RetryPolicy;
        use crate::{ErrorCode, TransportError};
        let send = Attempt { is_send: true, number: 0, policy: RetryPolicy::default(), timeout_ms: 30_000, status_only: false };
        // Refused: nothing was sent, so even a send is tried again.
        assert!(send.after_failure(TransportError::Refused("ECONNREFUSED".into()), 0.0, 0.5).is_ok());
        // A timed-out send may have been delivered: reported, never repeated.
        let e = send.after_failure(TransportError::Timeout, 0.0, 0.5).unwrap_err();
        assert_eq!((e.code(), e.may_have_been_sent()), (ErrorCode::Timeout, true));
    }

    /// `engine::attempt::Attempt::retry_wait`
    #[test]
    fn retry_wait_line_113() {
        use crate::engine::attempt::Attempt;
        use crate::engine::retry::Outcome;
        use crate::client::RetryPolicy;
        let send = Attempt { is_send: true, number: 0, policy: RetryPolicy::default(), timeout_ms: 30_000, status_only: false };
        assert_eq!(send.retry_wait(Outcome::Status(429), Some("2"), 0.0, 0.5), Some(2_000));
        assert_eq!(send.retry_wait(Outcome::Status(200), None, 0.0, 0.5), None);
    }

    /// `engine::attempt::transport_error`
    #[test]
    fn transport_error_line_134() {
        use crate::engine::attempt::transport_error;
        use crate::{ErrorCode, TransportError};
        let e = transport_error(TransportError::Timeout, true, true, 5_000);
        assert_eq!((e.code(), e.message()), (ErrorCode::Timeout, "no complete response within 5000 ms"));
        assert!(e.may_have_been_sent() && !e.retryable());
        // Aborted before it was handed to the network: certainly not sent.
        let e = transport_error(TransportError::Aborted, true, false, 5_000);
        assert!(!e.may_have_been_sent() && e.retryable());
    }
}

//! When to try a request again, and how long to wait first.
//!
//! The rule that matters: a send is repeated only when the server certainly did not accept
//! it (429, or a connection refused before any byte went out). The Messages API has no
//! idempotency key, so resending after a timeout, a dropped response or a 5xx could
//! deliver the message twice. Reads (history) are safe to repeat on any transient failure.

use crate::text::parse_u64;
use crate::TransportError;

/// Retry settings: how many extra attempts, and the exponential backoff bounds.
///
/// ```
/// use whautomate::client::RetryPolicy;
/// let policy = RetryPolicy { max_retries: 3, base_delay_ms: 500, max_delay_ms: 20_000 };
/// // Full jitter: attempt 2 waits a random share of min(20 s, 500 ms × 2²).
/// assert_eq!(policy.backoff_ms(2, 0.5, None), Some(1_000));
/// // A server's Retry-After wins over the computed delay...
/// assert_eq!(policy.backoff_ms(0, 0.5, Some(3_000)), Some(3_000));
/// // ...unless it exceeds max_delay_ms: then the error goes back to the caller.
/// assert_eq!(policy.backoff_ms(0, 0.5, Some(60_000)), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Extra attempts after the first one (0 turns retries off).
    pub max_retries: u32,
    /// First backoff ceiling, doubled per attempt.
    pub base_delay_ms: u64,
    /// Upper bound of any single wait.
    pub max_delay_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: 3, base_delay_ms: 500, max_delay_ms: 20_000 }
    }
}

impl RetryPolicy {
    /// A policy of `max_retries` extra attempts, backoff starting at `base_delay` and no
    /// single wait longer than `max_delay` (a fraction of a millisecond counts as one).
    ///
    /// ```
    /// use std::time::Duration;
    /// use whautomate::client::RetryPolicy;
    /// let policy = RetryPolicy::new(2, Duration::from_millis(100), Duration::from_secs(5));
    /// assert_eq!(policy, RetryPolicy { max_retries: 2, base_delay_ms: 100, max_delay_ms: 5_000 });
    /// assert_eq!((policy.base_delay(), policy.max_delay()), (Duration::from_millis(100), Duration::from_secs(5)));
    /// ```
    #[must_use]
    pub fn new(max_retries: u32, base_delay: core::time::Duration, max_delay: core::time::Duration) -> RetryPolicy {
        use super::options::whole_ms;
        RetryPolicy { max_retries, base_delay_ms: whole_ms(base_delay), max_delay_ms: whole_ms(max_delay) }
    }

    /// The first backoff ceiling, as a [`Duration`](core::time::Duration).
    ///
    /// ```
    /// use std::time::Duration;
    /// use whautomate::client::RetryPolicy;
    /// let policy = RetryPolicy::new(2, Duration::from_millis(250), Duration::from_secs(8));
    /// assert_eq!((policy.base_delay(), policy.base_delay_ms), (Duration::from_millis(250), 250));
    /// ```
    #[must_use]
    pub fn base_delay(&self) -> core::time::Duration {
        core::time::Duration::from_millis(self.base_delay_ms)
    }

    /// The longest single wait, as a [`Duration`](core::time::Duration).
    ///
    /// ```
    /// use std::time::Duration;
    /// use whautomate::client::RetryPolicy;
    /// let policy = RetryPolicy::new(2, Duration::from_millis(250), Duration::from_secs(8));
    /// assert_eq!((policy.max_delay(), policy.max_delay_ms), (Duration::from_secs(8), 8_000));
    /// ```
    #[must_use]
    pub fn max_delay(&self) -> core::time::Duration {
        core::time::Duration::from_millis(self.max_delay_ms)
    }

    /// The wait before retry number `attempt` (0-based), or `None` when the server asks
    /// for a longer wait than `max_delay_ms` allows. `random` is in `[0, 1)`.
    ///
    /// Full jitter (a uniform draw below the exponential ceiling) spreads the retries of
    /// many clients apart instead of synchronising them.
    ///
    /// ```
    /// use whautomate::client::RetryPolicy;
    /// let policy = RetryPolicy::default(); // 500 ms base, 20 s cap
    /// assert_eq!(policy.backoff_ms(0, 0.5, None), Some(250));
    /// assert_eq!(policy.backoff_ms(10, 0.5, None), Some(10_000)); // capped at 20 s, then jittered
    /// assert_eq!(policy.backoff_ms(0, 0.0, Some(2_000)), Some(2_000));
    /// ```
    #[must_use]
    pub fn backoff_ms(&self, attempt: u32, random: f64, retry_after_ms: Option<u64>) -> Option<u64> {
        if let Some(wait) = retry_after_ms {
            return (wait <= self.max_delay_ms).then_some(wait);
        }
        // base × 2^attempt, saturating (a shift, rather than `saturating_mul`, which is a
        // 128-bit multiply on wasm32).
        let shift = attempt.min(63);
        let grown = if self.base_delay_ms > u64::MAX >> shift { u64::MAX } else { self.base_delay_ms << shift };
        let ceiling = grown.min(self.max_delay_ms);
        Some((ceiling as f64 * random.clamp(0.0, 1.0)) as u64)
    }
}

/// What an attempt ended with, as far as the retry decision is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// A response with this status arrived.
    Status(u16),
    /// No response.
    Failed(&'a TransportError),
}

/// Whether an attempt that ended with `outcome` may be repeated.
#[must_use]
pub fn should_retry(is_send: bool, outcome: Outcome<'_>) -> bool {
    match outcome {
        Outcome::Status(429) => true,
        Outcome::Status(status) => !is_send && (500..600).contains(&status),
        // Refusing a redirect or a response that cannot be used is final: the same
        // request would meet the same answer.
        // (A body too large to read, or cut, is judged by its status, by `Attempt::next`.)
        Outcome::Failed(TransportError::Aborted | TransportError::Redirect | TransportError::InvalidResponse(_) | TransportError::BodyTooLarge { .. } | TransportError::BodyCut { .. }) => false,
        Outcome::Failed(TransportError::Refused(_)) => true,
        Outcome::Failed(TransportError::Network(_) | TransportError::Timeout) => !is_send,
    }
}

/// The longest wait a `Retry-After` is read as: 2^53 − 1 ms (about 285,000 years), the
/// largest whole number a JavaScript number holds exactly, so that `retryAfterMs` is the
/// same safe integer in both languages. Anything longer means "not in this process's
/// life" either way.
pub const MAX_RETRY_AFTER_MS: u64 = (1 << 53) - 1;

/// Parses a `Retry-After` header: delay-seconds, or an HTTP-date in any of its three forms
/// ([`super::http_date`]) taken relative to `now_ms`; a wait longer than
/// [`MAX_RETRY_AFTER_MS`] is read as that. Unparseable → `None`, and so is a header longer
/// than an error body is kept ([`crate::error::ERROR_BODY_CAP`]): the npm package's
/// driver hands over no more than a body's prefix of it, and both drivers must read the
/// same wait.
#[must_use]
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<u64> {
    if value.len() > crate::error::ERROR_BODY_CAP {
        return None;
    }
    let value = crate::text::trim(value);
    let digits = value.strip_prefix('+').unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some(match parse_u64(digits) {
            Some(seconds) if seconds <= MAX_RETRY_AFTER_MS / 1000 => seconds * 1000,
            _ => MAX_RETRY_AFTER_MS,
        });
    }
    // A date is at most year 9999 (`http_date`), far below the cap.
    let at_ms = super::http_date::parse_http_date(value, now_ms)?;
    Some((at_ms as f64 - now_ms).max(0.0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_exponentially_up_to_the_cap() {
        let p = RetryPolicy { max_retries: 10, base_delay_ms: 100, max_delay_ms: 1_000 };
        let ceilings: Vec<u64> = (0..6).map(|a| p.backoff_ms(a, 0.999_999, None).unwrap()).collect();
        assert_eq!(ceilings, vec![99, 199, 399, 799, 999, 999]);
        assert_eq!(p.backoff_ms(3, 0.0, None), Some(0));
        assert_eq!(p.backoff_ms(200, 0.5, None), Some(500)); // no overflow
    }

    #[test]
    fn backoff_saturates_as_saturating_mul_did() {
        for base_delay_ms in [0, 1, 500, u64::MAX >> 3, u64::MAX / 3, u64::MAX] {
            for attempt in [0, 1, 3, 61, 62, 63, 64, 200, u32::MAX] {
                let p = RetryPolicy { max_retries: 0, base_delay_ms, max_delay_ms: u64::MAX };
                let ceiling = base_delay_ms.saturating_mul(1u64.checked_shl(attempt.min(63)).unwrap_or(u64::MAX));
                assert_eq!(p.backoff_ms(attempt, 1.0, None), Some(ceiling as f64 as u64), "{base_delay_ms} {attempt}");
            }
        }
    }

    #[test]
    fn delay_seconds_saturate_at_a_safe_integer() {
        assert_eq!(parse_retry_after("9007199254740", 0.0), Some(9_007_199_254_740_000));
        assert_eq!(parse_retry_after("9007199254741", 0.0), Some(MAX_RETRY_AFTER_MS));
        assert_eq!(parse_retry_after("18446744073709551", 0.0), Some(MAX_RETRY_AFTER_MS));
        assert_eq!(parse_retry_after("18446744073709552", 0.0), Some(MAX_RETRY_AFTER_MS));
        assert_eq!(parse_retry_after("18446744073709551615", 0.0), Some(MAX_RETRY_AFTER_MS));
        assert_eq!(parse_retry_after("99999999999999999999999", 0.0), Some(MAX_RETRY_AFTER_MS));
        assert_eq!(MAX_RETRY_AFTER_MS as f64 as u64, MAX_RETRY_AFTER_MS, "exact as a JS number");
        assert_eq!(parse_retry_after("+", 0.0), None);
        assert_eq!(parse_retry_after("1.5", 0.0), None);
        assert_eq!(parse_retry_after("+3", 0.0), Some(3_000));
        assert_eq!(parse_retry_after("-3", 0.0), None);
    }

    #[test]
    fn a_date_is_relative_to_now_and_never_negative() {
        // 1994-11-06T08:49:37Z = 784111777 s (RFC 9110's example date).
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_787_000.0), Some(0));
        assert_eq!(parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", 784_111_777_000.0), Some(10_000));
        assert_eq!(parse_retry_after("Sun, 06 Foo 1994 08:49:37 GMT", 0.0), None);
        assert_eq!(parse_retry_after("Sun, 06 Nov 999999999 08:49:37 GMT", 0.0), None);
    }

    #[test]
    fn reads_retry_on_every_transient_failure_sends_only_when_not_delivered() {
        let net = TransportError::Network("reset".into());
        for (is_send, outcome, expected) in [
            (false, Outcome::Failed(&net), true),
            (true, Outcome::Failed(&net), false),
            (false, Outcome::Failed(&TransportError::Timeout), true),
            (false, Outcome::Failed(&TransportError::Aborted), false),
            (false, Outcome::Status(503), true),
            (true, Outcome::Status(503), false),
            (false, Outcome::Status(404), false),
            (true, Outcome::Status(400), false),
        ] {
            assert_eq!(should_retry(is_send, outcome), expected, "{is_send} {outcome:?}");
        }
    }
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `engine::retry::Outcome`
    #[test]
    fn outcome_line_68() {
        use crate::engine::retry::{should_retry, Outcome};
        use crate::TransportError;
        assert!(should_retry(false, Outcome::Status(503)));
        assert!(!should_retry(false, Outcome::Failed(&TransportError::Aborted)));
    }

    /// `engine::retry::should_retry`
    #[test]
    fn should_retry_line_84() {
        use crate::engine::retry::{should_retry, Outcome};
        use crate::TransportError;
        assert!(should_retry(true, Outcome::Status(429)));
        assert!(!should_retry(true, Outcome::Status(500)));   // a send may have been delivered
        assert!(should_retry(false, Outcome::Status(500)));   // a read is safe to repeat
        assert!(!should_retry(true, Outcome::Failed(&TransportError::Timeout)));
        assert!(should_retry(true, Outcome::Failed(&TransportError::Refused("ECONNREFUSED".into()))));
    }

    /// `engine::retry::parse_retry_after`
    #[test]
    fn parse_retry_after_line_108() {
        use crate::engine::retry::parse_retry_after;
        assert_eq!(parse_retry_after("2", 0.0), Some(2_000));
        assert_eq!(parse_retry_after("Thu, 01 Jan 1970 00:00:10 GMT", 4_000.0), Some(6_000));
        assert_eq!(parse_retry_after("soon", 0.0), None);
    }
}

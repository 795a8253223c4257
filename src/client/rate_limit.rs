//! Client-side rate limiting: a token bucket that makes callers wait their turn instead
//! of letting the server answer 429.
//!
//! Tokens refill continuously at `per_minute / 60_000` per millisecond up to `burst`.
//! A caller reserves a token and is told how long to wait for it; reservations may drive
//! the balance below zero, which queues later callers behind earlier ones in call order.
//!
//! The default burst is one second's worth of tokens (5 for the vendor's 300/min). So in
//! any 60-second window at most `per_minute + burst` requests start: small interactive
//! bursts go out at once, and a long campaign runs at the account's rate. A larger burst
//! would let a sliding-window server see up to twice the limit within one minute.

/// Rate-limit settings: `per_minute` requests on average, at most `burst` at once.
///
/// ```
/// use whautomate::client::RateLimit;
/// let limit = RateLimit::per_minute(300);
/// assert_eq!(limit.burst, 5);
/// assert_eq!(RateLimit::per_minute(60).burst, 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Average requests per minute (the vendor documents 60 for trial accounts and 300
    /// for subscribed ones).
    pub per_minute: u32,
    /// Requests that may start back to back before pacing sets in.
    pub burst: u32,
}

impl RateLimit {
    /// `per_minute` with the default burst of one second's worth (at least 1).
    pub fn per_minute(per_minute: u32) -> RateLimit {
        RateLimit { per_minute, burst: per_minute.div_ceil(60).max(1) }
    }
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit::per_minute(300)
    }
}

/// The bucket's state. Pure: the caller supplies the time.
///
/// ```
/// use whautomate::client::{RateLimit, TokenBucket};
/// let mut bucket = TokenBucket::new(RateLimit { per_minute: 60, burst: 2 }, 0.0);
/// assert_eq!(bucket.reserve(0.0), 0.0);      // two tokens ready
/// assert_eq!(bucket.reserve(0.0), 0.0);
/// assert_eq!(bucket.reserve(0.0), 1_000.0);  // the third waits one second
/// assert_eq!(bucket.reserve(0.0), 2_000.0);  // the fourth queues behind it
/// ```
#[derive(Debug, Clone)]
pub struct TokenBucket {
    per_ms: f64,
    burst: f64,
    tokens: f64,
    updated_ms: f64,
}

impl TokenBucket {
    /// A full bucket at time `now_ms`.
    pub fn new(limit: RateLimit, now_ms: f64) -> TokenBucket {
        let burst = f64::from(limit.burst.max(1));
        TokenBucket { per_ms: f64::from(limit.per_minute.max(1)) / 60_000.0, burst, tokens: burst, updated_ms: now_ms }
    }

    /// Takes one token and returns how many milliseconds the caller must wait before
    /// using it (0 when one is available now).
    pub fn reserve(&mut self, now_ms: f64) -> f64 {
        self.refill(now_ms);
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            0.0
        } else {
            -self.tokens / self.per_ms
        }
    }

    /// Gives back a token reserved by a caller that gave up waiting (aborted), so that
    /// the callers queued behind it move up.
    pub fn release(&mut self, now_ms: f64) {
        self.refill(now_ms);
        self.tokens = (self.tokens + 1.0).min(self.burst);
    }

    fn refill(&mut self, now_ms: f64) {
        // A clock that goes backwards (system time adjusted) must not drain the bucket.
        let elapsed = (now_ms - self.updated_ms).max(0.0);
        self.tokens = (self.tokens + elapsed * self.per_ms).min(self.burst);
        self.updated_ms = self.updated_ms.max(now_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steady_rate_matches_the_limit() {
        let mut b = TokenBucket::new(RateLimit { per_minute: 300, burst: 5 }, 0.0);
        // 1000 back-to-back reservations: the last one starts at (1000 - 5) × 200 ms.
        let waits: Vec<f64> = (0..1000).map(|_| b.reserve(0.0)).collect();
        assert!(waits[..5].iter().all(|w| *w == 0.0));
        assert!((waits[999] - 995.0 * 200.0).abs() < 1e-6);
        // In any 60 s window no more than per_minute + burst starts.
        let in_first_minute = waits.iter().filter(|w| **w <= 60_000.0).count(); // closed window: worst case
        assert_eq!(in_first_minute, 305);
    }

    #[test]
    fn idle_time_refills_only_up_to_burst() {
        let mut b = TokenBucket::new(RateLimit { per_minute: 60, burst: 3 }, 0.0);
        for _ in 0..3 {
            b.reserve(0.0);
        }
        assert_eq!(b.reserve(3_600_000.0), 0.0);
        assert_eq!(b.reserve(3_600_000.0), 0.0);
        assert_eq!(b.reserve(3_600_000.0), 0.0);
        assert_eq!(b.reserve(3_600_000.0), 1_000.0);
    }

    #[test]
    fn release_lets_the_queue_move_up() {
        let mut b = TokenBucket::new(RateLimit { per_minute: 60, burst: 1 }, 0.0);
        assert_eq!(b.reserve(0.0), 0.0);
        assert_eq!(b.reserve(0.0), 1_000.0);
        b.release(0.0); // the second caller aborted
        assert_eq!(b.reserve(0.0), 1_000.0);
    }

    #[test]
    fn a_clock_going_backwards_does_not_break_the_bucket() {
        let mut b = TokenBucket::new(RateLimit { per_minute: 60, burst: 1 }, 10_000.0);
        assert_eq!(b.reserve(5_000.0), 0.0);
        assert_eq!(b.reserve(5_000.0), 1_000.0);
    }
}

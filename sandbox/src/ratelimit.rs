//! Per-API-key rate limiting with a fixed window.
//!
//! The vendor allows 60 requests/minute on trial accounts and 300 on subscribed
//! ones. A fixed window is the simplest rule that produces 429s at the documented
//! rate. `time_scale` shortens the "minute" so tests can run fast (60 makes a minute
//! last one real second).

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Fixed-window counter per API key.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    time_scale: f64,
    windows: HashMap<String, (Instant, u32)>,
}

impl RateLimiter {
    /// `per_minute == 0` disables limiting. A non-positive or non-finite
    /// `time_scale` is treated as 1.
    pub fn new(per_minute: u32, time_scale: f64) -> Self {
        let time_scale = if time_scale.is_finite() && time_scale > 0.0 {
            time_scale
        } else {
            1.0
        };
        RateLimiter {
            per_minute,
            time_scale,
            windows: HashMap::new(),
        }
    }

    /// Requests allowed per (scaled) minute; 0 means unlimited.
    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    /// How many times faster than real time the window runs.
    pub fn time_scale(&self) -> f64 {
        self.time_scale
    }

    /// Length of one window in real time.
    pub fn window(&self) -> Duration {
        Duration::from_secs_f64((60.0 / self.time_scale).clamp(0.001, 86_400.0))
    }

    /// Counts a request for `key` at `now`. `Err(retry_after_secs)` when the key
    /// has used up its window; the rejected request is not counted.
    pub fn check(&mut self, key: &str, now: Instant) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let window = self.window();
        let entry = self.windows.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        if entry.1 >= self.per_minute {
            let left = window.saturating_sub(now.duration_since(entry.0));
            // Round up so a client that waits Retry-After seconds is let through.
            return Err(left.as_secs() + u64::from(left.subsec_nanos() > 0));
        }
        entry.1 += 1;
        Ok(())
    }

    /// Forgets all windows.
    pub fn clear(&mut self) {
        self.windows.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_then_recovers() {
        let mut rl = RateLimiter::new(2, 60.0);
        let t0 = Instant::now();
        assert!(rl.check("k", t0).is_ok());
        assert!(rl.check("k", t0).is_ok());
        assert_eq!(rl.check("k", t0), Err(1));
        assert!(rl.check("other", t0).is_ok());
        assert!(rl.check("k", t0 + Duration::from_millis(1001)).is_ok());
    }

    #[test]
    fn zero_disables() {
        let mut rl = RateLimiter::new(0, 1.0);
        let t0 = Instant::now();
        for _ in 0..1000 {
            assert!(rl.check("k", t0).is_ok());
        }
    }
}

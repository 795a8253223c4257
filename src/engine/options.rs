//! The client's settings, checked once at construction.

use crate::prelude::*;

use super::rate_limit::RateLimit;
use super::retry::RetryPolicy;
use crate::{ApiKey, BaseUrl, Error, Violation};

/// Client settings. Built with [`ClientOptions::new`] and chained setters; checked by
/// `Client::new` (or [`Client::with_transport`](crate::client::Client::with_transport)),
/// which reports every bad setting at once.
///
/// ```
/// use whautomate::client::{ClientOptions, RateLimit};
/// let options = ClientOptions::new("sk_live_1")
///     .host("https://api.in.whautomate.com")
///     .location_id("loc_1")
///     .timeout_ms(10_000)
///     .rate_limit(Some(RateLimit::per_minute(60)));
/// assert!(options.check().is_ok());
/// assert_eq!(options.base_url.as_str(), "https://api.in.whautomate.com/v1");
/// ```
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// The key sent as `x-api-key`.
    pub api_key: ApiKey,
    /// Base URL, `/v1` included.
    pub base_url: BaseUrl,
    /// Location used by sends that name none.
    pub location_id: Option<String>,
    /// Limit for one whole exchange, body read included.
    pub timeout_ms: u64,
    /// The longest response body read, in bytes; a longer one is `invalid_response`,
    /// refused without being read whole into memory.
    pub max_response_bytes: u64,
    /// Retry settings.
    pub retry: RetryPolicy,
    /// Client-side rate limit; `None` turns it off.
    pub rate_limit: Option<RateLimit>,
    problems: Vec<Violation>,
    /// The base URL left in place when a host was refused: the refusal stands while it is
    /// still there (see `take_problems`).
    #[cfg(feature = "std")]
    refused_host_left: Option<BaseUrl>,
}

/// Default timeout for one exchange: 30 s.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;

/// Default limit of a response body: 32 MiB. A history page of the largest `limit`
/// is far smaller; the cap bounds what a broken or hostile server can make a client
/// hold in memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// The largest `max_response_bytes` allowed: 1 GiB (JavaScript strings stop short of
/// that in most engines).
const MAX_MAX_RESPONSE_BYTES: u64 = 1 << 30;

impl ClientOptions {
    /// Defaults with `api_key`: the global host, 30 s timeout, 3 retries, 300 requests
    /// per minute. A bad key is reported by [`ClientOptions::check`].
    ///
    /// ```
    /// use whautomate::client::{ClientOptions, RateLimit};
    /// let o = ClientOptions::new("sk_test");
    /// assert_eq!((o.base_url.as_str(), o.timeout_ms), ("https://api.whautomate.com/v1", 30_000));
    /// assert_eq!((o.retry.max_retries, o.rate_limit), (3, Some(RateLimit::per_minute(300))));
    /// assert!(ClientOptions::new("").check().is_err());
    /// ```
    #[must_use]
    pub fn new(api_key: &str) -> ClientOptions {
        let mut problems = Vec::new();
        let api_key = ApiKey::new(api_key).unwrap_or_else(|e| {
            problems.append(&mut e.into_violations());
            ApiKey::placeholder()
        });
        ClientOptions {
            api_key,
            base_url: BaseUrl::default(),
            location_id: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
            rate_limit: Some(RateLimit::default()),
            problems,
            #[cfg(feature = "std")]
            refused_host_left: None,
        }
    }

    /// Sets the host (`https://api.whautomate.com` by default; `/v1` is added).
    ///
    /// ```
    /// use whautomate::client::ClientOptions;
    /// let o = ClientOptions::new("sk_test").host("https://api.in.whautomate.com/");
    /// assert_eq!(o.base_url.as_str(), "https://api.in.whautomate.com/v1");
    /// let bad = ClientOptions::new("sk_test").host("http://api.whautomate.com");
    /// assert_eq!(bad.check().unwrap_err().violations()[0].code, "insecure_host");
    /// ```
    #[must_use]
    pub fn host(mut self, host: &str) -> ClientOptions {
        self.set_host(host);
        self
    }

    /// [`ClientOptions::host`], in place.
    pub(crate) fn set_host(&mut self, host: &str) {
        self.set_host_read(crate::UrlRead::read(host).as_ref());
    }

    /// [`ClientOptions::host`], from what a URL parser read in it (the npm engine's: its
    /// driver's `new URL()`).
    pub(crate) fn set_host_read(&mut self, read: Option<&crate::UrlRead>) {
        // The last host set is the one judged: an earlier one's problem goes with it. (With
        // `std`, the Rust library's builder: the npm engine, built without it, reads each
        // option once from an object, and its bytes are under the size budget.)
        #[cfg(feature = "std")]
        self.problems.retain(|v| v.field != "host");
        match BaseUrl::from_read(read) {
            Ok(base) => self.base_url = base,
            Err(e) => {
                #[cfg(feature = "std")]
                {
                    self.refused_host_left = Some(self.base_url.clone());
                }
                self.problems.append(&mut e.into_violations());
            }
        }
    }
    /// Sets the default location.
    ///
    /// ```
    /// use whautomate::client::ClientOptions;
    /// assert_eq!(ClientOptions::new("sk_test").location_id("loc_1").location_id.as_deref(), Some("loc_1"));
    /// assert!(ClientOptions::new("sk_test").location_id(" ").check().is_err());
    /// ```
    #[must_use]
    pub fn location_id(mut self, id: impl Into<String>) -> ClientOptions {
        self.location_id = Some(id.into());
        self
    }
    /// Sets the timeout of one exchange.
    ///
    /// ```
    /// use whautomate::client::ClientOptions;
    /// assert_eq!(ClientOptions::new("sk_test").timeout_ms(5_000).timeout_ms, 5_000);
    /// assert!(ClientOptions::new("sk_test").timeout_ms(600_001).check().is_err());
    /// ```
    #[must_use]
    pub fn timeout_ms(mut self, ms: u64) -> ClientOptions {
        self.timeout_ms = ms;
        self
    }
    /// Sets the timeout of one exchange, body read included, as a [`Duration`] (1 ms to 10
    /// minutes; a fraction of a millisecond counts as a whole one).
    ///
    /// [`Duration`]: core::time::Duration
    ///
    /// ```
    /// use std::time::Duration;
    /// use whautomate::client::ClientOptions;
    /// assert_eq!(ClientOptions::new("sk_test").timeout(Duration::from_secs(5)).timeout_ms, 5_000);
    /// assert_eq!(ClientOptions::new("sk_test").timeout(Duration::from_micros(1)).timeout_ms, 1);
    /// assert!(ClientOptions::new("sk_test").timeout(Duration::from_secs(601)).check().is_err());
    /// ```
    #[must_use]
    pub fn timeout(self, timeout: core::time::Duration) -> ClientOptions {
        self.timeout_ms(whole_ms(timeout))
    }
    /// Sets the longest response body the client reads, in bytes (1 to 2^30).
    ///
    /// ```
    /// use whautomate::client::ClientOptions;
    /// assert_eq!(ClientOptions::new("sk_test").max_response_bytes(1_000).max_response_bytes, 1_000);
    /// assert!(ClientOptions::new("sk_test").max_response_bytes(0).check().is_err());
    /// ```
    #[must_use]
    pub fn max_response_bytes(mut self, bytes: u64) -> ClientOptions {
        self.max_response_bytes = bytes;
        self
    }
    /// Sets the retry policy.
    ///
    /// ```
    /// use whautomate::client::{ClientOptions, RetryPolicy};
    /// let o = ClientOptions::new("sk_test").retry(RetryPolicy { max_retries: 0, ..RetryPolicy::default() });
    /// assert_eq!(o.retry.max_retries, 0);
    /// ```
    #[must_use]
    pub fn retry(mut self, retry: RetryPolicy) -> ClientOptions {
        self.retry = retry;
        self
    }
    /// Sets (or, with `None`, turns off) the client-side rate limit.
    ///
    /// ```
    /// use whautomate::client::{ClientOptions, RateLimit};
    /// assert_eq!(ClientOptions::new("sk_test").rate_limit(None).rate_limit, None);
    /// let o = ClientOptions::new("sk_test").rate_limit(Some(RateLimit::per_minute(60)));
    /// assert_eq!(o.rate_limit, Some(RateLimit { per_minute: 60, burst: 1 }));
    /// ```
    #[must_use]
    pub fn rate_limit(mut self, limit: Option<RateLimit>) -> ClientOptions {
        self.rate_limit = limit;
        self
    }

    /// Every problem with these settings, as one `invalid_input` error.
    ///
    /// # Errors
    ///
    /// `invalid_input` with every option out of its range.
    ///
    /// ```
    /// use whautomate::client::ClientOptions;
    /// assert!(ClientOptions::new("sk_test").check().is_ok());
    /// let e = ClientOptions::new("").timeout_ms(0).check().unwrap_err();
    /// let fields: Vec<_> = e.violations().iter().map(|v| v.field.as_str()).collect();
    /// assert_eq!(fields, ["apiKey", "timeoutMs"]);
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        self.clone().take_problems()
    }

    /// [`ClientOptions::check`], taking the problems the setters collected out of `self`
    /// rather than copying them (what a client does once, at construction).
    pub(crate) fn take_problems(&mut self) -> Result<(), Error> {
        let mut problems = core::mem::take(&mut self.problems);
        // A key or a base URL assigned after a refused one (the fields are public): the
        // value in place is the one judged, and the refusal was of another.
        #[cfg(feature = "std")]
        problems.retain(|v| match v.field.as_str() {
            "apiKey" => self.api_key == ApiKey::placeholder(),
            "host" => self.refused_host_left.as_ref() == Some(&self.base_url),
            _ => true,
        });
        let mut bad = |field: &str, message: &str| problems.push(Violation::new(field, "out_of_range", message));
        if self.timeout_ms == 0 || self.timeout_ms > 600_000 {
            bad("timeoutMs", "timeoutMs must be between 1 and 600000");
        }
        if self.max_response_bytes == 0 || self.max_response_bytes > MAX_MAX_RESPONSE_BYTES {
            bad("maxResponseBytes", "maxResponseBytes must be between 1 and 1073741824");
        }
        if self.retry.max_retries > 10 {
            bad("retry.maxRetries", "retry.maxRetries must be between 0 and 10");
        }
        if self.retry.base_delay_ms > 600_000 {
            bad("retry.baseDelayMs", "retry.baseDelayMs must be between 0 and 600000");
        } else if self.retry.max_delay_ms < self.retry.base_delay_ms || self.retry.max_delay_ms > 600_000 {
            bad("retry.maxDelayMs", "retry.maxDelayMs must be at least retry.baseDelayMs and at most 600000");
        }
        if let Some(limit) = self.rate_limit {
            if limit.per_minute == 0 {
                bad("rateLimit.perMinute", "rateLimit.perMinute must be a whole number from 1 to 4294967295 (use false to turn the limit off)");
            }
            if limit.burst == 0 {
                bad("rateLimit.burst", "rateLimit.burst must be a whole number from 1 to 4294967295");
            }
        }
        if self.location_id.as_deref().is_some_and(|id| crate::text::trim(id).is_empty()) {
            problems.push(Violation::new("locationId", "empty", "locationId must not be empty"));
        }
        if problems.is_empty() { Ok(()) } else { Err(Error::invalid_input(problems)) }
    }
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
/// `duration` in whole milliseconds, a fraction counted as one more; saturating.
pub(crate) fn whole_ms(duration: core::time::Duration) -> u64 {
    let ms = duration.as_nanos().div_ceil(1_000_000);
    u64::try_from(ms).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `engine::options::DEFAULT_TIMEOUT_MS`
    #[test]
    fn default_timeout_ms_line_44() {
        use crate::engine::options::{DEFAULT_TIMEOUT_MS, ClientOptions};
        assert_eq!(ClientOptions::new("sk_test").timeout_ms, DEFAULT_TIMEOUT_MS);
        assert_eq!(DEFAULT_TIMEOUT_MS, 30_000);
    }

    /// `engine::options::DEFAULT_MAX_RESPONSE_BYTES`
    #[test]
    fn default_max_response_bytes_line_55() {
        use crate::engine::options::{DEFAULT_MAX_RESPONSE_BYTES, ClientOptions};
        assert_eq!(ClientOptions::new("sk_test").max_response_bytes, DEFAULT_MAX_RESPONSE_BYTES);
        assert_eq!(DEFAULT_MAX_RESPONSE_BYTES, 32 * 1024 * 1024);
    }
}


#[cfg(all(test, feature = "std"))]
mod replaced {
    use super::*;

    /// The value in place is the one judged: a setting refused, then replaced by a good
    /// one (through the builder or the public field), leaves no problem behind; one
    /// replaced by another bad one reports that one only.
    #[test]
    fn a_replaced_setting_takes_its_problem_with_it() {
        assert!(ClientOptions::new("k").host("http://insecure.example").host("https://good.example").check().is_ok());
        let mut o = ClientOptions::new("bad\nkey");
        o.api_key = ApiKey::new("good_key").unwrap();
        assert!(o.check().is_ok());
        let mut o = ClientOptions::new("k").host("http://insecure.example");
        o.base_url = ClientOptions::new("k").host("https://good.example").base_url;
        assert!(o.check().is_ok());
        let e = ClientOptions::new("k").host("http://insecure.example").host("ftp://x").check().unwrap_err();
        assert_eq!(e.violations().iter().map(|v| v.code).collect::<Vec<_>>(), ["invalid_url"]);
        // Still refused while nothing replaced it.
        assert_eq!(ClientOptions::new("").location_id("l").check().unwrap_err().field(), Some("apiKey"));
        assert_eq!(ClientOptions::new("k").host("http://insecure.example").location_id("l").check().unwrap_err().field(), Some("host"));
    }
}

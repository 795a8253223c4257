//! Client-side logic: retries, timeouts, rate limiting, paging.

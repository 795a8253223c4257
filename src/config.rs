//! Client configuration: the API key, the host, defaults, and their checks.

use crate::prelude::*;

use crate::error::{Error, Violation};
use crate::text;
use core::fmt;

/// The default host (global region). India accounts use `https://api.in.whautomate.com`.
///
/// ```
/// use whautomate::{BaseUrl, DEFAULT_HOST};
/// assert_eq!(DEFAULT_HOST, "https://api.whautomate.com");
/// assert_eq!(BaseUrl::default(), BaseUrl::parse(DEFAULT_HOST).unwrap());
/// ```
pub const DEFAULT_HOST: &str = "https://api.whautomate.com";

/// An API key. Its `Debug` and `Display` print `[redacted]`: the key only ever leaves
/// through [`ApiKey::expose`], which request building uses for the `x-api-key` header.
///
/// ```
/// use whautomate::ApiKey;
/// let key = ApiKey::new("sk_live_123").unwrap();
/// assert_eq!(format!("{key:?} {key}"), "ApiKey([redacted]) [redacted]");
/// assert_eq!(ApiKey::new("bad\r\nkey").unwrap_err().field(), Some("apiKey"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Checks and wraps a key: non-empty, and no control characters or line breaks (which
    /// would allow header injection).
    ///
    /// ```
    /// use whautomate::ApiKey;
    /// assert_eq!(ApiKey::new("sk_live_123").unwrap().expose(), "sk_live_123");
    /// let e = ApiKey::new("  ").unwrap_err();
    /// assert_eq!((e.field(), e.violations()[0].code), (Some("apiKey"), "required"));
    /// assert_eq!(ApiKey::new("clé").unwrap_err().violations()[0].code, "invalid_header_value");
    /// ```
    pub fn new(key: impl Into<String>) -> Result<ApiKey, Error> {
        let key = key.into();
        let problem = if text::trim(&key).is_empty() {
            Some(("required", "apiKey is required"))
        } else if key.chars().any(|c| c.is_control()) {
            Some(("invalid_header_value", "apiKey must not contain control characters or line breaks"))
        } else if !key.is_ascii() {
            Some(("invalid_header_value", "apiKey must be ASCII to be sent as a header"))
        } else {
            None
        };
        match problem {
            // The message names the field, never the value.
            Some((code, message)) => Err(Error::invalid_input(vec![Violation::new("apiKey", code, message)])),
            None => Ok(ApiKey(key)),
        }
    }

    /// A stand-in for a key that failed its check, so that option builders can collect
    /// every problem before reporting; never sent (the options check fails first).
    pub(crate) fn placeholder() -> ApiKey {
        ApiKey(String::new())
    }

    /// The key itself, for the `x-api-key` header only.
    ///
    /// ```
    /// use whautomate::ApiKey;
    /// let key = ApiKey::new("sk_live_123").unwrap();
    /// assert_eq!(key.expose(), "sk_live_123");
    /// assert_eq!(key.to_string(), "[redacted]");
    /// ```
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The API's base URL: a checked host with `/v1` appended.
///
/// HTTPS is required, except for loopback hosts (`localhost`, `127.0.0.0/8`, `[::1]`),
/// which may use plain HTTP for local testing against the sandbox.
///
/// ```
/// use whautomate::BaseUrl;
/// assert_eq!(BaseUrl::parse("https://api.in.whautomate.com").unwrap().as_str(),
///            "https://api.in.whautomate.com/v1");
/// assert_eq!(BaseUrl::parse("http://127.0.0.1:8080/v1/").unwrap().as_str(),
///            "http://127.0.0.1:8080/v1");
/// assert!(BaseUrl::parse("http://api.whautomate.com").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Checks `host` and returns it with `/v1` appended (once).
    ///
    /// ```
    /// use whautomate::BaseUrl;
    /// assert_eq!(BaseUrl::parse("https://api.whautomate.com/v1").unwrap().as_str(), "https://api.whautomate.com/v1");
    /// assert_eq!(BaseUrl::parse("http://localhost:3000").unwrap().as_str(), "http://localhost:3000/v1");
    /// let e = BaseUrl::parse("api.whautomate.com").unwrap_err();
    /// assert_eq!((e.field(), e.violations()[0].code), (Some("host"), "invalid_url"));
    /// ```
    pub fn parse(host: &str) -> Result<BaseUrl, Error> {
        let invalid = |code: &'static str, message: &str| {
            Error::invalid_input(vec![Violation::new("host", code, message)])
        };
        let host = text::trim(host);
        let (scheme, rest) = match text::split_once(host, "://") {
            Some((s, r)) => (s.to_ascii_lowercase(), r),
            None => return Err(invalid("invalid_url", "host must be an absolute URL such as https://api.whautomate.com")),
        };
        let authority = text::until_any(rest, b"/?#");
        if authority.is_empty() || authority.bytes().any(|b| b == b'@') || authority.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid("invalid_url", "host must name a server, without credentials or spaces"));
        }
        // `get`, not indexing, throughout: see `crate::text` on what a slice panic costs.
        let after_authority = rest.get(authority.len()..).unwrap_or_default();
        if after_authority.bytes().any(|b| matches!(b, b'?' | b'#')) {
            return Err(invalid("invalid_url", "host must not contain a query or fragment"));
        }
        match scheme.as_str() {
            "https" => {}
            "http" if is_loopback(authority) => {}
            "http" => return Err(invalid("insecure_host", "host must use https (plain http is allowed only for localhost, 127.0.0.0/8 and [::1])")),
            _ => return Err(invalid("invalid_url", "host must be an http(s) URL")),
        }
        let path = after_authority.trim_end_matches('/');
        let path = path.strip_suffix("/v1").unwrap_or(path);
        Ok(BaseUrl(crate::text!(scheme, "://", authority, path, "/v1")))
    }

    /// The base URL, ending in `/v1`, no trailing slash.
    ///
    /// ```
    /// use whautomate::BaseUrl;
    /// assert_eq!(BaseUrl::default().as_str(), "https://api.whautomate.com/v1");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl(crate::text!(DEFAULT_HOST, "/v1"))
    }
}

/// True for `localhost`, any `127.x.y.z`, and `[::1]`, with or without a port.
fn is_loopback(authority: &str) -> bool {
    let host = if let Some(rest) = authority.strip_prefix('[') {
        match text::split_once(rest, "]") {
            Some((inner, _)) => return inner == "::1",
            None => return false,
        }
    } else {
        text::until_any(authority, b":")
    };
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    // Four octets, the first 127.
    let mut count = 0;
    let octets_ok = text::split(host, ".").all(|o| {
        count += 1;
        !o.is_empty() && o.len() <= 3 && o.bytes().all(|b| b.is_ascii_digit()) && text::parse_u64(o).is_some_and(|n| n <= 255)
    });
    octets_ok && count == 4 && host.starts_with("127.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_may_use_http() {
        for host in ["http://localhost", "http://localhost:3000", "http://127.0.0.1:9", "http://127.8.9.10", "http://[::1]:8080"] {
            assert!(BaseUrl::parse(host).is_ok(), "{host}");
        }
    }

    #[test]
    fn other_http_hosts_are_refused() {
        for host in ["http://api.whautomate.com", "http://10.0.0.1", "http://127.0.0.1.evil.com", "http://localhost.evil.com", "http://[::2]", "ftp://x", "api.whautomate.com", "https://user:pw@x.com", "https://x.com/?a=1"] {
            assert!(BaseUrl::parse(host).is_err(), "{host}");
        }
    }

    #[test]
    fn v1_is_appended_once() {
        assert_eq!(BaseUrl::parse("https://api.whautomate.com/").unwrap().as_str(), "https://api.whautomate.com/v1");
        assert_eq!(BaseUrl::parse("https://api.whautomate.com/v1").unwrap().as_str(), "https://api.whautomate.com/v1");
        assert_eq!(BaseUrl::parse("https://proxy.example.com/whautomate").unwrap().as_str(), "https://proxy.example.com/whautomate/v1");
    }

    #[test]
    fn api_key_is_checked_and_never_printed() {
        assert!(ApiKey::new("").is_err());
        assert!(ApiKey::new("a\nb").is_err());
        assert!(ApiKey::new("a\u{0}b").is_err());
        let e = ApiKey::new("secret\r\nX-Evil: 1").unwrap_err();
        assert!(!e.to_string().contains("secret"));
        assert!(!format!("{e:?}").contains("secret"));
        assert_eq!(ApiKey::new("k-1").unwrap().expose(), "k-1");
    }
}

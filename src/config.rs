//! Client configuration: the API key, the host, defaults, and their checks.

use crate::prelude::*;

use crate::error::{Error, Violation};
use crate::text;
use crate::url_read::UrlRead;
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
    /// Spaces, tabs, CRs and LFs around the key (a key pasted from a file or a terminal)
    /// are trimmed, once, here: fetch strips them from every header value anyway, so the
    /// key on the wire is the trimmed one, and it must be the one [`ApiKey::expose`]
    /// returns and [`Error::redact`] removes, or a server echoing the key would not be
    /// redacted. Inside the key they are still refused.
    ///
    /// # Errors
    ///
    /// `invalid_input` on field `apiKey` when the key is empty (once trimmed) or holds a
    /// control character.
    ///
    /// ```
    /// use whautomate::ApiKey;
    /// assert_eq!(ApiKey::new("sk_live_123").unwrap().expose(), "sk_live_123");
    /// assert_eq!(ApiKey::new(" sk_live_1 \n").unwrap().expose(), "sk_live_1");
    /// assert_eq!(ApiKey::new("\tsk_live_1\r\n").unwrap().expose(), "sk_live_1");
    /// assert!(ApiKey::new("sk_live\n_1").is_err());
    /// let e = ApiKey::new("  ").unwrap_err();
    /// assert_eq!((e.field(), e.violations()[0].code), (Some("apiKey"), "required"));
    /// assert_eq!(ApiKey::new("clé").unwrap_err().violations()[0].code, "invalid_header_value");
    /// ```
    pub fn new(key: impl Into<String>) -> Result<ApiKey, Error> {
        let mut key = key.into();
        let trimmed = trim_http_whitespace(&key);
        // The closure, not `char::is_control`: the function path costs the .wasm 32 bytes.
        #[allow(clippy::redundant_closure_for_method_calls)]
        let problem = if text::trim(trimmed).is_empty() {
            Some(("required", "apiKey is required"))
        } else if trimmed.chars().any(|c| c.is_control()) {
            Some(("invalid_header_value", "apiKey must not contain control characters or line breaks"))
        } else if !text::is_ascii(trimmed) {
            Some(("invalid_header_value", "apiKey must be ASCII to be sent as a header"))
        } else {
            None
        };
        if let Some((code, message)) = problem {
            // The message names the field, never the value.
            return Err(Error::invalid_input(vec![Violation::new("apiKey", code, message)]));
        }
        if trimmed.len() != key.len() {
            key = trimmed.to_owned();
        }
        Ok(ApiKey(key))
    }

    /// A stand-in for a key that failed its check, so that option builders can collect
    /// every problem before reporting; never sent (the options check fails first). Also
    /// the key of the npm package's webhook requests, whose headers the JS driver takes
    /// from its client instead (`engine::js_webhooks`).
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
    #[must_use]
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

/// `text` without the spaces, tabs, CRs and LFs around it: the "HTTP whitespace" that
/// fetch strips from header values, and that a URL parser strips from a URL's ends.
/// (Bytes, not `str::trim_matches`, which would decode UTF-8 from both ends: the bytes
/// taken off are ASCII, so what is left starts and ends on character boundaries.)
fn trim_http_whitespace(text: &str) -> &str {
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let mut bytes = text.as_bytes();
    while let [first, rest @ ..] = bytes {
        if !space(first) {
            break;
        }
        bytes = rest;
    }
    let start = text.len() - bytes.len();
    while let [rest @ .., last] = bytes {
        if !space(last) {
            break;
        }
        bytes = rest;
    }
    // Only ASCII bytes were taken off, so both ends are character boundaries.
    text.get(start..start + bytes.len()).unwrap_or_default()
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

/// What is wrong with a host: the violation's code and sentence.
pub(crate) type Refusal = (&'static str, &'static str);

const INVALID_URL: &str = "invalid_url";

impl BaseUrl {
    /// Checks `host` and returns it with `/v1` appended (once).
    ///
    /// `host` is read by a WHATWG URL parser, the one fetch uses ([`UrlRead::read`]), and
    /// what it read is judged ([`BaseUrl::from_read`]), so the server approved is the one
    /// every request goes to, however `host` spells it:
    /// - scheme `https`, or `http` for a loopback host (`localhost`, `127.0.0.0/8`, `[::1]`);
    /// - no user or password, no query or fragment;
    /// - an optional path prefix (a proxy's).
    ///
    /// The result is in the parser's own spelling (scheme and server in lower case, an
    /// international name in punycode, an IPv4 address in dotted decimal, a port that is the
    /// scheme's default dropped), with trailing slashes and one trailing `/v1` taken off
    /// the path before `/v1` is appended. Every refusal is an
    /// [`ErrorCode::InvalidInput`](crate::ErrorCode::InvalidInput) on field `host`, code
    /// `invalid_url` (or `insecure_host`), whose sentence says what is wrong without
    /// echoing the input.
    ///
    /// # Errors
    ///
    /// `invalid_input` on field `host` (code `invalid_url` or `insecure_host`) for every
    /// refusal listed above.
    ///
    /// ```
    /// use whautomate::BaseUrl;
    /// assert_eq!(BaseUrl::parse("https://api.whautomate.com/v1").unwrap().as_str(), "https://api.whautomate.com/v1");
    /// assert_eq!(BaseUrl::parse("http://localhost:3000").unwrap().as_str(), "http://localhost:3000/v1");
    /// assert_eq!(BaseUrl::parse("HTTPS://Proxy.Example.com:443/whautomate/").unwrap().as_str(),
    ///            "https://proxy.example.com/whautomate/v1");
    /// assert_eq!(BaseUrl::parse("http://0x7f.1:9").unwrap().as_str(), "http://127.0.0.1:9/v1");
    /// let e = BaseUrl::parse("api.whautomate.com").unwrap_err();
    /// assert_eq!((e.field(), e.violations()[0].code), (Some("host"), "invalid_url"));
    /// for bad in ["https://h.example:99999", "https://h.example:abc", "https://[::1", "https://h%00.example",
    ///             "https://user:pw@h.example", "https://h.example/?q", "https://h.example/#f", "ftp://h.example"] {
    ///     assert_eq!(BaseUrl::parse(bad).unwrap_err().violations()[0].code, "invalid_url", "{bad}");
    /// }
    /// ```
    pub fn parse(host: &str) -> Result<BaseUrl, Error> {
        BaseUrl::from_read(UrlRead::read(host).as_ref())
    }

    /// [`BaseUrl::parse`]'s judgement of what a WHATWG parser read in `host` (`None`: it
    /// read no URL). The npm package's engine takes the read of the platform's own
    /// `new URL()` here.
    ///
    /// # Errors
    ///
    /// As [`BaseUrl::parse`].
    ///
    /// ```
    /// use whautomate::{BaseUrl, UrlRead};
    /// let read = UrlRead::read("https://api.whautomate.com/").unwrap();
    /// assert_eq!(BaseUrl::from_read(Some(&read)).unwrap(), BaseUrl::default());
    /// assert!(BaseUrl::from_read(None).is_err());
    /// ```
    pub fn from_read(read: Option<&UrlRead>) -> Result<BaseUrl, Error> {
        base_url(read).map(BaseUrl).map_err(|(code, message)| Error::invalid_input(vec![Violation::new("host", code, message)]))
    }

    /// A base URL this crate checked before (the npm engine's, see `__js::checked_base_url`).
    #[cfg(feature = "__js")]
    pub(crate) fn checked(base: String) -> BaseUrl {
        BaseUrl(base)
    }

    /// The base URL, ending in `/v1`, no trailing slash.
    ///
    /// ```
    /// use whautomate::BaseUrl;
    /// assert_eq!(BaseUrl::default().as_str(), "https://api.whautomate.com/v1");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for BaseUrl {
    fn default() -> Self {
        BaseUrl(crate::text!(DEFAULT_HOST, "/v1"))
    }
}

/// The base URL of a read host (see [`BaseUrl::parse`]), or why there is none.
fn base_url(read: Option<&UrlRead>) -> Result<String, Refusal> {
    let (mut out, read) = origin(read)?;
    if !read.search.is_empty() || !read.hash.is_empty() {
        return Err((INVALID_URL, "host must not have a query (?) or a fragment (#)"));
    }
    // The trailing slashes off (not `trim_end_matches`: see crate::text).
    let mut path = read.pathname.as_str();
    while let Some(shorter) = path.strip_suffix('/') {
        path = shorter;
    }
    out.push_str(path.strip_suffix("/v1").unwrap_or(path));
    out.push_str("/v1");
    Ok(out)
}

/// The origin (`scheme://server[:port]`) of a read URL, when the SDK may talk to it:
/// https, or http on loopback; a server and no user or password. With the read, for the
/// rest of it. The host rules of the client's `host` and of a webhook's `serverUrl`; their
/// sentences speak of `host`.
pub(crate) fn origin(read: Option<&UrlRead>) -> Result<(String, &UrlRead), Refusal> {
    let read = read.ok_or((INVALID_URL, "host must be an absolute URL such as https://api.whautomate.com"))?;
    let https = match read.protocol.as_str() {
        "https:" => true,
        "http:" => false,
        _ => return Err((INVALID_URL, "host must be an http(s) URL")),
    };
    if read.hostname.is_empty() || !read.username.is_empty() || !read.password.is_empty() {
        return Err((INVALID_URL, "host must name a server, without user or password"));
    }
    if !https && !is_loopback(&read.hostname) {
        return Err(("insecure_host", "host must use https (plain http is allowed only for localhost, 127.0.0.0/8 and [::1])"));
    }
    let mut out = crate::text!(read.protocol, "//", read.hostname);
    if !read.port.is_empty() {
        out.push(':');
        out.push_str(&read.port);
    }
    Ok((out, read))
}

/// True for `localhost`, any `127.x.y.z`, and `[::1]`, as a WHATWG parser writes them:
/// a server name whose last label is a number is an IPv4 address to it, always written
/// as four decimal numbers (`127.1` and `0x7f.0.0.1` read as `127.0.0.1`), so a name
/// such as `127.0.0.1.example` is not one.
fn is_loopback(server: &str) -> bool {
    // (A loop over the bytes rather than `rsplit`, whose searcher costs 0.7 KB of .wasm.)
    let last_label_is_number = || {
        let mut digits = 0;
        for &b in server.as_bytes().iter().rev() {
            match b {
                b'.' => return digits > 0,
                b'0'..=b'9' => digits += 1,
                _ => return false,
            }
        }
        false
    };
    server == "localhost" || server == "[::1]" || (server.starts_with("127.") && last_label_is_number())
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

    #[test]
    fn api_key_is_trimmed_of_http_whitespace_only() {
        for (given, kept) in [(" sk_live_1 \n", "sk_live_1"), ("\t\r\nsk\r\n", "sk"), ("sk", "sk"), (" s k ", "s k")] {
            assert_eq!(ApiKey::new(given).unwrap().expose(), kept, "{given:?}");
        }
        // Other whitespace is not HTTP whitespace: a control character or not ASCII.
        for bad in ["\u{b}sk", "sk\u{c}", "sk\u{a0}", "\u{3000}sk", "s\nk", " s\rk ", "\n\n"] {
            assert!(ApiKey::new(bad).is_err(), "{bad:?}");
        }
        assert_eq!(ApiKey::new(" \t\r\n").unwrap_err().violations()[0].code, "required");
        assert_eq!(ApiKey::new("\u{3000}").unwrap_err().violations()[0].code, "required");
    }

    #[test]
    fn ports_are_numbers_up_to_65535_and_default_ports_are_dropped() {
        let ok = |host: &str| BaseUrl::parse(host).map(|b| b.0).map_err(|e| e.violations()[0].code);
        assert_eq!(ok("https://h.example:65535").unwrap(), "https://h.example:65535/v1");
        assert_eq!(ok("https://h.example:0").unwrap(), "https://h.example:0/v1");
        assert_eq!(ok("https://h.example:00080").unwrap(), "https://h.example:80/v1");
        assert_eq!(ok("https://h.example:443").unwrap(), "https://h.example/v1");
        assert_eq!(ok("http://localhost:80/").unwrap(), "http://localhost/v1");
        assert_eq!(ok("http://localhost:443").unwrap(), "http://localhost:443/v1");
        assert_eq!(ok("https://h.example:").unwrap(), "https://h.example/v1");
        assert_eq!(ok("http://[::1]:").unwrap(), "http://[::1]/v1");
        for bad in ["https://h.example:65536", "https://h.example:99999", "https://h.example:abc", "https://h.example:+1", "https://h.example:-1",
                    "https://h.example: 1", "https://h.example:1:2", "https://h.example::", "https://[::1]x", "https://[::1]]:1",
                    "https://h.example:99999999999999999999999"] {
            assert_eq!(ok(bad).unwrap_err(), INVALID_URL, "{bad}");
        }
    }

    #[test]
    fn the_base_url_is_what_the_parser_read() {
        let ok = |host: &str| BaseUrl::parse(host).map(|b| b.0).unwrap();
        // An IPv4 address in any form WHATWG takes is the address it means, and loopback
        // only when that address is.
        assert_eq!(ok("http://0x7f.1"), "http://127.0.0.1/v1");
        assert_eq!(ok("http://2130706433:8080"), "http://127.0.0.1:8080/v1");
        assert!(BaseUrl::parse("http://0x7f.1.example").is_err());
        assert_eq!(ok("https://[0:0::1]"), "https://[::1]/v1");
        // International names in punycode; dot segments resolved; path characters encoded.
        assert_eq!(ok("https://bücher.example"), "https://xn--bcher-kva.example/v1");
        assert_eq!(ok("https://h.example/a/../b/./c/"), "https://h.example/b/c/v1");
        assert_eq!(ok("https://h.example/a b"), "https://h.example/a%20b/v1");
        assert_eq!(ok(" https://h.example/\t "), "https://h.example/v1");
        for bad in ["https://h%00.example", "https://a b.example", "https://[::1", "https://xn--a.example", "https://h.example/#f", "http://127.0.0.1.example"] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn what_is_judged_is_the_read_not_the_text() {
        let read = |protocol: &str, username: &str, hostname: &str| UrlRead {
            protocol: protocol.into(), username: username.into(), hostname: hostname.into(), pathname: "/".into(), ..UrlRead::default()
        };
        assert_eq!(BaseUrl::from_read(Some(&read("https:", "", "h.example"))).unwrap().as_str(), "https://h.example/v1");
        let code = |r: &UrlRead| BaseUrl::from_read(Some(r)).unwrap_err().violations()[0].code;
        assert_eq!(code(&read("http:", "", "h.example")), "insecure_host");
        assert_eq!(code(&read("https:", "u", "h.example")), INVALID_URL);
        assert_eq!(code(&read("https:", "", "")), INVALID_URL);
        assert_eq!(code(&read("wss:", "", "h.example")), INVALID_URL);
        assert_eq!(code(&UrlRead { search: "?a".into(), ..read("https:", "", "h.example") }), INVALID_URL);
        assert_eq!(code(&UrlRead { password: "p".into(), ..read("https:", "", "h.example") }), INVALID_URL);
        assert!(BaseUrl::from_read(Some(&read("http:", "", "127.0.0.1"))).is_ok());
        assert!(BaseUrl::from_read(Some(&read("http:", "", "127.0.0.1.x"))).is_err());
        assert!(BaseUrl::from_read(Some(&read("http:", "", "127."))).is_err());
    }
}

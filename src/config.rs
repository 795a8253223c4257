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
        } else if !trimmed.is_ascii() {
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
type Refusal = (&'static str, &'static str);

const INVALID_URL: &str = "invalid_url";
const BAD_NAME: Refusal = (INVALID_URL, "host's server name may hold only ASCII letters, digits, '-', '_' and '.' (labels of 1-63)");
const BAD_PORT: Refusal = (INVALID_URL, "host's port must be a number from 0 to 65535, after one ':'");
const BAD_IPV6: Refusal = (INVALID_URL, "host's [IPv6 address] is not valid (8 hex groups or '::' once, no zone id)");
const BAD_PATH: Refusal = (INVALID_URL, "host's path may hold only URL path characters (no space, \\, @, ?, #, %2e or dot segment; % before 2 hex digits)");

impl BaseUrl {
    /// Checks `host` and returns it with `/v1` appended (once).
    ///
    /// `host` is accepted only when a WHATWG URL parser (what fetch uses) accepts it and
    /// reads the same scheme, server and port from it; anything else would fail every
    /// send later, as a network error, or reach another server than the one it seems to
    /// name. So:
    /// - scheme `https`, or `http` for a loopback host;
    /// - a DNS name: labels of 1 to 63 ASCII letters, digits, `-` and `_`, one trailing dot
    ///   allowed; an international name in its punycode `xn--` form (its Punycode is
    ///   checked, not whether IDNA allows the characters it encodes: that takes Unicode
    ///   tables the SDK does not carry);
    /// - or a dotted IPv4 address, four decimal numbers (`0x7f.1` or `010.0.0.1` are
    ///   addresses too to WHATWG, but not the ones they seem to be);
    /// - or a bracketed IPv6 address, checked as WHATWG checks it (no zone id);
    /// - an optional port from 0 to 65535 (an empty one, `h:`, is no port, as in WHATWG);
    /// - an optional path prefix (a proxy's) of URL path characters.
    ///
    /// The result is normalised as fetch would: scheme and server name in lower case, a
    /// port that is the scheme's default dropped. Every refusal is an
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
    /// let e = BaseUrl::parse("api.whautomate.com").unwrap_err();
    /// assert_eq!((e.field(), e.violations()[0].code), (Some("host"), "invalid_url"));
    /// for bad in ["https://h.example:99999", "https://h.example:abc", "https://[::1", "https://h%00.example",
    ///             "https://bücher.example", "https://0x7f.1", "https://x.com/a b", "https://x.com/%zz"] {
    ///     assert_eq!(BaseUrl::parse(bad).unwrap_err().violations()[0].code, "invalid_url", "{bad}");
    /// }
    /// ```
    pub fn parse(host: &str) -> Result<BaseUrl, Error> {
        parse_url(trim_http_whitespace(host))
            .map(BaseUrl)
            .map_err(|(code, message)| Error::invalid_input(vec![Violation::new("host", code, message)]))
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

/// The base URL of `url` (see [`BaseUrl::parse`]), or why there is none.
fn parse_url(url: &str) -> Result<String, Refusal> {
    let (scheme, rest) = text::split_once(url, "://")
        .ok_or((INVALID_URL, "host must be an absolute URL such as https://api.whautomate.com"))?;
    // Scheme and server are case-insensitive: lower case, as fetch would write them.
    let https = match scheme.to_ascii_lowercase().as_str() {
        "https" => true,
        "http" => false,
        _ => return Err((INVALID_URL, "host must be an http(s) URL")),
    };
    let authority = text::until_any(rest, b"/?#");
    // `get`, not indexing, throughout: see `crate::text` on what a slice panic costs.
    let path = rest.get(authority.len()..).unwrap_or_default();
    let authority = &authority.to_ascii_lowercase();
    if authority.is_empty() || authority.bytes().any(|b| b == b'@') {
        return Err((INVALID_URL, "host must name a server, without user or password"));
    }
    // The server: a bracketed IPv6 literal, or a name up to the port's ':'.
    let server = match authority.strip_prefix('[') {
        Some(inner) => {
            let (literal, _) = text::split_once(inner, "]").ok_or(BAD_IPV6)?;
            if !is_ipv6(literal) {
                return Err(BAD_IPV6);
            }
            authority.get(..literal.len() + 2).unwrap_or_default()
        }
        None => {
            let name = text::until_any(authority, b":");
            check_name(name)?;
            name
        }
    };
    // The port: none, ':' alone (no port, as WHATWG reads it), or ':' and digits.
    let port = authority.get(server.len()..).unwrap_or_default();
    let port = match port.strip_prefix(':') {
        None if port.is_empty() => None,
        Some("") => None,
        Some(digits) if digits.bytes().all(|b| b.is_ascii_digit()) => Some(text::parse_u64(digits).filter(|&n| n <= 65_535).ok_or(BAD_PORT)?),
        _ => return Err(BAD_PORT),
    };
    if !is_path(path) {
        return Err(BAD_PATH);
    }
    if !https && !is_loopback(server) {
        return Err(("insecure_host", "host must use https (plain http is allowed only for localhost, 127.0.0.0/8 and [::1])"));
    }
    let path = path.trim_end_matches('/');
    let path = path.strip_suffix("/v1").unwrap_or(path);
    let mut out = crate::text!(if https { "https://" } else { "http://" }, server);
    // The scheme's default port is no port: fetch sends the same request without it.
    if let Some(port) = port.filter(|&n| n != if https { 443 } else { 80 }) {
        out.push(':');
        text::Piece::push_to(&port, &mut out);
    }
    out.push_str(path);
    out.push_str("/v1");
    Ok(out)
}

/// Checks a (lower-case) server name: ASCII labels (see [`BaseUrl::parse`]), punycode
/// where they say so, and, when the last label is a number, a dotted IPv4 address:
/// WHATWG reads such a name as an address in any of its forms (`127.1`, `0x7f.0.0.1`;
/// `010.0.0.1` is 8.0.0.1), so only the one form that means what it shows is taken.
fn check_name(name: &str) -> Result<(), Refusal> {
    let labels = name.strip_suffix('.').unwrap_or(name);
    let mut last = "";
    for label in text::split(labels, ".") {
        for b in label.bytes() {
            if !b.is_ascii() {
                return Err((INVALID_URL, "host's server name must be ASCII: write an international one as punycode (xn--...)"));
            }
            if !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                return Err(BAD_NAME);
            }
        }
        if label.is_empty() || label.len() > 63 || labels.len() > 253 {
            return Err(BAD_NAME);
        }
        if let Some(encoded) = label.strip_prefix("xn--") {
            punycode(encoded.as_bytes()).ok_or((INVALID_URL, "host's server name has an xn-- label that is not valid punycode"))?;
        }
        last = label;
    }
    // WHATWG's "ends in a number": all digits, or 0x and hex digits.
    let numeric = match last.strip_prefix("0x") {
        Some(hex) => hex.bytes().all(|b| b.is_ascii_hexdigit()),
        None => last.bytes().all(|b| b.is_ascii_digit()),
    };
    if numeric && (labels.len() != name.len() || !is_ipv4(name)) {
        return Err((INVALID_URL, "host's server name ends in a number but is not an IPv4 address (4 numbers 0-255, no leading 0)"));
    }
    Ok(())
}

/// Four decimal numbers from 0 to 255 without leading zeros, separated by dots: the one
/// IPv4 form whose meaning every reader agrees on.
fn is_ipv4(text: &str) -> bool {
    let mut count = 0;
    let parts_ok = text::split(text, ".").all(|part| {
        count += 1;
        let digits = !part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit());
        digits && (part.len() == 1 || !part.starts_with('0')) && text::parse_u64(part).is_some_and(|n| n <= 255)
    });
    parts_ok && count == 4
}

/// WHATWG's IPv6 parser as a check (the address itself is not needed): up to eight hex
/// groups of 1 to 4 digits, `::` once for a run of zero groups, an IPv4 address for the
/// last two groups; anything else (a zone id `%eth0`, a stray `:`) is refused.
// Out of line, as V8 compiles a wasm function whole on its first call: a host that is
// no IPv6 literal never compiles it (with `punycode`, and the rulebook's parts in
// src/validate: -0.3 ms of the first send's CPU in a cold workerd isolate).
#[inline(never)]
fn is_ipv6(text: &str) -> bool {
    let at = |i: usize| text.as_bytes().get(i).copied();
    let (mut i, mut pieces, mut compressed) = (0, 0, false);
    if at(0) == Some(b':') {
        if at(1) != Some(b':') {
            return false;
        }
        (i, pieces, compressed) = (2, 1, true);
    }
    while let Some(c) = at(i) {
        if pieces == 8 {
            return false;
        }
        if c == b':' {
            if compressed {
                return false;
            }
            (i, pieces, compressed) = (i + 1, pieces + 1, true);
            continue;
        }
        let start = i;
        while i - start < 4 && at(i).is_some_and(|b| b.is_ascii_hexdigit()) {
            i += 1;
        }
        match at(i) {
            // The group was the first number of an IPv4 address, which takes two groups.
            Some(b'.') => {
                let ipv4 = text.get(start..).is_some_and(is_ipv4);
                return i > start && ipv4 && (pieces == 6 || (compressed && pieces < 6));
            }
            Some(b':') => {
                i += 1;
                if at(i).is_none() {
                    return false;
                }
            }
            Some(_) => return false,
            None => {}
        }
        pieces += 1;
    }
    compressed || pieces == 8
}

/// `Some` when `encoded` (a label after its `xn--`) is valid Punycode (RFC 3492) for at
/// least one non-ASCII character, as UTS 46 requires of an `xn--` label. (Whether IDNA
/// allows those characters takes Unicode tables the SDK does not carry.)
// Out of line (see `is_ipv6`): only an xn-- label runs it.
#[inline(never)]
fn punycode(encoded: &[u8]) -> Option<()> {
    // Basic (ASCII) characters up to the last '-', then the encoded insertions.
    let (mut len, deltas) = match encoded.iter().rposition(|&b| b == b'-') {
        Some(dash) => (dash as u64, encoded.get(dash + 1..)?),
        None => (0, encoded),
    };
    if deltas.is_empty() {
        return None;
    }
    let (mut n, mut i, mut bias) = (128u64, 0u64, 72u64);
    let mut digits = deltas.iter();
    while !digits.as_slice().is_empty() {
        let (old_i, mut w, mut k) = (i, 1u64, 36u64);
        loop {
            let digit = u64::from(match *digits.next()? {
                b @ b'0'..=b'9' => b - b'0' + 26,
                b @ b'a'..=b'z' => b - b'a',
                _ => return None,
            });
            // `n` will grow by i / len, len at most 64 (a label holds 63 bytes): past this
            // bound it would leave Unicode. Below it nothing overflows (`w` is at most 35
            // times `i`), so no other check is needed.
            i += digit * w;
            if i > 64 * 0x11_0000 {
                return None;
            }
            let t = k.saturating_sub(bias).clamp(1, 26);
            if digit < t {
                break;
            }
            w *= 36 - t;
            k += 36;
        }
        len += 1;
        // Bias adaptation (RFC 3492, 6.1); `max(1)` lets the compiler drop the divide-by-zero panic.
        let mut delta = (i - old_i) / if old_i == 0 { 700 } else { 2 };
        delta += delta / len.max(1);
        k = 0;
        while delta > 455 {
            delta /= 35;
            k += 36;
        }
        bias = k + 36 * delta / (delta + 38);
        n += i / len.max(1);
        i %= len.max(1);
        if n > 0x10_FFFF || (0xD800..0xE000).contains(&n) {
            return None;
        }
        i += 1;
    }
    Some(())
}

/// A path of URL path characters only, each '%' before two hex digits, and no segment of
/// dots: a URL parser removes `.` and `..` segments (also spelt with `%2e`, refused
/// anywhere for that), so the prefix would not be the one shown.
fn is_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    let hex = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_hexdigit);
    let chars_ok = bytes.iter().enumerate().all(|(i, &b)| match b {
        b'%' => hex(i + 1) && hex(i + 2) && !(bytes.get(i + 1) == Some(&b'2') && bytes.get(i + 2).is_some_and(|&e| e | 0x20 == b'e')),
        b'/' | b'-' | b'.' | b'_' | b'~' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b':' => true,
        _ => b.is_ascii_alphanumeric(),
    });
    chars_ok && text::split(path, "/").all(|segment| segment.bytes().any(|b| b != b'.') || segment.is_empty())
}

/// True for `localhost`, any `127.x.y.z`, and `[::1]` (a checked, lower-case server).
fn is_loopback(server: &str) -> bool {
    server == "localhost" || server == "[::1]" || (server.starts_with("127.") && is_ipv4(server))
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
        let ok = |host: &str| BaseUrl::parse(host).map(|b| b.0).map_err(|e| e.violations()[0].message.clone());
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
            assert_eq!(ok(bad).unwrap_err(), BAD_PORT.1, "{bad}");
        }
    }

    #[test]
    fn ipv6_literals_follow_the_whatwg_parser() {
        for good in ["::1", "::", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6::8", "FE80::1", "::ffff:1.2.3.4",
                     "1:2:3:4:5:6:1.2.3.4", "::1.2.3.4", "0000:0:00:0:0:0:0:1", "abcd::ef01"] {
            assert!(is_ipv6(good), "{good}");
        }
        for bad in ["", ":", ":1", "1:", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "1:2:3:4:5:6:7::8", "12345::",
                    "1:2:3:4:5:6:7", "fe80::1%eth0", "fe80::1%25eth0", "::1.2.3", "::1.2.3.4.5", "::01.2.3.4", "::1.2.3.256", "::1.2.3.4:1",
                    "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4", "::g", "::1 ", "[::1]", "::ab.1.2.3", "::.1.2.3"] {
            assert!(!is_ipv6(bad), "{bad}");
        }
    }

    #[test]
    fn punycode_labels_must_decode() {
        for good in ["bcher-kva", "caf-dma", "mnchen-3ya", "wgbl6a", "80ak6aa92e", "ls8h"] {
            assert!(punycode(good.as_bytes()).is_some(), "{good}");
        }
        for bad in ["", "abc-", "-", "a_b", "zzzzzzzzzzzzzz", "99999999999", "abc-!", "a-{", "a-`"] {
            assert!(punycode(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    #[test]
    fn paths_hold_url_path_characters_and_no_dot_segment() {
        for good in ["", "/", "/a", "/whautomate", "/a/b/", "/a%2Fb", "/a%20b", "/~u/!$&'()*+,;=:", "/a.b", "/.a", "/a..", "//x"] {
            assert!(is_path(good), "{good}");
        }
        for bad in ["/.", "/..", "/a/./b", "/a/../b", "/...", "/%2e", "/%2E%2e", "/a%2eb", "/a b", "/a\\b", "/@", "/a?b", "/a#b",
                    "/%", "/%4", "/%zz", "/é", "/a\tb", "/a\u{0}", "/\"", "/<", "/`", "/{", "/|", "/^", "?a"] {
            assert!(!is_path(bad), "{bad:?}");
        }
    }
}

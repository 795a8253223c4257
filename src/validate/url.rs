//! URL checks for send-by-URL fields and buttons.

use crate::text::{parse_u64, split_once, until_any};

/// True for an absolute `http://` or `https://` URL with a host, and no whitespace,
/// control characters or backslashes (which platforms and servers parse inconsistently).
///
/// Plain `http` is accepted: "https only" is advice, not a rule the API enforces.
///
/// ```
/// use whautomate::validate::is_http_url;
/// assert!(is_http_url("https://cdn.example.com/a.png?x=1"));
/// assert!(is_http_url("HTTP://example.com:8080"));
/// assert!(!is_http_url("/relative/path.png"));
/// assert!(!is_http_url("ftp://example.com/a.png"));
/// assert!(!is_http_url("https:///nohost"));
/// assert!(!is_http_url("https://exa mple.com"));
/// assert!(!is_http_url("https://x.com:99999/a.jpg")); // no such port
/// assert!(!is_http_url("https://.../a.jpg")); // no such host
/// assert!(is_http_url("https://x.com:65535/a.jpg"));
/// ```
#[must_use]
pub fn is_http_url(url: &str) -> bool {
    if !has_no_forbidden_chars(url) {
        return false;
    }
    let Some((scheme, rest)) = split_once(url, "://") else {
        return false;
    };
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return false;
    }
    let authority = until_any(rest, b"/?#");
    // After the last `@` (user info), or all of it.
    let host_port = match authority.bytes().rposition(|b| b == b'@') {
        Some(at) => authority.get(at + 1..).unwrap_or_default(),
        None => authority,
    };
    let (host, port) = if let Some(inner) = host_port.strip_prefix('[') {
        match split_once(inner, "]") {
            Some((ip, after)) => (ip, after.strip_prefix(':')),
            None => return false,
        }
    } else {
        match split_once(host_port, ":") {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    // Non-ASCII letters are allowed as-is (internationalised names); among ASCII, only what
    // a host name can hold. (`char::is_alphanumeric` would decide the same for letters, at
    // the cost of Unicode tables in every wasm download.)
    // A host needs a letter or a digit (`...` and `-` name nothing), and a port is a
    // number up to 65535: what a URL parser reads.
    let host_ok = host.chars().all(|c| c.is_ascii_alphanumeric() || !c.is_ascii() || matches!(c, '-' | '.' | ':' | '_'))
        && host.chars().any(|c| c.is_ascii_alphanumeric() || !c.is_ascii());
    let port_ok = port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit()) && parse_u64(p).is_some_and(|n| n <= 65_535));
    host_ok && port_ok
}

/// True for what a Telegram inline button may open: an http(s) URL or a `tg://` link.
///
/// ```
/// use whautomate::validate::is_telegram_button_url;
/// assert!(is_telegram_button_url("tg://resolve?domain=whautomate"));
/// assert!(is_telegram_button_url("https://t.me/whautomate"));
/// assert!(!is_telegram_button_url("tg://"));
/// assert!(!is_telegram_button_url("javascript:alert(1)"));
/// ```
#[must_use]
pub fn is_telegram_button_url(url: &str) -> bool {
    if is_http_url(url) {
        return true;
    }
    match split_once(url, "://") {
        Some((scheme, rest)) => scheme.eq_ignore_ascii_case("tg") && !rest.is_empty() && has_no_forbidden_chars(url),
        None => false,
    }
}

fn has_no_forbidden_chars(url: &str) -> bool {
    !url.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\')
}

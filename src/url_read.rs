//! URLs as a WHATWG URL parser reads them: the parser fetch itself uses. The SDK's host
//! rules ([`crate::BaseUrl`], a webhook's `serverUrl`) judge what such a parser read, never
//! the text, so that the server they approve is the one a request goes to.
//!
//! Who reads:
//! - natively, the `url` crate (a WHATWG parser, and already in reqwest's tree);
//! - in Rust apps on wasm32 (the fetch transport), the JS host's own `URL`, through
//!   js/exchange.js `readUrl`: the url crate's IDNA tables would more than double such an
//!   app's `.wasm` (tests/downstream/wasm-std, release build after wasm-bindgen, raw /
//!   gzip: 167.7 / 60.1 KB with the SDK's own host parser before, 406.8 / 145.5 KB with the
//!   url crate, 165.3 / 59.3 KB with `readUrl`);
//! - in the npm package, its JS driver, with the same `readUrl`, when the engine asks for
//!   it (whautomate-wasm: `profileNew` and `webhookRequest` answer `ASK` with the text to
//!   read). The SDK's own host parser, which this replaced, cost the package 0.8 KB of its
//!   sending `.wasm` (gzip) and 1.5 KB of its extras module (BENCHMARKS.md, the run of
//!   18:34).

use crate::prelude::*;

use crate::error::{Error, Violation};

/// What a WHATWG URL parser read in a URL: the URL API's getters, spelt as that API spells
/// them (`new URL(text).protocol` is `"https:"`; `port` is empty for the scheme's default;
/// `search` and `hash` are empty or start with `?` and `#`; an IPv6 `hostname` keeps its
/// brackets).
///
/// ```
/// use whautomate::UrlRead;
/// let read = UrlRead::read("HTTPS://User@Example.COM:443/a/../b?q#f").unwrap();
/// assert_eq!((read.protocol.as_str(), read.username.as_str(), read.hostname.as_str()), ("https:", "User", "example.com"));
/// assert_eq!((read.port.as_str(), read.pathname.as_str(), read.search.as_str(), read.hash.as_str()), ("", "/b", "?q", "#f"));
/// assert_eq!(UrlRead::read("http://[::1]:8080").unwrap().hostname, "[::1]");
/// assert!(UrlRead::read("api.whautomate.com").is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UrlRead {
    /// The scheme and its `:` (`"https:"`).
    pub protocol: String,
    /// The user name, percent-encoded; empty for none.
    pub username: String,
    /// The password, percent-encoded; empty for none.
    pub password: String,
    /// The server: a lower-case (punycode) name, a dotted IPv4 address, or `[IPv6]`.
    pub hostname: String,
    /// The port in decimal; empty for none or the scheme's default.
    pub port: String,
    /// The path, percent-encoded, its dot segments resolved.
    pub pathname: String,
    /// `?` and the query; empty for none.
    pub search: String,
    /// `#` and the fragment; empty for none.
    pub hash: String,
}

impl UrlRead {
    /// `text` as a WHATWG URL parser reads it, or `None` when it is no URL: the `url`
    /// crate natively, the JS host's `URL` on wasm32 with the fetch transport.
    ///
    /// ```
    /// use whautomate::UrlRead;
    /// assert_eq!(UrlRead::read("https://0x7f.1/").unwrap().hostname, "127.0.0.1");
    /// assert_eq!(UrlRead::read("https://bücher.example").unwrap().hostname, "xn--bcher-kva.example");
    /// ```
    #[must_use]
    pub fn read(text: &str) -> Option<UrlRead> {
        #[cfg(all(target_arch = "wasm32", feature = "default-transport"))]
        {
            UrlRead::from_driver(&js::read_url(text)).and_then(|(_, read)| read)
        }
        #[cfg(not(all(target_arch = "wasm32", feature = "default-transport")))]
        UrlRead::read_with_url_crate(text)
    }

    /// [`UrlRead::read`] by the `url` crate.
    #[cfg(not(all(target_arch = "wasm32", feature = "default-transport")))]
    fn read_with_url_crate(text: &str) -> Option<UrlRead> {
        use url::quirks as q;
        let url = url::Url::parse(text).ok()?;
        Some(UrlRead {
            protocol: q::protocol(&url).into(),
            username: q::username(&url).into(),
            password: q::password(&url).into(),
            hostname: q::hostname(&url).into(),
            port: q::port(&url).into(),
            pathname: q::pathname(&url).into(),
            search: q::search(&url).into(),
            hash: q::hash(&url).into(),
        })
    }

    /// What the JS driver read, as it (js/exchange.js `readUrl`) writes it: the eight getters above in their order,
    /// then the text read, each followed by a line feed but the text, which is the rest
    /// (a parser writes every part in ASCII, control characters percent-encoded, so no part
    /// holds a line feed; the text may). When `new URL(text)` threw, the parts are empty.
    /// `None` for fewer than eight line feeds; else the text and what was read in it.
    pub(crate) fn from_driver(driver: &str) -> Option<(&str, Option<UrlRead>)> {
        let mut parts = [""; 8];
        let mut rest = driver;
        for part in &mut parts {
            (*part, rest) = crate::text::split_once(rest, "\n")?;
        }
        let [protocol, username, password, hostname, port, pathname, search, hash] = parts;
        // Every URL has a scheme: an empty one is no URL.
        let read = (!protocol.is_empty()).then(|| UrlRead {
            protocol: protocol.into(),
            username: username.into(),
            password: password.into(),
            hostname: hostname.into(),
            port: port.into(),
            pathname: pathname.into(),
            search: search.into(),
            hash: hash.into(),
        });
        Some((rest, read))
    }
}

/// The JS host's URL parser, for the Rust library on wasm32 (the npm engine asks its
/// driver instead: it imports nothing).
#[cfg(all(target_arch = "wasm32", feature = "default-transport"))]
mod js {
    use crate::prelude::*;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/js/exchange.js")]
    extern "C" {
        #[wasm_bindgen(js_name = readUrl)]
        pub(super) fn read_url(text: &str) -> String;
    }
}

/// An engine call that may need a URL read by the JS driver before it can answer.
#[derive(Debug)]
pub enum Asked<T> {
    /// The answer.
    Done(T),
    /// Read this text with `new URL()` and call again with what was read
    /// ([`driver_read`]).
    ReadUrl(String),
}

/// The JS driver's read of `text` (`driver`, as [`UrlRead::from_driver`] reads it; empty
/// when the driver has read nothing yet): [`Asked::ReadUrl`] when `text` must be read
/// first, else [`Asked::Done`] with what was read in it (`None`: no URL).
///
/// # Errors
///
/// `invalid_input` (internal) when the driver read another text or wrote another shape: a
/// driver out of step with its engine.
pub fn driver_read(driver: &str, text: &str) -> Result<Asked<Option<UrlRead>>, Error> {
    if driver.is_empty() {
        return Ok(Asked::ReadUrl(text.into()));
    }
    match UrlRead::from_driver(driver) {
        Some((read_text, read)) if read_text == text => Ok(Asked::Done(read)),
        _ => Err(Error::invalid_input(vec![Violation::new("", "internal", "the driver read another URL than the one asked for")])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drivers_read_is_taken_only_for_the_text_asked_for() {
        let done = |driver: &str, text: &str| match driver_read(driver, text).unwrap() {
            Asked::Done(read) => read,
            Asked::ReadUrl(asked) => panic!("asked for {asked}"),
        };
        assert!(matches!(driver_read("", "https://h.example").unwrap(), Asked::ReadUrl(text) if text == "https://h.example"));
        assert_eq!(done("\n\n\n\n\n\n\n\nx", "x"), None);
        let read = done("https:\n\n\nh.example\n\n/\n\n\nhttps://h.example", "https://h.example").unwrap();
        assert_eq!((read.protocol.as_str(), read.hostname.as_str(), read.pathname.as_str()), ("https:", "h.example", "/"));
        // The text is the rest, line feeds and all.
        assert!(done("https:\n\n\nh\n\n/\n\n\nx\ny", "x\ny").is_some());
        for bad in ["\n\n\n\n\n\n\n\ny", "https:\n\n\nh\n\n/\n\nx", "x", "\n"] {
            assert!(driver_read(bad, "x").is_err(), "{bad:?}");
        }
    }
}

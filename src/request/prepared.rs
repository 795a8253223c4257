//! A request as plain data: what would go on the wire, with no I/O attached.

use crate::prelude::*;

use core::fmt;

/// HTTP method of a prepared request (the Messages API uses only these two).
///
/// ```
/// assert_eq!(whautomate::Method::Post.as_str(), "POST");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive] // the API may gain calls with other methods
pub enum Method {
    /// History reads, webhook reads.
    Get,
    /// Sends, webhook subscriptions.
    Post,
    /// Webhook updates.
    Put,
    /// Webhook removals.
    Delete,
}

impl Method {
    /// The method's name as sent on the wire.
    ///
    /// ```
    /// use whautomate::Method;
    /// assert_eq!(Method::Get.as_str(), "GET");
    /// assert_eq!(Method::Post.as_str(), "POST");
    /// assert_eq!(Method::Delete.as_str(), "DELETE");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Everything a transport needs to perform one call: method, absolute URL, headers and
/// JSON body. Built by [`crate::request`] functions; sent by a [`crate::Transport`].
///
/// Its `Debug` output redacts the `x-api-key` header, so logging a request never leaks
/// the key.
///
/// ```
/// use whautomate::{Method, PreparedRequest};
/// let req = PreparedRequest {
///     method: Method::Get,
///     url: "https://api.whautomate.com/v1/messages/c1".into(),
///     headers: vec![("x-api-key", "secret".into()), ("accept", "application/json".into())],
///     body: None,
///     schedule_at_ms: None,
/// };
/// assert!(!format!("{req:?}").contains("secret"));
/// assert!(!req.is_send());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    /// HTTP method.
    pub method: Method,
    /// Absolute URL, query string included, path segments percent-encoded.
    pub url: String,
    /// Header names (lower case) and values, in sending order.
    pub headers: Vec<(&'static str, String)>,
    /// JSON body for sends; `None` for reads.
    pub body: Option<String>,
    /// A scheduled send's `scheduleAt`, in unix milliseconds; `None` for any other
    /// request. The client checks it again before each attempt, the rate limit's wait
    /// included, and fails the send (`invalid_input`, `scheduleAt`, `in_the_past`)
    /// rather than send it once that time has passed.
    pub schedule_at_ms: Option<i64>,
}

impl PreparedRequest {
    /// True for a request that changes something (POST, PUT, DELETE: a send, a webhook
    /// subscription): such a request must never be repeated once it may have
    /// reached the server, since the API has no idempotency key.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// use whautomate::{prepare_send, ApiKey, BaseUrl};
    /// let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///     .to_contact("c1").text("hi").location_id("loc_1").build().unwrap();
    /// let req = prepare_send(&message, &BaseUrl::default(), &ApiKey::new("sk_1").unwrap(), None, None).unwrap();
    /// assert!(req.is_send());
    /// ```
    #[must_use]
    pub fn is_send(&self) -> bool {
        self.method != Method::Get
    }

    /// The value of header `name` (case-insensitive), if present.
    ///
    /// ```
    /// # use whautomate::{Method, PreparedRequest};
    /// # let req = PreparedRequest { method: Method::Get, url: String::new(),
    /// #     headers: vec![("accept", "application/json".into())], body: None, schedule_at_ms: None };
    /// assert_eq!(req.header("Accept"), Some("application/json"));
    /// ```
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a [(&'static str, String)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().map(|(name, value)| {
                        let shown = if name.eq_ignore_ascii_case(crate::API_KEY_HEADER) {
                            "[redacted]"
                        } else {
                            value.as_str()
                        };
                        (name, shown)
                    }))
                    .finish()
            }
        }
        // A webhook subscription's body carries its delivery headers, where the shared
        // secret goes: its length only.
        enum Body<'a> {
            Text(&'a str),
            Held(usize),
        }
        impl fmt::Debug for Body<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    Body::Text(text) => fmt::Debug::fmt(text, f),
                    Body::Held(len) => write!(f, "[redacted: {len} bytes with webhookHeaders]"),
                }
            }
        }
        let body = self.body.as_deref().map(|b| if crate::text::find(b, "\"webhookHeaders\"").is_some() { Body::Held(b.len()) } else { Body::Text(b) });
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &Headers(&self.headers))
            .field("body", &body)
            .field("schedule_at_ms", &self.schedule_at_ms)
            .finish()
    }
}

//! Transports: the one place a request meets the network.
//!
//! The client talks to the [`Transport`] trait only. On wasm32 the fetch transport calls the
//! runtime's global `fetch` (or one the user supplies); [`memory::MemoryTransport`] answers
//! from a script, for tests.

use crate::prelude::*;

pub mod memory;
#[cfg(all(target_arch = "wasm32", feature = "default-transport"))]
pub mod fetch;
#[cfg(all(not(target_arch = "wasm32"), feature = "default-transport"))]
pub mod native;

/// The transport [`Client::new`](crate::Client::new) uses: reqwest natively.
#[cfg(all(not(target_arch = "wasm32"), feature = "default-transport"))]
pub type DefaultTransport = native::ReqwestTransport;
/// The runtime [`Client::new`](crate::Client::new) uses: tokio's timers natively.
#[cfg(all(not(target_arch = "wasm32"), feature = "default-transport"))]
pub type DefaultRuntime = native::TokioRuntime;
/// The transport [`Client::new`](crate::Client::new) uses: the JS host's `fetch` on wasm32.
#[cfg(all(target_arch = "wasm32", feature = "default-transport"))]
pub type DefaultTransport = fetch::FetchTransport;
/// The runtime [`Client::new`](crate::Client::new) uses: the JS host's timers on wasm32.
#[cfg(all(target_arch = "wasm32", feature = "default-transport"))]
pub type DefaultRuntime = fetch::JsRuntime;

use crate::PreparedRequest;
use core::future::Future;

/// A response as the transport saw it: status, the headers the client reads, and body text.
///
/// ```
/// let r = whautomate::TransportResponse { status: 200, retry_after: None, body: "{}".into() };
/// assert!(r.is_success());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportResponse {
    /// HTTP status.
    pub status: u16,
    /// The raw `Retry-After` header, if the server sent one.
    pub retry_after: Option<String>,
    /// The complete body text.
    pub body: String,
}

impl TransportResponse {
    /// True for 2xx.
    ///
    /// ```
    /// use whautomate::TransportResponse;
    /// let response = |status| TransportResponse { status, retry_after: None, body: String::new() };
    /// assert!(response(204).is_success());
    /// assert!(!response(301).is_success() && !response(429).is_success());
    /// ```
    #[must_use]
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why a transport produced no response. What the client may do next depends on whether
/// the request could have reached the server.
///
/// ```
/// use whautomate::TransportError;
/// assert!(!TransportError::Refused("connect ECONNREFUSED".into()).may_have_been_sent());
/// assert!(TransportError::Timeout.may_have_been_sent());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive] // transports may report new kinds of failure
pub enum TransportError {
    /// The connection was refused before any byte of the request was sent.
    Refused(String),
    /// Any other network failure (reset, dropped mid-response, DNS, CORS...): the request
    /// may have been received.
    Network(String),
    /// The client's timeout fired (the request may have been received).
    Timeout,
    /// The caller aborted (the request may have been received unless nothing was sent yet).
    Aborted,
    /// The server answered with a redirect whose status the platform hides (a browser's
    /// `opaqueredirect` response). Redirects are never followed: the API key must not
    /// travel to whatever origin `Location` names.
    Redirect,
    /// A response arrived but cannot be used: not a usable response object, or reached
    /// through a redirect that was followed anyway (a body too large to read is
    /// [`TransportError::BodyTooLarge`], which keeps the status). The request may have
    /// been received.
    InvalidResponse(String),
    /// A response arrived, but its body is larger than `max_response_bytes` and was not
    /// read: the status and `Retry-After` are the server's, the body is unknown. The
    /// status still decides (a 4xx is the server's refusal, a 429 is retried); a 2xx send
    /// cannot be confirmed.
    BodyTooLarge {
        /// HTTP status.
        status: u16,
        /// The raw `Retry-After` header, if the server sent one.
        retry_after: Option<String>,
        /// What the transport saw (`"the response body is larger than maxResponseBytes
        /// (4096): 5000 bytes declared"`).
        detail: String,
    },
    /// A response arrived, but the connection failed while its body arrived (reset,
    /// closed early, a body that does not inflate): the status and `Retry-After` are the
    /// server's, the body is unknown. Judged as [`TransportError::BodyTooLarge`] is, by
    /// its status: a refusal keeps it (a 401 is the key's, a 429 is retried as told), and
    /// a 2xx cannot confirm a send (`invalid_response`, which may have been applied).
    BodyCut {
        /// HTTP status.
        status: u16,
        /// The raw `Retry-After` header, if the server sent one.
        retry_after: Option<String>,
        /// What failed (`"terminated: other side closed"`).
        detail: String,
    },
}

impl TransportError {
    /// Whether the server could have received the request.
    ///
    /// ```
    /// use whautomate::TransportError;
    /// assert!(TransportError::Network("reset".into()).may_have_been_sent());
    /// assert!(TransportError::Aborted.may_have_been_sent());
    /// assert!(!TransportError::Refused("ECONNREFUSED".into()).may_have_been_sent());
    /// ```
    #[must_use]
    pub fn may_have_been_sent(&self) -> bool {
        !matches!(self, TransportError::Refused(_) | TransportError::Redirect)
    }

    /// The error a driver reports as a word and a message (js/exchange.js rejects with
    /// `[kind, message]`): `refused`, `network`, `timeout`, `aborted`, `redirect`,
    /// `followed_redirect`, `too_large` (a body too large, its status unknown: the npm
    /// package's driver reports one with its status instead, as
    /// [`TransportError::BodyTooLarge`]) or `invalid_response`; or `rejected <code>`, what a
    /// driver reports of a `fetch` that rejected without deciding what it means: the
    /// error's `code` (or its `cause`'s) after the word, its message as the message. A
    /// rejection is `Refused` (nothing was sent, so even a send may go again) only when the
    /// runtime says no connection was made: Node's `ECONNREFUSED`, `ENOTFOUND`,
    /// `EAI_AGAIN` or `UND_ERR_CONNECT_TIMEOUT`, or Bun's `ConnectionRefused`; anything
    /// else may have carried the request. An unknown word is a network failure, the reading
    /// that never claims a request did not leave. (Deno gives no code, and its "client
    /// error (Connect)" proves nothing: its fetch sends a request again on a new connection
    /// when a kept-alive one breaks, and reports that connection's failure, though the
    /// request may have been written on the first.)
    ///
    /// ```
    /// use whautomate::TransportError;
    /// assert_eq!(TransportError::from_report("timeout", String::new()), TransportError::Timeout);
    /// assert_eq!(TransportError::from_report("too_large", "1 GB".into()), TransportError::InvalidResponse("1 GB".into()));
    /// assert!(TransportError::from_report("gremlins", "?".into()).may_have_been_sent());
    /// let refused = TransportError::from_report("rejected ECONNREFUSED", "fetch failed: connect ECONNREFUSED 127.0.0.1:9".into());
    /// assert!(!refused.may_have_been_sent());
    /// // Deno's connector failure may follow a request its fetch wrote on a kept-alive
    /// // connection that broke: it may have been sent.
    /// let deno = "fetch failed: error sending request for url (http://127.0.0.1:9/): client error (Connect): tcp connect error: Connection refused (os error 111)";
    /// assert!(TransportError::from_report("rejected", deno.into()).may_have_been_sent());
    /// assert!(TransportError::from_report("rejected ECONNRESET", "fetch failed: other side closed".into()).may_have_been_sent());
    /// for code in ["ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"] {
    ///     assert!(!TransportError::from_report(&format!("rejected {code}"), "fetch failed".into()).may_have_been_sent());
    /// }
    /// // A route lost on a kept-alive connection, after the request was written.
    /// assert!(TransportError::from_report("rejected EHOSTUNREACH", "fetch failed: read EHOSTUNREACH".into()).may_have_been_sent());
    /// assert!(TransportError::from_report("rejected UND_ERR_SOCKET", "fetch failed: other side closed".into()).may_have_been_sent());
    /// ```
    #[must_use]
    pub fn from_report(kind: &str, message: String) -> TransportError {
        match kind {
            "refused" => TransportError::Refused(message),
            "timeout" => TransportError::Timeout,
            "aborted" => TransportError::Aborted,
            "redirect" => TransportError::Redirect,
            "followed_redirect" | "too_large" | "invalid_response" => TransportError::InvalidResponse(message),
            _ => match kind.strip_prefix("rejected") {
                Some(code) if refused(crate::text::trim(code)) => TransportError::Refused(message),
                _ => TransportError::Network(message),
            },
        }
    }
}

/// Whether a rejected `fetch` (its error `code`, its message) says no connection was made,
/// the failures that prove the request never left: refused (`ECONNREFUSED`, Bun's
/// `ConnectionRefused`), the name not found or not resolved now (`ENOTFOUND`,
/// `EAI_AGAIN`), or no connection within undici's connect timeout
/// (`UND_ERR_CONNECT_TIMEOUT`: Node's fetch gives up connecting after 10 s, before writing
/// anything). Each can only happen before a connection exists. (Not `EHOSTUNREACH` or
/// `ENETUNREACH`: a kept-alive connection that dies after the request was written reports
/// them too, as `read EHOSTUNREACH`.)
fn refused(code: &str) -> bool {
    // As the runtimes spell them: an unknown spelling reads as a network failure, the
    // safe side. Deno's message ("client error (Connect): …") is not enough (see
    // `from_report`): measured, a send whose body the server had read in full was
    // reported so, and sent again, in 6 of 8 runs.
    const NOT_CONNECTED: [&str; 5] = ["ECONNREFUSED", "ConnectionRefused", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"];
    NOT_CONNECTED.contains(&code)
}

/// `Send` natively, nothing on wasm32: a transport's futures must be `Send` where a
/// multi-threaded executor may move them (tokio, axum), and need not be where nothing is
/// (JS values, which a wasm transport holds, are never `Send`).
///
/// ```
/// fn spawnable<F: core::future::Future + whautomate::transport::MaybeSend>(_: F) {}
/// spawnable(async { 1 });
/// ```
#[cfg(not(target_arch = "wasm32"))]
pub trait MaybeSend: Send {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Send + ?Sized> MaybeSend for T {}
/// `Send` natively, nothing on wasm32 (see the native definition).
#[cfg(target_arch = "wasm32")]
pub trait MaybeSend {}
#[cfg(target_arch = "wasm32")]
impl<T: ?Sized> MaybeSend for T {}

impl core::fmt::Display for TransportError {
    /// ```
    /// use whautomate::TransportError;
    /// assert_eq!(TransportError::Refused("ECONNREFUSED".into()).to_string(), "connection refused: ECONNREFUSED");
    /// assert_eq!(TransportError::Timeout.to_string(), "no complete response within the timeout");
    /// ```
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            TransportError::Refused(m) => write!(f, "connection refused: {m}"),
            TransportError::Network(m) => write!(f, "network error: {m}"),
            TransportError::Timeout => f.write_str("no complete response within the timeout"),
            TransportError::Aborted => f.write_str("the request was aborted"),
            TransportError::Redirect => f.write_str("the server answered with a redirect, which is not followed"),
            TransportError::InvalidResponse(m) => write!(f, "unusable response: {m}"),
            TransportError::BodyTooLarge { status, detail, .. } | TransportError::BodyCut { status, detail, .. } => write!(f, "HTTP {status}, body not read: {detail}"),
        }
    }
}

impl core::error::Error for TransportError {}

/// Performs one HTTP exchange. Implementations must not retry: retry decisions belong
/// to the client, which knows whether a request is safe to repeat.
///
/// `timeout_ms` covers the whole exchange including the body read. A body longer than
/// `max_response_bytes` is [`TransportError::BodyTooLarge`] with the status and
/// `Retry-After` of its response, found out without reading it whole; a body whose
/// connection fails while it arrives is [`TransportError::BodyCut`], with them too (the
/// client judges both by the status). Redirects are never followed (a 3xx is a response like any other; a
/// platform that hides its status reports [`TransportError::Redirect`]), so the API key
/// never goes to another origin.
///
/// ```
/// use core::future::{ready, Future};
/// use futures_executor::block_on;
/// use whautomate::{Method, PreparedRequest, Transport, TransportError, TransportResponse};
///
/// /// Answers every request with 503.
/// struct Down;
/// impl Transport for Down {
///     type Signal = ();
///     fn send(&self, _: &PreparedRequest, _: u64, _: u64, _: Option<&()>)
///         -> impl Future<Output = Result<TransportResponse, TransportError>> {
///         ready(Ok(TransportResponse { status: 503, retry_after: None, body: String::new() }))
///     }
/// }
/// let req = PreparedRequest { method: Method::Get, url: "https://x.test/v1".into(), headers: vec![], body: None, schedule_at_ms: None };
/// assert_eq!(block_on(Down.send(&req, 1_000, 1 << 20, None)).unwrap().status, 503);
/// ```
pub trait Transport {
    /// Cancellation token the caller may pass per call (a JS `AbortSignal` in wasm).
    type Signal;
    /// Sends `request` and returns the complete response, giving up after `timeout_ms`
    /// or when `signal` fires, and refusing a body over `max_response_bytes`.
    fn send(
        &self,
        request: &PreparedRequest,
        timeout_ms: u64,
        max_response_bytes: u64,
        signal: Option<&Self::Signal>,
    ) -> impl Future<Output = Result<TransportResponse, TransportError>> + MaybeSend;
}

//! The native default: HTTP by reqwest (rustls, no OpenSSL to install), time by tokio.
//!
//! Why reqwest: it is the HTTP client most Rust services already link, it pools
//! connections, and its errors tell a failed connection (nothing was sent) from a failure
//! after the request was written — the one distinction the client needs to know whether a
//! send may be retried. reqwest 0.12 rather than 0.13: 0.13's rustls defaults to aws-lc-rs,
//! which needs cmake and a long C build; 0.12's uses ring.
//!
//! Cancellation is a [`CancellationToken`] (tokio-util's), or dropping the future.

use crate::prelude::*;

use crate::client::Runtime;
use crate::transport::MaybeSend;
use crate::{Error, ErrorCode, PreparedRequest, Transport, TransportError, TransportResponse};
use core::future::Future;
use core::time::Duration;
use futures_util::future::{select, Either};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub use tokio_util::sync::CancellationToken;

/// Sends requests with a [`reqwest::Client`] that never follows redirects (the API key
/// must not travel to whatever origin a `Location` names).
///
/// Cheap to clone: clones share the connection pool.
///
/// ```
/// use whautomate::client::{Client, ClientOptions};
/// use whautomate::transport::native::{ReqwestTransport, TokioRuntime};
/// let transport = ReqwestTransport::new().unwrap();
/// let client = Client::with_transport(ClientOptions::new("sk_test"), transport, TokioRuntime::default()).unwrap();
/// # drop(client);
/// ```
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    http: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport over a new connection pool, without redirects, which gives up
    /// connecting after 10 s (a connect error: nothing was sent).
    ///
    /// # Errors
    ///
    /// `network` when the TLS backend cannot start (reqwest could not build a client).
    ///
    /// ```
    /// assert!(whautomate::transport::native::ReqwestTransport::new().is_ok());
    /// ```
    pub fn new() -> Result<ReqwestTransport, Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // A connection not made within 10 s is a connect error, which proves nothing
            // was sent (a send may go again), rather than the request's timeout, which
            // cannot tell. (As Node's fetch: undici's connect timeout is 10 s too.)
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| Error::new(ErrorCode::Network, chain(&e)))?;
        Ok(ReqwestTransport { http })
    }

    /// A transport over a client of your own (proxies, root certificates, a shared pool).
    /// Turn its redirects off (`redirect(Policy::none())`): a response reached through
    /// a redirect is refused as `invalid_response`, after the key went to that origin.
    ///
    /// ```
    /// use whautomate::transport::native::ReqwestTransport;
    /// let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    /// let transport = ReqwestTransport::with_client(http);
    /// # drop(transport);
    /// ```
    #[must_use]
    pub fn with_client(http: reqwest::Client) -> ReqwestTransport {
        ReqwestTransport { http }
    }
}

impl Transport for ReqwestTransport {
    type Signal = CancellationToken;

    fn send(
        &self,
        request: &PreparedRequest,
        timeout_ms: u64,
        max_response_bytes: u64,
        signal: Option<&CancellationToken>,
    ) -> impl Future<Output = Result<TransportResponse, TransportError>> + MaybeSend {
        let method = match request.method {
            crate::Method::Get => reqwest::Method::GET,
            crate::Method::Post => reqwest::Method::POST,
            crate::Method::Put => reqwest::Method::PUT,
            crate::Method::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self.http.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(&name[..], &value[..]);
        }
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        let built = builder.build();
        let http = self.http.clone();
        let signal = signal.cloned();
        async move {
            // A request that cannot be built never left.
            let request = built.map_err(|e| TransportError::Refused(chain(&e)))?;
            let exchange = core::pin::pin!(exchange(http, request, max_response_bytes));
            let timed = core::pin::pin!(tokio::time::timeout(Duration::from_millis(timeout_ms), exchange));
            let outcome = match &signal {
                Some(signal) => match select(timed, core::pin::pin!(signal.cancelled())).await {
                    Either::Left((outcome, _)) => outcome,
                    Either::Right(_) => return Err(TransportError::Aborted),
                },
                None => timed.await,
            };
            outcome.unwrap_or(Err(TransportError::Timeout))
        }
    }
}

async fn exchange(http: reqwest::Client, request: reqwest::Request, max_response_bytes: u64) -> Result<TransportResponse, TransportError> {
    let asked = request.url().clone();
    let mut response = http.execute(request).await.map_err(|e| classify(&e))?;
    if *response.url() != asked {
        return Err(TransportError::InvalidResponse("the response came through a redirect, which the SDK does not follow".into()));
    }
    let status = response.status().as_u16();
    // As fetch's `headers.get` reads it: every value, joined with ", ", each byte a
    // character (so a repeated header is the list the engine refuses to read as a wait,
    // in both drivers alike).
    let values: Vec<String> = response.headers().get_all(reqwest::header::RETRY_AFTER).iter().map(|v| v.as_bytes().iter().copied().map(char::from).collect()).collect();
    let retry_after = (!values.is_empty()).then(|| values.join(", "));
    // A null body status, as fetch reads it: no body, whatever the server sends (hyper
    // reads a 205's).
    if matches!(status, 204 | 205 | 304) {
        return Ok(TransportResponse { status, retry_after, body: String::new() });
    }
    // The status and Retry-After go with it: the engine still judges by them.
    let too_large = |retry_after, seen: &str| TransportError::BodyTooLarge {
        status,
        retry_after,
        detail: alloc::format!("the response body is larger than maxResponseBytes ({max_response_bytes}): {seen}"),
    };
    // Declared length first (refused before reading); then counted as it arrives, since
    // a length may be absent, or the body compressed.
    if let Some(declared) = response.content_length().filter(|&n| n > max_response_bytes) {
        return Err(too_large(retry_after, &alloc::format!("{declared} bytes declared")));
    }
    let mut body = Vec::new();
    // A failure while the body arrives keeps the status: the engine judges by it.
    let cut = |retry_after, e: &reqwest::Error| TransportError::BodyCut { status, retry_after, detail: chain(e) };
    while let Some(chunk) = response.chunk().await.map_err(|e| cut(retry_after.clone(), &e))? {
        if (body.len() + chunk.len()) as u64 > max_response_bytes {
            return Err(too_large(retry_after, "more than that arrived"));
        }
        body.extend_from_slice(&chunk);
    }
    // As fetch's `text()` does (the Encoding Standard's "UTF-8 decode"): a leading byte
    // order mark is dropped, and bytes that are not UTF-8 become U+FFFD.
    let text = body.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&body);
    let body = String::from_utf8_lossy(text).into_owned();
    Ok(TransportResponse { status, retry_after, body })
}

/// What a reqwest failure means for a resend. A failure to connect (DNS, TCP, TLS) comes
/// before any byte of the request was written: `Refused`, which a send may retry. Every
/// other failure may come after the server read the request: `Network`. (hyper itself
/// resends a request that it never wrote on a pooled connection the server had closed.)
fn classify(error: &reqwest::Error) -> TransportError {
    if error.is_connect() {
        TransportError::Refused(chain(error))
    } else if error.is_timeout() {
        TransportError::Timeout
    } else {
        TransportError::Network(chain(error))
    }
}

/// The error and its sources, `: `-joined ("error sending request: client error (Connect):
/// tcp connect error: Connection refused (os error 111)"), without the URL.
fn chain(error: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(&[" for url (", url.as_str(), ")"].concat(), "");
    }
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Clock, timers (tokio's) and jitter (fastrand) for the native client. Needs a tokio
/// runtime with time enabled, as reqwest needs a tokio runtime.
///
/// ```
/// use whautomate::client::Runtime;
/// use whautomate::transport::native::TokioRuntime;
/// let runtime = TokioRuntime::default();
/// assert!(runtime.now_ms() > 1.7e12); // after 2023
/// assert!((0.0..1.0).contains(&runtime.random()));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct TokioRuntime {
    started: Instant,
}

impl Default for TokioRuntime {
    fn default() -> Self {
        TokioRuntime { started: Instant::now() }
    }
}

impl Runtime for TokioRuntime {
    type Signal = CancellationToken;

    fn now_ms(&self) -> f64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64() * 1_000.0)
    }
    fn monotonic_ms(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * 1_000.0
    }
    fn random(&self) -> f64 {
        fastrand::f64()
    }
    fn sleep(&self, ms: u64, signal: Option<&CancellationToken>) -> impl Future<Output = Result<(), TransportError>> + MaybeSend {
        let signal = signal.cloned();
        async move {
            let sleep = core::pin::pin!(tokio::time::sleep(Duration::from_millis(ms)));
            match &signal {
                Some(signal) => match select(sleep, core::pin::pin!(signal.cancelled())).await {
                    Either::Left(_) => Ok(()),
                    Either::Right(_) => Err(TransportError::Aborted),
                },
                None => {
                    sleep.await;
                    Ok(())
                }
            }
        }
    }
    fn is_aborted(&self, signal: Option<&CancellationToken>) -> bool {
        signal.is_some_and(CancellationToken::is_cancelled)
    }
}

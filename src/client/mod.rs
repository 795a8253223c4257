//! The client: configuration, rate limiting, retries and history paging over a
//! [`Transport`] and a [`Runtime`]. No platform code lives here; on wasm32 the bindings
//! plug in the fetch transport and JS timers, and tests plug in in-memory ones.

use crate::prelude::*;

pub mod bulk;
pub mod runtime;

// The engine's parts, where the client's users have always found them.
pub use crate::engine::{attempt, options, paging, rate_limit, retry, state};

pub use bulk::{BulkOptions, BulkResult, BulkStatus, Progress};
pub use options::ClientOptions;
pub use paging::HistoryPager;
pub use rate_limit::{RateLimit, TokenBucket};
pub use retry::RetryPolicy;
pub use runtime::Runtime;
pub use state::ClientState;

use crate::model::{HistoryMessage, OutgoingMessage};
use crate::request::{self, HistoryQuery, RawPage};
use crate::{Error, PreparedRequest, Transport, TransportError, TransportResponse};
use attempt::{transport_error, Attempt, Next};
use retry::parse_retry_after;

/// A Whautomate client over transport `T` and runtime `R`.
///
/// ```
/// use whautomate::client::{Client, ClientOptions};
/// use whautomate::model::MessageInput;
/// use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
///
/// let client = Client::new(
///     ClientOptions::new("sk_test").location_id("loc_1"),
///     MemoryTransport::new(),
///     MemoryRuntime::new(0.0),
/// ).unwrap();
/// let input: MessageInput = whautomate::json::from_json(
///     r#"{"channel":"telegram","type":"text","to":{"contactId":"c1"},"text":"hi"}"#).unwrap();
/// let message = whautomate::validate::validate_message(&input, &Default::default()).unwrap();
/// # let block_on = |f| whautomate::client::block_on_ready(f);
/// block_on(client.send(&message, None)).unwrap();
/// assert_eq!(client.transport().requests()[0].url,
///            "https://api.whautomate.com/v1/messages/telegram/sendtext");
/// ```
pub struct Client<T: Transport, R: Runtime<Signal = T::Signal>> {
    state: ClientState,
    transport: T,
    runtime: R,
}

impl<T: Transport, R: Runtime<Signal = T::Signal>> Client<T, R> {
    /// Checks `options` and builds a client.
    ///
    /// ```
    /// use whautomate::client::{Client, ClientOptions};
    /// use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// let options = ClientOptions::new("sk_test").timeout_ms(0);
    /// let Err(e) = Client::new(options, MemoryTransport::new(), MemoryRuntime::new(0.0)) else { panic!() };
    /// assert_eq!(e.field(), Some("timeoutMs"));
    /// ```
    pub fn new(options: ClientOptions, transport: T, runtime: R) -> Result<Self, Error> {
        let state = ClientState::new(options, runtime.monotonic_ms())?;
        Ok(Client { state, transport, runtime })
    }

    /// The options in force.
    ///
    /// ```
    /// # use whautomate::client::{block_on_ready, Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::new(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// assert_eq!(client.options().timeout_ms, 30_000);
    /// assert_eq!(client.options().location_id.as_deref(), Some("loc_1"));
    /// ```
    pub fn options(&self) -> &ClientOptions {
        self.state.options()
    }
    /// The transport (for tests that inspect what was sent).
    ///
    /// ```
    /// # use whautomate::client::{block_on_ready, Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::new(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// # use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///     .to_contact("c1").text("hi").build().unwrap();
    ///
    /// block_on_ready(client.send(&message, None)).unwrap();
    /// assert_eq!(client.transport().requests().len(), 1);
    /// ```
    pub fn transport(&self) -> &T {
        &self.transport
    }
    /// The runtime.
    ///
    /// ```
    /// # use whautomate::client::{block_on_ready, Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::new(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// use whautomate::client::Runtime;
    /// assert_eq!(client.runtime().now_ms(), 0.0);
    /// ```
    pub fn runtime(&self) -> &R {
        &self.runtime
    }

    /// The request a send of `message` would make, without sending it. Resolves the
    /// default location and checks that a scheduled time is still in the future.
    ///
    /// ```
    /// # use whautomate::client::{block_on_ready, Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::new(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// # use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///     .to_contact("c1").text("hi").build().unwrap();
    ///
    /// let req = client.prepare(&message).unwrap();
    /// assert_eq!(req.url, "https://api.whautomate.com/v1/messages/telegram/sendtext");
    /// // The client's default location was filled in.
    /// assert_eq!(req.body.as_deref(), Some(r#"{"contact":{"id":"c1"},"textMessage":"hi","location":{"id":"loc_1"}}"#));
    /// assert!(client.transport().requests().is_empty()); // nothing was sent
    /// ```
    pub fn prepare(&self, message: &OutgoingMessage) -> Result<PreparedRequest, Error> {
        request::prepare_send(
            message,
            &self.state.options().base_url,
            &self.state.options().api_key,
            self.state.options().location_id.as_deref(),
            Some(self.runtime.now_ms() as i64),
        )
    }

    /// Sends one message. Retries only when the server certainly did not accept it; on
    /// failure the error's `may_have_been_sent` says whether it could have been delivered.
    ///
    /// ```
    /// # use whautomate::client::{block_on_ready, Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::new(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// # use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///     .to_contact("c1").text("hi").build().unwrap();
    ///
    /// use whautomate::ErrorCode;
    /// block_on_ready(client.send(&message, None)).unwrap();
    /// client.transport().push_status(400, r#"{"message":"Invalid contact"}"#);
    /// let e = block_on_ready(client.send(&message, None)).unwrap_err();
    /// assert_eq!((e.code(), e.message()), (ErrorCode::BadRequest, "Invalid contact"));
    /// assert!(!e.may_have_been_sent());
    /// ```
    pub async fn send(&self, message: &OutgoingMessage, signal: Option<&T::Signal>) -> Result<(), Error> {
        let req = self.prepare(message)?;
        self.send_prepared(&req, signal).await
    }

    /// Sends an already prepared send request (see [`Client::prepare`]).
    ///
    /// ```
    /// # use whautomate::client::{block_on_ready, Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::new(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// # use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///     .to_contact("c1").text("hi").build().unwrap();
    ///
    /// let req = client.prepare(&message).unwrap();
    /// block_on_ready(client.send_prepared(&req, None)).unwrap();
    /// assert_eq!(client.transport().requests(), [req]);
    /// ```
    pub async fn send_prepared(&self, req: &PreparedRequest, signal: Option<&T::Signal>) -> Result<(), Error> {
        let response = self.execute(req, signal).await?;
        request::parse_send_response(response.status, &response.body)
            .map_err(|e| self.redact(e.with_retry_after_ms(self.retry_after(&response))))
    }

    /// One page of a contact's history.
    ///
    /// ```
    /// # use whautomate::client::{block_on_ready, Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::new(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// use whautomate::request::HistoryQuery;
    /// client.transport().push_status(200, r#"[{"id":"m1","text":"hi"},{"id":"m2"}]"#);
    /// let page = block_on_ready(client.list("c1", &HistoryQuery::default(), None)).unwrap();
    /// assert_eq!(page.len(), 2);
    /// assert_eq!(page[0].text.as_deref(), Some("hi"));
    /// assert_eq!(client.transport().requests()[0].url, "https://api.whautomate.com/v1/messages/c1");
    /// ```
    pub async fn list(&self, contact_id: &str, query: &HistoryQuery, signal: Option<&T::Signal>) -> Result<Vec<HistoryMessage>, Error> {
        let page = self.list_page(contact_id, query, signal).await?;
        request::parse_history_response(200, &page.body).map_err(|e| self.redact(e))
    }

    /// One page of a contact's history, checked but not converted (see [`RawPage`]).
    ///
    /// ```
    /// # use whautomate::client::{block_on_ready, Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::new(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// use whautomate::request::HistoryQuery;
    /// client.transport().push_status(200, r#"[{"id":"m1","new":1}]"#);
    /// let page = block_on_ready(client.list_page("c1", &HistoryQuery::default(), None)).unwrap();
    /// assert_eq!((page.len, page.body.as_str()), (1, r#"[{"id":"m1","new":1}]"#));
    /// ```
    pub async fn list_page(&self, contact_id: &str, query: &HistoryQuery, signal: Option<&T::Signal>) -> Result<RawPage, Error> {
        let req = request::prepare_history(contact_id, query, &self.state.options().base_url, &self.state.options().api_key)?;
        let response = self.execute(&req, signal).await?;
        let retry_after = self.retry_after(&response);
        request::parse_history_page(response.status, response.body).map_err(|e| self.redact(e.with_retry_after_ms(retry_after)))
    }

    /// Removes the API key from text the SDK did not write (see [`Error::redact`]).
    ///
    /// ```
    /// # use whautomate::client::{block_on_ready, Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::new(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// use whautomate::{Error, ErrorCode};
    /// let e = client.redact(Error::new(ErrorCode::Network, "proxy rejected key sk_test"));
    /// assert_eq!(e.message(), "proxy rejected key [redacted]");
    /// ```
    pub fn redact(&self, error: Error) -> Error {
        self.state.redact(error)
    }

    /// The next page of a walk, or `None` when the walk is over. Fetches lazily: one
    /// request per call.
    ///
    /// ```
    /// # use whautomate::client::{block_on_ready, Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::new(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// use whautomate::client::HistoryPager;
    /// use whautomate::request::HistoryQuery;
    /// client.transport().push_status(200, r#"[{"id":"m1"},{"id":"m2"}]"#);
    /// client.transport().push_status(200, r#"[{"id":"m3"}]"#);
    /// let mut pager = HistoryPager::new(HistoryQuery { limit: Some(2), ..Default::default() });
    /// let mut ids = Vec::new();
    /// while let Some(page) = block_on_ready(client.next_page("c1", &mut pager, None)).unwrap() {
    ///     ids.extend(page.into_iter().filter_map(|m| m.id));
    /// }
    /// assert_eq!(ids, ["m1", "m2", "m3"]);
    /// assert_eq!(client.transport().requests().len(), 2); // the short page ended the walk
    /// ```
    pub async fn next_page(&self, contact_id: &str, pager: &mut HistoryPager, signal: Option<&T::Signal>) -> Result<Option<Vec<HistoryMessage>>, Error> {
        let Some(query) = pager.next_query() else { return Ok(None) };
        let page = self.list(contact_id, &query, signal).await?;
        pager.record(page.len());
        Ok(Some(page))
    }

    /// Performs `req` under the rate limit, with retries as [`retry::should_retry`]
    /// allows. Returns the last response whatever its status; transport failures become
    /// errors.
    ///
    /// ```
    /// # use whautomate::client::{block_on_ready, Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::new(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// use whautomate::{request::{prepare_history, HistoryQuery}, ApiKey, BaseUrl};
    /// let req = prepare_history("c1", &HistoryQuery::default(), &BaseUrl::default(), &ApiKey::new("sk_test").unwrap()).unwrap();
    /// client.transport().push_status(503, "busy");
    /// client.transport().push_status(200, "[]");
    /// // A read is retried after a 5xx (here after 250 ms: half of the 500 ms ceiling).
    /// let response = block_on_ready(client.execute(&req, None)).unwrap();
    /// assert_eq!(response.status, 200);
    /// assert_eq!(client.runtime().sleeps(), [250]);
    /// ```
    pub async fn execute(&self, req: &PreparedRequest, signal: Option<&T::Signal>) -> Result<TransportResponse, Error> {
        let timeout_ms = self.state.options().timeout_ms;
        let max_response_bytes = self.state.options().max_response_bytes;
        let mut attempt = Attempt { is_send: req.is_send(), number: 0, policy: self.state.options().retry, timeout_ms };
        loop {
            // Failing here, nothing of this attempt was handed to the network; and a send
            // is only retried when the previous attempt certainly did not reach the server.
            self.wait_for_token(signal).await.map_err(|e| transport_error(e, attempt.is_send, false, timeout_ms))?;
            let result = self.transport.send(req, timeout_ms, max_response_bytes, signal).await;
            match attempt.next(result, self.runtime.now_ms(), self.runtime.random()) {
                Next::Done(done) => return done.map_err(|e| self.redact(e)),
                Next::RetryAfter(ms) => {
                    self.runtime.sleep(ms, signal).await.map_err(|e| transport_error(e, attempt.is_send, false, timeout_ms))?;
                    attempt.number += 1;
                }
            }
        }
    }

    /// Reserves a rate-limit token at `now_ms` and returns how long to wait before using
    /// it (0 when the limit is off or a token is ready). For drivers outside Rust.
    ///
    /// ```
    /// use whautomate::client::{Client, ClientOptions, RateLimit};
    /// use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// let options = ClientOptions::new("sk_test").rate_limit(Some(RateLimit { per_minute: 60, burst: 1 }));
    /// let client = Client::new(options, MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// assert_eq!(client.reserve_token(0.0), 0.0);
    /// assert_eq!(client.reserve_token(0.0).round(), 1_031.0); // 60/min paced at 97%
    /// ```
    pub fn reserve_token(&self, now_ms: f64) -> f64 {
        self.state.reserve_token(now_ms)
    }

    /// Gives back a token whose caller gave up waiting.
    ///
    /// ```
    /// use whautomate::client::{Client, ClientOptions, RateLimit};
    /// use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// let options = ClientOptions::new("sk_test").rate_limit(Some(RateLimit { per_minute: 60, burst: 1 }));
    /// let client = Client::new(options, MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// client.reserve_token(0.0);
    /// assert_eq!(client.reserve_token(0.0).round(), 1_031.0);
    /// client.release_token(0.0); // that caller gave up: the next one takes its place
    /// assert_eq!(client.reserve_token(0.0).round(), 1_031.0);
    /// ```
    pub fn release_token(&self, now_ms: f64) {
        self.state.release_token(now_ms);
    }

    async fn wait_for_token(&self, signal: Option<&T::Signal>) -> Result<(), TransportError> {
        if self.runtime.is_aborted(signal) {
            return Err(TransportError::Aborted);
        }
        let wait = self.state.reserve_token(self.runtime.monotonic_ms());
        if wait > 0.0 {
            if let Err(e) = self.runtime.sleep(ceil_ms(wait), signal).await {
                self.state.release_token(self.runtime.monotonic_ms());
                return Err(e);
            }
        }
        Ok(())
    }

    fn retry_after(&self, response: &TransportResponse) -> Option<u64> {
        response.retry_after.as_deref().and_then(|v| parse_retry_after(v, self.runtime.now_ms()))
    }
}


/// A positive wait rounded up to whole milliseconds (`f64::ceil` is std's, not core's).
fn ceil_ms(wait: f64) -> u64 {
    let whole = wait as u64;
    if (whole as f64) < wait { whole + 1 } else { whole }
}

/// Drives a future whose every await is already ready (in-memory transport and
/// runtime) to completion. For tests and doc examples; panics on a pending future.
///
/// ```
/// assert_eq!(whautomate::client::block_on_ready(async { 1 + 1 }), 2);
/// ```
#[doc(hidden)]
pub fn block_on_ready<F: core::future::Future>(future: F) -> F::Output {
    use core::task::{Context, Poll, Waker};
    let mut future = core::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("block_on_ready: the future is not ready (it awaits real I/O)"),
    }
}

#[cfg(test)]
mod tests;

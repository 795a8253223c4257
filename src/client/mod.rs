//! The client: configuration, rate limiting, retries and history paging over a
//! [`Transport`] and a [`Runtime`]. No platform code lives here; on wasm32 the bindings
//! plug in the fetch transport and JS timers, and tests plug in in-memory ones.

use crate::prelude::*;

use alloc::sync::Arc;

pub(crate) mod bulk;
pub(crate) mod runtime;
#[cfg(feature = "std")]
pub(crate) mod webhooks;

// The engine's parts, where the client's users have always found them.
use crate::engine::{attempt, options, paging, rate_limit, retry, state::ClientState};

pub use bulk::{BulkOptions, BulkResult, BulkStatus, Progress, PROGRESS_MS};
pub use options::ClientOptions;
pub use paging::HistoryPager;
pub use rate_limit::RateLimit;
pub use retry::RetryPolicy;
pub use runtime::Runtime;
#[cfg(feature = "std")]
pub use webhooks::Webhooks;

use crate::model::{HistoryMessage, OutgoingMessage};
use crate::request::{self, HistoryQuery, RawPage};
use crate::{Error, PreparedRequest, Transport, TransportError, TransportResponse};
#[cfg(feature = "default-transport")]
use crate::transport::{DefaultRuntime, DefaultTransport};
use attempt::{transport_error, Attempt, Next};
use retry::parse_retry_after;

/// A Whautomate client: sends messages and reads history over a transport `T` (the
/// network) and a runtime `R` (clock, timers, randomness).
///
/// With feature `default-transport` (on by default) [`Client::new`] picks the platform's
/// transport: reqwest and tokio natively, the JS host's `fetch` and timers on wasm32. A `Client` is cheap to
/// clone: clones share one connection pool and one rate limit. Natively it is
/// `Send + Sync` and so are its futures, so it goes into `Arc`, `tokio::spawn` and axum
/// state as it is.
///
/// ```
/// use whautomate::client::{Client, ClientOptions};
/// use whautomate::model::MessageInput;
/// use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
///
/// let client = Client::with_transport(
///     ClientOptions::new("sk_test").location_id("loc_1"),
///     MemoryTransport::new(),
///     MemoryRuntime::new(0.0),
/// ).unwrap();
/// let input: MessageInput = serde_json::from_str(
///     r#"{"channel":"telegram","type":"text","to":{"contactId":"c1"},"text":"hi"}"#).unwrap();
/// let message = whautomate::validate::validate_message(&input, &Default::default()).unwrap();
/// # use futures_executor::block_on;
/// block_on(client.send(&message)).unwrap();
/// assert_eq!(client.transport().requests()[0].url,
///            "https://api.whautomate.com/v1/messages/telegram/sendtext");
/// ```
#[cfg(feature = "default-transport")]
pub struct Client<T: Transport = DefaultTransport, R: Runtime<Signal = T::Signal> = DefaultRuntime> {
    inner: Arc<Inner<T, R>>,
}

/// A Whautomate client over transport `T` and runtime `R` (this build has no default
/// transport: see [`Client::with_transport`]).
#[cfg(not(feature = "default-transport"))]
pub struct Client<T: Transport, R: Runtime<Signal = T::Signal>> {
    inner: Arc<Inner<T, R>>,
}

struct Inner<T, R> {
    state: ClientState,
    transport: T,
    runtime: R,
}

impl<T: Transport, R: Runtime<Signal = T::Signal>> Clone for Client<T, R> {
    /// Another handle on the same client: same options, connections and rate limit.
    fn clone(&self) -> Self {
        Client { inner: Arc::clone(&self.inner) }
    }
}

impl<T: Transport, R: Runtime<Signal = T::Signal>> core::fmt::Debug for Client<T, R> {
    /// Shows the options, the API key redacted.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client").field("options", self.options()).finish_non_exhaustive()
    }
}

#[cfg(feature = "default-transport")]
impl Client {
    /// Checks `options` and builds a client over the platform's default transport.
    ///
    /// # Errors
    ///
    /// `invalid_input`, with one violation per bad setting (see [`ClientOptions::check`]).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), whautomate::Error> {
    /// use whautomate::{Channel, Client, ClientOptions, MessageBuilder, MessageKind};
    /// let client = Client::new(ClientOptions::new("sk_live_1").location_id("loc_1"))?;
    /// let message = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text)
    ///     .to_contact("ct_wa_1").text("Hello").build()?;
    /// client.send(&message).await?;
    /// # Ok(()) }
    /// ```
    pub fn new(options: ClientOptions) -> Result<Self, Error> {
        Client::with_transport(options, DefaultTransport::new()?, DefaultRuntime::default())
    }
}

impl<T: Transport, R: Runtime<Signal = T::Signal>> Client<T, R> {
    /// Checks `options` and builds a client over `transport` and `runtime`: for tests
    /// ([`crate::transport::memory`]) and for platforms the crate has no transport for.
    ///
    /// # Errors
    ///
    /// `invalid_input`, with one violation per bad setting.
    ///
    /// ```
    /// use whautomate::client::{Client, ClientOptions};
    /// use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// let options = ClientOptions::new("sk_test").timeout_ms(0);
    /// let Err(e) = Client::with_transport(options, MemoryTransport::new(), MemoryRuntime::new(0.0)) else { panic!() };
    /// assert_eq!(e.field(), Some("timeoutMs"));
    /// ```
    pub fn with_transport(options: ClientOptions, transport: T, runtime: R) -> Result<Self, Error> {
        let state = ClientState::new(options, runtime.monotonic_ms())?;
        Ok(Client { inner: Arc::new(Inner { state, transport, runtime }) })
    }

    /// The options in force.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// assert_eq!(client.options().timeout_ms, 30_000);
    /// assert_eq!(client.options().location_id.as_deref(), Some("loc_1"));
    /// ```
    #[must_use]
    pub fn options(&self) -> &ClientOptions {
        self.inner.state.options()
    }
    /// The transport (for tests that inspect what was sent).
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// # use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///     .to_contact("c1").text("hi").build().unwrap();
    ///
    /// block_on(client.send(&message)).unwrap();
    /// assert_eq!(client.transport().requests().len(), 1);
    /// ```
    #[must_use]
    pub fn transport(&self) -> &T {
        &self.inner.transport
    }
    /// The runtime.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// use whautomate::client::Runtime;
    /// assert_eq!(client.runtime().now_ms(), 0.0);
    /// ```
    #[must_use]
    pub fn runtime(&self) -> &R {
        &self.inner.runtime
    }

    /// The request a send of `message` would make, without sending it. Resolves the
    /// default location and checks that a scheduled time is still in the future.
    ///
    /// # Errors
    ///
    /// `invalid_input` when the message has no location and the client no default, or its
    /// schedule is not in the future.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
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
            &self.inner.state.options().base_url,
            &self.inner.state.options().api_key,
            self.inner.state.options().location_id.as_deref(),
            Some(self.inner.runtime.now_ms() as i64),
        )
    }

    /// Sends one message. Retries only when the server certainly did not accept it; on
    /// failure the error's `may_have_been_sent` says whether it could have been delivered.
    ///
    /// # Errors
    ///
    /// Every failure as an [`Error`]: `invalid_input` as for [`Client::prepare`], the server's
    /// answer (`unauthorized`, `rate_limited`...) once retries are spent, `network`, `timeout`
    /// or `aborted`; [`Error::may_have_been_sent`] says whether the message could have arrived.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// # use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///     .to_contact("c1").text("hi").build().unwrap();
    ///
    /// use whautomate::ErrorCode;
    /// block_on(client.send(&message)).unwrap();
    /// client.transport().push_status(400, r#"{"message":"Invalid contact"}"#);
    /// let e = block_on(client.send(&message)).unwrap_err();
    /// assert_eq!((e.code(), e.message()), (ErrorCode::BadRequest, "Invalid contact"));
    /// assert!(!e.may_have_been_sent());
    /// ```
    pub async fn send(&self, message: &OutgoingMessage) -> Result<(), Error> {
        let req = self.prepare(message)?;
        self.send_prepared(&req, None).await
    }

    /// [`Client::send`], cancelled when `signal` fires: an attempt in flight is aborted
    /// (the error says whether the message may have left), no retry follows.
    /// Dropping the future cancels too; a signal lets the caller keep the answer.
    ///
    /// # Errors
    ///
    /// As [`Client::send`]; `aborted` once the signal has fired.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemorySignal, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// # use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///     .to_contact("c1").text("hi").build().unwrap();
    /// let signal = MemorySignal::default();
    /// signal.abort();
    /// let e = block_on(client.send_with_signal(&message, &signal)).unwrap_err();
    /// assert_eq!((e.code().as_str(), e.may_have_been_sent()), ("aborted", false));
    /// ```
    pub async fn send_with_signal(&self, message: &OutgoingMessage, signal: &T::Signal) -> Result<(), Error> {
        let req = self.prepare(message)?;
        self.send_prepared(&req, Some(signal)).await
    }

    /// Sends an already prepared send request (see [`Client::prepare`]).
    pub(crate) async fn send_prepared(&self, req: &PreparedRequest, signal: Option<&T::Signal>) -> Result<(), Error> {
        let response = self.execute(req, signal).await?;
        request::parse_send_response(response.status, &response.body)
            .map_err(|e| self.redact(e.with_retry_after_ms(self.retry_after(&response))))
    }

    /// One page of a contact's history.
    ///
    /// # Errors
    ///
    /// `invalid_input` for an empty contact id or a bad query, then as [`Client::send`]
    /// (`invalid_response` when the body is not an array of messages).
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// use whautomate::request::HistoryQuery;
    /// client.transport().push_status(200, r#"[{"id":"m1","text":"hi"},{"id":"m2"}]"#);
    /// let page = block_on(client.list("c1", &HistoryQuery::default())).unwrap();
    /// assert_eq!(page.len(), 2);
    /// assert_eq!(page[0].text.as_deref(), Some("hi"));
    /// assert_eq!(client.transport().requests()[0].url, "https://api.whautomate.com/v1/messages/c1");
    /// ```
    pub async fn list(&self, contact_id: &str, query: &HistoryQuery) -> Result<Vec<HistoryMessage>, Error> {
        self.list_signalled(contact_id, query, None).await
    }

    async fn list_signalled(&self, contact_id: &str, query: &HistoryQuery, signal: Option<&T::Signal>) -> Result<Vec<HistoryMessage>, Error> {
        let page = self.list_page(contact_id, query, signal).await?;
        request::parse_history_response(200, &page.body).map_err(|e| self.redact(e))
    }

    /// One page of a contact's history, checked but not converted (see [`RawPage`]).
    pub(crate) async fn list_page(&self, contact_id: &str, query: &HistoryQuery, signal: Option<&T::Signal>) -> Result<RawPage, Error> {
        let req = request::prepare_history(contact_id, query, &self.inner.state.options().base_url, &self.inner.state.options().api_key)?;
        let response = self.execute(&req, signal).await?;
        let retry_after = self.retry_after(&response);
        request::parse_history_page(response.status, response.body).map_err(|e| self.redact(e.with_retry_after_ms(retry_after)))
    }

    /// Removes the API key from text the SDK did not write (see [`Error::redact`]).
    pub(crate) fn redact(&self, error: Error) -> Error {
        self.inner.state.redact(error)
    }

    /// The next page of a walk, or `None` when the walk is over. Fetches lazily: one
    /// request per call. Messages handed out already by the walk (see
    /// [`HistoryPager::record_ids`]: a page that repeats the one before, or the first
    /// messages of a page that moved down as new ones arrived) are left out of it.
    ///
    /// # Errors
    ///
    /// As [`Client::list`]; the pager is left on the failed page, so calling again retries
    /// it. `invalid_response` when the server does not page (`record_page`).
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// use whautomate::client::HistoryPager;
    /// use whautomate::request::HistoryQuery;
    /// client.transport().push_status(200, r#"[{"id":"m1"},{"id":"m2"}]"#);
    /// client.transport().push_status(200, r#"[{"id":"m3"}]"#);
    /// let mut pager = HistoryPager::new(HistoryQuery { limit: Some(2), ..Default::default() });
    /// let mut ids = Vec::new();
    /// while let Some(page) = block_on(client.next_page("c1", &mut pager)).unwrap() {
    ///     ids.extend(page.into_iter().filter_map(|m| m.id));
    /// }
    /// assert_eq!(ids, ["m1", "m2", "m3"]);
    /// assert_eq!(client.transport().requests().len(), 2); // the short page ended the walk
    /// ```
    pub async fn next_page(&self, contact_id: &str, pager: &mut HistoryPager) -> Result<Option<Vec<HistoryMessage>>, Error> {
        let Some(query) = pager.next_query() else { return Ok(None) };
        let page = self.list(contact_id, &query).await?;
        // A message's id when it tells it (an empty one does not: `record_ids`).
        let id = |m: &HistoryMessage| m.id.as_deref().filter(|id| !id.is_empty()).map(str::to_owned);
        // A message's key for telling a repeated page: its id, else all of it as JSON.
        let key = |m: Option<&HistoryMessage>| m.map(|m| id(m).unwrap_or_else(|| serde_json::to_string(m).unwrap_or_default()));
        let (first, last) = (key(page.first()), key(page.last()));
        let ids: Vec<Option<&str>> = page.iter().map(|m| m.id.as_deref()).collect();
        // Messages handed out already (a page that repeats the one before, or the first
        // ones of a page that moved down as messages arrived) are left out.
        let skip = pager.record_ids(&ids, first.as_deref(), last.as_deref())?;
        // (`skip` is in ascending order: one pass over both.)
        let mut skip = skip.into_iter().peekable();
        Ok(Some(page.into_iter().enumerate().filter(|(at, _)| skip.next_if_eq(at).is_none()).map(|(_, m)| m).collect()))
    }

    /// Every message of a contact's history, page after page, as a [`Stream`]: one
    /// request per page, made when the stream needs it. An error ends the stream after
    /// it is yielded.
    ///
    /// [`Stream`]: futures_util::Stream
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// use futures_util::TryStreamExt;
    /// use whautomate::request::HistoryQuery;
    /// client.transport().push_status(200, r#"[{"id":"m1"},{"id":"m2"}]"#);
    /// client.transport().push_status(200, r#"[{"id":"m3"}]"#);
    /// let query = HistoryQuery { limit: Some(2), ..Default::default() };
    /// let all: Vec<_> = block_on(client.history("c1", query).try_collect()).unwrap();
    /// let ids: Vec<_> = all.iter().filter_map(|m| m.id.as_deref()).collect();
    /// assert_eq!(ids, ["m1", "m2", "m3"]);
    /// ```
    #[cfg(feature = "std")]
    pub fn history(&self, contact_id: &str, query: HistoryQuery) -> impl futures_util::Stream<Item = Result<HistoryMessage, Error>> + '_ {
        let walk = (HistoryPager::new(query), String::from(contact_id), alloc::collections::VecDeque::new());
        futures_util::stream::unfold(Some(walk), move |walk| async move {
            let (mut pager, contact_id, mut buffered) = walk?;
            loop {
                if let Some(message) = buffered.pop_front() {
                    return Some((Ok(message), Some((pager, contact_id, buffered))));
                }
                match self.next_page(&contact_id, &mut pager).await {
                    Ok(Some(page)) => buffered.extend(page),
                    Ok(None) => return None,
                    Err(e) => return Some((Err(e), None)),
                }
            }
        })
    }

    /// Performs `req` under the rate limit, with retries as [`retry::should_retry`]
    /// allows. Returns the last response whatever its status; transport failures become
    /// errors.
    pub(crate) async fn execute(&self, req: &PreparedRequest, signal: Option<&T::Signal>) -> Result<TransportResponse, Error> {
        let timeout_ms = self.inner.state.options().timeout_ms;
        let max_response_bytes = self.inner.state.options().max_response_bytes;
        let status_only = req.method == crate::Method::Delete;
        let mut attempt = Attempt { is_send: req.is_send(), number: 0, policy: self.inner.state.options().retry, timeout_ms, status_only };
        loop {
            // Failing here, nothing of this attempt was handed to the network; and a send
            // is only retried when the previous attempt certainly did not reach the server.
            self.before_attempt(req.schedule_at_ms, signal, &attempt).await?;
            let result = self.inner.transport.send(req, timeout_ms, max_response_bytes, signal).await;
            match attempt.next(result, self.inner.runtime.now_ms(), self.inner.runtime.random()) {
                Next::Done(done) => return done.map_err(|e| self.redact(e)),
                Next::RetryAfter(ms) => {
                    self.inner.runtime.sleep(ms, signal).await.map_err(|e| transport_error(e, attempt.is_send, false, timeout_ms))?;
                    attempt.number += 1;
                }
            }
        }
    }


    /// The rate limit's token for an attempt, and the wait for it; then a scheduled send's
    /// check that its time still lies ahead (`validate::check_schedule_ahead`).
    async fn before_attempt(&self, schedule_at_ms: Option<i64>, signal: Option<&T::Signal>, attempt: &Attempt) -> Result<(), Error> {
        let aborted = |e| transport_error(e, attempt.is_send, false, attempt.timeout_ms);
        if self.inner.runtime.is_aborted(signal) {
            return Err(aborted(TransportError::Aborted));
        }
        let wait = self.inner.state.reserve_token(self.inner.runtime.monotonic_ms());
        // Until the attempt goes, its token is given back should it not: an abort while it
        // waits, the future dropped (a `timeout`, a `select!`, axum cancelling a handler
        // whose client went away), or a schedule that passed meanwhile. Otherwise every
        // clone of the client would wait for a token no request used.
        let unused = UnusedToken(Some(self));
        if wait > 0.0 {
            self.inner.runtime.sleep(ceil_ms(wait), signal).await.map_err(aborted)?;
        }
        // (The clock's fraction of a millisecond cannot change the verdict.)
        #[allow(clippy::cast_possible_truncation)]
        crate::validate::check_schedule_ahead(schedule_at_ms, self.inner.runtime.now_ms() as i64)?;
        core::mem::forget(unused);
        Ok(())
    }

    fn retry_after(&self, response: &TransportResponse) -> Option<u64> {
        response.retry_after.as_deref().and_then(|v| parse_retry_after(v, self.inner.runtime.now_ms()))
    }
}


/// A token reserved from the rate limit and not used yet: given back when dropped.
struct UnusedToken<'a, T: Transport, R: Runtime<Signal = T::Signal>>(Option<&'a Client<T, R>>);

impl<T: Transport, R: Runtime<Signal = T::Signal>> Drop for UnusedToken<'_, T, R> {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            client.inner.state.release_token(client.inner.runtime.monotonic_ms());
        }
    }
}

/// A positive wait rounded up to whole milliseconds (`f64::ceil` is std's, not core's).
fn ceil_ms(wait: f64) -> u64 {
    let whole = wait as u64;
    if (whole as f64) < wait { whole + 1 } else { whole }
}

#[cfg(test)]
mod tests;

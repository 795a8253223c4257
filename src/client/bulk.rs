//! Campaigns: many sends with bounded concurrency, one result per input, nothing resent.
//!
//! [`Client::send_many`] validates first (an input that failed validation is reported
//! `failed` and never sent), then sends the rest under the client's rate limit with at
//! most `concurrency` requests in flight. Every input gets exactly one [`BulkResult`], in
//! input order:
//!
//! - [`BulkStatus::Sent`]: the server answered `{"success": true}`;
//! - [`BulkStatus::Failed`]: certainly not delivered (invalid input, 400/403/404, 429
//!   after the retry budget, refused connection, or never started because the caller
//!   cancelled);
//! - [`BulkStatus::Unknown`]: may have been delivered (timeout, dropped connection, 5xx,
//!   a 2xx that is not `{"success": true}`, or aborted in flight). It is never resent
//!   automatically: the Messages API has no idempotency key, so a resend could deliver
//!   the message twice. The caller decides (e.g. by reading the contact's history).
//!
//! So `sent + failed + unknown == inputs.len()` always holds.
//!
//! Progress ([`Progress`]) is reported after every completion and, while work is in
//! progress, at least once a second (a ticker on [`Runtime::sleep`]), so a caller sees
//! life during long rate-limit or retry waits. Cancellation (the signal fires) stops new
//! sends at once; sends in flight are aborted by the transport; every input still gets
//! its result.
//!
//! No executor and no extra crate: `concurrency` worker futures pull the next index from
//! a shared counter and are polled by a small join below, on whatever executor drives
//! the returned future (wasm-bindgen-futures in JS).

use crate::prelude::*;

use super::{Client, Runtime};
use crate::model::OutgoingMessage;
use crate::engine::campaign::{not_started, BulkState, Campaign, Outcome};
use crate::transport::MaybeSend;
use crate::{Error, PreparedRequest, Transport};
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

pub use crate::engine::campaign::{BulkOptions, Progress, PROGRESS_MS};

/// How one input ended.
///
/// ```
/// use whautomate::client::BulkStatus;
/// use whautomate::{Error, ErrorCode};
/// let status = BulkStatus::from_result(Err(Error::from_status(503, None, true)));
/// assert!(matches!(status, BulkStatus::Unknown(ref e) if e.code() == ErrorCode::ServerError));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BulkStatus {
    /// The server accepted it.
    Sent,
    /// Certainly not delivered; the error says why.
    Failed(Error),
    /// May have been delivered (the error's `may_have_been_sent` is true); not resent.
    Unknown(Error),
}

impl BulkStatus {
    /// `"sent"`, `"failed"` or `"unknown"`.
    ///
    /// ```
    /// use whautomate::client::BulkStatus;
    /// use whautomate::{Error, ErrorCode};
    /// assert_eq!(BulkStatus::Sent.as_str(), "sent");
    /// assert_eq!(BulkStatus::Failed(Error::new(ErrorCode::Aborted, "cancelled")).as_str(), "failed");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            BulkStatus::Sent => "sent",
            BulkStatus::Failed(_) => "failed",
            BulkStatus::Unknown(_) => "unknown",
        }
    }

    /// The error of a failed or unknown input.
    ///
    /// ```
    /// use whautomate::client::BulkStatus;
    /// use whautomate::{Error, ErrorCode};
    /// assert!(BulkStatus::Sent.error().is_none());
    /// let status = BulkStatus::Unknown(Error::new(ErrorCode::Timeout, "no response"));
    /// assert_eq!(status.error().map(|e| e.code()), Some(ErrorCode::Timeout));
    /// ```
    #[must_use]
    pub fn error(&self) -> Option<&Error> {
        match self {
            BulkStatus::Sent => None,
            BulkStatus::Failed(e) | BulkStatus::Unknown(e) => Some(e),
        }
    }

    /// Classifies the outcome of one send: `Ok` → sent; an error that may have reached
    /// the server → unknown; any other → failed.
    ///
    /// ```
    /// use whautomate::client::BulkStatus;
    /// use whautomate::Error;
    /// assert_eq!(BulkStatus::from_result(Ok(())), BulkStatus::Sent);
    /// let e500 = Error::from_status(500, None, true);
    /// assert_eq!(BulkStatus::from_result(Err(e500)).as_str(), "unknown");
    /// let e400 = Error::from_status(400, None, true);
    /// assert_eq!(BulkStatus::from_result(Err(e400)).as_str(), "failed");
    /// ```
    #[must_use]
    pub fn from_result(result: Result<(), Error>) -> BulkStatus {
        // The engine's rule, with the error kept.
        match (BulkState::of(Outcome::of(&result)), result) {
            (_, Ok(())) => BulkStatus::Sent,
            (BulkState::Unknown, Err(e)) => BulkStatus::Unknown(e),
            (_, Err(e)) => BulkStatus::Failed(e),
        }
    }
}

/// The result of one input of [`Client::send_many`].
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
/// use whautomate::client::{BulkOptions, BulkStatus};
/// client.transport().push_status(429, "{}"); // retried: 429 means the send was refused
/// let results = block_on(client.send_many(&[message], BulkOptions::default(), |_| {}));
/// assert_eq!((results[0].index, &results[0].status), (0, &BulkStatus::Sent));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BulkResult {
    /// Position of the input.
    pub index: usize,
    /// How it ended.
    pub status: BulkStatus,
}


impl<T: Transport, R: Runtime<Signal = T::Signal>> Client<T, R> {
    /// Sends `messages` (already validated, see [`crate::validate_message`]) with at most
    /// `options.concurrency` in flight; one result per message, in order. A message that
    /// [`Client::prepare`] refuses (no location, a schedule in the past) is `failed`
    /// without being sent. Each result's [`BulkStatus`] is `sent`, `failed` (certainly not
    /// delivered) or `unknown` (may have been delivered: never resent automatically, since
    /// the API has no idempotency key), so `sent + failed + unknown == messages.len()`.
    ///
    /// ```
    /// use whautomate::client::{BulkOptions, Client, ClientOptions};
    /// use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    ///
    /// let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
    ///                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// client.transport().push_status(500, "{}");
    /// let messages: Vec<_> = (0..3)
    ///     .map(|i| MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///         .to_contact("c1").text(format!("m{i}")).build().unwrap())
    ///     .collect();
    /// let results = futures_executor::block_on(
    ///     client.send_many(&messages, BulkOptions { concurrency: 1 }, |_| {}));
    /// let statuses: Vec<_> = results.iter().map(|r| r.status.as_str()).collect();
    /// assert_eq!(statuses, ["unknown", "sent", "sent"]);
    /// assert_eq!(client.transport().requests().len(), 3); // the 500 was not resent
    /// ```
    pub async fn send_many(&self, messages: &[OutgoingMessage], options: BulkOptions, on_progress: impl FnMut(Progress) + MaybeSend) -> Vec<BulkResult> {
        let prepared = messages.iter().map(|m| self.prepare(m)).collect();
        self.send_many_prepared(prepared, options, on_progress, None).await
    }

    /// [`Client::send_many`], cancelled when `signal` fires: no new send starts, sends in
    /// flight are aborted, and every input still gets its result (`failed` when it never
    /// started, `unknown` when it may have left).
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{BulkOptions, Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemorySignal, MemoryTransport};
    /// # use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
    /// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///     .to_contact("c1").text("hi").build().unwrap();
    /// let signal = MemorySignal::default();
    /// signal.abort();
    /// let results = block_on(client.send_many_with_signal(&[message], BulkOptions::default(), |_| {}, &signal));
    /// assert_eq!(results[0].status.error().unwrap().code().as_str(), "aborted");
    /// assert!(client.transport().requests().is_empty());
    /// ```
    pub async fn send_many_with_signal(
        &self,
        messages: &[OutgoingMessage],
        options: BulkOptions,
        on_progress: impl FnMut(Progress) + MaybeSend,
        signal: &T::Signal,
    ) -> Vec<BulkResult> {
        let prepared = messages.iter().map(|m| self.prepare(m)).collect();
        self.send_many_prepared(prepared, options, on_progress, Some(signal)).await
    }

    /// [`Client::send_many`] over inputs that were already validated and prepared: an
    /// `Err` input (e.g. an `invalid_input` error) is reported `failed` with that error
    /// and never sent; the `Ok` ones are sent.
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
    /// use whautomate::client::BulkOptions;
    /// use whautomate::{Error, Violation};
    /// let invalid = Err(Error::invalid_input(vec![Violation::new("text", "required", "text is required")]));
    /// let results = block_on(client.send_many_prepared(
    ///     vec![client.prepare(&message), invalid], BulkOptions::default(), |_| {}, None));
    /// assert_eq!(results[0].status.as_str(), "sent");
    /// assert_eq!(results[1].status.error().unwrap().field(), Some("text"));
    /// assert_eq!(client.transport().requests().len(), 1); // the invalid input was never sent
    /// ```
    pub async fn send_many_prepared(
        &self,
        inputs: Vec<Result<PreparedRequest, Error>>,
        options: BulkOptions,
        on_progress: impl FnMut(Progress) + MaybeSend,
        signal: Option<&T::Signal>,
    ) -> Vec<BulkResult> {
        // A concurrency out of its range is refused as the npm package refuses it, before
        // anything is sent: here every input fails with that error (a run has one result
        // per input).
        let inputs = match BulkOptions::with_concurrency(options.concurrency as u64) {
            Ok(_) => inputs,
            Err(refused) => inputs.into_iter().map(|_| Err(refused.clone())).collect(),
        };
        let total = inputs.len();
        let mut campaign = Campaign::new(total, options);
        let mut statuses: Vec<Option<BulkStatus>> = Vec::with_capacity(total);
        let mut requests: Vec<Option<PreparedRequest>> = Vec::with_capacity(total);
        for (index, input) in inputs.into_iter().enumerate() {
            match input {
                Ok(request) => {
                    campaign.enqueue(index);
                    requests.push(Some(request));
                    statuses.push(None);
                }
                Err(error) => {
                    campaign.refuse(index);
                    requests.push(None);
                    statuses.push(Some(BulkStatus::Failed(error)));
                }
            }
        }
        let workers = campaign.workers();
        let refused = campaign.progress().failed > 0;
        let run = Run { statuses: Shared::new(statuses), campaign: Shared::new(campaign), on_progress: Shared::new(on_progress) };
        if refused {
            run.emit();
        }

        // The workers and the ticker borrow `run`; they are all gone at the end of this block.
        {
            let (run_ref, requests_ref) = (&run, &requests);
            let worker = move || async move {
                let (run, requests) = (run_ref, requests_ref);
                loop {
                    let cancelled = self.inner.runtime.is_aborted(signal);
                    let Some(index) = run.campaign.with(|c| c.next(cancelled)) else { break };
                    let Some(Some(request)) = requests.get(index) else { break };
                    let result = self.send_prepared(request, signal).await;
                    run.record(index, result);
                }
            };
            let mut tasks = Vec::with_capacity(workers);
            for _ in 0..workers {
                tasks.push(Box::pin(worker()));
            }
            if workers > 0 {
                let ticker = async move {
                    let run = run_ref;
                    loop {
                        if self.inner.runtime.sleep(PROGRESS_MS, None).await.is_err() {
                            break;
                        }
                        run.emit();
                        // A runtime whose sleep is always ready (the in-memory one) would
                        // otherwise keep this loop from ever giving control back.
                        YieldOnce(false).await;
                    }
                };
                JoinWorkers { workers: tasks.into_iter().map(Some).collect(), ticker: Some(Box::pin(ticker)) }.await;
            }
        }

        // Whatever was never started (cancelled run) is certainly unsent.
        let mut statuses = run.statuses.into_inner();
        let mut campaign = run.campaign.into_inner();
        for index in campaign.unstarted() {
            if let Some(status) = statuses.get_mut(index) {
                *status = Some(BulkStatus::Failed(not_started()));
            }
        }
        let mut on_progress = run.on_progress.into_inner();
        on_progress(campaign.progress());
        statuses
            .into_iter()
            .enumerate()
            .map(|(index, status)| BulkResult { index, status: status.unwrap_or_else(|| BulkStatus::Failed(not_started())) })
            .collect()
    }
}

/// Shared state of one run: the engine's accounting, and the errors it does not keep.
/// The workers are polled by one join, so the locks are never contended; they are
/// there because the run's future must be `Send` natively (see [`Shared`]).
struct Run<F: FnMut(Progress)> {
    statuses: Shared<Vec<Option<BulkStatus>>>,
    campaign: Shared<Campaign>,
    on_progress: Shared<F>,
}

impl<F: FnMut(Progress)> Run<F> {
    fn record(&self, index: usize, result: Result<(), Error>) {
        self.campaign.with(|c| c.settle(index, Outcome::of(&result)));
        self.statuses.with(|statuses| {
            if let Some(slot) = statuses.get_mut(index) {
                *slot = Some(BulkStatus::from_result(result));
            }
        });
        self.emit();
    }

    fn emit(&self) {
        let progress = self.campaign.with(|c| c.progress());
        self.on_progress.with(|callback| callback(progress));
    }
}

/// A value the workers of one run share. With std a `Mutex`, so that the run's future
/// is `Send` (a `RefCell` is not `Sync`); without std a `RefCell`. Never held across an
/// await, and the progress callback only gets a copy, so nothing re-enters a borrow.
#[cfg(feature = "std")]
struct Shared<T>(std::sync::Mutex<T>);
#[cfg(feature = "std")]
impl<T> Shared<T> {
    fn new(value: T) -> Self {
        Shared(std::sync::Mutex::new(value))
    }
    fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
        f(&mut self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
    fn into_inner(self) -> T {
        self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
#[cfg(not(feature = "std"))]
struct Shared<T>(core::cell::RefCell<T>);
#[cfg(not(feature = "std"))]
impl<T> Shared<T> {
    fn new(value: T) -> Self {
        Shared(core::cell::RefCell::new(value))
    }
    fn with<U>(&self, f: impl FnOnce(&mut T) -> U) -> U {
        f(&mut self.0.borrow_mut())
    }
    fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

/// Polls every worker until all are done, and the ticker meanwhile; the ticker is
/// dropped (mid-sleep) as soon as the last worker finishes, so it never delays the end.
/// Generic rather than boxed `dyn`: the run's future is then `Send` exactly when its
/// transport's and runtime's are, with no bound to write.
struct JoinWorkers<W, K> {
    workers: Vec<Option<Pin<Box<W>>>>,
    ticker: Option<Pin<Box<K>>>,
}

impl<W: Future<Output = ()>, K: Future<Output = ()>> Future for JoinWorkers<W, K> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut pending = false;
        for slot in &mut self.workers {
            if let Some(worker) = slot {
                if worker.as_mut().poll(cx).is_ready() {
                    *slot = None;
                } else {
                    pending = true;
                }
            }
        }
        if !pending {
            return Poll::Ready(());
        }
        // The ticker ends only if the runtime's sleep fails; never poll it after that.
        if let Some(ticker) = self.ticker.as_mut() {
            if ticker.as_mut().poll(cx).is_ready() {
                self.ticker = None;
            }
        }
        Poll::Pending
    }
}

/// Returns `Pending` once (waking itself at once), then `Ready`.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests;

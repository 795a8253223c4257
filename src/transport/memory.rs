//! In-memory stand-ins for the network and the clock, for tests (the crate's own and
//! its users'): a transport that answers from a script and records every request, and a
//! runtime whose clock only moves when something sleeps.

use crate::prelude::*;

use crate::client::Runtime;
use crate::{PreparedRequest, Transport, TransportError, TransportResponse};
use core::cell::{Cell, RefCell};
use alloc::collections::VecDeque;
use core::future::{ready, Future};

/// One scripted answer.
///
/// ```
/// use whautomate::transport::memory::{Answer, MemoryTransport};
/// use whautomate::TransportError;
/// let answer: Answer = Err(TransportError::Timeout);
/// MemoryTransport::new().push(answer);
/// ```
pub type Answer = Result<TransportResponse, TransportError>;

/// A transport that replays scripted answers in order and records what it was sent.
/// When the script runs out it answers `{"success": true}`.
///
/// ```
/// use whautomate::transport::memory::MemoryTransport;
/// let t = MemoryTransport::new();
/// t.push_status(429, "{}");
/// t.push_status(200, r#"{"success":true}"#);
/// assert_eq!(t.requests().len(), 0);
/// ```
#[derive(Debug, Default)]
pub struct MemoryTransport {
    script: RefCell<VecDeque<Answer>>,
    requests: RefCell<Vec<PreparedRequest>>,
}

impl MemoryTransport {
    /// An empty script.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::{Method, PreparedRequest, Transport};
    /// # use whautomate::transport::memory::MemoryTransport;
    /// # let req = PreparedRequest { method: Method::Get, url: "https://api.whautomate.com/v1/messages/c1".into(), headers: vec![], body: None, schedule_at_ms: None };
    /// let t = MemoryTransport::new();
    /// // With nothing scripted, every request succeeds.
    /// let response = block_on(t.send(&req, 30_000, 1 << 20, None)).unwrap();
    /// assert_eq!((response.status, response.body.as_str()), (200, r#"{"success":true}"#));
    /// ```
    #[must_use]
    pub fn new() -> MemoryTransport {
        MemoryTransport::default()
    }
    /// Queues an answer.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::{Method, PreparedRequest, Transport};
    /// # use whautomate::transport::memory::MemoryTransport;
    /// # let req = PreparedRequest { method: Method::Get, url: "https://api.whautomate.com/v1/messages/c1".into(), headers: vec![], body: None, schedule_at_ms: None };
    /// use whautomate::TransportError;
    /// let t = MemoryTransport::new();
    /// t.push(Err(TransportError::Refused("ECONNREFUSED".into())));
    /// assert_eq!(block_on(t.send(&req, 30_000, 1 << 20, None)), Err(TransportError::Refused("ECONNREFUSED".into())));
    /// ```
    pub fn push(&self, answer: Answer) {
        self.script.borrow_mut().push_back(answer);
    }
    /// Queues a response with `status` and `body`.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::{Method, PreparedRequest, Transport};
    /// # use whautomate::transport::memory::MemoryTransport;
    /// # let req = PreparedRequest { method: Method::Get, url: "https://api.whautomate.com/v1/messages/c1".into(), headers: vec![], body: None, schedule_at_ms: None };
    /// let t = MemoryTransport::new();
    /// t.push_status(404, r#"{"error":"Invalid locationId"}"#);
    /// let response = block_on(t.send(&req, 30_000, 1 << 20, None)).unwrap();
    /// assert_eq!((response.status, response.retry_after), (404, None));
    /// ```
    pub fn push_status(&self, status: u16, body: &str) {
        self.push(Ok(TransportResponse { status, retry_after: None, body: body.into() }));
    }
    /// Every request received so far, in order.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::{Method, PreparedRequest, Transport};
    /// # use whautomate::transport::memory::MemoryTransport;
    /// # let req = PreparedRequest { method: Method::Get, url: "https://api.whautomate.com/v1/messages/c1".into(), headers: vec![], body: None, schedule_at_ms: None };
    /// let t = MemoryTransport::new();
    /// block_on(t.send(&req, 30_000, 1 << 20, None)).unwrap();
    /// assert_eq!(t.requests(), [req]);
    /// ```
    pub fn requests(&self) -> Vec<PreparedRequest> {
        self.requests.borrow().clone()
    }
}

impl Transport for MemoryTransport {
    type Signal = MemorySignal;

    fn send(&self, request: &PreparedRequest, _timeout_ms: u64, _max_response_bytes: u64, signal: Option<&MemorySignal>) -> impl Future<Output = Answer> + crate::transport::MaybeSend {
        if signal.is_some_and(MemorySignal::is_aborted) {
            return ready(Err(TransportError::Aborted));
        }
        self.requests.borrow_mut().push(request.clone());
        let answer = self.script.borrow_mut().pop_front().unwrap_or_else(|| {
            Ok(TransportResponse { status: 200, retry_after: None, body: r#"{"success":true}"#.into() })
        });
        ready(answer)
    }
}

/// A cancellation flag for the in-memory runtime.
///
/// ```
/// # use futures_executor::block_on;
/// # use whautomate::{Method, PreparedRequest, Transport};
/// # use whautomate::transport::memory::MemoryTransport;
/// # let req = PreparedRequest { method: Method::Get, url: "https://api.whautomate.com/v1/messages/c1".into(), headers: vec![], body: None, schedule_at_ms: None };
/// use whautomate::transport::memory::MemorySignal;
/// use whautomate::TransportError;
/// let t = MemoryTransport::new();
/// let signal = MemorySignal::default();
/// signal.abort();
/// assert_eq!(block_on(t.send(&req, 30_000, 1 << 20, Some(&signal))), Err(TransportError::Aborted));
/// assert!(t.requests().is_empty()); // an aborted request never goes out
/// ```
#[derive(Debug, Default)]
pub struct MemorySignal(core::sync::atomic::AtomicBool);

impl MemorySignal {
    /// Fires the signal.
    ///
    /// ```
    /// use whautomate::transport::memory::MemorySignal;
    /// let signal = MemorySignal::default();
    /// signal.abort();
    /// assert!(signal.is_aborted());
    /// ```
    pub fn abort(&self) {
        self.0.store(true, core::sync::atomic::Ordering::Relaxed);
    }
    /// Whether it fired.
    ///
    /// ```
    /// use whautomate::transport::memory::MemorySignal;
    /// assert!(!MemorySignal::default().is_aborted());
    /// ```
    pub fn is_aborted(&self) -> bool {
        self.0.load(core::sync::atomic::Ordering::Relaxed)
    }
}

/// A runtime on a fake clock: `sleep` returns at once and moves the clock forward, and
/// every sleep is recorded, so timing logic is tested exactly and instantly.
///
/// ```
/// use whautomate::client::Runtime;
/// use whautomate::transport::memory::MemoryRuntime;
/// let rt = MemoryRuntime::new(1_000.0);
/// assert_eq!(rt.now_ms(), 1_000.0);
/// ```
#[derive(Debug)]
pub struct MemoryRuntime {
    now: Cell<f64>,
    sleeps: RefCell<Vec<u64>>,
    random: Cell<f64>,
    abort_after_sleeps: Cell<Option<usize>>,
}

impl MemoryRuntime {
    /// A clock at `now_ms`, with `random()` fixed at 0.5.
    ///
    /// ```
    /// use whautomate::client::Runtime;
    /// use whautomate::transport::memory::MemoryRuntime;
    /// let rt = MemoryRuntime::new(5_000.0);
    /// assert_eq!((rt.now_ms(), rt.random()), (5_000.0, 0.5));
    /// ```
    #[must_use]
    pub fn new(now_ms: f64) -> MemoryRuntime {
        MemoryRuntime { now: Cell::new(now_ms), sleeps: RefCell::default(), random: Cell::new(0.5), abort_after_sleeps: Cell::new(None) }
    }
    /// Every sleep so far, in milliseconds.
    ///
    /// ```
    /// use futures_executor::block_on;
    /// use whautomate::client::Runtime;
    /// use whautomate::transport::memory::MemoryRuntime;
    /// let rt = MemoryRuntime::new(0.0);
    /// block_on(rt.sleep(100, None)).unwrap();
    /// block_on(rt.sleep(40, None)).unwrap();
    /// assert_eq!(rt.sleeps(), [100, 40]);
    /// assert_eq!(rt.now_ms(), 140.0);
    /// ```
    pub fn sleeps(&self) -> Vec<u64> {
        self.sleeps.borrow().clone()
    }
    /// Fixes what `random()` returns.
    ///
    /// ```
    /// use whautomate::client::Runtime;
    /// use whautomate::transport::memory::MemoryRuntime;
    /// let rt = MemoryRuntime::new(0.0);
    /// rt.set_random(0.25);
    /// assert_eq!(rt.random(), 0.25);
    /// ```
    pub fn set_random(&self, value: f64) {
        self.random.set(value);
    }
    /// Moves the clock.
    ///
    /// ```
    /// use whautomate::client::Runtime;
    /// use whautomate::transport::memory::MemoryRuntime;
    /// let rt = MemoryRuntime::new(1_000.0);
    /// rt.advance(500.0);
    /// assert_eq!(rt.now_ms(), 1_500.0);
    /// assert!(rt.sleeps().is_empty()); // moving the clock is not a sleep
    /// ```
    pub fn advance(&self, ms: f64) {
        self.now.set(self.now.get() + ms);
    }
    /// Makes the `n`-th sleep (0-based) and every later one end as aborted, as if the
    /// caller's signal fired while waiting.
    ///
    /// ```
    /// use futures_executor::block_on;
    /// use whautomate::client::Runtime;
    /// use whautomate::transport::memory::MemoryRuntime;
    /// use whautomate::TransportError;
    /// let rt = MemoryRuntime::new(0.0);
    /// rt.abort_at_sleep(1);
    /// assert_eq!(block_on(rt.sleep(10, None)), Ok(()));
    /// assert_eq!(block_on(rt.sleep(10, None)), Err(TransportError::Aborted));
    /// assert_eq!(rt.now_ms(), 10.0); // the aborted sleep did not move the clock
    /// ```
    pub fn abort_at_sleep(&self, n: usize) {
        self.abort_after_sleeps.set(Some(n));
    }
}

impl Runtime for MemoryRuntime {
    type Signal = MemorySignal;

    fn now_ms(&self) -> f64 {
        self.now.get()
    }
    /// The same fake clock: it only moves forward, as a monotonic clock does.
    fn monotonic_ms(&self) -> f64 {
        self.now.get()
    }
    fn random(&self) -> f64 {
        self.random.get()
    }
    fn sleep(&self, ms: u64, signal: Option<&MemorySignal>) -> impl Future<Output = Result<(), TransportError>> + crate::transport::MaybeSend {
        let n = self.sleeps.borrow().len();
        self.sleeps.borrow_mut().push(ms);
        let aborted = signal.is_some_and(MemorySignal::is_aborted) || self.abort_after_sleeps.get().is_some_and(|k| n >= k);
        if aborted {
            return ready(Err(TransportError::Aborted));
        }
        self.advance(ms as f64);
        ready(Ok(()))
    }
    fn is_aborted(&self, signal: Option<&MemorySignal>) -> bool {
        signal.is_some_and(MemorySignal::is_aborted)
    }
}

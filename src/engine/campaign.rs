//! `sendMany`'s accounting, for every driver: which input to send next, how each one
//! ended, the counts, and the concurrency rule.
//!
//! A driver enqueues the inputs that passed validation and refuses the others, asks
//! [`Campaign::workers`] how many sends to keep in flight, and then each worker loops:
//! [`Campaign::next`] (the next input, or none once the run is over or cancelled), the
//! send, [`Campaign::settle`]. At the end, [`Campaign::unstarted`] files whatever a
//! cancellation left unsent. So `sent + failed + unknown == total` always holds, and no
//! input is sent twice: [`Campaign::next`] gives each queued index once.

use crate::prelude::*;

use crate::{Error, ErrorCode, Violation};

/// How often, at most this many milliseconds apart, a run reports its progress while
/// sends are in flight (besides after each input settles), so that a caller sees it
/// move even while every send waits on a slow server or the rate limit. Every driver
/// ticks at this pace: the Rust client on its runtime's sleep, the npm package with
/// `setInterval` (from the protocol, `PROGRESS_MS`).
///
/// ```
/// assert_eq!(whautomate::client::PROGRESS_MS, 1_000);
/// ```
pub const PROGRESS_MS: u64 = 1_000;

/// Settings of a `sendMany` run.
///
/// ```
/// use whautomate::client::BulkOptions;
/// assert_eq!(BulkOptions::default().concurrency, 8);
/// assert_eq!(BulkOptions::with_concurrency(64).unwrap().concurrency, 64);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkOptions {
    /// Sends in flight at most, 1 to [`BulkOptions::MAX_CONCURRENCY`]: with another
    /// value, `Client::send_many` sends nothing, and every input fails with the
    /// `invalid_input` of [`BulkOptions::with_concurrency`]. The rate limit still applies
    /// on top.
    pub concurrency: usize,
}

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions { concurrency: 8 }
    }
}

impl BulkOptions {
    /// The most sends a run keeps in flight.
    pub const MAX_CONCURRENCY: usize = 1024;

    /// Settings with `concurrency` in flight, checked: a whole number from 1 to
    /// [`BulkOptions::MAX_CONCURRENCY`], else an `invalid_input` naming `concurrency`.
    ///
    /// # Errors
    ///
    /// `invalid_input` for a concurrency of 0 or above the maximum.
    ///
    /// ```
    /// use whautomate::client::BulkOptions;
    /// assert_eq!(BulkOptions::with_concurrency(1024).unwrap().concurrency, BulkOptions::MAX_CONCURRENCY);
    /// for bad in [0, 1025] {
    ///     assert_eq!(BulkOptions::with_concurrency(bad).unwrap_err().field(), Some("concurrency"));
    /// }
    /// ```
    pub fn with_concurrency(concurrency: u64) -> Result<BulkOptions, Error> {
        match usize::try_from(concurrency) {
            Ok(n @ 1..=Self::MAX_CONCURRENCY) => Ok(BulkOptions { concurrency: n }),
            _ => Err(Error::invalid_input(vec![Violation::new("concurrency", "out_of_range", "concurrency must be a whole number from 1 to 1024")])),
        }
    }
}

/// Counts of a run so far. `sent + failed + unknown + pending == total`.
///
/// ```
/// # use futures_executor::block_on;
/// # use whautomate::client::{BulkOptions, Client, ClientOptions};
/// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
/// # use whautomate::model::{Channel, MessageBuilder, MessageKind};
/// # let client = Client::with_transport(ClientOptions::new("sk_test").location_id("loc_1"),
/// #                          MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
/// let message = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c1").text("hi").build().unwrap();
/// let mut seen = Vec::new();
/// block_on(client.send_many(&[message.clone(), message], BulkOptions::default(), |p| seen.push(p)));
/// let last = seen.last().unwrap();
/// assert_eq!((last.total, last.sent, last.pending), (2, 2, 0));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Inputs submitted.
    pub total: usize,
    /// Accepted by the server.
    pub sent: usize,
    /// Certainly not delivered (including invalid inputs and cancelled ones).
    pub failed: usize,
    /// May have been delivered; not resent.
    pub unknown: usize,
    /// Not finished yet.
    pub pending: usize,
}

/// How one send ended, as its driver saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted by the server.
    Sent,
    /// The send's error, by the one flag that decides its input's state.
    Failed {
        /// The error's `may_have_been_sent`.
        may_have_been_sent: bool,
    },
}

impl Outcome {
    /// The outcome of a send's result.
    #[must_use]
    pub fn of(result: &Result<(), Error>) -> Outcome {
        match result {
            Ok(()) => Outcome::Sent,
            Err(e) => Outcome::Failed { may_have_been_sent: e.may_have_been_sent() },
        }
    }
}

/// Where one input of a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkState {
    /// The server accepted it.
    Sent,
    /// Certainly not delivered.
    Failed,
    /// May have been delivered; never resent (the API has no idempotency key).
    Unknown,
}

impl BulkState {
    /// Every state, in the order of their numbers on the JS boundary.
    pub const ALL: [BulkState; 3] = [BulkState::Sent, BulkState::Failed, BulkState::Unknown];

    /// `"sent"`, `"failed"` or `"unknown"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            BulkState::Sent => "sent",
            BulkState::Failed => "failed",
            BulkState::Unknown => "unknown",
        }
    }

    /// The state an outcome files its input in: an error that may have reached the
    /// server is `unknown` (a resend could deliver it twice), any other `failed`.
    #[must_use]
    pub fn of(outcome: Outcome) -> BulkState {
        match outcome {
            Outcome::Sent => BulkState::Sent,
            Outcome::Failed { may_have_been_sent: true } => BulkState::Unknown,
            Outcome::Failed { may_have_been_sent: false } => BulkState::Failed,
        }
    }
}

/// The error of an input that was never started because the run was cancelled: certainly
/// not sent, so safe to send again.
#[must_use]
pub fn not_started() -> Error {
    Error::new(ErrorCode::Aborted, "not sent: the run was cancelled before this message started")
        .with_retryable(true)
        .with_may_have_been_sent(false)
}

/// One run's accounting (see the [module](self) notes).
#[derive(Debug, Clone)]
pub struct Campaign {
    options: BulkOptions,
    /// The inputs to send, in input order; `queue[next..]` are not started yet.
    queue: Vec<usize>,
    next: usize,
    /// Which inputs are settled (each at most once).
    settled: Vec<bool>,
    progress: Progress,
}

impl Campaign {
    /// A run of `total` inputs, all pending.
    #[must_use]
    pub fn new(total: usize, options: BulkOptions) -> Campaign {
        Campaign { options, queue: Vec::new(), next: 0, settled: vec![false; total], progress: Progress { total, pending: total, ..Progress::default() } }
    }

    /// Files input `index` as failed without sending it (it did not pass validation).
    pub fn refuse(&mut self, index: usize) {
        self.file(index, BulkState::Failed);
    }

    /// Queues input `index` to be sent.
    pub fn enqueue(&mut self, index: usize) {
        if index < self.settled.len() {
            self.queue.push(index);
        }
    }

    /// How many sends to keep in flight: the concurrency (1 to
    /// [`BulkOptions::MAX_CONCURRENCY`]), and never more than there are inputs to send.
    #[must_use]
    pub fn workers(&self) -> usize {
        self.options.concurrency.clamp(1, BulkOptions::MAX_CONCURRENCY).min(self.queue.len())
    }

    /// The next input to send, each queued input once; `None` when there is none left, or
    /// once the run is `cancelled` (whatever is left is then [`Campaign::unstarted`]).
    pub fn next(&mut self, cancelled: bool) -> Option<usize> {
        if cancelled {
            return None;
        }
        let index = *self.queue.get(self.next)?;
        self.next += 1;
        Some(index)
    }

    /// Files the send of input `index` by its outcome, and returns the state it is in.
    pub fn settle(&mut self, index: usize, outcome: Outcome) -> BulkState {
        let state = BulkState::of(outcome);
        self.file(index, state);
        state
    }

    /// Files every queued input that was never started as failed (the run was
    /// cancelled; see [`not_started`] for their error) and returns their indices.
    pub fn unstarted(&mut self) -> Vec<usize> {
        let rest: Vec<usize> = self.queue.get(self.next..).unwrap_or_default().to_vec();
        self.next = self.queue.len();
        for &index in &rest {
            self.file(index, BulkState::Failed);
        }
        rest
    }

    /// The counts so far.
    #[must_use]
    pub fn progress(&self) -> Progress {
        self.progress
    }

    // Counts an input once, whatever a driver reports twice.
    fn file(&mut self, index: usize, state: BulkState) {
        let Some(done) = self.settled.get_mut(index) else { return };
        if *done {
            return;
        }
        *done = true;
        let p = &mut self.progress;
        match state {
            BulkState::Sent => p.sent += 1,
            BulkState::Failed => p.failed += 1,
            BulkState::Unknown => p.unknown += 1,
        }
        p.pending -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_is_counted_once_and_sent_at_most_once() {
        let mut run = Campaign::new(6, BulkOptions { concurrency: 4 });
        run.refuse(3);
        for i in [0, 1, 2, 4, 5] {
            run.enqueue(i);
        }
        assert_eq!(run.workers(), 4);
        let mut given = Vec::new();
        while let Some(i) = run.next(given.len() == 3) {
            given.push(i);
            run.settle(i, if i == 1 { Outcome::Failed { may_have_been_sent: true } } else { Outcome::Sent });
            run.settle(i, Outcome::Sent); // a second report changes nothing
        }
        assert_eq!(given, [0, 1, 2]);
        assert_eq!(run.unstarted(), [4, 5]);
        assert_eq!(run.unstarted(), Vec::<usize>::new());
        let p = run.progress();
        assert_eq!((p.total, p.sent, p.failed, p.unknown, p.pending), (6, 2, 3, 1, 0));
        run.refuse(99); // out of range: ignored
        assert_eq!(run.progress(), p);
    }
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `engine::campaign`
    #[test]
    fn campaign_line_11() {
        use crate::engine::campaign::{BulkOptions, BulkState, Campaign, Outcome};
        let mut run = Campaign::new(3, BulkOptions::default());
        run.refuse(1); // invalid: never sent
        run.enqueue(0);
        run.enqueue(2);
        assert_eq!(run.workers(), 2);
        assert_eq!(run.next(false), Some(0));
        assert_eq!(run.settle(0, Outcome::Sent), BulkState::Sent);
        assert_eq!(run.next(false), Some(2));
        assert_eq!(run.settle(2, Outcome::Failed { may_have_been_sent: true }), BulkState::Unknown);
        assert_eq!(run.next(false), None);
        let p = run.progress();
        assert_eq!((p.sent, p.failed, p.unknown, p.pending), (1, 1, 1, 0));
    }

    /// `engine::campaign::BulkOptions`
    #[test]
    fn bulkoptions_line_33() {
        assert_eq!(crate::engine::campaign::BulkOptions::default().concurrency, 8);
    }

    /// `engine::campaign::BulkOptions::with_concurrency`
    #[test]
    fn with_concurrency_line_56() {
        use crate::engine::campaign::BulkOptions;
        assert_eq!(BulkOptions::with_concurrency(40).unwrap().concurrency, 40);
        let e = BulkOptions::with_concurrency(0).unwrap_err();
        assert_eq!((e.field(), e.violations()[0].code), (Some("concurrency"), "out_of_range"));
        assert!(BulkOptions::with_concurrency(1_025).is_err());
    }

    /// `engine::campaign::Progress`
    #[test]
    fn progress_line_73() {
        use crate::engine::campaign::{BulkOptions, Campaign};
        let p = Campaign::new(4, BulkOptions::default()).progress();
        assert_eq!((p.total, p.pending), (4, 4));
    }

    /// `engine::campaign::Outcome`
    #[test]
    fn outcome_line_94() {
        use crate::engine::campaign::Outcome;
        let e = crate::Error::from_status(503, None, true);
        assert_eq!(Outcome::of(&Err(e)), Outcome::Failed { may_have_been_sent: true });
    }

    /// `engine::campaign::Outcome::of`
    #[test]
    fn of_line_113() {
        use crate::engine::campaign::Outcome;
        assert_eq!(Outcome::of(&Ok(())), Outcome::Sent);
    }

    /// `engine::campaign::BulkState`
    #[test]
    fn bulkstate_line_127() {
        use crate::engine::campaign::BulkState;
        assert_eq!(BulkState::Unknown.as_str(), "unknown");
    }

    /// `engine::campaign::BulkState::as_str`
    #[test]
    fn as_str_line_147() {
        use crate::engine::campaign::BulkState;
        assert_eq!(BulkState::ALL.map(BulkState::as_str), ["sent", "failed", "unknown"]);
    }

    /// `engine::campaign::BulkState::of`
    #[test]
    fn of_line_162() {
        use crate::engine::campaign::{BulkState, Outcome};
        assert_eq!(BulkState::of(Outcome::Failed { may_have_been_sent: false }), BulkState::Failed);
    }

    /// `engine::campaign::not_started`
    #[test]
    fn not_started_line_178() {
        let e = crate::engine::campaign::not_started();
        assert!(!e.may_have_been_sent() && e.retryable());
    }

    /// `engine::campaign::Campaign::new`
    #[test]
    fn new_line_203() {
        use crate::engine::campaign::{BulkOptions, Campaign};
        assert_eq!(Campaign::new(0, BulkOptions::default()).workers(), 0);
    }

    /// `engine::campaign::Campaign::refuse`
    #[test]
    fn refuse_line_213() {
        use crate::engine::campaign::{BulkOptions, Campaign};
        let mut run = Campaign::new(1, BulkOptions::default());
        run.refuse(0);
        assert_eq!((run.progress().failed, run.next(false)), (1, None));
    }

    /// `engine::campaign::Campaign::enqueue`
    #[test]
    fn enqueue_line_225() {
        use crate::engine::campaign::{BulkOptions, Campaign};
        let mut run = Campaign::new(1, BulkOptions::default());
        run.enqueue(0);
        assert_eq!(run.next(false), Some(0));
    }

    /// `engine::campaign::Campaign::workers`
    #[test]
    fn workers_line_240() {
        use crate::engine::campaign::{BulkOptions, Campaign};
        let mut run = Campaign::new(3, BulkOptions { concurrency: 0 });
        (0..3).for_each(|i| run.enqueue(i));
        assert_eq!(run.workers(), 1); // 0 is taken as 1
    }

    /// `engine::campaign::Campaign::next`
    #[test]
    fn next_line_253() {
        use crate::engine::campaign::{BulkOptions, Campaign};
        let mut run = Campaign::new(2, BulkOptions::default());
        run.enqueue(0);
        run.enqueue(1);
        assert_eq!(run.next(true), None);
        assert_eq!(run.unstarted(), [0, 1]);
    }

    /// `engine::campaign::Campaign::settle`
    #[test]
    fn settle_line_272() {
        use crate::engine::campaign::{BulkOptions, BulkState, Campaign, Outcome};
        let mut run = Campaign::new(1, BulkOptions::default());
        run.enqueue(0);
        run.next(false);
        assert_eq!(run.settle(0, Outcome::Failed { may_have_been_sent: false }), BulkState::Failed);
    }

    /// `engine::campaign::Campaign::unstarted`
    #[test]
    fn unstarted_line_288() {
        use crate::engine::campaign::{BulkOptions, Campaign};
        let mut run = Campaign::new(1, BulkOptions::default());
        run.enqueue(0);
        assert_eq!(run.unstarted(), [0]);
        assert_eq!(run.progress().failed, 1);
    }

    /// `engine::campaign::Campaign::progress`
    #[test]
    fn progress_line_306() {
        use crate::engine::campaign::{BulkOptions, Campaign, Outcome};
        let mut run = Campaign::new(2, BulkOptions::default());
        run.enqueue(0);
        run.next(false);
        run.settle(0, Outcome::Sent);
        assert_eq!((run.progress().sent, run.progress().pending), (1, 1));
    }
}

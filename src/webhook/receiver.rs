//! A webhook endpoint's decisions, with no I/O: what to answer each delivery, which events
//! to hand to the application, and which to remember as handled. A driver (the npm
//! package's `createWebhookHandler`, a Rust server) reads the request, asks the
//! [`Receiver`], runs the application's handler when told to, and reports how it ended.
//!
//! | situation | answer |
//! |---|---|
//! | handled, or a duplicate of a handled `event.id` | 200 |
//! | wrong or missing secret header | 401 |
//! | body not an event ([`normalize`] refuses it) | 400 |
//! | body over [`MAX_BODY_BYTES`] | 413 |
//! | the same `event.id` still being handled | 503: the sender retries later |
//! | the handler failed | 500: not remembered, so the sender's retry is handled |

use crate::prelude::*;

use super::event::normalize;
use alloc::collections::{BTreeSet, VecDeque};

/// The largest body a webhook endpoint reads: 1 MB. A driver stops reading past it.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// How many handled `event.id`s a [`Receiver`] remembers by default.
pub const DEFAULT_DEDUPE_SIZE: usize = 10_000;

/// What a driver does with one delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reception {
    /// Hand the event (its normalized JSON, see [`normalize`]) to the application, then
    /// report the outcome with [`Receiver::settle`], which gives the status.
    Handle {
        /// The event's id, for [`Receiver::settle`].
        id: String,
        /// The normalized event, as JSON.
        event: String,
    },
    /// Answer with this status and do nothing else.
    Answer {
        /// The HTTP status.
        status: u16,
        /// Why, for a log line (never the secret).
        reason: String,
    },
}

/// The state of one webhook endpoint: the `event.id`s handled (the last `dedupe_size`)
/// and those being handled.
///
/// ```
/// use whautomate::webhook::{Reception, Receiver};
/// let mut receiver = Receiver::new(100);
/// let body = r#"{"event":{"id":"e1","type":"incoming_telegram_message"},"message":{"text":"hi"}}"#;
/// let Reception::Handle { id, .. } = receiver.receive(true, body) else { panic!() };
/// // A retry while the first delivery is being handled: later, please.
/// assert!(matches!(receiver.receive(true, body), Reception::Answer { status: 503, .. }));
/// assert_eq!(receiver.settle(&id, true), 200);
/// // Delivered again once handled: a duplicate, answered and not handled again.
/// assert!(matches!(receiver.receive(true, body), Reception::Answer { status: 200, .. }));
/// assert!(matches!(receiver.receive(false, body), Reception::Answer { status: 401, .. }));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Receiver {
    handled: BTreeSet<String>,
    order: VecDeque<String>,
    in_flight: BTreeSet<String>,
    dedupe_size: usize,
}

impl Receiver {
    /// A receiver that remembers the last `dedupe_size` handled events (at least one).
    #[must_use]
    pub fn new(dedupe_size: usize) -> Receiver {
        Receiver { dedupe_size: dedupe_size.max(1), ..Receiver::default() }
    }

    /// What to do with a delivery: `secret_ok` is whether its secret header matched (see
    /// [`secret_matches`]; `true` when the endpoint has no secret), `body` its text.
    #[must_use]
    pub fn receive(&mut self, secret_ok: bool, body: &str) -> Reception {
        if !secret_ok {
            return answer(401, "the secret header is missing or wrong");
        }
        if body.len() > MAX_BODY_BYTES {
            return self.too_large();
        }
        let event = match normalize(body) {
            Ok(event) => event,
            Err(error) => return answer(400, error.message()),
        };
        // normalize wrote the id as the event's first member.
        let Some(id) = first_id(&event) else { return answer(400, "the event has no id") };
        if self.handled.contains(&id) {
            return answer(200, "a duplicate of an event already handled");
        }
        if !self.in_flight.insert(id.clone()) {
            return answer(503, "the same event is being handled");
        }
        Reception::Handle { id, event }
    }

    /// The answer to a body the driver stopped reading at [`MAX_BODY_BYTES`].
    #[must_use]
    pub fn too_large(&self) -> Reception {
        answer(413, "the body is over 1 MB")
    }

    /// How handling event `id` ended; returns the status to answer: 200 when `handled`
    /// (and the id is remembered), 500 when not (and the id is not remembered, so the
    /// sender's retry is handled).
    pub fn settle(&mut self, id: &str, handled: bool) -> u16 {
        self.in_flight.remove(id);
        if !handled {
            return 500;
        }
        if self.handled.insert(id.to_owned()) {
            self.order.push_back(id.to_owned());
            while self.order.len() > self.dedupe_size {
                if let Some(oldest) = self.order.pop_front() {
                    self.handled.remove(&oldest);
                }
            }
        }
        200
    }
}

/// Whether the secret header a delivery carried (`given`) is `expected`, compared in
/// constant time for a given length (the length itself is not a secret worth hiding: it
/// is fixed by whoever chose the secret).
///
/// ```
/// use whautomate::webhook::secret_matches;
/// assert!(secret_matches(Some("s3cret"), "s3cret"));
/// assert!(!secret_matches(Some("s3creT"), "s3cret"));
/// assert!(!secret_matches(None, "s3cret"));
/// assert!(!secret_matches(Some(""), ""), "an empty secret protects nothing and never matches");
/// ```
#[must_use]
pub fn secret_matches(given: Option<&str>, expected: &str) -> bool {
    let Some(given) = given else { return false };
    if expected.is_empty() || given.len() != expected.len() {
        return false;
    }
    let difference = given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b));
    // black_box: keeps the compiler from turning the fold into an early-exit comparison.
    core::hint::black_box(difference) == 0
}

fn answer(status: u16, reason: impl Into<String>) -> Reception {
    Reception::Answer { status, reason: reason.into() }
}

/// The id [`normalize`] wrote first: `{"id":"…",…}`.
fn first_id(event: &str) -> Option<String> {
    let parsed = crate::json::parse(event).ok()?;
    match parsed.get("id") {
        Some(crate::json::Value::String(id)) => Some(id.clone()),
        _ => None,
    }
}

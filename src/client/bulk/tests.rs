//! `send_many` on the in-memory runtime: order, counts, no resend, concurrency bound,
//! cancellation, progress.

use crate::prelude::*;

use super::*;
use futures_executor::block_on;
use crate::client::{ClientOptions, RateLimit};
use crate::model::{Channel, MessageBuilder, MessageKind};
use crate::transport::memory::{Answer, MemoryRuntime, MemorySignal, MemoryTransport};
use crate::{ErrorCode, TransportError, TransportResponse, Violation};
use alloc::sync::Arc;
use core::cell::RefCell;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use core::task::Waker;

fn message(i: usize) -> OutgoingMessage {
    MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("ct_1").text(format!("msg-{i}")).build().unwrap()
}

fn options() -> ClientOptions {
    let mut o = ClientOptions::new("sk_bulk_secret").location_id("loc_1");
    o.rate_limit = None;
    o
}

/// Polls until ready; every pending future here wakes itself, so a noop waker will do.
fn block_on_spin<F: Future>(future: F) -> F::Output {
    let mut future = core::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..10_000_000 {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
    panic!("block_on_spin: the future never finished");
}

fn marker(req: &PreparedRequest) -> usize {
    let body = req.body.as_deref().unwrap();
    let start = body.find("msg-").unwrap() + 4;
    body[start..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
}

fn ok() -> Answer {
    Ok(TransportResponse { status: 200, retry_after: None, body: r#"{"success":true}"#.into() })
}
fn status(code: u16) -> Answer {
    Ok(TransportResponse { status: code, retry_after: None, body: "{}".into() })
}

fn check_counts(results: &[BulkResult], total: usize) -> (usize, usize, usize) {
    assert_eq!(results.len(), total);
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r.index, i, "results are in input order");
    }
    let count = |s: &str| results.iter().filter(|r| r.status.as_str() == s).count();
    let (sent, failed, unknown) = (count("sent"), count("failed"), count("unknown"));
    assert_eq!(sent + failed + unknown, total);
    (sent, failed, unknown)
}

#[test]
fn invalid_inputs_fail_without_being_sent_and_the_rest_keep_their_order() {
    let client = Client::with_transport(options(), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    let t = client.transport();
    t.push_status(200, r#"{"success":true}"#); // input 0
    t.push(status(500)); // input 1: may have been delivered → unknown, never resent
    t.push(status(400)); // input 3: refused → failed
    t.push(status(429)); // input 4: retried...
    t.push(ok()); // ...and sent
    t.push(Err(TransportError::Network("reset".into()))); // input 5 → unknown
    t.push(Err(TransportError::Refused("ECONNREFUSED".into()))); // input 6: retried
    t.push(ok());
    t.push(ok().map(|mut r| {
        r.body = "{\"success\": tr".into();
        r
    })); // input 7: malformed 200 → unknown
    let inputs: Vec<Result<PreparedRequest, Error>> = (0..9)
        .map(|i| {
            if i == 2 || i == 8 {
                Err(Error::invalid_input(vec![Violation::new("text", "required", "text is required")]))
            } else {
                client.prepare(&message(i))
            }
        })
        .collect();
    let mut events = Vec::new();
    let results = block_on(client.send_many_prepared(inputs, BulkOptions { concurrency: 3 }, |p| events.push(p), None));
    let statuses: Vec<&str> = results.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(statuses, ["sent", "unknown", "failed", "failed", "sent", "unknown", "sent", "unknown", "failed"]);
    assert_eq!(check_counts(&results, 9), (3, 3, 3));
    assert_eq!(results[2].status.error().unwrap().code(), ErrorCode::InvalidInput);
    assert_eq!(results[3].status.error().unwrap().code(), ErrorCode::BadRequest);
    assert_eq!(results[1].status.error().unwrap().code(), ErrorCode::ServerError);
    // Requests: every valid input once, plus the retries of the 429 and the refusal.
    let sent: Vec<usize> = t.requests().iter().map(marker).collect();
    assert_eq!(sent, [0, 1, 3, 4, 4, 5, 6, 6, 7]);
    // Progress: the invalid ones first, then one per completion, then the final one.
    assert_eq!(events.first().unwrap().failed, 2);
    let last = *events.last().unwrap();
    assert_eq!(last, Progress { total: 9, sent: 3, failed: 3, unknown: 3, pending: 0 });
    for p in &events {
        assert_eq!(p.sent + p.failed + p.unknown + p.pending, p.total);
    }
}

#[test]
fn send_many_prepares_each_message_and_reports_the_ones_prepare_refuses() {
    let mut o = options();
    o.location_id = None;
    let client = Client::with_transport(o, MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    let with_location = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
        .to_contact("ct_1")
        .text("msg-1")
        .location_id("loc_9")
        .build()
        .unwrap();
    let results = block_on(client.send_many(&[message(0), with_location], BulkOptions::default(), |_| {}));
    assert_eq!(results[0].status.as_str(), "failed");
    assert_eq!(results[0].status.error().unwrap().code(), ErrorCode::InvalidInput);
    assert_eq!(results[1].status, BulkStatus::Sent);
    assert_eq!(client.transport().requests().len(), 1);
}

#[test]
fn empty_and_all_invalid_runs_send_nothing() {
    let client = Client::with_transport(options(), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    let mut events = Vec::new();
    assert!(block_on(client.send_many_prepared(vec![], BulkOptions::default(), |p| events.push(p), None)).is_empty());
    assert_eq!(events, [Progress::default()]);
    let bad = || Err(Error::invalid_input(vec![]));
    let results = block_on(client.send_many_prepared(vec![bad(), bad()], BulkOptions::default(), |_| {}, None));
    assert_eq!(check_counts(&results, 2), (0, 2, 0));
    assert!(client.transport().requests().is_empty());
    assert!(client.runtime().sleeps().is_empty(), "no ticker when there is nothing to send");
}

/// A transport whose answers take `polls` polls to arrive, and that counts how many
/// exchanges are in flight at once.
struct SlowTransport {
    polls: u32,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: Arc<AtomicUsize>,
    started: RefCell<Vec<usize>>,
    answer: Box<dyn Fn(usize) -> Answer>,
}

impl SlowTransport {
    fn new(polls: u32, answer: impl Fn(usize) -> Answer + 'static) -> SlowTransport {
        SlowTransport {
            polls,
            in_flight: Arc::default(),
            max_in_flight: Arc::default(),
            started: RefCell::default(),
            answer: Box::new(answer),
        }
    }
}

struct Slow<'a> {
    polls_left: u32,
    answer: Option<Answer>,
    in_flight: Arc<AtomicUsize>,
    signal: Option<&'a MemorySignal>,
}

impl Future for Slow<'_> {
    type Output = Answer;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Answer> {
        let aborted = self.signal.is_some_and(MemorySignal::is_aborted);
        if self.polls_left == 0 || aborted {
            self.in_flight.fetch_sub(1, Relaxed);
            let answer = self.answer.take().unwrap();
            return Poll::Ready(if aborted { Err(TransportError::Aborted) } else { answer });
        }
        self.polls_left -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl Transport for SlowTransport {
    type Signal = MemorySignal;
    fn send(&self, request: &PreparedRequest, _timeout_ms: u64, _max_response_bytes: u64, signal: Option<&MemorySignal>) -> impl Future<Output = Answer> {
        let i = marker(request);
        self.started.borrow_mut().push(i);
        let now = self.in_flight.fetch_add(1, Relaxed) + 1;
        self.max_in_flight.fetch_max(now, Relaxed);
        // Vary the latency per message so that completions come out of order.
        let polls = self.polls + (i as u32 * 7) % 5;
        // The future must not borrow `signal` beyond this call in the trait's signature,
        // but the Memory signal lives as long as the caller's borrow, which outlives it.
        Slow { polls_left: polls, answer: Some((self.answer)(i)), in_flight: Arc::clone(&self.in_flight), signal }
    }
}

#[test]
fn no_more_than_concurrency_sends_are_in_flight_and_order_is_kept() {
    for concurrency in [1, 4, 16, 64] {
        let transport = SlowTransport::new(3, |i| if i % 10 == 3 { status(503) } else { ok() });
        let client = Client::with_transport(options(), transport, MemoryRuntime::new(0.0)).unwrap();
        let messages: Vec<_> = (0..50).map(message).collect();
        let mut events = 0;
        let results = block_on_spin(client.send_many(&messages, BulkOptions { concurrency }, |_| events += 1));
        let (sent, failed, unknown) = check_counts(&results, 50);
        assert_eq!((sent, failed, unknown), (45, 0, 5));
        for r in &results {
            assert_eq!(r.status.as_str(), if r.index % 10 == 3 { "unknown" } else { "sent" });
        }
        let t = client.transport();
        assert_eq!(t.max_in_flight.load(Relaxed), concurrency.min(50), "concurrency {concurrency}");
        assert_eq!(t.in_flight.load(Relaxed), 0);
        let mut started = t.started.borrow().clone();
        started.sort_unstable();
        assert_eq!(started, (0..50).collect::<Vec<_>>(), "each message started exactly once");
        assert!(events >= 50);
    }
}

#[test]
fn cancelling_stops_new_sends_and_still_reports_every_input() {
    let transport = SlowTransport::new(2, |_| ok());
    let client = Client::with_transport(options(), transport, MemoryRuntime::new(0.0)).unwrap();
    let messages: Vec<_> = (0..100).map(message).collect();
    let signal = MemorySignal::default();
    let mut last = Progress::default();
    let results = block_on_spin(client.send_many_with_signal(
        &messages,
        BulkOptions { concurrency: 8 },
        |p| {
            if p.sent >= 20 {
                signal.abort();
            }
            last = p;
        },
        &signal,
    ));
    let (sent, failed, unknown) = check_counts(&results, 100);
    let started = client.transport().started.borrow().len();
    assert!((20..=28).contains(&sent), "sent {sent}");
    // In flight when the signal fired: aborted by the transport, so they may have
    // reached the server → unknown. Never started → failed `aborted`, not sent.
    assert_eq!(sent + unknown, started);
    assert!(started < 100);
    assert_eq!(failed, 100 - started);
    for r in &results {
        if let BulkStatus::Failed(e) | BulkStatus::Unknown(e) = &r.status {
            assert_eq!(e.code(), ErrorCode::Aborted);
            assert_eq!(e.may_have_been_sent(), r.status.as_str() == "unknown");
        }
    }
    assert_eq!(last, Progress { total: 100, sent, failed, unknown, pending: 0 });
}

#[test]
fn a_signal_that_fired_before_the_run_sends_nothing() {
    let client = Client::with_transport(options(), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    let signal = MemorySignal::default();
    signal.abort();
    let messages: Vec<_> = (0..5).map(message).collect();
    let results = block_on(client.send_many_with_signal(&messages, BulkOptions::default(), |_| {}, &signal));
    assert_eq!(check_counts(&results, 5), (0, 5, 0));
    assert!(client.transport().requests().is_empty());
    assert!(!results[0].status.error().unwrap().may_have_been_sent());
}

#[test]
fn the_ticker_reports_progress_every_second_while_sends_are_slow() {
    // 400 polls per answer: the fake clock moves one second per ticker round.
    let transport = SlowTransport::new(400, |_| ok());
    let client = Client::with_transport(options(), transport, MemoryRuntime::new(0.0)).unwrap();
    let messages: Vec<_> = (0..4).map(message).collect();
    let mut events = Vec::new();
    let results = block_on_spin(client.send_many(&messages, BulkOptions { concurrency: 2 }, |p| events.push(p)));
    assert_eq!(check_counts(&results, 4), (4, 0, 0));
    let ticks = client.runtime().sleeps().iter().filter(|ms| **ms == 1_000).count();
    assert!(ticks >= 100, "ticks {ticks}");
    // Completions (4) + ticks + the final event; the ticker stopped with the work.
    assert!(events.len() >= ticks + 4);
    assert_eq!(events.last().unwrap().pending, 0);
    assert!(events.iter().take(10).all(|p| p.pending == 4), "early ticks report the work pending");
}

#[test]
fn the_rate_limit_paces_a_run() {
    let mut o = options();
    o.rate_limit = Some(RateLimit { per_minute: 60, burst: 1 });
    let client = Client::with_transport(o, MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    let messages: Vec<_> = (0..5).map(message).collect();
    let results = block_on(client.send_many(&messages, BulkOptions { concurrency: 1 }, |_| {}));
    assert_eq!(check_counts(&results, 5), (5, 0, 0));
    // One token at once, then one per 1.031 s (97% of 60 per minute, see rate_limit::PACING).
    assert_eq!(client.runtime().sleeps(), [1_031, 1_031, 1_031, 1_031]);
    assert_eq!(client.runtime().now_ms(), 4_124.0);
}

#[test]
fn many_429s_are_retried_and_never_duplicate_a_send() {
    let client = Client::with_transport(options(), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    for _ in 0..50 {
        client.transport().push(status(429));
        client.transport().push(ok());
    }
    let messages: Vec<_> = (0..50).map(message).collect();
    let results = block_on(client.send_many(&messages, BulkOptions { concurrency: 4 }, |_| {}));
    assert_eq!(check_counts(&results, 50), (50, 0, 0));
    let mut per_message = [0usize; 50];
    for r in client.transport().requests() {
        per_message[marker(&r)] += 1;
    }
    assert!(per_message.iter().all(|n| *n == 2), "each message: one 429, one success");
}

#[test]
fn a_concurrency_out_of_its_range_sends_nothing_and_fails_every_input_naming_it() {
    for concurrency in [0, BulkOptions::MAX_CONCURRENCY + 1, usize::MAX] {
        let client = Client::with_transport(options(), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
        let messages: Vec<_> = (0..3).map(message).collect();
        let mut progress = Vec::new();
        let results = block_on(client.send_many(&messages, BulkOptions { concurrency }, |p| progress.push(p)));
        assert!(client.transport().requests().is_empty(), "{concurrency}");
        assert_eq!(check_counts(&results, 3), (0, 3, 0), "{concurrency}");
        for result in &results {
            let error = result.status.error().unwrap();
            assert_eq!((error.code(), error.field()), (ErrorCode::InvalidInput, Some("concurrency")), "{concurrency}");
        }
        assert_eq!(progress.last().map(|p| p.failed), Some(3));
    }
    for concurrency in [1, BulkOptions::MAX_CONCURRENCY] {
        let client = Client::with_transport(options(), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
        let results = block_on(client.send_many(&[message(0)], BulkOptions { concurrency }, |_| {}));
        assert_eq!(check_counts(&results, 1), (1, 0, 0));
    }
}

//! The client's timing and retry behaviour, on a fake clock and an in-memory transport.

use crate::prelude::*;

use super::*;
use futures_executor::block_on;
use crate::ErrorCode;
use crate::model::MessageInput;
use crate::transport::memory::{MemoryRuntime, MemorySignal, MemoryTransport};
use crate::validate::validate_message;

const KEY: &str = "sk_secret_key_123";

fn client(options: ClientOptions) -> Client<MemoryTransport, MemoryRuntime> {
    Client::with_transport(options, MemoryTransport::new(), MemoryRuntime::new(1_000_000.0)).unwrap()
}

fn options() -> ClientOptions {
    ClientOptions::new(KEY).location_id("loc_1").rate_limit(None)
}

fn text_message() -> OutgoingMessage {
    let input: MessageInput = crate::json::from_json(
        r#"{"channel":"whatsapp","type":"text","to":{"contactId":"c1"},"text":"hello"}"#,
    )
    .unwrap();
    validate_message(&input, &crate::ValidationContext::default()).unwrap()
}

fn status(status: u16, body: &str) -> crate::transport::memory::Answer {
    Ok(TransportResponse { status, retry_after: None, body: body.into() })
}

fn send(c: &Client<MemoryTransport, MemoryRuntime>) -> Result<(), Error> {
    block_on(c.send(&text_message()))
}

fn history(c: &Client<MemoryTransport, MemoryRuntime>) -> Result<Vec<HistoryMessage>, Error> {
    block_on(c.list("c1", &HistoryQuery::default()))
}

#[test]
fn a_send_goes_out_once_with_the_key_in_its_header() {
    let c = client(options());
    send(&c).unwrap();
    let reqs = c.transport().requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].header("x-api-key"), Some(KEY));
    assert!(reqs[0].body.as_deref().unwrap().contains(r#""location":{"id":"loc_1"}"#));
}

#[test]
fn a_send_is_retried_after_429_with_jittered_backoff() {
    let c = client(options());
    c.transport().push(status(429, r#"{"message":"Too Many Requests"}"#));
    c.transport().push(status(429, "{}"));
    c.transport().push(status(200, r#"{"success":true}"#));
    send(&c).unwrap();
    assert_eq!(c.transport().requests().len(), 3);
    // random() is 0.5: half of 500 ms, then half of 1000 ms.
    assert_eq!(c.runtime().sleeps(), vec![250, 500]);
}

#[test]
fn a_send_answered_500_is_sent_exactly_once_and_may_have_been_sent() {
    let c = client(options());
    c.transport().push(status(500, ""));
    let e = send(&c).unwrap_err();
    assert_eq!(c.transport().requests().len(), 1);
    assert_eq!((e.code(), e.status()), (ErrorCode::ServerError, Some(500)));
    assert!(e.may_have_been_sent());
    assert!(!e.retryable());
}

#[test]
fn a_send_that_times_out_or_drops_is_not_repeated() {
    for failure in [TransportError::Timeout, TransportError::Network("socket hang up".into())] {
        let c = client(options());
        c.transport().push(Err(failure.clone()));
        let e = send(&c).unwrap_err();
        assert_eq!(c.transport().requests().len(), 1, "{failure:?}");
        assert!(e.may_have_been_sent(), "{failure:?}");
        assert!(!e.retryable(), "{failure:?}");
    }
}

#[test]
fn a_refused_connection_is_retried_even_for_a_send() {
    let c = client(options());
    c.transport().push(Err(TransportError::Refused("ECONNREFUSED".into())));
    send(&c).unwrap();
    assert_eq!(c.transport().requests().len(), 2);
}

#[test]
fn when_refusals_persist_the_error_says_the_send_never_happened() {
    let c = client(options());
    for _ in 0..4 {
        c.transport().push(Err(TransportError::Refused("ECONNREFUSED".into())));
    }
    let e = send(&c).unwrap_err();
    assert_eq!(c.transport().requests().len(), 4); // 1 + maxRetries (3)
    assert_eq!(e.code(), ErrorCode::Network);
    assert!(!e.may_have_been_sent());
    assert!(e.retryable());
}

#[test]
fn history_reads_retry_on_5xx_timeouts_and_network_errors() {
    let c = client(options());
    c.transport().push(status(503, ""));
    c.transport().push(Err(TransportError::Timeout));
    c.transport().push(Err(TransportError::Network("reset".into())));
    c.transport().push(status(200, r#"[{"id":"m1","text":"hi"}]"#));
    let page = history(&c).unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(c.transport().requests().len(), 4);
    assert_eq!(c.runtime().sleeps(), vec![250, 500, 1_000]);
}

#[test]
fn retries_stop_at_max_retries() {
    let c = client(options().retry(RetryPolicy { max_retries: 2, base_delay_ms: 100, max_delay_ms: 1_000 }));
    for _ in 0..5 {
        c.transport().push(status(502, ""));
    }
    let e = history(&c).unwrap_err();
    assert_eq!(c.transport().requests().len(), 3);
    assert_eq!(e.code(), ErrorCode::ServerError);
    assert!(e.retryable());
    assert!(!e.may_have_been_sent());
}

#[test]
fn retry_after_is_honoured_and_reported() {
    let c = client(options());
    c.transport().push(Ok(TransportResponse { status: 429, retry_after: Some("2".into()), body: "{}".into() }));
    send(&c).unwrap();
    assert_eq!(c.runtime().sleeps(), vec![2_000]);

    // Longer than maxDelayMs: the caller gets the error and the server's wish.
    let c = client(options());
    c.transport().push(Ok(TransportResponse { status: 429, retry_after: Some("3600".into()), body: "{}".into() }));
    let e = send(&c).unwrap_err();
    assert_eq!(c.transport().requests().len(), 1);
    assert_eq!((e.code(), e.retry_after_ms()), (ErrorCode::RateLimited, Some(3_600_000)));
}

#[test]
fn client_errors_are_not_retried() {
    for code in [400, 403, 404] {
        let c = client(options());
        c.transport().push(status(code, r#"{"message":"nope"}"#));
        let e = history(&c).unwrap_err();
        assert_eq!(c.transport().requests().len(), 1);
        assert_eq!(e.status(), Some(code));
    }
}

#[test]
fn the_rate_limit_queues_sends_instead_of_failing_them() {
    let c = client(options().rate_limit(Some(RateLimit { per_minute: 60, burst: 2 })));
    for _ in 0..5 {
        send(&c).unwrap();
    }
    assert_eq!(c.transport().requests().len(), 5);
    // Two go at once; then one per second, each waiting for its own token.
    // Two go at once; then one per token at 97% of 60/min (1.031 s), each waiting its turn.
    assert_eq!(c.runtime().sleeps(), vec![1_031, 1_031, 1_031]);
}

#[test]
fn the_rate_limit_can_be_turned_off() {
    let c = client(options());
    for _ in 0..50 {
        send(&c).unwrap();
    }
    assert!(c.runtime().sleeps().is_empty());
}

#[test]
fn an_abort_while_waiting_to_retry_leaves_the_send_certainly_unsent() {
    let c = client(options());
    c.transport().push(status(429, "{}"));
    c.runtime().abort_at_sleep(0);
    let e = send(&c).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Aborted);
    assert!(!e.may_have_been_sent());
    assert_eq!(c.transport().requests().len(), 1);
}

#[test]
fn an_already_aborted_signal_sends_nothing() {
    let c = client(options());
    let signal = MemorySignal::default();
    signal.abort();
    let e = block_on(c.send_with_signal(&text_message(), &signal)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Aborted);
    assert!(!e.may_have_been_sent());
    assert!(c.transport().requests().is_empty());
}

#[test]
fn a_2xx_without_success_true_is_an_invalid_response() {
    let c = client(options());
    c.transport().push(status(200, r#"{"error":"template not approved"}"#));
    let e = send(&c).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidResponse);
    assert_eq!(c.transport().requests().len(), 1);
}

#[test]
fn the_walk_fetches_pages_lazily_until_a_short_page() {
    let c = client(options());
    c.transport().push(status(200, r#"[{"id":"1"},{"id":"2"}]"#));
    c.transport().push(status(200, r#"[{"id":"3"}]"#));
    let mut pager = HistoryPager::new(HistoryQuery { page: None, limit: Some(2), search_text: None });
    let first = block_on(c.next_page("c1", &mut pager)).unwrap().unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(c.transport().requests().len(), 1);
    let second = block_on(c.next_page("c1", &mut pager)).unwrap().unwrap();
    assert_eq!(second.len(), 1);
    assert!(block_on(c.next_page("c1", &mut pager)).unwrap().is_none());
    let urls: Vec<String> = c.transport().requests().into_iter().map(|r| r.url).collect();
    assert_eq!(urls, [
        "https://api.whautomate.com/v1/messages/c1?limit=2&page=1",
        "https://api.whautomate.com/v1/messages/c1?limit=2&page=2",
    ]);
}

#[test]
fn the_walk_hands_out_no_message_twice_as_pages_move_down() {
    let c = client(options());
    // Read newest first: one message arrived before page 2, which begins with m3 again.
    c.transport().push(status(200, r#"[{"id":"m4"},{"id":"m3"}]"#));
    c.transport().push(status(200, r#"[{"id":"m3"},{"id":"m2"}]"#));
    c.transport().push(status(200, r#"[{"id":"m1"}]"#));
    let mut pager = HistoryPager::new(HistoryQuery { page: None, limit: Some(2), search_text: None });
    let mut ids = Vec::new();
    while let Some(page) = block_on(c.next_page("c1", &mut pager)).unwrap() {
        ids.extend(page.into_iter().filter_map(|m| m.id));
    }
    assert_eq!(ids, ["m4", "m3", "m2", "m1"]);
}

#[test]
fn a_server_that_does_not_page_ends_the_walk_even_when_its_messages_have_no_ids() {
    let c = client(options());
    for _ in 0..5 {
        c.transport().push(status(200, r#"[{"text":"a"},{"text":"b"}]"#));
    }
    let mut pager = HistoryPager::new(HistoryQuery { page: None, limit: Some(2), search_text: None });
    let mut texts = Vec::new();
    let error = loop {
        match block_on(c.next_page("c1", &mut pager)) {
            Ok(Some(page)) => texts.extend(page.into_iter().filter_map(|m| m.text)),
            Ok(None) => panic!("the walk ended without an error"),
            Err(e) => break e,
        }
    };
    assert_eq!((error.code(), texts), (ErrorCode::InvalidResponse, vec![String::from("a"), String::from("b")]));
    assert_eq!(c.transport().requests().len(), 4);
}

#[test]
fn bad_options_are_all_reported_and_the_key_never_shows() {
    let opts = ClientOptions::new("sk_secret\r\nX-Evil: 1")
        .host("http://example.com")
        .timeout_ms(0)
        .rate_limit(Some(RateLimit { per_minute: 0, burst: 1 }));
    let e = Client::with_transport(opts, MemoryTransport::new(), MemoryRuntime::new(0.0)).err().unwrap();
    let fields: Vec<&str> = e.violations().iter().map(|v| v.field.as_str()).collect();
    assert_eq!(fields, ["apiKey", "host", "timeoutMs", "rateLimit.perMinute"]);
    assert!(!format!("{e} {e:?}").contains("sk_secret"));
}

#[test]
fn no_error_or_debug_output_contains_the_key() {
    let scenarios: Vec<crate::transport::memory::Answer> = vec![
        status(403, r#"{"message":"Forbidden"}"#),
        status(500, "oops"),
        status(200, "not json"),
        Err(TransportError::Timeout),
        Err(TransportError::Network("reset".into())),
    ];
    for answer in scenarios {
        let c = client(options().retry(RetryPolicy { max_retries: 0, ..RetryPolicy::default() }));
        c.transport().push(answer);
        let e = send(&c).unwrap_err();
        let shown = format!("{e} {e:?} {:?} {:?}", c.options(), c.transport().requests());
        assert!(!shown.contains(KEY), "{shown}");
    }
}

#[test]
fn a_redirect_is_never_followed_retried_or_taken_for_a_delivery() {
    for code in [301, 302, 303, 307, 308] {
        let c = client(options().retry(RetryPolicy { max_retries: 3, ..RetryPolicy::default() }));
        c.transport().push(Ok(TransportResponse { status: code, retry_after: None, body: r#"{"success":true}"#.into() }));
        let e = send(&c).unwrap_err();
        assert_eq!((e.code(), e.status(), e.may_have_been_sent(), e.retryable()), (ErrorCode::HttpError, Some(code), false, false), "{code}");
        c.transport().push(Ok(TransportResponse { status: code, retry_after: None, body: "[]".into() }));
        assert_eq!(history(&c).unwrap_err().code(), ErrorCode::HttpError);
        assert_eq!(c.transport().requests().len(), 2, "{code}: one request per call");
    }
    // A platform that hides the status (a browser's opaqueredirect).
    let c = client(options());
    c.transport().push(Err(TransportError::Redirect));
    let e = send(&c).unwrap_err();
    assert_eq!((e.code(), e.status(), e.may_have_been_sent()), (ErrorCode::HttpError, None, false));
}

#[test]
fn an_unusable_response_is_invalid_and_a_send_may_have_been_sent() {
    for kind in ["too_large", "invalid_response", "followed_redirect"] {
        let c = client(options().retry(RetryPolicy { max_retries: 3, ..RetryPolicy::default() }));
        c.transport().push(Err(TransportError::from_report(kind, "the body is larger than maxResponseBytes".into())));
        let e = send(&c).unwrap_err();
        assert_eq!((e.code(), e.may_have_been_sent(), e.retryable()), (ErrorCode::InvalidResponse, true, false), "{kind}");
        assert_eq!(c.transport().requests().len(), 1, "{kind}: never repeated");
    }
}

/// A runtime whose wall clock is stepped back 10 minutes from its monotonic one (the
/// system time was adjusted after the client was made).
struct SteppedBack(MemoryRuntime);

impl Runtime for SteppedBack {
    type Signal = MemorySignal;
    fn now_ms(&self) -> f64 {
        self.0.now_ms() - 600_000.0
    }
    fn monotonic_ms(&self) -> f64 {
        self.0.monotonic_ms()
    }
    fn random(&self) -> f64 {
        self.0.random()
    }
    fn sleep(&self, ms: u64, signal: Option<&MemorySignal>) -> impl core::future::Future<Output = Result<(), TransportError>> {
        self.0.sleep(ms, signal)
    }
    fn is_aborted(&self, signal: Option<&MemorySignal>) -> bool {
        self.0.is_aborted(signal)
    }
}

#[test]
fn the_rate_limit_runs_on_the_monotonic_clock() {
    // On the wall clock, the bucket would not refill until the clock caught up again:
    // each wait would be longer than the one before (1031, 2062, ...).
    let options = options().rate_limit(Some(RateLimit { per_minute: 60, burst: 1 }));
    let c = Client::with_transport(options, MemoryTransport::new(), SteppedBack(MemoryRuntime::new(1_000_000.0))).unwrap();
    for _ in 0..4 {
        block_on(c.send(&text_message())).unwrap();
    }
    assert_eq!(c.transport().requests().len(), 4);
    assert_eq!(c.runtime().0.sleeps(), vec![1_031, 1_031, 1_031]);
}

#[test]
fn a_scheduled_send_that_waits_past_its_time_fails_unsent() {
    // One token a second: the first send takes it; the second, scheduled 300 ms ahead,
    // leaves a second later, when its schedule has passed.
    let c = client(options().rate_limit(Some(RateLimit { per_minute: 60, burst: 1 })));
    send(&c).unwrap();
    #[allow(clippy::cast_possible_truncation)]
    let soon = |c: &Client<MemoryTransport, MemoryRuntime>| c.runtime().now_ms() as i64 + 300;
    let scheduled = |at: i64| {
        crate::model::MessageBuilder::new(crate::model::Channel::WhatsApp, crate::model::MessageKind::Text)
            .to_contact("c1")
            .text("later")
            .schedule_at_unix_ms(at)
            .build()
            .unwrap()
    };
    let e = block_on(c.send(&scheduled(soon(&c)))).unwrap_err();
    assert_eq!((e.code(), e.field(), e.violations()[0].code), (ErrorCode::InvalidInput, Some("scheduleAt"), "in_the_past"));
    assert!(!e.may_have_been_sent() && !e.retryable());
    assert_eq!(c.transport().requests().len(), 1, "the late send never left");
    // Its token went back: the next send has it at once.
    let waited = c.runtime().sleeps().len();
    send(&c).unwrap();
    assert_eq!(c.runtime().sleeps().len(), waited, "the next send waited for a token the late one had used");

    // send_many, one at a time: each send waits about a second for its token, so of
    // three messages scheduled 1.5 s ahead only the first leaves in time. The second
    // learns it is late after its wait and gives its token back; the third then has it
    // at once, and fails at once: a campaign's late tail takes no longer than one wait.
    let at = soon(&c) + 1_200;
    let sleeps = c.runtime().sleeps().len();
    let results = block_on(c.send_many(&[scheduled(at), scheduled(at), scheduled(at)], BulkOptions { concurrency: 1 }, |_| {}));
    let statuses: Vec<&str> = results.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(statuses, ["sent", "failed", "failed"]);
    assert_eq!(c.transport().requests().len(), 3);
    assert_eq!(c.runtime().sleeps()[sleeps..], [1_031, 1_031], "two waits for tokens, none for the third");
}

#[test]
fn the_response_size_limit_reaches_the_transport_checked() {
    assert_eq!(ClientOptions::new(KEY).max_response_bytes, crate::client::options::DEFAULT_MAX_RESPONSE_BYTES);
    for bad in [0, (1 << 30) + 1] {
        let e = ClientOptions::new(KEY).max_response_bytes(bad).check().unwrap_err();
        assert_eq!(e.field(), Some("maxResponseBytes"));
    }
}

/// A runtime whose sleeps never end while `stalled` is set (the clock does not move), so
/// that a future can be left waiting and dropped.
struct Stalling(MemoryRuntime, core::cell::Cell<bool>);

impl Runtime for Stalling {
    type Signal = MemorySignal;
    fn now_ms(&self) -> f64 {
        self.0.now_ms()
    }
    fn monotonic_ms(&self) -> f64 {
        self.0.monotonic_ms()
    }
    fn random(&self) -> f64 {
        self.0.random()
    }
    fn sleep(&self, ms: u64, signal: Option<&MemorySignal>) -> impl core::future::Future<Output = Result<(), TransportError>> {
        let stalled = self.1.get();
        let slept = self.0.sleep(ms, signal);
        if stalled {
            // The memory runtime's clock moved on when the sleep began; this one never ends.
            self.0.advance(-(ms as f64));
        }
        async move {
            if stalled {
                core::future::pending::<()>().await;
            }
            slept.await
        }
    }
    fn is_aborted(&self, signal: Option<&MemorySignal>) -> bool {
        self.0.is_aborted(signal)
    }
}

/// Dropping a send while it waits for the rate limit (a `timeout`, a `select!`, axum
/// cancelling a handler) gives its token back, as an abort through the signal does: ten
/// dropped waiters must not make every later send wait ten tokens longer.
#[test]
fn a_send_dropped_while_it_waits_for_the_rate_limit_gives_its_token_back() {
    use futures_util::FutureExt;
    let options = options().rate_limit(Some(RateLimit { per_minute: 60, burst: 1 }));
    let c = Client::with_transport(options, MemoryTransport::new(), Stalling(MemoryRuntime::new(0.0), core::cell::Cell::new(false))).unwrap();
    block_on(c.send(&text_message())).unwrap(); // the burst's one token
    c.runtime().1.set(true);
    let message = text_message();
    for _ in 0..10 {
        assert!(c.send(&message).now_or_never().is_none(), "waits for a token");
    }
    c.runtime().1.set(false);
    block_on(c.send(&message)).unwrap();
    // Ten waits of 1031 ms each began (and were dropped); the send after them waits for the
    // next token only, as if they had never been.
    assert_eq!(c.runtime().0.sleeps(), [vec![1_031; 10], vec![1_031]].concat());
    assert_eq!(c.transport().requests().len(), 2);
}

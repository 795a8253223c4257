//! A webhook endpoint's decisions, with no I/O: what to answer each delivery, which events
//! to hand to the application, and which to remember as handled. A driver (the npm
//! package's `createWebhookHandler`, a Rust server) reads the request, asks the
//! [`Receiver`], runs the application's handler when told to, and reports how it ended.
//!
//! | situation | answer |
//! |---|---|
//! | handled, or a duplicate of a handled `event.id` | 200 |
//! | a method other than POST | 405, with `Allow: POST` |
//! | wrong or missing secret header | 401 |
//! | body not an event ([`normalize`](super::normalize) refuses it) | 400 |
//! | body over [`MAX_BODY_BYTES`] | 413 |
//! | the same `event.id` still being handled | 503: the sender retries later |
//! | the same `event.id`, its handling started over [`IN_FLIGHT_LIMIT_MS`] ago and never settled | handled again (that handler is taken as abandoned) |
//! | the handler failed | 500: not remembered, so the sender's retry is handled |
//!
//! An `event.id` longer than [`MAX_REMEMBERED_ID_BYTES`], or holding U+FFFD (what a lone
//! surrogate escape reads as), is never remembered, nor marked in flight: such an event is
//! handled each time it is delivered, since remembering it would cost unbounded memory, or
//! could take two different events for one.

use crate::prelude::*;

use super::event::normalize_with_id;
use crate::validate::codes;
use crate::{Error, Violation};
use alloc::collections::{BTreeMap, VecDeque};

/// The largest body a webhook endpoint reads: 1 MB. A driver stops reading past it.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// How long an event may be in flight (handed to the application, not settled) before a
/// new delivery of it is handled anyway: 60 s. A handler that never settles (a Worker
/// whose request was cancelled mid-`onEvent`, a hung promise) must not hold its event at
/// 503 for good; past this, the event is handled again, once.
pub const IN_FLIGHT_LIMIT_MS: u64 = 60_000;

/// How long a driver waits for the application's error callback (`onError` in the npm
/// package) once its handler failed, before it answers anyway: 10 s. The answer (500) is
/// decided before the callback runs; the wait lets it finish its own I/O (a log sent
/// somewhere) where the platform ends a request's work with its response, and one that
/// never settles must not leave the sender without an answer.
pub const ON_ERROR_WAIT_MS: u64 = 10_000;

/// How many handled `event.id`s a [`Receiver`] remembers by default.
pub const DEFAULT_DEDUPE_SIZE: usize = 10_000;

/// The longest `event.id` a [`Receiver`] remembers as handled: 256 bytes. A longer one is
/// handled each time it is delivered. The vendor's ids are short; without this bound a
/// sender of long ids (anyone, on an endpoint without a secret) would make the remembered
/// ids grow to `dedupe_size` times the body limit.
pub const MAX_REMEMBERED_ID_BYTES: usize = 256;

/// What a driver does with one delivery.
///
/// ```
/// use whautomate::webhook::{Reception, Receiver};
/// let mut receiver = Receiver::new(10);
/// match receiver.receive(None, r#"{"event":{"id":"e1","type":"contact_created"}}"#, 0) {
///     Reception::Handle { id, event, since } => { /* hand `event` on, then */ receiver.settle(&id, since, true); }
///     Reception::Answer { status, reason } => panic!("{status}: {reason}"),
///     _ => unreachable!(),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reception {
    /// Hand the event (its normalized JSON, see [`normalize`](super::normalize)) to the application, then
    /// report the outcome with [`Receiver::settle`], which gives the status.
    Handle {
        /// The event's id, for [`Receiver::settle`].
        id: String,
        /// The normalized event, as JSON. It nests as deep as the body did (up to 128
        /// levels): to type it with serde, turn `serde_json`'s recursion limit (128, which
        /// counts the event's own levels too) off, as
        /// `parse_event` does, or a body nested 126 deep that was
        /// handed over fails there:
        ///
        /// ```
        /// use serde::Deserialize;
        /// use whautomate::webhook::{Reception, Receiver, WebhookEvent};
        /// let deep = format!("{}{}", "[".repeat(126), "]".repeat(126));
        /// let body = format!(r#"{{"event":{{"id":"e1","type":"incoming_whatsapp_message"}},"message":{{"x":{deep}}}}}"#);
        /// let Reception::Handle { event, .. } = Receiver::new(10).receive(None, &body, 0) else { panic!() };
        /// assert!(serde_json::from_str::<WebhookEvent>(&event).is_err());
        /// let mut json = serde_json::Deserializer::from_str(&event);
        /// json.disable_recursion_limit();
        /// assert_eq!(WebhookEvent::deserialize(&mut json).unwrap().id, "e1");
        /// ```
        event: String,
        /// When this handling began (the `now_ms` given to [`Receiver::receive`]), for
        /// [`Receiver::settle`]: a handler taken as abandoned settles without touching the
        /// one that replaced it.
        since: u64,
    },
    /// Answer with this status and do nothing else.
    Answer {
        /// The HTTP status.
        status: u16,
        /// Why, for a log line (never the secret).
        reason: String,
    },
}

impl Reception {
    /// The headers to answer with besides the status: `Allow: POST` on a 405, and
    /// `Connection: close` on a refusal that may leave the body unread (405, 401, 413): a
    /// server that kept the connection would read whatever the sender goes on sending, to
    /// discard it (gigabytes, measured, from one client that never stops), where closing
    /// ends it. (An HTTP/2 driver closes the stream instead: the header has no place there.)
    #[must_use]
    pub fn headers(&self) -> &'static [(&'static str, &'static str)] {
        match self {
            Reception::Answer { status: 405, .. } => &[("allow", "POST"), ("connection", "close")],
            Reception::Answer { status: 401 | 413, .. } => &[("connection", "close")],
            _ => &[],
        }
    }
}

/// How many random bytes a generated [`WebhookSecret`] holds: 32 (256 bits), written as
/// 64 hex digits.
pub const SECRET_BYTES: usize = 32;

/// The shared-secret header an endpoint expects on every delivery: a header the
/// subscription sets (`webhookHeaders`), since the vendor documents no signature.
///
/// Its `Debug` shows the header's name, never its value.
///
/// ```
/// use whautomate::webhook::WebhookSecret;
/// let secret = WebhookSecret::new("X-Hook-Secret", "s3cret").unwrap();
/// assert!(secret.matches(Some("s3cret")));
/// assert!(!secret.matches(Some("guess")));
/// assert!(!format!("{secret:?}").contains("s3cret"));
/// assert_eq!(WebhookSecret::new("X Hook", "s").unwrap_err().field(), Some("secret.name"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret {
    name: String,
    value: String,
}

impl core::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("WebhookSecret").field("name", &self.name).field("value", &"[redacted]").finish()
    }
}

impl WebhookSecret {
    /// The header `name` carrying `value`.
    ///
    /// # Errors
    ///
    /// `invalid_input` naming `secret.name` when the name is no HTTP token, `secret.value`
    /// when the value is empty, holds a control character or anything but ASCII, or
    /// starts or ends with a space (no header would carry it alike everywhere).
    pub fn new(name: &str, value: &str) -> Result<WebhookSecret, Error> {
        let mut violations = Vec::new();
        if name.is_empty() || !name.bytes().all(crate::request::is_token_byte) {
            violations.push(Violation::new("secret.name", codes::INVALID_VALUE, "secret.name must be a header name (letters, digits and !#$%&'*+-.^_`|~)"));
        }
        if value.is_empty() {
            violations.push(Violation::new("secret.value", codes::EMPTY, "secret.value must not be empty: an empty secret protects nothing"));
        } else if value.chars().any(char::is_control) || crate::text::trim(value) != value {
            violations.push(Violation::new("secret.value", codes::INVALID_VALUE, "secret.value must not hold control characters or start or end with spaces (a header would not carry them)"));
        } else if !crate::text::is_ascii(value) {
            // Header values travel as bytes that servers read differently (Node as latin1,
            // fetch's Headers as UTF-8 or not at all): a non-ASCII secret might never match.
            violations.push(Violation::new("secret.value", codes::INVALID_VALUE, "secret.value must be ASCII (a header carries other characters differently from one server to the next)"));
        }
        if violations.is_empty() { Ok(WebhookSecret { name: name.to_owned(), value: value.to_owned() }) } else { Err(Error::invalid_input(violations)) }
    }

    /// A new secret for the header `name`: 32 bytes from the operating system's
    /// cryptographic random source, as 64 hex digits. Natively, with the `std` feature;
    /// give it to [`Client::webhooks`](crate::Client::webhooks)'s `create_with_secret`,
    /// or set it yourself as a header of the subscription.
    ///
    /// # Errors
    ///
    /// `invalid_input` naming `secret.name` for a name that is no HTTP token; `internal`
    /// if the operating system gave no random bytes.
    ///
    /// ```
    /// use whautomate::webhook::WebhookSecret;
    /// let a = WebhookSecret::generate("x-whautomate-secret")?;
    /// let b = WebhookSecret::generate("x-whautomate-secret")?;
    /// assert_eq!(a.value().len(), 64);
    /// assert_ne!(a.value(), b.value());
    /// # Ok::<(), whautomate::Error>(())
    /// ```
    #[cfg(all(feature = "std", not(target_arch = "wasm32")))]
    pub fn generate(name: &str) -> Result<WebhookSecret, Error> {
        let mut bytes = [0u8; SECRET_BYTES];
        if getrandom::getrandom(&mut bytes).is_err() {
            return Err(Error::invalid_input(vec![Violation::new("secret", "internal", "the operating system gave no random bytes")]));
        }
        WebhookSecret::from_random(name, &bytes)
    }

    /// A new secret for the header `name` from `random`: [`SECRET_BYTES`] bytes that a
    /// cryptographic random source gave (the npm package's driver takes them from
    /// `crypto.getRandomValues`), as hex digits. `WebhookSecret::generate` uses it
    /// natively (with the `std` feature).
    ///
    /// # Errors
    ///
    /// `invalid_input` naming `secret.name` for a name that is no HTTP token; `internal`
    /// when `random` is not [`SECRET_BYTES`] long (a driver's bug).
    ///
    /// ```
    /// use whautomate::webhook::{WebhookSecret, SECRET_BYTES};
    /// let secret = WebhookSecret::from_random("x-whautomate-secret", &[0xab; SECRET_BYTES])?;
    /// assert_eq!(secret.value(), "ab".repeat(32));
    /// assert!(WebhookSecret::from_random("x-whautomate-secret", &[1; 8]).is_err());
    /// # Ok::<(), whautomate::Error>(())
    /// ```
    pub fn from_random(name: &str, random: &[u8]) -> Result<WebhookSecret, Error> {
        if random.len() != SECRET_BYTES {
            return Err(Error::invalid_input(vec![Violation::new("secret", "internal", "a secret takes 32 random bytes")]));
        }
        let mut value = String::with_capacity(2 * SECRET_BYTES);
        for &byte in random {
            for nibble in [byte >> 4, byte & 0xf] {
                value.push(char::from(b"0123456789abcdef"[usize::from(nibble)]));
            }
        }
        WebhookSecret::new(name, &value)
    }

    /// The header's name, as given.
    ///
    /// ```
    /// use whautomate::webhook::WebhookSecret;
    /// let secret = WebhookSecret::new("X-Hook-Secret", "s3cret")?;
    /// assert_eq!(secret.name(), "X-Hook-Secret");
    /// # Ok::<(), whautomate::Error>(())
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The secret itself: what the subscription sends and the endpoint compares. (Not in
    /// `Debug`; keep it out of logs.)
    ///
    /// ```
    /// use whautomate::webhook::WebhookSecret;
    /// let secret = WebhookSecret::new("X-Hook-Secret", "s3cret")?;
    /// assert_eq!(secret.value(), "s3cret");
    /// assert!(!format!("{secret:?}").contains("s3cret"));
    /// # Ok::<(), whautomate::Error>(())
    /// ```
    #[must_use]
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The header's name, lowercase: how `Headers` and Node's `req.headers` find it.
    ///
    /// ```
    /// use whautomate::webhook::WebhookSecret;
    /// let secret = WebhookSecret::new("X-Hook-Secret", "s3cret")?;
    /// assert_eq!(secret.header_name(), "x-hook-secret");
    /// # Ok::<(), whautomate::Error>(())
    /// ```
    #[must_use]
    pub fn header_name(&self) -> String {
        self.name.to_ascii_lowercase()
    }

    /// Whether a delivery's header value (`None` when it had none) is the secret, compared
    /// in constant time (see [`secret_matches`]).
    ///
    /// ```
    /// use whautomate::webhook::WebhookSecret;
    /// let secret = WebhookSecret::new("X-Hook-Secret", "s3cret")?;
    /// assert!(secret.matches(Some("s3cret")));
    /// assert!(!secret.matches(Some("s3cre")) && !secret.matches(None));
    /// # Ok::<(), whautomate::Error>(())
    /// ```
    #[must_use]
    pub fn matches(&self, given: Option<&str>) -> bool {
        secret_matches(given, &self.value)
    }
}

/// The state of one webhook endpoint: the `event.id`s handled (the last `dedupe_size`)
/// and those being handled.
///
/// ```
/// use whautomate::webhook::{Reception, Receiver, WebhookSecret};
/// let mut receiver = Receiver::new(100).with_secret(WebhookSecret::new("x-hook-secret", "s3cret")?);
/// let secret = Some("s3cret");
/// // Before reading the body: the method, the secret, the declared length.
/// assert!(receiver.screen("POST", secret, Some(120)).is_none());
/// assert!(matches!(receiver.screen("GET", secret, None), Some(Reception::Answer { status: 405, .. })));
/// assert!(matches!(receiver.screen("POST", Some("guess"), None), Some(Reception::Answer { status: 401, .. })));
///
/// let body = r#"{"event":{"id":"e1","type":"incoming_telegram_message"},"message":{"text":"hi"}}"#;
/// let Reception::Handle { id, since, .. } = receiver.receive(secret, body, 1_000) else { panic!() };
/// // A retry while the first delivery is being handled: later, please.
/// assert!(matches!(receiver.receive(secret, body, 2_000), Reception::Answer { status: 503, .. }));
/// assert_eq!(receiver.settle(&id, since, true), 200);
/// // Delivered again once handled: a duplicate, answered and not handled again.
/// assert!(matches!(receiver.receive(secret, body, 3_000), Reception::Answer { status: 200, .. }));
/// # Ok::<(), whautomate::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Receiver {
    /// Events handled (the last `dedupe_size`), with when their handling began. (One map
    /// type for both sets: a second B-tree instantiation costs the receiving .wasm 2.7 KB
    /// gzip.)
    handled: BTreeMap<String, u64>,
    order: VecDeque<String>,
    /// Events being handled, with when their handling began.
    in_flight: BTreeMap<String, u64>,
    /// How many marks in flight make the next sweep of those past the limit (with at
    /// least `dedupe_size`): twice what the last sweep left.
    sweep_at: usize,
    dedupe_size: usize,
    secret: Option<WebhookSecret>,
}

impl Receiver {
    /// A receiver that remembers the last `dedupe_size` handled events (at least one).
    ///
    /// ```
    /// use whautomate::webhook::{Reception, Receiver, WebhookSecret};
    /// let mut receiver = Receiver::new(1);
    /// let body = |id: &str| format!(r#"{{"event":{{"id":"{id}","type":"contact_created"}}}}"#);
    /// for (id, now) in [("e1", 1), ("e2", 2)] {
    ///     let Reception::Handle { id, since, .. } = receiver.receive(None, &body(id), now) else { panic!() };
    ///     receiver.settle(&id, since, true);
    /// }
    /// // One remembered: e2 is a duplicate, e1 (forgotten) is handled again.
    /// assert!(matches!(receiver.receive(None, &body("e2"), 3), Reception::Answer { status: 200, .. }));
    /// assert!(matches!(receiver.receive(None, &body("e1"), 4), Reception::Handle { .. }));
    /// ```
    #[must_use]
    pub fn new(dedupe_size: usize) -> Receiver {
        Receiver { dedupe_size: dedupe_size.max(1), ..Receiver::default() }
    }

    /// The same receiver, answering 401 to a delivery without `secret`'s header.
    ///
    /// ```
    /// use whautomate::webhook::{Reception, Receiver, WebhookSecret};
    /// let receiver = Receiver::new(100).with_secret(WebhookSecret::new("X-Hook-Secret", "s3cret")?);
    /// assert!(matches!(receiver.screen("POST", None, None), Some(Reception::Answer { status: 401, .. })));
    /// assert!(receiver.screen("POST", Some("s3cret"), None).is_none());
    /// # Ok::<(), whautomate::Error>(())
    /// ```
    #[must_use]
    pub fn with_secret(mut self, secret: WebhookSecret) -> Receiver {
        self.secret = Some(secret);
        self
    }

    /// The secret's header name, lowercase, for the driver to read from the request.
    ///
    /// ```
    /// use whautomate::webhook::{Reception, Receiver, WebhookSecret};
    /// assert_eq!(Receiver::new(1).secret_header(), None);
    /// let receiver = Receiver::new(1).with_secret(WebhookSecret::new("X-Hook-Secret", "s3cret")?);
    /// assert_eq!(receiver.secret_header().as_deref(), Some("x-hook-secret"));
    /// # Ok::<(), whautomate::Error>(())
    /// ```
    #[must_use]
    pub fn secret_header(&self) -> Option<String> {
        self.secret.as_ref().map(WebhookSecret::header_name)
    }

    /// The answer to a request before its body is read, if it needs no body: 405 to a
    /// method other than POST, 401 when the secret header (`secret_header`, its value)
    /// is missing or wrong, 413 when the declared length is over [`MAX_BODY_BYTES`].
    /// `None`: read the body (up to [`MAX_BODY_BYTES`]) and call [`Receiver::receive`].
    ///
    /// ```
    /// use whautomate::webhook::{Reception, Receiver, WebhookSecret};
    /// use whautomate::webhook::MAX_BODY_BYTES;
    /// let receiver = Receiver::new(100);
    /// assert!(receiver.screen("POST", None, Some(2_000)).is_none());
    /// let Some(too_long) = receiver.screen("POST", None, Some(MAX_BODY_BYTES as u64 + 1)) else { panic!() };
    /// assert!(matches!(too_long, Reception::Answer { status: 413, .. }));
    /// assert_eq!(too_long.headers(), [("connection", "close")]);
    /// ```
    #[must_use]
    pub fn screen(&self, method: &str, secret_header: Option<&str>, declared_length: Option<u64>) -> Option<Reception> {
        if !method.eq_ignore_ascii_case("POST") {
            return Some(answer(405, "webhook deliveries are POST requests"));
        }
        if !self.secret_ok(secret_header) {
            return Some(answer(401, "the secret header is missing or wrong"));
        }
        match declared_length {
            Some(length) if length > MAX_BODY_BYTES as u64 => Some(self.too_large()),
            _ => None,
        }
    }

    fn secret_ok(&self, given: Option<&str>) -> bool {
        self.secret.as_ref().is_none_or(|secret| secret.matches(given))
    }

    /// What to do with a delivery: `secret_header` is its secret header's value (ignored
    /// when the receiver has no secret), `body` its text, `now_ms` a clock in
    /// milliseconds (any, as long as it does not go back: the same clock for every call).
    ///
    /// ```
    /// use whautomate::webhook::{Reception, Receiver};
    /// let mut receiver = Receiver::new(100);
    /// let body = r#"{"event":{"id":"e1","type":"incoming_telegram_message"},"message":{"text":"hi"}}"#;
    /// let Reception::Handle { id, event, .. } = receiver.receive(None, body, 1_000) else { panic!() };
    /// assert_eq!(id, "e1");
    /// assert!(event.contains(r#""channel":"telegram""#));
    /// // A body that is no event: 400, and nothing to handle.
    /// assert!(matches!(receiver.receive(None, "{}", 2_000), Reception::Answer { status: 400, .. }));
    /// ```
    #[must_use]
    pub fn receive(&mut self, secret_header: Option<&str>, body: &str, now_ms: u64) -> Reception {
        if !self.secret_ok(secret_header) {
            return answer(401, "the secret header is missing or wrong");
        }
        if body.len() > MAX_BODY_BYTES {
            return self.too_large();
        }
        let (id, event) = match normalize_with_id(body) {
            Ok(normalized) => normalized,
            Err(error) => return answer(400, error.message()),
        };
        // An id that is never remembered is not marked in flight either: its handling is
        // not tracked at all (no memory grows with it, and no two events are taken for one).
        if !rememberable(&id) {
            return Reception::Handle { id, event, since: now_ms };
        }
        if self.handled.contains_key(&id) {
            return answer(200, "a duplicate of an event already handled");
        }
        match self.in_flight.get(&id) {
            Some(&since) if now_ms.saturating_sub(since) < IN_FLIGHT_LIMIT_MS => {
                return answer(503, "the same event is being handled");
            }
            _ => {}
        }
        // Handlings that never settled (a Worker request cancelled mid-`onEvent`, a hung
        // promise) are let go once they are past the limit, as a new delivery of one would
        // be: their marks must not pile up for good (measured: 50,000 never settled took
        // 14 MB of the .wasm's memory, which it keeps). Swept when the marks reach the
        // dedupe size, then again only once they have doubled since the last sweep, so
        // that a sweep costs O(1) a delivery however many handlings are in flight (one
        // each time measured 34 s for 80,000 deliveries while all were in flight).
        if self.in_flight.len() >= self.sweep_at.max(self.dedupe_size) {
            self.in_flight.retain(|_, since| now_ms.saturating_sub(*since) < IN_FLIGHT_LIMIT_MS);
            self.sweep_at = 2 * self.in_flight.len();
        }
        self.in_flight.insert(id.clone(), now_ms);
        Reception::Handle { id, event, since: now_ms }
    }

    /// The answer to a body the driver stopped reading at [`MAX_BODY_BYTES`].
    ///
    /// ```
    /// use whautomate::webhook::{Reception, Receiver, WebhookSecret};
    /// assert!(matches!(Receiver::new(1).too_large(), Reception::Answer { status: 413, .. }));
    /// ```
    #[must_use]
    pub fn too_large(&self) -> Reception {
        answer(413, "the body is over 1 MiB (1048576 bytes)")
    }

    /// How the handling of event `id` that began at `since` ended; returns the status to
    /// answer: 200 when `handled` (and the id is remembered), 500 when not (and the id is
    /// not remembered, so the sender's retry is handled).
    ///
    /// ```
    /// use whautomate::webhook::{Reception, Receiver};
    /// let mut receiver = Receiver::new(100);
    /// let body = r#"{"event":{"id":"e1","type":"contact_created"}}"#;
    /// let Reception::Handle { id, since, .. } = receiver.receive(None, body, 1_000) else { panic!() };
    /// assert_eq!(receiver.settle(&id, since, false), 500);
    /// // Not remembered: the sender's retry is handled again, and this time it works.
    /// let Reception::Handle { id, since, .. } = receiver.receive(None, body, 5_000) else { panic!() };
    /// assert_eq!(receiver.settle(&id, since, true), 200);
    /// ```
    pub fn settle(&mut self, id: &str, since: u64, handled: bool) -> u16 {
        // Only this handling's mark: one taken as abandoned leaves its successor's alone.
        if self.in_flight.get(id) == Some(&since) {
            self.in_flight.remove(id);
        }
        if !handled {
            return 500;
        }
        if !rememberable(id) {
            return 200;
        }
        if self.handled.insert(id.to_owned(), since).is_none() {
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

/// Whether a handled event's id is remembered, so that a new delivery of it is answered
/// as a duplicate: not when it is longer than [`MAX_REMEMBERED_ID_BYTES`], nor when it
/// holds U+FFFD, which is also what the reader makes of a lone surrogate escape
/// (`\ud800x` and `\udbffx` both read as `\u{fffd}x`): two different events must never
/// be taken for one, which would drop the second unhandled. Such an event is handled each
/// time it comes.
fn rememberable(id: &str) -> bool {
    // (`text::find`, not `str::contains`: core's char searcher is 3.5 KB of gzipped .wasm.)
    id.len() <= MAX_REMEMBERED_ID_BYTES && crate::text::find(id, "\u{fffd}").is_none()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(id: &str) -> String {
        crate::text!(r#"{"event":{"id":""#, id, r#"","type":"contact_created"}}"#)
    }

    /// Handlings that never settle are let go once past the limit, when the marks reach
    /// the dedupe size: they do not pile up. Recent ones are kept (their redelivery is
    /// still 503), and a late settle of one let go still remembers its event.
    #[test]
    fn marks_of_handlings_that_never_settle_do_not_pile_up() {
        let mut receiver = Receiver::new(3);
        for id in ["a", "b", "c"] {
            assert!(matches!(receiver.receive(None, &delivery(id), 0), Reception::Handle { .. }));
        }
        // Within the limit: kept, whatever their number.
        assert!(matches!(receiver.receive(None, &delivery("d"), 1_000), Reception::Handle { .. }));
        assert_eq!(receiver.in_flight.len(), 4);
        assert!(matches!(receiver.receive(None, &delivery("a"), 2_000), Reception::Answer { status: 503, .. }));
        // The next sweep waits for twice what the last one left (3): past the limit, the
        // three abandoned ones go then, "d" (1 s younger) stays.
        for (id, at) in [("e", 500), ("f", 600)] {
            assert!(matches!(receiver.receive(None, &delivery(id), IN_FLIGHT_LIMIT_MS + at), Reception::Handle { .. }));
        }
        assert_eq!(receiver.in_flight.len(), 6);
        assert!(matches!(receiver.receive(None, &delivery("g"), IN_FLIGHT_LIMIT_MS + 700), Reception::Handle { .. }));
        assert_eq!(receiver.in_flight.keys().map(String::as_str).collect::<Vec<_>>(), ["d", "e", "f", "g"]);
        assert_eq!(receiver.settle("b", 0, true), 200);
        assert!(matches!(receiver.receive(None, &delivery("b"), IN_FLIGHT_LIMIT_MS + 600), Reception::Answer { status: 200, .. }));
        // Many never settled, spread over time: the marks stay near the dedupe size.
        let mut receiver = Receiver::new(100);
        for i in 0..10_000u64 {
            let _ = receiver.receive(None, &delivery(&crate::text!("ev", i)), i * 100);
        }
        assert!(receiver.in_flight.len() <= 1_400, "{}", receiver.in_flight.len());
        // All in flight and recent: no sweep at each delivery (80,000 took 34 s when there was).
        let mut receiver = Receiver::new(100);
        for i in 0..80_000u64 {
            let _ = receiver.receive(None, &delivery(&crate::text!("ev", i)), i / 100);
        }
        assert_eq!(receiver.in_flight.len(), 80_000);
        assert!(receiver.sweep_at >= 80_000 / 2, "{}", receiver.sweep_at);
    }

    /// A refusal that may leave the body unread closes the connection.
    #[test]
    fn refusals_close_the_connection() {
        let receiver = Receiver::new(1).with_secret(WebhookSecret::new("x-s", "s3cret").unwrap());
        for (method, secret, length, status) in [("GET", Some("s3cret"), None, 405), ("POST", None, None, 401), ("POST", Some("s3cret"), Some(2 << 20), 413)] {
            let answer = receiver.screen(method, secret, length).unwrap();
            assert!(matches!(answer, Reception::Answer { status: s, .. } if s == status));
            assert!(answer.headers().contains(&("connection", "close")), "{status}");
        }
        assert!(answer(400, "bad").headers().is_empty());
    }
}

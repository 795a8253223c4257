//! Webhooks: the subscription model (`/v1/webhooks`), the payloads the vendor
//! publishes (quirks included), and the dispatcher that POSTs them to loopback
//! receivers in background tasks, with retries and an inspectable log.
//!
//! What is seen and what is inferred is in `sandbox/README.md` ("Webhooks") and
//! `shared/webhooks.md`. In short:
//! - subscriptions are `{id, name, active, serverUrl, webhookHeaders, events,
//!   createdAt, updatedAt}`; `serverUrl` must be a loopback `http://` URL, because
//!   the sandbox never sends traffic off the machine;
//! - message events are `{event:{id,type,timeStamp,key}, message:{...}}` with the
//!   vendor's quirks (`isIncoming` a string, `message.channel` camel-cased,
//!   `replyToMessage: {}`, absent rather than empty keys);
//! - `contact_created` is `{event, contact:{...}}` with `tags`/`customFields` as
//!   JSON-encoded strings;
//! - every delivery carries the subscription's `webhookHeaders`; non-2xx answers
//!   and connection failures are retried with backoff under the same `event.id`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use tokio::sync::watch;

use crate::app::{lock, AppState};
use crate::clock::{format_iso, Millis};
use crate::state::{phone_digits, Channel, Store};

// ---------------------------------------------------------------------------
// Ids

/// A short random-looking id of 10 letters and digits, like the vendor's
/// (`cIH32l5nW8`). Unique within a process: a counter goes through splitmix64
/// (a bijection), seeded once from the wall clock and the process id.
pub fn random_id() -> String {
    static SEED: OnceLock<u64> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let seed = *SEED.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        nanos ^ (u64::from(std::process::id()) << 32)
    });
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut x = splitmix64(seed.wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
    (0..10)
        .map(|_| {
            let c = ALPHABET[(x % 62) as usize];
            x /= 62;
            c as char
        })
        .collect()
}

fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

// ---------------------------------------------------------------------------
// Subscriptions

/// One `{key, value}` pair of `webhookHeaders`: a static HTTP header sent with
/// every delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderPair {
    /// Header name.
    pub key: String,
    /// Header value.
    pub value: String,
}

/// A subscription, serialised in the vendor's key order.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    /// Short random id.
    pub id: String,
    /// Name given at creation.
    pub name: String,
    /// Inactive subscriptions receive nothing.
    pub active: bool,
    /// Where deliveries go (always a loopback `http://` URL).
    pub server_url: String,
    /// Headers sent with every delivery.
    pub webhook_headers: Vec<HeaderPair>,
    /// Event types this subscription receives.
    pub events: Vec<String>,
    /// ISO time of creation (sandbox clock).
    pub created_at: String,
    /// ISO time of the last change (sandbox clock).
    pub updated_at: String,
}

/// The fields a create or update body may set (absent ones are `None`).
#[derive(Debug, Default)]
pub struct WebhookInput {
    /// `name`.
    pub name: Option<String>,
    /// `serverUrl`.
    pub server_url: Option<String>,
    /// `events`.
    pub events: Option<Vec<String>>,
    /// `webhookHeaders`.
    pub webhook_headers: Option<Vec<HeaderPair>>,
    /// `active`.
    pub active: Option<bool>,
}

/// Body fields the sandbox reads; `id`, `createdAt` and `updatedAt` are listed by
/// the vendor as body parameters too, and are accepted (as strings) and ignored.
const KNOWN_FIELDS: &[&str] = &[
    "id",
    "name",
    "active",
    "serverUrl",
    "webhookHeaders",
    "events",
    "createdAt",
    "updatedAt",
];

/// Headers a subscription may not set, because they would break the framing of
/// the delivery request.
const RESERVED_HEADERS: &[&str] = &["host", "content-length", "transfer-encoding", "connection"];

/// Checks a create (`create = true`: `name`, `serverUrl`, `events` and `active`
/// required) or update body (every field optional). Every problem is reported, as
/// `"/pointer: what is wrong"`, like the schema violations of the sends.
pub fn parse_input(body: &Value, create: bool) -> Result<WebhookInput, Vec<String>> {
    let Some(obj) = body.as_object() else {
        return Err(vec!["/: a JSON object is expected".into()]);
    };
    let mut errs = Vec::new();
    for key in obj.keys() {
        if !KNOWN_FIELDS.contains(&key.as_str()) {
            errs.push(format!("/{key}: unknown field"));
        }
    }
    for key in ["id", "createdAt", "updatedAt"] {
        if obj.get(key).is_some_and(|v| !v.is_string()) {
            errs.push(format!("/{key}: must be a string"));
        }
    }
    let mut input = WebhookInput::default();
    if create {
        for key in ["name", "serverUrl", "events", "active"] {
            if !obj.contains_key(key) {
                errs.push(format!("/{key}: required"));
            }
        }
    }
    match obj.get("name") {
        None => {}
        Some(Value::String(s)) if !s.trim().is_empty() => input.name = Some(s.clone()),
        Some(_) => errs.push("/name: must be a non-empty string".into()),
    }
    match obj.get("serverUrl") {
        None => {}
        Some(Value::String(s)) => match Target::parse(s) {
            Ok(_) => input.server_url = Some(s.clone()),
            Err(e) => errs.push(format!("/serverUrl: {e}")),
        },
        Some(_) => errs.push("/serverUrl: must be a string".into()),
    }
    match obj.get("active") {
        None => {}
        Some(Value::Bool(b)) => input.active = Some(*b),
        Some(_) => errs.push("/active: must be a boolean".into()),
    }
    match obj.get("events") {
        None => {}
        Some(Value::Array(list)) if list.is_empty() => {
            errs.push("/events: must list at least one event type".into())
        }
        Some(Value::Array(list)) => {
            let mut events = Vec::new();
            for (i, e) in list.iter().enumerate() {
                match e.as_str().filter(|s| !s.is_empty()) {
                    Some(s) => events.push(s.to_string()),
                    None => errs.push(format!("/events/{i}: must be a non-empty string")),
                }
            }
            input.events = Some(events);
        }
        Some(_) => errs.push("/events: must be an array of event type strings".into()),
    }
    match obj.get("webhookHeaders") {
        None => {}
        Some(Value::Array(list)) => {
            let mut headers = Vec::new();
            for (i, h) in list.iter().enumerate() {
                match parse_header(h) {
                    Ok(pair) => headers.push(pair),
                    Err(e) => errs.push(format!("/webhookHeaders/{i}: {e}")),
                }
            }
            input.webhook_headers = Some(headers);
        }
        Some(_) => errs.push("/webhookHeaders: must be an array of {key, value}".into()),
    }
    if errs.is_empty() {
        Ok(input)
    } else {
        Err(errs)
    }
}

fn parse_header(h: &Value) -> Result<HeaderPair, String> {
    let obj = h.as_object().ok_or("must be an object {key, value}")?;
    if let Some(extra) = obj.keys().find(|k| *k != "key" && *k != "value") {
        return Err(format!("unknown field {extra:?}"));
    }
    let key = obj
        .get("key")
        .and_then(Value::as_str)
        .ok_or("key: required, a string")?;
    let value = obj
        .get("value")
        .and_then(Value::as_str)
        .ok_or("value: required, a string")?;
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if key.is_empty() || !key.chars().all(token) {
        return Err(format!("key {key:?} is not a valid HTTP header name"));
    }
    if RESERVED_HEADERS.contains(&key.to_ascii_lowercase().as_str()) {
        return Err(format!(
            "key {key:?} is set by the sandbox for each delivery and cannot be overridden"
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err("value contains a control character (CR, LF, ...)".into());
    }
    Ok(HeaderPair {
        key: key.to_string(),
        value: value.to_string(),
    })
}

/// Where a delivery goes: a loopback `http://` URL, parsed by the WHATWG URL parser
/// (the `url` crate, through reqwest) and then checked to name this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The URL as the delivery requests it.
    pub url: reqwest::Url,
}

impl Target {
    /// Accepts `http://HOST[:PORT][/path][?query]` where HOST is `localhost`, an IPv4
    /// loopback address (127.0.0.0/8) or `[::1]`; refuses anything else with the reason:
    /// the sandbox only ever delivers to this machine.
    pub fn parse(url: &str) -> Result<Target, String> {
        const LOOPBACK_ONLY: &str = "the sandbox delivers only to this machine: use http://127.0.0.1:PORT/..., http://localhost:PORT/... or http://[::1]:PORT/...";
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| format!("{url:?} is not an absolute http:// URL ({e}); {LOOPBACK_ONLY}"))?;
        match parsed.scheme() {
            "http" => {}
            "https" => {
                return Err(format!(
                    "{url:?}: https is not supported, the sandbox delivers over plain http; {LOOPBACK_ONLY}"
                ))
            }
            other => return Err(format!("{url:?}: scheme {other:?} is not http; {LOOPBACK_ONLY}")),
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(format!("{url:?}: user info in the URL is not supported"));
        }
        if parsed.port() == Some(0) {
            return Err(format!("{url:?}: port 0 is out of range"));
        }
        let loopback = match parsed.host() {
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        if !loopback {
            return Err(format!("{url:?} is not a loopback URL; {LOOPBACK_ONLY}"));
        }
        // The URL parser percent-encodes a space rather than refusing it; a server URL
        // with raw spaces or control characters is a typo worth a clear answer.
        if url.trim().chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!("{url:?}: the URL contains spaces or control characters"));
        }
        Ok(Target { url: parsed })
    }
}

// ---------------------------------------------------------------------------
// Payloads

/// The `message.channel` value: camel-cased as in the vendor's example
/// (`"whatsApp"`); the one-word channels stay lowercase.
pub fn camel_channel(c: Channel) -> &'static str {
    match c {
        Channel::Whatsapp => "whatsApp",
        Channel::Telegram => "telegram",
        Channel::Instagram => "instagram",
        Channel::Messenger => "messenger",
    }
}

/// The name outgoing messages carry in `from` (the vendor's example shows only an
/// inbound one, where `from` is the contact's display name).
pub const BUSINESS_NAME: &str = "Whautomate Sandbox";

/// Titles of the seeded locations, for `contact.location.title`.
fn location_title(id: &str) -> String {
    match id {
        "loc_1" => "Main Office".into(),
        "loc_2" => "Branch Office".into(),
        other => other.into(),
    }
}

/// An event ready to be dispatched: its type, its key (`event.key`: the id of the
/// subject) and the subject object (`"message"` or `"contact"`) as JSON text in the
/// vendor's key order.
#[derive(Debug, Clone)]
pub struct Emission {
    /// `event.type`.
    pub event_type: String,
    /// `event.key`.
    pub key: String,
    /// The name of the second top-level key.
    pub subject: &'static str,
    /// The subject object, serialised.
    pub body: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ContactRef<'a> {
    id: &'a str,
    channel: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_number: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MessageBody<'a> {
    id: &'a str,
    contact: ContactRef<'a>,
    channel: &'static str,
    is_incoming: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    reply_to_message: Map<String, Value>,
    from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sent_by: Option<&'static str>,
    timestamp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    media_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<String>,
    created_at: String,
    updated_at: String,
}

/// `incoming_<channel>_message` / `outgoing_<channel>_message` for the stored
/// message `message_id`, created (accepted) at `created_at`. `None` if the message
/// or its contact is unknown.
pub fn message_event(store: &Store, message_id: &str, created_at: Millis) -> Option<Emission> {
    let m = store.messages.iter().rev().find(|m| m.id == message_id)?;
    let c = store.contacts.get(&m.contact_id)?;
    let body = MessageBody {
        id: &m.id,
        contact: ContactRef {
            id: &c.id,
            channel: c.channel.as_str(),
            // The vendor's message example has digits only ("6598765432").
            phone_number: c.phone_number.as_deref().map(phone_digits),
        },
        channel: camel_channel(c.channel),
        is_incoming: if m.is_incoming { "true" } else { "false" },
        kind: m.kind.as_str(),
        reply_to_message: Map::new(),
        from: if m.is_incoming {
            c.name
                .clone()
                .or_else(|| c.phone_number.clone())
                .unwrap_or_else(|| c.id.clone())
        } else {
            BUSINESS_NAME.to_string()
        },
        sent_by: (!m.is_incoming).then_some("api"),
        timestamp: format_iso(m.at),
        status: (!m.is_incoming).then_some("sent"),
        media_url: m.media_url.as_deref(),
        text: m.text.as_deref(),
        // Every leaf of the vendor's template is a quoted placeholder, and the
        // Contacts example shows such leaves rendered as JSON text.
        options: m.options.as_ref().map(Value::to_string),
        created_at: format_iso(created_at),
        updated_at: format_iso(created_at),
    };
    let direction = if m.is_incoming {
        "incoming"
    } else {
        "outgoing"
    };
    Some(Emission {
        event_type: format!("{direction}_{}_message", c.channel.as_str()),
        key: m.id.clone(),
        subject: "message",
        body: serde_json::to_string(&body).ok()?,
    })
}

#[derive(Serialize)]
struct Location {
    id: String,
    title: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ContactBody<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    channel: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_activity: Option<String>,
    stage: &'static str,
    tags: &'static str,
    custom_fields: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    created_at: String,
    updated_at: String,
}

/// `contact_created` for a WhatsApp contact just created at `now`, in the shape of
/// the vendor's Contacts example: `channel: "Whatsapp"`, the phone number with
/// `+`, `tags` and `customFields` as JSON-encoded strings. `location_id` is the
/// send's location; `wrote` says whether the contact was created by writing to us
/// (then `lastActivity` is set).
pub fn contact_created_event(
    store: &Store,
    contact_id: &str,
    location_id: Option<&str>,
    wrote: bool,
    now: Millis,
) -> Option<Emission> {
    let c = store.contacts.get(contact_id)?;
    let body = ContactBody {
        id: &c.id,
        name: c.name.as_deref(),
        channel: "Whatsapp",
        phone_number: c
            .phone_number
            .as_deref()
            .map(|p| format!("+{}", phone_digits(p))),
        last_activity: wrote.then(|| format_iso(now)),
        stage: "Subscriber",
        tags: "[]",
        custom_fields: "{}",
        location: location_id.map(|id| Location {
            id: id.to_string(),
            title: location_title(id),
        }),
        created_at: format_iso(now),
        updated_at: format_iso(now),
    };
    Some(Emission {
        event_type: "contact_created".into(),
        key: c.id.clone(),
        subject: "contact",
        body: serde_json::to_string(&body).ok()?,
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EventHead<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    time_stamp: String,
    key: &'a str,
}

// ---------------------------------------------------------------------------
// Dispatcher

/// When deliveries are retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts per delivery, the first included.
    pub max_attempts: u32,
    /// Wait after the first failed attempt; doubles after each further one.
    pub first_delay: Duration,
    /// Longest wait between attempts.
    pub max_delay: Duration,
    /// How long one attempt may take (connect, send, read the status line).
    pub attempt_timeout: Duration,
}

impl RetryPolicy {
    /// 8 attempts, waits of 50 ms doubling to at most 2 s, all divided by
    /// `time_scale` (the `--time-scale` option); 5 s per attempt, not scaled.
    pub fn scaled(time_scale: f64) -> RetryPolicy {
        let scale = if time_scale.is_finite() && time_scale > 0.0 {
            time_scale
        } else {
            1.0
        };
        RetryPolicy {
            max_attempts: 8,
            first_delay: Duration::from_secs_f64(0.050 / scale),
            max_delay: Duration::from_secs_f64(2.0 / scale),
            attempt_timeout: Duration::from_secs(5),
        }
    }

    /// The wait after failed attempt number `attempt` (1-based).
    pub fn delay_after(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(20));
        self.first_delay.saturating_mul(factor).min(self.max_delay)
    }
}

/// One attempt of a delivery: when, and the HTTP status or the error.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    /// ISO time the attempt started (sandbox clock).
    pub at: String,
    /// The receiver's status code, when it answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// What went wrong, when it did not answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One delivery of one event to one subscription (two with the duplicate fault).
#[derive(Debug, Clone)]
struct Record {
    event_id: String,
    event_type: String,
    subscription_id: String,
    server_url: String,
    copy: u8,
    payload: String,
    attempts: Vec<Attempt>,
    delivered: bool,
    settled: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RecordOut<'a> {
    event_id: &'a str,
    #[serde(rename = "type")]
    event_type: &'a str,
    subscription_id: &'a str,
    server_url: &'a str,
    copy: u8,
    payload: &'a RawValue,
    attempts: &'a [Attempt],
    delivered: bool,
    settled: bool,
}

#[derive(Debug, Default)]
struct Inner {
    /// Bumped by reset, so tasks of an earlier generation stop and leave the log alone.
    generation: u64,
    subs: Vec<Webhook>,
    log: Vec<Record>,
}

/// Subscriptions, the delivery log, and the count of deliveries still running.
#[derive(Debug)]
pub struct Hub {
    inner: Mutex<Inner>,
    pending: watch::Sender<usize>,
    policy: RetryPolicy,
}

impl Hub {
    /// An empty hub that retries by `policy`.
    pub fn new(policy: RetryPolicy) -> Hub {
        Hub {
            inner: Mutex::new(Inner::default()),
            pending: watch::Sender::new(0),
            policy,
        }
    }

    /// The retry policy.
    pub fn policy(&self) -> RetryPolicy {
        self.policy
    }

    /// Forgets every subscription and delivery; running deliveries stop before
    /// their next attempt.
    pub fn reset(&self) {
        let mut inner = lock(&self.inner);
        inner.generation += 1;
        inner.subs.clear();
        inner.log.clear();
        self.pending.send_replace(0);
    }

    /// Subscriptions in creation order.
    pub fn list(&self) -> Vec<Webhook> {
        lock(&self.inner).subs.clone()
    }

    /// One subscription.
    pub fn get(&self, id: &str) -> Option<Webhook> {
        lock(&self.inner).subs.iter().find(|w| w.id == id).cloned()
    }

    /// Creates a subscription from a checked create body.
    pub fn create(&self, input: WebhookInput, now: Millis) -> Webhook {
        let mut inner = lock(&self.inner);
        let id = loop {
            let id = random_id();
            if !inner.subs.iter().any(|w| w.id == id) {
                break id;
            }
        };
        let w = Webhook {
            id,
            name: input.name.unwrap_or_default(),
            active: input.active.unwrap_or(true),
            server_url: input.server_url.unwrap_or_default(),
            webhook_headers: input.webhook_headers.unwrap_or_default(),
            events: input.events.unwrap_or_default(),
            created_at: format_iso(now),
            updated_at: format_iso(now),
        };
        inner.subs.push(w.clone());
        w
    }

    /// Applies the given fields; `None` when the id is unknown.
    pub fn update(&self, id: &str, input: WebhookInput, now: Millis) -> Option<Webhook> {
        let mut inner = lock(&self.inner);
        let w = inner.subs.iter_mut().find(|w| w.id == id)?;
        if let Some(v) = input.name {
            w.name = v;
        }
        if let Some(v) = input.server_url {
            w.server_url = v;
        }
        if let Some(v) = input.events {
            w.events = v;
        }
        if let Some(v) = input.webhook_headers {
            w.webhook_headers = v;
        }
        if let Some(v) = input.active {
            w.active = v;
        }
        w.updated_at = format_iso(now);
        Some(w.clone())
    }

    /// Removes a subscription; false when the id is unknown. Deliveries already
    /// under way carry on.
    pub fn delete(&self, id: &str) -> bool {
        let mut inner = lock(&self.inner);
        let before = inner.subs.len();
        inner.subs.retain(|w| w.id != id);
        inner.subs.len() != before
    }

    /// Deliveries not yet settled (delivered or given up).
    pub fn pending(&self) -> usize {
        *self.pending.borrow()
    }

    /// `(subscriptions, deliveries)` counts.
    pub fn counts(&self) -> (usize, usize) {
        let inner = lock(&self.inner);
        (inner.subs.len(), inner.log.len())
    }

    /// Waits until no delivery is pending, or `timeout` passes (then `false`).
    pub async fn settled(&self, timeout: Duration) -> bool {
        let mut rx = self.pending.subscribe();
        let wait = async {
            // The sender lives as long as the hub, so this cannot fail.
            let _ = rx.wait_for(|p| *p == 0).await;
        };
        tokio::time::timeout(timeout, wait).await.is_ok()
    }

    /// The delivery log as a JSON array, in event order.
    pub fn log_json(&self) -> String {
        let inner = lock(&self.inner);
        let out: Vec<RecordOut<'_>> = inner
            .log
            .iter()
            .filter_map(|r| {
                Some(RecordOut {
                    event_id: &r.event_id,
                    event_type: &r.event_type,
                    subscription_id: &r.subscription_id,
                    server_url: &r.server_url,
                    copy: r.copy,
                    payload: serde_json::from_str::<&RawValue>(&r.payload).ok()?,
                    attempts: &r.attempts,
                    delivered: r.delivered,
                    settled: r.settled,
                })
            })
            .collect();
        serde_json::to_string(&out).unwrap_or_else(|_| "[]".into())
    }
}

/// Dispatches events to every active subscription that lists their type: each
/// (event, subscription) pair is logged at once, so it shows as pending before the
/// API call that caused it answers, and is delivered by a background task. With
/// the `duplicateDeliveries` fault every event goes out twice, the second copy
/// after the first has settled. Must be called inside the tokio runtime.
pub fn emit(app: &AppState, emissions: Vec<Emission>) {
    if emissions.is_empty() {
        return;
    }
    let copies: u8 = if lock(&app.faults).duplicate_deliveries() {
        2
    } else {
        1
    };
    let now = app.clock.now();
    let hub = &app.webhooks;
    let mut inner = lock(&hub.inner);
    let generation = inner.generation;
    let mut jobs = Vec::new();
    for e in emissions {
        let subs: Vec<Webhook> = inner
            .subs
            .iter()
            .filter(|w| w.active && w.events.contains(&e.event_type))
            .cloned()
            .collect();
        if subs.is_empty() {
            continue;
        }
        let event_id = random_id();
        let head = EventHead {
            id: &event_id,
            kind: &e.event_type,
            time_stamp: format_iso(now),
            key: &e.key,
        };
        let head = serde_json::to_string(&head).unwrap_or_default();
        let payload = format!(r#"{{"event":{head},"{}":{}}}"#, e.subject, e.body);
        for w in subs {
            let Ok(target) = Target::parse(&w.server_url) else {
                continue;
            };
            let mut slots = Vec::new();
            for copy in 1..=copies {
                slots.push(inner.log.len());
                inner.log.push(Record {
                    event_id: event_id.clone(),
                    event_type: e.event_type.clone(),
                    subscription_id: w.id.clone(),
                    server_url: w.server_url.clone(),
                    copy,
                    payload: payload.clone(),
                    attempts: Vec::new(),
                    delivered: false,
                    settled: false,
                });
            }
            hub.pending.send_modify(|p| *p += slots.len());
            jobs.push(Job {
                generation,
                slots,
                target,
                headers: w.webhook_headers.clone(),
                payload: payload.clone(),
            });
        }
    }
    drop(inner);
    for job in jobs {
        tokio::spawn(run(app.clone(), job));
    }
}

struct Job {
    generation: u64,
    slots: Vec<usize>,
    target: Target,
    headers: Vec<HeaderPair>,
    payload: String,
}

/// Delivers each copy of one event to one subscription in turn, retrying each.
async fn run(app: AppState, job: Job) {
    let hub = &app.webhooks;
    let policy = hub.policy;
    for slot in job.slots {
        for attempt in 1..=policy.max_attempts {
            if lock(&hub.inner).generation != job.generation {
                return;
            }
            let at = format_iso(app.clock.now());
            let outcome = post_once(
                &job.target,
                &job.headers,
                &job.payload,
                policy.attempt_timeout,
            )
            .await;
            let ok = matches!(outcome, Ok(s) if (200..300).contains(&s));
            let last = ok || attempt == policy.max_attempts;
            {
                let mut inner = lock(&hub.inner);
                if inner.generation != job.generation {
                    return;
                }
                let Some(rec) = inner.log.get_mut(slot) else {
                    return;
                };
                let (status, error) = match outcome {
                    Ok(s) => (Some(s), None),
                    Err(e) => (None, Some(e)),
                };
                rec.attempts.push(Attempt { at, status, error });
                if last {
                    rec.delivered = ok;
                    rec.settled = true;
                    hub.pending.send_modify(|p| *p = p.saturating_sub(1));
                }
            }
            if last {
                break;
            }
            tokio::time::sleep(policy.delay_after(attempt)).await;
        }
    }
}

/// One POST of `body` to `target` with the subscription's `headers`, through a shared
/// reqwest client that follows no redirect. `Ok(status)` when the receiver answered,
/// `Err(reason)` otherwise (`"connection refused"` when nothing listens there).
pub async fn post_once(
    target: &Target,
    headers: &[HeaderPair],
    body: &str,
    timeout: Duration,
) -> Result<u16, String> {
    static HTTP: OnceLock<reqwest::Client> = OnceLock::new();
    let http = HTTP.get_or_init(|| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("whautomate-sandbox/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default()
    });
    let mut request = http.post(target.url.clone()).timeout(timeout).body(body.to_owned());
    if !headers.iter().any(|h| h.key.eq_ignore_ascii_case("content-type")) {
        request = request.header("content-type", "application/json");
    }
    for h in headers {
        request = request.header(h.key.as_str(), h.value.as_str());
    }
    match request.send().await {
        // The body is not read: a delivery only needs the status.
        Ok(response) => Ok(response.status().as_u16()),
        Err(e) if e.is_timeout() => Err(format!("no answer within {} ms", timeout.as_millis())),
        Err(e) if e.is_connect() && refused(&e) => Err("connection refused".into()),
        Err(e) if e.is_connect() => Err(format!("cannot connect: {}", chain(&e))),
        Err(e) => Err(format!("connection failed: {}", chain(&e))),
    }
}

/// Whether a connect error was the receiver's port refusing the connection.
fn refused(error: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::ConnectionRefused;
        }
        source = cause.source();
    }
    false
}

/// The error and its causes, `: `-joined.
fn chain(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_are_short_unique_and_alphanumeric() {
        let ids: std::collections::HashSet<String> = (0..2000).map(|_| random_id()).collect();
        assert_eq!(ids.len(), 2000);
        assert!(ids
            .iter()
            .all(|i| i.len() == 10 && i.chars().all(|c| c.is_ascii_alphanumeric())));
    }

    #[test]
    fn only_loopback_http_urls_are_targets() {
        let t = Target::parse("http://127.0.0.1:8080/hook?x=1").unwrap();
        assert_eq!(t.url.as_str(), "http://127.0.0.1:8080/hook?x=1");
        assert_eq!(Target::parse("HTTP://LocalHost:9").unwrap().url.as_str(), "http://localhost:9/");
        assert_eq!(Target::parse("http://[::1]:7/a").unwrap().url.as_str(), "http://[::1]:7/a");
        assert!(Target::parse("http://127.1.2.3").is_ok());
        for bad in [
            "https://127.0.0.1:1/",
            "http://example.com/",
            "http://10.0.0.1:80/",
            "http://0.0.0.0:80/",
            "http://[::]:80/",
            "http://localhost.example.com/",
            "http://user@127.0.0.1:1/",
            "http://127.0.0.1:0/",
            "http://127.0.0.1:99999/",
            "http://127.0.0.1:1/a b",
            "ftp://127.0.0.1/",
            "127.0.0.1:8080",
            "",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn create_bodies_are_checked() {
        let ok = json!({"name": "n", "serverUrl": "http://127.0.0.1:1/", "events": ["contact_created"], "active": true,
                        "webhookHeaders": [{"key": "X-Secret", "value": "s"}]});
        let input = parse_input(&ok, true).unwrap();
        assert_eq!(input.webhook_headers.unwrap()[0].key, "X-Secret");
        let errs = parse_input(&json!({"events": [], "extra": 1, "webhookHeaders": [{"key": "Host", "value": "x"}, {"key": "a b", "value": "x"}, {"key": "X", "value": "a\r\nb"}]}), true).unwrap_err();
        for want in [
            "/name: required",
            "/serverUrl: required",
            "/active: required",
            "/extra: unknown field",
            "/events: must list",
            "/webhookHeaders/0:",
            "/webhookHeaders/1:",
            "/webhookHeaders/2:",
        ] {
            assert!(
                errs.iter().any(|e| e.starts_with(want)),
                "{want} not in {errs:?}"
            );
        }
        // Updates take any subset, checked the same way.
        assert!(parse_input(&json!({}), false).is_ok());
        assert!(parse_input(&json!({"active": "yes"}), false).is_err());
        assert!(parse_input(&json!([1]), false).is_err());
    }

    #[test]
    fn backoff_doubles_and_is_capped_and_scaled() {
        let p = RetryPolicy::scaled(1.0);
        let waits: Vec<u128> = (1..p.max_attempts)
            .map(|a| p.delay_after(a).as_millis())
            .collect();
        assert_eq!(waits, [50, 100, 200, 400, 800, 1600, 2000]);
        assert_eq!(
            RetryPolicy::scaled(10.0).delay_after(1),
            Duration::from_millis(5)
        );
    }

}

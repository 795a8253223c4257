//! The options objects of the JS API, checked here so that every call checks them alike:
//! `new Whautomate(options)` → [`ClientOptions`], and the options of `send`, `sendMany`
//! and the history calls.
//!
//! JS encodes the values JSON cannot hold as markers (see [`Foreign`]): a `fetch`
//! function, an `AbortSignal`, `NaN`... So the engine sees every key the caller wrote,
//! and a function or signal where one belongs is told apart from one where it does not.

use crate::prelude::*;

use super::campaign::BulkOptions;
use super::options::ClientOptions;
use super::rate_limit::RateLimit;
use super::retry::RetryPolicy;
use crate::json::{from_json, from_value, FromJson, Foreign, Path, Reader, Value};
use crate::request::HistoryQuery;
use crate::url_read::{driver_read, Asked};
use crate::{Error, Violation};

/// A JS function (`fetch`, `onProgress`): it stays in JS; the engine checks it is one.
pub struct JsFunction;

impl FromJson for JsFunction {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        marked(value, path, r, Foreign::Function, "a function").then_some(JsFunction)
    }
}

/// Whether `value` is the marker of `kind`; reports a type error at `path` if not.
fn marked(value: &Value, path: &Path<'_>, r: &mut Reader, kind: Foreign, expected: &str) -> bool {
    match value {
        Value::Foreign(found) if *found == kind => true,
        other => {
            r.wrong_type(path, expected, other);
            false
        }
    }
}

/// An `AbortSignal` (JS checks its brand before it marks it as one).
pub struct JsSignal;

impl FromJson for JsSignal {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        marked(value, path, r, Foreign::AbortSignal, "an AbortSignal").then_some(JsSignal)
    }
}

/// A number option whose range `ClientOptions::check` knows: a negative or a huge whole
/// number reads as `u64::MAX`, out of every range, so the one message a caller sees is the
/// check's `out_of_range`, with the documented range (not the reader's "0 to 2^64 - 1").
/// A fraction is no whole number at all: `invalid_type`, as for every number the SDK
/// reads (`page` and `limit` too, through `Paging`).
struct Ranged(u64);

impl FromJson for Ranged {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        match value {
            Value::Number(n) => match n.whole() {
                Ok(whole) => Some(Ranged(whole.unwrap_or(u64::MAX))),
                Err(()) => {
                    r.problem(crate::text!(path), "invalid_type", crate::text!(path, " must be a whole number, not a fraction"));
                    None
                }
            },
            other => {
                r.wrong_type(path, "a whole number", other);
                None
            }
        }
    }
}

impl Ranged {
    /// For a range with an upper bound of its own (`retry.maxRetries`): beyond u32 is
    /// beyond it.
    fn u32(self) -> u32 {
        u32::try_from(self.0).unwrap_or(u32::MAX)
    }

    /// For a range that runs to `u32::MAX` from 1 (`rateLimit.perMinute`, `burst`):
    /// beyond u32 reads as 0, which that check refuses with the range in its words.
    fn u32_from_1(self) -> u32 {
        u32::try_from(self.0).unwrap_or(0)
    }
}

struct JsOptions {
    api_key: Option<String>,
    host: Option<String>,
    location_id: Option<String>,
    timeout_ms: Option<Ranged>,
    max_response_bytes: Option<Ranged>,
    retry: Option<JsRetry>,
    rate_limit: Option<JsRateLimit>,
}

struct JsRetry {
    max_retries: Option<Ranged>,
    base_delay_ms: Option<Ranged>,
    max_delay_ms: Option<Ranged>,
}

/// `rateLimit: false` turns the limit off; `true` keeps the default; an object sets it.
enum JsRateLimit {
    Switch(bool),
    Limit { per_minute: Option<Ranged>, burst: Option<Ranged> },
}

/// Reports unknown option keys: a typo such as `timeOutMs` must not be silently ignored.
fn known_object<'v>(value: &'v Value, path: &Path<'_>, known: &[&str], reader: &mut Reader) -> Option<&'v Value> {
    known_members(value, path, known, "an option", reader)
}

/// An object whose keys must be among `known`; each other key is an `unknown_field`
/// violation: "`key` is not `what` (expected one of: ...)". The one reader of every JS
/// options and arguments object.
pub(crate) fn known_members<'v>(value: &'v Value, path: &Path<'_>, known: &[&str], what: &str, reader: &mut Reader) -> Option<&'v Value> {
    let (_, unknown) = reader.object(value, path, known)?;
    for key in unknown {
        let field = crate::json::member_path(path, &key);
        reader.problem(field.clone(), "unknown_field", crate::text!(field, " is not ", what, " (expected one of: ", crate::text::Joined(known, ", "), ")"));
    }
    Some(value)
}

impl FromJson for JsOptions {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        let v = known_object(value, path, &["apiKey", "host", "locationId", "timeoutMs", "maxResponseBytes", "retry", "rateLimit", "fetch"], r)?;
        let _: Option<JsFunction> = r.field(v, path, "fetch");
        Some(JsOptions {
            max_response_bytes: r.field(v, path, "maxResponseBytes"),
            api_key: r.field(v, path, "apiKey"),
            host: r.field(v, path, "host"),
            location_id: r.field(v, path, "locationId"),
            timeout_ms: r.field(v, path, "timeoutMs"),
            retry: r.field(v, path, "retry"),
            rate_limit: r.field(v, path, "rateLimit"),
        })
    }
}

impl FromJson for JsRetry {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        let v = known_object(value, path, &["maxRetries", "baseDelayMs", "maxDelayMs"], r)?;
        Some(JsRetry {
            max_retries: r.field(v, path, "maxRetries"),
            base_delay_ms: r.field(v, path, "baseDelayMs"),
            max_delay_ms: r.field(v, path, "maxDelayMs"),
        })
    }
}

impl FromJson for JsRateLimit {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        match value {
            Value::Bool(on) => Some(JsRateLimit::Switch(*on)),
            Value::Object(_) => {
                let v = known_object(value, path, &["perMinute", "burst"], r)?;
                Some(JsRateLimit::Limit { per_minute: r.field(v, path, "perMinute"), burst: r.field(v, path, "burst") })
            }
            other => {
                r.wrong_type(path, "an object or a boolean", other);
                None
            }
        }
    }
}

/// The client options of `new Whautomate(options)`, an object as the JS driver read it
/// (the `fetch` function marked: it stays in JS; see [`crate::json::tape`]). Unknown keys and wrong types are reported here; ranges by
/// [`ClientOptions::check`], which `ClientState::new` runs.
///
/// # Errors
///
/// `invalid_input` with every violation of the options.
///
/// A `host` is judged as the JS driver's `new URL()` read it (`host_read`, see
/// [`driver_read`]): until it has, the answer is [`Asked::ReadUrl`] with the text to read.
pub fn client_options(doc: &Value, host_read: &str) -> Result<Asked<ClientOptions>, Error> {
    // A refused options object may still hold its key, and an error may name what the
    // caller wrote (`{ apiKey: k, [k]: 1 }`): the key leaves no error of these.
    let js: JsOptions = from_value(doc).map_err(|e| redact_given_key(e, doc))?;
    let Some(api_key) = js.api_key else {
        return Err(Error::invalid_input(vec![Violation::new("apiKey", "required", "apiKey is required")]));
    };
    // Set in place, field by field: the builder's by-value setters would move the whole
    // struct through each call.
    let mut options = ClientOptions::new(&api_key);
    if let Some(host) = js.host {
        match driver_read(host_read, &host)? {
            Asked::Done(read) => options.set_host_read(read.as_ref()),
            Asked::ReadUrl(text) => return Ok(Asked::ReadUrl(text)),
        }
    }
    options.location_id = js.location_id;
    if let Some(ms) = js.timeout_ms {
        options.timeout_ms = ms.0;
    }
    if let Some(bytes) = js.max_response_bytes {
        options.max_response_bytes = bytes.0;
    }
    if let Some(retry) = js.retry {
        let default = RetryPolicy::default();
        options.retry = RetryPolicy {
            max_retries: retry.max_retries.map_or(default.max_retries, Ranged::u32),
            base_delay_ms: retry.base_delay_ms.map_or(default.base_delay_ms, |ms| ms.0),
            max_delay_ms: retry.max_delay_ms.map_or(default.max_delay_ms, |ms| ms.0),
        };
    }
    match js.rate_limit {
        None | Some(JsRateLimit::Switch(true)) => {}
        Some(JsRateLimit::Switch(false)) => options.rate_limit = None,
        Some(JsRateLimit::Limit { per_minute, burst }) => {
            let Some(per_minute) = per_minute else {
                return Err(Error::invalid_input(vec![Violation::new("rateLimit.perMinute", "required", "rateLimit.perMinute is required (or use false to turn the limit off)")]));
            };
            let mut limit = RateLimit::per_minute(per_minute.u32_from_1());
            if let Some(burst) = burst {
                limit.burst = burst.u32_from_1();
            }
            options.rate_limit = Some(limit);
        }
    }
    // Checked by `ClientState::new`, which every caller hands the options to.
    Ok(Asked::Done(options))
}

/// `error` with the `apiKey` the options give (if they give one as a string) removed.
fn redact_given_key(error: Error, doc: &Value) -> Error {
    match doc.get("apiKey") {
        Some(Value::String(key)) if !key.is_empty() => error.redact(key),
        _ => error,
    }
}

/// The options of `send` and of the channel helpers: `{ signal? }`.
struct SendOptions;

impl FromJson for SendOptions {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        if let Value::Null = value {
            return Some(SendOptions);
        }
        let v = known_object(value, path, &["signal"], r)?;
        let _: Option<JsSignal> = r.field(v, path, "signal");
        Some(SendOptions)
    }
}

/// Checks the options of `send` and the channel helpers (`null` for none).
///
/// # Errors
///
/// `invalid_input` with every violation of the options.
pub fn check_send(doc: &Value) -> Result<(), Error> {
    from_value::<SendOptions>(doc).map(|_| ())
}

/// The options of `sendMany`: `{ concurrency?, onProgress?, signal? }`.
struct SendManyOptions {
    concurrency: Option<Ranged>,
}

impl FromJson for SendManyOptions {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        if let Value::Null = value {
            return Some(SendManyOptions { concurrency: None });
        }
        let v = known_object(value, path, &["concurrency", "onProgress", "signal"], r)?;
        let _: Option<JsSignal> = r.field(v, path, "signal");
        let _: Option<JsFunction> = r.field(v, path, "onProgress");
        Some(SendManyOptions { concurrency: r.field(v, path, "concurrency") })
    }
}

/// The most messages one `sendMany` of the npm package takes. Why a bound: every message
/// is read, checked and built in the call (about 10 µs each, synchronously), and a
/// JavaScript array's `length` is not its contents: `[].length = 2 ** 32 - 1` made a
/// result for each of four billion holes (the heap ran out). 100,000 messages are already
/// hours of sending at a vendor's rate limit. (The Rust client takes a slice of messages
/// already built, and has no such bound.)
pub const MAX_MESSAGES: usize = 100_000;

/// Checks a `sendMany` of `count` messages and its options (`null` for none), and returns
/// its settings.
///
/// # Errors
///
/// `invalid_input` with every violation: the count's (at most [`MAX_MESSAGES`]) and the
/// options'.
pub fn check_send_many(doc: &Value, count: usize) -> Result<BulkOptions, Error> {
    let options = from_value::<SendManyOptions>(doc).and_then(|o| match o.concurrency {
        Some(n) => BulkOptions::with_concurrency(n.0),
        None => Ok(BulkOptions::default()),
    });
    if count <= MAX_MESSAGES {
        return options;
    }
    let message = crate::text!("sendMany takes at most ", MAX_MESSAGES, " messages at once, not ", count, ": send them in batches");
    let mut all = vec![Violation::new("messages", crate::validate::codes::TOO_MANY, message)];
    if let Err(e) = options {
        crate::error::extend_violations(&mut all, e.into_violations());
    }
    Err(Error::invalid_input(all))
}

/// A `page` or a `limit` of a paged read: a whole number from 1 that fits 32 bits, the
/// paging rule ([`crate::request::history`]'s) applied as it is read, so that every
/// argument's violation is reported at once. A whole number out of that range is
/// `out_of_range`; a fraction or anything but a number is `invalid_type`.
pub(crate) struct Paging(u32);

impl Paging {
    /// The value of an optional `page` or `limit` member.
    pub(crate) fn of(read: Option<Paging>) -> Option<u32> {
        read.map(|p| p.0)
    }
}

impl FromJson for Paging {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        match value {
            Value::Number(n) => {
                let field = crate::text!(path);
                let whole = n.whole();
                match whole.ok().flatten().and_then(|n| u32::try_from(n).ok()) {
                    Some(n) => match crate::request::history::paging_violation(&field, n) {
                        None => return Some(Paging(n)),
                        Some(v) => r.problem(v.field, v.code, v.message),
                    },
                    None => {
                        let code = if whole.is_ok() { crate::validate::codes::OUT_OF_RANGE } else { "invalid_type" };
                        let message = crate::text!(field, " must be a whole number from 1 to ", u32::MAX);
                        r.problem(field, code, message);
                    }
                }
                None
            }
            other => {
                r.wrong_type(path, "a whole number", other);
                None
            }
        }
    }
}

/// History arguments, one JSON object: `{ contactId, options }`, where `options` is the
/// caller's `{ page?, limit?, searchText?, signal? }` or `null` (the signal as JS marks
/// it: it stays in JS). Kept apart so that an option can never stand in for the id.
struct HistoryArgs {
    contact_id: Option<String>,
    query: HistoryQuery,
}

impl FromJson for HistoryArgs {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        let contact_id: Option<String> = r.field(value, path, "contactId");
        // The id's rule (the one `history_path` applies), as it is read: a bad option must
        // not hide an empty id. (An id of the wrong type is reported as that alone.)
        if matches!(value.get("contactId"), None | Some(Value::Null | Value::String(_))) {
            let mut violations = Vec::new();
            crate::request::encode::check_segment("contactId", contact_id.as_deref().unwrap_or_default(), &mut violations);
            for v in violations {
                r.problem(v.field, v.code, v.message);
            }
        }
        let mut query = HistoryQuery::default();
        match value.get("options") {
            None | Some(Value::Null) => {}
            // Options are named from the root (`limit`, not `options.limit`): the caller
            // wrote them as the second argument.
            Some(options) => {
                known_members(options, &Path::Root, &["page", "limit", "searchText", "signal"], "an option of list/iterate", r)?;
                let _: Option<JsSignal> = r.field(options, &Path::Root, "signal");
                query = HistoryQuery {
                    page: Paging::of(r.field(options, &Path::Root, "page")),
                    limit: Paging::of(r.field(options, &Path::Root, "limit")),
                    search_text: r.field(options, &Path::Root, "searchText"),
                };
            }
        }
        Some(HistoryArgs { contact_id, query })
    }
}

/// A channel helper's call (`client.whatsapp.sendText(message)`: route
/// `whatsapp.sendText`): the message's channel and type are the helper's. A message that
/// names another channel or type is refused on that field ("whatsapp.sendText sends
/// channel \"whatsapp\": leave channel out or give \"whatsapp\""); one that names none
/// gets them. (The message does not quote what the caller gave, which may be anything of
/// any length: quoting it, clipped, cost the sending engine 0.15 KB gzip.)
///
/// # Errors
///
/// `invalid_input` on `channel` or `type` for a message of another channel or type, and
/// an `internal` violation for a route that is no helper (the JS side's bug).
pub fn route_message(input: &mut crate::MessageInput, route: &str) -> Result<(), Error> {
    // Byte-wise (crate::text): `str::split_once` would bring core's memchr into the .wasm.
    let (channel, method) = crate::text::split_once(route, ".").unwrap_or((route, ""));
    let kind = match method {
        "sendText" => "text",
        "sendMedia" => "media",
        "sendTemplate" => "template",
        _ => "",
    };
    if kind.is_empty() || crate::Channel::parse(channel).is_none() {
        let message = crate::text!("no channel helper is called ", route);
        return Err(Error::invalid_input(vec![Violation::new("", "internal", message)]));
    }
    for (field, given, wanted) in [("channel", &mut input.channel, channel), ("type", &mut input.kind, kind)] {
        match given {
            Some(given) if given != wanted => {
                let message = crate::text!(route, " sends ", field, " \"", wanted, "\": leave ", field, " out or give \"", wanted, '"');
                return Err(Error::invalid_input(vec![Violation::new(field, crate::validate::codes::INVALID_VALUE, message)]));
            }
            _ => *given = Some(wanted.to_owned()),
        }
    }
    Ok(())
}

/// The arguments of `messages.list` / `messages.iterate` as one JSON object
/// `{ contactId, options }`: the contact id and the query. An absent contact id is the
/// core's `contactId` violation (same as an empty one).
///
/// # Errors
///
/// `invalid_input` with every violation of the arguments.
pub fn history_args(doc: &Value) -> Result<(String, HistoryQuery), Error> {
    let args: HistoryArgs = from_value(doc)?;
    Ok((args.contact_id.unwrap_or_default(), args.query))
}

/// `{ name, value }`: the shared-secret header of `verifyWebhook` and
/// `createWebhookHandler`.
struct JsSecret {
    name: Option<String>,
    value: Option<String>,
}

impl FromJson for JsSecret {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        let v = known_object(value, path, &["name", "value"], r)?;
        Some(JsSecret { name: r.field(v, path, "name"), value: r.field(v, path, "value") })
    }
}

impl JsSecret {
    fn checked(self, path: &str) -> Result<crate::webhook::WebhookSecret, Error> {
        let mut missing = Vec::new();
        for (key, given) in [("name", self.name.is_none()), ("value", self.value.is_none())] {
            if given {
                let field = crate::text!(path, ".", key);
                missing.push(Violation::new(field.clone(), "required", crate::text!(field, " is required")));
            }
        }
        if !missing.is_empty() {
            return Err(Error::invalid_input(missing));
        }
        crate::webhook::WebhookSecret::new(self.name.as_deref().unwrap_or_default(), self.value.as_deref().unwrap_or_default())
    }
}

/// `verifyWebhook(headers, secret)`'s `secret` (`{ name, value }`, as JSON), checked.
///
/// # Errors
///
/// `invalid_input` naming `secret`, `secret.name` or `secret.value`.
pub fn webhook_secret(json: &str) -> Result<crate::webhook::WebhookSecret, Error> {
    struct Wrapped(JsSecret);
    impl FromJson for Wrapped {
        fn from_json(value: &Value, _: &Path<'_>, r: &mut Reader) -> Option<Self> {
            JsSecret::from_json(value, &Path::Key(&Path::Root, "secret"), r).map(Wrapped)
        }
    }
    from_json::<Wrapped>(json)?.0.checked("secret")
}

/// The options of `createWebhookHandler({ secret?, onEvent, onError?, dedupe?: { size } })`.
struct JsHandlerOptions {
    secret: Option<JsSecret>,
    on_event: Option<JsFunction>,
    dedupe_size: Option<Ranged>,
}

struct JsDedupe(Option<Ranged>);

impl FromJson for JsDedupe {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        let v = known_object(value, path, &["size"], r)?;
        Some(JsDedupe(r.field(v, path, "size")))
    }
}

impl FromJson for JsHandlerOptions {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        let v = known_object(value, path, &["secret", "onEvent", "onError", "dedupe"], r)?;
        let dedupe: Option<JsDedupe> = r.field(v, path, "dedupe");
        let _: Option<JsFunction> = r.field(v, path, "onError");
        // `secret: null` (`config.secret ?? null`) is refused, though `null` is absent for
        // every other option: read as absent, it would make an endpoint that checks no
        // secret, without a word. Leaving the key out is how to ask for that.
        if let Some(null @ Value::Null) = v.get("secret") {
            r.wrong_type(&Path::Key(path, "secret"), "{ name, value } (leave it out for an endpoint that checks no secret)", null);
        }
        Some(JsHandlerOptions { secret: r.field(v, path, "secret"), on_event: r.field(v, path, "onEvent"), dedupe_size: dedupe.and_then(|d| d.0) })
    }
}

/// The largest `dedupe.size`: a million ids is already more than any endpoint's retry
/// window needs. Each remembered id is kept twice (its place in the order, and the map):
/// measured in Node (the engine's memory after 200,000 ids), about 90 bytes for an id of
/// 10 characters and 570 for one of 256, so a million of the vendor's short ids hold some
/// 100 MB, and of the longest remembered ids over 500 MB (README, "Receiving").
pub const MAX_DEDUPE_SIZE: u64 = 1_000_000;

/// The endpoint of `createWebhookHandler(options)` (the options as JSON, `onEvent`
/// marked as a function): its secret and how many handled ids it remembers
/// ([`DEFAULT_DEDUPE_SIZE`](crate::webhook::DEFAULT_DEDUPE_SIZE) unless `dedupe.size`).
///
/// # Errors
///
/// `invalid_input` naming the option: `onEvent` missing or not a function, a bad
/// `secret`, `dedupe.size` not a whole number from 1 to [`MAX_DEDUPE_SIZE`], an unknown key.
pub fn webhook_handler(json: &str) -> Result<crate::webhook::Receiver, Error> {
    let js: JsHandlerOptions = from_json(json)?;
    let mut violations = Vec::new();
    if js.on_event.is_none() {
        violations.push(Violation::new("onEvent", "required", "onEvent is required: the function that handles each event"));
    }
    let size = match js.dedupe_size {
        None => crate::webhook::DEFAULT_DEDUPE_SIZE,
        Some(Ranged(size)) if (1..=MAX_DEDUPE_SIZE).contains(&size) => size as usize,
        Some(_) => {
            violations.push(Violation::new("dedupe.size", "out_of_range", crate::text!("dedupe.size must be a whole number from 1 to ", MAX_DEDUPE_SIZE)));
            0
        }
    };
    let secret = match js.secret.map(|s| s.checked("secret")) {
        Some(Err(error)) => {
            violations.extend(error.into_violations());
            None
        }
        Some(Ok(secret)) => Some(secret),
        None => None,
    };
    if !violations.is_empty() {
        return Err(Error::invalid_input(violations));
    }
    let receiver = crate::webhook::Receiver::new(size);
    Ok(match secret {
        Some(secret) => receiver.with_secret(secret),
        None => receiver,
    })
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// A caller's value as the JS driver hands it over, from its JSON.
    fn doc(json: &str) -> crate::json::Value {
        crate::json::parse_input(json).unwrap()
    }

    /// `engine::js_options::route_message`
    #[test]
    fn a_channel_helper_fills_in_its_channel_and_type_and_refuses_others() {
        use crate::engine::js_options::route_message;
        use crate::MessageInput;
        let mut input = MessageInput { text: Some("hi".into()), ..Default::default() };
        route_message(&mut input, "telegram.sendText").unwrap();
        assert_eq!((input.channel.as_deref(), input.kind.as_deref()), (Some("telegram"), Some("text")));
        // The same channel and type, written out, are fine.
        route_message(&mut input, "telegram.sendText").unwrap();
        let mut other = MessageInput { channel: Some("telegram".into()), ..Default::default() };
        let e = route_message(&mut other, "whatsapp.sendMedia").unwrap_err();
        assert_eq!((e.field(), e.violations()[0].code), (Some("channel"), "invalid_value"));
        assert_eq!(e.message(), r#"whatsapp.sendMedia sends channel "whatsapp": leave channel out or give "whatsapp""#);
        // What the caller gave is not quoted: the message does not grow with it.
        let mut typed = MessageInput { kind: Some("x".repeat(100_000)), ..Default::default() };
        let e = route_message(&mut typed, "messenger.sendTemplate").unwrap_err();
        assert_eq!(e.field(), Some("type"));
        assert_eq!(e.message(), r#"messenger.sendTemplate sends type "template": leave type out or give "template""#);
        for bad in ["whatsapp.send", "sms.sendText", "sendText", ""] {
            let e = route_message(&mut MessageInput::default(), bad).unwrap_err();
            assert_eq!(e.violations()[0].code, "internal", "{bad}");
        }
    }

    /// `engine::js_options::JsFunction`
    #[test]
    fn jsfunction_line_21() {
        use crate::engine::js_options::JsFunction;
        use crate::json::from_json;
        assert!(from_json::<JsFunction>(r#"{"\u0000js":"function"}"#).is_ok());
        assert!(from_json::<JsFunction>(r#""fetch""#).is_err());
    }

    /// `engine::js_options::JsSignal`
    #[test]
    fn jssignal_line_48() {
        use crate::engine::js_options::JsSignal;
        use crate::json::from_json;
        assert!(from_json::<JsSignal>(r#"{"\u0000js":"AbortSignal"}"#).is_ok());
        let Err(e) = from_json::<JsSignal>(r#"{"aborted":false}"#) else { panic!() };
        assert_eq!(e.violations()[0].message, "the value must be an AbortSignal, not an object");
    }

    /// `engine::js_options::client_options`
    #[test]
    fn client_options_line_159() {
        use crate::engine::js_options::client_options;
        use crate::url_read::Asked;
        let done = |json: &str, read: &str| match client_options(&doc(json), read).unwrap() {
            Asked::Done(o) => o,
            Asked::ReadUrl(text) => panic!("asked to read {text}"),
        };
        let o = done(r#"{"apiKey":" sk_1 ","timeoutMs":5000,"rateLimit":{"perMinute":60}}"#, "");
        assert_eq!((o.api_key.expose(), o.timeout_ms, o.rate_limit.unwrap().per_minute), ("sk_1", 5000, 60));
        assert_eq!(client_options(&doc(r#"{"apiKey":"k","timeOutMs":1}"#), "").unwrap_err().field(), Some("timeOutMs"));
        assert_eq!(client_options(&doc(r#"{"apiKey":"k","rateLimit":{}}"#), "").unwrap_err().field(), Some("rateLimit.perMinute"));
        // A host is judged as the driver read it, once it has.
        let json = r#"{"apiKey":"k","host":"HTTP://0x7f.1:80/"}"#;
        assert!(matches!(client_options(&doc(json), "").unwrap(), Asked::ReadUrl(text) if text == "HTTP://0x7f.1:80/"));
        let o = done(json, "http:\n\n\n127.0.0.1\n\n/\n\n\nHTTP://0x7f.1:80/");
        assert_eq!(o.base_url.as_str(), "http://127.0.0.1/v1");
        let o = done(json, "\n\n\n\n\n\n\n\nHTTP://0x7f.1:80/");
        assert_eq!(o.check().unwrap_err().violations()[0].code, "invalid_url");
        assert!(client_options(&doc(json), "https:\n\n\nelsewhere.example\n\n/\n\n\nhttps://elsewhere.example").is_err());
        // An options key that is the key itself: named, but redacted.
        let e = client_options(&doc(r#"{"apiKey":"sk_secret_9","retry":{"sk_secret_9":1}}"#), "").unwrap_err();
        assert_eq!((e.field(), e.message()), (Some("retry.[redacted]"), "retry.[redacted] is not an option (expected one of: maxRetries, baseDelayMs, maxDelayMs)"));
    }

    /// Every number option: a fraction is `invalid_type` where it is read; a whole number
    /// outside the range is the check's `out_of_range`, with the range in its words.
    #[test]
    fn number_options_tell_a_fraction_from_a_number_out_of_range() {
        use crate::engine::js_options::client_options;
        let first = |options: &str| {
            let e = match client_options(&doc(&format!(r#"{{"apiKey":"k",{options}}}"#)), "") {
                Ok(crate::url_read::Asked::Done(o)) => o.check().unwrap_err(),
                Ok(_) => panic!("asked to read a URL"),
                Err(e) => e,
            };
            let v = &e.violations()[0];
            (v.field.clone(), v.code, v.message.clone())
        };
        for (field, json) in [
            ("timeoutMs", r#""timeoutMs":N"#),
            ("maxResponseBytes", r#""maxResponseBytes":N"#),
            ("retry.maxRetries", r#""retry":{"maxRetries":N}"#),
            ("retry.baseDelayMs", r#""retry":{"baseDelayMs":N}"#),
            ("retry.maxDelayMs", r#""retry":{"maxDelayMs":N}"#),
            ("rateLimit.perMinute", r#""rateLimit":{"perMinute":N}"#),
            ("rateLimit.burst", r#""rateLimit":{"perMinute":1,"burst":N}"#),
        ] {
            for fraction in ["1.5", "-0.5", "1e-7", "4294967295.5"] {
                let (f, code, message) = first(&json.replace('N', fraction));
                assert_eq!((f.as_str(), code), (field, "invalid_type"), "{field} {fraction}");
                assert!(message.starts_with(&format!("{field} must be a whole number")), "{message}");
            }
            for outside in ["-1", "4294967296", "1e30", "-1e30"] {
                let (f, code, _) = first(&json.replace('N', outside));
                assert_eq!((f.as_str(), code), (field, "out_of_range"), "{field} {outside}");
            }
        }
        // The rate limit's two numbers: one sentence for every value outside their range,
        // 0 included (the range is what the message says, not the reader's u32).
        for (json, message) in [
            (r#""rateLimit":{"perMinute":N}"#, "rateLimit.perMinute must be a whole number from 1 to 4294967295 (use false to turn the limit off)"),
            (r#""rateLimit":{"perMinute":60,"burst":N}"#, "rateLimit.burst must be a whole number from 1 to 4294967295"),
        ] {
            for outside in ["0", "-1", "4294967296", "1e30"] {
                assert_eq!(first(&json.replace('N', outside)).2, message, "{outside}");
            }
        }
        let (f, code, message) = first(r#""rateLimit":60"#);
        assert_eq!((f.as_str(), code, message.as_str()), ("rateLimit", "invalid_type", "rateLimit must be an object or a boolean, not a number"));
    }

    /// `engine::js_options::check_send`
    #[test]
    fn check_send_line_226() {
        use crate::engine::js_options::check_send;
        assert!(check_send(&doc("null")).is_ok());
        assert!(check_send(&doc(r#"{"signal":{"\u0000js":"AbortSignal"}}"#)).is_ok());
        assert_eq!(check_send(&doc(r#"{"signall":1}"#)).unwrap_err().field(), Some("signall"));
    }

    /// `engine::js_options::check_send_many`
    #[test]
    fn check_send_many_line_255() {
        use crate::engine::js_options::check_send_many;
        assert_eq!(check_send_many(&doc("null"), 3).unwrap().concurrency, 8);
        assert_eq!(check_send_many(&doc(r#"{"concurrency":40}"#), 3).unwrap().concurrency, 40);
        assert_eq!(check_send_many(&doc(r#"{"concurrancy":40}"#), 3).unwrap_err().field(), Some("concurrancy"));
        assert_eq!(check_send_many(&doc(r#"{"concurrency":0.5}"#), 3).unwrap_err().field(), Some("concurrency"));
        // The count: at most MAX_MESSAGES, reported before (and with) the options' violations.
        assert_eq!(check_send_many(&doc("null"), crate::engine::js_options::MAX_MESSAGES).unwrap().concurrency, 8);
        let e = check_send_many(&doc("null"), crate::engine::js_options::MAX_MESSAGES + 1).unwrap_err();
        assert_eq!((e.field(), e.violations()[0].code), (Some("messages"), "too_many"));
        assert_eq!(e.message(), "sendMany takes at most 100000 messages at once, not 100001: send them in batches");
        let both = check_send_many(&doc(r#"{"concurrency":0}"#), 4_294_967_295).unwrap_err();
        let fields: Vec<_> = both.violations().iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["messages", "concurrency"]);
        // A fraction is no whole number; a whole number outside 1 to 1024 is out of range.
        for (json, code) in [(r#"{"concurrency":0.5}"#, "invalid_type"), (r#"{"concurrency":0}"#, "out_of_range"), (r#"{"concurrency":-2}"#, "out_of_range"), (r#"{"concurrency":1025}"#, "out_of_range")] {
            assert_eq!(check_send_many(&doc(json), 1).unwrap_err().violations()[0].code, code, "{json}");
        }
    }

    /// `engine::js_options::history_args`
    #[test]
    fn history_args_line_303() {
        use crate::engine::js_options::history_args;
        let (id, query) = history_args(&doc(r#"{"contactId":"ct_1","options":{"limit":5}}"#)).unwrap();
        assert_eq!((id.as_str(), query.limit), ("ct_1", Some(5)));
        assert_eq!(history_args(&doc(r#"{"contactId":"c","options":{"limt":5}}"#)).unwrap_err().field(), Some("limt"));
    }

    /// A page or limit out of range is refused with the range the paging rule allows: a
    /// whole number outside it as `out_of_range`, a fraction as `invalid_type`.
    #[test]
    fn paging_out_of_range_names_the_range_from_1() {
        use crate::engine::js_options::history_args;
        let cases = [
            (r#"{"limit":-1}"#, "limit", "out_of_range"),
            (r#"{"page":-0.0e0}"#, "page", "out_of_range"),
            (r#"{"page":1.5}"#, "page", "invalid_type"),
            (r#"{"limit":1e-3}"#, "limit", "invalid_type"),
            (r#"{"page":4294967296}"#, "page", "out_of_range"),
            (r#"{"limit":1e30}"#, "limit", "out_of_range"),
            (r#"{"limit":4294967295.5}"#, "limit", "invalid_type"),
        ];
        for (options, field, code) in cases {
            let e = history_args(&doc(&format!(r#"{{"contactId":"c","options":{options}}}"#))).unwrap_err();
            let v = &e.violations()[0];
            assert_eq!(e.violations().len(), 1, "{options}");
            assert_eq!(v.field, field, "{options}");
            assert_eq!(v.code, code, "{options}");
            if code == "invalid_type" || !options.contains("0.0") {
                assert_eq!(v.message, format!("{field} must be a whole number from 1 to 4294967295"), "{options}");
            }
        }
        let (_, query) = history_args(&doc(r#"{"contactId":"c","options":{"page":4294967295,"limit":1}}"#)).unwrap();
        assert_eq!((query.page, query.limit), (Some(u32::MAX), Some(1)));
    }

    /// Every argument's violation comes at once: a page of 0 (the paging rule's own
    /// message) beside a limit out of range, a wrong type and an unknown option.
    #[test]
    fn paging_violations_come_together() {
        use crate::engine::js_options::history_args;
        let e = history_args(&doc(r#"{"contactId":"c","options":{"page":0,"limit":1099511627776}}"#)).unwrap_err();
        let seen: Vec<_> = e.violations().iter().map(|v| (v.field.as_str(), v.code, v.message.as_str())).collect();
        assert_eq!(seen, [("page", "out_of_range", "page starts at 1"), ("limit", "out_of_range", "limit must be a whole number from 1 to 4294967295")]);
        let e = history_args(&doc(r#"{"contactId":"c","options":{"page":-0,"limit":0}}"#)).unwrap_err();
        let seen: Vec<_> = e.violations().iter().map(|v| (v.field.as_str(), v.message.as_str())).collect();
        assert_eq!(seen, [("page", "page starts at 1"), ("limit", "limit must be at least 1")]);
        let e = history_args(&doc(r#"{"contactId":"c","options":{"page":0,"limit":"10"}}"#)).unwrap_err();
        assert_eq!(e.violations().iter().map(|v| (v.field.as_str(), v.code)).collect::<Vec<_>>(), [("page", "out_of_range"), ("limit", "invalid_type")]);
        // The id's rule too: a bad option does not hide an empty or dot-segment id.
        for (id, code) in [(r#"" ""#, "required"), (r#""..""#, "invalid_value"), ("null", "required")] {
            let e = history_args(&doc(&format!(r#"{{"contactId":{id},"options":{{"limit":-1}}}}"#))).unwrap_err();
            assert_eq!(e.violations().iter().map(|v| (v.field.as_str(), v.code)).collect::<Vec<_>>(), [("contactId", code), ("limit", "out_of_range")], "{id}");
        }
        let e = history_args(&doc(r#"{"contactId":7,"options":{"limit":-1}}"#)).unwrap_err();
        assert_eq!(e.violations().iter().map(|v| (v.field.as_str(), v.code)).collect::<Vec<_>>(), [("contactId", "invalid_type"), ("limit", "out_of_range")]);
    }
}

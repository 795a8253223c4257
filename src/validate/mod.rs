//! The rulebook as code: every rule the API or the platforms behind it enforce.
//!
//! [`validate_message`] turns a JS-shaped [`MessageInput`] into an [`OutgoingMessage`], or
//! returns **every** violation at once, each with a field path in JS naming
//! (`to.phoneNumber`, `elements[2].buttons[0].title`), a stable code from [`codes`] and a
//! sentence.
//!
//! Choices where the rulebook is vague (each documented where it is implemented):
//! - no caption rule for media: the API has no caption field;
//! - text limits: `WhatsApp` and Telegram 4096 UTF-16 units, Messenger under 2000 UTF-16
//!   units, Instagram 1000 UTF-8 bytes; whitespace-only text counts as empty;
//! - MIME types: `WhatsApp`, Instagram and Telegram per their published tables,
//!   Messenger any well-formed `type/subtype` (Meta only names the categories);
//! - phone numbers: see [`phone::normalize_phone_number`];
//! - URLs: absolute `http`/`https` (see [`url::is_http_url`]); Telegram buttons also
//!   accept `tg://`.

use crate::prelude::*;

pub(crate) mod button;
pub mod codes;
pub(crate) mod fields;
pub(crate) mod generic_template;
pub(crate) mod media;
pub(crate) mod phone;
pub(crate) mod report;
pub(crate) mod target;
pub(crate) mod telegram;
pub(crate) mod text;
pub(crate) mod url;
pub(crate) mod whatsapp;

use crate::error::{Error, Violation};
use crate::json::Path;
use crate::model::channel::{Channel, MessageKind};
use crate::model::input::MessageInput;
use crate::model::message::{MessageContent, OutgoingMessage};
use crate::model::timestamp;
pub(crate) use report::Report;

pub use media::{allowed_mime_types, mime_essence};
pub use phone::normalize_phone_number;
pub use text::{text_limit, utf16_len, Limit, Unit};
pub use url::{is_http_url, is_telegram_button_url};

/// What validation may assume about its surroundings.
///
/// - `now_ms`: the current unix time in milliseconds; `None` skips the
///   "schedule must lie in the future" check (used by builders, which have no clock).
/// - `default_location_id`: the client's default, used when the message has none.
/// - `require_location`: report `required` on `locationId` when neither the message nor
///   the default gives one. When false, the message is returned without a location and
///   [`crate::request::prepare_send`] resolves it.
///
/// ```
/// use whautomate::validate::ValidationContext;
/// let ctx = ValidationContext::default();
/// assert!(ctx.now_ms.is_none() && !ctx.require_location);
/// let ctx = ValidationContext::at(1_700_000_000_000).with_default_location("loc_1");
/// assert_eq!(ctx.default_location_id.as_deref(), Some("loc_1"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationContext {
    /// Current unix time (ms); `None` = do not check that `scheduleAt` is in the future.
    pub now_ms: Option<i64>,
    /// The client's default location id.
    pub default_location_id: Option<String>,
    /// Whether a location must be known now.
    pub require_location: bool,
}

impl ValidationContext {
    /// A context that checks the schedule against `now_ms` and does not require a location
    /// (what the JS `validate()` uses).
    ///
    /// ```
    /// use whautomate::model::MessageInput;
    /// use whautomate::{validate_message, ValidationContext};
    /// let input: MessageInput = serde_json::from_str(r#"{"channel":"whatsapp","type":"text",
    ///     "to":{"contactId":"c1"},"text":"hi","scheduleAt":"2000-01-01T00:00:00Z"}"#).unwrap();
    /// assert!(validate_message(&input, &ValidationContext::default()).is_ok()); // no clock: not checked
    /// let violations = validate_message(&input, &ValidationContext::at(1_893_456_000_000)).unwrap_err();
    /// assert_eq!((violations[0].field.as_str(), violations[0].code), ("scheduleAt", "in_the_past"));
    /// ```
    #[must_use]
    pub fn at(now_ms: i64) -> Self {
        ValidationContext { now_ms: Some(now_ms), ..Default::default() }
    }

    /// Sets the default location.
    ///
    /// ```
    /// use whautomate::model::MessageInput;
    /// use whautomate::{validate_message, ValidationContext};
    /// let input: MessageInput = serde_json::from_str(
    ///     r#"{"channel":"telegram","type":"text","to":{"contactId":"c1"},"text":"hi"}"#).unwrap();
    /// let ctx = ValidationContext::default().with_default_location("loc_1");
    /// assert_eq!(validate_message(&input, &ctx).unwrap().location_id(), Some("loc_1"));
    /// ```
    #[must_use]
    pub fn with_default_location(mut self, location_id: impl Into<String>) -> Self {
        self.default_location_id = Some(location_id.into());
        self
    }

    /// Sets whether a location is required.
    ///
    /// ```
    /// use whautomate::model::MessageInput;
    /// use whautomate::{validate_message, ValidationContext};
    /// let input: MessageInput = serde_json::from_str(
    ///     r#"{"channel":"telegram","type":"text","to":{"contactId":"c1"},"text":"hi"}"#).unwrap();
    /// let ctx = ValidationContext::default().requiring_location(true);
    /// assert_eq!(validate_message(&input, &ctx).unwrap_err()[0].field, "locationId");
    /// ```
    #[must_use]
    pub fn requiring_location(mut self, require: bool) -> Self {
        self.require_location = require;
        self
    }
}

/// Validates `input` against every hard rule and returns the wire-ready message, or all
/// violations.
///
/// # Errors
///
/// Every violation found, in the order of the message's fields.
///
/// ```
/// use whautomate::model::MessageInput;
/// use whautomate::validate::{validate_message, ValidationContext};
/// let input: MessageInput = serde_json::from_str(r#"{
///     "channel": "telegram", "type": "text",
///     "to": { "phoneNumber": "+16505551234" }, "text": "   "
/// }"#).unwrap();
/// let violations = validate_message(&input, &ValidationContext::default()).unwrap_err();
/// let found: Vec<(&str, &str)> = violations.iter().map(|v| (v.field.as_str(), v.code)).collect();
/// assert_eq!(found, [("to.phoneNumber", "not_allowed"), ("text", "empty")]);
/// ```
pub fn validate_message(input: &MessageInput, ctx: &ValidationContext) -> Result<OutgoingMessage, Vec<Violation>> {
    let mut report = Report::default();
    report.unknown(&Path::Root, &input.unknown_fields);

    let channel = parse_enum(&mut report, "channel", input.channel.as_deref(), Channel::parse, crate::model::channel::CHANNEL_NAMES);
    let kind = parse_enum(&mut report, "type", input.kind.as_deref(), MessageKind::parse, crate::model::channel::KIND_NAMES);

    let target = target::check_target(&mut report, input.to.as_ref(), channel);
    let location_id = check_location(&mut report, input.location_id.as_deref(), ctx);

    let (Some(channel), Some(kind)) = (channel, kind) else {
        // Without channel and kind no content rule applies; what was found so far is
        // all that can be said.
        return Err(report.into_vec());
    };

    fields::check_applicable(&mut report, input, channel, kind);
    let schedule_at_ms = if fields::allows_schedule(channel, kind) {
        check_schedule(&mut report, input.schedule_at.as_deref(), ctx.now_ms)
    } else {
        None
    };

    let content = match kind {
        MessageKind::Text => {
            let text = text::check_required_text(&mut report, &Path::top("text"), input.text.as_deref(), text_limit(channel));
            MessageContent::Text(text)
        }
        MessageKind::Media => {
            let (media_url, mime_type) =
                media::check_media(&mut report, channel, input.media_url.as_deref(), input.mime_type.as_deref());
            MessageContent::Media { media_url, mime_type }
        }
        MessageKind::Template => match channel {
            Channel::WhatsApp => MessageContent::WhatsAppTemplate(whatsapp::check_template(&mut report, input)),
            Channel::Telegram => MessageContent::TelegramTemplate(telegram::check_template(&mut report, input)),
            Channel::Instagram | Channel::Messenger => {
                MessageContent::GenericTemplate(generic_template::check_elements(&mut report, channel, input.elements.as_deref()))
            }
        },
    };

    if report.is_empty() {
        Ok(OutgoingMessage::from_validated(channel, target, location_id, schedule_at_ms, content))
    } else {
        Err(report.into_vec())
    }
}

/// A required enum-like string field: `required` when absent, `invalid_value` when unknown.
fn parse_enum<T>(report: &mut Report, field: &str, value: Option<&str>, parse: fn(&str) -> Option<T>, expected: &str) -> Option<T> {
    match value {
        None => {
            report.add(field, codes::REQUIRED, crate::text!(field, " is required (", expected, ')'));
            None
        }
        Some(raw) => {
            let parsed = parse(raw);
            if parsed.is_none() {
                report.add(field, codes::INVALID_VALUE, crate::text!(field, " must be ", expected));
            }
            parsed
        }
    }
}

/// The message's location, else the context default; `required` only when asked for.
fn check_location(report: &mut Report, given: Option<&str>, ctx: &ValidationContext) -> Option<String> {
    match given {
        Some(id) if crate::text::trim(id).is_empty() => {
            report.add("locationId", codes::EMPTY, "locationId must not be empty");
            None
        }
        Some(id) => Some(id.to_owned()),
        None => {
            let default = ctx.default_location_id.as_deref().filter(|d| !crate::text::trim(d).is_empty());
            if default.is_none() && ctx.require_location {
                report.add("locationId", codes::REQUIRED, "locationId is required: give it on the message or as the client's default");
            }
            default.map(str::to_owned)
        }
    }
}

/// `scheduleAt`: RFC 3339 with `Z` or an offset, and (when the clock is known) in the future.
fn check_schedule(report: &mut Report, value: Option<&str>, now_ms: Option<i64>) -> Option<i64> {
    let raw = value?;
    let Some(ms) = timestamp::parse_rfc3339_ms(crate::text::trim(raw)) else {
        report.add(
            "scheduleAt",
            codes::INVALID_DATETIME,
            "scheduleAt must be an ISO-8601 date-time with Z or an offset, e.g. 2030-01-31T09:00:00Z",
        );
        return None;
    };
    if let Some(now) = now_ms {
        if schedule_passed(ms, now) {
            report.add("scheduleAt", codes::IN_THE_PAST, IN_THE_PAST);
        }
    }
    Some(ms)
}

/// The one rule of a schedule's time: it must lie after `now_ms`. Checked by validation,
/// and again by the client just before each attempt of a scheduled send
/// ([`check_schedule_ahead`]; the npm package's driver has the message validated again).
pub(crate) fn schedule_passed(schedule_at_ms: i64, now_ms: i64) -> bool {
    schedule_at_ms <= now_ms
}

/// What a schedule that passed is told.
pub(crate) const IN_THE_PAST: &str = "scheduleAt must lie in the future";

/// Checks, just before an attempt of a send leaves at `now_ms`, that its schedule (if it
/// has one: [`crate::PreparedRequest::schedule_at_ms`]) still lies ahead. A send that
/// waited past its own schedule (for the rate limit, a retry, or its turn in
/// `send_many`) is not sent with a time in the past.
///
/// # Errors
///
/// `invalid_input` (`scheduleAt`, `in_the_past`), as validation reports it: the send
/// certainly did not leave.
///
/// ```
/// use whautomate::validate::check_schedule_ahead;
/// assert!(check_schedule_ahead(Some(2_000), 1_999).is_ok());
/// assert!(check_schedule_ahead(None, 1_999).is_ok());
/// let e = check_schedule_ahead(Some(2_000), 2_000).unwrap_err();
/// assert_eq!((e.field(), e.violations()[0].code), (Some("scheduleAt"), "in_the_past"));
/// assert!(!e.may_have_been_sent());
/// ```
pub fn check_schedule_ahead(schedule_at_ms: Option<i64>, now_ms: i64) -> Result<(), Error> {
    match passed_violation(schedule_at_ms, now_ms) {
        Some(passed) => Err(Error::invalid_input(vec![passed])),
        None => Ok(()),
    }
}

/// The violation of a schedule that does not lie after `now_ms`, if it has passed: what
/// [`check_schedule_ahead`] and `prepare_send` report. (Validation writes the same through
/// its report, which keeps the npm engine's `.wasm` smaller.)
pub(crate) fn passed_violation(schedule_at_ms: Option<i64>, now_ms: i64) -> Option<Violation> {
    schedule_at_ms.filter(|&at| schedule_passed(at, now_ms)).map(|_| Violation::new("scheduleAt", codes::IN_THE_PAST, IN_THE_PAST))
}

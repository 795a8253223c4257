//! The one error type of the SDK, with a stable code per failure class.
//!
//! Every failure, local or remote, becomes an [`Error`]. Its [`ErrorCode`] is the stable,
//! documented identifier (`invalid_input`, `rate_limited`, ...) that JavaScript sees as
//! `error.code`; `retryable` and `may_have_been_sent` tell a caller what is safe to do next.

use crate::prelude::*;

use core::fmt;

/// Stable identifier of a failure class. The string forms are part of the public API.
///
/// ```
/// use whautomate::ErrorCode;
/// assert_eq!(ErrorCode::RateLimited.as_str(), "rate_limited");
/// assert_eq!(ErrorCode::from_status(403), ErrorCode::Unauthorized);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The message or configuration broke a rule; see [`Error::violations`].
    InvalidInput,
    /// HTTP 403 (or 401): the API key is missing, wrong, or lacks permission.
    Unauthorized,
    /// HTTP 404: unknown location, contact or client.
    NotFound,
    /// HTTP 400: the server rejected the request body or parameters.
    BadRequest,
    /// HTTP 429: over the account's per-minute limit.
    RateLimited,
    /// HTTP 5xx.
    ServerError,
    /// Any other non-2xx status.
    HttpError,
    /// The request failed at the network level (refused, reset, DNS, CORS...).
    Network,
    /// No complete response within the configured timeout.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A 2xx response that is not JSON, or not `{"success": true}` for a send.
    InvalidResponse,
}

impl ErrorCode {
    /// The stable snake_case name of this code.
    ///
    /// ```
    /// assert_eq!(whautomate::ErrorCode::InvalidInput.as_str(), "invalid_input");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::NotFound => "not_found",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ServerError => "server_error",
            ErrorCode::HttpError => "http_error",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Aborted => "aborted",
            ErrorCode::InvalidResponse => "invalid_response",
        }
    }

    /// The code for a non-2xx HTTP status.
    ///
    /// ```
    /// use whautomate::ErrorCode;
    /// assert_eq!(ErrorCode::from_status(503), ErrorCode::ServerError);
    /// assert_eq!(ErrorCode::from_status(418), ErrorCode::HttpError);
    /// ```
    pub const fn from_status(status: u16) -> ErrorCode {
        match status {
            400 => ErrorCode::BadRequest,
            401 | 403 => ErrorCode::Unauthorized,
            404 => ErrorCode::NotFound,
            429 => ErrorCode::RateLimited,
            500..=599 => ErrorCode::ServerError,
            _ => ErrorCode::HttpError,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken rule: where (`field`, a path such as `elements[2].buttons[0].title`), which
/// rule (`code`, stable snake_case), and a sentence for humans.
///
/// ```
/// use whautomate::Violation;
/// let v = Violation::new("to.phoneNumber", "invalid_phone_number", "not a valid E.164 number");
/// assert_eq!(v.to_string(), "to.phoneNumber: not a valid E.164 number");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Path of the offending field in the JavaScript-shaped message.
    pub field: String,
    /// Stable snake_case identifier of the rule.
    pub code: &'static str,
    /// Human-readable explanation.
    pub message: String,
}

impl Violation {
    /// A violation at `field` of rule `code`.
    ///
    /// ```
    /// use whautomate::Violation;
    /// let v = Violation::new("elements[0].title", "required", "elements[0].title is required");
    /// assert_eq!((v.field.as_str(), v.code), ("elements[0].title", "required"));
    /// ```
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Violation { field: field.into(), code, message: message.into() }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The SDK's error: a stable [`ErrorCode`] plus what a caller needs to decide what next.
///
/// It never holds the API key: messages are built from status codes, field paths and the
/// server's own error text only.
///
/// ```
/// use whautomate::{Error, ErrorCode};
/// let e = Error::from_status(429, Some(r#"{"message":"Too Many Requests"}"#.into()), true);
/// assert_eq!(e.code(), ErrorCode::RateLimited);
/// assert!(e.retryable());
/// assert!(!e.may_have_been_sent());
/// assert_eq!(e.message(), "Too Many Requests");
/// ```
#[derive(Clone, PartialEq)]
pub struct Error(Box<Details>);

/// What an [`Error`] holds. Boxed: an error is rare and large (some 60 bytes), and a
/// `Result` that carried it inline would move all of it through every `?` on the way,
/// success or not.
#[derive(Debug, Clone, PartialEq)]
struct Details {
    code: ErrorCode,
    message: String,
    status: Option<u16>,
    violations: Vec<Violation>,
    body: Option<String>,
    retryable: bool,
    may_have_been_sent: bool,
    retry_after_ms: Option<u64>,
}

/// Prints the fields as `#[derive(Debug)]` on the unboxed struct did.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        f.debug_struct("Error")
            .field("code", &d.code)
            .field("message", &d.message)
            .field("status", &d.status)
            .field("violations", &d.violations)
            .field("body", &d.body)
            .field("retryable", &d.retryable)
            .field("may_have_been_sent", &d.may_have_been_sent)
            .field("retry_after_ms", &d.retry_after_ms)
            .finish()
    }
}

impl Error {
    /// A bare error of `code` with a message; every other attribute empty or false.
    ///
    /// ```
    /// use whautomate::{Error, ErrorCode};
    /// let e = Error::new(ErrorCode::Timeout, "no response");
    /// assert_eq!(e.to_string(), "timeout: no response");
    /// assert!(e.status().is_none() && !e.retryable() && !e.may_have_been_sent());
    /// ```
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error(Box::new(Details {
            code,
            message: message.into(),
            status: None,
            violations: Vec::new(),
            body: None,
            retryable: false,
            may_have_been_sent: false,
            retry_after_ms: None,
        }))
    }

    /// Local validation failure carrying every violation (never sent, never retryable).
    ///
    /// ```
    /// use whautomate::{Error, Violation};
    /// let e = Error::invalid_input(vec![Violation::new("text", "required", "text is required")]);
    /// assert_eq!(e.field(), Some("text"));
    /// assert_eq!(e.message(), "text is required");
    /// ```
    pub fn invalid_input(violations: Vec<Violation>) -> Self {
        // The sentences name their field already ("text is required"), so the message is
        // the first sentence, not "field: sentence".
        let message = match (violations.first(), violations.len()) {
            (None, _) => "invalid input".to_owned(),
            (Some(first), 1) => first.message.clone(),
            (Some(first), n) => crate::text!(first.message, " (and ", n - 1, " more)"),
        };
        let mut error = Error::new(ErrorCode::InvalidInput, message);
        error.0.violations = violations;
        error
    }

    /// An error for a non-2xx HTTP response. `body` is the raw response text; its
    /// `message` or `error` key, when present, becomes the error message.
    /// `is_send` marks a POST send: a 5xx may then have delivered the message.
    ///
    /// Retryable: 429 always (the server refused before doing anything); 5xx only for
    /// reads, since a send has no idempotency key and could be delivered twice.
    ///
    /// ```
    /// use whautomate::{Error, ErrorCode};
    /// let e = Error::from_status(404, Some(r#"{"error":"Invalid locationId"}"#.into()), true);
    /// assert_eq!((e.code(), e.status(), e.message()), (ErrorCode::NotFound, Some(404), "Invalid locationId"));
    /// assert_eq!(e.to_string(), "not_found (404): Invalid locationId");
    /// // A 5xx: a send may have been delivered and is not retryable; a read is.
    /// assert!(Error::from_status(502, None, true).may_have_been_sent());
    /// assert!(!Error::from_status(502, None, true).retryable());
    /// assert!(Error::from_status(502, None, false).retryable());
    /// ```
    pub fn from_status(status: u16, body: Option<String>, is_send: bool) -> Self {
        let code = ErrorCode::from_status(status);
        let server_text = body.as_deref().and_then(server_message);
        let message = match server_text {
            Some(text) => text,
            None => crate::text!("HTTP ", status),
        };
        let server_error = code == ErrorCode::ServerError;
        let mut error = Error::new(code, message);
        let d = &mut error.0;
        d.status = Some(status);
        d.body = body;
        d.retryable = code == ErrorCode::RateLimited || (server_error && !is_send);
        // A 4xx is the server refusing the request; a 5xx or an unexpected status (say, a
        // redirect fetch did not follow) leaves the outcome unknown.
        d.may_have_been_sent = is_send && (server_error || !(400..500).contains(&status));
        error
    }

    /// The stable code.
    ///
    /// ```
    /// use whautomate::{Error, ErrorCode};
    /// assert_eq!(Error::from_status(403, None, false).code(), ErrorCode::Unauthorized);
    /// ```
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }
    /// The human-readable message (never contains the API key).
    ///
    /// ```
    /// use whautomate::Error;
    /// assert_eq!(Error::from_status(500, None, false).message(), "HTTP 500");
    /// assert_eq!(Error::from_status(400, Some(r#"{"message":"Bad phone"}"#.into()), true).message(), "Bad phone");
    /// ```
    pub fn message(&self) -> &str {
        &self.0.message
    }
    /// HTTP status, when a response arrived.
    ///
    /// ```
    /// use whautomate::{Error, ErrorCode};
    /// assert_eq!(Error::from_status(429, None, true).status(), Some(429));
    /// assert_eq!(Error::new(ErrorCode::Network, "reset").status(), None);
    /// ```
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }
    /// Every violation, for [`ErrorCode::InvalidInput`].
    ///
    /// ```
    /// use whautomate::{Error, Violation};
    /// let e = Error::invalid_input(vec![
    ///     Violation::new("to", "required", "to is required"),
    ///     Violation::new("text", "required", "text is required"),
    /// ]);
    /// assert_eq!(e.violations().len(), 2);
    /// assert_eq!(e.message(), "to is required (and 1 more)");
    /// ```
    pub fn violations(&self) -> &[Violation] {
        &self.0.violations
    }
    /// Every violation, taken out of the error (no copy).
    pub(crate) fn into_violations(self) -> Vec<Violation> {
        self.0.violations
    }
    /// The first violation's field path.
    ///
    /// ```
    /// use whautomate::{Error, ErrorCode, Violation};
    /// let e = Error::invalid_input(vec![Violation::new("to.contactId", "empty", "to.contactId must not be empty")]);
    /// assert_eq!(e.field(), Some("to.contactId"));
    /// assert_eq!(Error::new(ErrorCode::Timeout, "late").field(), None);
    /// ```
    pub fn field(&self) -> Option<&str> {
        self.0.violations.first().map(|v| v.field.as_str())
    }
    /// The server's raw error body, when there was one.
    ///
    /// ```
    /// use whautomate::Error;
    /// assert_eq!(Error::from_status(502, Some("<html>Bad gateway</html>".into()), false).body(), Some("<html>Bad gateway</html>"));
    /// assert_eq!(Error::from_status(502, None, false).body(), None);
    /// ```
    pub fn body(&self) -> Option<&str> {
        self.0.body.as_deref()
    }
    /// Safe to send again without risking a duplicate.
    ///
    /// ```
    /// use whautomate::Error;
    /// assert!(Error::from_status(429, None, true).retryable());
    /// assert!(!Error::from_status(400, None, true).retryable());
    /// ```
    pub fn retryable(&self) -> bool {
        self.0.retryable
    }
    /// For sends: whether the message could have reached the server.
    ///
    /// ```
    /// use whautomate::Error;
    /// assert!(Error::from_status(500, None, true).may_have_been_sent());
    /// assert!(!Error::from_status(429, None, true).may_have_been_sent());
    /// assert!(!Error::from_status(500, None, false).may_have_been_sent()); // not a send
    /// ```
    pub fn may_have_been_sent(&self) -> bool {
        self.0.may_have_been_sent
    }
    /// The server's `Retry-After`, in milliseconds, when it sent one.
    ///
    /// ```
    /// use whautomate::Error;
    /// let e = Error::from_status(429, None, true);
    /// assert_eq!(e.retry_after_ms(), None);
    /// assert_eq!(e.with_retry_after_ms(Some(2_000)).retry_after_ms(), Some(2_000));
    /// ```
    pub fn retry_after_ms(&self) -> Option<u64> {
        self.0.retry_after_ms
    }

    /// Sets `retryable`.
    ///
    /// ```
    /// use whautomate::{Error, ErrorCode};
    /// assert!(Error::new(ErrorCode::Network, "reset").with_retryable(true).retryable());
    /// ```
    #[must_use]
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.0.retryable = retryable;
        self
    }
    /// Sets `may_have_been_sent`.
    ///
    /// ```
    /// use whautomate::{Error, ErrorCode};
    /// let e = Error::new(ErrorCode::Timeout, "late").with_may_have_been_sent(true);
    /// assert!(e.may_have_been_sent());
    /// ```
    #[must_use]
    pub fn with_may_have_been_sent(mut self, may: bool) -> Self {
        self.0.may_have_been_sent = may;
        self
    }
    /// Sets the HTTP status.
    ///
    /// ```
    /// use whautomate::{Error, ErrorCode};
    /// let e = Error::new(ErrorCode::InvalidResponse, "not JSON").with_status(Some(200));
    /// assert_eq!(e.status(), Some(200));
    /// assert_eq!(e.to_string(), "invalid_response (200): not JSON");
    /// ```
    #[must_use]
    pub fn with_status(mut self, status: Option<u16>) -> Self {
        self.0.status = status;
        self
    }
    /// Sets the server's raw response body.
    ///
    /// ```
    /// use whautomate::{Error, ErrorCode};
    /// let e = Error::new(ErrorCode::InvalidResponse, "not JSON").with_body(Some("<html>".into()));
    /// assert_eq!(e.body(), Some("<html>"));
    /// ```
    #[must_use]
    pub fn with_body(mut self, body: Option<String>) -> Self {
        self.0.body = body;
        self
    }
    /// Replaces every occurrence of `secret` in the message and body with `[redacted]`.
    ///
    /// Errors carry text the SDK did not write (a server's error body, a fetch failure's
    /// message); a server that echoes the request's `x-api-key`, or a fetch wrapper that
    /// quotes its headers, must not make the key appear in an error. Secrets shorter than
    /// 4 characters are left alone (they would mangle ordinary text, and are not keys).
    ///
    /// ```
    /// use whautomate::Error;
    /// let e = Error::from_status(403, Some(r#"{"message":"bad key sk_123456"}"#.into()), true);
    /// let e = e.redact("sk_123456");
    /// assert_eq!(e.message(), "bad key [redacted]");
    /// assert_eq!(e.body(), Some(r#"{"message":"bad key [redacted]"}"#));
    /// ```
    #[must_use]
    pub fn redact(mut self, secret: &str) -> Self {
        if secret.len() >= 4 {
            redact_in(&mut self.0.message, secret);
            if let Some(body) = &mut self.0.body {
                redact_in(body, secret);
            }
        }
        self
    }

    /// Sets the server's `Retry-After`, in milliseconds.
    ///
    /// ```
    /// use whautomate::Error;
    /// let e = Error::from_status(429, None, true).with_retry_after_ms(Some(1_500));
    /// assert_eq!(e.retry_after_ms(), Some(1_500));
    /// ```
    #[must_use]
    pub fn with_retry_after_ms(mut self, ms: Option<u64>) -> Self {
        self.0.retry_after_ms = ms;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.status {
            Some(status) => write!(f, "{} ({}): {}", self.0.code, status, self.0.message),
            None => write!(f, "{}: {}", self.0.code, self.0.message),
        }
    }
}

impl core::error::Error for Error {}

/// Replaces every `secret` in `text` with `[redacted]` (no copy when there is none).
fn redact_in(text: &mut String, secret: &str) {
    if crate::text::find(text, secret).is_some() {
        *text = crate::text::replace_all(text, secret, "[redacted]");
    }
}

/// Convenience alias for results of this crate.
///
/// ```
/// use whautomate::{ApiKey, Result};
/// fn key(text: &str) -> Result<ApiKey> {
///     ApiKey::new(text)
/// }
/// assert!(key("sk_1").is_ok());
/// assert!(key("").is_err());
/// ```
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// The server's error text: the `message` or `error` key of a JSON object body
/// (the vendor documents both, see domain-rules A4).
fn server_message(body: &str) -> Option<String> {
    let value = crate::json::parse(body).ok()?;
    ["message", "error"].into_iter().find_map(|key| match value.get(key) {
        Some(crate::json::Value::String(text)) if !text.is_empty() => Some(text.clone()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_map_to_the_documented_codes() {
        let cases = [
            (400, ErrorCode::BadRequest),
            (403, ErrorCode::Unauthorized),
            (404, ErrorCode::NotFound),
            (429, ErrorCode::RateLimited),
            (500, ErrorCode::ServerError),
            (502, ErrorCode::ServerError),
            (409, ErrorCode::HttpError),
        ];
        for (status, code) in cases {
            assert_eq!(Error::from_status(status, None, true).code(), code, "status {status}");
        }
    }

    #[test]
    fn server_text_comes_from_message_or_error_key() {
        let e = Error::from_status(404, Some(r#"{"error":"Invalid locationId"}"#.into()), true);
        assert_eq!(e.message(), "Invalid locationId");
        let e = Error::from_status(403, Some(r#"{"message":"Forbidden"}"#.into()), true);
        assert_eq!(e.message(), "Forbidden");
        let e = Error::from_status(500, Some("<html>oops</html>".into()), false);
        assert_eq!(e.message(), "HTTP 500");
        assert_eq!(e.body(), Some("<html>oops</html>"));
    }

    #[test]
    fn send_failures_say_whether_the_message_may_have_been_sent() {
        assert!(Error::from_status(500, None, true).may_have_been_sent());
        assert!(!Error::from_status(500, None, true).retryable());
        assert!(Error::from_status(500, None, false).retryable());
        for status in [400, 401, 403, 404, 409, 422, 429] {
            assert!(!Error::from_status(status, None, true).may_have_been_sent(), "{status}");
        }
        assert!(Error::from_status(302, None, true).may_have_been_sent());
    }
}

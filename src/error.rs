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
/// assert_eq!(ErrorCode::from_status(302), ErrorCode::HttpError);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive] // new failure classes may come (a `match` needs a `_` arm)
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
    /// Any other non-2xx status, among them a redirect (3xx, or a browser's opaque
    /// redirect): the SDK never follows one, so the API key never goes to another origin.
    HttpError,
    /// The request failed at the network level (refused, reset, DNS, CORS...).
    Network,
    /// No complete response within the configured timeout.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A 2xx response that is not JSON, or not `{"success": true}` for a send; or a
    /// status outside 100..=599, which no HTTP server sends (a custom fetch's made-up
    /// response).
    InvalidResponse,
}

impl ErrorCode {
    /// The stable `snake_case` name of this code.
    ///
    /// ```
    /// assert_eq!(whautomate::ErrorCode::InvalidInput.as_str(), "invalid_input");
    /// ```
    #[must_use]
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

    /// The code for a non-2xx HTTP status; a status outside 100..=599 is no HTTP status
    /// at all, and gets [`ErrorCode::InvalidResponse`].
    ///
    /// ```
    /// use whautomate::ErrorCode;
    /// assert_eq!(ErrorCode::from_status(503), ErrorCode::ServerError);
    /// assert_eq!(ErrorCode::from_status(418), ErrorCode::HttpError);
    /// assert_eq!(ErrorCode::from_status(301), ErrorCode::HttpError);
    /// assert_eq!(ErrorCode::from_status(0), ErrorCode::InvalidResponse);
    /// assert_eq!(ErrorCode::from_status(999), ErrorCode::InvalidResponse);
    /// ```
    #[must_use]
    pub const fn from_status(status: u16) -> ErrorCode {
        match status {
            400 => ErrorCode::BadRequest,
            401 | 403 => ErrorCode::Unauthorized,
            404 => ErrorCode::NotFound,
            429 => ErrorCode::RateLimited,
            500..=599 => ErrorCode::ServerError,
            100..=499 => ErrorCode::HttpError,
            _ => ErrorCode::InvalidResponse,
        }
    }
}

/// Serialises as the stable name ([`ErrorCode::as_str`]).
///
/// ```
/// assert_eq!(serde_json::to_string(&whautomate::ErrorCode::RateLimited).unwrap(), r#""rate_limited""#);
/// ```
impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every code's name, in [`ErrorCode::ALL`]'s order: made from it at compile time, so the
/// names are written once (`as_str`).
const CODE_NAMES: [&str; 11] = {
    let mut names = [""; 11];
    let mut i = 0;
    while i < names.len() {
        names[i] = ErrorCode::ALL[i].as_str();
        i += 1;
    }
    names
};

impl ErrorCode {
    /// Every code, in declaration order.
    const ALL: [ErrorCode; 11] = [
        ErrorCode::InvalidInput,
        ErrorCode::Unauthorized,
        ErrorCode::NotFound,
        ErrorCode::BadRequest,
        ErrorCode::RateLimited,
        ErrorCode::ServerError,
        ErrorCode::HttpError,
        ErrorCode::Network,
        ErrorCode::Timeout,
        ErrorCode::Aborted,
        ErrorCode::InvalidResponse,
    ];

    /// The code of a stable name ([`ErrorCode::as_str`]), exactly as written; `None` for
    /// any other text (a code a later version added, say).
    ///
    /// ```
    /// use whautomate::ErrorCode;
    /// assert_eq!(ErrorCode::parse("rate_limited"), Some(ErrorCode::RateLimited));
    /// assert_eq!(ErrorCode::parse("RATE_LIMITED"), None);
    /// ```
    #[must_use]
    pub fn parse(name: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|code| code.as_str() == name)
    }
}

/// `"not_found".parse::<ErrorCode>()`: [`ErrorCode::parse`], with a typed error (for a
/// code read back from a log or a queue).
///
/// ```
/// use whautomate::ErrorCode;
/// assert_eq!("not_found".parse::<ErrorCode>().unwrap(), ErrorCode::NotFound);
/// let e = "nope".parse::<ErrorCode>().unwrap_err();
/// assert_eq!(e.field(), Some("code"));
/// for code in ["invalid_input", "rate_limited", "invalid_response"] {
///     assert!(e.violations()[0].message.contains(code));
/// }
/// ```
impl core::str::FromStr for ErrorCode {
    type Err = Error;

    fn from_str(name: &str) -> Result<ErrorCode, Error> {
        ErrorCode::parse(name).ok_or_else(|| Error::invalid_input(vec![Violation::new("code", "invalid_value", crate::text!("code must be one of ", CODE_NAMES.join(", ")))]))
    }
}

/// Deserialises from the stable name, as it serialises.
///
/// ```
/// use whautomate::ErrorCode;
/// let code: ErrorCode = serde_json::from_str(r#""timeout""#).unwrap();
/// assert_eq!((code, serde_json::to_string(&code).unwrap().as_str()), (ErrorCode::Timeout, r#""timeout""#));
/// assert!(serde_json::from_str::<ErrorCode>(r#""Timeout""#).is_err());
/// ```
impl<'de> serde::Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        ErrorCode::parse(&name).ok_or_else(|| serde::de::Error::unknown_variant(&name, &CODE_NAMES))
    }
}

/// One broken rule: where (`field`, a path such as `elements[2].buttons[0].title`), which
/// rule (`code`, stable `snake_case`), and a sentence for humans.
///
/// ```
/// use whautomate::Violation;
/// let v = Violation::new("to.phoneNumber", "invalid_phone_number", "not a valid E.164 number");
/// assert_eq!(v.to_string(), "to.phoneNumber: not a valid E.164 number");
/// assert_eq!(serde_json::to_string(&v).unwrap(),
///     r#"{"field":"to.phoneNumber","code":"invalid_phone_number","message":"not a valid E.164 number"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    /// Path of the offending field in the JavaScript-shaped message.
    pub field: String,
    /// Stable `snake_case` identifier of the rule.
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

/// The most violations one error lists: past them, one last entry (code `too_many`, no
/// field) says that more were found. Why a bound: 40,000 wrong items in an array took 14 s
/// to report in the npm package's .wasm, whose allocator (`lol_alloc`, chosen for size)
/// frees in time proportional to its free list, which so many kept strings fragment;
/// and no one reads 40,000 violations. Reading and validation go on past it, so that the
/// outcome (an error) is the same.
///
/// ```
/// use whautomate::{validate_message, MessageInput, MAX_VIOLATIONS};
/// // 500 buttons, each without its type or title.
/// let json = format!(r#"{{"channel":"telegram","type":"template","to":{{"contactId":"c1"}},"text":"hi","buttons":[{}]}}"#, vec!["{}"; 500].join(","));
/// let input: MessageInput = serde_json::from_str(&json).unwrap();
/// let violations = validate_message(&input, &Default::default()).unwrap_err();
/// assert_eq!(violations.len(), MAX_VIOLATIONS + 1);
/// assert_eq!(violations.last().unwrap().code, "too_many");
/// ```
pub const MAX_VIOLATIONS: usize = 100;
// The last entry's wording says the number.
const _: () = assert!(MAX_VIOLATIONS == 100);

/// Appends `violation` to `list` up to [`MAX_VIOLATIONS`] (then the `too_many` entry; later
/// ones are dropped). The one way violations are collected, by the JSON reader and the
/// validator alike.
pub(crate) fn push_violation(list: &mut Vec<Violation>, violation: Violation) {
    let found = list.len();
    if found < MAX_VIOLATIONS {
        list.push(violation);
    } else if found == MAX_VIOLATIONS {
        list.push(Violation::new("", crate::validate::codes::TOO_MANY, "more problems than the 100 listed"));
    }
}

/// [`push_violation`] of each of `more`: two lists joined keep the bound.
pub(crate) fn extend_violations(list: &mut Vec<Violation>, more: Vec<Violation>) {
    for violation in more {
        push_violation(list, violation);
    }
}

/// Whether `list` takes no more violations (see [`push_violation`]): a caller can skip
/// writing one.
pub(crate) fn violations_full(list: &[Violation]) -> bool {
    list.len() > MAX_VIOLATIONS
}

impl crate::json::ToJson for Violation {
    /// `{"field","code","message"}`: how the npm package hands violations to JavaScript.
    fn write_json(&self, out: &mut String) {
        let mut o = crate::json::ObjectWriter::new(out);
        o.str("field", &self.field).str("code", self.code).str("message", &self.message);
        o.end();
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The SDK's error: a stable [`ErrorCode`] plus what a caller needs to decide what next.
///
/// It never holds the API key once [redacted](Error::redact) (the client redacts every
/// error it returns): messages are built from status codes, field paths and the server's
/// own error text only.
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
            // What is logged: one line, whatever the text it quotes (see `one_line`).
            message: crate::text::one_line(message.into()),
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
    #[must_use]
    pub fn invalid_input(violations: Vec<Violation>) -> Self {
        // The sentences name their field already ("text is required"), so the message is
        // the first sentence, not "field: sentence".
        let message = match (violations.first(), violations.len()) {
            (None, _) => "invalid input".to_owned(),
            (Some(first), 1) => first.message.clone(),
            // Past the bound (see `MAX_VIOLATIONS`), the count is a floor: "100+".
            (Some(first), n) => crate::text!(first.message, " (and ", n - 1, if n > MAX_VIOLATIONS { "+ more)" } else { " more)" }),
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
    /// A redirect (3xx) is the error of [`Error::redirect`], with its status: never
    /// followed, never retried, not sent. A status outside 100..=599 (a custom fetch
    /// returning status 0 or 999) is `invalid_response`, not retryable, and may have been
    /// sent: whatever answered, the request went out.
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
    /// // A redirect: not followed, so not sent either.
    /// let e = Error::from_status(302, Some("<a href=\"https://elsewhere\">".into()), true);
    /// assert_eq!((e.code(), e.status()), (ErrorCode::HttpError, Some(302)));
    /// assert!(!e.may_have_been_sent() && !e.retryable());
    /// assert!(e.message().starts_with("HTTP 302: the server answered with a redirect"));
    /// // No HTTP status at all.
    /// let e = Error::from_status(999, None, true);
    /// assert_eq!((e.code(), e.status()), (ErrorCode::InvalidResponse, Some(999)));
    /// assert!(e.may_have_been_sent() && !e.retryable());
    /// assert!(e.message().contains("999"));
    /// ```
    #[must_use]
    pub fn from_status(status: u16, body: Option<String>, is_send: bool) -> Self {
        let parsed = body.as_deref().and_then(|body| crate::json::parse(body).ok());
        Error::from_status_parsed(status, body, parsed.as_ref(), is_send)
    }

    /// [`Error::from_status`] with the body parsed already (`parsed`: `None` when it is no
    /// JSON): the npm package's driver parses it with `JSON.parse` and hands it over as a
    /// tape ([`crate::json::tape`]), so that its engine carries no JSON parser.
    pub(crate) fn from_status_parsed(status: u16, body: Option<String>, parsed: Option<&crate::json::Value>, is_send: bool) -> Self {
        let code = ErrorCode::from_status(status);
        let redirect = (300..400).contains(&status);
        let message = if redirect {
            redirect_message(Some(status))
        } else if code == ErrorCode::InvalidResponse {
            crate::text!("the response has status ", status, ", which is no HTTP status (100-599)")
        } else {
            match parsed.and_then(server_message) {
                Some(text) => text,
                None => crate::text!("HTTP ", status),
            }
        };
        let server_error = code == ErrorCode::ServerError;
        let mut error = Error::new(code, message);
        let d = &mut error.0;
        d.status = Some(status);
        d.body = body;
        d.retryable = code == ErrorCode::RateLimited || (server_error && !is_send);
        // A 4xx is the server refusing the request, and a redirect is only a pointer
        // elsewhere that the SDK does not follow; a 5xx, a 1xx or a status no server sends
        // leaves the outcome unknown.
        d.may_have_been_sent = is_send && !redirect && (server_error || !(400..500).contains(&status));
        error
    }

    /// The error of a response whose body was too large to read
    /// ([`TransportError::BodyTooLarge`](crate::TransportError::BodyTooLarge)): the status
    /// decides as in [`Error::from_status`] (a 4xx was refused, a 5xx may have been
    /// applied), with `detail` in the message; a 2xx is `invalid_response`, since nothing
    /// confirms it, and a send may have been applied.
    ///
    /// ```
    /// use whautomate::{Error, ErrorCode};
    /// let e = Error::body_not_read(404, "5000 bytes declared", true);
    /// assert_eq!((e.code(), e.status(), e.may_have_been_sent()), (ErrorCode::NotFound, Some(404), false));
    /// assert_eq!(e.message(), "HTTP 404, body not read: 5000 bytes declared");
    /// let e = Error::body_not_read(200, "5000 bytes declared", true);
    /// assert_eq!((e.code(), e.status(), e.may_have_been_sent(), e.retryable()), (ErrorCode::InvalidResponse, Some(200), true, false));
    /// // A read may be tried again.
    /// assert!(Error::body_not_read(200, "5000 bytes declared", false).retryable());
    /// // No HTTP status at all: said so.
    /// assert!(Error::body_not_read(999, "5000 bytes declared", true).message().contains("no HTTP status"));
    /// ```
    #[must_use]
    pub fn body_not_read(status: u16, detail: &str, is_send: bool) -> Self {
        let mut error = Error::from_status_parsed(status, None, None, is_send);
        let d = &mut error.0;
        // A redirect and a status no server sends keep their own message (why it was not
        // followed; that it is no HTTP status).
        if !(300..400).contains(&status) && d.code != ErrorCode::InvalidResponse {
            d.message = crate::text::one_line(crate::text!("HTTP ", status, ", body not read: ", detail));
        }
        if (200..300).contains(&status) {
            d.code = ErrorCode::InvalidResponse;
            d.may_have_been_sent = is_send;
            d.retryable = !is_send;
        }
        error
    }

    /// A redirect of unknown status that the SDK did not follow: `http_error`, no status,
    /// not retryable, not sent. A browser's fetch with `redirect: "manual"` answers a
    /// redirect with an `opaqueredirect` response of status 0, which is not the server's
    /// (a known 3xx goes through [`Error::from_status`], which gives the same error with
    /// its status).
    ///
    /// The SDK never follows a redirect: following one would send the request, and its
    /// `x-api-key`, wherever the `Location` says. The message says so, so that a caller
    /// who pointed `host` at a redirecting address (a moved proxy, say) gives the final
    /// address instead. Sends and reads alike: a send that got a redirect was not
    /// delivered, and is not retried.
    ///
    /// ```
    /// use whautomate::{Error, ErrorCode};
    /// let e = Error::redirect();
    /// assert_eq!((e.code(), e.status()), (ErrorCode::HttpError, None));
    /// assert!(!e.may_have_been_sent() && !e.retryable());
    /// assert!(e.message().contains("redirect") && e.message().contains("does not follow"));
    /// ```
    #[must_use]
    pub fn redirect() -> Self {
        Error::new(ErrorCode::HttpError, redirect_message(None))
    }

    /// The stable code.
    ///
    /// ```
    /// use whautomate::{Error, ErrorCode};
    /// assert_eq!(Error::from_status(403, None, false).code(), ErrorCode::Unauthorized);
    /// ```
    #[must_use]
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
    #[must_use]
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
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }
    /// Every violation, for [`ErrorCode::InvalidInput`]: validation reports the first
    /// [`MAX_VIOLATIONS`], then one entry of code `too_many` (field `""`) when there were
    /// more.
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
    #[must_use]
    pub fn violations(&self) -> &[Violation] {
        &self.0.violations
    }
    /// Every violation, taken out of the error (no copy).
    ///
    /// ```
    /// use whautomate::{Error, Violation};
    /// let e = Error::invalid_input(vec![Violation::new("text", "required", "text is required")]);
    /// assert_eq!(e.into_violations()[0].field, "text");
    /// ```
    #[must_use]
    pub fn into_violations(self) -> Vec<Violation> {
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
    #[must_use]
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
    #[must_use]
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
    #[must_use]
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
    #[must_use]
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
    #[must_use]
    pub fn retry_after_ms(&self) -> Option<u64> {
        self.0.retry_after_ms
    }

    /// The server's `Retry-After`, as a [`Duration`](core::time::Duration), when it sent one.
    ///
    /// ```
    /// use std::time::Duration;
    /// use whautomate::Error;
    /// let e = Error::from_status(429, None, true).with_retry_after_ms(Some(2_000));
    /// assert_eq!(e.retry_after(), Some(Duration::from_secs(2)));
    /// ```
    #[must_use]
    pub fn retry_after(&self) -> Option<core::time::Duration> {
        self.0.retry_after_ms.map(core::time::Duration::from_millis)
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
    /// Replaces every occurrence of `secret` in the message and body with `[redacted]`,
    /// then caps each at 64 KiB.
    ///
    /// Errors carry text the SDK did not write (a server's error body, a fetch failure's
    /// message); a server that echoes the request's `x-api-key`, or a fetch wrapper that
    /// quotes its headers, must not make the key appear in an error. A body is JSON more
    /// often than not, and the JavaScript side hands it to `JSON.parse`: so the key is
    /// also found in every form that JSON decodes to it, each character literal or
    /// escaped (`\u0073` in either case, `\/`, `\"`, `\\`, ...), in member names as in
    /// values, and percent-encoded (`%2F` in either case: a server that echoes the query
    /// string or a form). (Escapes are recognised for ASCII characters, which is all an [`ApiKey`]
    /// holds; other characters of a secret are matched as they are.) The message holds
    /// decoded text (the server's `message`), where the key is literal. Secrets of any
    /// length are redacted: a short one mangles text, but a key that leaks is worse.
    ///
    /// [`ApiKey`]: crate::ApiKey
    ///
    /// ```
    /// use whautomate::Error;
    /// let e = Error::from_status(403, Some(r#"{"message":"bad key sk_123456"}"#.into()), true);
    /// let e = e.redact("sk_123456");
    /// assert_eq!(e.message(), "bad key [redacted]");
    /// assert_eq!(e.body(), Some(r#"{"message":"bad key [redacted]"}"#));
    /// // JSON-escaped, in part or in whole: still the key once parsed, so still redacted.
    /// let body = r#"{"echo":"\u0073k\u005F1\/2","s\u006b_1\/2":1}"#;
    /// let e = Error::from_status(400, Some(body.into()), true).redact("sk_1/2");
    /// assert_eq!(e.body(), Some(r#"{"echo":"[redacted]","[redacted]":1}"#));
    /// // A violation that names what the caller wrote: its field and its sentence.
    /// let e = whautomate::Error::invalid_input(vec![whautomate::Violation::new("sk_1/2", "unknown_field", "sk_1/2 is not an option")]);
    /// let e = e.redact("sk_1/2");
    /// assert_eq!((e.field(), e.violations()[0].message.as_str()), (Some("[redacted]"), "[redacted] is not an option"));
    /// ```
    #[must_use]
    pub fn redact(mut self, secret: &str) -> Self {
        // The message too: it may quote a fetch failure, which a driver may have cut.
        redact_in(&mut self.0.message, secret, ERROR_BODY_CAP);
        if let Some(body) = &mut self.0.body {
            redact_in(body, secret, ERROR_BODY_CAP);
        }
        // And each violation: a field path and its sentence name what the caller wrote,
        // an unknown option's key included (`{ [apiKey]: 1 }`).
        for v in &mut self.0.violations {
            redact_in(&mut v.field, secret, ERROR_BODY_CAP);
            redact_in(&mut v.message, secret, ERROR_BODY_CAP);
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

/// The most bytes of a server's body (and of a message, which may quote a fetch failure)
/// that an error keeps once [redacted](Error::redact): a longer one is cut at a character
/// boundary and ends in `…` (within the cap). An error is carried, logged and sent to
/// JavaScript whole; a proxy's megabyte error page in it helps no one. A driver that
/// hands the engine only the start of a long text must hand at least
/// [`error_body_prefix_len`] bytes of it.
pub const ERROR_BODY_CAP: usize = 64 * 1024;

/// How many bytes of a long body a driver must hand the engine, at least, when it hands
/// only a prefix: [`ERROR_BODY_CAP`] plus the longest form of the key (`key_len` bytes)
/// in JSON, 6 bytes a byte (`\u0073` for `s`). Then every key occurrence that begins
/// before the cap lies whole in the prefix and is redacted before the body is cut, and
/// nothing the cut might have split (from past the cap) is kept.
#[must_use]
pub const fn error_body_prefix_len(key_len: usize) -> usize {
    ERROR_BODY_CAP.saturating_add(key_len.saturating_mul(6))
}

/// The message of a redirect (see [`Error::redirect`]).
fn redirect_message(status: Option<u16>) -> String {
    const TEXT: &str = "the server answered with a redirect, which the SDK does not follow (the API key never goes to another origin)";
    match status {
        Some(status) => crate::text!("HTTP ", status, ": ", TEXT),
        None => TEXT.to_owned(),
    }
}

/// Replaces every occurrence of `key` in `text`, literal or JSON-escaped (see
/// [`Error::redact`]), with `[redacted]`, and keeps only what began before byte `cap`, cut
/// to at most `cap` bytes. No copy when nothing changes.
///
/// One pass: at each character, [`key_at`] tries the key there. A match may run past
/// `cap` (it is replaced whole), but nothing that starts after it is kept: a driver that
/// handed only a prefix (see [`error_body_prefix_len`]) may have split a key there.
fn redact_in(text: &mut String, key: &str, cap: usize) {
    let bytes = text.as_bytes();
    let end = bytes.len();
    let mut out = String::new();
    // `copied`: where the text not yet in `out` begins; `backslashes`: how many `\` run
    // just before `at` (an odd count makes the byte at `at` part of an escape).
    let (mut at, mut copied, mut backslashes) = (0, 0, 0);
    while at < end && at < cap {
        let rest = bytes.get(at..).unwrap_or_default();
        // A match begins on a character boundary: not on a UTF-8 continuation byte.
        let boundary = rest.first().is_some_and(|&b| !(0x80..0xC0).contains(&b));
        match boundary.then(|| key_at(rest, key, backslashes % 2 == 0)).flatten() {
            Some(len) => {
                out.push_str(text.get(copied..at).unwrap_or_default());
                out.push_str("[redacted]");
                (at, copied, backslashes) = (at + len, at + len, 0);
            }
            None => {
                backslashes = if rest.first() == Some(&b'\\') { backslashes + 1 } else { 0 };
                at += 1;
            }
        }
    }
    if copied == 0 && end <= cap {
        return; // no key, nothing past the cap
    }
    // Up to the next character boundary (`at` may have stopped inside a character).
    while !text.is_char_boundary(at) {
        at += 1;
    }
    out.push_str(text.get(copied..at).unwrap_or_default());
    if at < end || out.len() > cap {
        let mut keep = out.len().min(cap.saturating_sub('…'.len_utf8()));
        while !out.is_char_boundary(keep) {
            keep -= 1;
        }
        // `get`, not `truncate`, whose boundary check is a panic path (see `crate::text`).
        out = crate::text!(out.get(..keep).unwrap_or_default(), '…');
    }
    *text = out;
}

/// The length of an occurrence of `key` at the start of `text`, or `None`: the key
/// literally, or (with `escapes`, where a `\` there would begin an escape) the key as JSON
/// text decodes it, each ASCII character literal or escaped. (Other characters are
/// matched literally: an API key is ASCII, see [`ApiKey::new`](crate::ApiKey::new).)
///
/// In the escaped reading a `\` in `text` always begins an escape, as in JSON: so each
/// key character has one way to match at a given place, and no backtracking is needed.
/// `"` and `\` are never literal there (JSON text cannot hold them bare); their literal
/// occurrence is the first reading's.
fn key_at(text: &[u8], key: &str, escapes: bool) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    if text.starts_with(key.as_bytes()) {
        return Some(key.len());
    }
    if !escapes {
        return None;
    }
    let mut at = 0;
    for &k in key.as_bytes() {
        let rest = text.get(at..)?;
        // Percent-encoded (`%2F`, `%2f`): a server that echoes a query string or a form.
        if rest.first() == Some(&b'%') && rest.get(1..3).and_then(hex) == Some(u32::from(k)) {
            at += 3;
            continue;
        }
        if rest.first() != Some(&b'\\') {
            if k == b'"' || k == b'\\' || rest.first() != Some(&k) {
                return None;
            }
            at += 1;
            continue;
        }
        let short = match k {
            b'"' | b'\\' | b'/' => k,
            8 => b'b',
            12 => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            _ => 0,
        };
        at += if short != 0 && rest.get(1) == Some(&short) {
            2
        } else if k.is_ascii() && unicode_escape(rest)? == u32::from(k) {
            6
        } else {
            return None;
        };
    }
    Some(at)
}

/// The code unit of the `\uXXXX` escape (hex digits in either case) at the start of
/// `text`, or `None`.
fn unicode_escape(text: &[u8]) -> Option<u32> {
    if text.get(..2)? != b"\\u" {
        return None;
    }
    hex(text.get(2..6)?)
}

/// The number the hex digits `digits` (either case) write.
fn hex(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0, |unit, &b| Some(unit << 4 | char::from(b).to_digit(16)?))
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
/// (the vendor's page documents both).
fn server_message(value: &crate::json::Value) -> Option<String> {
    ["message", "error"].into_iter().find_map(|key| match value.get(key) {
        Some(crate::json::Value::String(text)) if !text.is_empty() => Some(text.clone()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code reads back from its name, and a refused name's message lists them all.
    #[test]
    fn every_code_parses_from_its_name() {
        let refused = "nope".parse::<ErrorCode>().unwrap_err();
        let mut names = Vec::new();
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
            assert!(refused.violations()[0].message.contains(code.as_str()), "{code}");
            names.push(code.as_str());
        }
        assert_eq!(names, CODE_NAMES);
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        // Every variant is in ALL: each status class's code and the others.
        for code in [ErrorCode::from_status(400), ErrorCode::from_status(0), ErrorCode::Network, ErrorCode::Timeout, ErrorCode::Aborted, ErrorCode::InvalidInput] {
            assert!(ErrorCode::ALL.contains(&code), "{code}");
        }
    }

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

    /// Every way text the SDK did not write reaches a message: it is one line there, and
    /// whole in the body.
    #[test]
    fn foreign_text_is_one_line_in_a_message() {
        let body = "{\"message\":\"no\\nFAKE entry\\u001b[31m\"}";
        let e = Error::from_status(400, Some(body.into()), true);
        assert_eq!((e.message(), e.body()), ("no FAKE entry [31m", Some(body)));
        let e = crate::engine::attempt::transport_error(crate::TransportError::Network("reset\r\nby peer".into()), true, true, 1);
        assert_eq!(e.message(), "network error: reset  by peer");
        let e = Error::body_not_read(502, "terminated: \u{2028}closed", false);
        assert_eq!(e.message(), "HTTP 502, body not read: terminated:  closed");
        let e = Error::invalid_input(vec![Violation::new("a\nb", "unknown_field", "an option is not \"a\nb\"")]);
        assert_eq!(e.message(), "an option is not \"a b\"");
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
        // A redirect is not followed, so a send that got one was not delivered.
        assert!(!Error::from_status(302, None, true).may_have_been_sent());
        // 1xx and made-up statuses: something answered, the outcome is unknown.
        assert!(Error::from_status(101, None, true).may_have_been_sent());
        assert!(Error::from_status(0, None, true).may_have_been_sent());
        assert!(!Error::from_status(0, None, false).may_have_been_sent());
    }

    #[test]
    fn redirects_are_http_errors_never_followed_never_sent_never_retried() {
        for status in [300, 301, 302, 303, 304, 307, 308, 399] {
            for is_send in [true, false] {
                let e = Error::from_status(status, Some(r#"{"message":"moved"}"#.into()), is_send);
                assert_eq!((e.code(), e.status()), (ErrorCode::HttpError, Some(status)));
                assert!(!e.may_have_been_sent() && !e.retryable(), "{status}");
                assert_eq!(e.message(), crate::text!("HTTP ", status, ": ", redirect_message(None)));
                assert_eq!(e.body(), Some(r#"{"message":"moved"}"#));
            }
        }
        let e = Error::redirect();
        assert_eq!((e.code(), e.status(), e.may_have_been_sent(), e.retryable()), (ErrorCode::HttpError, None, false, false));
    }

    #[test]
    fn statuses_outside_http_are_invalid_responses() {
        for status in [0, 1, 99, 600, 999, u16::MAX] {
            for is_send in [true, false] {
                let e = Error::from_status(status, Some(r#"{"message":"hi"}"#.into()), is_send);
                assert_eq!((e.code(), e.status()), (ErrorCode::InvalidResponse, Some(status)));
                assert_eq!((e.may_have_been_sent(), e.retryable()), (is_send, false), "{status}");
                assert!(e.message().contains(&status.to_string()), "{}", e.message());
            }
        }
        // The edges of the HTTP range keep their classes.
        assert_eq!(Error::from_status(100, None, true).code(), ErrorCode::HttpError);
        assert_eq!(Error::from_status(599, None, true).code(), ErrorCode::ServerError);
    }

    #[test]
    fn key_at_reads_each_character_literally_or_escaped() {
        let at = |text: &str, key: &str| key_at(text.as_bytes(), key, true);
        assert_eq!(at("abc!", "abc"), Some(3));
        assert_eq!(at(r"\u0061b\u0063!", "abc"), Some(13));
        assert_eq!(at(r"\u0041", "A"), Some(6));
        assert_eq!(at(r"\u004a\u004A", "JJ"), Some(12));
        assert_eq!(at(r"a\/b", "a/b"), Some(4));
        assert_eq!(at(r#"a\"b"#, "a\"b"), Some(4));
        assert_eq!(at(r"a\\b", "a\\b"), Some(4));
        assert_eq!(at(r"a\u005cb", "a\\b"), Some(8));
        assert_eq!(at(r"a\u005Cb", "a\\b"), Some(8));
        assert_eq!(at("a\\b", "a\\b"), Some(3)); // the literal reading
        // Percent-encoded, either case, mixed with the other forms.
        assert_eq!(at("sk%2F%2b%3d", "sk/+="), Some(11));
        assert_eq!(at(r"s%6b\u005f1", "sk_1"), Some(11));
        assert_eq!(at("sk%2G", "sk/"), None);
        assert_eq!(at("sk%2", "sk/"), None);
        // Past ASCII only the literal form counts: an API key is ASCII.
        assert_eq!(at("😀", "😀"), Some(4));
        assert_eq!(at("é", "é"), Some(2));
        assert_eq!(at(r"\u00e9", "é"), None);
        assert_eq!(at(r"\n", "\n"), Some(2));
        assert_eq!(at(r"\t\r\b\f", "\t\r\u{8}\u{c}"), Some(8));
        // Not the key: another character, a broken escape, a short text.
        for (text, key) in [(r"\u0062", "a"), (r"\u06", "a"), (r"\u00g1", "a"), (r"\x61", "a"), ("ab", "abc"), (r"\U0061", "a"), ("", "a")] {
            assert_eq!(at(text, key), None, "{text} {key}");
        }
        // Without `escapes` only the literal reading is tried.
        assert_eq!(key_at(br"\u0061", "a", false), None);
        assert_eq!(key_at(b"a", "a", false), Some(1));
        assert_eq!(key_at(b"anything", "", true), None);
    }

    #[test]
    fn an_escape_only_begins_after_an_even_run_of_backslashes() {
        // `\\u0041` is a backslash and the text "u0041" to JSON: no "A" in it, and
        // redacting there would leave an invalid escape.
        let e = Error::new(ErrorCode::Network, "x").with_body(Some(r#"["\\u0041","\u0041"]"#.into())).redact("A");
        assert_eq!(e.body(), Some(r#"["\\u0041","[redacted]"]"#));
        // `\\/` is a backslash and a literal "/": the "/" is redacted, not `\/`.
        let e = Error::new(ErrorCode::Network, "x").with_body(Some(r#"["a\\/b"]"#.into())).redact("/");
        assert_eq!(e.body(), Some(r#"["a\\[redacted]b"]"#));
    }
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `error::Violation::write_json`
    #[test]
    fn write_json_line_147() {
        use crate::json::ToJson;
        let v = crate::Violation::new("text", "required", "text is required");
        assert_eq!(v.to_json(), r#"{"field":"text","code":"required","message":"text is required"}"#);
    }

    /// `error::ERROR_BODY_CAP`
    #[test]
    fn error_body_cap_line_562() {
        use crate::{error::ERROR_BODY_CAP, Error};
        let e = Error::from_status(502, Some("x".repeat(200_000)), false).redact("sk_1");
        let body = e.body().unwrap();
        assert!(body.len() <= ERROR_BODY_CAP && body.ends_with('…'));
    }

    /// `error::error_body_prefix_len`
    #[test]
    fn error_body_prefix_len_line_576() {
        use crate::error::{error_body_prefix_len, ERROR_BODY_CAP};
        assert_eq!(error_body_prefix_len(20), ERROR_BODY_CAP + 120);
        assert_eq!(error_body_prefix_len(usize::MAX), usize::MAX);
    }
}

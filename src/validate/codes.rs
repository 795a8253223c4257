//! The stable violation codes. Their string values are part of the public API (JS sees
//! them as `violation.code`).
//!
//! ```
//! assert_eq!(whautomate::validate::codes::TOO_LONG, "too_long");
//! ```

/// A required field is missing.
pub const REQUIRED: &str = "required";
/// A string or list is present but empty (whitespace-only strings count as empty).
pub const EMPTY: &str = "empty";
/// A string is longer than the platform allows.
pub const TOO_LONG: &str = "too_long";
/// A list has more entries than the platform allows.
pub const TOO_MANY: &str = "too_many";
/// Not an absolute http(s) URL (or `tg://` where Telegram allows it).
pub const INVALID_URL: &str = "invalid_url";
/// Not a valid international phone number.
pub const INVALID_PHONE_NUMBER: &str = "invalid_phone_number";
/// Not one of the accepted values.
pub const INVALID_VALUE: &str = "invalid_value";
/// A key the SDK does not know (probably a typo).
pub const UNKNOWN_FIELD: &str = "unknown_field";
/// A field that does not apply to this channel and kind.
pub const NOT_ALLOWED: &str = "not_allowed";
/// More than one target in `to`.
pub const CONFLICTING_TARGETS: &str = "conflicting_targets";
/// Forbidden characters (newline, tab, 5+ spaces in template parameters; in any string,
/// a lone UTF-16 surrogate, such as half of a cut emoji).
pub const INVALID_CHARACTERS: &str = "invalid_characters";
/// A MIME type that is malformed or not accepted by the channel.
pub const INVALID_MIME_TYPE: &str = "invalid_mime_type";
/// A number outside its range.
pub const OUT_OF_RANGE: &str = "out_of_range";
/// A schedule that is not in the future.
pub const IN_THE_PAST: &str = "in_the_past";
/// A date-time that is not ISO-8601 with `Z` or an offset.
pub const INVALID_DATETIME: &str = "invalid_datetime";

//! Lengths as each platform counts them.
//!
//! Meta and Telegram count "characters", which Telegram defines in UTF-16 code units;
//! counting UTF-16 units (JS `.length`) is never below the code-point count, so it is the
//! safe side. Instagram text is limited in UTF-8 **bytes**.

use crate::prelude::*;

use crate::model::channel::Channel;
use crate::json::Path;
use crate::validate::codes;
use crate::validate::report::Report;

/// How a limit is counted.
///
/// ```
/// use whautomate::validate::{Limit, Unit};
/// // "é" is one UTF-16 unit but two UTF-8 bytes.
/// assert_eq!(Limit { max: 1, unit: Unit::Utf16 }.measure("é"), 1);
/// assert_eq!(Limit { max: 1, unit: Unit::Utf8Bytes }.measure("é"), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// UTF-16 code units (JS `string.length`).
    Utf16,
    /// UTF-8 bytes.
    Utf8Bytes,
}

/// A maximum length and how it is counted.
///
/// ```
/// use whautomate::validate::{Limit, Unit};
/// let limit = Limit { max: 2, unit: Unit::Utf16 };
/// assert_eq!(limit.measure("😀"), 2);
/// assert!(limit.allows("😀") && !limit.allows("😀a"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Largest accepted length.
    pub max: usize,
    /// The unit of `max`.
    pub unit: Unit,
}

impl Limit {
    /// `max` UTF-16 code units.
    ///
    /// ```
    /// use whautomate::validate::{Limit, Unit};
    /// assert_eq!(Limit::utf16(4096), Limit { max: 4096, unit: Unit::Utf16 });
    /// ```
    #[must_use]
    pub const fn utf16(max: usize) -> Self {
        Limit { max, unit: Unit::Utf16 }
    }

    /// `max` UTF-8 bytes.
    ///
    /// ```
    /// use whautomate::validate::{Limit, Unit};
    /// assert_eq!(Limit::bytes(1000), Limit { max: 1000, unit: Unit::Utf8Bytes });
    /// ```
    #[must_use]
    pub const fn bytes(max: usize) -> Self {
        Limit { max, unit: Unit::Utf8Bytes }
    }

    /// The length of `text` in this limit's unit.
    ///
    /// ```
    /// use whautomate::validate::Limit;
    /// assert_eq!(Limit::utf16(10).measure("héllo😀"), 7);
    /// assert_eq!(Limit::bytes(10).measure("héllo😀"), 10);
    /// ```
    #[must_use]
    pub fn measure(&self, text: &str) -> usize {
        match self.unit {
            Unit::Utf16 => utf16_len(text),
            Unit::Utf8Bytes => text.len(),
        }
    }

    /// Whether `text` fits.
    ///
    /// ```
    /// use whautomate::validate::Limit;
    /// assert!(Limit::bytes(3).allows("abc"));
    /// assert!(!Limit::bytes(3).allows("abé"));
    /// assert!(Limit::utf16(3).allows("abé"));
    /// ```
    #[must_use]
    pub fn allows(&self, text: &str) -> bool {
        self.measure(text) <= self.max
    }

    fn unit_name(&self) -> &'static str {
        match self.unit {
            Unit::Utf16 => "characters (UTF-16 code units)",
            Unit::Utf8Bytes => "UTF-8 bytes",
        }
    }
}

/// UTF-16 code units of `text`, the same as JavaScript's `text.length`.
///
/// ```
/// assert_eq!(whautomate::validate::utf16_len("héllo😀"), 7);
/// ```
#[must_use]
pub fn utf16_len(text: &str) -> usize {
    // Counted on the bytes, without decoding: each character has one byte that is not a
    // continuation byte (10xxxxxx), and those beyond U+FFFF (4-byte, lead byte 11110xxx)
    // are 2 units. (`chars()` costs a call per character at opt-level "z".)
    text.bytes().map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum()
}

/// The text-message limit of a channel: `WhatsApp` 4096 and Telegram 4096
/// UTF-16 units, Messenger "less than 2000" so 1999 units, Instagram 1000 UTF-8
/// bytes.
///
/// ```
/// use whautomate::{model::Channel, validate::text_limit};
/// assert_eq!(text_limit(Channel::Messenger).max, 1999);
/// assert_eq!(text_limit(Channel::Instagram).measure("é"), 2);
/// ```
#[must_use]
pub fn text_limit(channel: Channel) -> Limit {
    match channel {
        Channel::WhatsApp | Channel::Telegram => Limit::utf16(4096),
        Channel::Messenger => Limit::utf16(1999),
        Channel::Instagram => Limit::bytes(1000),
    }
}

/// A required, non-blank string within `limit`. Returns the value (empty when missing)
/// so that validation can go on collecting.
///
/// `field` is a lazy [`Path`], rendered only when there is something to report. (One
/// type for every field, rather than any [`Piece`](crate::text::Piece): each check is
/// then linked once into the .wasm, not once per kind of field name.)
pub(crate) fn check_required_text(report: &mut Report, field: &Path<'_>, value: Option<&str>, limit: Limit) -> String {
    match value {
        None => {
            report.add_about(field, codes::REQUIRED, " is required");
            String::new()
        }
        Some(text) => {
            check_present_text(report, field, text, limit);
            text.to_owned()
        }
    }
}

/// An optional string: when present, non-blank and within `limit`.
pub(crate) fn check_optional_text(report: &mut Report, field: &Path<'_>, value: Option<&str>, limit: Limit) -> Option<String> {
    let text = value?;
    check_present_text(report, field, text, limit);
    Some(text.to_owned())
}

fn check_present_text(report: &mut Report, field: &Path<'_>, text: &str, limit: Limit) {
    if crate::text::trim(text).is_empty() {
        report.add_about(field, codes::EMPTY, " must not be empty");
        return;
    }
    let length = limit.measure(text);
    if length > limit.max {
        report.add(
            crate::text!(field),
            codes::TOO_LONG,
            crate::text!(field, " is ", length, " ", limit.unit_name(), " long; at most ", limit.max, " are allowed"),
        );
    }
}

/// A required, non-blank identifier (contact, client, template name...).
pub(crate) fn check_required_id(report: &mut Report, field: &str, value: Option<&str>) -> String {
    match value {
        None => {
            report.add_about(&Path::top(field), codes::REQUIRED, " is required");
            String::new()
        }
        Some(id) => {
            if crate::text::trim(id).is_empty() {
                report.add_about(&Path::top(field), codes::EMPTY, " must not be empty");
            }
            id.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_len_is_js_length() {
        // 1-, 2-, 3- and 4-byte characters, alone and mixed.
        for text in ["", "a", "é", "€", "😀", "a😀é€", "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}"] {
            assert_eq!(utf16_len(text), text.encode_utf16().count(), "{text:?}");
        }
    }
}

/// `utf16_len` against std on generated input (proptest is native-only).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn utf16_len_matches_std(text in "\\PC*|.*") {
            prop_assert_eq!(super::utf16_len(&text), text.encode_utf16().count());
        }
    }
}

//! MIME types and media URLs per channel.

use crate::prelude::*;

use crate::model::channel::Channel;
use crate::json::Path;
use crate::validate::codes;
use crate::validate::report::Report;
use crate::validate::url::is_http_url;

/// A channel's list of MIME types, written once and kept in two forms: `$name`, the
/// slice [`allowed_mime_types`] returns, and `$joined`, the same names joined with ", ",
/// which is how an error message lists them. Validation searches the joined text: the
/// slice would put a pointer and a length per name into the .wasm, and only Rust callers
/// ask for it.
macro_rules! mime_types {
    ($(#[$meta:meta])* $name:ident, $joined:ident = [$first:literal $(, $more:literal)* $(,)?]) => {
        $(#[$meta])*
        const $name: &[&str] = &[$first $(, $more)*];
        const $joined: &str = concat!($first $(, ", ", $more)*);
    };
}

mime_types! {
    /// The MIME types `WhatsApp` accepts (image, video, audio, document, sticker).
    WHATSAPP, WHATSAPP_JOINED = [
        "image/jpeg",
        "image/png",
        "video/mp4",
        "video/3gpp",
        "audio/aac",
        "audio/amr",
        "audio/mpeg",
        "audio/mp4",
        "audio/ogg",
        "text/plain",
        "application/pdf",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "image/webp",
    ]
}

mime_types! {
    /// Instagram: audio aac/m4a/wav/mp4, image png/jpeg (gif only on the upload API, which
    /// Whautomate does not use), video mp4/ogg/avi/mov/webm, file pdf. Common aliases of
    /// m4a, wav and avi are included.
    INSTAGRAM, INSTAGRAM_JOINED = [
        "audio/aac",
        "audio/mp4",
        "audio/m4a",
        "audio/x-m4a",
        "audio/wav",
        "audio/x-wav",
        "audio/wave",
        "image/png",
        "image/jpeg",
        "video/mp4",
        "video/ogg",
        "video/avi",
        "video/x-msvideo",
        "video/quicktime",
        "video/webm",
        "application/pdf",
    ]
}

mime_types! {
    /// Telegram (send by URL): photos (jpeg, png, webp), MPEG-4 video, mp3/m4a audio, OGG voice,
    /// and documents by URL only as GIF, PDF or ZIP.
    TELEGRAM, TELEGRAM_JOINED = [
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/gif",
        "video/mp4",
        "audio/mpeg",
        "audio/mp4",
        "audio/ogg",
        "application/pdf",
        "application/zip",
    ]
}

/// The MIME types a channel accepts for media by URL, or `None` when any well-formed
/// type is accepted (Messenger: Meta only names the categories audio, image, video and
/// file, and any type is a file).
///
/// ```
/// use whautomate::{model::Channel, validate::allowed_mime_types};
/// assert!(allowed_mime_types(Channel::WhatsApp).unwrap().contains(&"image/png"));
/// assert!(allowed_mime_types(Channel::Messenger).is_none());
/// ```
#[must_use]
pub fn allowed_mime_types(channel: Channel) -> Option<&'static [&'static str]> {
    match channel {
        Channel::WhatsApp => Some(WHATSAPP),
        Channel::Instagram => Some(INSTAGRAM),
        Channel::Telegram => Some(TELEGRAM),
        Channel::Messenger => None,
    }
}

/// The lower-case `type/subtype` of a well-formed MIME type (parameters after `;` are
/// allowed and ignored), or `None`. Names follow RFC 6838's restricted-name grammar.
///
/// ```
/// use whautomate::validate::mime_essence;
/// assert_eq!(mime_essence("Audio/OGG; codecs=opus").as_deref(), Some("audio/ogg"));
/// assert_eq!(mime_essence("image"), None);
/// assert_eq!(mime_essence("image/png/x"), None);
/// ```
pub fn mime_essence(mime: &str) -> Option<String> {
    if mime.chars().any(char::is_control) {
        return None;
    }
    let essence = crate::text::trim(crate::text::until_any(mime, b";"));
    let (kind, subtype) = crate::text::split_once(essence, "/")?;
    (restricted_name(kind) && restricted_name(subtype)).then(|| essence.to_ascii_lowercase())
}

fn restricted_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && name.len() <= 127
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '!' | '#' | '$' | '&' | '-' | '^' | '_' | '.' | '+'))
}

/// `mediaUrl` + `mimeType` of a media send: both required, URL absolute http(s), MIME
/// type accepted by the channel. Returns the values (empty when missing).
// Out of line, as V8 compiles a wasm function whole on its first call: a text message's
// first send then compiles none of it (the first send in a cold workerd isolate: -0.3 ms
// of CPU, at +0.06 KB of gzipped .wasm; BENCHMARKS.md, "Reading the results").
#[inline(never)]
pub(crate) fn check_media(report: &mut Report, channel: Channel, url: Option<&str>, mime: Option<&str>) -> (String, String) {
    let url = check_media_url(report, &Path::top("mediaUrl"), url, true).unwrap_or_default();
    let mime = match mime {
        None => {
            report.add("mimeType", codes::REQUIRED, "mimeType is required");
            String::new()
        }
        Some(mime) => {
            check_mime(report, channel, mime);
            crate::text::trim(mime).to_owned()
        }
    };
    (url, mime)
}

/// A URL field: `required` when `required` and absent, `invalid_url` when not http(s).
pub(crate) fn check_media_url(report: &mut Report, field: &Path<'_>, url: Option<&str>, required: bool) -> Option<String> {
    match url {
        None => {
            if required {
                report.add_about(field, codes::REQUIRED, " is required");
            }
            None
        }
        Some(url) => {
            if !is_http_url(url) {
                report.add_about(field, codes::INVALID_URL, " must be an absolute http(s) URL");
            }
            Some(url.to_owned())
        }
    }
}

/// Checks `mimeType` for `channel` and returns its essence when it is acceptable.
pub(crate) fn check_mime(report: &mut Report, channel: Channel, mime: &str) -> Option<String> {
    let Some(essence) = mime_essence(mime) else {
        report.add("mimeType", codes::INVALID_MIME_TYPE, "mimeType must be a MIME type such as image/jpeg");
        return None;
    };
    let allowed = match channel {
        Channel::WhatsApp => WHATSAPP_JOINED,
        Channel::Instagram => INSTAGRAM_JOINED,
        Channel::Telegram => TELEGRAM_JOINED,
        Channel::Messenger => return Some(essence),
    };
    if crate::text::split(allowed, ", ").any(|name| name == essence) {
        return Some(essence);
    }
    report.add(
        "mimeType",
        codes::INVALID_MIME_TYPE,
        crate::text!(channel.as_str(), " does not accept ", crate::text::Clipped(&essence), " media; accepted: ", allowed),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_lists_are_the_lists() {
        for (list, joined) in [(WHATSAPP, WHATSAPP_JOINED), (INSTAGRAM, INSTAGRAM_JOINED), (TELEGRAM, TELEGRAM_JOINED)] {
            assert_eq!(list.join(", "), joined);
        }
    }
}

//! Telegram template sends.
//!
//! Choices (how Whautomate maps buttons to Telegram's is inferred, not documented):
//! - `textMessage` is a caption (≤ 1024 UTF-16 units) when there is a media header,
//!   else a message (≤ 4096);
//! - `mediaUrl` and `mimeType` go together; `headerType` needs them; `IMAGE` needs an
//!   `image/*` type;
//! - buttons: at most 100 (Telegram's inline keyboard limit); `title` required and at
//!   most 64 UTF-16 units (Telegram publishes no limit; longer labels are cut off in
//!   clients); `url` must be http(s) or `tg://`; `payload`, which presumably becomes
//!   `callback_data`, at most 64 UTF-8 bytes; `web_url` needs `url`, `postback` needs
//!   `payload`; other types pass through unchanged (the vendor documents no enum).

use crate::prelude::*;

use crate::json::Path;
use crate::model::channel::Channel;
use crate::model::input::{ButtonInput, MessageInput};
use crate::model::template::{Button, ButtonType, HeaderType, TelegramTemplate};
use crate::validate::codes;
use crate::validate::media::{check_media_url, check_mime};
use crate::validate::report::Report;
use crate::validate::text::{check_required_text, Limit};
use crate::validate::url::is_telegram_button_url;

const MAX_BUTTONS: usize = 100;
const TITLE_LIMIT: Limit = Limit::utf16(64);
const PAYLOAD_LIMIT: Limit = Limit::bytes(64);

/// Validates the Telegram template fields of `input`.
// Out of line, as V8 compiles a wasm function whole on its first call: a text message's
// first send then compiles none of it (the first send in a cold workerd isolate: -0.3 ms
// of CPU, at +0.06 KB of gzipped .wasm; BENCHMARKS.md, "Reading the results").
#[inline(never)]
pub(super) fn check_template(report: &mut Report, input: &MessageInput) -> TelegramTemplate {
    let has_media = input.media_url.is_some();
    let text_limit = if has_media { Limit::utf16(1024) } else { Limit::utf16(4096) };
    let text = check_required_text(report, &Path::top("text"), input.text.as_deref(), text_limit);

    let header_type = input.header_type.as_deref().map(|raw| {
        if crate::text::trim(raw).is_empty() {
            report.add("headerType", codes::EMPTY, "headerType must not be empty when given");
        }
        HeaderType::from_wire(raw)
    });
    let media_required = header_type.is_some() || input.media_url.is_some() || input.mime_type.is_some();
    let media_url = check_media_url(report, &Path::top("mediaUrl"), input.media_url.as_deref(), media_required);
    let mime_type = match input.mime_type.as_deref() {
        None => {
            if media_required {
                report.add("mimeType", codes::REQUIRED, "mimeType is required with a media header");
            }
            None
        }
        Some(mime) => {
            let essence = check_mime(report, Channel::Telegram, mime);
            if let (Some(HeaderType::Image), Some(essence)) = (&header_type, &essence) {
                if !essence.starts_with("image/") {
                    report.add("mimeType", codes::INVALID_MIME_TYPE, "headerType IMAGE needs an image/* mimeType");
                }
            }
            Some(crate::text::trim(mime).to_owned())
        }
    };

    let buttons = input.buttons.as_deref().map(|buttons| {
        if buttons.is_empty() {
            report.add("buttons", codes::EMPTY, "buttons must not be an empty list; leave it out instead");
        } else if buttons.len() > MAX_BUTTONS {
            report.add("buttons", codes::TOO_MANY, crate::text!("at most ", MAX_BUTTONS, " buttons are allowed"));
        }
        let buttons_path = Path::top("buttons");
        let mut checked = Vec::with_capacity(buttons.len());
        for (i, button) in buttons.iter().enumerate() {
            checked.push(check_button(report, &Path::Index(&buttons_path, i), button));
        }
        checked
    });

    TelegramTemplate { header_type, mime_type, media_url, text, buttons }
}

fn check_button(report: &mut Report, path: &Path<'_>, input: &ButtonInput) -> Button {
    report.unknown(path, &input.unknown_fields);
    let title = check_required_text(report, &Path::Key(path, "title"), input.title.as_deref(), TITLE_LIMIT);
    let kind = match input.kind.as_deref() {
        None => ButtonType::WebUrl,
        Some(raw) => {
            if crate::text::trim(raw).is_empty() {
                report.add_at(&Path::Key(path, "type"), codes::INVALID_VALUE, "button type must be web_url or postback");
            }
            ButtonType::from_wire(raw)
        }
    };
    match (&input.url, &kind) {
        (Some(url), _) if !is_telegram_button_url(url) => {
            report.add_at(&Path::Key(path, "url"), codes::INVALID_URL, "button url must be an http(s) or tg:// URL");
        }
        (None, ButtonType::WebUrl) => report.add_at(&Path::Key(path, "url"), codes::REQUIRED, "a web_url button needs a url"),
        _ => {}
    }
    super::button::finish(report, path, input, kind, title, PAYLOAD_LIMIT, "a Telegram button payload is at most 64 UTF-8 bytes")
}

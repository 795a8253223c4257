//! What the buttons of a Telegram template and of a generic-template card have in
//! common: the payload rules and the button they make. Their titles, types and URLs
//! follow each platform's own rules (see the callers).

use crate::prelude::*;

use crate::json::Path;
use crate::model::input::ButtonInput;
use crate::model::template::{Button, ButtonType};
use crate::validate::codes;
use crate::validate::report::Report;
use crate::validate::text::Limit;

/// A button's `payload`, once its title, type and URL were checked: not empty, within
/// `limit` (else `too_long` is the message), required by a `postback` button. Returns the
/// button.
pub(super) fn finish(report: &mut Report, path: &Path<'_>, input: &ButtonInput, kind: ButtonType, title: String, limit: Limit, too_long: &str) -> Button {
    match (&input.payload, &kind) {
        (Some(payload), _) if payload.is_empty() => {
            report.add_at(&Path::Key(path, "payload"), codes::EMPTY, "button payload must not be empty");
        }
        (Some(payload), _) if !limit.allows(payload) => report.add_at(&Path::Key(path, "payload"), codes::TOO_LONG, too_long),
        (None, ButtonType::Postback) => {
            report.add_at(&Path::Key(path, "payload"), codes::REQUIRED, "a postback button needs a payload");
        }
        _ => {}
    }
    Button { kind, title, payload: input.payload.clone(), url: input.url.clone() }
}

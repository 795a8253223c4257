//! Instagram and Messenger generic templates.
//!
//! Lengths are counted in UTF-16 units ("characters" on Meta's pages). Button types:
//! `web_url` (needs `url`) and `postback` (needs `payload` ≤ 1000); Instagram allows only
//! these two, Messenger passes other types through (it has more button types).

use crate::prelude::*;

use crate::json::Path;
use crate::model::channel::Channel;
use crate::model::input::{ButtonInput, ElementInput};
use crate::model::template::{Button, ButtonType, DefaultAction, Element};
use crate::validate::codes;
use crate::validate::media::check_media_url;
use crate::validate::report::Report;
use crate::validate::text::{check_optional_text, check_required_text, Limit};

const MAX_ELEMENTS: usize = 10;
const MAX_BUTTONS: usize = 3;
const TITLE_LIMIT: Limit = Limit::utf16(80);
const SUBTITLE_LIMIT: Limit = Limit::utf16(80);
const BUTTON_TITLE_LIMIT: Limit = Limit::utf16(20);
const PAYLOAD_LIMIT: Limit = Limit::utf16(1000);

/// Validates `elements`: 1 to 10 cards.
// Out of line, as V8 compiles a wasm function whole on its first call: a text message's
// first send then compiles none of it (the first send in a cold workerd isolate: -0.3 ms
// of CPU, at +0.06 KB of gzipped .wasm; BENCHMARKS.md, "Reading the results").
#[inline(never)]
pub(super) fn check_elements(report: &mut Report, channel: Channel, elements: Option<&[ElementInput]>) -> Vec<Element> {
    let Some(elements) = elements else {
        report.add("elements", codes::REQUIRED, "elements (1 to 10 cards) is required");
        return Vec::new();
    };
    if elements.is_empty() {
        report.add("elements", codes::EMPTY, "elements needs at least one card");
    } else if elements.len() > MAX_ELEMENTS {
        report.add("elements", codes::TOO_MANY, crate::text!("at most ", MAX_ELEMENTS, " elements are allowed"));
    }
    // Paths are built lazily (json::Path) and rendered only for a violation: a valid
    // 10-card template would otherwise format some 150 path strings.
    let elements_path = Path::Key(&Path::Root, "elements");
    let mut checked = Vec::with_capacity(elements.len());
    for (i, element) in elements.iter().enumerate() {
        checked.push(check_element(report, channel, &Path::Index(&elements_path, i), element));
    }
    checked
}

fn check_element(report: &mut Report, channel: Channel, path: &Path<'_>, input: &ElementInput) -> Element {
    report.unknown(path, &input.unknown_fields);
    let title = check_required_text(report, &Path::Key(path, "title"), input.title.as_deref(), TITLE_LIMIT);
    let subtitle = check_optional_text(report, &Path::Key(path, "subtitle"), input.subtitle.as_deref(), SUBTITLE_LIMIT);
    let image_url = check_media_url(report, &Path::Key(path, "imageUrl"), input.image_url.as_deref(), false);
    let default_action = input.default_action.as_ref().map(|action| {
        let action_path = Path::Key(path, "defaultAction");
        report.unknown(&action_path, &action.unknown_fields);
        let url = check_media_url(report, &Path::Key(&action_path, "url"), action.url.as_deref(), true);
        DefaultAction { url: url.unwrap_or_default() }
    });
    let buttons: Option<Vec<Button>> = input.buttons.as_deref().map(|buttons| {
        let buttons_path = Path::Key(path, "buttons");
        if buttons.is_empty() {
            report.add_at(&buttons_path, codes::EMPTY, "buttons must not be an empty list; leave it out instead");
        } else if buttons.len() > MAX_BUTTONS {
            report.add_at(&buttons_path, codes::TOO_MANY, crate::text!("an element takes at most ", MAX_BUTTONS, " buttons"));
        }
        let mut checked = Vec::with_capacity(buttons.len());
        for (j, button) in buttons.iter().enumerate() {
            checked.push(check_button(report, channel, &Path::Index(&buttons_path, j), button));
        }
        checked
    });
    // A card needs something besides its title.
    let has_more = subtitle.is_some() || image_url.is_some() || default_action.is_some() || buttons.as_ref().is_some_and(|b| !b.is_empty());
    if !has_more {
        report.add_at(path, codes::REQUIRED, "an element needs a subtitle, imageUrl, defaultAction or buttons besides its title");
    }
    Element { title, subtitle, image_url, default_action, buttons }
}

fn check_button(report: &mut Report, channel: Channel, path: &Path<'_>, input: &ButtonInput) -> Button {
    report.unknown(path, &input.unknown_fields);
    let title = check_required_text(report, &Path::Key(path, "title"), input.title.as_deref(), BUTTON_TITLE_LIMIT);
    let kind = input.kind.as_deref().map_or(ButtonType::WebUrl, ButtonType::from_wire);
    if let ButtonType::Unknown(raw) = &kind {
        if channel == Channel::Instagram || crate::text::trim(raw).is_empty() {
            report.add_at(&Path::Key(path, "type"), codes::INVALID_VALUE, crate::text!("button type must be web_url or postback on ", channel.as_str()));
        }
    }
    let url_required = matches!(kind, ButtonType::WebUrl);
    check_media_url(report, &Path::Key(path, "url"), input.url.as_deref(), url_required);
    super::button::finish(report, path, input, kind, title, PAYLOAD_LIMIT, "a postback payload is at most 1000 characters")
}

//! Which fields apply to which channel × kind (design decision H): a field that does not
//! apply is reported as `not_allowed`, never silently dropped.

use crate::model::channel::{Channel, MessageKind};
use crate::model::input::MessageInput;
use crate::validate::codes;
use crate::validate::report::Report;

/// `scheduleDateTime` exists on every send of the vendor's page except the Telegram,
/// Instagram and Messenger templates.
pub(super) fn allows_schedule(channel: Channel, kind: MessageKind) -> bool {
    kind != MessageKind::Template || channel == Channel::WhatsApp
}

/// Reports each present field that `channel` × `kind` does not take.
pub(super) fn check_applicable(report: &mut Report, input: &MessageInput, channel: Channel, kind: MessageKind) {
    use Channel::*;
    use MessageKind::*;
    let wa_template = channel == WhatsApp && kind == Template;
    let tg_template = channel == Telegram && kind == Template;
    let generic = matches!(channel, Instagram | Messenger) && kind == Template;
    let fields: [(&str, bool, bool); 14] = [
        ("scheduleAt", input.schedule_at.is_some(), allows_schedule(channel, kind)),
        ("text", input.text.is_some(), kind == Text || tg_template),
        ("mediaUrl", input.media_url.is_some(), kind == Media || tg_template),
        ("mimeType", input.mime_type.is_some(), kind == Media || tg_template),
        ("template", input.template.is_some(), wa_template),
        ("headerMediaUrl", input.header_media_url.is_some(), wa_template),
        ("headerTextParameters", input.header_text_parameters.is_some(), wa_template),
        ("bodyTextParameters", input.body_text_parameters.is_some(), wa_template),
        ("buttonUrlParameters", input.button_url_parameters.is_some(), wa_template),
        ("locationParameters", input.location_parameters.is_some(), wa_template),
        ("flowParameters", input.flow_parameters.is_some(), wa_template),
        ("headerType", input.header_type.is_some(), tg_template),
        ("buttons", input.buttons.is_some(), tg_template),
        ("elements", input.elements.is_some(), generic),
    ];
    for (field, present, allowed) in fields {
        if present && !allowed {
            report.add(field, codes::NOT_ALLOWED, crate::text!(field, " is not allowed on a ", channel.as_str(), ' ', kind.as_str(), " message"));
        }
    }
}

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
    // The names are one constant table and each pair below (given, allowed) is that of the
    // name at the same position: a table of (name, given, allowed) would be built field by
    // field on every call.
    const FIELDS: [&str; 14] = [
        "scheduleAt", "text", "mediaUrl", "mimeType", "template", "headerMediaUrl", "headerTextParameters",
        "bodyTextParameters", "buttonUrlParameters", "locationParameters", "flowParameters", "headerType", "buttons",
        "elements",
    ];
    let checks: [(bool, bool); 14] = [
        (input.schedule_at.is_some(), allows_schedule(channel, kind)),
        (input.text.is_some(), kind == Text || tg_template),
        (input.media_url.is_some(), kind == Media || tg_template),
        (input.mime_type.is_some(), kind == Media || tg_template),
        (input.template.is_some(), wa_template),
        (input.header_media_url.is_some(), wa_template),
        (input.header_text_parameters.is_some(), wa_template),
        (input.body_text_parameters.is_some(), wa_template),
        (input.button_url_parameters.is_some(), wa_template),
        (input.location_parameters.is_some(), wa_template),
        (input.flow_parameters.is_some(), wa_template),
        (input.header_type.is_some(), tg_template),
        (input.buttons.is_some(), tg_template),
        (input.elements.is_some(), generic),
    ];
    for (field, (present, allowed)) in FIELDS.into_iter().zip(checks) {
        if present && !allowed {
            report.add(field, codes::NOT_ALLOWED, crate::text!(field, " is not allowed on a ", channel.as_str(), ' ', kind.as_str(), " message"));
        }
    }
}

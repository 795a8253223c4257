//! `to`: who a send goes to.

use crate::prelude::*;

use crate::json::Path;
use crate::model::channel::Channel;
use crate::model::input::TargetInput;
use crate::model::target::Target;
use crate::validate::codes;
use crate::validate::phone::normalize_phone_number;
use crate::validate::report::Report;
use crate::validate::text::check_required_id;

/// `WhatsApp` takes exactly one of contactId, clientId, phoneNumber; the other
/// channels only contactId, since their users are known by scoped ids only.
/// `channel` is `None` when it could not be parsed: then no channel rule applies.
pub(super) fn check_target(report: &mut Report, to: Option<&TargetInput>, channel: Option<Channel>) -> Target {
    let placeholder = Target::Contact(String::new());
    let Some(to) = to else {
        report.add("to", codes::REQUIRED, "to is required: give contactId (or, on WhatsApp, clientId or phoneNumber)");
        return placeholder;
    };
    report.unknown(&Path::top("to"), &to.unknown_fields);
    let whatsapp_rules = channel.is_none_or(|c| c == Channel::WhatsApp);

    // The given targets this channel takes, in order (at most three: no Vec needed).
    let mut allowed_present = [""; 3];
    let mut count = 0;
    let candidates = [
        ("contactId", to.contact_id.is_some(), true),
        ("clientId", to.client_id.is_some(), whatsapp_rules),
        ("phoneNumber", to.phone_number.is_some(), whatsapp_rules),
    ];
    for (name, present, allowed) in candidates {
        if !present {
            continue;
        }
        if allowed {
            if let Some(slot) = allowed_present.get_mut(count) {
                *slot = name;
            }
            count += 1;
        } else {
            report.add(
                crate::text!("to.", name),
                codes::NOT_ALLOWED,
                crate::text!(channel.map_or("this channel", Channel::as_str), " accepts only to.contactId; to.", name, " is for WhatsApp"),
            );
        }
    }
    if to.name.is_some() && !(whatsapp_rules && to.phone_number.is_some()) {
        report.add("to.name", codes::NOT_ALLOWED, "to.name goes only with to.phoneNumber on WhatsApp");
    }
    let allowed_present = allowed_present.get(..count).unwrap_or_default();
    if candidates.iter().all(|(_, present, _)| !present) {
        report.add("to", codes::REQUIRED, "to needs contactId (or, on WhatsApp, clientId or phoneNumber)");
        return placeholder;
    }
    if allowed_present.len() > 1 {
        report.add(
            "to",
            codes::CONFLICTING_TARGETS,
            crate::text!("to must have exactly one of contactId, clientId, phoneNumber; got ", crate::text::Joined(allowed_present, " and ")),
        );
        return placeholder;
    }
    match allowed_present.first() {
        Some(&"contactId") => Target::Contact(check_required_id(report, "to.contactId", to.contact_id.as_deref())),
        Some(&"clientId") => Target::Client(check_required_id(report, "to.clientId", to.client_id.as_deref())),
        Some(_) => {
            let raw = to.phone_number.as_deref().unwrap_or("");
            let phone_number = normalize_phone_number(raw).unwrap_or_else(|| {
                report.add(
                    "to.phoneNumber",
                    codes::INVALID_PHONE_NUMBER,
                    "to.phoneNumber must be an international number with country code, e.g. +16505551234",
                );
                String::new()
            });
            let name = to.name.as_deref().map(|name| {
                if crate::text::trim(name).is_empty() {
                    report.add("to.name", codes::EMPTY, "to.name must not be empty when given");
                }
                name.to_owned()
            });
            Target::Recipient { phone_number, name }
        }
        None => placeholder, // only disallowed targets were given; already reported
    }
}

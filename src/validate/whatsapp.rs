//! `WhatsApp` template sends.

use crate::prelude::*;

use crate::json::Path;
use crate::model::input::{FlowParametersInput, LocationParametersInput, MessageInput, TemplateInput};
use crate::model::template::{Coordinate, FlowParameters, LocationParameters, TemplateRef, WhatsAppTemplate};
use crate::validate::codes;
use crate::validate::media::check_media_url;
use crate::validate::report::Report;
use crate::validate::text::check_required_id;

/// Validates the `WhatsApp` template fields of `input`.
// Out of line, as V8 compiles a wasm function whole on its first call: a text message's
// first send then compiles none of it (the first send in a cold workerd isolate: -0.3 ms
// of CPU, at +0.06 KB of gzipped .wasm; BENCHMARKS.md, "Reading the results").
#[inline(never)]
pub(super) fn check_template(report: &mut Report, input: &MessageInput) -> WhatsAppTemplate {
    let template = check_template_ref(report, input.template.as_ref());
    let header_media_url = check_media_url(report, &Path::top("headerMediaUrl"), input.header_media_url.as_deref(), false);
    let header_text_parameters = check_parameters(report, "headerTextParameters", input.header_text_parameters.as_deref());
    if let Some(params) = &header_text_parameters {
        // a text header has at most one variable.
        if params.len() > 1 {
            report.add("headerTextParameters", codes::TOO_MANY, "a WhatsApp text header takes at most 1 parameter");
        }
    }
    WhatsAppTemplate {
        template,
        header_media_url,
        header_text_parameters,
        body_text_parameters: check_parameters(report, "bodyTextParameters", input.body_text_parameters.as_deref()),
        button_url_parameters: check_parameters(report, "buttonUrlParameters", input.button_url_parameters.as_deref()),
        location_parameters: input.location_parameters.as_ref().map(|p| check_location_parameters(report, p)),
        flow_parameters: input.flow_parameters.as_ref().map(|p| check_flow_parameters(report, p)),
    }
}

fn check_template_ref(report: &mut Report, template: Option<&TemplateInput>) -> TemplateRef {
    let Some(template) = template else {
        report.add("template", codes::REQUIRED, "template {name, language} is required");
        return TemplateRef { name: String::new(), language: String::new() };
    };
    report.unknown(&Path::top("template"), &template.unknown_fields);
    TemplateRef {
        name: check_required_id(report, "template.name", template.name.as_deref()),
        language: check_required_id(report, "template.language", template.language.as_deref()),
    }
}

/// each value non-empty, without a line break (of any kind) or a tab, and without more than four
/// consecutive spaces (Meta rejects such parameters). The count is not checked: only the
/// approved template knows it.
fn check_parameters(report: &mut Report, field: &str, values: Option<&[String]>) -> Option<Vec<String>> {
    let values = values?;
    let list = Path::top(field);
    for (i, value) in values.iter().enumerate() {
        // `field[i]`, rendered only for a violation.
        let path = Path::Index(&list, i);
        if crate::text::trim(value).is_empty() {
            report.add_at(&path, codes::EMPTY, "template parameters must not be empty");
        } else if value.chars().any(|c| matches!(c, '\t'..='\r' | '\u{85}' | '\u{2028}' | '\u{2029}')) {
            // A tab, or a line break of any kind Unicode knows (`\n`, `\r`, vertical tab,
            // form feed, NEL, the line and paragraph separators): each breaks the line.
            report.add_at(&path, codes::INVALID_CHARACTERS, "template parameters must not contain newlines or tabs");
        } else if crate::text::find(value, "     ").is_some() {
            report.add_at(&path, codes::INVALID_CHARACTERS, "template parameters must not contain more than 4 consecutive spaces");
        }
    }
    Some(values.to_vec())
}

/// latitude in [-90, 90], longitude in [-180, 180], both finite.
fn check_location_parameters(report: &mut Report, input: &LocationParametersInput) -> LocationParameters {
    report.unknown(&Path::top("locationParameters"), &input.unknown_fields);
    // The coordinate's decimal text is compared exactly with the integer bound
    // (`Coordinate::is_within`), and the bound is an integer in the message: no float is
    // parsed or formatted. A non-finite value (only a Rust caller can pass one) is out of range.
    let mut coordinate = |name: &str, value: Option<&Coordinate>, bound: u8| -> Coordinate {
        match value {
            None => {
                report.add_about(&Path::Key(&Path::top("locationParameters"), name), codes::REQUIRED, " is required");
                Coordinate::default()
            }
            Some(c) if !c.is_within(u64::from(bound)) => {
                let message = crate::text!("locationParameters.", name, " must be between -", bound, " and ", bound);
                report.add(crate::text!("locationParameters.", name), codes::OUT_OF_RANGE, message);
                Coordinate::default()
            }
            Some(c) => c.clone(),
        }
    };
    let latitude = coordinate("latitude", input.latitude.as_ref(), 90);
    let longitude = coordinate("longitude", input.longitude.as_ref(), 180);
    for (name, value) in [("address", &input.address), ("name", &input.name)] {
        if value.as_deref().is_some_and(|v| crate::text::trim(v).is_empty()) {
            report.add_about(&Path::Key(&Path::top("locationParameters"), name), codes::EMPTY, " must not be empty when given");
        }
    }
    LocationParameters { latitude, longitude, address: input.address.clone(), name: input.name.clone() }
}

fn check_flow_parameters(report: &mut Report, input: &FlowParametersInput) -> FlowParameters {
    report.unknown(&Path::top("flowParameters"), &input.unknown_fields);
    FlowParameters {
        flow_token: check_required_id(report, "flowParameters.flowToken", input.flow_token.as_deref()),
        flow_data: input.flow_data.clone(),
    }
}

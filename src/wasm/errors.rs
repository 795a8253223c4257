//! Errors on their way to JavaScript: one JSON object per error, read by js/api.js to
//! build a `WhautomateError`. Built from the error's fields only, so the API key (which
//! no error holds) cannot appear.

use crate::{Error, Violation};
use serde::Serialize;
use wasm_bindgen::JsValue;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsViolation<'a> {
    field: &'a str,
    code: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsError<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    violations: Vec<JsViolation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    retryable: bool,
    may_have_been_sent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_ms: Option<u64>,
}

fn js_violations(violations: &[Violation]) -> Vec<JsViolation<'_>> {
    violations.iter().map(|v| JsViolation { field: &v.field, code: v.code, message: &v.message }).collect()
}

/// The thrown value for `error`: a JSON string that js/api.js recognises.
pub fn to_js(error: &Error) -> JsValue {
    let js = JsError {
        code: error.code().as_str(),
        message: error.message(),
        status: error.status(),
        violations: js_violations(error.violations()),
        field: error.field(),
        body: error.body(),
        retryable: error.retryable(),
        may_have_been_sent: error.may_have_been_sent(),
        retry_after_ms: error.retry_after_ms(),
    };
    // Serialising plain strings, numbers and bools into a String cannot fail.
    JsValue::from_str(&serde_json::to_string(&js).unwrap_or_default())
}

/// Violations as a JSON array of `{ field, code, message }`.
pub fn violations_json(violations: &[Violation]) -> String {
    serde_json::to_string(&js_violations(violations)).unwrap_or_else(|_| "[]".into())
}

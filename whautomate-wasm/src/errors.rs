//! Errors on their way to JavaScript: one JSON object per error, the output of a call
//! that returned [`ERROR`](crate::abi::ERROR), read by js/api.js to build a
//! `WhautomateError`. Built from the error's fields only, so the API key (which no error
//! holds once redacted) cannot appear.

use crate::prelude::*;

use whautomate::__js::json::ObjectWriter;
use whautomate::Error;

/// The JSON of `error`, the shape js/api.js reads.
pub fn error_json(error: &Error) -> String {
    let mut out = String::new();
    let mut o = ObjectWriter::new(&mut out);
    o.str("code", error.code().as_str()).str("message", error.message());
    if let Some(status) = error.status() {
        o.u64("status", u64::from(status));
    }
    o.value("violations", error.violations());
    o.opt_str("field", error.field()).opt_str("body", error.body());
    o.bool("retryable", error.retryable()).bool("mayHaveBeenSent", error.may_have_been_sent());
    if let Some(ms) = error.retry_after_ms() {
        o.u64("retryAfterMs", ms);
    }
    o.end();
    out
}

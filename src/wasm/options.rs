//! `new Whautomate(options)`: the JS options object → [`ClientOptions`].

use crate::client::{ClientOptions, RateLimit, RetryPolicy};
use crate::{Error, Violation};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsOptions {
    api_key: Option<String>,
    host: Option<String>,
    location_id: Option<String>,
    timeout_ms: Option<u64>,
    retry: Option<JsRetry>,
    rate_limit: Option<JsRateLimit>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsRetry {
    max_retries: Option<u32>,
    base_delay_ms: Option<u64>,
    max_delay_ms: Option<u64>,
}

/// `rateLimit: false` turns the limit off; `true` or `{ perMinute, burst? }` sets it.
#[derive(Deserialize)]
#[serde(untagged)]
enum JsRateLimit {
    Switch(bool),
    Limit(JsRateLimitValues),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsRateLimitValues {
    per_minute: u32,
    burst: Option<u32>,
}

/// Parses and checks the options (the `fetch` function travels separately).
pub fn parse(json: &str) -> Result<ClientOptions, Error> {
    let js: JsOptions = crate::json::from_json(json)?;
    let Some(api_key) = js.api_key else {
        return Err(Error::invalid_input(vec![Violation::new("apiKey", "required", "apiKey is required")]));
    };
    let mut options = ClientOptions::new(&api_key);
    if let Some(host) = js.host {
        options = options.host(&host);
    }
    if let Some(location_id) = js.location_id {
        options = options.location_id(location_id);
    }
    if let Some(ms) = js.timeout_ms {
        options = options.timeout_ms(ms);
    }
    if let Some(retry) = js.retry {
        let default = RetryPolicy::default();
        options = options.retry(RetryPolicy {
            max_retries: retry.max_retries.unwrap_or(default.max_retries),
            base_delay_ms: retry.base_delay_ms.unwrap_or(default.base_delay_ms),
            max_delay_ms: retry.max_delay_ms.unwrap_or(default.max_delay_ms),
        });
    }
    options = match js.rate_limit {
        None | Some(JsRateLimit::Switch(true)) => options,
        Some(JsRateLimit::Switch(false)) => options.rate_limit(None),
        Some(JsRateLimit::Limit(values)) => {
            let mut limit = RateLimit::per_minute(values.per_minute);
            if let Some(burst) = values.burst {
                limit.burst = burst;
            }
            options.rate_limit(Some(limit))
        }
    };
    options.check()?;
    Ok(options)
}

//! The client as the extras module reads it: every call of that module takes it first in
//! the input, as the sending engine's `profileNew` output it (`extras`; JS hands it over
//! unchanged): the base URL to build against, and the key that no error may carry.

use crate::prelude::*;

use crate::abi::Engine;
use crate::errors::error_json;
use whautomate::__js::json::{from_value, FromJson, Path, Reader, Value};
use whautomate::{BaseUrl, Error};

/// The client a call is made for, as the sending engine checked it.
pub(crate) struct Client {
    /// The base URL, as the sending engine checked it.
    base: BaseUrl,
    /// The API key, only to remove it from errors (the requests carry the driver's headers).
    key: String,
}

impl Client {
    /// The base URL to build against.
    pub(crate) fn base(&self) -> &BaseUrl {
        &self.base
    }
}

struct ClientJson {
    base: Option<String>,
    api_key: Option<String>,
}

impl FromJson for ClientJson {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        Some(ClientJson { base: r.field(value, path, "base"), api_key: r.field(value, path, "apiKey") })
    }
}

/// Reads the client as the call's input gives it (its scope: not a handle, as the sending
/// engine's `client::with_client` takes, since this module keeps no clients); runs `call`
/// with it, its error redacted of the key.
pub(crate) fn with_scope<T>(engine: &Engine, client_len: usize, call: impl FnOnce(&Client) -> Result<T, Error>) -> Result<T, String> {
    let read = engine.value(0, client_len).and_then(|doc| from_value::<ClientJson>(&doc));
    let client = read.map(|c| {
        // Checked already by the sending engine (JS hands its output over as it is): not
        // read again, which would take a URL parser into this module.
        let base = whautomate::__js::checked_base_url(c.base.unwrap_or_default());
        Client { base, key: c.api_key.unwrap_or_default() }
    });
    match client {
        // (An empty key would match everywhere, and an empty base make relative URLs:
        // `profileNew` never outputs either.)
        Ok(client) if !client.key.is_empty() && !client.base.as_str().is_empty() => call(&client).map_err(|e| error_json(&e.redact(&client.key))),
        Ok(_) => Err(error_json(&Error::invalid_input(vec![whautomate::Violation::new("", "internal", "the extras engine was given no client")]))),
        // Only a driver bug gets here; the error names no value, so it holds no key.
        Err(e) => Err(error_json(&e)),
    }
}

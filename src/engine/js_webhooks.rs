//! `client.webhooks` of the npm package: its calls read from JS (`list`, `create`, `get`,
//! `update`, `delete`), turned into the requests of [`crate::request`]'s webhook
//! functions (which hold the rules). What a 2xx answer held is judged with every other
//! answer the driver parses (`request::response::check_parsed`).

use crate::prelude::*;

use super::call::Call;
use super::js_options::{known_members, JsSignal, Paging};
use crate::json::{from_value, FromJson, Path, Reader, Value};
use crate::request::webhooks::WebhookCall;
use crate::request::{Method, WebhookInput};
use crate::webhook::WebhookSecret;
use crate::url_read::{driver_read, Asked};
use crate::{BaseUrl, Error, Violation};

/// The fields a subscription is made or changed with, as a JS caller writes them.
const INPUT_FIELDS: [&str; 5] = ["name", "serverUrl", "events", "headers", "active"];

/// A JS object of header names and values (`{ "X-Hook-Secret": "s3cret" }`), in the
/// order written.
struct Headers(Vec<(String, String)>);

impl FromJson for Headers {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        let (members, _) = r.object(value, path, &[])?;
        let mut pairs = Vec::with_capacity(members.len());
        for (name, value) in members {
            if let Some(value) = String::from_json(value, &Path::Key(path, name), r) {
                pairs.push((name.clone(), value));
            }
        }
        Some(Headers(pairs))
    }
}

/// [`WebhookInput`] as JS writes it; unknown fields are refused by name.
struct JsInput(WebhookInput);

impl FromJson for JsInput {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        known_members(value, path, &INPUT_FIELDS, "a field of a subscription", r)?;
        Some(JsInput(WebhookInput {
            name: r.field(value, path, "name"),
            server_url: r.field(value, path, "serverUrl"),
            events: r.field(value, path, "events"),
            headers: r.field::<Headers>(value, path, "headers").map_or_else(Vec::new, |h| h.0),
            active: r.field(value, path, "active"),
        }))
    }
}

/// A call's options: `{ signal? }`, and for `list` `{ page?, limit?, signal? }` too (the
/// signal as JS marks it: it stays in JS).
struct CallOptions {
    page: Option<u32>,
    limit: Option<u32>,
}

impl CallOptions {
    fn read(value: &Value, op: &str, r: &mut Reader) -> Option<Self> {
        let list = op == "list";
        let known: &[&str] = if list { &["page", "limit", "signal"] } else { &["signal"] };
        let what = crate::text!("an option of webhooks.", op);
        // Named from the root (`limit`, not `options.limit`): the caller wrote them as an argument.
        known_members(value, &Path::Root, known, &what, r)?;
        let _: Option<JsSignal> = r.field(value, &Path::Root, "signal");
        Some(if list { CallOptions { page: Paging::of(r.field(value, &Path::Root, "page")), limit: Paging::of(r.field(value, &Path::Root, "limit")) } } else { CallOptions { page: None, limit: None } })
    }
}

/// One call: `{ op, id?, input?, options?, header?, random? }`, as js/api.js writes what
/// the caller gave (and, for `createWithSecret`, the random bytes it drew).
struct JsCall {
    op: String,
    id: Option<String>,
    input: Option<JsInput>,
    options: Option<CallOptions>,
    header: Option<String>,
    random: Option<Vec<u32>>,
}

impl FromJson for JsCall {
    fn from_json(value: &Value, path: &Path<'_>, r: &mut Reader) -> Option<Self> {
        // Named from the root: the caller wrote `id` and each field as an argument.
        let op: String = r.field(value, path, "op").unwrap_or_default();
        let id = r.field(value, path, "id");
        let input = match value.get("input") {
            None | Some(Value::Null) => None,
            Some(input) => JsInput::from_json(input, &Path::Root, r),
        };
        let options = match value.get("options") {
            None | Some(Value::Null) => None,
            Some(options) => CallOptions::read(options, &op, r),
        };
        Some(JsCall { op, id, input, options, header: r.field(value, path, "header"), random: r.field(value, path, "random") })
    }
}

/// A `client.webhooks` call's request, without headers: the driver sends its client's
/// own set, the one `headers` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookRequest {
    /// `GET`, `POST`, `PUT` or `DELETE`.
    pub method: Method,
    /// The whole URL.
    pub url: String,
    /// The JSON body of a create or update.
    pub body: Option<String>,
    /// Which of a client's header sets it carries: `send` (with a body) or `read`.
    pub headers: &'static str,
    /// The secret a `createWithSecret` generated and set as a delivery header.
    pub secret: Option<WebhookSecret>,
}

/// The request of a `client.webhooks` call and its kind: `args` (the arguments as the JS driver read them) are
/// `{ op, id?, input?, options?, header?, random? }` (op: `list`, `create`,
/// `createWithSecret`, `get`, `update` or `delete`; `id` as the caller gave it; a
/// create's or update's `input`; the call's `options` (`{ signal? }`, and `page` and
/// `limit` for `list`); for `createWithSecret`, the secret's
/// `header` and [`SECRET_BYTES`](crate::webhook::SECRET_BYTES) bytes of `random` from a cryptographic source), made
/// against `base`. The request carries no headers: the driver sends its client's own
/// set (see [`WebhookRequest::headers`]), so the key is not needed here.
///
/// # Errors
///
/// `invalid_input` naming every bad argument (see [`prepare_webhook_create`] for the
/// fields' rules); an `internal` violation for an op that is no call (the driver's bug).
///
/// ```
/// use whautomate::__js::js_webhooks::webhook_request;
/// use whautomate::__js::call::Call;
/// use whautomate::__js::url_read::Asked;
/// use whautomate::BaseUrl;
/// // The arguments as the JS driver hands them over (here from their JSON).
/// let doc = |json: &str| whautomate::__js::json::parse_input(json).unwrap();
/// let create = &doc(r#"{"op":"create","input":{"name":"inbox","serverUrl":"https://example.com/h",
///     "events":["contact_created"],"headers":{"X-Hook-Secret":"s"}}}"#);
/// // The engine first asks for serverUrl as a URL parser reads it (the driver's `new URL()`).
/// let Ok(Asked::ReadUrl(text)) = webhook_request(create, &BaseUrl::default(), "") else { panic!() };
/// assert_eq!(text, "https://example.com/h");
/// let read = "https:\n\n\nexample.com\n\n/h\n\n\nhttps://example.com/h";
/// let Ok(Asked::Done((req, call))) = webhook_request(create, &BaseUrl::default(), read) else { panic!() };
/// assert_eq!((req.url.as_str(), req.headers, call), ("https://api.whautomate.com/v1/webhooks", "send", Call::Change));
/// assert!(req.body.unwrap().contains(r#""webhookHeaders":[{"key":"X-Hook-Secret","value":"s"}]"#));
/// // Read by the driver as no URL, or as http to another server: refused on serverUrl.
/// for read in ["\n\n\n\n\n\n\n\nhttps://example.com/h", "http:\n\n\nexample.com\n\n/h\n\n\nhttps://example.com/h"] {
///     assert_eq!(webhook_request(create, &BaseUrl::default(), read).unwrap_err().field(), Some("serverUrl"));
/// }
/// let e = webhook_request(&doc(r#"{"op":"get","id":7}"#), &BaseUrl::default(), "").unwrap_err();
/// assert_eq!(e.field(), Some("id"));
/// let random = format!("[{}]", ["7"; 32].join(","));
/// let call = format!(r#"{{"op":"createWithSecret","header":"X-Hook-Secret","random":{random},
///     "input":{{"name":"inbox","serverUrl":"https://example.com/h","events":["contact_created"]}}}}"#);
/// let Ok(Asked::Done((req, _))) = webhook_request(&doc(&call), &BaseUrl::default(), read) else { panic!() };
/// assert_eq!(req.secret.unwrap().value(), "07".repeat(32));
/// assert!(req.body.unwrap().contains(&format!(r#"{{"key":"X-Hook-Secret","value":"{}"}}"#, "07".repeat(32))));
/// ```
pub fn webhook_request(args: &Value, base: &BaseUrl, server_url_read: &str) -> Result<Asked<(WebhookRequest, Call)>, Error> {
    let (call, input, secret) = read_call(args)?;
    let id = call.id.as_deref().unwrap_or_default();
    // A `serverUrl` is judged as the driver's `new URL()` read it: asked for first. (Only
    // the calls with a body carry an input.)
    let server_url = match input.server_url_text() {
        Some(text) => match driver_read(server_url_read, text)? {
            Asked::Done(read) => read,
            Asked::ReadUrl(text) => return Ok(Asked::ReadUrl(text)),
        },
        None => None,
    };
    let (made, kind) = match call.op.as_str() {
        "list" => {
            let options = call.options.as_ref();
            (WebhookCall::list(options.and_then(|o| o.page), options.and_then(|o| o.limit), base), Call::Read)
        }
        "create" | "createWithSecret" => (WebhookCall::create_read(&input, base, server_url.as_ref()), Call::Change),
        "get" => (WebhookCall::one(Method::Get, id, base), Call::Read),
        "update" => (WebhookCall::update_read(id, &input, base, server_url.as_ref()), Call::Change),
        "delete" => (WebhookCall::one(Method::Delete, id, base), Call::Remove),
        op => return Err(Error::invalid_input(vec![Violation::new("", "internal", crate::text!("no webhooks call is called ", op))])),
    };
    let made = made?;
    let headers = made.header_set();
    Ok(Asked::Done((WebhookRequest { method: made.method, url: made.url, body: made.body, headers, secret }, kind)))
}

/// The call `args`, its input with the secret a `createWithSecret` makes of its random
/// bytes among the headers, and that secret.
fn read_call(args: &Value) -> Result<(JsCall, WebhookInput, Option<WebhookSecret>), Error> {
    let mut call: JsCall = from_value(args)?;
    let mut input = call.input.take().map(|i| i.0).unwrap_or_default();
    let mut secret = None;
    if call.op == "createWithSecret" {
        let name = call.header.as_deref().unwrap_or_default();
        let random: Vec<u8> = call.random.take().unwrap_or_default().into_iter().filter_map(|b| u8::try_from(b).ok()).collect();
        let made = WebhookSecret::from_random(name, &random).map_err(named_header)?;
        input = input.with_secret(&made)?;
        secret = Some(made);
    }
    Ok((call, input, secret))
}

/// `texts` (the parts of a `client.webhooks` call's error: its message, its violations'
/// fields and sentences, the strings of its body) without the delivery header values the
/// call carries (its input's, and the secret a `createWithSecret` made) nor those its
/// answer holds (`body`, the error's body as the driver parsed it: see
/// [`redact_answered_headers`](crate::request::redact_answered_headers)). A server that
/// echoes the request in its error, or an answer of another shape kept in one, must not
/// put a delivery's shared secret into an error, as neither may put the API key there (the
/// Rust client's [`WebhookInput::redact`] and `redact_answered_headers`). Each text
/// unchanged when there is nothing to take out.
///
/// ```
/// use whautomate::__js::js_webhooks::redact_call;
/// use whautomate::__js::json::tape::read_input as doc;
/// let call = doc(r#"o2:s2:ops6:creates5:inputo1:s7:headerso1:s13:X-Hook-Secrets7:whsec_1"#).unwrap();
/// use whautomate::__js::json::Value;
/// assert_eq!(redact_call(&call, &Value::Null, &[r#"{"echo":"whsec_1"}"#.into(), "400".into()]), [r#"{"echo":"[redacted]"}"#, "400"]);
/// let list = doc("o1:s2:ops4:list").unwrap();
/// let body = doc(r#"o1:s4:dataa1:o1:s14:webhookHeadersa1:o2:s3:keys1:xs5:values7:whsec_2"#).unwrap();
/// assert_eq!(redact_call(&list, &body, &["whsec_2".into()]), ["[redacted]"]);
/// ```
#[must_use]
pub fn redact_call(args: &Value, body: &Value, texts: &[String]) -> Vec<String> {
    let mut secrets = crate::request::webhooks::answered_header_values(body);
    if let Ok((_, input, _)) = read_call(args) {
        secrets.extend(input.headers.into_iter().map(|(_, value)| value));
    }
    texts
        .iter()
        .map(|text| {
            let error = Error::new(crate::ErrorCode::InvalidResponse, "").with_body(Some(text.clone()));
            crate::request::webhooks::redact_each(error, secrets.iter().map(String::as_str)).body().unwrap_or_default().to_owned()
        })
        .collect()
}

/// What the object a `client.webhooks` call resolves to needs set, as JSON for the driver
/// to assign (`Object.assign`): for the answer `value` (as `JSON.parse` made it) of a
/// create, get or update, one object of members ([`subscription_fixes`]: an `id` sent as a
/// number as its text, `active` sent as text as a boolean, a missing typed member its empty
/// value); for a list's, an array of one such object per subscription. `null` for any
/// other value (a delete's, or an answer the verdict refused).
///
/// [`subscription_fixes`]: crate::webhook::subscription_fixes
///
/// ```
/// use whautomate::__js::js_webhooks::subscription_answer;
/// let doc = |json: &str| whautomate::__js::json::parse(json).unwrap();
/// let full = r#""name":"n","serverUrl":"https://e.com/h","webhookHeaders":[],"events":[]"#;
/// assert_eq!(subscription_answer(&doc(&format!(r#"{{"id":5,"active":"true",{full}}}"#))), r#"{"id":"5","active":true}"#);
/// assert_eq!(subscription_answer(&doc(&format!(r#"[{{"id":"a","active":true,{full}}},{{"id":"b"}}]"#))),
///     r#"[{},{"name":"","active":false,"serverUrl":"","webhookHeaders":[],"events":[]}]"#);
/// ```
#[must_use]
pub fn subscription_answer(value: &Value) -> String {
    fn fixes(value: &Value, out: &mut String) {
        use crate::json::write_str;
        let mut o = crate::json::ObjectWriter::new(out);
        if let Value::Object(members) = value {
            crate::webhook::subscription_fixes(members, |name, fix| match fix {
                crate::webhook::Fix::Text(text) => write_str(o.key(name), text),
                crate::webhook::Fix::Bool(on) => o.key(name).push_str(if on { "true" } else { "false" }),
                crate::webhook::Fix::List => o.key(name).push_str("[]"),
            });
        }
        o.end();
    }
    let mut out = String::new();
    match value {
        Value::Object(_) => fixes(value, &mut out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                fixes(item, &mut out);
            }
            out.push(']');
        }
        _ => out.push_str("null"),
    }
    out
}

/// A secret's name is `createWithSecret`'s second argument, `header`: its violations say so.
fn named_header(e: Error) -> Error {
    let violations = e.into_violations().into_iter().map(|v| if v.field == "secret.name" { Violation::new("header", v.code, crate::text!("header", v.message.get("secret.name".len()..).unwrap_or_default())) } else { v });
    Error::invalid_input(violations.collect())
}

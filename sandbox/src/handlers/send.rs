//! The twelve sends: `POST /v1/messages/{channel}/{sendtext|sendmedia|sendtemplate}`.
//!
//! Checks run in this order, each with the vendor's documented answer:
//! 1. the body is JSON and matches the operation's schema → else 400 `Invalid request body`;
//! 2. `scheduleDateTime`, when present, is ISO-8601 UTC with `Z` → else 400;
//! 3. `location.id` is present and known → else 404 `Invalid locationId`;
//! 4. the contact / client exists on this channel (a `recepient` is created if new)
//!    → else 404 `Invalid or missing record identifier`;
//! 5. WhatsApp text and media need an inbound message in the last 24 hours → else 400;
//! 6. the message is stored (hidden until due, if scheduled) and the delivery logged.
//!
//! Webhooks: an accepted send emits `outgoing_<channel>_message` (at once, even when
//! scheduled), and a WhatsApp `recepient` new to the sandbox emits
//! `contact_created` (also when the send is then refused by the 24-hour rule).

use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Value};

use crate::app::{lock, AppState};
use crate::clock::{parse_iso_utc, HOUR_MS};
use crate::errors;
use crate::state::{Channel, Delivery, Kind, Store};
use crate::webhooks;

/// Handles one send.
pub async fn send(
    State(app): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(Path((channel_seg, endpoint))) = path else {
        return errors::no_such_route();
    };
    let (Some(channel), Some(kind)) =
        (Channel::parse(&channel_seg), Kind::from_endpoint(&endpoint))
    else {
        return errors::no_such_route();
    };
    let body = match body {
        Ok(b) => b,
        Err(e) => return errors::invalid_body(vec![e.body_text()]),
    };
    let value = match super::parse_json(&body) {
        Ok(v) => v,
        Err(e) => return errors::invalid_body(vec![e]),
    };
    let route = format!("/v1/messages/{channel_seg}/{endpoint}");
    let violations = app.schemas.validate("POST", &route, &value);
    if !violations.is_empty() {
        return errors::invalid_body(violations);
    }

    let now = app.clock.now();
    let schedule = match value.get("scheduleDateTime").and_then(Value::as_str) {
        None => None,
        Some(s) => match parse_iso_utc(s) {
            Some(t) => Some(t),
            None => {
                return errors::invalid_body(vec![format!(
                    "/scheduleDateTime: {s:?} is not an ISO-8601 UTC time like 2025-08-07T09:35:37.797Z"
                )])
            }
        },
    };

    let mut store = lock(&app.store);
    let location = value.pointer("/location/id").and_then(Value::as_str);
    if !location.is_some_and(|l| store.locations.contains(l)) {
        return errors::invalid_location();
    }
    let (contact_id, created) = match resolve_target(&mut store, channel, &value) {
        Some(target) => target,
        None => return errors::record_not_found(),
    };
    let mut events = Vec::new();
    if created {
        events.extend(webhooks::contact_created_event(
            &store,
            &contact_id,
            location,
            false,
            now,
        ));
    }
    if channel == Channel::Whatsapp && kind != Kind::Template {
        let last = store
            .contacts
            .get(&contact_id)
            .and_then(|c| c.last_inbound_at);
        let window_open = matches!(last, Some(t) if now - t <= 24 * HOUR_MS);
        if !window_open {
            drop(store);
            webhooks::emit(&app, events);
            return errors::no_active_session();
        }
    }

    // A time in the past (or now) means "send now": the vendor does not say what
    // it does with one, and sending at once is the forgiving reading.
    let scheduled_for = schedule.filter(|t| *t > now);
    let at = scheduled_for.unwrap_or(now);
    let (text, media_url, options) = render(channel, kind, &value);
    let message_id = store.new_message(&contact_id, false, kind, text, media_url, options, at);
    events.extend(webhooks::message_event(&store, &message_id, now));
    let seq = store.deliveries.len() as u64 + 1;
    store.deliveries.push(Delivery {
        seq,
        message_id,
        path: route,
        body: value,
        received_at: now,
        scheduled_for,
    });
    drop(store);
    webhooks::emit(&app, events);
    Json(json!({"success": true})).into_response()
}

/// The contact a send goes to and whether it was just created, or `None` when the
/// addressed record does not exist on this channel. The schema has already made
/// sure exactly one target is given.
fn resolve_target(store: &mut Store, channel: Channel, body: &Value) -> Option<(String, bool)> {
    if let Some(id) = body.pointer("/contact/id").and_then(Value::as_str) {
        return store
            .contacts
            .get(id)
            .filter(|c| c.channel == channel)
            .map(|c| (c.id.clone(), false));
    }
    if channel != Channel::Whatsapp {
        return None;
    }
    if let Some(id) = body.pointer("/client/id").and_then(Value::as_str) {
        let contact = store.clients.get(id)?.whatsapp_contact_id.clone();
        return store
            .contacts
            .contains_key(&contact)
            .then_some((contact, false));
    }
    let phone = body
        .pointer("/recepient/phoneNumber")
        .and_then(Value::as_str)?;
    let name = body.pointer("/recepient/name").and_then(Value::as_str);
    // A number without a single digit cannot name anybody.
    if crate::state::phone_digits(phone).is_empty() {
        return None;
    }
    Some(store.find_or_create_by_phone(phone, name))
}

/// How a send shows in history: `(text, mediaUrl, options)`. The vendor does not
/// say how templates render; this is the sandbox's choice (see the README).
fn render(
    channel: Channel,
    kind: Kind,
    body: &Value,
) -> (Option<String>, Option<String>, Option<Value>) {
    let s = |p: &str| body.pointer(p).and_then(Value::as_str).map(str::to_string);
    match (channel, kind) {
        (_, Kind::Text) => (s("/textMessage"), None, None),
        (_, Kind::Media) => (None, s("/mediaUrl"), None),
        (Channel::Whatsapp, Kind::Template) => (s("/template/name"), s("/headerMediaUrl"), None),
        (Channel::Telegram, Kind::Template) => {
            let buttons = body.get("buttons").and_then(Value::as_array);
            let options = buttons.map(
                |b| json!({"type": "buttons", "buttons": b.iter().map(button).collect::<Vec<_>>()}),
            );
            (s("/textMessage"), s("/mediaUrl"), options)
        }
        (_, Kind::Template) => {
            let buttons: Vec<Value> = body
                .get("elements")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|e| e.get("buttons").and_then(Value::as_array))
                .flatten()
                .map(button)
                .collect();
            let options =
                (!buttons.is_empty()).then(|| json!({"type": "generic", "buttons": buttons}));
            (s("/elements/0/title"), s("/elements/0/image_url"), options)
        }
    }
}

/// A request button `{type,title,payload,url}` as a history button `{type,text,url}`.
fn button(b: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for (from, to) in [("type", "type"), ("title", "text"), ("url", "url")] {
        if let Some(v) = b.get(from) {
            out.insert(to.into(), v.clone());
        }
    }
    Value::Object(out)
}

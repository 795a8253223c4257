//! The sandbox's own endpoints under `/_sandbox` (not part of the vendor's API,
//! no API key needed, never subject to faults or rate limits).

use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::Bytes;
use serde_json::{json, Value};

use crate::app::{lock, AppState};
use crate::clock::{format_iso, HOUR_MS};
use crate::errors;
use crate::faults::{FaultConfig, Faults};
use crate::ratelimit::RateLimiter;
use crate::state::Channel;
use crate::webhooks;

fn bad(msg: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"message": msg.into()})),
    )
        .into_response()
}

/// A control endpoint's JSON body. A body that is missing or not JSON is answered with
/// 400 and its reason before the handler runs.
pub struct ControlBody(Value);

impl<S: Send + Sync> FromRequest<S> for ControlBody {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let body = Bytes::from_request(req, state).await.map_err(|e| bad(e.body_text()))?;
        super::parse_json(&body).map(ControlBody).map_err(bad)
    }
}

/// `POST /_sandbox/inbound`: the contact writes to us, which opens WhatsApp's
/// 24-hour window. Body: `{"contactId": "ct_wa_cold", "text": "hi"}`, or
/// `{"channel": "whatsapp", "phoneNumber": "+15551234567", "name": "..."}` to find or
/// create the contact by phone. Answers `{"contactId", "messageId", "windowOpenUntil"}`.
/// Emits `incoming_<channel>_message`, preceded by `contact_created` when the
/// contact was created by this call.
pub async fn inbound(State(app): State<AppState>, ControlBody(v): ControlBody) -> Response {
    let text = v
        .get("text")
        .and_then(Value::as_str)
        .unwrap_or("Hello from the sandbox")
        .to_string();
    let now = app.clock.now();
    let mut store = lock(&app.store);
    let mut created = false;
    let contact_id = if let Some(id) = v.get("contactId").and_then(Value::as_str) {
        id.to_string()
    } else if let Some(phone) = v.get("phoneNumber").and_then(Value::as_str) {
        let channel = v
            .get("channel")
            .and_then(Value::as_str)
            .unwrap_or("whatsapp");
        if Channel::parse(channel) != Some(Channel::Whatsapp) {
            return bad("phoneNumber works only with channel \"whatsapp\"");
        }
        if crate::state::phone_digits(phone).is_empty() {
            return bad("phoneNumber has no digits");
        }
        let name = v.get("name").and_then(Value::as_str);
        let (id, new) = store.find_or_create_by_phone(phone, name);
        created = new;
        id
    } else {
        return bad("give contactId, or channel \"whatsapp\" with phoneNumber");
    };
    let Some(message_id) = store.add_inbound(&contact_id, &text, now) else {
        return errors::record_not_found();
    };
    let mut events = Vec::new();
    if created {
        events.extend(webhooks::contact_created_event(
            &store,
            &contact_id,
            None,
            true,
            now,
        ));
    }
    events.extend(webhooks::message_event(&store, &message_id, now));
    drop(store);
    webhooks::emit(&app, events);
    Json(json!({
        "contactId": contact_id,
        "messageId": message_id,
        "windowOpenUntil": format_iso(now + 24 * HOUR_MS),
    }))
    .into_response()
}

/// `GET /_sandbox/state`: counters for tests. Requests received per `METHOD path`,
/// sends delivered, and per contact its messages and 24-hour window.
pub async fn state(State(app): State<AppState>) -> Response {
    let now = app.clock.now();
    let store = lock(&app.store);
    let contacts: Vec<Value> = store
        .contacts
        .values()
        .map(|c| {
            let total = store.messages.iter().filter(|m| m.contact_id == c.id).count();
            let visible = store.history(&c.id, now, None).len();
            json!({
                "id": c.id,
                "channel": c.channel.as_str(),
                "phoneNumber": c.phone_number,
                "name": c.name,
                "lastInboundAt": c.last_inbound_at.map(format_iso),
                "windowOpen": c.last_inbound_at.is_some_and(|t| now - t <= 24 * HOUR_MS),
                "messages": total,
                "visibleMessages": visible,
                "deliveries": store.messages.iter().filter(|m| m.contact_id == c.id && !m.is_incoming).count(),
            })
        })
        .collect();
    Json(json!({
        "now": format_iso(now),
        "requests": store.requests,
        "delivered": store.deliveries.len(),
        "contacts": contacts,
        "locations": store.locations,
        "webhooks": crate::handlers::webhooks::summary(&app),
        "clients": store.clients.values().map(|c| json!({"id": c.id, "name": c.name, "phoneNumber": c.phone_number, "contactId": c.whatsapp_contact_id})).collect::<Vec<_>>(),
    }))
    .into_response()
}

/// `POST /_sandbox/reset`: back to the seeded state (faults, rate limit and clock
/// as at startup; counters and deliveries cleared).
pub async fn reset(State(app): State<AppState>) -> Response {
    app.reset();
    Json(json!({"reset": true})).into_response()
}

/// `GET /_sandbox/deliveries`: every accepted send, in order, with its body as
/// received. Count these to detect duplicate sends.
pub async fn deliveries(State(app): State<AppState>) -> Response {
    let store = lock(&app.store);
    let list: Vec<Value> = store
        .deliveries
        .iter()
        .map(|d| {
            json!({
                "seq": d.seq,
                "id": d.message_id,
                "path": d.path,
                "body": d.body,
                "receivedAt": format_iso(d.received_at),
                "scheduledFor": d.scheduled_for.map(format_iso),
            })
        })
        .collect();
    Json(Value::Array(list)).into_response()
}

/// `GET /_sandbox/faults`: the active switches.
pub async fn get_faults(State(app): State<AppState>) -> Response {
    Json(lock(&app.faults).config().clone()).into_response()
}

/// `POST /_sandbox/faults`: replaces all switches (absent ones are off) and
/// restarts the generator from `seed`.
pub async fn set_faults(
    State(app): State<AppState>,
    ControlBody(v): ControlBody,
) -> Response {
    let config: FaultConfig = match serde_json::from_value(v) {
        Ok(c) => c,
        Err(e) => return bad(format!("fault switches: {e}")),
    };
    if let Err(e) = config.check() {
        return bad(e);
    }
    *lock(&app.faults) = Faults::new(config.clone());
    Json(config).into_response()
}

/// `DELETE /_sandbox/faults`: every switch off.
pub async fn clear_faults(State(app): State<AppState>) -> Response {
    *lock(&app.faults) = Faults::new(FaultConfig::default());
    Json(FaultConfig::default()).into_response()
}

/// `GET /_sandbox/clock`: the sandbox time and its offset from the wall clock.
pub async fn get_clock(State(app): State<AppState>) -> Response {
    Json(json!({"now": format_iso(app.clock.now()), "offsetMs": app.clock.offset()}))
        .into_response()
}

/// `POST /_sandbox/clock {"advanceMs": N}`: moves the sandbox clock, which drives
/// the 24-hour rule and scheduled messages.
pub async fn advance_clock(
    State(app): State<AppState>,
    ControlBody(v): ControlBody,
) -> Response {
    let Some(ms) = v.get("advanceMs").and_then(Value::as_i64) else {
        return bad("advanceMs (whole milliseconds) is required");
    };
    // Keep far from overflow: ±100 years is plenty for any test.
    if ms.unsigned_abs() > 100 * 365 * 24 * HOUR_MS as u64 {
        return bad("advanceMs is out of range");
    }
    app.clock.advance(ms);
    get_clock(State(app)).await
}

/// `GET /_sandbox/ratelimit`: `{"perMinute", "timeScale"}`.
pub async fn get_ratelimit(State(app): State<AppState>) -> Response {
    let rl = lock(&app.limiter);
    Json(json!({"perMinute": rl.per_minute(), "timeScale": rl.time_scale()})).into_response()
}

/// `POST /_sandbox/ratelimit {"perMinute": 60, "timeScale": 60}`: changes the limit
/// (absent fields keep their value) and starts every window afresh.
pub async fn set_ratelimit(
    State(app): State<AppState>,
    ControlBody(v): ControlBody,
) -> Response {
    let mut rl = lock(&app.limiter);
    let per_minute = match v.get("perMinute") {
        None => rl.per_minute(),
        Some(n) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) => n,
            None => return bad("perMinute must be a whole number"),
        },
    };
    let time_scale = match v.get("timeScale") {
        None => rl.time_scale(),
        Some(f) => match f.as_f64().filter(|f| f.is_finite() && *f > 0.0) {
            Some(f) => f,
            None => return bad("timeScale must be a positive number"),
        },
    };
    *rl = RateLimiter::new(per_minute, time_scale);
    Json(json!({"perMinute": per_minute, "timeScale": time_scale})).into_response()
}

//! The shared state and the router: the thirteen /v1 calls and /v1/webhooks behind the guard
//! (count, latency, auth, rate limit, faults), the /_sandbox control endpoints,
//! static mounts, and permissive CORS.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, Method};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;

use crate::clock::Clock;
use crate::config::Config;
use crate::errors;
use crate::faults::{self, After, Before, Faults};
use crate::handlers;
use crate::ratelimit::RateLimiter;
use crate::schema::Schemas;
use crate::state::Store;
use crate::webhooks::{Hub, RetryPolicy};

/// Everything the handlers share.
#[derive(Debug)]
pub struct Shared {
    /// Contacts, messages, deliveries, counters.
    pub store: Mutex<Store>,
    /// Active fault switches.
    pub faults: Mutex<Faults>,
    /// Per-key request windows.
    pub limiter: Mutex<RateLimiter>,
    /// Compiled request-body schemas from `openapi/messages.yaml`.
    pub schemas: Schemas,
    /// The sandbox clock (wall clock plus a test-controlled offset).
    pub clock: Clock,
    /// Webhook subscriptions, the delivery log and the running deliveries.
    pub webhooks: Hub,
    /// The configuration it was started with (reset returns to it).
    pub config: Config,
}

/// Handle to the shared state, cloned into every handler.
pub type AppState = Arc<Shared>;

/// Locks a mutex, shrugging off poisoning: a panic elsewhere must not take the
/// whole sandbox down with it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    /// Fresh state for `config`, with the seeded world.
    pub fn new(config: Config) -> Result<Self, String> {
        let clock = Clock::default();
        Ok(Shared {
            store: Mutex::new(Store::seeded(clock.now())),
            faults: Mutex::new(Faults::new(config.faults.clone())),
            limiter: Mutex::new(RateLimiter::new(config.rate_limit, config.time_scale)),
            schemas: Schemas::embedded()?,
            clock,
            webhooks: Hub::new(RetryPolicy::scaled(config.time_scale)),
            config,
        })
    }

    /// Back to the state right after startup: seeded world, startup faults and
    /// rate limit, clock on wall time, counters and deliveries cleared, no webhook
    /// subscriptions and no webhook deliveries (running ones stop).
    pub fn reset(&self) {
        self.webhooks.reset();
        self.clock.reset();
        *lock(&self.store) = Store::seeded(self.clock.now());
        *lock(&self.faults) = Faults::new(self.config.faults.clone());
        *lock(&self.limiter) = RateLimiter::new(self.config.rate_limit, self.config.time_scale);
    }
}

/// Builds the router for `state`.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/v1/messages/{contact_id}", get(handlers::history::list))
        .route(
            "/v1/messages/{channel}/{endpoint}",
            post(handlers::send::send),
        )
        .route(
            "/v1/webhooks",
            get(handlers::webhooks::list).post(handlers::webhooks::create),
        )
        .route(
            "/v1/webhooks/{webhook_id}",
            get(handlers::webhooks::get_one)
                .put(handlers::webhooks::update)
                .delete(handlers::webhooks::delete),
        )
        .route_layer(middleware::from_fn_with_state(state.clone(), guard));

    let control = Router::new()
        .route("/_sandbox/inbound", post(handlers::control::inbound))
        .route("/_sandbox/state", get(handlers::control::state))
        .route("/_sandbox/reset", post(handlers::control::reset))
        .route("/_sandbox/deliveries", get(handlers::control::deliveries))
        .route(
            "/_sandbox/webhook-deliveries",
            get(handlers::webhooks::deliveries),
        )
        .route(
            "/_sandbox/faults",
            get(handlers::control::get_faults)
                .post(handlers::control::set_faults)
                .delete(handlers::control::clear_faults),
        )
        .route(
            "/_sandbox/clock",
            get(handlers::control::get_clock).post(handlers::control::advance_clock),
        )
        .route(
            "/_sandbox/ratelimit",
            get(handlers::control::get_ratelimit).post(handlers::control::set_ratelimit),
        );

    let mut app = api.merge(control).with_state(state.clone());
    let mut has_root = false;
    for m in &state.config.static_mounts {
        // ServeDir guesses Content-Type from the extension (`.wasm` is
        // application/wasm, which WebAssembly.instantiateStreaming insists on).
        let dir = ServeDir::new(&m.dir).append_index_html_on_directories(true);
        if m.prefix == "/" {
            app = app.fallback_service(dir);
            has_root = true;
        } else {
            app = app.nest_service(&m.prefix, dir);
        }
    }
    if !has_root {
        app = app.fallback(|| async { errors::no_such_route() });
    }

    // The playground may be opened from another origin (a file, a dev server), so
    // any origin may call with the two headers the API uses, and read Retry-After
    // and the webhook log's pending count.
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([HeaderName::from_static("x-api-key"), header::CONTENT_TYPE])
        .expose_headers([
            header::RETRY_AFTER,
            HeaderName::from_static("x-sandbox-pending"),
        ]);
    app.layer(cors)
}

/// Runs in front of every /v1 call, in the order a real gateway would: count the
/// request, apply latency, check the key (403), then the rate limit (429), then
/// draw the faults around the handler.
async fn guard(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let (method, path) = (req.method().to_string(), req.uri().path().to_string());
    lock(&app.store).count_request(&method, &path);

    let latency = lock(&app.faults).latency_ms();
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }

    let key = req
        .headers()
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !app.config.api_keys.iter().any(|k| k == key) {
        return errors::forbidden();
    }
    if let Err(retry_after) = lock(&app.limiter).check(key, Instant::now()) {
        return errors::too_many_requests(retry_after);
    }

    let before = lock(&app.faults).draw_before();
    match before {
        Some(Before::Status429) => return errors::too_many_requests(1),
        Some(Before::Status500) => return errors::server_error(),
        Some(Before::Drop) => return faults::dropped_connection(),
        None => {}
    }

    let response = next.run(req).await;

    let after = lock(&app.faults).draw_after();
    match after {
        Some(After::Status500) => errors::server_error(),
        Some(After::Drop) => faults::dropped_connection(),
        Some(After::Malformed) => faults::malformed_body(),
        None => response,
    }
}

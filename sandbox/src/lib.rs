//! A local, stateful sandbox of the Whautomate Messages API.
//!
//! It serves the thirteen calls of the vendor's Messages page on 127.0.0.1,
//! validates request bodies against `openapi/messages.yaml`, keeps contacts and
//! message history in memory, enforces the documented errors, the per-minute rate
//! limit and WhatsApp's 24-hour rule, and can be told to misbehave (latency, 5xx,
//! dropped connections, malformed bodies). It also serves the webhook subscription
//! API and delivers message and contact events to loopback receivers, with retries.
//! See `sandbox/README.md`.

#![warn(missing_docs)]

pub mod app;
pub mod clock;
pub mod config;
pub mod errors;
pub mod faults;
pub mod handlers;
pub mod ratelimit;
pub mod schema;
pub mod state;
pub mod webhooks;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use config::Config;

/// A sandbox running on a tokio runtime.
#[derive(Debug)]
pub struct Running {
    /// The address it listens on (always 127.0.0.1).
    pub addr: SocketAddr,
    /// The shared state, for in-process tests that want to look inside.
    pub state: app::AppState,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections and waits for the server task to end.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        (&mut self.task)
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e)))
    }

    /// Serves until `signal` completes, then stops gracefully.
    pub async fn run_until<F: std::future::Future<Output = ()>>(
        mut self,
        signal: F,
    ) -> std::io::Result<()> {
        tokio::select! {
            _ = signal => {}
            res = &mut self.task => {
                return res.unwrap_or_else(|e| Err(std::io::Error::other(e)));
            }
        }
        self.stop().await
    }
}

/// Binds 127.0.0.1 (never another interface) and serves in the background.
pub async fn start(config: Config) -> std::io::Result<Running> {
    let port = config.port;
    let shared = app::Shared::new(config).map_err(std::io::Error::other)?;
    let state = Arc::new(shared);
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await?;
    let addr = listener.local_addr()?;
    let router = app::router(state.clone());
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
    });
    Ok(Running {
        addr,
        state,
        shutdown: Some(tx),
        task,
    })
}

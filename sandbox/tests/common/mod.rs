//! Test helpers: a sandbox started in-process on 127.0.0.1:0, and a tiny blocking
//! HTTP/1.1 client over `std::net::TcpStream` (no client crate needed; and it lets
//! the fault tests see exactly what came over the wire).

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::{json, Value};
use whautomate_sandbox::Config;

/// The default API key.
pub const KEY: &str = "sk_test_sandbox";

/// A sandbox running on its own runtime; dropped with the test.
pub struct Sandbox {
    pub addr: SocketAddr,
    _rt: tokio::runtime::Runtime,
}

impl Sandbox {
    /// Starts with default settings (rate limit off so tests never trip it by chance).
    pub fn start() -> Sandbox {
        Sandbox::with(Config {
            port: 0,
            rate_limit: 0,
            ..Config::default()
        })
    }

    /// Starts with `config` (its port should be 0).
    pub fn with(config: Config) -> Sandbox {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let running = rt.block_on(whautomate_sandbox::start(config)).unwrap();
        let addr = running.addr;
        // Keep the server alive for the runtime's lifetime.
        rt.spawn(async move {
            let _ = running.run_until(std::future::pending()).await;
        });
        Sandbox { addr, _rt: rt }
    }

    /// GET with the default key.
    pub fn get(&self, path: &str) -> Resp {
        self.call("GET", path, &[("x-api-key", KEY)], None).unwrap()
    }

    /// POST JSON with the default key.
    pub fn post(&self, path: &str, body: &Value) -> Resp {
        self.call(
            "POST",
            path,
            &[("x-api-key", KEY), ("content-type", "application/json")],
            Some(&body.to_string()),
        )
        .unwrap()
    }

    /// Any request; `Err` when the connection failed or closed without a response.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> std::io::Result<Resp> {
        request(self.addr, method, path, headers, body)
    }

    /// The sandbox's log of accepted sends.
    pub fn deliveries(&self) -> Vec<Value> {
        self.get("/_sandbox/deliveries")
            .json()
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Sets the fault switches.
    pub fn faults(&self, switches: Value) {
        let r = self.post("/_sandbox/faults", &switches);
        assert_eq!(r.status, 200, "{}", r.text());
    }

    /// Moves the sandbox clock.
    pub fn advance_ms(&self, ms: i64) {
        let r = self.post("/_sandbox/clock", &json!({ "advanceMs": ms }));
        assert_eq!(r.status, 200, "{}", r.text());
    }
}

/// A response as read off the wire.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request with `Connection: close`; reads to EOF.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> std::io::Result<Resp> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() || method == "POST" {
        req.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    parse(&raw).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            format!(
                "no complete response ({} bytes: {:?})",
                raw.len(),
                String::from_utf8_lossy(&raw)
            ),
        )
    })
}

fn parse(raw: &[u8]) -> Option<Resp> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked {
        dechunk(rest)?
    } else {
        rest.to_vec()
    };
    if let Some(len) = headers.iter().find(|(k, _)| k == "content-length") {
        if len.1.parse::<usize>().ok()? != body.len() {
            return None;
        }
    }
    Some(Resp {
        status,
        headers,
        body,
    })
}

/// Decodes a chunked body; `None` when it is cut short (a dropped connection).
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n")?;
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..line_end]).ok()?.trim(), 16).ok()?;
        b = &b[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if b.len() < size + 2 {
            return None;
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size + 2..];
    }
}

//! Switchable faults, so clients can be tested against a misbehaving server.
//!
//! Faults apply to the /v1 calls only (never to /_sandbox or static files). Which
//! fault strikes a request is drawn from a seeded xorshift generator, so a run with
//! the same seed and the same request order misbehaves the same way.
//!
//! | switch | effect | delivered? |
//! |---|---|---|
//! | `latencyMs` | sleep before handling | as usual |
//! | `status429Rate` | answer 429 | no |
//! | `status500Rate` | answer 500 | no |
//! | `dropBeforeResponseRate` | close the connection, no response | no |
//! | `status500AfterDeliveryRate` | handle, then answer 500 | yes, if the send was valid |
//! | `dropAfterDeliveryRate` | handle, then close the connection | yes, if the send was valid |
//! | `malformedBodyRate` | handle, then answer 200 with a truncated JSON body | yes, if the send was valid |
//!
//! One switch is not drawn per request: `duplicateDeliveries` makes the webhook
//! dispatcher deliver every event twice, with the same `event.id` (see
//! [`crate::webhooks`]).

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use serde::{Deserialize, Serialize};

/// The fault switches. Rates are probabilities in `[0, 1]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct FaultConfig {
    /// Delay before each /v1 request is handled.
    pub latency_ms: u64,
    /// Answer 500 without delivering.
    pub status500_rate: f64,
    /// Deliver, then answer 500.
    pub status500_after_delivery_rate: f64,
    /// Close the connection without a response and without delivering.
    pub drop_before_response_rate: f64,
    /// Deliver, then close the connection without a response.
    pub drop_after_delivery_rate: f64,
    /// Deliver, then answer 200 with a body that is not valid JSON.
    pub malformed_body_rate: f64,
    /// Answer 429 (with Retry-After) without delivering.
    pub status429_rate: f64,
    /// Seed of the generator that draws the faults; a fixed default when absent.
    pub seed: Option<u64>,
    /// Deliver every webhook event twice (same `event.id`), as an at-least-once
    /// sender does after a lost acknowledgement.
    pub duplicate_deliveries: bool,
}

impl FaultConfig {
    /// Checks that every rate is a probability.
    pub fn check(&self) -> Result<(), String> {
        let rates = [
            ("status500Rate", self.status500_rate),
            (
                "status500AfterDeliveryRate",
                self.status500_after_delivery_rate,
            ),
            ("dropBeforeResponseRate", self.drop_before_response_rate),
            ("dropAfterDeliveryRate", self.drop_after_delivery_rate),
            ("malformedBodyRate", self.malformed_body_rate),
            ("status429Rate", self.status429_rate),
        ];
        for (name, r) in rates {
            if !(0.0..=1.0).contains(&r) {
                return Err(format!("{name} must be between 0 and 1, got {r}"));
            }
        }
        Ok(())
    }

    /// Sets one switch by name. Names are compared ignoring case, `-` and `_`, so
    /// `--status500-rate`, `--status500Rate` and `status500_rate` all work.
    pub fn set(&mut self, name: &str, value: &str) -> Result<bool, String> {
        let key: String = name
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect();
        let rate = |v: &str| {
            v.parse::<f64>()
                .map_err(|_| format!("{name}: not a number: {v}"))
        };
        match key.as_str() {
            "latencyms" => {
                self.latency_ms = value
                    .parse()
                    .map_err(|_| format!("{name}: not a whole number: {value}"))?
            }
            "status500rate" => self.status500_rate = rate(value)?,
            "status500afterdeliveryrate" => self.status500_after_delivery_rate = rate(value)?,
            "dropbeforeresponserate" => self.drop_before_response_rate = rate(value)?,
            "dropafterdeliveryrate" => self.drop_after_delivery_rate = rate(value)?,
            "malformedbodyrate" => self.malformed_body_rate = rate(value)?,
            "status429rate" => self.status429_rate = rate(value)?,
            "duplicatedeliveries" => {
                self.duplicate_deliveries = match value.to_ascii_lowercase().as_str() {
                    "true" | "1" | "yes" | "on" => true,
                    "false" | "0" | "no" | "off" => false,
                    _ => return Err(format!("{name}: not true or false: {value}")),
                }
            }
            "seed" => {
                self.seed = Some(
                    value
                        .parse()
                        .map_err(|_| format!("{name}: not a whole number: {value}"))?,
                )
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// A fault that replaces the handler (the request is not delivered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Before {
    /// Answer 429.
    Status429,
    /// Answer 500.
    Status500,
    /// Close the connection.
    Drop,
}

/// A fault applied to the handler's answer (the request was handled).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    /// Replace the answer with a 500.
    Status500,
    /// Close the connection instead of answering.
    Drop,
    /// Answer 200 with a truncated JSON body.
    Malformed,
}

/// The active switches and the generator that draws from them.
#[derive(Debug)]
pub struct Faults {
    config: FaultConfig,
    rng: XorShift,
}

const DEFAULT_SEED: u64 = 0x5EED_5A4D_B0C5;

impl Faults {
    /// Faults with the given switches; the generator starts from the seed.
    pub fn new(config: FaultConfig) -> Self {
        let rng = XorShift::new(config.seed.unwrap_or(DEFAULT_SEED));
        Faults { config, rng }
    }

    /// The active switches.
    pub fn config(&self) -> &FaultConfig {
        &self.config
    }

    /// Whether every webhook event is to be delivered twice.
    pub fn duplicate_deliveries(&self) -> bool {
        self.config.duplicate_deliveries
    }

    /// Delay to apply before handling.
    pub fn latency_ms(&self) -> u64 {
        self.config.latency_ms
    }

    /// Draws the fault (if any) that replaces the handler.
    pub fn draw_before(&mut self) -> Option<Before> {
        let c = self.config.clone();
        if self.hit(c.status429_rate) {
            return Some(Before::Status429);
        }
        if self.hit(c.status500_rate) {
            return Some(Before::Status500);
        }
        if self.hit(c.drop_before_response_rate) {
            return Some(Before::Drop);
        }
        None
    }

    /// Draws the fault (if any) applied after the handler ran.
    pub fn draw_after(&mut self) -> Option<After> {
        let c = self.config.clone();
        if self.hit(c.status500_after_delivery_rate) {
            return Some(After::Status500);
        }
        if self.hit(c.drop_after_delivery_rate) {
            return Some(After::Drop);
        }
        if self.hit(c.malformed_body_rate) {
            return Some(After::Malformed);
        }
        None
    }

    /// Draws only for non-zero rates, so switching one fault on does not shift the
    /// sequence of another that is off; rate 1 always hits.
    fn hit(&mut self, rate: f64) -> bool {
        rate > 0.0 && (rate >= 1.0 || self.rng.next_f64() < rate)
    }
}

/// Small xorshift64* generator: deterministic, good enough for fault injection.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from `seed` (0 is remapped, as xorshift would stick at 0).
    pub fn new(seed: u64) -> Self {
        XorShift(if seed == 0 { DEFAULT_SEED } else { seed })
    }

    /// Next value, uniform in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A response whose body fails at once. Hyper then aborts the connection before
/// writing anything (the head is still in its buffer), so the client sees the
/// connection close with no response at all.
pub fn dropped_connection() -> Response {
    let stream = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("sandbox fault: connection dropped"))
    });
    Response::new(Body::from_stream(stream))
}

/// A 200 whose body is JSON cut in half.
pub fn malformed_body() -> Response {
    let mut r = Response::new(Body::from("{\"success\": tr"));
    *r.status_mut() = StatusCode::OK;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_faults() {
        let cfg = FaultConfig {
            status500_rate: 0.5,
            seed: Some(42),
            ..Default::default()
        };
        let a: Vec<_> = {
            let mut f = Faults::new(cfg.clone());
            (0..50).map(|_| f.draw_before()).collect()
        };
        let b: Vec<_> = {
            let mut f = Faults::new(cfg);
            (0..50).map(|_| f.draw_before()).collect()
        };
        assert_eq!(a, b);
        assert!(a.iter().any(Option::is_some) && a.iter().any(Option::is_none));
    }

    #[test]
    fn names_are_forgiving_and_rates_checked() {
        let mut c = FaultConfig::default();
        assert!(c.set("--status500-rate", "0.3").unwrap());
        assert!(c.set("latencyMs", "20").unwrap());
        assert!(!c.set("bogus", "1").unwrap());
        assert!(c.set("--duplicate-deliveries", "true").unwrap());
        assert!(c.duplicate_deliveries);
        assert!(c.set("duplicateDeliveries", "maybe").is_err());
        assert_eq!((c.status500_rate, c.latency_ms), (0.3, 20));
        c.malformed_body_rate = 2.0;
        assert!(c.check().is_err());
    }
}

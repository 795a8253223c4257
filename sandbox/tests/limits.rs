//! The per-minute rate limit.

mod common;

use common::Sandbox;
use serde_json::json;
use whautomate_sandbox::Config;

#[test]
fn answers_429_with_retry_after_beyond_the_limit_then_recovers() {
    // 60 per "minute", and a minute lasts one second.
    let sb = Sandbox::with(Config {
        port: 0,
        rate_limit: 60,
        time_scale: 60.0,
        ..Config::default()
    });
    let body =
        json!({"contact": {"id": "ct_tg_1"}, "textMessage": "hi", "location": {"id": "loc_1"}});
    let mut ok = 0;
    let mut limited = None;
    // Bounded: if a window rolls over mid-loop, the next one fills up too.
    for _ in 0..500 {
        let r = sb.post("/v1/messages/telegram/sendtext", &body);
        match r.status {
            200 => ok += 1,
            429 => {
                limited = Some(r);
                break;
            }
            s => panic!("unexpected {s}"),
        }
    }
    // The window may roll over while sending (it is one real second long), so
    // at least 60 were accepted before the 429.
    let r = limited.expect("no 429 within 500 requests");
    assert!(ok >= 60, "{ok}");
    assert_eq!(r.json(), json!({"message": "Too Many Requests"}));
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(sb.deliveries().len(), ok, "a limited send is not delivered");

    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(sb.post("/v1/messages/telegram/sendtext", &body).status, 200);
}

#[test]
fn limit_can_be_changed_at_runtime_and_counts_per_key() {
    let sb = Sandbox::with(Config {
        port: 0,
        rate_limit: 0,
        api_keys: vec!["k1".into(), "k2".into()],
        ..Config::default()
    });
    let r = sb.post("/_sandbox/ratelimit", &json!({"perMinute": 2}));
    assert_eq!(r.json(), json!({"perMinute": 2, "timeScale": 1.0}));
    let get = |key: &str| {
        sb.call("GET", "/v1/messages/ct_wa_1", &[("x-api-key", key)], None)
            .unwrap()
    };
    assert_eq!(get("k1").status, 200);
    assert_eq!(get("k1").status, 200);
    let r = get("k1");
    assert_eq!(r.status, 429);
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(get("k2").status, 200, "another key has its own window");
    // A wrong key is refused before the limit is consulted.
    assert_eq!(get("wrong").status, 403);
}

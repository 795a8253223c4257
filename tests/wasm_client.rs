//! The client over the real fetch transport, in Node, against real HTTP servers on
//! 127.0.0.1 (`tests/support/http_server.mjs`): `wasm-pack test --node -- --test wasm_client`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use whautomate::client::{Client, ClientOptions, HistoryPager, RetryPolicy};
use whautomate::model::MessageInput;
use whautomate::request::HistoryQuery;
use whautomate::transport::fetch::{FetchTransport, JsRuntime};
use whautomate::ErrorCode;

#[wasm_bindgen(module = "/tests/support/http_server.mjs")]
extern "C" {
    type TestServer;
    #[wasm_bindgen(js_name = startServer)]
    fn start_server(scenario: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = refusedUrl)]
    fn refused_url() -> js_sys::Promise;
    #[wasm_bindgen(method, getter)]
    fn url(this: &TestServer) -> String;
    #[wasm_bindgen(method)]
    fn count(this: &TestServer) -> u32;
    #[wasm_bindgen(method)]
    fn request(this: &TestServer, i: u32) -> String;
    #[wasm_bindgen(method)]
    fn close(this: &TestServer);
}

const KEY: &str = "sk_wasm_secret_42";

async fn server(scenario: &str) -> TestServer {
    JsFuture::from(start_server(scenario)).await.unwrap().unchecked_into()
}

fn client(host: &str, timeout_ms: u64) -> Client<FetchTransport, JsRuntime> {
    let options = ClientOptions::new(KEY)
        .host(host)
        .location_id("loc_1")
        .timeout_ms(timeout_ms)
        .rate_limit(None)
        .retry(RetryPolicy { max_retries: 2, base_delay_ms: 10, max_delay_ms: 50 });
    Client::with_transport(options, FetchTransport::global(), JsRuntime).unwrap()
}

fn message() -> whautomate::model::OutgoingMessage {
    let input: MessageInput = whautomate::__js::json::from_json(
        r#"{"channel":"whatsapp","type":"text","to":{"phoneNumber":"+1 (650) 555-1234"},"text":"hello"}"#,
    )
    .unwrap();
    whautomate::validate::validate_message(&input, &Default::default()).unwrap()
}

#[wasm_bindgen_test]
async fn a_send_reaches_the_server_with_key_header_and_wire_body() {
    let s = server("ok").await;
    client(&s.url(), 5_000).send(&message()).await.unwrap();
    assert_eq!(s.count(), 1);
    let seen: serde_json::Value = serde_json::from_str(&s.request(0)).unwrap();
    assert_eq!(seen["method"], "POST");
    assert_eq!(seen["url"], "/v1/messages/whatsapp/sendtext");
    assert_eq!(seen["headers"]["x-api-key"], KEY);
    assert_eq!(seen["headers"]["content-type"], "application/json");
    assert_eq!(seen["body"], r#"{"recepient":{"phoneNumber":"+16505551234"},"textMessage":"hello","location":{"id":"loc_1"}}"#);
    s.close();
}

#[wasm_bindgen_test]
async fn a_slow_server_times_out_and_the_send_is_not_repeated() {
    let s = server("slow").await;
    let e = client(&s.url(), 200).send(&message()).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Timeout);
    assert!(e.may_have_been_sent());
    assert_eq!(s.count(), 1);
    s.close();
}

#[wasm_bindgen_test]
async fn the_timeout_covers_a_body_that_never_completes() {
    let s = server("slowBody").await;
    let e = client(&s.url(), 300).send(&message()).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Timeout);
    s.close();
}

#[wasm_bindgen_test]
async fn a_429_then_200_is_retried_and_succeeds() {
    let s = server("rateLimitedOnce").await;
    client(&s.url(), 5_000).send(&message()).await.unwrap();
    assert_eq!(s.count(), 2);
    s.close();
}

#[wasm_bindgen_test]
async fn a_500_to_a_send_gets_exactly_one_request() {
    let s = server("serverError").await;
    let e = client(&s.url(), 5_000).send(&message()).await.unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::ServerError, Some(500)));
    assert!(e.may_have_been_sent() && !e.retryable());
    assert_eq!(s.count(), 1);
    s.close();
}

#[wasm_bindgen_test]
async fn a_dropped_connection_fails_a_send_once_and_is_retried_for_history() {
    let s = server("drop").await;
    let e = client(&s.url(), 5_000).send(&message()).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network);
    assert!(e.may_have_been_sent());
    assert_eq!(s.count(), 1);
    s.close();

    let s = server("dropOnce").await;
    let page = client(&s.url(), 5_000).list("c1", &HistoryQuery::default()).await.unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(s.count(), 2);
    s.close();
}

#[wasm_bindgen_test]
async fn history_retries_a_503_and_keeps_unknown_fields() {
    let s = server("serverErrorOnce").await;
    let page = client(&s.url(), 5_000).list("c1", &HistoryQuery::default()).await.unwrap();
    assert_eq!(s.count(), 2);
    let json = serde_json::to_value(&page[0]).unwrap();
    assert_eq!(json["brandNew"], 1);
    s.close();
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_retried_then_reported_as_never_sent() {
    let url: String = JsFuture::from(refused_url()).await.unwrap().as_string().unwrap();
    let e = client(&url, 5_000).send(&message()).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Network);
    assert!(!e.may_have_been_sent(), "refused before sending: {e}");
    assert!(e.retryable());
}

#[wasm_bindgen_test]
async fn a_caller_abort_signal_stops_the_call() {
    let s = server("slow").await;
    let controller = web_sys::AbortController::new().unwrap();
    let signal: JsValue = controller.signal().into();
    let c = client(&s.url(), 10_000);
    let msg = message();
    let pending = c.send_with_signal(&msg, &signal);
    let abort_soon = js_sys::Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout: js_sys::Function = js_sys::Reflect::get(&global, &"setTimeout".into()).unwrap().into();
        set_timeout.call2(&global, &resolve, &JsValue::from(50)).unwrap();
    });
    let (result, _) = futures_join(pending, async {
        JsFuture::from(abort_soon).await.unwrap();
        controller.abort();
    })
    .await;
    let e = result.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Aborted);
    s.close();
}

#[wasm_bindgen_test]
async fn errors_from_the_server_map_to_codes_without_the_key() {
    let s = server("forbidden").await;
    let e = client(&s.url(), 5_000).send(&message()).await.unwrap_err();
    assert_eq!((e.code(), e.message()), (ErrorCode::Unauthorized, "Forbidden"));
    assert!(!format!("{e} {e:?}").contains(KEY));
    s.close();

    let s = server("notJson").await;
    let e = client(&s.url(), 5_000).send(&message()).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidResponse);
    assert!(!format!("{e} {e:?}").contains(KEY));
    s.close();
}

#[wasm_bindgen_test]
async fn the_history_walk_reads_pages_until_a_short_one() {
    let s = server("history").await;
    let c = client(&s.url(), 5_000);
    let mut pager = HistoryPager::new(HistoryQuery { page: None, limit: Some(2), search_text: None });
    let mut ids = Vec::new();
    while let Some(page) = c.next_page("ct 1/..", &mut pager).await.unwrap() {
        ids.extend(page.into_iter().filter_map(|m| m.id));
    }
    assert_eq!(ids, ["m1", "m2", "m3", "m4", "m5"]);
    assert_eq!(s.count(), 3);
    let first: serde_json::Value = serde_json::from_str(&s.request(0)).unwrap();
    assert_eq!(first["url"], "/v1/messages/ct%201%2F..?limit=2&page=1");
    s.close();
}

/// Polls two futures together (a minimal join, to avoid a futures dependency).
async fn futures_join<A: std::future::Future, B: std::future::Future>(a: A, b: B) -> (A::Output, B::Output) {
    use std::pin::pin;
    use std::task::Poll;
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) { ra = Some(v) }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) { rb = Some(v) }
        }
        if ra.is_some() && rb.is_some() { Poll::Ready(()) } else { Poll::Pending }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}

#[wasm_bindgen_test]
async fn a_redirect_is_never_followed_by_the_fetch_transport() {
    let s = server("redirect").await;
    let c = client(&s.url(), 5_000);
    let e = c.send(&message()).await.unwrap_err();
    assert_eq!((e.code(), e.status(), e.may_have_been_sent()), (ErrorCode::HttpError, Some(307), false));
    let e = c.list("ct_1", &HistoryQuery::default()).await.unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::HttpError, Some(307)));
    // One request per call, and none to the redirect's target.
    assert_eq!(s.count(), 2);
    for i in 0..2 {
        assert!(!s.request(i).contains("/elsewhere"), "{}", s.request(i));
    }
    s.close();
}

#[wasm_bindgen_test]
async fn a_body_cut_while_it_arrives_keeps_its_status() {
    let s = server("cutUnauthorized").await;
    let e = client(&s.url(), 5_000).send(&message()).await.unwrap_err();
    // The status line arrived: the key was refused, and nothing was sent.
    assert_eq!((e.code(), e.status(), e.may_have_been_sent()), (ErrorCode::Unauthorized, Some(401), false));
    assert!(e.message().starts_with("HTTP 401, body not read: "), "{}", e.message());
    assert_eq!(s.count(), 1);
    s.close();
}

#[wasm_bindgen_test]
async fn a_body_over_max_response_bytes_is_refused() {
    let s = server("huge").await;
    let options = ClientOptions::new(KEY).host(&s.url()).location_id("loc_1").rate_limit(None).max_response_bytes(1024);
    let c = Client::with_transport(options, FetchTransport::global(), JsRuntime).unwrap();
    let e = c.send(&message()).await.unwrap_err();
    // A 2xx whose body was not read: nothing confirms the send, and its status is kept.
    assert_eq!((e.code(), e.status(), e.may_have_been_sent()), (ErrorCode::InvalidResponse, Some(200), true));
    assert!(e.message().contains("larger than maxResponseBytes (1024)"), "{}", e.message());
    let e = c.list("ct_1", &HistoryQuery::default()).await.unwrap_err();
    assert_eq!((e.code(), e.status()), (ErrorCode::InvalidResponse, Some(200)));
    s.close();
}

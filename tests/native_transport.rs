//! The native default transport (reqwest + tokio) on real sockets on 127.0.0.1: what each
//! kind of failure is reported as (and so whether a send may go again), redirects never
//! followed, body limits, cancellation, and a client shared across tasks.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

#[path = "support/loopback.rs"]
mod loopback;
use loopback::read_request;
use whautomate::client::{ClientOptions, RetryPolicy};
use whautomate::transport::native::{CancellationToken, ReqwestTransport, TokioRuntime};
use whautomate::{Channel, Client, ErrorCode, MessageBuilder, MessageKind, Method, PreparedRequest, Transport, TransportError};

/// A server on 127.0.0.1 that runs `answer` on each connection (after reading the request
/// head and body), and counts the connections.
async fn server<F, Fut>(answer: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(TcpStream, String) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let answer = Arc::clone(&answer);
            tokio::spawn(async move {
                let request = read_request(&mut stream).await;
                answer(stream, request).await;
            });
        }
    });
    (base, count)
}

async fn respond(mut stream: TcpStream, raw: String) {
    let _ = stream.write_all(raw.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn json_ok(body: &str) -> String {
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
}

fn post(base: &str) -> PreparedRequest {
    PreparedRequest {
        method: Method::Post,
        url: format!("{base}/v1/messages/whatsapp/sendtext"),
        headers: vec![("x-api-key", "sk_native_test".into()), ("content-type", "application/json".into())],
        body: Some(r#"{"contact":{"id":"c1"},"textMessage":"hi"}"#.into()),
        schedule_at_ms: None,
    }
}

async fn send(request: &PreparedRequest, timeout_ms: u64, max_bytes: u64, signal: Option<&CancellationToken>) -> Result<whautomate::TransportResponse, TransportError> {
    ReqwestTransport::new().unwrap().send(request, timeout_ms, max_bytes, signal).await
}

fn message() -> whautomate::OutgoingMessage {
    MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c1").text("hi").location_id("loc_1").build().unwrap()
}

#[tokio::test]
async fn a_closed_port_is_refused_which_never_sent_anything() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = send(&post(&base), 5_000, 1 << 20, None).await.unwrap_err();
    assert!(matches!(error, TransportError::Refused(ref m) if m.contains("onnect")), "{error:?}");
    assert!(!error.may_have_been_sent());
}

#[tokio::test]
async fn a_refused_send_is_retried_and_the_final_error_says_it_was_not_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let host = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let retry = RetryPolicy { max_retries: 2, base_delay_ms: 1, max_delay_ms: 2 };
    let client = Client::new(ClientOptions::new("sk_native_test").host(&host).retry(retry)).unwrap();
    let error = client.send(&message()).await.unwrap_err();
    assert_eq!(error.code(), ErrorCode::Network);
    assert!(!error.may_have_been_sent(), "a refused connection never carried the message");
    assert!(!error.message().contains("sk_native_test"));
}

#[tokio::test]
async fn a_connection_dropped_after_the_request_was_read_may_have_sent_it_and_is_not_resent() {
    let (base, connections) = server(|stream, _request| async move { drop(stream) }).await;
    let error = send(&post(&base), 5_000, 1 << 20, None).await.unwrap_err();
    assert!(matches!(error, TransportError::Network(_)), "{error:?}");
    assert!(error.may_have_been_sent());

    let before = connections.load(Ordering::SeqCst);
    let client = Client::new(ClientOptions::new("sk_native_test").host(&base)).unwrap();
    let error = client.send(&message()).await.unwrap_err();
    assert!(error.may_have_been_sent());
    assert_eq!(connections.load(Ordering::SeqCst) - before, 1, "a send that may have arrived is never resent");
}

#[tokio::test]
async fn no_answer_within_the_timeout_is_a_timeout() {
    let (base, _) = server(|stream, _| async move {
        tokio::time::sleep(Duration::from_secs(5)).await;
        drop(stream);
    })
    .await;
    let error = send(&post(&base), 200, 1 << 20, None).await.unwrap_err();
    assert_eq!(error, TransportError::Timeout);
}

#[tokio::test]
async fn a_slow_body_counts_against_the_timeout() {
    let (base, _) = server(|mut stream, _| async move {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"succ").await;
        tokio::time::sleep(Duration::from_secs(5)).await;
    })
    .await;
    assert_eq!(send(&post(&base), 300, 1 << 20, None).await.unwrap_err(), TransportError::Timeout);
}

#[tokio::test]
async fn a_cancelled_token_aborts_the_exchange_in_flight() {
    let (base, _) = server(|stream, _| async move {
        tokio::time::sleep(Duration::from_secs(5)).await;
        drop(stream);
    })
    .await;
    let token = CancellationToken::new();
    let cancel = token.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(100)).await;
        cancel.cancel();
    });
    assert_eq!(send(&post(&base), 10_000, 1 << 20, Some(&token)).await.unwrap_err(), TransportError::Aborted);
}

#[tokio::test]
async fn a_redirect_is_returned_as_it_is_and_the_key_never_reaches_its_target() {
    let (elsewhere, reached) = server(|stream, _| async move { respond(stream, json_ok(r#"{"success":true}"#)).await }).await;
    let location = format!("{elsewhere}/steal");
    let (base, _) = server(move |stream, _| {
        let location = location.clone();
        async move { respond(stream, format!("HTTP/1.1 307 Temporary Redirect\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")).await }
    })
    .await;
    let response = send(&post(&base), 5_000, 1 << 20, None).await.unwrap();
    assert_eq!(response.status, 307);
    let client = Client::new(ClientOptions::new("sk_native_test").host(&base)).unwrap();
    let error = client.send(&message()).await.unwrap_err();
    assert_eq!((error.code(), error.status()), (ErrorCode::HttpError, Some(307)));
    assert!(!error.may_have_been_sent());
    assert_eq!(reached.load(Ordering::SeqCst), 0, "the redirect's target was never contacted");
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_declared_or_counted() {
    let (declared, _) = server(|stream, _| async move { respond(stream, json_ok(&"x".repeat(5_000))).await }).await;
    let error = send(&post(&declared), 5_000, 1_000, None).await.unwrap_err();
    assert!(matches!(error, TransportError::BodyTooLarge { status: 200, ref detail, .. } if detail.contains("(1000): 5000 bytes declared")), "{error:?}");

    let (chunked, _) = server(|mut stream, _| async move {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n").await;
        for _ in 0..50 {
            if stream.write_all(format!("64\r\n{}\r\n", "y".repeat(100)).as_bytes()).await.is_err() {
                return;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    })
    .await;
    let error = send(&post(&chunked), 5_000, 1_000, None).await.unwrap_err();
    assert!(matches!(error, TransportError::BodyTooLarge { status: 200, ref detail, .. } if detail.contains("more than that arrived")), "{error:?}");
    assert!(error.may_have_been_sent());
    let fits = send(&post(&chunked), 5_000, 10_000, None).await.unwrap();
    assert_eq!(fits.body.len(), 5_000);
}

#[tokio::test]
async fn a_body_over_the_limit_keeps_its_status_and_retry_after() {
    let (refused, _) = server(|stream, _| async move {
        let body = "x".repeat(5_000);
        respond(stream, format!("HTTP/1.1 404 Not Found\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())).await;
    })
    .await;
    let client = Client::new(ClientOptions::new("sk_native_test").host(&refused).location_id("loc_1").max_response_bytes(1_000)).unwrap();
    let error = client.send(&message()).await.unwrap_err();
    assert_eq!((error.code(), error.status(), error.may_have_been_sent()), (ErrorCode::NotFound, Some(404), false));
    assert!(error.message().starts_with("HTTP 404, body not read: "), "{}", error.message());

    let (limited, _) = server(|stream, _| async move {
        let body = "x".repeat(5_000);
        respond(stream, format!("HTTP/1.1 429 Too Many Requests\r\nretry-after: 7\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())).await;
    })
    .await;
    let error = send(&post(&limited), 5_000, 1_000, None).await.unwrap_err();
    assert!(matches!(error, TransportError::BodyTooLarge { status: 429, retry_after: Some(ref r), .. } if r == "7"), "{error:?}");
    let options = ClientOptions::new("sk_native_test").host(&limited).location_id("loc_1").max_response_bytes(1_000).retry(RetryPolicy { max_retries: 0, ..RetryPolicy::default() });
    let error = Client::new(options).unwrap().send(&message()).await.unwrap_err();
    assert_eq!((error.code(), error.status(), error.retry_after_ms()), (ErrorCode::RateLimited, Some(429), Some(7_000)));

    // A delete is done by its 2xx alone, its body read or not.
    let (deleted, _) = server(|stream, _| async move { respond(stream, json_ok(&"x".repeat(5_000))).await }).await;
    let client = Client::new(ClientOptions::new("sk_native_test").host(&deleted).max_response_bytes(1_000)).unwrap();
    client.webhooks().delete("wh_1").await.unwrap();
}

/// Writes the status line, the headers and a few bytes of a 100-byte body, then drops the
/// connection.
async fn cut(mut stream: TcpStream, status: &str) {
    let head = format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{{\"message\":\"part");
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.flush().await;
    tokio::time::sleep(Duration::from_millis(10)).await;
    drop(stream);
}

#[tokio::test]
async fn a_body_cut_while_it_arrives_keeps_its_status() {
    let (unauthorized, _) = server(|stream, _| cut(stream, "401 Unauthorized")).await;
    let error = send(&post(&unauthorized), 5_000, 1_000, None).await.unwrap_err();
    assert!(matches!(error, TransportError::BodyCut { status: 401, .. }), "{error:?}");
    let client = Client::new(ClientOptions::new("sk_native_test").host(&unauthorized).location_id("loc_1")).unwrap();
    let error = client.send(&message()).await.unwrap_err();
    assert_eq!((error.code(), error.status(), error.may_have_been_sent(), error.retryable()), (ErrorCode::Unauthorized, Some(401), false, false));
    assert!(error.message().starts_with("HTTP 401, body not read: "), "{}", error.message());

    // A 2xx cannot confirm the send: it may have been applied, and is not sent again.
    let (accepted, count) = server(|stream, _| cut(stream, "200 OK")).await;
    let client = Client::new(ClientOptions::new("sk_native_test").host(&accepted).location_id("loc_1")).unwrap();
    let error = client.send(&message()).await.unwrap_err();
    assert_eq!((error.code(), error.status(), error.may_have_been_sent(), error.retryable()), (ErrorCode::InvalidResponse, Some(200), true, false));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_request_carries_method_headers_and_body_and_retry_after_comes_back() {
    let (base, _) = server(|stream, request| async move {
        let ok = request.starts_with("POST /v1/messages/whatsapp/sendtext HTTP/1.1\r\n")
            && request.to_ascii_lowercase().contains("x-api-key: sk_native_test\r\n")
            && request.ends_with(r#"{"contact":{"id":"c1"},"textMessage":"hi"}"#);
        let status = if ok { "429 Too Many Requests" } else { "400 Bad Request" };
        respond(stream, format!("HTTP/1.1 {status}\r\nretry-after: 7\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{{}}")).await;
    })
    .await;
    let response = send(&post(&base), 5_000, 1 << 20, None).await.unwrap();
    assert_eq!((response.status, response.retry_after.as_deref()), (429, Some("7")));
    // A repeated header as fetch's `headers.get` reads it: the values joined (then no wait
    // the engine reads, in both drivers), a byte beyond ASCII as its Latin-1 character.
    for (header, read) in [("retry-after: 1\r\nretry-after: 0\r\n", "1, 0"), ("retry-after: 2\u{e9}\r\n", "2\u{e9}")] {
        let raw = format!("HTTP/1.1 429 Too Many Requests\r\n{header}content-length: 2\r\nconnection: close\r\n\r\n{{}}");
        let (base, _) = server(move |mut stream, _| {
            let raw = raw.clone();
            async move {
                let bytes: Vec<u8> = raw.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
                let _ = stream.write_all(&bytes).await;
                let _ = stream.shutdown().await;
            }
        })
        .await;
        assert_eq!(send(&post(&base), 5_000, 1 << 20, None).await.unwrap().retry_after.as_deref(), Some(read));
    }
}

#[tokio::test]
async fn one_client_is_shared_by_clones_and_spawned_tasks() {
    fn shareable<T: Send + Sync + Clone + 'static>(_: &T) {}
    let (base, connections) = server(|stream, _| async move { respond(stream, json_ok(r#"{"success":true}"#)).await }).await;
    let client = Client::new(ClientOptions::new("sk_native_test").host(&base)).unwrap();
    shareable(&client);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.send(&message()).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(connections.load(Ordering::SeqCst), 8);
    let shared = Arc::new(client);
    let from_arc = Arc::clone(&shared);
    tokio::spawn(async move { from_arc.send(&message()).await }).await.unwrap().unwrap();
}

#[tokio::test]
async fn clones_share_one_rate_limit() {
    let (base, _) = server(|stream, _| async move { respond(stream, json_ok(r#"{"success":true}"#)).await }).await;
    let limit = whautomate::client::RateLimit { per_minute: 60, burst: 1 };
    let client = Client::with_transport(ClientOptions::new("sk_native_test").host(&base).rate_limit(Some(limit)), ReqwestTransport::new().unwrap(), TokioRuntime::default()).unwrap();
    let clone = client.clone();
    client.send(&message()).await.unwrap();
    let started = std::time::Instant::now();
    clone.send(&message()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(900), "the clone waited for the shared bucket ({:?})", started.elapsed());
}

/// The body as fetch's `text()` reads it, in the npm package: a leading byte order mark
/// dropped (one only), bytes that are not UTF-8 as U+FFFD.
#[tokio::test]
async fn a_body_is_decoded_as_fetch_decodes_it() {
    for (bytes, text) in [
        (&b"\xEF\xBB\xBF{\"success\":true}"[..], "{\"success\":true}"),
        (&b"\xEF\xBB\xBF\xEF\xBB\xBF[]"[..], "\u{feff}[]"),
        (&b"{\"a\":\"\xFF\"}"[..], "{\"a\":\"\u{fffd}\"}"),
        (&b"x\xEF\xBB\xBF"[..], "x\u{feff}"),
    ] {
        let (base, _) = server(move |mut stream, _| async move {
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", bytes.len());
            let _ = stream.write_all(&[head.as_bytes(), bytes].concat()).await;
            let _ = stream.shutdown().await;
        })
        .await;
        assert_eq!(send(&post(&base), 5_000, 1 << 20, None).await.unwrap().body, text);
    }
    // So a send answered with a byte order mark is sent, as in the npm package.
    let (base, _) = server(|stream, _| respond(stream, json_ok("\u{feff}{\"success\":true}"))).await;
    Client::new(ClientOptions::new("sk_native_test").host(&base)).unwrap().send(&message()).await.unwrap();
}

/// As fetch answers them in the npm package: a compressed body decoded (and asked for, as
/// fetch asks), and a 205's body never read, whatever the server sends with it.
#[tokio::test]
async fn compressed_bodies_and_null_body_statuses_read_as_fetch_reads_them() {
    // `{"success":true}`, gzipped; then brotli and deflate (zlib), which fetch decodes too.
    const GZIPPED: [u8; 36] = [31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 171, 86, 42, 46, 77, 78, 78, 45, 46, 86, 178, 42, 41, 42, 77, 173, 5, 0, 223, 247, 246, 102, 16, 0, 0, 0];
    const BROTLI: [u8; 19] = [27, 15, 0, 248, 165, 69, 116, 246, 250, 164, 34, 146, 84, 82, 27, 24, 113, 8, 27];
    const DEFLATED: [u8; 24] = [120, 156, 171, 86, 42, 46, 77, 78, 78, 45, 46, 86, 178, 42, 41, 42, 77, 173, 5, 0, 51, 111, 6, 48];
    for (encoding, bytes) in [("br", &BROTLI[..]), ("deflate", &DEFLATED[..])] {
        let (base, _) = server(move |mut stream, _| async move {
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: {encoding}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", bytes.len());
            let _ = stream.write_all(&[head.as_bytes(), bytes].concat()).await;
            let _ = stream.shutdown().await;
        })
        .await;
        assert_eq!(send(&post(&base), 5_000, 1 << 20, None).await.unwrap().body, r#"{"success":true}"#, "{encoding}");
    }
    let asked = Arc::new(std::sync::Mutex::new(String::new()));
    let seen = Arc::clone(&asked);
    let (base, _) = server(move |mut stream, request| {
        *seen.lock().unwrap() = request;
        async move {
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", GZIPPED.len());
            let _ = stream.write_all(&[head.as_bytes(), &GZIPPED].concat()).await;
            let _ = stream.shutdown().await;
        }
    })
    .await;
    assert_eq!(send(&post(&base), 5_000, 1 << 20, None).await.unwrap().body, r#"{"success":true}"#);
    assert!(asked.lock().unwrap().to_ascii_lowercase().contains("accept-encoding: gzip"), "asked for: {}", asked.lock().unwrap());
    Client::new(ClientOptions::new("sk_native_test").host(&base)).unwrap().send(&message()).await.unwrap();
    // A 205 carrying a body: fetch gives none, and neither does this transport.
    let (base, _) = server(|stream, _| respond(stream, "HTTP/1.1 205 Reset Content\r\ncontent-length: 16\r\nconnection: close\r\n\r\n{\"success\":true}".into())).await;
    let response = send(&post(&base), 5_000, 1 << 20, None).await.unwrap();
    assert_eq!((response.status, response.body.as_str()), (205, ""));
}

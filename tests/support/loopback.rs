//! Reading one HTTP/1.1 request off a socket, for the tests' small servers on 127.0.0.1
//! (`native_transport.rs`, `webhook_events.rs`).

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// Reads one request: the head, then `content-length` bytes of body.
pub async fn read_request(stream: &mut TcpStream) -> String {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&data).to_string();
        if let Some(head_end) = text.find("\r\n\r\n") {
            let length = text[..head_end]
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                .unwrap_or(0);
            if data.len() >= head_end + 4 + length {
                return text;
            }
        }
    }
    String::from_utf8_lossy(&data).to_string()
}


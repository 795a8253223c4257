//! The built binary: the startup line, 127.0.0.1-only binding, static mounts
//! with the right MIME types, and CORS preflights.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use common::{request, KEY};

/// Kills the child when the test ends, even on failure.
struct Kill(Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn(args: &[&str]) -> (Kill, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_whautomate-sandbox"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let guard = Kill(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .trim_end()
        .strip_prefix("whautomate-sandbox listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    let addr: SocketAddr = url.parse().unwrap();
    assert!(addr.ip().is_loopback() && addr.port() != 0, "{addr}");
    (guard, addr)
}

#[test]
fn prints_its_address_serves_the_api_and_static_files() {
    let dir = std::env::temp_dir().join(format!("wa-sandbox-static-{}", std::process::id()));
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>playground</title>",
    )
    .unwrap();
    std::fs::write(pkg.join("whautomate_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(pkg.join("whautomate.js"), "export {};").unwrap();
    let www_arg = format!("{}:/", dir.display());
    let pkg_arg = format!("{}:/pkg", pkg.display());

    let (_child, addr) = spawn(&[
        "--port",
        "0",
        "--rate-limit",
        "0",
        "--static-dir",
        &www_arg,
        "--static-dir",
        &pkg_arg,
    ]);

    let r = request(
        addr,
        "GET",
        "/v1/messages/ct_wa_1",
        &[("x-api-key", KEY)],
        None,
    )
    .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.json()[0]["isIncoming"], true);

    let r = request(addr, "GET", "/", &[], None).unwrap();
    assert_eq!(r.status, 200);
    assert!(r.text().contains("playground"));
    assert!(r.header("content-type").unwrap().starts_with("text/html"));

    let r = request(addr, "GET", "/pkg/whautomate_bg.wasm", &[], None).unwrap();
    assert_eq!(
        (r.status, r.header("content-type")),
        (200, Some("application/wasm"))
    );
    let r = request(addr, "GET", "/pkg/whautomate.js", &[], None).unwrap();
    assert!(
        r.header("content-type").unwrap().contains("javascript"),
        "{:?}",
        r.header("content-type")
    );

    // The API still wins over the root mount, and control endpoints work.
    let r = request(addr, "GET", "/_sandbox/state", &[], None).unwrap();
    assert_eq!(r.status, 200);

    // CORS: a preflight for a send from another origin is allowed.
    let r = request(
        addr,
        "OPTIONS",
        "/v1/messages/whatsapp/sendtext",
        &[
            ("origin", "http://localhost:5173"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "x-api-key, content-type"),
        ],
        None,
    )
    .unwrap();
    assert!(r.status == 200 || r.status == 204, "{}", r.status);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let allowed = r
        .header("access-control-allow-headers")
        .unwrap()
        .to_lowercase();
    assert!(
        allowed.contains("x-api-key") && allowed.contains("content-type"),
        "{allowed}"
    );
    // And a real response carries the origin header too (403 here: no key).
    let r = request(
        addr,
        "GET",
        "/v1/messages/ct_wa_1",
        &[("origin", "http://localhost:5173")],
        None,
    )
    .unwrap();
    assert_eq!(
        (r.status, r.header("access-control-allow-origin")),
        (403, Some("*"))
    );

    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_arguments_exit_with_usage() {
    let out = Command::new(env!("CARGO_BIN_EXE_whautomate-sandbox"))
        .args(["--port", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("USAGE"));
    let out = Command::new(env!("CARGO_BIN_EXE_whautomate-sandbox"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--static-dir"));
}

// Test helpers shared by the JS suites and the reliability harness: a real HTTP server on
// 127.0.0.1 that records every request, a JSON reply, and a seeded random generator.
// (tests/support/http_server.mjs stays separate: wasm-bindgen copies it on its own.)
import { createServer } from "node:http";

/** Starts a server; `handler(req, res, n)` answers the n-th request (1-based). */
export async function serve(handler) {
  const requests = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res, requests.length);
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { host: `http://127.0.0.1:${server.address().port}`, requests, close: () => { server.closeAllConnections(); server.close(); } };
}

/** Answers with `status` and a JSON (or raw string) body. */
export function reply(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

/** A seeded generator of numbers in [0, 1) (mulberry32), for reproducible runs. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

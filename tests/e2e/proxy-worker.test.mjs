// The example proxy Worker (www/worker/proxy.mjs) under workerd, Cloudflare's runtime:
// the SDK in "browser" mode sends through it with a throwaway key, and the Worker must
// put the real key (a secret binding) on the request it forwards, drop the browser's,
// refuse paths outside /v1/messages/, and answer CORS only for the allowed origin.
//
// One workerd process serves the same Worker twice: "toSandbox" forwards to the real
// sandbox (which accepts only the secret key, so a 200 proves the swap), and "toRecorder"
// forwards to a Node server here that records the exact headers that arrive.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Whautomate } from "../../pkg/node.mjs";
import { root, startSandbox } from "./support/sandbox.mjs";

const SECRET = "sk_real_server_side_7f3a";
const BROWSER_KEY = "sk_unused_in_browser";
const ORIGIN = "http://app.example.test";
const WORKER = join(root, "www", "worker", "proxy.mjs");

let sandbox, recorder, workerd, work, viaSandbox, viaRecorder;
const recorded = [];

const freePort = () => new Promise((ok) => {
  const s = createNetServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
});

before(async () => {
  // The sandbox accepts only the secret: the browser key would get 403.
  sandbox = await startSandbox(["--api-key", SECRET]);
  recorder = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      recorded.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(429, { "content-type": "application/json", "retry-after": "7", "x-internal": "secret-ish" });
      res.end('{"message":"Too Many Requests"}');
    });
  });
  await new Promise((ok) => recorder.listen(0, "127.0.0.1", ok));

  const [p1, p2] = [await freePort(), await freePort()];
  work = mkdtempSync(join(tmpdir(), "whautomate-proxy-"));
  // workerd embeds files by paths relative to the config only, so the Worker goes beside it.
  copyFileSync(WORKER, join(work, "proxy.mjs"));
  const worker = (host) => `(
    modules = [(name = "proxy.mjs", esModule = embed "proxy.mjs")],
    compatibilityDate = "2025-06-01",
    bindings = [
      (name = "WHAUTOMATE_API_KEY", text = "${SECRET}"),
      (name = "WHAUTOMATE_HOST", text = "${host}"),
      (name = "ALLOWED_ORIGINS", text = "${ORIGIN}, https://other.example"),
    ],
  )`;
  writeFileSync(join(work, "proxy.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "toSandbox", worker = ${worker(sandbox.url)}),
    (name = "toRecorder", worker = ${worker(`http://127.0.0.1:${recorder.address().port}`)}),
    # The default "internet" service refuses loopback; the upstreams here are local.
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [
    (name = "a", address = "127.0.0.1:${p1}", http = (), service = "toSandbox"),
    (name = "b", address = "127.0.0.1:${p2}", http = (), service = "toRecorder"),
  ],
);
`);
  workerd = spawn(join(root, "node_modules", ".bin", "workerd"), ["serve", join(work, "proxy.capnp")],
    { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let log = "";
  workerd.stdout.on("data", (d) => (log += d));
  workerd.stderr.on("data", (d) => (log += d));
  viaSandbox = `http://127.0.0.1:${p1}`;
  viaRecorder = `http://127.0.0.1:${p2}`;
  // Ready once both sockets answer; workerd prints nothing when it is.
  const deadline = Date.now() + 20_000;
  for (const base of [viaSandbox, viaRecorder]) {
    for (;;) {
      if (workerd.exitCode !== null) throw new Error(`workerd exited (${workerd.exitCode}):\n${log}`);
      try {
        await fetch(`${base}/ready`, { signal: AbortSignal.timeout(1_000) });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw new Error(`workerd did not start: ${e.message}\n${log}`);
        await new Promise((ok) => setTimeout(ok, 100));
      }
    }
  }
});

after(async () => {
  if (workerd && workerd.exitCode === null) {
    try { process.kill(-workerd.pid, "SIGKILL"); } catch { /* gone */ }
  }
  recorder?.closeAllConnections();
  recorder?.close();
  await sandbox?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const browserClient = (host) =>
  new Whautomate({ apiKey: BROWSER_KEY, host, locationId: "loc_1", rateLimit: false, retry: { maxRetries: 0 }, timeoutMs: 5_000 });

test("the SDK sends through the Worker, which swaps in the secret key", async () => {
  const c = browserClient(viaSandbox);
  await c.whatsapp.sendText({ to: { contactId: "ct_wa_1" }, text: "via the proxy" });
  const [delivery] = await sandbox.control("deliveries");
  assert.equal(delivery.body.textMessage, "via the proxy");
  const history = await c.messages.list("ct_wa_1", { limit: 5 });
  assert.equal(history[0].text, "via the proxy");
  // Control: the browser's key alone is refused by the sandbox.
  const direct = await fetch(`${sandbox.url}/v1/messages/ct_wa_1`, { headers: { "x-api-key": BROWSER_KEY } });
  assert.equal(direct.status, 403);
});

test("the vendor's errors pass through unchanged", async () => {
  const e = await browserClient(viaSandbox).whatsapp.sendText({ to: { contactId: "ct_wa_cold" }, text: "hi" }).catch((x) => x);
  assert.equal(e.code, "bad_request");
  assert.match(e.message, /No active session/);
});

test("only the secret key, content-type and accept reach the upstream; Retry-After comes back", async () => {
  recorded.length = 0;
  const res = await fetch(`${viaRecorder}/v1/messages/telegram/sendtext?x=1`, {
    method: "POST",
    headers: { "x-api-key": BROWSER_KEY, "content-type": "application/json", cookie: "session=abc", authorization: "Bearer t", origin: ORIGIN },
    body: '{"contact":{"id":"ct_tg_1"},"textMessage":"hi"}',
  });
  assert.equal(res.status, 429);
  assert.equal(res.headers.get("retry-after"), "7");
  assert.equal(res.headers.get("access-control-allow-origin"), ORIGIN);
  assert.equal(res.headers.get("x-internal"), null, "upstream headers are not all passed back");
  assert.equal(recorded.length, 1);
  const [r] = recorded;
  assert.equal(r.method, "POST");
  assert.equal(r.url, "/v1/messages/telegram/sendtext?x=1");
  assert.equal(r.body, '{"contact":{"id":"ct_tg_1"},"textMessage":"hi"}');
  assert.equal(r.headers["x-api-key"], SECRET);
  assert.equal(r.headers["content-type"], "application/json");
  for (const h of ["cookie", "authorization", "origin"]) assert.equal(r.headers[h], undefined, `${h} was forwarded`);
  assert.ok(!JSON.stringify(r).includes(BROWSER_KEY), "the browser's key never left the Worker");
});

test("anything outside /v1/messages/ is 404 and never forwarded", async () => {
  recorded.length = 0;
  for (const path of ["/", "/_sandbox/reset", "/v1/messagesX", "/v1/other/x", "/v1/messages/../../_sandbox/state", "/v1/messages/%2e%2e/%2e%2e/x"]) {
    // (URL parsing folds "..", and "%2e%2e" too, before the Worker compares the prefix.)
    const res = await fetch(`${viaRecorder}${path}`, { method: "POST", body: "{}" });
    assert.equal(res.status, 404, path);
  }
  assert.ok(recorded.every((r) => r.url.startsWith("/v1/messages/")), JSON.stringify(recorded.map((r) => r.url)));
  const del = await fetch(`${viaRecorder}/v1/messages/ct_1`, { method: "DELETE" });
  assert.equal(del.status, 405);
});

test("CORS: preflight for the allowed origin, 403 for any other", async () => {
  recorded.length = 0;
  const ok = await fetch(`${viaRecorder}/v1/messages/whatsapp/sendtext`, {
    method: "OPTIONS",
    headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type, x-api-key" },
  });
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get("access-control-allow-origin"), ORIGIN);
  assert.match(ok.headers.get("access-control-allow-headers"), /x-api-key/);
  const evil = await fetch(`${viaRecorder}/v1/messages/whatsapp/sendtext`, { method: "POST", headers: { origin: "https://evil.example" }, body: "{}" });
  assert.equal(evil.status, 403);
  assert.equal(evil.headers.get("access-control-allow-origin"), null);
  assert.equal(recorded.length, 0, "neither the preflight nor the refused call was forwarded");
});

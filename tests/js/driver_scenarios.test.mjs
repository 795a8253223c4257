// The driver scenario table (tests/fixtures/driver_scenarios.json) through the npm
// package's JS driver, over a scripted `fetch` that answers each request in turn with a
// real `Response` or fails as a runtime's fetch does. tests/driver_scenarios.rs runs the
// same table through the Rust client: both must reach the same outcomes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Whautomate, WhautomateError } from "../../pkg/node.mjs";

const { scenarios } = JSON.parse(readFileSync(new URL("../fixtures/driver_scenarios.json", import.meta.url), "utf8"));
const MAX_RESPONSE_BYTES = 4096;
const TIMEOUT_MS = 100;

// What one scripted answer is to this driver: a Response, or a failing fetch.
function answer(a, init) {
  switch (a.fault) {
    case "timeout": // never answers; the SDK's own timeout ends it
      return new Promise((resolve, reject) => init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    case "refused":
      return Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }) }));
    case "network":
      return Promise.reject(Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) }));
    case undefined: {
      const headers = a.retryAfter === undefined ? {} : { "retry-after": a.retryAfter };
      // A body over maxResponseBytes, its length undeclared: counted as it arrives.
      if (a.oversize) return Promise.resolve(new Response("x".repeat(MAX_RESPONSE_BYTES + 1), { status: a.status, headers }));
      // A body that stops arriving after a few bytes, as undici's does when the server
      // closes the connection early.
      if (a.cut) {
        const stream = new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode('{"mess'));
            c.error(new TypeError("terminated", { cause: new Error("other side closed") }));
          },
        });
        return Promise.resolve(new Response(stream, { status: a.status, headers }));
      }
      // The Response constructor takes no body for a redirect status, nor for a 204.
      // `pad`: that many spaces first (JSON's own whitespace), for a long body.
      const body = " ".repeat(a.pad ?? 0) + (a.body ?? "");
      return Promise.resolve(new Response((a.status >= 300 && a.status < 400) || a.status === 204 ? null : body, { status: a.status, headers }));
    }
    default:
      throw new Error(`unknown fault ${a.fault}`);
  }
}

function outcome(error, got) {
  if (!error) return { ok: true, ...got };
  assert.ok(error instanceof WhautomateError, String(error));
  // A wait a program can do arithmetic on: never a float past 2^53.
  assert.ok(error.retryAfterMs === undefined || Number.isSafeInteger(error.retryAfterMs), `retryAfterMs ${error.retryAfterMs}`);
  return { code: error.code, status: error.status ?? null, message: error.message, mayHaveBeenSent: error.mayHaveBeenSent, retryable: error.retryable, retryAfterMs: error.retryAfterMs ?? null };
}

test("the JS driver reaches every outcome of the table, as the Rust client does", async () => {
  assert.ok(scenarios.length >= 20);
  const failures = [];
  for (const s of scenarios) {
    const answers = [...s.answers];
    let requests = 0;
    const fetch = (url, init) => {
      requests++;
      const next = answers.shift();
      return next ? answer(next, init) : Promise.reject(new Error("the table has no more answers"));
    };
    const client = new Whautomate({
      apiKey: "sk_scenarios_1", host: "https://api.whautomate.test", locationId: "loc_1", rateLimit: false, fetch,
      timeoutMs: TIMEOUT_MS, maxResponseBytes: s.maxResponseBytes ?? MAX_RESPONSE_BYTES, retry: { maxRetries: s.maxRetries ?? 2, baseDelayMs: 1, maxDelayMs: s.maxDelayMs ?? 5 },
    });
    let got;
    try {
      if (s.call === "sendMany") {
        const valid = { channel: "telegram", type: "text", to: { contactId: "ct_1" }, text: "hi" };
        const invalid = { channel: "telegram", type: "text", to: { contactId: "ct_1" } };
        const report = await client.sendMany(s.inputs.map((kind) => (kind === "ok" ? valid : invalid)), { concurrency: 1 });
        got = { statuses: report.results.map((r) => r.status), sent: report.sent, failed: report.failed, unknown: report.unknown };
      } else if (s.call === "remove") {
        await client.webhooks.delete("wh_1");
        got = outcome();
      } else if (s.call === "subscription") {
        // The typed fields, as the Rust crate's `Webhook` holds them.
        const w = await client.webhooks.get("wh_1");
        got = outcome(undefined, { webhook: { id: w.id, name: w.name, active: w.active, serverUrl: w.serverUrl, events: w.events, webhookHeaders: w.webhookHeaders.length } });
      } else if (s.call === "send") {
        const scheduleAt = s.scheduleInMs === undefined ? undefined : new Date(Date.now() + s.scheduleInMs);
        await client.telegram.sendText({ to: { contactId: "ct_1" }, text: "hi", scheduleAt });
        got = outcome();
      } else {
        got = outcome(undefined, { messages: (await client.messages.list("ct_1")).length });
      }
    } catch (e) {
      got = outcome(e);
    }
    for (const [key, want] of Object.entries(s.expect)) {
      const have = key === "requests" ? requests : got[key] ?? null;
      if (JSON.stringify(have) !== JSON.stringify(want)) failures.push(`${s.name}: ${key} is ${JSON.stringify(have)}, the table says ${JSON.stringify(want)} (outcome ${JSON.stringify(got)})`);
    }
  }
  assert.deepEqual(failures, []);
});

test("a fetch that made no connection (refused, name not found, no route, connect timeout) proves nothing was sent: even a send goes again", async () => {
  const message = { channel: "whatsapp", type: "text", to: { contactId: "c1" }, text: "hi" };
  const rejection = (code) => Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(`connect ${code}`), { code }) });
  for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]) {
    let calls = 0;
    const fetch = () => (++calls === 1 ? Promise.reject(rejection(code)) : Promise.resolve(new Response('{"success":true}')));
    const client = new Whautomate({ apiKey: "k", locationId: "loc_1", rateLimit: false, retry: { baseDelayMs: 0, maxDelayMs: 0 }, fetch });
    assert.deepEqual(await client.send(message), { success: true }, code);
    assert.equal(calls, 2, code);
  }
  // A fetch that rejects with an array shaped like the driver's own reports is a fetch
  // failure like any other: not a refused connection (which would send again), not a timeout.
  for (const thrown of [["rejected ECONNREFUSED", "connect ECONNREFUSED"], ["timeout", ""], ["aborted", ""]]) {
    let calls = 0;
    const fetch = () => (++calls, Promise.reject(thrown));
    const client = new Whautomate({ apiKey: "k", locationId: "loc_1", rateLimit: false, retry: { baseDelayMs: 0, maxDelayMs: 0 }, fetch });
    const e = await client.send(message).then(() => assert.fail("sent"), (e) => e);
    assert.deepEqual([e.code, e.mayHaveBeenSent, calls], ["network", true, 1], thrown[0]);
  }
  // Nor is anything thrown through a Proxy whose getPrototypeOf trap throws a refusal
  // (an `instanceof` check ran the trap): a body that breaks off so, or a Response whose
  // getter throws one, is no refused connection either.
  const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), { code: "ECONNREFUSED" });
  const trap = () => new Proxy({}, { getPrototypeOf() { throw refused(); } });
  for (const answer of [
    () => new Response(new ReadableStream({ pull(c) { c.error(trap()); } }), { status: 200 }),
    () => ({ get type() { throw trap(); } }),
  ]) {
    let calls = 0;
    const fetch = async () => (++calls, answer());
    const client = new Whautomate({ apiKey: "k", locationId: "loc_1", rateLimit: false, retry: { baseDelayMs: 0, maxDelayMs: 0 }, fetch });
    const e = await client.send(message).then(() => assert.fail("sent"), (e) => e);
    assert.deepEqual([e.mayHaveBeenSent, calls], [true, 1], e.message);
  }
  // A failure after the connection was made may have carried the message: never resent.
  // (EHOSTUNREACH and ENETUNREACH among them: a kept-alive connection that loses its route
  // after the request was written reports them too.)
  for (const code of ["UND_ERR_SOCKET", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"]) {
    let calls = 0;
    const fetch = () => (++calls, Promise.reject(rejection(code)));
    const client = new Whautomate({ apiKey: "k", locationId: "loc_1", rateLimit: false, retry: { baseDelayMs: 0, maxDelayMs: 0 }, fetch });
    const e = await client.send(message).then(() => assert.fail("sent"), (e) => e);
    assert.deepEqual([e.code, e.mayHaveBeenSent, calls], ["network", true, 1], code);
  }
});

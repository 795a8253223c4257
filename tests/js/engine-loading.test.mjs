// The engines' start-up as the browser entries do it (browser.mjs, webhooks-browser.mjs),
// run in Node with `fetch` scripted: a failed .wasm download does not break the app (each
// call gets a retryable `network` error and the download starts again, so a later call
// works without a reload). (engine-missing.test.mjs: no entry at all, in a process of its own.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const pkg = new URL("../../pkg/", import.meta.url);

// A fetch whose first `failures` downloads of each .wasm fail, in both ways a download
// fails (the network: fetch rejects with a TypeError; then the server: 503), then the file.
function flakyFetch(failures) {
  const seen = new Map();
  return async (url) => {
    const name = String(url).split("/").pop();
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n <= failures) {
      if (n % 2 === 1) throw new TypeError("fetch failed");
      return new Response("busy", { status: 503 });
    }
    return new Response(readFileSync(new URL(name, pkg)), { headers: { "content-type": "application/wasm" } });
  };
}

async function untilWorks(call) {
  for (let i = 0; i < 200; i++) {
    try {
      return call();
    } catch (e) {
      if (!(e.code === "network" && e.retryable)) throw e;
      await new Promise((ok) => setTimeout(ok, 5));
    }
  }
  throw new Error("never worked");
}

test("browser entry: a failed .wasm download leaves the package loaded; a call gets a retryable network error, and a later one works", async (t) => {
  t.mock.method(globalThis, "fetch", flakyFetch(2));
  const { Whautomate, WhautomateError, version } = await import(new URL("browser.mjs?flaky", pkg));
  // version() is the engine's too: never a silent undefined while it is missing.
  assert.throws(() => version(), (e) => e instanceof WhautomateError && e.code === "network" && e.retryable);
  let first;
  try {
    new Whautomate({ apiKey: "k", locationId: "loc_1" });
  } catch (e) {
    first = e;
  }
  assert.ok(first instanceof WhautomateError, String(first));
  assert.deepEqual([first.code, first.retryable], ["network", true]);
  assert.match(first.message, /whautomate_bg\.wasm could not be loaded/);
  const client = await untilWorks(() => new Whautomate({ apiKey: "k", locationId: "loc_1" }));
  assert.equal(client.prepare({ channel: "telegram", type: "text", to: { contactId: "c" }, text: "hi" }).method, "POST");
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test("receiving browser entry: the same, for whautomate_webhooks_bg.wasm", async (t) => {
  t.mock.method(globalThis, "fetch", flakyFetch(1));
  const { parseWebhookEvent, WhautomateError } = await import(new URL("webhooks-browser.mjs?flaky", pkg));
  const body = '{"event":{"id":"e1","type":"contact_created"}}';
  assert.throws(() => parseWebhookEvent(body), (e) => e instanceof WhautomateError && e.code === "network" && e.retryable);
  const event = await untilWorks(() => parseWebhookEvent(body));
  assert.equal(event.id, "e1");
});


test("browser entries: a server that does not say application/wasm still gets the engine (compiled from the whole body), and its extras", async (t) => {
  t.mock.method(globalThis, "fetch", async (url) => new Response(readFileSync(new URL(String(url).split("/").pop(), pkg)), { headers: { "content-type": "application/octet-stream" } }));
  const { Whautomate } = await import(new URL("browser.mjs?octet", pkg));
  const { parseWebhookEvent } = await import(new URL("webhooks-browser.mjs?octet", pkg));
  const client = new Whautomate({ apiKey: "k", locationId: "loc_1", host: "http://127.0.0.1:9" });
  assert.equal(client.prepare({ channel: "telegram", type: "text", to: { contactId: "c" }, text: "hi" }).method, "POST");
  assert.equal(parseWebhookEvent('{"event":{"id":"e1","type":"contact_created"}}').id, "e1");
  // The extras load the same way on their first call (here: iterate()'s arguments, checked
  // by the extras engine before any request).
  const failed = await client.messages.iterate("").next().then(() => null, (e) => e);
  assert.equal(failed.code, "invalid_input");
});

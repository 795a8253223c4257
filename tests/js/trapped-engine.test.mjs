// When the engine can no longer answer (a wasm trap: `RuntimeError: unreachable`, after
// which the module's state cannot be trusted), the JS driver still has to say what
// happened to a request that may have left. It must not decide that itself: it reports
// the error the engine's protocol defines for that kind of call (`DRIVER_FAILED`, written
// into pkg/protocol.js at build time from whautomate-wasm/src/protocol.rs). These
// tests make the sending engine trap where it judges a response, as a real trap would
// surface in JS, and check the errors the caller gets.
import { test } from "node:test";
import assert from "node:assert/strict";

// The package's instance, seen through a proxy of its exports: `afterResponse` throws
// the RuntimeError a trap throws while `trapping` is set; everything else is the engine.
let trapping = false;
const Instance = WebAssembly.Instance;
WebAssembly.Instance = function TrappableInstance(module, imports) {
  const instance = new Instance(module, imports);
  // A copy (the exports object is frozen): the same memory and functions, one wrapped.
  const { afterResponse } = instance.exports;
  const exports = {
    ...instance.exports,
    afterResponse: (...args) => {
      if (trapping) throw new WebAssembly.RuntimeError("unreachable");
      return afterResponse(...args);
    },
  };
  return { exports };
};
const { Whautomate, WhautomateError } = await import("../../pkg/node.mjs");
WebAssembly.Instance = Instance;

const KEY = "sk_trapped_engine_51c0";
let requests = 0;
const answer = (body) => () => (requests++, Promise.resolve(new Response(body, { status: 200 })));
const client = (fetch) => new Whautomate({ apiKey: KEY, locationId: "loc_1", rateLimit: false, retry: { maxRetries: 3 }, fetch });

async function failureOf(call) {
  trapping = true;
  try {
    await call();
  } catch (e) {
    return e;
  } finally {
    trapping = false;
  }
  assert.fail("the call resolved");
}

test("a send whose response the engine cannot judge: may have been sent, never sent again", async () => {
  requests = 0;
  const c = client(answer('{"success":true}'));
  assert.deepEqual(await c.whatsapp.sendText({ to: { contactId: "c1" }, text: "hi" }), { success: true });
  requests = 0;
  const e = await failureOf(() => c.whatsapp.sendText({ to: { contactId: "c1" }, text: "hi" }));
  assert.ok(e instanceof WhautomateError, String(e));
  assert.equal(e.code, "invalid_response");
  assert.equal(e.mayHaveBeenSent, true);
  assert.equal(e.retryable, false);
  assert.equal(requests, 1, "one request, not retried");
  assert.ok(!JSON.stringify(e).includes(KEY) && !String(e.stack).includes(KEY));
});

test("a history read the engine cannot judge: certainly not applied, retryable", async () => {
  requests = 0;
  const c = client(answer("[]"));
  await c.messages.list("ct_1"); // the extras module loaded and working first
  requests = 0;
  const e = await failureOf(() => c.messages.list("ct_1"));
  assert.equal(e.code, "invalid_response");
  assert.equal(e.mayHaveBeenSent, false);
  assert.equal(e.retryable, true);
  assert.equal(requests, 1);
});

test("webhooks calls that change something: may have been applied", async () => {
  const c = client(answer('{"id":"wh_1","name":"n","serverUrl":"https://example.com/h","events":["message.received"]}'));
  for (const call of [
    () => c.webhooks.create({ name: "n", serverUrl: "https://example.com/h", events: ["message.received"] }),
    () => c.webhooks.update("wh_1", { name: "m" }),
    () => c.webhooks.delete("wh_1"),
  ]) {
    requests = 0;
    const e = await failureOf(call);
    assert.equal(e.code, "invalid_response");
    assert.equal(e.mayHaveBeenSent, true);
    assert.equal(e.retryable, false);
    assert.equal(requests, 1);
  }
  // And the engine answers again once it does: the client was not broken by the driver.
  await c.webhooks.get("wh_1");
});

test("each error owns its violations: one caller's change never shows in the next error", async () => {
  // The protocol's error for a failed driver is one object per kind of call; the errors
  // made from it must not share its array (nor one another's).
  const c = client(answer('{"success":true}'));
  const first = await failureOf(() => c.whatsapp.sendText({ to: { contactId: "c1" }, text: "hi" }));
  first.violations.push({ field: "x", code: "mine", message: "a caller's note" });
  const second = await failureOf(() => c.whatsapp.sendText({ to: { contactId: "c1" }, text: "hi" }));
  assert.deepEqual(second.violations, []);
  assert.notEqual(first.violations, second.violations);
  // Made by hand, too: the error keeps a copy of what it was given.
  const given = [{ field: "a", code: "b", message: "c" }];
  const made = new WhautomateError({ code: "invalid_input", violations: given });
  given.length = 0;
  assert.equal(made.violations.length, 1);
});

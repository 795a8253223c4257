// A package resolved without its package.json "exports" (Parcel without packageExports, an
// old resolver): `whautomate/webhooks` lands on the API file, and no entry file starts an
// engine. Every call says so plainly, instead of failing inside wasm-bindgen's glue as an
// `invalid_input` (its own process: no other test may have started an engine).
import { test } from "node:test";
import assert from "node:assert/strict";

const pkg = new URL("../../pkg/", import.meta.url);

test("the API files without an entry (a resolver that ignores package.json exports): a plain error that says so", async () => {
  const sending = await import(new URL("api.js?bare", pkg));
  assert.throws(() => new sending.Whautomate({ apiKey: "k" }), /no engine started: package.json "exports" unread/);
  assert.throws(() => sending.validate({}), /no engine started/);
  const receiving = await import(new URL("webhooks.js?bare", pkg));
  assert.throws(() => receiving.parseWebhookEvent("{}"), /no engine started/);
  assert.throws(() => receiving.createWebhookHandler({ onEvent() {} }), /no engine started/);
});

// The browser entry given a .wasm that cannot compile (what a page's CSP without
// 'wasm-unsafe-eval' does to any module): not a download's failure, so not fetched again on
// every call, and not a retryable network error (its own process: no other test may have
// started an engine).
import { test } from "node:test";
import assert from "node:assert/strict";

const pkg = new URL("../../pkg/", import.meta.url);

test("a module that cannot compile (not a download's failure) is not fetched again: a plain error says why", async (t) => {
  let downloads = 0;
  t.mock.method(globalThis, "fetch", async () => {
    downloads++;
    return new Response(new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]), { headers: { "content-type": "application/wasm" } });
  });
  const { Whautomate } = await import(new URL("browser.mjs?broken", pkg));
  const first = downloads;
  for (let i = 0; i < 3; i++) assert.throws(() => new Whautomate({ apiKey: "k" }), (e) => !("code" in e) && /the engine cannot start/.test(e.message));
  await new Promise((ok) => setTimeout(ok, 20));
  assert.equal(downloads, first, "nothing fetched again");
});

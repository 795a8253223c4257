// The extras module (sendMany, client.webhooks, history pages) is loaded on the first call
// that needs it, the way the entry file says (js/engine.js `provideExtras`). A load that
// fails (a browser offline, a host that does not serve the file) is a `network`
// WhautomateError, retryable and with nothing sent, and the next call tries again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { WhautomateError } from "../../pkg/error.js";
import { extras, provideExtras } from "../../pkg/engine.js";
import { initSync } from "../../pkg/whautomate_extras.js";

test("a failed load of the extras is a retryable network error, and the next call loads them", async () => {
  let loads = 0;
  provideExtras(() => {
    loads++;
    if (loads === 1) throw new TypeError("Failed to fetch");
    return initSync({ module: readFileSync(new URL("../../pkg/whautomate_extras_bg.wasm", import.meta.url)) });
  });
  const failed = await extras().then(() => null, (e) => e);
  assert.ok(failed instanceof WhautomateError);
  assert.deepEqual([failed.code, failed.retryable, failed.mayHaveBeenSent], ["network", true, false]);
  assert.match(failed.message, /whautomate_extras_bg\.wasm.*Failed to fetch/);
  const x = await extras();
  assert.equal(typeof x.wasm.webhookRequest, "function");
  assert.equal(x.protocol.ERROR, -2);
  // Loaded once: later calls share the instance.
  assert.equal(await extras(), x);
  assert.equal(loads, 2);
});

test("a failed load of the extras' drivers (api-extras.js, a chunk of its own in a bundle) is the same retryable network error", async () => {
  let imports = 0;
  const drivers = await import("../../pkg/api-extras.js");
  provideExtras(
    () => initSync({ module: readFileSync(new URL("../../pkg/whautomate_extras_bg.wasm", import.meta.url)) }),
    () => {
      imports++;
      if (imports === 1) return Promise.reject(new TypeError("error loading dynamically imported module"));
      return drivers;
    },
  );
  const failed = await extras().then(() => null, (e) => e);
  assert.ok(failed instanceof WhautomateError);
  assert.deepEqual([failed.code, failed.retryable, failed.mayHaveBeenSent], ["network", true, false]);
  assert.match(failed.message, /api-extras\.js.*error loading dynamically imported module/);
  const x = await extras();
  assert.equal(x.api, drivers);
  assert.equal(typeof x.api.sendMany, "function");
  assert.equal(imports, 2);
});

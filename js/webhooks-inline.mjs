// "whautomate/webhooks/inline", and whautomate/webhooks' browser entry of development
// builds: the receiving engine inside the JS, inflated and compiled synchronously at
// import (why, and what it costs: inline.mjs).
import { initSync } from "./whautomate_webhooks.js";
import { started } from "./webhooks-engine.js";
import { inflateBase64 } from "./inflate.js";
import { wasm, size } from "./whautomate_webhooks_bg_inline.js";

// A page that may not compile it (a Content-Security-Policy without 'wasm-unsafe-eval')
// still loads, as with webhooks-browser.mjs: each call then throws saying why.
const load = () => initSync({ module: inflateBase64(wasm, size) });
try {
  load();
  started();
} catch (e) {
  started(e, load);
}

export * from "./webhooks.js";

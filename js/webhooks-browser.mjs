// `whautomate/webhooks` for browsers and bundlers (production builds): the receiving
// engine's .wasm, fetched and compiled while it streams in, at import time (as
// browser.mjs does for sending; webhooks-inline.mjs is the inline form).
import { compile } from "./compile.js";
import { initSync } from "./whautomate_webhooks.js";
import { started } from "./webhooks-engine.js";

const load = async () => initSync({ module: await compile(fetch(new URL("./whautomate_webhooks_bg.wasm", import.meta.url))) });
try {
  await load();
  started();
} catch (e) {
  // The app still loads; the first call gets a retryable `network` error and the download
  // starts again (webhooks-engine.js `ready`).
  started(e, load);
}

export * from "./webhooks.js";

// `whautomate/webhooks` for browsers and bundlers (production builds): the receiving
// engine's .wasm, fetched and compiled while it streams in, at import time (as
// browser.mjs does for sending; webhooks-inline.mjs is the inline form).
import init from "./whautomate_webhooks.js";

await init({ module_or_path: new URL("./whautomate_webhooks_bg.wasm", import.meta.url) });

export * from "./webhooks.js";

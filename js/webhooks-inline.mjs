// "whautomate/webhooks/inline", and whautomate/webhooks' browser entry of development
// builds: the receiving engine inside the JS, inflated and compiled synchronously at
// import (why, and what it costs: inline.mjs).
import { initSync } from "./whautomate_webhooks.js";
import { started } from "./webhooks-engine.js";
import { inflateBase64 } from "./inflate.js";
import { wasm, size } from "./whautomate_webhooks_bg_inline.js";

initSync({ module: inflateBase64(wasm, size) });
started();

export * from "./webhooks.js";

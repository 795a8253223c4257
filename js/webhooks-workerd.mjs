// `whautomate/webhooks` for Cloudflare Workers (workerd): the .wasm import is a compiled
// WebAssembly.Module, so loading is synchronous (as workerd.mjs does for sending).
import wasm from "./whautomate_webhooks_bg.wasm";
import { initSync } from "./whautomate_webhooks.js";
import { started } from "./webhooks-engine.js";

initSync({ module: wasm });
started();

export * from "./webhooks.js";

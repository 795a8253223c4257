// Whether the receiving engine (whautomate_webhooks_bg.wasm) was started, for
// js/webhooks.js to say so plainly instead of failing inside wasm-bindgen's glue: the entry
// files (webhooks-*.mjs, webhooks-node.cjs) start it and report here. The same rules as
// engine.js's `startFailed`/`ready` for the sending engine, written twice on purpose: one
// gate shared by both (a factory in a module of its own) measured 45 bytes more of the
// sending bundle's gzip, which its size gate has no room for (41,811 against 41,800).
import { NOT_STARTED, WhautomateError, describeError, downloadFailed } from "./error.js";

let state; // undefined: no entry started it; true: started; else how to load it again
let reloading, lastFailure;

/** The entry started the engine (`load` absent), or its download failed (`load()` tries again). */
export function started(error, load) {
  if (load) {
    lastFailure = describeError(error);
    // Only a download is tried again (as engine.js `startFailed`).
    state = downloadFailed(error) ? load : false;
  } else {
    state = true;
  }
}

/**
 * Throws unless the engine is started: a `network` error (retryable) while its download
 * failed, which tries it again; a plain Error when no entry file started it (the package
 * resolved without its package.json "exports").
 */
export function ready() {
  if (state === true) return;
  if (state === undefined) throw new Error(NOT_STARTED);
  if (!state) throw new Error(`whautomate: the engine cannot start: ${lastFailure}`);
  reloading ??= Promise.resolve()
    .then(state)
    .then(() => started(), (e) => void (lastFailure = describeError(e)))
    .finally(() => (reloading = undefined));
  throw new WhautomateError({ code: "network", retryable: true, message: `whautomate_webhooks_bg.wasm could not be loaded (${lastFailure}); loading it again` });
}

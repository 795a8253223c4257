// The wasm engine as api.js sees it: the instance's numeric exports (`wasm`) plus the
// string codec of the boundary (whautomate-wasm/src/abi.rs).
//
// Every export takes and returns numbers. Text goes in by `TextEncoder.encodeInto` into
// an input buffer the engine allocated (`put`), and comes out by `TextDecoder` from the
// (address, length) pairs the engine leaves in its mailbox (`outA`, `outB`). A call that
// fails returns ERROR and leaves its error's JSON as the first output (`failure`).
//
// Two modules, each with its own memory and so its own boundary (`connect`): the sending
// engine, which the entry file (node.cjs, browser.mjs, ...) instantiates with
// wasm-bindgen's generated glue before any client exists and hands to `start`; and its
// extras (sendMany, client.webhooks, history pages), which the entry only says how to load
// (`provideExtras`) and api.js loads on the first call that needs them (`extras()`).

import { NOT_STARTED, WhautomateError, describeError, downloadFailed, invalid } from "./error.js";
// Written by `make pkg` from the engine's own definition (whautomate-wasm/src/protocol.rs).
import { PROTOCOL } from "./protocol.js";

/** The sending engine's exports (`wasm.send(...)`), live: set once the entry file started it. */
export let wasm;
/** The sending engine's boundary functions (see `connect`), set by `start`. */
export let put, outA, outB, failure;

/** Takes the sending engine's exports, as the glue's `initSync` and `init` return them. */
export function start(exports) {
  const engine = (sending = connect(exports));
  ({ wasm, put, outA, outB, failure } = engine);
}

let reload, reloading, lastFailure;

/**
 * For the browser entry, whose `.wasm` download failed (a flaky network, a CDN's 503):
 * `load()` gives (a promise of) the exports again. The package still loads; each call
 * that needs the engine throws a retryable `network` error and starts a new download, so
 * that a later call works without a reload of the page.
 */
export function startFailed(error, load) {
  lastFailure = describeError(error);
  // Only a download is tried again: a module the page may not compile (a CSP without
  // 'wasm-unsafe-eval') fails the same way every time.
  reload = downloadFailed(error) ? load : false;
}

/**
 * Throws unless the sending engine is started: a `network` error (retryable) while its
 * download failed, which tries it again; a plain Error when no entry file started it
 * (the package resolved without its package.json "exports", which name the entries).
 */
export function ready() {
  if (wasm) return;
  if (reload === undefined) throw new Error(NOT_STARTED);
  if (!reload) throw new Error(`whautomate: the engine cannot start: ${lastFailure}`);
  reloading ??= Promise.resolve()
    .then(reload)
    .then(start, (e) => void (lastFailure = describeError(e)))
    .finally(() => (reloading = undefined));
  throw new WhautomateError({ code: "network", retryable: true, message: `whautomate_bg.wasm could not be loaded (${lastFailure}); loading it again` });
}

// The protocol's numbers, as the engine defines them (whautomate-wasm/src/protocol.rs,
// written into protocol.js at build time): never synced by hand.
// ERROR: what a failed call returns (the first output holds the error's JSON). DONE: what
// `afterResponse`/`afterFailure` return when the call succeeded, and `walkNext` at the
// end. ASK: `afterResponse`'s answer when it needs the Retry-After header to decide.
// PARSE: its answer to a read, create or update (parse the body and report its shape).
// UNREAD: the Retry-After length that says the header was not read yet. CALLS: the kinds
// of calls by name (`afterResponse`'s `call` numbers). DRIVER_FAILED: the error of a
// driver that failed in itself, per kind of call. MAX_MESSAGES: past it, `sendMany` builds
// no message (the extras' engine refuses the count). VERSION: the SDK version (the crate's).
export const { ERROR, DONE, ASK, PARSE, UNREAD, CALLS, DRIVER_FAILED, MAX_MESSAGES, VERSION } = PROTOCOL;

let sending;
let loadExtras;
let loadDrivers;
let extrasEngine;

/**
 * How the entry file loads the extras: `load()` gives (or resolves to) the extras module's
 * exports, as the glue's `initSync`/`init` return them, or `load` is `true` when the module
 * `start` was given holds them too (whautomate_full_bg.wasm: workerd, whautomate/inline);
 * `drivers()` gives (or resolves to) js/api-extras.js, the JS side of the calls they serve
 * (browser.mjs imports it dynamically, so that bundlers split it off; the other entries
 * statically).
 */
export function provideExtras(load, drivers) {
  loadExtras = load === true ? () => sending : load;
  loadDrivers = drivers;
  extrasEngine = undefined;
}

/**
 * The extras engine (its boundary, as `connect` makes it, and `api`: js/api-extras.js),
 * loaded and started on the first call. A load that failed is tried again on the next
 * call.
 */
export function extras() {
  return (extrasEngine ??= Promise.resolve()
    .then(() => Promise.all([loadExtras(), loadDrivers && loadDrivers()]))
    .then(([exports, api]) => ({ ...(exports === sending ? sending : connect(exports)), api }), (e) => {
      extrasEngine = undefined;
      // Nothing was sent: the package's own file did not arrive (a browser offline, a
      // host that does not serve it). As a network failure, so that a retry is in order.
      throw new WhautomateError({ code: "network", message: `the SDK's extras (whautomate_extras_bg.wasm, api-extras.js) could not be loaded: ${describeError(e)}`, retryable: true });
    }));
}

/**
 * One module's boundary: its exports (`wasm`), the codec of its input buffer and mailbox
 * (`put`, `outA`, `outB`, `failure`) and its protocol (`protocol`).
 */
function connect(exports) {
  const wasm = exports;
  const encoder = new TextEncoder();
  let decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let decoded = 0;

  let bytes = new Uint8Array(0); // a view of the whole memory; empty until first used or once detached
  let box; // the mailbox: [aPtr, aLen, bPtr, bLen]
  let inPtr = 0;
  let inCap = 0;
  let inView; // bytes[inPtr, inPtr + inCap)

  // Views of memory go stale (detached, length 0) whenever the memory grows; every access
  // checks, which is one comparison.
  function views() {
    bytes = new Uint8Array(wasm.memory.buffer);
    box = new Uint32Array(wasm.memory.buffer, boxAddr, 4);
    inView = bytes.subarray(inPtr, inPtr + inCap);
  }

  // Makes the input buffer hold at least `need` bytes. (Growing it gives a new buffer,
  // without what was written before: every call's input is written after this, at once.)
  // The engine refuses an input over its limit (address 0) instead of allocating it; the
  // state here changes only once a buffer was given.
  function room(need) {
    if (need > inCap) {
      const cap = Math.max(need, 1024);
      const ptr = wasm.input(cap) >>> 0;
      if (ptr === 0) throw invalid("", `the input is too large: up to ${need} bytes as UTF-8, more than the engine takes`, "too_long");
      inCap = cap;
      inPtr = ptr;
      views();
    } else if (bytes.byteLength === 0) {
      views();
    }
  }

  /**
   * Writes `texts` one after another into the input buffer (the arguments of a call);
   * returns their byte lengths. UTF-8 takes at most 3 bytes per UTF-16 unit.
   */
  function put(...texts) {
    room(texts.reduce((n, text) => n + text.length, 0) * 3);
    let at = 0;
    return texts.map((text) => {
      const { written } = encoder.encodeInto(text, inView.subarray(at));
      at += written;
      return written;
    });
  }

  function decode(ptr, len) {
    if (len === 0) return "";
    // Safari's TextDecoder fails after about 2 GB decoded; a fresh one avoids it.
    decoded += len;
    if (decoded > 2e9) {
      decoder = new TextDecoder("utf-8", { ignoreBOM: true });
      decoded = len;
    }
    return decoder.decode(bytes.subarray(ptr, ptr + len));
  }

  /** The first output of the last call. */
  function outA() {
    if (bytes.byteLength === 0) views();
    return decode(box[0], box[1]);
  }

  /** The second output of the last call. */
  function outB() {
    if (bytes.byteLength === 0) views();
    return decode(box[2], box[3]);
  }

  /** The error's fields, after a call returned ERROR. */
  const failure = () => JSON.parse(outA());

  const boxAddr = wasm.mailbox() >>> 0;
  const protocol = PROTOCOL;
  return { wasm, put, outA, outB, failure, protocol };
}

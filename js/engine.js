// The wasm engine as api.js sees it: the instance's numeric exports (`wasm`) plus the
// string codec of the boundary (whautomate-wasm/src/abi.rs).
//
// Every export takes and returns numbers. Text goes in by `TextEncoder.encodeInto` into
// an input buffer the engine allocated (`put`), and comes out by `TextDecoder` from the
// (address, length) pairs the engine leaves in its mailbox (`outA`, `outB`). A call that
// fails returns ERROR and leaves its error's JSON as the first output (`failure`).
//
// One module instance serves every client. The entry file (node.cjs, browser.mjs, ...)
// instantiates it with wasm-bindgen's generated glue (whautomate.js) before any client
// exists and hands its exports to `start`; this module reads its memory.

/** The engine's exports (`wasm.send(...)`), live: set once the entry file started it. */
export let wasm;

/** Takes the instance's exports, as the glue's `initSync` and `init` return them. */
export function start(exports) {
  wasm = exports;
  boxAddr = wasm.protocol() >>> 0;
  ({ DONE, ERROR, ASK, PARSE, UNREAD, STATES, VERSION } = JSON.parse(outA()));
}

// The protocol's numbers and the mailbox's address, as the engine defines them (whautomate-wasm:
// `protocol()`), read once at start: never synced by hand.
/** What a failed call returns; the first output holds the error's JSON. */
export let ERROR;
/** What `afterResponse`/`afterFailure` return when the call succeeded, and `walkNext` at the end. */
export let DONE;
/** `afterResponse`'s answer when it needs the Retry-After header to decide. */
export let ASK;
/** `afterResponse`'s answer to a history page: parse it and report its shape (`pageParsed`). */
export let PARSE;
/** The Retry-After length that tells `afterResponse` the header was not read yet. */
export let UNREAD;
/** A `sendMany` input's states by number, as `campaignSettle` returns them: "sent", "failed", "unknown". */
export let STATES;
/** The SDK version (the crate's). */
export let VERSION;

const encoder = new TextEncoder();
let decoder = new TextDecoder("utf-8", { ignoreBOM: true });
let decoded = 0;

let bytes = new Uint8Array(0); // a view of the whole memory; empty until first used or once detached
let box; // the mailbox: [aPtr, aLen, bPtr, bLen]
let boxAddr;
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
    if (ptr === 0) throw new RangeError(`the input is too large: up to ${need} bytes as UTF-8, more than the engine takes`);
    inCap = cap;
    inPtr = ptr;
    views();
  } else if (bytes.byteLength === 0) {
    views();
  }
}

/**
 * Writes `text` into the input buffer (the first argument of a call); returns the number
 * of bytes written. UTF-8 takes at most 3 bytes per UTF-16 unit.
 */
export function put(text) {
  room(text.length * 3);
  return encoder.encodeInto(text, inView).written;
}

/** Writes `a`, then `b` right after it; returns both byte lengths. */
export function put2(a, b) {
  room((a.length + b.length) * 3);
  const lenA = encoder.encodeInto(a, inView).written;
  return [lenA, encoder.encodeInto(b, inView.subarray(lenA)).written];
}

/** Writes `a`, `b` and `c` one after another; returns their byte lengths. */
export function put3(a, b, c) {
  room((a.length + b.length + c.length) * 3);
  const lenA = encoder.encodeInto(a, inView).written;
  const lenB = encoder.encodeInto(b, inView.subarray(lenA)).written;
  return [lenA, lenB, encoder.encodeInto(c, inView.subarray(lenA + lenB)).written];
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
export function outA() {
  if (bytes.byteLength === 0) views();
  return decode(box[0], box[1]);
}

/** The second output of the last call. */
export function outB() {
  if (bytes.byteLength === 0) views();
  return decode(box[2], box[3]);
}

/** The error's fields, after a call returned ERROR. */
export const failure = () => JSON.parse(outA());

// One HTTP exchange, one abortable wait and one URL read: the only I/O of the SDK.
//
// Shared by the JS driver (api.js) and the Rust library on wasm32 (src/transport/fetch.rs
// and src/url_read.rs import this file), so both treat timeouts, aborts, redirects,
// oversized bodies and refused connections alike, and read hosts with the same parser. This file reports what happened; the engine decides what it
// means (whautomate-wasm/src/driver.rs for the npm package, src/client for the Rust client).
//
// `fetch` is looked up on globalThis at call time and called as `globalThis.fetch(...)`
// (never `window`, which workers lack); a user-supplied fetch is called as a plain
// function: a stored fetch invoked as a method of another object throws "Illegal
// invocation" on Cloudflare Workers.

// What a rejected fetch() reported, for the engine to read (`TransportError::from_report`
// decides whether it means the connection was refused): "rejected", the error's code (or
// its cause's), and its message. Reading a thrown value may itself throw (a getter, a
// revoked Proxy): that reads as "network", the answer that never claims nothing was sent.
function fetchFailure(e) {
  try {
    if (reports.has(e)) return e;
    const code = (e && (e.code || (e.cause && e.cause.code))) || "";
    return report(`rejected ${String(code).slice(0, 64)}`, describe(e));
  } catch {
    return report("network", "fetch failed");
  }
}

// The driver's own [kind, message] reports, kept in a set of their own: told from whatever
// a caller's fetch throws or rejects with, an array of the same shape included (taken for
// a report, a `["rejected ECONNREFUSED", …]` would have read as a send that never left, and
// gone again). A set, not a class: `instanceof` runs a Proxy's getPrototypeOf trap, which
// may throw; `WeakSet.has` runs none.
const reports = new WeakSet();
const report = (kind, message) => {
  const made = [kind, message];
  reports.add(made);
  return made;
};

const describe = (e) => {
  try {
    return String((e && e.message) || e) + (e && e.cause && e.cause.message ? ": " + e.cause.message : "");
  } catch {
    return "fetch failed";
  }
};

// An AbortSignal's state and events, through the platform's own accessors: a signal
// whose own `aborted` or `addEventListener` was replaced cannot throw into a timer.
const abortedOf = typeof AbortSignal === "function" ? Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted")?.get : undefined;
const targetProto = typeof EventTarget === "function" ? EventTarget.prototype : undefined;

/** Whether `signal` (an AbortSignal, or undefined) has fired. */
export function isAborted(signal) {
  if (!signal) return false;
  try {
    return Boolean(abortedOf ? abortedOf.call(signal) : signal.aborted);
  } catch {
    return false;
  }
}

// The SDK's callbacks per signal, behind one listener of its own: a sendMany with 64 sends
// in flight under one signal would otherwise add 64 listeners to it, and Node warns past
// 10 ("MaxListenersExceededWarning: Possible EventTarget memory leak detected").
const watched = new WeakMap(); // signal -> Set of callbacks, with `fire`, its one listener

/** Calls `fn` once when `signal` fires. */
export function onAbort(signal, fn) {
  let callbacks = watched.get(signal);
  if (!callbacks) {
    watched.set(signal, (callbacks = new Set()));
    callbacks.fire = (event) => {
      watched.delete(signal);
      callbacks.forEach((callback) => callback(event));
    };
    (targetProto ? targetProto.addEventListener : signal.addEventListener).call(signal, "abort", callbacks.fire, { once: true });
  }
  callbacks.add(fn);
}

/** Stops calling `fn` when `signal` fires. */
export function offAbort(signal, fn) {
  const callbacks = watched.get(signal);
  if (callbacks && callbacks.delete(fn) && !callbacks.size) {
    watched.delete(signal);
    try {
      (targetProto ? targetProto.removeEventListener : signal.removeEventListener).call(signal, "abort", callbacks.fire);
    } catch {
      /* nothing to undo */
    }
  }
}

/**
 * What the platform's WHATWG URL parser (the one fetch uses) reads in `text`, for an
 * engine that asked: the URL's parts (`protocol`, `username`, `password`, `hostname`,
 * `port`, `pathname`, `search`, `hash`), each followed by a line feed, then `text`; the
 * parts empty when `new URL(text)` throws. src/url_read.rs `UrlRead::from_driver` reads
 * it, and the engine judges the parts: this reports, it decides nothing. Used by the JS
 * driver (api.js, when `profileNew` or `webhookRequest` answer ASK) and by the Rust
 * library on wasm32 (`UrlRead::read`). `URL` is the class as it was when this module
 * loaded: one a page's script puts in its place later reads nothing here.
 */
// (A runtime without `URL` still loads the package: it reads no URL, and the engine
// refuses every `host` but the default, which it never asks to read.)
const PlatformURL = typeof URL === "function" ? URL : undefined;
export function readUrl(text) {
  try {
    const u = new PlatformURL(text);
    return [u.protocol, u.username, u.password, u.hostname, u.port, u.pathname, u.search, u.hash, text].join("\n");
  } catch {
    return "\n".repeat(8) + text; // no URL: the eight parts empty
  }
}

/**
 * Milliseconds on a monotonic clock (`performance.now()`): the rate-limit bucket runs on
 * it, so a wall clock stepped back or forward neither stalls nor floods it.
 */
export const now = typeof globalThis.performance?.now === "function" ? () => performance.now() : Date.now;

// A response that arrived after its exchange was over, or that is refused unread: its
// body is not wanted, and cancelling it gives the connection back.
const discard = (res) => {
  try {
    if (res && res.body && typeof res.body.cancel === "function") res.body.cancel().catch(() => {});
  } catch {
    /* a body that cannot be cancelled is left to the garbage collector */
  }
};

/**
 * Sends one request and reads its whole body under one timeout, never following a
 * redirect and never reading more than `maxBytes` of body. Resolves to
 * `{ status, text, response }`, or `{ status, over, response }` when the body is longer
 * than `maxBytes` (`over` says what was seen; the body is refused unread where the server
 * declared its length, else as soon as the count passes it: the status still counts);
 * rejects with `[kind, message]`, where kind says what happened:
 * - "timeout", "aborted": the timeout or the caller's `signal` ended the exchange;
 * - "rejected <code>": fetch rejected, with the error's code (if any); the engine reads
 *   from the code and the message whether the connection was refused;
 * - "network": the connection failed after the response began, or the failure could not be read;
 * - "redirect": the server answered with a redirect (a browser shows it only as an
 *   `opaqueredirect` response, without its status);
 * - "followed_redirect": a caller's fetch followed a redirect although told not to;
 * - "invalid_response": fetch gave something that is not a usable Response.
 * `init` is fetch's; it is given `signal` and `redirect: "manual"`.
 *
 * `redirect: "manual"` is what keeps the API key on its origin: a followed redirect would
 * carry `x-api-key` (and, for 307/308, the message) to whatever `Location` names.
 *
 * The timeout and the caller's `signal` end the exchange the moment they fire, whatever
 * fetch does, and cancel the request in flight at once. A timeout that left the connection and the
 * server's work going would not be what `timeoutMs` promises, and a server that hangs
 * would hold one socket per call for as long as it hangs.
 */
export function request(fetchFn, url, init, timeoutMs, signal, maxBytes) {
  return new Promise((resolve, reject) => {
    let over = false; // the caller has its answer
    // One controller per exchange: the timeout and the caller's signal cancel it alone.
    const own = new AbortController();
    init.signal = own.signal;
    init.redirect = "manual";
    const end = () => {
      over = true;
      clearTimeout(timer);
      if (signal) offAbort(signal, stop);
    };
    // The timer passes "timeout"; the signal's listener gets an Event: both end the exchange.
    function stop(why) {
      if (over) return;
      end();
      // The kind alone: the engine words a timeout's and an abort's error itself.
      reject(report(why === "timeout" ? why : "aborted", ""));
      own.abort();
    }
    // `report` turns what was thrown into [kind, message]; it never throws.
    const failed = (report) => (e) => {
      if (!over) {
        end();
        reject(report(e));
      }
    };
    // One timer per exchange, not one shared by all: a timer belongs to the request
    // context that set it on Cloudflare Workers, where a shared one would die with the
    // first request and leave the others without a timeout.
    const timer = setTimeout(stop, timeoutMs, "timeout");
    if (signal) {
      if (isAborted(signal)) return stop();
      onAbort(signal, stop);
    }
    let pending;
    try {
      pending = fetchFn ? fetchFn(url, init) : globalThis.fetch(url, init);
    } catch (e) {
      return failed(fetchFailure)(e);
    }
    Promise.resolve(pending).then((res) => {
      if (over) return discard(res);
      // What `read` rejects with is its own [kind, message] report (a body that stopped
      // arriving is an answer, with its status); anything else, a revoked Proxy its check
      // threw on, reads as a network failure.
      read(res, maxBytes).then((answer) => {
        if (!over) {
          end();
          resolve(answer);
        }
      }, failed(fetchFailure));
    }, failed(fetchFailure));
  });
}

// Everything that is read of a Response, in one place: a caller's fetch may resolve to
// anything (a getter that throws, a text() that gives no string), and each such case is
// reported as "invalid_response", never thrown past the driver. One message for every
// such case (what exactly was wrong is the caller's fetch's business, and a test of it
// finds it at once): the bytes of six were some 100 of the size budget.
const UNUSABLE = report("invalid_response", "fetch resolved to no usable Response");

async function read(res, maxBytes) {
  let status, declared;
  try {
    if (res === null || typeof res !== "object") throw 0;
    // (The kind alone: the engine words a redirect's error itself.)
    if (res.type === "opaqueredirect") throw report("redirect", "");
    if (res.redirected === true) throw report("followed_redirect", "fetch followed a redirect despite redirect: \"manual\"");
    status = res.status;
    if (!Number.isInteger(status)) throw 0;
    // The engine takes a status as a 32-bit number: one beyond any HTTP status must not
    // wrap around into one (2^32 + 200 into 200). 0 is none, which it refuses.
    if (status < 0 || status > 999) status = 0;
    declared = contentLength(res);
  } catch (e) {
    discard(res);
    throw reports.has(e) ? e : UNUSABLE;
  }
  try {
    if (declared > maxBytes) {
      discard(res);
      throw tooLarge(maxBytes, `${declared} bytes declared`);
    }
    return { status, text: await body(res, maxBytes, declared), response: res };
  } catch (e) {
    // A [kind, message] report is what the driver itself found wrong. Anything else, the
    // body too large or one that stopped arriving (a reset, a connection closed early, a
    // body that does not inflate: `cut`), is an answer all the same: the status is the
    // server's, and the engine judges by it.
    if (reports.has(e)) throw e;
    const seen = large.get(e);
    return { status, over: seen ?? describe(e), cut: seen === undefined, response: res };
  }
}

// A body too large to read, and what was seen of it (a map, not a class, for the reason
// `reports` is a set: nothing here runs a caller's Proxy trap).
const large = new WeakMap();
const tooLarge = (maxBytes, seen) => {
  const made = {};
  large.set(made, `the response body is larger than maxResponseBytes (${maxBytes}): ${seen}`);
  return made;
};

// The declared length of the body as it will be read, or -1 when there is none, it
// cannot be read, or it is the length of an encoded body: a gzip body of a few KB can
// inflate to gigabytes, so only an unencoded body's length bounds what text() reads.
// A cross-origin response ("cors") hides its Content-Encoding but not its
// Content-Length, so its length bounds nothing. A response without a body (a 204) has
// none, whatever its headers say.
function contentLength(res) {
  try {
    if (res.type === "cors" || res.body === null) return -1;
    const value = res.headers.get("content-length");
    const encoding = res.headers.get("content-encoding");
    if (encoding !== null && encoding.trim().toLowerCase() !== "identity") return -1;
    return value !== null && /^\d+$/.test(value) ? Number(value) : -1;
  } catch {
    return -1;
  }
}

// The body as text. One whose length was declared (and is not over maxBytes) is read
// with text(): the length bounds it, and a stream reader costs some 60 µs more per
// request in workerd (bench row 8). Any other is counted as it arrives, so that an
// endless, huge or inflating body is cut off at maxBytes rather than read whole.
async function body(res, maxBytes, declared) {
  let stream;
  try {
    stream = declared < 0 ? res.body : null;
  } catch {
    stream = null;
  }
  if (stream && typeof stream.getReader === "function") {
    let reader;
    try {
      reader = stream.getReader();
    } catch {
      // Locked or already read (a caller's fetch handed back a used Response).
      throw UNUSABLE;
    }
    const chunks = [];
    let size = 0;
    for (;;) {
      const step = await reader.read();
      if (step === null || typeof step !== "object") throw UNUSABLE;
      const { done, value } = step;
      if (done) break;
      if (!(value instanceof Uint8Array)) throw UNUSABLE;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => {});
        throw tooLarge(maxBytes, `more than that arrived`);
      }
      chunks.push(value);
    }
    const all = chunks.length === 1 ? chunks[0] : new Uint8Array(size);
    if (chunks.length !== 1) for (let at = 0, i = 0; i < chunks.length; at += chunks[i].byteLength, i++) all.set(chunks[i], at);
    try {
      return new TextDecoder().decode(all);
    } catch {
      // Longer than the runtime's longest string (about 512 MiB in V8).
      throw tooLarge(maxBytes, `${size} bytes cannot be held as text`);
    }
  }
  let pending;
  try {
    pending = res.text();
  } catch {
    // A Response-like whose text() is missing or throws at once is malformed; a body read
    // that fails midway (a rejection) is the network's.
    throw UNUSABLE;
  }
  const text = await pending;
  if (typeof text !== "string") throw UNUSABLE;
  // A body without a stream (a caller's Response-like) is counted once read (UTF-16 units, a
  // lower bound of its bytes).
  if (text.length > maxBytes) throw tooLarge(maxBytes, `${text.length} characters read`);
  return text;
}

/** The `Retry-After` header of a response from `request`, or null. */
export function retryAfterOf(res) {
  try {
    const value = res.headers.get("retry-after");
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

/**
 * Sends one request and reads the whole body under one timeout (see `request`).
 * Resolves to [status, retryAfter | null, bodyText], or [status, retryAfter | null,
 * undefined, over, cut] when the body was not read (`over` says what was seen instead;
 * `cut`: the connection failed while it arrived, else it was over `maxBytes`); rejects
 * with [kind, message].
 */
export async function exchange(fetchFn, url, method, headers, body, timeoutMs, signal, maxBytes) {
  const init = fetchInit(method, headers);
  if (body !== undefined && body !== null) init.body = body;
  const { status, text, over, cut, response } = await request(fetchFn, url, init, timeoutMs, signal, maxBytes);
  return [status, retryAfterOf(response), text, over, cut === true];
}

/**
 * A fetch `init` without a prototype: fetch reads options such as `dispatcher`, `mode`
 * or `body` from it, and an inherited one (someone set `Object.prototype.dispatcher`)
 * must not redirect the request, or the key with it.
 */
export function fetchInit(method, headers) {
  return { __proto__: null, method, headers };
}

// setTimeout holds at most 2^31 - 1 ms (about 24.8 days); a longer delay fires at once.
const MAX_TIMER = 2 ** 31 - 1;

/**
 * Waits `ms` (any length: a wait longer than a timer can hold is made of several, and
 * never ends early); rejects with "aborted" as soon as `signal` fires.
 */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (isAborted(signal)) return reject("aborted");
    const until = now() + ms;
    const aborted = () => {
      clearTimeout(timer);
      reject("aborted");
    };
    const wake = () => {
      const left = until - now();
      if (ms > MAX_TIMER && left > 0) {
        timer = setTimeout(wake, Math.min(Math.ceil(left), MAX_TIMER));
        return;
      }
      if (signal) offAbort(signal, aborted);
      resolve();
    };
    let timer = setTimeout(wake, Math.min(ms, MAX_TIMER));
    if (signal) onAbort(signal, aborted);
  });
}

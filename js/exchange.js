// One HTTP exchange and one abortable wait: the only I/O of the SDK.
//
// Shared by the JS driver (api.js) and the Rust `FetchTransport` (src/transport/fetch.rs
// imports this file), so both treat timeouts, aborts and refused connections alike.
// `fetch` is looked up on globalThis at call time and called as `globalThis.fetch(...)`
// (never `window`, which workers lack); a user-supplied fetch is called as a plain
// function: a stored fetch invoked as a method of another object throws "Illegal
// invocation" on Cloudflare Workers.

const refused = (e) => {
  const code = (e && (e.code || (e.cause && e.cause.code))) || "";
  const text = String((e && e.message) || "") + " " + String((e && e.cause && e.cause.message) || "");
  return code === "ECONNREFUSED" || code === "ConnectionRefused" || /ECONNREFUSED|Connection refused/i.test(text);
};

const describe = (e) => String((e && e.message) || e) + (e && e.cause && e.cause.message ? ": " + e.cause.message : "");

// A response that arrived after its exchange was over: its body is not wanted, and
// cancelling it gives the connection back.
const discard = (res) => {
  try {
    if (res && res.body && typeof res.body.cancel === "function") res.body.cancel().catch(() => {});
  } catch {
    /* a body that cannot be cancelled is left to the garbage collector */
  }
};

// How a timed-out exchange is cancelled. Cancelling takes an AbortSignal given to fetch
// up front, and a signal per exchange is dear: `new AbortController()` is about 2 µs in
// Node, and undici then registers every signal it is given (a listener, a WeakRef, a
// FinalizationRegistry entry): 5-8% of loopback throughput (bench/throughput.mjs).
// Exchanges without a caller's signal therefore share a controller, in cohorts: up to
// COHORT exchanges with the same timeout that start within SPAN(timeoutMs) of each
// other. A cohort is aborted once every exchange of it that is still running has timed
// out, so that no exchange is ever cut short, and a timed-out exchange is cancelled at
// most SPAN after its timeout (at once when it is the only one left). The caller gets
// its "timeout" at the moment the exchange's own timer fires either way.
//
// Cloudflare Workers keep a controller per exchange: workerd binds a signal to the request
// (I/O context) that first uses it, and a cohort spans requests (cloudflare/workerd#3856;
// #6273, which would have lifted that, was closed). Workers are told by their documented
// `navigator.userAgent`; tests/runtimes checks that workerd still answers it.
const COHORT = 32;
const SPAN = (timeoutMs) => Math.min(100, Math.max(1, timeoutMs >> 3));
const shared = !(globalThis.navigator && globalThis.navigator.userAgent === "Cloudflare-Workers");
// timeoutMs -> the cohort new exchanges with that timeout join.
const joinable = new Map();

function join(timeoutMs) {
  let cohort = joinable.get(timeoutMs);
  if (cohort === undefined) {
    // live: running and not timed out; stranded: timed out, fetch still running.
    cohort = { controller: new AbortController(), size: 0, live: 0, stranded: 0 };
    joinable.set(timeoutMs, cohort);
    const closing = setTimeout(close, SPAN(timeoutMs), timeoutMs, cohort);
    // In Node, Bun and Deno a pending timer keeps the process alive; this one need not.
    if (typeof closing === "object" && closing && typeof closing.unref === "function") closing.unref();
    else if (globalThis.Deno && typeof globalThis.Deno.unrefTimer === "function") globalThis.Deno.unrefTimer(closing);
  }
  if (++cohort.size === COHORT) close(timeoutMs, cohort);
  cohort.live++;
  return cohort;
}

function close(timeoutMs, cohort) {
  if (joinable.get(timeoutMs) === cohort) joinable.delete(timeoutMs);
}

// Aborts the cohort once only timed-out exchanges of it are left running. (Aborting it
// again, as stranded exchanges settle afterwards, does nothing.)
function release(cohort) {
  if (cohort.live === 0 && cohort.stranded > 0) cohort.controller.abort();
}

/**
 * Sends one request and reads its whole body under one timeout. Resolves to
 * `[response, bodyText]`; rejects with `[kind, message]` where kind is "timeout",
 * "aborted", "refused" (nothing was sent) or "network". `init` is fetch's; it is given a
 * `signal`.
 *
 * The timeout and the caller's `signal` end the exchange the moment they fire, whatever
 * fetch does, and cancel the request in flight: at once for the caller's signal, within
 * SPAN of the timeout otherwise (see above). A timeout that left the connection and the
 * server's work going would not be what `timeoutMs` promises, and a server that hangs
 * would hold one socket per call for as long as it hangs.
 */
export function request(fetchFn, url, init, timeoutMs, signal) {
  return new Promise((resolve, reject) => {
    let over = false; // the caller has its answer
    let timedOut = false;
    // A caller's signal aborts this exchange alone, so it needs a controller of its own.
    const own = signal || !shared ? new AbortController() : undefined;
    const cohort = own ? undefined : join(timeoutMs);
    init.signal = own ? own.signal : cohort.controller.signal;
    const end = () => {
      over = true;
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", stop);
    };
    // Called exactly once, when fetch and the body read have settled (every path below
    // ends in one call), in time or after the timeout.
    const settled = () => {
      if (!cohort) return;
      if (timedOut) cohort.stranded--;
      else cohort.live--;
      release(cohort);
    };
    // The timer passes "timeout"; the signal's listener gets an Event: both end the exchange.
    function stop(why) {
      if (over) return;
      end();
      reject(why === "timeout" ? ["timeout", `no complete response within ${timeoutMs} ms`] : ["aborted", "the request was aborted"]);
      if (own) return own.abort();
      timedOut = true;
      cohort.live--;
      cohort.stranded++;
      // A cohort with a timed-out exchange takes no more: they would delay its abort.
      close(timeoutMs, cohort);
      release(cohort);
    }
    const failed = (e) => {
      if (!over) {
        end();
        reject([refused(e) ? "refused" : "network", describe(e)]);
      }
      settled();
    };
    // One timer per exchange, not one shared by all: a timer belongs to the request
    // context that set it on Cloudflare Workers, where a shared one would die with the
    // first request and leave the others without a timeout.
    const timer = setTimeout(stop, timeoutMs, "timeout");
    if (signal) {
      if (signal.aborted) return stop();
      signal.addEventListener("abort", stop, { once: true });
    }
    let pending;
    try {
      pending = fetchFn ? fetchFn(url, init) : globalThis.fetch(url, init);
    } catch (e) {
      return failed(e);
    }
    Promise.resolve(pending).then((res) => {
      if (over) {
        settled();
        return discard(res);
      }
      try {
        Promise.resolve(res.text()).then((text) => {
          if (!over) {
            end();
            resolve([res, text]);
          }
          settled();
        }, failed);
      } catch (e) {
        failed(e); // not a Response
      }
    }, failed);
  });
}

/** The `Retry-After` header of a response from `request`, or null. */
export function retryAfterOf(res) {
  return res.headers && typeof res.headers.get === "function" ? res.headers.get("retry-after") : null;
}

/**
 * Sends one request and reads the whole body under one timeout.
 * Resolves to [status, retryAfter | null, bodyText]; rejects with [kind, message] where
 * kind is "timeout", "aborted", "refused" (nothing was sent) or "network".
 */
export async function exchange(fetchFn, url, method, headers, body, timeoutMs, signal) {
  const init = { method, headers };
  if (body !== undefined && body !== null) init.body = body;
  const [res, text] = await request(fetchFn, url, init, timeoutMs, signal);
  return [res.status, retryAfterOf(res), text];
}

/** Waits `ms`; rejects with "aborted" as soon as `signal` fires. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject("aborted");
    const onAbort = () => { clearTimeout(timer); reject("aborted"); };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}

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

/**
 * Sends one request and reads its whole body under one timeout. Resolves to
 * `[response, bodyText]`; rejects with `[kind, message]` where kind is "timeout",
 * "aborted", "refused" (nothing was sent) or "network". `init` is fetch's; it is given a
 * `signal`.
 *
 * The timeout and the caller's `signal` end the exchange the moment they fire, whatever
 * fetch does, and cancel the request in flight. The AbortController that takes is the
 * dearest part of an exchange (about 2.5 µs in Node, see bench/percall.mjs), and leaving
 * a timed-out send to finish would be cheaper; but a timeout that keeps the connection
 * and the server's work going is not what `timeoutMs` promises, and a server that hangs
 * would then hold one socket per call for as long as it hangs.
 */
export function request(fetchFn, url, init, timeoutMs, signal) {
  return new Promise((resolve, reject) => {
    let over = false;
    const controller = new AbortController();
    init.signal = controller.signal;
    const end = () => {
      over = true;
      clearTimeout(timer);
      if (signal) signal.removeEventListener("abort", stop);
    };
    // The timer passes "timeout"; the signal's listener gets an Event: both end the exchange.
    function stop(why) {
      if (over) return;
      end();
      reject(why === "timeout" ? ["timeout", `no complete response within ${timeoutMs} ms`] : ["aborted", "the request was aborted"]);
      controller.abort();
    }
    const failed = (e) => {
      if (over) return;
      end();
      reject([refused(e) ? "refused" : "network", describe(e)]);
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
      if (over) return discard(res);
      try {
        Promise.resolve(res.text()).then((text) => {
          if (over) return;
          end();
          resolve([res, text]);
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

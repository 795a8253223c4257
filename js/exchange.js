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

/**
 * Sends one request and reads the whole body under one timeout.
 * Resolves to [status, retryAfter | null, bodyText]; rejects with [kind, message] where
 * kind is "timeout", "aborted", "refused" (nothing was sent) or "network".
 */
export async function exchange(fetchFn, url, method, headers, body, timeoutMs, signal) {
  const controller = new AbortController();
  let why = "";
  const timer = setTimeout(() => { why = why || "timeout"; controller.abort(); }, timeoutMs);
  const onAbort = () => { why = why || "aborted"; controller.abort(); };
  if (signal) {
    if (signal.aborted) onAbort(); else signal.addEventListener("abort", onAbort, { once: true });
  }
  try {
    const init = { method, headers, signal: controller.signal };
    if (body !== undefined && body !== null) init.body = body;
    if (why) throw new Error(why);
    const res = await (fetchFn ? fetchFn(url, init) : globalThis.fetch(url, init));
    const text = await res.text();
    const retryAfter = res.headers && typeof res.headers.get === "function" ? res.headers.get("retry-after") : null;
    return [res.status, retryAfter, text];
  } catch (e) {
    const cause = e && e.cause && e.cause.message ? ": " + e.cause.message : "";
    throw [why || (refused(e) ? "refused" : "network"), String((e && e.message) || e) + cause];
  } finally {
    clearTimeout(timer);
    if (signal) signal.removeEventListener("abort", onAbort);
  }
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

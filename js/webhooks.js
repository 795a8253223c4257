// The receiving API of whautomate (`whautomate/webhooks`): parseWebhookEvent,
// verifyWebhook, createWebhookHandler and createWebhookListener. A driver over the
// receiving engine (whautomate-wasm's `receive` build, loaded by the webhooks-* entry
// files through wasm-bindgen's generated glue, whautomate_webhooks.js): it reads requests
// and bodies, calls the application's onEvent, and writes the answers. What an event is,
// which secret matches, what to answer and which events were handled are the engine's
// (src/webhook: normalize, Receiver, WebhookSecret).
import { Endpoint, maxBodyBytes, onErrorWaitMs, parseEvent, secretHeader, verifySecret } from "./whautomate_webhooks.js";
import { WhautomateError, invalid, toError } from "./error.js";
import { encode, optionValue, unserialisable } from "./encode.js";
import { ready } from "./webhooks-engine.js";

// The engine's clock for how long an event has been in flight: monotonic, so that a wall
// clock stepped back or forward neither frees nor pins an event. (Not exchange.js's `now`:
// importing it brings that module's set-up into the receiving bundle, +0.2 KB gzip.)
const monotonic = typeof performance === "object" && performance && typeof performance.now === "function" ? () => performance.now() : () => Date.now();

export { WhautomateError };

// An engine call; what it throws (its error's JSON, a string) becomes a WhautomateError.
function engine(call) {
  try {
    return call();
  } catch (thrown) {
    if (typeof thrown === "string") throw new WhautomateError(JSON.parse(thrown));
    throw toError(thrown);
  }
}

const decoder = () => new TextDecoder("utf-8", { ignoreBOM: true });
const isBytes = (body) => body instanceof Uint8Array || body instanceof ArrayBuffer;

// The body as text, and the object it came as (if it came parsed). No more of it than one
// unit past the most the engine reads (it refuses a longer body, `too_long`, as an
// endpoint answers 413): a huge body is neither decoded nor copied into the engine whole.
// (A UTF-16 unit or a byte is at least a byte of UTF-8: what was cut is over the bound.)
function bodyText(body) {
  const cut = (text) => text.slice(0, maxBodyBytes() + 1);
  if (typeof body === "string") return { text: cut(body) };
  if (isBytes(body)) return { text: decoder().decode(new Uint8Array(body instanceof ArrayBuffer ? body : body.buffer, body.byteOffset || 0, Math.min(body.byteLength, maxBodyBytes() + 1))) };
  // Anything else goes to the engine as JSON, which refuses what is not an event object.
  // Plain JSON.stringify, not a message's markers: an event's fields are the sender's,
  // kept as JSON keeps them (NaN as null, a function left out), never a marker object.
  return { text: cut(encode(body, undefined, "body")), parsed: body };
}

// The WebhookEvent: the engine's normalized event, plus `raw`, the object as received.
function eventOf(event, text, parsed) {
  let raw = parsed;
  if (raw === undefined) {
    try {
      raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      // The engine read it as JSON and JSON.parse does not (a lone surrogate escape, say).
      throw invalid("body", "body is not JSON that JavaScript can read", "invalid_value");
    }
  }
  event.raw = raw;
  return event;
}

/**
 * `parseWebhookEvent(body)`: the event of a webhook delivery, from the request's text, its
 * bytes, or an object already parsed. Throws a WhautomateError (`invalid_input`, naming
 * the field) for a body that is no event, and nothing else.
 */
export function parseWebhookEvent(body) {
  ready();
  try {
    const { text, parsed } = bodyText(body);
    return eventOf(JSON.parse(engine(() => parseEvent(text))), text, parsed);
  } catch (e) {
    throw toError(e);
  }
}

// A header's value, from a `Headers` (or anything with `get`), or a plain object with
// lowercase names (Node's `req.headers`); a repeated header (an array) is no one value.
function headerOf(headers, name) {
  if (headers === null || typeof headers !== "object") throw invalid("headers", "headers must be a Headers object or an object of lowercase header names");
  let value;
  try {
    value = typeof headers.get === "function" ? headers.get(name) : Object.prototype.hasOwnProperty.call(headers, name) ? headers[name] : undefined;
  } catch {
    // What a getter, a get() or a Proxy threw is the caller's (it may hold anything, a
    // secret included): named by its kind, never quoted.
    throw invalid("headers", "headers cannot be read: a getter, get() or Proxy of it threw");
  }
  return typeof value === "string" ? value : undefined;
}

/**
 * `verifyWebhook(headers, { name, value })`: whether the request carries the secret
 * header, compared in constant time. Throws a WhautomateError for a bad `secret`.
 */
export function verifyWebhook(headers, secret) {
  ready();
  try {
    const json = encode(secret, optionValue, "secret");
    const name = engine(() => secretHeader(json));
    return engine(() => verifySecret(json, headerOf(headers, name)));
  } catch (e) {
    throw toError(e);
  }
}

// One endpoint: the engine's Receiver and the application's functions.
function endpointOf(options) {
  ready();
  if (options === null || typeof options !== "object") throw invalid("", "options must be an object with at least onEvent", "required");
  let given;
  try {
    given = { ...options };
  } catch (e) {
    // A getter that threw: named by its kind, never quoted (its text is the caller's).
    throw unserialisable(e, "options");
  }
  const endpoint = engine(() => new Endpoint(encode(given, optionValue, "options")));
  return { endpoint, onEvent: given.onEvent, onError: given.onError, secret: endpoint.secretHeader(), limit: maxBodyBytes(), errorWait: onErrorWaitMs() };
}

// Waits for `pending` (whatever it is), at most `ms`; never rejects.
function settledWithin(pending, ms) {
  let timer;
  return Promise.race([
    Promise.resolve(pending).then(
      () => {},
      () => {},
    ),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]).finally(() => clearTimeout(timer));
}

// One delivery, whatever the server: `request` gives the method, a header's value, and
// the body read up to a limit (undefined when it went over). Returns the answer.
async function deliver({ endpoint, onEvent, onError, secret, limit, errorWait }, request) {
  const secretValue = secret === undefined ? undefined : request.header(secret);
  const early = endpoint.screen(request.method, secretValue, request.header("content-length"));
  if (early !== undefined) return JSON.parse(early);
  const body = await request.read(limit);
  if (body.text === undefined) return JSON.parse(endpoint.tooLarge());
  const reception = JSON.parse(endpoint.receive(secretValue, body.text, monotonic()));
  if (reception.id === undefined) return reception;
  let event;
  try {
    event = eventOf(reception.event, body.text, body.parsed);
    await onEvent(event);
  } catch (error) {
    // The answer is decided (500) and the event let go before onError runs, so that
    // neither a failing onError nor one that never settles holds back the sender's retry;
    // the answer waits for it a bounded time (ON_ERROR_WAIT_MS), for its own I/O.
    const status = endpoint.settle(reception.id, reception.since, false);
    if (typeof onError === "function") {
      let pending;
      try {
        pending = onError(error, event);
      } catch {
        // The answer is already decided; a failing onError changes nothing.
      }
      await settledWithin(pending, errorWait);
    }
    return { status, reason: "onEvent failed", headers: {} };
  }
  return { status: endpoint.settle(reception.id, reception.since, true), reason: "handled", headers: {} };
}

// The answer when the driver itself failed (the request's body stream broke, the engine
// trapped): 500, so that the sender retries; never a rejection in place of an answer.
const driverFailed = { status: 500, reason: "the request could not be read or handled", headers: {} };

// Reads a Web stream up to `limit` bytes; undefined past it (and the rest is not read).
async function readLimited(stream, limit) {
  if (stream === null || stream === undefined) return "";
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return textOf(chunks, total);
}

// The UTF-8 text of `chunks` (Uint8Arrays, `total` bytes in all).
function textOf(chunks, total) {
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return decoder().decode(bytes);
}

/**
 * `createWebhookHandler({ secret?, onEvent, onError?, dedupe? })`: a fetch-style handler,
 * `(request: Request) => Promise<Response>`, for Workers, Deno, Bun and any server that
 * speaks `Request`. 200 handled or a duplicate `event.id`; 401 wrong or missing secret;
 * 400 a body that is no event; 405 not a POST; 413 a body over 1 MiB (not read past it);
 * 500 onEvent failed (the event is not remembered, so the sender's retry is handled).
 */
export function createWebhookHandler(options) {
  const state = endpointOf(options);
  return async function handleWebhook(request) {
    let answer;
    try {
      answer = await deliver(state, {
        method: request.method,
        header: (name) => request.headers.get(name) ?? undefined,
        read: async (limit) => ({ text: await readLimited(request.body, limit) }),
      });
    } catch {
      answer = driverFailed;
    }
    return new Response(answer.reason, { status: answer.status, headers: { "content-type": "text/plain; charset=utf-8", ...answer.headers } });
  };
}

// Reads a Node request up to `limit` bytes; undefined past it (the rest is drained, not kept).
function readNode(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let total = 0;
    const onData = (chunk) => {
      total += chunk.length;
      if (total > limit) {
        req.off("data", onData);
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => {
      // (Node's chunks are Buffers, which are Uint8Arrays: no need of the global Buffer,
      // which browser bundlers would polyfill.)
      if (total <= limit) resolve(textOf(chunks, total));
    });
    req.once("error", reject);
  });
}

/**
 * `createWebhookListener({ secret?, onEvent, onError?, dedupe? })`: the same endpoint as a
 * Node `(req, res)` listener, for `http.createServer(listener)` and Express
 * (`app.post("/webhooks", listener)`; a body an Express parser already read is used).
 */
export function createWebhookListener(options) {
  const state = endpointOf(options);
  return function webhookListener(req, res) {
    // Anything but a request (a test's null, say) is answered as one that could not be
    // read, never with a TypeError thrown at the server.
    if (req === null || typeof req !== "object") {
      res.writeHead(driverFailed.status, { "content-type": "text/plain; charset=utf-8" });
      return void res.end(driverFailed.reason);
    }
    const header = (name) => headerOf(req.headers, name);
    const read = async (limit) => {
      // A body an earlier middleware read: Express's parsers leave it on req.body (a raw
      // one as a Buffer). Only once the stream was read: a parser that skipped the
      // request (body-parser, for a Content-Type it does not take) sets req.body to {}
      // and leaves the stream unread, and that {} is not the body.
      if (req.readableEnded) {
        if (req.body === undefined) throw new Error("the body was read by an earlier middleware that kept no req.body");
        return bodyText(req.body);
      }
      return { text: await readNode(req, limit) };
    };
    const send = (answer) => {
      // An answer already given (a timeout middleware's 503 while onEvent ran) leaves
      // nothing to write, and writing must never throw at the server: Node and Deno end
      // the process on the unhandled rejection.
      try {
        if (res.headersSent || res.writableEnded) return;
        // The engine's `connection: close` (a refusal that may leave the body unread): over
        // HTTP/1 the header; over HTTP/2, which has no such header (Node warns of one),
        // the stream reset once the answer is out. (CANCEL, 8: with NO_ERROR, which RFC
        // 9113 §8.1 names for this, Node's own HTTP/2 client never closed its side.)
        const { connection, ...headers } = answer.headers;
        const http2 = req.httpVersionMajor >= 2;
        res.writeHead(answer.status, { "content-type": "text/plain; charset=utf-8", ...headers, ...(connection && !http2 ? { connection } : {}) });
        res.end(answer.reason, connection && http2 ? () => res.stream?.close(8) : undefined);
      } catch {
        /* the response is the server's to finish */
      }
    };
    deliver(state, { method: req.method, header, read }).then(send, () => send(driverFailed));
  };
}

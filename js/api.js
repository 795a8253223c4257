// The public JavaScript API of whautomate (see README). A thin layer over the wasm
// engine (js/engine.js): it turns values into JSON for the engine, engine errors into
// WhautomateError, adds the per-channel helpers and the history iterator, and performs
// the I/O. Every decision (validation, routing, request building, rate limit, whether and
// when to retry, what an outcome means) is the engine's: the driver in #call asks it
// after each attempt. A send is two calls into wasm: one that validates and builds the
// request, one that judges the response.
import { DONE, ERROR, failure as engineFailure, outA, outB, put, wasm } from "./engine.js";
import { request, retryAfterOf, sleep } from "./exchange.js";
// afterResponse's answer when it needs the Retry-After header to decide (read only then:
// a successful send never needs it), and the header length that says "not read yet".
const ASK = -3;
const UNREAD = -2;

const CHANNELS = ["whatsapp", "telegram", "instagram", "messenger"];
const KINDS = { sendText: "text", sendMedia: "media", sendTemplate: "template" };
// How an exchange failed, as the engine numbers it (src/wasm/driver.rs).
const FAILURE = { refused: 0, network: 1, timeout: 2, aborted: 3 };
const ABORTED_BEFORE_SENDING = 4;

// Engine-side clients and history walks outlive no JS object: freed when it is collected.
const track = (free) => (typeof FinalizationRegistry === "function" ? new FinalizationRegistry(free) : { register() {}, unregister() {} });
// (Looked up when called: this module is evaluated before the entry file starts the engine.)
const clients = track((handle) => wasm.clientFree(handle));
const walks = track((handle) => wasm.walkFree(handle));

/** Every failure of the SDK. `instanceof WhautomateError` works; `code` is stable. */
export class WhautomateError extends Error {
  constructor(fields) {
    super(fields.message);
    this.name = "WhautomateError";
    this.code = fields.code;
    this.status = fields.status;
    this.violations = fields.violations || [];
    this.field = fields.field;
    this.body = parseBody(fields.body);
    this.retryable = Boolean(fields.retryable);
    this.mayHaveBeenSent = Boolean(fields.mayHaveBeenSent);
    if (fields.retryAfterMs !== undefined) this.retryAfterMs = fields.retryAfterMs;
  }

  toJSON() {
    const { name, code, message, status, violations, field, body, retryable, mayHaveBeenSent, retryAfterMs } = this;
    return { name, code, message, status, violations, field, body, retryable, mayHaveBeenSent, retryAfterMs };
  }
}

function parseBody(body) {
  if (body === undefined || body === "") return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function invalid(field, message, code = "invalid_type") {
  return new WhautomateError({ code: "invalid_input", message, field, violations: [{ field, code, message }] });
}

// The error an engine call reported (it returned ERROR; its JSON is the first output).
const engineError = () => new WhautomateError(engineFailure());

function toError(thrown) {
  if (thrown instanceof WhautomateError) return thrown;
  return invalid("", `unexpected failure: ${describeError(thrown)}`, "internal");
}

// JSON text of a user value. Dates become ISO strings (Date#toJSON); values JSON cannot
// hold (cycles, BigInt, throwing getters) become invalid_input instead of a TypeError.
function encode(value, what) {
  let json;
  try {
    json = JSON.stringify(value === undefined ? null : value);
  } catch (e) {
    throw invalid("", `${what} cannot be serialised: ${describeError(e)}`);
  }
  // Functions, Symbols and a toJSON() returning undefined have no JSON form at all.
  if (typeof json !== "string") throw invalid("", `${what} must be an object, not ${typeof value}`);
  return json;
}

function signalOf(options, what) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object") throw invalid("", `${what} options must be an object`);
  const { signal } = options;
  if (signal !== undefined && (signal === null || typeof signal !== "object" || typeof signal.aborted !== "boolean")) {
    throw invalid("signal", "signal must be an AbortSignal");
  }
  return signal;
}

function historyArgs(contactId, options, what) {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw invalid("", `${what} options must be an object`);
  }
  const { signal, ...query } = options || {};
  return [encode({ contactId, ...query }, what), signalOf({ signal }, what)];
}

/** `validate(message)`: `[]`, or every violation as `{ field, code, message }`. */
export function validate(message) {
  let json;
  try {
    json = encode(message, "message");
  } catch (e) {
    return e.violations;
  }
  wasm.validate(put(json), Date.now());
  return JSON.parse(outA());
}

/** The SDK version. */
export function version() {
  wasm.version();
  return outA();
}

/** A Whautomate Messages API client. See the README for every option. */
export class Whautomate {
  #client; // the engine's handle
  #fetch;
  #sendHeaders; // built by the engine once
  #readHeaders;
  #timeoutMs;
  #limited;

  constructor(options) {
    let client;
    try {
      if (options === null || typeof options !== "object" || Array.isArray(options)) {
        throw invalid("", "options must be an object with at least apiKey", "required");
      }
      const { fetch, ...rest } = options;
      if (fetch !== undefined && typeof fetch !== "function") throw invalid("fetch", "fetch must be a function");
      client = wasm.clientNew(put(encode(rest, "options")), Date.now());
      if (client === ERROR) throw engineError();
      this.#fetch = fetch;
    } catch (e) {
      throw toError(e);
    }
    this.#client = client;
    clients.register(this, client);
    if (wasm.clientConfig(client) === ERROR) throw engineError();
    const config = JSON.parse(outA());
    this.#sendHeaders = config.send;
    this.#readHeaders = config.read;
    this.#timeoutMs = config.timeoutMs;
    this.#limited = config.rateLimited;
    for (const channel of CHANNELS) this[channel] = channelApi(this, channel);
    this.messages = Object.freeze({
      list: (contactId, opts) => this.#list(contactId, opts),
      iterate: (contactId, opts) => this.#iterate(contactId, opts),
    });
    Object.freeze(this);
  }

  /** Sends one message; resolves to `{ success: true }`. */
  async send(message, options) {
    try {
      const signal = signalOf(options, "send");
      const url = this.#wire(message);
      await this.#call(true, url, outB(), signal);
      return { success: true };
    } catch (e) {
      throw toError(e);
    }
  }

  /**
   * Sends many messages: validates all first (invalid ones are reported, never sent), then
   * sends the rest with at most `concurrency` in flight, under the rate limit. Resolves to
   * one result per input, in input order: `sent`, `failed` (certainly not delivered) or
   * `unknown` (may have been delivered; never resent).
   */
  async sendMany(messages, options) {
    try {
      if (!Array.isArray(messages)) throw invalid("", "messages must be an array of messages");
      const signal = signalOf(options, "sendMany");
      const { concurrency = 8, onProgress } = options || {};
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024) {
        throw invalid("concurrency", "concurrency must be a whole number from 1 to 1024", "out_of_range");
      }
      if (onProgress !== undefined && typeof onProgress !== "function") throw invalid("onProgress", "onProgress must be a function");
      const total = messages.length;
      const results = new Array(total);
      const counts = { sent: 0, failed: 0, unknown: 0 };
      const settle = (index, status, error) => {
        results[index] = error ? { index, status, error } : { index, status };
        counts[status]++;
      };
      const queue = [];
      for (let i = 0; i < total; i++) {
        try {
          const url = this.#wire(messages[i]);
          queue.push([i, url, outB()]);
        } catch (e) {
          settle(i, "failed", toError(e));
        }
      }
      const progress = () => {
        if (!onProgress) return;
        const done = counts.sent + counts.failed + counts.unknown;
        try {
          onProgress({ total, ...counts, pending: total - done });
        } catch {
          /* a failing progress callback must not stop the campaign */
        }
      };
      let next = 0;
      const worker = async () => {
        while (next < queue.length && !(signal && signal.aborted)) {
          const [index, url, body] = queue[next++];
          try {
            await this.#call(true, url, body, signal);
            settle(index, "sent");
          } catch (e) {
            const error = toError(e);
            settle(index, error.mayHaveBeenSent ? "unknown" : "failed", error);
          }
          progress();
        }
      };
      const ticker = setInterval(progress, 1000);
      try {
        await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
      } finally {
        clearInterval(ticker);
      }
      // Cancelled: whatever never started was certainly not sent.
      for (; next < queue.length; next++) {
        settle(queue[next][0], "failed", new WhautomateError({ code: "aborted", message: "cancelled before it was sent", retryable: true, mayHaveBeenSent: false }));
      }
      progress();
      return { results, ...counts };
    } catch (e) {
      throw toError(e);
    }
  }

  /** The request `send` would make, `{ method, url, headers, body }`; sends nothing. */
  prepare(message) {
    try {
      const url = this.#wire(message);
      return { method: "POST", url, headers: { ...this.#sendHeaders }, body: outB() };
    } catch (e) {
      throw toError(e);
    }
  }

  // Validates and builds the send of `message` in one engine call: returns the URL and
  // leaves the body as the engine's second output, for the caller to take (outB()) before
  // the next engine call.
  #wire(message) {
    if (wasm.send(this.#client, put(encode(message, "message")), Date.now()) === ERROR) throw engineError();
    return outA();
  }

  // The engine's verdict after a response. Retry-After is read only when the engine asks
  // for it (never for a successful send); it is then written after the body, in one write
  // with it so that growing the input buffer cannot lose the body.
  #afterResponse(isSend, attempt, res, text) {
    const now = Date.now(), random = Math.random();
    const len = put(text);
    const verdict = wasm.afterResponse(this.#client, isSend, attempt, res.status, len, UNREAD, now, random);
    if (verdict !== ASK) return verdict;
    const retryAfter = retryAfterOf(res);
    const retryLen = retryAfter === null ? -1 : put(text + retryAfter) - len;
    return wasm.afterResponse(this.#client, isSend, attempt, res.status, len, retryLen, now, random);
  }

  // The error of an attempt aborted before anything of it was sent.
  #abortedBeforeSending(isSend, attempt) {
    wasm.afterFailure(this.#client, isSend, attempt, ABORTED_BEFORE_SENDING, 0, 0, 0);
    return engineError();
  }

  // One call, every attempt included; resolves to the body of the successful response.
  // Rejects with a WhautomateError.
  async #call(isSend, url, body, signal) {
    const client = this.#client;
    const fetch = this.#fetch;
    const headers = isSend ? this.#sendHeaders : this.#readHeaders;
    for (let attempt = 0; ; attempt++) {
      if (this.#limited) {
        const wait = wasm.reserve(client, Date.now());
        if (wait > 0) {
          try {
            await sleep(wait, signal);
          } catch {
            wasm.release(client, Date.now());
            throw this.#abortedBeforeSending(isSend, attempt);
          }
        }
      }
      if (signal && signal.aborted) throw this.#abortedBeforeSending(isSend, attempt);
      // A caller's fetch gets its own headers object each time (it may add to it).
      const init = { method: isSend ? "POST" : "GET", headers: fetch ? { ...headers } : headers };
      if (body !== undefined) init.body = body;
      let verdict, text;
      try {
        const answer = await request(fetch, url, init, this.#timeoutMs, signal);
        text = answer[1];
        verdict = this.#afterResponse(isSend, attempt, answer[0], text);
      } catch (failure) {
        if (!Array.isArray(failure)) throw failure;
        const kind = FAILURE[failure[0]] ?? FAILURE.network;
        verdict = wasm.afterFailure(client, isSend, attempt, kind, put(String(failure[1])), Date.now(), Math.random());
      }
      if (verdict === DONE) return text;
      if (verdict === ERROR) throw engineError();
      try {
        await sleep(verdict, signal);
      } catch {
        throw this.#abortedBeforeSending(isSend, attempt);
      }
    }
  }

  async #list(contactId, options) {
    try {
      const [args, signal] = historyArgs(contactId, options, "list");
      if (wasm.history(this.#client, put(args)) === ERROR) throw engineError();
      return JSON.parse(await this.#call(false, outA(), undefined, signal));
    } catch (e) {
      throw toError(e);
    }
  }

  #iterate(contactId, options) {
    let walk, signal;
    try {
      const [args, sig] = historyArgs(contactId, options, "iterate");
      signal = sig;
      walk = wasm.walk(this.#client, put(args));
      if (walk === ERROR) throw engineError();
    } catch (e) {
      throw toError(e);
    }
    const call = (url) => this.#call(false, url, undefined, signal);
    const token = {};
    const pages = (async function* pages() {
      try {
        while (wasm.walkNext(walk) !== DONE) {
          const url = outA();
          let page;
          try {
            page = JSON.parse(await call(url));
          } catch (e) {
            throw toError(e);
          }
          wasm.walkRecord(walk, page.length);
          yield* page;
        }
      } finally {
        walks.unregister(token);
        wasm.walkFree(walk);
      }
    })();
    // A walk that is never run to its end (or never started) is freed with its iterator.
    walks.register(pages, walk, token);
    return pages;
  }

  toJSON() {
    return { type: "Whautomate" };
  }
}

function channelApi(client, channel) {
  const api = {};
  for (const [method, type] of Object.entries(KINDS)) {
    api[method] = (message, options) => {
      let routed;
      try {
        routed = route(message, channel, method, type);
      } catch (e) {
        return Promise.reject(e instanceof WhautomateError ? e : invalid("", `message cannot be read: ${describeError(e)}`));
      }
      return client.send(routed, options);
    };
  }
  return Object.freeze(api);
}

// Fills in channel and type. Reading the caller's object may run getters or Proxy traps
// that throw; the caller turns that into invalid_input.
function route(message, channel, method, type) {
  if (message === null || typeof message !== "object" || Array.isArray(message)) return message;
  const given = message.channel;
  if (given !== undefined && given !== channel) {
    throw invalid("channel", `${channel}.${method} cannot send a message whose channel is ${describeValue(given)}`, "invalid_value");
  }
  const givenType = message.type;
  if (givenType !== undefined && givenType !== type) {
    throw invalid("type", `${channel}.${method} sends type "${type}", not ${describeValue(givenType)}`, "invalid_value");
  }
  // Spread after the literal: V8 clones that shape on a fast path, where adding the two
  // fields after a spread builds a slow dictionary object (about 1 µs per send). The
  // spread may bring the caller's own channel/type back (undefined, or a getter that
  // answers differently the second time), so they are set again if they differ.
  const routed = { channel, type, ...message };
  if (routed.channel !== channel || routed.type !== type) {
    routed.channel = channel;
    routed.type = type;
  }
  return routed;
}

const describeValue = (v) => (typeof v === "string" ? JSON.stringify(v) : typeof v);
const describeError = (e) => {
  try {
    return e && typeof e.message === "string" ? e.message : typeof e;
  } catch {
    return typeof e;
  }
};

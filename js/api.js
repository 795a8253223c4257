// The public JavaScript API of whautomate (see README). A thin layer over the wasm
// engine: it turns values into JSON for the engine, engine errors into WhautomateError,
// adds the per-channel helpers and the history iterator, and performs the I/O. Every
// decision (validation, routing, request building, rate limit, whether and when to
// retry, what an outcome means) is the engine's: the driver in #call asks it after each
// attempt. One send is a few synchronous calls into wasm, and no Rust future.
import { WasmClient, validateJson, version as wasmVersion } from "./whautomate.js";
import { exchange, sleep } from "./exchange.js";

const CHANNELS = ["whatsapp", "telegram", "instagram", "messenger"];
const KINDS = { sendText: "text", sendMedia: "media", sendTemplate: "template" };
// How an exchange failed, as the engine numbers it (src/wasm/driver.rs).
const FAILURE = { refused: 0, network: 1, timeout: 2, aborted: 3 };
const ABORTED_BEFORE_SENDING = 4;

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

// Engine errors arrive as the JSON text of their fields.
function toError(thrown) {
  if (thrown instanceof WhautomateError) return thrown;
  if (typeof thrown === "string" && thrown.startsWith("{")) {
    try {
      return new WhautomateError(JSON.parse(thrown));
    } catch {
      /* fall through */
    }
  }
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
  return JSON.parse(validateJson(json));
}

/** The SDK version. */
export function version() {
  return wasmVersion();
}

/** A Whautomate Messages API client. See the README for every option. */
export class Whautomate {
  #engine;
  #fetch;
  #headers; // [send headers, read headers], built by the engine once
  #timeoutMs;
  #limited;

  constructor(options) {
    try {
      if (options === null || typeof options !== "object" || Array.isArray(options)) {
        throw invalid("", "options must be an object with at least apiKey", "required");
      }
      const { fetch, ...rest } = options;
      if (fetch !== undefined && typeof fetch !== "function") throw invalid("fetch", "fetch must be a function");
      this.#engine = new WasmClient(encode(rest, "options"));
      this.#fetch = fetch;
    } catch (e) {
      throw toError(e);
    }
    this.#headers = [JSON.parse(this.#engine.wireHeaders(true)), JSON.parse(this.#engine.wireHeaders(false))];
    this.#timeoutMs = this.#engine.timeoutMs();
    this.#limited = this.#engine.rateLimited();
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
      const [url, body] = this.#wireSend(message);
      await this.#call(true, url, body, signal);
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
          queue.push([i, ...this.#wireSend(messages[i])]);
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
      return JSON.parse(this.#engine.prepare(encode(message, "message")));
    } catch (e) {
      throw toError(e);
    }
  }

  // [url, body] of the send of `message` (the engine joins them with a NUL, which
  // neither a percent-encoded URL nor JSON text can hold).
  #wireSend(message) {
    const wire = this.#engine.wireSend(encode(message, "message"));
    const cut = wire.indexOf("\0");
    return [wire.slice(0, cut), wire.slice(cut + 1)];
  }

  // One call, every attempt included; resolves to the body of the successful response.
  // Engine errors (JSON text) and WhautomateErrors propagate; the caller converts.
  async #call(isSend, url, body, signal) {
    const engine = this.#engine;
    // A caller's fetch gets its own headers object each time (it may add to it).
    const headers = () => (this.#fetch ? { ...this.#headers[isSend ? 0 : 1] } : this.#headers[isSend ? 0 : 1]);
    for (let attempt = 0; ; attempt++) {
      if (this.#limited) {
        const wait = engine.reserve(Date.now());
        if (wait > 0) {
          try {
            await sleep(wait, signal);
          } catch {
            engine.release(Date.now());
            engine.afterFailure(isSend, attempt, ABORTED_BEFORE_SENDING, "", 0, 0); // throws
          }
        }
      }
      if (signal && signal.aborted) engine.afterFailure(isSend, attempt, ABORTED_BEFORE_SENDING, "", 0, 0); // throws
      let wait;
      try {
        const [status, retryAfter, text] = await exchange(this.#fetch, url, isSend ? "POST" : "GET", headers(), body, this.#timeoutMs, signal);
        wait = engine.afterResponse(isSend, attempt, status, retryAfter, text, Date.now(), Math.random());
        if (wait < 0) return text;
      } catch (failure) {
        if (!Array.isArray(failure)) throw failure;
        wait = engine.afterFailure(isSend, attempt, FAILURE[failure[0]] ?? FAILURE.network, String(failure[1]), Date.now(), Math.random());
      }
      try {
        await sleep(wait, signal);
      } catch {
        engine.afterFailure(isSend, attempt, ABORTED_BEFORE_SENDING, "", 0, 0); // throws
      }
    }
  }

  async #list(contactId, options) {
    try {
      const [args, signal] = historyArgs(contactId, options, "list");
      return JSON.parse(await this.#call(false, this.#engine.wireHistory(args), undefined, signal));
    } catch (e) {
      throw toError(e);
    }
  }

  #iterate(contactId, options) {
    let walk, signal;
    try {
      const [args, sig] = historyArgs(contactId, options, "iterate");
      signal = sig;
      walk = this.#engine.walk(args);
    } catch (e) {
      throw toError(e);
    }
    const call = (url) => this.#call(false, url, undefined, signal);
    return (async function* pages() {
      try {
        for (let url = walk.nextUrl(); url !== undefined; url = walk.nextUrl()) {
          let page;
          try {
            page = JSON.parse(await call(url));
          } catch (e) {
            throw toError(e);
          }
          walk.record(page.length);
          yield* page;
        }
      } finally {
        walk.free();
      }
    })();
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
  return { ...message, channel, type };
}

const describeValue = (v) => (typeof v === "string" ? JSON.stringify(v) : typeof v);
const describeError = (e) => {
  try {
    return e && typeof e.message === "string" ? e.message : typeof e;
  } catch {
    return typeof e;
  }
};

// The public JavaScript API of whautomate (see README). A thin layer over the wasm
// engine: it turns values into JSON for the engine, engine errors into WhautomateError,
// and adds the per-channel helpers and the history iterator. All rules, validation,
// retries and request building happen in Rust.
import { WasmClient, validateJson, version as wasmVersion } from "./whautomate.js";

const CHANNELS = ["whatsapp", "telegram", "instagram", "messenger"];
const KINDS = { sendText: "text", sendMedia: "media", sendTemplate: "template" };

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

  constructor(options) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      throw invalid("", "options must be an object with at least apiKey", "required");
    }
    const { fetch, ...rest } = options;
    if (fetch !== undefined && typeof fetch !== "function") throw invalid("fetch", "fetch must be a function");
    try {
      this.#engine = new WasmClient(encode(rest, "options"), fetch);
    } catch (e) {
      throw toError(e);
    }
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
      await this.#engine.send(encode(message, "message"), signalOf(options, "send"));
      return { success: true };
    } catch (e) {
      throw toError(e);
    }
  }

  /**
   * Sends many messages: validates all first (invalid ones are reported `failed` and
   * never sent), then sends the rest under the rate limit with at most `concurrency`
   * in flight. Resolves to `{ results, sent, failed, unknown }` with one result per
   * input, in input order: `{ index, status: "sent" }`, or `{ index, status: "failed" |
   * "unknown", error }` (`unknown`: may have been delivered; never resent). Rejects only
   * for bad arguments. `onProgress({ total, sent, failed, unknown, pending })` runs after
   * every completion and at least once a second; what it throws is ignored. `signal`
   * stops new sends; every input still gets its result.
   */
  async sendMany(messages, options) {
    try {
      if (!Array.isArray(messages)) throw invalid("", "messages must be an array of messages");
      const signal = signalOf(options, "sendMany");
      const { concurrency = 8, onProgress } = options || {};
      if (typeof concurrency !== "number") throw invalid("concurrency", "concurrency must be a number");
      if (onProgress !== undefined && typeof onProgress !== "function") throw invalid("onProgress", "onProgress must be a function");
      // One JSON text per message, so that one message JSON cannot hold fails alone.
      const encoded = [];
      const unencodable = new Map();
      for (let i = 0; i < messages.length; i++) {
        try {
          encoded.push(encode(messages[i], "message"));
        } catch (e) {
          encoded.push(null);
          unencodable.set(i, toError(e));
        }
      }
      const report = onProgress && ((p) => { try { onProgress(p); } catch { /* ignored */ } });
      const results = JSON.parse(await this.#engine.sendMany(encoded, concurrency, report, signal));
      const counts = { sent: 0, failed: 0, unknown: 0 };
      for (const r of results) {
        counts[r.status]++;
        if (r.error) r.error = unencodable.get(r.index) || new WhautomateError(r.error);
      }
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

  async #list(contactId, options) {
    try {
      const [args, signal] = historyArgs(contactId, options, "list");
      return JSON.parse(await this.#engine.list(args, signal));
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
    return (async function* pages() {
      try {
        for (;;) {
          let page;
          try {
            page = await walk.next(signal);
          } catch (e) {
            throw toError(e);
          }
          if (page === undefined) return;
          yield* JSON.parse(page);
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

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
  return invalid("", `unexpected failure: ${thrown && thrown.message ? thrown.message : String(thrown)}`, "internal");
}

// JSON text of a user value. Dates become ISO strings (Date#toJSON); values JSON cannot
// hold (cycles, BigInt, throwing getters) become invalid_input instead of a TypeError.
function encode(value, what) {
  let json;
  try {
    json = JSON.stringify(value === undefined ? null : value);
  } catch (e) {
    throw invalid("", `${what} cannot be serialised: ${e && e.message ? e.message : e}`);
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
      if (message !== null && typeof message === "object" && !Array.isArray(message)) {
        if (message.channel !== undefined && message.channel !== channel) {
          return Promise.reject(invalid("channel", `${channel}.${method} cannot send a ${message.channel} message`, "invalid_value"));
        }
        if (message.type !== undefined && message.type !== type) {
          return Promise.reject(invalid("type", `${channel}.${method} sends type "${type}", not "${message.type}"`, "invalid_value"));
        }
        return client.send({ ...message, channel, type }, options);
      }
      return client.send(message, options);
    };
  }
  return Object.freeze(api);
}

// WhautomateError, the one error class of the package, shared by its two engines' APIs
// (js/api.js for sending, js/webhooks.js for receiving), so that `instanceof
// WhautomateError` holds whichever entry threw it.

/** Every failure of the SDK. `instanceof WhautomateError` works; `code` is stable. */
export class WhautomateError extends Error {
  // (Made by a caller too, for tests: without fields, an error with no message rather
  // than a TypeError.)
  constructor(fields = {}) {
    super(fields.message);
    this.name = "WhautomateError";
    this.code = fields.code;
    this.status = fields.status;
    // A copy: the array a driver hands over may be shared (the protocol's error for a
    // failed driver is one object per kind of call), and a caller may change its own.
    this.violations = Array.from(fields.violations || []);
    this.field = fields.field;
    this.body = parseBody(fields.body);
    this.retryable = Boolean(fields.retryable);
    this.mayHaveBeenSent = Boolean(fields.mayHaveBeenSent);
    if (fields.retryAfterMs !== undefined) this.retryAfterMs = fields.retryAfterMs;
  }

  // { name, code, message, status, violations, field, body, retryable, mayHaveBeenSent,
  // retryAfterMs }: `message` is no enumerable property of an Error, so it is put in by
  // name, after the two fields that come first (a key keeps its place when the spread
  // writes it again).
  toJSON() {
    return { name: this.name, code: this.code, message: this.message, ...this };
  }
}

// The server's error body, as the engine kept it (capped, the API key redacted in every
// form that decodes to it): parsed when it is JSON.
function parseBody(body) {
  if (body === undefined || body === "") return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

export function invalid(field, message, code = "invalid_type") {
  return new WhautomateError({ code: "invalid_input", message, field, violations: [{ field, code, message }] });
}

// What was thrown, named by its kind only: its text is never quoted, since it may come
// from the caller's code (a getter of a message, a Proxy's trap, a length's valueOf) and
// hold anything, the API key included.
// (`instanceof` runs a Proxy's getPrototypeOf trap, which may throw: then its kind is
// `typeof`'s.)
export function toError(thrown) {
  let kind = typeof thrown;
  try {
    if (thrown instanceof WhautomateError) return thrown;
    kind = thrown instanceof TypeError ? "TypeError" : thrown instanceof RangeError ? "RangeError" : thrown instanceof Error ? "Error" : kind;
  } catch {}
  return invalid("", `unexpected failure: ${kind} thrown`, "internal");
}

/** A thrown value's message, capped (for a failed load of the engine, which no caller's code throws into); never throws. */
export const describeError = (e) => {
  try {
    return e && typeof e.message === "string" ? e.message.slice(0, 200) : typeof e;
  } catch {
    return typeof e;
  }
};

/** Why an API call found no engine at all: no entry file ran (engine.js and webhooks-engine.js `ready`). */
export const NOT_STARTED = 'whautomate: no engine started: package.json "exports" unread (Parcel: "packageExports": true)';

/** Whether a failed start was the `.wasm` download's: fetch's TypeError, or the glue's HTTP status. */
export const downloadFailed = (e) => e instanceof TypeError || /^failed to fetch Wasm/.test(describeError(e));

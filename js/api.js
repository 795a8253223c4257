// The public JavaScript API of whautomate (see README). A thin layer over the wasm
// engine (js/engine.js): it turns values into JSON for the engine, engine errors into
// WhautomateError, adds the per-channel helpers and the history iterator, and performs
// the I/O. Every decision (validation, options, routing, request building, rate limit,
// whether and when to retry, what an outcome means) is the engine's: the driver in
// #call reports what happened after each attempt and asks it what follows. A send is two
// calls into wasm: one that validates and builds the request, one that judges the response.
//
// Every object a caller hands in is read once, by its own enumerable properties only
// (`{ ...value }`, JSON.stringify): an inherited `fetch` or `signal` (say, one set on
// Object.prototype) is never picked up.
import { ASK, CALLS, DONE, DRIVER_FAILED, ERROR, PARSE, UNREAD, VERSION, extras, failure as engineFailure, outA, outB, put, put2, put3, ready, wasm } from "./engine.js";
import { fetchInit, isAborted, now as monotonic, readUrl, request, retryAfterOf, sleep } from "./exchange.js";
import { WhautomateError, invalid, toError } from "./error.js";
import { encode, isAbortController, isAbortSignal, messageValue, optionValue, tag } from "./encode.js";

export { WhautomateError };


// Engine-side clients and history walks outlive no JS object: freed when it is collected.
const track = (free) => (typeof FinalizationRegistry === "function" ? new FinalizationRegistry(free) : { register() {}, unregister() {} });
// (Looked up when called: this module is evaluated before the entry file starts the engine.)
const clients = track((handle) => wasm.clientFree(handle));
const walks = track(([x, handle]) => x.wasm.walkFree(handle));

const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

// A history message's id as text: "" (unknown) when it is no string, or a number JSON.parse
// may have rounded (beyond 2^53, neighbours read alike).
const idOf = (message) => {
  const id = message?.id;
  return typeof id === "string" ? id : Number.isSafeInteger(id) ? String(id) : "";
};

// The error an engine call reported (it returned ERROR; its JSON is the first output).
const engineError = () => new WhautomateError(engineFailure());



// A caller's options object, read once (own enumerable properties, each getter once), so
// that what the engine checked is what the driver uses. Anything else is kept as it is
// for the engine to refuse.
// (Into an object without a prototype: reading `signal` off it must not find one on
// Object.prototype either.)
// Anything but a plain options object (an AbortSignal, an AbortController, a Map) is kept
// as it is, for the engine to refuse by name.
const snapshot = (options) =>
  options !== null && typeof options === "object" && !Array.isArray(options) && !isAbortSignal(options) && !isAbortController(options) && !/^\[object (Map|Set)\]$/.test(tag(options))
    ? Object.assign(Object.create(null), options)
    : options;

// What JSON.parse makes of an answer's text, and the facts the engine judges it by:
// [value, [parsed, isArray, isObject, firstNonObject]] (firstNonObject: the index of an
// array's first element that is not a plain object, else -1).
function parseFacts(text) {
  let value, parsed = true;
  try {
    value = JSON.parse(text);
  } catch {
    parsed = false;
  }
  const isArray = Array.isArray(value);
  const firstNonObject = isArray ? value.findIndex((item) => item === null || typeof item !== "object" || Array.isArray(item)) : -1;
  return [value, [parsed, isArray, parsed && value !== null && typeof value === "object" && !isArray, firstNonObject]];
}

/** `validate(message)`: `[]`, or every violation as `{ field, code, message }`. */
export function validate(message) {
  ready();
  let json;
  try {
    json = encode(message, messageValue, "message");
  } catch (e) {
    return e.violations;
  }
  try {
    wasm.validate(put(json), Date.now());
    return JSON.parse(outA());
  } catch (e) {
    throw toError(e);
  }
}

/** The SDK version (the engine's: like any call, a missing engine throws). */
export function version() {
  ready();
  return VERSION;
}

// Checked options, by their JSON: clients made with the same options (a Worker that makes
// one per request) share one profile, read and checked by the engine once. A few are
// kept. A client whose state exists keeps its options alive in the engine; one not used
// yet whose profile was let go (`freed`) makes it again from its JSON at its first call,
// so that it never takes a handle the engine has since given to other options (another
// tenant's key).
const profiles = new Map();
const PROFILES_KEPT = 16;

function profileOf(json) {
  let profile = profiles.get(json);
  if (profile !== undefined) return profile;
  let handle = wasm.profileNew(put(json), 0);
  if (handle === ASK) handle = wasm.profileNew(...put2(json, readUrl(outA())));
  if (handle === ERROR) throw engineError();
  profile = { handle, config: JSON.parse(outA()), json, freed: false };
  if (profiles.size >= PROFILES_KEPT) {
    const [oldest, old] = profiles.entries().next().value;
    profiles.delete(oldest);
    old.freed = true;
    wasm.profileFree(old.handle);
  }
  profiles.set(json, profile);
  return profile;
}

/** A Whautomate Messages API client. See the README for every option. */
export class Whautomate {
  #profile; // the checked options: { handle, config, json, freed } (see profileOf)
  #state = 0; // the engine's handle of this client's own state, made on its first call
  #fetch;
  #channels;
  #messages;
  #webhooks;

  constructor(options) {
    // No engine: a plain Error (or a retryable network error while its download failed),
    // not wrapped as the caller's invalid input.
    ready();
    try {
      if (options === null || typeof options !== "object" || Array.isArray(options)) {
        throw invalid("", "options must be an object with at least apiKey", "required");
      }
      const given = snapshot(options);
      this.#profile = profileOf(encode(given, optionValue, "options"));
      // The engine checked that a `fetch` given is a function.
      this.#fetch = typeof given.fetch === "function" ? given.fetch : undefined;
    } catch (e) {
      throw toError(e);
    }
    Object.freeze(this);
  }

  // This client's engine-side state (its rate-limit bucket), made on its first call and
  // freed when the client is collected.
  get #client() {
    if (this.#state === 0) {
      if (this.#profile.freed) this.#profile = profileOf(this.#profile.json);
      this.#state = wasm.clientNew(this.#profile.handle, monotonic());
      clients.register(this, this.#state);
    }
    return this.#state;
  }

  /** `client.whatsapp`: sends on WhatsApp, the channel and type filled in. */
  get whatsapp() {
    return this.#channel("whatsapp");
  }

  /** `client.telegram`: sends on Telegram. */
  get telegram() {
    return this.#channel("telegram");
  }

  /** `client.instagram`: sends on Instagram. */
  get instagram() {
    return this.#channel("instagram");
  }

  /** `client.messenger`: sends on Messenger. */
  get messenger() {
    return this.#channel("messenger");
  }

  /** `client.messages`: a contact's history, one page (`list`) or all (`iterate`). */
  get messages() {
    return (this.#messages ??= Object.freeze({
      list: (contactId, opts) => this.#list(contactId, opts),
      iterate: (contactId, opts) => this.#iterate(contactId, opts),
    }));
  }

  /**
   * `client.webhooks`: the webhook subscriptions (`list`, `create`, `get`, `update`,
   * `delete`). Their engine is the extras module, loaded on the first call.
   */
  get webhooks() {
    return (this.#webhooks ??= Object.freeze({
      list: (options) => this.#webhook({ op: "list" }, options),
      create: (input, options) => this.#webhook({ op: "create", input }, options),
      createWithSecret: (input, header, options) => this.#webhook({ op: "createWithSecret", input, header }, options),
      get: (id, options) => this.#webhook({ op: "get", id }, options),
      update: (id, fields, options) => this.#webhook({ op: "update", id, input: fields }, options),
      delete: (id, options) => this.#webhook({ op: "delete", id }, options),
    }));
  }

  // The client as the extras engine reads it (profileNew's `extras`: the base URL, and the
  // key its errors must not hold).
  get #scope() {
    return (this.#profile.extrasJson ??= JSON.stringify(this.#profile.config.extras));
  }

  // One `client.webhooks` call: the extras engine builds the request (and checks the
  // arguments), the driver below performs it, the extras engine judges the answer.
  async #webhook(args, options) {
    try {
      const given = snapshot(options);
      args.options = given === undefined ? null : given;
      // Read now, in the call: what the caller changes afterwards changes nothing.
      let json = encode(args, optionValue, "arguments");
      const client = this.#client;
      const x = await extras();
      const scope = this.#scope;
      // A secret's random bytes are I/O: drawn here (Web Crypto, in every runtime the
      // package supports), as many as the engine asks for.
      if (args.op === "createWithSecret") {
        const random = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(x.protocol.SECRET_BYTES)));
        json = `${json.slice(0, -1)},"random":${JSON.stringify(random)}}`;
      }
      let made = x.wasm.webhookRequest(...x.put2(scope, json), 0);
      if (made === ASK) made = x.wasm.webhookRequest(...x.put3(scope, json, readUrl(x.outA())));
      if (made === ERROR) throw new WhautomateError(x.failure());
      const { method, url, call: kind, headers, secret } = JSON.parse(x.outA());
      const body = x.outB();
      const result = await this.#call(CALLS[kind], method, headers, url, body === "" ? undefined : body, given ? given.signal : undefined, (answer, call) => this.#parsed(x, args.op, call, answer), client);
      return secret ? { webhook: result, secret } : result;
    } catch (e) {
      throw toError(e);
    }
  }

  // A channel's helpers: `send` with the route `channel.method`, which the engine reads
  // (src/engine/js_options.rs `route_message`: the channel and type it fills in, and the
  // clash it refuses).
  #channel(name) {
    return ((this.#channels ??= Object.create(null))[name] ??= Object.freeze({
      sendText: (message, options) => this.#send(message, options, name + ".sendText"),
      sendMedia: (message, options) => this.#send(message, options, name + ".sendMedia"),
      sendTemplate: (message, options) => this.#send(message, options, name + ".sendTemplate"),
    }));
  }

  /** Sends one message; resolves to `{ success: true }`. */
  send(message, options) {
    return this.#send(message, options, "");
  }

  async #send(message, options, route) {
    try {
      const given = snapshot(options);
      const url = this.#wire(message, given, route);
      await this.#call(CALLS.send, "POST", "send", url, outB(), given ? given.signal : undefined);
      return { success: true };
    } catch (e) {
      throw toError(e);
    }
  }

  /**
   * Sends many messages: validates all first (invalid ones are reported, never sent), then
   * sends the rest with at most `concurrency` in flight, under the rate limit. Resolves to
   * one result per input, in input order: `sent`, `failed` (certainly not delivered) or
   * `unknown` (may have been delivered; never resent). The engine keeps the accounting
   * (src/engine/campaign.rs): which input goes next, where each one ends, the counts.
   */
  async sendMany(messages, options) {
    let run, x;
    try {
      const given = snapshot(options);
      const json = encode(given, optionValue, "options");
      if (!Array.isArray(messages)) throw invalid("", "messages must be an array of messages");
      // Every message is read, checked and built now, in the call, as `send` does: what
      // the caller changes in the array or its messages afterwards (a batch buffer reused
      // at once) changes nothing of this run.
      const total = messages.length;
      const requests = new Array(total);
      // One per input, in input order; a refused input's is made here (its status once the
      // accounting has it), a sent one's when it ends.
      const results = new Array(total);
      for (let i = 0; i < total; i++) {
        try {
          // A hole is no message (never one inherited from Array.prototype).
          const url = this.#wire(hasOwn(messages, i) ? messages[i] : undefined);
          requests[i] = [url, outB()];
        } catch (e) {
          results[i] = { index: i, status: "", error: toError(e) };
        }
      }
      // The accounting is the extras module's (loaded on the first sendMany).
      x = await extras();
      const { STATES } = x.protocol;
      const concurrency = x.wasm.sendManyOptions(...x.put2(this.#scope, json));
      if (concurrency === ERROR) throw new WhautomateError(x.failure());
      const signal = given ? given.signal : undefined;
      const onProgress = given ? given.onProgress : undefined;
      run = x.wasm.campaignNew(total, concurrency);
      for (let i = 0; i < total; i++) {
        // (hasOwn: a hole of these arrays must not read an element of Array.prototype.)
        if (hasOwn(requests, i)) x.wasm.campaignAdd(run, i, true);
        else results[i].status = STATES[x.wasm.campaignAdd(run, i, false)];
      }
      const counts = () => {
        x.wasm.campaignProgress(run);
        return JSON.parse(x.outA());
      };
      const progress = () => {
        if (typeof onProgress !== "function") return;
        try {
          const pending = onProgress(counts());
          // An async callback's rejection is ignored as a throw is: it must neither stop
          // the campaign nor surface as an unhandled rejection.
          if (pending !== null && (typeof pending === "object" || typeof pending === "function")) Promise.resolve(pending).catch(() => {});
        } catch {
          /* a failing progress callback must not stop the campaign */
        }
      };
      const worker = async () => {
        for (;;) {
          const i = x.wasm.campaignNext(run, isAborted(signal));
          if (i < 0) return;
          try {
            await this.#call(CALLS.send, "POST", "send", requests[i][0], requests[i][1], signal);
            results[i] = { index: i, status: STATES[x.wasm.campaignSettle(run, i, true, false)] };
          } catch (e) {
            const error = toError(e);
            results[i] = { index: i, status: STATES[x.wasm.campaignSettle(run, i, false, error.mayHaveBeenSent)], error };
          }
          progress();
        }
      };
      const ticker = setInterval(progress, 1000);
      try {
        await Promise.all(Array.from({ length: x.wasm.campaignWorkers(run) }, worker));
      } finally {
        clearInterval(ticker);
      }
      // Cancelled: whatever never started was certainly not sent.
      const state = STATES[x.wasm.campaignUnstarted(run)];
      const unstarted = JSON.parse(x.outA());
      const cancelled = JSON.parse(x.outB());
      for (const i of unstarted) results[i] = { index: i, status: state, error: new WhautomateError(cancelled) };
      progress();
      const { sent, failed, unknown } = counts();
      return { results, sent, failed, unknown };
    } catch (e) {
      throw toError(e);
    } finally {
      if (run !== undefined) x.wasm.campaignFree(run);
    }
  }

  /** The request `send` would make, `{ method, url, headers, body }`; sends nothing. */
  prepare(message) {
    try {
      const url = this.#wire(message);
      return { method: "POST", url, headers: { ...this.#profile.config.send }, body: outB() };
    } catch (e) {
      throw toError(e);
    }
  }

  // Validates and builds the send of `message` (and checks the call's `options`) in one
  // engine call: returns the URL and leaves the body as the engine's second output, for
  // the caller to take (outB()) before the next engine call.
  //
  // (Each method takes `this.#client` before it writes the input: making the client's
  // state may write the input itself.)
  #wire(message, options, route = "") {
    const client = this.#client;
    const json = encode(message, messageValue, "message");
    const withOptions = options === undefined ? "" : encode(options, optionValue, "options");
    const [len, optionsLen, routeLen] = put3(json, withOptions, route);
    if (wasm.send(client, len, optionsLen, routeLen, Date.now()) === ERROR) throw engineError();
    return outA();
  }

  // The engine's verdict after a response. Hands it the body, or the part of a long one
  // that the engine asked for (`bodyPrefix`), so that no body size can overflow memory.
  // Retry-After is read only when the engine asks for it (never for a successful send);
  // it is then written after the body, in one write with it.
  // A body over maxResponseBytes (`over`) was not read: what the driver saw goes instead.
  #afterResponse(call, attempt, answer) {
    const client = this.#client;
    const { status, text, over } = answer;
    const body = over ?? text.slice(0, this.#profile.config.bodyPrefix);
    const complete = body === text;
    const now = Date.now(), random = Math.random();
    const len = put(body);
    const verdict = wasm.afterResponse(client, call, attempt, status, len, complete, !!over, UNREAD, now, random);
    if (verdict !== ASK) return verdict;
    const retryAfter = retryAfterOf(answer.response);
    const retryLen = retryAfter === null ? -1 : put2(body, retryAfter.slice(0, 256))[1];
    return wasm.afterResponse(client, call, attempt, status, len, complete, !!over, retryLen, now, random);
  }

  // After the engine asked for the answer to the call `what` ("history", or a webhooks op)
  // of kind `call` (CALLS) to be parsed: JSON.parse, and the facts of what it found for
  // the extras engine `x` to judge, with the body's prefix for its error. Returns
  // [verdict, value, error].
  #parsed(x, what, call, answer) {
    const [value, facts] = parseFacts(answer.text);
    const [a, b, c] = x.put3(this.#scope, what, answer.text.slice(0, this.#profile.config.bodyPrefix));
    if (x.wasm.answerParsed(a, b, c, call, answer.status, ...facts) !== ERROR) return [DONE, value];
    return [ERROR, undefined, new WhautomateError(x.failure())];
  }

  // What happened to an attempt that got no usable response, for the engine to judge.
  #afterFailure(call, attempt, kind, message) {
    const client = this.#client;
    const k = String(kind);
    const text = String(message).slice(0, this.#profile.config.bodyPrefix);
    const [kindLen, textLen] = put2(k, text);
    return wasm.afterFailure(client, call, attempt, kindLen, textLen, Date.now(), Math.random());
  }

  // The error when the driver itself failed after a request may have left: the engine's,
  // for this kind of call, as its protocol defines it (DRIVER_FAILED, written at build
  // time), since an engine that trapped can no longer answer.
  #driverFailed(call) {
    return new WhautomateError(DRIVER_FAILED[call]);
  }

  // One call of kind `call` (CALLS), every attempt included: `method` to `url` with the
  // profile's header set `headerSet` ("send" or "read", as the engine built the request)
  // and `body`. Resolves to the result of the successful attempt (for a read, create or
  // update, what `parse(answer, call)` made of the answer: [verdict, value]). Rejects with a
  // WhautomateError.
  async #call(call, method, headerSet, url, body, signal, parse, client = this.#client) {
    const fetch = this.#fetch;
    const headers = this.#profile.config[headerSet];
    for (let attempt = 0; ; attempt++) {
      // The rate limit's wait (0 when it is off or a token is ready).
      const wait = wasm.reserve(client, monotonic());
      if (wait > 0) {
        try {
          await sleep(wait, signal);
        } catch {
          wasm.release(client, monotonic());
          throw this.#abortedBeforeSending(call, attempt);
        }
      }
      if (isAborted(signal)) throw this.#abortedBeforeSending(call, attempt);
      // A caller's fetch gets its own headers object each time (it may add to it).
      const init = fetchInit(method, fetch ? { ...headers } : headers);
      if (body !== undefined) init.body = body;
      let verdict, result, failed;
      try {
        let answer;
        try {
          answer = await request(fetch, url, init, this.#profile.config.timeoutMs, signal, this.#profile.config.maxResponseBytes);
        } catch (failure) {
          verdict = this.#afterFailure(call, attempt, failure[0], failure[1]);
        }
        if (answer) {
          verdict = this.#afterResponse(call, attempt, answer);
          if (verdict === PARSE) [verdict, result, failed] = parse(answer, call);
        }
      } catch {
        // Nothing above throws by design; whatever did, the request may have left.
        throw this.#driverFailed(call);
      }
      if (verdict === DONE) return result;
      if (verdict === ERROR) throw failed || engineError();
      try {
        await sleep(verdict, signal);
      } catch {
        throw this.#abortedBeforeSending(call, attempt);
      }
    }
  }

  // The error of an attempt aborted before anything of it was sent.
  #abortedBeforeSending(call, attempt) {
    this.#afterFailure(call, attempt, "aborted_before_sending", "");
    return engineError();
  }

  // The history arguments as the engine reads them, and the call's signal.
  #historyArgs(contactId, options, what) {
    const given = snapshot(options);
    const args = encode({ contactId, options: given === undefined ? null : given }, optionValue, what);
    return [args, given ? given.signal : undefined];
  }

  // History pages are built and judged by the extras module (loaded on the first history
  // call); the sending engine judges each attempt, as for a send.
  async #list(contactId, options) {
    try {
      const [args, signal] = this.#historyArgs(contactId, options, "list");
      const client = this.#client;
      const x = await extras();
      if (x.wasm.history(...x.put2(this.#scope, args)) === ERROR) throw new WhautomateError(x.failure());
      return await this.#call(CALLS.read, "GET", "read", x.outA(), undefined, signal, (answer, call) => this.#parsed(x, "history", call, answer), client);
    } catch (e) {
      throw toError(e);
    }
  }

  // The arguments are read in the call; like any async generator's body, the walk starts
  // on the first next(), and bad arguments reject it, before any request: the extras
  // engine that makes the walk checks them.
  #iterate(contactId, options) {
    let args, signal, unread;
    try {
      [args, signal] = this.#historyArgs(contactId, options, "iterate");
    } catch (e) {
      // (Whatever was thrown, even a falsy value: it is the first next()'s error.)
      unread = [e];
    }
    const self = this;
    const token = {};
    const pages = (async function* pages() {
      let x, walk;
      try {
        if (unread) throw unread[0];
        x = await extras();
        walk = x.wasm.walk(...x.put2(self.#scope, args));
        if (walk === ERROR) throw new WhautomateError(x.failure());
        // A walk that is never run to its end is freed with its iterator.
        walks.register(pages, [x, walk], token);
        // walkNext records how many messages the page before held (none before the first),
        // and the ids of its first and last ones, by which the engine tells a server that
        // does not page from one that does.
        // A page is recorded before it is handed out: one that repeats the page before is
        // not (the engine says "new" or not), and the engine ends a walk over a server
        // that does not page. The outputs are taken at once (the caller's code runs
        // between pages).
        const step = (recorded, first, last) => {
          const next = x.wasm.walkNext(walk, recorded, ...x.put2(first, last));
          if (next === ERROR) throw new WhautomateError(x.failure());
          return [next === x.protocol.DONE ? undefined : x.outA(), x.outB() === "new"];
        };
        for (let [url] = step(-1, "", ""), fresh; url !== undefined; ) {
          const page = await self.#call(CALLS.read, "GET", "read", url, undefined, signal, (answer, call) => self.#parsed(x, "history", call, answer));
          [url, fresh] = step(page.length, idOf(page[0]), idOf(page[page.length - 1]));
          if (fresh) yield* page;
        }
      } catch (e) {
        throw toError(e);
      } finally {
        if (walk > 0) {
          walks.unregister(token);
          x.wasm.walkFree(walk);
        }
      }
    })();
    return pages;
  }

  toJSON() {
    return { type: "Whautomate" };
  }
}

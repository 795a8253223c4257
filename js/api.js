// The public JavaScript API of whautomate (see README). A thin layer over the wasm
// engine (js/engine.js): it turns values into tapes for the engine (js/encode.js), engine errors into
// WhautomateError, adds the per-channel helpers and the history iterator, and performs
// the I/O. Every decision (validation, options, routing, request building, rate limit,
// whether and when to retry, what an outcome means) is the engine's: the driver in
// #call reports what happened after each attempt and asks it what follows. A send is two
// calls into wasm: one that validates and builds the request, one that judges the response.
//
// Every object a caller hands in is read once, by its own enumerable properties only
// (`{ ...value }`, the tape's walk, as JSON.stringify's): an inherited `fetch` or `signal` (say, one set on
// Object.prototype) is never picked up.
import { ASK, CALLS, DONE, DRIVER_FAILED, ERROR, MAX_MESSAGES, PARSE, UNREAD, VERSION, extras, failure as engineFailure, outA, outB, put, ready, wasm } from "./engine.js";
import { fetchInit, isAborted, now as monotonic, readUrl, request, retryAfterOf, sleep } from "./exchange.js";
import { WhautomateError, invalid, toError } from "./error.js";
import { bodyTape, encodeTape, messageValue, opaque, optionValue, tape, unserialisable } from "./encode.js";

export { WhautomateError };


// A client's engine-side state outlives no JS object: freed when the client is collected.
// (`wasm` is looked up when called: this module is evaluated before the entry file starts
// the engine.)
const clients = typeof FinalizationRegistry === "function" ? new FinalizationRegistry((handle) => wasm.clientFree(handle)) : { register() {} };
const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

// The error an engine call reported (it returned ERROR; its JSON is the first output).
const engineError = () => new WhautomateError(engineFailure());



// A caller's options object, read once (own enumerable properties, each getter once), so
// that what the engine checked is what the driver uses. Anything else is kept as it is
// for the engine to refuse.
// (Into an object without a prototype: reading `signal` off it must not find one on
// Object.prototype either.)
// Anything but a plain options object (an AbortSignal, an AbortController, a Map) is kept
// as it is, for the engine to refuse by name.
// A getter that throws is named by its kind, as for any value the SDK reads (what it
// threw is the caller's, and its text may hold anything, the API key included).
const snapshot = (options) => {
  try {
    // (`opaque` is true of anything but an object: null, a primitive, a function.)
    return !Array.isArray(options) && !opaque(options) ? { __proto__: null, ...options } : options;
  } catch (e) {
    throw unserialisable(e, "options");
  }
};

/** `validate(message)`: `[]`, or every violation as `{ field, code, message }`. */
export function validate(message) {
  ready();
  let lengths;
  try {
    // What cannot be read (a cycle, a getter that throws) or is more than the engine
    // takes is a violation too.
    lengths = put(encodeTape(message, messageValue, "message"));
  } catch (e) {
    return e.violations;
  }
  try {
    // The engine's `send` without a client (handle 0) checks the message, builds nothing.
    return wasm.send(0, ...lengths, 0, 0, Date.now()) === ERROR ? engineFailure().violations : [];
  } catch (e) {
    throw toError(e);
  }
}

/** The SDK version (the engine's: like any call, a missing engine throws). */
export function version() {
  ready();
  return VERSION;
}

// Checked options, by their tape: clients made with the same options (a Worker that makes
// one per request) share one profile, read and checked by the engine once. A few are
// kept. A client whose state exists keeps its options alive in the engine; one not used
// yet whose profile was let go (`freed`) makes it again from its tape at its first call,
// so that it never takes a handle the engine has since given to other options (another
// tenant's key).
const profiles = new Map();
const PROFILES_KEPT = 16;

function profileOf(options) {
  let profile = profiles.get(options);
  if (profile !== undefined) return profile;
  let handle = wasm.profileNew(...put(options), 0);
  if (handle === ASK) handle = wasm.profileNew(...put(options, readUrl(outA())));
  if (handle === ERROR) throw engineError();
  profile = { handle, config: JSON.parse(outA()), options, freed: false };
  if (profiles.size >= PROFILES_KEPT) {
    const [oldest, old] = profiles.entries().next().value;
    profiles.delete(oldest);
    old.freed = true;
    wasm.profileFree(old.handle);
  }
  profiles.set(options, profile);
  return profile;
}

/** A Whautomate Messages API client. See the README for every option. */
export class Whautomate {
  #profile; // the checked options: { handle, config, options (their tape), freed } (see profileOf)
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
      this.#profile = profileOf(encodeTape(given, optionValue, "options"));
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
      if (this.#profile.freed) this.#profile = profileOf(this.#profile.options);
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
    return (this.#profile.extrasTape ??= tape(this.#profile.config.extras));
  }

  // The extras engine, with the drivers of the calls it serves (js/api-extras.js), and
  // this client as those drivers see it (its state made first: see #wire).
  async #extras() {
    const x = await extras();
    return [x, x.api, {
      call: this.#call.bind(this),
      scope: this.#scope,
      bodyPrefix: this.#profile.config.bodyPrefix,
      WhautomateError,
      toError,
      isAborted,
      readUrl,
      tape,
    }];
  }

  // One `client.webhooks` call: its arguments read now, in the call (what the caller
  // changes afterwards changes nothing); the rest is js/api-extras.js `webhook`.
  async #webhook(args, options) {
    try {
      const given = snapshot(options);
      args.options = given === undefined ? null : given;
      const call = encodeTape(args, optionValue, "arguments");
      const [x, api, client] = await this.#extras();
      return await api.webhook(x, client, args.op, call, given);
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
      const build = this.#wire(message, given, route);
      await this.#call(CALLS.send, "POST", "send", build(), outB(), given ? given.signal : undefined, build);
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
    try {
      const given = snapshot(options);
      const optionsTape = encodeTape(given, optionValue, "options");
      if (!Array.isArray(messages)) throw invalid("", "messages must be an array of messages");
      // Every message is read, checked and built now, in the call, as `send` does: what
      // the caller changes in the array or its messages afterwards (a batch buffer reused
      // at once) changes nothing of this run.
      // As Array methods read a length (a Proxy's may be anything): a whole number, which
      // the extras' engine checks.
      const total = messages.length >>> 0;
      const requests = new Array(total);
      // One per input, in input order; a refused input's is made here (its status once the
      // accounting has it), a sent one's when it ends.
      const results = new Array(total);
      // More than the engine takes (a length is not contents: `[].length = 2 ** 32 - 1`),
      // nothing is built: the extras' engine refuses the count.
      if (total <= MAX_MESSAGES) for (let i = 0; i < total; i++) {
        try {
          // A hole is no message (never one inherited from Array.prototype).
          const build = this.#wire(hasOwn(messages, i) ? messages[i] : undefined);
          requests[i] = [build(), outB(), build];
        } catch (e) {
          results[i] = { index: i, status: "", error: toError(e) };
        }
      }
      // The rest (the accounting, the sends) is js/api-extras.js `sendMany`.
      const [x, api, client] = await this.#extras();
      return await api.sendMany(x, client, optionsTape, given, requests, results, total);
    } catch (e) {
      throw toError(e);
    }
  }

  /** The request `send` would make, `{ method, url, headers, body }`; sends nothing. */
  prepare(message) {
    try {
      const url = this.#wire(message)();
      return { method: "POST", url, headers: { ...this.#profile.config.send }, body: outB() };
    } catch (e) {
      throw toError(e);
    }
  }

  // Reads `message` (and the call's `options`) once, into tapes; returns `build`, which
  // has the engine validate and build the send in one call, at the time of the call
  // (`build.at`: a schedule must lie after it): it returns the URL and leaves the body as
  // the engine's second output, for the caller to take (outB()) before the next engine
  // call. #call builds again before an attempt that leaves later than that.
  //
  // (Each method takes `this.#client` before it writes the input: making the client's
  // state may write the input itself.)
  #wire(message, options, route = "") {
    const client = this.#client;
    const input = encodeTape(message, messageValue, "message");
    const withOptions = options === undefined ? "" : encodeTape(options, optionValue, "options");
    const build = () => {
      const [len, optionsLen, routeLen] = put(input, withOptions, route);
      if (wasm.send(client, len, optionsLen, routeLen, (build.at = Date.now())) === ERROR) throw engineError();
      return outA();
    };
    return build;
  }

  // The engine's verdict after a response. Hands it the body, or the part of a long one
  // that the engine asked for (`bodyPrefix`), so that no body size can overflow memory,
  // and what JSON.parse made of a whole one.
  // Retry-After is read only when the engine asks for it (never for a successful send);
  // it is then written after the body, in one write with it.
  // A body over maxResponseBytes (`over`) was not read: what the driver saw goes instead.
  #afterResponse(call, attempt, answer) {
    const client = this.#client;
    const { status, text, over } = answer;
    const body = over ?? text.slice(0, this.#profile.config.bodyPrefix);
    // What JSON.parse makes of a whole body, as a tape (js/encode.js): the engine reads
    // that, and carries no JSON parser of its own.
    const parsed = body === text ? bodyTape(answer) : "";
    const now = Date.now(), random = Math.random();
    const [len, tapeLen] = put(body, parsed);
    const verdict = wasm.afterResponse(client, call, attempt, status, len, tapeLen, !!over, UNREAD, now, random);
    if (verdict !== ASK) return verdict;
    // (Cut as a body is: longer than the engine reads, it stays too long to read.)
    const retryAfter = retryAfterOf(answer.response);
    const retryLen = retryAfter === null ? -1 : put(body, parsed, retryAfter.slice(0, this.#profile.config.bodyPrefix))[2];
    return wasm.afterResponse(client, call, attempt, status, len, tapeLen, !!over, retryLen, now, random);
  }

  // What happened to an attempt that got no usable response, for the engine to judge.
  #afterFailure(call, attempt, kind, message) {
    const client = this.#client;
    const k = String(kind);
    const text = String(message).slice(0, this.#profile.config.bodyPrefix);
    const [kindLen, textLen] = put(k, text);
    return wasm.afterFailure(client, call, attempt, kindLen, textLen, Date.now(), Math.random());
  }

  // One call of kind `call` (CALLS), every attempt included: `method` to `url` with the
  // profile's header set `headerSet` ("send" or "read", as the engine built the request)
  // and `body`. For a send, `build` as #wire made it: an attempt that leaves later than
  // the engine checked the message (after a wait for the rate limit or a retry, or its
  // turn in sendMany) has it checked again, so that a schedule that passed meanwhile
  // fails the send (`in_the_past`) rather than go out with a time in the past. Resolves
  // to the result of the successful attempt (for a read, create or update, what
  // `parse(answer, call)` made of the answer: [verdict, value]). Rejects with a
  // WhautomateError.
  async #call(call, method, headerSet, url, body, signal, build, parse) {
    const client = this.#client;
    const fetch = this.#fetch;
    const headers = this.#profile.config[headerSet];
    for (let attempt = 0; ; attempt++) {
      // The rate limit's wait (0 when it is off or a token is ready). Nothing of the
      // attempt leaves before the end of this block: when the caller aborts, or a send's
      // schedule has passed meanwhile (`build` throws the engine's error), the token goes
      // back.
      const wait = wasm.reserve(client, monotonic());
      try {
        if (wait > 0) await sleep(wait, signal);
        if (isAborted(signal)) throw 0;
        if (build && Date.now() - build.at) build();
      } catch (e) {
        wasm.release(client, monotonic());
        throw e instanceof WhautomateError ? e : this.#abortedBeforeSending(call, attempt);
      }
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
        // Nothing above throws by design; whatever did, the request may have left. The
        // error is the engine's for this kind of call, as its protocol defines it
        // (DRIVER_FAILED, written at build time), since an engine that trapped can no
        // longer answer.
        throw new WhautomateError(DRIVER_FAILED[call]);
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
    const args = encodeTape({ contactId, options: given === undefined ? null : given }, optionValue, what);
    return [args, given ? given.signal : undefined];
  }

  // History pages are built and judged by the extras engine (js/api-extras.js `list`
  // and `pages`); the arguments are read now, in the call.
  async #list(contactId, options) {
    try {
      const [args, signal] = this.#historyArgs(contactId, options, "list");
      const [x, api, client] = await this.#extras();
      return await api.list(x, client, args, signal);
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
    const iterator = (async function* () {
      try {
        if (unread) throw unread[0];
        const [x, api, client] = await self.#extras();
        yield* api.pages(x, client, args, signal, iterator);
      } catch (e) {
        throw toError(e);
      }
    })();
    return iterator;
  }
}

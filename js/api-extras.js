// The drivers of the calls the extras engine serves (`sendMany`, `client.messages.list`
// and `iterate`, `client.webhooks`): loaded with that engine, on the first such call, so
// that a page that only sends downloads neither (browser.mjs loads this file by a dynamic
// import, which bundlers split into a chunk of its own; the other entries import it
// statically). js/api.js keeps each call's synchronous part (its arguments are read in the
// call) and hands the rest here, with `x`, the extras engine's boundary (engine.js
// `connect`), and `client`, the facade of one Whautomate client: `call`, its driver loop;
// `scope`, the client as the extras engine reads it; `bodyPrefix`; and the package's
// `WhautomateError`, `toError`, `isAborted`, `readUrl` and `tape`. Like api.js, this performs I/O
// and reports what happened; every decision is the engines'.
//
// This file imports nothing the entry imports: what it uses comes with `x` and `client`
// (and protocol-extras.js, the protocol's part only it reads). So a bundler puts it in a
// chunk of its own and leaves the entry's modules in the entry's chunk; importing
// engine.js or error.js here made esbuild move them into a third chunk, which the page
// then had to fetch at start, one request more (measured: +0.4 KB gzip at start, in two
// files instead of one).
import { PROGRESS_MS, SECRET_BYTES, STATES } from "./protocol-extras.js";

// A walk that is never run to its end is freed with its iterator.
const walks = typeof FinalizationRegistry === "function" ? new FinalizationRegistry(([x, handle]) => x.wasm.walkFree(handle)) : { register() {}, unregister() {} };

// A history message's id as text: "" (unknown) when it is no string, or a number JSON.parse
// may have rounded (beyond 2^53, neighbours read alike).
const idOf = (message) => {
  const id = message?.id;
  return typeof id === "string" ? id : Number.isSafeInteger(id) ? String(id) : "";
};

// A message's key for telling a page that repeats the one before: its id; its JSON when
// it has none the engine can use (none, "", one of another type), as the Rust client
// keys it; "" (nothing to tell by) for no message, or a number id JSON.parse may have
// rounded (neighbours beyond 2^53 read alike, and so would their JSON).
const keyOf = (message) => (message === undefined ? "" : idOf(message) || (typeof message?.id === "number" ? "" : JSON.stringify(message)));

// What JSON.parse makes of an answer's text (made already, `answer.value`, when the whole
// body went to the engine as a tape), and the facts the engine judges it by (the
// crate's `PageShape`): [value, [parsed, isArray, isObject, firstNonObject, id,
// successFalse, errorText]] (firstNonObject: the index of an array's first element that
// is not a plain object, else -1; the last three: of an object, whether its `id` is a
// string or a number, its `success` is false, its `error` or `message` is a string).
function parseFacts(answer) {
  let value, parsed = true;
  try {
    value = "value" in answer ? answer.value : JSON.parse(answer.text);
  } catch {
    parsed = false;
  }
  const isArray = Array.isArray(value);
  const isObject = parsed && value !== null && typeof value === "object" && !isArray;
  const firstNonObject = isArray ? value.findIndex((item) => item === null || typeof item !== "object" || Array.isArray(item)) : -1;
  const text = (name) => isObject && typeof value[name] === "string";
  const id = isObject && (typeof value.id === "string" || typeof value.id === "number");
  return [value, [parsed, isArray, isObject, firstNonObject, id, isObject && value.success === false, text("error") || text("message")]];
}

// After the sending engine asked for the answer to the call `what` ("history", or a
// webhooks op) of kind `call` (CALLS) to be parsed: JSON.parse, and the facts of what it
// found for the extras engine `x` to judge, with the body's prefix for its error. Returns
// [verdict, value, error].
const parser = (x, client, what) => (answer, call) => {
  const [value, facts] = parseFacts(answer);
  const [a, b, c] = x.put(client.scope, what, answer.text.slice(0, client.bodyPrefix));
  if (x.wasm.answerParsed(a, b, c, call, answer.status, ...facts) !== x.protocol.ERROR) return [x.protocol.DONE, value];
  return [x.protocol.ERROR, undefined, new client.WhautomateError(x.failure())];
};

/**
 * One `client.webhooks` call `op`, its arguments read (`call`, their tape; `given`, the
 * call's options): the extras engine builds the
 * request (and checks the arguments), the client's driver loop performs it, the extras
 * engine judges the answer.
 */
export async function webhook(x, client, op, call, given) {
  // A secret's random bytes are I/O: drawn here (Web Crypto, in every runtime the
  // package supports), as many as the engine asks for, and added to the arguments' tape
  // as their last member (`o<count>:` counts it).
  if (op === "createWithSecret") {
    const random = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
    const [, count, members] = /^o(\d+):(.*)$/s.exec(call);
    call = `o${+count + 1}:${members}${client.tape("random")}${client.tape(random)}`;
  }
  let made = x.wasm.webhookRequest(...x.put(client.scope, call), 0);
  if (made === x.protocol.ASK) made = x.wasm.webhookRequest(...x.put(client.scope, call, client.readUrl(x.outA())));
  if (made === x.protocol.ERROR) throw new client.WhautomateError(x.failure());
  const { method, url, call: kind, headers, secret } = JSON.parse(x.outA());
  const body = x.outB();
  let result;
  try {
    result = await client.call(x.protocol.CALLS[kind], method, headers, url, body === "" ? undefined : body, given ? given.signal : undefined, undefined, parser(x, client, op));
  } catch (e) {
    throw redacted(x, client, call, e);
  }
  // (A delete resolves to nothing, whatever its answer held.)
  if (op === "delete") return undefined;
  // The engine's typing of what the answer held (an `id` sent as a number, a missing
  // member: src/webhook/subscription_fields.rs), assigned as it says. The call is done (a
  // create or an update applied) whatever happens here: an answer the engine cannot take
  // (nested past what the tape holds) resolves as parsed, never as a failure.
  try {
    x.wasm.subscriptionAnswer(...x.put(client.tape(result)));
    const fixes = JSON.parse(x.outA());
    if (Array.isArray(result)) result.forEach((webhook, i) => Object.assign(webhook, fixes?.[i]));
    else Object.assign(result, fixes);
  } catch {}
  return secret ? { webhook: result, secret } : result;
}

// The error of a `client.webhooks` call, its every text without the delivery header
// values of the call and of the answer kept in its body (the engine's `redact_call`: a
// server that echoes the request, a 400 quoting the body it refused, or an answer of
// another shape holding subscriptions, must not put a delivery's shared secret into an
// error). Every text in one engine call; a parsed body cleaned string by string (keys
// too), so that it stays the JSON it was. The same error when nothing was taken out.
function redacted(x, client, call, e) {
  if (!(e instanceof client.WhautomateError)) return e;
  const fields = e.toJSON();
  // The error's strings in one walk order: collected, then put back from the engine's answer.
  const strings = (f) => {
    const walk = (v) => (typeof v === "string" ? f(v) : Array.isArray(v) ? v.map(walk)
      : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, w]) => [f(k), walk(w)])) : v);
    return walk([fields.message, fields.field, fields.violations.map((v) => [v.field, v.message]), fields.body]);
  };
  const texts = [];
  strings((text) => texts.push(text));
  if (x.wasm.redactCall(...x.put(call, client.tape(fields.body ?? null), client.tape(texts))) === x.protocol.ERROR) return e;
  const cleaned = JSON.parse(x.outA());
  if (cleaned.every((text, i) => text === texts[i])) return e;
  let at = 0;
  const [message, field, violations, cleanBody] = strings(() => cleaned[at++]);
  return new client.WhautomateError({
    ...fields, message, field,
    violations: fields.violations.map((v, i) => ({ ...v, field: violations[i][0], message: violations[i][1] })),
    body: cleanBody === undefined || typeof cleanBody === "string" ? cleanBody : JSON.stringify(cleanBody),
  });
}

/**
 * `sendMany` once every message was read and built (`requests[i]`: [url, body, build], or a
 * hole where `results[i]` already holds the input's refusal; none at all when `total`, the
 * caller's count, is more than the engine takes: `sendManyOptions` refuses it). The extras
 * engine keeps the accounting (src/engine/campaign.rs): which input goes next, where each
 * one ends, the counts. `optionsTape` is the options' tape (js/encode.js), `given` the
 * options as read.
 */
export async function sendMany(x, client, optionsTape, given, requests, results, total) {
  const concurrency = x.wasm.sendManyOptions(...x.put(client.scope, optionsTape), total);
  if (concurrency === x.protocol.ERROR) throw new client.WhautomateError(x.failure());
  const signal = given ? given.signal : undefined;
  const onProgress = given ? given.onProgress : undefined;
  const run = x.wasm.campaignNew(total, concurrency);
  try {
    for (let i = 0; i < total; i++) {
      // (hasOwn: a hole of these arrays must not read an element of Array.prototype.)
      if (Object.prototype.hasOwnProperty.call(requests, i)) x.wasm.campaignAdd(run, i, true);
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
        const i = x.wasm.campaignNext(run, client.isAborted(signal));
        if (i < 0) return;
        try {
          await client.call(x.protocol.CALLS.send, "POST", "send", requests[i][0], requests[i][1], signal, requests[i][2]);
          results[i] = { index: i, status: STATES[x.wasm.campaignSettle(run, i, true, false)] };
        } catch (e) {
          const error = client.toError(e);
          results[i] = { index: i, status: STATES[x.wasm.campaignSettle(run, i, false, error.mayHaveBeenSent)], error };
        }
        progress();
      }
    };
    const ticker = setInterval(progress, PROGRESS_MS);
    try {
      await Promise.all(Array.from({ length: x.wasm.campaignWorkers(run) }, worker));
    } finally {
      clearInterval(ticker);
    }
    // Cancelled: whatever never started was certainly not sent.
    const state = STATES[x.wasm.campaignUnstarted(run)];
    const unstarted = JSON.parse(x.outA());
    const cancelled = JSON.parse(x.outB());
    for (const i of unstarted) results[i] = { index: i, status: state, error: new client.WhautomateError(cancelled) };
    progress();
    const { sent, failed, unknown } = counts();
    return { results, sent, failed, unknown };
  } finally {
    x.wasm.campaignFree(run);
  }
}

/**
 * One history page (`client.messages.list`), its arguments read (`args`, their tape):
 * the extras engine builds the request and judges the page; the sending engine judges
 * each attempt, as for a send.
 */
export async function list(x, client, args, signal) {
  if (x.wasm.history(...x.put(client.scope, args)) === x.protocol.ERROR) throw new client.WhautomateError(x.failure());
  return client.call(x.protocol.CALLS.read, "GET", "read", x.outA(), undefined, signal, undefined, parser(x, client, "history"));
}

/**
 * Every message of a contact's history, page after page (`client.messages.iterate`),
 * its arguments read (`args`, their tape). The walk's engine-side state is freed at the
 * end, or when `owner` (the iterator the caller holds) is collected.
 */
export async function* pages(x, client, args, signal, owner) {
  const walk = x.wasm.walk(...x.put(client.scope, args));
  if (walk === x.protocol.ERROR) throw new client.WhautomateError(x.failure());
  const token = {};
  walks.register(owner, [x, walk], token);
  try {
    // walkNext records the page before (none before the first): how many messages, the
    // keys of its first and last ones, by which the engine tells a server that does not
    // page from one that does, and their ids. A page is recorded before it is handed out:
    // the engine says which of its messages were handed out already (all of them for a
    // page that repeats the one before), and ends a walk over a server that does not
    // page. The outputs are taken at once (the caller's code runs between pages).
    const step = (page) => {
      const next = page ? x.wasm.walkNext(walk, page.length, ...x.put(keyOf(page[0]), keyOf(page[page.length - 1]), client.tape(page.map(idOf))))
        : x.wasm.walkNext(walk, -1, 0, 0, 0);
      if (next === x.protocol.ERROR) throw new client.WhautomateError(x.failure());
      return [next === x.protocol.DONE ? undefined : x.outA(), x.outB()];
    };
    const parse = parser(x, client, "history");
    for (let [url] = step(), skip; url !== undefined; ) {
      const page = await client.call(x.protocol.CALLS.read, "GET", "read", url, undefined, signal, undefined, parse);
      [url, skip] = step(page);
      // The positions of the messages handed out already (engine: HistoryPager::record_ids).
      if (skip === "") yield* page;
      else {
        const left = new Set(skip.split(",").map(Number));
        yield* page.filter((_, at) => !left.has(at));
      }
    }
  } finally {
    walks.unregister(token);
    x.wasm.walkFree(walk);
  }
}

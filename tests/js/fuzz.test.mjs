// Fuzzing the public JS API of the built package (pkg/node.mjs): seeded random values,
// hostile ones included (wrong types, 1 MB strings, lone UTF-16 surrogates, `__proto__`
// keys, getters and toJSON that throw, Proxies, BigInt, Symbols, cycles), into every
// exported function and method. Only a WhautomateError may come out (validate returns an
// array), nothing may hang, and afterwards the module still sends a valid message (a Rust
// panic in wasm would have aborted the module and failed every later call).
//
//   FUZZ_ITERATIONS=3000 (default) in `make test`; `make fuzz` runs 100,000.
//   FUZZ_SEED=<n> reproduces a run (the seed is printed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mulberry32, reply, serve as recordingServer } from "../support/recording_server.mjs";
import { Whautomate, WhautomateError, validate, version } from "../../pkg/node.mjs";

const ITERATIONS = Number(process.env.FUZZ_ITERATIONS || 3_000);
const SEED = Number(process.env.FUZZ_SEED || 0x5eed);
const KEY = "sk_fuzz_js_secret_e41f";

const random = mulberry32(SEED);
const int = (n) => Math.floor(random() * n);
const pick = (items) => items[int(items.length)];
const HUGE = "x".repeat(1 << 20);
const HUGE_SURROGATES = "\ud83d".repeat(1 << 18);

const KEYS = ["channel", "type", "to", "contactId", "clientId", "phoneNumber", "name", "locationId", "scheduleAt", "text",
  "mediaUrl", "mimeType", "template", "language", "elements", "buttons", "title", "url", "headerType", "bodyTextParameters",
  "locationParameters", "latitude", "flowParameters", "apiKey", "host", "timeoutMs", "retry", "rateLimit", "perMinute",
  "maxRetries", "fetch", "signal", "page", "limit", "searchText", "concurrency", "onProgress", "__proto__", "constructor", "toJSON"];

function randomString() {
  switch (int(12)) {
    case 0: return "";
    case 1: return HUGE;
    case 2: return "\ud800";
    case 3: return "a\udc00b";
    case 4: return HUGE_SURROGATES.slice(0, 1 + int(1000));
    case 5: return "\r\nx-injected: 1";
    case 6: return "../../etc/passwd?#";
    case 7: return "\u0000\u202e😀";
    case 8: return pick(["whatsapp", "telegram", "instagram", "messenger", "text", "media", "template", "ct_1", "loc_1", "http://127.0.0.1:1", "https://api.whautomate.com"]);
    case 9: return "__proto__";
    default: return Array.from({ length: int(20) }, () => String.fromCharCode(int(0x10000))).join("");
  }
}

// Assignment may fail (a `__proto__` that made `name` read-only): the generator's
// problem, not the SDK's, so it must not count as an escape.
function set(object, key, value) {
  try {
    object[key] = value;
  } catch {
    Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  }
}

function thrower() {
  return () => { throw new Error("getter boom"); };
}

function randomValue(depth = 0) {
  const leaf = depth > 3;
  switch (int(leaf ? 12 : 24)) {
    case 0: return undefined;
    case 1: return null;
    case 2: return random() < 0.5;
    case 3: return pick([0, -0, NaN, Infinity, -Infinity, 1e308, -1, 2 ** 53 + 1, 0.5, 1024, 1025, 4294967296]);
    case 4: return BigInt(int(1000));
    case 5: return Symbol("fuzz");
    case 6: case 7: case 8: return randomString();
    case 9: return () => 1;
    case 10: return pick([new Date(NaN), new Date(0), new Date(8.64e15), /re/g, new Map([[1, 2]]), new Set([1]), new Uint8Array(3), new ArrayBuffer(2), Promise.resolve(1)]);
    case 11: return pick([Object.create(null), Object.freeze({}), new (class Foo { constructor() { this.a = 1; } })()]);
    case 12: case 13: case 14: case 15: {
      const o = {};
      for (let i = int(6); i > 0; i--) set(o, pick(KEYS), randomValue(depth + 1));
      return o;
    }
    case 16: return JSON.parse(`{"__proto__": {"channel": "telegram", "polluted": true}, "type": "text", "text": "hi", "to": {"contactId": "c"}}`);
    case 17: {
      const o = { channel: "telegram", type: "text", text: "hi", to: { contactId: "ct_1" } };
      Object.defineProperty(o, pick(["channel", "text", "to", "type", "apiKey", "signal", "concurrency", "onProgress", "page"]), { get: thrower(), enumerable: true });
      return o;
    }
    case 18: return { toJSON: pick([thrower(), () => undefined, () => "str", () => ({ channel: 1 }), () => { throw Symbol("sym"); }]) };
    case 19: return new Proxy({}, pick([
      { get: thrower() },
      { ownKeys: thrower() },
      { getOwnPropertyDescriptor: thrower() },
      { has: thrower(), get: (t, k) => (k === "then" ? undefined : randomString()) },
    ]));
    case 20: { const o = { a: 1 }; o.self = o; return o; }
    case 21: return Array.from({ length: int(5) }, () => randomValue(depth + 1));
    case 22: return nearValidMessage(depth);
    default: return [, , 1];
  }
}

function validMessage() {
  return pick([
    { channel: "telegram", type: "text", to: { contactId: "ct_1" }, text: "hi" },
    { channel: "whatsapp", type: "template", to: { phoneNumber: "+16505551234" }, template: { name: "t", language: "en" } },
    { channel: "messenger", type: "media", to: { contactId: "ct_fb" }, mediaUrl: "https://cdn.example.com/a.png", mimeType: "image/png" },
  ]);
}

function nearValidMessage(depth = 0) {
  const m = validMessage();
  if (random() < 0.7) set(m, pick(KEYS), randomValue(depth + 1));
  return m;
}

function nearValidOptions(host) {
  const o = { apiKey: KEY, host, locationId: "loc_1", rateLimit: false, timeoutMs: 2_000, retry: { maxRetries: 0 } };
  if (random() < 0.7) set(o, pick(KEYS), randomValue(1));
  return o;
}

const serve = () => recordingServer((req, res) => reply(res, 200, req.method === "GET" ? "[]" : '{"success":true}'));

/** Runs `fn`; anything it throws or rejects with must be a WhautomateError. */
async function only(what, fn, stats) {
  let value;
  try {
    value = fn();
  } catch (e) {
    stats.thrown++;
    if (!(e instanceof WhautomateError)) throw new assert.AssertionError({ message: `${what} threw ${describe(e)}` });
    checkKey(e, what);
    return undefined;
  }
  if (value && typeof value.then === "function") {
    let timer;
    const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new assert.AssertionError({ message: `${what} hung` })), 10_000); });
    try {
      value = await Promise.race([value, timeout]);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      stats.rejected++;
      if (!(e instanceof WhautomateError)) throw new assert.AssertionError({ message: `${what} rejected with ${describe(e)}` });
      checkKey(e, what);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
  stats.returned++;
  return value;
}

function describe(e) {
  try {
    return `${typeof e} ${e && e.constructor && e.constructor.name}: ${String(e && e.stack ? e.stack : e).slice(0, 300)}`;
  } catch {
    return typeof e;
  }
}

function checkKey(error, what) {
  for (const text of [String(error), JSON.stringify(error), String(error.stack)]) {
    if (text.includes(KEY)) throw new assert.AssertionError({ message: `${what}: the API key leaked: ${text.slice(0, 200)}` });
  }
}

// Gaps of js/api.js that this fuzz once found (user getters and toJSON that throw, and
// JSON.stringify returning undefined, escaped as raw errors); all fixed. They are
// collected here and the test below requires that none comes back; anything else fails
// at once.
const KNOWN_GAPS = [
  /at api\.<computed> \[as send(Text|Media|Template)\]/, // channel helpers spread a message whose getter throws
  /at new Whautomate \(/, // the constructor destructures options whose getter throws
  /passStringToWasm0[\s\S]*at validateJson/, // validate(): JSON.stringify gave undefined (function, symbol, toJSON → undefined)
  /validate returns an array/, // validate(): toJSON threw a Symbol, and encode's message template threw a TypeError
];
const knownGaps = new Map();

test(`every export takes ${ITERATIONS} random values and only WhautomateError comes out (seed ${SEED})`, { timeout: 600_000 }, async () => {
  const s = await serve();
  const stats = { thrown: 0, rejected: 0, returned: 0, calls: {} };
  const good = new Whautomate({ apiKey: KEY, host: s.host, locationId: "loc_1", rateLimit: false, timeoutMs: 2_000, retry: { maxRetries: 0 } });
  const calls = [
    ["new Whautomate(random)", () => new Whautomate(randomValue())],
    ["new Whautomate(nearValid)", () => new Whautomate(nearValidOptions(random() < 0.8 ? s.host : randomValue()))],
    ["validate", () => {
      const out = validate(random() < 0.5 ? randomValue() : nearValidMessage());
      assert.ok(Array.isArray(out), "validate returns an array");
      return out;
    }],
    ["version", () => version()],
    ["send", () => good.send(random() < 0.5 ? randomValue() : nearValidMessage(), random() < 0.8 ? undefined : randomValue())],
    ["prepare", () => good.prepare(random() < 0.5 ? randomValue() : nearValidMessage())],
    ["sendMany", () => good.sendMany(
      random() < 0.3 ? randomValue() : Array.from({ length: int(6) }, () => (random() < 0.5 ? randomValue() : nearValidMessage())),
      random() < 0.5 ? undefined : pick([randomValue(), { concurrency: randomValue() }, { onProgress: randomValue() }, { onProgress: thrower(), concurrency: 2 }, { signal: randomValue() }]),
    )],
    ["channel helper", () => good[pick(["whatsapp", "telegram", "instagram", "messenger"])][pick(["sendText", "sendMedia", "sendTemplate"])](
      random() < 0.5 ? randomValue() : nearValidMessage(), random() < 0.8 ? undefined : randomValue())],
    ["messages.list", () => good.messages.list(random() < 0.5 ? randomValue() : randomString(), random() < 0.5 ? undefined : randomValue())],
    ["messages.iterate", async () => {
      const it = good.messages.iterate(random() < 0.5 ? randomValue() : "ct_1", random() < 0.5 ? undefined : randomValue());
      await it.next();
      return it.return();
    }],
    ["toJSON / String", () => [JSON.stringify(good), String(good)]],
  ];
  const failures = new Map(); // signature → first message
  try {
    for (let i = 0; i < ITERATIONS; i++) {
      const [what, fn] = pick(calls);
      stats.calls[what] = (stats.calls[what] || 0) + 1;
        const t = performance.now();
      try {
        await only(`${what} (call ${i})`, fn, stats);
      } catch (e) {
        const signature = `${what}: ${String(e.message).split("\n")[0].replace(/\(call \d+\)/, "").slice(0, 160)}`;
        const bucket = KNOWN_GAPS.some((gap) => gap.test(e.message)) ? knownGaps : failures;
        if (!bucket.has(signature)) bucket.set(signature, e.message);
      }
      if (process.env.FUZZ_TRACE && performance.now() - t > 200) console.log(`slow: ${what} ${Math.round(performance.now() - t)} ms`);
    }
    assert.equal(failures.size, 0, `unexpected values escaped:\n${[...failures.values()].join("\n---\n")}`);

    // The module still works: a valid send reaches the server, prepare and validate answer.
    const sent = s.requests.length;
    assert.deepEqual(await good.send({ channel: "telegram", type: "text", to: { contactId: "ct_1" }, text: "after the fuzz" }), { success: true });
    assert.equal(s.requests.length, sent + 1);
    const fresh = new Whautomate({ apiKey: KEY, host: s.host, locationId: "loc_1", rateLimit: false });
    assert.equal(fresh.prepare(validMessage()).method, "POST");
    assert.deepEqual(validate({ channel: "telegram", type: "text", to: { contactId: "ct_1" }, text: "hi" }), []);
    const report = await fresh.sendMany([validMessage(), {}], { concurrency: 2 });
    assert.deepEqual([report.sent, report.failed, report.unknown], [1, 1, 0]);
    // No prototype was polluted by `__proto__` keys.
    assert.equal({}.polluted, undefined);
    assert.equal(Object.prototype.channel, undefined);
  } finally {
    s.close();
  }
  console.log(`fuzz: ${ITERATIONS} calls (seed ${SEED}): ${stats.returned} returned, ${stats.thrown} threw, ${stats.rejected} rejected, all WhautomateError; per export ${JSON.stringify(stats.calls)}`);
});

test("no export lets anything but WhautomateError escape (gaps the fuzz once found stay fixed)", () => {
  if (knownGaps.size) console.log(`known gaps still present:\n  ${[...knownGaps.keys()].join("\n  ")}`);
  assert.equal(knownGaps.size, 0, [...knownGaps.values()].join("\n---\n"));
});

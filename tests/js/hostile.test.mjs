// Hostile servers and careless callers (issue 14): each class of defect found by trying
// the built package (pkg/) as an attacker and a careless caller would, against real
// HTTP servers on 127.0.0.1. Every test names its class; each tries several forms of it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { inspect } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { reply, serve } from "../support/recording_server.mjs";
import { rejection } from "../support/rejection.mjs";
import { Whautomate, WhautomateError, validate } from "../../pkg/node.mjs";

const KEY = "sk_hostile/probe\"q\\k";
const MESSAGE = { channel: "telegram", type: "text", to: { contactId: "ct_1" }, text: "hi" };
const quick = { retry: { maxRetries: 0 }, rateLimit: false, locationId: "loc_1" };

// A full garbage collection, so that a memory reading shows what is still held, not what
// is merely not collected yet (node --test runs without --expose-gc).
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc");
const heldBuffers = () => {
  collect();
  return process.memoryUsage().arrayBuffers;
};

function renderings(value) {
  const out = [String(value), JSON.stringify(value) ?? "", inspect(value, { depth: 12, showHidden: true })];
  if (value instanceof Error) out.push(String(value.stack), JSON.stringify(value.body) ?? "", inspect(value.body, { depth: 50 }));
  return out;
}

function assertNoKey(value, where, key = KEY) {
  for (const text of renderings(value)) assert.ok(!text.includes(key), `${where}: the key leaked in ${text.slice(0, 400)}`);
}

// Calls `fn` with a fresh server that `handler` answers; closes it whatever happens.
async function withServer(handler, fn) {
  const s = await serve(handler);
  try {
    return await fn(s);
  } finally {
    s.close();
  }
}

// --- 1. redirects -----------------------------------------------------------------------

test("redirects are never followed: no key, no replayed POST, no fake delivery, no loop", async () => {
  await withServer((req, res) => reply(res, 200, req.method === "GET" ? [] : { success: true }), async (elsewhere) => {
    for (const code of [301, 302, 303, 307, 308]) {
      // Points at another origin; a loop back to itself for 307.
      const target = (self) => (code === 307 ? `${self}/v1/messages/telegram/sendtext` : `${elsewhere.host}/v1/anything`);
      const s = await serve((req, res) => res.writeHead(code, { location: target(s.host) }).end());
      try {
        for (const fetch of [undefined, (url, init) => globalThis.fetch(url, init)]) {
          const client = new Whautomate({ apiKey: KEY, host: s.host, fetch, ...quick, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 } });
          const sent = await rejection(client.send(MESSAGE));
          assert.equal(sent.code, "http_error", `${code}: ${sent.message}`);
          assert.equal(sent.status, code);
          assert.equal(sent.mayHaveBeenSent, false);
          assert.equal(sent.retryable, false);
          const read = await rejection(client.messages.list("ct_1"));
          assert.deepEqual([read.code, read.status], ["http_error", code]);
          const walked = await rejection(client.messages.iterate("ct_1").next());
          assert.equal(walked.code, "http_error");
          const report = await client.sendMany([MESSAGE, MESSAGE]);
          assert.deepEqual(report.results.map((r) => r.status), ["failed", "failed"]);
        }
        // One request per call, never repeated (the 307 loop once posted 21 times).
        assert.equal(s.requests.length, 2 * (3 + 2), `${code}: ${s.requests.length} requests`);
      } finally {
        s.close();
      }
      assert.equal(elsewhere.requests.length, 0, `${code}: the other origin was reached`);
    }
  });
});

test("a caller's fetch that follows redirects anyway is never taken for a delivery", async () => {
  await withServer((req, res) => reply(res, 200, { success: true }), async (elsewhere) => {
    const s = await serve((req, res) => res.writeHead(302, { location: `${elsewhere.host}/v1/x` }).end());
    try {
      const follows = (url, init) => globalThis.fetch(url, { ...init, redirect: "follow" });
      const client = new Whautomate({ apiKey: KEY, host: s.host, fetch: follows, ...quick });
      const e = await rejection(client.send(MESSAGE));
      assert.equal(e.code, "invalid_response");
      assert.equal(e.mayHaveBeenSent, true);
      const report = await client.sendMany([MESSAGE]);
      assert.equal(report.results[0].status, "unknown");
    } finally {
      s.close();
    }
  });
});

// --- 2. redaction -------------------------------------------------------------------------

// Every JSON form that decodes to `key`: each character escaped or not, \/ and \" and \\.
const jsonForms = (key) => {
  const u = (c, upper) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")[upper ? "toUpperCase" : "toLowerCase"]();
  const plain = JSON.stringify(key).slice(1, -1);
  const all = [...key].map((c) => u(c, false)).join("");
  const mixed = [...key].map((c, i) => (i % 2 ? u(c, true) : JSON.stringify(c).slice(1, -1))).join("");
  const slashed = plain.replace(/\//g, "\\/");
  return [plain, all, mixed, slashed];
};

test("a server echoing the key in any JSON form leaks it nowhere in the error", async () => {
  const forms = jsonForms(KEY);
  for (const [i, form] of forms.entries()) {
    const body = `{"message":"bad key ${form}","error":"${form}","details":[{"deep":[["${form}"]]}],"${form}":{"again":"x${form}y"}}`;
    for (const status of [400, 403, 500, 200]) {
      await withServer((req, res) => { res.writeHead(status, { "content-type": "application/json" }); res.end(status === 200 ? body.replace("{", '{"success":false,') : body); }, async (s) => {
        const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick });
        for (const call of [() => client.send(MESSAGE), () => client.messages.list("ct_1"), () => client.telegram.sendText({ to: { contactId: "c" }, text: "x" })]) {
          const e = await rejection(call());
          assert.ok(e instanceof WhautomateError);
          assertNoKey(e, `form ${i}, status ${status}`);
          assert.ok(typeof e.body === "object" && e.body !== null, `form ${i}: body still parses: ${inspect(e.body)}`);
        }
        const report = await client.sendMany([MESSAGE]);
        assertNoKey(report, `form ${i} sendMany`);
        assert.equal(s.requests[0].headers["x-api-key"], KEY);
      });
    }
  }
});

test("a key given with whitespace around it is trimmed once: sent and redacted as trimmed", async () => {
  const trimmed = "sk_trim_me_123";
  await withServer((req, res) => reply(res, 401, { message: `unknown key ${req.headers["x-api-key"]}`, key: req.headers["x-api-key"] }), async (s) => {
    for (const given of [` ${trimmed} `, `${trimmed}\n`, `\t${trimmed}\r\n`, `  ${trimmed}`]) {
      const client = new Whautomate({ apiKey: given, host: s.host, ...quick });
      const e = await rejection(client.send(MESSAGE));
      assertNoKey(e, JSON.stringify(given), trimmed);
      assert.equal(s.requests.at(-1).headers["x-api-key"], trimmed);
      assert.deepEqual(client.prepare(MESSAGE).headers["x-api-key"], trimmed);
    }
  });
});

test("short keys and keys in thrown fetch errors and text() failures are redacted too", async () => {
  for (const key of ["k3y", "a/b", 'q"'])
    await withServer((req, res) => reply(res, 400, { message: `echo ${req.headers["x-api-key"]}`, raw: req.headers["x-api-key"] }), async (s) => {
      const e = await rejection(new Whautomate({ apiKey: key, host: s.host, ...quick }).send(MESSAGE));
      assert.equal(e.code, "bad_request");
      assertNoKey(e, `key ${key}`, key);
    });
  const throwing = [
    async (url, init) => { throw new Error(`boom ${init.headers["x-api-key"]}`); },
    async (url, init) => ({ status: 200, headers: new Headers(), text: async () => { throw new Error(`read ${init.headers["x-api-key"]}`); } }),
    async (url, init) => { throw { message: `plain object ${init.headers["x-api-key"]}`, cause: { message: init.headers["x-api-key"] } }; },
  ];
  for (const fetch of throwing) {
    const e = await rejection(new Whautomate({ apiKey: KEY, host: "http://127.0.0.1:9", fetch, ...quick }).send(MESSAGE));
    assert.ok(e instanceof WhautomateError);
    assertNoKey(e, fetch.toString());
  }
});

// --- 3. own properties only ---------------------------------------------------------------

test("options are read from own properties only: an inherited fetch or signal is never used", async () => {
  await withServer((req, res) => reply(res, 200, req.method === "GET" ? [] : { success: true }), async (s) => {
    const stolen = [];
    const spy = (url, init) => { stolen.push(init.headers["x-api-key"]); return globalThis.fetch(url, init); };
    // An inherited `signal`, or an element on Array.prototype, breaks Node's own fetch as
    // well, so those are tried with a fetch of the caller's that answers without the
    // network; the rest over the real one.
    const local = (url) => Promise.resolve(new Response(url.includes("/v1/messages/c?") || url.endsWith("/v1/messages/c") ? "[]" : '{"success":true}'));
    const inherited = {
      fetch: spy, concurrency: 1, onProgress: () => { throw new Error("inherited"); }, host: "https://evil.example", timeoutMs: 1, page: 99,
      maxResponseBytes: 1, locationId: "inherited",
    };
    for (const [poison, fetch] of [[inherited, undefined], [{ signal: AbortSignal.abort() }, local]]) {
      for (const [k, v] of Object.entries(poison)) Object.defineProperty(Object.prototype, k, { value: v, configurable: true, writable: true });
      if (fetch) Array.prototype[0] = MESSAGE;
      try {
        const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick, ...(fetch ? { fetch } : {}) });
        assert.deepEqual(await client.send(MESSAGE, {}), { success: true });
        assert.deepEqual(await client.telegram.sendText({ to: { contactId: "c" }, text: "x" }, {}), { success: true });
        const report = await client.sendMany([, MESSAGE], {}); // eslint-disable-line no-sparse-arrays
        assert.deepEqual(report.results.map((r) => r.status), ["failed", "sent"]);
        assert.deepEqual(await client.messages.list("c", {}), []);
        const walked = [];
        for await (const m of client.messages.iterate("c", {})) walked.push(m);
        assert.deepEqual(walked, []);
      } finally {
        for (const k of Object.keys(poison)) delete Object.prototype[k];
        delete Array.prototype[0];
      }
    }
    assert.ok(!s.requests.some((r) => r.url.includes("page=99")));
    assert.ok(s.requests.every((r) => JSON.parse(r.body || "{}").location?.id !== "inherited"));
    assert.deepEqual(stolen, []);
  });
});

// --- 4. inputs that crashed the process ---------------------------------------------------

test("a signal that is not an AbortSignal is invalid_input before any request, never a crash later", async () => {
  const crashes = [];
  const onCrash = (e) => crashes.push(e);
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
  try {
    await withServer(() => {}, async (s) => {
      const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick, timeoutMs: 50 });
      const fakes = { plain: { aborted: false }, duck: { aborted: false, addEventListener() {}, removeEventListener() {} }, prototype: Object.create(AbortSignal.prototype), target: new EventTarget(), string: "signal", number: 1, boolean: true };
      for (const [name, signal] of Object.entries(fakes)) {
        for (const call of [
          () => client.send(MESSAGE, { signal }),
          () => client.telegram.sendText({ to: { contactId: "c" }, text: "x" }, { signal }),
          () => client.sendMany([MESSAGE], { signal }),
          () => client.messages.list("c", { signal }),
          async () => client.messages.iterate("c", { signal }).next(),
        ]) {
          const e = await rejection(call());
          assert.equal(e.code, "invalid_input", `${name}: ${e.message}`);
          assert.equal(e.field, "signal");
        }
      }
      assert.equal(s.requests.length, 0);
      // A real one from another AbortController still works.
      const e = await rejection(client.send(MESSAGE, { signal: AbortSignal.timeout(10) }));
      assert.ok(["aborted", "timeout"].includes(e.code), e.code);
    });
    await new Promise((r) => setTimeout(r, 150));
  } finally {
    process.off("uncaughtException", onCrash);
    process.off("unhandledRejection", onCrash);
  }
  assert.deepEqual(crashes, []);
});

test("whatever onProgress throws or rejects is ignored, without an unhandled rejection", async () => {
  const crashes = [];
  const onCrash = (e) => crashes.push(e);
  process.on("unhandledRejection", onCrash);
  try {
    await withServer((req, res) => reply(res, 200, { success: true }), async (s) => {
      const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick });
      const thenable = { then: (ok, fail) => fail(new Error("thenable")) };
      const badThen = { get then() { throw new Error("getter"); } };
      for (const onProgress of [async () => { throw new Error("async"); }, () => Promise.reject(new Error("rejected")), () => thenable, () => badThen, () => { throw new Error("sync"); }]) {
        const report = await client.sendMany([MESSAGE, MESSAGE, MESSAGE], { onProgress, concurrency: 2 });
        assert.equal(report.sent, 3);
      }
    });
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.off("unhandledRejection", onCrash);
  }
  assert.deepEqual(crashes.map(String), []);
});

// --- 5. once a request may have left, nothing claims it did not ---------------------------

test("a caller's fetch answering with something unusable: invalid_response, and the send may have been sent", async () => {
  const headers = new Headers();
  const answers = {
    "text() gives null": { status: 200, headers, text: async () => null },
    "text() gives undefined": { status: 200, headers, text: async () => undefined },
    "text() gives an object": { status: 200, headers, text: async () => ({ success: true }) },
    "status getter throws": { get status() { throw new Error("status"); }, headers, text: async () => "{}" },
    "status is not a number": { status: "200", headers, text: async () => '{"success":true}' },
    "status out of range": { status: 2 ** 32 + 200, headers, text: async () => '{"success":true}' },
    "no text()": { status: 200, headers },
    "headers.get throws": { status: 200, headers: { get() { throw new Error("get"); } }, text: async () => '{"success":tru' },
    "a body stream of strings": { status: 200, headers, body: new ReadableStream({ start(c) { c.enqueue("{}"); c.close(); } }) },
    null: null,
    "a string": "200 OK",
  };
  for (const [name, answer] of Object.entries(answers)) {
    const client = new Whautomate({ apiKey: KEY, host: "http://127.0.0.1:9", fetch: async () => answer, ...quick });
    const e = await rejection(client.send(MESSAGE));
    assert.ok(e instanceof WhautomateError, name);
    assert.equal(e.code, "invalid_response", `${name}: ${e.code} ${e.message}`);
    assert.equal(e.mayHaveBeenSent, true, name);
    const report = await client.sendMany([MESSAGE]);
    assert.equal(report.results[0].status, "unknown", name);
    assertNoKey(e, name);
  }
});

test("no body size can overflow: errors keep a bounded, redacted prefix; huge bodies are refused unread", async () => {
  // Whether each response went out whole: a body refused unread stops the server's writes.
  const served = [];
  const big = (status, bytes, declared) => (req, res) => {
    const record = { ended: false };
    served.push(record);
    const head = `{"message":"too big ${req.headers["x-api-key"]}","pad":"`;
    res.writeHead(status, declared ? { "content-length": head.length + bytes + 2 } : {});
    res.write(head);
    const chunk = "x".repeat(1 << 20);
    let left = bytes;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.slice(0, n))) return res.once("drain", pump);
      }
      res.end('"}');
      record.ended = true;
    };
    pump();
    res.on("error", () => {});
  };
  // Under the cap: the error body is a bounded prefix, without the key.
  for (const status of [500, 400]) {
    await withServer(big(status, 20 << 20, true), async (s) => {
      const e = await rejection(new Whautomate({ apiKey: KEY, host: s.host, ...quick }).send(MESSAGE));
      assert.equal(e.code, status === 500 ? "server_error" : "bad_request");
      assert.ok(JSON.stringify(e).length < 200_000, `error is ${JSON.stringify(e).length} chars`);
      assertNoKey(e, `${status} with 20 MiB`);
    });
  }
  // Over the cap, declared or not: invalid_response, and a send may have been sent.
  for (const declared of [true, false]) {
    await withServer(big(200, 40 << 20, declared), async (s) => {
      const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick, maxResponseBytes: 8 << 20 });
      served.length = 0;
      const e = await rejection(client.send(MESSAGE));
      assert.equal(e.code, "invalid_response", e.message);
      assert.equal(e.mayHaveBeenSent, true);
      assert.match(e.message, /maxResponseBytes/);
      const read = await rejection(client.messages.list("c"));
      assert.equal(read.code, "invalid_response");
      assert.equal(served.length, 2);
      // (What the process holds after the refusal depends on how far the runtime's own
      // socket buffering got, not on the SDK: the server's side is the dependable reading.)
      assert.ok(served.every((r) => !r.ended), `declared ${declared}: a 40 MiB body went out whole`);
    });
  }
  // The default cap is 32 MiB. The status still decides: a 500 may have been applied, a
  // 4xx was refused (the body unread, whether its length was declared or not).
  await withServer(big(500, 96 << 20, true), async (s) => {
    const e = await rejection(new Whautomate({ apiKey: KEY, host: s.host, ...quick }).send(MESSAGE));
    assert.deepEqual([e.code, e.status, e.mayHaveBeenSent], ["server_error", 500, true]);
    assert.match(e.message, /^HTTP 500, body not read: the response body is larger than maxResponseBytes \(33554432\)/);
  });
  for (const declared of [true, false]) {
    await withServer(big(401, 40 << 20, declared), async (s) => {
      const e = await rejection(new Whautomate({ apiKey: KEY, host: s.host, ...quick, maxResponseBytes: 8 << 20 }).send(MESSAGE));
      assert.deepEqual([e.code, e.status, e.mayHaveBeenSent, e.retryable], ["unauthorized", 401, false, false]);
      assertNoKey(e, `401 with 40 MiB, declared ${declared}`);
    });
  }
});

// --- 6, 7. history pages ------------------------------------------------------------------

test("a large history page is read with JSON.parse, and wasm memory does not grow for it", async () => {
  const message = (i) => ({ id: `m${i}`, text: "lorem ipsum ".repeat(20), isIncoming: i % 2 === 0, createdAt: "2026-01-01T00:00:00Z" });
  const page = JSON.stringify(Array.from({ length: 60_000 }, (_, i) => message(i)));
  assert.ok(page.length > 15 << 20);
  await withServer((req, res) => { res.writeHead(200, { "content-type": "application/json" }); res.end(page); }, async (s) => {
    const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick });
    await client.messages.list("warm", { limit: 1 }).catch(() => {});
    const before = heldBuffers();
    const got = await client.messages.list("c");
    assert.equal(got.length, 60_000);
    assert.deepEqual(got[59_999], message(59_999));
    // Linear memory is an ArrayBuffer that never shrinks: a page copied into wasm would
    // keep it tens of MB larger.
    const grown = heldBuffers() - before;
    assert.ok(grown < page.length, `array buffers grew by ${grown} bytes`);
  });
});

test("a message with a lone surrogate does not make its page unreadable", async () => {
  const bodies = ['[{"id":"m1","text":"cut \\ud83d"},{"id":"m2","text":"ok"}]', '[{"id":"m1","text":"\\udc00 low"}]', '[{"id":"\\ud800","text":"key \\ud83d\\ude00 pair"}]'];
  for (const body of bodies) {
    await withServer((req, res) => { res.writeHead(200); res.end(/page=[2-9]/.test(req.url) ? "[]" : body); }, async (s) => {
      const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick });
      assert.deepEqual(await client.messages.list("c"), JSON.parse(body));
      const walked = [];
      for await (const m of client.messages.iterate("c", { limit: 50 })) walked.push(m);
      assert.deepEqual(walked, JSON.parse(body));
    });
  }
});

// --- 8, 10, 11. values JSON cannot hold, and options validated alike everywhere ----------

test("values JSON cannot hold are invalid_input on their own field, never a silent change", async () => {
  await withServer((req, res) => reply(res, 200, { success: true }), async (s) => {
    const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick });
    const cases = [
      [{ scheduleAt: new Date("next tuesday 9am") }, "scheduleAt"],
      [{ scheduleAt: new Date(NaN) }, "scheduleAt"],
      [{ text: () => "hi" }, "text"],
      [{ text: Symbol("hi") }, "text"],
      [{ text: 10n }, "text"],
      [{ to: { contactId: NaN } }, "to.contactId"],
      [{ to: { contactId: Infinity } }, "to.contactId"],
      [{ locationId: () => "loc" }, "locationId"],
      [{ text: "cut \ud83d" }, "text"],
      [{ text: "lone low \udc00 here" }, "text"],
      [{ typo: () => 1 }, "typo"],
    ];
    for (const [change, field] of cases) {
      const message = { ...MESSAGE, ...change };
      const e = await rejection(client.send(message));
      assert.equal(e.code, "invalid_input", `${field}: ${e.message}`);
      assert.equal(e.field, field, `${inspect(change)}: ${e.message}`);
      const violations = validate(message);
      assert.ok(violations.some((v) => v.field === field), `${inspect(change)}: ${JSON.stringify(violations)}`);
      const report = await client.sendMany([message]);
      assert.equal(report.results[0].status, "failed");
    }
    assert.equal(s.requests.length, 0, "something was sent");
  });
});

test("option values are checked alike at construction: non-finite numbers and unusable hosts name their field", () => {
  const bad = [
    [{ timeoutMs: NaN }, "timeoutMs"], [{ timeoutMs: Infinity }, "timeoutMs"], [{ maxResponseBytes: NaN }, "maxResponseBytes"],
    [{ maxResponseBytes: 0 }, "maxResponseBytes"],
    [{ retry: { maxRetries: NaN } }, "retry.maxRetries"], [{ retry: { maxDelayMs: -Infinity } }, "retry.maxDelayMs"],
    [{ retry: { baseDelayMs: NaN } }, "retry.baseDelayMs"],
    [{ rateLimit: { perMinute: 10, burst: NaN } }, "rateLimit.burst"], [{ rateLimit: { perMinute: Infinity } }, "rateLimit.perMinute"],
    [{ host: "https://h.example:99999" }, "host"], [{ host: "https://h.example:abc" }, "host"], [{ host: "https://[::1" }, "host"],
    [{ host: "https://h%00.example" }, "host"], [{ host: "https://exa mple.com" }, "host"], [{ host: "https://[::1]:99999" }, "host"],
    [{ fetch: "fetch" }, "fetch"], [{ fetchh: () => {} }, "fetchh"], [{ locationId: () => "x" }, "locationId"],
  ];
  for (const [options, field] of bad) {
    let error;
    try {
      new Whautomate({ apiKey: KEY, ...options });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof WhautomateError, `${inspect(options)} was accepted`);
    assert.equal(error.code, "invalid_input");
    assert.equal(error.field, field, `${inspect(options)}: ${error.message}`);
    assertNoKey(error, inspect(options));
  }
  const unknown = (() => { try { new Whautomate({ apiKey: KEY, fetchh: () => {} }); } catch (e) { return e; } })();
  assert.match(unknown.message, /\bfetch\b/);
  // Every host a URL parser accepts as the same thing stays accepted.
  for (const host of ["https://api.whautomate.com", "https://api.in.whautomate.com/", "http://127.0.0.1:8080", "http://[::1]:3000", "https://proxy.example.com/whautomate", "https://h.example:443"]) {
    assert.doesNotThrow(() => new Whautomate({ apiKey: KEY, host }), host);
  }
});

// The host table the Rust library is held to as well (tests/core_hostile_config.rs): here
// each host is read by the platform's own URL parser (the driver's `new URL()`, which is
// fetch's) and judged by the engine, and the base URL every request is built on is the
// same as the Rust library's, where the url crate reads.
test("hosts: a URL class replaced after the package loaded is not the one that reads them", () => {
  const Original = globalThis.URL;
  globalThis.URL = class {
    constructor() {
      Object.assign(this, { protocol: "https:", username: "", password: "", hostname: "evil.example", port: "", pathname: "/", search: "", hash: "" });
    }
  };
  try {
    const request = new Whautomate({ apiKey: KEY, host: "https://api.whautomate.com", locationId: "loc_replaced_url" })
      .prepare({ channel: "telegram", type: "text", to: { contactId: "c" }, text: "t" });
    assert.equal(request.url, "https://api.whautomate.com/v1/messages/telegram/sendtext");
  } finally {
    globalThis.URL = Original;
  }
});

test("hosts: a runtime without URL still loads the package; only a host given is refused", () => {
  const script = `delete globalThis.URL;
    const { Whautomate } = await import(${JSON.stringify(new URL("../../pkg/node.mjs", import.meta.url).href)});
    const url = new Whautomate({ apiKey: "k", locationId: "l" }).prepare({ channel: "telegram", type: "text", to: { contactId: "c" }, text: "t" }).url;
    let refused;
    try { new Whautomate({ apiKey: "k", host: "https://api.whautomate.com" }); } catch (e) { refused = [e.code, e.field, e.violations[0].code]; }
    console.log(JSON.stringify({ url, refused }));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { url: "https://api.whautomate.com/v1/messages/telegram/sendtext", refused: ["invalid_input", "host", "invalid_url"] });
});

test("hosts: the shared table (tests/fixtures/hosts.json) holds with the platform's URL parser", () => {
  const table = JSON.parse(readFileSync(new URL("../fixtures/hosts.json", import.meta.url), "utf8"));
  const message = { channel: "telegram", type: "text", to: { contactId: "c" }, text: "t", locationId: "l" };
  for (const { host, base } of table.accepted) {
    const request = new Whautomate({ apiKey: KEY, host }).prepare(message);
    assert.equal(request.url, `${base}/messages/telegram/sendtext`, inspect(host));
  }
  for (const { host, code } of table.refused) {
    let error;
    try {
      new Whautomate({ apiKey: KEY, host });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof WhautomateError, `${inspect(host)} was accepted`);
    assert.deepEqual([error.field, error.violations[0].code], ["host", code], inspect(host));
    assertNoKey(error, inspect(host));
  }
});

test("unknown keys in the options of every call are refused with the valid names listed", async () => {
  await withServer((req, res) => reply(res, 200, req.method === "GET" ? [] : { success: true }), async (s) => {
    const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick });
    const calls = [
      [() => client.send(MESSAGE, { signall: undefined, sig: 1 }), "sig", /signal/],
      [() => client.telegram.sendText({ to: { contactId: "c" }, text: "x" }, { timeoutMs: 5 }), "timeoutMs", /signal/],
      [() => client.sendMany([MESSAGE], { concurrancy: 40 }), "concurrancy", /concurrency/],
      [() => client.sendMany([MESSAGE], { concurrency: NaN }), "concurrency", /number/],
      [() => client.sendMany([MESSAGE], { concurrency: 2000 }), "concurrency", /1024/],
      [() => client.sendMany([MESSAGE], { onProgress: "log" }), "onProgress", /function/],
      [() => client.messages.list("c", { limt: 5 }), "limt", /limit/],
      [() => client.messages.list("c", { limit: NaN }), "limit", /NaN/],
      [async () => client.messages.iterate("c", { serchText: "x" }).next(), "serchText", /searchText/],
    ];
    for (const [call, field, listed] of calls) {
      const e = await rejection(call());
      assert.equal(e.code, "invalid_input", `${field}: ${e.message}`);
      assert.equal(e.field, field, e.message);
      assert.match(e.message, listed);
    }
    assert.equal(s.requests.length, 0);
  });
});

test("validate() returns violations or throws only WhautomateError, for any input", () => {
  const huge = "k".repeat(46_000_000);
  const violations = validate({ ...MESSAGE, [huge]: 1 });
  assert.ok(Array.isArray(violations) && violations.length > 0);
  assert.ok(violations.every((v) => v.field.length < 200 && v.message.length < 400), JSON.stringify(violations).slice(0, 300));
  const proxy = new Proxy({}, { ownKeys() { throw new Error("trap"); } });
  for (const value of [proxy, { toJSON() { throw new Error("toJSON"); } }, { get text() { throw new Error("getter"); } }]) {
    let result;
    try {
      result = validate(value);
    } catch (e) {
      assert.ok(e instanceof WhautomateError, String(e));
      continue;
    }
    assert.ok(Array.isArray(result) && result.length > 0);
  }
});

// --- 9. the rate limit on long waits and clock steps ---------------------------------------

test("rate-limit waits longer than a timer can hold never fire early", async () => {
  await withServer((req, res) => reply(res, 200, { success: true }), async (s) => {
    const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick, rateLimit: { perMinute: 1, burst: 1 } });
    const stop = new AbortController();
    // The 35,792nd reservation waits more than 2^31 - 1 ms.
    const calls = Array.from({ length: 36_000 }, () => client.send(MESSAGE, { signal: stop.signal }).then(() => "sent", (e) => e.code));
    await new Promise((r) => setTimeout(r, 1500));
    stop.abort();
    const outcomes = await Promise.all(calls);
    assert.equal(s.requests.length, 1, `${s.requests.length} requests went out`);
    assert.equal(outcomes.filter((o) => o === "sent").length, 1);
    assert.equal(outcomes.filter((o) => o === "aborted").length, 35_999);
  });
});

test("the rate limit runs on a monotonic clock: wall-clock steps neither stall nor flood it", async () => {
  const realNow = Date.now;
  const arrivals = [];
  await withServer((req, res) => { arrivals.push(performance.now()); reply(res, 200, { success: true }); }, async (s) => {
    try {
      for (const step of [-10 * 60_000, +60 * 60_000]) {
        Date.now = realNow;
        const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick, rateLimit: { perMinute: 600, burst: 1 } });
        Date.now = () => realNow() + step;
        const started = performance.now();
        const before = arrivals.length;
        for (let i = 0; i < 12; i++) await client.send(MESSAGE);
        assert.equal(arrivals.length - before, 12);
        // 600/min is one send per ~103 ms (paced at 97%): 11 waits. Stalled, this took
        // 10 minutes; flooded, the 12 would arrive at once.
        assert.ok(performance.now() - started < 20_000, `step ${step}: ${performance.now() - started} ms`);
        const span = arrivals.at(-1) - arrivals[before];
        assert.ok(span > 11 * 90, `step ${step}: 12 requests within ${Math.round(span)} ms`);
      }
    } finally {
      Date.now = realNow;
    }
  });
});

// --- 12. one engine for import and require --------------------------------------------------

test("import and require load one engine: instanceof WhautomateError holds across both", () => {
  const script = `
    import { createRequire } from "node:module";
    import * as esm from "${new URL("../../pkg/node.mjs", import.meta.url).href}";
    const cjs = createRequire(import.meta.url)("${new URL("../../pkg/node.cjs", import.meta.url).pathname}");
    let thrown;
    try { new esm.Whautomate({}); } catch (e) { thrown = e; }
    console.log(JSON.stringify({ same: esm.WhautomateError === cjs.WhautomateError && esm.Whautomate === cjs.Whautomate,
      crossInstanceof: thrown instanceof cjs.WhautomateError }));`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { same: true, crossInstanceof: true });
});


// --- found by probing the package after the first round --------------------------------

test("a caller's fetch failing with hostile values settles every call, never crashes", async () => {
  const crashes = [];
  const onCrash = (e) => crashes.push(e);
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
  const revoked = () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; };
  const getterThrows = () => ({ get code() { throw new Error("code"); }, get message() { throw new Error("message"); } });
  const stream = (fail) => new ReadableStream({ pull(c) { c.error(fail()); } });
  const fetches = {
    "rejects with a revoked proxy": async () => { throw revoked(); },
    "rejects with throwing getters": async () => { throw getterThrows(); },
    "resolves to a revoked proxy": async () => revoked(),
    "body stream errors with a revoked proxy": async () => new Response(stream(revoked)),
    "body stream errors with throwing getters": async () => new Response(stream(getterThrows)),
    "text() rejects with a revoked proxy": async () => ({ status: 200, headers: new Headers(), text: async () => { throw revoked(); } }),
  };
  try {
    for (const [name, fetch] of Object.entries(fetches)) {
      const client = new Whautomate({ apiKey: KEY, host: "http://127.0.0.1:9", fetch, ...quick, timeoutMs: 2000 });
      const e = await rejection(client.send(MESSAGE));
      assert.ok(e instanceof WhautomateError, name);
      assert.ok(["network", "invalid_response"].includes(e.code), `${name}: ${e.code}`);
      assert.equal(e.mayHaveBeenSent, true, name);
      const report = await client.sendMany([MESSAGE]);
      assert.equal(report.results[0].status, "unknown", name);
    }
    // A real AbortSignal whose own methods were replaced with throwing ones.
    await withServer((req, res) => reply(res, 200, { success: true }), async (s) => {
      const signal = new AbortController().signal;
      for (const k of ["addEventListener", "removeEventListener"]) Object.defineProperty(signal, k, { value() { throw new Error(k); } });
      Object.defineProperty(signal, "aborted", { get() { throw new Error("aborted"); } });
      const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick });
      assert.deepEqual(await client.send(MESSAGE, { signal }), { success: true });
    });
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    process.off("uncaughtException", onCrash);
    process.off("unhandledRejection", onCrash);
  }
  assert.deepEqual(crashes.map(String), []);
});

test("a failure after the response began is never 'refused': a send is not repeated", async () => {
  let calls = 0;
  const fetch = async () => {
    calls++;
    const failing = new ReadableStream({ pull(c) { c.error(Object.assign(new Error("read ECONNREFUSED"), { code: "ECONNREFUSED" })); } });
    return new Response(failing, { status: 200 });
  };
  const client = new Whautomate({ apiKey: KEY, host: "http://127.0.0.1:9", fetch, ...quick, retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 } });
  const e = await rejection(client.send(MESSAGE));
  // A 2xx whose body stopped arriving cannot confirm the send: it may have been applied.
  assert.deepEqual([e.code, e.status, e.mayHaveBeenSent, e.retryable], ["invalid_response", 200, true, false]);
  assert.equal(calls, 1);
  assert.equal((await client.sendMany([MESSAGE])).results[0].status, "unknown");
});

test("a body cut while it arrives keeps its status: a refusal stays the server's, a 429 waits as told", async () => {
  // A real server that writes the status line, headers and a few bytes of a longer body,
  // then drops the connection.
  const script = [];
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.once("data", () => {
      const [status, extra] = script.shift();
      socket.write(`HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\ncontent-length: 100\r\n${extra}\r\n{"message":"part`);
      setTimeout(() => socket.destroy(), 10);
    });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const host = `http://127.0.0.1:${server.address().port}`;
  try {
    const client = new Whautomate({ apiKey: KEY, host, ...quick, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 50 } });
    for (const [status, code] of [[401, "unauthorized"], [400, "bad_request"], [404, "not_found"]]) {
      script.push([status, ""]);
      const e = await rejection(client.send(MESSAGE));
      assert.deepEqual([e.code, e.status, e.mayHaveBeenSent, e.retryable], [code, status, false, false], `${status}: ${e.message}`);
      assert.match(e.message, new RegExp(`^HTTP ${status}, body not read: `));
      assertNoKey(e, `${status}`);
    }
    // A 429 is retried after its Retry-After, and the next answer decides.
    const before = connections;
    script.push([429, "retry-after: 0\r\n"], [200, ""]);
    const e = await rejection(client.send(MESSAGE));
    assert.deepEqual([e.code, e.status, e.mayHaveBeenSent], ["invalid_response", 200, true]);
    assert.equal(connections - before, 2);
  } finally {
    server.close();
  }
});

test("a compressed body is counted as it inflates: a gzip bomb is refused early", async () => {
  const { gzipSync } = await import("node:zlib");
  const bomb = gzipSync(Buffer.alloc(200 << 20, 0x20), { level: 9 });
  assert.ok(bomb.length < 1 << 20);
  await withServer((req, res) => { res.writeHead(200, { "content-encoding": "gzip", "content-length": bomb.length }); res.end(bomb); }, async (s) => {
    const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick, maxResponseBytes: 1 << 20 });
    const before = process.memoryUsage().rss;
    for (const call of [() => client.send(MESSAGE), () => client.messages.list("c")]) {
      const e = await rejection(call());
      assert.equal(e.code, "invalid_response", e.message);
      assert.match(e.message, /maxResponseBytes/);
    }
    assert.ok(process.memoryUsage().rss - before < 100 << 20, "the bomb was inflated whole");
  });
});

test("a cross-origin response hides its Content-Encoding: its Content-Length bounds nothing, the body is counted as it inflates", async () => {
  const { gzipSync } = await import("node:zlib");
  const bomb = gzipSync(Buffer.alloc(20 << 20, 0x20), { level: 9 });
  await withServer((req, res) => { res.writeHead(404, { "content-encoding": "gzip", "content-length": bomb.length }); res.end(bomb); }, async (s) => {
    // What a browser's fetch gives for another origin: type "cors", Content-Length shown
    // (the compressed length), Content-Encoding hidden, the body inflated.
    const fetch = async (url, init) => {
      const real = await globalThis.fetch(url, init);
      const seen = new Response(real.body, { status: real.status, headers: { "content-length": String(bomb.length) } });
      Object.defineProperty(seen, "type", { value: "cors" });
      return seen;
    };
    const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick, maxResponseBytes: 1 << 20, fetch });
    const e = await rejection(client.send(MESSAGE));
    assert.deepEqual([e.code, e.status, e.mayHaveBeenSent], ["not_found", 404, false]);
    assert.match(e.message, /more than that arrived/);
  });
});

test("a response without a body (a 204) is not over any limit, whatever its Content-Length says", async () => {
  const fetch = async () => new Response(null, { status: 204, headers: { "content-length": "5000" } });
  const client = new Whautomate({ apiKey: KEY, host: "https://api.whautomate.test", ...quick, maxResponseBytes: 1000, fetch });
  assert.equal(await client.webhooks.delete("wh_1"), undefined);
  // A send answered so has an empty answer, not one too large to read.
  const e = await rejection(client.send(MESSAGE));
  assert.equal(e.code, "invalid_response");
  assert.doesNotMatch(e.message, /body not read/);
});

test("boxed numbers, date-library invalid dates, controllers and maps are named, never dropped", async () => {
  await withServer((req, res) => reply(res, 200, { success: true }), async (s) => {
    const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick });
    const invalidDayjs = { toJSON: () => null, isValid: () => false };
    for (const [change, field] of [[{ scheduleAt: invalidDayjs }, "scheduleAt"], [{ scheduleAt: Object(NaN) }, "scheduleAt"], [{ to: { contactId: Object(Infinity) } }, "to.contactId"], [{ text: new Map([["a", 1]]) }, "text"]]) {
      const e = await rejection(client.send({ ...MESSAGE, ...change }));
      assert.deepEqual([e.code, e.field], ["invalid_input", field], e.message);
    }
    for (const [options, field] of [[{ timeoutMs: Object(NaN) }, "timeoutMs"], [{ retry: { maxRetries: Object(Infinity) } }, "retry.maxRetries"], [{ timeoutMs: { toJSON: () => null } }, "timeoutMs"], [{ timeoutMs: 0.5 }, "timeoutMs"], [{ retry: { baseDelayMs: 0.5 } }, "retry.baseDelayMs"]]) {
      let error;
      try { new Whautomate({ apiKey: KEY, ...options }); } catch (e) { error = e; }
      assert.equal(error?.field, field, inspect(options));
      // A fraction is no whole number (invalid_type, said so); NaN and the like name what they are.
      if (options.timeoutMs === 0.5) assert.deepEqual([error.violations[0].code, error.message], ["invalid_type", "timeoutMs must be a whole number, not a fraction"]);
    }
    const controller = new AbortController();
    controller.abort();
    for (const options of [controller, new Map([["signal", controller.signal]]), { concurrency: Object(NaN) }]) {
      assert.equal((await rejection(client.send(MESSAGE, options))).code, "invalid_input");
      assert.equal((await rejection(client.sendMany([MESSAGE], options))).code, "invalid_input");
    }
    assert.match((await rejection(client.send(MESSAGE, controller))).message, /controller\.signal/);
    assert.equal(s.requests.length, 0);
  });
  assert.ok(validate({ toJSON: () => undefined }).length > 0);
});

test("objects whose contents JSON cannot see (Headers, FormData, a Map with fields...) are refused on their field, never sent without them", async () => {
  await withServer((req, res) => reply(res, 200, { id: "wh_1", success: true }), async (s) => {
    const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick });
    const opaque = () => [new Headers({ "x-secret": "s" }), new URLSearchParams("a=1"), new FormData(), new ArrayBuffer(2), /re/g, new Error("x"), Promise.resolve(1), new WeakMap(), new Blob(["x"]), new Map(), new Set([1]), new AbortController().signal];
    for (const value of opaque()) {
      const what = Object.prototype.toString.call(value);
      for (const [message, field] of [[{ ...MESSAGE, text: value }, "text"], [{ ...MESSAGE, to: value }, "to"]]) {
        const e = await rejection(client.send(message));
        assert.deepEqual([e.code, e.field], ["invalid_input", field], `${what}: ${e.message}`);
        assert.match(e.message, /contents JSON cannot see|AbortSignal/, what);
      }
      // A webhook's headers given as a Headers object (the secret the endpoint checks) was
      // sent as no headers at all: an unprotected endpoint.
      const e = await rejection(client.webhooks.create({ name: "n", serverUrl: "https://example.com/hook", events: ["e"], headers: value }));
      assert.deepEqual([e.code, e.field], ["invalid_input", "headers"], `${what}: ${e.message}`);
      assert.throws(() => new Whautomate({ apiKey: KEY, retry: value }), (e) => e.field === "retry", what);
      assert.throws(() => new Whautomate(value), (e) => e.code === "invalid_input", what);
    }
    // Whatever fields one carries besides its contents: JSON would write those fields and
    // drop the contents (a Map subclass's class field, a field added to Headers), so the
    // secret header went and the rest was sent. A typed array (written as its indices)
    // and a class that tags itself are refused alike.
    class HeaderMap extends Map { source = "vault"; }
    class Tagged { constructor() { this.contactId = "ct_2"; } get [Symbol.toStringTag]() { return "Tagged"; } }
    const headed = [new HeaderMap([["X-Hook-Secret", "s3cret"]]), Object.assign(new Map([["X-Hook-Secret", "s3cret"]]), { "X-Env": "prod" }), Object.assign(new Headers({ "x-hook-secret": "s3cret" }), { "x-env": "prod" })];
    for (const headers of headed) {
      const e = await rejection(client.webhooks.create({ name: "n", serverUrl: "https://example.com/hook", events: ["e"], headers }));
      assert.deepEqual([e.code, e.field], ["invalid_input", "headers"], e.message);
    }
    for (const to of [Object.assign(new Map(), { contactId: "c1" }), new Uint8Array([1]), new Tagged()]) {
      assert.equal((await rejection(client.send({ ...MESSAGE, to }))).field, "to");
    }
    assert.equal(s.requests.length, 0);
    // Plain objects of any prototype, and module namespaces, are read as JSON reads them.
    const module = (source) => import(`data:text/javascript,${encodeURIComponent(source)}`);
    const namespace = await module('export const contactId = "ct_1";');
    class Plain { constructor() { this.contactId = "ct_2"; } }
    for (const to of [namespace, new Plain(), Object.assign(Object.create(null), { contactId: "ct_3" })]) {
      assert.deepEqual(await client.send({ ...MESSAGE, to }), { success: true });
    }
    assert.deepEqual(s.requests.map((r) => JSON.parse(r.body).contact?.id), ["ct_1", "ct_2", "ct_3"]);
    assert.ok(new Whautomate(await module(`export const apiKey = ${JSON.stringify(KEY)};`)));
  });
});

test("a Retry-After of any length is read within a body's bound: a huge one is no wait, and the 429 goes again", async () => {
  let calls = 0;
  const fetch = async () => (++calls === 1 ? new Response("{}", { status: 429, headers: { "retry-after": "0".repeat(30_000_000) + "60" } }) : new Response('{"success":true}'));
  const client = new Whautomate({ apiKey: KEY, host: "https://api.whautomate.test", ...quick, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5 }, fetch });
  assert.deepEqual(await client.send(MESSAGE), { success: true });
  assert.equal(calls, 2);
});

test("an input too large for the engine is refused, and the engine keeps working after", async () => {
  await withServer((req, res) => reply(res, 200, { success: true }), async (s) => {
    const client = new Whautomate({ apiKey: KEY, host: s.host, ...quick });
    const huge = "x".repeat(100_000_000); // 300 MB as worst-case UTF-8: over the engine's 256 MiB
    const e = await rejection(client.send({ ...MESSAGE, text: huge }));
    assert.deepEqual([e.code, e.field, e.violations[0].code, e.mayHaveBeenSent], ["invalid_input", "", "too_long", false]);
    assert.match(e.message, /^the input is too large/);
    // validate() returns it as a violation, as it does every other problem.
    const [violation, ...rest] = validate({ ...MESSAGE, text: huge });
    assert.deepEqual([violation.field, violation.code, rest.length], ["", "too_long", 0]);
    assert.deepEqual(validate(MESSAGE), []);
    // A message over the old 1 KiB buffer still goes out whole.
    const long = { ...MESSAGE, text: "y".repeat(3000) };
    assert.deepEqual(await client.send(long), { success: true });
    assert.equal(JSON.parse(s.requests.at(-1).body).textMessage.length, 3000);
  });
});

test("a client made long before its first call still uses its own key, however many other clients came between", async () => {
  await withServer((req, res) => reply(res, 200, { success: true }), async (s) => {
    // Made first, used last: clients with 40 other keys (a multi-tenant Worker) come
    // between; the engine's profile of the first one's options is let go meanwhile.
    const first = new Whautomate({ apiKey: "sk_tenant_first", host: s.host, ...quick });
    const others = Array.from({ length: 40 }, (_, i) => new Whautomate({ apiKey: `sk_tenant_${i}`, host: s.host, ...quick }));
    for (const [i, c] of others.entries()) {
      await c.send(MESSAGE);
      assert.equal(s.requests.at(-1).headers["x-api-key"], `sk_tenant_${i}`);
    }
    await first.send(MESSAGE);
    assert.equal(s.requests.at(-1).headers["x-api-key"], "sk_tenant_first");
    assert.equal(first.prepare(MESSAGE).headers["x-api-key"], "sk_tenant_first");
    // And one used before, whose options were let go after: its state keeps them.
    await others[0].send(MESSAGE);
    assert.equal(s.requests.at(-1).headers["x-api-key"], "sk_tenant_0");
    const late = Array.from({ length: 40 }, (_, i) => new Whautomate({ apiKey: `sk_late_${i}`, host: s.host, ...quick }));
    await late[39].send(MESSAGE);
    await others[0].send({ ...MESSAGE, locationId: "loc_9" });
    assert.equal(s.requests.at(-1).headers["x-api-key"], "sk_tenant_0");
  });
});

test("JSON nested as deep as the engine reads it, through every entry: errors by name, and the engines keep working", async () => {
  // The engines' stack is sized for this (.cargo/config.toml): the deepest value they read
  // (MAX_DEPTH - 1 levels, and one more, refused) in every place a caller's value goes in.
  const { parseWebhookEvent } = await import("../../pkg/webhooks-node.mjs");
  const nested = (depth, wrap) => { let v = 1; for (let i = 0; i < depth; i++) v = wrap(v); return v; };
  const ok = () => Promise.resolve(new Response('{"success":true}'));
  for (const depth of [127, 128, 5000]) {
    for (const wrap of [(v) => [v], (v) => ({ a: v })]) {
      const deep = nested(depth, wrap);
      const where = `depth ${depth} ${Array.isArray(wrap(0)) ? "arrays" : "objects"}`;
      const codes = validate({ ...MESSAGE, x: deep }).map((v) => v.code);
      assert.ok(codes.length === 1 && ["unknown_field", "invalid_json", "invalid_type"].includes(codes[0]), `${where}: validate gave ${codes}`);
      assert.throws(() => new Whautomate({ apiKey: KEY, x: deep }), (e) => e instanceof WhautomateError && e.code === "invalid_input", where);
      const client = new Whautomate({ apiKey: KEY, ...quick, fetch: ok });
      assert.throws(() => client.prepare({ ...MESSAGE, x: deep }), (e) => e.code === "invalid_input", where);
      const report = await client.sendMany([{ ...MESSAGE, x: deep }, MESSAGE]);
      assert.deepEqual(report.results.map((r) => r.status), ["failed", "sent"], where);
      await assert.rejects(client.webhooks.create({ name: "n", serverUrl: "https://example.com/h", events: ["message.received"], x: deep }), (e) => e.code === "invalid_input", where);
      if (depth < 5000) {
        // One level less inside the event's own object: the deepest payload it reads.
        const event = (value) => JSON.stringify({ event: { id: "e1", type: "incoming_whatsapp_message" }, message: { id: "m1", x: value } });
        try {
          const read = parseWebhookEvent(event(nested(depth - 3, wrap)));
          assert.equal(read.id, "e1", where);
        } catch (e) {
          assert.ok(e instanceof WhautomateError && e.code === "invalid_input", `${where}: ${e}`);
        }
        assert.throws(() => parseWebhookEvent(event(deep)), (e) => e instanceof WhautomateError && e.code === "invalid_input", where);
      }
    }
  }
  const client = new Whautomate({ apiKey: KEY, ...quick, fetch: ok });
  assert.deepEqual(await client.telegram.sendText({ to: { contactId: "ct_1" }, text: "still working" }), { success: true });
  assert.equal(parseWebhookEvent(JSON.stringify({ event: { id: "e2", type: "incoming_whatsapp_message" }, message: { id: "m2" } })).id, "e2");
});

test("a polluted Object.prototype (an enumerable key on it) neither breaks require nor the extras: sendMany, history and whautomate/webhooks work", () => {
  const pkg = (file) => JSON.stringify(fileURLToPath(new URL(`../../pkg/${file}`, import.meta.url)));
  const script = `Object.prototype.polluted = 1;
    const { Whautomate } = require(${pkg("node.cjs")});
    const { parseWebhookEvent } = require(${pkg("webhooks-node.cjs")});
    const answer = (body) => async () => new Response(body, { status: 200 });
    const client = (body) => new Whautomate({ apiKey: "k", locationId: "l", rateLimit: false, fetch: answer(body) });
    (async () => {
      const report = await client('{"success":true}').sendMany([{ channel: "telegram", type: "text", to: { contactId: "c" }, text: "t" }]);
      const page = await client('[{"id":"m1"}]').messages.list("c");
      const event = parseWebhookEvent('{"event":{"id":"e1","type":"contact_created"}}');
      console.log(JSON.stringify({ sent: report.sent, page: page.length, event: event.id }));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { sent: 1, page: 1, event: "e1" });
});

test("an options object whose getter throws is invalid_input naming its kind, never quoting what was thrown (its text may hold the key)", async () => {
  const { createWebhookHandler, createWebhookListener, WhautomateError: ReceivingError } = await import("../../pkg/webhooks-node.mjs");
  const secret = "sk_getter_leak_5e1";
  const throwing = (extra) => ({ ...extra, get signal() { throw new Error(`no signal for ${secret}`); }, get secret() { throw new Error(`no secret for ${secret}`); } });
  const client = new Whautomate({ apiKey: secret, ...quick, fetch: async () => new Response('{"success":true}') });
  const calls = [
    () => new Whautomate({ apiKey: secret, get host() { throw new Error(`no host for ${secret}`); } }),
    () => client.send(MESSAGE, throwing()),
    () => client.sendMany([MESSAGE], throwing()),
    () => client.messages.list("ct_1", throwing()),
    () => client.webhooks.list(throwing()),
    () => createWebhookHandler(throwing({ onEvent() {} })),
    () => createWebhookListener(throwing({ onEvent() {} })),
  ];
  for (const call of calls) {
    const e = await (async () => call())().then(() => assert.fail(`accepted: ${call}`), (e) => e);
    assert.ok(e instanceof WhautomateError || e instanceof ReceivingError, `${call}: ${e}`);
    assert.equal(e.code, "invalid_input", String(call));
    assert.match(e.message, /^options cannot be serialised: a getter or toJSON\(\) of it threw$/, String(call));
    assert.ok(!JSON.stringify(e).includes(secret) && !String(e.stack).includes(secret), String(call));
  }
});

test("a message with tens of thousands of wrong items: the first 100 violations and one saying there were more", async () => {
  // Each wrong item was a violation kept, and the .wasm's allocator (lol_alloc) frees in
  // time proportional to its free list: 40,000 numbers in a list of strings took 14 s of
  // one synchronous call, 160,000 several minutes. Now at most 100 are kept, everywhere.
  const bounded = (violations, first) => {
    assert.equal(violations.length, 101);
    assert.equal(violations[0].field, first);
    assert.deepEqual(violations[100], { field: "", code: "too_many", message: "more problems than the 100 listed" });
  };
  const template = { channel: "whatsapp", type: "template", to: { contactId: "c" }, locationId: "l", template: { name: "n", language: "en" } };
  bounded(validate({ ...template, bodyTextParameters: Array(160_000).fill(1) }), "bodyTextParameters[0]"); // the reader's type errors
  bounded(validate({ ...template, bodyTextParameters: Array(40_000).fill("a\nb") }), "bodyTextParameters[0]"); // the rules'
  const elements = Array.from({ length: 40_000 }, () => ({ title: "t", colour: "red" }));
  bounded(validate({ channel: "messenger", type: "template", to: { contactId: "c" }, locationId: "l", elements }), "elements");

  const client = new Whautomate({ apiKey: KEY, ...quick, fetch: () => assert.fail("nothing is sent") });
  const sent = await rejection(client.whatsapp.sendTemplate({ ...template, bodyTextParameters: Array(40_000).fill(1) }));
  assert.equal(sent.code, "invalid_input");
  assert.equal(sent.message, "bodyTextParameters[0] must be a string, not a number (and 100+ more)");
  bounded(sent.violations, "bodyTextParameters[0]");
  // client.webhooks (the extras' engine): an event list of 40,000 empty names.
  const hook = await rejection(client.webhooks.create({ name: "n", serverUrl: "https://example.com/h", events: Array(40_000).fill("") }));
  bounded(hook.violations, "events[0]");
  // Two lists joined (the id's, the body's) keep the bound too.
  const update = await rejection(client.webhooks.update("..", { events: Array(500).fill("") }));
  bounded(update.violations, "id");
});

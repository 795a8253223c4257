// The JS ⇄ wasm boundary of the built package (pkg/node.mjs): text crosses through linear
// memory (TextEncoder into an engine buffer, TextDecoder out of it), results through one
// shared mailbox, and the exchange ends on its own timer. These tests pin what that must
// not change: every byte of non-ASCII text, inputs larger than the buffers, interleaved
// calls, Retry-After read only when the engine needs it, timeouts and aborts whatever
// fetch does, and memory that stays flat over many calls.
import { createServer } from "node:http";
import { test } from "node:test";
import assert from "node:assert/strict";
import { reply, serve } from "../support/recording_server.mjs";
import { rejection } from "../support/rejection.mjs";

// Capture the module's memory (the package never exposes it) before the package loads.
let memory;
const Instance = WebAssembly.Instance;
WebAssembly.Instance = function CapturingInstance(module, imports) {
  const instance = new Instance(module, imports);
  memory = instance.exports.memory;
  return instance;
};
const { Whautomate, WhautomateError, validate } = await import("../../pkg/node.mjs");
WebAssembly.Instance = Instance;

const KEY = "sk_boundary_test_7f3a";
const ok = () => Promise.resolve(new Response('{"success":true}', { status: 200 }));
const client = (extra = {}) => new Whautomate({ apiKey: KEY, locationId: "loc_1", rateLimit: false, retry: { maxRetries: 0 }, fetch: ok, ...extra });


test("text in any script crosses both ways byte for byte, larger than the initial buffer", async () => {
  const sent = [];
  const c = client({ fetch: (url, init) => (sent.push(init.body), ok()) });
  // 4096 UTF-16 units (the WhatsApp maximum): 2-, 3- and 4-byte UTF-8, 12 KB in all.
  const text = "é中😀".repeat(1024);
  const quoted = 'say "hi" \\ \u2028 tab\there';
  for (const t of [text, quoted, "ascii"]) {
    await c.whatsapp.sendText({ to: { contactId: "ct_ü/1" }, text: t });
    const body = JSON.parse(sent.at(-1));
    assert.equal(body.textMessage, t);
    assert.equal(body.contact.id, "ct_ü/1");
    assert.equal(JSON.parse(c.prepare({ channel: "whatsapp", type: "text", to: { contactId: "c" }, text: t }).body).textMessage, t);
  }
  // Errors come back through the same channel, non-ASCII intact.
  const e = await rejection(c.whatsapp.sendText({ to: { contactId: "c" }, text: "😀".repeat(2049) }));
  assert.ok(e instanceof WhautomateError);
  assert.equal(e.field, "text");
  assert.deepEqual(validate({ channel: "telegram", type: "text", to: { contactId: "ç" }, text: "ok" }), []);
});

test("a response larger than the buffers is read whole, and the next call still works", async () => {
  const page = Array.from({ length: 2000 }, (_, i) => ({ id: `m${i}`, text: `message ${i} ${"ж".repeat(200)}` }));
  const s = await serve((req, res) => (req.url.startsWith("/v1/messages/ct_1") ? reply(res, 200, page) : reply(res, 200, { success: true })));
  try {
    const c = new Whautomate({ apiKey: KEY, host: s.host, locationId: "loc_1", rateLimit: false });
    const got = await c.messages.list("ct_1", { limit: 2000 });
    assert.equal(got.length, 2000);
    assert.deepEqual(got[1999], page[1999]);
    assert.deepEqual(await c.telegram.sendText({ to: { contactId: "c" }, text: "after" }), { success: true });
    assert.equal(JSON.parse(s.requests.at(-1).body).textMessage, "after");
  } finally {
    s.close();
  }
});

test("interleaved sends never mix their URLs, bodies or verdicts", async () => {
  const seen = new Map();
  // Answers in scrambled order, some 200, some 400, so that engine calls interleave.
  const fetch = (url, init) => new Promise((resolve) => {
    const { textMessage } = JSON.parse(init.body);
    seen.set(textMessage, url);
    const n = Number(textMessage.slice(1));
    setTimeout(() => resolve(n % 3 === 0 ? new Response(`{"message":"bad ${n}"}`, { status: 400 }) : new Response('{"success":true}')), (n * 7) % 13);
  });
  const c = client({ fetch });
  const channels = ["telegram", "instagram", "messenger"];
  const outcomes = await Promise.allSettled(Array.from({ length: 90 }, (_, n) => c[channels[n % 3]].sendText({ to: { contactId: "c" }, text: `m${n}` })));
  outcomes.forEach((o, n) => {
    assert.equal(seen.get(`m${n}`), `https://api.whautomate.com/v1/messages/${channels[n % 3]}/sendtext`);
    if (n % 3 === 0) assert.deepEqual([o.status, o.reason.code, o.reason.message], ["rejected", "bad_request", `bad ${n}`]);
    else assert.equal(o.status, "fulfilled");
  });
});

test("Retry-After is read only when the engine needs it, and then it counts", async () => {
  // A success never reads it: a headers object that throws on read does not matter.
  const trap = { status: 200, headers: { get() { throw new Error("read Retry-After"); } }, text: () => Promise.resolve('{"success":true}') };
  assert.deepEqual(await client({ fetch: () => Promise.resolve(trap) }).telegram.sendText({ to: { contactId: "c" }, text: "t" }), { success: true });
  // A failure does: the final 429 and a 2xx that is not a success both report it.
  const answer = (status, body) => () => Promise.resolve(new Response(body, { status, headers: { "retry-after": "7" } }));
  const limited = await rejection(client({ fetch: answer(429, '{"message":"slow down"}') }).telegram.sendText({ to: { contactId: "c" }, text: "t" }));
  assert.deepEqual([limited.code, limited.retryAfterMs], ["rate_limited", 7000]);
  const odd = await rejection(client({ fetch: answer(200, '{"success":false}') }).telegram.sendText({ to: { contactId: "c" }, text: "t" }));
  assert.deepEqual([odd.code, odd.retryAfterMs], ["invalid_response", 7000]);
  // And a retry waits for it (1 s here would fail the test's timing; 0 s is honoured at once).
  let calls = 0;
  const retried = (url, init) => Promise.resolve(++calls === 1 ? new Response("{}", { status: 429, headers: { "retry-after": "0" } }) : new Response('{"success":true}'));
  await client({ fetch: retried, retry: { maxRetries: 1 } }).telegram.sendText({ to: { contactId: "c" }, text: "t" });
  assert.equal(calls, 2);
});

test("the timeout ends a call whose fetch ignores it, and the late response is let go", async () => {
  let cancelled = false;
  let arrived = false;
  const late = () => new Promise((resolve) => setTimeout(() => {
    arrived = true;
    resolve(new Response(new ReadableStream({
      pull(controller) { controller.enqueue(new TextEncoder().encode('{"success":true}')); },
      cancel() { cancelled = true; },
    })));
  }, 400));
  const e = await rejection(client({ fetch: late, timeoutMs: 40 }).whatsapp.sendText({ to: { contactId: "c" }, text: "t" }));
  assert.deepEqual([e.code, e.mayHaveBeenSent, e.retryable], ["timeout", true, false]);
  // Ended by its timeout, not by the response: an order of events, not a timing.
  assert.equal(arrived, false, "the call waited for the late response");
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(cancelled, "the late response's body was not cancelled");
});

test("a caller's signal and the timeout abort the request in flight, sends and reads alike", async () => {
  const inits = [];
  const hang = (url, init) => {
    inits.push(init);
    return new Promise((resolve, reject) => init.signal && init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
  };
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 20);
  const e = await rejection(client({ fetch: hang }).whatsapp.sendText({ to: { contactId: "c" }, text: "t" }, { signal: controller.signal }));
  assert.deepEqual([e.code, e.mayHaveBeenSent], ["aborted", true]);
  assert.equal(inits[0].signal.aborted, true);
  // A timeout with a caller's signal aborts the request too.
  const t = await rejection(client({ fetch: hang, timeoutMs: 20 }).whatsapp.sendText({ to: { contactId: "c" }, text: "t" }, { signal: new AbortController().signal }));
  assert.equal(t.code, "timeout");
  assert.equal(inits[1].signal.aborted, true);
  // Without a caller's signal, a timed-out send is cancelled too (never repeated), and so
  // is each timed-out read (retried).
  const s = await rejection(client({ fetch: hang, timeoutMs: 20 }).whatsapp.sendText({ to: { contactId: "c" }, text: "t" }));
  assert.deepEqual([s.code, s.mayHaveBeenSent], ["timeout", true]);
  assert.equal(inits[2].signal.aborted, true, "the timed-out send was cancelled");
  const r = await rejection(client({ fetch: hang, timeoutMs: 20, retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } }).messages.list("ct_1"));
  assert.equal(r.code, "timeout");
  assert.equal(inits.length, 5, "the read was tried twice");
  assert.ok(inits[3].signal.aborted && inits[4].signal.aborted, "each timed-out read was cancelled");
});

test("each exchange has its own AbortController: a timed-out one is cancelled at once, and alone", async () => {
  const inits = [];
  const answers = [];
  const fetch = (url, init) => {
    inits.push(init);
    return new Promise((resolve, reject) => {
      answers.push(() => resolve(new Response('{"success":true}')));
      init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });
  };
  const c = client({ fetch, timeoutMs: 100 });
  const send = () => rejection(c.whatsapp.sendText({ to: { contactId: "c" }, text: "t" }));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // Two hanging sends, 20 ms apart: two controllers; the first is cancelled when it times
  // out, the second, still in time, is not cut short.
  const started = Date.now();
  const first = send();
  await sleep(20);
  const second = send();
  assert.notEqual(inits[0].signal, inits[1].signal, "two exchanges share a controller");
  const e1 = await first;
  const firstAt = Date.now() - started;
  assert.equal(e1.code, "timeout");
  // Not before its timeout (how much later depends on the machine's load: not asserted).
  assert.ok(firstAt >= 95, `first timed out after ${firstAt} ms`);
  assert.equal(inits[0].signal.aborted, true, "the timed-out exchange was not cancelled at once");
  assert.equal(inits[1].signal.aborted, false, "the second send, still in time, was cut short");
  assert.equal((await second).code, "timeout");
  assert.equal(inits[1].signal.aborted, true);

  // A caller's signal aborts its own exchange only.
  const own = new AbortController();
  const mine = rejection(c.whatsapp.sendText({ to: { contactId: "c" }, text: "t" }, { signal: own.signal }));
  const plain = c.whatsapp.sendText({ to: { contactId: "c" }, text: "t" });
  own.abort();
  assert.equal((await mine).code, "aborted");
  assert.equal(inits[2].signal.aborted, true);
  assert.equal(inits[3].signal.aborted, false, "the caller's abort reached other exchanges");
  answers[3]();
  await plain;
});

test("a timed-out request's connection is closed, on a real server", async () => {
  const closed = [];
  const opened = [];
  const started = Date.now();
  const slow = createServer((req) => {
    opened.push(Date.now() - started);
    req.socket.on("close", () => closed.push(Date.now() - started));
  });
  await new Promise((r) => slow.listen(0, "127.0.0.1", r));
  const host = `http://127.0.0.1:${slow.address().port}`;
  const c = new Whautomate({ apiKey: KEY, host, locationId: "loc_1", rateLimit: false, retry: { maxRetries: 0 }, timeoutMs: 300 });
  const sends = [0, 1, 2].map(() => rejection(c.whatsapp.sendText({ to: { contactId: "c" }, text: "t" })));
  for (const e of await Promise.all(sends)) assert.equal(e.code, "timeout");
  for (let i = 0; i < 50 && closed.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(opened.length, 3);
  assert.equal(closed.length, 3, "a timed-out request kept its connection");
  // Each request's own controller is aborted at its timeout, not before (the connections
  // closed within the wait above, not at the server's close below).
  for (const at of closed) assert.ok(at >= 290, `closed after ${at} ms`);
  slow.close();
});

test("memory stays flat over many sends, errors and validations", async () => {
  assert.ok(memory instanceof WebAssembly.Memory);
  const c = client();
  const round = async () => {
    for (let i = 0; i < 2000; i++) {
      await c.send({ channel: "telegram", type: "text", to: { contactId: `c${i}` }, text: `hello ${i}` });
      await c.send({ channel: "telegram", type: "text", to: { contactId: "" }, text: "" }).catch(() => {});
      c.prepare({ channel: "messenger", type: "text", to: { contactId: "c" }, text: "x" });
      validate({ channel: "fax" });
    }
  };
  await round();
  const before = memory.buffer.byteLength;
  await round();
  await round();
  assert.equal(memory.buffer.byteLength, before);
});

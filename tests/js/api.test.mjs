// The public JS API of the built package (pkg/), in Node, against real HTTP servers on
// 127.0.0.1: routing, errors as WhautomateError, bad input, history, and key secrecy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { reply, serve as recordingServer } from "../support/recording_server.mjs";
import { rejection } from "../support/rejection.mjs";
import { Whautomate, WhautomateError, validate } from "../../pkg/node.mjs";

const KEY = "sk_js_secret_9c1e";

/** A recording server whose `handler(req, n)` returns [status, body, headers], or ["drop"]. */
const serve = (handler = () => [200, { success: true }]) =>
  recordingServer((req, res, n) => {
    const [status, payload, headers] = handler(req, n);
    if (status === "drop") return req.socket.destroy();
    reply(res, status, payload, headers);
  });

const client = (host, extra = {}) =>
  new Whautomate({ apiKey: KEY, host, locationId: "loc_1", rateLimit: false, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...extra });


test("send routes by channel and type and puts the key only in x-api-key", async () => {
  const s = await serve();
  const c = client(s.host);
  assert.deepEqual(await c.send({ channel: "telegram", type: "text", to: { contactId: "ct_1" }, text: "hi" }), { success: true });
  await c.whatsapp.sendTemplate({ to: { clientId: "cl_1" }, template: { name: "welcome", language: "en_US" }, bodyTextParameters: ["Ana"] });
  await c.messenger.sendMedia({ to: { contactId: "ct_fb" }, mediaUrl: "https://cdn.example.com/a.png", mimeType: "image/png" });
  assert.deepEqual(s.requests.map((r) => r.url), [
    "/v1/messages/telegram/sendtext",
    "/v1/messages/whatsapp/sendtemplate",
    "/v1/messages/messenger/sendmedia",
  ]);
  assert.equal(s.requests[0].headers["x-api-key"], KEY);
  assert.deepEqual(JSON.parse(s.requests[0].body), { contact: { id: "ct_1" }, textMessage: "hi", location: { id: "loc_1" } });
  assert.deepEqual(JSON.parse(s.requests[1].body), {
    client: { id: "cl_1" }, template: { name: "welcome", language: "en_US" }, bodyTextParameters: ["Ana"], location: { id: "loc_1" },
  });
  for (const r of s.requests) assert.ok(!r.body.includes(KEY) && !r.url.includes(KEY));
  s.close();
});

test("scheduleAt accepts a Date and goes out as ISO-8601 UTC", async () => {
  const s = await serve();
  const at = new Date(Date.now() + 3_600_000);
  await client(s.host).whatsapp.sendText({ to: { phoneNumber: "+44 20 7946 0958" }, text: "later", scheduleAt: at });
  const body = JSON.parse(s.requests[0].body);
  assert.equal(body.scheduleDateTime, at.toISOString());
  assert.deepEqual(body.recepient, { phoneNumber: "+442079460958" });
  s.close();
});

test("a scheduled send that waits past its own time fails unsent: the rate limit's wait, a turn in sendMany", async (t) => {
  // The rate limit: one token a second. The first send takes it; the second, scheduled
  // 300 ms ahead, would leave a second later: its schedule has passed by then.
  const s = await serve();
  const slow = await serve();
  t.after(() => (s.close(), slow.close()));
  const limited = client(s.host, { rateLimit: { perMinute: 60, burst: 1 } });
  await limited.telegram.sendText({ to: { contactId: "c1" }, text: "now" });
  const soon = () => new Date(Date.now() + 300);
  const e = await limited.telegram.sendText({ to: { contactId: "c1" }, text: "later", scheduleAt: soon() }).then(() => assert.fail("sent"), (e) => e);
  assert.deepEqual([e.code, e.field, e.violations[0].code, e.mayHaveBeenSent, e.retryable], ["invalid_input", "scheduleAt", "in_the_past", false, false]);
  assert.equal(s.requests.length, 1, "the late send never left");
  // Its token went back: the next send has it at once, well within a signal of 300 ms
  // (for a token of its own it would wait a second, and be aborted before sending).
  assert.deepEqual(await limited.telegram.sendText({ to: { contactId: "c1" }, text: "next" }, { signal: AbortSignal.timeout(300) }), { success: true });
  assert.equal(s.requests.length, 2);

  // sendMany, one at a time, each answer 500 ms in coming: the third message's turn
  // comes some 1,000 ms after the call, past its schedule (750 ms ahead); the first two
  // leave in time.
  const answerLate = (url, init) => new Promise((ok) => setTimeout(ok, 500)).then(() => fetch(url, init));
  const many = client(slow.host, { fetch: answerLate });
  const at = new Date(Date.now() + 750);
  const message = (text) => ({ channel: "telegram", type: "text", to: { contactId: "c1" }, text, scheduleAt: at });
  const report = await many.sendMany([message("a"), message("b"), message("c")], { concurrency: 1 });
  assert.deepEqual(report.results.map((r) => r.status), ["sent", "sent", "failed"]);
  assert.equal(report.results[2].error.violations[0].code, "in_the_past");
  assert.deepEqual(slow.requests.map((r) => JSON.parse(r.body).textMessage), ["a", "b"]);
  assert.ok(slow.requests.every((r) => JSON.parse(r.body).scheduleDateTime === at.toISOString()));
});

test("an optional field given as undefined is absent, as the types say (exactOptionalPropertyTypes)", async () => {
  const s = await serve();
  const c = new Whautomate({ apiKey: KEY, host: s.host, locationId: "loc_1", rateLimit: undefined, retry: { maxRetries: undefined }, timeoutMs: undefined, maxResponseBytes: undefined, fetch: undefined });
  await c.whatsapp.sendText({ to: { phoneNumber: "+15551234567", name: undefined, contactId: undefined }, text: "hi", scheduleAt: undefined, locationId: undefined }, { signal: undefined });
  await c.telegram.sendTemplate({ to: { contactId: "ct_1" }, text: "t", headerType: undefined, buttons: [{ title: "Go", url: "https://example.com", payload: undefined, type: undefined }] });
  await c.instagram.sendTemplate({ to: { contactId: "ct_1" }, elements: [{ title: "A", subtitle: "B", imageUrl: undefined, defaultAction: undefined, buttons: undefined }] });
  await c.messages.list("ct_1", { page: undefined, limit: undefined, searchText: undefined }).catch(() => {});
  assert.deepEqual(s.requests.map((r) => [r.url, r.body && JSON.parse(r.body)]), [
    ["/v1/messages/whatsapp/sendtext", { recepient: { phoneNumber: "+15551234567" }, textMessage: "hi", location: { id: "loc_1" } }],
    ["/v1/messages/telegram/sendtemplate", { contact: { id: "ct_1" }, textMessage: "t", buttons: [{ title: "Go", url: "https://example.com", type: "web_url" }], location: { id: "loc_1" } }],
    ["/v1/messages/instagram/sendtemplate", { contact: { id: "ct_1" }, elements: [{ title: "A", subtitle: "B" }], location: { id: "loc_1" } }],
    ["/v1/messages/ct_1", ""],
  ]);
  s.close();
});

test("prepare returns the exact request and sends nothing", async () => {
  const s = await serve();
  const req = client(s.host).prepare({ channel: "instagram", type: "text", to: { contactId: "ig 1/?" }, text: "x" });
  assert.deepEqual(req, {
    method: "POST",
    url: `${s.host}/v1/messages/instagram/sendtext`,
    headers: { "x-api-key": KEY, "content-type": "application/json", accept: "application/json" },
    body: '{"contact":{"id":"ig 1/?"},"textMessage":"x","location":{"id":"loc_1"}}',
  });
  assert.equal(s.requests.length, 0);
  s.close();
});

test("server errors become WhautomateError with code, status, body and send safety", async () => {
  const cases = [
    [403, { message: "Forbidden" }, "unauthorized", false, false],
    [404, { error: "Invalid locationId" }, "not_found", false, false],
    [400, { message: "Invalid request body" }, "bad_request", false, false],
    [500, { message: "boom" }, "server_error", true, false],
    [418, "teapot", "http_error", false, false], // a 4xx: the server refused it
  ];
  for (const [status, body, code, mayHaveBeenSent, retryable] of cases) {
    const s = await serve(() => [status, body]);
    const e = await rejection(client(s.host).telegram.sendText({ to: { contactId: "c" }, text: "t" }));
    assert.ok(e instanceof WhautomateError && e instanceof Error, String(e));
    assert.equal(e.name, "WhautomateError");
    assert.deepEqual([e.code, e.status, e.mayHaveBeenSent, e.retryable], [code, status, mayHaveBeenSent, retryable]);
    assert.deepEqual(e.body, body);
    assert.equal(s.requests.length, 1, `${status}: exactly one request`);
    s.close();
  }
});

test("429 is retried (a send the server refused is safe to repeat)", async () => {
  const s = await serve((req, n) => (n === 1 ? [429, { message: "Too Many Requests" }, { "retry-after": "0" }] : [200, { success: true }]));
  await client(s.host).instagram.sendText({ to: { contactId: "c" }, text: "t" });
  assert.equal(s.requests.length, 2);
  s.close();
});

test("timeouts, drops and aborts are typed, and never resent for a send", async () => {
  const slow = createServer(() => {});
  await new Promise((r) => slow.listen(0, "127.0.0.1", r));
  const host = `http://127.0.0.1:${slow.address().port}`;
  const t = await rejection(client(host, { timeoutMs: 100 }).whatsapp.sendText({ to: { contactId: "c" }, text: "t" }));
  assert.deepEqual([t.code, t.mayHaveBeenSent, t.retryable], ["timeout", true, false]);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const a = await rejection(client(host).whatsapp.sendText({ to: { contactId: "c" }, text: "t" }, { signal: controller.signal }));
  assert.equal(a.code, "aborted");
  slow.closeAllConnections();
  slow.close();

  const s = await serve(() => ["drop"]);
  const d = await rejection(client(s.host).whatsapp.sendText({ to: { contactId: "c" }, text: "t" }));
  assert.deepEqual([d.code, d.mayHaveBeenSent, s.requests.length], ["network", true, 1]);
  s.close();
});

test("a custom fetch is used, called unbound", async () => {
  const calls = [];
  const fetch = function (url, init) {
    calls.push({ url, init, self: this });
    return Promise.resolve(new Response('{"success":true}', { status: 200 }));
  };
  await client("https://api.whautomate.com", { fetch }).telegram.sendText({ to: { contactId: "c" }, text: "t" });
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, "https://api.whautomate.com/v1/messages/telegram/sendtext");
  assert.equal(calls[0].self, undefined);
  assert.equal(calls[0].init.headers["x-api-key"], KEY);
});

test("history: one page, and a lazy walk until a short page", async () => {
  const all = Array.from({ length: 5 }, (_, i) => ({ id: `m${i + 1}`, text: `t${i + 1}`, isIncoming: i % 2 === 0, createdAt: "2026-11-21T00:00:00.000Z" }));
  const s = await serve((req) => {
    const u = new URL(req.url, "http://x");
    const page = Number(u.searchParams.get("page") || 1), limit = Number(u.searchParams.get("limit") || 2);
    return [200, all.slice((page - 1) * limit, page * limit)];
  });
  const c = client(s.host);
  const page = await c.messages.list("ct_1", { page: 2, limit: 2, searchText: "t" });
  assert.deepEqual(page, all.slice(2, 4));
  assert.equal(s.requests[0].url, "/v1/messages/ct_1?limit=2&page=2&searchText=t");
  const seen = [];
  for await (const m of c.messages.iterate("ct_1", { limit: 2 })) seen.push(m.id);
  assert.deepEqual(seen, ["m1", "m2", "m3", "m4", "m5"]);
  assert.equal(s.requests.length, 1 + 3);
  // Early exit stops fetching.
  for await (const m of c.messages.iterate("ct_1", { limit: 2, page: 2 })) { assert.equal(m.id, "m3"); break; }
  assert.equal(s.requests.length, 5);
  // Bad arguments: iterate()'s first next() rejects (as any async generator's body runs
  // there), and list() rejects; neither sends a request.
  for (const [id, opts, field] of [["", undefined, "contactId"], ["ct_1", { page: 0 }, "page"], ["ct_1", { limit: "2" }, "limit"], ["..", {}, "contactId"], ["ct_1", { serchText: "x" }, "serchText"], ["ct_1", { page: () => 1 }, "page"], ["ct_1", { get page() { throw 0; } }, ""]]) {
    const pages = c.messages.iterate(id, opts);
    const e = await pages.next().then(() => null, (err) => err);
    assert.ok(e instanceof WhautomateError, String(e));
    assert.equal(e.code, "invalid_input");
    assert.equal(e.violations[0].field, field);
    // The walk is over: a later next() is done, not a second attempt.
    assert.deepEqual(await pages.next(), { value: undefined, done: true });
    const r = await c.messages.list(id, opts).then(() => null, (err) => err);
    assert.equal(r && r.violations[0].field, field);
  }
  // Every argument's violation at once, each with its code: a whole number outside 1 to
  // 2^32 - 1 is out_of_range (0 with the paging rule's own words), a fraction or a
  // string invalid_type; for history pages and for subscription lists alike.
  const cases = [
    [{ page: 0, limit: 2 ** 40 }, [["page", "out_of_range"], ["limit", "out_of_range"]]],
    [{ page: -3, limit: 0 }, [["page", "out_of_range"], ["limit", "out_of_range"]]],
    [{ page: 1.5, limit: "x" }, [["page", "invalid_type"], ["limit", "invalid_type"]]],
    [{ page: -0, limit: 4294967295.5 }, [["page", "out_of_range"], ["limit", "invalid_type"]]],
  ];
  for (const [opts, want] of cases) {
    for (const call of [() => c.messages.list("ct_1", opts), () => c.messages.iterate("ct_1", opts).next(), () => c.webhooks.list(opts)]) {
      const e = await call().then(() => null, (err) => err);
      assert.ok(e instanceof WhautomateError, `${JSON.stringify(opts)}: ${e}`);
      assert.deepEqual(e.violations.map((v) => [v.field, v.code]), want, `${call}: ${JSON.stringify(opts)}`);
    }
  }
  const zero = await c.messages.list("ct_1", { page: 0, limit: 0 }).then(() => null, (err) => err);
  assert.deepEqual(zero.violations.map((v) => v.message), ["page starts at 1", "limit must be at least 1"]);
  assert.equal(s.requests.length, 5);
  s.close();
});

test("every number the SDK reads: a fraction is invalid_type, a whole number outside the range out_of_range", async () => {
  // One rule for every numeric option and argument, as for history pages: the code says
  // whether the caller gave no whole number at all, or one outside what is allowed.
  const codeOf = (fn) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof WhautomateError, String(e));
      assert.equal(e.violations.length, 1, JSON.stringify(e.violations));
      return [e.violations[0].field, e.violations[0].code, e.violations[0].message];
    }
    assert.fail("accepted");
  };
  const make = (options) => () => new Whautomate({ apiKey: "k", locationId: "l", ...options }).prepare({ channel: "whatsapp", type: "text", to: { contactId: "c" }, text: "hi" });
  const options = [
    ["timeoutMs", (v) => ({ timeoutMs: v })],
    ["maxResponseBytes", (v) => ({ maxResponseBytes: v })],
    ["retry.maxRetries", (v) => ({ retry: { maxRetries: v } })],
    ["retry.baseDelayMs", (v) => ({ retry: { baseDelayMs: v } })],
    ["retry.maxDelayMs", (v) => ({ retry: { maxDelayMs: v } })],
    ["rateLimit.perMinute", (v) => ({ rateLimit: { perMinute: v } })],
    ["rateLimit.burst", (v) => ({ rateLimit: { perMinute: 60, burst: v } })],
  ];
  for (const [field, set] of options) {
    for (const fraction of [1.5, -0.5, 1e-7, 4294967295.5]) {
      const [f, code, message] = codeOf(make(set(fraction)));
      assert.deepEqual([f, code], [field, "invalid_type"], `${field}: ${fraction}`);
      assert.match(message, /must be a whole number/, message);
    }
    for (const outside of [-1, 2 ** 32, 1e30]) {
      assert.deepEqual(codeOf(make(set(outside))).slice(0, 2), [field, "out_of_range"], `${field}: ${outside}`);
    }
    assert.deepEqual(codeOf(make(set("1"))).slice(0, 2), [field, "invalid_type"], `${field}: "1"`);
  }
  // rateLimit itself: an object or a boolean, and the message says both.
  assert.deepEqual(codeOf(make({ rateLimit: 60 })), ["rateLimit", "invalid_type", "rateLimit must be an object or a boolean, not a number"]);
  // sendMany's concurrency, read in the call (before any request).
  const c = client("http://127.0.0.1:9");
  for (const [value, code] of [[1.5, "invalid_type"], [0, "out_of_range"], [-1, "out_of_range"], [2 ** 40, "out_of_range"], ["8", "invalid_type"]]) {
    const e = await c.sendMany([], { concurrency: value }).then(() => null, (err) => err);
    assert.deepEqual(e && e.violations.map((v) => [v.field, v.code]), [["concurrency", code]], `concurrency: ${value}`);
  }
});

test("bad input is an invalid_input WhautomateError naming the field, never a crash", async () => {
  const c = client("http://127.0.0.1:9");
  const bad = [
    [null, ""], [42, ""], [{}, "channel"], [{ channel: "fax", type: "text" }, "channel"],
    [{ channel: "whatsapp", type: "text", to: { contactId: 7 }, text: "x" }, "to.contactId"],
    [{ channel: "telegram", type: "text", to: { phoneNumber: "+16505551234" }, text: "x" }, "to.phoneNumber"],
    [{ channel: "messenger", type: "template", to: { contactId: "c" }, elements: [{ title: "a", subtitle: "b" }, { title: "x".repeat(81), subtitle: "s" }] }, "elements[1].title"],
    [{ channel: "whatsapp", type: "text", to: { contactId: "c" }, text: "x", scheduleAt: new Date(0) }, "scheduleAt"],
  ];
  for (const [message, field] of bad) {
    const e = await rejection(c.send(message));
    assert.ok(e instanceof WhautomateError, String(e));
    assert.equal(e.code, "invalid_input");
    assert.equal(e.field, field, JSON.stringify(message));
    assert.equal(e.mayHaveBeenSent, false);
  }
  const cyclic = { channel: "whatsapp" };
  cyclic.self = cyclic;
  assert.equal((await rejection(c.send(cyclic))).code, "invalid_input");
  assert.equal((await rejection(c.whatsapp.sendText({ channel: "telegram" }))).field, "channel");
  for (const options of [undefined, null, 42, {}, { apiKey: 5 }, { apiKey: "k", timeoutMs: "5" }, { apiKey: "k", retries: 3 }, { apiKey: "k\nx" }, { apiKey: " \n " }]) {
    let thrown;
    try { new Whautomate(options); } catch (e) { thrown = e; }
    assert.ok(thrown instanceof WhautomateError, `options ${JSON.stringify(options)}: ${thrown}`);
    assert.equal(thrown.code, "invalid_input");
  }
});

test("a location is required, per message or as the client default", async () => {
  const c = new Whautomate({ apiKey: KEY, rateLimit: false });
  const e = await rejection(c.send({ channel: "telegram", type: "text", to: { contactId: "c" }, text: "t" }));
  assert.equal(e.field, "locationId");
  assert.deepEqual(validate({ channel: "telegram", type: "text", to: { contactId: "c" }, text: "t" }), []);
});

test("validate returns every violation at once", () => {
  const v = validate({ channel: "instagram", type: "template", to: { phoneNumber: "+1" }, elements: [{ title: "" , buttons: [{ title: "x".repeat(21), type: "call" }] }] });
  const fields = v.map((x) => x.field);
  assert.ok(fields.includes("to.phoneNumber"), fields.join());
  assert.ok(fields.includes("elements[0].title"), fields.join());
  assert.ok(fields.includes("elements[0].buttons[0].title"), fields.join());
  assert.ok(v.every((x) => typeof x.code === "string" && typeof x.message === "string"));
  assert.deepEqual(validate(undefined).map((x) => x.field), [""]);
});

test("after a thousand malformed calls the module still sends", async () => {
  const s = await serve();
  const c = client(s.host);
  const junk = [null, 1, "x", [], {}, { channel: 1 }, { channel: "whatsapp", type: "text", to: [] }, { text: "\ud800" },
    { channel: "telegram", type: "template", to: { contactId: "c" }, text: "t", buttons: "no" }, { __proto__: { channel: "x" } }];
  for (let i = 0; i < 1000; i++) {
    const e = await rejection(c.send(junk[i % junk.length]));
    assert.ok(e instanceof WhautomateError);
    assert.throws(() => c.prepare(junk[(i + 3) % junk.length]), WhautomateError);
  }
  await c.telegram.sendText({ to: { contactId: "c" }, text: "still alive" });
  assert.equal(s.requests.length, 1);
  s.close();
});

test("the API key appears in no error, serialisation or inspection", async () => {
  const { inspect } = await import("node:util");
  const s = await serve(() => [403, { message: "Forbidden" }]);
  const c = client(s.host);
  const e = await rejection(c.telegram.sendText({ to: { contactId: "c" }, text: "t" }));
  const shown = [String(e), e.stack, JSON.stringify(e), inspect(e, { depth: 9 }), JSON.stringify(c), inspect(c, { depth: 9 }), String(c)];
  for (const text of shown) assert.ok(!String(text).includes(KEY), text);
  let badKey;
  try { new Whautomate({ apiKey: "sk_live_abc\r\nx-evil: 1" }); } catch (err) { badKey = err; }
  assert.equal(badKey.field, "apiKey");
  assert.ok(![String(badKey), JSON.stringify(badKey), inspect(badKey)].some((t) => t.includes("sk_live_abc")));
  s.close();
});

test("WhautomateError can be made by the caller (tests of code that handles it), and an apiKey from an unset variable is refused by name", () => {
  const made = new WhautomateError({ code: "rate_limited", message: "slow down", status: 429, retryable: true, body: '{"a":1}' });
  assert.deepEqual([made.code, made.message, made.status, made.retryable, made.mayHaveBeenSent, made.body], ["rate_limited", "slow down", 429, true, false, { a: 1 }]);
  const empty = new WhautomateError();
  assert.ok(empty instanceof WhautomateError && empty.message === "" && empty.violations.length === 0);
  assert.throws(() => new Whautomate({ apiKey: process.env.WHAUTOMATE_SURELY_UNSET_VARIABLE }), (e) => e instanceof WhautomateError && e.code === "invalid_input" && e.field === "apiKey");
});

test("iterate() while messages arrive (history newest first, so pages move down): every message once, none twice", async () => {
  for (const arrivals of [1, 2]) {
    const store = Array.from({ length: 10 }, (_, i) => ({ id: `m${10 - i}`, text: `t${10 - i}` }));
    let next = 11;
    const server = createServer((req, res) => {
      const u = new URL(req.url, "http://x");
      const page = Number(u.searchParams.get("page")), limit = Number(u.searchParams.get("limit"));
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(store.slice((page - 1) * limit, page * limit)));
      for (let i = 0; i < arrivals; i++) store.unshift({ id: `m${next}`, text: `t${next++}` });
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    try {
      const ids = [];
      for await (const m of client(`http://127.0.0.1:${server.address().port}`).messages.iterate("ct_1", { limit: 3 })) ids.push(m.id);
      assert.deepEqual(ids, ["m10", "m9", "m8", "m7", "m6", "m5", "m4", "m3", "m2", "m1"], `${arrivals} per read`);
    } finally {
      server.close();
    }
  }
});

test("iterate() over a server that does not page, its messages without ids: the walk still ends, with invalid_response", async () => {
  const server = createServer((req, res) => res.writeHead(200, { "content-type": "application/json" }).end('[{"text":"a"},{"text":"b"}]'));
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const texts = [];
    const e = await rejection((async () => {
      for await (const m of client(`http://127.0.0.1:${server.address().port}`).messages.iterate("ct_1", { limit: 2 })) texts.push(m.text);
    })());
    assert.equal(e.code, "invalid_response");
    assert.deepEqual(texts, ["a", "b"]);
  } finally {
    server.close();
  }
});

test("iterate() over a server that does not page (it answers every page alike) stops with invalid_response, never loops, never repeats a message", async () => {
  // Every page alike; the last one repeated; two or three pages in turn (A, B, A, B...,
  // which went on for good, handing out nothing after the first round).
  for (const pageOf of [() => 1, (page) => Math.min(page, 3), (page) => 1 + (page % 2), (page) => 1 + (page % 3)]) {
    let requests = 0;
    const fetch = (url) => {
      requests++;
      const page = pageOf(Number(new URL(url).searchParams.get("page")));
      return Promise.resolve(new Response(JSON.stringify([{ id: `p${page}a` }, { id: `p${page}b` }])));
    };
    const client = new Whautomate({ apiKey: "k", rateLimit: false, fetch });
    const seen = [];
    let error;
    try {
      for await (const m of client.messages.iterate("c1", { limit: 2 })) seen.push(m.id);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof WhautomateError && error.code === "invalid_response", String(error));
    assert.match(error.message, /the server does not page/);
    assert.equal(new Set(seen).size, seen.length, `no message twice: ${seen}`);
    assert.ok(requests <= 7, `${requests} requests`);
  }
  // A page that repeats the one before because as many messages arrived meanwhile (read
  // newest first): skipped, nothing lost, nothing twice, the walk goes on.
  {
    const pages = { 1: ["9", "8"], 2: ["9", "8"], 3: ["7", "6"], 4: ["5"] };
    const fetch = (url) => Promise.resolve(new Response(JSON.stringify((pages[new URL(url).searchParams.get("page")] || []).map((id) => ({ id })))));
    const ids = [];
    for await (const m of new Whautomate({ apiKey: "k", rateLimit: false, fetch }).messages.iterate("c1", { limit: 2 })) ids.push(m.id);
    assert.deepEqual(ids, ["9", "8", "7", "6", "5"]);
  }
  // Ids the engine cannot use ("", true, an object): the message's JSON tells a repeated
  // page, as the Rust client tells it.
  for (const id of ["", true, { n: 1 }]) {
    const pages = { 1: [{ id }, { id: "b" }], 2: [{ id }, { id: "b" }] };
    const fetch = (url) => Promise.resolve(new Response(JSON.stringify(pages[new URL(url).searchParams.get("page")] ?? [])));
    const seen = [];
    for await (const m of new Whautomate({ apiKey: "k", rateLimit: false, fetch }).messages.iterate("c1", { limit: 2 })) seen.push(m.id);
    assert.deepEqual(seen, [id, "b"], JSON.stringify(id));
  }
  // Ids beyond 2^53, which JSON.parse rounds alike: no check, no false repeat.
  {
    const pages = { 1: "[{\"id\":12345678901234567890},{\"id\":12345678901234567889}]", 2: "[{\"id\":12345678901234567888},{\"id\":12345678901234567887}]", 3: "[]" };
    const fetch = (url) => Promise.resolve(new Response(pages[new URL(url).searchParams.get("page")] ?? "[]"));
    let n = 0;
    for await (const m of new Whautomate({ apiKey: "k", rateLimit: false, fetch }).messages.iterate("c1", { limit: 2 })) n += m ? 1 : 0;
    assert.equal(n, 4);
  }
  // A server that pages: every message once, to the short last page.
  const fetch = (url) => {
    const page = Number(new URL(url).searchParams.get("page"));
    return Promise.resolve(new Response(JSON.stringify(page < 3 ? [{ id: `${page}a` }, { id: `${page}b` }] : [{ id: "3a" }])));
  };
  const all = [];
  for await (const m of new Whautomate({ apiKey: "k", rateLimit: false, fetch }).messages.iterate("c1", { limit: 2 })) all.push(m.id);
  assert.deepEqual(all, ["1a", "1b", "2a", "2b", "3a"]);
});

// sendMany in the built package, against a real HTTP server on 127.0.0.1 that answers
// slowly and counts requests in flight: the concurrency bound, progress, and cancellation
// in the middle of a run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { Whautomate, WhautomateError } from "../../pkg/node.mjs";

async function slowServer(delayMs) {
  const seen = { requests: 0, inFlight: 0, maxInFlight: 0, texts: [] };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.requests++;
      seen.inFlight++;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      seen.texts.push(JSON.parse(body).textMessage);
      setTimeout(() => {
        seen.inFlight--;
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"success":true}');
      }, delayMs);
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { host: `http://127.0.0.1:${server.address().port}`, seen, close: () => { server.closeAllConnections(); server.close(); } };
}

const messages = (n) => Array.from({ length: n }, (_, i) => ({ channel: "telegram", type: "text", to: { contactId: "ct" }, text: `m${i}` }));
const client = (host) => new Whautomate({ apiKey: "sk_many_test", host, locationId: "loc_1", rateLimit: false });

test("at most `concurrency` sends are in flight, and every message goes out once", async () => {
  const s = await slowServer(20);
  const progress = [];
  const report = await client(s.host).sendMany(messages(40), { concurrency: 4, onProgress: (p) => progress.push(p) });
  assert.equal(report.sent, 40);
  assert.equal(s.seen.maxInFlight, 4);
  assert.equal(s.seen.requests, 40);
  assert.equal(new Set(s.seen.texts).size, 40);
  assert.deepEqual(report.results.map((r) => r.index), [...Array(40).keys()]);
  const last = progress.at(-1);
  assert.deepEqual(last, { total: 40, sent: 40, failed: 0, unknown: 0, pending: 0 });
  assert.ok(progress.every((p) => p.sent + p.failed + p.unknown + p.pending === 40));
  s.close();
});

test("cancelling mid-run stops new sends and still returns a result for every input", async () => {
  const s = await slowServer(50);
  const controller = new AbortController();
  const run = client(s.host).sendMany([...messages(30), { channel: "fax" }], { concurrency: 3, signal: controller.signal });
  setTimeout(() => controller.abort(), 120);
  const report = await run;
  assert.equal(report.results.length, 31);
  assert.equal(report.sent + report.failed + report.unknown, 31);
  assert.ok(report.sent >= 3 && report.sent < 30, `sent ${report.sent}`);
  // Nothing was resent, and nothing that never started reached the server.
  assert.equal(s.seen.requests, new Set(s.seen.texts).size);
  assert.ok(s.seen.requests <= report.sent + report.unknown, `${s.seen.requests} requests, ${report.sent} sent, ${report.unknown} unknown`);
  for (const r of report.results.filter((r) => r.status === "failed" && r.index < 30)) {
    assert.ok(r.error instanceof WhautomateError);
    assert.deepEqual([r.error.code, r.error.mayHaveBeenSent], ["aborted", false]);
  }
  // The invalid one is failed with its validation error, never sent.
  assert.deepEqual([report.results[30].status, report.results[30].error.code, report.results[30].error.field], ["failed", "invalid_input", "channel"]);
  s.close();
});

test("bad arguments are invalid_input, not a crash", async () => {
  const c = client("http://127.0.0.1:9");
  for (const [messagesArg, options, field] of [[{}, undefined, ""], [[], { concurrency: 0 }, "concurrency"], [[], { concurrency: 1.5 }, "concurrency"], [[], { onProgress: 1 }, "onProgress"]]) {
    await assert.rejects(c.sendMany(messagesArg, options), (e) => e instanceof WhautomateError && e.code === "invalid_input" && e.field === field);
  }
});

test("sendMany reads its messages in the call, as send does: the array emptied or a message changed afterwards changes nothing", async () => {
  const server = await slowServer(5);
  try {
    const client = new Whautomate({ apiKey: "k", host: server.host, locationId: "loc_1", rateLimit: false });
    const batch = messages(3);
    const run = client.sendMany(batch);
    batch[0].text = "changed";
    batch.length = 0; // a batch buffer reused at once
    const report = await run;
    assert.deepEqual([report.sent, report.failed, report.unknown], [3, 0, 0]);
    assert.deepEqual(server.seen.texts.sort(), ["m0", "m1", "m2"]);
  } finally {
    server.close();
  }
});

test("sendMany under one signal with many in flight adds one listener to it, not one per send (no MaxListenersExceededWarning)", async (t) => {
  const warnings = [];
  const onWarning = (w) => warnings.push(w.name);
  process.on("warning", onWarning);
  t.after(() => process.off("warning", onWarning));
  const server = await slowServer(20);
  try {
    const client = new Whautomate({ apiKey: "k", host: server.host, locationId: "loc_1", rateLimit: false });
    const controller = new AbortController();
    const report = await client.sendMany(messages(40), { concurrency: 32, signal: controller.signal });
    assert.equal(report.sent, 40);
    assert.ok(server.seen.maxInFlight > 10, `only ${server.seen.maxInFlight} in flight`);
    await new Promise((ok) => setImmediate(ok));
    assert.deepEqual(warnings, []);
    // And the signal still ends a run: one listener serves every send in flight.
    const stopped = client.sendMany(messages(40), { concurrency: 32, signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    const cut = await stopped;
    assert.equal(cut.sent + cut.failed + cut.unknown, 40);
    assert.ok(cut.failed > 0, JSON.stringify(cut));
  } finally {
    server.close();
  }
});

test("sendMany of more messages than the engine takes: invalid_input naming messages, and nothing built or sent", async () => {
  // A length is not contents: an array of 2^32 - 1 holes once made a result for each of
  // them (the heap ran out), one of two million held its call for 23 s.
  let fetched = 0;
  const c = new Whautomate({ apiKey: "k_123456789", locationId: "loc_1", rateLimit: false, fetch: () => (fetched++, Promise.resolve(new Response('{"success":true}'))) });
  const holes = [];
  holes.length = 2 ** 32 - 1;
  const dense = Array.from({ length: 100_001 }, () => ({ channel: "telegram", type: "text", to: { contactId: "c" }, text: "hi" }));
  for (const messages of [holes, dense]) {
    await assert.rejects(c.sendMany(messages, { concurrency: 0 }), (e) => {
      assert.ok(e instanceof WhautomateError);
      assert.equal(e.code, "invalid_input");
      assert.equal(e.field, "messages");
      assert.equal(e.violations[0].code, "too_many");
      assert.equal(e.message, `sendMany takes at most 100000 messages at once, not ${messages.length}: send them in batches (and 1 more)`);
      assert.equal(e.violations[1].field, "concurrency"); // the options' violations with it
      return true;
    });
  }
  assert.equal(fetched, 0);
  // Past the bound no message is even read; a Proxy's length is read as Array methods
  // read one (a whole number), the same number the engine checks.
  let reads = 0;
  const counted = new Proxy(dense, { get: (t, k, r) => (typeof k === "string" && /^\d+$/.test(k) && reads++, Reflect.get(t, k, r)) });
  const lying = (length) => new Proxy([dense[0]], { get: (t, k, r) => (k === "length" ? length : Reflect.get(t, k, r)) });
  for (const messages of [counted, lying("100001"), lying(2 ** 32 + 100_001)]) {
    await assert.rejects(c.sendMany(messages), (e) => e.code === "invalid_input" && e.field === "messages" && e.violations[0].code === "too_many");
  }
  assert.equal(reads, 0);
  for (const length of ["https://evil.example/x", -0.5, NaN, {}]) {
    const report = await c.sendMany(lying(length));
    assert.deepEqual([report.results.length, report.sent], [0, 0], String(length));
  }
  assert.equal(fetched, 0);
  // At the bound's side of it, a run goes as before.
  const report = await c.sendMany(dense.slice(0, 3));
  assert.deepEqual([report.sent, fetched], [3, 3]);
});

// client.webhooks (the subscription calls) of the built package (pkg/) against the real
// sandbox: create, list, get, update, delete over HTTP, the arguments checked by the
// engine before anything is sent, the vendor's errors as WhautomateError codes, and the
// extras module (whautomate_extras_bg.wasm) loaded on the first call.
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { Whautomate, WhautomateError } from "../../pkg/node.mjs";
import { KEY, startSandbox } from "../e2e/support/sandbox.mjs";
import { rejection } from "../support/rejection.mjs";

let sandbox;
before(async () => (sandbox = await startSandbox()));
after(async () => sandbox?.stop());
beforeEach(async () => sandbox.control("reset", {}));

const client = (extra = {}) => new Whautomate({ apiKey: KEY, host: sandbox.url, rateLimit: false, timeoutMs: 5_000, retry: { maxRetries: 0 }, ...extra });
const input = { name: "inbox", serverUrl: "http://127.0.0.1:9/hooks", events: ["incoming_whatsapp_message"], headers: { "X-Hook-Secret": "s3cret" } };

test("create, list, get, update and delete a subscription over HTTP", async () => {
  const c = client();
  const created = await c.webhooks.create(input);
  assert.equal(typeof created.id, "string");
  assert.equal(created.name, "inbox");
  assert.equal(created.serverUrl, "http://127.0.0.1:9/hooks");
  assert.deepEqual(created.events, ["incoming_whatsapp_message"]);
  assert.deepEqual(created.webhookHeaders, [{ key: "X-Hook-Secret", value: "s3cret" }]);
  assert.equal(created.active, true);

  const listed = await c.webhooks.list({ page: 1, limit: 10 });
  assert.ok(Array.isArray(listed));
  assert.ok(listed.some((w) => w.id === created.id));
  assert.deepEqual((await c.webhooks.get(created.id)).id, created.id);

  const updated = await c.webhooks.update(created.id, { active: false, events: ["contact_created"] });
  assert.equal(updated.active, false);
  assert.deepEqual(updated.events, ["contact_created"]);

  assert.equal(await c.webhooks.delete(created.id), undefined);
  const gone = await rejection(c.webhooks.get(created.id));
  assert.ok(gone instanceof WhautomateError);
  assert.equal(gone.code, "not_found");
  assert.equal(gone.status, 404);
});

test("bad arguments are invalid_input naming every field, before anything is sent", async () => {
  let requests = 0;
  const c = client({ fetch: async (...args) => (requests++, fetch(...args)) });
  // Types and unknown fields first (as for messages), every one of them at once...
  const types = await rejection(c.webhooks.create({ name: 5, headers: { ok: 7 }, colour: "red" }));
  assert.deepEqual(types.violations.map((v) => [v.field, v.code]), [["colour", "unknown_field"], ["name", "invalid_type"], ["headers.ok", "invalid_type"]]);
  // ... then every rule at once.
  const e = await rejection(c.webhooks.create({ serverUrl: "http://example.com/h", events: [], headers: { "Bad Name": "v" } }));
  assert.equal(e.code, "invalid_input");
  assert.deepEqual(e.violations.map((v) => [v.field, v.code]), [["name", "required"], ["serverUrl", "insecure_host"], ["events", "empty"], ["headers[0]", "invalid_value"]]);
  // serverUrl as the runtime's URL parser reads it, in create and update alike: no URL, a
  // user or password, another scheme, plain http off loopback; then spaces in the text.
  for (const [serverUrl, code] of [["hooks.example/in", "invalid_url"], ["https://u:p@hooks.example/in", "invalid_url"], ["https://hooks.example@evil.example/in", "invalid_url"],
    ["ftp://hooks.example/in", "invalid_url"], ["https://[::1/in", "invalid_url"], ["http://0x7f.1.example/in", "insecure_host"], ["http://hooks.example", "insecure_host"],
    ["https://hooks.example/a b", "invalid_value"]]) {
    for (const call of [() => c.webhooks.create({ ...input, serverUrl }), () => c.webhooks.update("wh_1", { serverUrl })]) {
      const err = await rejection(call());
      assert.deepEqual(err.violations.map((v) => [v.field, v.code]), [["serverUrl", code]], serverUrl);
    }
  }
  for (const [call, field] of [[() => c.webhooks.get(""), "id"], [() => c.webhooks.delete(".."), "id"], [() => c.webhooks.get(7), "id"],
    [() => c.webhooks.list({ page: 0 }), "page"], [() => c.webhooks.list({ size: 5 }), "size"], [() => c.webhooks.update("wh_1", {}), ""]]) {
    const err = await rejection(call());
    assert.equal(err.code, "invalid_input");
    assert.equal(err.violations[0].field, field);
  }
  // A page or limit out of range names the range the paging rule allows, from 1.
  for (const [options, field] of [[{ page: -1 }, "page"], [{ limit: 1.5 }, "limit"], [{ page: 2 ** 32 }, "page"]]) {
    const err = await rejection(c.webhooks.list(options));
    assert.equal(err.violations[0].message, `${field} must be a whole number from 1 to 4294967295`);
  }
  assert.equal(requests, 0);
});

test("an answer that is no subscription is invalid_response; a create's says it may have been applied", async () => {
  const server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    // The list gets an object, everything else an array: no answer is the shape its call needs.
    res.end(req.method === "GET" && req.url.endsWith("/webhooks") ? '{"not":"a list"}' : "[1]");
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const c = new Whautomate({ apiKey: "sk_echo", host: `http://127.0.0.1:${server.address().port}`, rateLimit: false, retry: { maxRetries: 0 } });
    const list = await rejection(c.webhooks.list());
    assert.equal(list.code, "invalid_response");
    assert.equal(list.mayHaveBeenSent, false);
    const got = await rejection(c.webhooks.get("wh_1"));
    assert.equal(got.code, "invalid_response");
    assert.equal(got.mayHaveBeenSent, false);
    // Every call that changes something: the answer does not say whether it was applied.
    for (const [name, call] of [["create", () => c.webhooks.create(input)], ["createWithSecret", () => c.webhooks.createWithSecret(input, "X-Second-Secret")], ["update", () => c.webhooks.update("wh_1", { name: "renamed" })]]) {
      const made = await rejection(call());
      assert.equal(made.code, "invalid_response", name);
      assert.equal(made.mayHaveBeenSent, true, name);
      assert.equal(made.retryable, false, name);
    }
    // A delete takes any 2xx.
    assert.equal(await c.webhooks.delete("wh_1"), undefined);
  } finally {
    server.close();
  }
});

test("an error body in a 200 ({success:false}, {error}, {message}) is no subscription and no removal (domain-rules X-4)", async () => {
  let body = "";
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(body));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const c = new Whautomate({ apiKey: "sk_echo", host: `http://127.0.0.1:${server.address().port}`, rateLimit: false, retry: { maxRetries: 0 } });
    for (body of ['{"success":false}', '{"error":"Invalid webhook id"}', '{"message":"Forbidden"}']) {
      for (const [name, call, changes] of [
        ["create", () => c.webhooks.create(input), true],
        ["createWithSecret", () => c.webhooks.createWithSecret(input, "X-Second-Secret"), true],
        ["update", () => c.webhooks.update("wh_1", { active: false }), true],
        ["get", () => c.webhooks.get("wh_1"), false],
        ["delete", () => c.webhooks.delete("wh_1"), true],
      ]) {
        const e = await rejection(call());
        assert.equal(e.code, "invalid_response", `${name} ${body}`);
        assert.equal(e.status, 200, `${name} ${body}`);
        assert.equal(e.mayHaveBeenSent, changes, `${name} ${body}`);
        assert.deepEqual(e.body, JSON.parse(body), `${name} ${body}`);
      }
    }
    // A subscription whose id is a number is one; a delete's 204, or its `{"success":true}`, is done.
    body = '{"id":5,"name":"inbox"}';
    assert.equal((await c.webhooks.get("wh_1")).id, "5");
    // A list is typed item by item, as one subscription is.
    body = '[{"id":7,"active":"true"},{"id":"wh_b","active":false,"events":null,"extra":1}]';
    assert.deepEqual(await c.webhooks.list(), [
      { id: "7", active: true, name: "", serverUrl: "", webhookHeaders: [], events: [] },
      { id: "wh_b", active: false, events: [], extra: 1, name: "", serverUrl: "", webhookHeaders: [] },
    ]);
    // An applied create whose answer nests past what the engine reads resolves as parsed,
    // untyped: never as a failure that says nothing was done (the secret with it).
    body = `{"id":"wh_deep","x":${"[".repeat(6000)}${"]".repeat(6000)}}`;
    const { webhook, secret } = await c.webhooks.createWithSecret(input, "X-Second-Secret");
    assert.equal(webhook.id, "wh_deep");
    assert.equal(secret.value.length, 64);
    for (body of ["", '{"success":true}']) assert.equal(await c.webhooks.delete("wh_1"), undefined);
  } finally {
    server.close();
  }
});

test("the API key never shows in a webhooks error", async () => {
  const secret = "sk_webhooks_key_9b1";
  const server = createServer((req, res) => {
    res.statusCode = 400;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ message: `bad key ${req.headers["x-api-key"]}` }));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const c = new Whautomate({ apiKey: secret, host: `http://127.0.0.1:${server.address().port}`, rateLimit: false, retry: { maxRetries: 0 } });
    const e = await rejection(c.webhooks.create(input));
    assert.equal(e.code, "bad_request");
    assert.ok(!JSON.stringify(e).includes(secret) && !String(e.stack).includes(secret));
    const typo = await rejection(c.webhooks.create({ ...input, [secret]: 1 }));
    assert.ok(!JSON.stringify(typo).includes(secret), JSON.stringify(typo));
    // The same for the sending engine's own errors (a send option, a history option).
    for (const call of [() => c.send({ channel: "whatsapp" }, { [secret]: 1 }), () => c.messages.list("ct_1", { [secret]: 1 }), () => c.sendMany([], { [secret]: 1 })]) {
      const err = await rejection(call());
      assert.equal(err.code, "invalid_input");
      assert.ok(!JSON.stringify(err).includes(secret), JSON.stringify(err));
    }
  } finally {
    server.close();
  }
});

test("a delivery secret echoed back (a 400 quoting the request, a 200 that is no subscription) shows in no webhooks error", async () => {
  const answers = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const [status, echo] = answers.shift();
      res.statusCode = status;
      res.setHeader("content-type", "application/json");
      res.end(echo(body === "" ? null : JSON.parse(body)));
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const c = new Whautomate({ apiKey: KEY, host: `http://127.0.0.1:${server.address().port}`, rateLimit: false, retry: { maxRetries: 0 } });
    const valueOf = (sent) => sent.webhookHeaders.find((h) => h.key.toLowerCase().startsWith("x-")).value;
    const quoting = (sent) => JSON.stringify({ message: `header value ${valueOf(sent)} is not allowed`, input: sent });
    const errors = [];
    for (const [status, echo, call] of [
      [400, quoting, () => c.webhooks.create(input)],
      [200, (sent) => JSON.stringify({ error: "no", echo: valueOf(sent) }), () => c.webhooks.update("wh_1", input)],
      [422, (sent) => `<p>${valueOf(sent)}</p>`, () => c.webhooks.create(input)],
    ]) {
      answers.push([status, echo]);
      errors.push(await rejection(call()));
    }
    let made;
    answers.push([400, (sent) => ((made = valueOf(sent)), quoting(sent))]);
    errors.push(await rejection(c.webhooks.createWithSecret({ ...input, headers: {} }, "X-Whautomate-Secret")));
    for (const e of errors) {
      assert.ok(e instanceof WhautomateError);
      const shown = JSON.stringify(e) + String(e.stack) + e.message;
      for (const secret of ["s3cret", made]) assert.ok(!shown.includes(secret), shown);
      assert.ok(shown.includes("[redacted]"), shown);
    }
    assert.equal(errors[0].message, "header value [redacted] is not allowed");
    assert.equal(errors[0].body.input.webhookHeaders[0].value, "[redacted]");
    assert.equal(errors[0].body.input.name, "inbox");
    assert.deepEqual([errors[0].code, errors[1].code, errors[2].code], ["bad_request", "invalid_response", "http_error"]);
    assert.ok(errors[1].mayHaveBeenSent);
    // An answer of another shape holding subscriptions (a wrapped list), kept in a read's
    // error: their header values go; a short header value leaves the body the JSON it was.
    const wrapped = () => JSON.stringify({ status: 400, data: [{ id: "wh9", webhookHeaders: [{ key: "X-Other", value: "other_secret_9" }] }] });
    for (const call of [() => c.webhooks.list(), () => c.webhooks.get("wh9")]) {
      answers.push([200, wrapped]);
      const e = await rejection(call());
      const shown = JSON.stringify(e) + e.message;
      assert.ok(!shown.includes("other_secret_9") && shown.includes("X-Other"), shown);
      assert.equal(e.body.data[0].webhookHeaders[0].value, "[redacted]");
    }
    answers.push([400, wrapped]);
    const short = await rejection(c.webhooks.create({ ...input, headers: { "X-Env": "4" } }));
    assert.equal(short.body.status, 400, JSON.stringify(short.body));
  } finally {
    server.close();
  }
});

test("createWithSecret: the SDK's secret is sent as the delivery header and lets the delivery in", async () => {
  const { createWebhookHandler } = await import("../../pkg/webhooks-node.mjs");
  const c = client();
  const { webhook, secret } = await c.webhooks.createWithSecret({ ...input, headers: {} }, "X-Whautomate-Secret");
  assert.equal(secret.name, "X-Whautomate-Secret");
  assert.match(secret.value, /^[0-9a-f]{64}$/);
  assert.deepEqual(webhook.webhookHeaders, [{ key: "X-Whautomate-Secret", value: secret.value }]);
  const again = await c.webhooks.createWithSecret({ ...input, headers: {} }, "X-Whautomate-Secret");
  assert.notEqual(again.secret.value, secret.value);
  // The endpoint that holds it lets in what carries it, and only that.
  const seen = [];
  const handler = createWebhookHandler({ secret, onEvent: (event) => seen.push(event.id) });
  const event = JSON.stringify({ event: { id: "ev_1", type: "contact_created" } });
  const post = (value) => handler(new Request("http://127.0.0.1/hook", { method: "POST", body: event, headers: { "x-whautomate-secret": value } }));
  assert.equal((await post(secret.value)).status, 200);
  assert.equal((await post(again.secret.value)).status, 401);
  assert.deepEqual(seen, ["ev_1"]);
  // A header the input sets already, or a name that is no header, is refused before sending.
  const twice = await rejection(c.webhooks.createWithSecret({ ...input, headers: { "x-whautomate-secret": "mine" } }, "X-Whautomate-Secret"));
  assert.equal(twice.violations[0].field, "headers");
  const bad = await rejection(c.webhooks.createWithSecret(input, "X Secret"));
  assert.equal(bad.violations[0].field, "header");
});

test("every webhooks call takes { signal }: an abort ends it, a wrong option is refused by name", async () => {
  const hung = [];
  const server = createServer((req, res) => { hung.push(res); });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const c = new Whautomate({ apiKey: "sk_sig", host: `http://127.0.0.1:${server.address().port}`, rateLimit: false, retry: { maxRetries: 0 } });
    for (const call of [(signal) => c.webhooks.list({ limit: 5, signal }), (signal) => c.webhooks.get("wh_1", { signal }), (signal) => c.webhooks.delete("wh_1", { signal }),
      (signal) => c.webhooks.create(input, { signal }), (signal) => c.webhooks.update("wh_1", { active: false }, { signal })]) {
      const controller = new AbortController();
      const pending = rejection(call(controller.signal));
      await new Promise((r) => setTimeout(r, 50));
      controller.abort();
      const e = await pending;
      assert.equal(e.code, "aborted");
    }
    assert.equal(hung.length, 5);
    for (const [call, field] of [[() => c.webhooks.get("wh_1", { sginal: 1 }), "sginal"], [() => c.webhooks.get("wh_1", { signal: {} }), "signal"],
      [() => c.webhooks.delete("wh_1", { page: 2 }), "page"], [() => c.webhooks.list({ signal: new AbortController() }), "signal"]]) {
      const e = await rejection(call());
      assert.equal(e.code, "invalid_input");
      assert.equal(e.violations[0].field, field);
    }
    assert.equal(hung.length, 5);
  } finally {
    for (const res of hung) res.destroy();
    server.close();
  }
});

test("a redirect to another origin is never followed by a webhooks call: the key stays home", async () => {
  const elsewhere = [];
  const other = createServer((req, res) => { elsewhere.push(req.headers["x-api-key"]); res.end("[]"); });
  await new Promise((r) => other.listen(0, "127.0.0.1", r));
  const server = createServer((req, res) => res.writeHead(307, { location: `http://127.0.0.1:${other.address().port}/v1/webhooks` }).end());
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const c = new Whautomate({ apiKey: "sk_redirect", host: `http://127.0.0.1:${server.address().port}`, rateLimit: false, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    for (const call of [() => c.webhooks.list(), () => c.webhooks.create(input), () => c.webhooks.update("wh_1", { active: false }), () => c.webhooks.delete("wh_1")]) {
      const e = await rejection(call());
      assert.equal(e.code, "http_error");
      assert.equal(e.status, 307);
      assert.equal(e.mayHaveBeenSent, false);
    }
    assert.deepEqual(elsewhere, []);
  } finally {
    server.close();
    other.close();
  }
});

test("client.webhooks reads its arguments in the call: changed right after, create and createWithSecret send what was given", async () => {
  const c = client();
  const given = { ...input, name: "as given", events: [...input.events] };
  const pending = c.webhooks.create(given);
  given.name = "changed";
  given.events.push("contact_created");
  const created = await pending;
  assert.equal(created.name, "as given");
  assert.deepEqual(created.events, ["incoming_whatsapp_message"]);
  const { headers, ...plain } = input;
  const withSecret = { ...plain, name: "with secret" };
  const secretPending = c.webhooks.createWithSecret(withSecret, "x-hook-secret");
  withSecret.serverUrl = "http://127.0.0.1:10/elsewhere";
  const { webhook, secret } = await secretPending;
  assert.equal(webhook.serverUrl, "http://127.0.0.1:9/hooks");
  assert.deepEqual(webhook.webhookHeaders, [{ key: "x-hook-secret", value: secret.value }]);
  await c.webhooks.delete(created.id);
  await c.webhooks.delete(webhook.id);
});

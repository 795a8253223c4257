// The example auto-reply Worker (examples/auto-reply-worker/worker.mjs) under workerd,
// Cloudflare's runtime, subscribed to a real sandbox: every incoming message on every
// channel gets exactly one reply, on its channel, to its contact, although the sandbox
// delivers every event twice (the duplicate-delivery fault), the Worker's own replies
// come back to it as outgoing events, and a failed reply is retried by the sender.
//
// The Worker is bundled the way `wrangler deploy` does it: esbuild resolves "whautomate"
// and "whautomate/webhooks" from node_modules (a symlink to pkg/, as after `npm install`)
// with wrangler's conditions (workerd, worker, browser), and the two .wasm imports stay
// external and are handed to workerd as `wasm` modules beside the bundle.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer as createNetServer } from "node:net";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { Whautomate } from "../../pkg/node.mjs";
import { KEY, root, startSandbox } from "./support/sandbox.mjs";

const EXAMPLE = join(root, "examples", "auto-reply-worker");
const PKG = join(root, "pkg");
const SECRET_HEADER = "x-whautomate-secret";
const SECRET = randomBytes(24).toString("hex");
const CHANNELS = ["whatsapp", "telegram", "instagram", "messenger"];
// The seeded contacts, one per channel (sandbox/README.md, "Seeded data").
const SEEDED = { whatsapp: "ct_wa_1", telegram: "ct_tg_1", instagram: "ct_ig_1", messenger: "ct_fb_1" };
const RUN = randomBytes(4).toString("hex");
const reply = (text) => `Thanks, we got: ${text}`;

let sandbox, workerd, work, hook, log = "";
let bundleInputs = [], wasmImports = [];

const freePort = () => new Promise((ok) => {
  const s = createNetServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
});

function run(cmd, args, cwd) {
  return new Promise((ok, fail) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", fail);
    child.on("close", (code) => (code === 0 ? ok(out) : fail(new Error(`${basename(cmd)} exited ${code}:\n${out}`))));
  });
}

// The sandbox's /v1 API, with its key (there is no client.webhooks in the npm package yet).
async function api(method, path, body) {
  const res = await fetch(`${sandbox.url}${path}`, {
    method, headers: { "x-api-key": KEY, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(5_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

const faults = (config) => sandbox.control("faults", config);

async function deliveries({ settled = false } = {}) {
  const res = await fetch(`${sandbox.url}/_sandbox/webhook-deliveries${settled ? "?settled=1&timeoutMs=15000" : ""}`, { signal: AbortSignal.timeout(16_000) });
  if (!res.ok) throw new Error(`webhook-deliveries answered ${res.status}: ${await res.text()}\nworkerd:\n${log}`);
  return res.json();
}

// Polls `probe` until it returns something truthy, or fails at the deadline.
async function until(what, probe, { timeoutMs = 10_000, everyMs = 25 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nworkerd:\n${log}`);
    await new Promise((ok) => setTimeout(ok, everyMs));
  }
}

// The replies the sandbox accepted (every send, in order), as { contactId, channel, text }.
async function replies() {
  const sends = await sandbox.control("deliveries");
  return sends.map((d) => ({ contactId: d.body.contact?.id, channel: d.path.split("/")[3], text: d.body.textMessage, path: d.path }));
}

const client = () => new Whautomate({ apiKey: KEY, host: sandbox.url, locationId: "loc_1", rateLimit: false, timeoutMs: 5_000 });

before(async () => {
  // --time-scale 20: the sandbox's webhook retry waits (50 ms doubling to 2 s) are 20
  // times shorter, so a subscription that is refused 8 times settles in well under a second.
  sandbox = await startSandbox(["--time-scale", "20"]);

  // A scratch project as after `npm install whautomate`: node_modules/whautomate is pkg/.
  work = mkdtempSync(join(tmpdir(), "whautomate-auto-reply-"));
  mkdirSync(join(work, "node_modules"));
  symlinkSync(PKG, join(work, "node_modules", "whautomate"), "dir");
  copyFileSync(join(EXAMPLE, "worker.mjs"), join(work, "worker.mjs"));
  await run(join(root, "node_modules", ".bin", "esbuild"), ["worker.mjs", "--bundle", "--format=esm", "--platform=browser",
    "--conditions=workerd,worker,browser", "--external:*.wasm", "--log-level=warning", "--metafile=out/meta.json",
    "--outfile=out/worker.js"], work);
  const realPkg = realpathSync(PKG);
  bundleInputs = Object.keys(JSON.parse(readFileSync(join(work, "out", "meta.json"), "utf8")).inputs)
    .map((f) => resolve(work, f)).filter((f) => f.startsWith(realPkg)).map((f) => f.slice(realPkg.length + 1)).sort();
  const bundle = readFileSync(join(work, "out", "worker.js"), "utf8");
  wasmImports = [...new Set([...bundle.matchAll(/from\s*"([^"]+\.wasm)"/g)].map((m) => m[1]))].sort();
  const wasmModules = wasmImports.map((name) => {
    copyFileSync(join(PKG, basename(name)), join(work, "out", basename(name)));
    return `(name = "${name.replace(/^\.\//, "")}", wasm = embed "out/${basename(name)}")`;
  });

  const port = await freePort();
  writeFileSync(join(work, "worker.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .autoReply),
    # The default "internet" service refuses loopback; the sandbox is local.
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const autoReply :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "out/worker.js"),
    ${wasmModules.join(",\n    ")},
  ],
  compatibilityDate = "2025-06-01",
  bindings = [
    (name = "WEBHOOK_SECRET", text = "${SECRET}"),
    (name = "WHAUTOMATE_API_KEY", text = "${KEY}"),
    (name = "WHAUTOMATE_HOST", text = "${sandbox.url}"),
    (name = "WHAUTOMATE_LOCATION_ID", text = "loc_1"),
  ],
);
`);
  workerd = spawn(join(root, "node_modules", ".bin", "workerd"), ["serve", join(work, "worker.capnp")],
    { cwd: work, stdio: ["ignore", "pipe", "pipe"], detached: true });
  workerd.stdout.on("data", (d) => (log += d));
  workerd.stderr.on("data", (d) => (log += d));
  hook = `http://127.0.0.1:${port}/webhooks`;
  // Ready once the Worker answers; a GET is 405 from the webhook handler itself.
  await until("workerd to serve the Worker", async () => {
    if (workerd.exitCode !== null) throw new Error(`workerd exited (${workerd.exitCode}):\n${log}`);
    try {
      return (await fetch(hook, { signal: AbortSignal.timeout(1_000) })).status === 405;
    } catch {
      return false;
    }
  }, { timeoutMs: 15_000, everyMs: 50 });
});

after(async () => {
  if (workerd && workerd.exitCode === null) {
    try { process.kill(-workerd.pid, "SIGKILL"); } catch { /* gone */ }
  }
  await sandbox?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the bundle takes the package's workerd entries, as wrangler would", () => {
  assert.ok(bundleInputs.includes("workerd.mjs"), `whautomate → pkg/workerd.mjs; inputs: ${bundleInputs}`);
  assert.ok(bundleInputs.includes("webhooks-workerd.mjs"), `whautomate/webhooks → pkg/webhooks-workerd.mjs; inputs: ${bundleInputs}`);
  for (const other of ["node.mjs", "browser.mjs", "webhooks-node.mjs", "webhooks-browser.mjs"]) assert.ok(!bundleInputs.includes(other), `${other} was bundled`);
  assert.deepEqual(wasmImports.map((f) => basename(f)), ["whautomate_full_bg.wasm", "whautomate_webhooks_bg.wasm"]);
});

test("a delivery without the secret is refused (401) and nothing is sent", async () => {
  const body = JSON.stringify({
    event: { id: `forged_${RUN}`, type: "incoming_telegram_message", timeStamp: new Date().toISOString(), key: "m1" },
    message: { id: "m1", contact: { id: "ct_tg_1", channel: "telegram" }, channel: "telegram", isIncoming: "true", type: "text", text: "forged" },
  });
  const post = (headers, payload = body) => fetch(hook, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: payload });
  assert.equal((await post({})).status, 401, "no secret header");
  assert.equal((await post({ [SECRET_HEADER]: "wrong" })).status, 401, "a wrong secret");
  assert.equal((await post({ [SECRET_HEADER]: SECRET.slice(0, -1) })).status, 401, "a prefix of the secret");
  assert.equal((await post({ [SECRET_HEADER]: SECRET }, "not json")).status, 400, "the right secret, no event");
  assert.equal((await fetch(hook.replace("/webhooks", "/other"), { method: "POST", body })).status, 404);
  assert.deepEqual(await replies(), [], "a refused delivery sent nothing");
});

test("every incoming message gets exactly one reply, on its channel, despite duplicate deliveries", async (t) => {
  const events = [...CHANNELS.flatMap((c) => [`incoming_${c}_message`, `outgoing_${c}_message`]), "contact_created"];
  const good = await api("POST", "/v1/webhooks", {
    name: "auto-reply", serverUrl: hook, events, active: true, webhookHeaders: [{ key: SECRET_HEADER, value: SECRET }],
  });
  // The same Worker subscribed again with a wrong secret: each of those deliveries is 401.
  const bad = await api("POST", "/v1/webhooks", {
    name: "wrong secret", serverUrl: hook, events: CHANNELS.map((c) => `incoming_${c}_message`), active: true,
    webhookHeaders: [{ key: SECRET_HEADER, value: "not-the-secret" }],
  });
  assert.deepEqual((await faults({ duplicateDeliveries: true })).duplicateDeliveries, true);

  // One message per channel from the seeded contacts, and one from a WhatsApp number the
  // sandbox has never seen (contact_created first, then the message).
  const sent = [];
  for (const channel of CHANNELS) {
    const text = `hello on ${channel} ${RUN}`;
    const { contactId } = await sandbox.control("inbound", { contactId: SEEDED[channel], text });
    sent.push({ channel, contactId, text });
  }
  const phone = `+1555${String(Date.now()).slice(-7)}`;
  const fresh = await sandbox.control("inbound", { channel: "whatsapp", phoneNumber: phone, name: "New Customer", text: `first time here ${RUN}` });
  sent.push({ channel: "whatsapp", contactId: fresh.contactId, text: `first time here ${RUN}` });
  assert.ok(!Object.values(SEEDED).includes(fresh.contactId), "a new contact");

  // Settled: every delivery, and every delivery the replies caused, has ended.
  const log = await deliveries({ settled: true });
  const mine = log.filter((r) => r.subscriptionId === good.id);
  const refused = log.filter((r) => r.subscriptionId === bad.id);

  // Each event went out twice with one event.id; both copies were answered 200 at the
  // first attempt (the second as a duplicate), so nothing was retried.
  const byEvent = new Map();
  for (const r of mine) byEvent.set(r.eventId, [...(byEvent.get(r.eventId) ?? []), r]);
  for (const [id, copies] of byEvent) {
    assert.deepEqual(copies.map((r) => r.copy), [1, 2], `event ${id}: two copies`);
    for (const r of copies) {
      assert.ok(r.delivered && r.settled, `event ${id} copy ${r.copy}: ${JSON.stringify(r.attempts)}`);
      assert.deepEqual(r.attempts.map((a) => a.status), [200], `event ${id} copy ${r.copy} (${r.type})`);
    }
  }
  const types = mine.filter((r) => r.copy === 1).map((r) => r.type).sort();
  assert.deepEqual(types, [
    "contact_created",
    ...CHANNELS.flatMap((c) => Array(c === "whatsapp" ? 2 : 1).fill(`incoming_${c}_message`)),
    ...CHANNELS.flatMap((c) => Array(c === "whatsapp" ? 2 : 1).fill(`outgoing_${c}_message`)),
  ].sort(), "5 incoming messages, 5 replies (delivered back as outgoing events), 1 new contact");

  t.diagnostic(`good subscription: ${byEvent.size} events, ${mine.length} deliveries (copy 2 of each: a duplicate answered 200), ` +
    `${mine.reduce((n, r) => n + r.attempts.length, 0)} attempts; wrong secret: ${refused.length} deliveries, ` +
    `${refused.reduce((n, r) => n + r.attempts.length, 0)} attempts, all 401`);

  // The wrong secret: every attempt of every copy refused, until the sender gave up.
  assert.equal(refused.length, sent.length * 2);
  for (const r of refused) {
    assert.ok(r.settled && !r.delivered);
    assert.equal(r.attempts.length, 8);
    assert.ok(r.attempts.every((a) => a.status === 401), JSON.stringify(r.attempts));
  }

  // Exactly one reply per incoming message, on its channel, to its contact, and no others
  // (the outgoing events of the replies did not make the Worker answer itself).
  const got = await replies();
  assert.deepEqual(
    got.map(({ contactId, channel, text }) => ({ contactId, channel, text })).sort((a, b) => a.text.localeCompare(b.text)),
    sent.map(({ contactId, channel, text }) => ({ contactId, channel, text: reply(text) })).sort((a, b) => a.text.localeCompare(b.text)),
  );
  // And in each contact's history, read through the SDK: the reply, once, after the message.
  const c = client();
  for (const { contactId, channel, text } of sent) {
    const history = await c.messages.list(contactId, { limit: 50 });
    const answers = history.filter((m) => m.isIncoming === false && m.text === reply(text));
    assert.equal(answers.length, 1, `${contactId}: ${JSON.stringify(history)}`);
    assert.equal(history.filter((m) => m.isIncoming === false && String(m.text).startsWith("Thanks, we got")).length, 1, `${contactId}: one reply in all`);
    const inbound = history.findIndex((m) => m.isIncoming === true && m.text === text);
    const answer = history.indexOf(answers[0]);
    assert.ok(inbound >= 0 && answer < inbound, `${contactId}: the reply is newer than the message (newest first)`);
    assert.equal(String(answers[0].channel).toLowerCase(), channel);
  }
  await faults({});
  for (const w of [good, bad]) await api("DELETE", `/v1/webhooks/${w.id}`);
});

test("a reply that failed is retried by the sender (500), then sent once", async (t) => {
  const good = await api("POST", "/v1/webhooks", {
    name: "auto-reply", serverUrl: hook, events: ["incoming_telegram_message", "outgoing_telegram_message"], active: true,
    webhookHeaders: [{ key: SECRET_HEADER, value: SECRET }],
  });
  const before = (await replies()).length;
  // Every /v1 call is refused with 429 (nothing sent): the SDK retries it (Retry-After 1 s)
  // and then gives up with rate_limited, not mayHaveBeenSent, so the Worker answers 500.
  await faults({ duplicateDeliveries: true, status429Rate: 1 });
  const text = `please retry ${RUN}`;
  await sandbox.control("inbound", { contactId: "ct_tg_1", text });
  const failed = await until("a delivery answered 500", async () =>
    (await deliveries()).find((r) => r.subscriptionId === good.id && r.payload.message?.text === text && r.attempts.some((a) => a.status === 500)),
  { timeoutMs: 12_000 });
  await faults({ duplicateDeliveries: true });

  const log = await deliveries({ settled: true });
  const copies = log.filter((r) => r.eventId === failed.eventId && r.subscriptionId === good.id);
  assert.equal(copies.length, 2);
  const statuses = copies[0].attempts.map((a) => a.status);
  assert.ok(copies[0].delivered, JSON.stringify(copies[0].attempts));
  assert.equal(statuses.at(-1), 200);
  assert.ok(statuses.slice(0, -1).length >= 1 && statuses.slice(0, -1).every((s) => s === 500), `attempts: ${statuses}`);
  assert.deepEqual(copies[1].attempts.map((a) => a.status), [200], "the duplicate copy, after the retried one was handled");

  t.diagnostic(`retried event ${failed.eventId}: copy 1 attempts ${statuses.join(" ")}; copy 2 ${copies[1].attempts.map((a) => a.status).join(" ")}`);

  const got = (await replies()).slice(before);
  assert.deepEqual(got.map((r) => r.text), [reply(text)], "exactly one reply, although the event was delivered 2 + retries times");
  assert.equal(got[0].contactId, "ct_tg_1");
  assert.equal(got[0].channel, "telegram");
  await faults({});
  await api("DELETE", `/v1/webhooks/${good.id}`);
});

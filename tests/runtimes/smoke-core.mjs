// The one thing every runtime smoke test does, whatever loaded the package: create a
// client pointed at the harness's local server and send one WhatsApp text (then one
// through sendMany and a webhooks.delete: the extras module, loaded on first use). Returns a
// plain object (printed as `RESULT {...}` by the scripts) for tests/runtimes/run.mjs.
/** How long the smoke test lingers after its timeouts (run.mjs bounds the cancelling by it). */
export const TIMEOUT_LINGER_MS = 1500;

/** The key of the hostile checks: `/` and `"` have JSON escapes of their own. */
export const HOSTILE_KEY = 'sk_smoke/hostile"key';
/** The redirects the harness answers with, each to another origin. */
export const REDIRECTS = [301, 302, 303, 307, 308];

// The server redirects (to another origin) and echoes the key JSON-escaped: in this
// runtime's own fetch, no redirect is followed and the key is in no form of the error.
async function hostile(sdk, host, runtime) {
  const client = new sdk.Whautomate({ apiKey: HOSTILE_KEY, host, locationId: "loc_1", rateLimit: false, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
  const outcome = (e) => (e instanceof sdk.WhautomateError ? { code: e.code, status: e.status ?? null, mayHaveBeenSent: e.mayHaveBeenSent } : { thrown: String(e) });
  const redirects = [];
  for (const code of REDIRECTS) {
    redirects.push(await client.telegram.sendText({ to: { contactId: "ct" }, text: `redirect ${code} from ${runtime}` }).then(() => ({ sent: true }), outcome));
    redirects.push(await client.messages.list(`redirect-${code}-${runtime}`).then(() => ({ read: true }), outcome));
  }
  const echoed = await client.telegram.sendText({ to: { contactId: "ct" }, text: `echo key from ${runtime}` }).then(() => null, (e) => e);
  const texts = echoed ? [String(echoed), JSON.stringify(echoed), String(echoed.stack), JSON.stringify(echoed.body)] : [];
  return { redirects, echo: echoed && { code: echoed.code, leaked: texts.some((t) => t.includes(HOSTILE_KEY)), bodyParsed: typeof echoed.body === "object" } };
}

// Bodies over maxResponseBytes (1 MiB here), as the harness serves them: a 404 whose body
// is gzip (about 20 KB on the wire, 20 MiB inflated, its compressed length declared) and a
// 200 whose plain body declares 2 MiB. Neither is read whole, and each keeps its status.
// In a page the API is another origin (localhost, where the page is 127.0.0.1): a
// cross-origin response shows its Content-Length but hides its Content-Encoding, so the
// declared length must bound nothing there and the body be counted as it inflates.
async function oversize(sdk, host, runtime) {
  const api = runtime === "chromium" ? host.replace("127.0.0.1", "localhost") : host;
  const client = new sdk.Whautomate({ apiKey: "sk_test_smoke", host: api, locationId: "loc_1", rateLimit: false, maxResponseBytes: 1 << 20, retry: { maxRetries: 0 } });
  const outcome = (e) => (e instanceof sdk.WhautomateError ? { code: e.code, status: e.status ?? null, mayHaveBeenSent: e.mayHaveBeenSent, seen: /more than that arrived|bytes declared/.exec(e.message)?.[0] ?? e.message } : { thrown: String(e) });
  const send = (text) => client.telegram.sendText({ to: { contactId: "ct" }, text }).then(() => ({ sent: true }), outcome);
  return { gzip: await send(`oversize gzip from ${runtime}`), plain: await send(`oversize plain from ${runtime}`) };
}

// Bodies cut while they arrive, as the harness serves them: a 401 and a 200 whose
// connection drops after a few bytes. The status decides; neither send goes again.
async function cut(sdk, host, runtime) {
  const api = runtime === "chromium" ? host.replace("127.0.0.1", "localhost") : host;
  const client = new sdk.Whautomate({ apiKey: "sk_test_smoke", host: api, locationId: "loc_1", rateLimit: false, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
  const outcome = (e) => (e instanceof sdk.WhautomateError ? { code: e.code, status: e.status ?? null, mayHaveBeenSent: e.mayHaveBeenSent } : { thrown: String(e) });
  const send = (status) => client.telegram.sendText({ to: { contactId: "ct" }, text: `cut ${status} from ${runtime}` }).then(() => ({ sent: true }), outcome);
  return { refused: await send(401), accepted: await send(200) };
}

// tests/fixtures/hosts.json, written in by run.mjs when it copies this file: the host table
// every URL reader is held to, here this runtime's own `new URL()` (the package's driver
// reads hosts with it). Returns the rows it does not hold to.
const HOST_TABLE = null;
function hostTable(sdk) {
  const wrong = [];
  const message = { channel: "telegram", type: "text", to: { contactId: "c" }, text: "t", locationId: "l" };
  for (const { host, base } of HOST_TABLE.accepted) {
    try {
      const url = new sdk.Whautomate({ apiKey: "sk_test_hosts", host }).prepare(message).url;
      if (url !== `${base}/messages/telegram/sendtext`) wrong.push(`${JSON.stringify(host)} became ${url}`);
    } catch (e) {
      wrong.push(`${JSON.stringify(host)} was refused: ${e && e.message}`);
    }
  }
  for (const { host, code } of HOST_TABLE.refused) {
    try {
      new sdk.Whautomate({ apiKey: "sk_test_hosts", host });
      wrong.push(`${JSON.stringify(host)} was accepted`);
    } catch (e) {
      const got = e instanceof sdk.WhautomateError && e.violations[0] ? [e.field, e.violations[0].code] : [String(e)];
      if (got[0] !== "host" || got[1] !== code) wrong.push(`${JSON.stringify(host)} refused as ${JSON.stringify(got)}, expected ${code}`);
    }
  }
  return wrong;
}

// Every number option, in every runtime's build of the engine: a fraction is
// invalid_type, a whole number outside the range out_of_range (0 of the rate limit too);
// and each error's violations are its own. Returns what went otherwise.
function numberRule(sdk) {
  const wrong = [];
  const cases = [
    [{ timeoutMs: 1.5 }, "timeoutMs", "invalid_type"], [{ timeoutMs: -1 }, "timeoutMs", "out_of_range"],
    [{ maxResponseBytes: 2 ** 40 }, "maxResponseBytes", "out_of_range"], [{ retry: { maxRetries: 0.5 } }, "retry.maxRetries", "invalid_type"],
    [{ rateLimit: { perMinute: 0 } }, "rateLimit.perMinute", "out_of_range"], [{ rateLimit: { perMinute: 2 ** 32 } }, "rateLimit.perMinute", "out_of_range"],
    [{ rateLimit: { perMinute: 60, burst: 2.5 } }, "rateLimit.burst", "invalid_type"], [{ rateLimit: 60 }, "rateLimit", "invalid_type"],
  ];
  const seen = [];
  for (const [options, field, code] of cases) {
    try {
      new sdk.Whautomate({ apiKey: "sk_test_numbers", ...options });
      wrong.push(`${JSON.stringify(options)} was accepted`);
    } catch (e) {
      const got = e instanceof sdk.WhautomateError && e.violations[0] ? [e.field, e.violations[0].code] : [String(e)];
      if (got[0] !== field || got[1] !== code) wrong.push(`${JSON.stringify(options)} refused as ${JSON.stringify(got)}, expected ${field} ${code}`);
      if (e && Array.isArray(e.violations)) seen.push(e.violations);
    }
  }
  if (new Set(seen).size !== seen.length) wrong.push("two errors share one violations array");
  return wrong;
}

// A send to a port nothing listens on (`closed`), in this runtime's own fetch: where the
// runtime says no connection was made (Node's and Bun's codes), the send is certainly not
// sent, and retried (twice here) as one that may go again; Deno's message proves nothing
// (run.mjs says why).
async function unreachable(sdk, closed) {
  const client = new sdk.Whautomate({ apiKey: "sk_test_smoke", host: closed, locationId: "loc_1", rateLimit: false, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
  return client.telegram.sendText({ to: { contactId: "ct" }, text: "unreachable" }).then(
    () => ({ sent: true }),
    (e) => (e instanceof sdk.WhautomateError ? { code: e.code, mayHaveBeenSent: e.mayHaveBeenSent, retryable: e.retryable } : { thrown: String(e) }),
  );
}

export async function smoke(sdk, { runtime, host, entry, closed }) {
  const result = { runtime, entry, exports: Object.keys(sdk).filter((k) => k !== "default" && k !== "__esModule").sort() };
  // The names a log or a stack shows, whatever build (a minified one: workerd.mjs) loaded.
  result.names = ["Whautomate", "WhautomateError", "validate", "version"].map((k) => sdk[k] && sdk[k].name);
  try {
    const client = new sdk.Whautomate({ apiKey: "sk_test_smoke", host, locationId: "loc_1", rateLimit: false });
    const answer = await client.whatsapp.sendText({ to: { phoneNumber: "+1 650 555 1234" }, text: `hello from ${runtime}` });
    result.answer = answer === undefined ? null : answer;
    // The extras module (sendMany, client.webhooks), loaded the runtime's way on first
    // use: a run of one message, and a subscription deleted (a DELETE, judged as one).
    const many = await client.sendMany([{ channel: "telegram", type: "text", to: { contactId: "ct" }, text: `many from ${runtime}` }]);
    result.many = { sent: many.sent, failed: many.failed, unknown: many.unknown, status: many.results[0].status };
    result.deleted = (await client.webhooks.delete(`wh_${runtime}`)) ?? null;
    // Two sends the server never answers, 10 ms apart: each must time out, and its
    // request must be cancelled (run.mjs sees the connection close) before this stops
    // lingering (TIMEOUT_LINGER_MS later, the wall-clock time it reports as `lingered`),
    // so that the closing is the runtime's abort and not the process or the Worker ending.
    const slow = new sdk.Whautomate({ apiKey: "sk_test_smoke", host, locationId: "loc_1", rateLimit: false, timeoutMs: 300, retry: { maxRetries: 0 } });
    const hang = (n) => slow.whatsapp.sendText({ to: { phoneNumber: "+1 650 555 1234" }, text: `hang from ${runtime} ${n}` }).then(() => "sent", (e) => e.code);
    const first = hang(1);
    await new Promise((r) => setTimeout(r, 10));
    result.timeouts = await Promise.all([first, hang(2)]);
    await new Promise((r) => setTimeout(r, TIMEOUT_LINGER_MS));
    result.lingered = Date.now();
    result.hostile = await hostile(sdk, host, runtime);
    result.oversize = await oversize(sdk, host, runtime);
    result.cut = await cut(sdk, host, runtime);
    if (closed) result.unreachable = await unreachable(sdk, closed);
    // An array whose length is not its contents: refused by its count, nothing built or sent.
    const holes = [];
    holes.length = 2 ** 32 - 1;
    result.holes = await client.sendMany(holes).then(() => ({ ran: true }), (e) => ({ code: e.code, field: e.field, violation: e.violations?.[0]?.code }));
    result.hosts = hostTable(sdk);
    result.numbers = numberRule(sdk);
    result.ok = true;
  } catch (e) {
    result.ok = false;
    result.error = `${e && e.name}: ${e && e.message}${e && e.code ? ` (code ${e.code})` : ""}`;
  }
  return result;
}

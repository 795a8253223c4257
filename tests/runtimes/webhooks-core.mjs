// The webhook half of every runtime smoke test: `whautomate/webhooks`, imported by its
// package name beside "whautomate", parses the vendor's example event, refuses a body
// that is no event with the one WhautomateError class, and createWebhookHandler answers
// a run of deliveries: in-process with the runtime's own Request and Response, and over
// every server the calling script mounts (Deno.serve, Bun.serve, a Worker's own socket,
// createWebhookListener behind node:http). Returns a plain object (the `webhooks` field of
// the smoke result) that tests/runtimes/run.mjs compares with what it expects.

/** The vendor's quirky example: isIncoming a string, channel "whatsApp", an empty replyToMessage. */
export const WEBHOOK_BODY = '{"event":{"id":"cIH32l5nW8","type":"incoming_whatsapp_message","timeStamp":"2024-03-17T03:31:24.572Z","key":"2xoE5Rb6yT"},"message":{"id":"2xoE5Rb6yT","channel":"whatsApp","isIncoming":"true","replyToMessage":{},"from":"John"}}';
/** The shared secret the handlers require. */
export const WEBHOOK_SECRET = { name: "x-whautomate-secret", value: "smoke-secret-5f0c2a9e71d34b8c" };
/** The deliveries, in order: [what, secret header value (undefined: none), body]. */
export const DELIVERIES = [
  ["good", WEBHOOK_SECRET.value, WEBHOOK_BODY],
  ["same again", WEBHOOK_SECRET.value, WEBHOOK_BODY],
  ["wrong secret", "smoke-secret-wrong-0000000000", WEBHOOK_BODY],
  ["no secret", undefined, WEBHOOK_BODY],
  ["bad body", WEBHOOK_SECRET.value, "nope"],
];

const namesOf = (module) => Object.keys(module).filter((k) => k !== "default" && k !== "__esModule").sort();
const describe = (e) => `${e && e.name}: ${e && e.message}${e && e.code ? ` (code ${e.code})` : ""}`;
const headersFor = (secret) => (secret === undefined ? {} : { [WEBHOOK_SECRET.name]: secret });

/** A server over real HTTP: POSTs to `url`, then `close()`. */
export const overHttp = (url, close) => ({
  async post(secret, body) {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headersFor(secret) }, body });
    await res.text();
    return res.status;
  },
  close,
});

/** createWebhookListener behind `http.createServer` (`http`: node:http, as loaded by the caller). */
export const listenerOverNodeHttp = (hooks, http) => async (options) => {
  const server = http.createServer(hooks.createWebhookListener(options));
  await new Promise((ok, fail) => server.once("error", fail).listen(0, "127.0.0.1", ok));
  return overHttp(`http://127.0.0.1:${server.address().port}/webhook`, () => new Promise((ok) => {
    server.close(() => ok());
    server.closeAllConnections?.();
  }));
};

// createWebhookHandler called directly with this runtime's Request; its answer must be
// this runtime's Response.
const inProcess = (hooks) => (options) => {
  const handler = hooks.createWebhookHandler(options);
  return {
    async post(secret, body) {
      const res = await handler(new Request("http://127.0.0.1/webhook", { method: "POST", headers: { "content-type": "application/json", ...headersFor(secret) }, body }));
      if (!(res instanceof Response)) throw new Error(`the handler answered ${Object.prototype.toString.call(res)}, not this runtime's Response`);
      await res.text();
      return res.status;
    },
  };
};

// One endpoint (fresh, so its dedupe memory is its own) through every delivery; each step
// reads `what: status, onEvent calls N` (N: the calls so far).
async function deliver(mount) {
  const seen = [];
  const endpoint = await mount({
    secret: WEBHOOK_SECRET,
    onEvent: (event) => { seen.push(`${event.id} ${event.direction} ${event.channel} isIncoming=${event.message?.isIncoming}`); },
  });
  try {
    const steps = [];
    for (const [what, secret, body] of DELIVERIES) {
      const status = await endpoint.post(secret, body);
      steps.push(`${what}: ${status}, onEvent calls ${seen.length}`);
    }
    return { steps, seen };
  } finally {
    await endpoint.close?.();
  }
}

/**
 * hooks: `whautomate/webhooks`; sdk: "whautomate" (in the same runtime); entry: the file the
 * exports map chose for hooks; mounts: { name: (options) => server } for the servers this
 * runtime has, each server `{ post(secret, body) -> status, close? }` (see overHttp).
 */
export async function webhooksSmoke(hooks, sdk, { entry, mounts = {} }) {
  const result = { entry, exports: namesOf(hooks) };
  try {
    result.sameErrorClass = hooks.WhautomateError === sdk.WhautomateError;

    const event = hooks.parseWebhookEvent(WEBHOOK_BODY);
    const { raw, ...normalized } = event;
    result.event = normalized;
    result.replyToMessageAbsent = !!event.message && !("replyToMessage" in event.message);
    result.rawKept = JSON.stringify(raw) === JSON.stringify(JSON.parse(WEBHOOK_BODY));

    try {
      hooks.parseWebhookEvent("nope");
      result.bad = { thrown: false };
    } catch (e) {
      result.bad = { name: e?.name, code: e?.code, field: e?.field, instanceofMain: e instanceof sdk.WhautomateError, instanceofHooks: e instanceof hooks.WhautomateError };
    }

    result.verified = [
      hooks.verifyWebhook(new Headers(headersFor(WEBHOOK_SECRET.value)), WEBHOOK_SECRET),
      hooks.verifyWebhook(new Headers(headersFor("smoke-secret-wrong-0000000000")), WEBHOOK_SECRET),
      hooks.verifyWebhook(headersFor(WEBHOOK_SECRET.value), WEBHOOK_SECRET),
      hooks.verifyWebhook({}, WEBHOOK_SECRET),
    ];

    result.deliveries = {};
    for (const [name, mount] of Object.entries({ "handler in-process": inProcess(hooks), ...mounts })) {
      try {
        result.deliveries[name] = await deliver(mount);
      } catch (e) {
        result.deliveries[name] = { error: describe(e) };
      }
    }
  } catch (e) {
    result.error = describe(e);
  }
  return result;
}

// The playground's webhook receiver. The sandbox delivers events only to a subscribed URL
// on this machine, so `make demo` (examples/run-demo.mjs) and the playground's test
// (tests/e2e/playground.test.mjs) both start this one: a node:http server on 127.0.0.1
// running the package's own endpoint (createWebhookListener from `whautomate/webhooks`,
// which checks a shared-secret header and answers duplicates), subscribed in the sandbox
// with `client.webhooks.createWithSecret`, which makes the secret. The page then reads what
// was delivered from the sandbox's log.
import { createServer } from "node:http";
import { Whautomate } from "../pkg/node.mjs";
import { createWebhookListener } from "../pkg/webhooks-node.mjs";

const CHANNELS = ["whatsapp", "telegram", "instagram", "messenger"];
/** Every event the sandbox emits: a message in or out on each channel, a new contact. */
export const EVENT_TYPES = [...CHANNELS.flatMap((c) => [`incoming_${c}_message`, `outgoing_${c}_message`]), "contact_created"];

/**
 * Starts the receiver and subscribes it in the sandbox at `sandboxUrl`. `onEvent` gets each
 * event once, parsed (a WebhookEvent). Resolves to `{ url, subscription, close() }`;
 * `subscription` is the sandbox's webhook object.
 */
export async function startWebhookReceiver({ sandboxUrl, apiKey = "sk_test_sandbox", onEvent = () => {}, name = "playground receiver" }) {
  // The vendor publishes no signature: a secret header on the subscription is the
  // receiver's only check that a delivery came from the subscription. The listener starts
  // first (its URL is the subscription's) and takes the secret once it exists.
  let listener;
  const server = createServer((req, res) => (listener ? listener(req, res) : res.writeHead(503).end()));
  await new Promise((ok, fail) => server.once("error", fail).listen(0, "127.0.0.1", ok));
  const close = () => new Promise((ok) => server.close(() => ok()));
  const url = `http://127.0.0.1:${server.address().port}/webhooks`;
  try {
    const client = new Whautomate({ apiKey, host: sandboxUrl, timeoutMs: 5_000 });
    const { webhook, secret } = await client.webhooks.createWithSecret({ name, serverUrl: url, events: EVENT_TYPES }, "x-whautomate-secret");
    listener = createWebhookListener({ secret, onEvent });
    return { url, subscription: webhook, close };
  } catch (e) {
    await close();
    throw e;
  }
}

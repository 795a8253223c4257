// Inbound reliability: N inbound messages simulated by the sandbox, delivered to a
// createWebhookListener (whautomate/webhooks, the built package) on 127.0.0.1 with the
// sandbox's duplicate-delivery fault on and an onEvent that fails 10% of the time. Each
// failure answers 500 and the sandbox retries under the same event.id; each duplicate
// copy must be answered without being handled again. Counted per message, by its unique
// text `in-<i>`: handled exactly once, never twice, none lost.
import { createServer } from "node:http";
import { createWebhookListener } from "../../pkg/webhooks-node.mjs";
import { mulberry32 as rng } from "../support/recording_server.mjs";

const CONTACTS = ["ct_wa_1", "ct_tg_1", "ct_ig_1", "ct_fb_1"];
const SECRET = { name: "x-whautomate-secret", value: "whsec_reliability_31c9e0" };

export async function runInbound(sandbox, key, { messages = 1000, failureRate = 0.1, seed = 17 } = {}) {
  const t0 = performance.now();
  const random = rng(seed);
  const handled = new Map(); // text -> times onEvent completed for it
  let thrown = 0;
  let calls = 0;
  const listener = createWebhookListener({
    secret: SECRET,
    onEvent(event) {
      calls++;
      if (random() < failureRate) {
        thrown++;
        throw new Error("the handler failed, as planned");
      }
      if (event.direction !== "incoming") return;
      const text = event.message?.text;
      handled.set(text, (handled.get(text) || 0) + 1);
    },
  });
  const server = createServer(listener);
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const hookUrl = `http://127.0.0.1:${server.address().port}/hooks`;
  const api = async (method, path, body, headers = {}) => {
    const res = await fetch(sandbox.url + path, { method, headers: { "content-type": "application/json", ...headers }, body: body && JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  try {
    await sandbox.reset();
    await api("POST", "/v1/webhooks", {
      name: "reliability", serverUrl: hookUrl, active: true,
      events: CONTACTS.map((_, i) => `incoming_${["whatsapp", "telegram", "instagram", "messenger"][i]}_message`),
      webhookHeaders: [{ key: SECRET.name, value: SECRET.value }],
    }, { "x-api-key": key });
    await sandbox.faults({ duplicateDeliveries: true });
    // Simulated in batches, so that deliveries (and their retries) overlap.
    for (let i = 0; i < messages; i += 50) {
      const batch = [];
      for (let j = i; j < Math.min(messages, i + 50); j++) batch.push(api("POST", "/_sandbox/inbound", { contactId: CONTACTS[j % CONTACTS.length], text: `in-${j}` }));
      await Promise.all(batch);
    }
    const log = await api("GET", "/_sandbox/webhook-deliveries?settled=1&timeoutMs=120000");
    await sandbox.faults({ duplicateDeliveries: false });
    const statuses = {};
    let attempts = 0;
    let notDelivered = 0;
    for (const record of log) {
      attempts += record.attempts.length;
      if (!record.delivered) notDelivered++;
      for (const a of record.attempts) statuses[a.status ?? a.error] = (statuses[a.status ?? a.error] || 0) + 1;
    }
    let once = 0;
    let twice = 0;
    let lost = 0;
    for (let i = 0; i < messages; i++) {
      const n = handled.get(`in-${i}`) || 0;
      if (n === 1) once++;
      else if (n === 0) lost++;
      else twice++;
    }
    return {
      scenario: `${messages} inbound, every event delivered twice, onEvent fails ${Math.round(failureRate * 100)}%`,
      messages, events: new Set(log.map((r) => r.eventId)).size, deliveries: log.length, attempts, statuses,
      onEventCalls: calls, onEventFailures: thrown, handledOnce: once, handledMoreThanOnce: twice, lost, notDelivered,
      seconds: ((performance.now() - t0) / 1000).toFixed(1),
    };
  } finally {
    await new Promise((ok) => server.close(ok));
  }
}

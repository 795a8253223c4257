// The app every row builds: one WhatsApp text to the runner's server on 127.0.0.1, one
// more through sendMany (the lazily loaded extras module), and one webhook event read
// with parseWebhookEvent. Imported by each row's entry file, which
// imports the package BY NAME ("whautomate", "whautomate/webhooks" or their /inline
// forms) and hands the two modules over, so that the bundler under test resolves them.
export const EVENT = {
  event: { id: "e1", type: "incoming_whatsapp_message", occurredAt: "2024-03-17T03:31:24.572Z" },
  message: { id: "m1", isIncoming: "true", channel: "whatsApp", from: "Ann", text: "hi" },
};

export async function sendAndRead(sdk, hooks, { host, row }) {
  const result = { row };
  try {
    const client = new sdk.Whautomate({ apiKey: "sk_bundlers", host, locationId: "loc_1", retry: { maxRetries: 0 } });
    result.sent = await client.whatsapp.sendText({ to: { contactId: "ct_1" }, text: `hello from ${row}` });
    // sendMany's engine is the extras module, loaded on first use: the bundler must have
    // carried its .wasm (or the inline form) along too.
    const many = await client.sendMany([{ channel: "whatsapp", type: "text", to: { contactId: "ct_1" }, text: `many from ${row}` }]);
    result.many = { sent: many.sent, failed: many.failed, unknown: many.unknown };
    if (hooks) {
      const e = hooks.parseWebhookEvent(JSON.stringify(EVENT));
      result.event = { id: e.id, type: e.type, channel: e.channel, isIncoming: e.message && e.message.isIncoming };
      try {
        hooks.parseWebhookEvent("nope");
      } catch (err) {
        result.refused = { code: err.code, sameClass: err instanceof sdk.WhautomateError };
      }
    }
    result.ok = true;
  } catch (e) {
    result.ok = false;
    result.error = String((e && e.stack) || e);
  }
  return result;
}

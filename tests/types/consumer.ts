// A TypeScript consumer of the package's types, checked with `tsc --strict --noEmit`.
// Every `@ts-expect-error` line is a usage the types must reject: if one compiles, tsc
// reports the directive as unused and the check fails.
import { Whautomate, WhautomateError, validate, type Message, type HistoryMessage, type Violation, type Webhook, type WebhookInput } from "whautomate";

const client = new Whautomate({ apiKey: "sk", host: "https://api.in.whautomate.com", locationId: "loc_1", rateLimit: false });
new Whautomate({ apiKey: "sk", rateLimit: { perMinute: 60 }, retry: { maxRetries: 2 }, timeoutMs: 5000, fetch: globalThis.fetch });

// Accepted: every channel and kind, discriminated by channel + type.
const messages: Message[] = [
  { channel: "whatsapp", type: "text", to: { phoneNumber: "+16505551234", name: "Ana" }, text: "hi", scheduleAt: new Date() },
  { channel: "whatsapp", type: "media", to: { clientId: "cl_1" }, mediaUrl: "https://x.test/a.png", mimeType: "image/png" },
  { channel: "whatsapp", type: "template", to: { contactId: "c" }, template: { name: "t", language: "en_US" }, bodyTextParameters: ["a"],
    locationParameters: { latitude: 1, longitude: 2 } },
  { channel: "telegram", type: "text", to: { contactId: "c" }, text: "hi", scheduleAt: "2030-01-01T00:00:00Z" },
  { channel: "telegram", type: "template", to: { contactId: "c" }, text: "hi", headerType: "IMAGE", buttons: [{ title: "Go", url: "https://x.test" }] },
  { channel: "instagram", type: "media", to: { contactId: "c" }, mediaUrl: "https://x.test/a.mp4", mimeType: "video/mp4" },
  { channel: "messenger", type: "template", to: { contactId: "c" }, elements: [{ title: "Card", subtitle: "s", buttons: [{ title: "Buy", type: "postback", payload: "BUY" }] }] },
];

async function usage(signal: AbortSignal): Promise<void> {
  const sent: { success: true } = await client.send(messages[0], { signal });
  void sent;
  await client.whatsapp.sendText({ to: { phoneNumber: "+1 650 555 1234" }, text: "hello" });
  await client.telegram.sendTemplate({ to: { contactId: "c" }, text: "t", buttons: [{ title: "Go", url: "https://x.test" }] });
  const page: HistoryMessage[] = await client.messages.list("c", { page: 1, limit: 50, searchText: "x" });
  for await (const m of client.messages.iterate("c", { limit: 50 })) {
    const incoming: boolean | undefined = m.isIncoming;
    void incoming;
  }
  const req = client.prepare(messages[1]);
  const url: string = req.url;
  void page, url;
  try {
    await client.send(messages[2]);
  } catch (e) {
    if (e instanceof WhautomateError) {
      const code: "invalid_input" | "unauthorized" | "not_found" | "bad_request" | "rate_limited" | "server_error" | "http_error" | "network" | "timeout" | "aborted" | "invalid_response" = e.code;
      const v: Violation[] = e.violations;
      const flags: [boolean, boolean] = [e.retryable, e.mayHaveBeenSent];
      void code, v, flags, e.status, e.field, e.body;
    }
  }
  const problems: Violation[] = validate({ channel: "telegram" });
  void problems;
}
void usage;

// Rejected: targets a channel does not accept.
// @ts-expect-error Telegram takes a contact id only, not a phone number
const t1: Message = { channel: "telegram", type: "text", to: { phoneNumber: "+16505551234" }, text: "hi" };
// @ts-expect-error clientId is WhatsApp-only
const t2: Message = { channel: "instagram", type: "text", to: { clientId: "cl" }, text: "hi" };
// @ts-expect-error a target is exactly one of contactId / clientId / phoneNumber
const t3: Message = { channel: "whatsapp", type: "text", to: { contactId: "c", phoneNumber: "+1" }, text: "hi" };
// Rejected: fields of another kind or channel.
// @ts-expect-error a text message needs text
const t4: Message = { channel: "whatsapp", type: "text", to: { contactId: "c" } };
// @ts-expect-error a media send needs a mimeType
const t5: Message = { channel: "messenger", type: "media", to: { contactId: "c" }, mediaUrl: "https://x.test/a.png" };
// @ts-expect-error no schedule on a Telegram template
const t6: Message = { channel: "telegram", type: "template", to: { contactId: "c" }, text: "t", scheduleAt: new Date() };
// @ts-expect-error elements belong to Instagram/Messenger templates
const t7: Message = { channel: "whatsapp", type: "template", to: { contactId: "c" }, template: { name: "t", language: "en" }, elements: [] };
// @ts-expect-error unknown channel
const t8: Message = { channel: "sms", type: "text", to: { contactId: "c" }, text: "hi" };
// @ts-expect-error a generic element needs a title
const t9: Message = { channel: "messenger", type: "template", to: { contactId: "c" }, elements: [{ subtitle: "s" }] };
// @ts-expect-error apiKey is required
new Whautomate({ host: "https://api.whautomate.com" });
// @ts-expect-error the per-channel helpers fill in the channel themselves
client.telegram.sendText({ channel: "telegram", to: { contactId: "c" }, text: "hi" });
// @ts-expect-error Telegram's helper rejects phone targets too
client.telegram.sendText({ to: { phoneNumber: "+1" }, text: "hi" });
void [t1, t2, t3, t4, t5, t6, t7, t8, t9];

// client.webhooks: the subscription calls and what they resolve to.
async function subscriptions(): Promise<void> {
  const made: Webhook = await client.webhooks.create({ name: "inbox", serverUrl: "https://example.com/hooks", events: ["incoming_whatsapp_message"], headers: { "X-Hook-Secret": "s" } });
  const id: string = made.id;
  const headers: { key: string; value: string }[] = made.webhookHeaders;
  const page: Webhook[] = await client.webhooks.list({ page: 1, limit: 10 });
  const changed: Webhook = await client.webhooks.update(id, { active: false });
  const gone: void = await client.webhooks.delete(id, { signal: AbortSignal.timeout(5000) });
  await client.webhooks.list({ limit: 10, signal: new AbortController().signal });
  void [headers, page, changed, gone, await client.webhooks.get(id)];
  // @ts-expect-error a subscription needs a serverUrl and events
  await client.webhooks.create({ name: "inbox" });
  // @ts-expect-error headers are an object of names and values
  await client.webhooks.create({ name: "n", serverUrl: "https://e.x/h", events: ["contact_created"], headers: [["X", "v"]] });
  // An update of a form's fields, any of them possibly unset (the SDK refuses an update
  // of nothing when it is called).
  const form: Partial<WebhookInput> = { active: false };
  await client.webhooks.update(id, form);
  await client.webhooks.update(id, { events: ["contact_created"], active: undefined });
  const created: string | undefined = made.createdAt;
  void created;
}
void subscriptions;

// Read-only arrays (an `as const` config) are taken wherever a message or a subscription
// holds a list.
const EVENTS = ["incoming_whatsapp_message", "contact_created"] as const;
const PARAMETERS: readonly string[] = Object.freeze(["A-17"]);
client.webhooks.create({ name: "inbox", serverUrl: "https://example.com/hooks", events: EVENTS });
client.send({ channel: "whatsapp", type: "template", to: { contactId: "c" }, template: { name: "order", language: "en" }, bodyTextParameters: PARAMETERS, headerTextParameters: PARAMETERS, buttonUrlParameters: PARAMETERS });
client.send({ channel: "telegram", type: "template", to: { contactId: "c" }, text: "t", buttons: [{ title: "Open", url: "https://e.x" }] as const });
const CARDS = [{ title: "A", buttons: [{ title: "Go", type: "web_url", url: "https://e.x" }] }] as const;
client.send({ channel: "messenger", type: "template", to: { contactId: "c" }, elements: CARDS });
client.send({ channel: "instagram", type: "template", to: { contactId: "c" }, elements: CARDS });
// @ts-expect-error Instagram takes only web_url and postback buttons
client.send({ channel: "instagram", type: "template", to: { contactId: "c" }, elements: [{ title: "A", buttons: [{ title: "Call", type: "phone_number" }] }] });
client.send({ channel: "messenger", type: "template", to: { contactId: "c" }, elements: [{ title: "A", buttons: [{ title: "Call", type: "phone_number", payload: "+1" }] }] });
// A flow's data is optional, as the engine takes it.
client.send({ channel: "whatsapp", type: "template", to: { contactId: "c" }, template: { name: "order", language: "en" }, flowParameters: { flowToken: "t" } });

// The types under exactOptionalPropertyTypes, the strictest option a TypeScript codebase
// turns on that reaches into a package's declarations, beside tests/types' own:
// the package's .d.ts compile there (skipLibCheck off), and an optional field may be
// given as `undefined`, which the SDK reads as absent (tests/js/api.test.mjs), as
// code that forwards its own optional values writes it.
import { createServer } from "node:http";
import { Whautomate, WhautomateError, validate, type Message } from "whautomate";
import { createWebhookHandler, createWebhookListener, parseWebhookEvent, type ContactEvent } from "whautomate/webhooks";

declare const maybe: { locationId?: string; name?: string; at?: Date; signal?: AbortSignal; timeoutMs?: number; onError?: (e: unknown) => void };

const client = new Whautomate({
  apiKey: process.env.WHAUTOMATE_API_KEY,
  host: undefined,
  locationId: maybe.locationId,
  timeoutMs: maybe.timeoutMs,
  retry: { maxRetries: undefined },
  rateLimit: undefined,
  fetch: undefined,
});
void client.whatsapp.sendText({ to: { phoneNumber: "+15551234567", name: maybe.name }, text: "hi", scheduleAt: maybe.at, locationId: maybe.locationId }, { signal: maybe.signal });
void client.telegram.sendTemplate({ to: { contactId: "c" }, text: "t", buttons: [{ title: "Go", url: undefined, payload: "p", type: "postback" }] });
void client.instagram.sendTemplate({ to: { contactId: "c" }, elements: [{ title: "A", subtitle: undefined, defaultAction: undefined }] });
const message: Message = { channel: "whatsapp", type: "template", to: { contactId: "c", clientId: undefined }, template: { name: "n", language: "en" }, headerMediaUrl: undefined };
void client.prepare(message);
void client.messages.list("c", { page: undefined, limit: 50, searchText: undefined });
void client.webhooks.update("w", { name: "n", active: undefined });
void validate(message).map((v) => v.field);
void new WhautomateError({ code: "timeout", message: "m", status: undefined });
// What the runtime holds: status, field and body are own properties, `undefined` when absent;
// toJSON() is the log line's shape.
const thrown = new WhautomateError({ code: "timeout", message: "m" });
const { status, field }: { status?: number | undefined; field?: string | undefined } = thrown;
const line: { name: "WhautomateError"; code: string; message: string; mayHaveBeenSent: boolean } = thrown.toJSON();
void status, field, line;

const event = parseWebhookEvent("{}");
const contact: ContactEvent = { id: "e", type: "contact_created", raw: {} };
void event, contact;
void createWebhookHandler({ onEvent() {}, onError: maybe.onError, secret: undefined, dedupe: { size: undefined } });
// Node's own request and response, as node:http hands them over (method?: string | undefined).
createServer(createWebhookListener({ onEvent() {} })).close();

// @ts-expect-error: a contact target takes no phone number (`undefined` is its only value: absent)
void client.telegram.sendText({ to: { contactId: "c", phoneNumber: "+1" }, text: "hi" });
// @ts-expect-error: a required field stays required
void client.whatsapp.sendText({ to: { contactId: "c" }, text: undefined });

// A TypeScript consumer of whautomate/webhooks' types (tsc --strict --noEmit, as
// consumer.ts). Every `@ts-expect-error` line is a usage the types must reject.
import { WhautomateError as SendingError } from "whautomate";
import {
  WhautomateError, createWebhookHandler, createWebhookListener, parseWebhookEvent, verifyWebhook,
  type WebhookEvent, type WebhookHandlerOptions, type IncomingMessageEvent,
} from "whautomate/webhooks";

// One error class for both entries.
const same: typeof SendingError = WhautomateError;
void same;

// parseWebhookEvent takes text, bytes or an object, and gives the union.
const fromText: WebhookEvent = parseWebhookEvent("{}");
parseWebhookEvent(new Uint8Array(1));
parseWebhookEvent(new ArrayBuffer(1));
parseWebhookEvent({ event: { id: "e", type: "t" } });
// @ts-expect-error: a number is no body
parseWebhookEvent(42);

// The union narrows on direction, and the known fields are typed.
if (fromText.direction === "incoming") {
  const channel: "whatsapp" | "telegram" | "instagram" | "messenger" | "website" | undefined = fromText.channel;
  const incoming: boolean | undefined = fromText.message?.isIncoming;
  void channel, incoming;
}
const whatsapp: IncomingMessageEvent<"whatsapp"> = { id: "e", type: "incoming_whatsapp_message", direction: "incoming", channel: "whatsapp", raw: {} };
// @ts-expect-error: the type names another channel than `channel`
const mismatched: IncomingMessageEvent<"whatsapp"> = { id: "e", type: "incoming_telegram_message", direction: "incoming", channel: "whatsapp", raw: {} };
void whatsapp, mismatched;
const id: string = fromText.id;
const raw: Record<string, unknown> = fromText.raw;
void id, raw;

// verifyWebhook: Headers or Node's req.headers, and a { name, value } secret.
const ok: boolean = verifyWebhook(new Headers(), { name: "x-hook-secret", value: "s" });
verifyWebhook({ "x-hook-secret": "s", "set-cookie": ["a", "b"] }, { name: "x-hook-secret", value: "s" });
// @ts-expect-error: the secret needs a value
verifyWebhook(new Headers(), { name: "x-hook-secret" });
void ok;

// The handlers: onEvent is required and gets the event; the fetch handler is a Request → Response function.
const options: WebhookHandlerOptions = { secret: { name: "x-hook-secret", value: "s" }, async onEvent(event) { void event.type; }, dedupe: { size: 100 } };
const handler: (request: Request) => Promise<Response> = createWebhookHandler(options);
const worker = { fetch: handler };
void worker;
createWebhookListener({ onEvent() {}, onError(error, event) { void error, event?.id; } });
// @ts-expect-error: onEvent is required
createWebhookHandler({ secret: { name: "x", value: "y" } });
// @ts-expect-error: dedupe.size is a number
createWebhookHandler({ onEvent() {}, dedupe: { size: "100" } });

// The README's Worker (its "Receiving messages" example), typed: it compiles under --strict
// as written, the checks narrowing `event.channel` to a channel the API sends on.
import { Whautomate } from "whautomate";
interface Env { WEBHOOK_SECRET: string; WHAUTOMATE_API_KEY: string; LOCATION_ID: string }
let readmeHandle: ((request: Request) => Promise<Response>) | undefined;
export const readmeWorker = {
  fetch(request: Request, env: Env) {
    readmeHandle ??= createWebhookHandler({
      secret: { name: "x-whautomate-secret", value: env.WEBHOOK_SECRET },
      async onEvent(event) {
        const contactId = event.message?.contact?.id;
        if (event.direction !== "incoming" || !event.channel || event.channel === "website" || !contactId) return;
        const client = new Whautomate({ apiKey: env.WHAUTOMATE_API_KEY, locationId: env.LOCATION_ID });
        await client.send({ channel: event.channel, type: "text", to: { contactId },
          text: `Thanks, we got: ${event.message?.text ?? "your message"}` });
      },
    });
    return readmeHandle(request);
  },
};
// Every event may carry the normalized fields, whatever its type: a contact event with a message too.
const contactEvent = parseWebhookEvent('{"event":{"id":"e","type":"contact_tag_added"},"message":{"channel":"WhatsApp"}}');
if (contactEvent.type === "contact_tag_added") {
  const channel: "whatsapp" | "telegram" | "instagram" | "messenger" | "website" | undefined = contactEvent.channel;
  const text: unknown = contactEvent.message?.text;
  const contact: Record<string, unknown> | undefined = contactEvent.contact;
  void channel, text, contact;
}

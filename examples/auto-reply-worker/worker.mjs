// A Cloudflare Worker that answers every message a customer sends, on the channel they
// wrote on: Whautomate delivers each event to POST /webhooks, and for an incoming
// message the Worker replies "Thanks, we got: <text>" to the same contact.
//
// Bindings (see wrangler.toml):
//   WEBHOOK_SECRET          secret (`wrangler secret put WEBHOOK_SECRET`); required. The
//                           subscription sends it in the x-whautomate-secret header;
//                           a delivery without it is refused (401).
//   WHAUTOMATE_API_KEY      secret (`wrangler secret put WHAUTOMATE_API_KEY`); required
//   WHAUTOMATE_LOCATION_ID  the location the replies are sent from; required
//   WHAUTOMATE_HOST         default https://api.whautomate.com
//
// Exactly one reply per incoming message:
// - Whautomate delivers at least once, and a retry or a duplicate carries the same
//   event.id. createWebhookHandler answers a repeat of a handled id with 200 without
//   calling onEvent again, so the reply is not sent twice.
// - The reply is awaited inside onEvent. If it certainly did not go out (refused, rate
//   limited, Whautomate unreachable) onEvent throws: the handler answers 500, does not
//   remember the id, and Whautomate's retry sends the reply then. If it may have gone
//   out (a timeout, a 5xx), the Worker logs it and answers 200: a second delivery would
//   risk a second reply, and the API has no idempotency key to prevent it.
// - Outgoing events (including the ones our own replies cause) are acknowledged and
//   ignored, so the Worker never answers itself.
//
// The handled ids live in this isolate's memory. Cloudflare may run several isolates of
// a Worker, so a duplicate that reaches another isolate would be answered again; for a
// guarantee across isolates, keep the handled ids in a Durable Object or KV as well.
import { Whautomate } from "whautomate";
import { createWebhookHandler } from "whautomate/webhooks";

const SECRET_HEADER = "x-whautomate-secret";
const PATH = "/webhooks";
// The channels a reply can be sent on (an incoming "website" message cannot be answered
// through the Messages API).
const CHANNELS = new Set(["whatsapp", "telegram", "instagram", "messenger"]);

/** The reply to a message's text. */
function replyText(text) {
  return typeof text === "string" && text.trim() !== "" ? `Thanks, we got: ${text}` : "Thanks, we got your message.";
}

// One handler per isolate, made on the first request (bindings are fixed for the life of
// an isolate): it holds the handled event ids, so it must outlive a single request.
let handler;

function handlerFor(env) {
  return (handler ??= createWebhookHandler({
    secret: { name: SECRET_HEADER, value: env.WEBHOOK_SECRET },
    onEvent: (event) => autoReply(event, env),
    onError: (error, event) => console.error(`event ${event?.id} (${event?.type}) failed; answering 500 so it is retried:`, error instanceof Error ? error.message : String(error)),
  }));
}

async function autoReply(event, env) {
  if (event.direction !== "incoming") return; // outgoing messages (ours too), contact events
  const contactId = event.message?.contact?.id;
  if (!CHANNELS.has(event.channel) || typeof contactId !== "string" || contactId === "") return;
  // A client per request, as Workers do; creating one sends nothing.
  const client = new Whautomate({
    apiKey: env.WHAUTOMATE_API_KEY,
    host: env.WHAUTOMATE_HOST || undefined,
    locationId: env.WHAUTOMATE_LOCATION_ID,
    // Keep one delivery short: Whautomate waits for our answer.
    timeoutMs: 10_000,
  });
  try {
    await client[event.channel].sendText({ to: { contactId }, text: replyText(event.message.text) });
  } catch (error) {
    if (error?.mayHaveBeenSent) {
      console.warn(`event ${event.id}: the reply to ${contactId} may have been sent (${error.code}); not retrying it`);
      return;
    }
    throw error; // certainly not sent: 500, and the retry replies
  }
}

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== PATH) return new Response("Not found", { status: 404 });
    // Fail closed: without a secret anyone could make the Worker send messages.
    if (!env.WEBHOOK_SECRET || !env.WHAUTOMATE_API_KEY || !env.WHAUTOMATE_LOCATION_ID) {
      return new Response("WEBHOOK_SECRET, WHAUTOMATE_API_KEY and WHAUTOMATE_LOCATION_ID must be set", { status: 500 });
    }
    return handlerFor(env)(request);
  },
};

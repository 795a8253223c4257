// The SDK from Node, end to end: sends on every channel, shows one validation error and
// one server error with their codes, and prints each contact's conversation as a thread.
//
//   node examples/node-demo.mjs                      against a sandbox (default
//                                                    http://127.0.0.1:8787, or $WHAUTOMATE_SANDBOX_URL)
//   WHAUTOMATE_API_KEY=… WHAUTOMATE_HOST=https://api.whautomate.com node examples/node-demo.mjs
//                                                    against that host; the sandbox-only steps are
//                                                    skipped, and contacts come from the variables below
//
// Against a real account, say who to write to (channels without a contact are skipped):
// WHAUTOMATE_LOCATION_ID, WHAUTOMATE_WHATSAPP_CONTACT, WHAUTOMATE_WHATSAPP_PHONE,
// WHAUTOMATE_TELEGRAM_CONTACT, WHAUTOMATE_INSTAGRAM_CONTACT, WHAUTOMATE_MESSENGER_CONTACT.
// `make demo` runs this against a fresh sandbox (examples/run-demo.mjs).
import { Whautomate, WhautomateError, validate, version } from "../pkg/node.mjs";

const env = process.env;
const real = Boolean(env.WHAUTOMATE_API_KEY && env.WHAUTOMATE_HOST);
const host = real ? env.WHAUTOMATE_HOST : env.WHAUTOMATE_SANDBOX_URL || "http://127.0.0.1:8787";
// The sandbox's seeded world (sandbox/README.md) unless told otherwise.
const pick = (name, seeded) => (real ? env[name] : seeded);
const to = {
  whatsapp: pick("WHAUTOMATE_WHATSAPP_CONTACT", "ct_wa_1"),
  phone: pick("WHAUTOMATE_WHATSAPP_PHONE", "+1 650 555 1234"),
  telegram: pick("WHAUTOMATE_TELEGRAM_CONTACT", "ct_tg_1"),
  instagram: pick("WHAUTOMATE_INSTAGRAM_CONTACT", "ct_ig_1"),
  messenger: pick("WHAUTOMATE_MESSENGER_CONTACT", "ct_fb_1"),
};
const client = new Whautomate({
  apiKey: real ? env.WHAUTOMATE_API_KEY : "sk_test_sandbox",
  host,
  locationId: real ? env.WHAUTOMATE_LOCATION_ID : "loc_1",
});

const C = process.stdout.isTTY && !env.NO_COLOR
  ? { dim: (s) => `\x1b[2m${s}\x1b[0m`, bold: (s) => `\x1b[1m${s}\x1b[0m`, red: (s) => `\x1b[31m${s}\x1b[0m`, green: (s) => `\x1b[32m${s}\x1b[0m` }
  : { dim: String, bold: String, red: String, green: String };

console.log(C.bold(`whautomate ${version()} → ${real ? host : `sandbox at ${host}`}`));

// --- 1. one send per channel ------------------------------------------------------------
const IMG = "https://cdn.example.com/spa/massage.jpg";
const sends = [
  to.whatsapp && { channel: "whatsapp", type: "text", to: { contactId: to.whatsapp }, text: "Hi Alice! Your massage on Friday at 10:00 is confirmed." },
  to.phone && { channel: "whatsapp", type: "template", to: { phoneNumber: to.phone, name: "Pat Newcomer" },
    template: { name: "booking_reminder", language: "en_US" }, bodyTextParameters: ["Pat", "Friday 10:00"] },
  to.telegram && { channel: "telegram", type: "text", to: { contactId: to.telegram }, text: "Hello Carol, thanks for your message!" },
  to.telegram && { channel: "telegram", type: "template", to: { contactId: to.telegram }, text: "When would you like to come in?",
    buttons: [{ title: "Book online", url: "https://example.com/book" }, { title: "Call me back", type: "postback", payload: "CALLBACK" }] },
  to.instagram && { channel: "instagram", type: "text", to: { contactId: to.instagram }, text: "Thanks for the follow, Dave! DM us to book." },
  to.messenger && { channel: "messenger", type: "template", to: { contactId: to.messenger }, elements: [
    { title: "Deep tissue massage", subtitle: "60 min · $80", imageUrl: IMG, buttons: [{ title: "Book", url: "https://example.com/book/massage" }] },
    { title: "Facial", subtitle: "45 min · $65", buttons: [{ title: "Ask a question", type: "postback", payload: "ASK_FACIAL" }] },
  ] },
].filter(Boolean);

if (sends.length === 0) {
  console.log("No contacts to write to: set WHAUTOMATE_WHATSAPP_CONTACT and friends (see the top of this file).");
  process.exit(1);
}
console.log(`\n${C.bold("The request behind the first send")} ${C.dim("(client.prepare: nothing is sent)")}`);
const prepared = client.prepare(sends[0]);
console.log(`  ${prepared.method} ${prepared.url}\n  x-api-key: ${prepared.headers["x-api-key"].slice(0, 4)}… (redacted)\n  ${prepared.body}`);

console.log(`\n${C.bold("Sending")}`);
let failures = 0;
for (const message of sends) {
  const what = `${message.channel} ${message.type}`.padEnd(18);
  try {
    await client.send(message);
    console.log(`  ${C.green("✓")} ${what} → ${describeTarget(message.to)}`);
  } catch (e) {
    failures++;
    console.log(`  ${C.red("✗")} ${what} → ${describeTarget(message.to)}: ${explain(e)}`);
  }
}

// --- 2. errors, as the SDK reports them -------------------------------------------------
console.log(`\n${C.bold("A validation error")} ${C.dim("(caught before any request: a Messenger button title of 25 characters)")}`);
try {
  await client.messenger.sendTemplate({ to: { contactId: to.messenger || "ct_fb_1" },
    elements: [{ title: "Spring sale", buttons: [{ title: "See every discounted item", url: "https://example.com/sale" }] }] });
} catch (e) {
  console.log(`  ${explain(e)}`);
  for (const v of e.violations) console.log(`    ${v.field} [${v.code}] ${v.message}`);
}
// validate() gives the same list without sending, for forms that check as you type.
console.log(C.dim(`  validate() agrees: ${validate({ channel: "whatsapp", type: "text", to: { phoneNumber: "12" }, text: "" }).map((v) => v.field).join(", ")}`));

if (!real) {
  console.log(`\n${C.bold("A server error")} ${C.dim("(WhatsApp text to ct_wa_cold, who never wrote: the 24-hour rule)")}`);
  try {
    await client.whatsapp.sendText({ to: { contactId: "ct_wa_cold" }, text: "Hello?" });
    console.log(C.red("  unexpectedly accepted"));
    failures++;
  } catch (e) {
    console.log(`  ${explain(e)}`);
    console.log(C.dim("  A template is always allowed, and opens the conversation:"));
    await client.whatsapp.sendTemplate({ to: { contactId: "ct_wa_cold" }, template: { name: "welcome", language: "en_US" } });
    console.log(`  ${C.green("✓")} whatsapp template → contact ct_wa_cold`);
  }
}

// --- 3. the conversations ---------------------------------------------------------------
const threads = [
  ["WhatsApp", to.whatsapp],
  ["WhatsApp", to.phone && (await contactOfPhone(to.phone))],
  ["WhatsApp", !real && "ct_wa_cold"],
  ["Telegram", to.telegram],
  ["Instagram", to.instagram],
  ["Messenger", to.messenger],
].filter(([, id]) => id);
for (const [channel, contactId] of threads) {
  console.log(`\n${C.bold(`── ${channel} · ${contactId} `.padEnd(64, "─"))}`);
  try {
    const items = [];
    // Newest first from the API; 20 is plenty for a demo.
    for await (const m of client.messages.iterate(contactId, { limit: 10 })) if (items.push(m) >= 20) break;
    if (items.length === 0) console.log(C.dim("  (no messages)"));
    for (const m of items.reverse()) console.log(line(m));
  } catch (e) {
    failures++;
    console.log(`  ${explain(e)}`);
  }
}
process.exitCode = failures ? 1 : 0;

// --- helpers ----------------------------------------------------------------------------

function describeTarget(t) {
  return t.contactId ? `contact ${t.contactId}` : t.clientId ? `client ${t.clientId}` : `phone ${t.phoneNumber}`;
}

/** A WhautomateError in one line: code, status, field, message. */
function explain(e) {
  if (!(e instanceof WhautomateError)) return C.red(String(e));
  if (e.code === "invalid_input") return `${C.red(e.code)}: ${e.violations.length} problem(s), the first at ${e.field}`;
  return `${C.red(e.code)}${e.status ? ` (HTTP ${e.status})` : ""}${e.field ? ` at ${e.field}` : ""}: ${e.message}`;
}

// A phone number's contact id: the sandbox tells (a real account would look it up in its CRM).
async function contactOfPhone(phone) {
  if (real) return undefined;
  const digits = (p) => String(p || "").replace(/\D/g, "");
  const state = await (await fetch(`${host}/_sandbox/state`)).json();
  return state.contacts.find((c) => c.channel === "whatsapp" && digits(c.phoneNumber) === digits(phone))?.id;
}

/** One history message as a line of a chat: ← inbound, → outbound, with what it showed. */
function line(m) {
  const time = m.createdAt ? new Date(m.createdAt).toTimeString().slice(0, 5) : "     ";
  const arrow = m.isIncoming ? "←" : "→";
  let body;
  if (m.type === "media") body = `[media ${m.mediaUrl}]`;
  else if (m.type === "template" && m.options?.type === "generic") body = `[cards] ${m.text}${buttons(m)}`;
  else if (m.type === "template" && m.options?.type === "buttons") body = `${m.text}${buttons(m)}`;
  else if (m.type === "template") body = `[template ${m.text}]`;
  else body = m.text ?? "";
  const status = m.isIncoming ? "" : C.dim(` ${m.status === "read" ? "✓✓ read" : m.status === "delivered" ? "✓✓" : m.status === "failed" ? "failed" : "✓"}`);
  const indent = m.isIncoming ? "  " : "      ";
  return `${C.dim(time)}${indent}${arrow} ${body}${status}`;
}

function buttons(m) {
  const list = m.options?.buttons || [];
  return list.length ? " " + list.map((b) => `[${b.text}${b.url ? " ↗" : ""}]`).join(" ") : "";
}

// The playground: compose a message, see validate() and prepare() as you type, send it
// with the SDK, and read the contact's conversation back through the SDK's history call.
// "whautomate" is the built npm package (pkg/), mapped by the import map in index.html;
// nothing here is loaded from another site, so the page works offline.
import { Whautomate, validate, version } from "whautomate";
import { el } from "./dom.js";
import { createComposer } from "./compose.js";
import { createEventsPanel } from "./events.js";
import { explain, renderError, renderNotReady, renderPrepared, renderResult, successText } from "./request.js";
import { renderThread } from "./thread.js";

const $ = (sel) => document.querySelector(sel);
const hostInput = $("#host");
const keyInput = $("#api-key");
const status = $("#status");
const prepared = $("#prepared");
const outcome = $("#outcome");
const result = $("#result");
const threadBox = $("#thread");
const sendButton = $("#send");
const badge = $("#valid-badge");
const sendWarning = $("#send-warning");
const recipientNote = $("#recipient-note");

const NAMES = { whatsapp: "WhatsApp", telegram: "Telegram", instagram: "Instagram", messenger: "Messenger" };
const DAY_MS = 24 * 60 * 60 * 1000;
const HISTORY_LIMIT = 50;
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// Served by the sandbox (`--static-dir www:/ --static-dir pkg:/pkg`), the API is this
// page's own origin.
hostInput.value = location.protocol.startsWith("http") ? location.origin : "http://127.0.0.1:8787";
keyInput.value = "sk_test_sandbox";

let client = null;
let sandbox = null; // the sandbox's /_sandbox/state when the host is a sandbox, else null
let threadTimer = 0;
let threadSeq = 0;
let threadKey = ""; // the recipient the thread shows (or is loading)
// What history says of the recipient the thread shows: { key, id, name, channel, exists, session }.
let recipient = null;
let sending = false;
// The form's channel, kind and recipient that the result on screen is about (null: none).
let resultFor = null;
const formShape = () => JSON.stringify([composer.current().channel, composer.current().type, composer.target()]);

function makeClient() {
  try {
    client = new Whautomate({ apiKey: keyInput.value, host: hostInput.value.trim() });
    return true;
  } catch (e) {
    client = null;
    renderError(outcome, e, "Cannot create the client");
    renderResult(result, "error", `Cannot create the client: ${e.message}`, "outcome-details");
    return false;
  }
}

const composer = createComposer($("#compose"), {
  validate,
  onChange({ shape }) {
    // Another channel, kind or recipient: the last send's result is about something else
    // (an error naming the recipient that was just corrected, say).
    if (shape || (resultFor !== null && formShape() !== resultFor)) clearOutcome();
    update();
    followRecipient(shape);
  },
});

function clearOutcome() {
  resultFor = null;
  outcome.replaceChildren();
  renderResult(result, "", "");
}

/** validate() next to the fields, prepare() in the request panel: on every keystroke. */
function update() {
  const message = composer.read();
  const violations = validate(message);
  const { shown, waiting } = composer.showViolations(violations);
  composer.showCounters(message);
  if (shown) [badge.textContent, badge.className] = [plural(shown, "problem"), "badge bad"];
  else if (waiting) [badge.textContent, badge.className] = [`${plural(waiting, "field")} to fill in`, "badge wait"];
  else [badge.textContent, badge.className] = ["valid", "badge good"];
  showWarnings();
  if (!client) return;
  try {
    renderPrepared(prepared, client.prepare(message));
  } catch (e) {
    renderNotReady(prepared, e);
  }
}

async function send() {
  if (sending) return;
  if (!client && !makeClient()) return;
  composer.revealAll(); // a send shows every problem, also on fields not reached yet
  update();
  const message = composer.read();
  // What the send was: its recipient, and the form's shape, to tell afterwards whether the
  // user has moved on meanwhile.
  const target = composer.target();
  const shapeOf = formShape;
  const shape = shapeOf();
  const from = document.activeElement; // Send, or the field Enter was pressed in
  sending = true;
  // aria-disabled, not disabled: a disabled button would drop the focus to <body>.
  sendButton.setAttribute("aria-disabled", "true");
  outcome.replaceChildren();
  renderResult(result, "pending", "Sending…");
  const t0 = performance.now();
  try {
    await client.send(message);
    const contact = await resolveContact(target);
    renderResult(result, "ok", successText({ message, ms: Math.round(performance.now() - t0), contactId: contact?.id }));
  } catch (e) {
    renderError(outcome, e, "Send failed", message);
    const what = `${e.code || "error"}${e.status !== undefined ? `, HTTP ${e.status}` : ""}`;
    renderResult(result, "error", `Send failed (${what}). ${explain(e, message) || e.message}`, "outcome-details");
    // (Only on the form they are about: not once the user has moved on to another.)
    if (e.code === "invalid_input" && shapeOf() === shape) composer.showViolations(e.violations);
  } finally {
    sending = false;
    sendButton.removeAttribute("aria-disabled");
  }
  resultFor = shape;
  if (shapeOf() !== shape) {
    // The channel, kind or recipient changed while it was sent: this result is not about
    // the form as it is now (it cleared the result when it changed), and the focus stays.
    clearOutcome();
  } else if ([from, sendButton, document.body, null].includes(document.activeElement)) {
    // The result takes the focus (and a screen reader reads it) from where the send was
    // made: one who went on in another field meanwhile keeps their place.
    result.focus();
  }
  events.refresh();
  await loadThread();
}

// The second click of a double-click (`detail` 2 and up) is not a second send: a fast
// server has answered the first by then, and the message would go twice.
sendButton.addEventListener("click", (e) => {
  if (e.detail < 2) send();
});

// Ctrl+Enter (⌘+Enter) sends from anywhere in the compose panel; Enter sends from a
// one-line field; Enter in a text area is a new line. Enter in the inbound text simulates.
const SINGLE_LINE = new Set(["text", "tel", "url", "email", "search", "number", "datetime-local"]);
document.addEventListener("keydown", (e) => {
  // (A held key repeats: one send per press.)
  if (e.key !== "Enter" || e.isComposing || e.defaultPrevented || e.repeat) return;
  const t = e.target;
  if (t.id === "inbound-text" && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey) {
    e.preventDefault();
    simulateInbound();
    return;
  }
  if (!t.closest?.(".compose-panel")) return;
  if (e.ctrlKey || e.metaKey) {
    e.preventDefault();
    send();
  } else if (!e.shiftKey && !e.altKey && t.tagName === "INPUT" && SINGLE_LINE.has(t.type)) {
    e.preventDefault();
    send();
  }
});

// --- warnings before a send ------------------------------------------------------------

/**
 * What history tells before a send: the recipient does not exist (404) or belongs to
 * another channel, or WhatsApp's 24-hour window is closed for a text or media message.
 */
function showWarnings() {
  const s = composer.current();
  const info = recipient && recipient.key === JSON.stringify(composer.target()) ? recipient : null;
  let note = "";
  if (info?.unknownClient) {
    note = `No client “${info.id}” in this location: a send to it will fail (not_found).`;
  } else if (info?.exists === false) {
    note = `No ${NAMES[s.channel]} contact “${info.id}”: its history answered 404 (not_found), so a send to it will fail. Each channel has its own contacts.`;
  } else if (info?.channel && info.channel !== s.channel) {
    note = `“${info.id}” is a ${NAMES[info.channel] || info.channel} contact: a ${NAMES[s.channel]} message needs a ${NAMES[s.channel]} contact.`;
  }
  if (recipientNote.textContent !== note) recipientNote.textContent = note;

  const closed = info?.session?.open === false && s.channel === "whatsapp" && s.type !== "template" && !note;
  if (!closed) {
    if (sendWarning.childNodes.length) sendWarning.replaceChildren();
  } else if (sendWarning.dataset.for !== `${info.key}|${s.type}` || !sendWarning.childNodes.length) {
    const who = info.name || info.id;
    const last = info.session.lastInboundAt ? `last wrote ${new Date(info.session.lastInboundAt).toLocaleString()}` : "has never written";
    sendWarning.replaceChildren(el("p", { class: "warn" }, [
      el("strong", {}, "24-hour window closed. "),
      `${who} ${last}, so WhatsApp will refuse a ${s.type} message (a template always goes). `,
      el("button", { type: "button", class: "link", onclick: () => {
        composer.setType("template");
        // This button goes with the warning: the focus moves on to Send, not to <body>.
        sendButton.focus();
      } }, "Switch to Template"),
    ]));
  }
  sendWarning.dataset.for = closed ? `${info.key}|${s.type}` : "";
  const label = note || closed ? "Send anyway" : "Send";
  if (sendButton.textContent !== label) sendButton.textContent = label;
}

// --- the conversation ------------------------------------------------------------------

async function control(path, body) {
  const res = await fetch(`${hostInput.value.trim()}/_sandbox/${path}`, body === undefined ? {} : {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`/_sandbox/${path}: HTTP ${res.status}`);
  return res.json();
}

/** The sandbox's /v1 calls the SDK has no method for (the webhook subscriptions). */
async function api(path, { method = "GET", body } = {}) {
  const res = await fetch(`${hostInput.value.trim()}/v1/${path}`, {
    method, headers: { "x-api-key": keyInput.value, ...(body ? { "content-type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} /v1/${path}: HTTP ${res.status}`);
  return res.json();
}

const events = createEventsPanel($("#events-panel"), { control, api });

/** The contact the form addresses, with what the sandbox knows of it (name, channel). */
async function resolveContact(t = composer.target()) {
  if (sandbox) sandbox = await control("state").catch(() => sandbox);
  const contacts = sandbox?.contacts || [];
  const digits = (p) => String(p || "").replace(/\D/g, "");
  let id = t.contactId;
  if (t.clientId !== undefined) id = sandbox?.clients.find((c) => c.id === t.clientId)?.contactId;
  if (t.phoneNumber !== undefined) id = contacts.find((c) => c.channel === "whatsapp" && digits(c.phoneNumber) === digits(t.phoneNumber))?.id;
  if (!id) return t.phoneNumber !== undefined || t.clientId !== undefined ? { pending: true, ...t } : null;
  return contacts.find((c) => c.id === id) || { id };
}

/**
 * WhatsApp's 24-hour window from history (newest first): open when the contact's last
 * inbound message is less than 24 hours old; null when the page cannot tell.
 */
function sessionOf(items, now) {
  const inbound = items.find((m) => m.isIncoming);
  if (inbound) {
    const at = Date.parse(inbound.createdAt ?? inbound.timestamp ?? "");
    return Number.isNaN(at) ? null : { open: now - at < DAY_MS, lastInboundAt: inbound.createdAt ?? inbound.timestamp };
  }
  if (items.length < HISTORY_LIMIT) return { open: false, lastInboundAt: null }; // the whole history: never wrote
  const oldest = Date.parse(items.at(-1).createdAt ?? "");
  return now - oldest >= DAY_MS ? { open: false, lastInboundAt: null } : null;
}

/**
 * The thread follows the recipient: reload it when the recipient changes, at once for a
 * switch of channel or target, else once the typing settles.
 */
function followRecipient(now = false) {
  const key = JSON.stringify(composer.target());
  if (key === threadKey) return;
  threadKey = key;
  clearTimeout(threadTimer);
  threadTimer = setTimeout(loadThread, now ? 0 : 300);
}

async function loadThread() {
  clearTimeout(threadTimer);
  const seq = ++threadSeq;
  const key = (threadKey = JSON.stringify(composer.target()));
  const channel = composer.current().channel;
  if (!client) return;
  let contact;
  try {
    contact = await resolveContact();
  } catch {
    contact = null;
  }
  const show = (args) => seq === threadSeq && renderThread(threadBox, { channel, contact, items: [], ...args });
  if (!contact?.id) {
    const t = composer.target();
    // A number or client the sandbox has no contact for: on WhatsApp it never wrote, so its
    // 24-hour window is closed (only a template starts a conversation); a client id the
    // location does not have fails (not_found).
    const unknownClient = contact?.pending && t.clientId !== undefined && sandbox && !(sandbox.clients || []).some((c) => c.id === t.clientId);
    if (seq === threadSeq) {
      // (Only the sandbox's contact list can say a number never wrote: against the real
      // API, through a proxy, the page knows nothing of the number.)
      recipient = contact?.pending
        ? { key, id: t.clientId ?? t.phoneNumber, unknownClient, session: sandbox && channel === "whatsapp" ? { open: false, lastInboundAt: null } : null }
        : { key };
    }
    show({
      note: !contact?.pending
        ? "Enter a recipient to see the conversation."
        : unknownClient
          ? `No client “${t.clientId}” in this location: a send to it fails (not_found).`
          : sandbox && channel === "whatsapp"
            ? "No conversation with this recipient yet. On WhatsApp a template starts one; a text or media message is refused until the contact writes."
            : "No conversation with this recipient yet.",
    });
  } else {
    try {
      const [items, sent] = await Promise.all([client.messages.list(contact.id, { limit: HISTORY_LIMIT }), sentBodies()]);
      const of = items[0]?.contact?.channel || items[0]?.channel || contact.channel;
      const now = sandbox?.now ? Date.parse(sandbox.now) : Date.now(); // the sandbox's clock can be moved
      const session = (of || channel) === "whatsapp" ? sessionOf(items, now) : null;
      if (seq === threadSeq) recipient = { key, id: contact.id, name: contact.name, channel: of, exists: true, session };
      show({ contact, items, sent, channel: of || channel, window: session });
    } catch (e) {
      if (seq === threadSeq) recipient = { key, id: contact.id, exists: e.code === "not_found" ? false : undefined };
      show({ contact, note: e.code === "not_found" ? `No ${NAMES[channel]} contact “${contact.id}” (history answered 404).`
        : `Cannot load the history: ${e.code || "error"} ${e.status ?? ""} ${e.message}` });
    }
  }
  if (seq === threadSeq) showWarnings();
}

// The bodies sent to the sandbox, by message id (the sandbox's delivery log).
async function sentBodies() {
  if (!sandbox) return new Map();
  try {
    return new Map((await control("deliveries")).map((d) => [d.id, d.body]));
  } catch {
    return new Map();
  }
}

$("#refresh").addEventListener("click", loadThread);
/** POST /_sandbox/inbound: the recipient in the form writes to us (an incoming_… event). */
async function simulateInbound() {
  const t = composer.target();
  const body = t.phoneNumber !== undefined ? { channel: "whatsapp", phoneNumber: t.phoneNumber, text: $("#inbound-text").value }
    : { contactId: (await resolveContact())?.id, text: $("#inbound-text").value };
  try {
    await control("inbound", body);
  } catch (e) {
    renderError(outcome, e, "Simulated inbound failed");
    renderResult(result, "error", `Simulated inbound failed: ${e.message}`, "outcome-details");
  }
  events.refresh();
  await loadThread();
}
$("#inbound").addEventListener("click", simulateInbound);
$("#events-inbound").addEventListener("click", simulateInbound);
$("#reset").addEventListener("click", async () => {
  clearOutcome();
  // A reset deletes the webhook subscriptions too: the panel subscribes them again.
  await events.aroundReset(() => control("reset", {})).catch((e) => renderError(outcome, e, "Reset failed"));
  events.refresh();
  await loadThread();
});

for (const input of [hostInput, keyInput]) {
  input.addEventListener("change", async () => {
    if (makeClient()) clearOutcome();
    await detectSandbox();
    update();
    await loadThread();
  });
}

async function detectSandbox() {
  sandbox = await control("state").catch(() => null);
  document.body.classList.toggle("is-sandbox", Boolean(sandbox));
  events.setSandbox(Boolean(sandbox));
  status.textContent = `SDK ${version()} · ${sandbox ? "sandbox" : "API"} at ${hostInput.value}`;
}

makeClient();
await detectSandbox();
update();
await loadThread();
status.dataset.ready = "true";

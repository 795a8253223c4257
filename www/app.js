// The playground: compose a message, see validate() and prepare() as you type, send it
// with the SDK, and read the contact's conversation back through the SDK's history call.
// "whautomate" is the built npm package (pkg/), mapped by the import map in index.html;
// nothing here is loaded from another site, so the page works offline.
import { Whautomate, WhautomateError, validate, version } from "whautomate";
import { createComposer } from "./compose.js";
import { createEventsPanel } from "./events.js";
import { renderError, renderNotReady, renderPrepared, renderSuccess } from "./request.js";
import { renderThread } from "./thread.js";

const $ = (sel) => document.querySelector(sel);
const hostInput = $("#host");
const keyInput = $("#api-key");
const status = $("#status");
const prepared = $("#prepared");
const outcome = $("#outcome");
const threadBox = $("#thread");
const sendButton = $("#send");
const badge = $("#valid-badge");

// Served by the sandbox (`--static-dir www:/ --static-dir pkg:/pkg`), the API is this
// page's own origin.
hostInput.value = location.protocol.startsWith("http") ? location.origin : "http://127.0.0.1:8787";
keyInput.value = "sk_test_sandbox";

let client = null;
let sandbox = null; // the sandbox's /_sandbox/state when the host is a sandbox, else null
let threadTimer = 0;
let threadSeq = 0;

function makeClient() {
  try {
    client = new Whautomate({ apiKey: keyInput.value, host: hostInput.value.trim() });
    return true;
  } catch (e) {
    client = null;
    renderError(outcome, e, "Cannot create the client");
    return false;
  }
}

const composer = createComposer($("#compose"), () => {
  update();
  // The conversation follows the recipient; wait for the typing to settle.
  clearTimeout(threadTimer);
  threadTimer = setTimeout(loadThread, 400);
});

/** validate() next to the fields, prepare() in the request panel: on every keystroke. */
function update() {
  const message = composer.read();
  const violations = validate(message);
  composer.showViolations(violations);
  badge.textContent = violations.length ? `${violations.length} problem${violations.length === 1 ? "" : "s"}` : "valid";
  badge.className = violations.length ? "badge bad" : "badge good";
  if (!client) return;
  try {
    renderPrepared(prepared, client.prepare(message));
  } catch (e) {
    renderNotReady(prepared, e);
  }
}

sendButton.addEventListener("click", async () => {
  if (!client && !makeClient()) return;
  const message = composer.read();
  sendButton.disabled = true;
  outcome.replaceChildren(Object.assign(document.createElement("p"), { className: "pending", textContent: "Sending…" }));
  const t0 = performance.now();
  try {
    await client.send(message);
    const contact = await resolveContact();
    renderSuccess(outcome, { message, ms: Math.round(performance.now() - t0), contactId: contact?.id });
  } catch (e) {
    renderError(outcome, e);
    if (e instanceof WhautomateError && e.code === "invalid_input") composer.showViolations(e.violations);
  } finally {
    sendButton.disabled = false;
  }
  events.refresh();
  await loadThread();
});

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

/** The contact the form addresses, with what the sandbox knows of it (name, window). */
async function resolveContact() {
  const t = composer.target();
  if (sandbox) sandbox = await control("state").catch(() => sandbox);
  const contacts = sandbox?.contacts || [];
  const digits = (p) => String(p || "").replace(/\D/g, "");
  let id = t.contactId;
  if (t.clientId !== undefined) id = sandbox?.clients.find((c) => c.id === t.clientId)?.contactId;
  if (t.phoneNumber !== undefined) id = contacts.find((c) => c.channel === "whatsapp" && digits(c.phoneNumber) === digits(t.phoneNumber))?.id;
  if (!id) return t.phoneNumber !== undefined || t.clientId !== undefined ? { pending: true, ...t } : null;
  return contacts.find((c) => c.id === id) || { id, channel: t.channel };
}

async function loadThread() {
  const seq = ++threadSeq;
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
    return show({ note: contact?.pending ? "No conversation with this recipient yet: the first send creates it." : "Enter a recipient to see the conversation." });
  }
  try {
    const [items, sent] = await Promise.all([client.messages.list(contact.id, { limit: 50 }), sentBodies()]);
    show({ contact, items, sent, channel: contact.channel || channel });
  } catch (e) {
    show({ contact, note: `Cannot load the history: ${e.code || "error"} ${e.status ?? ""} ${e.message}` });
  }
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
  }
  events.refresh();
  await loadThread();
}
$("#inbound").addEventListener("click", simulateInbound);
$("#events-inbound").addEventListener("click", simulateInbound);
$("#reset").addEventListener("click", async () => {
  outcome.replaceChildren();
  // A reset deletes the webhook subscriptions too: the panel subscribes them again.
  await events.aroundReset(() => control("reset", {})).catch((e) => renderError(outcome, e, "Reset failed"));
  events.refresh();
  await loadThread();
});

for (const input of [hostInput, keyInput]) {
  input.addEventListener("change", async () => {
    if (makeClient()) outcome.replaceChildren();
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

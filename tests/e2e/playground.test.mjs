// The playground (www/) in headless Chromium, served by the real sandbox together with
// the built package (pkg/): compose a WhatsApp text, see the prepared request (key
// redacted), send it, see the bubble; type invalid values and see validate()'s message
// beside the field; see a server error's code; send a Messenger card carousel and a
// Telegram template with buttons; subscribe a webhook receiver and see the events of a
// send and of an inbound message arrive in the Webhook events panel, each payload beside
// the WebhookEvent parseWebhookEvent makes of it in the browser. Screenshots go to
// tests/output/ for a human to look at.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { KEY, root, startSandbox } from "./support/sandbox.mjs";
import { startWebhookReceiver } from "../../examples/webhook-receiver.mjs";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const OUTPUT = join(root, "tests", "output");
const TIMEOUT = 15_000;

let sandbox, browser, page, receiver;
const problems = [];

before(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  sandbox = await startSandbox(["--static-dir", "www:/", "--static-dir", "pkg:/pkg"]);
  const { chromium } = await import(join(root, "node_modules", "playwright-core", "index.mjs"));
  browser = await chromium.launch({
    executablePath: CHROMIUM, timeout: TIMEOUT,
    args: ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(TIMEOUT);
  // The page must not reach any other host (it works offline): block everything but the
  // sandbox, and count what was tried. Example media URLs are the one allowed exception.
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === sandbox.url) return route.continue();
    if (route.request().resourceType() !== "image") problems.push(`request to ${url.href}`);
    return route.abort();
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && !/Failed to load resource/.test(m.text()) && problems.push(`console: ${m.text()}`));
  await page.goto(`${sandbox.url}/`);
  try {
    await page.waitForSelector("#status[data-ready]");
  } catch (e) {
    throw new Error(`the playground never got ready: ${e.message.split("\n")[0]}\n${problems.join("\n")}`);
  }
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
  await receiver?.close();
});

const shot = (name) => page.screenshot({ path: join(OUTPUT, name), fullPage: true });
const errorFor = (path) => page.locator(`[data-error-for="${path}"]`);

test("the page loads the package from the sandbox and finds the sandbox", async () => {
  assert.match(await page.textContent("#status"), /SDK \d+\.\d+\.\d+ · sandbox at http:\/\/127\.0\.0\.1:\d+/);
  assert.equal(await page.inputValue("#api-key"), KEY);
  // The seeded conversation of ct_wa_1: Alice's inbound message.
  await page.waitForSelector(".thread.ch-whatsapp .row.in .bubble");
  assert.match(await page.textContent(".thread-head"), /Alice Example/);
  // Nothing subscribed yet: the events panel says so rather than staying blank.
  await page.locator("#events-note", { hasText: "No webhook subscription" }).waitFor();
});

test("compose a WhatsApp text, see the exact request, send it, see the bubble", async () => {
  await page.fill("#f-text", "Hello from Playwright!");
  const body = await page.textContent("[data-testid=request-body]");
  assert.deepEqual(JSON.parse(body), { contact: { id: "ct_wa_1" }, textMessage: "Hello from Playwright!", location: { id: "loc_1" } });
  const request = await page.textContent("#prepared");
  assert.match(request, /POST http:\/\/127\.0\.0\.1:\d+\/v1\/messages\/whatsapp\/sendtext/);
  assert.match(request, /x-api-key: sk_t… \(redacted\)/);
  assert.ok(!request.includes(KEY), "the key is not on screen");
  assert.equal(await page.textContent("#valid-badge"), "valid");

  await page.click("#send");
  await page.waitForSelector(".outcome.ok");
  const bubble = page.locator(".thread.ch-whatsapp .row.out .bubble", { hasText: "Hello from Playwright!" });
  await bubble.waitFor();
  assert.equal(await bubble.locator(".ticks").textContent(), "✓");
  // What arrived at the sandbox is what the panel showed.
  const deliveries = await sandbox.control("deliveries");
  assert.equal(deliveries.length, 1);
  assert.deepEqual(deliveries[0].body, JSON.parse(body));
  await shot("playground.png");
});

test("validation messages appear beside the field as you type", async () => {
  await page.check("input[name=target][value=phoneNumber]");
  await page.fill("#f-to-phoneNumber", "12");
  await errorFor("to.phoneNumber").filter({ hasText: "international number" }).waitFor();
  assert.match(await page.textContent("#valid-badge"), /1 problem/);
  assert.match(await page.textContent("#prepared"), /Not a valid message yet/);
  // Fixing it clears the message.
  await page.fill("#f-to-phoneNumber", "+1 650 555 1234");
  await page.waitForFunction(() => !document.querySelector('[data-error-for="to.phoneNumber"]').textContent);
  await page.check("input[name=target][value=contactId]");

  // A Messenger card button title of 25 characters (the limit is 20).
  await page.selectOption("#channel", "messenger");
  await page.selectOption("#type", "template");
  assert.equal(await page.inputValue("#f-to-contactId"), "ct_fb_1", "the channel's seeded contact is picked");
  await page.waitForSelector(".thread.ch-messenger"); // the thread follows the recipient
  await page.locator('[data-path="elements[0].buttons[0].title"] input').fill("See every discounted item");
  // A button row shows its fields' messages under the row; the field itself turns red.
  const error = errorFor("elements[0].buttons[0]");
  await error.filter({ hasText: "elements[0].buttons[0].title is 25 characters" }).waitFor();
  assert.match(await error.textContent(), /at most 20.*\(too_long\)/);
  assert.ok(await page.locator('.field.invalid[data-path="elements[0].buttons[0].title"]').count());
  await shot("playground-validation.png");

  // Sending anyway shows the SDK's invalid_input error with its field; nothing is sent.
  await page.click("#send");
  await page.waitForSelector('.outcome.error[data-code="invalid_input"]');
  assert.match(await page.textContent(".outcome.error"), /elements\[0\]\.buttons\[0\]\.title/);
  assert.equal((await sandbox.control("deliveries")).length, 1);
  await page.locator('[data-path="elements[0].buttons[0].title"] input').fill("See all");
});

test("a Messenger generic template shows as a card carousel", async () => {
  await page.click("#send");
  await page.waitForSelector(".outcome.ok");
  const cards = page.locator(".thread.ch-messenger .carousel .card");
  await cards.first().waitFor();
  assert.equal(await cards.count(), 2);
  assert.match(await cards.nth(0).textContent(), /Deep tissue massage.*60 min.*See all/s);
  assert.match(await cards.nth(1).textContent(), /Facial.*Ask a question/s);
  await shot("playground-messenger.png");
});

test("a Telegram template shows its inline buttons", async () => {
  await page.selectOption("#channel", "telegram");
  assert.equal(await page.inputValue("#f-to-contactId"), "ct_tg_1");
  await page.click("#send");
  await page.waitForSelector(".outcome.ok");
  const keyboard = page.locator(".thread.ch-telegram .keyboard");
  await keyboard.waitFor();
  assert.deepEqual(await keyboard.locator(".kb-button").allTextContents(), ["Book now↗", "Call me back"]);
  await shot("playground-telegram.png");
});

test("a server error shows its code and status; inbound opens the 24 h window", async () => {
  await page.selectOption("#channel", "whatsapp");
  await page.selectOption("#type", "text");
  await page.fill("#f-to-contactId", "ct_wa_cold");
  await page.click("#send");
  const error = page.locator('.outcome.error[data-code="bad_request"]');
  await error.waitFor();
  assert.match(await error.textContent(), /status\s*400/);
  assert.match(await error.textContent(), /No active session/);
  await shot("playground-error.png");

  await page.click("#inbound");
  await page.locator(".thread .row.in .bubble", { hasText: "Is there a slot on Friday" }).waitFor();
  await page.click("#send");
  await page.waitForSelector(".outcome.ok");
});

test("webhook events show live, each payload beside its parsed WebhookEvent", async () => {
  // What `make demo` does: a receiver on 127.0.0.1 (the package's Node listener), subscribed.
  const received = [];
  receiver = await startWebhookReceiver({ sandboxUrl: sandbox.url, apiKey: KEY, onEvent: (e) => received.push(e) });
  await page.locator("#events-note", { hasText: receiver.url }).waitFor(); // the page's next poll

  await page.selectOption("#channel", "whatsapp");
  await page.selectOption("#type", "text");
  await page.fill("#f-to-contactId", "ct_wa_1");
  await page.fill("#f-text", "Webhook check");
  await page.click("#send");
  await page.waitForSelector(".outcome.ok");
  await page.fill("#inbound-text", "Can I bring a friend?");
  await page.click("#events-inbound");

  const events = page.locator("#events .event");
  const outgoing = events.filter({ hasText: "Webhook check" });
  const incoming = events.filter({ hasText: "Can I bring a friend?" });
  await outgoing.locator(".ev-status.ok").waitFor();
  await incoming.locator(".ev-status.ok").waitFor();
  assert.equal(await events.count(), 2);
  assert.equal(await events.first().getAttribute("data-type"), "incoming_whatsapp_message", "newest first");
  assert.equal(await outgoing.getAttribute("data-type"), "outgoing_whatsapp_message");
  assert.match(await incoming.locator(".ev-status").textContent(), /^delivered · HTTP 200$/);
  // The parsed fields, on the event's line.
  const field = (item, name) => item.locator(`[data-field="${name}"] b`).textContent();
  assert.deepEqual([await field(incoming, "direction"), await field(incoming, "channel"), await field(incoming, "message.isIncoming")], ["incoming", "whatsapp", "true"]);
  assert.deepEqual([await field(outgoing, "direction"), await field(outgoing, "channel"), await field(outgoing, "message.isIncoming")], ["outgoing", "whatsapp", "false"]);

  // Opened: the payload exactly as delivered (the vendor's string "true", "whatsApp") beside the WebhookEvent.
  await incoming.locator("summary").click();
  const payload = JSON.parse(await incoming.locator("[data-testid=payload]").textContent());
  const log = await sandbox.control("webhook-deliveries?settled=1&timeoutMs=5000");
  assert.deepEqual(payload, log.find((d) => d.type === "incoming_whatsapp_message").payload);
  assert.equal(payload.message.isIncoming, "true");
  assert.equal(payload.message.channel, "whatsApp");
  const parsed = JSON.parse(await incoming.locator("[data-testid=webhook-event]").textContent());
  assert.equal(parsed.id, payload.event.id);
  assert.equal(parsed.type, "incoming_whatsapp_message");
  assert.equal(parsed.direction, "incoming");
  assert.equal(parsed.channel, "whatsapp");
  assert.equal(parsed.message.isIncoming, true);
  assert.equal(parsed.message.channel, "whatsapp");
  assert.equal(parsed.message.text, "Can I bring a friend?");
  await shot("playground-webhooks.png");

  // The receiver got the same two events, secret header checked.
  assert.deepEqual(received.map((e) => e.id).sort(), log.map((d) => d.eventId).sort());
  assert.ok(log.every((d) => d.delivered && d.serverUrl === receiver.url));
});

test("Reset sandbox subscribes the receiver again, and events keep coming", async () => {
  await page.click("#reset");
  await page.locator("#events-empty").waitFor(); // the log is gone with the reset
  const subs = await (await fetch(`${sandbox.url}/v1/webhooks`, { headers: { "x-api-key": KEY } })).json();
  assert.deepEqual(subs.map((s) => s.serverUrl), [receiver.url]);
  await page.locator("#events-note", { hasText: receiver.url }).waitFor();
  await page.click("#events-inbound");
  await page.locator('#events .event[data-type="incoming_whatsapp_message"] .ev-status.ok').waitFor();
});

test("the page made no request outside the sandbox and logged no error", () => {
  assert.deepEqual(problems, []);
});

// The playground (www/) in headless Chromium, served by the real sandbox together with
// the built package (pkg/): compose a WhatsApp text, see the prepared request (key
// redacted), send it, see the bubble; type invalid values and see validate()'s message
// beside the field, in the form's own words, with length counters from validate()'s
// limits; see a server error's code and what it means; send a Messenger card carousel
// and a Telegram template with buttons; the keyboard (Enter, Ctrl+Enter, the focus after
// a send, the carousel); the warnings before a send (a closed 24-hour window, a contact
// of another channel); the draft across a reload; a phone-sized screen; subscribe a
// webhook receiver and see the events of a send and of an inbound message arrive in the
// Webhook events panel. axe-core runs in every state and must find nothing. Screenshots
// go to tests/output/ for a human to look at.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { KEY, root, startSandbox } from "./support/sandbox.mjs";
import { startWebhookReceiver } from "../../examples/webhook-receiver.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const OUTPUT = join(root, "tests", "output");
const TIMEOUT = 15_000;
const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
// The example media host: the test serves its images (a picture, so that screenshots
// show one) and counts how often each is asked for.
const CDN = "https://cdn.example.com/";
const PICTURE = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="150"><defs><linearGradient id="g" x2="1" y2="1">
<stop offset="0" stop-color="#f4c7a1"/><stop offset="1" stop-color="#8fb3a0"/></linearGradient></defs><rect width="240" height="150" fill="url(#g)"/>
<circle cx="180" cy="45" r="22" fill="#fff8db"/></svg>`;

let sandbox, browser, page, receiver;
const problems = [];
const imageRequests = new Map(); // url → how many times the page asked for it
const axeLog = []; // [state, rules passed] for the summary

before(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  sandbox = await startSandbox(["--static-dir", "www:/", "--static-dir", "pkg:/pkg"]);
  const { chromium } = await import(join(root, "node_modules", "playwright-core", "index.mjs"));
  browser = await chromium.launch({
    executablePath: CHROMIUM, timeout: TIMEOUT,
    args: ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  page = await browser.newPage({ viewport: WIDE, deviceScaleFactor: 1 });
  page.setDefaultTimeout(TIMEOUT);
  // The page must not reach any other host (it works offline): block everything but the
  // sandbox, and count what was tried. Example media URLs are the one allowed exception.
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === sandbox.url) return route.continue();
    if (route.request().resourceType() !== "image") problems.push(`request to ${url.href}`);
    imageRequests.set(url.href, (imageRequests.get(url.href) || 0) + 1);
    if (url.href.startsWith(CDN)) return route.fulfill({ status: 200, contentType: "image/svg+xml", body: PICTURE });
    return route.abort();
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && !/Failed to load resource/.test(m.text()) && problems.push(`console: ${m.text()}`));
  await page.goto(`${sandbox.url}/`);
  try {
    await ready();
  } catch (e) {
    throw new Error(`the playground never got ready: ${e.message.split("\n")[0]}\n${problems.join("\n")}`);
  }
});

after(async () => {
  await browser?.close();
  await sandbox?.stop();
  await receiver?.close();
});

const ready = () => page.waitForSelector("#status[data-ready]");
/**
 * A screenshot: the screen as seen, or the whole page, taken in a window as tall as the
 * page (so the sticky Send bar sits at the end of the form, not over it).
 */
async function shot(name, fullPage = true) {
  if (!fullPage) return page.screenshot({ path: join(OUTPUT, name) });
  const seen = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: seen.width, height: Math.max(height, seen.height) });
  await page.screenshot({ path: join(OUTPUT, name) });
  await page.setViewportSize(seen);
}
const errorFor = (path) => page.locator(`[data-error-for="${path}"]`);
const deliveries = async () => (await sandbox.control("deliveries")).length;
const activeId = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
/** The page has applied the last edit: validate() and prepare() ran (they run on every input). */
const settle = () => page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0))));

/** Every rule axe-core runs by default; none may fail. */
async function axe(state) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ path: AXE });
  const { violations, passes } = await page.evaluate(() => window.axe.run());
  const found = violations.map((v) => `${v.impact} ${v.id} (${v.nodes.length}): ${v.help}\n    ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join("\n    ")}`);
  assert.deepEqual(found, [], `axe-core found violations in state "${state}":\n  ${found.join("\n  ")}`);
  axeLog.push([state, passes.length]);
}

/** Picks a channel and kind as a user would, and waits for the thread to follow. */
async function pick(channel, type) {
  await page.selectOption("#channel", channel);
  await page.selectOption("#type", type);
  await page.waitForSelector(`.thread.ch-${channel}`);
}

test("the page loads the package from the sandbox and finds the sandbox", async () => {
  assert.match(await page.textContent("#status"), /SDK \d+\.\d+\.\d+ · sandbox at http:\/\/127\.0\.0\.1:\d+/);
  assert.equal(await page.inputValue("#api-key"), KEY);
  // The seeded conversation of ct_wa_1: Alice's inbound message.
  await page.waitForSelector(".thread.ch-whatsapp .row.in .bubble");
  assert.match(await page.textContent(".thread-head"), /Alice Example/);
  // Nothing subscribed yet: the events panel says so rather than staying blank.
  await page.locator("#events-note", { hasText: "No webhook subscription" }).waitFor();
  assert.equal(await page.locator("h1").count(), 1);
  await axe("WhatsApp text, as loaded");
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
  // The text's counter, with the limit validate() reports for a WhatsApp text.
  assert.equal(await page.textContent("#f-text-count"), "22/4096 characters");

  await page.click("#send");
  await page.waitForSelector("#result.ok");
  const bubble = page.locator(".thread.ch-whatsapp .row.out .bubble", { hasText: "Hello from Playwright!" });
  await bubble.waitFor();
  assert.equal(await bubble.locator(".ticks").textContent(), "✓");
  // After a send the focus is on the result (a status: a screen reader reads it), not on <body>.
  assert.equal(await activeId(), "result");
  assert.equal(await page.getAttribute("#result", "role"), "status");
  assert.match(await page.textContent("#result"), /^Sent: WhatsApp text to ct_wa_1 in \d+ ms\.$/);
  // What arrived at the sandbox is what the panel showed.
  const sent = await sandbox.control("deliveries");
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].body, JSON.parse(body));
  await shot("playground.png");
});

test("Enter sends from a one-line field, Ctrl+Enter from anywhere in the form, Enter in a text area is a new line", async () => {
  const before = await deliveries();
  // Enter in the text area: a new line, nothing sent.
  await page.fill("#f-text", "Line one");
  await page.focus("#f-text");
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("line two");
  assert.equal(await page.inputValue("#f-text"), "Line one\nline two");
  await settle();
  assert.equal(await deliveries(), before);

  // Ctrl+Enter in the text area sends; the focus moves to the result.
  await page.keyboard.press("Control+Enter");
  await page.locator(".thread .row.out .bubble", { hasText: "line two" }).waitFor();
  assert.equal(await deliveries(), before + 1);
  assert.equal(await activeId(), "result");

  // Enter in a one-line field (the location) sends.
  await page.fill("#f-text", "Sent with Enter");
  await page.focus("#f-locationId");
  await page.keyboard.press("Enter");
  await page.locator(".thread .row.out .bubble", { hasText: "Sent with Enter" }).waitFor();
  assert.equal(await deliveries(), before + 2);
  assert.equal(await activeId(), "result");

  // Ctrl+Enter from a select (not a text field) sends as well.
  await page.fill("#f-text", "Sent from the Kind select");
  await page.focus("#type");
  await page.keyboard.press("Control+Enter");
  await page.locator(".thread .row.out .bubble", { hasText: "Sent from the Kind select" }).waitFor();
  assert.equal(await deliveries(), before + 3);

  // A held Ctrl+Enter (the key repeating) sends once, and so does a double-click on Send,
  // though the sandbox answers the first send before the second click or repeat comes.
  await page.fill("#f-text", "Held keys");
  await page.focus("#f-text");
  await page.keyboard.down("Control");
  await page.keyboard.down("Enter");
  for (let i = 0; i < 4; i++) {
    await new Promise((ok) => setTimeout(ok, 120));
    await page.keyboard.down("Enter"); // what a held key sends: keydown with repeat
  }
  await page.keyboard.up("Enter");
  await page.keyboard.up("Control");
  await page.locator(".thread .row.out .bubble", { hasText: "Held keys" }).waitFor();
  await page.fill("#f-text", "Double-clicked");
  const box = await page.locator("#send").boundingBox();
  // (Two clicks, `detail` 1 then 2, as a browser counts a double-click.)
  await page.mouse.dblclick(box.x + 5, box.y + 5, { delay: 150 });
  await page.locator(".thread .row.out .bubble", { hasText: "Double-clicked" }).waitFor();
  await new Promise((ok) => setTimeout(ok, 500));
  assert.equal(await deliveries(), before + 5);
});

test("validation messages appear beside the field as you type, in the form's words, with counters", async () => {
  await page.check("input[name=target][value=phoneNumber]");
  await page.fill("#f-to-phoneNumber", "12");
  await errorFor("to.phoneNumber").filter({ hasText: "Phone number must be an international number" }).waitFor();
  assert.match(await page.textContent("#valid-badge"), /1 problem/);
  assert.match(await page.textContent("#prepared"), /Not a valid message yet/);
  assert.equal(await page.getAttribute("#f-to-phoneNumber", "aria-invalid"), "true");
  // Fixing it clears the message.
  await page.fill("#f-to-phoneNumber", "+1 650 555 1234");
  await page.waitForFunction(() => !document.querySelector('[data-error-for="to.phoneNumber"]').textContent);
  await page.check("input[name=target][value=contactId]");

  // A Messenger card button title of 25 characters (the limit is 20).
  await pick("messenger", "template");
  assert.equal(await page.inputValue("#f-to-contactId"), "ct_fb_1", "the channel's seeded contact is picked");
  const title = page.locator("#f-elements-0-buttons-0-title");
  // The counter shows the limit before any error does (validate() reported it).
  assert.equal(await page.textContent("#f-elements-0-buttons-0-title-count"), "4/20 characters");
  await title.fill("See every discounted item");
  // A button row shows its fields' messages under the row, by the form's labels.
  const error = errorFor("elements[0].buttons[0]");
  await error.filter({ hasText: "Card 1, button 1, title is 25 characters long; at most 20 are allowed" }).waitFor();
  assert.ok(await page.locator('.field.invalid[data-path="elements[0].buttons[0].title"]').count());
  assert.equal(await page.textContent("#f-elements-0-buttons-0-title-count"), "25/20 characters, too long");
  assert.ok(await page.locator("#f-elements-0-buttons-0-title-count.over").count());
  // The field's accessible description carries the counter and the message.
  const described = await title.evaluate((x) => x.getAttribute("aria-describedby").split(" ").map((id) => document.getElementById(id).textContent).join(" | "));
  assert.match(described, /25\/20 characters.*\| Card 1, button 1, title is 25 characters long/);
  const form = await page.textContent("#compose");
  assert.ok(!/elements\[|UTF-16|code units/.test(form), `no internal paths or units in the form: ${form}`);
  await shot("playground-validation.png");

  // Sending anyway shows the SDK's invalid_input error, in the form's words; nothing is sent.
  const before = await deliveries();
  await page.click("#send");
  const outcome = page.locator('.outcome.error[data-code="invalid_input"]');
  await outcome.waitFor();
  assert.match(await outcome.textContent(), /Card 1, button 1, title is 25 characters long; at most 20 are allowed \(too_long\)/);
  assert.ok(!/elements\[|UTF-16/.test(await outcome.textContent()), "no internal paths in the error box");
  // The result line names the fields, so a screen reader's user need not walk the form.
  assert.match(await page.textContent("#result"), /Send failed \(invalid_input\)\. Nothing was sent: fix the field marked in the form: Card 1, button 1, title\./i);
  assert.equal(await activeId(), "result");
  assert.equal(await deliveries(), before);
  await axe("Messenger template, errors showing (form and error box)");
  await title.fill("See all");
});

test("a Messenger generic template shows as a card carousel, reachable by keyboard", async () => {
  await page.click("#send");
  await page.waitForSelector("#result.ok");
  const cards = page.locator(".thread.ch-messenger .carousel .card");
  await cards.first().waitFor();
  assert.equal(await cards.count(), 2);
  assert.match(await cards.nth(0).textContent(), /Deep tissue massage.*60 min.*See all/s);
  assert.match(await cards.nth(1).textContent(), /Facial.*Ask a question/s);
  await page.locator(".card-image.loaded img").first().waitFor();

  // Tab from the message list reaches the carousel; the arrow keys scroll it card by card.
  await page.focus(".thread .messages");
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains("carousel")), "Tab lands on the carousel");
  assert.match(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), /^2 cards: Deep tissue massage, Facial$/);
  const scroll = () => page.evaluate(() => document.activeElement.scrollLeft);
  assert.equal(await scroll(), 0);
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.activeElement.scrollLeft > 0);
  await page.keyboard.press("Home");
  await page.waitForFunction(() => document.activeElement.scrollLeft === 0);
  assert.equal(await scroll(), 0);
  await axe("Messenger thread with a carousel");
  await shot("playground-messenger.png");
});

test("images are fetched once, not on every redraw of the thread", async () => {
  const url = `${CDN}massage.jpg`;
  assert.equal(imageRequests.get(url), 1);
  for (let i = 0; i < 3; i++) {
    await page.click("#refresh");
    await page.locator(".card-image.loaded img").first().waitFor();
  }
  await page.click("#send"); // a send redraws the thread too, with one carousel more
  await page.waitForSelector("#result.ok");
  await page.waitForFunction(() => document.querySelectorAll(".thread .carousel").length === 2);
  assert.equal(imageRequests.get(url), 1, "one request for the picture, whatever the redraws");
  // A picture that fails is not asked for again either.
  await pick("whatsapp", "media");
  await page.fill("#f-mediaUrl", "https://media.example.org/missing.jpg");
  await page.click("#send");
  await page.waitForSelector("#result.ok");
  await page.locator(".thread .row.out .media", { hasText: "missing.jpg" }).waitFor();
  await page.click("#refresh");
  await page.locator(".thread .row.out .media", { hasText: "missing.jpg" }).waitFor();
  await page.click("#refresh");
  await settle();
  assert.equal(imageRequests.get("https://media.example.org/missing.jpg"), 1);
});

test("a Telegram button switched from Postback to Link reads URL and shows no error until typed", async () => {
  await pick("telegram", "template");
  assert.equal(await page.inputValue("#f-to-contactId"), "ct_tg_1");
  const row = '[data-path="buttons[1]"]';
  assert.equal(await page.textContent(`${row} [for="f-buttons-1-value"] .label-text`), "Payload");
  assert.equal(await page.textContent("#f-buttons-1-value-count"), "8/64 bytes", "Telegram counts a payload in bytes");
  await page.focus("#f-buttons-1-type");
  await page.selectOption("#f-buttons-1-type", "web_url");
  assert.equal(await page.textContent(`${row} [for="f-buttons-1-value"] .label-text`), "URL");
  assert.equal(await page.inputValue("#f-buttons-1-value"), "");
  await settle();
  assert.equal(await errorFor("buttons[1]").textContent(), "", "no URL error before the user types one");
  assert.equal(await page.textContent("#valid-badge"), "1 field to fill in");
  assert.equal(await activeId(), "f-buttons-1-type", "the focus stays on the Kind select");
  await axe("Telegram template, a button switched to Link");
  // A wrong URL shows, by the form's label; a good one is valid.
  await page.fill("#f-buttons-1-value", "call me");
  await errorFor("buttons[1]").filter({ hasText: "Button 2, URL: button URL must be an http(s) or tg:// URL" }).waitFor();
  await page.fill("#f-buttons-1-value", "https://example.com/call");
  await page.waitForFunction(() => document.querySelector("#valid-badge").textContent === "valid");
  // Back to Postback: the payload typed before is still there.
  await page.selectOption("#f-buttons-1-type", "postback");
  assert.equal(await page.textContent(`${row} [for="f-buttons-1-value"] .label-text`), "Payload");
  assert.equal(await page.inputValue("#f-buttons-1-value"), "CALLBACK");

  // A new button waits to be filled in; adding and removing keep the focus in the list.
  await page.click("#add-buttons");
  assert.equal(await activeId(), "f-buttons-2-title");
  await settle();
  assert.equal(await page.textContent("#valid-badge"), "2 fields to fill in");
  assert.equal(await errorFor("buttons[2]").textContent(), "");
  await page.click('[aria-label="Remove button 3"]');
  assert.equal(await activeId(), "add-buttons");
  await page.waitForFunction(() => document.querySelector("#valid-badge").textContent === "valid");

  await page.click("#send");
  await page.waitForSelector("#result.ok");
  const keyboard = page.locator(".thread.ch-telegram .keyboard");
  await keyboard.waitFor();
  assert.deepEqual(await keyboard.locator(".kb-button").allTextContents(), ["Book now↗", "Call me back"]);
  await axe("Telegram thread (bubble times)");
  await shot("playground-telegram.png");
});

test("the result goes away when the channel or kind changes", async () => {
  assert.match(await page.textContent("#result"), /^Sent: Telegram template/);
  await page.selectOption("#type", "text");
  assert.equal(await page.textContent("#result"), "");
  await page.click("#send");
  await page.waitForSelector("#result.ok");
  await page.selectOption("#channel", "instagram");
  assert.equal(await page.textContent("#result"), "");
  // An error box goes too.
  await page.fill("#f-text", "");
  await page.click("#send");
  await page.waitForSelector('.outcome.error[data-code="invalid_input"]');
  await page.selectOption("#channel", "telegram");
  assert.equal(await page.textContent("#outcome"), "");
  assert.equal(await page.textContent("#result"), "");
});

test("each channel keeps its own contact; a contact of another channel is flagged before the send", async () => {
  await pick("whatsapp", "text");
  await page.fill("#f-to-contactId", "ct_wa_cold");
  await pick("telegram", "text");
  assert.equal(await page.inputValue("#f-to-contactId"), "ct_tg_1", "the WhatsApp contact does not follow to Telegram");
  await pick("whatsapp", "text");
  assert.equal(await page.inputValue("#f-to-contactId"), "ct_wa_cold", "and WhatsApp keeps its own");

  // Typed on purpose: history says whose contact it is, or that there is none.
  await pick("telegram", "text");
  await page.fill("#f-to-contactId", "ct_wa_1");
  await page.locator("#recipient-note", { hasText: "“ct_wa_1” is a WhatsApp contact: a Telegram message needs a Telegram contact." }).waitFor();
  assert.equal(await page.textContent("#send"), "Send anyway");
  await page.fill("#f-to-contactId", "ct_nobody");
  await page.locator("#recipient-note", { hasText: "No Telegram contact “ct_nobody”: its history answered 404" }).waitFor();
  await page.click("#send");
  const error = page.locator('.outcome.error[data-code="not_found"]');
  await error.waitFor();
  assert.match(await error.textContent(), /The API knows no Telegram recipient “ct_nobody”\. Each channel has its own contacts/);
  assert.match(await page.textContent("#result"), /Send failed \(not_found, HTTP 404\)\. The API knows no Telegram recipient/);
  await axe("Telegram text, an unknown contact flagged and its 404 showing");
  await page.fill("#f-to-contactId", "ct_tg_1");
  await page.waitForFunction(() => !document.querySelector("#recipient-note").textContent && document.querySelector("#send").textContent === "Send");
});

test("a send into a closed 24-hour window is warned about; the server error shows its code and meaning", async () => {
  await pick("whatsapp", "text");
  assert.equal(await page.inputValue("#f-to-contactId"), "ct_wa_cold");
  const warning = page.locator("#send-warning", { hasText: "24-hour window closed. Bob Cold has never written, so WhatsApp will refuse a text message" });
  await warning.waitFor();
  assert.equal(await page.textContent("#send"), "Send anyway");
  assert.match(await page.textContent(".thread-head"), /24 h window closed/);
  await axe("WhatsApp text, closed-window warning");
  // A template always goes: the warning offers one, and goes away with it.
  await page.click("#send-warning button");
  assert.equal(await page.inputValue("#type"), "template");
  await page.waitForFunction(() => !document.querySelector("#send-warning").textContent);
  assert.equal(await page.textContent("#send"), "Send");
  await page.selectOption("#type", "text");
  await warning.waitFor();

  // Sent anyway: the sandbox refuses it, and the page says why.
  const before = await deliveries();
  await page.click("#send");
  const error = page.locator('.outcome.error[data-code="bad_request"]');
  await error.waitFor();
  assert.match(await error.textContent(), /status\s*400/);
  assert.match(await error.textContent(), /No active session/);
  assert.match(await error.textContent(), /24-hour window with this contact is closed/);
  assert.equal(await deliveries(), before);
  await axe("WhatsApp text, the server's error showing");
  await shot("playground-error.png");

  // The contact writes: the window opens, the warning goes, the send goes through.
  await page.click("#inbound");
  await page.locator(".thread .row.in .bubble", { hasText: "Is there a slot on Friday" }).waitFor();
  await page.waitForFunction(() => !document.querySelector("#send-warning").textContent);
  assert.equal(await page.textContent("#send"), "Send");
  await page.click("#send");
  await page.waitForSelector("#result.ok");

  // A server error after the message was taken: the result line says it may have been
  // delivered, so that it is not sent again without a look at the conversation.
  await sandbox.control("faults", { status500AfterDeliveryRate: 1 });
  try {
    await page.click("#send");
    await page.locator('.outcome.error[data-code="server_error"]').waitFor();
    assert.match(await page.textContent("#result"), /Send failed \(server_error, HTTP 500\)\..*It may have been delivered all the same: check the conversation before you send it again\./);
  } finally {
    await sandbox.control("faults", {});
  }
});

test("a reload keeps the draft, per channel and kind, and never the API key", async () => {
  await pick("instagram", "text");
  await page.fill("#f-text", "Draft for Instagram");
  await pick("whatsapp", "template");
  await page.fill("#f-bodyTextParameters", "Zoe\nMonday 9:00");
  await page.fill("#api-key", "sk_test_not_to_be_kept");
  await page.dispatchEvent("#api-key", "change");
  await page.reload();
  await ready();
  assert.equal(await page.inputValue("#channel"), "whatsapp");
  assert.equal(await page.inputValue("#type"), "template");
  assert.equal(await page.inputValue("#f-to-contactId"), "ct_wa_cold");
  assert.equal(await page.inputValue("#f-bodyTextParameters"), "Zoe\nMonday 9:00");
  assert.equal(await page.inputValue("#api-key"), KEY, "the key is the page's default again");
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!/sk_test/.test(stored), `no API key in localStorage: ${stored}`);
  await pick("instagram", "text");
  assert.equal(await page.inputValue("#f-text"), "Draft for Instagram");
  // Clear draft: back to the example values, for this channel and kind only.
  await page.click("#clear-draft");
  assert.match(await page.inputValue("#f-text"), /^Hi Alice, your booking/);
  await pick("whatsapp", "template");
  assert.equal(await page.inputValue("#f-bodyTextParameters"), "Zoe\nMonday 9:00");
  await pick("whatsapp", "text");
  await page.fill("#f-to-contactId", "ct_wa_1");
});

test("axe-core finds nothing on any channel and kind", async () => {
  for (const channel of ["whatsapp", "telegram", "instagram", "messenger"]) {
    for (const type of ["text", "media", "template"]) {
      await pick(channel, type);
      if (type === "text") { // each channel's thread with an outgoing bubble in its colours
        await page.fill("#f-text", `Hello on ${channel}`);
        await page.click("#send");
        await page.locator(".thread .row.out .bubble", { hasText: `Hello on ${channel}` }).waitFor();
      }
      await settle();
      await axe(`${channel} ${type}`);
    }
  }
});

test("on a 390 px screen Send is on screen from the start, the thread before the request, nothing wider than the screen", async () => {
  await pick("messenger", "template"); // the longest form
  await page.setViewportSize(PHONE);
  await page.evaluate(() => window.scrollTo(0, 0));
  const send = await page.locator("#send").boundingBox();
  assert.ok(send.y >= 0 && send.y + send.height <= PHONE.height, `Send is on the first screen: ${JSON.stringify(send)}`);
  const onTop = () => page.evaluate(() => {
    const r = document.querySelector("#send").getBoundingClientRect();
    return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.id;
  });
  assert.equal(await onTop(), "send", "nothing covers it");
  // Halfway down the form it is still there.
  await page.evaluate(() => window.scrollTo(0, 700));
  const again = await page.locator("#send").boundingBox();
  assert.ok(again.y >= 0 && again.y + again.height <= PHONE.height, "Send sticks to the bottom of the screen");
  assert.equal(await onTop(), "send");
  const top = (sel) => page.locator(sel).evaluate((x) => x.getBoundingClientRect().top + window.scrollY);
  assert.ok(await top(".thread-panel") < await top(".request-panel"), "the thread comes before the request");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling");
  // The bar's link brings the conversation on screen in one tap.
  await page.click(".actions .jump");
  const thread = await page.locator("#h-thread").boundingBox();
  assert.ok(thread.y >= 0 && thread.y < PHONE.height, "the conversation is on screen");
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot("playground-390.png", false);
  await shot("playground-390-full.png");
  await axe("Messenger template at 390 px");
  await page.setViewportSize(WIDE);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot("playground-1280.png", false);
  await shot("playground-1280-full.png");
});

test("webhook events show live, each payload beside its parsed WebhookEvent", async () => {
  // What `make demo` does: a receiver on 127.0.0.1 (the package's Node listener), subscribed.
  const received = [];
  receiver = await startWebhookReceiver({ sandboxUrl: sandbox.url, apiKey: KEY, onEvent: (e) => received.push(e) });
  await page.locator("#events-note", { hasText: receiver.url }).waitFor(); // the page's next poll

  await pick("whatsapp", "text");
  await page.fill("#f-to-contactId", "ct_wa_1");
  await page.fill("#f-text", "Webhook check");
  await page.click("#send");
  await page.waitForSelector("#result.ok");
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
  await axe("webhook events panel, an event open");
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

test("a send that ends after the user moved on: the focus stays where they went, a result about another form is dropped", async () => {
  await page.setViewportSize(WIDE);
  await pick("whatsapp", "text");
  await page.check("input[name=target][value=contactId]");
  await page.fill("#f-to-contactId", "ct_wa_1");
  await page.fill("#f-text", "Slow one");
  await settle();
  await sandbox.control("faults", { latencyMs: 800 });
  try {
    // Send, then go on typing in the text: the answer does not take the focus away.
    await page.click("#send");
    await page.focus("#f-text");
    await page.keyboard.type(" more");
    await page.waitForSelector("#result.ok");
    assert.equal(await activeId(), "f-text");
    assert.match(await page.textContent("#result"), /to ct_wa_1 /);
    // Send, then switch the channel: the result (about a WhatsApp send) is not shown.
    await page.click("#send");
    await page.selectOption("#channel", "telegram");
    await page.waitForFunction(() => !document.querySelector("#send").hasAttribute("aria-disabled"));
    await settle();
    assert.equal(await page.textContent("#result"), "");
    assert.notEqual(await activeId(), "result");
  } finally {
    await sandbox.control("faults", { latencyMs: 0 });
  }
});

test("Switch to Template keeps the focus (on Send), and a number that never wrote is warned about on WhatsApp", async () => {
  await pick("whatsapp", "text");
  await page.check("input[name=target][value=contactId]");
  await page.fill("#f-to-contactId", "ct_wa_cold");
  await page.locator("#send-warning button").waitFor();
  await page.focus("#send-warning button");
  await page.keyboard.press("Enter");
  assert.equal(await page.inputValue("#type"), "template");
  assert.equal(await activeId(), "send");
  await page.selectOption("#type", "text");
  // A phone number the sandbox has no contact for has never written: the window is closed.
  await page.check("input[name=target][value=phoneNumber]");
  await page.fill("#f-to-phoneNumber", "+1 650 555 0199");
  await page.locator("#send-warning", { hasText: "24-hour window closed." }).waitFor();
  assert.equal(await page.textContent("#send"), "Send anyway");
  assert.match(await page.textContent(".thread"), /a template starts one; a text or media message is refused/);
  await page.check("input[name=target][value=contactId]");
});

test("counters are no part of a field's name, and one with no limit left says nothing", async () => {
  await pick("telegram", "template");
  const name = (sel) => page.locator(sel).evaluate((x) => x.labels[0].textContent.trim());
  assert.equal(await name("#f-text"), "Text");
  assert.match(await page.textContent("#f-text-count"), /\d+\/\d+ characters/);
  // A button switched from Postback (a payload counted in bytes) to Link (a URL, no limit).
  await page.selectOption("#f-buttons-1-type", "postback");
  await page.fill("#f-buttons-1-value", "12345678");
  await settle();
  assert.equal(await page.textContent("#f-buttons-1-value-count"), "8/64 bytes");
  await page.selectOption("#f-buttons-1-type", "web_url");
  await page.fill("#f-buttons-1-value", "https://example.com/x");
  await settle();
  const described = await page.locator("#f-buttons-1-value").evaluate((x) => (x.getAttribute("aria-describedby") || "").split(" ").map((id) => document.getElementById(id)?.textContent || "").join("|"));
  assert.ok(!/bytes|characters/.test(described), `no stale counter in the URL's description: ${described}`);
});

test("a long id wraps at 390 px (no sideways scrolling), and a blank parameter line is named by its line", async () => {
  await pick("whatsapp", "text");
  await page.setViewportSize(PHONE);
  await page.check("input[name=target][value=contactId]");
  await page.fill("#f-to-contactId", "x".repeat(150));
  await settle();
  await page.waitForFunction(() => document.querySelector("#recipient-note")?.textContent);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling");
  await page.setViewportSize(WIDE);
  await page.fill("#f-to-contactId", "ct_wa_1");
  await page.selectOption("#type", "template");
  await page.fill("#f-bodyTextParameters", "Alice\n\nFriday\t10:00");
  await settle();
  await errorFor("bodyTextParameters[1]").or(page.locator("#compose", { hasText: "Body parameters, line 2" })).first().waitFor();
  const form = await page.textContent("#compose");
  assert.match(form, /Body parameters, line 2[^.]*must not be empty/);
  assert.match(form, /Body parameters, line 3[^.]*newlines or tabs/);
  await page.fill("#f-bodyTextParameters", "Alice\nFriday 10:00");
  await page.selectOption("#type", "text");
});

test("the page made no request outside the sandbox and logged no error", (t) => {
  assert.deepEqual(problems, []);
  for (const [state, passed] of axeLog) t.diagnostic(`axe-core: 0 violations, ${passed} rules passed: ${state}`);
});

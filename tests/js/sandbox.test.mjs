// The built package (pkg/) against the real sandbox binary (sandbox/): every one of the
// twelve sends is accepted and shows in history, the vendor's errors arrive as the
// documented WhautomateError codes, the 24-hour rule, the rate limit on both sides,
// scheduled sends, and history iteration across pages. The sandbox validates bodies
// against openapi/messages.yaml independently of the SDK, so this also checks that the
// SDK's wire format matches the API description.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { Whautomate, WhautomateError } from "../../pkg/node.mjs";
import { KEY, startSandbox } from "../e2e/support/sandbox.mjs";
import { rejection as rejected } from "../support/rejection.mjs";

let sandbox;
before(async () => (sandbox = await startSandbox()));
after(async () => sandbox?.stop());
// Every test starts from the seeded world with the clock on wall time.
beforeEach(async () => sandbox.control("reset", {}));

const client = (extra = {}) =>
  new Whautomate({ apiKey: KEY, host: sandbox.url, locationId: "loc_1", rateLimit: false, timeoutMs: 5_000,
    retry: { maxRetries: 0 }, ...extra });

async function rejection(promise) {
  const e = await rejected(promise);
  assert.ok(e instanceof WhautomateError, `expected a WhautomateError, got ${e}`);
  return e;
}

const IMG = "https://cdn.example.com/spa.jpg";
// The twelve kinds; `contact` is where the message lands, `shows` what history keeps.
const TWELVE = [
  { contact: "ct_wa_1", shows: { type: "text", text: "Your booking is confirmed" },
    message: { channel: "whatsapp", type: "text", to: { contactId: "ct_wa_1" }, text: "Your booking is confirmed" } },
  { contact: "ct_wa_1", shows: { type: "media", mediaUrl: IMG },
    message: { channel: "whatsapp", type: "media", to: { clientId: "cl_1" }, mediaUrl: IMG, mimeType: "image/jpeg" } },
  { contact: "phone:+16505551234", shows: { type: "template", text: "booking_reminder" },
    message: { channel: "whatsapp", type: "template", to: { phoneNumber: "+1 650 555 1234", name: "Pat" },
      template: { name: "booking_reminder", language: "en_US" }, bodyTextParameters: ["Pat", "10:00"] } },
  { contact: "ct_tg_1", shows: { type: "text", text: "Hello from Telegram" },
    message: { channel: "telegram", type: "text", to: { contactId: "ct_tg_1" }, text: "Hello from Telegram" } },
  { contact: "ct_tg_1", shows: { type: "media", mediaUrl: IMG },
    message: { channel: "telegram", type: "media", to: { contactId: "ct_tg_1" }, mediaUrl: IMG, mimeType: "image/jpeg" } },
  { contact: "ct_tg_1", shows: { type: "template", text: "Pick a slot", options: { type: "buttons", buttons: [{ type: "web_url", text: "Book now", url: "https://example.com/book" }] } },
    message: { channel: "telegram", type: "template", to: { contactId: "ct_tg_1" }, text: "Pick a slot",
      buttons: [{ title: "Book now", url: "https://example.com/book" }] } },
  { contact: "ct_ig_1", shows: { type: "text", text: "Hi on Instagram" },
    message: { channel: "instagram", type: "text", to: { contactId: "ct_ig_1" }, text: "Hi on Instagram" } },
  { contact: "ct_ig_1", shows: { type: "media", mediaUrl: IMG },
    message: { channel: "instagram", type: "media", to: { contactId: "ct_ig_1" }, mediaUrl: IMG, mimeType: "image/jpeg" } },
  { contact: "ct_ig_1", shows: { type: "template", text: "Spring sale", options: { type: "generic" } },
    message: { channel: "instagram", type: "template", to: { contactId: "ct_ig_1" },
      elements: [{ title: "Spring sale", buttons: [{ title: "Shop", url: "https://example.com/shop" }] }] } },
  { contact: "ct_fb_1", shows: { type: "text", text: "Hi on Messenger" },
    message: { channel: "messenger", type: "text", to: { contactId: "ct_fb_1" }, text: "Hi on Messenger" } },
  { contact: "ct_fb_1", shows: { type: "media", mediaUrl: IMG },
    message: { channel: "messenger", type: "media", to: { contactId: "ct_fb_1" }, mediaUrl: IMG, mimeType: "image/jpeg" } },
  { contact: "ct_fb_1", shows: { type: "template", text: "Massage", mediaUrl: IMG, options: { type: "generic" } },
    message: { channel: "messenger", type: "template", to: { contactId: "ct_fb_1" },
      elements: [{ title: "Massage", subtitle: "60 minutes", imageUrl: IMG, buttons: [{ title: "Book", url: "https://example.com/b" }] },
        { title: "Facial", buttons: [{ title: "Ask", type: "postback", payload: "ASK_FACIAL" }] }] } },
];

/** Whether `item` has every field of `want` (nested objects compared the same way). */
function has(item, want) {
  return Object.entries(want).every(([k, v]) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? item[k] && has(item[k], v) : isDeepStrictEqual(item[k], v));
}

describe("the twelve sends", () => {
  for (const { message, contact, shows } of TWELVE) {
    test(`${message.channel} ${message.type} is accepted and shows in history`, async () => {
      const c = client();
      assert.deepEqual(await c.send(message), { success: true });
      let contactId = contact;
      if (contact.startsWith("phone:")) {
        // A send to a phone number creates the contact; the sandbox's state names it.
        const { contacts } = await sandbox.control("state");
        contactId = contacts.find((x) => x.phoneNumber?.replace(/\D/g, "") === contact.slice(7).replace(/\D/g, ""))?.id;
        assert.ok(contactId, "the recipient contact was created");
      }
      const history = await c.messages.list(contactId, { limit: 50 });
      const mine = history.filter((m) => !m.isIncoming && m.sentBy === "api");
      assert.equal(mine.length, 1, JSON.stringify(history));
      assert.ok(has(mine[0], { channel: message.channel, status: "sent", ...shows }), JSON.stringify(mine[0]));
      // The delivery log holds the body exactly as the SDK sent it.
      const [delivery] = await sandbox.control("deliveries");
      assert.equal(delivery.path, `/v1/messages/${message.channel}/send${message.type}`);
      assert.equal(delivery.body.location.id, "loc_1");
    });
  }
});

describe("errors from the sandbox", () => {
  test("a wrong key is unauthorized (403) and nothing is delivered", async () => {
    const e = await rejection(client({ apiKey: "sk_wrong" }).whatsapp.sendText({ to: { contactId: "ct_wa_1" }, text: "hi" }));
    assert.equal(e.code, "unauthorized");
    assert.equal(e.status, 403);
    assert.deepEqual(e.body, { message: "Forbidden" });
    assert.equal(e.mayHaveBeenSent, false);
    assert.ok(!JSON.stringify(e).includes("sk_wrong"), "the key never appears in the error");
    assert.deepEqual(await sandbox.control("deliveries"), []);
  });

  test("an unknown location is not_found with the server's body", async () => {
    const e = await rejection(client().send({ channel: "telegram", type: "text", to: { contactId: "ct_tg_1" }, text: "hi", locationId: "loc_nope" }));
    assert.equal(e.code, "not_found");
    assert.equal(e.status, 404);
    assert.deepEqual(e.body, { error: "Invalid locationId" });
    assert.equal(e.message, "Invalid locationId");
  });

  test("an unknown contact, or one of another channel, is not_found", async () => {
    for (const message of [
      { channel: "telegram", type: "text", to: { contactId: "ct_nobody" }, text: "hi" },
      { channel: "instagram", type: "text", to: { contactId: "ct_fb_1" }, text: "hi" },
    ]) {
      const e = await rejection(client().send(message));
      assert.equal(e.code, "not_found");
      assert.deepEqual(e.body, { error: "Invalid or missing record identifier" });
    }
    const e = await rejection(client().messages.list("ct_nobody"));
    assert.equal(e.code, "not_found");
  });

  test("the 24-hour rule: a text to a contact who never wrote is refused, a template passes", async () => {
    const c = client();
    const e = await rejection(c.whatsapp.sendText({ to: { contactId: "ct_wa_cold" }, text: "hi" }));
    assert.equal(e.code, "bad_request");
    assert.equal(e.status, 400);
    assert.match(e.message, /No active session/);
    assert.equal(e.mayHaveBeenSent, false);
    await c.whatsapp.sendTemplate({ to: { contactId: "ct_wa_cold" }, template: { name: "welcome", language: "en" } });
    // Once the contact writes, the window opens and the text goes through.
    await sandbox.control("inbound", { contactId: "ct_wa_cold", text: "hello?" });
    await c.whatsapp.sendText({ to: { contactId: "ct_wa_cold" }, text: "hi" });
    const history = await c.messages.list("ct_wa_cold");
    assert.deepEqual(history.map((m) => [m.type, m.isIncoming]), [["text", false], ["text", true], ["template", false]]);
  });

  test("the window closes 24 hours after the contact's last message", async () => {
    await sandbox.control("clock", { advanceMs: 25 * 3600_000 });
    const e = await rejection(client().whatsapp.sendText({ to: { contactId: "ct_wa_1" }, text: "late" }));
    assert.equal(e.code, "bad_request");
  });
});

describe("rate limits", () => {
  // A second sandbox whose minute lasts one second (--time-scale 60), 5 requests each.
  let limited;
  before(async () => (limited = await startSandbox(["--rate-limit", "5", "--time-scale", "60"])));
  after(async () => limited?.stop());
  const message = (i) => ({ channel: "telegram", type: "text", to: { contactId: "ct_tg_1" }, text: `n${i}` });
  const requests = async () => (await limited.control("state")).requests["POST /v1/messages/telegram/sendtext"] || 0;

  test("without a client-side limit the server answers 429 and the SDK says rate_limited", async () => {
    await limited.control("reset", {});
    const c = new Whautomate({ apiKey: KEY, host: limited.url, locationId: "loc_1", rateLimit: false, retry: { maxRetries: 0 } });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => c.send(message(i))));
    const refused = results.filter((r) => r.status === "rejected").map((r) => r.reason);
    assert.ok(refused.length >= 3, `${refused.length} refused`);
    for (const e of refused) {
      assert.equal(e.code, "rate_limited");
      assert.equal(e.status, 429);
      assert.equal(e.retryable, true);
      assert.equal(e.mayHaveBeenSent, false);
    }
    assert.equal((await limited.control("deliveries")).length, 8 - refused.length);
  });

  test("with retries the SDK honours Retry-After and every send lands once", async () => {
    await limited.control("reset", {});
    const c = new Whautomate({ apiKey: KEY, host: limited.url, locationId: "loc_1", rateLimit: false,
      retry: { maxRetries: 3, baseDelayMs: 50, maxDelayMs: 3_000 } });
    await Promise.all(Array.from({ length: 7 }, (_, i) => c.send(message(i))));
    const texts = (await limited.control("deliveries")).map((d) => d.body.textMessage).sort();
    assert.deepEqual(texts, ["n0", "n1", "n2", "n3", "n4", "n5", "n6"]);
  });

  test("a client-side limit under the server's keeps every request below it (no 429 at all)", async () => {
    await limited.control("reset", {});
    // 240/min with a burst of 1 is one request per 250 ms: 4 in any one-second window.
    const c = new Whautomate({ apiKey: KEY, host: limited.url, locationId: "loc_1", rateLimit: { perMinute: 240, burst: 1 },
      retry: { maxRetries: 0 } });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => c.send(message(i))));
    assert.ok(Date.now() - t0 >= 1_000, "the SDK spaced the requests out");
    assert.equal(await requests(), 6, "exactly one request per send: none was refused and retried");
  });
});

describe("scheduling and history", () => {
  test("a scheduled send is accepted at once and shows in history when it is due", async () => {
    const c = client();
    const at = new Date(Date.now() + 3600_000);
    await c.telegram.sendText({ to: { contactId: "ct_tg_1" }, text: "see you tomorrow", scheduleAt: at });
    const [delivery] = await sandbox.control("deliveries");
    assert.ok(delivery.scheduledFor, "logged as scheduled");
    assert.equal(delivery.body.scheduleDateTime, at.toISOString());
    assert.equal((await c.messages.list("ct_tg_1")).length, 0, "not visible before it is due");
    await sandbox.control("clock", { advanceMs: 2 * 3600_000 });
    const history = await c.messages.list("ct_tg_1");
    assert.deepEqual(history.map((m) => m.text), ["see you tomorrow"]);
  });

  test("iterate walks every page, newest first, and searchText filters", async () => {
    const c = client();
    for (let i = 1; i <= 7; i++) await c.telegram.sendText({ to: { contactId: "ct_tg_1" }, text: `message ${i}` });
    const seen = [];
    for await (const m of c.messages.iterate("ct_tg_1", { limit: 3 })) seen.push(m.text);
    assert.deepEqual(seen, [7, 6, 5, 4, 3, 2, 1].map((i) => `message ${i}`));
    const { requests } = await sandbox.control("state");
    assert.equal(requests["GET /v1/messages/ct_tg_1"], 3, "pages of 3, 3 and 1; the short page ends the walk");
    assert.deepEqual((await c.messages.list("ct_tg_1", { searchText: "MESSAGE 3" })).map((m) => m.text), ["message 3"]);
    assert.deepEqual(await c.messages.list("ct_tg_1", { page: 9, limit: 3 }), []);
  });
});

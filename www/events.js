// The "Webhook events" panel: every event the sandbox delivered to a subscribed receiver,
// newest first, from its delivery log (GET /_sandbox/webhook-deliveries, polled), each
// payload beside the WebhookEvent that `parseWebhookEvent` of `whautomate/webhooks` makes
// of it, here in the browser. The sandbox delivers only to subscribed loopback URLs;
// `make demo` runs a receiver and subscribes it. With no subscription the panel says so.
import { parseWebhookEvent } from "whautomate/webhooks";
import { el } from "./dom.js";

// A text cut to 48 characters as a reader counts them (code points: an emoji is never cut
// in half into a broken glyph).
const short = (text) => {
  const chars = Array.from(text);
  return chars.length > 48 ? `${chars.slice(0, 47).join("")}…` : text;
};

const POLL_MS = 1000;
const SHOWN = 50;
const keyOf = (d) => `${d.eventId}/${d.subscriptionId}/${d.copy}`;
const clock = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : "");
const plural = (n, word, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/**
 * The panel in `box`. `control(path, body?)` calls the sandbox's /_sandbox endpoints,
 * `api(path, { method, body }?)` its /v1 API with the page's key.
 */
export function createEventsPanel(box, { control, api }) {
  const note = box.querySelector("#events-note");
  const empty = box.querySelector("#events-empty");
  const list = box.querySelector("#events");
  const live = box.querySelector("#events-live");
  const items = new Map(); // delivery key → its status element
  let on = false, busy = false, timer = 0, seen = null, rendered = false;

  /** Polls while the host is the sandbox and the tab is visible; `refresh()` polls now. */
  async function poll() {
    clearTimeout(timer);
    if (!on) return;
    if (!busy && !document.hidden) {
      busy = true;
      try {
        await check();
      } catch (e) {
        note.textContent = `Cannot read the sandbox's webhook log: ${e.message}`;
        seen = null;
      }
      busy = false;
    }
    if (on) timer = setTimeout(poll, POLL_MS);
  }

  // /_sandbox/state counts subscriptions and deliveries: read the rest only when they move.
  async function check() {
    const w = (await control("state")).webhooks;
    if (!w) throw new Error("this sandbox has no webhooks");
    if (!seen || w.subscriptions !== seen.subscriptions) await describe(w.subscriptions);
    if (!seen || w.deliveries !== seen.deliveries || w.pending || seen.pending) render(await control("webhook-deliveries"));
    seen = w;
  }

  async function describe(count) {
    box.dataset.subscriptions = count;
    if (!count) {
      note.textContent = "No webhook subscription: the sandbox delivers events only to a subscribed URL on this machine, "
        + "so none will show here. `make demo` starts a receiver and subscribes it (client.webhooks.createWithSecret).";
      return;
    }
    const subs = await api("webhooks?limit=100").catch(() => null);
    if (!subs) return (note.textContent = `${plural(count, "subscription")} (cannot list them with this API key).`);
    const active = subs.filter((s) => s.active);
    note.replaceChildren(...(active.length ? ["Delivered to ", ...active.flatMap((s, i) => [
      i ? "; " : "", el("code", {}, s.serverUrl), ` (“${s.name}”, ${plural(s.events.length, "event type")})`,
    ]), "."] : [`${plural(subs.length, "subscription")}, none active: nothing is delivered.`]));
  }

  function render(log) {
    const keys = new Set(log.map(keyOf));
    if ([...items.keys()].some((k) => !keys.has(k))) { // the sandbox was reset
      items.clear();
      list.replaceChildren();
    }
    const added = [];
    for (const d of log.slice(-SHOWN)) {
      if (!items.has(keyOf(d))) {
        list.prepend(item(d));
        added.push(d.type);
      }
      showStatus(items.get(keyOf(d)), d);
    }
    // One line for a screen reader, not one per event: the deliveries already there when
    // the page opens are not news, and a burst of fifty would be read out one by one.
    if (added.length && rendered) live.textContent = added.length === 1 ? `New webhook event: ${added[0]}` : `${added.length} new webhook events`;
    rendered = true;
    while (list.children.length > SHOWN) {
      // The item the keyboard is in stays (its focus would fall to the page): the one
      // before it goes instead.
      let old = list.lastElementChild;
      if (old.contains(document.activeElement) && old.previousElementSibling) old = old.previousElementSibling;
      items.delete(old.dataset.key);
      old.remove();
    }
    empty.hidden = log.length > 0;
    box.querySelector("#events-count").textContent = log.length > SHOWN ? `newest ${SHOWN} of ${log.length}` : plural(log.length, "delivery", "deliveries");
  }

  /** One delivery: a summary line (type, time, status, parsed fields); open, the payload and the event. */
  function item(d) {
    let event, error;
    try {
      event = parseWebhookEvent(JSON.stringify(d.payload)); // what a receiver gets: the body's text
    } catch (e) {
      error = e;
    }
    const status = el("span", { class: "ev-status" });
    items.set(keyOf(d), status);
    const when = d.payload?.event?.timeStamp;
    return el("li", { class: "event", "data-key": keyOf(d), "data-type": d.type }, el("details", {}, [
      el("summary", {}, [
        el("code", { class: "ev-type" }, d.type), " ",
        el("time", { datetime: when }, clock(when)), " ", status, " ",
        el("span", { class: "ev-fields" }, error ? `parseWebhookEvent threw ${error.code || error.name}${error.field ? ` at ${error.field}` : ""}: ${error.message}` : fields(event)),
      ]),
      el("div", { class: "ev-body" }, [
        // Each <pre> scrolls when long: focusable, so that a keyboard can scroll it too.
        el("figure", {}, [el("figcaption", {}, ["Payload, as delivered to ", el("code", {}, d.serverUrl)]),
          el("pre", { "data-testid": "payload", tabindex: "0", role: "group", "aria-label": "Payload" }, JSON.stringify(d.payload, null, 2))]),
        el("figure", {}, [el("figcaption", {}, [el("code", {}, "parseWebhookEvent(payload)"), ", its ", el("code", {}, "raw"), " (the payload) left out"]),
          el("pre", { "data-testid": "webhook-event", tabindex: "0", role: "group", "aria-label": "WebhookEvent" },
            error ? String(error) : JSON.stringify({ ...event, raw: undefined }, null, 2))]),
      ]),
    ]));
  }

  /** What the SDK made of the event: direction, channel, isIncoming (a boolean), who and what. */
  function fields(e) {
    const m = e.message || {};
    const c = e.contact || e.client;
    const parts = [
      ["direction", e.direction], ["channel", e.channel],
      ["message.isIncoming", m.isIncoming === undefined ? undefined : JSON.stringify(m.isIncoming)],
      ["contact", m.contact?.id ?? c?.id], ["text", m.text === undefined ? undefined : `“${short(m.text)}”`],
    ].filter(([, v]) => v !== undefined);
    // Spaces between the parts: a screen reader announces this line as one text.
    return parts.flatMap(([k, v]) => [el("span", { class: "kv", "data-field": k }, [el("span", { class: "k" }, k), " ", el("b", { dir: "auto" }, v)]), " "]);
  }

  function showStatus(node, d) {
    const n = d.attempts.length;
    const last = d.attempts[n - 1];
    const result = last ? (last.status !== undefined ? `HTTP ${last.status}` : last.error) : "";
    const [kind, text] = d.delivered ? ["ok", `delivered · ${result}${n > 1 ? ` · ${plural(n, "attempt")}` : ""}`]
      : d.settled ? ["bad", `not delivered · ${plural(n, "attempt")} · last: ${result}`]
        : ["wait", n ? `retrying · ${plural(n, "attempt")} · last: ${result}` : "delivering…"];
    node.className = `ev-status ${kind}`;
    node.textContent = text;
    node.title = d.attempts.map((a) => `${clock(a.at)} ${a.status !== undefined ? `HTTP ${a.status}` : a.error}`).join("\n");
  }

  return {
    /** The host is the sandbox (poll its log) or not (say why nothing shows). */
    setSandbox(isSandbox) {
      on = isSandbox;
      seen = null;
      if (on) return poll();
      clearTimeout(timer);
      items.clear();
      list.replaceChildren();
      empty.hidden = true;
      box.querySelector("#events-count").textContent = "";
      note.textContent = "The host is not the sandbox: there is no delivery log to read. Whautomate delivers events to "
        + "your server's webhook URL; parse them there with parseWebhookEvent from whautomate/webhooks.";
    },
    refresh: () => poll(),
    /**
     * Runs `reset` (POST /_sandbox/reset, which deletes every subscription) and subscribes
     * the same receivers again, so a reset does not silently stop the events.
     */
    async aroundReset(reset) {
      const subs = await api("webhooks?limit=100").catch(() => []);
      await reset();
      for (const { name, serverUrl, events, webhookHeaders, active } of subs) {
        await api("webhooks", { method: "POST", body: { name, serverUrl, events, webhookHeaders, active } });
      }
      seen = null;
      return subs.length;
    },
  };
}

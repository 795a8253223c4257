// A contact's history as the channel's own app would show it: WhatsApp bubbles with
// ticks, Telegram bubbles with inline keyboard buttons, Messenger and Instagram generic
// templates as a card carousel. History (newest first) is what the API returns; when the
// page talks to the sandbox, `sent` maps a message id to the body that was sent (from
// /_sandbox/deliveries), which holds what history drops: every card of a carousel, the
// template parameters, the media MIME type.
import { el } from "./dom.js";

const NAMES = { whatsapp: "WhatsApp", telegram: "Telegram", instagram: "Instagram", messenger: "Messenger" };

/**
 * Renders the thread into `box`. `window` is what history says of WhatsApp's 24-hour
 * window (`{ open, lastInboundAt }`), when known.
 */
export function renderThread(box, { channel, contact, items, sent = new Map(), note = "", window: session }) {
  // A redraw keeps the keyboard where it was (the message list, or a carousel in it).
  const focused = box.contains(document.activeElement) ? document.activeElement : null;
  const refocus = focused && (focused.classList.contains("carousel") ? `.row[data-id="${CSS.escape(focused.closest(".row")?.dataset.id || "")}"] .carousel`
    : focused.classList.contains("messages") ? ".messages" : null);
  used = new Set();
  box.className = `thread ch-${channel || "none"}`;
  const name = contact?.name || contact?.id || "—";
  const sub = contact?.phoneNumber || (channel ? NAMES[channel] : "");
  const closed = session?.open === false && channel === "whatsapp";
  const header = el("div", { class: "thread-head" }, [
    el("div", { class: "avatar", "aria-hidden": "true" }, name.replace(/[^\p{L}\p{N}]/gu, "").slice(0, 1).toUpperCase() || "?"),
    el("div", {}, [el("div", { class: "who" }, name), el("div", { class: "sub" }, [sub, closed ? " · 24 h window closed" : ""])]),
    el("span", { class: "channel-badge" }, NAMES[channel] || ""),
  ]);
  // It scrolls: focusable, so that a keyboard can scroll it.
  const list = el("div", { class: "messages", role: "log", tabindex: "0", "aria-label": `Messages with ${name}` });
  const ordered = [...items].reverse();
  if (note) list.append(el("p", { class: "thread-note" }, note));
  else if (ordered.length === 0) list.append(el("p", { class: "thread-note" }, "No messages yet. Send one, or simulate an inbound message."));
  let lastDay = "";
  for (const m of ordered) {
    const day = (m.createdAt || "").slice(0, 10);
    if (day && day !== lastDay) {
      list.append(el("div", { class: "day" }, el("span", {}, formatDay(m.createdAt))));
      lastDay = day;
    }
    list.append(message(channel || m.channel, m, sent.get(m.id)));
  }
  box.replaceChildren(header, list);
  list.scrollTop = list.scrollHeight;
  if (refocus) box.querySelector(refocus)?.focus({ preventScroll: true });
}

function message(channel, m, body) {
  const dir = m.isIncoming ? "in" : "out";
  const meta = el("span", { class: "meta" }, [time(m.createdAt), ...(m.isIncoming ? [] : ticks(channel, m.status))]);
  const row = (content, cls = "") => el("div", { class: `row ${dir}`, "data-id": m.id || "", "data-type": m.type || "" },
    el("div", { class: `bubble ${dir} ${cls}`.trim() }, [...[].concat(content), meta]));

  if (m.type === "template" && (channel === "messenger" || channel === "instagram")) {
    return el("div", { class: `row ${dir}`, "data-id": m.id || "", "data-type": "template" }, [
      carousel(cards(m, body)),
      el("div", { class: "carousel-meta" }, meta),
    ]);
  }
  if (m.type === "template" && channel === "telegram") {
    const buttons = m.options?.buttons || body?.buttons?.map((b) => ({ text: b.title, url: b.url, type: b.type })) || [];
    return el("div", { class: `row ${dir}`, "data-id": m.id || "", "data-type": "template" }, [
      el("div", { class: `bubble ${dir}` }, [m.mediaUrl ? media(m.mediaUrl, body?.mimeType) : null, text(m.text), meta]),
      el("div", { class: "keyboard" }, buttons.map((b) =>
        el("span", { class: "kb-button", title: b.url || b.type || "" }, [b.text || "", b.url ? el("span", { class: "kb-link", "aria-hidden": "true" }, "↗") : null]))),
    ]);
  }
  if (m.type === "template") {
    // WhatsApp: history keeps the template's name; the sent body has its parameters.
    const params = body?.bodyTextParameters || [];
    return row([
      m.mediaUrl ? media(m.mediaUrl) : null,
      el("div", { class: "tpl-name" }, m.text || body?.template?.name || "template"),
      params.length ? el("div", { class: "tpl-params" }, params.map((p, i) => el("span", {}, [`{{${i + 1}}} `, el("b", {}, p)]))) : null,
      el("div", { class: "tpl-tag" }, `Template${body?.template?.language ? ` · ${body.template.language}` : ""}`),
    ], "template");
  }
  if (m.type === "media") return row(media(m.mediaUrl, body?.mimeType), "has-media");
  return row([text(m.text), m.errorMessage ? el("div", { class: "failed" }, m.errorMessage) : null]);
}

// Cards of a generic template: every element from the sent body when we have it, else
// the one card history describes (first title, first image, all buttons).
function cards(m, body) {
  if (body?.elements?.length) {
    return body.elements.map((e) => ({ title: e.title, subtitle: e.subtitle, image: e.image_url, buttons: (e.buttons || []).map((b) => b.title) }));
  }
  return [{ title: m.text, image: m.mediaUrl, buttons: (m.options?.buttons || []).map((b) => b.text) }];
}

function card(c) {
  return el("div", { class: "card" }, [
    c.image ? media(c.image, "image/*", "card-image") : null,
    el("div", { class: "card-body" }, [el("div", { class: "card-title" }, c.title || ""), c.subtitle ? el("div", { class: "card-sub" }, c.subtitle) : null]),
    ...c.buttons.map((b) => el("div", { class: "card-button" }, b)),
  ]);
}

const text = (t) => el("div", { class: "text", dir: "auto" }, t || "");

// A media preview that needs no network: a tile with the file name, and the image on top
// of it if it does load (offline, or from an example URL, the tile stays). Each image is
// fetched once: a redraw moves the same <img> into the new tile, and a URL that failed is
// not asked for again.
const images = new Map(); // url → { img, failed }
let used = new Set(); // the <img>s placed by the current redraw

function media(url, mime, cls = "media") {
  const file = decodeURIComponent(String(url || "").split(/[?#]/)[0].split("/").pop() || "file");
  const kind = mime && !mime.startsWith("image/") ? (mime.startsWith("video/") ? "video" : mime.startsWith("audio/") ? "audio" : "doc")
    : /\.(pdf|docx?|xlsx?|txt)$/i.test(file) ? "doc" : /\.(mp4|mov|webm)$/i.test(file) ? "video" : /\.(mp3|ogg|m4a)$/i.test(file) ? "audio" : "image";
  // A text label, not an emoji: emoji fonts are often missing (headless Linux, kiosks).
  const tile = el("div", { class: `${cls} kind-${kind}`, title: url }, [el("span", { class: "media-icon", "aria-hidden": "true" }, kind), el("span", { class: "media-name" }, file)]);
  if (kind === "image" && /^https?:/.test(url)) {
    const img = image(url);
    if (img) {
      tile.append(img);
      if (img.complete && img.naturalWidth) tile.classList.add("loaded");
    }
  }
  return tile;
}

function image(url) {
  let entry = images.get(url);
  if (!entry) {
    const img = el("img", { alt: "", loading: "lazy", referrerpolicy: "no-referrer" });
    entry = { img, failed: false };
    img.addEventListener("error", () => {
      entry.failed = true;
      for (const x of document.querySelectorAll("img[data-src]")) if (x.dataset.src === url) x.remove();
    });
    img.addEventListener("load", () => {
      for (const x of document.querySelectorAll("img[data-src]")) if (x.dataset.src === url) x.parentElement?.classList.add("loaded");
    });
    img.dataset.src = url;
    img.src = url;
    images.set(url, entry);
  }
  if (entry.failed) return null;
  // The same picture twice in one redraw: a copy, which the browser's image cache serves.
  const img = used.has(entry.img) ? entry.img.cloneNode() : entry.img;
  used.add(img);
  return img;
}

// A carousel of cards scrolls sideways: it takes the focus, and the arrow keys (and Home,
// End) move card by card.
function carousel(list) {
  const box = el("div", { class: "carousel", tabindex: "0", role: "group", "aria-roledescription": "carousel",
    "aria-label": `${list.length} card${list.length === 1 ? "" : "s"}: ${list.map((c) => c.title).filter(Boolean).join(", ")}` }, list.map(card));
  box.addEventListener("keydown", (e) => {
    const step = (box.firstElementChild?.offsetWidth || 220) + 8;
    const to = { ArrowRight: box.scrollLeft + step, ArrowLeft: box.scrollLeft - step, Home: 0, End: box.scrollWidth }[e.key];
    if (to === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    box.scrollTo({ left: to, behavior: "instant" });
  });
  return box;
}

// WhatsApp's ticks: one grey for sent, two grey for delivered, two blue for read.
function ticks(channel, status) {
  if (status === "failed") return [el("span", { class: "ticks failed", title: "failed", "aria-hidden": "true" }, "!"), el("span", { class: "sr-only" }, "failed")];
  if (channel === "messenger" || channel === "instagram") return [el("span", { class: "seen", title: status || "" }, status === "read" ? "Seen" : "Sent")];
  const double = status === "delivered" || status === "read";
  // The ticks are drawn for the eye; a screen reader hears the status.
  return [el("span", { class: `ticks${status === "read" ? " read" : ""}`, title: status || "", "aria-hidden": "true" }, double ? "✓✓" : "✓"),
    el("span", { class: "sr-only" }, status || "")];
}

function time(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function formatDay(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const today = new Date();
  return d.toDateString() === today.toDateString() ? "Today" : d.toLocaleDateString([], { day: "numeric", month: "short", year: "numeric" });
}

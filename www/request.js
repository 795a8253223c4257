// The "Request" panel: what `client.prepare(message)` returns (the exact HTTP request
// `send` would make, the key redacted), and the outcome of a send: success, or a
// WhautomateError with its code, status, fields (in the form's words), what it most
// likely means, and the server's body. The one-line result beside Send is here too.
import { el } from "./dom.js";
import { describe, labelFor } from "./fields.js";

const NAMES = { whatsapp: "WhatsApp", telegram: "Telegram", instagram: "Instagram", messenger: "Messenger" };

/** `sk_t…` plus a note: enough to tell keys apart, never enough to use one. */
export function redact(key) {
  return `${String(key).slice(0, 4)}… (redacted)`;
}

export function renderPrepared(box, prepared) {
  const headers = Object.entries(prepared.headers).map(([k, v]) => `${k}: ${k.toLowerCase() === "x-api-key" ? redact(v) : v}`);
  let body = prepared.body ?? "";
  try {
    body = JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    /* not JSON: show it as it is */
  }
  box.replaceChildren(
    el("div", { class: "req-line" }, [el("span", { class: `method m-${prepared.method.toLowerCase()}` }, prepared.method), " ", el("span", { class: "url" }, prepared.url)]),
    el("pre", { class: "req-headers" }, headers.join("\n")),
    // It scrolls when long: focusable, so that a keyboard can scroll it too.
    body ? el("pre", { class: "req-body", "data-testid": "request-body", tabindex: "0", role: "group", "aria-label": "Request body" }, body) : null,
  );
}

/** prepare() refused the message: list what is wrong instead of a request. */
export function renderNotReady(box, error) {
  const n = error.violations?.length || 0;
  box.replaceChildren(
    el("p", { class: "not-ready" }, n ? `Not a valid message yet: ${n} problem${n === 1 ? "" : "s"} (see the form).` : error.message),
  );
}

/** The one line beside Send: what happened, in a few words (`kind`: ok, error or pending). */
export function renderResult(line, kind, text, detailsId) {
  line.className = `result ${kind}`;
  line.replaceChildren(...[text, detailsId ? el("a", { href: `#${detailsId}`, class: "details-link" }, "Details") : null].filter(Boolean));
}

export function successText({ message, ms, contactId }) {
  const when = message.scheduleAt ? `, scheduled for ${new Date(message.scheduleAt).toLocaleString()}; it joins the thread when due` : "";
  return `Sent: ${NAMES[message.channel] || message.channel} ${message.type} to ${contactId || "the recipient"} in ${ms} ms${when}.`;
}

/** What an error most likely means for this message, in a sentence; "" when nothing useful can be said. */
export function explain(e, message = {}) {
  const hint = reason(e, message);
  // A failure after the request may have left: the message may be there all the same, and
  // sending it again could deliver it twice.
  if (e.mayHaveBeenSent) return `${hint || e.message} It may have been delivered all the same: check the conversation before you send it again.`;
  return hint;
}

function reason(e, message) {
  const body = e.body && typeof e.body === "object" ? e.body : {};
  const to = message.to || {};
  const who = to.contactId ?? to.clientId ?? to.phoneNumber;
  const channel = NAMES[message.channel] || message.channel;
  switch (e.code) {
    case "invalid_input": {
      // The fields by name, each once, so that a screen reader need not walk the form.
      const names = [...new Set((e.violations || []).map((v) => labelFor(v.field)))];
      if (!names.length) return "Nothing was sent: fix the fields marked in the form.";
      return `Nothing was sent: fix ${names.length === 1 ? "the field" : `the ${names.length} fields`} marked in the form: ${names.join("; ")}.`;
    }
    case "not_found":
      if (/location/i.test(body.error || "")) return `The API knows no location “${message.locationId ?? ""}”. Check Location ID.`;
      return `The API knows no ${channel} recipient “${who ?? ""}”. Each channel has its own contacts: check the Recipient.`;
    case "bad_request":
      if (/no active session/i.test(body.message || e.message)) {
        return "WhatsApp's 24-hour window with this contact is closed: they have not written in the last 24 hours. Only a template can be sent until they write.";
      }
      return "The API refused the request.";
    case "unauthorized": return "The API key was refused.";
    case "rate_limited": return "Too many requests: wait and send again.";
    case "network": return "The host could not be reached.";
    case "timeout": return "The host did not answer in time.";
    default: return "";
  }
}

/** A WhautomateError (or anything thrown) as code, status, fields and details. */
export function renderError(box, e, what = "Send failed", message) {
  const rows = [
    ["code", el("code", { class: "err-code" }, e.code || e.name || "error")],
    e.status !== undefined ? ["status", String(e.status)] : null,
    e.field ? ["field", labelFor(e.field)] : null,
    // An invalid_input's message quotes field paths: its violations say it in the form's words.
    e.code === "invalid_input" ? null : ["message", e.message],
    e.code && e.code !== "invalid_input" ? ["retryable", String(e.retryable)] : null,
    e.code && e.code !== "invalid_input" ? ["may have been sent", String(e.mayHaveBeenSent)] : null,
    e.retryAfterMs !== undefined ? ["retry after", `${e.retryAfterMs} ms`] : null,
  ].filter(Boolean);
  const hint = explain(e, message);
  box.replaceChildren(el("div", { class: "outcome error", id: "outcome-details", tabindex: "-1", "data-code": e.code || "" }, [
    el("h3", {}, what),
    hint ? el("p", { class: "hint-line" }, hint) : null,
    el("dl", {}, rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    e.violations?.length ? el("ul", { class: "violations" }, e.violations.map((v) =>
      el("li", { title: v.field }, [describe(v), " ", el("code", {}, `(${v.code})`)]))) : null,
    e.body !== undefined ? el("pre", { class: "err-body" },
      typeof e.body === "string" ? e.body : JSON.stringify(e.body, null, 2)) : null,
  ]));
}

// The "Request" panel: what `client.prepare(message)` returns (the exact HTTP request
// `send` would make, the key redacted), and the outcome of a send: success, or a
// WhautomateError with its code, status, fields and server body.
import { el } from "./dom.js";

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
    body ? el("pre", { class: "req-body", "data-testid": "request-body" }, body) : null,
  );
}

/** prepare() refused the message: list what is wrong instead of a request. */
export function renderNotReady(box, error) {
  const n = error.violations?.length || 0;
  box.replaceChildren(
    el("p", { class: "not-ready" }, n ? `Not a valid message yet: ${n} problem${n === 1 ? "" : "s"} (see the form).` : error.message),
  );
}

export function renderSuccess(box, { message, ms, contactId }) {
  const when = message.scheduleAt ? ` · scheduled for ${new Date(message.scheduleAt).toLocaleString()}; it joins the thread when due` : "";
  box.replaceChildren(el("div", { class: "outcome ok", role: "status" }, [
    el("strong", {}, "Sent"), ` ${message.channel}/${message.type} → { success: true } in ${ms} ms${contactId ? ` · ${contactId}` : ""}${when}`,
  ]));
}

/** A WhautomateError (or anything thrown) as code, status, fields and details. */
export function renderError(box, e, what = "Send failed") {
  const rows = [
    ["code", el("code", { class: "err-code" }, e.code || e.name || "error")],
    e.status !== undefined ? ["status", String(e.status)] : null,
    e.field ? ["field", el("code", {}, e.field)] : null,
    ["message", e.message],
    e.code && e.code !== "invalid_input" ? ["retryable", String(e.retryable)] : null,
    e.code && e.code !== "invalid_input" ? ["may have been sent", String(e.mayHaveBeenSent)] : null,
    e.retryAfterMs !== undefined ? ["retry after", `${e.retryAfterMs} ms`] : null,
  ].filter(Boolean);
  box.replaceChildren(el("div", { class: "outcome error", role: "alert", "data-code": e.code || "" }, [
    el("strong", {}, what),
    el("dl", {}, rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
    e.violations?.length ? el("ul", { class: "violations" }, e.violations.map((v) =>
      el("li", {}, [el("code", {}, v.field), ` ${v.code}: ${v.message}`]))) : null,
    e.body !== undefined ? el("pre", { class: "err-body" }, typeof e.body === "string" ? e.body : JSON.stringify(e.body, null, 2)) : null,
  ]));
}

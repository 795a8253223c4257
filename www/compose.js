// The compose form: one declarative list of fields, shown or hidden by channel, kind and
// target; two list editors (Telegram buttons, generic-template elements); `read()` turns
// the form into an SDK message and `showViolations()` puts each violation next to the
// field its path names (`elements[0].buttons[1].title`, `to.phoneNumber`, ...).
import { el } from "./dom.js";

export const SEEDED = { whatsapp: "ct_wa_1", telegram: "ct_tg_1", instagram: "ct_ig_1", messenger: "ct_fb_1" };

const isWa = (s) => s.channel === "whatsapp";
const isTemplate = (s) => s.type === "template";
const generic = (s) => isTemplate(s) && (s.channel === "instagram" || s.channel === "messenger");
const tgTemplate = (s) => isTemplate(s) && s.channel === "telegram";
const waTemplate = (s) => isTemplate(s) && isWa(s);

// path: where the value goes in the message (and the violation path that points at it).
// optional: left out of the message when empty; required fields are sent even when empty
// so that validate() names them.
const FIELDS = [
  { path: "to.contactId", label: "Contact ID", value: SEEDED.whatsapp, when: (s) => s.target === "contactId" },
  { path: "to.clientId", label: "Client ID", value: "cl_1", when: (s) => s.target === "clientId" },
  { path: "to.phoneNumber", label: "Phone number", value: "+1 650 555 1234", placeholder: "+16505551234", when: (s) => s.target === "phoneNumber" },
  { path: "to.name", label: "Name", optional: true, placeholder: "optional", when: (s) => s.target === "phoneNumber" },
  { path: "locationId", label: "Location ID", value: "loc_1", optional: true },
  { path: "text", label: "Text", textarea: true, value: "Hi Alice, your booking for Friday 10:00 is confirmed.",
    when: (s) => s.type === "text" || tgTemplate(s) },
  { path: "headerType", label: "Header", options: ["", "IMAGE"], optional: true, when: tgTemplate },
  { path: "mediaUrl", label: "Media URL", value: "https://cdn.example.com/menu.jpg", optional: true, optionalWhen: tgTemplate,
    when: (s) => s.type === "media" || tgTemplate(s) },
  { path: "mimeType", label: "MIME type", value: "image/jpeg", optionalWhen: tgTemplate, when: (s) => s.type === "media" || tgTemplate(s) },
  { path: "template.name", label: "Template name", value: "booking_reminder", when: waTemplate },
  { path: "template.language", label: "Language", value: "en_US", when: waTemplate },
  { path: "headerMediaUrl", label: "Header media URL", optional: true, placeholder: "https://…", when: waTemplate },
  { path: "headerTextParameters", label: "Header parameters", list: true, when: waTemplate },
  { path: "bodyTextParameters", label: "Body parameters", list: true, value: "Alice\nFriday 10:00", when: waTemplate },
  { path: "buttonUrlParameters", label: "Button URL parameters", list: true, when: waTemplate },
  { path: "scheduleAt", label: "Schedule at", datetime: true, optional: true, when: (s) => !isTemplate(s) || isWa(s) },
];

const TELEGRAM_BUTTONS = () => [
  { title: "Book now", type: "web_url", url: "https://example.com/book" },
  { title: "Call me back", type: "postback", payload: "CALLBACK" },
];
const ELEMENTS = () => [
  { title: "Deep tissue massage", subtitle: "60 min · $80", imageUrl: "https://cdn.example.com/massage.jpg", defaultAction: "",
    buttons: [{ title: "Book", type: "web_url", url: "https://example.com/book/massage" }] },
  { title: "Facial", subtitle: "45 min · $65", imageUrl: "", defaultAction: "",
    buttons: [{ title: "Ask a question", type: "postback", payload: "ASK_FACIAL" }] },
];

/** Builds the form inside `root`; `onChange()` runs after every edit. */
export function createComposer(root, onChange) {
  const state = { buttons: TELEGRAM_BUTTONS(), elements: ELEMENTS() };
  const inputs = new Map();
  const channel = root.querySelector("#channel");
  const type = root.querySelector("#type");
  const targets = root.querySelector("#target-kind");
  const fieldsBox = root.querySelector("#fields");
  const targetBox = root.querySelector("#target-fields");
  const buttonsBox = root.querySelector("#tg-buttons");
  const elementsBox = root.querySelector("#elements");

  for (const f of FIELDS) {
    const id = `f-${f.path.replace(/\W/g, "-")}`;
    let control;
    if (f.options) control = el("select", { id }, f.options.map((o) => el("option", { value: o }, o || "none")));
    else if (f.textarea || f.list) control = el("textarea", { id, rows: f.list ? 2 : 3, placeholder: f.list ? "one per line" : f.placeholder || "" });
    else control = el("input", { id, type: f.datetime ? "datetime-local" : "text", placeholder: f.placeholder || "", spellcheck: "false" });
    control.value = f.value || "";
    inputs.set(f.path, control);
    (f.path.startsWith("to.") ? targetBox : fieldsBox).append(field(f.path, f.label, control, f.optional && !f.optionalWhen ? "optional" : ""));
  }

  const current = () => ({ channel: channel.value, type: type.value, target: channel.value === "whatsapp" ? targets.querySelector("input:checked").value : "contactId" });

  function layout() {
    const s = current();
    targets.hidden = s.channel !== "whatsapp";
    for (const f of FIELDS) root.querySelector(`.field[data-path="${f.path}"]`).hidden = f.when ? !f.when(s) : false;
    buttonsBox.closest("[data-path]").hidden = !tgTemplate(s);
    elementsBox.closest("[data-path]").hidden = !generic(s);
  }

  // A channel switch moves the contact to that channel's seeded contact, unless the user
  // typed one of their own.
  channel.addEventListener("change", () => {
    const contact = inputs.get("to.contactId");
    if (!contact.value || Object.values(SEEDED).includes(contact.value)) contact.value = SEEDED[channel.value];
  });
  root.addEventListener("input", () => { layout(); onChange(); });
  root.addEventListener("change", () => { layout(); onChange(); });

  function renderButtons() {
    buttonsBox.replaceChildren(...state.buttons.map((b, i) => buttonRow(`buttons[${i}]`, b, () => { state.buttons.splice(i, 1); rerender(); })),
      addButton("+ Button", () => { state.buttons.push({ title: "", type: "web_url", url: "https://" }); rerender(); }));
  }
  function renderElements() {
    elementsBox.replaceChildren(...state.elements.map((e, i) => elementCard(i, e)),
      addButton("+ Card", () => { state.elements.push({ title: "", subtitle: "", imageUrl: "", defaultAction: "", buttons: [] }); rerender(); }));
  }
  function elementCard(i, e) {
    const p = `elements[${i}]`;
    const bind = (key, label, extra = "") => field(`${p}.${key === "defaultAction" ? "defaultAction.url" : key}`, label,
      boundInput(e, key), extra);
    return el("div", { class: "card-editor", "data-path": p }, [
      el("div", { class: "card-editor-head" }, [el("strong", {}, `Card ${i + 1}`),
        el("button", { type: "button", class: "link danger", onclick: () => { state.elements.splice(i, 1); rerender(); } }, "Remove")]),
      bind("title", "Title"), bind("subtitle", "Subtitle", "optional"), bind("imageUrl", "Image URL", "optional"),
      bind("defaultAction", "Tap opens URL", "optional"),
      el("div", { class: "sub-list", "data-path": `${p}.buttons` }, [
        ...e.buttons.map((b, j) => buttonRow(`${p}.buttons[${j}]`, b, () => { e.buttons.splice(j, 1); rerender(); })),
        addButton("+ Button", () => { e.buttons.push({ title: "", type: "web_url", url: "https://" }); rerender(); }),
        el("p", { class: "error" }),
      ]),
      el("p", { class: "error" }),
    ]);
  }
  function rerender(notify = true) {
    renderButtons();
    renderElements();
    layout();
    if (notify) onChange();
  }
  rerender(false); // the caller runs its first update once it holds the composer

  return {
    current,
    read() {
      const s = current();
      const m = { channel: s.channel, type: s.type };
      for (const f of FIELDS) {
        if (f.when && !f.when(s)) continue;
        const raw = inputs.get(f.path).value;
        let value = f.list ? raw.split("\n").map((x) => x.trim()).filter(Boolean) : raw;
        if (f.datetime && raw) value = Number.isNaN(Date.parse(raw)) ? raw : new Date(raw).toISOString();
        const empty = f.list ? value.length === 0 : value.trim() === "";
        if (empty && (f.optional || f.list || (f.optionalWhen && f.optionalWhen(s)))) continue;
        set(m, f.path, f.list ? value : value.trim());
      }
      if (tgTemplate(s)) m.buttons = state.buttons.map(cleanButton);
      if (generic(s)) m.elements = state.elements.map(cleanElement);
      return m;
    },
    /** The contact whose conversation the form addresses: `{contactId}`, `{clientId}` or `{phoneNumber}`. */
    target() {
      const s = current();
      return { [s.target]: inputs.get(`to.${s.target}`).value.trim(), channel: s.channel };
    },
    set(path, value) { inputs.get(path).value = value; layout(); onChange(); },
    showViolations(violations) { showViolations(root, violations); },
  };
}

/** One labelled control with its error line; `data-path` ties it to violation paths. */
// `errorLine: false`: the field has no line of its own, its violations go to the nearest
// enclosing box that has one (a button row shows its errors under the whole row).
function field(path, label, control, note = "", { errorLine = true } = {}) {
  return el("div", { class: "field", "data-path": path }, [
    el("label", { for: control.id || undefined }, [label, note ? el("span", { class: "note" }, note) : null]),
    control,
    errorLine ? el("p", { class: "error", "data-error-for": path }) : null,
  ]);
}

// An input bound to `obj[key]` (the list editors keep their state in plain objects).
function boundInput(obj, key, attrs = {}) {
  const input = el("input", { type: "text", spellcheck: "false", ...attrs });
  input.value = obj[key] || "";
  input.addEventListener("input", () => (obj[key] = input.value));
  return input;
}

function buttonRow(path, b, remove) {
  const typeSelect = el("select", {}, ["web_url", "postback"].map((t) => el("option", { value: t }, t === "web_url" ? "Link" : "Postback")));
  typeSelect.value = b.type || "web_url";
  const valueKey = () => (b.type === "postback" ? "payload" : "url");
  const valueInput = boundInput(b, valueKey(), { placeholder: b.type === "postback" ? "payload" : "https://…" });
  typeSelect.addEventListener("change", () => {
    b.type = typeSelect.value;
    const key = valueKey();
    valueInput.value = b[key] || "";
    valueInput.placeholder = key === "payload" ? "payload" : "https://…";
    valueInput.closest(".field").dataset.path = `${path}.${key}`;
  });
  valueInput.addEventListener("input", () => (b[valueKey()] = valueInput.value));
  const own = { errorLine: false };
  return el("div", { class: "button-row", "data-path": path }, [
    field(`${path}.title`, "Button title", boundInput(b, "title", { placeholder: "title" }), "", own),
    field(`${path}.type`, "Kind", typeSelect, "", own),
    field(`${path}.${valueKey()}`, b.type === "postback" ? "Payload" : "URL", valueInput, "", own),
    el("button", { type: "button", class: "icon danger", title: "Remove button", "aria-label": "Remove button", onclick: remove }, "×"),
    el("p", { class: "error", "data-error-for": path }),
  ]);
}

const addButton = (label, onclick) => el("button", { type: "button", class: "link add", onclick }, label);

function cleanButton(b) {
  const out = { title: b.title, type: b.type };
  if (b.type === "postback") out.payload = b.payload || "";
  else out.url = b.url || "";
  return out;
}

function cleanElement(e) {
  const out = { title: e.title };
  if (e.subtitle) out.subtitle = e.subtitle;
  if (e.imageUrl) out.imageUrl = e.imageUrl;
  if (e.defaultAction) out.defaultAction = { url: e.defaultAction };
  if (e.buttons.length) out.buttons = e.buttons.map(cleanButton);
  return out;
}

function set(obj, path, value) {
  const keys = path.split(".");
  const last = keys.pop();
  let o = obj;
  for (const k of keys) o = o[k] ??= {};
  o[last] = value;
}

// Each violation goes to the field whose path is the longest prefix of its own
// (`bodyTextParameters[1]` → the bodyTextParameters box; `to` → the recipient box);
// one that matches no visible field goes to the form's general list.
function showViolations(root, violations) {
  for (const p of root.querySelectorAll(".error")) p.textContent = "";
  for (const x of root.querySelectorAll(".invalid")) x.classList.remove("invalid");
  const general = root.querySelector("#general-errors");
  general.replaceChildren();
  const boxes = [...root.querySelectorAll("[data-path]")].filter((b) => !b.closest("[hidden]"));
  for (const v of violations) {
    let best = null;
    for (const b of boxes) {
      const p = b.dataset.path;
      if ((v.field === p || v.field.startsWith(p + ".") || v.field.startsWith(p + "[")) && (!best || p.length > best.dataset.path.length)) best = b;
    }
    const line = `${v.message} (${v.code})`;
    let holder = best;
    while (holder && !holder.querySelector(":scope > .error")) holder = holder.parentElement.closest("[data-path]");
    const slot = holder && [...holder.querySelectorAll(":scope > .error")].pop();
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent}; ${line}` : line;
      best.classList.add("invalid");
    } else {
      general.append(el("li", {}, [el("code", {}, v.field || "(message)"), " ", line]));
    }
  }
}

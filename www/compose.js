// The compose form: one declarative list of fields, shown or hidden by channel, kind and
// target; two list editors (Telegram buttons, generic-template cards); `read()` turns the
// form into an SDK message and `showViolations()` puts each violation next to the field
// its path names (`elements[0].buttons[1].title`, `to.phoneNumber`, ...), in the form's
// own words ("Card 1, button 2, title"). The draft is kept in localStorage, one per
// channel and kind (the recipient one per channel), so a reload or a switch of channel
// loses nothing; the API key is not part of the form and never stored.
import { el } from "./dom.js";
import { describe, getPath, limitOf, measure } from "./fields.js";

export const SEEDED = { whatsapp: "ct_wa_1", telegram: "ct_tg_1", instagram: "ct_ig_1", messenger: "ct_fb_1" };
export const STORE_KEY = "whautomate-playground/draft/v1";

const isWa = (s) => s.channel === "whatsapp";
const isTemplate = (s) => s.type === "template";
const generic = (s) => isTemplate(s) && (s.channel === "instagram" || s.channel === "messenger");
const tgTemplate = (s) => isTemplate(s) && s.channel === "telegram";
const waTemplate = (s) => isTemplate(s) && isWa(s);

// path: where the value goes in the message (and the violation path that points at it).
// optional: left out of the message when empty; required fields are sent even when empty
// so that validate() names them. scope: where the draft keeps the value (the recipient
// per channel, the location for all, the rest per channel and kind).
const FIELDS = [
  { path: "to.contactId", label: "Contact ID", scope: "channel", when: (s) => s.target === "contactId" },
  { path: "to.clientId", label: "Client ID", value: "cl_1", scope: "channel", when: (s) => s.target === "clientId" },
  { path: "to.phoneNumber", label: "Phone number", value: "+1 650 555 1234", placeholder: "+16505551234", scope: "channel", type: "tel",
    when: (s) => s.target === "phoneNumber" },
  { path: "to.name", label: "Name", optional: true, placeholder: "optional", scope: "channel", when: (s) => s.target === "phoneNumber" },
  // Left out when empty (the SDK then names it), but not marked optional: the playground's
  // client has no default location, so every send needs one.
  { path: "locationId", label: "Location ID", value: "loc_1", optional: true, note: "", scope: "global" },
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
const BUTTON_KINDS = { web_url: { label: "Link", value: "URL", key: "url", placeholder: "https://…" },
  postback: { label: "Postback", value: "Payload", key: "payload", placeholder: "payload" } };
const kindOf = (b) => BUTTON_KINDS[b.type] || BUTTON_KINDS.web_url;

// Violations of these codes on a field the user has not reached yet (a button just added,
// a button whose kind just changed, a new card) wait until it is edited or a send is tried.
const DEFERRABLE = new Set(["required", "empty"]);

const idOf = (path) => `f-${path.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, "")}`;

/**
 * Builds the form inside `root`. `onChange({ shape })` runs after every edit (`shape`: the
 * channel, kind or WhatsApp target changed); `validate` is the package's, for the limits.
 */
export function createComposer(root, { onChange, validate }) {
  const inputs = new Map();
  const channel = root.querySelector("#channel");
  const type = root.querySelector("#type");
  const targets = root.querySelector("#target-kind");
  const fieldsBox = root.querySelector("#fields");
  const targetBox = root.querySelector("#target-fields");
  const buttonsBox = root.querySelector("#tg-buttons");
  const elementsBox = root.querySelector("#elements");
  // Fields not reached yet: object → keys ("*": the object itself, e.g. a new card).
  const fresh = new WeakMap();
  const markFresh = (obj, ...keys) => keys.forEach((k) => (fresh.get(obj) || fresh.set(obj, new Set()).get(obj)).add(k));
  const isFresh = (obj, key) => Boolean(fresh.get(obj)?.has(key));
  const unfresh = (obj, key) => fresh.get(obj)?.delete(key);
  let list = { buttons: [], elements: [] }; // the current kind's list editors (live in the draft)

  for (const f of FIELDS) {
    const id = idOf(f.path);
    let control;
    if (f.options) control = el("select", { id }, f.options.map((o) => el("option", { value: o }, o || "none")));
    else if (f.textarea || f.list) control = el("textarea", { id, dir: "auto", rows: f.list ? 2 : 3, placeholder: f.list ? "one per line" : f.placeholder || "" });
    else control = el("input", { id, dir: "auto", type: f.datetime ? "datetime-local" : f.type || "text", placeholder: f.placeholder || "", spellcheck: "false" });
    inputs.set(f.path, control);
    const counted = !f.options && !f.list && !f.datetime;
    (f.path.startsWith("to.") ? targetBox : fieldsBox).append(field(f.path, f.label, control, f.note ?? (f.optional && !f.optionalWhen ? "optional" : ""), { counted }));
  }

  const current = () => ({ channel: channel.value, type: type.value, target: channel.value === "whatsapp" ? targets.querySelector("input:checked").value : "contactId" });
  const combo = (s) => `${s.channel}/${s.type}`;

  // --- the draft ---------------------------------------------------------------------
  const store = loadStore();
  if (store.channel in SEEDED) channel.value = store.channel;
  if (["text", "media", "template"].includes(store.type)) type.value = store.type;
  const savedTarget = targets.querySelector(`input[value="${store.target}"]`);
  if (savedTarget) savedTarget.checked = true;

  function loadDraft() {
    const s = current();
    const rec = store.recipients[s.channel] || {};
    const kind = (store.kinds[combo(s)] ??= {});
    for (const f of FIELDS) {
      const saved = f.scope === "channel" ? rec[f.path] : f.scope === "global" ? store.global[f.path] : kind.fields?.[f.path];
      inputs.get(f.path).value = saved ?? (f.path === "to.contactId" ? SEEDED[s.channel] : f.value || "");
    }
    list = { buttons: tgTemplate(s) ? (kind.buttons ??= TELEGRAM_BUTTONS()) : [], elements: generic(s) ? (kind.elements ??= ELEMENTS()) : [] };
  }

  function saveDraft() {
    const s = current();
    const rec = (store.recipients[s.channel] ??= {});
    const kind = (store.kinds[combo(s)] ??= {});
    kind.fields ??= {};
    for (const f of FIELDS) {
      const value = inputs.get(f.path).value;
      if (f.scope === "channel") rec[f.path] = value;
      else if (f.scope === "global") store.global[f.path] = value;
      else if (!f.when || f.when(s)) kind.fields[f.path] = value;
    }
    Object.assign(store, { channel: s.channel, type: s.type, target: targets.querySelector("input:checked").value });
    try {
      localStorage.setItem(STORE_KEY, JSON.stringify(store));
    } catch {
      /* storage full or off: the draft lives as long as the page */
    }
  }

  function layout() {
    const s = current();
    targets.hidden = s.channel !== "whatsapp";
    for (const f of FIELDS) root.querySelector(`.field[data-path="${f.path}"]`).hidden = f.when ? !f.when(s) : false;
    buttonsBox.closest("[data-path]").hidden = !tgTemplate(s);
    elementsBox.closest("[data-path]").hidden = !generic(s);
  }

  const isShape = (t) => t === channel || t === type || t.name === "target";
  // A switch of channel or kind brings that channel's recipient and that kind's draft.
  for (const select of [channel, type]) select.addEventListener("change", () => { loadDraft(); rerender(false); });
  root.addEventListener("input", (e) => {
    if (isShape(e.target)) return; // handled on change
    layout();
    saveDraft();
    onChange({ shape: false });
  });
  root.addEventListener("change", (e) => {
    if (!isShape(e.target)) return; // text fields: handled on input
    layout();
    saveDraft();
    onChange({ shape: true });
  });
  document.getElementById("clear-draft")?.addEventListener("click", () => {
    const s = current();
    delete store.kinds[combo(s)];
    delete store.recipients[s.channel];
    loadDraft();
    rerender(false);
    saveDraft();
    onChange({ shape: true });
  });

  // --- the list editors ----------------------------------------------------------------
  function renderButtons() {
    const buttons = list.buttons;
    buttonsBox.replaceChildren(...buttons.map((b, i) => buttonRow(`buttons[${i}]`, b, `Button ${i + 1}`, () => {
      buttons.splice(i, 1);
      rerender(true, "add-buttons");
    })), addButton("add-buttons", "+ Button", "a Telegram button", () => {
      const b = { title: "", type: "web_url", url: "" };
      markFresh(b, "title", "url");
      buttons.push(b);
      rerender(true, `${idOf(`buttons[${buttons.length - 1}]`)}-title`);
    }));
  }
  function renderElements() {
    const elements = list.elements;
    elementsBox.replaceChildren(...elements.map((e, i) => elementCard(elements, i, e)), addButton("add-elements", "+ Card", "a card", () => {
      const e = { title: "", subtitle: "", imageUrl: "", defaultAction: "", buttons: [] };
      markFresh(e, "*", "title");
      elements.push(e);
      rerender(true, `${idOf(`elements[${elements.length - 1}]`)}-title`);
    }));
  }
  function elementCard(elements, i, e) {
    const p = `elements[${i}]`;
    const base = idOf(p);
    const card = el("fieldset", { class: "card-editor", "data-path": p, "data-fresh": isFresh(e, "*") || undefined });
    const bind = (key, label, extra = "") => {
      const path = `${p}.${key === "defaultAction" ? "defaultAction.url" : key}`;
      const input = boundInput(e, key, { id: `${base}-${key}`, type: key === "title" || key === "subtitle" ? "text" : "url" });
      input.addEventListener("input", () => { unfresh(e, "*"); delete card.dataset.fresh; });
      return field(path, label, input, extra, { counted: true, fresh: isFresh(e, key) });
    };
    card.append(
      el("legend", {}, `Card ${i + 1}`),
      el("button", { type: "button", class: "link danger card-remove", "aria-label": `Remove card ${i + 1}`,
        onclick: () => { elements.splice(i, 1); rerender(true, "add-elements"); } }, "Remove"),
      bind("title", "Title"), bind("subtitle", "Subtitle", "optional"), bind("imageUrl", "Image URL", "optional"),
      bind("defaultAction", "Tap opens URL", "optional"),
      el("div", { class: "sub-list", "data-path": `${p}.buttons` }, [
        ...e.buttons.map((b, j) => buttonRow(`${p}.buttons[${j}]`, b, `Card ${i + 1}, button ${j + 1}`, () => {
          e.buttons.splice(j, 1);
          rerender(true, `${base}-add-button`);
        })),
        addButton(`${base}-add-button`, "+ Button", `to card ${i + 1}`, () => {
          const b = { title: "", type: "web_url", url: "" };
          markFresh(b, "title", "url");
          e.buttons.push(b);
          unfresh(e, "*");
          rerender(true, `${idOf(`${p}.buttons[${e.buttons.length - 1}]`)}-title`);
        }),
        el("p", { class: "error", id: `${base}-buttons-error`, "data-error-for": `${p}.buttons` }),
      ]),
      el("p", { class: "error", id: `${base}-error`, "data-error-for": p }),
    );
    return card;
  }

  // A button: title, kind (Link or Postback) and the kind's value (URL or payload). Each
  // kind keeps its own value, so switching back and forth loses nothing.
  function buttonRow(path, b, name, remove) {
    const base = idOf(path);
    const own = { errorId: `${base}-error`, counted: true };
    const typeSelect = el("select", { id: `${base}-type` }, Object.entries(BUTTON_KINDS).map(([v, k]) => el("option", { value: v }, k.label)));
    typeSelect.value = b.type in BUTTON_KINDS ? b.type : "web_url";
    const valueInput = el("input", { id: `${base}-value`, dir: "auto", type: "text", spellcheck: "false" });
    const valueField = field(`${path}.${kindOf(b).key}`, kindOf(b).value, valueInput, "", { ...own, fresh: isFresh(b, kindOf(b).key) });
    const showKind = () => {
      const k = kindOf(b);
      valueInput.value = b[k.key] || "";
      valueInput.placeholder = k.placeholder;
      valueInput.inputMode = k.key === "url" ? "url" : "text";
      valueField.dataset.path = `${path}.${k.key}`;
      valueField.querySelector(".label-text").textContent = k.value;
    };
    showKind();
    // On input (before the form's own input handler runs validate()), not on change.
    typeSelect.addEventListener("input", () => {
      b.type = typeSelect.value;
      const k = kindOf(b);
      // An empty value for the new kind is not an error yet: the user has not typed it.
      if (!b[k.key]) markFresh(b, k.key);
      valueField.toggleAttribute("data-fresh", isFresh(b, k.key));
      showKind();
    });
    valueInput.addEventListener("input", () => {
      const k = kindOf(b);
      b[k.key] = valueInput.value;
      unfresh(b, k.key);
      delete valueField.dataset.fresh;
    });
    return el("fieldset", { class: "button-row", "data-path": path }, [
      el("legend", {}, name),
      field(`${path}.title`, "Title", boundInput(b, "title", { id: `${base}-title`, placeholder: "title" }), "", { ...own, fresh: isFresh(b, "title") }),
      field(`${path}.type`, "Kind", typeSelect, "", { errorId: own.errorId }),
      valueField,
      el("button", { type: "button", class: "icon danger", title: `Remove ${name.toLowerCase()}`, "aria-label": `Remove ${name.toLowerCase()}`, onclick: remove }, "×"),
      el("p", { class: "error", id: own.errorId, "data-error-for": path }),
    ]);
  }

  // An input bound to `obj[key]` (the list editors keep their state in plain objects).
  function boundInput(obj, key, attrs = {}) {
    const input = el("input", { type: "text", dir: "auto", spellcheck: "false", ...attrs });
    input.value = obj[key] || "";
    input.addEventListener("input", () => {
      obj[key] = input.value;
      unfresh(obj, key);
      delete input.closest(".field").dataset.fresh;
    });
    return input;
  }

  /** Rebuilds the list editors, keeping the focus (or moving it to `focusId`). */
  function rerender(notify = true, focusId = document.activeElement?.id) {
    renderButtons();
    renderElements();
    layout();
    if (focusId && root.contains(document.getElementById(focusId))) document.getElementById(focusId).focus();
    if (notify) {
      saveDraft();
      onChange({ shape: false });
    }
  }
  loadDraft();
  rerender(false); // the caller runs its first update once it holds the composer

  /** The visible `.field`s and other boxes that violations can land on. */
  const visibleBoxes = () => [...root.querySelectorAll("[data-path]")].filter((b) => !b.closest("[hidden]"));

  return {
    current,
    read() {
      const s = current();
      const m = { channel: s.channel, type: s.type };
      for (const f of FIELDS) {
        if (f.when && !f.when(s)) continue;
        const raw = inputs.get(f.path).value;
        // One parameter a line, counted as the box shows them: a blank line between two is an
        // empty parameter (which validate() names by its line), not silently dropped; blank
        // lines at the end are none.
        let value = f.list ? (raw.trimEnd() === "" ? [] : raw.trimEnd().split("\n").map((x) => x.trim())) : raw;
        if (f.datetime && raw) value = Number.isNaN(Date.parse(raw)) ? raw : new Date(raw).toISOString();
        const empty = f.list ? value.length === 0 : value.trim() === "";
        if (empty && (f.optional || f.list || (f.optionalWhen && f.optionalWhen(s)))) continue;
        set(m, f.path, f.list ? value : value.trim());
      }
      if (tgTemplate(s)) m.buttons = list.buttons.map(cleanButton);
      if (generic(s)) m.elements = list.elements.map(cleanElement);
      return m;
    },
    /** The contact whose conversation the form addresses: `{contactId}`, `{clientId}` or `{phoneNumber}`. */
    target() {
      const s = current();
      return { [s.target]: inputs.get(`to.${s.target}`).value.trim(), channel: s.channel };
    },
    set(path, value) {
      inputs.get(path).value = value;
      layout();
      saveDraft();
      onChange({ shape: false });
    },
    /** Switches the kind, as if the user picked it. */
    setType(value) {
      type.value = value;
      type.dispatchEvent(new Event("change", { bubbles: true }));
    },
    /**
     * Each violation beside its field, in the form's words; the ones on fields not reached
     * yet wait. Returns the counts `{ shown, waiting }`.
     */
    showViolations(violations) {
      for (const p of root.querySelectorAll(".error")) p.textContent = "";
      for (const x of root.querySelectorAll(".invalid")) x.classList.remove("invalid");
      for (const x of root.querySelectorAll("[aria-invalid]")) x.removeAttribute("aria-invalid");
      const general = root.querySelector("#general-errors");
      general.replaceChildren();
      const boxes = visibleBoxes();
      let shown = 0, waiting = 0;
      for (const v of violations) {
        let best = null;
        for (const b of boxes) {
          const p = b.dataset.path;
          if ((v.field === p || v.field.startsWith(p + ".") || v.field.startsWith(p + "[")) && (!best || p.length > best.dataset.path.length)) best = b;
        }
        if (best?.closest("[data-fresh]") && DEFERRABLE.has(v.code)) {
          waiting++;
          continue;
        }
        shown++;
        const line = describe(v);
        let holder = best;
        while (holder && !holder.querySelector(":scope > .error")) holder = holder.parentElement.closest("[data-path]");
        const slot = holder && [...holder.querySelectorAll(":scope > .error")].pop();
        if (slot) {
          slot.textContent = slot.textContent ? `${slot.textContent}; ${line}` : line;
          best.classList.add("invalid");
          best.querySelector(":scope > input, :scope > select, :scope > textarea")?.setAttribute("aria-invalid", "true");
        } else {
          general.append(el("li", { title: v.field }, line));
        }
      }
      return { shown, waiting };
    },
    /** The length counters of the visible limited fields, with the limits validate() reports. */
    showCounters(message) {
      for (const box of root.querySelectorAll(".field[data-counted]")) {
        const counter = box.querySelector(":scope > .field-head > .counter");
        const limit = box.closest("[hidden]") ? null : limitOf(validate, message, box.dataset.path);
        counter.hidden = !limit;
        // Emptied, not only hidden: aria-describedby reads hidden text too.
        if (!limit) {
          counter.replaceChildren();
          continue;
        }
        const n = measure(String(getPath(message, box.dataset.path) ?? ""), limit.unit);
        const unit = limit.unit === "bytes" ? "bytes" : "characters";
        counter.replaceChildren(`${n}/${limit.max}`, el("span", { class: limit.unit === "bytes" ? "" : "sr-only" }, ` ${unit}`),
          el("span", { class: "sr-only" }, n > limit.max ? ", too long" : ""));
        counter.classList.toggle("over", n > limit.max);
        counter.title = `at most ${limit.max} ${unit}`;
      }
    },
    /** A send was tried: every violation shows now, reached or not. */
    revealAll() {
      for (const x of root.querySelectorAll("[data-fresh]")) delete x.dataset.fresh;
      for (const b of list.buttons) fresh.delete(b);
      for (const e of list.elements) { fresh.delete(e); e.buttons.forEach((b) => fresh.delete(b)); }
    },
  };
}

/** Reads the stored draft; anything unreadable is a fresh start. */
function loadStore() {
  let store = null;
  try {
    store = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
  } catch {
    store = null;
  }
  if (!store || typeof store !== "object") store = {};
  for (const k of ["recipients", "kinds", "global"]) if (!store[k] || typeof store[k] !== "object") store[k] = {};
  return store;
}

/**
 * One labelled control with its error line; `data-path` ties it to violation paths.
 * `errorId`: the field has no line of its own, its violations go to the enclosing row's
 * line (a button row shows its errors under the whole row). `counted`: a length counter
 * beside the label, shown when validate() reports a limit for the path.
 */
function field(path, label, control, note = "", { errorId, counted = false, fresh = false } = {}) {
  const own = errorId ? null : `${control.id}-error`;
  const counterId = `${control.id}-count`;
  control.setAttribute("aria-describedby", [counted ? counterId : null, errorId || own].filter(Boolean).join(" "));
  // The counter beside the label, not inside it: inside, it would be part of the control's
  // name ("Text 53/4096 characters"), read twice and changing on every keystroke.
  const labelled = el("label", { for: control.id }, [el("span", { class: "label-text" }, label), note ? el("span", { class: "note" }, note) : null]);
  return el("div", { class: "field", "data-path": path, "data-counted": counted || undefined, "data-fresh": fresh || undefined }, [
    counted ? el("div", { class: "field-head" }, [labelled, el("span", { class: "counter", id: counterId, hidden: true })]) : labelled,
    control,
    own ? el("p", { class: "error", id: own, "data-error-for": path }) : null,
  ]);
}

// "+ Button", and for a screen reader which list it adds to.
const addButton = (id, label, more, onclick) => el("button", { type: "button", id, class: "link add", onclick }, [label, el("span", { class: "sr-only" }, ` (${more})`)]);

// Only the kind's own value, left out when empty (validate() then says it is required).
function cleanButton(b) {
  const out = { title: b.title, type: b.type };
  if (b.type === "postback") { if (b.payload) out.payload = b.payload; } else if (b.url) out.url = b.url;
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

// What the form calls things: a violation's field path (`elements[0].buttons[1].title`)
// as the form's own label ("Card 1, button 2, title"), validate()'s messages reworded
// with those labels, and the length limits the package enforces, read from validate()
// itself (the page hard-codes none).

// Labels of the top-level paths (the form's fields and the message's own keys).
const TOP = {
  channel: "Channel", type: "Kind", to: "Recipient",
  "to.contactId": "Contact ID", "to.clientId": "Client ID", "to.phoneNumber": "Phone number", "to.name": "Name",
  locationId: "Location ID", text: "Text", headerType: "Header", mediaUrl: "Media URL", mimeType: "MIME type",
  template: "Template", "template.name": "Template name", "template.language": "Language",
  headerMediaUrl: "Header media URL", headerTextParameters: "Header parameters", bodyTextParameters: "Body parameters",
  buttonUrlParameters: "Button URL parameters", scheduleAt: "Schedule at", buttons: "Buttons", elements: "Cards",
  locationParameters: "Location parameters", flowParameters: "Flow parameters",
};
// The keys of a card and of a button, as the card and button editors label them.
const CARD = { title: "title", subtitle: "subtitle", imageUrl: "image URL", defaultAction: "tap opens URL",
  "defaultAction.url": "tap opens URL", buttons: "buttons" };
const BUTTON = { title: "title", type: "kind", url: "URL", payload: "payload" };

/** The form's name for a violation path: `elements[0].buttons[1].title` → "Card 1, button 2, title". */
export function labelFor(path) {
  if (!path) return "Message";
  if (TOP[path]) return TOP[path];
  let m = /^elements\[(\d+)\](?:\.buttons\[(\d+)\](?:\.(\w+))?|\.([\w.]+))?$/.exec(path);
  if (m) {
    const card = `Card ${Number(m[1]) + 1}`;
    if (m[2] !== undefined) return [card, `button ${Number(m[2]) + 1}`, m[3] && (BUTTON[m[3]] || m[3])].filter(Boolean).join(", ");
    return m[4] ? `${card}, ${CARD[m[4]] || m[4]}` : card;
  }
  m = /^buttons\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (m) return [`Button ${Number(m[1]) + 1}`, m[2] && (BUTTON[m[2]] || m[2])].filter(Boolean).join(", ");
  m = /^(\w+)\[(\d+)\]$/.exec(path); // a template parameter: one line of its box
  if (m && TOP[m[1]]) return `${TOP[m[1]]}, line ${Number(m[2]) + 1}`;
  const dot = path.lastIndexOf(".");
  return dot > 0 && TOP[path.slice(0, dot)] ? `${TOP[path.slice(0, dot)]}, ${path.slice(dot + 1)}` : path;
}

// Keys a message names on their own ("needs contactId (or … clientId or phoneNumber)").
const WORDS = { contactId: "Contact ID", clientId: "Client ID", phoneNumber: "Phone number", imageUrl: "image URL",
  defaultAction: "tap opens URL", subtitle: "subtitle" };

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// A path inside a message: not part of a longer word or path.
const pathRe = (p) => new RegExp(`(?<![\\w.\\]])${escape(p)}(?![\\w\\[])`, "g");

/**
 * validate()'s message in the form's words: its field path (and any other path it names)
 * replaced by the label, counting units in plain words, and the label in front when the
 * message does not say which field it is about.
 */
export function describe(v) {
  const label = labelFor(v.field);
  let text = v.message;
  if (v.field) text = text.replace(pathRe(v.field), label);
  // Other fields a message names (`headerType IMAGE needs an image/* mimeType`).
  for (const p of Object.keys(TOP).sort((a, b) => b.length - a.length)) {
    if (p.includes(".") || ["mimeType", "headerType", "mediaUrl", "locationId", "scheduleAt"].includes(p)) text = text.replace(pathRe(p), TOP[p]);
  }
  for (const [word, name] of Object.entries(WORDS)) text = text.replace(pathRe(word), name);
  text = text
    .replace(/ characters \(UTF-16 code units\)/g, " characters")
    .replace(/ UTF-8 bytes/g, " bytes")
    .replace(/\bweb_url\b/g, "Link").replace(/\bpostback\b/g, "Postback").replace(/\burl\b/g, "URL");
  if (!text.toLowerCase().includes(label.toLowerCase())) text = `${label}: ${text}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// --- length limits, from validate() -----------------------------------------------------

const PROBE = "x".repeat(100_000);
const limits = new Map();

/**
 * The length limit validate() applies to the value at `path` of `message`, or null: it
 * asks validate() about a copy of the message with an over-long value there and reads
 * the limit from the `too_long` violation ("… at most 4096 are allowed", "… at most 64
 * UTF-8 bytes"). Cached by channel, kind, media header and the path's shape.
 */
export function limitOf(validate, message, path) {
  const key = [message.channel, message.type, Boolean(message.headerType || message.mediaUrl), path.replace(/\[\d+\]/g, "[]")].join("|");
  if (!limits.has(key)) {
    let limit = null;
    try {
      const probe = structuredClone(message);
      setPath(probe, path, PROBE);
      const v = validate(probe).find((x) => x.field === path && x.code === "too_long");
      const max = v && /at most (\d+)/.exec(v.message);
      if (max) limit = { max: Number(max[1]), unit: /\bbytes\b/.test(v.message) ? "bytes" : "characters" };
    } catch {
      /* no limit known */
    }
    limits.set(key, limit);
  }
  return limits.get(key);
}

const utf8 = new TextEncoder();
/** The length of `text` as the limit counts it (UTF-16 code units, or UTF-8 bytes). */
export const measure = (text, unit) => (unit === "bytes" ? utf8.encode(text).length : text.length);

/** `a.b[2].c` → ["a", "b", 2, "c"]. */
export const splitPath = (path) => path.split(/\.|(?=\[)/).map((k) => (k.startsWith("[") ? Number(k.slice(1, -1)) : k));

export function getPath(obj, path) {
  let o = obj;
  for (const k of splitPath(path)) o = o?.[k];
  return o;
}

export function setPath(obj, path, value) {
  const keys = splitPath(path);
  const last = keys.pop();
  let o = obj;
  keys.forEach((k, i) => (o = o[k] ??= typeof keys[i + 1] === "number" || (i + 1 === keys.length && typeof last === "number") ? [] : {}));
  o[last] = value;
}

// A caller's values for the engines to read: as tapes (the sending engine and its extras:
// `encodeTape`, `tape`) or as JSON text (the receiving engine: `encode`). Values JSON
// cannot hold become markers the engine names in its errors (src/json, `Foreign`). Shared
// by js/api.js and js/webhooks.js.
import { describeError, invalid } from "./error.js";

// Values JSON cannot hold become markers the engine names in its errors (src/json,
// `Foreign`), instead of what JSON.stringify would make of them silently: NaN and
// Infinity → null (a default), an Invalid Date → null (an immediate send instead of a
// scheduled one), a function or a symbol → nothing (a dropped key). A marker is made
// where it is needed, named by the value's `typeof` or, for a number, by String().
const MARK = "\u0000js";
const mark = (name) => ({ [MARK]: name });
export const tag = (v) => Object.prototype.toString.call(v);
// An object of a kind of its own (neither a plain object, an array nor a module
// namespace): a Map, a Set, Headers, FormData, an ArrayBuffer, a typed array, a RegExp, an
// Error... JSON would write its own enumerable fields only, and its contents, which live in
// the platform's internal slots, not at all: a Map's entries, a Headers' headers (an
// extra field on one included). Refused whatever fields it has. (A class instance reads
// as a plain object unless it gives itself a tag of its own.)
export const opaque = (v) => !/^\[object (Object|Array|Module)\]$/.test(tag(v));

// JSON.stringify's replacer for messages (`this` is the object holding `key`).
export function messageValue(key, value) {
  switch (typeof value) {
    case "number":
      return value - value === 0 ? value : mark(String(value));
    case "function":
    case "symbol":
    case "bigint":
      return mark(typeof value);
    case "object":
      if (value === null) {
        // A toJSON() gave null before the replacer saw it: an Invalid Date, or a date
        // library's invalid date. (A null the caller wrote stays null: not given.)
        const given = this[key];
        if (given === null || given === undefined) return null;
        return tag(given) === "[object Date]" ? mark("invalid_date") : mark("null_from_toJSON");
      }
      // Boxed primitives are unwrapped only after the replacer: checked here.
      switch (tag(value)) {
        // (Returned as primitives: JSON.stringify would unwrap them next, the tape's
        // walk does not.)
        case "[object Number]": {
          const n = Number(value);
          return n - n === 0 ? n : mark(String(n));
        }
        case "[object String]":
          return String(value);
        case "[object Boolean]":
          return value.valueOf();
        case "[object BigInt]":
          return mark("bigint");
        default:
          return opaque(value) ? mark("collection") : value;
      }
    default:
      return value;
  }
}

// A platform object told by its brand, not its shape: one of its own getters (`member`)
// throws for anything else, a look-alike `{ aborted: false }` included. The tag first: a
// failed brand check throws, an exception costs microseconds, and every options object
// and its members go through here.
function branded(Class, member) {
  const getter = typeof Class === "function" ? Object.getOwnPropertyDescriptor(Class.prototype, member)?.get : undefined;
  const expected = getter ? `[object ${Class.name}]` : undefined;
  return (value) => {
    if (!getter || tag(value) !== expected) return false;
    try {
      getter.call(value);
      return true;
    } catch {
      return false;
    }
  };
}

export const isAbortSignal = branded(globalThis.AbortSignal, "aborted");
// Given as a call's options (instead of `{ signal: controller.signal }`), an
// AbortController would read as `{}`, and the call would not stop.
export const isAbortController = branded(globalThis.AbortController, "signal");

// The replacer for options objects: a message's, plus AbortSignals and AbortControllers.
export function optionValue(key, value) {
  if (typeof value === "object" && value !== null) {
    if (isAbortSignal(value)) return mark("AbortSignal");
    if (isAbortController(value)) return mark("AbortController");
  }
  return messageValue.call(this, key, value);
}

// Why a caller's value could not be read. What was thrown is the caller's (a getter's or a
// toJSON()'s own error, whose text may hold anything, the API key included): named by its
// kind only, never quoted. (A RangeError is the stack running out.)
export function unserialisable(e, what) {
  const why = /circular|cyclic/i.test(describeError(e)) ? "it refers to itself (a cycle)" : e instanceof RangeError ? "it nests too deep" : "a getter or toJSON() of it threw";
  return invalid("", `${what} cannot be serialised: ${why}`);
}

// JSON text of a caller's value; a value JSON.stringify cannot walk (a cycle, a getter
// that throws) is invalid_input instead of a TypeError.
export function encode(value, replacer, what) {
  let json;
  try {
    json = JSON.stringify(value === undefined ? null : value, replacer);
  } catch (e) {
    throw unserialisable(e, what);
  }
  // A toJSON() that gives undefined leaves no JSON at all: nothing was given.
  return json === undefined ? "null" : json;
}

// A string with a lone surrogate (half of a UTF-16 pair, a cut emoji), which UTF-8
// cannot hold: with the `u` flag, a pair is one character above U+FFFF, so only a lone
// half falls in this range. (A range, not `\p{Cs}`: compiling a property escape loads
// ICU's Unicode sets on first use, about 2 million instructions (0.6 ms) of a cold
// Worker's first request, counted with callgrind; String.prototype.isWellFormed would do
// it, but Node 18 has none.)
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const tapeString = (s) => `${LONE_SURROGATE.test(s) ? "S" : "s"}${s.length}:${s}`;
const keep = (key, value) => value;

// `JSON.stringify`'s walk (SerializeJSONProperty: toJSON, then the replacer; own
// enumerable keys in order; undefined members left out, array
// holes as null; a cycle is a TypeError), writing the tape instead of JSON text. One pass,
// where JSON.stringify with a replacer then JSON.parse took four times as long (measured:
// 0.53 against 2.2 µs for a WhatsApp text). Returns undefined for what JSON leaves out.
function walk(holder, key, replacer, seen) {
  let v = holder[key];
  if (v !== null && (typeof v === "object" || typeof v === "bigint") && typeof v.toJSON === "function") v = v.toJSON(key);
  // (The replacers unwrap boxed primitives themselves.)
  v = replacer.call(holder, key, v);
  switch (typeof v) {
    case "string":
      return tapeString(v);
    case "number":
      if (v - v !== 0) return "n";
      v = String(v);
      return `d${v.length}:${v}`;
    case "boolean":
      return v ? "t" : "f";
    case "object": {
      if (v === null) return "n";
      if (seen.includes(v)) throw new TypeError("cyclic");
      seen.push(v);
      let out;
      if (Array.isArray(v)) {
        out = `a${v.length}:`;
        for (let i = 0; i < v.length; i++) out += walk(v, String(i), replacer, seen) ?? "n";
      } else {
        let count = 0;
        out = "";
        for (const k of Object.keys(v)) {
          const member = walk(v, k, replacer, seen);
          if (member !== undefined) {
            count++;
            out += tapeString(k) + member;
          }
        }
        out = `o${count}:${out}`;
      }
      seen.pop();
      return out;
    }
  }
  return undefined;
}

/**
 * The tape of a value: what the engines read instead of JSON text, so that they carry
 * no JSON parser (src/json/tape.rs has the grammar and the figure). What JSON.stringify
 * would write of the value with `replacer` (by default none; a non-finite number is
 * null), as the tape.
 */
export const tape = (value, replacer = keep) => walk({ "": value }, "", replacer, []) ?? "n";

/**
 * The tape of a caller's value, read as `encode` reads it into JSON (the same replacer,
 * the same errors), in one pass.
 */
export function encodeTape(value, replacer, what) {
  try {
    return tape(value, replacer);
  } catch (e) {
    throw unserialisable(e, what);
  }
}

/**
 * The tape of what JSON.parse makes of a response body, or "" when it makes nothing. The
 * value itself is left on `answer` (`answer.value`), for a read's parser to take rather
 * than parse the text again (js/api-extras.js `parseFacts`).
 */
export function bodyTape(answer) {
  try {
    return tape((answer.value = JSON.parse(answer.text)));
  } catch {
    return "";
  }
}

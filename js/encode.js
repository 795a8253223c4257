// The JSON text of a caller's values, for the engines to read: values JSON cannot hold
// become markers the engine names in its errors (src/json, `Foreign`). Shared by js/api.js
// and js/webhooks.js.
import { describeError, invalid } from "./error.js";

// Values JSON cannot hold become markers the engine names in its errors (src/json,
// `Foreign`), instead of what JSON.stringify would make of them silently: NaN and
// Infinity → null (a default), an Invalid Date → null (an immediate send instead of a
// scheduled one), a function or a symbol → nothing (a dropped key). A marker is made
// where it is needed, named by the value's `typeof` or, for a number, by String().
const MARK = "\u0000js";
const mark = (name) => ({ [MARK]: name });
export const tag = (v) => Object.prototype.toString.call(v);

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
        case "[object Number]": {
          const n = Number(value);
          return n - n === 0 ? value : mark(String(n));
        }
        case "[object BigInt]":
          return mark("bigint");
        case "[object Map]":
        case "[object Set]":
          return mark("collection");
        default:
          return value;
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

// JSON text of a caller's value; a value JSON.stringify cannot walk (a cycle, a getter
// that throws) is invalid_input instead of a TypeError.
export function encode(value, replacer, what) {
  let json;
  try {
    json = JSON.stringify(value === undefined ? null : value, replacer);
  } catch (e) {
    // What was thrown is the caller's (a getter's or a toJSON()'s own error, whose text
    // may hold anything, the API key included): named by its kind only, never quoted.
    // (A RangeError is the stack running out: JSON.stringify's own.)
    const why = /circular|cyclic/i.test(describeError(e)) ? "it refers to itself (a cycle)" : e instanceof RangeError ? "it nests too deep" : "a getter or toJSON() of it threw";
    throw invalid("", `${what} cannot be serialised: ${why}`);
  }
  // A toJSON() that gives undefined leaves no JSON at all: nothing was given.
  return json === undefined ? "null" : json;
}

// A string with a lone surrogate (half of a UTF-16 pair, a cut emoji), which UTF-8
// cannot hold: with the `u` flag, a pair is one character, and only a lone half is `Cs`.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The tape of a value as `JSON.parse` gives it (plain objects and arrays, strings, finite
 * numbers, booleans, null): what the engines read instead of JSON text, so that they
 * carry no JSON parser (src/json/tape.rs has the grammar and the figure). Written
 * without recursion, so that no depth overflows the stack here: the engine refuses what
 * nests too deep. Throws a TypeError for anything else (a number beyond a double's range,
 * which `JSON.parse` reads as Infinity).
 */
export function tape(value) {
  let out = "";
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    switch (typeof v) {
      case "string":
        out += `${LONE_SURROGATE.test(v) ? "S" : "s"}${v.length}:${v}`;
        break;
      case "number": {
        if (v - v !== 0) throw new TypeError("not a finite number");
        const text = String(v);
        out += `d${text.length}:${text}`;
        break;
      }
      case "boolean":
        out += v ? "t" : "f";
        break;
      case "object":
        if (v === null) {
          out += "n";
        } else if (Array.isArray(v)) {
          out += `a${v.length}:`;
          for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
        } else {
          const keys = Object.keys(v);
          out += `o${keys.length}:`;
          // Each member as its key, then its value (popped in that order).
          for (let i = keys.length - 1; i >= 0; i--) stack.push(v[keys[i]], keys[i]);
        }
        break;
      default:
        throw new TypeError("not a value JSON.parse gives");
    }
  }
  return out;
}

/** The tape of a caller's value, as `encode` reads it (markers and errors alike). */
export const encodeTape = (value, replacer, what) => tape(JSON.parse(encode(value, replacer, what)));

/** The tape of a response body, or "" when it is no JSON the engine would read. */
export function bodyTape(text) {
  try {
    return tape(JSON.parse(text));
  } catch {
    return "";
  }
}

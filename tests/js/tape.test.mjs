// The tape (js/encode.js `tape`, src/json/tape.rs): how the JS driver hands the engines a
// caller's value, and what JSON.parse made of a response body, instead of JSON text. It
// must say exactly what the JSON said: every string (astral, lone surrogate, NUL), number
// and nesting reaches the engine's rules as before, through the package's public API and
// real HTTP servers on 127.0.0.1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { reply, serve } from "../support/recording_server.mjs";
import { rejection } from "../support/rejection.mjs";
import { Whautomate, validate } from "../../pkg/node.mjs";
import { bodyTape as tapeOfAnswer, encode, encodeTape, messageValue, optionValue, tape } from "../../pkg/encode.js";

// The tape the driver hands the engine for an answer whose whole body is `text`.
const bodyTape = (text) => tapeOfAnswer({ text });

const quick = { apiKey: "sk_tape", retry: { maxRetries: 0 }, rateLimit: false, locationId: "loc_1" };

test("the JS writer writes what the Rust writer writes (src/json/tape.rs `write`'s example)", () => {
  assert.equal(tape({ to: { contactId: "ct_1" }, text: "héllo 😀", n: [1.5, true, null] }), "o3:s2:too1:s9:contactIds4:ct_1s4:texts8:héllo 😀s1:na3:d3:1.5tn");
  // Lengths are UTF-16 units; a lone surrogate is tagged S; numbers as String() writes them.
  assert.equal(tape("\ud83d"), "S1:\ud83d");
  assert.equal(tape("\ude00\ud83d"), "S2:\ude00\ud83d");
  assert.equal(tape("😀"), "s2:😀");
  assert.deepEqual([tape(-0), tape(1e21), tape(5e-7), tape(-1.25)], ["d1:0", "d5:1e+21", "d4:5e-7", "d5:-1.25"]);
  assert.equal(tape({ "": "", "\u0000js": [] }), "o2:s0:s0:s3:\u0000jsa0:");
  // What JSON.stringify writes as null, or leaves out, the tape does too.
  for (const gone of [Infinity, NaN, undefined, () => 1, Symbol("s")]) assert.equal(tape(gone), "n");
  assert.equal(tape({ a: undefined, b: () => 1, c: [undefined, NaN] }), "o1:s1:ca2:nn");
  // toJSON first, as JSON.stringify does (a Date is its ISO string).
  assert.equal(tape({ at: new Date(0) }), "o1:s2:ats24:1970-01-01T00:00:00.000Z");
  // A cycle is refused, not walked forever.
  const cycle = {};
  cycle.self = cycle;
  assert.throws(() => tape(cycle), TypeError);
  // A body JSON.parse does not read has no tape; one it reads is written as it read it (a
  // number beyond a double is Infinity there, written as null, as JSON.stringify would).
  assert.deepEqual([bodyTape("oops"), bodyTape(""), bodyTape("{")], ["", "", ""]);
  assert.deepEqual([bodyTape("1e400"), bodyTape('{"a":1e999}')], ["n", "o1:s1:an"]);
  assert.equal(bodyTape(' { "success" : true } '), "o1:s7:successt");
  // A body nested deeper than the stack allows has no tape (the engine refuses far less deep).
  assert.equal(bodyTape("[".repeat(1_000_000) + "]".repeat(1_000_000)), "");
});

test("strings reach the rules and the wire exactly: astral, NUL, quotes, lone surrogates", () => {
  const client = new Whautomate(quick);
  const text = 'a "quoted" \\ line\nand 😀 and 中文 and \u0000 and \u2028';
  const { body } = client.prepare({ channel: "whatsapp", type: "text", to: { contactId: "ct_1" }, text });
  assert.equal(JSON.parse(body).textMessage, text);
  // A lone surrogate is named on its field, wherever it is (a key with one is unknown).
  const violations = validate({ channel: "whatsapp", type: "text", to: { contactId: "ct\ud83d" }, text: "cut \ud83d" });
  assert.deepEqual(violations.map((v) => [v.field, v.code]).sort(), [["text", "invalid_characters"], ["to.contactId", "invalid_characters"]].sort());
  assert.equal(validate({ channel: "whatsapp", type: "text", to: { contactId: "c" }, text: "x", ["ke\udc00y"]: 1 })[0].code, "unknown_field");
  // Coordinates are written back as the number's own text (what String() gives).
  for (const [lat, lng] of [[-0.000001, 179.99999999999997], [1e-7, -90], [40.7128, -74.006]]) {
    const template = { channel: "whatsapp", type: "template", to: { contactId: "c" }, template: { name: "t", language: "en" }, locationParameters: { latitude: lat, longitude: lng } };
    assert.ok(client.prepare(template).body.includes(`"locationParameters":{"latitude":${String(lat)},"longitude":${String(lng)}}`), client.prepare(template).body);
  }
});

test("a value nested deeper than the engine reads is refused by name, never a crash", () => {
  const nest = (depth) => {
    let value = "x";
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };
  // Deeper than the engine reads (src/json/value.rs MAX_DEPTH): its words.
  const violations = validate({ channel: "whatsapp", type: "text", to: { contactId: "c" }, text: nest(300) });
  assert.equal(violations[0].code, "invalid_json");
  assert.match(violations[0].message, /nesting too deep/);
  // Deeper than JSON.stringify walks: said so, not blamed on a getter.
  const [deepest] = validate({ channel: "whatsapp", type: "text", to: { contactId: "c" }, text: nest(200_000) });
  assert.equal(deepest.code, "invalid_type");
  assert.match(deepest.message, /nests too deep/);
  // The engine is still there for the next call.
  assert.deepEqual(validate({ channel: "whatsapp", type: "text", to: { contactId: "c" }, text: "ok" }), []);
});

test("response bodies are judged on what JSON.parse made of them", async () => {
  const cases = [
    // [status, body, expected: "ok" or [code, message part]]
    [200, ' {"success" : true , "id": "\\ud83d"} ', "ok"],
    [200, '{"success":false,"success":true}', "ok"],
    // (JSON.parse reads 1e400 as Infinity: the body is JSON to the package's driver.)
    [200, '{"success":true,"n":1e400}', "ok"],
    [200, '{"success":"true"}', ["invalid_response", 'without "success": true']],
    [200, '{"error":"Invalid parameters \\u00e9"}', ["invalid_response", "Invalid parameters é"]],
    [404, '{"error":"Invalid locationId"}', ["not_found", "Invalid locationId"]],
    [403, '{"message":"Forbidden \\ud83d\\ude00"}', ["unauthorized", "Forbidden 😀"]],
    [500, "<html>oops</html>", ["server_error", "HTTP 500"]],
    [400, '{"message":""}', ["bad_request", "HTTP 400"]],
  ];
  for (const [status, body, expected] of cases) {
    const server = await serve((req, res) => reply(res, status, body));
    try {
      const client = new Whautomate({ ...quick, host: server.host });
      const sending = client.whatsapp.sendText({ to: { contactId: "ct_1" }, text: "hi" });
      if (expected === "ok") {
        assert.deepEqual(await sending, { success: true }, body);
      } else {
        const e = await rejection(sending);
        assert.equal(e.code, expected[0], body);
        assert.ok(e.message.includes(expected[1]), `${body}: ${e.message}`);
        assert.equal(e.status, status);
      }
    } finally {
      await server.close();
    }
  }
});

test("the one-pass walk writes exactly what JSON.stringify with the same replacer, then JSON.parse, would: every odd form a caller may hand in", () => {
  class Point {
    constructor() {
      this.x = 1;
    }
    get hidden() {
      return "prototype getter: not own";
    }
  }
  const inherited = Object.create({ fromProto: 1 });
  inherited.own = 2;
  Object.defineProperty(inherited, "quiet", { value: 3, enumerable: false });
  inherited[Symbol("s")] = 4;
  let reads = 0;
  const getter = { get text() { reads++; return "once"; } };
  const forms = [
    new String("boxed"), new Number(5), new Number(NaN), new Boolean(false), Object(1n),
    new Date(0), new Date(NaN), { toJSON: () => ({ made: [1, 2] }) }, { toJSON: () => undefined }, { toJSON: () => null },
    new Point(), inherited, getter, [1, , undefined, () => 1, Symbol("x"), null], new Map([[1, 2]]), new Set([1]),
    new Uint8Array([1, 2]), new Error("e"), -0, 1e21, 5e-7, { b: 1, 2: 2, a: 3, 1: 1 }, new Proxy({ p: [true] }, {}),
    { nested: { deep: [{ s: new String("x"), n: new Number(Infinity) }] } }, "\ud83d", { "\ud83dk": 1 }, "",
    Object.assign(Object.create(null), { bare: 1 }),
  ];
  for (const [replacer, name] of [[messageValue, "message"], [optionValue, "options"]]) {
    for (const value of forms) {
      const viaJson = tape(JSON.parse(encode(value, replacer, name)));
      assert.equal(encodeTape(value, replacer, name), viaJson, String(value?.constructor?.name ?? typeof value));
      assert.equal(encodeTape({ wrapped: value, list: [value] }, replacer, name), tape(JSON.parse(encode({ wrapped: value, list: [value] }, replacer, name))));
    }
  }
  // Each getter is read once per walk, as JSON.stringify reads it.
  reads = 0;
  encodeTape(getter, messageValue, "message");
  assert.equal(reads, 1);
  // A BigInt polyfill's toJSON is honoured, as JSON.stringify honours it.
  BigInt.prototype.toJSON = function () { return this.toString(); };
  try {
    assert.equal(encodeTape({ id: 12n }, messageValue, "message"), tape(JSON.parse(encode({ id: 12n }, messageValue, "message"))));
    assert.equal(encodeTape({ id: 12n }, messageValue, "message"), "o1:s2:ids2:12");
  } finally {
    delete BigInt.prototype.toJSON;
  }
  // Through the public API: boxed strings are sent as strings.
  const client = new Whautomate(quick);
  const { body } = client.prepare({ channel: new String("whatsapp"), type: "text", to: { contactId: new String("ct_1") }, text: new String("boxed hi") });
  assert.equal(JSON.parse(body).textMessage, "boxed hi");
});

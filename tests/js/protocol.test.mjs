// The boundary's protocol is written into pkg/protocol.js at build time (scripts/finish-pkg.mjs
// runs whautomate-wasm's js_protocol program); js/engine.js takes every number from it and
// asks each module only for its mailbox's address. These tests load each module the package
// ships (the sending engine, its extras, both in one) as the entries do, and check that the
// numbers its exports return are the ones protocol.js names, so that a module and the
// protocol built beside it can never disagree unnoticed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as engine from "../../pkg/engine.js";
import { PROTOCOL } from "../../pkg/protocol.js";
import { PROGRESS_MS, STATES, SECRET_BYTES } from "../../pkg/protocol-extras.js";
// The engines read values as tapes (js/encode.js, src/json/tape.rs), not JSON text.
import { tape } from "../../pkg/encode.js";

const pkg = new URL("../../pkg/", import.meta.url);
const module = (name) => readFileSync(new URL(`${name}_bg.wasm`, pkg));
const cargoVersion = readFileSync(new URL("../../Cargo.toml", import.meta.url), "utf8").match(/^version = "([^"]+)"/m)[1];

test("protocol.js is the crate's: its version, its call kinds, the failed driver's error per kind", () => {
  assert.equal(PROTOCOL.VERSION, cargoVersion);
  assert.deepEqual(Object.keys(PROTOCOL.CALLS), ["send", "read", "change", "remove"]);
  assert.equal(PROTOCOL.DRIVER_FAILED.length, 4);
  for (const [name, n] of Object.entries(PROTOCOL.CALLS)) {
    const changes = name !== "read";
    assert.deepEqual([PROTOCOL.DRIVER_FAILED[n].code, PROTOCOL.DRIVER_FAILED[n].mayHaveBeenSent, PROTOCOL.DRIVER_FAILED[n].retryable], ["invalid_response", changes, !changes], name);
  }
  assert.deepEqual(STATES, ["sent", "failed", "unknown"]);
  assert.equal(SECRET_BYTES, 32);
  assert.equal(PROGRESS_MS, 1000);
});

for (const name of ["whautomate", "whautomate_full"]) {
  test(`${name}_bg.wasm returns the numbers protocol.js names (ERROR, ASK, DONE, PARSE, UNREAD)`, async () => {
    const glue = await import(new URL(`${name}.js`, pkg));
    engine.start(glue.initSync({ module: module(name) }));
    const { wasm, put, failure, outA } = engine;
    assert.equal(wasm.profileNew(...put("{"), 0), PROTOCOL.ERROR);
    assert.equal(failure().code, "invalid_input");
    // A host is read by the driver's URL parser first: the engine asks for it.
    assert.equal(wasm.profileNew(...put(tape({ apiKey: "k", host: "https://api.example.com" })), 0), PROTOCOL.ASK);
    const profile = wasm.profileNew(...put(tape({ apiKey: "k", locationId: "loc_1", rateLimit: false })), 0);
    assert.ok(profile > 0);
    JSON.parse(outA());
    const client = wasm.clientNew(profile, 0);
    const { send, read } = PROTOCOL.CALLS;
    assert.equal(wasm.afterResponse(client, send, 0, 200, ...put('{"success":true}', tape({ success: true })), false, -1, 0, 0.5), PROTOCOL.DONE);
    assert.equal(wasm.afterResponse(client, read, 0, 200, ...put("[]", tape([])), false, -1, 0, 0.5), PROTOCOL.PARSE);
    // A 429 whose Retry-After was not read (UNREAD): the engine asks for the header.
    assert.equal(wasm.afterResponse(client, send, 0, 429, ...put("{}", tape({})), false, PROTOCOL.UNREAD, 0, 0.5), PROTOCOL.ASK);
    wasm.clientFree(client);
    wasm.profileFree(profile);
  });
}

test("whautomate_extras_bg.wasm returns the numbers protocol.js names (ERROR, DONE)", async () => {
  const glue = await import(new URL("whautomate_extras.js", pkg));
  engine.provideExtras(() => glue.initSync({ module: module("whautomate_extras") }));
  const x = await engine.extras();
  const scope = tape({ base: "https://api.whautomate.com/v1", apiKey: "k" });
  assert.equal(x.wasm.walk(...x.put(scope, tape({ contactId: "", options: null }))), PROTOCOL.ERROR);
  assert.equal(x.failure().violations[0].field, "contactId");
  const walk = x.wasm.walk(...x.put(scope, tape({ contactId: "ct_1", options: { limit: 2 } })));
  assert.ok(walk > 0);
  assert.equal(x.wasm.walkNext(walk, -1, ...x.put("", "")), 0);
  // An empty first page ends the walk.
  assert.equal(x.wasm.walkNext(walk, 0, ...x.put("", "")), PROTOCOL.DONE);
  x.wasm.walkFree(walk);
});

// The built package (pkg/) loads in Node through both module systems and exposes one
// working wasm instance per module system.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const cargoVersion = readFileSync(new URL("../../Cargo.toml", import.meta.url), "utf8")
  .match(/^version = "([^"]+)"/m)[1];

test("require('pkg') loads the CommonJS entry", () => {
  const sdk = require("../../pkg");
  assert.equal(sdk.version(), cargoVersion);
  assert.equal(typeof sdk.Whautomate, "function");
});

test("import('pkg') loads the ESM entry", async () => {
  const sdk = await import("../../pkg/node.mjs");
  assert.equal(sdk.version(), cargoVersion);
  assert.throws(() => new sdk.Whautomate({ apiKey: "k", host: "http://api.whautomate.com" }), /https/);
});

test("package.json exports route require and import to their entries", () => {
  const manifest = JSON.parse(readFileSync(new URL("../../pkg/package.json", import.meta.url), "utf8"));
  assert.deepEqual(manifest.exports["."].node.require, { types: "./index.d.cts", default: "./node.cjs" });
  assert.deepEqual(manifest.exports["."].node.import, { types: "./index.d.ts", default: "./node.mjs" });
  assert.equal(manifest.version, cargoVersion);
});

// Turns wasm-pack's `--target web` output in pkg/ into the published package:
// optimizes the .wasm with npm binaryen's wasm-opt (Debian's 108 breaks the module),
// replaces wasm-bindgen's JS glue with the loader in js/ and adds the per-runtime entry
// files, a CommonJS bundle, package.json, and prints the sizes that matter for cold starts.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { copyFileSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const wasm = join(pkg, "whautomate_bg.wasm");
const bin = (name) => join(root, "node_modules", ".bin", name);

const before = statSync(wasm).size;
// Panic entry points trap at once instead of formatting a message nobody sees (see the
// script); needs the name section, which wasm-opt then strips.
execFileSync("node", [join(root, "scripts", "snip-panics.mjs"), wasm], { stdio: "inherit" });
// The feature flags match what rustc emits for wasm32 today; without them wasm-opt
// refuses (or, worse, lowers) reference types and bulk memory.
execFileSync(bin("wasm-opt"), [
  // --flatten then --rereloop rebuild every function's control flow from scratch before
  // the size passes, which then find more to merge: some 250 bytes (under 1%) of the
  // gzipped .wasm, at no measurable cost per call (bench/percall.mjs).
  "--flatten", "--rereloop", "-Oz", "-Oz", "--strip-debug", "--strip-producers", "--strip-target-features", "--enable-reference-types", "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
  "--enable-sign-ext", "--enable-mutable-globals", "--enable-multivalue",
  wasm, "-o", wasm,
], { stdio: "inherit" });

// The engine's exports take and return numbers only (src/wasm/abi.rs), so of the JS glue
// wasm-bindgen generates only the loader was ever used: js/whautomate.js replaces it
// (copied over it below), and the glue's .d.ts, which describes the replaced file, goes.
// The loader provides the module's one import as wasm-bindgen writes it today; a
// wasm-bindgen that imports anything else, or fills that import differently, must fail
// the build here rather than the package at run time.
checkImports(readFileSync(wasm), readFileSync(join(pkg, "whautomate.js"), "utf8"));
rmSync(join(pkg, "whautomate.d.ts"), { force: true });

for (const file of readdirSync(join(root, "js"))) copyFileSync(join(root, "js", file), join(pkg, file));
// TypeScript reads .d.ts in a "type": "module" package as ESM; `require` users need a .d.cts.
copyFileSync(join(pkg, "index.d.ts"), join(pkg, "index.d.cts"));

// CommonJS bundle for `require`: the loader's initSync plus the public API (js/api.js), in
// one file so that both share one wasm instance. The loader's fetch-based `init` (for
// browsers) is never called from node.cjs, which uses initSync.
execFileSync(bin("esbuild"), ["--bundle", "--format=cjs", "--platform=node", "--log-level=error",
  `--outfile=${join(pkg, "whautomate.cjs")}`],
  { input: 'export { initSync } from "./whautomate.js";\nexport * from "./api.js";\n', cwd: pkg, stdio: ["pipe", "inherit", "inherit"] });

// node.mjs (Node, Deno and Bun) re-exports node.cjs, so that `import` and `require` share
// one engine and one WhautomateError class: its names must be exactly node.cjs's exports.
{
  const exported = Object.keys(createRequire(import.meta.url)(join(pkg, "node.cjs"))).sort().join();
  const named = (readFileSync(join(pkg, "node.mjs"), "utf8").match(/export const \{([^}]*)\}/) || [])[1] || "";
  const listed = named.split(",").map((n) => n.trim()).filter(Boolean).sort().join();
  if (exported !== listed) throw new Error(`js/node.mjs re-exports [${listed}] but node.cjs exports [${exported}]`);
}

const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const field = (name) => cargo.match(new RegExp(`^${name} = "([^"]*)"`, "m"))[1];
const manifest = JSON.parse(readFileSync(join(root, "js", "package.template.json"), "utf8"));
manifest.version = field("version");
manifest.description = field("description");
manifest.license = field("license");
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
execFileSync("rm", ["-f", join(pkg, "package.template.json"), join(pkg, ".gitignore")]);

const size = (file) => {
  const bytes = readFileSync(join(pkg, file));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const w = size("whautomate_bg.wasm");
const glue = size("whautomate.js");
console.log(`wasm-opt: ${kb(before)} -> ${kb(w.raw)}`);
console.log(`pkg/whautomate_bg.wasm: ${kb(w.raw)} raw, ${kb(w.gzip)} gzip`);
console.log(`pkg/whautomate.js (glue): ${kb(glue.raw)} raw, ${kb(glue.gzip)} gzip`);
console.log(`wasm + glue: ${kb(w.raw + glue.raw)} raw, ${kb(w.gzip + glue.gzip)} gzip`);

/** Fails unless the module imports exactly what js/whautomate.js provides. */
function checkImports(bytes, glue) {
  const imports = [];
  let pos = 8;
  const leb = () => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[pos++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return value;
  };
  const name = () => { const len = leb(); pos += len; return new TextDecoder().decode(bytes.subarray(pos - len, pos)); };
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const end = leb() + pos;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        imports.push(`${name()} ${name()}`);
        if (bytes[pos++] !== 0) imports.push("(not a function)");
        leb();
      }
    }
    pos = end;
  }
  const body = (glue.match(/__wbindgen_init_externref_table: function\(\) \{([^}]*)\}/) || [])[1] || "";
  const expected = "const table = wasm.__wbindgen_externrefs; table.set(0, undefined); table.set(1024, undefined); table.set(1025, null); table.set(1026, true); table.set(1027, false);";
  if (imports.join() !== "./whautomate_bg.js __wbindgen_init_externref_table" || body.replace(/\s+/g, " ").trim() !== expected) {
    throw new Error(`the .wasm's imports changed (${imports.join(", ")}); update js/whautomate.js to provide them as the generated glue does`);
  }
}

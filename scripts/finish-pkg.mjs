// Turns wasm-pack's `--target web` output in pkg/ into the published package:
// optimizes the .wasm with npm binaryen's wasm-opt (Debian's 108 breaks the module),
// adds the per-runtime entry files from js/, a CommonJS copy of the glue, package.json,
// and prints the sizes that matter for cold starts.
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
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
  "-Oz", "--strip-debug", "--strip-producers", "--enable-reference-types", "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
  "--enable-sign-ext", "--enable-mutable-globals", "--enable-multivalue",
  wasm, "-o", wasm,
], { stdio: "inherit" });

// The glue's exports take and return numbers only (src/wasm/abi.rs), so what is left of it
// is the loader plus one JSDoc block per export, copied from the Rust docs of an internal
// ABI that nobody reads in the package (js/engine.js is its only caller; the public types
// are index.d.ts). Rewritten without comments, it is served at half the size.
execFileSync(bin("esbuild"), [join(pkg, "whautomate.js"), "--format=esm", "--legal-comments=none", "--log-level=warning",
  `--outfile=${join(pkg, "whautomate.js")}`, "--allow-overwrite"], { stdio: "inherit" });

for (const file of readdirSync(join(root, "js"))) copyFileSync(join(root, "js", file), join(pkg, file));
// TypeScript reads .d.ts in a "type": "module" package as ESM; `require` users need a .d.cts.
copyFileSync(join(pkg, "index.d.ts"), join(pkg, "index.d.cts"));

// CommonJS bundle for `require`: the glue's initSync plus the public API (js/api.js), in one
// file so that both share one wasm instance. --bundle also inlines the glue's imports (the
// `inline_js` snippets under pkg/snippets/). The glue's fetch-based default initializer uses
// import.meta.url and is never called from node.cjs, which uses initSync.
execFileSync(bin("esbuild"), ["--bundle", "--format=cjs", "--platform=node", "--log-level=error",
  `--outfile=${join(pkg, "whautomate.cjs")}`],
  { input: 'export { initSync } from "./whautomate.js";\nexport * from "./api.js";\n', cwd: pkg, stdio: ["pipe", "inherit", "inherit"] });

// node.mjs (Node, Deno and Bun) as one ESM file as well: loading the glue, api.js and
// exchange.js as separate modules cost ~5 ms of cold start in Node's ESM loader.
execFileSync(bin("esbuild"), [join(pkg, "node.mjs"), "--bundle", "--format=esm", "--platform=node",
  "--log-level=error", `--outfile=${join(pkg, "node.mjs")}`, "--allow-overwrite"], { cwd: pkg, stdio: "inherit" });

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

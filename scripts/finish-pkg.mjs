// Turns wasm-pack's `--target web` output in pkg/ into the published package:
// optimizes the .wasm with npm binaryen's wasm-opt (Debian's 108 breaks the module),
// keeps wasm-bindgen's generated glue as the loader and adds the per-runtime entry files,
// a CommonJS bundle, package.json, and prints the sizes that matter for cold starts.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { brotliCompressSync, constants as zlibConstants, deflateRawSync, gzipSync } from "node:zlib";
import { loadedAtStart } from "./loaded-at-start.mjs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const wasm = join(pkg, "whautomate_bg.wasm");
const bin = (name) => join(root, "node_modules", ".bin", name);

const optimize = (wasm) => {
  const scratch = mkdtempSync(join(tmpdir(), "whautomate-opt-"));
  try {
    // The module as wasm-bindgen wrote it, its function names still in it, for
    // dropDeadDigitTable's check.
    const named = join(scratch, "named.wasm");
    copyFileSync(wasm, named);
    wasmOpt(wasm, wasm);
    dropDeadDigitTable(wasm, named, scratch);
    blankPanicTexts(wasm, named, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
};
// The feature flags match what rustc emits for wasm32 today; without them wasm-opt
// refuses (or, worse, lowers) reference types and bulk memory.
const FEATURES = ["--enable-reference-types", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals", "--enable-multivalue"];
// `names`: the function names kept in the output (`-g`), the debug info otherwise stripped.
const wasmOpt = (wasm, out, names = false) => execFileSync(bin("wasm-opt"), [
  // --flatten then --rereloop rebuild every function's control flow from scratch before
  // the size passes, which then find more to merge: some 250 bytes (under 1%) of the
  // gzipped .wasm, at no measurable cost per call (bench/percall.mjs).
  // -ocimfs=20: a function with a single caller is inlined only when small (binaryen's
  // default inlines it whatever its size); the module grows some 1.5 KB raw but gzips
  // about 500 bytes smaller, the out-of-line bodies compressing better than their copies
  // merged into the callers' control flow. --low-memory-unused: rustc puts the stack first
  // (256 KiB: .cargo/config.toml, growing down) and the data after it, so nothing lives
  // below address 1024, which lets constant offsets fold into loads and stores (about 190
  // bytes).
  // --reorder-functions-by-name: the code section in the order of the functions' Rust
  // paths (their names are still there: --strip-debug comes after), so that a module's
  // functions sit together and gzip finds their likenesses within its window: 0.2 KB of
  // the gzipped .wasm (37.9 -> 37.7 KB, measured 2026-12-06 on the sending engine), with
  // --converge (the -Oz passes again while the module still shrinks).
  "--flatten", "--rereloop", "-ocimfs=20", "-Oz", "-Oz", "--low-memory-unused", "--reorder-functions-by-name", "--converge", ...(names ? ["-g", "--strip-dwarf"] : ["--strip-debug"]), "--strip-producers", "--strip-target-features", ...FEATURES,
  wasm, "-o", out,
], { stdio: "inherit" });

// The module as wasm-bindgen wrote it (`named`), optimized alike with its function names
// kept: what the two steps below look for code in. Made once, when first asked for.
function optimizedNamed(named) {
  const out = `${named}.opt.wasm`;
  if (!existsSync(out)) wasmOpt(named, out, true);
  return out;
}

// core's table of the hundred two-digit pairs ("00" to "99", 200 bytes), which integer
// formatting (core::fmt::num) reads: rustc links it in for the messages of core's panics
// (a bounds check's "the len is {} but the index is {}", an allocation failure's size),
// and wasm-opt then removes every function that formats, since the engines' panic handler
// traps without formatting anything (the crate writes its numbers with its own
// `push_u64`). wasm-opt never removes a data segment: this one is left out once the same
// module optimized with its names kept (`named`, as wasm-bindgen wrote it) shows no
// function of core's integer formatting left, and no instruction of the module holds an address
// inside the table; the module is otherwise left as it was. 113 bytes of the sending
// bundle's gzip (37,997 -> 37,884, measured 2026-12-07: digit pairs compress poorly).
function dropDeadDigitTable(wasm, named, scratch) {
  const digits = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0")).join("");
  const print = (file) => execFileSync(bin("wasm-opt"), [file, "--print", ...FEATURES], { encoding: "utf8", maxBuffer: 1 << 28 });
  const text = print(wasm);
  const segment = new RegExp(`^ \\(data (?:\\$[^ ]+ )?\\(i32\\.const (\\d+)\\) "${digits}"\\)$`, "m").exec(text);
  if (!segment) return;
  const start = Number(segment[1]);
  // (The code's lines only: the data segments' own offsets are `i32.const` too.)
  const code = text.split("\n").filter((line) => !line.startsWith(" (data ")).join("\n");
  for (const [, n] of code.matchAll(/(?:i32\.const |offset=)(\d+)/g)) if (Number(n) >= start && Number(n) < start + digits.length) return;
  // (core's integer formatting: `<u32 as core[…]::fmt::Display>::fmt` and its kin, or
  // anything of core::fmt::num.)
  const formats = /^ \(func \$"?(?:<[ui](?:8|16|32|64|128|size) as core\S*::fmt::|\S*fmt::num)/m;
  if (formats.test(print(optimizedNamed(named)))) return;
  writeFileSync(join(scratch, "m.wat"), text.replace(segment[0] + "\n", ""));
  execFileSync(bin("wasm-opt"), [join(scratch, "m.wat"), ...FEATURES, "-o", wasm], { stdio: "inherit" });
  console.log(`${basename(wasm)}: core's digit-pair table left out (200 bytes; no integer formatting is left to read it)`);
}

// The texts of the standard library's panics that survive in the data: the source paths
// of their locations (`/rustc/<commit>/library/alloc/src/raw_vec/mod.rs`, ...) and the
// allocation failures' messages. rustc links them in with the panics' call sites and
// wasm-opt cannot tell that no one reads them: the engines' panic handler
// (whautomate-wasm/src/runtime.rs) traps without looking at its PanicInfo, and no
// formatting code is left to write them anywhere. So they become zero bytes where they
// lie (every address stays as it was; zeros gzip to almost nothing), once the module
// optimized with its names kept shows no function of core's formatting. The commit hash
// gzips poorly: 114 bytes of the sending bundle's gzip (37,975 -> 37,861, measured
// 2026-12-07).
const PANIC_TEXTS = /\/rustc\/[0-9a-f]{40}\/library\/[a-z_\/]+\.rs|capacity overflow|memory allocation of | bytes failed/g;
function blankPanicTexts(wasm, named, scratch) {
  const print = (file) => execFileSync(bin("wasm-opt"), [file, "--print", ...FEATURES], { encoding: "utf8", maxBuffer: 1 << 28 });
  const text = print(wasm);
  let blanked = 0;
  // Only inside the data segments' strings (a line ` (data … "…")`); WAT writes these
  // ASCII texts as they are, and `\\00` is one zero byte, so every length is kept.
  const blank = text.replace(/^ \(data .*$/gm, (line) => line.replace(PANIC_TEXTS, (t) => {
    blanked += t.length;
    return "\\00".repeat(t.length);
  }));
  if (!blanked) return;
  const formats = /^ \(func \$"?(?:<[ui](?:8|16|32|64|128|size) as core\S*::fmt::|\S*fmt::num|\S*core::fmt::)/m;
  if (formats.test(print(optimizedNamed(named)))) return;
  writeFileSync(join(scratch, "p.wat"), blank);
  execFileSync(bin("wasm-opt"), [join(scratch, "p.wat"), ...FEATURES, "-o", wasm], { stdio: "inherit" });
  console.log(`${basename(wasm)}: the standard library's panic texts blanked (${blanked} bytes; its panic handler reads none of them)`);
}

const before = statSync(wasm).size;
optimize(wasm);
// The sending engine's extras (sendMany, client.webhooks, history pages: loaded on the
// first such call)
// and the receiving engine (whautomate/webhooks), built from the same crate.
optimize(join(pkg, "whautomate_extras_bg.wasm"));
// Both in one module, for the entries that would load both anyway: workerd, which
// compiles every wasm module of a Worker at start-up whether it is used or not (two
// modules would cost the extras' shared half, the JSON reader and the host rules, twice:
// about +1 ms of start-up CPU, where one module costs the webhooks calls' own code only),
// and whautomate/inline, which cannot fetch anything later.
optimize(join(pkg, "whautomate_full_bg.wasm"));
const webhooksWasm = join(pkg, "whautomate_webhooks_bg.wasm");
optimize(webhooksWasm);

// wasm-bindgen's generated glue (pkg/whautomate.js, ...) loads each module; its .d.ts
// describes the engine's internal exports, which are not the package's API (index.d.ts
// is), and so does wasm-pack's typing of the raw module's exports: no entry exposes them.
for (const glue of ["whautomate", "whautomate_extras", "whautomate_full", "whautomate_webhooks"]) {
  rmSync(join(pkg, `${glue}.d.ts`), { force: true });
  rmSync(join(pkg, `${glue}_bg.wasm.d.ts`), { force: true });
}

for (const file of readdirSync(join(root, "js"))) copyFileSync(join(root, "js", file), join(pkg, file));
// The boundary's protocol (whautomate-wasm/src/protocol.rs: the exports' numbers, the
// kinds of calls, the error of a failed driver, the version), as the crate's own program
// prints it: js/engine.js imports it rather than asking each module at start-up, whose
// code cost the sending .wasm 0.55 KB gzip (BENCHMARKS.md). The program runs natively: for
// the host, whatever target cargo builds for by default.
{
  const host = execFileSync("rustc", ["-vV"], { encoding: "utf8" }).match(/^host: (\S+)$/m)[1];
  const protocol = execFileSync("cargo", ["run", "-q", "--release", "--target", host, "-p", "whautomate-wasm", "--bin", "js_protocol"], { cwd: root, encoding: "utf8" }).trim();
  // The part only the extras' drivers use (a sendMany input's states, its progress
  // cadence, a webhook secret's size) in a file of its own, which only js/api-extras.js
  // imports: a page that only sends does not download it.
  const { STATES, SECRET_BYTES, PROGRESS_MS, ...sending } = JSON.parse(protocol);
  const head = "// The engine's boundary protocol (written by scripts/finish-pkg.mjs from whautomate-wasm/src/protocol.rs).\n";
  writeFileSync(join(pkg, "protocol.js"), `${head}export const PROTOCOL = ${JSON.stringify(sending)};\n`);
  writeFileSync(join(pkg, "protocol-extras.js"), `${head}export const STATES = ${JSON.stringify(STATES)};\nexport const SECRET_BYTES = ${SECRET_BYTES};\nexport const PROGRESS_MS = ${PROGRESS_MS};\n`);
}
// js/README.md is the npm page; the licenses and changelog are the repository's.
for (const file of ["LICENSE-MIT", "LICENSE-APACHE", "CHANGELOG.md"]) copyFileSync(join(root, file), join(pkg, file));
// TypeScript reads .d.ts in a "type": "module" package as ESM; `require` users need a .d.cts.
copyFileSync(join(pkg, "index.d.ts"), join(pkg, "index.d.cts"));
writeFileSync(join(pkg, "webhooks.d.cts"), readFileSync(join(pkg, "webhooks.d.ts"), "utf8").replace('from "./index.js"', 'from "./index.cjs"'));
// The inline subpaths' types are the entries' own (package.json "exports"); these two
// files are for TypeScript's node10 resolution, which reads no "exports".
writeFileSync(join(pkg, "inline.d.ts"), '// whautomate/inline: the same API as "whautomate" (the .wasm inside the JS).\nexport * from "./index.js";\n');
mkdirSync(join(pkg, "webhooks"), { recursive: true });
writeFileSync(join(pkg, "webhooks", "inline.d.ts"), '// whautomate/webhooks/inline: the same API as "whautomate/webhooks" (the .wasm inside the JS).\nexport * from "../webhooks.js";\n');

// The .wasm files as JS modules, for the entries that must not depend on a file beside
// them (README, "Bundlers"; the figures are in BENCHMARKS.md, "First load in a browser"):
// - whautomate_full_bg_inline.js / whautomate_webhooks_bg_inline.js (ESM; inline.mjs and
//   webhooks-inline.mjs): the module deflated (raw DEFLATE, zlib level 9) and
//   base64-encoded, inflated at import by inflate.js. Served gzip or brotli, this is
//   within 0.5% of the .wasm file's own gzip size, where plain base64 costs about 30%.
// - whautomate_bg_base64.cjs, whautomate_extras_bg_base64.cjs (required on first use) and
//   whautomate_webhooks_bg_base64.cjs (CommonJS; node.cjs and webhooks-node.cjs): plain
//   base64, since on disk size matters less than start-up, and Buffer decodes base64 in
//   0.1 ms where inflating in JS takes several.
// Each inline module is inflated here with the package's own inflate.js and compared
// with its .wasm byte for byte.
{
  const { inflateBase64 } = await import(`data:text/javascript,${encodeURIComponent(readFileSync(join(pkg, "inflate.js"), "utf8"))}`);
  for (const name of ["whautomate_full_bg", "whautomate_webhooks_bg"]) {
    const bytes = readFileSync(join(pkg, `${name}.wasm`));
    const deflated = deflateRawSync(bytes, { level: 9, memLevel: 9 }).toString("base64");
    writeFileSync(join(pkg, `${name}_inline.js`), `// ${name}.wasm, deflated and base64-encoded (written by scripts/finish-pkg.mjs; inflated by inflate.js).\n` +
      `export const size = ${bytes.length};\nexport const wasm = "${deflated}";\n`);
    if (!Buffer.from(inflateBase64(deflated, bytes.length)).equals(bytes)) throw new Error(`inflate.js does not give back ${name}.wasm`);
  }
  for (const name of ["whautomate_bg", "whautomate_extras_bg", "whautomate_webhooks_bg"]) {
    const bytes = readFileSync(join(pkg, `${name}.wasm`));
    writeFileSync(join(pkg, `${name}_base64.cjs`), `// ${name}.wasm as base64 (written by scripts/finish-pkg.mjs).\n"use strict";\nmodule.exports = "${bytes.toString("base64")}";\n`);
  }
}

// CommonJS bundles for `require`: whautomate.cjs, the loader's initSync plus the public
// API (js/api.js), in one file so that both share one wasm instance (the loader's
// fetch-based `init`, for browsers, is never called from node.cjs, which uses initSync);
// webhooks.cjs, the same for whautomate/webhooks. Both take WhautomateError from
// error.cjs, so that it is one class whichever entry threw it.
const esbuild = createRequire(join(root, "package.json"))("esbuild");
const sharedError = { name: "shared-error", setup(build) {
  build.onResolve({ filter: /^\.\/error\.js$/ }, () => ({ path: "./error.cjs", external: true }));
} };
const cjs = (outfile, contents, plugins) => esbuild.build({ bundle: true, format: "cjs", platform: "node", logLevel: "error",
  outfile: join(pkg, outfile), stdin: { contents, resolveDir: pkg }, plugins });
await cjs("error.cjs", 'export * from "./error.js";\n', []);
await cjs("whautomate.cjs", 'export { initSync } from "./whautomate.js";\nexport { start, provideExtras } from "./engine.js";\nexport * from "./api.js";\n', [sharedError]);
// The extras' drivers apart, as their glue is: api-extras.js imports nothing the rest
// does (js/api-extras.js says why), so its bundle shares no state with whautomate.cjs.
await cjs("api-extras.cjs", 'export * from "./api-extras.js";\n', []);
// The extras' glue apart, so that node.cjs reads it only when the extras are first needed.
await cjs("whautomate_extras.cjs", 'export { initSync } from "./whautomate_extras.js";\n', []);
await cjs("webhooks.cjs", 'export { initSync } from "./whautomate_webhooks.js";\nexport { started } from "./webhooks-engine.js";\nexport * from "./webhooks.js";\n', [sharedError]);

// workerd.mjs as one module (js/workerd.mjs with the glue, engine.js and api.js inside),
// minified: a Worker holds every module it is given and workerd compiles each of them at
// start-up, so seven files cost start-up CPU that one does not. Measured with
// bench/workerd-cold.mjs's harness (61 interleaved rounds, CPU until the first response,
// over the hand-written Worker): +6.65 ms as seven files, +5.99 as one file, +5.69 as one
// file without comments (2026-12-06). Short names as well (V8 scans, hashes and looks up
// every identifier, twice for each function it runs): 1.4 million instructions fewer from
// start to first response, 2% of the whole process, counted with callgrind (2026-12-07;
// esbuild's keepNames would give back 0.95 million of it, so js/workerd.mjs names the
// one class a log shows). The source map beside it (sources inside) keeps stack traces
// readable where wrangler maps them. The .wasm stays a module of its own (workerd hands
// it over compiled) and error.js stays shared, so that WhautomateError is one class with
// whautomate/webhooks's.
await esbuild.build({ bundle: true, format: "esm", platform: "neutral", logLevel: "error", minify: true, sourcemap: "linked",
  entryPoints: [join(pkg, "workerd.mjs")], outfile: join(pkg, "workerd.mjs"), allowOverwrite: true,
  external: ["./whautomate_full_bg.wasm", "./error.js"],
  banner: { js: "// whautomate for Cloudflare Workers (workerd): js/workerd.mjs with its imports in one minified module (scripts/finish-pkg.mjs says why); the sources are in workerd.mjs.map and the package's repository, js/." } });

// node.mjs (Node, Deno and Bun) re-exports node.cjs, so that `import` and `require` share
// one engine and one WhautomateError class: its names must be exactly node.cjs's exports
// (and so for webhooks-node.mjs and webhooks-node.cjs).
for (const [mjs, cjsEntry] of [["node.mjs", "node.cjs"], ["webhooks-node.mjs", "webhooks-node.cjs"]]) {
  const exported = Object.keys(createRequire(import.meta.url)(join(pkg, cjsEntry))).sort().join();
  const named = (readFileSync(join(pkg, mjs), "utf8").match(/export const \{([^}]*)\}/) || [])[1] || "";
  const listed = named.split(",").map((n) => n.trim()).filter(Boolean).sort().join();
  if (exported !== listed) throw new Error(`js/${mjs} re-exports [${listed}] but ${cjsEntry} exports [${exported}]`);
}

// The entries that hold the extras' drivers in one module (workerd.mjs, inline.mjs) list
// them by name (their comment says why): every export of api-extras.js, no more, no less.
{
  const exported = [...readFileSync(join(root, "js", "api-extras.js"), "utf8").matchAll(/^export (?:async )?function\*? ?([\w$]+)/gm)].map((m) => m[1]).sort().join();
  for (const entry of ["workerd.mjs", "inline.mjs"]) {
    const listed = (readFileSync(join(root, "js", entry), "utf8").match(/const drivers = \{([^}]*)\}/) || [])[1] || "";
    if (listed.split(",").map((n) => n.trim()).filter(Boolean).sort().join() !== exported) throw new Error(`js/${entry} lists the drivers [${listed.trim()}], api-extras.js exports [${exported}]`);
  }
}

// esbuild's CommonJS output fills `module.exports` with a helper (`__export`) that walks
// the exports with `for…in`, which also walks a polluted Object.prototype: with
// `Object.prototype.x = 1`, `require("whautomate")` threw "Getter must be a function", and
// the extras, loaded on a first sendMany, failed as an unloadable file. Own keys only.
// Every .cjs file, so that one added later is covered too: no `for…in` may be left.
for (const file of readdirSync(pkg).filter((f) => f.endsWith(".cjs"))) {
  const path = join(pkg, file);
  const text = readFileSync(path, "utf8");
  const helper = "for (var name in all)\n    __defProp(target, name, { get: all[name], enumerable: true });";
  const rewritten = text.replace(helper, helper.replace("in all", "of Object.keys(all)"));
  if (/for \(var \w+ in /.test(rewritten)) throw new Error(`${file}: a for…in this step does not know (esbuild's __export helper changed?)`);
  if (rewritten !== text) writeFileSync(path, rewritten);
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

// The size gate: what a browser downloads for "send one WhatsApp text" (the bench's entry,
// bench/run.mjs BROWSER_ENTRY: esbuild --bundle --minify for the browser, plus the .wasm;
// gzip -9; KB = 1000 bytes). Issue 15's budget is 38 KB, met on 2026-12-07; until then the
// gate held the size reached so far (43.2 KB: issue 14's hardening, the engine in src/engine, the crate split
// of issue 16, which costs about 0.45 KB of inlining LTO no longer does across the two
// crates; less the size work of BENCHMARKS.md), plus 0.5 KB for the few hundred bytes
// wasm-opt's output moves by with unrelated changes, so that it can only go down. Lower
// it as the bundle shrinks; never raise it without a measured reason written here.
// Raised once, 43.7 -> 44.0 KB: the channel helpers' rule (a message of another channel
// or type is refused) moved from js/api.js into the engine (`route_message`), as issue 15
// asks of every business rule: +0.4 KB (.wasm +0.6, JS -0.2), bundle 43.1 -> 43.5-43.6 KB.
// Lowered, 44.0 -> 43.6 KB: sendMany's accounting moved into the lazily loaded extras
// module (.wasm -1.6 KB, JS +0.8 KB with the extras' glue and client.webhooks, which
// came in at no cost to this bundle), and the code section ordered by name (-0.2 KB):
// 43.9 -> 43.1 KB. Lowered again, 43.6 -> 42.5 KB: history pages (their URLs, the walk,
// each page's judgement) moved into the extras too, iterate()'s synchronous check of its
// arguments staying here (.wasm -1.1 KB net): 43.1 -> 42.0 KB. Lowered again, 42.5 -> 41.9
// KB: hosts are read by the platform's `new URL()` in the JS driver and judged by the
// engine (src/url_read.rs), instead of by the SDK's own host parser in the .wasm (.wasm
// -0.8 KB, JS +0.05 KB): 42.2 -> 41.4 KB. Lowered again, 41.9 -> 41.8 KB: no panic path
// left in the crate's own code of the sending engine (-0.08 KB): 41.3 KB. Kept at 41.8 KB
// through the reviews of the night of 2026-12-06: their fixes cost +0.45 KB (JS +0.41:
// sendMany and client.webhooks reading their input in the call, one abort listener per
// signal, an engine whose download failed loaded again, the repeated-page check of
// iterate(); .wasm +0.05: the codes of a connection never made, the percent-encoded key),
// and iterate()'s synchronous check stopped building a URL (-0.2 KB): 41.7 KB
// (41,746 bytes); then the fixes of the review of those fixes (a repeated history page
// skipped; only a failed download fetched again): 41,763 bytes (41,766 before the review's clean-up).
// Lowered, 41.8 -> 41.4 KB (2026-12-07): iterate()'s argument check left the sending engine
// for the extras, which make the walk and checked them already (.wasm -0.75 KB); a body
// over maxResponseBytes keeps its status (.wasm +0.25, JS +0.05 KB): 41,284 bytes.
// Lowered, 41.4 -> 41.0 KB: the boundary's protocol written into protocol.js at build time
// instead of computed by the module at start (.wasm -0.55, JS +0.12 KB), after the review's
// fixes (+0.04 KB): 40,885 bytes; 40,876 with the glue built without a default module path.
// Lowered, 41.0 -> 40.0 KB (2026-12-07): the drivers of the extras' calls (sendMany,
// history, client.webhooks: js/api-extras.js) and the extras' glue loaded by dynamic
// imports with their module, a chunk the page fetches on the first such call (JS -0.9 KB):
// 39,909 bytes. Measured since then as a bundler builds for production, dynamic imports
// split (esbuild --splitting; `browserBundle`): what the page loads at start. Lowered,
// 40.0 -> 39.6 KB: `validate(message)` is the engine's `send` without a client, down the
// same path, instead of an export of its own (.wasm -0.36 KB): 39,547 bytes. Lowered,
// 39.6 -> 38.6 KB: the JS driver hands the engines values as tapes (what JSON.parse gives,
// written out without JSON's grammar: src/json/tape.rs, js/encode.js) instead of JSON
// text, so that the sending engine carries no JSON parser (.wasm -1.35 KB, JS +0.3 KB):
// 38,531 bytes. Lowered, 38.6 -> 38.35 KB: a channel helper's clash no longer quotes what
// the caller gave (-0.15 KB), and LLVM's inline threshold 10 instead of 13 (-0.07 KB):
// 38,308 bytes. Lowered, 38.35 -> 38.1 KB: the browser entries compile their download
// themselves (js/compile.js) and hand the module to the glue's `initSync`, instead of the
// glue's async `init` (JS -0.22 KB): 38,090 bytes. At the budget, 38.1 -> 38.0 KB: the
// boundary's three writers one (`put(...texts)`), a string's two tape tags read by one
// branch, and compile.js's fallback told by the body left unread (JS -0.07, .wasm
// -0.02 KB): 37,997 bytes. The gate is the budget now: a change that adds bytes to this
// bundle takes them off elsewhere first. So: the caller's values written to the tape in
// one pass of JSON.stringify's own walk (js/encode.js `walk`: 4× faster than stringify
// then parse, which had cost `prepare` 2 µs; +0.04 KB) paid for by WhautomateError's
// toJSON in a line, the protocol's extras-only part in a file of its own
// (protocol-extras.js) and the drivers' `call` bound: 37,991 bytes; a read's answer parsed
// once, not again by its driver (`answer.value`), the drivers' facade without a needless
// read of the client's state: 37,988 bytes. The lone-surrogate check a range instead of
// `\p{Cs}` (no ICU on a cold start; +8): 37,996 bytes. A body cut while it arrives
// judged by its status (+21; the rejections' second reader `bodyFailure` gone, -17), paid
// for by a shorter `readUrl` and clock (the same results): 37,992 bytes. (Measured through
// the package's link kept as a link: the chunk names the entry spells out had depended on
// where the repository lies, by a byte or two.) Every number option told a fraction
// (`invalid_type`) from a whole number out of range (`out_of_range`), `rateLimit`'s type
// error naming both its forms, and an error's `violations` its own copy: +182, to 38,174.
// Paid for by one walk of the digits answering "whole?" and "which u64?" (`Number::whole`,
// -44), the input text's UTF-8 checked a byte at a time (`text::is_utf8`, -76), the API
// key's ASCII check a byte at a time (-64) and the driver-failure errors of the protocol
// without their empty `violations` (-6, given back on review), measured step by step; in
// all, 37,971 bytes.
// The host's trailing slashes off byte by byte instead of `trim_end_matches` (core's
// backward char searcher): 37,886 bytes. The rate limit's numbers read as the other
// options' are, one sentence for their range, the generic integer reader gone from the
// sending engine: 37,710 bytes. The driver-failure errors written by the one error
// writer again (+6), one `text::is_ascii`: 37,722 bytes (BENCHMARKS.md has the steps).
// Fixes found by trying the package as users and attackers would (2026-12-07, later):
// Retry-After's three HTTP-date forms with no arithmetic that overflows (+264: 37,986),
// a delete's answer judged (+12), core's unreferenced digit table left out (-113:
// 37,884), every line break in template parameters and the URLs' port range (+96):
// 37,980 bytes; on review, the date's digits read by the RFC 3339 reader's: 37,972.
// A send's schedule checked again when it leaves, a too-large input and a throwing getter
// reported as violations, the token given back (paid for with null-prototype literals and
// a shorter message; BENCHMARKS.md, the 12:36 section): 37,991 bytes; 37,979 after a
// last read of the change. The sixth session's bounds and fixes: 37,975.
// 2026-12-07, the seventh: the standard library's panic texts blanked (-114: 37,861); an
// error's message one line whatever text it quotes (`text::one_line`: +148, 38,009); a
// redirect reported by its kind alone and a shorter message for an unusable Response
// (-19): 37,990.
// 2026-12-07, the eighth: one rule for a send's answer over 64 KiB (-35); the driver's own
// reports told from a caller's values without running their Proxy traps, `toError`
// naming what was thrown by its kind (+39 in all): 37,997.
// (The API key redacted in any letter case measured +49 more, and was left out.)
const SIZE_GATE = 38_000;
async function browserBundle(dir, source) {
  writeFileSync(join(dir, "entry.mjs"), source);
  const out = join(dir, "out");
  rmSync(out, { recursive: true, force: true });
  // preserveSymlinks: the package is linked into `dir`, and its chunks' names (their
  // hashes, which the entry's dynamic imports spell out) must not depend on where the
  // repository lies; resolved through the link, they did, by a byte or two of gzip.
  const { metafile } = await esbuild.build({ entryPoints: [join(dir, "entry.mjs")], bundle: true, minify: true, format: "esm", platform: "browser",
    splitting: true, outdir: out, metafile: true, logLevel: "error", absWorkingDir: dir, preserveSymlinks: true });
  const outputs = metafile.outputs;
  const eager = loadedAtStart(outputs, (entry) => entry === "entry.mjs");
  const read = (files) => Buffer.concat(files.map((file) => readFileSync(join(dir, file))));
  const all = Object.keys(outputs).filter((file) => file.endsWith(".js"));
  return { js: read(all.filter((f) => eager.has(f))), lazy: read(all.filter((f) => !eager.has(f))) };
}
{
  const scratch = mkdtempSync(join(tmpdir(), "whautomate-gate-"));
  try {
    mkdirSync(join(scratch, "node_modules"));
    symlinkSync(pkg, join(scratch, "node_modules", "whautomate"), "dir");
    const entry = 'import { Whautomate } from "whautomate";\nconst client = new Whautomate({ apiKey: "key", locationId: "loc_1" });\n' +
      'await client.whatsapp.sendText({ to: { phoneNumber: "+15551234567" }, text: "Hello" });\n';
    // Bundled as an app's bundler does for production (esbuild --splitting, as Vite,
    // webpack and Parcel split dynamic imports): `js` is what the page loads at start (the
    // entry chunk and the chunks it imports statically), `lazy` the chunks it imports only
    // when first needed (the extras' glue and drivers: sendMany, history, client.webhooks).
    const { js, lazy } = await browserBundle(scratch, entry);
    const bundle = gzipSync(js, { level: 9 }).length + w.gzip;
    const line = `browser bundle of "send one WhatsApp text": ${(bundle / 1000).toFixed(1)} KB gzip (${bundle} bytes: JS ${(gzipSync(js, { level: 9 }).length / 1000).toFixed(1)} + .wasm ${(w.gzip / 1000).toFixed(1)}); gate and budget ${(SIZE_GATE / 1000).toFixed(1)} KB`;
    console.log(line);
    // Informational: what a host that serves brotli (CDNs do, over HTTPS) sends of the
    // same bundle. The budget and the gate are gzip's.
    const brotli = (bytes) => brotliCompressSync(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length;
    console.log(`  the same, brotli -11 (informational): ${((brotli(js) + brotli(readFileSync(wasm))) / 1000).toFixed(1)} KB`);
    if (bundle > SIZE_GATE) {
      console.error(`size gate: ${bundle} bytes is over ${SIZE_GATE}`);
      process.exit(1);
    }
    // Receiving has its own entry and .wasm (issue 17 §8): what a Worker that only
    // receives downloads, reported beside the sending one (BENCHMARKS.md).
    const receiver = 'import { createWebhookHandler } from "whautomate/webhooks";\n' +
      'export default { fetch: createWebhookHandler({ secret: { name: "x-hook-secret", value: "s3cret" }, onEvent(event) { console.log(event.type); } }) };\n';
    const rjs = execFileSync(bin("esbuild"), ["--bundle", "--minify", "--format=esm", "--platform=browser", "--log-level=error"], { input: receiver, cwd: scratch });
    const rw = size("whautomate_webhooks_bg.wasm");
    const rgz = gzipSync(rjs, { level: 9 }).length;
    console.log(`browser bundle of "receive webhooks": ${((rgz + rw.gzip) / 1000).toFixed(1)} KB gzip (JS ${(rgz / 1000).toFixed(1)} + .wasm ${(rw.gzip / 1000).toFixed(1)})`);
    // The inline entry (whautomate/inline): the .wasm inside the JS, one file (informational).
    const ijs = execFileSync(bin("esbuild"), ["--bundle", "--minify", "--format=esm", "--platform=browser", "--log-level=error"], { input: entry.replace('"whautomate"', '"whautomate/inline"'), cwd: scratch });
    console.log(`browser bundle of "send one WhatsApp text" from whautomate/inline (the .wasm inside): ${(gzipSync(ijs, { level: 9 }).length / 1000).toFixed(1)} KB gzip, one file`);
    if (js.includes("whautomate_webhooks") || rjs.includes("whautomate_bg.wasm")) {
      console.error("size gate: a send-only bundle holds the receiving engine, or a receive-only one the sending engine");
      process.exit(1);
    }
    // The extras module is fetched when first needed, never carried in the bundle, and
    // the receiving bundle has nothing of it.
    const x = size("whautomate_extras_bg.wasm");
    console.log(`whautomate_extras_bg.wasm (sendMany, client.webhooks, history pages; fetched on first use): ${(x.gzip / 1000).toFixed(1)} KB gzip`);
    console.log(`  with their glue and drivers (api-extras.js), a chunk of their own: ${(gzipSync(lazy, { level: 9 }).length / 1000).toFixed(1)} KB gzip`);
    // (campaignNew: a name of the extras' glue; campaignSettle: of the drivers too.)
    if (js.includes("whautomate_full") || js.includes("campaignNew") || js.includes("campaignSettle") || !lazy.includes("campaignNew") || !lazy.includes("campaignSettle") || rjs.includes("whautomate_extras")) {
      console.error("size gate: the send-only bundle must load the extras module, its glue and drivers only when first needed, and the receiving bundle not at all");
      process.exit(1);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

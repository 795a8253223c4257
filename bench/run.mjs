// `make bench`: measures the built package (pkg/) against hand-written fetch and against
// peer SDKs, side by side in one run, on loopback only, and prints ratios (absolute times
// on a shared 2-core machine are noise; ratios from the same run are not).
//
// The baseline is the fair one: hand-written code doing the same work, `fetch` with the
// same URL, headers and JSON body, `JSON.stringify` of the body and a timeout
// (`AbortSignal.timeout(30000)`), not bare fetch. Speed figures are guards: they must not
// get worse, but have no target (the rows say "guard"). The size row has a budget.
//
//   node bench/run.mjs            everything; rewrites the results block of BENCHMARKS.md
//   node bench/run.mjs --quick    size + per-call + boundary crossings of whautomate only
//                                 (seconds; for iterating on size and speed; writes nothing;
//                                 no workerd, throughput, validation or history rows)
//   node bench/run.mjs --no-peers everything but the peers (no npm registry needed)
//   node bench/run.mjs --profile  where the .wasm's bytes go, by crate and by function
//                                 (needs twiggy and wasm-bindgen on PATH: `cargo install
//                                 twiggy wasm-bindgen-cli`; uses the last `make pkg` build)
//
// Peers are installed at bench time with npm into a scratch folder under the OS temp dir
// (reused by later runs; never inside the repository). If that fails, their rows say
// "unavailable" and the whautomate rows still run.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { loadedAtStart } from "../scripts/loaded-at-start.mjs";
import { fix, kb, median, quantile } from "./lib.mjs";
import { PEERS } from "./peers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const source = join(root, "pkg");
const args = new Set(process.argv.slice(2));
const QUICK = args.has("--quick");
const started = Date.now();
const log = (...a) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s]`, ...a);

if (!existsSync(source)) {
  console.error("pkg/ is not built: run `make pkg` (or `make bench`, which builds it) first");
  process.exit(1);
}

// ---------------------------------------------------------------------------- scratch
const scratch = join(tmpdir(), "whautomate-bench");
// Every row measures one copy of pkg/, taken now: pkg/ may be rebuilt while the bench runs
// (`make pkg` in another shell), and rows measured on different builds would not compare.
// A pkg/ being rebuilt (files missing) is waited for, up to two minutes. The copy, and the
// project that imports it, are this run's own (two runs at once do not meet), removed at exit.
const own = join(scratch, `run-${process.pid}`);
process.on("exit", () => rmSync(own, { recursive: true, force: true }));
process.on("SIGINT", () => process.exit(130));
const pkg = join(own, "pkg");
const pkgBuild = snapshotPkg();
function snapshotPkg() {
  const needed = ["package.json", "whautomate_bg.wasm", "whautomate.js", "node.mjs", "node.cjs", "browser.mjs", "workerd.mjs"];
  const stamp = (dir) => needed.map((f) => statSync(join(dir, f)).mtimeMs).join();
  for (let tries = 0; ; tries++) {
    try {
      const before = stamp(source);
      rmSync(pkg, { recursive: true, force: true });
      cpSync(source, pkg, { recursive: true });
      if (stamp(source) === before) {
        const wasm = readFileSync(join(pkg, "whautomate_bg.wasm"));
        const built = new Date(Math.max(...needed.map((f) => statSync(join(source, f)).mtimeMs)));
        return { sha: createHash("sha256").update(wasm).digest("hex").slice(0, 12), built: built.toISOString().slice(0, 16).replace("T", " ") };
      }
    } catch {
      /* a file is missing: pkg/ is being rebuilt */
    }
    if (tries === 0) log("pkg/ is incomplete or changing (being rebuilt?): waiting for it");
    if (tries >= 60) {
      console.error("pkg/ stayed incomplete for two minutes: run `make pkg` first");
      process.exit(1);
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
  }
}
const peersDir = join(scratch, "peers");
const selfDir = join(own, "self");
mkdirSync(join(selfDir, "node_modules"), { recursive: true });
// `whautomate` resolves to pkg/ through its package.json "exports", as for a user.
rmSync(join(selfDir, "node_modules", "whautomate"), { force: true, recursive: true });
symlinkSync(pkg, join(selfDir, "node_modules", "whautomate"), "dir");
writeFileSync(join(selfDir, "package.json"), '{"private":true,"type":"module"}\n');

const installed = new Map(); // name -> version, for the peers that are usable
function installPeers() {
  if (args.has("--no-peers")) return;
  mkdirSync(peersDir, { recursive: true });
  const version = (name) => {
    try {
      return JSON.parse(readFileSync(join(peersDir, "node_modules", name, "package.json"), "utf8")).version;
    } catch {
      return undefined;
    }
  };
  const missing = PEERS.filter((p) => version(p.name) !== p.version);
  // --quick never installs; it uses the peers a previous full run left in the scratch folder.
  if (missing.length && !QUICK) {
    log(`installing peers into ${peersDir}: ${missing.map((p) => `${p.name}@${p.version}`).join(" ")}`);
    writeFileSync(join(peersDir, "package.json"), '{"private":true}\n');
    const r = spawnSync("npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", "--engine-strict=false",
      "--prefix", peersDir, ...PEERS.map((p) => `${p.name}@${p.version}`)], { stdio: ["ignore", "ignore", "pipe"], timeout: 120_000, encoding: "utf8" });
    if (r.status !== 0) log(`npm install failed (${r.error ? r.error.message : r.stderr.trim().split("\n").pop()}); peer rows will say "unavailable"`);
  }
  for (const p of PEERS) if (version(p.name) === p.version) installed.set(p.name, p.version);
}

// ---------------------------------------------------------------------------- 1. size
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const file = (path) => {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gz: gz(bytes) };
};

// The sections of a wasm module, by size (code, data, custom...).
function wasmSections(bytes) {
  const names = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount", "tag"];
  const out = {};
  let i = 8;
  const leb = () => {
    let v = 0, shift = 0, b;
    do { b = bytes[i++]; v |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return v >>> 0;
  };
  while (i < bytes.length) {
    const id = bytes[i++];
    const len = leb();
    const name = names[id] || `section${id}`;
    out[name] = (out[name] || 0) + len;
    i += len;
  }
  return out;
}

const BROWSER_ENTRY = `import { Whautomate } from "whautomate";
const client = new Whautomate({ apiKey: "key", locationId: "loc_1" });
await client.whatsapp.sendText({ to: { phoneNumber: "+15551234567" }, text: "Hello" });
`;

// A Worker that only receives (issue 17): whautomate/webhooks' own entry and .wasm.
const RECEIVE_ENTRY = `import { createWebhookHandler } from "whautomate/webhooks";
export default { fetch: createWebhookHandler({ secret: { name: "x-hook-secret", value: "s3cret" }, onEvent(event) { console.log(event.type); } }) };
`;

// Bundled as an app's bundler does for production: dynamic imports split into chunks of
// their own (esbuild --splitting, as Vite, webpack and Parcel do). What the page loads at
// start is the entry chunk and the chunks it imports statically; `lazy` is the rest (the
// SDK's extras: their glue and drivers, loaded on the first sendMany, history or
// client.webhooks call).
async function bundle(contents, resolveDir, platform = "browser") {
  const entry = join(resolveDir, "__bench_entry.mjs");
  writeFileSync(entry, contents);
  const r = await build({
    entryPoints: [entry], outdir: join(resolveDir, "__bench_out"), splitting: true,
    bundle: true, minify: true, format: "esm", platform, write: false, metafile: true, logLevel: "silent",
    // The package is linked into the bench's folder: chunk names (hashes) that do not
    // depend on where the repository lies, as scripts/finish-pkg.mjs's gate.
    preserveSymlinks: true,
  });
  const outputs = r.metafile.outputs;
  const eager = loadedAtStart(outputs, (entry) => entry.endsWith("__bench_entry.mjs"));
  const files = r.outputFiles.filter((f) => f.path.endsWith(".js"));
  const eagerPaths = new Set([...eager].map((o) => resolve(o)));
  const isEager = (f) => eagerPaths.has(f.path);
  const code = Buffer.concat(files.filter(isEager).map((f) => f.contents));
  const lazy = Buffer.concat(files.filter((f) => !isEager(f)).map((f) => f.contents));
  const inputs = [...eager].flatMap((o) => Object.entries(outputs[o].inputs))
    .filter(([path]) => !path.endsWith("__bench_entry.mjs"))
    .map(([path, v]) => [path.replace(/^.*node_modules\//, ""), v.bytesInOutput])
    .sort((a, b) => b[1] - a[1]);
  return { raw: code.length, gz: gz(code), inputs, lazy: { raw: lazy.length, gz: lazy.length ? gz(lazy) : 0 } };
}

async function sizes() {
  const wasmBytes = readFileSync(join(pkg, "whautomate_bg.wasm"));
  const wasm = { raw: wasmBytes.length, gz: gz(wasmBytes) };
  // The JS a browser loads besides the .wasm, file by file as served.
  const glueText = readFileSync(join(pkg, "whautomate.js"), "utf8");
  const snippets = [...new Set(glueText.match(/\.\/snippets\/[^'"]+/g) || [])].map((p) => join(pkg, p));
  const jsFiles = ["whautomate.js", "engine.js", "api.js", "error.js", "encode.js", "exchange.js", "browser.mjs"].map((f) => join(pkg, f)).concat(snippets);
  const glue = jsFiles.map(file).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });
  const loader = file(join(pkg, "whautomate.js"));
  const self = await bundle(BROWSER_ENTRY, selfDir);
  const peers = {};
  for (const p of PEERS) {
    if (!p.entry) continue;
    if (!installed.has(p.name)) { peers[p.name] = null; continue; }
    try {
      peers[p.name] = { ...(await bundle(p.entry, peersDir, p.platform || "browser")), platform: p.platform || "browser" };
    } catch (e) {
      log(`bundling ${p.name} failed: ${e.message.split("\n")[0]}`);
      peers[p.name] = null;
    }
  }
  const receiveWasm = file(join(pkg, "whautomate_webhooks_bg.wasm"));
  const receiving = await bundle(RECEIVE_ENTRY, selfDir);
  const receive = { wasm: receiveWasm, bundle: receiving, total: { gz: receiving.gz + receiveWasm.gz },
    // A send-only bundle must hold nothing of the receiving engine, and the other way round.
    separate: !self.inputs.some(([path]) => /webhooks/.test(path)) && !receiving.inputs.some(([path]) => /(^|\/)(api|engine|whautomate)\.js$/.test(path)) };
  return { wasm, glue, loader, bundle: self, total: { gz: self.gz + wasm.gz }, sections: wasmSections(wasmBytes), peers, receive };
}

// ---------------------------------------------------------------------------- 2. cold start
function coldStart(rounds) {
  // Two baselines: a CommonJS program that does nothing, and an ES module program that
  // loads an app module that does nothing (bench/empty-app.mjs). An `import` is measured
  // against the second: an ES module app is itself a module file, so Node's loader for
  // module files (about 4 ms on Node 20) is its start-up, hand-written fetch code included,
  // whether or not it imports the SDK.
  const emptyApp = JSON.stringify(pathToFileURL(join(here, "empty-app.mjs")).href);
  const variants = [["node -e 0", selfDir, ["-e", "0"]],
    ["node --input-type=module -e 0", selfDir, ["--input-type=module", "-e", `await import(${emptyApp})`]],
    ["whautomate require", selfDir, ["-e", "require('whautomate')"]],
    ["whautomate import", selfDir, ["--input-type=module", "-e", "await import('whautomate')"]]];
  for (const p of PEERS) {
    if (!installed.has(p.name)) continue;
    variants.push([`${p.name} require`, peersDir, ["-e", `require(${JSON.stringify(p.name)})`]]);
    variants.push([`${p.name} import`, peersDir, ["--input-type=module", "-e", `await import(${JSON.stringify(p.name)})`]]);
  }
  const times = Object.fromEntries(variants.map(([name]) => [name, []]));
  const failed = new Map(); // name -> [failures, first error line]
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < variants.length; j++) {
      const [name, cwd, argv] = variants[(j + r) % variants.length];
      const t0 = process.hrtime.bigint();
      const res = spawnSync(process.execPath, ["--no-warnings", ...argv], { cwd, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.status === 0) times[name].push(ms);
      else failed.set(name, [(failed.get(name) || [0])[0] + 1, res.stderr.trim().split("\n").find((l) => /Error/.test(l)) || `exit ${res.status}`]);
    }
  }
  // Lower quartile: on a shared machine, interference only ever adds time.
  const q = (xs) => quantile(xs, 0.25);
  const base = q(times["node -e 0"]);
  const esmBase = q(times["node --input-type=module -e 0"]);
  const out = { baseMs: base, esmBaseMs: esmBase, rounds };
  // Where the time goes (informational): compiling and instantiating the .wasm, measured
  // inside fresh processes (V8 caches compiled modules within a process).
  const probe = `const b = require("fs").readFileSync(${JSON.stringify(join(pkg, "whautomate_bg.wasm"))});
const t0 = performance.now(); const m = new WebAssembly.Module(b); const t1 = performance.now();
let t2 = t1; try { new WebAssembly.Instance(m, new Proxy({}, { get: () => new Proxy({}, { get: () => () => {} }) })); t2 = performance.now(); } catch { t2 = NaN; }
const t3 = performance.now(); require(${JSON.stringify(join(pkg, "node.cjs"))}); const t4 = performance.now();
console.log(JSON.stringify([t1 - t0, t2 - t1, t4 - t3]));`;
  const parts = [];
  for (let r = 0; r < Math.min(rounds, 10); r++) {
    const res = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
    if (res.status === 0) parts.push(JSON.parse(res.stdout));
  }
  if (parts.length) {
    out.compileMs = median(parts.map((p) => p[0]));
    out.instantiateMs = median(parts.map((p) => p[1]));
    out.requireAfterCompileMs = median(parts.map((p) => p[2]));
  }
  for (const [name, [count, why]] of failed) log(`cold start: ${name} failed ${count} of ${rounds} runs (${why})${count < rounds ? "; the others are used" : ""}`);
  for (const [name] of variants.slice(2)) out[name] = times[name].length ? q(times[name]) - (name.endsWith(" import") ? esmBase : base) : null;
  return out;
}

// ---------------------------------------------------------------------------- children
function child(script, argv, timeout = 180_000) {
  const r = spawnSync(process.execPath, [join(here, script), ...argv], { encoding: "utf8", timeout, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    log(`${script} ${argv[0]} failed: ${(r.error && r.error.message) || r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

// ---------------------------------------------------------------------------- report
// The size budget: the browser entry's JS bundle + .wasm, gzip -9, at most 38 KB. Node
// cold start keeps its goal. Per call, throughput and workerd are guards (no target).
// workerFirstMs: issue 15's goal for the first send in a cold workerd isolate, in CPU over
// the hand-written Worker (start-up and the first request together).
const GOALS = { size: 38_000, coldMs: 10, workerFirstMs: 4 };
const pass = (ok) => (ok === undefined || ok === null ? "n/a" : ok ? "pass" : "FAIL");
const budget = (bytes) => (bytes <= GOALS.size ? "pass" : `OVER (+${kb(bytes - GOALS.size)})`);
const GUARD = "guard";
const below = (x, limit) => pass(typeof x === "number" ? x < limit : null);
const ratio = (a, b) => (typeof a === "number" && typeof b === "number" && b !== 0 ? `${(a / b).toFixed(2)}×` : "n/a");
const ms = (x) => (typeof x === "number" ? `${x >= 0 ? "+" : ""}${x.toFixed(1)} ms` : "unavailable");
const msAbs = (x) => (typeof x === "number" ? `${x.toFixed(1)} ms` : "n/a");
const usd = (x) => (typeof x === "number" ? `${x >= 0 ? "+" : ""}${x.toFixed(1)} µs` : "n/a");

function table(headers, rows) {
  const lines = [`| ${headers.join(" | ")} |`, `|${headers.map((h, i) => (i === 0 ? "---" : "---:")).join("|")}|`];
  for (const row of rows) lines.push(`| ${row.join(" | ")} |`);
  return lines.join("\n");
}

function report(r) {
  const out = [];
  const S = r.size, C = r.cold, P = r.perCall, T = r.throughput;
  const wa = S.peers["whatsapp-api-js"];

  // Main table: one row per goal of the issue.
  const rows = [];
  rows.push(["1. size: browser entry, JS bundle + .wasm, gzip", kb(S.total.gz), wa ? `whatsapp-api-js ${kb(wa.gz)}` : "whatsapp-api-js unavailable",
    wa ? ratio(S.total.gz, wa.gz) : "n/a", "≤ 38 KB (budget)", budget(S.total.gz)]);
  if (S.receive) {
    rows.push(["1. size: receiving entry (whautomate/webhooks, a Worker with createWebhookHandler), JS bundle + its .wasm, gzip", kb(S.receive.total.gz),
      `JS ${kb(S.receive.bundle.gz)} + .wasm ${kb(S.receive.wasm.gz)}`, "", S.receive.separate ? "guard; shares nothing with the sending bundle" : "guard", S.receive.separate ? GUARD : "FAIL: the bundles overlap"]);
  }
  if (C) {
    rows.push(["2. cold start: require, minus `node -e 0`", ms(C["whautomate require"]), peerCold(C, "require"), "", "< +10 ms", below(C["whautomate require"], GOALS.coldMs)]);
    rows.push(["2. cold start: import, minus an empty app module's", ms(C["whautomate import"]), peerCold(C, "import"), "", "< +10 ms", below(C["whautomate import"], GOALS.coldMs)]);
  }
  if (P) {
    // Ratios: the median of the per-round ratios (paired, as the differences are).
    rows.push(["3. per call: sendText vs fair hand-written fetch, same stub", `${fix(P.sdkUs)} µs`, `${fix(P.handUs)} µs`, `${fix(P.ratio, 2)}×`,
      GUARD, `${GUARD} (${usd(P.diffUs)})`]);
    rows.push(["3. noise: hand-written again vs hand-written", `${fix(P.handAgainUs)} µs`, `${fix(P.handUs)} µs`, `${fix(P.handAgainRatio, 2)}×`, "(noise)", "—"]);
  }
  if (T) {
    rows.push([`4. loopback, ${T.count} sequential, vs fair hand-written fetch`, `${fix(T.seq.sdk, 0)} req/s`, `${fix(T.seq.hand, 0)} req/s`, `${T.seq.ratio.toFixed(2)}`, GUARD, GUARD]);
    rows.push([`4. loopback, ${T.count} with 64 in flight, vs fair hand-written fetch`, `${fix(T.par64.sdk, 0)} req/s`, `${fix(T.par64.hand, 0)} req/s`, `${T.par64.ratio.toFixed(2)}`, GUARD, GUARD]);
    rows.push(["4. noise: hand-written again vs hand-written (sequential; 64 in flight)", `${fix(T.seq.handAgain, 0)}; ${fix(T.par64.handAgain, 0)} req/s`, `${fix(T.seq.hand, 0)}; ${fix(T.par64.hand, 0)} req/s`,
      `${T.seq.handAgainRatio.toFixed(2)}; ${T.par64.handAgainRatio.toFixed(2)}`, "(noise)", "—"]);
  }
  if (r.validation) {
    const v = r.validation["messenger template ×10"];
    const text = r.validation["whatsapp text"];
    rows.push(["5. prepare (validate + serialise), WhatsApp text", `${fix(text.prepare)} µs`, `JSON.stringify ${fix(text.stringify, 2)} µs`, ratio(text.prepare, text.stringify), "(measured)", "—"]);
    rows.push(["5. prepare, 10-element Messenger template", `${fix(v.prepare)} µs`, `JSON.stringify ${fix(v.stringify, 2)} µs`, ratio(v.prepare, v.stringify), "(measured)", "—"]);
  }
  if (r.construct) {
    const c = r.construct;
    rows.push([`3. making a client: new Whautomate(options), tight loop (and ${c.held} clients never used: +${fix(c.rssMB, 1)} MB RSS)`, `${fix(c.us, 2)} µs`, "", "", "< 5 µs", pass(c.us < 5)]);
  }
  for (const [size, h] of Object.entries(r.history || {})) {
    if (!h) continue;
    rows.push([`6. history page of ${size}: list() vs fetch + text() + JSON.parse (median)`, `${fix(h.sdkMs, 1)} ms`, `${fix(h.handMs, 1)} ms`, ratio(h.sdkMs, h.handMs), "≤ 3×", pass(h.sdkMs <= 3 * h.handMs)]);
  }
  const WC = r.workerdCold, WP = r.workerdCpu;
  if (WC) {
    rows.push([`7. workerd cold start: \`workerd serve\` to first response (wall, median of ${WC.rounds})`, msAbs(WC.sdk.firstMs), `hand-written Worker ${msAbs(WC.hand.firstMs)}`, ratio(WC.sdk.firstMs, WC.hand.firstMs), GUARD, GUARD]);
    const firstGap = WC.sdk.cpuUntilFirstMs - WC.hand.cpuUntilFirstMs;
    rows.push([`7. workerd cold start: CPU of the process until the first response (${ms(firstGap)})`, msAbs(WC.sdk.cpuUntilFirstMs), `hand-written Worker ${msAbs(WC.hand.cpuUntilFirstMs)}`, ratio(WC.sdk.cpuUntilFirstMs, WC.hand.cpuUntilFirstMs), `≤ +${GOALS.workerFirstMs} ms`, below(firstGap, GOALS.workerFirstMs + 1e-9)]);
    if (WC.bundled) {
      const bundledGap = WC.bundled.cpuUntilFirstMs - WC.hand.cpuUntilFirstMs;
      rows.push([`7. the same, the Worker bundled as wrangler bundles by default (${ms(bundledGap)})`, msAbs(WC.bundled.cpuUntilFirstMs), `hand-written Worker ${msAbs(WC.hand.cpuUntilFirstMs)}`, ratio(WC.bundled.cpuUntilFirstMs, WC.hand.cpuUntilFirstMs), `≤ +${GOALS.workerFirstMs} ms`, below(bundledGap, GOALS.workerFirstMs + 1e-9)]);
    }
  }
  const WI = r.workerdInstructions;
  if (WI) {
    const M = (n) => `${(n / 1e6).toFixed(1)} M`;
    const where = Object.entries(WI.gap.parts).map(([k, n]) => `${k} ${M(n)}`).join(", ");
    rows.push([`7. workerd cold start: instructions until the first response (callgrind, user space; the gap: ${where})`, M(WI.sdk.total), `hand-written Worker ${M(WI.hand.total)}`, ratio(WI.sdk.total, WI.hand.total), GUARD, GUARD]);
  }
  if (WP) {
    rows.push(["8. workerd CPU per request: a new client in each request", `${fix(WP.us.new, 0)} µs`, `hand-written Worker ${fix(WP.us.hand, 0)} µs`, `${fix(WP.ratio.new, 2)}×`, GUARD, GUARD]);
    rows.push(["8. workerd CPU per request: one client per isolate", `${fix(WP.us.shared, 0)} µs`, `hand-written Worker ${fix(WP.us.hand, 0)} µs`, `${fix(WP.ratio.shared, 2)}×`, GUARD, GUARD]);
    rows.push(["8. noise: the hand-written Worker again, in another process", `${fix(WP.us.handAgain, 0)} µs`, `hand-written Worker ${fix(WP.us.hand, 0)} µs`, `${fix(WP.ratio.handAgain, 2)}×`, "(noise)", "—"]);
  }
  if (r.firstLoad) rows.push(...r.firstLoad.rows); // bench/first-load.mjs writes its rows and section
  out.push("Baseline: hand-written code doing the same work (`fetch` with the same URL, headers and JSON body, `JSON.stringify` of the body, a timeout: `AbortSignal.timeout(30000)`), not bare fetch. Goals: the size budget (≤ 38 KB), the first send in a cold workerd isolate (≤ +4 ms of CPU over the baseline) and Node cold start (< +10 ms); every other speed row against that baseline is a guard: it must not get worse, and has no target. A \"noise\" row runs the baseline twice, as two variants: how far identical code lands apart in the same run.\n");
  out.push(table(["measure", "whautomate", "reference (same run)", "ratio", "goal", "result"], rows));

  // Size details.
  out.push("\n**1. Size** (KB = 1000 bytes; gzip -9; esbuild --bundle --minify --format=esm, --platform=browser unless said)\n");
  const srows = [
    ["whautomate: pkg/whautomate_bg.wasm", kb(S.wasm.raw), kb(S.wasm.gz), "", ""],
    ["whautomate: .wasm + its loader pkg/whautomate.js (what `make pkg` reports as wasm + glue; issue 5: < 40 KB)", kb(S.wasm.raw + S.loader.raw), kb(S.wasm.gz + S.loader.gz), "", ""],
    ["whautomate: all the package's browser JS, unbundled and unminified, file by file (whautomate.js + engine.js + api.js + error.js + encode.js + exchange.js + browser.mjs)", kb(S.glue.raw), kb(S.glue.gz), "", ""],
    ["whautomate: .wasm + that JS, unbundled", kb(S.wasm.raw + S.glue.raw), kb(S.wasm.gz + S.glue.gz), "", ""],
    ["whautomate: browser entry, JS bundle only (the .wasm is a separate asset)", kb(S.bundle.raw), kb(S.bundle.gz), "", ""],
    ["**whautomate: browser entry, JS bundle + .wasm**", "", `**${kb(S.total.gz)}**`, "1.00×", budget(S.total.gz)],
  ];
  for (const p of PEERS) {
    if (!p.entry) continue;
    const b = S.peers[p.name];
    srows.push([`${p.name} ${p.version}: same entry${p.platform === "node" ? " (server-only: --platform=node)" : ""}`,
      b ? kb(b.raw) : "unavailable", b ? kb(b.gz) : "unavailable", b ? ratio(S.total.gz, b.gz) : "n/a", ""]);
  }
  out.push(table(["what", "raw", "gzip", "whautomate ÷ this", "budget ≤ 38 KB"], srows));
  const sec = Object.entries(S.sections).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${kb(v)}`).join(", ");
  out.push(`\nwasm sections (raw): ${sec}. Largest inputs of the JS bundle (minified bytes): ${S.bundle.inputs.slice(0, 4).map(([p, b]) => `${p} ${b}`).join(", ")}.`);

  if (C) {
    out.push(`\n**2. Cold start** (lower quartile of ${C.rounds} runs each, interleaved; \`node -e 0\` = ${C.baseMs.toFixed(1)} ms and an ES module program importing an empty app module (bench/empty-app.mjs) ${C.esmBaseMs.toFixed(1)} ms on this run)\n`);
    const crows = [["whautomate", ms(C["whautomate require"]), ms(C["whautomate import"])]];
    for (const p of PEERS) crows.push([`${p.name} ${p.version}`, installed.has(p.name) ? ms(C[`${p.name} require`]) : "unavailable", installed.has(p.name) ? ms(C[`${p.name} import`]) : "unavailable"]);
    out.push(table(["package", "require, minus node -e 0", "import, minus an empty app module's"], crows));
    if (C.compileMs !== undefined) {
      out.push(`\nInside a fresh process (median of 10): \`new WebAssembly.Module\` of the .wasm ${C.compileMs.toFixed(1)} ms, instantiating it ${fix(C.instantiateMs)} ms; \`require\` of pkg/node.cjs afterwards (JS parse + the same .wasm again, now cached by V8) ${C.requireAfterCompileMs.toFixed(1)} ms.`);
    }
  }

  if (P) {
    out.push(`\n**3. Per-call overhead** (no network: an injected fetch resolving to a fresh \`new Response(body)\`, the same for both sides; the baseline is fair hand-written fetch: the same URL, headers and body, \`JSON.stringify\` of the body, \`signal: AbortSignal.timeout(30000)\`, \`res.json()\` and the success check; median µs/call over ${P.rounds} interleaved rounds, ${P.n} calls each side; "+" is the median paired difference, the ratio in the table above the median paired ratio)\n`);
    const prows = [
      ["whautomate `whatsapp.sendText`", `${fix(P.sdkUs)} µs`, `${fix(P.handUs)} µs`, usd(P.diffUs)],
      ["whautomate `send`", `${fix(P.sendUs)} µs`, `${fix(P.handUs)} µs`, usd(P.sendDiffUs)],
      ["(hand-written again, the same code as another variant: the noise)", `${fix(P.handAgainUs)} µs`, `${fix(P.handUs)} µs`, usd(P.handAgainDiffUs)],
      ["(bare fetch, no timeout: the baseline before the fair one; informational)", `${fix(P.bareUs)} µs`, `${fix(P.handUs)} µs`, usd(P.bareDiffUs)],
      ["(hand-written with the SDK's timeout instead of AbortSignal.timeout: an AbortController and a timer per call; informational)", `${fix(P.handTimerUs)} µs`, `${fix(P.handUs)} µs`, usd(P.handTimerDiffUs)],
      ["(whautomate `prepare` alone, sync; vs JSON.stringify of the body)", `${fix(P.prepareUs)} µs`, `${fix(P.stringifyUs, 2)} µs`, usd(P.prepareUs - P.stringifyUs)],
    ];
    for (const p of PEERS) {
      if (!p.perCall) continue;
      const x = r.peerPerCall[p.name];
      prows.push([`${p.name} ${p.version}`, x ? `${fix(x.sdkUs)} µs` : "unavailable", x ? `${fix(x.handUs)} µs` : "", x ? usd(x.diffUs) : "n/a"]);
    }
    out.push(table(["call", "SDK", "fair hand-written fetch", "overhead"], prows));
    if (r.crossings) {
      const c = r.crossings;
      out.push(`\nJS ⇄ wasm boundary crossings per call (counted by wrapping every import and export of the instance): send ${c.send.total} (${c.send.exports} JS→wasm, ${c.send.imports} wasm→JS), prepare ${c.prepare.total}, validate ${c.validate.total}.`);
    }
  }

  if (T) {
    out.push(`\n**4. Loopback throughput** (node:http on 127.0.0.1 in a separate process; ${T.count} sends per variant, ${T.rounds} times, in chunks of ${T.chunk} alternating between the variants; req/s and ratios are medians over chunks, ratios between neighbouring chunks; global fetch (undici) for both; rateLimit: false; the baseline is fair hand-written fetch, with \`AbortSignal.timeout(30000)\`)\n`);
    const part = (x, n) => `${fix(x[n], 0)} req/s (${x[`${n}Ratio`].toFixed(2)})`;
    out.push(table(["mode", "whautomate", "fair hand-written fetch", "ratio"], [
      ["sequential", `${fix(T.seq.sdk, 0)} req/s`, `${fix(T.seq.hand, 0)} req/s`, T.seq.ratio.toFixed(2)],
      ["64 in flight", `${fix(T.par64.sdk, 0)} req/s`, `${fix(T.par64.hand, 0)} req/s`, T.par64.ratio.toFixed(2)],
    ]));
    out.push("\nWhere the difference goes (informational, same run; the fair hand-written fetch with one part changed, and its ratio to the fair hand-written fetch):\n");
    out.push(table(["fair hand-written fetch, with", "sequential", "64 in flight"], [
      ["the SDK's timeout instead of AbortSignal.timeout: an AbortController and a timer per request (js/exchange.js)", part(T.seq, "handTimer"), part(T.par64, "handTimer")],
      ["the SDK's engine: URL and body from `client.prepare(message)`", part(T.seq, "handPrepare"), part(T.par64, "handPrepare")],
      ["no timeout at all (bare fetch: the baseline before the fair one)", part(T.seq, "handBare"), part(T.par64, "handBare")],
      ["nothing changed: the same code, run as another variant (how far identical variants land apart: the noise of every ratio here)", part(T.seq, "handAgain"), part(T.par64, "handAgain")],
    ]));
    if (T.inLoop) {
      const L = T.inLoop;
      out.push(`\nBetween real requests, code runs slower than in a tight loop: whatever fetch does in between evicts its instructions and data from the caches. Timed inside the runs above (each call between two \`performance.now()\` reads, a pair that itself takes ${fix(L.pairUs, 2)} µs there), \`client.prepare(message)\` took ${fix(L.prepareUs)} µs per call and the hand-written \`JSON.stringify\` of the body ${fix(L.stringifyUs)} µs, against ${fix(L.prepareTightUs)} µs and ${fix(L.stringifyTightUs, 2)} µs in a tight loop of the same process.`);
    }
  }

  if (r.validation) {
    out.push("\n**5. Validation and serialisation per message kind** (through the real wasm; µs/op, best of 7 interleaved rounds)\n");
    out.push(table(["message", "body bytes", "validate()", "prepare()", "JSON.stringify(message)", "prepare ÷ stringify"],
      Object.entries(r.validation).map(([k, v]) => [k, String(v.bodyBytes), fix(v.validate, 1), fix(v.prepare, 1), fix(v.stringify, 2), ratio(v.prepare, v.stringify)])));
  }

  const hasSame = "the hand-written Worker is the fair baseline: `fetch` with the same URL, headers and JSON body (checked: the server must receive one and the same request from both), `JSON.stringify` of the body, `signal: AbortSignal.timeout(30000)`, `res.json()` and the success check";
  const sdkWorker = "the SDK Worker loads the package as wrangler's `no_bundle` does (pkg/workerd.mjs under the name `whautomate`, the .wasm as a `wasm` module; `rateLimit: false`)";
  if (WC) {
    out.push(`\n**7. workerd cold start** (${r.workerdVersion || "workerd"}; a fresh \`workerd serve\` per Worker and round, ${WC.rounds} rounds alternating which goes first, after one unmeasured round; medians. Each Worker sends one WhatsApp text to a local server on 127.0.0.1 answering \`{"success":true}\`; ${sdkWorker}; ${hasSame}. The request is sent when workerd reports its socket listening (\`--control-fd\`), once the Worker's modules are evaluated. CPU is the workerd process's, all threads: the sum of /proc/<pid>/task/*/schedstat's first field, in ns, read when it reports listening and when the response has arrived.)\n`);
    const k = ["readyMs", "firstMs", "cpuStartMs", "cpuFirstRequestMs", "cpuUntilFirstMs", "cpuSecondRequestMs"];
    const row = (name, x) => [name, ...k.map((f) => msAbs(x[f]))];
    out.push(table(["Worker", "spawn → listening", "spawn → first response", "CPU: start-up", "CPU: first request", "CPU: until first response", "CPU: second request (warm)"], [
      row("whautomate (a client made in the request)", WC.sdk),
      ...(WC.bundled ? [row("the same Worker bundled as wrangler bundles by default (esbuild: one script and the .wasm)", WC.bundled)] : []),
      row("hand-written", WC.hand),
      ["difference (of the medians)", ...k.map((f) => ms(WC.sdk[f] - WC.hand[f]))],
      ...(WC.bundled ? [["difference, bundled", ...k.map((f) => ms(WC.bundled[f] - WC.hand[f]))]] : []),
    ]));
  }
  if (WP) {
    out.push(`\n**8. CPU per request in workerd** (${WP.requests} requests per variant, one at a time over kept-alive connections from Node, in chunks of ${WP.chunk} alternating between the variants (the order rotating), each variant in a workerd process of its own after ${WP.warmup} warm-up requests; CPU of that process (all threads, schedstat as in 7) over a chunk ÷ its requests, median over chunks; the ratio is the median of the ratios to the hand-written chunk of the same cycle. ${sdkWorker[0].toUpperCase()}${sdkWorker.slice(1)}; ${hasSame}. Wall time: ${fix(WP.wallUsPerRequest, 0)} µs per request on average, driver and server included.)\n`);
    const wrow = (name, k) => [name, `${fix(WP.us[k], 0)} µs`, `${fix(WP.ratio[k], 2)}×`];
    out.push(table(["Worker", "CPU per request", "ratio to hand-written"], [
      wrow("whautomate, a new client in each request (`new Whautomate({ apiKey: env.KEY, ... })` inside `fetch`)", "new"),
      wrow("whautomate, one client per isolate", "shared"),
      wrow("hand-written (fair baseline)", "hand"),
      wrow("hand-written again, in another process (the noise of every ratio here)", "handAgain"),
      wrow("(hand-written without a timeout: bare fetch; informational)", "bare"),
      wrow("(hand-written with an AbortController and a timer of its own instead of AbortSignal.timeout, as js/exchange.js does; informational)", "controller"),
      wrow("(hand-written, the body read as js/exchange.js reads it: a reader, chunks counted, TextDecoder, then JSON.parse, instead of `res.json()`; informational)", "stream"),
      wrow("(hand-written with URL, headers and body from the SDK's `client.prepare(message)`, one client per isolate; informational)", "prepare"),
    ]));
    const L = WP.loopUs;
    out.push(`\nIn a tight loop inside the SDK Worker (the CPU of one request that runs ${WP.loopN} of a step, ÷ ${WP.loopN}; best of 3): \`new Whautomate({ apiKey: env.KEY, ... })\` ${fix(L.new)} µs, \`client.prepare(message)\` ${fix(L.prepare)} µs, the hand-written \`JSON.stringify\` of the body ${fix(L.stringify, 2)} µs.`);
  }
  if (r.firstLoad) out.push(r.firstLoad.section);
  return out.join("\n");

  function peerCold(C, how) {
    return PEERS.filter((p) => installed.has(p.name) && typeof C[`${p.name} ${how}`] === "number")
      .map((p) => `${p.name} ${ms(C[`${p.name} ${how}`])}`).join("; ") || "peers unavailable";
  }
}

function machine() {
  let cpu = "unknown CPU";
  try {
    cpu = readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m)[1];
  } catch { /* not Linux */ }
  let esbuild = "?";
  try { esbuild = execFileSync(join(root, "node_modules", ".bin", "esbuild"), ["--version"], { encoding: "utf8" }).trim(); } catch { /* */ }
  return `${cpus().length} CPUs (${cpu}), Node ${process.version}, esbuild ${esbuild}, ${process.platform}/${process.arch}`;
}

// ---------------------------------------------------------------------------- --profile
// Rebuilds the optimised .wasm with its names kept (wasm-bindgen over cargo's output, then
// the same wasm-opt flags as scripts/finish-pkg.mjs plus -g) and groups twiggy's sizes.
function profileSize() {
  const dir = join(scratch, "profile");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const input = join(root, "target", "wasm32-unknown-unknown", "release", "whautomate_wasm.wasm");
  const sh = (cmd, argv) => execFileSync(cmd, argv, { encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, PATH: `${join(root, "node_modules", ".bin")}:${process.env.HOME}/.cargo/bin:${process.env.PATH}` } });
  // `make pkg` builds whautomate-wasm twice and leaves the receiving engine in target/:
  // build the sending one again (cargo's cache makes this quick) so the profile is pkg/'s .wasm.
  sh("cargo", ["build", "--release", "--target", "wasm32-unknown-unknown", "-p", "whautomate-wasm", "--no-default-features", "--features", "send"]);
  sh("wasm-bindgen", ["--target", "web", "--out-dir", dir, "--out-name", "w", input]);
  sh("wasm-opt", ["-Oz", "-g", "--strip-dwarf", "--strip-producers", "--enable-reference-types", "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
    "--enable-sign-ext", "--enable-mutable-globals", "--enable-multivalue", join(dir, "w_bg.wasm"), "-o", join(dir, "named.wasm")]);
  const rows = sh("twiggy", ["top", "-n", "1000000", "-f", "csv", join(dir, "named.wasm")]).trim().split("\n").slice(1).map((line) => {
    const m = line.match(/^("(?:[^"]|"")*"|[^,]*),(\d+),/);
    return [m[1].replace(/^"|"$/g, "").replace(/""/g, '"'), Number(m[2])];
  }).filter(([name]) => !name.includes("function names") && !name.startsWith("Σ"));
  const group = (name) => {
    if (name.startsWith("data segment")) return "data (static strings, tables)";
    if (/ (multivalue|externref) shim$/.test(name) || name.startsWith("__wbindgen") || name.startsWith("wasm_bindgen")) return "wasm-bindgen glue";
    // The first `crate::` (or `crate[hash]::`) in the name: `<char as core::fmt::Debug>::fmt` is core's.
    const m = name.match(/([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::/);
    const crate = m ? m[1] : name.split(/[\s:]/)[0];
    if (crate === "__externref_table_alloc" || crate.startsWith("__wbindgen")) return "wasm-bindgen glue";
    if (crate === "whautomate") {
      const mod = name.match(/whautomate::([a-z_]+)/);
      return `whautomate::${mod ? mod[1] : "?"}`;
    }
    return crate === "__rustc" || crate === "__rdl_alloc" ? "alloc" : crate;
  };
  const total = rows.reduce((a, [, n]) => a + n, 0);
  const groups = new Map();
  for (const [name, n] of rows) groups.set(group(name), (groups.get(group(name)) || 0) + n);
  const pct = (n) => `${((100 * n) / total).toFixed(1)}%`;
  const out = [`.wasm with names stripped: ${kb(total)} (the pkg/ file: ${kb(statSync(join(pkg, "whautomate_bg.wasm")).size)}; a difference means target/ and pkg/ are from different builds)\n`];
  out.push(table(["crate / module", "bytes", "share"], [...groups].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([g, n]) => [g, String(n), pct(n)])));
  out.push("");
  out.push(table(["largest items", "bytes", "share"], rows.sort((a, b) => b[1] - a[1]).slice(0, 30).map(([name, n]) => [name.replace(/\|/g, "\\|").slice(0, 110), String(n), pct(n)])));
  return out.join("\n");
}

// ---------------------------------------------------------------------------- main
if (args.has("--profile")) {
  console.log(profileSize());
  process.exit(0);
}
installPeers();
const loadBefore = loadavg()[0];
const results = { peerPerCall: {} };
log("size");
results.size = await sizes();
if (!QUICK) {
  log("cold start");
  // 40 rounds: on a shared 2-CPU machine 20 left the lower quartile within ±3 ms of noise.
  results.cold = coldStart(40);
}
log("per call");
results.perCall = child("percall.mjs", ["whautomate", pkg, "20000"]);
results.crossings = child("crossings.mjs", [pkg]);
results.construct = child("construct.mjs", [pkg]);
if (!QUICK) {
  for (const p of PEERS) if (p.perCall && installed.has(p.name)) results.peerPerCall[p.name] = child("percall.mjs", [p.name, peersDir, "20000"]);
  log("throughput");
  results.throughput = child("throughput.mjs", [pkg, "5000", "2"], 240_000);
  log("validation");
  results.validation = child("validation.mjs", [pkg, "4000"]);
  log("history pages");
  results.history = { "1 MB": child("history.mjs", [pkg, "1", "9"]), "30 MB": child("history.mjs", [pkg, "30", "5"], 300_000) };
  log("workerd cold start");
  try {
    results.workerdVersion = execFileSync(join(root, "node_modules", ".bin", "workerd"), ["--version"], { encoding: "utf8" }).trim();
  } catch { /* the child reports why workerd does not run */ }
  results.workerdCold = child("workerd-cold.mjs", [pkg, "21"], 180_000);
  log("workerd cold start in instructions (callgrind)");
  results.workerdInstructions = child("workerd-instructions.mjs", [pkg], 180_000);
  log("workerd CPU per request");
  results.workerdCpu = child("workerd-cpu.mjs", [pkg, "2000", "100"], 180_000);
  log("first load in a browser");
  results.firstLoad = child("first-load.mjs", [pkg, "7"], 240_000);
}

const seconds = ((Date.now() - started) / 1000).toFixed(0);
const text = report(results);
const header = `Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}, of pkg/ as built ${pkgBuild.built} UTC (.wasm sha256 ${pkgBuild.sha}…); \`${QUICK ? "node bench/run.mjs --quick" : "make bench"}\` took ${seconds} s; 1-minute load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after (other work on the machine adds noise; ratios are taken within the run).\n`;
console.log(`\n${header}\n${text}\n`);

if (!QUICK) {
  const path = join(root, "BENCHMARKS.md");
  const begin = "<!-- bench:begin (written by bench/run.mjs; edits inside are overwritten) -->";
  const end = "<!-- bench:end -->";
  const block = `${begin}\n${header}\n${text}\n${end}`;
  let doc = existsSync(path) ? readFileSync(path, "utf8") : `# Benchmarks\n\n${begin}\n${end}\n`;
  const a = doc.indexOf("<!-- bench:begin"), b = doc.indexOf(end);
  doc = a >= 0 && b > a ? doc.slice(0, a) + block + doc.slice(b + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, doc);
  log(`wrote ${path}`);
}
if (args.has("--json")) writeFileSync(join(scratch, "results.json"), JSON.stringify(results, null, 2));

// Does workerd compile a listed `wasm` module that the Worker never imports?
//   node bench/workerd-lazy.mjs [rounds]   (pkg/ built; writes only under target/workerd-lazy-exp/)
// Measured 2026-12-06 (5 runs of 60 rounds): a listed, never-imported 48.6 KB module costs
// +0.8 to +1.2 ms of start-up CPU, the same as a dynamic import on a path not taken; this
// is why workerd takes the sending engine and its extras as one module (BENCHMARKS.md).
// Reuses bench/workerd-lib.mjs (launch: spawn `workerd serve` + --control-fd; cpuMs: schedstat sum).
import { cpuMs, hit, launch, median, root } from "./workerd-lib.mjs";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROUNDS = Number(process.argv[2] || 15);
const dir = join(root, "target", "workerd-lazy-exp", "w");
mkdirSync(dir, { recursive: true });
copyFileSync(join(root, "pkg", "whautomate_webhooks_bg.wasm"), join(dir, "extra.wasm"));
copyFileSync(join(root, "pkg", "whautomate_bg.wasm"), join(dir, "big.wasm"));

const head = (body) => `export default {
  async fetch(request) {
    const url = new URL(request.url);
${body}
    return new Response("ok");
  },
};
`;
const workers = {
  A: head(""),
  A2: head(""),
  B: head(""),
  C: head(`    if (url.pathname === "/never") { const m = await import("extra.wasm"); }`),
  D: `import extra from "extra.wasm";\n` + head(""),
  // amplifier: B with 10 distinct wasm modules listed (5 x 50 KB + 5 x 85 KB, ~670 KB), none imported
  B10: head(""),
  // control: the same bytes listed as a `data` module (loaded, not compiled), never imported
  Bdata: head(""),
  B10data: head(""),
  // E: dynamic import on a taken path
  E: head(`    if (url.pathname === "/take") {
      try {
        const m = await import("extra.wasm");
        return new Response(JSON.stringify({ keys: Object.keys(m), isModule: m.default instanceof WebAssembly.Module,
          exports: WebAssembly.Module.exports(m.default).length, type: Object.prototype.toString.call(m.default) }));
      } catch (e) { return new Response("ERR " + (e && e.stack || e)); }
    }`),
};
const extra = [`(name = "extra.wasm", wasm = embed "extra.wasm")`];
const many = [];
for (let i = 0; i < 5; i++) {
  copyFileSync(join(dir, "extra.wasm"), join(dir, `x${i}.wasm`));
  copyFileSync(join(dir, "big.wasm"), join(dir, `y${i}.wasm`));
  many.push(`(name = "x${i}.wasm", wasm = embed "x${i}.wasm")`, `(name = "y${i}.wasm", wasm = embed "y${i}.wasm")`);
}
const mods = { A: [], A2: [], B: extra, C: extra, D: extra, B10: many, E: extra,
  Bdata: [`(name = "extra.bin", data = embed "extra.wasm")`], B10data: many.map((m) => m.replace("wasm = embed", "data = embed").replace('.wasm",', '.bin",')) };
const config = {};
for (const [name, src] of Object.entries(workers)) {
  writeFileSync(join(dir, `${name}.mjs`), src);
  const file = join(dir, `${name}.capnp`);
  writeFileSync(file, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .w)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const w :Workerd.Worker = (
  modules = [
    ${[`(name = "worker.mjs", esModule = embed "${name}.mjs")`, ...mods[name]].join(",\n    ")}
  ],
  compatibilityDate = "2025-01-01",
);
`);
  config[name] = file;
}

// E first
{
  const p = launch(config.E);
  try {
    const r = await p.ready;
    console.log("E /take ->", await hit(r.port, "/take", false));
  } catch (e) { console.log("E failed:", e.message); } finally { await p.stop(); }
}

const names = ["A", "A2", "B", "C", "D", "B10", "Bdata", "B10data"];
const runs = Object.fromEntries(names.map((n) => [n, []]));
for (let r = -1; r < ROUNDS; r++) {
  const order = names.slice(r % names.length < 0 ? 0 : r % names.length).concat(names.slice(0, r < 0 ? 0 : r % names.length));
  for (const n of order) {
    const p = launch(config[n]);
    try {
      const ready = await p.ready;
      const body = await hit(ready.port, "/", false);
      const at = performance.now();
      const cpuFirst = cpuMs(p.pid);
      if (body !== "ok") throw new Error(`${n}: ${body}`);
      if (r >= 0) runs[n].push({ cpuStartMs: ready.cpu, readyMs: ready.at - p.t0, firstMs: at - p.t0, cpuUntilFirstMs: cpuFirst });
    } catch (e) {
      console.log(n, "failed:", e.message, p.output().slice(-1500)); process.exit(1);
    } finally { await p.stop(); }
  }
}
const f = (x) => x.toFixed(2);
console.log(`rounds=${ROUNDS}  medians (ms); [min..max] of start-up CPU`);
console.log("variant  cpuStart  cpuUntilFirst  readyWall  firstWall   cpuStart range");
for (const n of names) {
  const xs = runs[n], m = (k) => median(xs.map((x) => x[k]));
  const c = xs.map((x) => x.cpuStartMs);
  console.log(`${n.padEnd(8)} ${f(m("cpuStartMs")).padStart(8)} ${f(m("cpuUntilFirstMs")).padStart(14)} ${f(m("readyMs")).padStart(10)} ${f(m("firstMs")).padStart(10)}   [${f(Math.min(...c))}..${f(Math.max(...c))}]`);
}
writeFileSync(join(root, "target", "workerd-lazy-exp", "runs.json"), JSON.stringify(runs, null, 1));

import { cpuMs, hit, launch, median, startApi, WORKERD } from "./workerd-lib.mjs";
import { mkdtempSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
const rounds = Number(process.argv[2] || 21), pkg = resolve(process.argv[3] || "pkg");
const dir = mkdtempSync(join(tmpdir(), "wexp2-"));
const cfg = (name, mods) => { const f = join(dir, name + ".capnp"); writeFileSync(f, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = ( services = [ (name = "main", worker = .w) ], sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")] );
const w :Workerd.Worker = ( modules = [ ${mods.join(", ")} ], compatibilityDate = "2025-01-01" );
`); return f; };
writeFileSync(join(dir, "plain.mjs"), `export default { async fetch() { return new Response("ok"); } };`);
writeFileSync(join(dir, "withwasm.mjs"), `import m from "w.wasm"; export default { async fetch() { return new Response("ok" + (m ? 1 : 0)); } };`);
writeFileSync(join(dir, "inst.mjs"), `import m from "w.wasm"; const i = new WebAssembly.Instance(m, { "./whautomate_full_bg.js": new Proxy({}, { get: () => () => {} }) }); export default { async fetch() { return new Response("ok"); } };`);
for (const f of ["whautomate_full_bg.wasm", "whautomate_bg.wasm"]) copyFileSync(join(pkg, f), join(dir, f));
const rows = [
  ["plain", cfg("plain", [`(name = "worker.mjs", esModule = embed "plain.mjs")`])],
  ["listed full", cfg("listed", [`(name = "worker.mjs", esModule = embed "plain.mjs")`, `(name = "w.wasm", wasm = embed "whautomate_full_bg.wasm")`])],
  ["imported full", cfg("imp", [`(name = "worker.mjs", esModule = embed "withwasm.mjs")`, `(name = "w.wasm", wasm = embed "whautomate_full_bg.wasm")`])],
  ["listed send", cfg("listeds", [`(name = "worker.mjs", esModule = embed "plain.mjs")`, `(name = "w.wasm", wasm = embed "whautomate_bg.wasm")`])],
];
const runs = rows.map(() => []);
for (let r = -1; r < rounds; r++) for (const [i, [, config]] of rows.entries()) {
  const proc = launch(config);
  try { const ready = await proc.ready; await hit(ready.port, "/", false); const cpu = cpuMs(proc.pid); if (r >= 0) runs[i].push([ready.cpu, cpu]); } finally { await proc.stop(); }
}
for (const [i, [name]] of rows.entries()) console.log(name.padEnd(14), "start", median(runs[i].map((x) => x[0])).toFixed(2), "total", median(runs[i].map((x) => x[1])).toFixed(2));
process.exit(0);

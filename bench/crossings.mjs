// Counts JS ⇄ wasm boundary crossings per call, in its own process:
//   node bench/crossings.mjs <pkgDir>
// It wraps every import (wasm → JS) and export (JS → wasm) of the instance that the
// package's initSync creates, then counts per send / prepare / validate after warmup.
// Prints one JSON object.
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.argv[2];
const calls = new Map();
const hit = (name) => calls.set(name, (calls.get(name) || 0) + 1);

const Instance = WebAssembly.Instance;
WebAssembly.Instance = function CountingInstance(module, imports) {
  const wrapped = {};
  for (const [mod, fns] of Object.entries(imports)) {
    wrapped[mod] = {};
    for (const [name, f] of Object.entries(fns)) {
      const short = `import ${name.replace(/^__wbg_/, "").replace(/_[0-9a-f]{16}$/, "")}`;
      wrapped[mod][name] = typeof f === "function" ? function (...args) { hit(short); return f.apply(this, args); } : f;
    }
  }
  const instance = new Instance(module, wrapped);
  const exports = {};
  for (const [name, v] of Object.entries(instance.exports)) {
    exports[name] = typeof v === "function" ? (...args) => { hit(`export ${name}`); return v(...args); } : v;
  }
  return { exports };
};

const { Whautomate, validate } = await import(pathToFileURL(join(dir, "node.mjs")).href);
const fetch = () => Promise.resolve(new Response('{"success":true}', { status: 200 }));
const client = new Whautomate({ apiKey: "sk_bench_key", locationId: "loc_1", rateLimit: false, fetch });
const message = { channel: "whatsapp", type: "text", to: { phoneNumber: "+15551234567" }, text: "Hello" };

async function count(fn, n = 200) {
  for (let i = 0; i < 20; i++) await fn();
  calls.clear();
  for (let i = 0; i < n; i++) await fn();
  let imports = 0, exports = 0;
  const detail = {};
  for (const [name, c] of calls) {
    if (name.startsWith("import")) imports += c; else exports += c;
    detail[name] = +(c / n).toFixed(2);
  }
  return { imports: imports / n, exports: exports / n, total: (imports + exports) / n, detail };
}

const out = {
  send: await count(() => client.send(message)),
  prepare: await count(() => client.prepare(message)),
  validate: await count(() => validate(message)),
};
process.stdout.write(JSON.stringify(out) + "\n");

// The cost of making a client (issue 15: under 5 µs, and nothing allocated in wasm until
// the client is used): `new Whautomate(options)` in a tight loop of one process, best of
// several rounds; and the process's memory after holding many clients that were never used.
//
// Usage: node bench/construct.mjs <pkg dir>; prints one JSON line.
import { join, resolve } from "node:path";

const { Whautomate } = await import(join(resolve(process.argv[2]), "node.mjs"));
const options = { apiKey: "sk_bench_1234567890", locationId: "loc_1" };
const N = 50_000;
let best = Infinity;
for (let round = 0; round < 7; round++) {
  const t0 = performance.now();
  for (let i = 0; i < N; i++) new Whautomate(options);
  best = Math.min(best, ((performance.now() - t0) * 1000) / N);
}
globalThis.gc?.();
const before = process.memoryUsage();
const held = Array.from({ length: 30_000 }, () => new Whautomate(options));
const after = process.memoryUsage();
console.log(JSON.stringify({ us: best, held: held.length, rssMB: (after.rss - before.rss) / 1e6, arrayBuffersMB: (after.arrayBuffers - before.arrayBuffers) / 1e6 }));

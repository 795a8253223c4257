// workerd cold start, in its own process: `workerd serve` started fresh, then one request
// to a Worker that sends one WhatsApp text to a local server (bench/workerd-lib.mjs: the
// SDK Worker, and the same Worker written by hand with fetch: the fair baseline).
//   node bench/workerd-cold.mjs <pkgDir> [rounds]
// The SDK Worker twice: its files as modules (wrangler's `no_bundle`) and bundled as
// wrangler bundles by default ("bundled").
// Each round starts one process per Worker (alternating which goes first; one unmeasured
// round first) and measures:
//   - wall: from just before spawning `workerd serve` to the end of the first response
//     (the request is sent when workerd reports its socket listening on --control-fd,
//     which it does once the Worker's modules are loaded and evaluated);
//   - CPU of the workerd process (all threads, /proc/<pid>/task/*/schedstat: see
//     workerd-lib.mjs) at the moment it reported listening (start-up: config, V8, the
//     modules, compiling the .wasm) and at the end of the first response; their difference
//     is the first request's own CPU;
//   - the CPU of a second request in the same process (warm; informational).
// Prints one JSON object: medians over rounds, and every round.
import { checkSameRequest, cpuMs, hit, launch, median, prepareWorkers, startApi, threads } from "./workerd-lib.mjs";

const [pkgDir, roundsArg] = process.argv.slice(2);
const ROUNDS = Number(roundsArg || 7);

const api = await startApi();
const w = await prepareWorkers(pkgDir, api.host);
const paths = { sdk: "/new", bundled: "/new", hand: "/" };
const runs = { sdk: [], bundled: [], hand: [] };
try {
  // Round -1 is not measured: it brings workerd's binary and the files into the page cache.
  for (let r = -1; r < ROUNDS; r++) {
    for (const name of r % 2 ? ["hand", "bundled", "sdk"] : ["sdk", "bundled", "hand"]) {
      const proc = launch(w.config[name]);
      try {
        const ready = await proc.ready;
        await hit(ready.port, paths[name], false);
        const firstAt = performance.now();
        const cpuFirst = cpuMs(proc.pid);
        const threadsFirst = threads(proc.pid);
        await hit(ready.port, paths[name], false);
        const cpuSecond = cpuMs(proc.pid);
        if (r >= 0) runs[name].push({
          readyMs: ready.at - proc.t0,
          firstMs: firstAt - proc.t0,
          cpuStartMs: ready.cpu,
          cpuFirstRequestMs: cpuFirst - ready.cpu,
          cpuUntilFirstMs: cpuFirst,
          cpuSecondRequestMs: cpuSecond - cpuFirst,
          threads: threadsFirst,
        });
      } finally {
        await proc.stop();
      }
    }
  }
  checkSameRequest(api, w.request);
} finally {
  api.close();
  w.cleanup();
}
const summary = (xs) => Object.fromEntries(Object.keys(xs[0]).map((k) => [k, median(xs.map((x) => x[k]))]));
process.stdout.write(JSON.stringify({ rounds: ROUNDS, sdk: summary(runs.sdk), bundled: summary(runs.bundled), hand: summary(runs.hand), runs }) + "\n");

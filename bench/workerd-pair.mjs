// Two (or more) builds of the package against each other in cold workerd processes, the
// way every step in BENCHMARKS.md "Reading the results" was measured: each round starts a
// fresh `workerd serve` per build (the SDK Worker of bench/workerd-lib.mjs, a client made
// in the request) and one for the hand-written Worker, in an order that flips every round,
// after one unmeasured round; prints the medians of the CPU at start-up, of the first
// request and until the first response, and the gap to the hand-written Worker.
//   node bench/workerd-pair.mjs <rounds> <pkgDir> [<pkgDir> ...]
// e.g. a `git worktree` of the commit before, built with `make pkg`, against pkg/:
//   node bench/workerd-pair.mjs 61 ../before/pkg pkg
// Runs of the same pair land up to 0.5 ms apart on a shared 2-core machine: compare
// within one run, and repeat it.
import { cpuMs, hit, launch, median, prepareWorkers, startApi } from "./workerd-lib.mjs";

const [roundsArg, ...pkgs] = process.argv.slice(2);
const rounds = Number(roundsArg);
if (!(rounds > 0) || pkgs.length === 0) {
  console.error("usage: node bench/workerd-pair.mjs <rounds> <pkgDir> [<pkgDir> ...]");
  process.exit(2);
}
const api = await startApi();
const prepared = [];
for (const pkg of pkgs) prepared.push(await prepareWorkers(pkg, api.host));
const workers = [...pkgs.map((pkg, i) => [pkg, prepared[i].config.sdk, "/new"]), ["hand-written", prepared[0].config.hand, "/"]];
const runs = Object.fromEntries(workers.map(([name]) => [name, []]));
try {
  for (let r = -1; r < rounds; r++) {
    for (const [name, config, path] of r % 2 ? [...workers].reverse() : workers) {
      const proc = launch(config);
      try {
        const ready = await proc.ready;
        await hit(ready.port, path, false);
        const cpu = cpuMs(proc.pid);
        if (r >= 0) runs[name].push({ start: ready.cpu, first: cpu - ready.cpu, until: cpu });
      } finally {
        await proc.stop();
      }
    }
  }
} finally {
  api.close();
  for (const w of prepared) w.cleanup();
}
const m = (name, key) => median(runs[name].map((x) => x[key]));
const hand = m("hand-written", "until");
for (const [name] of workers) {
  const gap = name === "hand-written" ? "" : `  gap +${(m(name, "until") - hand).toFixed(2)} ms`;
  console.log(`${name.padEnd(28)} start-up ${m(name, "start").toFixed(2)} ms  first request ${m(name, "first").toFixed(2)} ms  until first response ${m(name, "until").toFixed(2)} ms${gap}`);
}
process.exit(0);

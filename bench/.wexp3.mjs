import { cpuMs, hit, launch, median, prepareWorkers, startApi } from "./workerd-lib.mjs";
const rounds = Number(process.argv[2] || 21);
const api = await startApi();
const pkgs = process.argv.slice(3);
const prepared = [];
for (const p of pkgs) prepared.push(await prepareWorkers(p, api.host));
const rows = [["hand", prepared[0].config.hand, "/noop"], ...pkgs.map((p, i) => [p, prepared[i].config.sdk, "/noop"])];
const runs = rows.map(() => []);
for (let r = -1; r < rounds; r++) for (const [i, [, config, path]] of (r % 2 ? [...rows.entries()].reverse() : [...rows.entries()])) {
  const proc = launch(config);
  try { const ready = await proc.ready; await hit(ready.port, path, false); const cpu = cpuMs(proc.pid); if (r >= 0) runs[i].push(ready.cpu); } finally { await proc.stop(); }
}
api.close();
for (const [i, [name]] of rows.entries()) console.log(name.padEnd(16), "start", median(runs[i]).toFixed(2));
process.exit(0);

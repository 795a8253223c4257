import { cpuMs, hit, launch, median, prepareWorkers, startApi } from "./workerd-lib.mjs";
const rounds = Number(process.argv[2] || 21), pkg = process.argv[3] || "pkg";
const api = await startApi();
const p = await prepareWorkers(pkg, api.host, { handPrepare: { prepare: true } });
const rows = [["sdk", p.config.sdk, "/noop"], ["sdk", p.config.sdk, "/new"], ["hand", p.config.hand, "/noop"], ["hand", p.config.hand, "/"], ["handPrepare", p.config.handPrepare, "/noop"], ["handPrepare", p.config.handPrepare, "/"]];
const runs = rows.map(() => []);
for (let r = -1; r < rounds; r++) {
  for (const [i, [, config, path]] of rows.entries()) {
    const proc = launch(config);
    try { const ready = await proc.ready; await hit(ready.port, path, false); const cpu = cpuMs(proc.pid); if (r >= 0) runs[i].push([ready.cpu, cpu - ready.cpu, cpu]); } finally { await proc.stop(); }
  }
}
api.close();
for (const [i, [name, , path]] of rows.entries()) console.log(name.padEnd(12), path.padEnd(6), "start", median(runs[i].map((x) => x[0])).toFixed(2), "req", median(runs[i].map((x) => x[1])).toFixed(2), "total", median(runs[i].map((x) => x[2])).toFixed(2));
process.exit(0);

// CPU per request in workerd, in its own process: requests driven from Node against a
// Worker that sends one WhatsApp text per request to a local server, and the CPU time the
// workerd process spent on them (all threads, /proc/<pid>/task/*/schedstat: see
// bench/workerd-lib.mjs), divided by their number.
//   node bench/workerd-cpu.mjs <pkgDir> [requests] [chunk] [inFlight]
// Variants, each in a workerd process of its own (so that no variant's garbage is
// collected during another's requests):
//   new        the SDK Worker, a new client in each request (`new Whautomate({ apiKey:
//              env.KEY, ... })` inside fetch: the usual pattern, as `env` only exists there)
//   shared     the SDK Worker, one client per isolate (made by its first request)
//   hand       the fair baseline: the same Worker written with fetch, JSON.stringify and
//              AbortSignal.timeout(30000) (bench/workerd-lib.mjs)
//   handAgain  the same hand-written Worker in another process: how far two identical
//              variants land apart (the noise of every ratio here)
// and, informational, the hand-written Worker with one part changed (bench/workerd-lib.mjs):
//   bare       no timeout: bare fetch, the baseline before the fair one
//   controller an AbortController and a timer of its own instead of AbortSignal.timeout
//              (what js/exchange.js does, in every runtime)
//   stream     the body read as js/exchange.js reads it (reader, chunks counted,
//              TextDecoder) and JSON.parse, instead of res.json()
//   prepare    URL, headers and body from the SDK's client.prepare (one client per
//              isolate): the engine's share, without the SDK's exchange
// After a warm-up, `requests` per variant run in chunks of `chunk` that alternate between
// the variants (the order rotating), `inFlight` at a time over kept-alive connections.
// Per variant: the median over chunks of CPU µs per request, and the median of the ratios
// to the `hand` chunk of the same cycle (load from elsewhere on a shared machine moves
// neighbouring chunks alike). Then, informational, steps timed in a tight loop inside the
// SDK Worker (one request runs n of them; its CPU ÷ n): `new Whautomate(...)`,
// `client.prepare(message)` and the hand-written `JSON.stringify` of the body.
// Prints one JSON object.
import { checkSameRequest, cpuMs, hit, keepAlive, launch, median, prepareWorkers, startApi } from "./workerd-lib.mjs";

const [pkgDir, nArg, chunkArg, inFlightArg] = process.argv.slice(2);
const N = Number(nArg || 2000);
const CHUNK = Math.min(N, Number(chunkArg || 100));
const IN_FLIGHT = Number(inFlightArg || 1);
const WARMUP = 300;
const LOOP = 2000;

const api = await startApi();
const PARTS = { bare: { timeout: "none" }, controller: { timeout: "controller" }, stream: { read: "stream" }, prepare: { prepare: true } };
const w = await prepareWorkers(pkgDir, api.host, PARTS);
const variants = {
  new: ["sdk", "/new"], shared: ["sdk", "/shared"], hand: ["hand", "/"], handAgain: ["hand", "/"],
  ...Object.fromEntries(Object.keys(PARTS).map((k) => [k, [k, "/"]])),
};
const procs = {};
let out;
try {
  for (const [name, [worker, path]] of Object.entries(variants)) {
    const proc = launch(w.config[worker]);
    procs[name] = { proc, path, port: (await proc.ready).port, agent: keepAlive() };
  }
  const run = async (name, count) => {
    const { port, path, agent } = procs[name];
    let left = count;
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (left > 0) {
        left--;
        await hit(port, path, agent);
      }
    }));
  };
  const names = Object.keys(variants);
  for (const name of names) await run(name, WARMUP);
  const perRequest = Object.fromEntries(names.map((k) => [k, []])); // CPU µs per request, per chunk
  const t0 = performance.now();
  const cycles = Math.ceil(N / CHUNK);
  for (let c = 0; c < cycles; c++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(j + c) % names.length];
      const pid = procs[name].proc.pid;
      const before = cpuMs(pid);
      await run(name, CHUNK);
      perRequest[name].push(((cpuMs(pid) - before) * 1000) / CHUNK);
    }
  }
  const wallMs = performance.now() - t0;
  checkSameRequest(api, w.request);

  // Tight loops inside the SDK Worker (the `shared` process, already warm).
  const { port, agent, proc } = procs.shared;
  const loops = {};
  for (const op of ["new", "prepare", "stringify"]) await hit(port, `/loop?op=${op}&n=${LOOP / 4}`, agent);
  for (let r = 0; r < 3; r++) {
    for (const op of ["new", "prepare", "stringify"]) {
      const before = cpuMs(proc.pid);
      await hit(port, `/loop?op=${op}&n=${LOOP}`, agent);
      (loops[op] ||= []).push(((cpuMs(proc.pid) - before) * 1000) / LOOP);
    }
  }

  out = {
    requests: CHUNK * cycles, chunk: CHUNK, inFlight: IN_FLIGHT, warmup: WARMUP,
    us: Object.fromEntries(names.map((k) => [k, median(perRequest[k])])),
    ratio: Object.fromEntries(names.map((k) => [k, median(perRequest[k].map((v, i) => v / perRequest.hand[i]))])),
    wallUsPerRequest: (wallMs * 1000) / (CHUNK * cycles * names.length),
    loopUs: Object.fromEntries(Object.entries(loops).map(([k, v]) => [k, Math.min(...v)])),
    loopN: LOOP,
    chunks: Object.fromEntries(names.map((k) => [k, perRequest[k].map((v) => Math.round(v))])),
  };
} finally {
  for (const p of Object.values(procs)) {
    p.agent.destroy();
    await p.proc.stop();
  }
  api.close();
  w.cleanup();
}
process.stdout.write(JSON.stringify(out) + "\n");

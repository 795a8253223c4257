// Loopback throughput, in its own process: 5000 sends to a local server (bench/server.mjs,
// a separate process on 127.0.0.1), sequential and with 64 in flight, through the SDK and
// through the fair hand-written baseline: fetch with the same URL, headers and JSON body,
// JSON.stringify of the body and a timeout (AbortSignal.timeout(30000)), res.json() and the
// success check (the same global fetch, so the same undici pool settings).
//   node bench/throughput.mjs <pkgDir> [count] [rounds]
// Prints one JSON object (requests per second; medians over rounds).
import { fork } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [dir, countArg, roundsArg] = process.argv.slice(2);
const COUNT = Number(countArg || 5000);
const ROUNDS = Number(roundsArg || 2);
const here = fileURLToPath(new URL(".", import.meta.url));

const server = fork(join(here, "server.mjs"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
const { port } = await new Promise((resolve, reject) => {
  server.once("message", resolve);
  server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
});
const host = `http://127.0.0.1:${port}`;

const { Whautomate } = await import(pathToFileURL(join(dir, "node.mjs")).href);
const client = new Whautomate({ apiKey: "sk_bench_key", host, locationId: "loc_1", rateLimit: false, retry: { maxRetries: 0 } });
const message = { to: { phoneNumber: "+15551234567" }, text: "Hello" };
const req = client.prepare({ channel: "whatsapp", type: "text", ...message });
const wire = JSON.parse(req.body);

// One hand-written send: `fetch` + `res.json()` + the check any caller makes. `signal` is
// the fair baseline's timeout (AbortSignal.timeout) unless a variant passes its own.
async function handSend(url, body, signal = AbortSignal.timeout(30000)) {
  const res = await fetch(url, { method: req.method, headers: req.headers, body, signal });
  const data = await res.json();
  if (!res.ok || data.success !== true) throw new Error("unexpected answer");
}

// Time spent in one step of a variant, between real requests (see `inLoop` below).
const now = () => performance.now();
const slot = () => ({ ms: 0, n: 0 });
const spent = { prepare: slot(), stringify: slot(), pair: slot() };
function clocked(into, step) {
  const t = now();
  const value = step();
  into.ms += now() - t;
  into.n++;
  return value;
}
const perCallUs = (s) => (s.ms * 1000) / s.n;
// The two steps timed, as the variants below run them.
const prepareText = () => client.prepare({ channel: "whatsapp", type: "text", ...message });
const stringifyWire = () => JSON.stringify(wire);

const variants = {
  hand: () => handSend(req.url, JSON.stringify(wire)),
  sdk: () => client.whatsapp.sendText(message),
  // The rest split the SDK's cost (informational); each is the fair baseline with one part
  // changed. The SDK's timeout (js/exchange.js) instead of AbortSignal.timeout: an
  // AbortController and a timer per request, the controller's signal passed to fetch.
  handTimer: () => {
    const own = new AbortController();
    const timer = setTimeout(() => own.abort(), 30000);
    return handSend(req.url, JSON.stringify(wire), own.signal).finally(() => clearTimeout(timer));
  },
  // URL and body from the SDK's engine (`prepare`): what validating and building a request
  // costs, without the SDK's exchange.
  handPrepare: () => {
    const p = clocked(spent.prepare, prepareText);
    return handSend(p.url, p.body);
  },
  // Hand-written again, the same code as `hand`: how far two identical variants land
  // apart in one run (the noise of a ratio). It also times its JSON.stringify.
  handAgain: () => {
    clocked(spent.pair, () => {}); // what the timing itself costs between requests
    return handSend(req.url, clocked(spent.stringify, stringifyWire));
  },
  // No timeout at all: bare fetch, the baseline before the fair one.
  handBare: () => handSend(req.url, JSON.stringify(wire), null),
};

async function run(fn, count, inFlight) {
  let next = 0;
  const t0 = process.hrtime.bigint();
  const worker = async () => {
    while (next < count) {
      next++;
      await fn();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

// Warm up both paths and the connection pool.
for (const fn of Object.values(variants)) await run(fn, 500, 64);
for (const s of Object.values(spent)) Object.assign(s, slot());

// Each round sends COUNT per variant, in chunks of CHUNK that alternate between the
// variants (rotating order), so that load from elsewhere on the machine hits all alike;
// ratios are taken between neighbouring chunks, then the median over all chunks.
const CHUNK = Math.min(1000, COUNT);
const names = Object.keys(variants);
const rate = { 1: Object.fromEntries(names.map((k) => [k, []])), 64: Object.fromEntries(names.map((k) => [k, []])) };
for (const inFlight of [1, 64]) {
  for (let c = 0; c < ROUNDS * Math.ceil(COUNT / CHUNK); c++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(j + c) % names.length];
      rate[inFlight][name].push(CHUNK / (await run(variants[name], CHUNK, inFlight)));
    }
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const summary = (k) => ({
  hand: median(rate[k].hand), sdk: median(rate[k].sdk),
  ratio: median(rate[k].sdk.map((v, i) => v / rate[k].hand[i])),
  ...Object.fromEntries(names.filter((n) => n.startsWith("hand") && n !== "hand").flatMap((n) => [
    [n, median(rate[k][n])],
    [`${n}Ratio`, median(rate[k][n].map((v, i) => v / rate[k].hand[i]))],
  ])),
  rounds: rate[k],
});
// The same two steps in a tight loop, for comparison: between real requests, code finds
// its instructions and data evicted by everything fetch did since it last ran.
const tight = (fn) => {
  for (let i = 0; i < 2000; i++) fn();
  const t = now();
  for (let i = 0; i < 20000; i++) fn();
  return ((now() - t) * 1000) / 20000;
};
const inLoop = {
  prepareUs: perCallUs(spent.prepare),
  stringifyUs: perCallUs(spent.stringify),
  pairUs: perCallUs(spent.pair),
  prepareTightUs: tight(prepareText),
  stringifyTightUs: tight(stringifyWire),
};
const out = { count: COUNT, rounds: ROUNDS, chunk: CHUNK, seq: summary(1), par64: summary(64), inLoop };
server.kill();
process.stdout.write(JSON.stringify(out) + "\n");
process.exit(0);

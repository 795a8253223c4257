// History page parse time (issue 14): `client.messages.list()` of one large page against
// hand-written code doing the same work (fetch with the same timeout, `text()`,
// `JSON.parse`), both over loopback from the same local server, alternating, in one
// process. Also the longest event-loop stall of each (a 1 ms interval timer's worst
// lateness) and how much the process's array buffers (where wasm linear memory lives)
// grew: a page copied into wasm memory would stay there, as linear memory never shrinks.
//
// Usage: node bench/history.mjs <pkg dir> <MB> <rounds>; prints one JSON line.
import { createServer } from "node:http";
import { join, resolve } from "node:path";

const [pkgDir, mb = "1", roundsArg = "5"] = process.argv.slice(2);
const { Whautomate } = await import(join(resolve(pkgDir), "node.mjs"));
const rounds = Number(roundsArg);

const message = (i) => ({ id: `msg_${i}`, contactId: "ct_1", text: `message ${i}: ${"lorem ipsum dolor ".repeat(8)}`, isIncoming: i % 2 === 0, channel: "whatsapp", createdAt: "2026-01-01T00:00:00.000Z", status: "read" });
const perMessage = JSON.stringify(message(0)).length + 1;
const page = JSON.stringify(Array.from({ length: Math.ceil((Number(mb) * 1e6) / perMessage) }, (_, i) => message(i)));
const body = Buffer.from(page);

const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  res.end(body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const host = `http://127.0.0.1:${server.address().port}`;

const client = new Whautomate({ apiKey: "sk_bench", host, rateLimit: false, maxResponseBytes: 1 << 30 });
const sdk = () => client.messages.list("ct_1");
const hand = async () => {
  const res = await fetch(`${host}/v1/messages/ct_1`, { headers: { "x-api-key": "sk_bench" }, signal: AbortSignal.timeout(30_000) });
  return JSON.parse(await res.text());
};

// The worst lateness of a 1 ms timer while `fn` runs: how long the event loop was blocked.
async function timed(fn) {
  let last = performance.now(), stall = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last - 1);
    last = now;
  }, 1);
  const t0 = performance.now();
  const out = await fn();
  const ms = performance.now() - t0;
  clearInterval(tick);
  if (out.length < 1) throw new Error("empty page");
  return { ms, stall };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
await sdk(); // warm both paths and the engine
await hand();
const buffersBefore = process.memoryUsage().arrayBuffers;
const results = { sdk: [], hand: [] };
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of r % 2 ? [["hand", hand], ["sdk", sdk]] : [["sdk", sdk], ["hand", hand]]) results[name].push(await timed(fn));
}
globalThis.gc?.();
const grown = process.memoryUsage().arrayBuffers - buffersBefore;
server.close();
const pick = (name, key) => median(results[name].map((x) => x[key]));
console.log(JSON.stringify({
  mb: body.length / 1e6,
  sdkMs: pick("sdk", "ms"), handMs: pick("hand", "ms"),
  sdkStallMs: pick("sdk", "stall"), handStallMs: pick("hand", "stall"),
  arrayBuffersGrownMB: grown / 1e6,
}));

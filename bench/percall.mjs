// Per-call overhead without network, in its own process. Usage:
//   node bench/percall.mjs whautomate <pkgDir> [n]
//   node bench/percall.mjs <peer name> <peersDir> [n]
// Every variant gets the same in-memory fetch: a function resolving to a fresh
// `new Response(body)` (a Response body is read once). Prints one JSON object.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compare, peerLoader } from "./lib.mjs";
import { PEERS } from "./peers.mjs";

const [target, dir, nArg] = process.argv.slice(2);
const n = Number(nArg || 20000);
const respond = (body, status) => new Response(body, { status, headers: { "content-type": "application/json" } });

let result;
if (target === "whautomate") {
  const { Whautomate } = await import(pathToFileURL(join(dir, "node.mjs")).href);
  const body = '{"success":true}';
  const fetch = () => Promise.resolve(respond(body, 200));
  const client = new Whautomate({ apiKey: "sk_bench_key", locationId: "loc_1", rateLimit: false, fetch });
  const message = { to: { phoneNumber: "+15551234567" }, text: "Hello" };
  // The hand-written call sends exactly what the SDK sends.
  const req = client.prepare({ channel: "whatsapp", type: "text", ...message });
  const wire = JSON.parse(req.body);
  if (JSON.stringify(wire) !== req.body) throw new Error("hand-written body differs from the SDK's");
  const { url, method, headers } = req;
  const hand = async () => {
    const res = await fetch(url, { method, headers, body: JSON.stringify(wire) });
    const data = await res.json();
    if (!res.ok || data.success !== true) throw new Error("unexpected answer");
    return data;
  };
  // The same, plus what any SDK with a timeout has to do per call (informational).
  const handTimeout = async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30000);
    try {
      const res = await fetch(url, { method, headers, body: JSON.stringify(wire), signal: controller.signal });
      const data = await res.json();
      if (!res.ok || data.success !== true) throw new Error("unexpected answer");
      return data;
    } finally {
      clearTimeout(timer);
    }
  };
  // The same with a timer alone: a send's timeout in the SDK but for its AbortController,
  // which up to 32 calls share (js/exchange.js); informational.
  const handTimer = async () => {
    const timer = setTimeout(() => {}, 30000);
    try {
      const res = await fetch(url, { method, headers, body: JSON.stringify(wire) });
      const data = await res.json();
      if (!res.ok || data.success !== true) throw new Error("unexpected answer");
      return data;
    } finally {
      clearTimeout(timer);
    }
  };
  const sdk = () => client.whatsapp.sendText(message);
  const full = { channel: "whatsapp", type: "text", ...message };
  const send = () => client.send(full);
  const timings = await compare({ hand, sdk, send, handTimeout, handTimer }, { n });
  const prep = await compare(
    { stringify: () => JSON.stringify(wire), prepare: () => client.prepare(full) },
    { n, sync: true },
  );
  result = {
    target, n,
    handUs: timings.hand.us, sdkUs: timings.sdk.us, diffUs: timings.sdk.diff,
    sendUs: timings.send.us, sendDiffUs: timings.send.diff,
    handTimeoutUs: timings.handTimeout.us, handTimeoutDiffUs: timings.handTimeout.diff,
    handTimerUs: timings.handTimer.us, handTimerDiffUs: timings.handTimer.diff,
    prepareUs: prep.prepare.us, stringifyUs: prep.stringify.us,
    rounds: { hand: timings.hand.rounds, sdk: timings.sdk.rounds },
  };
} else {
  const peer = PEERS.find((p) => p.name === target);
  if (!peer || !peer.perCall) {
    result = { target, unavailable: "no custom-fetch setup" };
  } else {
    const { sdk, hand } = await peer.perCall(peerLoader(dir), respond);
    const m = Math.max(2000, Math.floor(n / 4));
    const timings = await compare({ hand, sdk }, { n: m, warmup: 500 });
    result = { target, n: m, handUs: timings.hand.us, sdkUs: timings.sdk.us, diffUs: timings.sdk.diff };
  }
}
process.stdout.write(JSON.stringify(result) + "\n");

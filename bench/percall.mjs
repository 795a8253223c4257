// Per-call overhead without network, in its own process. Usage:
//   node bench/percall.mjs whautomate <pkgDir> [n]
//   node bench/percall.mjs <peer name> <peersDir> [n]
// Every variant gets the same in-memory fetch: a function resolving to a fresh
// `new Response(body)` (a Response body is read once). The baseline ("hand") is the fair
// one: hand-written fetch with the same URL, headers and JSON body, JSON.stringify of the
// body and a timeout (AbortSignal.timeout(30000)); for peers, their own hand-written
// equivalent with the same timeout (bench/peers.mjs). Prints one JSON object.
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
  // The hand-written call sends exactly what the SDK sends. The baseline is the fair one:
  // what a careful caller writes by hand for the same work, `fetch` with the same URL,
  // headers and JSON body, `JSON.stringify` of the body, a timeout, `res.json()` and the
  // success check.
  const req = client.prepare({ channel: "whatsapp", type: "text", ...message });
  const wire = JSON.parse(req.body);
  if (JSON.stringify(wire) !== req.body) throw new Error("hand-written body differs from the SDK's");
  const { url, method, headers } = req;
  const check = async (res) => {
    const data = await res.json();
    if (!res.ok || data.success !== true) throw new Error("unexpected answer");
    return data;
  };
  const hand = async () => check(await fetch(url, { method, headers, body: JSON.stringify(wire), signal: AbortSignal.timeout(30000) }));
  // The same code again, as another variant: how far identical variants land apart.
  const handAgain = async () => check(await fetch(url, { method, headers, body: JSON.stringify(wire), signal: AbortSignal.timeout(30000) }));
  // Informational: bare fetch without a timeout (the baseline before the fair one), and the
  // fair baseline with the SDK's way of timing out instead of AbortSignal.timeout: an
  // AbortController and a timer per call (js/exchange.js).
  const bare = async () => check(await fetch(url, { method, headers, body: JSON.stringify(wire) }));
  const handTimer = async () => {
    const own = new AbortController();
    const timer = setTimeout(() => own.abort(), 30000);
    try {
      return check(await fetch(url, { method, headers, body: JSON.stringify(wire), signal: own.signal }));
    } finally {
      clearTimeout(timer);
    }
  };
  const sdk = () => client.whatsapp.sendText(message);
  const full = { channel: "whatsapp", type: "text", ...message };
  const send = () => client.send(full);
  // Many short rounds: AbortSignal.timeout leaves garbage (a timer, a WeakRef, a
  // FinalizationRegistry entry per call) whose collection lands on whichever variant runs
  // then; the median over many rounds is steadier than over a few long ones.
  const ROUNDS = 21;
  const timings = await compare({ hand, sdk, send, handAgain, bare, handTimer }, { n, rounds: ROUNDS });
  const prep = await compare(
    { stringify: () => JSON.stringify(wire), prepare: () => client.prepare(full) },
    { n, sync: true },
  );
  const t = (name) => ({ [`${name}Us`]: timings[name].us, [`${name}DiffUs`]: timings[name].diff, [`${name}Ratio`]: timings[name].ratio });
  result = {
    target, n, rounds: ROUNDS,
    handUs: timings.hand.us, sdkUs: timings.sdk.us, diffUs: timings.sdk.diff, ratio: timings.sdk.ratio,
    ...t("send"), ...t("handAgain"), ...t("bare"), ...t("handTimer"),
    prepareUs: prep.prepare.us, stringifyUs: prep.stringify.us,
    perRound: { hand: timings.hand.rounds, sdk: timings.sdk.rounds },
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

// First load in a browser (issue 18 §3), in its own process: headless Chromium
// (playwright-core, /usr/bin/chromium) on an emulated slow mobile network (CDP
// Network.emulateNetworkConditions: +150 ms per request, 1.6 Mbit/s down, 750 kbit/s up;
// the browser cache off, a fresh context per load), loading a page that sends one WhatsApp
// text as soon as it can, from navigation start until the send has resolved
// (performance.now() in the page, whose origin is the navigation's start).
//   node bench/first-load.mjs <pkgDir> [rounds] [variant,…]   (default: all five below)
// Variants, interleaved round by round (the order rotating), each an esbuild bundle
// (--bundle --minify --format=esm --platform=browser, as in the size row) behind a
// one-line index.html, all served from one server on 127.0.0.1 gzip-encoded (gzip -9,
// as a static host would; the emulated throughput applies to the bytes on the wire),
// the API on the same origin (no CORS preflight for either side):
//   hand          the fair baseline: fetch with the same URL, headers and body,
//                 JSON.stringify, AbortSignal.timeout(30000), res.json() and the check
//   hand-again    the same page again (the noise)
//   sdk           import { Whautomate } from "whautomate" (the browser entry), the .wasm
//                 beside the bundle, no hint in the page
//   sdk-preload   the same page with the README's one-line hint in its <head>:
//                 <link rel="preload" href="whautomate_bg.wasm" as="fetch" type="application/wasm" crossorigin>
//   sdk-inline    import from "whautomate/inline": the .wasm inside the bundle
// Checks, every load: exactly one message arrived, with the SDK's body; the .wasm was
// downloaded at most once (a preload hint that the entry's fetch does not match would
// download it twice). Prints one JSON object: medians per variant, the gaps to `hand`,
// rows for the bench's main table and a section for BENCHMARKS.md.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { median } from "./lib.mjs";
import { loadedAtStart } from "../scripts/loaded-at-start.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const [pkgDir, roundsArg, only] = process.argv.slice(2);
const ROUNDS = Number(roundsArg || 7);
const NET = { latencyMs: 150, downKbit: 1600, upKbit: 750 };
const GOAL_MS = 150;

// --- the pages ------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), "whautomate-first-load-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
mkdirSync(join(work, "node_modules"));
cpSync(pkgDir, join(work, "node_modules", "whautomate"), { recursive: true });
const done = "window.__done = performance.now();";
const SDK = (spec) => `import { Whautomate } from "${spec}";
const client = new Whautomate({ apiKey: "key", host: location.origin, locationId: "loc_1" });
await client.whatsapp.sendText({ to: { phoneNumber: "+15551234567" }, text: "Hello" });
${done}
`;
const HAND = `const res = await fetch(location.origin + "/v1/messages/whatsapp/sendtext", {
  method: "POST",
  headers: { "x-api-key": "key", "content-type": "application/json" },
  body: JSON.stringify({ recepient: { phoneNumber: "+15551234567" }, textMessage: "Hello", location: { id: "loc_1" } }),
  signal: AbortSignal.timeout(30000),
});
const json = await res.json();
if (!(res.ok && json.success === true)) throw new Error("send failed");
${done}
`;
const HINT = '<link rel="preload" href="whautomate_bg.wasm" as="fetch" type="application/wasm" crossorigin>';
const variants = {
  hand: { app: HAND },
  "hand-again": { app: HAND },
  sdk: { app: SDK("whautomate"), wasm: true },
  "sdk-preload": { app: SDK("whautomate"), wasm: true, head: HINT },
  "sdk-inline": { app: SDK("whautomate/inline") },
};
if (only) for (const n of Object.keys(variants)) if (n !== "hand" && !only.split(",").includes(n)) delete variants[n];
const files = new Map(); // url path -> { body (gzip), type, raw }
const lazy = new Set(); // the url paths of chunks loaded only by a dynamic import
const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm" };
const put = (path, raw) => files.set(path, { raw: raw.length, body: gzipSync(raw, { level: 9 }), type: MIME[extname(path)] || MIME[".html"] });
for (const [name, v] of Object.entries(variants)) {
  writeFileSync(join(work, `${name}.mjs`), v.app);
  // Split as an app's bundler splits dynamic imports (Vite, webpack, Parcel): the extras'
  // glue and drivers are chunks the page never requests when it only sends.
  const out = join(work, `${name}-out`);
  execFileSync(join(root, "node_modules", ".bin", "esbuild"), [`${name}.mjs`, "--bundle", "--minify", "--format=esm", "--platform=browser", "--splitting",
    `--outdir=${out}`, "--entry-names=app", `--metafile=${out}.json`, "--log-level=error"], { cwd: work });
  const { outputs } = JSON.parse(readFileSync(`${out}.json`, "utf8"));
  const eager = loadedAtStart(outputs, (entry) => entry === `${name}.mjs`);
  for (const file of Object.keys(outputs)) {
    const path = `/${name}/${basename(file)}`;
    put(path, readFileSync(join(work, file)));
    if (!eager.has(file)) lazy.add(path);
  }
  put(`/${name}/`, Buffer.from(`<!doctype html><meta charset="utf-8"><title>first load</title>${v.head || ""}<script type="module" src="app.js"></script>\n`));
  if (v.wasm) put(`/${name}/whautomate_bg.wasm`, readFileSync(join(pkgDir, "whautomate_bg.wasm")));
}

// --- the server: the pages, gzip-encoded, and the API -----------------------------------
let sent = [], wasmHits = 0, lazyHits = [];
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    const path = new URL(req.url, "http://x").pathname;
    if (path.startsWith("/v1/")) {
      sent.push(body);
      return res.writeHead(200, { "content-type": "application/json" }).end('{"success":true}');
    }
    const f = files.get(path);
    if (!f) return res.writeHead(404).end();
    if (path.endsWith(".wasm")) wasmHits++;
    if (lazy.has(path)) lazyHits.push(path);
    res.writeHead(200, { "content-type": f.type, "content-encoding": "gzip", "cache-control": "no-store" }).end(f.body);
  });
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const origin = `http://127.0.0.1:${server.address().port}`;

// --- the loads ------------------------------------------------------------------------
const { chromium } = await import(join(root, "node_modules", "playwright-core", "index.mjs"));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
async function load(name) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false, latency: NET.latencyMs, downloadThroughput: (NET.downKbit * 1000) / 8, uploadThroughput: (NET.upKbit * 1000) / 8,
    });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    sent = [];
    wasmHits = 0;
    lazyHits = [];
    await page.goto(`${origin}/${name}/`);
    await page.waitForFunction(() => window.__done, null, { timeout: 30_000 }).catch((e) => { throw new Error(`${name}: ${e.message.split("\n")[0]} ${errors.join("; ")}`); });
    const ms = await page.evaluate(() => window.__done);
    if (sent.length !== 1 || JSON.parse(sent[0]).textMessage !== "Hello") throw new Error(`${name}: ${sent.length} messages arrived: ${sent.join(" | ")}`);
    if (wasmHits > 1) throw new Error(`${name}: the .wasm was downloaded ${wasmHits} times (a preload the entry's fetch did not use?)`);
    if (lazyHits.length) throw new Error(`${name}: a page that only sends fetched ${lazyHits.join(", ")}`);
    return ms;
  } finally {
    await context.close();
  }
}
const names = Object.keys(variants);
const times = Object.fromEntries(names.map((n) => [n, []]));
try {
  for (const n of names) await load(n); // one unmeasured round: Chromium's own first-use costs
  for (let r = 0; r < ROUNDS; r++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(j + r) % names.length];
      times[n].push(await load(n));
    }
  }
} finally {
  await browser.close();
  server.close();
}

// --- the figures ------------------------------------------------------------------------
const med = Object.fromEntries(names.map((n) => [n, median(times[n])]));
const gap = (n) => med[n] - med.hand;
const wire = (name) => [...files].filter(([p]) => p.startsWith(`/${name}/`) && !lazy.has(p)).reduce((a, [, f]) => a + f.body.length, 0);
const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
const ms = (x) => `${x >= 0 ? "+" : ""}${x.toFixed(0)} ms`;
const emulation = `+${NET.latencyMs} ms per request, ${NET.downKbit / 1000} Mbit/s down, ${NET.upKbit} kbit/s up`;
const label = {
  hand: "hand-written fetch (fair baseline)",
  "hand-again": "hand-written again (the noise)",
  sdk: "whautomate, no hint in the page",
  "sdk-preload": "**whautomate with the preload hint** (the README's one line)",
  "sdk-inline": "whautomate/inline (the .wasm inside the bundle)",
};
const has = (n) => med[n] !== undefined;
const rows = !has("sdk-preload") || !has("sdk") || !has("sdk-inline") ? [] : [
  [`10. first load, emulated slow mobile (${emulation}): navigation to first message sent, with the README's preload hint (${ms(gap("sdk-preload"))})`,
    `${med["sdk-preload"].toFixed(0)} ms`, `hand-written fetch ${med.hand.toFixed(0)} ms`, `${(med["sdk-preload"] / med.hand).toFixed(2)}×`, `≤ +${GOAL_MS} ms`, gap("sdk-preload") <= GOAL_MS ? "pass" : "FAIL"],
  [`10. first load, the same without the hint (${ms(gap("sdk"))}); whautomate/inline (${ms(gap("sdk-inline"))}); noise (${ms(gap("hand-again"))})`,
    `${med.sdk.toFixed(0)}; ${med["sdk-inline"].toFixed(0)} ms`, `hand-written fetch ${med.hand.toFixed(0)} ms`, "", "(measured)", "—"],
];
const table = [
  "| page | on the wire (gzip) | navigation → first message sent (median) | gap to hand-written |",
  "|---|---:|---:|---:|",
  ...names.map((n) => `| ${label[n]} | ${kb(wire(n))} | ${med[n].toFixed(0)} ms | ${n === "hand" ? "" : ms(gap(n))} |`),
];
const section = `\n**10. First load in a browser** (bench/first-load.mjs: headless Chromium, the network emulated through CDP \`Network.emulateNetworkConditions\` (${emulation}; cache off; a fresh context per load); each page is an esbuild bundle (--minify, browser) behind a one-line index.html, served gzip-encoded from 127.0.0.1 with the API on the same origin; time from navigation start to the send's resolution, ${ROUNDS} interleaved rounds after an unmeasured one, medians. Each load checked: one message arrived, the .wasm downloaded at most once.)\n\n${table.join("\n")}\n`;
console.log(JSON.stringify({ rounds: ROUNDS, net: NET, medians: med, gaps: Object.fromEntries(names.map((n) => [n, gap(n)])), wire: Object.fromEntries(names.map((n) => [n, wire(n)])), times, rows, section }));

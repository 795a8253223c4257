// Runtime smoke tests: the built package (pkg/) loads and sends a real HTTP request from
// Node CommonJS, Node ESM, Deno, Bun, workerd (unbundled, and bundled the way wrangler
// does) and headless Chromium (playwright-core driving /usr/bin/chromium).
//
// One local HTTP server on 127.0.0.1 records every /v1/ request and answers
// {"success": true}; it also serves pkg/ and the browser page. Each runtime imports the
// package by its name ("whautomate") so that package.json `exports` picks the entry, sends
// one WhatsApp text, and prints its result. For every runtime this checks: the entry the
// exports map chose, the exported names (the same everywhere), and that exactly one
// POST /v1/messages/whatsapp/sendtext arrived with the right x-api-key and JSON body.
// Each runtime also imports "whautomate/webhooks" by name (webhooks-core.mjs): its entry
// and exported names (the same everywhere), parseWebhookEvent on the vendor's example and
// on a body that is no event (a WhautomateError that is "whautomate"'s class), and
// createWebhookHandler through a run of deliveries (200 handled, 200 duplicate without
// onEvent, 401 wrong or no secret, 400 bad body): in-process with the runtime's own
// Request and Response, and over real HTTP where the runtime serves it (Deno.serve,
// Bun.serve, the Worker's own socket; createWebhookListener behind node:http in Node,
// Deno and Bun). And every runtime is held to the host table (tests/fixtures/hosts.json),
// its own `new URL()` reading each host: the same base URLs and refusals everywhere. And
// to bodies over maxResponseBytes (a gzip 404 that inflates twentyfold, a plain 200): each
// keeps its status and none is read whole, in the page from another origin too.
//
// Usage: node tests/runtimes/run.mjs [runtime…]   (needs pkg/ built: `make test-runtimes`)
// Prints `ok <runtime>` or `FAIL <runtime>: why` per runtime, then `N passed, M failed`.
// Nothing is downloaded: every tool comes from node_modules/.bin or /usr/bin/chromium.
import { kill, processes } from "../support/processes.mjs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { isDeepStrictEqual } from "node:util";
import { REDIRECTS } from "./smoke-core.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
// WHAUTOMATE_PKG: test another copy of the package (e.g. an unpacked `npm pack` tarball).
const pkg = resolve(process.env.WHAUTOMATE_PKG || join(root, "pkg"));
const bin = (name) => join(root, "node_modules", ".bin", name);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TIMEOUT_MS = 30_000;
const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
// Each condition's file (a condition holds `{ types, default }`, or nested conditions).
const files = (c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, typeof v === "string" ? v : v.default ?? files(v)]));
const conditions = files(manifest.exports["."]);
const hookConditions = files(manifest.exports["./webhooks"]);

// --- the local servers ----------------------------------------------------------------
const requests = [];
// The smoke test's body over maxResponseBytes (1 MiB): 20 MiB of spaces, gzip (about 20 KB).
const OVERSIZE_GZIP = gzipSync(Buffer.alloc(20 << 20, 0x20), { level: 9 });
// Another origin, where the hostile checks' redirects point: nothing may ever reach it.
const elsewhereHits = [];
const elsewhere = createServer((req, res) => { elsewhereHits.push(`${req.method} ${req.url} key=${req.headers["x-api-key"]}`); res.writeHead(200, CORS).end('{"success":true}'); });
await new Promise((ok) => elsewhere.listen(0, "127.0.0.1", ok));
const elsewhereHost = `http://127.0.0.1:${elsewhere.address().port}`;
// The hostile checks' requests, by runtime (each must arrive exactly once: no redirect loop).
const hostileHits = [];
const hung = [];
const MIME = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".html": "text/html" };
const CORS = { "access-control-allow-origin": "*", "access-control-allow-headers": "x-api-key, content-type", "access-control-allow-methods": "GET, POST, PUT, DELETE, OPTIONS" };

const page = () => `<!doctype html><meta charset="utf-8"><title>whautomate smoke</title>
<script type="importmap">${JSON.stringify({ imports: {
  whautomate: "/pkg/" + conditions.browser.replace(/^\.\//, ""),
  "whautomate/webhooks": "/pkg/" + hookConditions.browser.replace(/^\.\//, ""),
} })}</script>
<script type="module" src="/test/page.mjs"></script>`;

function serveFile(res, base, rel) {
  const file = resolve(base, rel);
  if (!file.startsWith(base + sep)) return false;
  try {
    if (!statSync(file).isFile()) return false;
  } catch {
    return false;
  }
  res.writeHead(200, { ...CORS, "content-type": MIME[extname(file)] || "application/octet-stream" });
  res.end(readFileSync(file));
  return true;
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const url = new URL(req.url, "http://x");
    if (req.method === "OPTIONS") return res.writeHead(204, CORS).end();
    if (url.pathname.startsWith("/v1/")) {
      const hostileText = parse(Buffer.concat(chunks).toString("utf8"))?.textMessage;
      const redirect = /^redirect (\d+) from (.+)$/.exec(hostileText || "") || /^\/v1\/messages\/redirect-(\d+)-(.+)$/.exec(url.pathname);
      if (redirect) {
        hostileHits.push(`${redirect[2]} ${req.method} ${redirect[1]}`);
        return res.writeHead(Number(redirect[1]), { ...CORS, location: `${elsewhereHost}/v1/messages/telegram/sendtext` }).end();
      }
      if (typeof hostileText === "string" && hostileText.startsWith("oversize gzip from ")) {
        res.writeHead(404, { ...CORS, "content-type": "text/plain", "content-encoding": "gzip", "content-length": OVERSIZE_GZIP.length });
        return res.end(OVERSIZE_GZIP);
      }
      if (typeof hostileText === "string" && hostileText.startsWith("oversize plain from ")) {
        res.writeHead(200, { ...CORS, "content-type": "application/json", "content-length": 2 << 20 });
        return res.end(" ".repeat(2 << 20));
      }
      // A status line, a few bytes of a longer body, and the connection dropped.
      const cut = /^cut (\d+) from (.+)$/.exec(hostileText || "");
      if (cut) {
        hostileHits.push(`${cut[2]} cut ${cut[1]}`);
        res.writeHead(Number(cut[1]), { ...CORS, "content-type": "application/json", "content-length": 100 });
        res.write('{"message":"part');
        return setTimeout(() => req.socket.destroy(), 20);
      }
      if (typeof hostileText === "string" && hostileText.startsWith("echo key from ")) {
        const key = req.headers["x-api-key"];
        const escaped = [...key].map((c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")).join("");
        const slashed = JSON.stringify(key).slice(1, -1).replace(/\//g, "\\/");
        res.writeHead(400, { ...CORS, "content-type": "application/json" });
        return res.end(`{"message":"bad key ${escaped}","details":[{"k":"${slashed}"}],"${slashed}":1}`);
      }
      // The smoke test's "hang from …" sends are never answered; when their connection
      // closes is what tells whether the runtime cancelled them.
      const text = parse(Buffer.concat(chunks).toString("utf8"))?.textMessage;
      if (typeof text === "string" && text.startsWith("hang from ")) {
        const entry = { text, opened: Date.now(), closed: undefined };
        hung.push(entry);
        res.on("close", () => { entry.closed = Date.now(); });
        return;
      }
      requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { ...CORS, "content-type": "application/json" });
      return res.end(JSON.stringify({ success: true }));
    }
    if (url.pathname === "/favicon.ico") return res.writeHead(204, CORS).end();
    if (url.pathname === "/page.html") {
      res.writeHead(200, { ...CORS, "content-type": "text/html" });
      return res.end(page());
    }
    if (url.pathname.startsWith("/pkg/") && serveFile(res, pkg, url.pathname.slice(5))) return;
    // The scratch project's copies (smoke-core.mjs with its host table filled in).
    if (url.pathname.startsWith("/test/") && serveFile(res, work, url.pathname.slice(6))) return;
    res.writeHead(404, CORS).end("not found");
  });
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const host = `http://127.0.0.1:${server.address().port}`;

// --- a scratch project where "whautomate" resolves through node_modules to pkg/ ------
const work = mkdtempSync(join(tmpdir(), "whautomate-runtimes-"));
mkdirSync(join(work, "node_modules"));
symlinkSync(pkg, join(work, "node_modules", "whautomate"), "dir");
for (const f of ["smoke.mjs", "smoke.cjs", "smoke-core.mjs", "webhooks-core.mjs", "worker.mjs", "page.mjs"]) cpSync(join(here, f), join(work, f));
// The host table goes into the copy of smoke-core.mjs as a literal: a Worker and a page read no files.
const hostTable = readFileSync(join(root, "tests", "fixtures", "hosts.json"), "utf8");
const core = readFileSync(join(work, "smoke-core.mjs"), "utf8");
if (!core.includes("const HOST_TABLE = null;")) throw new Error("smoke-core.mjs has no HOST_TABLE to fill in");
writeFileSync(join(work, "smoke-core.mjs"), core.replace("const HOST_TABLE = null;", () => `const HOST_TABLE = ${hostTable.trim()};`));
// Deno reads the dependency list from package.json and, with --node-modules-dir=manual,
// resolves it from the existing node_modules without installing anything.
writeFileSync(join(work, "package.json"), JSON.stringify({ private: true, dependencies: { whautomate: "*" } }));

const children = processes();
const run = (cmd, args, { env = {}, timeoutMs = TIMEOUT_MS } = {}) => children.run(cmd, args, { cwd: work, env: { ...process.env, NO_COLOR: "1", ...env }, timeoutMs });
const resultOf = (out) => {
  const line = out.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`no RESULT line; output:\n${out.trim().slice(-2000)}`);
  return JSON.parse(line.slice(7));
};
const freePort = () => new Promise((ok) => {
  const s = createNetServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
});

// A host on a port nothing listens on (one just freed): where Node, Deno and Bun's own
// fetch are sent for the "unreachable" check (smoke-core.mjs).
const closedHost = async () => `http://127.0.0.1:${await freePort()}`;
const UNREACHABLE_IN = new Set(["node-cjs", "node-esm", "deno", "bun"]);

// --- one function per runtime; each returns the smoke result object -------------------
const script = (cmd, args, env) => async () => resultOf((await run(cmd, args, { env })).out);

// `served`: the webhook endpoints (webhooks-core.mjs) each runtime must have run, besides
// "handler in-process".
const NODE_LISTENER = "listener over node:http";
const WORKER_SOCKET = "handler over the Worker's socket";
const runtimes = {
  "node-cjs": { entry: conditions.node.require, hooksEntry: hookConditions.node.require, served: [NODE_LISTENER], go: async (rt) => script(process.execPath, ["smoke.cjs", rt, host, await closedHost()])() },
  "node-esm": { entry: conditions.node.import, hooksEntry: hookConditions.node.import, served: [NODE_LISTENER], go: async (rt) => script(process.execPath, ["smoke.mjs", rt, host, await closedHost()])() },
  deno: {
    entry: conditions.deno,
    hooksEntry: hookConditions.deno,
    served: ["handler over Deno.serve", NODE_LISTENER],
    go: async (rt) => script(bin("deno"), ["run", "--no-lock", "--no-config", "--node-modules-dir=manual", "--allow-read",
      "--allow-net=127.0.0.1", "smoke.mjs", rt, host, await closedHost()], { DENO_DIR: join(work, ".deno"), DENO_NO_UPDATE_CHECK: "1" })(),
  },
  bun: { entry: conditions.bun, hooksEntry: hookConditions.bun, served: ["handler over Bun.serve", NODE_LISTENER], go: async (rt) => script(bin("bun"), ["--no-install", "smoke.mjs", rt, host, await closedHost()], { DO_NOT_TRACK: "1" })() },
  workerd: { entry: conditions.workerd, hooksEntry: hookConditions.workerd, served: [WORKER_SOCKET], go: (rt) => runWorkerd(rt, rawWorker()) },
  "workerd-bundled": { entry: conditions.workerd, hooksEntry: hookConditions.workerd, served: [WORKER_SOCKET], go: async (rt) => runWorkerd(rt, await bundledWorker()) },
  chromium: { entry: conditions.browser, hooksEntry: hookConditions.browser, served: [], go: runChromium },
};

// workerd, two ways. "workerd": the package's files become modules of one Worker, as with
// wrangler's `no_bundle`; the file the exports map names under "workerd" is registered
// under the bare name "whautomate" (so its relative imports resolve beside it) and the
// .wasm is a `wasm` module. "whautomate/webhooks" cannot be its file itself (workerd would
// resolve that file's "./…" imports under "whautomate/": a second error.js, so a second
// WhautomateError class): it is a one-line module, `export * from` the file the exports
// map names under "workerd", which is registered beside the others (the entry has no
// default export for `export *` to drop). "workerd-bundled": what wrangler does by
// default: esbuild resolves "whautomate" and "whautomate/webhooks" with wrangler's
// conditions (workerd, worker, browser), the .wasm imports stay external and are handed
// to workerd as `wasm` modules beside the bundle (both: sending's and receiving's).
const pkgFile = (name) => `node_modules/whautomate/${name.replace(/^\.\//, "")}`;

function rawWorker() {
  const modules = [
    `(name = "worker.mjs", esModule = embed "worker.mjs")`,
    `(name = "smoke-core.mjs", esModule = embed "smoke-core.mjs")`,
    `(name = "webhooks-core.mjs", esModule = embed "webhooks-core.mjs")`,
    `(name = "whautomate", esModule = embed "${pkgFile(conditions.workerd)}")`,
    `(name = "whautomate/webhooks", esModule = embed "webhooks-entry.mjs")`,
  ];
  const hooksEntry = hookConditions.workerd.replace(/^\.\//, "");
  writeFileSync(join(work, "webhooks-entry.mjs"), `export * from "../${hooksEntry}";\n`);
  if (!hooksEntry.endsWith(".js")) modules.push(`(name = "${hooksEntry}", esModule = embed "${pkgFile(hooksEntry)}")`);
  const walk = (dir) => readdirSync(join(pkg, dir), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]);
  for (const f of walk(".")) {
    const name = f.split(sep).join("/");
    if (name.endsWith(".wasm")) modules.push(`(name = "${name}", wasm = embed "${pkgFile(name)}")`);
    else if (name.endsWith(".js")) modules.push(`(name = "${name}", esModule = embed "${pkgFile(name)}")`);
  }
  return { modules, entry: conditions.workerd, hooksEntry: hookConditions.workerd };
}

async function bundledWorker() {
  const { code, out } = await run(bin("esbuild"), ["worker.mjs", "--bundle", "--format=esm", "--platform=browser",
    "--conditions=workerd,worker,browser", "--external:*.wasm", "--log-level=warning", "--metafile=bundled/meta.json",
    "--outfile=bundled/worker.js"]);
  if (code !== 0) throw new Error(`esbuild failed:\n${out}`);
  const { inputs } = JSON.parse(readFileSync(join(work, "bundled", "meta.json"), "utf8"));
  // The file each bare name in worker.mjs resolved to (esbuild names inputs by real path,
  // the symlink resolved, so each is a file of pkg/).
  const resolved = (name) => {
    const to = inputs["worker.mjs"]?.imports.find((i) => i.original === name)?.path;
    return to && resolve(work, to).startsWith(realpathSync(pkg) + sep) ? resolve(work, to) : `(none: ${to})`;
  };
  const wasmImports = [...readFileSync(join(work, "bundled", "worker.js"), "utf8").matchAll(/from\s*"([^"]+\.wasm)"/g)].map((m) => m[1]);
  const wasmFiles = ["whautomate_full_bg.wasm", "whautomate_webhooks_bg.wasm"];
  if (!isDeepStrictEqual(wasmImports.map(basename).sort(), wasmFiles)) throw new Error(`bundle imports .wasm files [${wasmImports}], expected one each of [${wasmFiles}]`);
  const modules = [`(name = "worker.js", esModule = embed "bundled/worker.js")`];
  for (const wasmImport of wasmImports) {
    const wasmName = wasmImport.replace(/^\.\//, "");
    cpSync(join(pkg, basename(wasmName)), join(work, "bundled", wasmName));
    modules.push(`(name = "${wasmName}", wasm = embed "bundled/${wasmName}")`);
  }
  return { modules, entry: resolved("whautomate"), hooksEntry: resolved("whautomate/webhooks") };
}

async function runWorkerd(rt, { modules, entry, hooksEntry }) {
  const port = await freePort();
  const config = `config-${rt}.capnp`;
  writeFileSync(join(work, config), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smoke),
    # The default "internet" service refuses private and loopback addresses.
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const smoke :Workerd.Worker = (
  modules = [\n    ${modules.join(",\n    ")},\n  ],
  compatibilityDate = "2025-01-01",
);
`);
  const proc = run(bin("workerd"), ["serve", config]);
  const query = new URLSearchParams({ runtime: rt, host, entry, hooksEntry });
  const deadline = Date.now() + TIMEOUT_MS;
  try {
    for (;;) {
      const early = await Promise.race([proc, new Promise((ok) => setTimeout(ok, 100))]);
      if (early) throw new Error(`workerd exited (${early.code}):\n${early.out.trim().slice(-2000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/?${query}`, { signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
        const text = await res.text();
        try { return JSON.parse(text); } catch { throw new Error(`workerd answered ${res.status}: ${text.slice(0, 500)}\n${proc.output().trim().slice(-2000)}`); }
      } catch (e) {
        if (e.cause?.code !== "ECONNREFUSED" || Date.now() > deadline) throw e;
      }
    }
  } finally {
    kill(proc.child);
    await proc;
  }
}

// Chromium through playwright-core and Debian's browser (nothing downloaded).
async function runChromium(rt) {
  const { chromium } = await import(join(root, "node_modules", "playwright-core", "index.mjs"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM, timeout: TIMEOUT_MS,
    args: ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  try {
    const tab = await browser.newPage();
    const problems = [];
    tab.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    tab.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    await tab.goto(`${host}/page.html?runtime=${rt}`);
    try {
      await tab.waitForFunction(() => window.__result, null, { timeout: TIMEOUT_MS });
    } catch (e) {
      throw new Error(`${e.message.split("\n")[0]} (window.__result never set)\n${problems.join("\n")}`);
    }
    const result = await tab.evaluate(() => window.__result);
    return result;
  } finally {
    await browser.close();
  }
}

// --- checks ----------------------------------------------------------------------------
const expectedBody = (rt) => ({ recepient: { phoneNumber: "+16505551234" }, textMessage: `hello from ${rt}`, location: { id: "loc_1" } });
const parse = (s) => { try { return JSON.parse(s); } catch { return undefined; } };
const basename = (p) => String(p).split(/[\\/]/).pop();

// What webhooks-core.mjs must find in every runtime.
const HOOK_NAMES = ["WhautomateError", "createWebhookHandler", "createWebhookListener", "parseWebhookEvent", "verifyWebhook"];
const WEBHOOK_EVENT = {
  id: "cIH32l5nW8", type: "incoming_whatsapp_message", direction: "incoming", channel: "whatsapp", key: "2xoE5Rb6yT",
  occurredAt: "2024-03-17T03:31:24.572Z", message: { id: "2xoE5Rb6yT", channel: "whatsapp", isIncoming: true, from: "John" },
};
const WEBHOOK_STEPS = {
  steps: ["good: 200, onEvent calls 1", "same again: 200, onEvent calls 1", "wrong secret: 401, onEvent calls 1",
    "no secret: 401, onEvent calls 1", "bad body: 400, onEvent calls 1"],
  seen: ["cIH32l5nW8 incoming whatsapp isIncoming=true"],
};

function checkWebhooks(expected, w, hookNames) {
  if (!w) return ["no webhooks result"];
  const why = [];
  const is = (what, got, want) => { if (!isDeepStrictEqual(got, want)) why.push(`webhooks: ${what} ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`); };
  if (w.error) why.push(`webhooks failed: ${w.error}`);
  if (basename(w.entry) !== basename(expected.hooksEntry)) why.push(`webhooks: loaded ${w.entry}, exports map says ${expected.hooksEntry}`);
  if (hookNames && !isDeepStrictEqual(w.exports, hookNames)) why.push(`webhooks: exports differ: [${w.exports}] vs [${hookNames}]`);
  const missing = HOOK_NAMES.filter((n) => !w.exports?.includes(n));
  if (missing.length) why.push(`webhooks: missing exports [${missing}]`);
  if (w.error) return why;
  is("WhautomateError is whautomate's:", w.sameErrorClass, true);
  is("parsed event", w.event, WEBHOOK_EVENT);
  is("replyToMessage absent:", w.replyToMessageAbsent, true);
  is("raw kept as received:", w.rawKept, true);
  is('parseWebhookEvent("nope") threw', w.bad, { name: "WhautomateError", code: "invalid_input", field: "body", instanceofMain: true, instanceofHooks: true });
  is("verifyWebhook [right, wrong, right as object, none]", w.verified, [true, false, true, false]);
  is("endpoints run", Object.keys(w.deliveries).sort(), ["handler in-process", ...expected.served].sort());
  for (const [name, got] of Object.entries(w.deliveries)) is(`${name}:`, got, WEBHOOK_STEPS);
  return why;
}

function check(rt, expected, result, names, hookNames) {
  const why = [];
  if (!result.ok) why.push(`send failed: ${result.error}`);
  if (basename(result.entry) !== basename(expected.entry)) why.push(`loaded ${result.entry}, exports map says ${expected.entry}`);
  if (names && !isDeepStrictEqual(result.exports, names)) why.push(`exports differ: [${result.exports}] vs [${names}]`);
  if (!isDeepStrictEqual(result.names, ["Whautomate", "WhautomateError", "validate", "version"])) why.push(`the exports are named ${JSON.stringify(result.names)}`);
  const mine = requests.filter((r) => parse(r.body)?.textMessage === `hello from ${rt}`);
  if (mine.length !== 1) why.push(`${mine.length} requests arrived, expected 1`);
  for (const r of mine) {
    if (r.method !== "POST" || r.url !== "/v1/messages/whatsapp/sendtext") why.push(`request was ${r.method} ${r.url}`);
    if (r.headers["x-api-key"] !== "sk_test_smoke") why.push(`x-api-key header was ${JSON.stringify(r.headers["x-api-key"])}`);
    if (!/^application\/json/.test(r.headers["content-type"] || "")) why.push(`content-type was ${JSON.stringify(r.headers["content-type"])}`);
    if (!isDeepStrictEqual(parse(r.body), expectedBody(rt))) why.push(`body was ${r.body}`);
  }
  // The extras module: sendMany's one message sent, once; the subscription deleted by
  // one DELETE with the key and without a body.
  if (result.ok && !isDeepStrictEqual(result.many, { sent: 1, failed: 0, unknown: 0, status: "sent" })) why.push(`sendMany ended as ${JSON.stringify(result.many)}`);
  const many = requests.filter((r) => parse(r.body)?.textMessage === `many from ${rt}`);
  if (many.length !== 1 || many[0].url !== "/v1/messages/telegram/sendtext") why.push(`sendMany: ${many.length} requests arrived (${many.map((r) => r.url)}), expected 1`);
  const deletes = requests.filter((r) => r.url === `/v1/webhooks/wh_${rt}`);
  if (deletes.length !== 1 || deletes[0].method !== "DELETE" || deletes[0].headers["x-api-key"] !== "sk_test_smoke" || deletes[0].body !== "") why.push(`webhooks.delete: ${JSON.stringify(deletes.map((r) => [r.method, r.body]))}`);
  if (result.ok && result.deleted !== null) why.push(`webhooks.delete resolved to ${JSON.stringify(result.deleted)}`);
  // Each runtime's two timed-out sends: rejected with "timeout" and cancelled: the
  // connection closes when the 300 ms timeout aborts the exchange's own controller,
  // before the smoke test stops lingering 1.5 s later (below). ("timeout" rather than
  // "network" says nothing was cut short.)
  if (result.ok && !isDeepStrictEqual(result.timeouts, ["timeout", "timeout"])) why.push(`timed-out sends ended as ${JSON.stringify(result.timeouts)}`);
  // The hostile checks: every redirect refused as http_error (with its status, except
  // where the platform hides it: a browser's opaqueredirect), nothing sent, each call one
  // request; the echoed key in no rendering of the error.
  if (result.ok) {
    const hidden = rt === "chromium";
    const want = REDIRECTS.flatMap((code) => [
      { code: "http_error", status: hidden ? null : code, mayHaveBeenSent: false },
      { code: "http_error", status: hidden ? null : code, mayHaveBeenSent: false },
    ]);
    if (!isDeepStrictEqual(result.hostile.redirects, want)) why.push(`redirects ended as ${JSON.stringify(result.hostile.redirects)}`);
    const hits = hostileHits.filter((h) => h.startsWith(`${rt} `) && !h.includes(" cut "));
    if (hits.length !== REDIRECTS.length * 2) why.push(`redirecting server saw ${hits.length} requests, expected ${REDIRECTS.length * 2}: ${hits}`);
    // A body cut while it arrives, in this runtime's own fetch: the status decides, and
    // each send went once.
    const wantCut = { refused: { code: "unauthorized", status: 401, mayHaveBeenSent: false }, accepted: { code: "invalid_response", status: 200, mayHaveBeenSent: true } };
    if (!isDeepStrictEqual(result.cut, wantCut)) why.push(`bodies cut while they arrived ended as ${JSON.stringify(result.cut)}`);
    const cutHits = hostileHits.filter((h) => h.startsWith(`${rt} cut `));
    if (cutHits.length !== 2) why.push(`the cutting server saw ${cutHits.length} requests, expected 2: ${cutHits}`);
    if (!isDeepStrictEqual(result.hostile.echo, { code: "bad_request", leaked: false, bodyParsed: true })) why.push(`echoed key: ${JSON.stringify(result.hostile.echo)}`);
    // Bodies over maxResponseBytes keep their status and are never read whole: the gzip one
    // counted as it inflates, in a page too, where it comes from another origin.
    // (Cross-origin, in the page, even the plain body's declared length is not trusted.)
    const plainSeen = rt === "chromium" ? "more than that arrived" : "bytes declared";
    const wantOversize = { gzip: { code: "not_found", status: 404, mayHaveBeenSent: false, seen: "more than that arrived" }, plain: { code: "invalid_response", status: 200, mayHaveBeenSent: true, seen: plainSeen } };
    if (!isDeepStrictEqual(result.oversize, wantOversize)) why.push(`bodies over maxResponseBytes ended as ${JSON.stringify(result.oversize)}`);
    // Nothing listening: Node and Bun say so by a code, and the engine reads it as
    // certainly not sent (so retried, and `failed` in a sendMany). Deno's words ("client
    // error (Connect)") also end a send its fetch may have written on a kept-alive
    // connection before trying a new one: read as may have been sent, never resent.
    const wantUnreachable = !UNREACHABLE_IN.has(rt) ? undefined : rt === "deno" ? { code: "network", mayHaveBeenSent: true, retryable: false } : { code: "network", mayHaveBeenSent: false, retryable: true };
    if (!isDeepStrictEqual(result.unreachable, wantUnreachable)) why.push(`a send to a port nothing listens on ended as ${JSON.stringify(result.unreachable)}`);
    if (!isDeepStrictEqual(result.holes, { code: "invalid_input", field: "messages", violation: "too_many" })) why.push(`sendMany of 2^32 - 1 holes ended as ${JSON.stringify(result.holes)}`);
    // The host table (tests/fixtures/hosts.json), read by this runtime's `new URL()`.
    if (!Array.isArray(result.hosts) || result.hosts.length > 0) why.push(`host table: ${JSON.stringify(result.hosts)}`);
    // The number rule and errors' own violations, as this runtime's engine applies them.
    if (!Array.isArray(result.numbers) || result.numbers.length > 0) why.push(`numbers: ${JSON.stringify(result.numbers)}`);
  }
  why.push(...checkWebhooks(expected, result.webhooks, hookNames));
  const slow = hung.filter((h) => h.text.startsWith(`hang from ${rt} `));
  if (slow.length !== 2) why.push(`${slow.length} never-answered requests arrived, expected 2`);
  for (const h of slow) {
    // Closed by the runtime's abort: before the smoke test stopped lingering, while the
    // process (or Worker) still lived. Not a timing bound: on a loaded machine the 300 ms
    // timer may fire late, and only the order says who closed it.
    if (h.closed === undefined || !(h.closed <= result.lingered)) why.push(`"${h.text}" was not cancelled by its timeout: the connection closed ${h.closed === undefined ? "never" : `${h.closed - h.opened} ms after it opened, after the smoke test's lingering ended (${result.lingered - h.opened} ms)`}`);
  }
  return why;
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(runtimes);
let passed = 0, failed = 0, names, hookNames;
const started = Date.now();
try {
  const outcomes = await Promise.all(wanted.map(async (rt) => {
    const t0 = Date.now();
    if (!runtimes[rt]) return { rt, error: `unknown runtime (known: ${Object.keys(runtimes).join(", ")})` };
    try {
      return { rt, result: await runtimes[rt].go(rt), ms: Date.now() - t0 };
    } catch (e) {
      return { rt, error: String(e?.message || e), ms: Date.now() - t0 };
    }
  }));
  names = outcomes.find((o) => o.result)?.result.exports;
  hookNames = outcomes.find((o) => o.result?.webhooks)?.result.webhooks.exports;
  for (const { rt, result, error, ms } of outcomes) {
    const why = error ? [error] : check(rt, runtimes[rt], result, names, hookNames);
    if (why.length === 0) { passed++; console.log(`ok ${rt} (${ms} ms)`); }
    else { failed++; console.log(`FAIL ${rt}: ${why.join("\n  ")}`); }
  }
  const strays = requests.filter((r) => !wanted.some((rt) => [`hello from ${rt}`, `many from ${rt}`, `echo key from ${rt}`].includes(parse(r.body)?.textMessage) || r.url === `/v1/webhooks/wh_${rt}`));
  if (strays.length) { failed++; console.log(`FAIL unexpected requests: ${strays.map((r) => `${r.method} ${r.url}`).join(", ")}`); }
  if (elsewhereHits.length) { failed++; console.log(`FAIL a redirect was followed to another origin: ${elsewhereHits.join(", ")}`); }
} finally {
  children.killAll();
  server.close();
  server.closeAllConnections?.();
  elsewhere.close();
  elsewhere.closeAllConnections?.();
  rmSync(work, { recursive: true, force: true });
}
console.log(`(runtimes took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

// Shared by bench/workerd-cold.mjs and bench/workerd-cpu.mjs: two Workers that send one
// WhatsApp text, run by `workerd serve` (node_modules/.bin/workerd), against a local
// server on 127.0.0.1 answering {"success":true}.
//
// - "sdk": the package as a Worker uses it without a bundler, the way tests/runtimes/run.mjs
//   writes it (wrangler's `no_bundle`): the file pkg/package.json's exports map names under
//   "workerd" is registered under the bare name "whautomate", the .js files it imports
//   (transitively) beside it, and the .wasm it imports as a `wasm` module (workerd hands
//   it over as a WebAssembly.Module): what a deployed Worker holds. Its
//   fetch handler sends through a client made inside `fetch` (`/new`: the usual pattern, as
//   `env` only exists there) or through one client kept per isolate (`/shared`).
// - "bundled": the same Worker as wrangler bundles it by default: esbuild over the Worker
//   and the package (the "workerd" condition, every .wasm left a module of its own), one
//   script plus the .wasm.
// - "hand": the fair baseline, hand-written code doing the same work: `fetch` with the
//   same URL, headers and JSON body as the SDK sends (taken from `client.prepare` and
//   checked against what the server receives), `JSON.stringify` of the body object, a
//   timeout (`AbortSignal.timeout(30000)`), `res.json()` and the success check.
//
// Both read the key and the host from `env` bindings, use rateLimit: false on the SDK side
// (the hand-written code has no limiter), and answer "/noop" without sending anything.
//
// CPU of a workerd process (cpuMs): the sum over its threads of the first field of
// /proc/<pid>/task/<tid>/schedstat, the time each thread spent on a CPU, in ns (the
// kernel's sum_exec_runtime; /proc/<pid>/stat's utime + stime count the same in 10 ms
// ticks, too coarse here). Threads that exited are not counted; workerd ran 2 threads here,
// the same when it listened and after its first response (workerd-cold.mjs reports the
// count). Linux only.
import { execFileSync, spawn } from "node:child_process";
import { Agent, createServer, request as httpRequest } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const WORKERD = join(root, "node_modules", ".bin", "workerd");
const KEY = "sk_bench_key";
const MESSAGE = { to: { phoneNumber: "+15551234567" }, text: "Hello" };

/** CPU time (ms) a process has used so far, all its live threads; see the top. */
export function cpuMs(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      /* the thread exited between the listing and the read */
    }
  }
  return ns / 1e6;
}
export const threads = (pid) => readdirSync(`/proc/${pid}/task`).length;

/**
 * The local API: 127.0.0.1, an ephemeral port, reads each body and answers
 * {"success":true}. `seen` counts the distinct requests it got (method, url, the three
 * headers the SDK sets, body): both Workers must send one and the same.
 */
export async function startApi() {
  const seen = new Map();
  let count = 0;
  const answer = Buffer.from('{"success":true}');
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      count++;
      const body = Buffer.concat(chunks).toString("utf8");
      const h = req.headers;
      const key = JSON.stringify([req.method, req.url, h["x-api-key"], h["content-type"], h.accept, body]);
      seen.set(key, (seen.get(key) || 0) + 1);
      res.writeHead(200, { "content-type": "application/json", "content-length": answer.length });
      res.end(answer);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { host: `http://127.0.0.1:${server.address().port}`, seen, count: () => count, close: () => server.close() };
}

/** What the SDK sends for MESSAGE: method, url, headers, body (from `client.prepare`). */
export async function sdkRequest(pkgDir, host) {
  const { Whautomate } = await import(pathToFileURL(join(pkgDir, "node.mjs")).href);
  const client = new Whautomate({ apiKey: KEY, host, locationId: "loc_1", rateLimit: false });
  return client.prepare({ channel: "whatsapp", type: "text", ...MESSAGE });
}

const sdkWorker = `import { Whautomate } from "whautomate";
const message = ${JSON.stringify(MESSAGE)};
const options = (env) => ({ apiKey: env.KEY, host: env.HOST, locationId: "loc_1", rateLimit: false });
let shared; // one client per isolate
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/noop") return new Response("ok");
    if (url.pathname === "/loop") return new Response(String(loop(url.searchParams.get("op"), Number(url.searchParams.get("n")), env)));
    const client = url.pathname === "/shared" ? (shared ??= new Whautomate(options(env))) : new Whautomate(options(env));
    await client.whatsapp.sendText(message);
    return new Response("sent");
  },
};
// n runs of one step in a tight loop, no I/O (bench/workerd-cpu.mjs takes the CPU of the
// request that runs it): a client made, a send prepared, the body stringified by hand.
function loop(op, n, env) {
  const full = { channel: "whatsapp", type: "text", ...message };
  const client = (shared ??= new Whautomate(options(env)));
  const body = JSON.parse(client.prepare(full).body);
  let x = 0;
  if (op === "new") for (let i = 0; i < n; i++) x += new Whautomate(options(env)) ? 1 : 0;
  else if (op === "prepare") for (let i = 0; i < n; i++) x += client.prepare(full).body.length;
  else if (op === "stringify") for (let i = 0; i < n; i++) x += JSON.stringify(body).length;
  else throw new Error("unknown op " + op);
  return x;
}
`;

// The fair baseline. `path`, `headers` (but the key) and `body` come from client.prepare.
// The informational variants of bench/workerd-cpu.mjs change one part of it at a time:
//   timeout: "signal" (AbortSignal.timeout, the baseline), "controller" (an
//     AbortController and a timer of its own, as js/exchange.js does on workerd) or
//     "none" (bare fetch: the retired baseline);
//   read: "json" (res.json(), the baseline) or "stream" (as js/exchange.js reads a body:
//     its reader chunk by chunk, counted, then TextDecoder and JSON.parse);
//   prepare: URL, headers and body from the SDK's `client.prepare(message)` (one client per
//     isolate) instead of the constants and JSON.stringify.
const handWorker = ({ path, headers, body }, { timeout = "signal", read = "json", prepare = false } = {}) => {
  const lines = [];
  if (prepare) lines.push('import { Whautomate } from "whautomate";', "let client; // one per isolate", `const message = ${JSON.stringify(MESSAGE)};`);
  else {
    lines.push(`const path = ${JSON.stringify(path)};`);
    lines.push(`const headers = ${JSON.stringify(Object.fromEntries(Object.entries(headers).filter(([k]) => k !== "x-api-key")))};`);
    lines.push(`const body = ${JSON.stringify(JSON.parse(body))};`);
  }
  if (read === "json") lines.push("const readJson = (res) => res.json();");
  else {
    lines.push(`async function readJson(res) {
  const reader = res.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    chunks.push(value);
  }
  const all = chunks.length === 1 ? chunks[0] : new Uint8Array(size);
  if (chunks.length !== 1) for (let at = 0, i = 0; i < chunks.length; at += chunks[i].byteLength, i++) all.set(chunks[i], at);
  return JSON.parse(new TextDecoder().decode(all));
}`);
  }
  const send = [];
  if (prepare) {
    send.push('client ??= new Whautomate({ apiKey: env.KEY, host: env.HOST, locationId: "loc_1", rateLimit: false });');
    send.push('const p = client.prepare({ channel: "whatsapp", type: "text", ...message });');
    send.push("const url = p.url, init = { method: \"POST\", headers: p.headers, body: p.body };");
  } else {
    send.push("const url = env.HOST + path, init = { method: \"POST\", headers: { ...headers, \"x-api-key\": env.KEY }, body: JSON.stringify(body) };");
  }
  const exchange = ["const res = await fetch(url, init);", "const data = await readJson(res);",
    'if (!res.ok || data.success !== true) throw new Error("unexpected answer " + res.status);', 'return new Response("sent");'];
  if (timeout === "signal") send.push("init.signal = AbortSignal.timeout(30000);", ...exchange);
  else if (timeout === "none") send.push(...exchange);
  else {
    send.push("const controller = new AbortController();", "const timer = setTimeout(() => controller.abort(), 30000);", "init.signal = controller.signal;");
    send.push("try {", ...exchange.map((l) => `  ${l}`), "} finally {", "  clearTimeout(timer);", "}");
  }
  return `${lines.join("\n")}
export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname === "/noop") return new Response("ok");
${send.map((l) => `    ${l}`).join("\n")}
  },
};
`;
};

/**
 * A scratch folder with both Workers and their workerd configs, and one hand-written
 * Worker per entry of `variants` (name -> options of handWorker). Returns
 * { dir, config: { sdk, hand, ...variants }, request, cleanup }.
 */
export async function prepareWorkers(pkgDir, host, variants = {}) {
  const pkg = resolve(pkgDir);
  const dir = mkdtempSync(join(tmpdir(), "whautomate-bench-workerd-"));
  scratch.add(dir);
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(pkg, join(dir, "node_modules", "whautomate"), "dir");
  const req = await sdkRequest(pkg, host);
  if (!req.url.startsWith(host)) throw new Error(`unexpected SDK url ${req.url}`);
  const wire = { path: req.url.slice(host.length), headers: req.headers, body: req.body };
  writeFileSync(join(dir, "sdk.mjs"), sdkWorker);
  writeFileSync(join(dir, "hand.mjs"), handWorker(wire));
  for (const [name, options] of Object.entries(variants)) writeFileSync(join(dir, `${name}.mjs`), handWorker(wire, options));

  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  const entry = manifest.exports["."].workerd.default.replace(/^\.\//, "");
  // The entry's module graph, followed through its static imports: the modules a Worker
  // that imports "whautomate" holds once wrangler has bundled or uploaded it (workerd
  // compiles every wasm module it is given at start-up, used or not, so a file of the
  // package that the entry never imports must not be counted against it).
  const pkgModules = [`(name = "whautomate", esModule = embed "node_modules/whautomate/${entry}")`];
  const seen = new Set();
  const follow = (file) => {
    const text = readFileSync(join(pkg, file), "utf8");
    for (const [, spec] of text.matchAll(/(?:^|[;\n])\s*(?:import|export)\b[^;"']*?from\s*"(\.\/[^"]+)"/g)) {
      const name = join(file, "..", spec).split(sep).join("/");
      if (seen.has(name)) continue;
      seen.add(name);
      if (name.endsWith(".wasm")) pkgModules.push(`(name = "${name}", wasm = embed "node_modules/whautomate/${name}")`);
      else {
        pkgModules.push(`(name = "${name}", esModule = embed "node_modules/whautomate/${name}")`);
        follow(name);
      }
    }
  };
  follow(entry);
  const config = (name, modules) => {
    const file = join(dir, `${name}.capnp`);
    writeFileSync(file, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .w),
    # The default "internet" service refuses private and loopback addresses.
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const w :Workerd.Worker = (
  modules = [\n    ${modules.join(",\n    ")},\n  ],
  compatibilityDate = "2025-01-01",
  bindings = [(name = "KEY", text = "${KEY}"), (name = "HOST", text = "${host}")],
);
`);
    return file;
  };
  // As wrangler bundles it (its default, esbuild): one script, each .wasm a module.
  execFileSync(join(root, "node_modules", ".bin", "esbuild"), ["sdk.mjs", "--bundle", "--format=esm", "--platform=neutral", "--conditions=workerd,worker",
    "--external:*.wasm", "--outfile=bundled.mjs", "--log-level=error"], { cwd: dir });
  const bundledWasm = [...readFileSync(join(dir, "bundled.mjs"), "utf8").matchAll(/from\s*"\.\/([^"]+\.wasm)"/g)]
    .map(([, name]) => `(name = "${name}", wasm = embed "node_modules/whautomate/${name}")`);
  return {
    dir,
    request: req,
    config: {
      sdk: config("sdk", [`(name = "worker.mjs", esModule = embed "sdk.mjs")`, ...pkgModules]),
      bundled: config("bundled", [`(name = "worker.mjs", esModule = embed "bundled.mjs")`, ...bundledWasm]),
      hand: config("hand", [`(name = "worker.mjs", esModule = embed "hand.mjs")`]),
      ...Object.fromEntries(Object.entries(variants).map(([name, options]) =>
        [name, config(name, [`(name = "worker.mjs", esModule = embed "${name}.mjs")`, ...(options.prepare ? pkgModules : [])])])),
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Starts `workerd serve <config>`; the config listens on 127.0.0.1:0 and workerd reports
 * the port on its control descriptor (--control-fd) once the socket listens, i.e. once
 * the Worker's modules are loaded and evaluated. Returns
 * { pid, t0 (performance.now() just before spawn), ready: Promise<{ port, at, cpu }>, stop }.
 */
// Every workerd still running is killed, and every scratch folder removed, when this
// process ends, however it ends (run.mjs kills a child that overruns its time with SIGTERM).
const live = new Set();
const scratch = new Set();
process.on("exit", () => {
  for (const p of live) p.kill("SIGKILL");
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(1));

export function launch(config) {
  let out = "";
  const t0 = performance.now();
  const proc = spawn(WORKERD, ["serve", config, "--control-fd", "3"], { cwd: join(config, ".."), stdio: ["ignore", "pipe", "pipe", "pipe"] });
  live.add(proc);
  proc.stdout.on("data", (d) => (out += d));
  proc.stderr.on("data", (d) => (out += d));
  const exited = new Promise((ok) => proc.on("exit", (code, signal) => {
    live.delete(proc);
    ok({ code, signal });
  }));
  const ready = new Promise((ok, fail) => {
    let buf = "";
    proc.stdio[3].on("data", (d) => {
      const at = performance.now();
      const cpu = cpuMs(proc.pid); // read first: the time it takes is not the Worker's
      buf += d;
      const line = buf.split("\n").find((l) => l.includes('"listen"'));
      if (line) ok({ port: JSON.parse(line).port, at, cpu });
    });
    exited.then(({ code, signal }) => fail(new Error(`workerd exited (${code ?? signal}) before listening:\n${out.trim().slice(-2000)}`)));
  });
  ready.catch(() => {});
  return {
    pid: proc.pid,
    t0,
    ready,
    output: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      await exited;
    },
  };
}

/** GET http://127.0.0.1:<port><path> through `agent`; resolves when the body is read. */
export function hit(port, path, agent) {
  return new Promise((ok, fail) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, agent }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => (res.statusCode === 200 ? ok(text) : fail(new Error(`workerd answered ${res.statusCode} to ${path}: ${text.slice(0, 300)}`))));
      res.on("error", fail);
    });
    req.on("error", fail);
    req.end();
  });
}

export const keepAlive = () => new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * Checks that both Workers sent the same request (and that the SDK's is what `prepare`
 * said): every request the API saw must be one and the same.
 */
export function checkSameRequest(api, prepared) {
  const kinds = [...api.seen.keys()];
  if (kinds.length !== 1) throw new Error(`the Workers sent ${kinds.length} different requests:\n${kinds.join("\n")}`);
  const [method, url, key, type, accept, body] = JSON.parse(kinds[0]);
  const h = prepared.headers;
  const want = [prepared.method, new URL(prepared.url).pathname, h["x-api-key"], h["content-type"], h.accept, prepared.body];
  if (JSON.stringify([method, url, key, type, accept, body]) !== JSON.stringify(want)) {
    throw new Error(`the request differs from client.prepare's:\n${kinds[0]}\n${JSON.stringify(want)}`);
  }
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

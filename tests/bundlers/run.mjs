// The bundler matrix (issue 18 §2): for each bundler, test runner and build tool, a tiny
// app in a scratch project imports the package BY NAME ("whautomate" and
// "whautomate/webhooks", or their /inline forms where a row says so), is built the way
// that tool's users build it, and its output is RUN: browser outputs in headless
// Chromium (playwright-core, /usr/bin/chromium) served from 127.0.0.1, Node outputs in
// Node from a folder that holds nothing but the bundle, the wrangler output in workerd,
// the test runners' own test files. A row passes only if its one WhatsApp text arrived at
// this runner's server (exactly once, with the right key and body) and parseWebhookEvent
// read the event, with a refusal that is whautomate's own WhautomateError.
//
// Each row's project has its own node_modules: a copy of the package (as `npm install
// ./pkg` would leave it, so that Vite sees a dependency to pre-bundle, not linked source)
// and links to this repository's dev tools. Nothing needs the internet: every tool comes
// from node_modules/.bin, telemetry and update checks are off, and the apps talk to
// 127.0.0.1 only.
//
//   node tests/bundlers/run.mjs              every row (make test-bundlers)
//   node tests/bundlers/run.mjs --quick      the rows `make test` runs (make test-bundlers-quick)
//   node tests/bundlers/run.mjs vite8-dev …  the rows named
// WHAUTOMATE_PKG: test another copy of the package. Prints `ok <row> (ms): what it took`
// or `FAIL <row>: why` per row, then `N passed, M failed`.
import { kill, processes } from "../support/processes.mjs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const pkg = resolve(process.env.WHAUTOMATE_PKG || join(root, "pkg"));
const modules = join(root, "node_modules");
const bin = (name) => join(modules, ".bin", name);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const BUILD_MS = 180_000;
const PAGE_MS = 30_000;
const started = Date.now();

if (!existsSync(join(pkg, "package.json"))) {
  console.error(`${pkg} is not built: run \`make pkg\` first (make test-bundlers does)`);
  process.exit(1);
}

// --- the API server: records every /v1/ request, answers {"success":true} -------------
const requests = [];
const CORS = { "access-control-allow-origin": "*", "access-control-allow-headers": "x-api-key, content-type", "access-control-allow-methods": "GET, POST, OPTIONS" };
const api = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    if (req.method === "OPTIONS") return res.writeHead(204, CORS).end();
    requests.push({ method: req.method, url: req.url, key: req.headers["x-api-key"], body });
    res.writeHead(200, { ...CORS, "content-type": "application/json" }).end('{"success":true}');
  });
});
await listen(api);
const apiHost = `http://127.0.0.1:${api.address().port}`;

// --- static servers for the browser rows' outputs ----------------------------------------
const MIME = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".map": "application/json" };
const servers = new Set();
async function serveStatic(dir, hits = []) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    hits.push(path);
    let file = resolve(dir, "." + path);
    if (file !== dir && !file.startsWith(dir + sep)) return res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) return res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    res.writeHead(200, { "content-type": MIME[extname(file)] || "application/octet-stream" }).end(readFileSync(file));
  });
  await listen(server);
  servers.add(server);
  return `http://127.0.0.1:${server.address().port}`;
}

// --- processes ------------------------------------------------------------------------
// Telemetry and update checks off for every tool; HOME and the config/cache folders are
// the scratch folder's, so no tool writes into the user's.
const scratch = mkdtempSync(join(tmpdir(), "whautomate-bundlers-"));
const ENV = {
  ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", CI: "1", DO_NOT_TRACK: "1", WRANGLER_SEND_METRICS: "false",
  WRANGLER_LOG_PATH: join(scratch, ".wrangler-logs"), NO_UPDATE_NOTIFIER: "1", npm_config_update_notifier: "false",
  DENO_NO_UPDATE_CHECK: "1", DENO_DIR: join(scratch, ".deno"), PARCEL_WORKERS: "1", BROWSERSLIST_IGNORE_OLD_DATA: "1",
  XDG_CONFIG_HOME: join(scratch, ".config"), XDG_CACHE_HOME: join(scratch, ".cache"), HOME: scratch,
  PATH: `${join(modules, ".bin")}:${process.env.PATH}`,
};
const children = processes();
const run = (cmd, args, { cwd, env = {}, timeoutMs = BUILD_MS } = {}) => children.run(cmd, args, { cwd, env: { ...ENV, ...env }, timeoutMs });
async function must(cmd, args, opts) {
  const { code, out } = await run(cmd, args, opts);
  if (code !== 0) throw new Error(`${[cmd, ...args].map((a) => a.replace(root + "/", "")).join(" ")} exited ${code}:\n${tail(out)}`);
  return out;
}
const tail = (s, n = 2500) => s.trim().slice(-n);
const node = (script, ...args) => [process.execPath, [script, ...args]];
const freePort = () => new Promise((ok) => {
  const s = createNetServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
});
function listen(server) {
  return new Promise((ok) => server.listen(0, "127.0.0.1", ok));
}
const resultLine = (out) => {
  const line = out.split("\n").map((l) => l.trim()).find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`no RESULT line; output:\n${tail(out)}`);
  return JSON.parse(line.slice(7));
};

// --- a row's scratch project ------------------------------------------------------------
// node_modules: every dev tool of this repository linked in, and the package copied.
const tools = readdirSync(modules).filter((n) => n !== "whautomate" && n !== ".package-lock.json");
function project(row, { inline = false, hooks = true, files = {} } = {}) {
  const dir = join(scratch, row);
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  for (const n of tools) symlinkSync(join(modules, n), join(dir, "node_modules", n));
  cpSync(pkg, join(dir, "node_modules", "whautomate"), { recursive: true, dereference: true });
  const spec = (s) => s.replace(/WHAUTOMATE_WEBHOOKS/g, inline ? "whautomate/webhooks/inline" : "whautomate/webhooks").replace(/WHAUTOMATE/g, inline ? "whautomate/inline" : "whautomate");
  const core = readFileSync(join(here, "app", "core.js"), "utf8");
  writeFileSync(join(dir, "core.js"), core);
  writeFileSync(join(dir, "core.cjs"), core.replace(/^export (const|async function) /gm, "$1 ") + "module.exports = { EVENT, sendAndRead };\n");
  const noHooks = (s) => hooks ? s : s.replace(/^import \* as hooks from .*$/m, "const hooks = null;");
  writeFileSync(join(dir, "main.js"), noHooks(spec(readFileSync(join(here, "app", "browser.js"), "utf8"))));
  writeFileSync(join(dir, "app.mjs"), spec(readFileSync(join(here, "app", "node.mjs"), "utf8")));
  writeFileSync(join(dir, "index.html"), '<!doctype html><meta charset="utf-8"><title>bundlers</title>\n<script type="module" src="./main.js"></script>\n');
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `app-${row}`, private: true, type: "module", dependencies: { whautomate: "*" } }, null, 2));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

// --- how outputs are run ------------------------------------------------------------------
let browser;
async function chromium() {
  if (!browser) {
    const { chromium } = await import(join(modules, "playwright-core", "index.mjs"));
    browser = chromium.launch({
      executablePath: CHROMIUM, timeout: PAGE_MS,
      args: ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
  }
  return browser;
}
/** Loads `origin + path` in a fresh context; returns window.__result and the .wasm files it fetched. */
async function inChromium(row, origin, path = "/") {
  const context = await (await chromium()).newContext();
  try {
    const page = await context.newPage();
    const problems = [], wasm = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("response", (r) => { if (/\.wasm(\?|$)/.test(r.url())) wasm.push(`${r.url().split("/").pop()} ${r.status()}`); });
    await page.goto(`${origin}${path}?${new URLSearchParams({ api: apiHost, row })}`);
    try {
      await page.waitForFunction(() => window.__result, null, { timeout: PAGE_MS });
    } catch (e) {
      throw new Error(`the page never reported (${e.message.split("\n")[0]})${problems.length ? "\n" + problems.join("\n") : ""}${wasm.length ? `\n.wasm fetched: ${wasm.join(", ")}` : ""}`);
    }
    const result = await page.evaluate(() => window.__result);
    result.loaded = wasm.length ? `.wasm fetched: ${wasm.join(", ")}` : ".wasm inside the JS";
    return result;
  } finally {
    await context.close();
  }
}
/** A built page: `dist` served from its own 127.0.0.1 server, loaded in Chromium. */
async function page(row, dist) {
  const hits = [];
  const result = await inChromium(row, await serveStatic(dist, hits));
  // What the server saw (a preload hint the entry's fetch did not match would show twice).
  result.wasmServed = hits.filter((p) => p.endsWith(".wasm")).map((p) => p.split("/").pop());
  return result;
}
/** A Node bundle, run from a folder that holds nothing but it. */
async function alone(row, bundle, runner = process.execPath, args = []) {
  const away = join(scratch, `${row}-alone`);
  mkdirSync(away, { recursive: true });
  const file = join(away, bundle.split(sep).pop());
  cpSync(bundle, file);
  const result = resultLine(await must(runner, [...args, file, apiHost, row], { cwd: away, timeoutMs: 30_000 }));
  result.loaded = "run alone: the bundle is the only file in its folder";
  return result;
}
/** A dev server: started, waited for, the page loaded in Chromium, the server stopped. */
async function devServer(row, dir, cmd, args, port) {
  const proc = run(cmd, args, { cwd: dir, timeoutMs: BUILD_MS });
  const origin = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const exited = await Promise.race([proc, new Promise((ok) => setTimeout(ok, 200))]);
      if (exited) throw new Error(`the dev server exited (${exited.code}):\n${tail(exited.out)}`);
      try {
        if ((await fetch(origin, { signal: AbortSignal.timeout(2000) })).ok) break;
      } catch { /* not yet */ }
      if (Date.now() > deadline) throw new Error(`the dev server never answered:\n${tail(proc.output())}`);
    }
    try {
      return await inChromium(row, origin);
    } catch (e) {
      throw new Error(`${e.message}\ndev server output:\n${tail(proc.output(), 1500)}`);
    }
  } finally {
    kill(proc.child);
    await proc;
  }
}
/** Built Worker modules (wrangler's --outdir) served by workerd on 127.0.0.1. */
async function workerd(row, dist, main) {
  const files = readdirSync(dist).filter((f) => /\.(m?js|wasm)$/.test(f));
  // workerd reads embedded files relative to the config file, which is in the scratch folder.
  const at = (f) => join(dist, f).slice(scratch.length + 1);
  const mod = (f) => f.endsWith(".wasm") ? `(name = "${f}", wasm = embed "${at(f)}")` : `(name = "${f}", esModule = embed "${at(f)}")`;
  const port = await freePort();
  const config = join(scratch, `${row}.capnp`);
  writeFileSync(config, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .app),
    # The default "internet" service refuses loopback addresses; the API is on 127.0.0.1.
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const app :Workerd.Worker = (
  modules = [\n    ${[main, ...files.filter((f) => f !== main)].map(mod).join(",\n    ")},\n  ],
  compatibilityDate = "2025-01-01",
);
`);
  const proc = run(bin("workerd"), ["serve", config], { cwd: scratch });
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      const exited = await Promise.race([proc, new Promise((ok) => setTimeout(ok, 100))]);
      if (exited) throw new Error(`workerd exited (${exited.code}):\n${tail(exited.out)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/?${new URLSearchParams({ api: apiHost, row })}`, { signal: AbortSignal.timeout(20_000) });
        const text = await res.text();
        try {
          const result = JSON.parse(text);
          result.loaded = `workerd modules: ${files.join(", ")}`;
          return result;
        } catch { throw new Error(`workerd answered ${res.status}: ${text.slice(0, 800)}\n${tail(proc.output())}`); }
      } catch (e) {
        if (e.cause?.code !== "ECONNREFUSED" || Date.now() > deadline) throw e;
      }
    }
  } finally {
    kill(proc.child);
    await proc;
  }
}
/** A test runner's run: it must pass, and print the RESULT line of its test. */
async function testRunner(row, dir, cmd, args) {
  const { code, out } = await run(cmd, args, { cwd: dir, env: { WHAUTOMATE_API: apiHost, WHAUTOMATE_ROW: row } });
  if (code !== 0) throw new Error(`the test run failed (exit ${code}):\n${tail(out)}`);
  return resultLine(out);
}

// --- the rows ---------------------------------------------------------------------------
// `needs`: what the app's project had to say for the row to pass (the README's lines).
const vite = { vite8: join(modules, "vite", "bin", "vite.js"), vite7: join(modules, "vite7", "bin", "vite.js"), vite6: join(modules, "vite6", "bin", "vite.js") };
// Vite 6's default build target (es2020, chrome87, …) has no top-level await; Vite 7 and 8
// default to 'baseline-widely-available', which has it.
const VITE6_CONFIG = 'export default { build: { target: "es2022" } };\n';
// The build rows' index.html has the README's preload hint, as a Vite user writes it: Vite
// rewrites its href to the hashed asset the entry's new URL(…) gets, so the .wasm must be
// downloaded exactly once (the hint used, not a second download).
const HINTED = '<!doctype html><meta charset="utf-8"><title>bundlers</title>\n' +
  '<link rel="preload" href="/node_modules/whautomate/whautomate_bg.wasm" as="fetch" type="application/wasm" crossorigin>\n' +
  '<script type="module" src="./main.js"></script>\n';
function viteRows(v) {
  const files = v === "vite6" ? { "vite.config.mjs": VITE6_CONFIG } : {};
  const needs = v === "vite6" ? "vite.config: build.target es2022 (one line; Vite 7 and 8 need nothing)" : "nothing";
  return {
    [`${v}-build`]: {
      quick: v === "vite8", needs: `${needs}; the preload hint in index.html used`, hinted: true,
      go: async (row) => {
        const dir = project(row, { files: { ...files, "index.html": HINTED } });
        await must(process.execPath, [vite[v], "build", "--logLevel", "warn"], { cwd: dir });
        return page(row, join(dir, "dist"));
      },
    },
    [`${v}-dev`]: {
      needs: v === "vite6" ? "nothing for dev (the same project as the build row)" : "nothing",
      go: async (row) => {
        const dir = project(row, { files });
        const port = await freePort();
        return devServer(row, dir, process.execPath, [vite[v], "--host", "127.0.0.1", "--port", String(port), "--strictPort"], port);
      },
    },
  };
}

// A CommonJS app, as a CommonJS dependency of an app is (require, not import), for the
// browser rows that build one.
const REQUIRING = {
  "dist/index.html": '<!doctype html><meta charset="utf-8"><script src="./main.js"></script>\n',
  "main.cjs": 'const sdk = require("whautomate");\nconst hooks = require("whautomate/webhooks");\nconst { sendAndRead } = require("./core.cjs");\n' +
    'const params = new URLSearchParams(location.search);\nsendAndRead(sdk, hooks, { host: params.get("api"), row: params.get("row") }).then((r) => { window.__result = r; });\n',
};

const rows = {
  ...viteRows("vite8"),
  ...viteRows("vite7"),
  ...viteRows("vite6"),
  webpack: {
    quick: true, needs: "nothing (webpack ./main.js --mode production, no config)",
    go: async (row) => {
      const dir = project(row, { files: { "dist/index.html": '<!doctype html><meta charset="utf-8"><script src="./main.js"></script>\n' } });
      await must(process.execPath, [join(modules, "webpack-cli", "bin", "cli.js"), "./main.js", "--mode", "production", "--output-path", "dist"], { cwd: dir });
      return page(row, join(dir, "dist"));
    },
  },
  "webpack-require": {
    quick: true, needs: "nothing: `require(\"whautomate\")` from CommonJS in a browser build gets the CommonJS build (README, Bundlers)",
    go: async (row) => {
      const dir = project(row, { files: REQUIRING });
      await must(process.execPath, [join(modules, "webpack-cli", "bin", "cli.js"), "./main.cjs", "--mode", "production", "--output-path", "dist", "--output-filename", "main.js"], { cwd: dir });
      return page(row, join(dir, "dist"));
    },
  },
  "esbuild-require": {
    quick: true, needs: "nothing: the same CommonJS app, esbuild --bundle --platform=browser (an IIFE)",
    go: async (row) => {
      const dir = project(row, { files: REQUIRING });
      await must(bin("esbuild"), ["main.cjs", "--bundle", "--platform=browser", "--minify", "--outfile=dist/main.js", "--log-level=warning"], { cwd: dir });
      return page(row, join(dir, "dist"));
    },
  },
  "webpack-dev": {
    quick: true, needs: "nothing (webpack --mode development: the development condition's inline entry)",
    go: async (row) => {
      const dir = project(row, { files: { "dist/index.html": '<!doctype html><meta charset="utf-8"><script src="./main.js"></script>\n' } });
      await must(process.execPath, [join(modules, "webpack-cli", "bin", "cli.js"), "./main.js", "--mode", "development", "--output-path", "dist"], { cwd: dir });
      // The inline entry carries its .wasm: no file named by a glue it never loads is copied.
      const copied = readdirSync(join(dir, "dist")).filter((f) => f.endsWith(".wasm"));
      if (copied.length) throw new Error(`webpack --mode development copied ${copied.join(", ")}, which nothing loads`);
      return page(row, join(dir, "dist"));
    },
  },
  parcel: {
    // Parcel reads package.json "exports" only when told to; without it, "whautomate"
    // still finds browser.mjs (the "module" field), but "whautomate/webhooks" would be the
    // file webhooks.js, the API without its engine.
    needs: 'package.json: "@parcel/resolver-default": { "packageExports": true } for whautomate/webhooks; sending alone needs nothing',
    go: async (row) => {
      const dir = project(row);
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      writeFileSync(join(dir, "package.json"), JSON.stringify({ ...manifest, "@parcel/resolver-default": { packageExports: true } }, null, 2));
      await must(process.execPath, [join(modules, "parcel", "lib", "bin.js"), "build", "index.html", "--dist-dir", "dist", "--no-autoinstall", "--no-source-maps", "--cache-dir", join(dir, ".parcel-cache")], { cwd: dir });
      return page(row, join(dir, "dist"));
    },
  },
  "parcel-send": {
    hooks: false,
    needs: "nothing (parcel build index.html; sending only: the app imports no whautomate/webhooks)",
    go: async (row) => {
      const dir = project(row, { hooks: false });
      await must(process.execPath, [join(modules, "parcel", "lib", "bin.js"), "build", "index.html", "--dist-dir", "dist", "--no-autoinstall", "--no-source-maps", "--cache-dir", join(dir, ".parcel-cache")], { cwd: dir });
      return page(row, join(dir, "dist"));
    },
  },
  rollup: {
    needs: 'import from "whautomate/inline" (Rollup copies no new URL(…, import.meta.url) asset)',
    go: async (row) => {
      const dir = project(row, {
        inline: true,
        files: {
          "rollup.config.mjs": 'import { nodeResolve } from "@rollup/plugin-node-resolve";\nexport default { input: "main.js", output: { dir: "dist", format: "es" }, plugins: [nodeResolve({ browser: true })] };\n',
          "dist/index.html": '<!doctype html><meta charset="utf-8"><script type="module" src="./main.js"></script>\n',
        },
      });
      await must(bin("rollup"), ["-c", "--silent"], { cwd: dir });
      return page(row, join(dir, "dist"));
    },
  },
  "esbuild-browser": {
    needs: 'import from "whautomate/inline" (esbuild copies no new URL(…, import.meta.url) asset)',
    go: async (row) => {
      const dir = project(row, { inline: true, files: { "dist/index.html": '<!doctype html><meta charset="utf-8"><script type="module" src="./main.js"></script>\n' } });
      await must(bin("esbuild"), ["main.js", "--bundle", "--format=esm", "--minify", "--outdir=dist", "--log-level=warning"], { cwd: dir });
      return page(row, join(dir, "dist"));
    },
  },
  "esbuild-browser-copy": {
    needs: "the .wasm files copied beside the bundle (cp node_modules/whautomate/*.wasm dist/)",
    go: async (row) => {
      const dir = project(row, { files: { "dist/index.html": '<!doctype html><meta charset="utf-8"><script type="module" src="./main.js"></script>\n' } });
      await must(bin("esbuild"), ["main.js", "--bundle", "--format=esm", "--minify", "--outdir=dist", "--log-level=warning"], { cwd: dir });
      for (const f of readdirSync(join(dir, "node_modules", "whautomate")).filter((f) => f.endsWith(".wasm"))) cpSync(join(dir, "node_modules", "whautomate", f), join(dir, "dist", f));
      return page(row, join(dir, "dist"));
    },
  },
  "esbuild-node-esm": {
    quick: true, needs: "nothing (esbuild --bundle --platform=node --format=esm)",
    go: async (row) => {
      const dir = project(row);
      await must(bin("esbuild"), ["app.mjs", "--bundle", "--platform=node", "--format=esm", "--outfile=dist/app.mjs", "--log-level=warning"], { cwd: dir });
      return alone(row, join(dir, "dist", "app.mjs"));
    },
  },
  "esbuild-node-cjs": {
    quick: true, needs: "nothing (esbuild --bundle --platform=node --format=cjs, from an `import`)",
    go: async (row) => {
      const dir = project(row);
      await must(bin("esbuild"), ["app.mjs", "--bundle", "--platform=node", "--format=cjs", "--outfile=dist/app.cjs", "--log-level=warning"], { cwd: dir });
      return alone(row, join(dir, "dist", "app.cjs"));
    },
  },
  "bun-browser": {
    needs: 'import from "whautomate/inline" (bun build copies no new URL(…, import.meta.url) asset)',
    go: async (row) => {
      const dir = project(row, { inline: true, files: { "dist/index.html": '<!doctype html><meta charset="utf-8"><script type="module" src="./main.js"></script>\n' } });
      await must(bin("bun"), ["build", "./main.js", "--target=browser", "--outdir=dist"], { cwd: dir });
      return page(row, join(dir, "dist"));
    },
  },
  "bun-node": {
    needs: "nothing (bun build --target=node, run by Node)",
    go: async (row) => {
      const dir = project(row);
      await must(bin("bun"), ["build", "./app.mjs", "--target=node", "--outfile=dist/app.mjs"], { cwd: dir });
      return alone(row, join(dir, "dist", "app.mjs"));
    },
  },
  "bun-bun": {
    needs: "nothing (bun build --target=bun, run by Bun)",
    go: async (row) => {
      const dir = project(row);
      await must(bin("bun"), ["build", "./app.mjs", "--target=bun", "--outfile=dist/app.mjs"], { cwd: dir });
      return alone(row, join(dir, "dist", "app.mjs"), bin("bun"));
    },
  },
  wrangler: {
    quick: true, needs: "nothing (wrangler deploy --dry-run --outdir, run in workerd)",
    go: async (row) => {
      const dir = project(row, { files: { "worker.mjs": readFileSync(join(here, "app", "worker.mjs"), "utf8"), "wrangler.toml": 'name = "bundlers"\nmain = "worker.mjs"\ncompatibility_date = "2025-01-01"\n' } });
      // Run by Bun: wrangler 4 needs Node 22.12 or later, and this machine's Node is 20.
      const node22 = Number(process.versions.node.split(".")[0]) >= 23 || /^22\.(1[2-9]|[2-9]\d)/.test(process.versions.node);
      await must(node22 ? process.execPath : bin("bun"), [join(modules, "wrangler", "bin", "wrangler.js"), "deploy", "--dry-run", "--outdir", "dist"], { cwd: dir });
      return workerd(row, join(dir, "dist"), "worker.js");
    },
  },
  deno: {
    needs: "nothing (deno run with node_modules; --allow-net only: no --allow-read)",
    go: async (row) => {
      const dir = project(row);
      const out = await must(bin("deno"), ["run", "--no-lock", "--node-modules-dir=manual", "--allow-net=127.0.0.1", "app.mjs", apiHost, row], { cwd: dir, timeoutMs: 60_000 });
      return resultLine(out);
    },
  },
  vitest: {
    needs: "nothing (vitest run, node environment)",
    go: async (row) => {
      const dir = project(row, { files: { "send.test.mjs": readFileSync(join(here, "app", "send.test.mjs"), "utf8") } });
      return testRunner(row, dir, process.execPath, [join(modules, "vitest", "vitest.mjs"), "run", "--root", dir]);
    },
  },
  jest: {
    needs: "nothing (jest, CommonJS test file, node environment)",
    go: async (row) => {
      const dir = project(row, { files: { "send.test.cjs": readFileSync(join(here, "app", "send.test.cjs"), "utf8"), "jest.config.cjs": "module.exports = { testMatch: ['**/send.test.cjs'] };\n" } });
      return testRunner(row, dir, process.execPath, [join(modules, "jest", "bin", "jest.js"), "--ci", "--rootDir", dir, "--config", join(dir, "jest.config.cjs")]);
    },
  },
};

// --- checks -------------------------------------------------------------------------------
function check(row, result) {
  const why = [];
  if (!result.ok) why.push(`the app failed: ${result.error}`);
  const mine = requests.filter((r) => { try { return JSON.parse(r.body).textMessage === `hello from ${row}`; } catch { return false; } });
  if (mine.length !== 1) why.push(`${mine.length} requests arrived, expected 1`);
  for (const r of mine) {
    if (r.method !== "POST" || r.url !== "/v1/messages/whatsapp/sendtext") why.push(`request was ${r.method} ${r.url}`);
    if (r.key !== "sk_bundlers") why.push(`x-api-key was ${JSON.stringify(r.key)}`);
  }
  if (result.ok) {
    if (result.sent?.success !== true) why.push(`sent resolved to ${JSON.stringify(result.sent)}`);
    const many = requests.filter((r) => { try { return JSON.parse(r.body).textMessage === `many from ${row}`; } catch { return false; } });
    if (many.length !== 1 || JSON.stringify(result.many) !== '{"sent":1,"failed":0,"unknown":0}') why.push(`sendMany: ${JSON.stringify(result.many)}, ${many.length} requests arrived (expected 1)`);
    if (rows[row].hinted && (result.wasmServed || []).filter((w) => /^whautomate_bg[^/]*\.wasm$/.test(w)).length !== 1) why.push(`with the preload hint, the server sent whautomate_bg.wasm as ${JSON.stringify(result.wasmServed)} (expected once)`);
    if (rows[row].hooks === false) return why;
    const e = result.event || {};
    if (!(e.type === "incoming_whatsapp_message" && e.channel === "whatsapp" && e.isIncoming === true)) why.push(`parseWebhookEvent gave ${JSON.stringify(result.event)}`);
    if (!(result.refused?.code === "invalid_input" && result.refused.sameClass)) why.push(`parseWebhookEvent("nope") threw ${JSON.stringify(result.refused)} (expected invalid_input, a whautomate WhautomateError)`);
  }
  return why;
}

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const named = argv.filter((a) => !a.startsWith("--"));
const unknown = named.filter((n) => !rows[n]);
if (unknown.length) {
  console.error(`unknown rows: ${unknown.join(", ")} (known: ${Object.keys(rows).join(", ")})`);
  process.exit(2);
}
const wanted = named.length ? named : Object.keys(rows).filter((r) => !quick || rows[r].quick);
const CONCURRENCY = Math.max(2, Math.min(4, cpus().length));
let passed = 0, failed = 0;
const outcomes = {};
try {
  const queue = [...wanted];
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let row; (row = queue.shift()); ) {
      const t0 = Date.now();
      try {
        const result = await rows[row].go(row);
        const why = check(row, result);
        outcomes[row] = why.length ? `FAIL ${row} (${Date.now() - t0} ms): ${why.join("\n  ")}` : `ok ${row} (${Date.now() - t0} ms): needs ${rows[row].needs}; ${result.loaded || ""}`;
      } catch (e) {
        outcomes[row] = `FAIL ${row} (${Date.now() - t0} ms): ${String(e?.message || e).split("\n").join("\n  ")}`;
      }
      console.log(outcomes[row]);
      if (outcomes[row].startsWith("ok ")) passed++;
      else failed++;
    }
  }));
  const strays = requests.filter((r) => { try { return !wanted.includes(JSON.parse(r.body).textMessage.replace(/^(hello|many) from /, "")); } catch { return true; } });
  if (strays.length) { failed++; console.log(`FAIL unexpected requests: ${strays.map((r) => `${r.method} ${r.url} ${r.body.slice(0, 80)}`).join(", ")}`); }
} finally {
  children.killAll();
  if (browser) await (await browser).close().catch(() => {});
  for (const s of [api, ...servers]) { s.close(); s.closeAllConnections?.(); }
  if (!process.env.KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
  else console.log(`(scratch kept: ${scratch})`);
}
console.log(`(bundlers took ${((Date.now() - started) / 1000).toFixed(1)} s, ${CONCURRENCY} at a time)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

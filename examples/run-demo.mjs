// `make demo`: builds the sandbox, starts it serving the playground (www/) and the
// package (pkg/), starts a webhook receiver on 127.0.0.1 and subscribes it (the sandbox
// delivers events only to a subscribed URL on this machine; the playground's Webhook
// events panel shows what it delivered), runs examples/node-demo.mjs against it, and
// leaves the playground URL on screen. In a terminal the sandbox keeps running until
// Ctrl-C; without one (CI, a pipe, CI=true) it stops after printing, so `make demo`
// never hangs a build.
//
// With WHAUTOMATE_API_KEY and WHAUTOMATE_HOST set, no sandbox is started: the Node
// example talks to that host (see examples/node-demo.mjs for the contact variables).
//
// DEMO_PORT picks the port (default 8787; 0 or a busy port: any free one).
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
// Shared with the playground's test, so that it checks what the demo sets up.
import { startWebhookReceiver } from "./webhook-receiver.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const demo = join(root, "examples", "node-demo.mjs");
const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI;

const runNode = (env) => new Promise((done) => {
  const child = spawn(process.execPath, [demo], { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  child.on("exit", (code, signal) => done(code ?? (signal ? 1 : 0)));
});

if (process.env.WHAUTOMATE_API_KEY && process.env.WHAUTOMATE_HOST) {
  console.log(`WHAUTOMATE_API_KEY and WHAUTOMATE_HOST are set: running against ${process.env.WHAUTOMATE_HOST}, no sandbox.`);
  process.exit(await runNode({}));
}

// cargo is quick when the binary is fresh; cargo metadata knows where the target dir is.
console.log("Building the sandbox (cargo build -p whautomate-sandbox)…");
execFileSync("cargo", ["build", "--quiet", "-p", "whautomate-sandbox"], { cwd: root, stdio: "inherit" });
const { target_directory } = JSON.parse(execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps"], { cwd: root, encoding: "utf8" }));
const binary = join(target_directory, "debug", "whautomate-sandbox");

/** Starts the sandbox on `port`; resolves to `{ child, url }`, or null if it exits first (port taken). */
function start(port) {
  // The API reference (`make docs`), when it was built: at /docs/ beside the playground.
  const docs = existsSync(join(root, "target", "site", "docs", "index.html")) ? ["--static-dir", "target/site/docs:/docs"] : [];
  const child = spawn(binary, ["--port", String(port), "--static-dir", "www:/", "--static-dir", "pkg:/pkg", ...docs],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => { child.kill("SIGKILL"); fail(new Error(`the sandbox did not start in 15 s:\n${out}`)); }, 15_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); ok({ child, url: m[1] }); }
    });
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", () => { clearTimeout(timer); ok(null); });
  });
}

const wanted = Number(process.env.DEMO_PORT ?? 8787);
let sandbox = await start(wanted);
if (!sandbox && wanted !== 0) {
  console.log(`Port ${wanted} is taken; using a free one.`);
  sandbox = await start(0);
}
if (!sandbox) throw new Error("the sandbox would not start");
const { child, url } = sandbox;
const stop = () => child.exitCode === null && child.kill("SIGTERM");
process.on("exit", stop);
console.log(`Sandbox running at ${url}`);

// The receiver parses each event with the package (createWebhookListener); once the Node
// example is done it prints them as they come.
let received = 0;
let printing = false;
const receiver = await startWebhookReceiver({
  sandboxUrl: url,
  onEvent(e) {
    received++;
    if (!printing) return;
    const m = e.message;
    const what = m ? `${m.contact?.id ?? ""} isIncoming=${m.isIncoming}${m.text === undefined ? "" : ` "${m.text}"`}` : e.contact?.id ?? e.key ?? "";
    console.log(`webhook ← ${e.type} ${what}`);
  },
});
console.log(`Webhook receiver at ${receiver.url}, subscribed to ${receiver.subscription.events.length} event types\n`);

const code = await runNode({ WHAUTOMATE_SANDBOX_URL: url, WHAUTOMATE_API_KEY: "", WHAUTOMATE_HOST: "" });
// Deliveries run in the background: wait for them before counting.
await fetch(`${url}/_sandbox/webhook-deliveries?settled=1&timeoutMs=10000`).catch(() => {});
const line = "─".repeat(64);
console.log(`\n${line}\nPlayground: ${url}/   API reference: ${url}/docs/\n  compose any of the twelve kinds, see the request, send, read the thread;\n`
  + `  Webhook events: what the sandbox delivered to ${receiver.url} (${received} so far)\n${line}`);
if (!interactive) {
  console.log("(not a terminal: stopping the sandbox; run `make demo` in a terminal to keep it up)");
  stop();
  process.exit(code);
}
console.log("The sandbox keeps running; press Ctrl-C to stop it. Webhook events received from now on:");
printing = true;
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => { stop(); process.exit(code); });
child.on("exit", () => process.exit(code));

// Starts the real sandbox binary (sandbox/, a workspace member) on 127.0.0.1 with a free
// port, for the JS integration tests and the end-to-end tests. One place knows how to
// build it, where cargo puts it, and how to read the port from its one stdout line.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const KEY = "sk_test_sandbox";
const READY = /whautomate-sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/;

let binary;

/** Path of the sandbox binary, built first: `cargo build` is a no-op (~0.1 s) when it is
 * fresh, and keeps a stale binary from hiding a change to sandbox/. WHAUTOMATE_SANDBOX_BIN
 * skips the build (a machine without cargo, or a prebuilt binary). */
export function sandboxBinary() {
  if (binary) return binary;
  if (process.env.WHAUTOMATE_SANDBOX_BIN) return (binary = process.env.WHAUTOMATE_SANDBOX_BIN);
  const opts = { cwd: root, encoding: "utf8", timeout: 300_000, stdio: ["ignore", "pipe", "pipe"] };
  // cargo metadata knows the target directory, CARGO_TARGET_DIR and config included.
  const { target_directory } = JSON.parse(execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps"], opts));
  try {
    execFileSync("cargo", ["build", "--quiet", "-p", "whautomate-sandbox"], opts);
  } catch (e) {
    throw new Error(`cargo build -p whautomate-sandbox failed:\n${e.stderr || e.message}`);
  }
  binary = join(target_directory, "debug", "whautomate-sandbox");
  if (!existsSync(binary)) throw new Error(`built, but ${binary} is missing`);
  return binary;
}

/** Starts a sandbox with extra CLI `args` (e.g. `--static-dir www:/`); resolves once it
 * prints its address. `stop()` ends it (SIGTERM, then SIGKILL after a second). */
export async function startSandbox(args = [], { timeoutMs = 15_000 } = {}) {
  const child = spawn(sandboxBinary(), ["--port", "0", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`sandbox did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (d) => {
      out += d;
      const m = out.match(READY);
      if (m) { clearTimeout(timer); ok(m[1]); }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (d) => (out += d));
    child.on("error", (e) => { clearTimeout(timer); fail(e); });
    child.on("exit", (code) => { clearTimeout(timer); fail(new Error(`sandbox exited (${code}):\n${out}`)); });
  });
  const exited = new Promise((ok) => (child.exitCode !== null ? ok() : child.on("exit", ok)));
  const control = async (path, body, method = body === undefined ? "GET" : "POST") => {
    const res = await fetch(`${url}/_sandbox/${path}`, {
      method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) throw new Error(`/_sandbox/${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  return {
    url,
    child,
    control,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 1_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

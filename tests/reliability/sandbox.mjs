// Starts the sandbox binary (target/debug/whautomate-sandbox, built by the Makefile) on
// a free port and gives a small client for its control endpoints.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
export const SANDBOX_BIN = `${root}target/debug/whautomate-sandbox`;

export async function startSandbox(args = []) {
  if (!existsSync(SANDBOX_BIN)) throw new Error(`${SANDBOX_BIN} missing: run cargo build -p whautomate-sandbox`);
  const child = spawn(SANDBOX_BIN, ["--port", "0", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  child.stdout.resume();
  const call = async (method, path, body) => {
    const res = await fetch(url + path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url,
    reset: () => call("POST", "/_sandbox/reset"),
    faults: (config) => call("POST", "/_sandbox/faults", config),
    rateLimit: (perMinute, timeScale) => call("POST", "/_sandbox/ratelimit", { perMinute, timeScale }),
    deliveries: () => call("GET", "/_sandbox/deliveries"),
    state: () => call("GET", "/_sandbox/state"),
    stop: () => new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
    }),
  };
}

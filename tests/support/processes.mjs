// Child processes of the test harnesses (tests/runtimes, tests/bundlers): each in its own
// process group, its stdout and stderr collected, killed with its group when it runs past
// its time or when the harness ends.
import { spawn } from "node:child_process";

/** Kills `child` and every process it started (its group). */
export function kill(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    /* already gone */
  }
}

/**
 * A set of running children: `run(cmd, args, { cwd, env, timeoutMs })` starts one and
 * resolves to `{ code, out }` when it ends (killed after `timeoutMs`); the promise also
 * has `child` and `output()` (what it printed so far). `killAll()` ends every one still
 * running.
 */
export function processes() {
  const children = new Set();
  function run(cmd, args, { cwd, env, timeoutMs }) {
    let child, out = "";
    const done = new Promise((ok) => {
      child = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      children.add(child);
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      const timer = setTimeout(() => { out += `\n(timed out after ${timeoutMs} ms)`; kill(child); }, timeoutMs);
      child.on("error", (e) => (out += `\n${e.message}`));
      child.on("close", (code) => { clearTimeout(timer); children.delete(child); ok({ code, out }); });
    });
    done.child = child;
    done.output = () => out;
    return done;
  }
  return { run, killAll: () => { for (const c of children) kill(c); } };
}

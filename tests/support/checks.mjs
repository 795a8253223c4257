// The runner of the script-style suites (tests/package, tests/docs): named checks, each
// printed as `ok <name>` or `FAIL <name>: why`, and the closing `N passed, M failed` line
// that CI reads; the process exits non-zero when any failed.
export function checklist() {
  let passed = 0;
  let failed = 0;
  return {
    async check(name, fn) {
      try {
        await fn();
        passed++;
        console.log(`ok ${name}`);
      } catch (e) {
        failed++;
        // A child process's output says more than its "Command failed" message.
        const output = [e.stdout, e.stderr].map((s) => String(s || "").trim()).filter(Boolean).join("\n");
        console.log(`FAIL ${name}: ${[output, e.message].filter(Boolean).join("\n")}`);
      }
    },
    done() {
      console.log(`${passed} passed, ${failed} failed`);
      process.exitCode = failed ? 1 : 0;
    },
  };
}

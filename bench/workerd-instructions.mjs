// workerd cold start counted in instructions, in its own process: `workerd serve` run
// under valgrind's callgrind, from process start to the end of the first response, for the
// SDK Worker (a client made in the request, as bench/workerd-cold.mjs) and the hand-written
// Worker of bench/workerd-lib.mjs.
//   node bench/workerd-instructions.mjs <pkgDir> [--keep <dir>]
// Why instructions: the CPU time of a cold workerd moves by a millisecond or more from run to
// run on a shared 2-core machine (workerd-pair.mjs says so), while the instruction count of
// the same build, config and request moves by about 0.01% (seen: 76,136,626 / 76,127,943 /
// 76,118,795 in three runs). A change of 0.3 ms shows up here in one run. Callgrind counts
// user-space instructions only: the kernel's share (page faults, mappings) is not in it, so
// the CPU rows of bench/workerd-cold.mjs remain the figure the goal is set on; this one says
// where the gap comes from and guards each step.
// The gap is split by where the instructions ran (callgrind_annotate, by function name):
//   wasm validation   V8 checking every function of the .wasm when workerd compiles it
//   wasm compilation  Liftoff compiling each wasm function on its first call (and V8's
//                     wasm runtime around it)
//   JS parsing        V8's scanner, parser and bytecode generator (pre-parse at load, full
//                     parse of each function on its first call)
//   ICU               Unicode tables (a regular expression with \p{…} loads them)
//   the rest          V8's runtime, memory, the config, the network
// Prints one JSON object. Needs valgrind (`make bench` installs it: scripts/setup.sh bench).
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hit, prepareWorkers, startApi, WORKERD } from "./workerd-lib.mjs";

const [pkgDir, flag, dir] = process.argv.slice(2);
const keepDir = flag === "--keep" ? dir : undefined; // the callgrind files, for callgrind_annotate
const CATEGORIES = [
  ["wasm validation", /FullValidationTag|read_leb_slowpath<.*FullValidation|wasm::ModuleDecoder|DecodeLocals<.*FullValidation/],
  ["wasm compilation", /Liftoff|wasm::|Assembler::|SafepointTable|RelocIterator|RelocInfoWriter|Label::|JitAllocation|JitPage/],
  ["JS parsing", /Scanner|Parser|AstValueFactory|AstRawString|AstNodeFactory|PerfectKeyword|Scope::|ScopeInfo|VariableMap|FuncNameInferrer|interpreter::|Bytecode|SourcePosition|ConstantArrayBuilder|FeedbackMetadata/],
  ["ICU", /icu_|u_char|enumEitherTrie|enumSameValue|UnicodeSet|utrie|ucase|uprops/],
];

const work = mkdtempSync(join(tmpdir(), "whautomate-instructions-"));
process.on("exit", () => { if (!keepDir) rmSync(work, { recursive: true, force: true }); });
const api = await startApi();
const w = await prepareWorkers(pkgDir, api.host);
const binary = realpathSync(WORKERD);

/** Runs one Worker under callgrind until its first response; returns the output file. */
async function count(name, path) {
  const out = join(keepDir || work, `callgrind.${name}.out`);
  const proc = spawn("valgrind", ["--tool=callgrind", "--smc-check=all-non-file", `--callgrind-out-file=${out}`, binary, "serve", w.config[name], "--control-fd", "3"],
    { cwd: join(w.config[name], ".."), stdio: ["ignore", "ignore", "pipe", "pipe"] });
  let err = "";
  proc.stderr.on("data", (d) => (err += d));
  const exited = new Promise((ok) => proc.on("exit", ok));
  const port = await Promise.race([
    new Promise((ok) => {
      let buf = "";
      proc.stdio[3].on("data", (d) => {
        buf += d;
        const line = buf.split("\n").find((l) => l.includes('"listen"'));
        if (line) ok(JSON.parse(line).port);
      });
    }),
    exited.then(() => { throw new Error(`workerd under valgrind exited before listening:\n${err.slice(-2000)}`); }),
  ]);
  await hit(port, path, false);
  proc.kill("SIGINT"); // callgrind writes its counts as the process ends
  await exited;
  return out;
}

/** Instructions per category (and in all) from callgrind_annotate's per-function listing. */
function breakdown(file) {
  const text = execFileSync("callgrind_annotate", ["--threshold=100", file], { encoding: "utf8", maxBuffer: 256 << 20 });
  const parts = Object.fromEntries([...CATEGORIES.map(([n]) => [n, 0]), ["the rest", 0]]);
  let total = 0;
  for (const line of text.split("\n")) {
    const m = line.match(/^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/);
    if (!m) continue;
    const n = Number(m[1].replaceAll(",", ""));
    if (m[2].includes("PROGRAM TOTALS")) {
      total = n;
      continue;
    }
    const hit = CATEGORIES.find(([, re]) => re.test(m[2]));
    parts[hit ? hit[0] : "the rest"] += n;
  }
  // The listing omits functions under the threshold: they go to "the rest".
  parts["the rest"] += total - Object.values(parts).reduce((a, b) => a + b, 0);
  return { total, parts };
}

let result;
try {
  execFileSync("valgrind", ["--version"], { stdio: "ignore" });
  const sdk = breakdown(await count("sdk", "/new"));
  const hand = breakdown(await count("hand", "/"));
  const gap = Object.fromEntries(Object.keys(sdk.parts).map((k) => [k, sdk.parts[k] - hand.parts[k]]));
  result = { sdk, hand, gap: { total: sdk.total - hand.total, parts: gap } };
} finally {
  api.close();
  w.cleanup();
}
process.stdout.write(JSON.stringify(result) + "\n");

// Validation and serialisation cost per message kind, through the real wasm, in its own
// process: `validate(message)` (rules only) and `client.prepare(message)` (rules + the
// request with its JSON body), against `JSON.stringify(message)` (the floor: the JS-side
// encoding that any call pays). Plus the 10-element Messenger template.
//   node bench/validation.mjs <pkgDir> [n]
// Prints one JSON object: µs per operation (best of 7 interleaved rounds).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compare } from "./lib.mjs";
import { kinds, messengerTemplate10 } from "./messages.mjs";

const [dir, nArg] = process.argv.slice(2);
const n = Number(nArg || 4000);
const { Whautomate, validate } = await import(pathToFileURL(join(dir, "node.mjs")).href);
const client = new Whautomate({ apiKey: "sk_bench_key", locationId: "loc_1", rateLimit: false, fetch: () => Promise.reject(new Error("no network")) });

const cases = { ...kinds(), "messenger template ×10": messengerTemplate10() };
const out = {};
for (const [name, message] of Object.entries(cases)) {
  const problems = validate(message);
  if (problems.length) throw new Error(`${name} is not valid: ${JSON.stringify(problems)}`);
  const t = await compare(
    { stringify: () => JSON.stringify(message), validate: () => validate(message), prepare: () => client.prepare(message) },
    { n, rounds: 7, warmup: 300, sync: true },
  );
  // Best round: on a shared machine, interference only ever adds time.
  out[name] = { stringify: t.stringify.best, validate: t.validate.best, prepare: t.prepare.best, bodyBytes: client.prepare(message).body.length };
}
process.stdout.write(JSON.stringify(out) + "\n");

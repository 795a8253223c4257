// ESM smoke test for Node, Deno and Bun: `import "whautomate"` goes through the package's
// `exports` map (node_modules/whautomate is a symlink to pkg/), then sends one message.
// Usage: <runtime> smoke.mjs <runtime-name> <host>
import * as sdk from "whautomate";
import { smoke } from "./smoke-core.mjs";

const [runtime, host] = globalThis.Deno ? Deno.args : process.argv.slice(2);
const entry = import.meta.resolve("whautomate");
console.log("RESULT " + JSON.stringify(await smoke(sdk, { runtime, host, entry })));

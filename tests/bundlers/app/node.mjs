// A Node (or Deno, or Bun) program: `node app.mjs <api host> <row>`; prints one RESULT line.
// (No top-level await: the CommonJS rows bundle this file into CJS.)
import * as sdk from "WHAUTOMATE";
import * as hooks from "WHAUTOMATE_WEBHOOKS";
import { sendAndRead } from "./core.js";

const args = typeof Deno === "object" ? Deno.args : process.argv.slice(2);
sendAndRead(sdk, hooks, { host: args[0], row: args[1] }).then((result) => console.log("RESULT " + JSON.stringify(result)));

// A first look at the package from Node: loads pkg/ (ESM and CommonJS) and uses it.
import { createRequire } from "node:module";
import * as esm from "../pkg/node.mjs";

const cjs = createRequire(import.meta.url)("../pkg/node.cjs");
console.log(`whautomate ${esm.version()} loaded via import; via require: ${cjs.version()}`);
console.log(`base URL for api.in.whautomate.com: ${esm.baseUrl("https://api.in.whautomate.com")}`);
try {
  esm.baseUrl("http://api.whautomate.com");
} catch (e) {
  console.log(`plain http refused as it should be: ${e.message}`);
}

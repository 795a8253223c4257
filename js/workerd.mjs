// Cloudflare Workers (workerd) entry: the runtime (or wrangler's bundler) hands a `.wasm`
// import over as a compiled WebAssembly.Module, so loading is synchronous and needs no
// fetch, no filesystem and no import.meta.url.
import wasm from "./whautomate_full_bg.wasm";
import { initSync } from "./whautomate_full.js";
import { provideExtras, start } from "./engine.js";
import { list, pages, sendMany, webhook } from "./api-extras.js";

// One module with the extras (sendMany, client.webhooks, history pages) inside: workerd compiles every
// wasm module of a Worker when it loads it, imported or not, so a separate extras module
// would cost its start-up whether used or not, and its share of the code both modules
// need (the JSON reader, the host rules) twice (scripts/finish-pkg.mjs).
start(initSync({ module: wasm }));
// The extras' drivers as an object of their own rather than `import * as`: a bundler
// makes a namespace object with a helper (esbuild's `__export`) whose `for…in` also walks
// what a polluted Object.prototype holds, and throws on it ("Getter must be a
// function"). (scripts/finish-pkg.mjs checks that these are all of api-extras.js's.)
const drivers = { list, pages, sendMany, webhook };
provideExtras(true, () => drivers);

// The public API (js/api.js) over the engine that was just started.
export * from "./api.js";

// This entry ships minified (scripts/finish-pkg.mjs): the public functions keep their
// names, for logs and `instanceof`-free checks that read them.
import { Whautomate, validate, version } from "./api.js";
for (const [f, name] of [[Whautomate, "Whautomate"], [validate, "validate"], [version, "version"]]) Object.defineProperty(f, "name", { value: name });

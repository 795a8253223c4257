// "whautomate/inline", and the browser entry of development builds (the "development"
// condition: Vite's dev server, webpack --mode development, Parcel's serve): the .wasm
// travels inside the JS, deflated and base64-encoded (whautomate_bg_inline.js, written by
// scripts/finish-pkg.mjs), and is inflated and compiled synchronously at import.
// So it needs no asset a bundler must copy (Bun's and esbuild's browser builds and Rollup
// leave `new URL(…, import.meta.url)` files behind), no URL that survives pre-bundling
// (Vite's dev server moves dependencies into node_modules/.vite/deps), and no top-level
// await (Vite 6 pre-bundles for targets without it; CJS and IIFE outputs cannot hold it).
// Its cost, measured (BENCHMARKS.md, "First load in a browser"): on the wire, 2 KB gzip
// more than browser.mjs + its .wasm (0.7 KB of base64 over the deflated module, 1.1 KB of
// inflate code); a few ms of CPU to inflate; and the module is downloaded again whenever
// the app's JS changes. On a slow mobile network it loaded 13 ms behind browser.mjs with
// the README's preload hint, and 110 ms ahead of it without the hint.
import { initSync } from "./whautomate_full.js";
import { provideExtras, start, startFailed } from "./engine.js";
import { list, pages, sendMany, webhook } from "./api-extras.js";
import { inflateBase64 } from "./inflate.js";
import { wasm, size } from "./whautomate_full_bg_inline.js";

// One module with the extras (sendMany, client.webhooks, history pages) inside: nothing is fetched later.
// A page that may not compile it (a Content-Security-Policy without 'wasm-unsafe-eval')
// still loads, as with browser.mjs: each call then throws a plain Error saying why.
const load = () => initSync({ module: inflateBase64(wasm, size) });
try {
  start(load());
} catch (e) {
  startFailed(e, load);
}
// The extras' drivers as an object of their own rather than `import * as`: a bundler
// makes a namespace object with a helper (esbuild's `__export`) whose `for…in` also walks
// what a polluted Object.prototype holds, and throws on it ("Getter must be a
// function"). (scripts/finish-pkg.mjs checks that these are all of api-extras.js's.)
const drivers = { list, pages, sendMany, webhook };
provideExtras(true, () => drivers);

// The public API (js/api.js) over the engine that was just started.
export * from "./api.js";

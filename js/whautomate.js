// Instantiates the engine's .wasm. It replaces the JS glue wasm-bindgen generates under
// this name (scripts/finish-pkg.mjs copies it over that file): every export of the
// engine takes and returns numbers (src/wasm/abi.rs), so of the glue only the loader was
// ever used, and the browser bundle carried the rest (one wrapper per export, the
// deprecated-argument paths) for nothing. finish-pkg.mjs checks that the module still
// imports exactly what `imports` below provides, and fails the build if it does not.
//
// The entry files start the engine (initSync, or init in browsers) before anything else
// runs; js/engine.js and js/api.js then reach its exports through `wasm`.

/** The instance's exports, once an entry file has started the engine. */
export let wasm;

// The module's one import, as wasm-bindgen 0.2 generates it: the start function calls it
// to fill the reserved slots of the externref table.
const imports = () => ({
  "./whautomate_bg.js": {
    __wbindgen_init_externref_table() {
      const table = wasm.__wbindgen_externrefs;
      table.set(0, undefined);
      table.set(1024, undefined);
      table.set(1025, null);
      table.set(1026, true);
      table.set(1027, false);
    },
  },
});

function start(instance) {
  wasm = instance.exports;
  wasm.__wbindgen_start();
  return wasm;
}

/**
 * Starts the engine synchronously from `{ module }`: a compiled `WebAssembly.Module`
 * (workerd) or the .wasm's bytes (Node, Deno, Bun). Returns the instance's exports.
 */
export function initSync({ module }) {
  if (wasm !== undefined) return wasm;
  if (!(module instanceof WebAssembly.Module)) module = new WebAssembly.Module(module);
  return start(new WebAssembly.Instance(module, imports()));
}

/**
 * Starts the engine from the .wasm at `{ module_or_path }` (a URL): fetched, then
 * compiled while it streams in. A server that does not label the file
 * `application/wasm` defeats streaming; the bytes are then compiled once they are all
 * in, with a warning, as wasm-bindgen's loader does.
 */
export default async function init({ module_or_path }) {
  if (wasm !== undefined) return wasm;
  const response = await fetch(module_or_path);
  if (!response.ok) throw new Error(`failed to fetch Wasm: ${response.status} ${response.statusText} fetching '${response.url}'`);
  if (typeof WebAssembly.instantiateStreaming === "function") {
    try {
      return start((await WebAssembly.instantiateStreaming(response, imports())).instance);
    } catch (e) {
      if (!["basic", "cors", "default"].includes(response.type) || response.headers.get("Content-Type") === "application/wasm") throw e;
      console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n", e);
    }
  }
  return start((await WebAssembly.instantiate(await response.arrayBuffer(), imports())).instance);
}

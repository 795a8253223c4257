// A .wasm download compiled while it streams in, for wasm-bindgen's generated glue to
// instantiate (`initSync({ module })`): used by the browser entries (browser.mjs,
// webhooks-browser.mjs), which start their downloads themselves. The glue's async `init`
// would fetch and instantiate the same way, but with code of its own in every page that
// this does not need (its fetch of a URL, its deprecated forms, its warnings): 0.24 KB
// gzip of the "send one WhatsApp text" bundle (BENCHMARKS.md, "The run of 2026-12-07").

/**
 * The `WebAssembly.Module` of a pending `fetch` of a .wasm. As the glue does: a response
 * that is not ok is an error naming its status ("failed to fetch Wasm": engine.js tells it
 * from a module that cannot compile, and loads it again later); a server that does not
 * send `Content-Type: application/wasm` gets the slower compile of the whole body instead
 * of a failure (streaming refuses it before reading the body: the body is still there).
 */
export async function compile(pending) {
  const res = await pending;
  if (!res.ok) throw new Error(`failed to fetch Wasm: ${res.status} ${res.statusText} fetching '${res.url}'`);
  try {
    return await WebAssembly.compileStreaming(res);
  } catch (e) {
    if (res.bodyUsed) throw e;
  }
  return WebAssembly.compile(await res.arrayBuffer());
}

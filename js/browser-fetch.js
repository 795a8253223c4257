// The first module browser.mjs imports, so the first of the package's modules to run:
// it starts the .wasm download before the rest of the package is evaluated (in a bundle,
// its line comes first), and browser.mjs hands the pending response to wasm-bindgen's
// init, which compiles the module while it streams in (WebAssembly.instantiateStreaming;
// the server must send `Content-Type: application/wasm`, which Vite, webpack's dev
// server, Parcel, wrangler and the usual static hosts do). The fetch is the same as
// a `<link rel="preload" href="…/whautomate_bg.wasm" as="fetch" type="application/wasm"
// crossorigin>` hint's (a CORS-mode GET with same-origin credentials), so a page that has
// the hint gets the preloaded response instead of a second download (README, "Browser").
// `new URL("./…", import.meta.url)` is the pattern Vite, webpack and Parcel recognise:
// they copy the .wasm into the build and rewrite the URL.
export const download = () => fetch(new URL("./whautomate_bg.wasm", import.meta.url));
export const wasm = download();

// Browser smoke test (headless Chromium): the page's import map points "whautomate" at
// the file the `exports` map names under the "browser" condition; the entry fetches the
// .wasm itself. The result lands in window.__result for Playwright to read.
import * as sdk from "whautomate";
import { smoke } from "./smoke-core.mjs";

const params = new URLSearchParams(location.search);
window.__result = await smoke(sdk, {
  runtime: params.get("runtime"),
  host: location.origin,
  entry: import.meta.resolve("whautomate"),
});

// Browser smoke test (headless Chromium): the page's import map points "whautomate" and
// "whautomate/webhooks" at the files the `exports` map names under the "browser"
// condition; the entries fetch their .wasm themselves. The result lands in
// window.__result for Playwright to read.
import * as sdk from "whautomate";
import * as hooks from "whautomate/webhooks";
import { smoke } from "./smoke-core.mjs";
import { webhooksSmoke } from "./webhooks-core.mjs";

const params = new URLSearchParams(location.search);
const result = await smoke(sdk, {
  runtime: params.get("runtime"),
  host: location.origin,
  entry: import.meta.resolve("whautomate"),
});
result.webhooks = await webhooksSmoke(hooks, sdk, { entry: import.meta.resolve("whautomate/webhooks") });
window.__result = result;

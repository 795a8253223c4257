// A page's app (each browser row's entry): the API host comes in the page's query string.
import * as sdk from "WHAUTOMATE";
import * as hooks from "WHAUTOMATE_WEBHOOKS";
import { sendAndRead } from "./core.js";

const params = new URLSearchParams(location.search);
sendAndRead(sdk, hooks, { host: params.get("api"), row: params.get("row") }).then((r) => {
  window.__result = r;
});

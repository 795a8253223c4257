// vitest: the test file imports the package by name and sends (WHAUTOMATE_API from the runner).
import { expect, test } from "vitest";
import * as sdk from "whautomate";
import * as hooks from "whautomate/webhooks";
import { sendAndRead } from "./core.js";

test("sends one message and reads one webhook event", async () => {
  const result = await sendAndRead(sdk, hooks, { host: process.env.WHAUTOMATE_API, row: process.env.WHAUTOMATE_ROW });
  console.log("RESULT " + JSON.stringify(result));
  expect(result.ok).toBe(true);
});

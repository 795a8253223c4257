// jest (CommonJS, jest's default): the test file requires the package by name and sends.
const sdk = require("whautomate");
const hooks = require("whautomate/webhooks");
const { sendAndRead } = require("./core.cjs"); // core.js as CommonJS (written by the runner)

test("sends one message and reads one webhook event", async () => {
  const result = await sendAndRead(sdk, hooks, { host: process.env.WHAUTOMATE_API, row: process.env.WHAUTOMATE_ROW });
  console.log("RESULT " + JSON.stringify(result));
  expect(result.ok).toBe(true);
});

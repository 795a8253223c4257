// The one thing every runtime smoke test does, whatever loaded the package: create a
// client pointed at the harness's local server and send one WhatsApp text. Returns a
// plain object (printed as `RESULT {...}` by the scripts) for tests/runtimes/run.mjs.
export async function smoke(sdk, { runtime, host, entry }) {
  const result = { runtime, entry, exports: Object.keys(sdk).filter((k) => k !== "default" && k !== "__esModule").sort() };
  try {
    const client = new sdk.Whautomate({ apiKey: "sk_test_smoke", host, locationId: "loc_1", rateLimit: false });
    const answer = await client.whatsapp.sendText({ to: { phoneNumber: "+1 650 555 1234" }, text: `hello from ${runtime}` });
    result.answer = answer === undefined ? null : answer;
    result.ok = true;
  } catch (e) {
    result.ok = false;
    result.error = `${e && e.name}: ${e && e.message}${e && e.code ? ` (code ${e.code})` : ""}`;
  }
  return result;
}

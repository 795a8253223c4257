// A first look at the package from Node: loads pkg/ through import and require, builds a
// request without sending it, and shows a validation error.
import { createRequire } from "node:module";
import { Whautomate, WhautomateError, validate, version } from "../pkg/node.mjs";

const cjs = createRequire(import.meta.url)("../pkg/node.cjs");
console.log(`whautomate ${version()} loaded via import; via require: ${cjs.version()}`);

const client = new Whautomate({ apiKey: "sk_demo_key", locationId: "loc_1" });
const request = client.prepare({ channel: "whatsapp", type: "text", to: { phoneNumber: "+1 (650) 555-1234" }, text: "Hello!" });
console.log("prepared (nothing sent):", request.method, request.url);
console.log("  body:", request.body);

console.log("validate() of a Messenger card with a 25-character button title:");
for (const v of validate({ channel: "messenger", type: "template", to: { contactId: "ct_1" },
  elements: [{ title: "Spring sale", subtitle: "Up to 50% off", buttons: [{ title: "See every discounted item", url: "https://shop.example.com" }] }] })) {
  console.log(`  ${v.field} [${v.code}] ${v.message}`);
}
try {
  new Whautomate({ apiKey: "sk_demo_key", host: "http://api.whautomate.com" });
} catch (e) {
  console.log(`plain http refused: ${e instanceof WhautomateError} ${e.code} (${e.field}): ${e.message}`);
}

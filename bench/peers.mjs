// The peers the issue compares against, pinned so runs stay comparable. They are installed
// at bench time into a scratch folder under the OS temp dir (never into the repository).
// Each has the minimal "send one message" browser entry that is bundled for the size row,
// and, where the SDK accepts a custom fetch, a per-call setup against its hand-written
// equivalent with the same stub: the fair baseline, with a timeout
// (AbortSignal.timeout(30000)) as every SDK here has one.

export const PEERS = [
  {
    name: "whatsapp-api-js",
    version: "6.3.0",
    entry: `import { WhatsAppAPI } from "whatsapp-api-js";
import { Text } from "whatsapp-api-js/messages/text";
const api = new WhatsAppAPI({ token: "token", secure: false });
await api.sendMessage("1234567890", "15551234567", new Text("Hello"));
`,
    async perCall(load, respond) {
      const { WhatsAppAPI } = await load("whatsapp-api-js");
      const { Text } = await load("whatsapp-api-js/messages/text");
      const body = '{"messaging_product":"whatsapp","contacts":[{"input":"15551234567","wa_id":"15551234567"}],"messages":[{"id":"wamid.1"}]}';
      const fetch = () => Promise.resolve(respond(body, 200));
      const api = new WhatsAppAPI({ token: "token", v: "v24.0", secure: false, ponyfill: { fetch } });
      return {
        sdk: () => api.sendMessage("1234567890", "15551234567", new Text("Hello")),
        hand: async () => {
          const res = await fetch("https://graph.facebook.com/v24.0/1234567890/messages", {
            method: "POST",
            headers: { authorization: "Bearer token", "content-type": "application/json" },
            body: JSON.stringify({ messaging_product: "whatsapp", type: "text", to: "15551234567", text: { body: "Hello" } }),
            signal: AbortSignal.timeout(30000),
          });
          return res.json();
        },
      };
    },
  },
  {
    name: "@octokit/request",
    version: "10.0.16",
    entry: `import { request } from "@octokit/request";
await request("POST /repos/{owner}/{repo}/issues", { headers: { authorization: "token t" }, owner: "o", repo: "r", title: "Hello" });
`,
    async perCall(load, respond) {
      const { request } = await load("@octokit/request");
      const body = '{"id":1,"number":1,"title":"Hello"}';
      const fetch = () => Promise.resolve(respond(body, 201));
      return {
        sdk: () => request("POST /repos/{owner}/{repo}/issues", { headers: { authorization: "token t" }, owner: "o", repo: "r", title: "Hello", request: { fetch } }),
        hand: async () => {
          const res = await fetch("https://api.github.com/repos/o/r/issues", {
            method: "POST",
            headers: { accept: "application/vnd.github.v3+json", authorization: "token t", "content-type": "application/json; charset=utf-8" },
            body: JSON.stringify({ title: "Hello" }),
            signal: AbortSignal.timeout(30000),
          });
          return res.json();
        },
      };
    },
  },
  {
    name: "stripe",
    version: "23.1.0",
    entry: `import Stripe from "stripe";
const stripe = new Stripe("sk_test_key");
await stripe.customers.create({ email: "a@example.com" });
`,
    async perCall(load, respond) {
      const mod = await load("stripe");
      const Stripe = mod.default || mod;
      const body = '{"id":"cus_1","object":"customer","email":"a@example.com"}';
      const fetch = () => Promise.resolve(respond(body, 200));
      const stripe = new Stripe("sk_test_key", { httpClient: Stripe.createFetchHttpClient(fetch), maxNetworkRetries: 0, telemetry: false });
      return {
        sdk: () => stripe.customers.create({ email: "a@example.com" }),
        hand: async () => {
          const res = await fetch("https://api.stripe.com/v1/customers", {
            method: "POST",
            headers: { authorization: "Bearer sk_test_key", "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ email: "a@example.com" }).toString(),
            signal: AbortSignal.timeout(30000),
          });
          return res.json();
        },
      };
    },
  },
  {
    name: "@vonage/messages",
    version: "1.27.1",
    // Server-only: its "browser" export is a stub that throws, so it is bundled for Node.
    platform: "node",
    entry: `import { Messages, WhatsAppText } from "@vonage/messages";
const messages = new Messages({ apiKey: "key", apiSecret: "secret" });
await messages.send(new WhatsAppText({ to: "15551234567", from: "15557654321", text: "Hello" }));
`,
  },
  // Cold start only (the slowest peer).
  { name: "twilio", version: "6.2.0", coldOnly: true },
];

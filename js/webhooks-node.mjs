// `whautomate/webhooks` for Node, Deno and Bun (ESM): webhooks-node.cjs re-exported, so
// that `import` and `require` share one engine and one WhautomateError class.
// (scripts/finish-pkg.mjs checks that the names below are exactly its exports.)
import { createRequire } from "node:module";

export const { WhautomateError, createWebhookHandler, createWebhookListener, parseWebhookEvent, verifyWebhook } = createRequire(import.meta.url)("./webhooks-node.cjs");

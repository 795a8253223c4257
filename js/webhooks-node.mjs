// `whautomate/webhooks` for Node, Deno and Bun (ESM): webhooks-node.cjs re-exported, so
// that `import` and `require` share one engine and one WhautomateError class (a static
// import, so that bundlers follow it: see node.mjs).
// (scripts/finish-pkg.mjs checks that the names below are exactly its exports.)
import api from "./webhooks-node.cjs";

export const { WhautomateError, createWebhookHandler, createWebhookListener, parseWebhookEvent, verifyWebhook } = api;

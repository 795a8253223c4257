// Node, Deno and Bun (ESM) entry: the CommonJS entry (node.cjs) itself, re-exported.
// A process that loads the package with both `import` and `require` (an ESM app with a
// CommonJS dependency, say) so gets one engine and one `WhautomateError` class, and
// `instanceof WhautomateError` holds across both. (scripts/finish-pkg.mjs checks that
// the names below are exactly node.cjs's exports.)
import { createRequire } from "node:module";

export const { Whautomate, WhautomateError, validate, version } = createRequire(import.meta.url)("./node.cjs");

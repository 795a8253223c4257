// Node, Deno and Bun (ESM) entry: the CommonJS entry (node.cjs) itself, re-exported.
// A process that loads the package with both `import` and `require` (an ESM app with a
// CommonJS dependency, say) so gets one engine and one `WhautomateError` class, and
// `instanceof WhautomateError` holds across both. A static import, not createRequire:
// a bundler (esbuild --platform=node, webpack's node target) can follow it, and the
// bundle needs neither import.meta.url (empty in CommonJS output) nor the package's files.
// (scripts/finish-pkg.mjs checks that the names below are exactly node.cjs's exports.)
import api from "./node.cjs";

export const { Whautomate, WhautomateError, validate, version } = api;

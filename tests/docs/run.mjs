// `make test-docs`: the API reference (`make docs`, scripts/build-docs.sh) as a reader
// meets it: served by the sandbox at /docs/ beside the playground, as `make demo` serves
// it, its index linking both references, each documenting the public names of the
// README's contract (and none of the engine's internals).
//
//   node tests/docs/run.mjs     (after scripts/build-docs.sh and cargo build -p whautomate-sandbox)
// Prints `ok <check>` / `FAIL <check>: why`, then `N passed, M failed`.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checklist } from "../support/checks.mjs";
import { startSandbox } from "../reliability/sandbox.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const site = join(root, "target", "site", "docs");
const { check, done } = checklist();

if (!existsSync(join(site, "index.html"))) throw new Error(`${site} is missing: run scripts/build-docs.sh (make docs)`);
const sandbox = await startSandbox(["--static-dir", `${join(root, "www")}:/`, "--static-dir", `${site}:/docs`]);
const get = async (path) => {
  const res = await fetch(sandbox.url + path);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return text;
};
try {
  await check("the sandbox serves the reference at /docs/, linking the JS and the Rust references", async () => {
    const index = await get("/docs/");
    for (const link of ['href="js/index.html"', 'href="rust/whautomate/index.html"']) if (!index.includes(link)) throw new Error(`no ${link}`);
    await get("/"); // the playground beside it
  });
  await check("the JS reference documents both entries' public names", async () => {
    const js = await get("/docs/js/index.html");
    const names = ["Whautomate", "WhautomateError", "WhautomateOptions", "parseWebhookEvent", "verifyWebhook", "createWebhookHandler", "createWebhookListener", "WebhookEvent"];
    // TypeDoc lists a module's members on the module's page; every page is searched.
    const pages = [js, await get("/docs/js/modules/index.html").catch(() => ""), await get("/docs/js/modules/webhooks.html").catch(() => "")].join("\n");
    const missing = names.filter((n) => !pages.includes(n));
    if (missing.length) throw new Error(`not documented: ${missing.join(", ")}`);
  });
  await check("the Rust reference documents the crate's contract and none of the engine interface", async () => {
    const crate = await get("/docs/rust/whautomate/index.html");
    for (const name of ["Client", "ClientOptions", "MessageBuilder", "Channel", "MessageKind", "webhook"]) if (!crate.includes(name)) throw new Error(`${name} not on the crate page`);
    if (crate.includes("__js")) throw new Error("the engine interface (__js) is documented");
    await get("/docs/rust/whautomate/webhook/struct.Receiver.html");
    await get("/docs/rust/whautomate/client/struct.Client.html");
  });
} finally {
  await sandbox.stop();
}
done();

// A page whose Content-Security-Policy forbids compiling WebAssembly (`script-src 'self'`,
// without 'wasm-unsafe-eval'), in headless Chromium: each of the four browser entries still
// loads, the app's own code after the import runs, and each call throws a plain Error
// saying why (README, "Browser"). whautomate/inline and whautomate/webhooks/inline compile
// their module as they are imported: a throw there would have stopped the app at its import.
// The same pages with 'wasm-unsafe-eval' send for real, to a server on 127.0.0.1.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { root } from "./support/sandbox.mjs";

const require = createRequire(import.meta.url);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const STRICT = "script-src 'self'";
const ALLOWING = "script-src 'self' 'wasm-unsafe-eval'";

// The app: imports an entry, records that it ran past the import, then tries a call.
const app = (spec, call) => `import * as sdk from "${spec}";
window.__ran = true;
try {
${call}
} catch (e) { window.__result = (e.code ? e.code + ": " : "plain: ") + e.message; }
`;
const send = (name) => `  const client = new sdk.Whautomate({ apiKey: "k", host: location.origin, locationId: "loc_1", rateLimit: false });
  await client.whatsapp.sendText({ to: { phoneNumber: "+15551234567" }, text: "from ${name}" });
  window.__result = "sent";`;
const PARSE = `  window.__result = "parsed " + sdk.parseWebhookEvent('{"event":{"id":"e1","type":"contact_created"}}').id;`;
const apps = {
  inline: app("whautomate/inline", send("inline")),
  browser: app("whautomate", send("browser")),
  "webhooks-inline": app("whautomate/webhooks/inline", PARSE),
  webhooks: app("whautomate/webhooks", PARSE),
};

let work, server, browser, sent = [];
const files = new Map();
before(async () => {
  work = mkdtempSync(join(tmpdir(), "whautomate-csp-"));
  mkdirSync(join(work, "node_modules"));
  symlinkSync(join(root, "pkg"), join(work, "node_modules", "whautomate"), "dir");
  for (const [name, source] of Object.entries(apps)) {
    writeFileSync(join(work, `${name}.mjs`), source);
    const out = join(work, `${name}-out`);
    execFileSync(join(root, "node_modules", ".bin", "esbuild"), [`${name}.mjs`, "--bundle", "--format=esm", "--platform=browser", "--splitting",
      `--outdir=${out}`, "--entry-names=app", "--log-level=error"], { cwd: work });
    for (const file of execFileSync("ls", [out], { encoding: "utf8" }).split("\n").filter(Boolean)) files.set(`/${name}/${file}`, join(out, file));
    // browser.mjs fetches its .wasm beside the bundle (README, "Bundlers": esbuild copies no asset).
    if (name === "browser") files.set(`/${name}/whautomate_bg.wasm`, join(root, "pkg", "whautomate_bg.wasm"));
    if (name === "webhooks") files.set(`/${name}/whautomate_webhooks_bg.wasm`, join(root, "pkg", "whautomate_webhooks_bg.wasm"));
  }
  const types = { ".js": "text/javascript", ".wasm": "application/wasm" };
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const url = new URL(req.url, "http://x");
      if (url.pathname.startsWith("/v1/")) {
        sent.push(body);
        return res.writeHead(200, { "content-type": "application/json" }).end('{"success":true}');
      }
      const [, name, file] = url.pathname.split("/");
      const csp = url.searchParams.get("allow") ? ALLOWING : STRICT;
      if (!file) {
        return res.writeHead(200, { "content-type": "text/html", "content-security-policy": csp })
          .end(`<!doctype html><meta charset="utf-8"><title>csp</title><script type="module" src="/${name}/app.js"></script>`);
      }
      const path = files.get(url.pathname);
      if (!path) return res.writeHead(404).end();
      res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream", "content-security-policy": csp }).end(readFileSync(path));
    });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { chromium } = require(join(root, "node_modules", "playwright-core"));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
});
after(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function load(name, allow) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/${name}/${allow ? "?allow=1" : ""}`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 10_000 })
      .catch(() => { throw new Error(`${name}: no result (${errors.join("; ") || "no page error"})`); });
    return { ran: await page.evaluate(() => window.__ran), result: await page.evaluate(() => window.__result), errors };
  } finally {
    await page.close();
  }
}

for (const name of Object.keys(apps)) {
  test(`${name}: under a CSP that forbids compiling WebAssembly, the app still runs and each call throws a plain Error saying why`, async () => {
    const { ran, result, errors } = await load(name, false);
    assert.equal(ran, true);
    assert.deepEqual(errors, [], "nothing uncaught");
    assert.match(result, /^plain: whautomate: the engine cannot start: .*(CSP|Content Security Policy|wasm-unsafe-eval|WebAssembly)/i);
  });
  test(`${name}: with 'wasm-unsafe-eval', the same page works`, async () => {
    const before = sent.length;
    const { result, errors } = await load(name, true);
    assert.deepEqual(errors, []);
    if (name.startsWith("webhooks")) return assert.equal(result, "parsed e1");
    assert.equal(result, "sent");
    assert.equal(sent.length, before + 1);
    assert.equal(JSON.parse(sent.at(-1)).textMessage, `from ${name}`);
  });
}

// The package as npm would publish it (issue 18 §1): `publint --strict` and `attw --pack`
// on pkg/, the `npm pack` tarball's file list, then that tarball installed into a scratch
// project and used from ESM, CommonJS and TypeScript (node16 and bundler resolution):
// each sends one message to a server on 127.0.0.1 and reads one webhook event.
//
//   node tests/package/run.mjs        (make test-package builds pkg/ first)
// Prints `ok <check>` / `FAIL <check>: why`, then `N passed, M failed`.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checklist } from "../support/checks.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = join(root, "pkg");
const bin = (name) => join(root, "node_modules", ".bin", name);
const { check, done } = checklist();
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...opts });

await check("publint --strict: no errors, no warnings", () => {
  const out = run(bin("publint"), ["--strict"], { cwd: pkg });
  if (!/All good!/.test(out)) throw new Error(out);
});

// The two .wasm subpaths are assets (for a preload hint or a bundler's ?url import), not
// modules with types: attw's documented way is to leave such entrypoints out.
await check("attw --pack: every entrypoint resolves to types under node10, node16 (CJS and ESM) and bundler", () => {
  run(bin("attw"), ["--pack", ".", "--format", "ascii", "--exclude-entrypoints", "./whautomate_bg.wasm", "./whautomate_extras_bg.wasm", "./whautomate_full_bg.wasm", "./whautomate_webhooks_bg.wasm"], { cwd: pkg });
});

const scratch = mkdtempSync(join(tmpdir(), "whautomate-pack-"));
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    received.push({ method: req.method, url: req.url, key: req.headers["x-api-key"], body });
    res.writeHead(200, { "content-type": "application/json" }).end('{"success":true}');
  });
});
const received = [];
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const host = `http://127.0.0.1:${server.address().port}`;
try {
  let tarball, packed;
  await check("npm pack: the tarball holds the README, both licenses, the changelog and both engines, and no build leftovers", () => {
    const [info] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: pkg }));
    tarball = join(scratch, info.filename);
    const files = info.files.map((f) => f.path);
    for (const need of ["README.md", "LICENSE-MIT", "LICENSE-APACHE", "CHANGELOG.md", "package.json", "whautomate_bg.wasm", "whautomate_extras_bg.wasm", "whautomate_full_bg.wasm", "whautomate_webhooks_bg.wasm", "index.d.ts", "index.d.cts", "webhooks.d.ts", "webhooks.d.cts"]) {
      if (!files.includes(need)) throw new Error(`${need} is not in the tarball: ${files.join(", ")}`);
    }
    const stray = files.filter((f) => /\.wasm\.d\.ts$|template|\.gitignore/.test(f));
    if (stray.length) throw new Error(`left over: ${stray.join(", ")}`);
    packed = files;
  });

  await check("every source map a packed file names is packed, with the text of each of its sources", () => {
    let maps = 0;
    for (const file of packed.filter((f) => /\.(m|c)?js$/.test(f))) {
      const named = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(pkg, file), "utf8"));
      if (!named) continue;
      maps++;
      const map = join(dirname(file), named[1]);
      if (!packed.includes(map)) throw new Error(`${file} names ${named[1]}, which is not in the tarball`);
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(pkg, map), "utf8"));
      if (!(sources.length > 0 && sourcesContent?.length === sources.length && sourcesContent.every((t) => typeof t === "string" && t.length > 0))) {
        throw new Error(`${map}: ${sources.length} sources, ${sourcesContent?.length ?? 0} texts`);
      }
    }
    if (maps === 0) throw new Error("no packed file names a source map (workerd.mjs ships minified with one)");
  });

  const app = join(scratch, "app");
  await check("the tarball installs into a new project (no registry needed: no dependencies)", () => {
    run("mkdir", ["-p", app]);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
    run("npm", ["install", "--no-audit", "--no-fund", "--offline", "--loglevel=error", tarball], { cwd: app });
  });

  const event = JSON.stringify({ event: { id: "e1", type: "incoming_whatsapp_message" }, message: { isIncoming: "true", channel: "whatsApp", text: "hi" } });
  const use = (kind) => `const client = new Whautomate({ apiKey: "sk_pack", host: ${JSON.stringify(host)}, locationId: "loc_1", retry: { maxRetries: 0 } });
const sent = await client.whatsapp.sendText({ to: { contactId: "ct_1" }, text: ${JSON.stringify(`from ${kind}`)} });
const event = parseWebhookEvent(${JSON.stringify(event)});
if (!(sent.success === true && event.message.isIncoming === true && event.channel === "whatsapp")) throw new Error("unexpected: " + JSON.stringify({ sent, event }));
let refused;
try { parseWebhookEvent("nope"); } catch (e) { refused = e; }
if (!(refused instanceof WhautomateError) || refused.code !== "invalid_input") throw new Error("not a WhautomateError: " + refused);
console.log("ok");`;
  writeFileSync(join(app, "esm.mjs"), `import { Whautomate, WhautomateError } from "whautomate";\nimport { parseWebhookEvent } from "whautomate/webhooks";\n${use("esm")}\n`);
  writeFileSync(join(app, "cjs.cjs"), `const { Whautomate, WhautomateError } = require("whautomate");\nconst { parseWebhookEvent } = require("whautomate/webhooks");\n(async () => {\n${use("cjs")}\n})().catch((e) => { console.error(e); process.exit(1); });\n`);
  for (const [name, file] of [["ESM", "esm.mjs"], ["CommonJS", "cjs.cjs"]]) {
    await check(`the installed package sends and receives from ${name}`, async () => {
      const before = received.length;
      // Asynchronously: the server answering it runs in this process.
      const { stdout: out } = await promisify(execFile)(process.execPath, [file], { cwd: app, encoding: "utf8" });
      if (out.trim() !== "ok") throw new Error(out);
      const got = received.slice(before);
      if (got.length !== 1 || got[0].url !== "/v1/messages/whatsapp/sendtext" || got[0].key !== "sk_pack" || !got[0].body.includes(`from ${name === "ESM" ? "esm" : "cjs"}`)) {
        throw new Error(`the server got ${JSON.stringify(got)}`);
      }
    });
  }

  // TypeScript, as a consumer writes it, against the installed types.
  const ts = `import { Whautomate, WhautomateError } from "whautomate";
import { parseWebhookEvent, createWebhookHandler, type WebhookEvent } from "whautomate/webhooks";
const client = new Whautomate({ apiKey: "k" });
void client.telegram.sendText({ to: { contactId: "c" }, text: "hi" });
const e: WebhookEvent = parseWebhookEvent("{}");
if (e.type === "incoming_whatsapp_message") { const incoming: true | undefined = e.message?.isIncoming === true ? true : undefined; void incoming; }
const handler: (r: Request) => Promise<Response> = createWebhookHandler({ onEvent(event) { void event.id; } });
void handler; void WhautomateError;
// @ts-expect-error: Telegram takes only a contact id
void client.telegram.sendText({ to: { phoneNumber: "+1" }, text: "hi" });
`;
  for (const [resolution, module, files] of [["node16", "node16", [["a.mts", ts], ["b.cts", ts.replace(/^import (.*) from (".*");$/gm, "import $1 from $2;")]]], ["bundler", "esnext", [["c.ts", ts]]]]) {
    await check(`TypeScript (moduleResolution ${resolution}) type-checks a consumer of both entries`, () => {
      const dir = join(app, `ts-${resolution}`);
      run("mkdir", ["-p", dir]);
      for (const [name, text] of files) writeFileSync(join(dir, name), text);
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module, moduleResolution: resolution, target: "es2022", lib: ["es2022", "dom"], skipLibCheck: false, types: [] }, include: ["*.ts", "*.mts", "*.cts"] }));
      run(bin("tsc"), ["-p", dir], { cwd: app });
    });
  }
} finally {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
}
done();

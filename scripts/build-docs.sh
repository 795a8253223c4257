#!/usr/bin/env bash
# `make docs`: the API reference, in target/site/docs/ (served at /docs/ by `make demo`'s
# sandbox, beside the playground):
#   js/    the npm package, by TypeDoc from the types users compile against
#          (js/index.d.ts, js/webhooks.d.ts; docs/typedoc.json);
#   rust/  the whautomate crate, by rustdoc.
# Both treat warnings as errors: an unexported type that the API uses, a broken intra-doc
# link, or an unclosed code block fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/site/docs
rm -rf "$out"
mkdir -p "$out"
typedoc --options docs/typedoc.json --logLevel Warn
RUSTDOCFLAGS="-D warnings" cargo doc --quiet -p whautomate --no-deps
cp -r target/doc "$out/rust"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
cat > "$out/index.html" <<HTML
<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>whautomate $version: API reference</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b57d0}</style>
<main>
  <h1>whautomate $version: API reference</h1>
  <ul>
    <li><a href="js/index.html">JavaScript and TypeScript</a>: the npm package <code>whautomate</code> (sending) and <code>whautomate/webhooks</code> (receiving).</li>
    <li><a href="rust/whautomate/index.html">Rust</a>: the <code>whautomate</code> crate.</li>
    <li><a href="../">The playground</a>, when the sandbox serves it.</li>
  </ul>
</main>
</html>
HTML
echo "API reference: $out/index.html (js/ by TypeDoc, rust/ by rustdoc)"

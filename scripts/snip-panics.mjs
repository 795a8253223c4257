// Replaces the body of every function that only exists to panic with `unreachable`, in
// the wasm-bindgen output (before wasm-opt, which then drops what those bodies called).
//
// Why: the npm build is `no_std` with a panic handler that traps (src/wasm_runtime.rs),
// but core's panic entry points still build their message (`index out of bounds: the len
// is {} ...`, `byte index {} is not a char boundary ...`) before calling the handler, and
// that drags core's formatting machinery and Unicode tables into the module: about 4 KB
// of the gzipped .wasm. Each function snipped here diverges into the handler anyway, so
// trapping at its first instruction instead is the same behaviour without the bytes.
// (rustwasm's `wasm-snip --snip-rust-panicking-code` did this; it is unmaintained and
// cannot read the reference-types/multivalue modules rustc emits today.)
//
// usage: node scripts/snip-panics.mjs file.wasm   (rewrites the file; prints what it cut)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Matched against the name section's names (as wasm-bindgen writes them, demangled).
// Only divergent panic entry points:
// functions that merely *may* panic are left alone.
const PANICKING = [
  "::panicking::panic",
  "slice_error_fail", "slice_index_fail", "slice_start_index_len_fail", "slice_end_index_len_fail",
  "slice_index_order_fail", "len_mismatch_fail", "unwrap_failed", "expect_failed",
  "panic_already_borrowed", "panic_already_mutably_borrowed", "capacity_overflow",
  "handle_alloc_error", "alloc_error_handler", "assert_failed",
];

function leb(bytes, pos) {
  let result = 0, shift = 0, byte;
  do {
    byte = bytes[pos++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [result, pos];
}
function encodeLeb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}
const text = (bytes, pos) => {
  const [len, start] = leb(bytes, pos);
  return [new TextDecoder().decode(bytes.subarray(start, start + len)), start + len];
};

/** The module's sections as { id, start, end } (start = first content byte). */
function sections(bytes) {
  const out = [];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, start] = leb(bytes, pos + 1);
    out.push({ id, head: pos, start, end: start + size });
    pos = start + size;
  }
  return out;
}

function importedFunctions(bytes, section) {
  let [count, pos] = leb(bytes, section.start);
  let functions = 0;
  for (let i = 0; i < count; i++) {
    [, pos] = text(bytes, pos);
    [, pos] = text(bytes, pos);
    const kind = bytes[pos++];
    if (kind === 0) { functions++; [, pos] = leb(bytes, pos); }
    else if (kind === 1 || kind === 2) {
      if (kind === 1) pos++; // reference type
      const flags = bytes[pos++];
      [, pos] = leb(bytes, pos);
      if (flags & 1) [, pos] = leb(bytes, pos);
    } else if (kind === 3) pos += 2; // value type, mutability
    else if (kind === 4) { pos++; [, pos] = leb(bytes, pos); }
    else throw new Error(`unknown import kind ${kind}`);
  }
  return functions;
}

function functionNames(bytes, section) {
  let [name, pos] = text(bytes, section.start);
  if (name !== "name") return null;
  const names = new Map();
  while (pos < section.end) {
    const id = bytes[pos];
    const [size, start] = leb(bytes, pos + 1);
    if (id === 1) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        let index, n;
        [index, p] = leb(bytes, p);
        [n, p] = text(bytes, p);
        names.set(index, n);
      }
    }
    pos = start + size;
  }
  return names;
}

export function snip(bytes, shouldCut) {
  const all = sections(bytes);
  const imports = all.find((s) => s.id === 2);
  const code = all.find((s) => s.id === 10);
  const names = all.filter((s) => s.id === 0).map((s) => functionNames(bytes, s)).find(Boolean);
  if (!names) throw new Error("the module has no name section: cannot tell which functions panic");
  const firstLocal = imports ? importedFunctions(bytes, imports) : 0;

  const bodies = [];
  const cut = [];
  let [count, pos] = leb(bytes, code.start);
  for (let i = 0; i < count; i++) {
    const [size, start] = leb(bytes, pos);
    const name = names.get(firstLocal + i) ?? "";
    if (shouldCut(name)) {
      bodies.push([3, 0x00, 0x00, 0x0b]); // size 3: no locals, unreachable, end
      cut.push(name);
    } else {
      bodies.push(bytes.subarray(pos, start + size));
    }
    pos = start + size;
  }
  const content = [encodeLeb(count), ...bodies].map((b) => Uint8Array.from(b));
  const length = content.reduce((n, b) => n + b.length, 0);
  const out = [bytes.subarray(0, code.head), Uint8Array.of(10, ...encodeLeb(length)), ...content, bytes.subarray(code.end)];
  const result = new Uint8Array(out.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of out) { result.set(b, at); at += b.length; }
  return { bytes: result, cut };
}

/** Whether `name` is one of the panic entry points above. */
export const isPanicEntry = (name) => PANICKING.some((p) => name.includes(p));

// ---------------------------------------------------------------- dead table entries
// After the panic entry points are cut, the formatting code they used (`<char as
// Debug>::fmt`, `Formatter::pad`, `fmt::write`, ...) is still kept by one thing: it sits
// in the function table, because its address was taken, and wasm-opt keeps every table
// entry. A function in the table can only be reached by a `call_indirect` of its exact
// signature. So: walk the call graph from the exports, following direct calls, `ref.func`
// and, for every signature some live code calls indirectly, the table entries of that
// signature. Table entries never reached are dead; their bodies are cut like the panic
// entry points', and wasm-opt then drops what only they called. Sound as long as no live
// code reads the table itself (table.get/copy/...), which is checked: if it does, nothing
// is cut.

const NAME = String.raw`\$(?:"(?:[^"\\]|\\.)*"|[^\s()]+)`;
const unquote = (token) => {
  const raw = token.slice(1);
  if (!raw.startsWith('"')) return raw;
  return raw.slice(1, -1).replace(/\\([0-9a-fA-F]{2}|.)/g, (_, e) => (e.length === 2 ? String.fromCharCode(parseInt(e, 16)) : e));
};

/** A signature as "params -> results", from `(param $0 i32) (param i64) (result i32)` text. */
function canonical(text) {
  const types = (kind) => [...text.matchAll(new RegExp(`\\(${kind}((?: [^()]+)+)\\)`, "g"))]
    .flatMap((m) => m[1].trim().split(/\s+/)).filter((t) => !t.startsWith("$"));
  return `${types("param").join(" ")} -> ${types("result").join(" ")}`;
}

/** Names of the table entries no live code can call, from wasm-opt's text output. */
export function deadTableEntries(wat) {
  const signature = new Map(); // type name -> "(param ..) (result ..)"
  const funcType = new Map(); // function name -> signature
  const calls = new Map(); // function name -> { direct: Set, indirect: Set(signature), readsTable: bool }
  const roots = new Set();
  const elems = [];
  let current = null;
  // wasm-bindgen's externref table (table.get/set/grow on it are its heap of JS values).
  const externrefTable = (wat.match(/^ \(table (\S+) \d+ (?:\d+ )?externref\)/m) ?? [])[1];
  for (const line of wat.split("\n")) {
    let m;
    if ((m = line.match(new RegExp(`^ \\(type (${NAME}) \\(func(.*)\\)\\)$`)))) {
      signature.set(unquote(m[1]), canonical(m[2]));
    } else if ((m = line.match(new RegExp(`^ \\(func (${NAME})(.*)$`)))) {
      current = { direct: new Set(), indirect: new Set(), readsTable: false };
      calls.set(unquote(m[1]), current);
      funcType.set(unquote(m[1]), canonical(m[2]));
    } else if ((m = line.match(new RegExp(`^ \\(import .*\\(func (${NAME})(.*)$`)))) {
      funcType.set(unquote(m[1]), canonical(m[2]));
    } else if ((m = line.match(new RegExp(`^ \\(export "[^"]*" \\(func (${NAME})\\)\\)`)))) {
      roots.add(unquote(m[1]));
    } else if ((m = line.match(new RegExp(`^ \\(start (${NAME})\\)`)))) {
      roots.add(unquote(m[1]));
    } else if (line.startsWith(" (elem")) {
      const body = line.slice(line.indexOf(" func ") + 6);
      for (const t of body.match(new RegExp(NAME, "g")) ?? []) elems.push(unquote(t));
    } else if (current) {
      for (const t of line.matchAll(new RegExp(`\\((?:call|return_call|ref\\.func) (${NAME})`, "g"))) current.direct.add(unquote(t[1]));
      for (const t of line.matchAll(new RegExp(`\\((?:call_indirect|return_call_indirect) (?:${NAME} )?\\(type (${NAME})\\)`, "g"))) current.indirect.add(signature.get(unquote(t[1])));
      if (/\((?:table\.(?:get|set|grow|copy|init|fill|size)|elem\.drop)\b/.test(line) && (!externrefTable || !line.includes(` ${externrefTable}`))) current.readsTable = true;
    }
  }
  // One funcref table, not exported: then only call_indirect reaches its entries.
  const funcTables = [...wat.matchAll(/^ \(table (\S+) \d+ (?:\d+ )?funcref\)/gm)].map((m) => m[1]);
  const exported = funcTables.some((t) => wat.includes(`(table ${t}))`) && new RegExp(`^ \\(export "[^"]*" \\(table \\${t}\\)\\)`, "m").test(wat));
  if (funcTables.length !== 1 || exported || !signature.size) return new Set();

  const live = new Set();
  const reached = new Set();
  const queue = [...roots];
  while (queue.length) {
    const name = queue.pop();
    if (live.has(name)) continue;
    live.add(name);
    const c = calls.get(name);
    if (!c) continue; // an import
    if (c.readsTable) return new Set();
    for (const callee of c.direct) queue.push(callee);
    for (const sig of c.indirect) {
      if (reached.has(sig)) continue;
      reached.add(sig);
      for (const entry of elems) if (funcType.get(entry) === sig) queue.push(entry);
    }
  }
  if (process.env.SNIP_VERBOSE) console.log(`  table: ${elems.length} entries; signatures called indirectly: ${[...reached].join(" | ")}`);
  return new Set(elems.filter((e) => !live.has(e) && calls.has(e)));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const file = process.argv[2];
  const first = snip(readFileSync(file), isPanicEntry);
  console.log(`snip-panics: ${first.cut.length} panic entry points trap at once`);
  if (process.env.SNIP_VERBOSE) for (const n of first.cut) console.log(`  ${n}`);
  // wasm-opt only prints the module here (as text, with the names of the name section);
  // the analysis is the dead-code elimination, so no optimising pass is needed first.
  const dir = mkdtempSync(join(tmpdir(), "snip-"));
  const staged = join(dir, "staged.wasm");
  writeFileSync(staged, first.bytes);
  const wasmOpt = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", ".bin", "wasm-opt");
  const features = ["--enable-reference-types", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext", "--enable-mutable-globals", "--enable-multivalue"];
  const wat = execFileSync(wasmOpt, [...features, "--print", staged], { encoding: "utf8", maxBuffer: 1 << 28 });
  rmSync(dir, { recursive: true, force: true });
  const dead = deadTableEntries(wat);
  const second = snip(first.bytes, (name) => dead.has(name));
  writeFileSync(file, second.bytes);
  console.log(`snip-panics: ${second.cut.length} table entries no live code can call trap at once`);
  if (process.env.SNIP_VERBOSE) for (const n of second.cut) console.log(`  ${n}`);
}

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
import { readFileSync, writeFileSync } from "node:fs";

// Matched against the name section's (mangled) names. Only divergent panic entry points:
// functions that merely *may* panic are left alone.
const PANICKING = [
  "panic_fmt", "panic_nounwind_fmt", "panic_bounds_check", "core::panicking::panic", "panicking5panic",
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

export function snip(bytes) {
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
    if (PANICKING.some((p) => name.includes(p))) {
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

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const file = process.argv[2];
  const { bytes, cut } = snip(readFileSync(file));
  writeFileSync(file, bytes);
  console.log(`snip-panics: ${cut.length} panic entry points trap at once`);
  if (process.env.SNIP_VERBOSE) for (const n of cut) console.log(`  ${n}`);
}

// Synchronous inflate of a raw DEFLATE stream (RFC 1951), for the entries that carry the
// .wasm inside their JS (inline.mjs and webhooks-inline.mjs): the module is stored
// deflated (zlib level 9) and base64-encoded, which gzips (or brotlis) on the wire to
// within 0.5% of the .wasm file's own gzip size (base64 of the raw module would cost
// about 30% more). Synchronous on purpose: no top-level await, so an inline entry loads
// under any build target and in any output format (ESM, CJS, IIFE), and as a pre-bundled
// dependency (Vite's dev server). DecompressionStream would be smaller but is
// asynchronous. Checked at every `make pkg`: scripts/finish-pkg.mjs inflates both modules
// with this code and compares them with the .wasm files byte for byte.

// Length and distance codes: base values and extra bits (RFC 1951 3.2.5).
const LBASE = [], LEXT = [], DBASE = [], DEXT = [];
for (let i = 0, b = 3; i < 29; i++) {
  const e = i < 8 || i === 28 ? 0 : (i >> 2) - 1;
  LBASE[i] = i === 28 ? 258 : b;
  LEXT[i] = e;
  b += 1 << e;
}
for (let i = 0, b = 1; i < 30; i++) {
  const e = i < 4 ? 0 : (i >> 1) - 1;
  DBASE[i] = b;
  DEXT[i] = e;
  b += 1 << e;
}
const ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

// A canonical Huffman code from code lengths: a lookup table of the next 10 bits of input
// (codes are packed from their first bit up; entry = symbol << 4 | length) for the codes
// of up to 10 bits, and the counts per length and the symbols in code order for the rare
// longer ones, decoded a bit at a time. (A full 15-bit table per block costs more to
// fill than it saves: this code runs once, mostly before the JIT has looked at it.)
function table(lengths) {
  const count = new Uint16Array(16), next = new Uint16Array(16), offs = new Uint16Array(16);
  const symbol = new Uint16Array(lengths.length), lookup = new Uint16Array(1024);
  for (const l of lengths) count[l]++;
  count[0] = 0;
  for (let l = 1, code = 0; l < 16; l++) {
    next[l] = code = (code + count[l - 1]) << 1;
    offs[l] = offs[l - 1] + count[l - 1];
  }
  for (let s = 0; s < lengths.length; s++) {
    const l = lengths[s];
    if (!l) continue;
    symbol[offs[l]++] = s;
    if (l > 10) continue;
    let code = next[l]++, rev = 0;
    for (let i = 0; i < l; i++, code >>= 1) rev = (rev << 1) | (code & 1);
    for (let i = rev; i < 1024; i += 1 << l) lookup[i] = (s << 4) | l;
  }
  return { count, symbol, lookup };
}

/** `size` bytes inflated from the base64 text of a raw DEFLATE stream. */
export function inflateBase64(text, size) {
  const bin = atob(text), src = new Uint8Array(bin.length), out = new Uint8Array(size);
  for (let i = 0; i < bin.length; i++) src[i] = bin.charCodeAt(i);
  let ip = 0, buf = 0, cnt = 0, o = 0, last;
  const bits = (n) => {
    while (cnt < n) { buf |= src[ip++] << cnt; cnt += 8; }
    const v = buf & ((1 << n) - 1);
    buf >>>= n;
    cnt -= n;
    return v;
  };
  const decode = ({ count, symbol, lookup }) => {
    while (cnt < 15) { buf |= (src[ip++] | 0) << cnt; cnt += 8; }
    let e = lookup[buf & 1023], l = e & 15;
    if (!l) {
      // Longer than 10 bits: canonical decoding, one bit at a time (RFC 1951 3.2.2).
      for (let code = 0, first = 0, index = 0; ; ) {
        code |= (buf >>> l++) & 1;
        if (l > 15) throw new Error("inflate: bad code");
        const n = count[l];
        if (code - first < n) { e = symbol[index + code - first] << 4; break; }
        index += n;
        first = (first + n) << 1;
        code <<= 1;
      }
    }
    buf >>>= l;
    cnt -= l;
    return e >> 4;
  };
  do {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      ip -= cnt >> 3; // to the byte boundary: whole bytes read ahead go back
      buf = cnt = 0;
      const len = src[ip] | (src[ip + 1] << 8);
      out.set(src.subarray(ip + 4, ip + 4 + len), o);
      ip += 4 + len;
      o += len;
      continue;
    }
    let lit, dist;
    if (type === 1) {
      const l = new Uint8Array(320);
      l.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288).fill(5, 288);
      lit = table(l.subarray(0, 288));
      dist = table(l.subarray(288));
    } else if (type === 2) {
      const nlit = bits(5) + 257, ndist = bits(5) + 1, ncode = bits(4) + 4;
      const cl = new Uint8Array(19);
      for (let i = 0; i < ncode; i++) cl[ORDER[i]] = bits(3);
      const clt = table(cl), lengths = new Uint8Array(nlit + ndist);
      for (let i = 0; i < nlit + ndist;) {
        const sym = decode(clt);
        if (sym < 16) lengths[i++] = sym;
        else {
          const [rep, fill] = sym === 16 ? [3 + bits(2), lengths[i - 1]] : sym === 17 ? [3 + bits(3), 0] : [11 + bits(7), 0];
          lengths.fill(fill, i, i + rep);
          i += rep;
        }
      }
      lit = table(lengths.subarray(0, nlit));
      dist = table(lengths.subarray(nlit));
    } else throw new Error("inflate: bad block type");
    for (;;) {
      let sym = decode(lit);
      if (sym < 256) out[o++] = sym;
      else if (sym === 256) break;
      else {
        sym -= 257;
        let len = LBASE[sym] + bits(LEXT[sym]);
        const d = decode(dist);
        let from = o - DBASE[d] - bits(DEXT[d]);
        while (len--) out[o++] = out[from++];
      }
    }
  } while (!last);
  if (o !== size) throw new Error("inflate: wrong size");
  return out;
}

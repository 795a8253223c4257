// Helpers shared by the benchmark scripts: statistics, timing, peer loading, formatting.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The q-quantile (0..1) of xs, linear between ranks. */
export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
};

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const now = () => process.hrtime.bigint();
const us = (t0, t1, n) => Number(t1 - t0) / 1e3 / n;

/** µs per call of `fn` (sync or async), over `n` calls. */
export async function perCall(fn, n) {
  const t0 = now();
  for (let i = 0; i < n; i++) await fn(i);
  return us(t0, now(), n);
}

/** µs per call of a synchronous `fn`, over `n` calls. */
export function perCallSync(fn, n) {
  const t0 = now();
  for (let i = 0; i < n; i++) fn(i);
  return us(t0, now(), n);
}

/**
 * Paired comparison: `rounds` rounds, each timing every variant for `n / rounds` calls,
 * in an order that rotates per round (so drift and GC hit all alike). Returns per
 * variant the median µs/call over rounds, and per variant the median of the per-round
 * differences to the first variant (the baseline), and of the per-round ratios to it.
 */
export async function compare(variants, { n, rounds = 9, warmup = 2000, sync = false }) {
  const names = Object.keys(variants);
  for (const name of names) {
    if (sync) perCallSync(variants[name], warmup);
    else await perCall(variants[name], warmup);
  }
  const per = Object.fromEntries(names.map((k) => [k, []]));
  const each = Math.max(1, Math.floor(n / rounds));
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const name = names[(j + r) % names.length];
      per[name].push(sync ? perCallSync(variants[name], each) : await perCall(variants[name], each));
    }
  }
  const base = names[0];
  const out = {};
  for (const name of names) {
    out[name] = {
      us: median(per[name]),
      best: Math.min(...per[name]),
      diff: median(per[name].map((v, i) => v - per[base][i])),
      ratio: median(per[name].map((v, i) => v / per[base][i])),
      rounds: per[name].map((v) => +v.toFixed(2)),
    };
  }
  return out;
}

/** Imports a package installed in `dir` (the scratch folder of peers). */
export function peerLoader(dir) {
  const req = createRequire(join(dir, "package.json"));
  return async (specifier) => {
    const mod = await import(pathToFileURL(req.resolve(specifier)).href);
    return mod;
  };
}

export const kb = (bytes) => (bytes === undefined || bytes === null ? "n/a" : `${(bytes / 1000).toFixed(1)} KB`);
export const fix = (x, d = 1) => (typeof x === "number" && Number.isFinite(x) ? x.toFixed(d) : "n/a");

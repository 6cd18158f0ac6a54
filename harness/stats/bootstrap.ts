// Percentile bootstrap confidence intervals of a mean, optionally clustered (trials grouped by task,
// source instance or repository). Paired differences use clustered.ts.
import { DEFAULT_SEED } from './rng.js';

export interface Interval {
  /** Point estimate; null when there is no data. */
  mean: number | null;
  lo: number | null;
  hi: number | null;
  /** Number of values (or pairs) the estimate rests on. */
  n: number;
}

export interface BootstrapOptions {
  /** Resamples (default 2000). */
  B?: number;
  /** Seed of the RNG (default DEFAULT_SEED). */
  seed?: number;
  /** Confidence level (default 0.95). */
  level?: number;
}

/** Linear-interpolated quantile of an ascending-sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const i = Math.floor(pos);
  const frac = pos - i;
  return i + 1 < n ? sorted[i] + frac * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/** Median of values (not sorted in place). null for none. */
export function median(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  const copy = Float64Array.from(values as ArrayLike<number>).sort();
  return quantileSorted(copy, 0.5);
}

function percentileInterval(stats: Float64Array, level: number): [number, number] {
  stats.sort();
  const alpha = (1 - level) / 2;
  return [quantileSorted(stats, alpha), quantileSorted(stats, 1 - alpha)];
}

/**
 * Mean of Σsums/Σcounts with a percentile bootstrap over clusters: each resample draws
 * clusters (e.g. tasks, with their several epochs) with replacement. With counts all 1,
 * this is the plain bootstrap of the mean.
 */
export function clusteredMeanCI(sums: ArrayLike<number>, counts: ArrayLike<number>, opts: BootstrapOptions = {}): Interval {
  const k = sums.length;
  let totalSum = 0;
  let totalCount = 0;
  for (let i = 0; i < k; i++) {
    totalSum += sums[i];
    totalCount += counts[i];
  }
  if (totalCount === 0) return { mean: null, lo: null, hi: null, n: 0 };
  const mean = totalSum / totalCount;
  if (k === 1) return { mean, lo: mean, hi: mean, n: totalCount };
  const B = opts.B ?? 2000;
  const stats = new Float64Array(B);
  const S = Float64Array.from(sums);
  const C = Float64Array.from(counts);
  // mulberry32 (as in rng.ts), inlined: this loop runs B·k times.
  let a = (opts.seed ?? DEFAULT_SEED) >>> 0;
  for (let b = 0; b < B; b++) {
    let s = 0;
    let c = 0;
    for (let i = 0; i < k; i++) {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const j = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * k);
      s += S[j];
      c += C[j];
    }
    stats[b] = c > 0 ? s / c : mean;
  }
  const [lo, hi] = percentileInterval(stats, opts.level ?? 0.95);
  return { mean, lo, hi, n: totalCount };
}

/** Mean with a 95% percentile bootstrap interval. n=0 → nulls; n=1 → a zero-width interval. */
export function bootstrapMeanCI(values: ArrayLike<number>, opts: BootstrapOptions = {}): Interval {
  return clusteredMeanCI(values, new Float64Array(values.length).fill(1), opts);
}

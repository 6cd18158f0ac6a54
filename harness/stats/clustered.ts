// Paired comparisons when items are dependent in clusters (the epochs of a task, the tasks of one
// source instance or repository): a cluster-robust interval for the mean difference, a clustered
// McNemar-type test, and the same two for the macro average over skills.
import { chiSquare1Survival, studentTQuantile } from './distributions.js';
import { mcnemarExact } from './mcnemar.js';
import type { Interval } from './bootstrap.js';

export interface ClusteredInterval extends Interval {
  /** Cluster-robust standard error; null with fewer than two clusters. */
  se: number | null;
  /** Independent clusters the interval rests on. */
  clusters: number;
}

/** Shared items of two configs on one skill: scores side by side, and the cluster of each item. */
export interface PairedSample {
  /** Baseline score of each item. */
  a: ArrayLike<number>;
  /** Candidate score of the same item. */
  b: ArrayLike<number>;
  /** Cluster id of each item: items of one cluster are dependent, clusters are not. */
  cluster: ArrayLike<number>;
}

export type PairedTestName = 'mcnemar-exact' | 'clustered-mcnemar';

export interface PairedComparison {
  /** mean(b − a) with its cluster-robust interval. */
  diff: ClusteredInterval;
  /** Two-sided p-value for "no difference". */
  p: number;
  /** Exact McNemar when no two items share a cluster and scores are 0/1; else the clustered test. */
  test: PairedTestName;
  /** Items with a = 1, b = 0 and with a = 0, b = 1 (meaningful for 0/1 scores). */
  bOnly: number;
  cOnly: number;
  /** Σ m²/Σ m over clusters, m = shared items per cluster (1 when no two items share one). */
  clusterSize: number;
}

/**
 * Σsums/Σcounts with the cluster-robust (CR1, "sandwich") standard error of a ratio mean,
 * se² = G/(G−1) · Σₖ (sumₖ − mean·countₖ)² / (Σ counts)², and a Student t interval on G − 1 degrees
 * of freedom. Fewer than two clusters: no interval (lo = hi = null).
 */
export function clusterRobustMeanCI(sums: ArrayLike<number>, counts: ArrayLike<number>, level = 0.95): ClusteredInterval {
  let total = 0;
  let n = 0;
  let g = 0;
  for (let k = 0; k < sums.length; k++) {
    if (counts[k] <= 0) continue;
    total += sums[k];
    n += counts[k];
    g++;
  }
  if (n === 0) return { mean: null, lo: null, hi: null, n: 0, se: null, clusters: 0 };
  const mean = total / n;
  if (g < 2) return { mean, lo: null, hi: null, n, se: null, clusters: g };
  let ss = 0;
  for (let k = 0; k < sums.length; k++) {
    if (counts[k] <= 0) continue;
    const e = sums[k] - mean * counts[k];
    ss += e * e;
  }
  const se = Math.sqrt((g / (g - 1)) * ss) / n;
  const t = studentTQuantile(1 - (1 - level) / 2, g - 1);
  return { mean, lo: mean - t * se, hi: mean + t * se, n, se, clusters: g };
}

/**
 * Clustered McNemar test (Durkalski et al. 2003) on per-cluster sums of paired differences dₖ:
 * (Σ dₖ)² / Σ dₖ² against χ² with one degree of freedom. With 0/1 scores dₖ counts the cluster's
 * (a=0,b=1) minus (a=1,b=0) pairs; with one item per cluster it is McNemar's statistic (b−c)²/(b+c).
 */
export function clusteredMcNemar(clusterDiffSums: ArrayLike<number>): number {
  let sum = 0;
  let sq = 0;
  for (let k = 0; k < clusterDiffSums.length; k++) {
    sum += clusterDiffSums[k];
    sq += clusterDiffSums[k] * clusterDiffSums[k];
  }
  if (sq === 0) return 1;
  return chiSquare1Survival((sum * sum) / sq);
}

/** Dense 0..G−1 indices for arbitrary cluster ids, in first-seen order. */
function denseClusters(ids: ArrayLike<number>[]): { index: Int32Array[]; count: number } {
  const map = new Map<number, number>();
  const index = ids.map((arr) => {
    const out = new Int32Array(arr.length);
    for (let i = 0; i < arr.length; i++) {
      let k = map.get(arr[i]);
      if (k === undefined) map.set(arr[i], (k = map.size));
      out[i] = k;
    }
    return out;
  });
  return { index, count: map.size };
}

function checkSample(s: PairedSample): void {
  if (s.a.length !== s.b.length || s.a.length !== s.cluster.length)
    throw new RangeError(`paired sample arrays differ in length (a ${s.a.length}, b ${s.b.length}, cluster ${s.cluster.length})`);
}

/** Paired comparison of two configs on shared items: cluster-robust Δ interval and a clustered test. */
export function comparePaired(s: PairedSample, level = 0.95): PairedComparison {
  checkSample(s);
  const { index, count } = denseClusters([s.cluster]);
  const d = new Float64Array(count);
  const m = new Float64Array(count);
  let bOnly = 0;
  let cOnly = 0;
  let binary = true;
  for (let i = 0; i < s.a.length; i++) {
    const k = index[0][i];
    d[k] += s.b[i] - s.a[i];
    m[k]++;
    if ((s.a[i] !== 0 && s.a[i] !== 1) || (s.b[i] !== 0 && s.b[i] !== 1)) binary = false;
    else if (s.a[i] > s.b[i]) bOnly++;
    else if (s.a[i] < s.b[i]) cOnly++;
  }
  const diff = clusterRobustMeanCI(d, m, level);
  let sq = 0;
  for (let k = 0; k < count; k++) sq += m[k] * m[k];
  const clusterSize = s.a.length ? sq / s.a.length : 1;
  const base = { diff, bOnly, cOnly, clusterSize };
  if (binary && count === s.a.length) return { ...base, p: mcnemarExact(bOnly, cOnly), test: 'mcnemar-exact' };
  return { ...base, p: clusteredMcNemar(d), test: 'clustered-mcnemar' };
}

export interface MacroComparison {
  /** Mean over skills of each skill's mean(b − a), with a cluster-robust interval. */
  diff: ClusteredInterval;
  /** Two-sided p-value of the clustered test on the macro average. */
  p: number;
  /** Skills with at least one shared item (the others are left out of the average). */
  skills: number;
}

/**
 * The macro average over skills of mean(b − a) per skill. Cluster ids are shared across skills (the
 * tasks of one instance in different skills are dependent). Its cluster-robust variance uses each
 * cluster's influence uₖ = (1/S) Σₛ (dₖₛ − Δₛ mₖₛ)/Nₛ (the delta method), se² = G/(G−1) Σ uₖ²; the
 * test is the clustered McNemar form on wₖ = (1/S) Σₛ dₖₛ/Nₛ.
 */
export function compareMacro(skills: PairedSample[], level = 0.95): MacroComparison {
  const used = skills.filter((s) => {
    checkSample(s);
    return s.a.length > 0;
  });
  const S = used.length;
  if (S === 0) return { diff: { mean: null, lo: null, hi: null, n: 0, se: null, clusters: 0 }, p: 1, skills: 0 };
  const { index, count: G } = denseClusters(used.map((s) => s.cluster));
  const u = new Float64Array(G);
  const w = new Float64Array(G);
  let macro = 0;
  let n = 0;
  used.forEach((s, j) => {
    const d = new Float64Array(G);
    const m = new Float64Array(G);
    for (let i = 0; i < s.a.length; i++) {
      d[index[j][i]] += s.b[i] - s.a[i];
      m[index[j][i]]++;
    }
    const N = s.a.length;
    let total = 0;
    for (let k = 0; k < G; k++) total += d[k];
    const delta = total / N;
    macro += delta / S;
    n += N;
    for (let k = 0; k < G; k++) {
      u[k] += (d[k] - delta * m[k]) / N / S;
      w[k] += d[k] / N / S;
    }
  });
  const p = clusteredMcNemar(w);
  if (G < 2) return { diff: { mean: macro, lo: null, hi: null, n, se: null, clusters: G }, p, skills: S };
  let ss = 0;
  for (let k = 0; k < G; k++) ss += u[k] * u[k];
  const se = Math.sqrt((G / (G - 1)) * ss);
  const t = studentTQuantile(1 - (1 - level) / 2, G - 1);
  return { diff: { mean: macro, lo: macro - t * se, hi: macro + t * se, n, se, clusters: G }, p, skills: S };
}

/**
 * Holm's step-down adjustment (Holm 1979): sort the m p-values ascending, multiply the i-th smallest by
 * m − i + 1, carry the running maximum, cap at 1. Controls the family-wise error at α for any
 * dependence between the tests. Returned in the input order.
 */
export function holmAdjust(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([v, i], rank) => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`p-value must be in [0, 1] (got ${v})`);
    running = Math.max(running, Math.min(1, (m - rank) * v));
    out[i] = running;
  });
  return out;
}

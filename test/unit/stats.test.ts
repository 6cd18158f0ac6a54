// Statistics: seeded bootstrap intervals, exact McNemar, unbiased pass@k, pass^k and Avg@k.
import { describe, expect, it } from 'vitest';
import {
  avgAtK,
  bootstrapMeanCI,
  clusteredMeanCI,
  mcnemarExact,
  meanOverTasks,
  median,
  mulberry32,
  passAtK,
  passHatK,
  seedFor,
} from '../../harness/stats/index.js';

/** C(n, k) by the multiplicative formula (exact for the small cases used here). */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

describe('seeded RNG', () => {
  it('repeats for a seed and differs across seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    expect(seedFor('agent/editing')).toBe(seedFor('agent/editing'));
    expect(seedFor('agent/editing')).not.toBe(seedFor('agent/review'));
  });
});

describe('bootstrapMeanCI', () => {
  const values = Array.from({ length: 40 }, (_, i) => (i % 10 < 3 ? 1 : 0)); // mean 0.3

  it('contains the mean and is reproducible with a fixed seed', () => {
    const a = bootstrapMeanCI(values, { seed: 7, B: 2000 });
    const b = bootstrapMeanCI(values, { seed: 7, B: 2000 });
    expect(a).toEqual(b);
    expect(a.mean).toBeCloseTo(0.3, 12);
    expect(a.n).toBe(40);
    expect(a.lo!).toBeLessThan(0.3);
    expect(a.hi!).toBeGreaterThan(0.3);
    // Normal approximation: half-width ≈ 1.96·sqrt(.3·.7/40) ≈ 0.142.
    expect(a.hi! - a.lo!).toBeGreaterThan(0.2);
    expect(a.hi! - a.lo!).toBeLessThan(0.36);
    expect(a.lo!).toBeGreaterThanOrEqual(0);
    expect(a.hi!).toBeLessThanOrEqual(1);
  });

  it('narrows as n grows (width order) and as the level drops', () => {
    const small = bootstrapMeanCI(values.slice(0, 20), { seed: 1 });
    const mid = bootstrapMeanCI(values, { seed: 1 });
    const big = bootstrapMeanCI([...values, ...values, ...values, ...values], { seed: 1 });
    const w = (i: { lo: number | null; hi: number | null }) => i.hi! - i.lo!;
    expect(w(small)).toBeGreaterThan(w(mid));
    expect(w(mid)).toBeGreaterThan(w(big));
    const ninety = bootstrapMeanCI(values, { seed: 1, level: 0.9 });
    expect(w(ninety)).toBeLessThan(w(mid));
  });

  it('handles n = 0, n = 1 and constant samples', () => {
    expect(bootstrapMeanCI([])).toEqual({ mean: null, lo: null, hi: null, n: 0 });
    expect(bootstrapMeanCI([0.25])).toEqual({ mean: 0.25, lo: 0.25, hi: 0.25, n: 1 });
    expect(bootstrapMeanCI([1, 1, 1, 1])).toEqual({ mean: 1, lo: 1, hi: 1, n: 4 });
  });

  it('clustered: the point estimate is Σsum/Σcount and a single cluster has zero width', () => {
    const r = clusteredMeanCI([2, 0, 3], [3, 3, 3], { seed: 3 });
    expect(r.mean).toBeCloseTo(5 / 9, 12);
    expect(r.n).toBe(9);
    expect(r.lo!).toBeLessThanOrEqual(r.mean!);
    expect(r.hi!).toBeGreaterThanOrEqual(r.mean!);
    expect(clusteredMeanCI([2], [3])).toEqual({ mean: 2 / 3, lo: 2 / 3, hi: 2 / 3, n: 3 });
  });
});

describe('mcnemarExact', () => {
  it('matches hand-computed binomial tails', () => {
    // 2 · (C(10,0) + C(10,1)) / 2^10 = 22/1024
    expect(mcnemarExact(1, 9)).toBeCloseTo(0.021484375, 12);
    expect(mcnemarExact(9, 1)).toBeCloseTo(0.021484375, 12);
    // 2 · 1/2^5
    expect(mcnemarExact(0, 5)).toBeCloseTo(0.0625, 12);
    // 2 · (1 + 6 + 15) / 64
    expect(mcnemarExact(2, 4)).toBeCloseTo(44 / 64, 12);
    // symmetric split → capped at 1
    expect(mcnemarExact(3, 3)).toBe(1);
    expect(mcnemarExact(0, 0)).toBe(1);
  });

  it('agrees with a direct sum and stays finite for large counts', () => {
    const direct = (b: number, c: number) => {
      const n = b + c;
      let s = 0;
      for (let i = 0; i <= Math.min(b, c); i++) s += choose(n, i) / 2 ** n;
      return Math.min(1, 2 * s);
    };
    expect(mcnemarExact(7, 20)).toBeCloseTo(direct(7, 20), 12);
    const big = mcnemarExact(2000, 2300);
    expect(big).toBeGreaterThan(0);
    expect(big).toBeLessThan(1e-3);
    expect(mcnemarExact(5000, 5000)).toBe(1);
    expect(() => mcnemarExact(-1, 2)).toThrow(RangeError);
  });
});

describe('pass@k and pass^k', () => {
  it('pass@k equals 1 − C(n−c,k)/C(n,k)', () => {
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 12);
    expect(passAtK(5, 2, 1)).toBeCloseTo(0.4, 12);
    expect(passAtK(3, 0, 2)).toBe(0);
    expect(passAtK(3, 2, 2)).toBe(1); // n − c < k
    for (const [n, c, k] of [
      [10, 3, 4],
      [20, 1, 5],
      [7, 6, 3],
      [200, 17, 10],
    ]) {
      expect(passAtK(n, c, k)).toBeCloseTo(1 - choose(n - c, k) / choose(n, k), 10);
    }
  });

  it('pass^k equals C(c,k)/C(n,k)', () => {
    expect(passHatK(5, 2, 2)).toBeCloseTo(0.1, 12);
    expect(passHatK(3, 3, 3)).toBe(1);
    expect(passHatK(3, 1, 2)).toBe(0);
    expect(passHatK(10, 7, 3)).toBeCloseTo(choose(7, 3) / choose(10, 3), 12);
    expect(passHatK(4, 2, 1)).toBeCloseTo(passAtK(4, 2, 1), 12); // k = 1: both are c/n
  });

  it('rejects impossible arguments', () => {
    expect(() => passAtK(2, 3, 1)).toThrow(RangeError);
    expect(() => passAtK(2, 1, 3)).toThrow(RangeError);
    expect(() => passHatK(2, 1, 0)).toThrow(RangeError);
  });

  it('averages over tasks with at least k attempts', () => {
    const tasks = [
      { n: 3, c: 1 },
      { n: 3, c: 3 },
      { n: 1, c: 1 },
    ];
    const at2 = meanOverTasks(tasks, 2, passAtK);
    expect(at2.tasks).toBe(2);
    expect(at2.value).toBeCloseTo((passAtK(3, 1, 2) + 1) / 2, 12);
    expect(meanOverTasks(tasks, 4, passAtK)).toEqual({ value: null, tasks: 0 });
  });
});

describe('Avg@k and median', () => {
  it('means the per-epoch means', () => {
    expect(
      avgAtK([
        { sum: 1, count: 2 },
        { sum: 3, count: 3 },
        { sum: 0, count: 0 },
      ]),
    ).toBeCloseTo(0.75, 12);
    expect(avgAtK([])).toBeNull();
  });
  it('median of odd/even/empty', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

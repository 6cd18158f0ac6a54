// Distribution functions, the cluster-robust interval, the clustered McNemar test, the macro average,
// Holm's adjustment and the planner's formulas, each against values worked out by hand or tabulated.
import { describe, expect, it } from 'vitest';
import {
  chiSquare1Survival,
  clusterRobustMeanCI,
  clusteredMcNemar,
  compareMacro,
  comparePaired,
  componentsFromRate,
  erfc,
  holmAdjust,
  mcnemarExact,
  minimumDetectable,
  mulberry32,
  normalCdf,
  normalQuantile,
  pairedPower,
  studentTCdf,
  studentTQuantile,
  tasksNeeded,
  varianceComponents,
  type PlanInputs,
} from '../../harness/stats/index.js';

describe('distributions', () => {
  it('erfc and the normal match tabulated values', () => {
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 14);
    expect(erfc(3)).toBeCloseTo(2.209049699858544e-5, 17);
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 10);
    // Both branches (series below 2.5, continued fraction above) agree where they meet.
    expect(erfc(2.5 - 1e-12) / 4.06952017444959e-4).toBeCloseTo(1, 10);
    expect(erfc(2.5) / 4.06952017444959e-4).toBeCloseTo(1, 10);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212335729143, 12);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
  });

  it("Student's t quantiles match tables, and the CDF inverts them", () => {
    const table: [number, number][] = [
      [1, 12.706204736174707],
      [2, 4.302652729749464],
      [3, 3.182446305284263],
      [10, 2.228138851986274],
      [29, 2.045229642132703],
      [100, 1.983971518523551],
    ];
    for (const [df, t] of table) {
      expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 9);
      expect(studentTCdf(t, df)).toBeCloseTo(0.975, 12);
      expect(studentTCdf(-t, df)).toBeCloseTo(0.025, 12);
    }
    // The large-df expansion joins the exact series smoothly, and tends to the normal.
    expect(studentTQuantile(0.975, 2001)).toBeCloseTo(studentTQuantile(0.975, 2000), 5);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959963984540054, 5);
    expect(() => studentTQuantile(0.975, 0)).toThrow(RangeError);
  });

  it('χ²(1) survival is the two-sided normal tail', () => {
    expect(chiSquare1Survival(3.841458820694124)).toBeCloseTo(0.05, 12);
    expect(chiSquare1Survival(0)).toBe(1);
  });
});

describe('clusterRobustMeanCI', () => {
  it('with one item per cluster is the one-sample t interval', () => {
    const ci = clusterRobustMeanCI([1, 2, 3], [1, 1, 1]);
    expect(ci.mean).toBe(2);
    expect(ci.se).toBeCloseTo(1 / Math.sqrt(3), 12);
    expect(ci.lo).toBeCloseTo(2 - 4.302652729749464 / Math.sqrt(3), 9);
    expect(ci.hi).toBeCloseTo(2 + 4.302652729749464 / Math.sqrt(3), 9);
    expect(ci.clusters).toBe(3);
  });

  it('uses the ratio estimator and the CR1 sandwich with clusters of unequal size', () => {
    // Clusters (sum, count): (3, 4), (1, 2), (0, 2): mean 4/8 = 0.5; residuals 1, 0, −1.
    const ci = clusterRobustMeanCI([3, 1, 0], [4, 2, 2]);
    expect(ci.mean).toBe(0.5);
    expect(ci.se).toBeCloseTo(Math.sqrt((3 / 2) * 2) / 8, 12);
    expect(ci.n).toBe(8);
  });

  it('gives no interval below two clusters, and nothing without data', () => {
    expect(clusterRobustMeanCI([2], [4])).toMatchObject({ mean: 0.5, lo: null, hi: null, se: null, clusters: 1 });
    expect(clusterRobustMeanCI([], [])).toMatchObject({ mean: null, n: 0, clusters: 0 });
  });
});

describe('comparePaired', () => {
  it('the clustered McNemar statistic is (Σd)²/Σd²', () => {
    // d = 2, −1, 1, 0, 3 → 25/15
    expect(clusteredMcNemar([2, -1, 1, 0, 3])).toBeCloseTo(chiSquare1Survival(25 / 15), 14);
    expect(clusteredMcNemar([2, -1, 1, 0, 3])).toBeCloseTo(0.19670560245894, 9);
    expect(clusteredMcNemar([0, 0])).toBe(1);
  });

  it('one item per cluster with 0/1 scores: the exact McNemar test on b and c', () => {
    const a = [1, 1, 1, 0, 0, 0, 1, 0];
    const b = [0, 0, 1, 1, 0, 0, 1, 1];
    const r = comparePaired({ a, b, cluster: [0, 1, 2, 3, 4, 5, 6, 7] });
    expect([r.bOnly, r.cOnly, r.test]).toEqual([2, 2, 'mcnemar-exact']);
    expect(r.p).toBe(mcnemarExact(2, 2));
    expect(r.diff.mean).toBe(0);
    expect(r.clusterSize).toBe(1);
  });

  it('items sharing clusters: the clustered test on per-cluster sums, the interval on clusters', () => {
    // Clusters: {0,1}: d = +1 +1, {2,3}: d = 0 −1, {4,5}: d = +1 0
    const a = [0, 0, 1, 1, 0, 1];
    const b = [1, 1, 1, 0, 1, 1];
    const r = comparePaired({ a, b, cluster: [7, 7, 3, 3, 9, 9] });
    expect(r.test).toBe('clustered-mcnemar');
    expect(r.p).toBeCloseTo(chiSquare1Survival(4 / 6), 14); // d = 2, −1, 1
    expect(r.diff.mean).toBeCloseTo(2 / 6, 14);
    expect(r.diff.clusters).toBe(3);
    expect(r.diff.se).toBeCloseTo(clusterRobustMeanCI([2, -1, 1], [2, 2, 2]).se!, 14);
    expect(r.clusterSize).toBe(2);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => comparePaired({ a: [1], b: [1, 0], cluster: [0] })).toThrow(RangeError);
  });
});

describe('compareMacro', () => {
  it('averages the per-skill differences; one skill alone is that skill', () => {
    const s1 = { a: [0, 0, 1, 1], b: [1, 1, 1, 0], cluster: [0, 1, 2, 3] };
    const s2 = { a: [1, 0], b: [1, 0], cluster: [0, 1] };
    const m = compareMacro([s1, s2, { a: [], b: [], cluster: [] }]);
    expect(m.skills).toBe(2);
    expect(m.diff.mean).toBeCloseTo((1 / 4 + 0) / 2, 14);
    const one = compareMacro([s1]);
    const direct = comparePaired(s1);
    expect(one.diff.mean).toBeCloseTo(direct.diff.mean!, 14);
    expect(one.diff.se).toBeCloseTo(direct.diff.se!, 14);
    expect(one.p).toBeCloseTo(clusteredMcNemar([1, 1, 0, -1]), 14);
  });

  it('counts a cluster spanning skills once: its influence adds across skills', () => {
    // Two skills on the same four instances, perfectly aligned differences: the macro se equals
    // each skill's se (the skills add no independent information).
    const s = { a: [0, 0, 1, 0], b: [1, 0, 1, 1], cluster: [0, 1, 2, 3] };
    const m = compareMacro([s, s]);
    expect(m.diff.clusters).toBe(4);
    expect(m.diff.se).toBeCloseTo(comparePaired(s).diff.se!, 14);
    // Independent clusters (disjoint ids) halve the variance instead.
    const t = { ...s, cluster: [10, 11, 12, 13] };
    const indep = compareMacro([s, t]);
    expect(indep.diff.se! ** 2).toBeCloseTo(((comparePaired(s).diff.se! ** 2 / 2) * (8 / 7)) / (4 / 3), 12);
  });
});

describe('holmAdjust', () => {
  it("matches Holm's step-down by hand, in input order", () => {
    // sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 → max(0.06, 0.04)
    expect(holmAdjust([0.01, 0.04, 0.03, 0.005])).toEqual([0.03, 0.06, 0.06, 0.02].map((x) => expect.closeTo(x, 14)));
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([0.2])).toEqual([0.2]);
    expect(holmAdjust([])).toEqual([]);
    expect(() => holmAdjust([Number.NaN])).toThrow(RangeError);
  });

  it('keeps the family-wise error at α over five true nulls, where unadjusted tests do not', () => {
    const rng = mulberry32(11);
    let anyRaw = 0;
    let anyHolm = 0;
    const reps = 4000;
    for (let i = 0; i < reps; i++) {
      const p = Array.from({ length: 5 }, () => rng());
      if (p.some((x) => x < 0.05)) anyRaw++;
      if (holmAdjust(p).some((x) => x < 0.05)) anyHolm++;
    }
    expect(anyRaw / reps).toBeGreaterThan(0.2); // 1 − 0.95⁵ ≈ 0.226
    expect(anyHolm / reps).toBeLessThan(0.06);
  });
});

describe('planner formulas', () => {
  const inp: PlanInputs = { mean: 0.5, between: 0.09, within: 0.16, correlation: 1, icc: 0, clusterSize: 1, binary: false };

  it('tasks needed is the closed form, and that many tasks reach the power', () => {
    // v1 = 2·0.16/K, v0 = v1 + δ²; K = 2: v1 = 0.16, v0 = 0.1625
    const n = tasksNeeded(inp, { epochs: 2, delta: 0.05, power: 0.8 });
    const expected = ((1.959963984540054 * Math.sqrt(0.1625) + 0.8416212335729143 * 0.4) / 0.05) ** 2;
    expect(n).toBe(Math.ceil(expected));
    expect(pairedPower(inp, { tasks: n, epochs: 2, delta: 0.05 })).toBeGreaterThanOrEqual(0.8);
    expect(pairedPower(inp, { tasks: n - 2, epochs: 2, delta: 0.05 })).toBeLessThan(0.8);
  });

  it('the minimum detectable difference inverts the power', () => {
    const mde = minimumDetectable(inp, { tasks: 200, epochs: 3, power: 0.8 })!;
    expect(pairedPower(inp, { tasks: 200, epochs: 3, delta: mde })).toBeCloseTo(0.8, 6);
    expect(minimumDetectable(inp, { tasks: 800, epochs: 3 })!).toBeCloseTo(mde / 2, 2);
    expect(minimumDetectable({ ...inp, within: 50 }, { tasks: 2, epochs: 1 })).toBeNull();
  });

  it('clusters and a weaker correlation cost tasks; epochs help only with the within part', () => {
    const base = { ...inp, correlation: 0.5 };
    const n1 = tasksNeeded(base, { epochs: 1, delta: 0.05 });
    expect(tasksNeeded({ ...base, icc: 0.3, clusterSize: 5 }, { epochs: 1, delta: 0.05 })).toBeGreaterThan(n1);
    expect(tasksNeeded(base, { epochs: 4, delta: 0.05 })).toBeLessThan(n1);
    // The between-task part 2σ²_b(1 − r) stays however many epochs: n(K→∞) → (z…)²·0.09/δ²
    expect(tasksNeeded(base, { epochs: 1e6, delta: 0.05 })).toBeGreaterThan(((1.96 + 0.84) ** 2 * 0.09) / 0.0025 - 5);
  });

  it('stated rates split p(1 − p) by the agreement', () => {
    expect(componentsFromRate(0.4, 0.25)).toEqual({ between: expect.closeTo(0.06, 14), within: expect.closeTo(0.18, 14) });
    expect(() => componentsFromRate(1.2, 0.5)).toThrow(RangeError);
  });
});

describe('varianceComponents', () => {
  it('recovers the within and between variance and the cluster share by hand', () => {
    // Two clusters × two tasks, two epochs each. Task means 1, 0.5, 0, 0.5: mean 0.5, Var(means) = 1/6.
    // Within: tasks 2 and 4 have (1, 0): each sample variance 0.5; pooled over df 4 → (0.5 + 0.5)/4 = 0.25.
    const c = varianceComponents([
      { cluster: 'x', scores: [1, 1] },
      { cluster: 'x', scores: [1, 0] },
      { cluster: 'y', scores: [0, 0] },
      { cluster: 'y', scores: [0, 1] },
    ]);
    expect(c.mean).toBe(0.5);
    expect(c.within).toBeCloseTo(0.25, 14);
    expect(c.taskVariance).toBeCloseTo(1 / 6, 14);
    expect(c.between).toBeCloseTo(1 / 6 - 0.25 / 2, 14);
    // ANOVA on means: cluster means 0.75, 0.25; MSB = 2·(0.0625·2)/1 = 0.25; MSW = (4·0.0625)/2 = 0.125; m₀ = 2
    expect(c.icc).toBeCloseTo(Math.min(1, (0.25 - 0.125) / 2 / (1 / 6 - 0.125)), 12);
    expect([c.tasks, c.clusters, c.clusterSize, c.binary, c.epochs]).toEqual([4, 2, 2, true, 2]);
  });

  it('leaves within and between unknown with one epoch per task', () => {
    const c = varianceComponents([
      { cluster: 'a', scores: [1] },
      { cluster: 'b', scores: [0] },
    ]);
    expect(c.within).toBeNull();
    expect(c.between).toBeNull();
    expect(c.taskVariance).toBeCloseTo(0.5, 14);
  });
});

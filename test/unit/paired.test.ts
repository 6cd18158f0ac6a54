// Paired comparisons as compare and gate make them: items clustered by the provenance they carry,
// the macro average over skills, Holm over a family with untested rows left out, detectable differences.
import { describe, expect, it } from 'vitest';
import { comparePaired, compareMacro, holmAdjust, powerOf } from '../../harness/stats/index.js';
import { ClusterIndex } from '../../reports/clusters.js';
import type { ItemResult } from '../../reports/items.js';
import { detectableDifference, detectableFromSe, holmOver, pairConfigs, type SkillItems } from '../../reports/paired.js';

/** skill → items for tasks t0..t(n−1) × epochs, score from `f`, task i from instance `i % instances`. */
function config(skills: string[], tasks: number, epochs: number, instances: number, f: (skill: string, t: number, e: number) => number) {
  const out: SkillItems = new Map();
  for (const skill of skills) {
    const m = new Map<string, ItemResult>();
    for (let t = 0; t < tasks; t++)
      for (let e = 0; e < epochs; e++) {
        const score = f(skill, t, e);
        m.set(`${skill}-t${t}:${e}`, {
          score,
          pass: score === 1,
          task: `${skill}-t${t}`,
          provenance: { instance: `i${t % instances}`, repo: 'r' },
        });
      }
    out.set(skill, m);
  }
  return out;
}

describe('pairConfigs', () => {
  const skills = ['editing', 'review'];
  const base = config(skills, 12, 2, 4, (s, t, e) => ((t + e) % 3 === 0 ? 1 : 0));
  const cand = config(skills, 12, 2, 4, (s, t, e) => ((t + e) % 2 === 0 ? 1 : 0));

  it('clusters items by instance across skills, and the macro matches the stats on the same samples', () => {
    const clusters = new ClusterIndex('instance');
    const r = pairConfigs(base, cand, [...skills, 'localization'], clusters);
    expect(clusters.clusters).toBe(4); // the four instances, shared by both skills
    expect(r.skills.map((s) => [s.skill, s.shared])).toEqual([
      ['editing', 24],
      ['review', 24],
      ['localization', 0],
    ]);
    expect(r.skills[2].result).toBeNull();
    const sampleOf = (skill: string) => {
      const keys = [...base.get(skill)!.keys()];
      return {
        a: keys.map((k) => base.get(skill)!.get(k)!.score),
        b: keys.map((k) => cand.get(skill)!.get(k)!.score),
        cluster: keys.map((k) => Number(/t(\d+)/.exec(k)![1]) % 4),
      };
    };
    const direct = comparePaired(sampleOf('editing'));
    expect(r.skills[0].result!.p).toBeCloseTo(direct.p, 14);
    expect(r.skills[0].result!.diff.se).toBeCloseTo(direct.diff.se!, 14);
    expect(r.skills[0].result!.test).toBe('clustered-mcnemar');
    expect(r.macro!.diff.se).toBeCloseTo(compareMacro([sampleOf('editing'), sampleOf('review')]).diff.se!, 14);
    expect(r.macro!.skills).toBe(2);
  });

  it('at level repo everything is one cluster: no interval; at level task, 24 clusters', () => {
    const repo = pairConfigs(base, cand, skills, new ClusterIndex('repo'));
    expect(repo.skills[0].result!.diff.clusters).toBe(1);
    expect(repo.skills[0].result!.diff.lo).toBeNull();
    const task = new ClusterIndex('task');
    pairConfigs(base, cand, skills, task);
    expect([task.clusters, task.fallbacks]).toEqual([24, 0]);
  });

  it('counts tasks without the level key as their own cluster', () => {
    const noProv = config(['editing'], 5, 1, 5, () => 1);
    for (const it of noProv.get('editing')!.values()) delete it.provenance;
    const clusters = new ClusterIndex('repo');
    pairConfigs(noProv, noProv, ['editing'], clusters);
    expect([clusters.clusters, clusters.fallbacks]).toEqual([5, 5]);
  });
});

describe('holmOver', () => {
  it('adjusts the tested rows only, in place', () => {
    expect(holmOver([0.01, null, 0.04, 0.03])).toEqual([
      ...holmAdjust([0.01, 0.04, 0.03]).slice(0, 1),
      null,
      ...holmAdjust([0.01, 0.04, 0.03]).slice(1),
    ]);
    expect(holmOver([null])).toEqual([null]);
  });
});

describe('detectable differences', () => {
  it('the paired one reaches the power at exactly that difference', () => {
    const a = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const b = Array.from({ length: 60 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const r = comparePaired({ a, b, cluster: a.map((_, i) => Math.floor(i / 3)) });
    const d = detectableDifference(r, 0.05)!;
    expect(powerOf(Math.max(r.diff.se! ** 2, (d - d * d) / 60), r.clusterSize / 60, d, 0.05)).toBeCloseTo(0.8, 6);
    expect(d).toBeGreaterThan(0);
    expect(d).toBeLessThan(1);
    expect(detectableDifference(comparePaired({ a: [1], b: [0], cluster: [0] }), 0.05)).toBeNull();
    // Four clusters: (Σd)²/Σd² ≤ 4 caps the test's evidence, so no difference reaches 80% power.
    const four = comparePaired({ a: [0, 1, 0, 1, 1, 0, 1, 0], b: [1, 1, 0, 0, 1, 1, 1, 0], cluster: [0, 0, 1, 1, 2, 2, 3, 3] });
    expect(detectableDifference(four, 0.05)).toBeNull();
  });

  it('identical configs (no noise observed) still need the discordance a drop makes: about 8/N for 80%', () => {
    const a = Array.from({ length: 200 }, (_, i) => (i % 2 ? 1 : 0));
    const same = comparePaired({ a, b: a, cluster: a.map((_, i) => i) });
    expect(same.diff.se).toBe(0);
    const d = detectableDifference(same, 0.05)!;
    // McNemar's normal form with ψ = δ: n·δ ≈ (z_{.975} + z_{.8}·√(1−δ))² ≈ 7.7 discordant pairs.
    expect(d * 200).toBeGreaterThan(7);
    expect(d * 200).toBeLessThan(9);
  });

  it('from a standard error: (z_{1−α/2} + z_power)·se', () => {
    expect(detectableFromSe(0.02, 0.05)).toBeCloseTo((1.959963984540054 + 0.8416212335729143) * 0.02, 12);
    expect(detectableFromSe(null, 0.05)).toBeNull();
  });
});

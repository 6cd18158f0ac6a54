// Paired statistics of a candidate config against a baseline, per skill and for the macro average,
// clustered at one level, with Holm's adjustment over every test a command makes at once. Used by
// compare and gate; the formulas are harness/stats/clustered.ts (reports/README.md explains them).
import {
  compareMacro,
  comparePaired,
  holmAdjust,
  normalQuantile,
  powerOf,
  smallestDetectable,
  type MacroComparison,
  type PairedComparison,
  type PairedSample,
} from '../harness/stats/index.js';
import { ClusterIndex, describeClusters, type ClusterLevel } from './clusters.js';
import { pairedSample, type ItemResult } from './items.js';

/** skill → `taskHash:epoch` → result, for one agent config. */
export type SkillItems = Map<string, Map<string, ItemResult>>;

export interface SkillPaired {
  skill: string;
  /** (task, epoch) items both configs have a counted result for. */
  shared: number;
  /** null when no item is shared. */
  result: PairedComparison | null;
}

export interface ConfigPaired {
  skills: SkillPaired[];
  /** Over the skills with shared items; null when none has. */
  macro: MacroComparison | null;
}

/** Candidate vs baseline on each skill and on their macro average; clusters counted in `clusters`. */
export function pairConfigs(
  base: SkillItems | undefined,
  cand: SkillItems | undefined,
  skills: string[],
  clusters: ClusterIndex,
  level = 0.95,
): ConfigPaired {
  const samples: PairedSample[] = [];
  const out: SkillPaired[] = skills.map((skill) => {
    const sample = pairedSample(base?.get(skill), cand?.get(skill), clusters);
    if (sample.a.length === 0) return { skill, shared: 0, result: null };
    samples.push(sample);
    return { skill, shared: sample.a.length, result: comparePaired(sample, level) };
  });
  return { skills: out, macro: samples.length ? compareMacro(samples, level) : null };
}

/** Holm-adjusted p-values for a family of tests given as nullable p (null = not tested, stays null). */
export function holmOver(ps: (number | null)[]): (number | null)[] {
  const tested = ps.flatMap((p, i) => (p === null ? [] : [[p, i] as const]));
  const adjusted = holmAdjust(tested.map(([p]) => p));
  const out: (number | null)[] = ps.map(() => null);
  tested.forEach(([, i], j) => (out[i] = adjusted[j]));
  return out;
}

/**
 * The smallest true difference a paired comparison like this one detects with `power` at level α.
 * Var(Δ̂) is the observed se², but at least (δ − δ²)/N: a difference δ needs at least δ·N discordant
 * items (with no noise observed — identical runs — this is McNemar's power on δ·N discordant pairs).
 */
export function detectableDifference(r: PairedComparison, alpha: number, power = 0.8): number | null {
  const se = r.diff.se;
  const n = r.diff.n;
  if (se === null || n === 0) return null;
  const var1 = (delta: number) => Math.max(se * se, (Math.abs(delta) - delta * delta) / n);
  return smallestDetectable((delta) => powerOf(var1(delta), r.clusterSize / n, delta, alpha), power);
}

/** The smallest drop from a fixed value an interval with this standard error detects (one config). */
export function detectableFromSe(se: number | null, alpha: number, power = 0.8): number | null {
  if (se === null) return null;
  return (normalQuantile(1 - alpha / 2) + normalQuantile(power)) * se;
}

/** How a report names the clustering used: "instance (37 clusters; …)". */
export function clusteringLabel(clusters: ClusterIndex): string {
  return describeClusters(clusters.level, clusters.clusters, clusters.fallbacks);
}

export type { ClusterLevel };

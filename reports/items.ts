// One streaming pass over a run that yields both its Summary and, per agent × skill, the
// per-item (task hash, epoch) score, pass and cluster keys needed for paired statistics (compare, gate, plan).
import * as path from 'node:path';
import type { TrialProvenance } from '../harness/core/results.js';
import type { RunMeta } from '../harness/results/schema.js';
import type { Warn } from '../harness/results/store.js';
import { countedPass, countedScore, summarizeResults, type Summary } from './aggregate.js';
import { loadMetaIfAny, requireResults } from './run-files.js';
import type { ClusterIndex, ClusterLevel } from './clusters.js';
import type { PairedSample, TaskScores } from '../harness/stats/index.js';

export interface ItemResult {
  score: number;
  pass: boolean;
  /** The task's content hash and provenance: what the item clusters by. */
  task: string;
  provenance?: TrialProvenance;
}

/** agent → skill → `taskHash:epoch` → the first counted result. */
export type ItemMap = Map<string, Map<string, Map<string, ItemResult>>>;

export interface CollectedRun {
  dir: string;
  meta: RunMeta | null;
  summary: Summary;
  items: ItemMap;
}

export async function collectRun(
  runDir: string,
  opts: { B?: number; seed?: number; cluster?: ClusterLevel; onWarning?: Warn } = {},
): Promise<CollectedRun> {
  const dir = path.resolve(runDir);
  const warn = opts.onWarning ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  await requireResults(dir);
  const meta = await loadMetaIfAny(dir, warn);
  const items: ItemMap = new Map();
  const { summary } = await summarizeResults(dir, {
    meta,
    B: opts.B,
    seed: opts.seed,
    cluster: opts.cluster,
    onWarning: warn,
    onRecord: (r) => {
      const score = countedScore(r);
      if (score === null) return;
      let bySkill = items.get(r.agent);
      if (!bySkill) items.set(r.agent, (bySkill = new Map()));
      let byItem = bySkill.get(r.skill);
      if (!byItem) bySkill.set(r.skill, (byItem = new Map()));
      const key = `${r.key.taskHash}:${r.epoch}`;
      if (!byItem.has(key)) byItem.set(key, { score, pass: countedPass(r), task: r.key.taskHash, provenance: r.provenance });
    },
  });
  return { dir, meta, summary, items };
}

/** Shared items of two configs, aligned, each with its cluster (from the baseline's provenance, else the candidate's). */
export function pairedSample(
  base: Map<string, ItemResult> | undefined,
  cand: Map<string, ItemResult> | undefined,
  clusters: ClusterIndex,
): PairedSample & { a: Float64Array; b: Float64Array } {
  const a: number[] = [];
  const b: number[] = [];
  const cluster: number[] = [];
  if (base && cand) {
    for (const [key, x] of base) {
      const y = cand.get(key);
      if (!y) continue;
      a.push(x.score);
      b.push(y.score);
      cluster.push(clusters.of(x.task, x.provenance ?? y.provenance));
    }
  }
  return { a: Float64Array.from(a), b: Float64Array.from(b), cluster: Int32Array.from(cluster) };
}

/** One config's items grouped by task (epochs in item order), each task with its cluster key. */
export function taskScores(items: Map<string, ItemResult> | undefined, clusters: ClusterIndex): TaskScores[] {
  const byTask = new Map<string, TaskScores & { scores: number[] }>();
  for (const it of items?.values() ?? []) {
    let t = byTask.get(it.task);
    if (!t) byTask.set(it.task, (t = { cluster: String(clusters.of(it.task, it.provenance)), scores: [] }));
    t.scores.push(it.score);
  }
  return [...byTask.values()];
}

// One streaming pass over a run that yields both its Summary and, per agent × skill, the
// per-item (task hash, epoch) score and pass needed for paired statistics (compare, gate).
import * as path from 'node:path';
import type { RunMeta } from '../harness/results/schema.js';
import type { Warn } from '../harness/results/store.js';
import { countedPass, countedScore, summarizeResults, type Summary } from './aggregate.js';
import { loadMetaIfAny, requireResults } from './run-files.js';

export interface ItemResult {
  score: number;
  pass: boolean;
}

/** agent → skill → `taskHash:epoch` → the first counted result. */
export type ItemMap = Map<string, Map<string, Map<string, ItemResult>>>;

export interface CollectedRun {
  dir: string;
  meta: RunMeta | null;
  summary: Summary;
  items: ItemMap;
}

export async function collectRun(runDir: string, opts: { B?: number; seed?: number; onWarning?: Warn } = {}): Promise<CollectedRun> {
  const dir = path.resolve(runDir);
  const warn = opts.onWarning ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
  await requireResults(dir);
  const meta = await loadMetaIfAny(dir, warn);
  const items: ItemMap = new Map();
  const { summary } = await summarizeResults(dir, {
    meta,
    B: opts.B,
    seed: opts.seed,
    onWarning: warn,
    onRecord: (r) => {
      const score = countedScore(r);
      if (score === null) return;
      let bySkill = items.get(r.agent);
      if (!bySkill) items.set(r.agent, (bySkill = new Map()));
      let byItem = bySkill.get(r.skill);
      if (!byItem) bySkill.set(r.skill, (byItem = new Map()));
      const key = `${r.key.taskHash}:${r.epoch}`;
      if (!byItem.has(key)) byItem.set(key, { score, pass: countedPass(r) });
    },
  });
  return { dir, meta, summary, items };
}

export interface PairedItems {
  a: Float64Array;
  b: Float64Array;
  /** Baseline passed, candidate failed. */
  bOnly: number;
  /** Baseline failed, candidate passed. */
  cOnly: number;
}

/** Items both sides have, aligned: scores and the McNemar discordant counts. */
export function pairItems(base: Map<string, ItemResult> | undefined, cand: Map<string, ItemResult> | undefined): PairedItems {
  const a: number[] = [];
  const b: number[] = [];
  let bOnly = 0;
  let cOnly = 0;
  if (base && cand) {
    for (const [key, x] of base) {
      const y = cand.get(key);
      if (!y) continue;
      a.push(x.score);
      b.push(y.score);
      if (x.pass && !y.pass) bOnly++;
      else if (!x.pass && y.pass) cOnly++;
    }
  }
  return { a: Float64Array.from(a), b: Float64Array.from(b), bOnly, cOnly };
}

// Sharded runs: `run --shard i/n` runs the trials of the plan whose key hashes to shard i, so n
// machines (or CI jobs) each run a disjoint part; `merge` puts the parts back into one run. The
// assignment depends on a trial's key alone, so it survives --resume and can be checked later.
import { createHash } from 'node:crypto';
import { InputError } from '../core/errors.js';

/** Which part of the plan a run holds: `index` is 1-based (1..count). */
export interface ShardSpec {
  index: number;
  count: number;
}

/** What a shard records in run.json (options.shard), for `merge` to check. */
export interface ShardMeta extends ShardSpec {
  /** sha256 of the whole plan's trial keys (all shards), sorted: equal for shards of one plan. */
  planHash: string;
  /** Trials in the whole plan. */
  planTrials: number;
}

/** "2/3" → { index: 2, count: 3 }; 1 ≤ index ≤ count. */
export function parseShard(text: string, where = 'command line'): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new InputError(where, '--shard', `expected i/n with 1 ≤ i ≤ n (e.g. 2/3), got "${text}"`);
  }
  return { index, count };
}

/** The shard (1-based) a trial key belongs to among `count`. */
export function shardOf(trialKey: string, count: number): number {
  const h = createHash('sha256').update(trialKey).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

/** Identifies a plan by its trial keys (order-free). */
export function planHash(trialKeys: string[]): string {
  const h = createHash('sha256');
  for (const k of [...trialKeys].sort()) h.update(`${k}\n`);
  return h.digest('hex');
}

/** Reads options.shard of a run.json, if any (throws naming the file when it is malformed). */
export function shardMetaOf(options: Record<string, unknown>, file: string): ShardMeta | undefined {
  const s = options.shard as Partial<ShardMeta> | null | undefined;
  if (s === undefined || s === null) return undefined;
  const ok =
    typeof s === 'object' &&
    Number.isInteger(s.index) &&
    Number.isInteger(s.count) &&
    s.count! >= 1 &&
    s.index! >= 1 &&
    s.index! <= s.count! &&
    typeof s.planHash === 'string' &&
    Number.isInteger(s.planTrials);
  if (!ok) throw new InputError(file, 'options.shard', 'expected { index, count, planHash, planTrials }');
  return { index: s.index!, count: s.count!, planHash: s.planHash!, planTrials: s.planTrials! };
}

/** Where a trial stands in a run's plan: epoch-major, then tasks by skill and id, then the
 * agents in their run.json order. The runner plans in this order and `merge` writes in it, so a
 * merged run's results.jsonl reads like an unsharded run's. */
export interface PlanPosition {
  epoch: number;
  skill: string;
  taskId: string;
  agentIndex: number;
}

export function comparePlanPositions(a: PlanPosition, b: PlanPosition): number {
  return a.epoch - b.epoch || cmp(a.skill, b.skill) || cmp(a.taskId, b.taskId) || a.agentIndex - b.agentIndex;
}

/** Code-unit order (as Array.prototype.sort), never locale-dependent. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

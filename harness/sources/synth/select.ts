// `--max-tasks`: per skill, tasks are taken in turn from strata of similar difficulty (seeded
// order inside each), so a small sample still spans easy and hard tasks.
import { seedFor } from '../../stats/rng.js';
import { shuffled } from './candidates.js';
import type { TaskDraft } from './drafts.js';

function bucket(n: number): string {
  return n <= 1 ? '1' : n <= 3 ? '2-3' : n <= 9 ? '4-9' : '10+';
}

/** The stratum of a task: its difficulty signals, counts bucketed. */
export function stratum(d: TaskDraft): string {
  return Object.keys(d.difficulty)
    .sort()
    .map((k) => `${k}=${k === 'test_distance' ? d.difficulty[k] : bucket(d.difficulty[k])}`)
    .join(',');
}

export function sampleAcross(drafts: TaskDraft[], max: number, seed: number): TaskDraft[] {
  const sorted = [...drafts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (sorted.length <= max) return sorted;
  const strata = new Map<string, TaskDraft[]>();
  for (const d of sorted) strata.set(stratum(d), [...(strata.get(stratum(d)) ?? []), d]);
  const queues = shuffled(
    [...strata.keys()].sort().map((k) => shuffled(strata.get(k)!, seedFor(k, seed))),
    seedFor('strata', seed),
  );
  const out: TaskDraft[] = [];
  for (let i = 0; out.length < max; i++) {
    for (const q of queues) if (i < q.length && out.length < max) out.push(q[i]);
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

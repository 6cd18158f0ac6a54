// The unit statistics treat as independent: a task (its epochs together), a source instance (the
// tasks derived from one pull request or injected bug) or a repository, read from the provenance
// each results line carries. Missing keys fall back to the next finer unit.
import { InputError } from '../harness/core/errors.js';
import type { TrialProvenance } from '../harness/core/results.js';

export const CLUSTER_LEVELS = ['task', 'instance', 'repo'] as const;
export type ClusterLevel = (typeof CLUSTER_LEVELS)[number];
export const DEFAULT_CLUSTER_LEVEL: ClusterLevel = 'instance';

/** The cluster of a task at a level: repo → instance → task hash, whichever is first present. */
export function clusterKey(level: ClusterLevel, taskHash: string, provenance: TrialProvenance | undefined): string {
  if (level === 'repo' && provenance?.repo) return `repo:${provenance.repo}`;
  if (level !== 'task' && provenance?.instance) return `instance:${provenance.instance}`;
  return `task:${taskHash}`;
}

export function parseClusterLevel(value: string | undefined, where = '--cluster'): ClusterLevel {
  if (value === undefined) return DEFAULT_CLUSTER_LEVEL;
  if ((CLUSTER_LEVELS as readonly string[]).includes(value)) return value as ClusterLevel;
  throw new InputError(where, 'cluster', `must be one of ${CLUSTER_LEVELS.join(', ')} (got "${value}")`);
}

/** Dense cluster ids for tasks, and how many tasks lacked the level's key (fell back to a finer unit). */
export class ClusterIndex {
  private ids = new Map<string, number>();
  private tasks = new Map<string, boolean>();
  constructor(readonly level: ClusterLevel) {}

  /** The cluster id of a task (the same task always gets the same id). */
  of(taskHash: string, provenance: TrialProvenance | undefined): number {
    const key = clusterKey(this.level, taskHash, provenance);
    if (!this.tasks.has(taskHash)) this.tasks.set(taskHash, this.level !== 'task' && !key.startsWith(`${this.level}:`));
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.ids.size));
    return id;
  }

  get clusters(): number {
    return this.ids.size;
  }

  /** Tasks seen whose provenance lacked the level's key. */
  get fallbacks(): number {
    let n = 0;
    for (const fell of this.tasks.values()) if (fell) n++;
    return n;
  }
}

/** "instance (37 clusters; 4 tasks without one are their own)": how a report names its clustering. */
export function describeClusters(level: ClusterLevel, clusters: number, fallbacks: number): string {
  if (level === 'task') return `task (${clusters} clusters: the epochs of a task together)`;
  const tail = fallbacks
    ? `; ${fallbacks} task${fallbacks === 1 ? '' : 's'} without ${level === 'instance' ? 'an' : 'a'} ${level} key count as their own`
    : '';
  return `${level} (${clusters} cluster${clusters === 1 ? '' : 's'}${tail})`;
}

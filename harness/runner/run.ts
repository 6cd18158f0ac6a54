// `atomic-skills run`: plans (task × agent config × epoch) trials, runs them on a p-queue
// with bounded sandboxes and model requests, appends each finished trial to results.jsonl,
// then hands the run folder to afterTrials (the CLI renders the reports there) while the last
// sandboxes close. Ctrl-C stops cleanly; --resume finishes what is missing.
import { setMaxListeners } from 'node:events';
import PQueue from 'p-queue';
import type { SkillName } from '../../skills/registry.js';
import type { LoadedTask } from '../core/task.js';
import type { TrialRecord } from '../core/results.js';
import { loadDataset, loadNotes } from '../tasks/load.js';
import { InputError } from '../core/errors.js';
import type { SandboxBackend } from '../core/sandbox.js';
import { agentConfigHash, type AgentConfig } from '../config/agent-config.js';
import { createHash } from 'node:crypto';
import { createRunDir, openRunDir, completedKeys, ResultsWriter, trialKeyString } from '../results/store.js';
import { HARNESS_VERSION } from '../core/version.js';
import { comparePlanPositions, planHash, shardOf, shardMetaOf, type ShardMeta, type ShardSpec } from '../results/shard.js';
import { TrackingBackend } from './tracking-backend.js';
import { openSandboxes, type SandboxPlacement } from './sandboxes.js';
import { runTrial, type AgentUnderTest } from './trial.js';
import { TrialSandboxes } from './trial-sandboxes.js';
import { Progress } from './progress.js';

export interface RunOptions extends SandboxPlacement {
  dataset: string;
  skills?: SkillName[];
  filter?: string;
  limit?: number;
  /** Also run the tasks the dataset's quarantine.yaml lists. */
  includeQuarantined?: boolean;
  agents: AgentConfig[];
  epochs: number;
  /** Sandboxes (trials) at once. */
  concurrency: number;
  /** Model requests in flight at once, across all trials. */
  modelConcurrency: number;
  sandbox: 'docker' | 'kubernetes' | 'local' | 'auto';
  /** A ready backend (tests inject failing ones); else made from `sandbox`. */
  backend?: SandboxBackend;
  unsafeLocal?: boolean;
  image?: string;
  outDir: string;
  resume?: string;
  maxCost?: number;
  timeoutMultiplier: number;
  /** Run only this part of the plan (`--shard i/n`); `merge` puts the parts together. */
  shard?: ShardSpec;
  maxAttempts?: number;
  retryBaseMs?: number;
  log?: (message: string) => void;
  /** Runs once no trial is left, while the last sandboxes close (the CLI renders the reports). */
  afterTrials?: (runDir: string) => Promise<void>;
}

export interface RunSummary {
  runDir: string;
  planned: number;
  finished: number;
  skipped: number;
  interrupted: boolean;
  stoppedForCost: boolean;
}

/** Trials whose sandboxes are started before their turn: enough to hide a container's start
 * behind short trials, few enough that idle containers cost nothing worth counting. */
const PREPARE_AHEAD = 2;

export async function runEvaluation(opts: RunOptions): Promise<RunSummary> {
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const { tasks, problems, quarantined } = await loadDataset(opts.dataset, {
    skills: opts.skills,
    filter: opts.filter,
    includeQuarantined: opts.includeQuarantined,
  });
  for (const line of loadNotes({ problems, quarantined })) log(line);
  const selected = opts.limit ? tasks.slice(0, opts.limit) : tasks;
  const agents: AgentUnderTest[] = opts.agents.map((config) => ({ config, hash: agentConfigHash(config) }));
  assertUniqueNames(agents);

  const { backend: inner, image } = await openSandboxes({
    kind: opts.sandbox,
    unsafeLocal: opts.unsafeLocal,
    image: opts.image,
    backend: opts.backend,
    dockerHosts: opts.dockerHosts,
    kubernetes: opts.kubernetes,
    log,
  });

  const fullPlan = planTrials(selected, agents, opts.epochs);
  const shard = shardOfPlan(fullPlan, opts.shard);
  const run = opts.resume
    ? await openRunDir(opts.resume)
    : await createRunDir(opts.outDir, {
        harnessVersion: HARNESS_VERSION,
        dataset: { path: opts.dataset, hash: datasetHash(selected) },
        agents: agents.map((a) => ({ name: a.config.name, hash: a.hash, model: a.config.model, config: { ...a.config } })),
        epochs: opts.epochs,
        options: {
          skills: opts.skills ?? null,
          filter: opts.filter ?? null,
          limit: opts.limit ?? null,
          includeQuarantined: opts.includeQuarantined ?? false,
          sandbox: inner.name,
          image,
          ...(opts.dockerHosts?.length ? { dockerHosts: opts.dockerHosts } : {}),
          ...(opts.kubernetes ? { kubernetes: opts.kubernetes } : {}),
          concurrency: opts.concurrency,
          modelConcurrency: opts.modelConcurrency,
          timeoutMultiplier: opts.timeoutMultiplier,
          maxCost: opts.maxCost ?? null,
          ...(shard ? { shard } : {}),
        },
      });
  if (opts.resume) checkResumedShard(run.meta.options, run.dir, shard, log);
  const writer = await ResultsWriter.open(run.dir, { onWarning: log });
  const done = opts.resume ? await completedKeys(run.dir) : new Set<string>();
  const plan = fullPlan.filter((t) => {
    const key = plannedKey(t);
    return !done.has(key) && (!shard || shardOf(key, shard.count) === shard.index);
  });
  log(
    `run ${run.dir}: ${plan.length} trials to run${done.size ? ` (${done.size} already done)` : ''}${shard ? ` (shard ${shard.index}/${shard.count} of ${shard.planTrials})` : ''}, ${inner.name} sandboxes, concurrency ${opts.concurrency}`,
  );

  const backend = new TrackingBackend(inner, { 'io.atomic-skills.run': run.meta.runId });
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // every trial in flight listens on it: not a leak
  const queue = new PQueue({ concurrency: opts.concurrency });
  const modelQueue = new PQueue({ concurrency: opts.modelConcurrency });
  const progress = new Progress(plan.length);
  let interrupted = false;
  let stoppedForCost = false;
  let totalCost = 0;
  let finished = 0;
  let failure: { err: unknown } | undefined;
  // Sandboxes started PREPARE_AHEAD trials ahead of the next to start, and teardowns nobody waits for.
  const prepared = new Map<number, TrialSandboxes>();
  const prepare = (i: number) => {
    if (i < plan.length && !prepared.has(i) && !abort.signal.aborted) prepared.set(i, new TrialSandboxes(backend, plan[i].loaded, image));
  };
  const cleanups = new Set<Promise<void>>();
  const background = (work: Promise<void>) => {
    const p = work
      .catch((e: unknown) => progress.log(`sandbox teardown failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => cleanups.delete(p));
    cleanups.add(p);
  };

  /** Sandboxes started for trials that never ran, background teardowns, then anything left. */
  const closeSandboxes = async () => {
    await Promise.all([...prepared.values()].map((p) => p.discard()));
    await Promise.all(cleanups);
    await backend.destroyAll();
  };

  const onSigint = () => {
    if (interrupted) process.exit(130); // second Ctrl-C: leave now
    interrupted = true;
    progress.log('interrupted: stopping trials and removing sandboxes (Ctrl-C again to force)');
    queue.clear();
    abort.abort();
    backend.destroyAll().catch(() => undefined); // settles every sandbox; never rejects
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);

  try {
    for (const [i, trial] of plan.entries()) {
      queue
        .add(async () => {
          if (abort.signal.aborted) return;
          prepare(i);
          const mine = prepared.get(i);
          prepared.delete(i);
          for (let k = 1; k <= PREPARE_AHEAD; k++) prepare(i + k);
          const record = await runTrial(trial.loaded, trial.agent, trial.epoch, {
            backend,
            image,
            modelQueue,
            timeoutMultiplier: opts.timeoutMultiplier,
            run,
            signal: abort.signal,
            maxAttempts: opts.maxAttempts ?? 3,
            retryBaseMs: opts.retryBaseMs ?? 2000,
            warn: (m) => progress.log(m),
            prepared: mine,
            background,
          });
          if (abort.signal.aborted) return; // in flight when stopped: not recorded, resume re-runs it
          await writer.append(record);
          finished++;
          progress.trialFinished(record);
          totalCost += record.cost ?? 0;
          if (opts.maxCost !== undefined && totalCost >= opts.maxCost && !stoppedForCost) {
            stoppedForCost = true;
            progress.log(`max cost $${opts.maxCost} reached ($${totalCost.toFixed(4)}): no new trials`);
            queue.clear();
          }
        })
        .catch((err: unknown) => {
          // The runner itself failed (results file unwritable…): stop, clean up, report it.
          failure ??= { err };
          queue.clear();
          abort.abort();
        });
    }
    await queue.onIdle();
    if (failure) throw failure.err;
  } catch (err) {
    await closeSandboxes();
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    progress.finish();
    await writer.close();
  }
  // afterTrials runs while the last sandboxes go away; the run ends when both are done.
  const closing = closeSandboxes();
  try {
    await opts.afterTrials?.(run.dir);
  } finally {
    await closing;
  }
  return { runDir: run.dir, planned: plan.length, finished, skipped: done.size, interrupted, stoppedForCost };
}

interface PlannedTrial {
  loaded: LoadedTask;
  agent: AgentUnderTest;
  epoch: number;
}

/** Epoch-major order so partial runs cover every task once before repeating any; tasks by
 * skill and id (comparePlanPositions, the order `merge` writes in). */
export function planTrials(tasks: LoadedTask[], agents: AgentUnderTest[], epochs: number): PlannedTrial[] {
  const ordered = [...tasks].sort((a, b) =>
    comparePlanPositions(
      { epoch: 0, skill: a.task.skill, taskId: a.task.id, agentIndex: 0 },
      { epoch: 0, skill: b.task.skill, taskId: b.task.id, agentIndex: 0 },
    ),
  );
  const out: PlannedTrial[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++)
    for (const loaded of ordered) for (const agent of agents) out.push({ loaded, agent, epoch });
  return out;
}

function plannedKey(t: PlannedTrial): string {
  return trialKeyString({ taskHash: t.loaded.contentHash, agentHash: t.agent.hash, epoch: t.epoch });
}

/** The shard's record for run.json: which part, and which plan it is a part of. */
function shardOfPlan(plan: PlannedTrial[], spec: ShardSpec | undefined): ShardMeta | undefined {
  if (!spec) return undefined;
  return { ...spec, planHash: planHash(plan.map(plannedKey)), planTrials: plan.length };
}

/** A resumed shard must be the same part of the same plan, or the parts will not merge. */
function checkResumedShard(options: Record<string, unknown>, dir: string, shard: ShardMeta | undefined, log: (m: string) => void): void {
  const recorded = shardMetaOf(options, `${dir}/run.json`);
  if (!recorded && !shard) return;
  if (!recorded || !shard || recorded.index !== shard.index || recorded.count !== shard.count) {
    const say = (s: ShardSpec | undefined) => (s ? `shard ${s.index}/${s.count}` : 'the whole plan');
    throw new InputError(
      `${dir}/run.json`,
      'options.shard',
      `this run holds ${say(recorded)}; resuming it as ${say(shard)} would mix parts`,
    );
  }
  if (recorded.planHash !== shard.planHash)
    log(`warning: the plan changed since ${dir} started (tasks or agents differ): this shard will not merge with the others`);
}

/** Identifies the exact task set of a run (ids and content hashes). */
function datasetHash(tasks: LoadedTask[]): string {
  const h = createHash('sha256');
  for (const t of [...tasks].sort((a, b) => a.task.id.localeCompare(b.task.id))) h.update(`${t.task.id}\0${t.contentHash}\n`);
  return h.digest('hex');
}

function assertUniqueNames(agents: AgentUnderTest[]): void {
  const seen = new Set<string>();
  for (const a of agents) {
    if (seen.has(a.config.name)) throw new Error(`two agent configurations are named "${a.config.name}": give each a unique name`);
    seen.add(a.config.name);
  }
}

export type { TrialRecord };

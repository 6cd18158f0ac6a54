// `atomic-skills run`: plans (task × agent config × epoch) trials, checks each API
// configuration with one preflight request, runs the trials on a p-queue with bounded
// sandboxes and model requests, appends each finished trial to results.jsonl, then hands the
// run folder to afterTrials (the CLI renders the reports there) while the last sandboxes close.
// Every billed request goes to the spend ledger, which is also the hard budget (--max-cost,
// across --resume). Ctrl-C stops cleanly; --resume removes the interrupted run's sandboxes and
// finishes what is missing. A configuration that cannot work is stopped.
import { setMaxListeners } from 'node:events';
import PQueue from 'p-queue';
import type { SkillName } from '../../skills/registry.js';
import type { LoadedTask } from '../core/task.js';
import type { TrialRecord } from '../core/results.js';
import { loadDataset, loadNotes } from '../tasks/load.js';
import { InputError, StoppedError } from '../core/errors.js';
import type { SandboxBackend } from '../core/sandbox.js';
import { redactingLog } from '../core/secrets.js';
import { fmtUsd } from '../core/usd.js';
import { costOf, resolvePrice, type Price } from '../models/pricing.js';
import type { Endpoint } from '../models/index.js';
import { SpendLedger, type SpendLine } from '../results/spend.js';
import { endpointsOf, preflight } from './preflight.js';
import { agentConfigHash, type AgentConfig } from '../config/agent-config.js';
import { createHash } from 'node:crypto';
import { createRunDir, openRunDir, completedKeys, ResultsWriter, trialKeyString, type RunDir } from '../results/store.js';
import { HARNESS_VERSION } from '../core/version.js';
import { comparePlanPositions, planHash, shardOf, shardMetaOf, type ShardMeta, type ShardSpec } from '../results/shard.js';
import { TrackingBackend } from './tracking-backend.js';
import { openSandboxes, type SandboxPlacement } from './sandboxes.js';
import { runTrial, type AgentUnderTest } from './trial.js';
import { TrialSandboxes } from './trial-sandboxes.js';
import { Progress } from './progress.js';
import { TrialScheduler, type ScheduleOutcome } from './schedule.js';

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
  /** USD: a hard budget for the whole run (resumed or not). */
  maxCost?: number;
  /** Let --max-cost start although some configuration's price is unknown (its spend not counted). */
  allowUnknownCost?: boolean;
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
  /** Configurations stopped because they cannot work (name → why): the run failed for them. */
  configErrors: Record<string, string>;
  /** Trials that ended in a harness bug (internal_error). */
  internalErrors: number;
}

/** Trials whose sandboxes are started before their turn: enough to hide a container's start
 * behind short trials, few enough that idle containers cost nothing worth counting. */
const PREPARE_AHEAD = 2;

export async function runEvaluation(opts: RunOptions): Promise<RunSummary> {
  const log = redactingLog(opts.log ?? ((m: string) => process.stderr.write(m + '\n')));
  const { selected, agents, fullPlan } = await planEvaluation(opts, log);
  const prices = pricesFor(agents, opts, log);
  const preflightSpend = await preflightUnlessSpent(opts, log);
  const { backend: inner, image } = await openSandboxes({
    kind: opts.sandbox,
    unsafeLocal: opts.unsafeLocal,
    image: opts.image,
    backend: opts.backend,
    dockerHosts: opts.dockerHosts,
    kubernetes: opts.kubernetes,
    log,
  });
  const shard = shardOfPlan(fullPlan, opts.shard);
  const endpoints = endpointsOf(opts.agents);
  let budgetSpent = (_spent: number): void => undefined; // the scheduler's, once it exists
  const { run, writer, ledger, done, plan } = await openRun(opts, {
    selected,
    agents,
    fullPlan,
    shard,
    sandbox: inner,
    image,
    endpoints,
    onBudgetSpent: (spent) => budgetSpent(spent),
    log,
  });
  log(
    `run ${run.dir}: ${plan.length} trials to run${done.size ? ` (${done.size} already done)` : ''}${shard ? ` (shard ${shard.index}/${shard.count} of ${shard.planTrials})` : ''}, ${inner.name} sandboxes, concurrency ${opts.concurrency}`,
  );

  const backend = new TrackingBackend(inner, { [RUN_LABEL]: run.meta.runId });
  const modelQueue = new PQueue({ concurrency: opts.modelConcurrency });
  const progress = new Progress(plan.length);
  progress.spend = () => ledger.totals;
  const configs = new ConfigStops((m) => progress.log(m));
  let internalErrors = 0;
  const scheduler = new TrialScheduler<TrialSandboxes>({
    concurrency: opts.concurrency,
    prepareAhead: PREPARE_AHEAD,
    prepare: (i) => new TrialSandboxes(backend, plan[i].loaded, image),
    skip: (i) => configs.stopped(plan[i].agent.config.name),
    run: (i, env) => {
      const { loaded, agent, epoch } = plan[i];
      const name = agent.config.name;
      const price = prices.get(name) ?? null;
      return runTrial(loaded, agent, epoch, {
        backend,
        image,
        modelQueue,
        timeoutMultiplier: opts.timeoutMultiplier,
        run,
        signal: AbortSignal.any([env.signal, configs.signal(name)]),
        maxAttempts: opts.maxAttempts ?? 3,
        retryBaseMs: opts.retryBaseMs ?? 2000,
        warn: (m) => progress.warn(m),
        prepared: env.prepared,
        background: env.background,
        // Only API requests are billed (oracle, noop and replay cost nothing and write nothing).
        ...(endpoints[name]
          ? { wrapModel: (model, who) => ledger.meter(model, (u) => costOf(u, price), { ...who, model: agent.config.model }) }
          : {}),
      });
    },
    record: async (r) => {
      await writer.append(r);
      progress.trialFinished(r);
      if (r.error?.kind === 'config_error') configs.stop(r.agent, r.error.message);
      if (r.error?.kind === 'internal_error') internalErrors++;
    },
    log: (m) => progress.log(m),
  });
  // The budget stops each running trial at its next model request (the ledger refuses it), so
  // a request already under way is still read and recorded: spend recorded = spend billed, and
  // the run goes past the budget by at most one request per running trial.
  budgetSpent = (spent) =>
    scheduler.stopForCost(
      `max cost ${fmtUsd(opts.maxCost!)} reached (${fmtUsd(spent)} spent): running trials stop at their next request, no new ones (--resume continues)`,
    );
  if (ledger.spent) budgetSpent(ledger.totals.cost);
  for (const line of preflightSpend) await ledger.record(line);
  /** Sandboxes started for trials that never ran, background teardowns, then anything left. */
  const closeSandboxes = async () => {
    await scheduler.close();
    await backend.destroyAll();
  };
  const stopListening = onInterrupt(() => {
    progress.log('interrupted: stopping trials and removing sandboxes (Ctrl-C again to force)');
    scheduler.interrupt();
    backend.destroyAll().catch(() => undefined); // settles every sandbox; never rejects
  });

  let outcome: ScheduleOutcome;
  try {
    outcome = await scheduler.runAll(plan.length);
  } catch (err) {
    await closeSandboxes();
    throw err;
  } finally {
    stopListening();
    progress.finish();
    await Promise.all([writer.close(), ledger.close()]);
  }
  // afterTrials runs while the last sandboxes go away; the run ends when both are done.
  const closing = closeSandboxes();
  try {
    await opts.afterTrials?.(run.dir);
  } finally {
    await closing;
  }
  const { finished, interrupted, stoppedForCost } = outcome;
  return {
    runDir: run.dir,
    planned: plan.length,
    finished,
    skipped: done.size,
    interrupted,
    stoppedForCost,
    configErrors: configs.errors,
    internalErrors,
  };
}

/** The label that ties a sandbox to its run (so --resume can remove what a killed run left). */
export const RUN_LABEL = 'io.atomic-skills.run';

/** Each configuration's price, warned about once when unknown; with --max-cost an unknown
 * price is refused (its spend could not be counted) unless allowUnknownCost. */
function pricesFor(agents: AgentUnderTest[], opts: RunOptions, log: (m: string) => void): Map<string, Price | null> {
  const prices = new Map(agents.map((a) => [a.config.name, resolvePrice(a.config, log)]));
  const unknown = agents.filter((a) => prices.get(a.config.name) === null).map((a) => `${a.config.name} (${a.config.model})`);
  if (unknown.length && opts.maxCost !== undefined && !opts.allowUnknownCost) {
    throw new InputError(
      'command line',
      '--max-cost',
      `no price is known for ${unknown.join(', ')}, so the budget could not count its spend: set "pricing" in the agent config, or pass --allow-unknown-cost`,
    );
  }
  return prices;
}

/** One request per API configuration before anything else: a configuration that cannot work
 * stops the run here (ConfigError), before a sandbox or an image is made. Not for a resumed run
 * whose budget is already spent: it starts nothing, and spends nothing more. Returns the
 * preflight's billed requests (for the ledger, once the run folder is open). */
async function preflightUnlessSpent(opts: RunOptions, log: (m: string) => void): Promise<Omit<SpendLine, 't'>[]> {
  const spend: Omit<SpendLine, 't'>[] = [];
  const spent = opts.maxCost !== undefined && opts.resume !== undefined && (await SpendLedger.spentSoFar(opts.resume)) >= opts.maxCost;
  if (!spent) await preflight(opts.agents, { warn: log, onSpend: (line) => spend.push(line) });
  return spend;
}

/** Configurations that proved unable to work (a ConfigError mid-run): their running trials are
 * aborted and their queued ones never start. */
class ConfigStops {
  readonly errors: Record<string, string> = {};
  private readonly controllers = new Map<string, AbortController>();

  constructor(private readonly log: (m: string) => void) {}

  signal(name: string): AbortSignal {
    let c = this.controllers.get(name);
    if (!c) {
      c = new AbortController();
      setMaxListeners(0, c.signal); // every trial of the configuration listens on it: not a leak
      this.controllers.set(name, c);
    }
    return c.signal;
  }

  stopped(name: string): boolean {
    return name in this.errors;
  }

  stop(name: string, why: string): void {
    if (this.stopped(name)) return;
    this.errors[name] = why;
    this.log(`configuration ${name} cannot work, its trials are stopped: ${why}`);
    this.signal(name);
    this.controllers.get(name)!.abort(new StoppedError('config_error', `configuration ${name} was stopped: ${why}`));
  }
}

/** The dataset's tasks (selected), the agents under test and every trial they make, in order. */
async function planEvaluation(
  opts: RunOptions,
  log: (m: string) => void,
): Promise<{ selected: LoadedTask[]; agents: AgentUnderTest[]; fullPlan: PlannedTrial[] }> {
  const { tasks, problems, quarantined } = await loadDataset(opts.dataset, {
    skills: opts.skills,
    filter: opts.filter,
    includeQuarantined: opts.includeQuarantined,
  });
  for (const line of loadNotes({ problems, quarantined })) log(line);
  const selected = opts.limit ? tasks.slice(0, opts.limit) : tasks;
  const agents: AgentUnderTest[] = opts.agents.map((config) => ({ config, hash: agentConfigHash(config) }));
  assertUniqueNames(agents);
  return { selected, agents, fullPlan: planTrials(selected, agents, opts.epochs) };
}

/** The run folder (new, or the one resumed; then the sandboxes its killed process left are
 * removed first), its results writer, its spend ledger, and the trials still to run (none once
 * the budget is spent). */
async function openRun(
  opts: RunOptions,
  p: {
    selected: LoadedTask[];
    agents: AgentUnderTest[];
    fullPlan: PlannedTrial[];
    shard: ShardMeta | undefined;
    sandbox: SandboxBackend;
    image: string;
    endpoints: Record<string, Endpoint>;
    onBudgetSpent: (spent: number) => void;
    log: (m: string) => void;
  },
): Promise<{ run: RunDir; writer: ResultsWriter; ledger: SpendLedger; done: Set<string>; plan: PlannedTrial[] }> {
  const { shard } = p;
  const run = opts.resume
    ? await openRunDir(opts.resume)
    : await createRunDir(opts.outDir, {
        harnessVersion: HARNESS_VERSION,
        dataset: { path: opts.dataset, hash: datasetHash(p.selected) },
        agents: p.agents.map((a) => ({
          name: a.config.name,
          hash: a.hash,
          model: a.config.model,
          config: { ...a.config },
          // Where its requests go and who said so (a base URL from the environment included).
          ...(p.endpoints[a.config.name] ? { endpoint: p.endpoints[a.config.name] } : {}),
        })),
        epochs: opts.epochs,
        options: {
          skills: opts.skills ?? null,
          filter: opts.filter ?? null,
          limit: opts.limit ?? null,
          includeQuarantined: opts.includeQuarantined ?? false,
          sandbox: p.sandbox.name,
          image: p.image,
          ...(opts.dockerHosts?.length ? { dockerHosts: opts.dockerHosts } : {}),
          ...(opts.kubernetes ? { kubernetes: opts.kubernetes } : {}),
          concurrency: opts.concurrency,
          modelConcurrency: opts.modelConcurrency,
          timeoutMultiplier: opts.timeoutMultiplier,
          maxCost: opts.maxCost ?? null,
          ...(shard ? { shard } : {}),
        },
      });
  if (opts.resume) {
    checkResumedShard(run.meta.options, run.dir, shard, p.log);
    // The interrupted run's sandboxes (its process is gone) go before anything starts.
    const removed = await p.sandbox.prune({ labels: { [RUN_LABEL]: run.meta.runId } });
    if (removed) p.log(`removed ${removed} sandbox(es) the interrupted run left`);
  }
  const writer = await ResultsWriter.open(run.dir, { onWarning: p.log });
  const ledger = await SpendLedger.open(run.dir, { maxCost: opts.maxCost, onExhausted: p.onBudgetSpent });
  const done = opts.resume ? await completedKeys(run.dir) : new Set<string>();
  if (ledger.spent)
    p.log(`the run's budget of ${fmtUsd(opts.maxCost!)} is already spent (${fmtUsd(ledger.totals.cost)}): no trial started`);
  const plan = ledger.spent
    ? []
    : p.fullPlan.filter((t) => {
        const key = plannedKey(t);
        return !done.has(key) && (!shard || shardOf(key, shard.count) === shard.index);
      });
  return { run, writer, ledger, done, plan };
}

/** Ctrl-C (or SIGTERM) calls `first` once; a second one leaves at once. Returns the remover. */
function onInterrupt(first: () => void): () => void {
  let seen = false;
  const handler = () => {
    if (seen) process.exit(130);
    seen = true;
    first();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
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

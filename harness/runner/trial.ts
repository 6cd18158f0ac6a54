// One trial = (task, agent configuration, epoch): sandbox → agent → diff → fresh-sandbox
// scoring → one TrialRecord. This module decides the outcome (see classifyFailure):
//   the agent's doing (a limit, a rule, an oversized change, context overflow) → agent_error, score 0
//   infrastructure (sandbox, daemon, model API transport) → retried with backoff, then infra_error
//   the task itself is unsound (GraderError) → grader_error, with the agent's work, not retried
//   a configuration that cannot work → infra_error `config_error`, not retried (the runner stops it)
//   stopped by the run (budget, Ctrl-C) → infra_error `stopped:<why>`, re-run by --resume
//   anything else → infra_error `internal_error`: a harness bug, reported loudly, not retried
// Every attempt's spend and trajectory are kept, whatever it ended with.
import { setTimeout as sleep } from 'node:timers/promises';
import type PQueue from 'p-queue';
import { AgentError, ConfigError, GraderError, InfraError, StoppedError, TransportError } from '../core/errors.js';
import { type Usage, ZERO_USAGE, addUsage } from '../core/messages.js';
import { trialProvenance, type AttemptSpend, type TrialRecord } from '../core/results.js';
import type { LoadedTask } from '../core/task.js';
import type { Sandbox, SandboxBackend } from '../core/sandbox.js';
import { SandboxError } from '../core/sandbox.js';
import { getSkill } from '../../skills/registry.js';
import type { AgentConfig } from '../config/agent-config.js';
import type { ModelClient } from '../core/messages.js';
import { createModelClient } from '../models/index.js';
import { type AgentRun, partialRunOf, runAgent } from '../agent/loop.js';
import type { Trajectory } from '../core/trajectory.js';
import { toolErrorRates } from '../agent/tool-error-rates.js';
import { writeTrajectory, type RunDir } from '../results/store.js';
import { limitModel } from './limited-model.js';
import { TrialSandboxes } from './trial-sandboxes.js';
import { EnvironmentError } from '../environments/errors.js';

export interface AgentUnderTest {
  config: AgentConfig;
  hash: string;
}

export interface TrialContext {
  backend: SandboxBackend;
  /** Default sandbox image (a task may name its own). */
  image: string;
  modelQueue: PQueue;
  timeoutMultiplier: number;
  /** The run folder trajectories are written to; undefined = not written (validate). */
  run?: RunDir;
  /** Aborted (with a StoppedError) when the run stops this trial. */
  signal: AbortSignal;
  /** Attempts for infrastructure failures (first try included). */
  maxAttempts: number;
  retryBaseMs: number;
  warn: (message: string) => void;
  /** This trial's sandboxes, started ahead by the runner (used by the first attempt). */
  prepared?: TrialSandboxes;
  /** Takes work the trial need not wait for (destroying used sandboxes); else it is awaited. */
  background?: (work: Promise<void>) => void;
  /** Wraps the model client (the runner meters spend and enforces its budget there). */
  wrapModel?: (model: ModelClient, trial: { taskId: string; agent: string; epoch: number; attempt: number }) => ModelClient;
}

export interface FailureVerdict {
  outcome: 'agent_error' | 'infra_error' | 'grader_error';
  kind: string;
  /** Worth another attempt (infrastructure that may recover). */
  retry: boolean;
}

/** How a thrown error ends a trial. */
export function classifyFailure(err: unknown): FailureVerdict {
  if (err instanceof StoppedError) return { outcome: 'infra_error', kind: `stopped:${err.reason}`, retry: false };
  if (err instanceof ConfigError) return { outcome: 'infra_error', kind: 'config_error', retry: false };
  if (err instanceof AgentError) return { outcome: 'agent_error', kind: err.reason, retry: false };
  if (err instanceof GraderError) return { outcome: 'grader_error', kind: `grader_error:${err.reason}`, retry: false };
  if (err instanceof TransportError) return { outcome: 'infra_error', kind: 'model_api', retry: true };
  // An environment that cannot be prepared gives the same answer when tried again at once.
  if (err instanceof EnvironmentError) return { outcome: 'infra_error', kind: 'environment', retry: false };
  if (err instanceof InfraError || err instanceof SandboxError || isDaemonError(err))
    return { outcome: 'infra_error', kind: 'infra_error', retry: true };
  return { outcome: 'infra_error', kind: 'internal_error', retry: false };
}

/** What one attempt gave: a record (scored or agent_error) or a failure, and its spend either way. */
interface AttemptOutcome {
  spend: AttemptSpend;
  record?: TrialRecord;
  failure?: { error: { kind: string; message: string }; verdict: FailureVerdict; cause: unknown };
}

export async function runTrial(loaded: LoadedTask, agent: AgentUnderTest, epoch: number, ctx: TrialContext): Promise<TrialRecord> {
  const startedAt = new Date();
  const log: AttemptSpend[] = [];
  let last: AttemptOutcome | undefined;
  let prepared = ctx.prepared;
  for (let attempt = 1; attempt <= ctx.maxAttempts && !ctx.signal.aborted; attempt++) {
    const sandboxes = prepared ?? new TrialSandboxes(ctx.backend, loaded, ctx.image);
    prepared = undefined;
    last = await attemptTrial(loaded, agent, epoch, attempt, ctx, sandboxes);
    log.push(last.spend);
    if (last.record || !last.failure!.verdict.retry || attempt === ctx.maxAttempts || ctx.signal.aborted) break;
    ctx.warn(
      `${loaded.task.id} [${agent.config.name} e${epoch}] infrastructure error (attempt ${attempt}): ${last.failure!.error.message} — retrying`,
    );
    await sleep(ctx.retryBaseMs * 2 ** (attempt - 1), undefined, { signal: ctx.signal }).catch(() => undefined);
  }
  await prepared?.discard(); // stopped before the first attempt took them
  const totals = {
    usage: log.reduce<Usage>((u, a) => addUsage(u, a.usage), { ...ZERO_USAGE }),
    cost: log.some((a) => a.cost === null) ? null : log.reduce((c, a) => c + (a.cost ?? 0), 0),
    attempts: log.length,
    attemptLog: log,
    startedAt: startedAt.toISOString(),
    wallMs: Date.now() - startedAt.getTime(),
  };
  if (last?.record) return { ...last.record, ...totals };
  // Stopped by the run (between attempts, or before the first): that is what is recorded.
  const stop = ctx.signal.aborted ? stopReason(ctx.signal) : undefined;
  const error = stop ? { kind: `stopped:${stop.reason}`, message: stop.message } : last!.failure!.error;
  return {
    ...emptyRecord(loaded, agent, epoch),
    outcome: 'infra_error',
    error,
    turns: last?.spend.turns ?? 0,
    trajectory: last?.spend.trajectory ?? null,
    ...totals,
  };
}

/** The StoppedError a run's signal carries (a bare abort counts as an interruption). */
function stopReason(signal: AbortSignal): StoppedError {
  return signal.reason instanceof StoppedError ? signal.reason : new StoppedError('interrupted', 'run interrupted');
}

async function attemptTrial(
  loaded: LoadedTask,
  agent: AgentUnderTest,
  epoch: number,
  attempt: number,
  ctx: TrialContext,
  sandboxes: TrialSandboxes,
): Promise<AttemptOutcome> {
  const skill = getSkill(loaded.task.skill);
  const phases: Record<string, number> = {};
  const timed = async <T>(phase: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      phases[phase] = Math.round((phases[phase] ?? 0) + performance.now() - t0);
    }
  };
  const spend: AttemptSpend = { attempt, error: null, usage: { ...ZERO_USAGE }, cost: 0, turns: 0, trajectory: null };
  // The trajectory written so far goes on every record this attempt makes, whatever ended it.
  const base = () => ({
    ...emptyRecord(loaded, agent, epoch),
    usage: spend.usage,
    cost: spend.cost,
    turns: spend.turns,
    trajectory: spend.trajectory,
    phases,
  });
  const agentError = (kind: string, message: string, extra: Partial<TrialRecord> = {}): AttemptOutcome => {
    spend.error = { kind, message };
    return { spend, record: { ...base(), ...extra, outcome: 'agent_error', score: 0, pass: false, error: spend.error } };
  };
  const fail = (err: unknown, extra: Partial<TrialRecord> = {}): AttemptOutcome => {
    const cause = ctx.signal.aborted ? stopReason(ctx.signal) : err;
    const verdict = classifyFailure(cause);
    if (verdict.outcome === 'agent_error') return agentError(verdict.kind, message(cause), extra);
    if (verdict.outcome === 'grader_error') {
      // The task proved unsound: recorded as such (with the agent's work), never retried.
      spend.error = { kind: verdict.kind, message: message(cause) };
      const details = (cause as GraderError).details;
      return { spend, record: { ...base(), ...extra, outcome: 'grader_error', details, error: spend.error } };
    }
    if (verdict.kind === 'internal_error')
      ctx.warn(
        `${loaded.task.id} [${agent.config.name} e${epoch}] internal error (a harness bug): ${(cause as Error)?.stack ?? message(cause)}`,
      );
    spend.error = { kind: verdict.kind, message: message(cause) };
    return { spend, failure: { error: spend.error, verdict, cause } };
  };
  // Destroying is waited for only when nobody takes it into the background.
  const release = (work: Promise<void>) => (ctx.background ? ctx.background(work) : work);

  let sandbox: Sandbox;
  let model: ModelClient;
  try {
    const oracleScript = agent.config.model === 'oracle' ? await skill.oracle(loaded) : undefined;
    const client = createModelClient(agent.config, { oracleScript, warn: ctx.warn });
    const trial = { taskId: loaded.task.id, agent: agent.config.name, epoch, attempt };
    model = limitModel(ctx.wrapModel ? ctx.wrapModel(client, trial) : client, ctx.modelQueue);
    sandbox = await timed('sandbox_create', () => sandboxes.takeAgent());
  } catch (err) {
    await release(sandboxes.discard());
    return fail(err);
  }

  let teardown: Promise<void> | undefined;
  try {
    let run: AgentRun;
    try {
      run = await timed('agent', () =>
        runAgent({
          config: agent.config,
          model,
          sandbox,
          taskPrompt: skill.prompt(loaded),
          signal: ctx.signal,
          wallSecondsOverride: loaded.task.timeouts.agent_seconds * ctx.timeoutMultiplier,
          warn: ctx.warn,
        }),
      );
    } catch (err) {
      const partial = partialRunOf(err);
      if (partial) await keepRun(partial);
      return fail(err, { answer: '' });
    }
    await keepRun(run);

    let diff: string;
    try {
      diff = await sandbox.diff();
    } catch (err) {
      return fail(err); // an oversized change is the agent's (AgentError), a dead sandbox is not
    }
    // The agent's sandbox goes away while scoring runs in a fresh one.
    teardown = timed('teardown', async () => release(sandbox.destroy()));
    const seen = { answer: run.answer, diff };
    if (ctx.signal.aborted) return fail(ctx.signal.reason, seen);
    const agentMetrics = { truncated_replies: run.truncatedReplies, model_retries: retriesOf(run.trajectory) };

    if (run.status === 'limit')
      return agentError(`limit:${run.limit}`, `agent stopped: ${run.limit} reached`, { ...seen, metrics: agentMetrics });
    if (run.status === 'error') {
      const e = run.error ?? { kind: 'agent_error', message: 'agent failed' };
      return agentError(e.kind, e.message, { ...seen, metrics: agentMetrics });
    }
    let result;
    try {
      result = await timed('scoring', () =>
        skill.score({
          loaded,
          answer: run.answer,
          diff,
          backend: ctx.backend,
          image: loaded.task.image ?? ctx.image,
          timeoutMultiplier: ctx.timeoutMultiplier,
          signal: ctx.signal,
          takePrewarmed: () => sandboxes.takeScoring(),
          background: ctx.background,
        }),
      );
    } catch (err) {
      return fail(err, seen);
    }
    const metrics = { ...result.metrics, ...toolErrorRates(run.trajectory), ...agentMetrics };
    const details = run.trajectory.final.truncated ? { ...result.details, answer_truncated: true } : result.details;
    return { spend, record: { ...base(), ...seen, outcome: 'scored', score: result.score, pass: result.pass, metrics, details } };
  } finally {
    await Promise.all([teardown ?? timed('teardown', async () => release(sandbox.destroy())), release(sandboxes.discard())]);
  }

  /** Counts the run's spend into this attempt and writes its trajectory (every outcome keeps it). */
  async function keepRun(run: AgentRun): Promise<void> {
    spend.usage = run.usage;
    spend.cost = run.cost;
    spend.turns = run.turns;
    if (ctx.run) spend.trajectory = await saveTrajectory(ctx.run, loaded, agent, epoch, attempt, run.trajectory);
  }
}

/** Model requests that had to be sent again (transient faults), over the whole run. */
function retriesOf(trajectory: Trajectory): number {
  return trajectory.steps.reduce((n, s) => n + Math.max(0, (s.attempts ?? 1) - 1), 0);
}

async function saveTrajectory(
  run: RunDir,
  loaded: LoadedTask,
  agent: AgentUnderTest,
  epoch: number,
  attempt: number,
  trajectory: Trajectory,
): Promise<string> {
  // The first attempt keeps the plain name; a retried trial's later attempts add theirs.
  const name = `${loaded.task.id}__${agent.config.name}__e${epoch}${attempt > 1 ? `__a${attempt}` : ''}.json`;
  return writeTrajectory(run, name.replace(/[^A-Za-z0-9._-]/g, '_'), trajectory);
}

function emptyRecord(loaded: LoadedTask, agent: AgentUnderTest, epoch: number): TrialRecord {
  return {
    v: 1,
    key: { taskHash: loaded.contentHash, agentHash: agent.hash, epoch },
    taskId: loaded.task.id,
    skill: loaded.task.skill,
    language: loaded.task.language,
    agent: agent.config.name,
    model: agent.config.model,
    epoch,
    outcome: 'scored',
    score: null,
    pass: null,
    metrics: {},
    details: {},
    error: null,
    answer: '',
    diff: '',
    usage: { ...ZERO_USAGE },
    cost: null,
    turns: 0,
    attempts: 1,
    startedAt: '',
    wallMs: 0,
    phases: {},
    trajectory: null,
    ...(loaded.task.provenance ? { provenance: trialProvenance(loaded.task.provenance) } : {}),
  };
}

/** Errors from dockerode/HTTP sockets that say the daemon (not the agent) failed. */
function isDaemonError(err: unknown): boolean {
  const code = (err as { code?: string; statusCode?: number })?.code;
  const status = (err as { statusCode?: number })?.statusCode;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOENT', 'ETIMEDOUT'].includes(code ?? '') || (typeof status === 'number' && status >= 500)
  );
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

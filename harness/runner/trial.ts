// One trial = (task, agent configuration, epoch): sandbox → agent → diff → fresh-sandbox
// scoring → one TrialRecord. Infrastructure failures are retried here and never scored.
import { setTimeout as sleep } from 'node:timers/promises';
import type PQueue from 'p-queue';
import { AgentError, GraderError, InfraError } from '../core/errors.js';
import { ZERO_USAGE } from '../core/messages.js';
import { trialProvenance, type TrialRecord } from '../core/results.js';
import type { LoadedTask } from '../core/task.js';
import type { Sandbox, SandboxBackend } from '../sandbox/types.js';
import { SandboxError } from '../sandbox/types.js';
import { getSkill } from '../../skills/registry.js';
import type { AgentConfig } from '../config/agent-config.js';
import { createModelClient } from '../models/index.js';
import { runAgent } from '../agent/loop.js';
import { serializeTrajectory, type Trajectory } from '../agent/trajectory.js';
import { writeTrajectory, type RunDir } from '../results/store.js';
import { limitModel } from './limited-model.js';
import { TrialSandboxes } from './trial-sandboxes.js';

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
  signal: AbortSignal;
  /** Attempts for infrastructure failures (first try included). */
  maxAttempts: number;
  retryBaseMs: number;
  warn: (message: string) => void;
  /** This trial's sandboxes, started ahead by the runner (used by the first attempt). */
  prepared?: TrialSandboxes;
  /** Takes work the trial need not wait for (destroying used sandboxes); else it is awaited. */
  background?: (work: Promise<void>) => void;
}

export async function runTrial(loaded: LoadedTask, agent: AgentUnderTest, epoch: number, ctx: TrialContext): Promise<TrialRecord> {
  const startedAt = new Date();
  let lastError: unknown;
  for (let attempt = 1; attempt <= ctx.maxAttempts; attempt++) {
    if (ctx.signal.aborted) break;
    try {
      const sandboxes = (attempt === 1 && ctx.prepared) || new TrialSandboxes(ctx.backend, loaded, ctx.image);
      const record = await attemptTrial(loaded, agent, epoch, ctx, sandboxes);
      return { ...record, attempts: attempt, startedAt: startedAt.toISOString(), wallMs: Date.now() - startedAt.getTime() };
    } catch (err) {
      lastError = err;
      // A bug in the harness is not the agent's fault either: reported apart, not retried.
      if (!isInfrastructure(err)) break;
      if (attempt < ctx.maxAttempts && !ctx.signal.aborted) {
        ctx.warn(
          `${loaded.task.id} [${agent.config.name} e${epoch}] infrastructure error (attempt ${attempt}): ${message(err)} — retrying`,
        );
        await sleep(ctx.retryBaseMs * 2 ** (attempt - 1), undefined, { signal: ctx.signal }).catch(() => undefined);
      }
    }
  }
  await ctx.prepared?.discard(); // aborted before the first attempt took them
  const base = emptyRecord(loaded, agent, epoch);
  return {
    ...base,
    outcome: 'infra_error',
    error: { kind: isInfrastructure(lastError) ? 'infra_error' : 'internal_error', message: message(lastError ?? new Error('aborted')) },
    attempts: ctx.maxAttempts,
    startedAt: startedAt.toISOString(),
    wallMs: Date.now() - startedAt.getTime(),
  };
}

async function attemptTrial(
  loaded: LoadedTask,
  agent: AgentUnderTest,
  epoch: number,
  ctx: TrialContext,
  sandboxes: TrialSandboxes,
): Promise<TrialRecord> {
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
  const image = loaded.task.image ?? ctx.image;
  const oracleScript = agent.config.model === 'oracle' ? await skill.oracle(loaded) : undefined;
  const model = limitModel(createModelClient(agent.config, { oracleScript, warn: ctx.warn }), ctx.modelQueue);
  // Destroying is waited for only when nobody takes it into the background.
  const release = (work: Promise<void>) => (ctx.background ? ctx.background(work) : work);

  let sandbox: Sandbox;
  try {
    sandbox = await timed('sandbox_create', () => sandboxes.takeAgent());
  } catch (err) {
    await release(sandboxes.discard());
    throw err;
  }
  let teardown: Promise<void> | undefined;
  try {
    const run = await timed('agent', () =>
      runAgent({
        config: agent.config,
        model,
        sandbox,
        taskPrompt: skill.prompt(loaded),
        signal: ctx.signal,
        wallSecondsOverride: loaded.task.timeouts.agent_seconds * ctx.timeoutMultiplier,
      }),
    );
    const diff = await sandbox.diff();
    // The agent's sandbox goes away while scoring runs in a fresh one.
    teardown = timed('teardown', async () => release(sandbox.destroy()));
    if (ctx.signal.aborted) throw new InfraError('run interrupted');

    const trajectory = ctx.run ? await saveTrajectory(ctx.run, loaded, agent, epoch, run.trajectory) : null;
    const base = {
      ...emptyRecord(loaded, agent, epoch),
      answer: run.answer,
      diff,
      usage: run.usage,
      cost: run.cost,
      turns: run.turns,
      trajectory,
      phases,
    };
    if (run.status === 'limit') {
      return {
        ...base,
        outcome: 'agent_error',
        score: 0,
        pass: false,
        error: { kind: `limit:${run.limit}`, message: `agent stopped: ${run.limit} reached` },
      };
    }
    if (run.status === 'error') {
      return {
        ...base,
        outcome: 'agent_error',
        score: 0,
        pass: false,
        error: run.error ?? { kind: 'agent_error', message: 'agent failed' },
      };
    }
    const scoring = timed('scoring', () =>
      skill.score({
        loaded,
        answer: run.answer,
        diff,
        backend: ctx.backend,
        image,
        timeoutMultiplier: ctx.timeoutMultiplier,
        signal: ctx.signal,
        takePrewarmed: () => sandboxes.takeScoring(),
        background: ctx.background,
      }),
    );
    let result: Awaited<typeof scoring>;
    try {
      result = await scoring;
    } catch (err) {
      // The task proved unsound: recorded as such (with the agent's work), never retried.
      if (!(err instanceof GraderError)) throw err;
      return {
        ...base,
        outcome: 'grader_error',
        details: err.details,
        error: { kind: `grader_error:${err.reason}`, message: err.message },
      };
    }
    const metrics = { ...result.metrics, ...toolErrorRates(run.trajectory) };
    return { ...base, outcome: 'scored', score: result.score, pass: result.pass, metrics, details: result.details };
  } finally {
    await Promise.all([teardown ?? timed('teardown', async () => release(sandbox.destroy())), release(sandboxes.discard())]);
  }
}

/** Share of each tool's calls that came back as errors (null when the tool was not used). */
function toolErrorRates(trajectory: Trajectory): Record<string, number | null> {
  const count = { bash: [0, 0], str_replace_based_edit_tool: [0, 0] } as Record<string, [number, number]>;
  for (const step of trajectory.steps) {
    for (const o of step.observations) {
      const c = count[o.tool];
      if (!c) continue;
      c[0]++;
      if (o.isError) c[1]++;
    }
  }
  const rate = ([calls, errors]: [number, number]) => (calls === 0 ? null : errors / calls);
  return { editor_error_rate: rate(count.str_replace_based_edit_tool), bash_error_rate: rate(count.bash) };
}

async function saveTrajectory(
  run: RunDir,
  loaded: LoadedTask,
  agent: AgentUnderTest,
  epoch: number,
  trajectory: Trajectory,
): Promise<string> {
  const fileName = `${loaded.task.id}__${agent.config.name}__e${epoch}.json`.replace(/[^A-Za-z0-9._-]/g, '_');
  return writeTrajectory(run, fileName, serializeTrajectory(trajectory));
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

function isInfrastructure(err: unknown): boolean {
  return err instanceof InfraError || err instanceof SandboxError || (!(err instanceof AgentError) && isDaemonError(err));
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

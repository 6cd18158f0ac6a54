// The runner against real Docker: infrastructure failures are retried and never scored,
// and a model API that answers 5xx for a while still lets every trial finish.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PQueue from 'p-queue';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GraderError } from '../../harness/core/errors.js';
import { getSkill } from '../../skills/registry.js';
import { runEvaluation } from '../../harness/runner/run.js';
import { renderReports } from '../../reports/index.js';
import { agentConfigFromModel, agentConfigHash, parseAgentConfig } from '../../harness/config/agent-config.js';
import { runTrial } from '../../harness/runner/trial.js';
import { loadDataset } from '../../harness/tasks/load.js';
import { ensureImage } from '../../harness/images/build.js';
import { createSandboxBackend } from '../../harness/sandbox/index.js';
import { SandboxError, type Sandbox, type SandboxBackend, type SandboxSpec } from '../../harness/core/sandbox.js';
import type { TrialRecord } from '../../harness/core/results.js';
import { requireDockerOrSkip } from '../helpers/docker.js';
import { startMockLlmServer, openaiCompletion, openaiError, type MockLlmServer } from '../helpers/mock-llm-server.js';

const dataset = path.resolve('datasets/sample');
const hasDocker = await requireDockerOrSkip();

/** Fails the creates whose ordinal is in `failOn` (or all of them), as a flaky daemon would. */
class FlakyBackend implements SandboxBackend {
  readonly name = 'docker' as const;
  creates = 0;
  failures = 0;
  constructor(
    private readonly inner: SandboxBackend,
    private readonly failOn: Set<number> | 'all',
  ) {}
  async create(spec: SandboxSpec): Promise<Sandbox> {
    if (this.failOn === 'all' || this.failOn.has(++this.creates)) {
      this.failures++;
      throw new SandboxError('injected: daemon refused to create the container');
    }
    return this.inner.create(spec);
  }
  prune(): Promise<number> {
    return this.inner.prune();
  }
}

function readRecords(runDir: string): TrialRecord[] {
  return readFileSync(path.join(runDir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe.skipIf(!hasDocker)('runner on real Docker', () => {
  let out: string;
  let server: MockLlmServer;
  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'as-runner-'));
    server = await startMockLlmServer();
  });
  afterAll(() => server?.close());

  it('retries infrastructure errors and never scores them as 0', async () => {
    // Five failures in all, some back to back: with six attempts every trial must finish.
    const backend = new FlakyBackend(await createSandboxBackend('docker'), new Set([2, 3, 4, 8, 13]));
    const summary = await runEvaluation({
      dataset,
      skills: ['localization', 'editing'],
      agents: [agentConfigFromModel('oracle')],
      epochs: 1,
      concurrency: 2,
      modelConcurrency: 4,
      sandbox: 'docker',
      backend,
      outDir: out,
      timeoutMultiplier: 1,
      retryBaseMs: 10,
      maxAttempts: 6,
      log: () => {},
    });
    const records = readRecords(summary.runDir);
    expect(backend.failures).toBeGreaterThan(0);
    expect(records.length).toBe(summary.planned);
    const bad = records.filter((r) => r.outcome !== 'scored' || r.score !== 1);
    expect(bad.map((r) => `${r.taskId}: ${r.outcome} ${r.score} ${r.error?.message ?? JSON.stringify(r.details).slice(0, 300)}`)).toEqual(
      [],
    );
    expect(records.some((r) => r.attempts > 1)).toBe(true);
  }, 600_000); // 16 trials (8 of them editing, scored in fresh sandboxes): minutes on a loaded host

  it('reports persistent infrastructure errors apart, never as a score', async () => {
    const backend = new FlakyBackend(await createSandboxBackend('docker'), 'all');
    const summary = await runEvaluation({
      dataset,
      filter: 'loc-inikit-*',
      agents: [agentConfigFromModel('oracle')],
      epochs: 1,
      concurrency: 1,
      modelConcurrency: 1,
      sandbox: 'docker',
      backend,
      outDir: out,
      timeoutMultiplier: 1,
      retryBaseMs: 1,
      maxAttempts: 2,
      log: () => {},
      afterTrials: async (dir) => void (await renderReports(dir)),
    });
    const [record] = readRecords(summary.runDir);
    expect(record.outcome).toBe('infra_error');
    expect(record.score).toBeNull();
    expect(record.attempts).toBe(2);
    const summaryJson = JSON.parse(readFileSync(path.join(summary.runDir, 'summary.json'), 'utf8'));
    expect(JSON.stringify(summaryJson)).toContain('infra');
  });

  it('records a GraderError as grader_error: not retried, the agent work kept, in no denominator', async () => {
    const skill = getSkill('localization');
    const spy = vi
      .spyOn(skill, 'score')
      .mockRejectedValue(new GraderError('missing_test', 'expected test x::y not reported', { missing: ['x::y'] }));
    try {
      const summary = await runEvaluation({
        dataset,
        filter: 'loc-inikit-*',
        agents: [agentConfigFromModel('oracle')],
        epochs: 1,
        concurrency: 1,
        modelConcurrency: 1,
        sandbox: 'docker',
        outDir: out,
        timeoutMultiplier: 1,
        retryBaseMs: 1,
        maxAttempts: 3,
        log: () => {},
        afterTrials: async (dir) => void (await renderReports(dir)),
      });
      const [record] = readRecords(summary.runDir);
      expect(record).toMatchObject({ outcome: 'grader_error', score: null, attempts: 1, details: { missing: ['x::y'] } });
      expect(record.error).toEqual({ kind: 'grader_error:missing_test', message: 'expected test x::y not reported' });
      expect(record.answer).toContain('inikit');
      expect(spy).toHaveBeenCalledTimes(1);
      const group = JSON.parse(readFileSync(path.join(summary.runDir, 'summary.json'), 'utf8')).groups[0];
      expect(group).toMatchObject({ graderErrors: 1, counted: 0 });
    } finally {
      spy.mockRestore();
    }
  });

  it('a trial stopped by an agent limit destroys every sandbox it made, the prewarmed scoring one included', async () => {
    const inner = await createSandboxBackend('docker');
    const made: { destroyed: boolean }[] = [];
    const counting: SandboxBackend = {
      name: 'docker',
      prune: () => inner.prune(),
      async create(spec) {
        const sb = await inner.create(spec);
        const entry = { destroyed: false };
        made.push(entry);
        const destroy = sb.destroy.bind(sb);
        sb.destroy = async () => {
          entry.destroyed = true;
          await destroy();
        };
        return sb;
      },
    };
    const { tasks } = await loadDataset(dataset, { filter: 'edit-inikit-001' });
    const config = parseAgentConfig({ name: 'one-turn-oracle', model: 'oracle', limits: { max_turns: 1 } }, 'inline');
    const record = await runTrial(tasks[0], { config, hash: agentConfigHash(config) }, 1, {
      backend: counting,
      image: await ensureImage(),
      modelQueue: new PQueue({ concurrency: 1 }),
      timeoutMultiplier: 1,
      signal: new AbortController().signal,
      maxAttempts: 1,
      retryBaseMs: 1,
      warn: () => {},
    });
    expect([record.outcome, record.error?.kind]).toEqual(['agent_error', 'limit:max_turns']);
    expect(made.length).toBe(2); // the agent's and the prewarmed scoring sandbox
    expect(made.every((m) => m.destroyed)).toBe(true);
  });

  it('completes every trial while the model API answers 5xx for a while', async () => {
    process.env.OPENAI_API_KEY = 'sk-test-not-a-real-key-000000';
    let calls = 0;
    server.reset();
    server.fallback('openai', () => {
      calls++;
      if (calls <= 5) return openaiError(503, 'overloaded');
      return openaiCompletion({ text: '{"files": ["src/nowhere.py"]}' });
    });
    const agent = parseAgentConfig(
      { name: 'mock-openai', model: 'openai/gpt-4.1', provider: { base_url: `${server.url}/v1`, max_retries: 1 } },
      'inline',
    );
    const summary = await runEvaluation({
      dataset,
      skills: ['localization'],
      agents: [agent],
      epochs: 1,
      concurrency: 2,
      modelConcurrency: 2,
      sandbox: 'docker',
      outDir: out,
      timeoutMultiplier: 1,
      retryBaseMs: 10,
      maxAttempts: 5,
      log: () => {},
    });
    const records = readRecords(summary.runDir);
    expect(calls).toBeGreaterThan(5);
    expect(records.length).toBe(summary.planned);
    expect(records.every((r) => r.outcome === 'scored')).toBe(true);
    expect(records.every((r) => r.score === 0 && r.pass === false)).toBe(true);
    expect(readFileSync(path.join(summary.runDir, 'results.jsonl'), 'utf8')).not.toContain('sk-test-not-a-real-key');
  });
});

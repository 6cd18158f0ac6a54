// Whatever ends a trial as the agent's error — a tool call the sandbox stops (a full disk), a
// change too large for a patch — its record still links the trajectory of what the agent did.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PQueue from 'p-queue';
import { describe, expect, it } from 'vitest';
import { agentConfigFromModel, agentConfigHash } from '../../harness/config/agent-config.js';
import { AgentError } from '../../harness/core/errors.js';
import { type Sandbox, type SandboxBackend, SandboxError } from '../../harness/core/sandbox.js';
import type { Trajectory } from '../../harness/core/trajectory.js';
import { createRunDir } from '../../harness/results/store.js';
import { runTrial } from '../../harness/runner/trial.js';
import { loadDataset } from '../../harness/tasks/load.js';
import { createMemorySandbox } from '../helpers/memory-sandbox.js';

const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

/** A replay of one bash call, then an empty answer. */
function replayOneCall(dir: string, command: string): string {
  const trajectory: Trajectory = {
    version: 1,
    model: 'replay:x',
    agent: 'x',
    steps: [
      {
        turn: 1,
        request: { messages: 1, tools: ['bash'] },
        response: { text: '', toolCalls: [{ id: 'c1', name: 'bash', input: { command } }], stopReason: 'tool_use' },
        observations: [],
        usage,
        cost: 0,
        latencyMs: 0,
      },
    ],
    final: { answer: '{"files": []}', status: 'finished' },
    totals: { usage, cost: 0, turns: 2, wallMs: 0 },
  };
  const file = path.join(dir, 'replay.json');
  writeFileSync(file, JSON.stringify(trajectory));
  return file;
}

/** Sandboxes that behave like memory sandboxes except where `hostile` says. */
function backendWith(hostile: (sb: Sandbox) => Partial<Sandbox>): SandboxBackend {
  return {
    name: 'docker',
    create: async () => {
      const sb = await createMemorySandbox();
      return Object.assign(Object.create(sb) as Sandbox, hostile(sb));
    },
    prune: async () => 0,
  };
}

async function trial(backend: SandboxBackend, command: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'as-trial-traj-'));
  const { tasks } = await loadDataset(path.resolve(__dirname, '../fixtures/dataset'), { filter: 'loc-pyrepo-001' });
  const config = agentConfigFromModel(`replay:${replayOneCall(dir, command)}`);
  const run = await createRunDir(dir, {
    harnessVersion: 'x',
    dataset: { path: 'd', hash: 'h' },
    agents: [{ name: config.name, hash: 'h', config: {} }],
    epochs: 1,
    options: {},
  });
  const record = await runTrial(tasks[0], { config, hash: agentConfigHash(config) }, 0, {
    backend,
    image: 'unused',
    run,
    modelQueue: new PQueue({ concurrency: 1 }),
    timeoutMultiplier: 1,
    signal: new AbortController().signal,
    maxAttempts: 3,
    retryBaseMs: 1,
    warn: () => {},
  });
  const saved = record.trajectory ? (JSON.parse(readFileSync(path.join(run.dir, record.trajectory), 'utf8')) as Trajectory) : null;
  return { record, saved };
}

describe('the record of a trial the agent ended keeps its trajectory', () => {
  it('when the sandbox stops a tool call (disk_limit from exec) and refuses the diff after it', async () => {
    const full = new AgentError('disk_limit', 'the sandbox used more than its disk budget');
    const { record, saved } = await trial(
      backendWith((sb) => ({
        exec: (cmd, o) => (cmd.includes('fill-the-disk') ? Promise.reject(full) : sb.exec(cmd, o)),
        diff: () => Promise.reject(full),
      })),
      'echo fill-the-disk',
    );
    expect(record.outcome).toBe('agent_error');
    expect(record.error?.kind).toBe('disk_limit');
    expect(record.attempts).toBe(1);
    expect(record.trajectory).not.toBeNull();
    expect(saved?.steps[0].response.toolCalls[0].input).toEqual({ command: 'echo fill-the-disk' });
  });

  it('when the change is too large for a patch (diff_too_large from diff)', async () => {
    const { record, saved } = await trial(
      backendWith(() => ({ diff: () => Promise.reject(new AgentError('diff_too_large', 'over 16 MiB of changes')) })),
      'echo hello-from-the-agent',
    );
    expect(record.outcome).toBe('agent_error');
    expect(record.error?.kind).toBe('diff_too_large');
    expect(record.trajectory).not.toBeNull();
    expect(saved?.steps[0].observations[0].output).toContain('hello-from-the-agent');
  });

  it("when the infrastructure fails after the agent ran (every attempt retried): the last attempt's trajectory", async () => {
    const { record, saved } = await trial(
      backendWith(() => ({ diff: () => Promise.reject(new SandboxError('the container is gone')) })),
      'echo hello-before-the-crash',
    );
    expect(record.outcome).toBe('infra_error');
    expect(record.attempts).toBe(3);
    expect(record.trajectory).toMatch(/__a3\.json$/);
    expect(saved?.steps[0].observations[0].output).toContain('hello-before-the-crash');
  });
});

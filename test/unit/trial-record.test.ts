// A trial line carries its task's provenance (the clustering key of reports), and a task
// without one leaves the field out, as older results files do.
import path from 'node:path';
import PQueue from 'p-queue';
import { describe, expect, it } from 'vitest';
import { agentConfigFromModel, agentConfigHash } from '../../harness/config/agent-config.js';
import { runTrial } from '../../harness/runner/trial.js';
import { loadDataset } from '../../harness/tasks/load.js';
import { SandboxError, type SandboxBackend } from '../../harness/core/sandbox.js';
import type { LoadedTask } from '../../harness/core/task.js';

const refusing: SandboxBackend = {
  name: 'docker',
  create: async () => {
    throw new SandboxError('injected: no sandbox');
  },
  prune: async () => 0,
};

async function trialOf(loaded: LoadedTask) {
  const config = agentConfigFromModel('noop');
  return runTrial(loaded, { config, hash: agentConfigHash(config) }, 0, {
    backend: refusing,
    image: 'unused',
    modelQueue: new PQueue({ concurrency: 1 }),
    timeoutMultiplier: 1,
    signal: new AbortController().signal,
    maxAttempts: 1,
    retryBaseMs: 1,
    warn: () => {},
  });
}

describe('trial record provenance', () => {
  it('copies source, instance and repo from the task, and omits the field for a task without one', async () => {
    const { tasks } = await loadDataset(path.resolve(__dirname, '../fixtures/dataset'), { filter: 'edit-pyrepo-001' });
    const plain = await trialOf(tasks[0]);
    expect(plain.outcome).toBe('infra_error');
    expect('provenance' in plain).toBe(false);
    const withProv: LoadedTask = {
      ...tasks[0],
      task: { ...tasks[0].task, provenance: { source: 'swebench', instance: 'acme__lib-3', repo: 'acme/lib', base_commit: 'abc' } },
    };
    expect((await trialOf(withProv)).provenance).toEqual({ source: 'swebench', instance: 'acme__lib-3', repo: 'acme/lib' });
  });
});

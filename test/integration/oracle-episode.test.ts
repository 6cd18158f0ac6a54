// An oracle episode through the real agent loop, tool box and Docker sandbox changes
// /testbed exactly as the task's gold patch does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../harness/tasks/load.js';
import { getSkill } from '../../skills/registry.js';
import { createSandboxBackend } from '../../harness/sandbox/index.js';
import { ensureImage } from '../../harness/images/build.js';
import { agentConfigFromModel } from '../../harness/config/agent-config.js';
import { createModelClient } from '../../harness/models/index.js';
import { runAgent } from '../../harness/agent/loop.js';
import type { Sandbox, SandboxBackend } from '../../harness/core/sandbox.js';
import { requireDockerOrSkip } from '../helpers/docker.js';

const hasDocker = await requireDockerOrSkip();

describe.skipIf(!hasDocker)('oracle episode on a sample editing task', () => {
  let backend: SandboxBackend;
  let sandbox: Sandbox | undefined;
  let image: string;
  beforeAll(async () => {
    backend = await createSandboxBackend('docker');
    image = await ensureImage();
  });
  afterAll(() => sandbox?.destroy());

  for (const id of ['edit-inikit-001', 'edit-semrange-001']) {
    it(`${id}: the agent's diff is the gold patch`, async () => {
      const { tasks } = await loadDataset(path.resolve('datasets/sample'), { filter: id });
      const [loaded] = tasks;
      const skill = getSkill(loaded.task.skill);
      const config = agentConfigFromModel('oracle');
      const model = createModelClient(config, { oracleScript: await skill.oracle(loaded) });
      sandbox = await backend.create({ image, repoDir: loaded.repoDir });
      const run = await runAgent({ config, model, sandbox, taskPrompt: skill.prompt(loaded) });
      expect(run.status).toBe('finished');
      expect(run.trajectory.steps.flatMap((s) => s.observations).every((o) => !o.isError)).toBe(true);
      const diff = await sandbox.diff();
      expect(diff).not.toBe('');
      // Reverse-applying the gold patch must leave nothing changed: the edits are identical.
      const gold = readFileSync(path.join(loaded.dir, (loaded.task as typeof loaded.task & { gold_patch: string }).gold_patch), 'utf8');
      await sandbox.writeFile('/tmp/check.patch', gold);
      const reverse = await sandbox.exec('git apply -R /tmp/check.patch && rm /tmp/check.patch');
      expect(reverse.exitCode, reverse.stderr).toBe(0);
      expect(await sandbox.diff()).toBe('');
      await sandbox.destroy();
      sandbox = undefined;
    });
  }
});

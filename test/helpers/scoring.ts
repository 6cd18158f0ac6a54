// Scorers against real Docker sandboxes on the fixture dataset: plays an agent (bash scripts,
// or a task's oracle through the same tool semantics) in its own sandbox, then scores its diff.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { ScoreResult } from '../../harness/core/skill.js';
import type { LoadedTask } from '../../harness/core/task.js';
import { ensureImage } from '../../harness/images/build.js';
import { DockerBackend } from '../../harness/sandbox/index.js';
import type { SandboxBackend } from '../../harness/core/sandbox.js';
import { loadDataset } from '../../harness/tasks/load.js';
import { getSkill } from '../../skills/registry.js';

export interface ScoringHarness {
  backend: SandboxBackend;
  image: string;
  tasks: Map<string, LoadedTask>;
  /** Runs a bash script as the agent in a fresh sandbox of the task; returns the diff. */
  agentDiff(id: string, script: string): Promise<string>;
  /** Plays the task's oracle; returns its diff and answer. */
  oracleRun(id: string): Promise<{ diff: string; answer: string }>;
  score(id: string, diff: string, answer?: string, backend?: SandboxBackend): Promise<ScoreResult>;
  scoreOracle(id: string): Promise<ScoreResult>;
  close(): Promise<void>;
}

export async function scoringHarness(): Promise<ScoringHarness> {
  const image = await ensureImage();
  const backend = new DockerBackend();
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'as-scorers-'));
  await fs.cp(path.resolve(__dirname, '../fixtures/dataset'), tmp, { recursive: true });
  const tasks = new Map<string, LoadedTask>();
  for (const t of (await loadDataset(tmp)).tasks) tasks.set(t.task.id, t);

  const h: ScoringHarness = {
    backend,
    image,
    tasks,
    async agentDiff(id, script) {
      const sb = await backend.create({ image, repoDir: tasks.get(id)!.repoDir });
      try {
        const r = await sb.exec(script);
        expect(r.exitCode, r.stderr).toBe(0);
        return await sb.diff();
      } finally {
        await sb.destroy();
      }
    },
    async oracleRun(id) {
      const loaded = tasks.get(id)!;
      const o = await getSkill(loaded.task.skill).oracle(loaded);
      const sb = await backend.create({ image, repoDir: loaded.repoDir });
      try {
        for (const s of o.steps) {
          if (s.tool === 'bash') {
            const r = await sb.exec(String(s.input.command));
            expect(r.exitCode, r.stderr).toBe(0);
          } else {
            expect(s.input.command).toBe('create');
            await sb.writeFile(String(s.input.path), String(s.input.file_text));
          }
        }
        return { diff: await sb.diff(), answer: o.finalAnswer };
      } finally {
        await sb.destroy();
      }
    },
    async score(id, diff, answer = '', b = backend) {
      const loaded = tasks.get(id)!;
      return getSkill(loaded.task.skill).score({ loaded, answer, diff, backend: b, image, timeoutMultiplier: 1 });
    },
    async scoreOracle(id) {
      const o = await h.oracleRun(id);
      return h.score(id, o.diff, o.answer);
    },
    close: () => fs.rm(tmp, { recursive: true, force: true }),
  };
  return h;
}

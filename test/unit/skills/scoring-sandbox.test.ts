// Infrastructure failures while scoring are InfraErrors (never a 0), a scorer's own bug or a
// GraderError is not one, and scoring sandboxes are destroyed whatever happens.
import { describe, expect, it } from 'vitest';
import { GraderError, InfraError } from '../../../harness/core/errors.js';
import type { LoadedTask } from '../../../harness/core/task.js';
import type { Sandbox, SandboxBackend, SandboxSpec } from '../../../harness/core/sandbox.js';
import { SandboxError } from '../../../harness/core/sandbox.js';
import { getSkill } from '../../../skills/registry.js';
import { mustExec, withScoringSandbox } from '../../../skills/shared/sandbox.js';

function fakeBackend(opts: { createFails?: boolean; execFails?: boolean }) {
  const state = { created: [] as SandboxSpec[], destroyed: 0 };
  const sandbox: Sandbox = {
    id: 'fake',
    backend: 'docker',
    exec: async () => {
      if (opts.execFails) throw new SandboxError('daemon went away');
      return { stdout: '', stderr: 'boom', exitCode: 1, timedOut: false, truncated: false, durationMs: 1, oomKilled: false };
    },
    readFile: async () => Buffer.from(''),
    writeFile: async () => undefined,
    putArchive: async () => undefined,
    diff: async () => '',
    destroy: async () => void state.destroyed++,
    health: async () => ({ alive: true, oomKills: 0 }),
  };
  const backend: SandboxBackend = {
    name: 'docker',
    create: async (spec) => {
      state.created.push(spec);
      if (opts.createFails) throw new SandboxError('cannot connect to the Docker daemon');
      return sandbox;
    },
    prune: async () => 0,
  };
  return { backend, state };
}

const loaded = {
  task: { id: 'edit-x-001', skill: 'editing', image: undefined },
  dir: '/nonexistent',
  repoDir: '/tmp/repo',
  contentHash: 'h',
} as unknown as LoadedTask;

const ctx = (backend: SandboxBackend) => ({ loaded, answer: '', diff: '', backend, image: 'img:1', timeoutMultiplier: 1 });

describe('withScoringSandbox', () => {
  it('turns a failed create into an InfraError', async () => {
    const { backend } = fakeBackend({ createFails: true });
    await expect(withScoringSandbox(ctx(backend), async () => 1)).rejects.toBeInstanceOf(InfraError);
  });

  it('creates from the task repo and destroys after success', async () => {
    const { backend, state } = fakeBackend({});
    expect(await withScoringSandbox(ctx(backend), async () => 42)).toBe(42);
    expect(state.created[0]).toMatchObject({ image: 'img:1', repoDir: '/tmp/repo' });
    expect(state.destroyed).toBe(1);
  });

  it('destroys and reports InfraError when the daemon fails mid-way', async () => {
    const { backend, state } = fakeBackend({ execFails: true });
    await expect(withScoringSandbox(ctx(backend), (sb) => sb.exec('true'))).rejects.toBeInstanceOf(InfraError);
    expect(state.destroyed).toBe(1);
  });

  it('a bug in the scorer surfaces as itself (an internal error), not as an InfraError to retry', async () => {
    const { backend, state } = fakeBackend({});
    const bug = await withScoringSandbox(ctx(backend), async () => (undefined as unknown as { x: () => void }).x()).catch(
      (e: unknown) => e,
    );
    expect(bug).toBeInstanceOf(TypeError);
    expect(bug).not.toBeInstanceOf(InfraError);
    const grader = await withScoringSandbox(ctx(backend), async () => {
      throw new GraderError('missing_test', 'expected test t.py::a not reported');
    }).catch((e: unknown) => e);
    expect(grader).toBeInstanceOf(GraderError);
    expect(state.destroyed).toBe(2);
  });

  it('a failing setup command is an InfraError, and the sandbox is still destroyed', async () => {
    const { backend, state } = fakeBackend({});
    const err = await withScoringSandbox(ctx(backend), (sb) => mustExec(sb, 'git commit')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InfraError);
    expect((err as Error).message).toContain('git commit');
    expect(state.destroyed).toBe(1);
  });
});

describe('scorers never return 0 for infrastructure failures', () => {
  it('editing with missing hidden material throws InfraError', async () => {
    const { backend } = fakeBackend({});
    const task = {
      id: 'edit-x-001',
      skill: 'editing',
      test_framework: 'pytest',
      gold_patch: 'gold.patch',
      hidden_tests: 'hidden',
      test_files: [],
      fail_to_pass: ['t.py::a'],
      pass_to_pass: [],
      timeouts: { agent_seconds: 1, test_seconds: 1 },
    };
    const l = { ...loaded, task } as unknown as LoadedTask;
    await expect(getSkill('editing').score({ ...ctx(backend), loaded: l })).rejects.toBeInstanceOf(InfraError);
  });
});

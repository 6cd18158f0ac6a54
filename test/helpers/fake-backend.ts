// A sandbox backend with no container: every command "runs" at once and prints `ok`, the diff
// is empty. For runner tests whose subject is the model side (budget, preflight, outcomes) on
// skills that score on the host (localization, review). Records creates, destroys and prunes.
import type { PruneOptions, Sandbox, SandboxBackend, SandboxSpec } from '../../harness/core/sandbox.js';

export class FakeBackend implements SandboxBackend {
  readonly name = 'docker' as const;
  readonly created: SandboxSpec[] = [];
  readonly prunes: PruneOptions[] = [];
  destroyed = 0;

  async create(spec: SandboxSpec): Promise<Sandbox> {
    this.created.push(spec);
    const sandbox = {
      id: `fake-${this.created.length}`,
      backend: 'docker',
      exec: async () => ({ stdout: 'ok\n', stderr: '', exitCode: 0, timedOut: false, truncated: false, durationMs: 1 }),
      readFile: async () => Buffer.from(''),
      writeFile: async () => undefined,
      putArchive: async () => undefined,
      diff: async () => '',
      health: async () => ({ alive: true, oomKills: 0 }),
      destroy: async () => void this.destroyed++,
    };
    return sandbox as unknown as Sandbox;
  }

  async prune(opts: PruneOptions = {}): Promise<number> {
    this.prunes.push(opts);
    return 0;
  }
}

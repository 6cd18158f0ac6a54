// Wraps a sandbox backend so the runner knows every live sandbox (agent's and scorer's)
// and can destroy them all at once on Ctrl-C, even while a command is still running in them.
import type { PruneOptions, Sandbox, SandboxBackend, SandboxSpec } from '../core/sandbox.js';

export class TrackingBackend implements SandboxBackend {
  readonly name: SandboxBackend['name'];
  private readonly live = new Set<Sandbox>();
  private closed = false;

  constructor(
    private readonly inner: SandboxBackend,
    private readonly labels: Record<string, string> = {},
  ) {
    this.name = inner.name;
  }

  get liveCount(): number {
    return this.live.size;
  }

  async create(spec: SandboxSpec): Promise<Sandbox> {
    if (this.closed) throw new Error('run is stopping: no new sandboxes');
    const sandbox = await this.inner.create({ ...spec, labels: { ...this.labels, ...spec.labels } });
    if (this.closed) {
      await sandbox.destroy();
      throw new Error('run is stopping: no new sandboxes');
    }
    this.live.add(sandbox);
    const live = this.live;
    const destroy = sandbox.destroy.bind(sandbox);
    // Keep the caller's object identity (prototype methods) but learn when it goes away.
    sandbox.destroy = async () => {
      live.delete(sandbox);
      await destroy();
    };
    return sandbox;
  }

  prune(opts?: PruneOptions): Promise<number> {
    return this.inner.prune(opts);
  }

  /** Refuses new sandboxes and destroys every live one. */
  async destroyAll(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.live].map((s) => s.destroy()));
  }
}

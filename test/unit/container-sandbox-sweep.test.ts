// The sweep after the agent's last command kills every process of the agent user. A command that
// starts while that sweep is still on its way (a scorer running test files in parallel: one
// ends, the next starts) must wait for it — else the sweep kills it (exit 137; an oracle once
// scored 0 on edit-ttlcache-001 this way, its test files killed). A transport double plays the
// container: agent commands are processes the sweep kills.
import { describe, expect, it } from 'vitest';
import { ContainerSandbox, type ContainerTransport, type RawExecOptions } from '../../harness/sandbox/container-sandbox.js';
import { resolveSpec, type RawExecResult } from '../../harness/sandbox/common.js';
import { CappedBuffer } from '../../harness/sandbox/output.js';
import { DISK_USAGE, EXEC_WRAPPER, MEMORY_EVENTS } from '../../harness/sandbox/scripts.js';

function result(exitCode: number, stdout = ''): RawExecResult {
  const out = new CappedBuffer(1 << 16);
  out.push(Buffer.from(stdout));
  return { stdout: out, stderr: new CappedBuffer(1 << 16), exitCode, hostKilled: false };
}

class Container implements ContainerTransport {
  readonly id = 'double';
  readonly backend = 'docker' as const;
  readonly execName = 'docker-exec' as const;
  /** Agent commands running now: each ends with the code given. */
  readonly running = new Map<string, (code: number) => void>();
  readonly log: string[] = [];
  private sweepSeen!: () => void;
  readonly sweepStarted = new Promise<void>((r) => (this.sweepSeen = r));
  private releaseSweep!: () => void;
  private readonly sweepGate = new Promise<void>((r) => (this.releaseSweep = r));
  release(): void {
    this.releaseSweep();
  }

  async exec(argv: string[], _o: RawExecOptions): Promise<RawExecResult> {
    const script = argv[2];
    if (script === MEMORY_EVENTS) return result(0, '0\n');
    if (script === DISK_USAGE && argv.at(-1) === 'sweep') {
      this.sweepSeen();
      await this.sweepGate; // the sweep is on its way
      for (const [cmd, end] of this.running) {
        this.log.push(`swept ${cmd}`);
        end(137);
      }
      this.log.push('sweep done');
      return result(0, '0 0\n');
    }
    if (script === DISK_USAGE) return result(0, '0 0\n');
    if (script === EXEC_WRAPPER) {
      const cmd = argv.at(-1)!;
      this.log.push(`start ${cmd}`);
      return new Promise((resolve) =>
        this.running.set(cmd, (code) => {
          this.running.delete(cmd);
          resolve(result(code));
        }),
      );
    }
    return result(0);
  }
  async openStream(): Promise<undefined> {
    return undefined;
  }
  async state() {
    return { running: true, oomKilled: false };
  }
  async remove(): Promise<void> {}
}

const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe('ContainerSandbox: the sweep after the last agent command', () => {
  it('holds a command that starts meanwhile until the sweep is done, so it is not killed', async () => {
    const container = new Container();
    const sb = new ContainerSandbox(container, resolveSpec({ image: 'img', repoDir: '/r' }));
    const first = sb.exec('first');
    while (!container.running.has('first')) await ticks(1);
    container.running.get('first')!(0);
    await container.sweepStarted;
    const next = sb.exec('next');
    await ticks(50); // whatever `next` would do before the sweep lands, it has done
    container.release();
    // Once the sweep is done, `next` runs; it ends by itself.
    while (!container.running.has('next')) await ticks(1);
    container.running.get('next')!(0);
    expect((await first).exitCode).toBe(0);
    expect((await next).exitCode).toBe(0);
    expect(container.log).toEqual(['start first', 'sweep done', 'start next', 'sweep done']);
    await sb.destroy();
  });
});

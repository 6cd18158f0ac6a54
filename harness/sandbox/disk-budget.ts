// The watched disk budget of a sandbox whose storage has no size limit of its own: what the
// agent's commands add (bytes and files, measured from the sandbox's first command on) is
// checked while they run and after each one; past the budget the sandbox is spent, and every
// later command is refused as the agent's error.
import { AgentError } from '../core/errors.js';
import { formatBytes } from './output.js';

export interface DiskUsage {
  bytes: number;
  inodes: number;
}

/** New files allowed whatever their size: an inode flood fills a disk too, and every file is
 * one more for diff() to hash (npm's node_modules stays far under this). */
export const MAX_NEW_INODES = 200_000;
/** How often usage is measured while agent commands run. */
export const DISK_POLL_MS = 1000;

export class DiskBudget {
  private baseline: DiskUsage | undefined;
  private measuring: Promise<void> | undefined;
  /** Why the sandbox is spent, once it is. */
  exceeded: string | undefined;

  constructor(
    readonly limitBytes: number,
    /** Current usage (`running`: agent commands are running now); undefined when it cannot be
     * measured (then nothing is judged). */
    private readonly measure: (running: boolean) => Promise<DiskUsage | undefined>,
  ) {}

  /** Takes the baseline (once, before the first command). */
  async start(): Promise<void> {
    if (this.baseline === undefined) this.baseline = await this.measure(false);
  }

  /** Measures now (one measurement at a time); true when the budget is exceeded. */
  async check(running: boolean): Promise<boolean> {
    if (this.exceeded) return true;
    this.measuring ??= this.measureOnce(running).finally(() => (this.measuring = undefined));
    await this.measuring;
    return this.exceeded !== undefined;
  }

  /** Judges a measurement taken elsewhere (e.g. together with a sweep). */
  record(now: DiskUsage | undefined): boolean {
    if (!this.exceeded) this.judge(now);
    return this.exceeded !== undefined;
  }

  /** Throws the agent's error when the budget is spent. */
  assertWithin(): void {
    if (this.exceeded) throw new AgentError('disk_limit', this.exceeded);
  }

  private async measureOnce(running: boolean): Promise<void> {
    this.judge(await this.measure(running));
  }

  private judge(now: DiskUsage | undefined): void {
    const base = this.baseline;
    if (!base || !now || this.exceeded) return;
    const added = now.bytes - base.bytes;
    const files = now.inodes - base.inodes;
    if (added > this.limitBytes) {
      this.exceeded = `the sandbox's commands wrote ${formatBytes(added)} to disk, over its budget of ${formatBytes(this.limitBytes)}`;
    } else if (files > MAX_NEW_INODES) {
      this.exceeded = `the sandbox's commands created ${files} files, over the limit of ${MAX_NEW_INODES}`;
    }
  }
}

/** Parses DISK_USAGE's "<bytes> <inodes>" line. */
export function parseDiskUsage(text: string): DiskUsage | undefined {
  const m = /^(\d+) (\d+)\s*$/.exec(text.trim());
  return m ? { bytes: Number(m[1]), inodes: Number(m[2]) } : undefined;
}

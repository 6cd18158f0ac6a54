// The synthesis sandboxes: jobs go out in small batches (one exec each) to whichever sandbox
// is free; results come back in job order, so what is decided from them is deterministic.
import type { TestFramework } from '../../core/task.js';
import type { Sandbox } from '../../core/sandbox.js';
import { runJobs, type Job, type JobResult } from './runner.js';

export class SandboxPool {
  /** Test jobs run so far (each counts once, whatever its batch). */
  jobsRun = 0;

  constructor(
    readonly sandboxes: Sandbox[],
    readonly framework: TestFramework,
    private readonly env: Record<string, string> = {},
    private readonly batchSize = 4,
  ) {}

  async run(jobs: Job[], onDone?: (count: number) => void): Promise<JobResult[]> {
    const results: JobResult[] = new Array<JobResult>(jobs.length);
    let next = 0;
    await Promise.all(
      this.sandboxes.map(async (sb) => {
        while (next < jobs.length) {
          const from = next;
          // Smaller batches near the end keep every sandbox busy until the last job.
          const left = jobs.length - from;
          const size = Math.max(1, Math.min(this.batchSize, Math.ceil(left / this.sandboxes.length)));
          next += size;
          const out = await runJobs(sb, this.framework, jobs.slice(from, from + size), this.env);
          out.forEach((r, i) => (results[from + i] = r));
          this.jobsRun += size;
          onDone?.(size);
        }
      }),
    );
    return results;
  }
}

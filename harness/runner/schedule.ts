// Runs the planned trials on a p-queue: each trial's sandboxes are started a few trials ahead,
// each finished record is handed on (appended) in finishing order, a spent budget or an
// interruption stops new trials (an interruption also aborts those in flight, which then record
// themselves as stopped: resume re-runs them), and a failure of the runner itself (the results
// file unwritable…) stops everything and is thrown. Teardowns nobody waits for run in the
// background until close().
import { setMaxListeners } from 'node:events';
import PQueue from 'p-queue';
import type { TrialRecord } from '../core/results.js';
import { StoppedError } from '../core/errors.js';

/** Sandboxes started ahead for one trial; whatever is not taken is destroyed by discard(). */
export interface Prepared {
  discard(): Promise<void>;
}

export interface TrialEnv<P extends Prepared> {
  /** This trial's sandboxes, started ahead (undefined when it was stopped first). */
  prepared: P | undefined;
  /** Aborted by an interruption (reason: StoppedError('interrupted')) or a failure of the runner. */
  signal: AbortSignal;
  /** Takes work the trial need not wait for (destroying used sandboxes). */
  background: (work: Promise<void>) => void;
}

export interface ScheduleOptions<P extends Prepared> {
  /** Trials at once. */
  concurrency: number;
  /** How many trials ahead of the next to start have their sandboxes started. */
  prepareAhead: number;
  /** Starts the sandboxes of trial i. */
  prepare: (i: number) => P;
  run: (i: number, env: TrialEnv<P>) => Promise<TrialRecord>;
  /** Keeps one finished record (results file, progress); a throw stops the run. */
  record: (r: TrialRecord) => Promise<void>;
  /** Trial i is not to start after all (its configuration was stopped): it is left out unrecorded. */
  skip?: (i: number) => boolean;
  log: (message: string) => void;
}

export interface ScheduleOutcome {
  finished: number;
  interrupted: boolean;
  stoppedForCost: boolean;
}

export class TrialScheduler<P extends Prepared> {
  private readonly queue: PQueue;
  private readonly abort = new AbortController();
  private readonly prepared = new Map<number, P>();
  private readonly cleanups = new Set<Promise<void>>();
  private count = 0;
  private interrupted = false;
  private stoppedForCost = false;
  private finished = 0;
  private failure: { err: unknown } | undefined;

  constructor(private readonly opts: ScheduleOptions<P>) {
    this.queue = new PQueue({ concurrency: opts.concurrency });
    setMaxListeners(0, this.abort.signal); // every trial in flight listens on it: not a leak
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Runs trials 0..count-1; resolves when none is left (or throws the runner's own failure). */
  async runAll(count: number): Promise<ScheduleOutcome> {
    this.count = count;
    for (let i = 0; i < count; i++) {
      this.queue.add(() => this.runOne(i)).catch((err: unknown) => this.fail(err));
    }
    await this.queue.onIdle();
    if (this.failure) throw this.failure.err;
    return { finished: this.finished, interrupted: this.interrupted, stoppedForCost: this.stoppedForCost };
  }

  /** Stops starting trials and aborts those in flight (they end as stopped and are recorded). */
  interrupt(): void {
    this.interrupted = true;
    this.stop(new StoppedError('interrupted', 'run interrupted'));
  }

  /** The budget is spent: no new trial starts (those in flight stop at their next model request,
   * which the spend ledger refuses, and record what they were billed). */
  stopForCost(message: string): void {
    if (this.stoppedForCost) return;
    this.stoppedForCost = true;
    this.opts.log(message);
    this.queue.clear();
  }

  /** Work the trials handed off (teardowns), awaited here; a failure is only logged. */
  readonly background = (work: Promise<void>): void => {
    const p = work
      .catch((e: unknown) => this.opts.log(`sandbox teardown failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => this.cleanups.delete(p));
    this.cleanups.add(p);
  };

  /** Discards sandboxes started for trials that never ran, then waits for background work. */
  async close(): Promise<void> {
    const left = [...this.prepared.values()];
    this.prepared.clear();
    await Promise.all(left.map((p) => p.discard()));
    await Promise.all(this.cleanups);
  }

  private async runOne(i: number): Promise<void> {
    if (this.abort.signal.aborted || this.opts.skip?.(i)) return;
    this.prepareTrial(i);
    const prepared = this.prepared.get(i);
    this.prepared.delete(i);
    for (let k = 1; k <= this.opts.prepareAhead; k++) this.prepareTrial(i + k);
    const record = await this.opts.run(i, { prepared, signal: this.abort.signal, background: this.background });
    // A trial stopped by an interruption is recorded too (its spend, its trajectory: an
    // infra_error `stopped:interrupted` that --resume runs again); after a failure of the
    // runner nothing more is written.
    if (this.failure) return;
    await this.opts.record(record);
    this.finished++;
  }

  private prepareTrial(i: number): void {
    if (i < this.count && !this.prepared.has(i) && !this.abort.signal.aborted && !this.opts.skip?.(i))
      this.prepared.set(i, this.opts.prepare(i));
  }

  /** The runner itself failed: stop, and report the first such failure. */
  private fail(err: unknown): void {
    this.failure ??= { err };
    this.stop(new StoppedError('interrupted', 'the runner failed'));
  }

  private stop(reason: StoppedError): void {
    this.queue.clear();
    this.abort.abort(reason);
  }
}

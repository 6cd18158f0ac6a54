// The runner's scheduler without sandboxes or a run folder: prepare-ahead, recording order,
// the cost budget, trials left out (a stopped configuration), interruption, a failure of the
// runner itself, and that every sandbox set started ahead is either used or discarded.
import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../harness/core/results.js';
import { StoppedError } from '../../harness/core/errors.js';
import { TrialScheduler, type Prepared, type ScheduleOptions } from '../../harness/runner/schedule.js';
import { syntheticRecords } from '../../harness/testing/synthetic.js';

class FakePrepared implements Prepared {
  taken = false;
  discarded = false;
  constructor(readonly i: number) {}
  async discard(): Promise<void> {
    this.discarded = true;
  }
}

const RECORDS = [...syntheticRecords({ n: 20, infraRate: 0, agentErrorRate: 0, costOf: () => 1 })];

/** A scheduler over `count` trials whose run() is `run` (default: resolves with record i). */
function harness(count: number, over: Partial<ScheduleOptions<FakePrepared>> = {}) {
  const prepared: FakePrepared[] = [];
  const recorded: TrialRecord[] = [];
  const logs: string[] = [];
  const scheduler = new TrialScheduler<FakePrepared>({
    concurrency: 1,
    prepareAhead: 2,
    prepare: (i) => {
      const p = new FakePrepared(i);
      prepared.push(p);
      return p;
    },
    run: async (i, env) => {
      if (env.prepared) env.prepared.taken = true;
      return RECORDS[i];
    },
    record: async (r) => void recorded.push(r),
    log: (m) => logs.push(m),
    ...over,
  });
  const settle = async () => {
    await scheduler.close();
    for (const p of prepared) expect(p.taken !== p.discarded, `trial ${p.i}: taken xor discarded`).toBe(true);
  };
  return { scheduler, prepared, recorded, logs, settle, count };
}

describe('TrialScheduler', () => {
  it('runs every trial once with its own sandboxes, started up to two trials ahead', async () => {
    const seenAhead: number[][] = [];
    const h = harness(5, {
      run: async (i, env) => {
        expect(env.prepared?.i).toBe(i);
        env.prepared!.taken = true;
        seenAhead.push(h.prepared.map((p) => p.i));
        return RECORDS[i];
      },
    });
    const out = await h.scheduler.runAll(5);
    expect(out).toEqual({ finished: 5, interrupted: false, stoppedForCost: false });
    expect(h.recorded).toEqual(RECORDS.slice(0, 5));
    expect(h.prepared.map((p) => p.i)).toEqual([0, 1, 2, 3, 4]); // each once, never past the plan
    expect(seenAhead[0]).toEqual([0, 1, 2]);
    expect(seenAhead[3]).toEqual([0, 1, 2, 3, 4]);
    await h.settle();
  });

  it('starts no trial once the budget is spent (the trial in flight is recorded); the sandboxes started ahead are discarded', async () => {
    const h = harness(6, {
      run: async (i, env) => {
        if (env.prepared) env.prepared.taken = true;
        // The ledger says so while trial 1 runs (its request brought the spend to the budget).
        if (i === 1) h.scheduler.stopForCost('max cost $2 reached');
        expect(env.signal.aborted).toBe(false); // a spent budget aborts nothing: the ledger refuses the next request
        return RECORDS[i];
      },
    });
    const out = await h.scheduler.runAll(6);
    expect(out).toEqual({ finished: 2, interrupted: false, stoppedForCost: true });
    expect(h.recorded).toEqual(RECORDS.slice(0, 2));
    expect(h.logs).toEqual(['max cost $2 reached']);
    await h.settle();
    expect(h.prepared.filter((p) => p.discarded).map((p) => p.i)).toEqual([2, 3]);
  });

  it('leaves out the trials skip() names (a stopped configuration): never prepared, run or recorded', async () => {
    const ran: number[] = [];
    const h = harness(6, {
      skip: (i) => i % 2 === 1,
      run: async (i, env) => {
        if (env.prepared) env.prepared.taken = true;
        ran.push(i);
        return RECORDS[i];
      },
    });
    const out = await h.scheduler.runAll(6);
    expect(out).toEqual({ finished: 3, interrupted: false, stoppedForCost: false });
    expect(ran).toEqual([0, 2, 4]);
    expect(h.prepared.map((p) => p.i)).toEqual([0, 2, 4]);
    await h.settle();
  });

  it('an interruption aborts the trials in flight (they record themselves as stopped) and starts no other', async () => {
    let started = 0;
    const h = harness(6, {
      concurrency: 2,
      run: async (i, env) => {
        if (env.prepared) env.prepared.taken = true;
        if (++started === 2) h.scheduler.interrupt(); // both slots busy: trial 0 waits, trial 1 stops the run
        // A trial ends when it is told to stop (as runTrial does with its signal).
        if (!env.signal.aborted) await new Promise((resolve) => env.signal.addEventListener('abort', resolve, { once: true }));
        expect(env.signal.reason).toBeInstanceOf(StoppedError);
        expect((env.signal.reason as StoppedError).reason).toBe('interrupted');
        return { ...RECORDS[i], outcome: 'infra_error' as const, error: { kind: 'stopped:interrupted', message: 'run interrupted' } };
      },
    });
    const out = await h.scheduler.runAll(6);
    expect(out).toMatchObject({ finished: 2, interrupted: true });
    expect(h.recorded.map((r) => r.error?.kind)).toEqual(['stopped:interrupted', 'stopped:interrupted']);
    expect(started).toBe(2); // the four trials still queued never start
    await h.settle();
    expect(h.prepared.filter((p) => p.discarded).map((p) => p.i)).toEqual([2, 3]);
  });

  it('a failure of the runner itself (recording) stops the run and is thrown, not left unhandled', async () => {
    const inFlight: AbortSignal[] = [];
    const h = harness(6, {
      concurrency: 2,
      run: async (i, env) => {
        if (env.prepared) env.prepared.taken = true;
        inFlight.push(env.signal);
        return RECORDS[i];
      },
      record: async () => {
        throw new Error('disk full');
      },
    });
    await expect(h.scheduler.runAll(6)).rejects.toThrow('disk full');
    expect(h.scheduler.signal.aborted).toBe(true);
    expect(inFlight.length).toBeLessThan(6);
    await h.settle();
  });

  it('waits for background work at close and logs its failures', async () => {
    let released = false;
    const h = harness(2, {
      run: async (i, env) => {
        if (env.prepared) env.prepared.taken = true;
        env.background(
          new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
            released = true;
          }),
        );
        env.background(Promise.reject(new Error('container already gone')));
        return RECORDS[i];
      },
    });
    await h.scheduler.runAll(2);
    await h.settle();
    expect(released).toBe(true);
    expect(h.logs.filter((l) => l === 'sandbox teardown failed: container already gone')).toHaveLength(2);
  });
});

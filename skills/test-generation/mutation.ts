// Mutation testing arithmetic: each mutant is killed (a test fails, or the run times out, runs
// out of memory or crashes), survived, or invalid (does not apply); mutation score = killed /
// valid. A run whose must-fail sentinel did not fail was forced: it kills nothing.
import type { TestRun } from '../shared/run-tests.js';

export type MutantOutcome = 'killed' | 'survived' | 'invalid';

/** One sandbox that evaluates mutants, one at a time. */
export interface MutantWorker {
  /** Settles when the worker may start (e.g. after the reference run in the same sandbox). */
  ready?: Promise<unknown>;
  /** Applies mutant i to the reference code + the agent's tests (whatever an earlier run left
   * is reverted first); false when it does not apply. */
  apply(index: number): Promise<boolean>;
  runTests(): Promise<TestRun>;
}

export function mutantOutcome(applied: boolean, run?: TestRun): MutantOutcome {
  if (!applied || !run) return 'invalid';
  if (run.sentinel === 'forced_pass' || run.sentinel === 'sentinel_missing') return 'survived';
  if (run.timedOut || run.oomKilled || !run.complete || !run.cleanExit) return 'killed';
  if (run.sentinel === 'sentinel_failed' || run.sentinel === 'not_run') return 'killed';
  return run.tests.some((t) => t.status === 'failed' || t.status === 'error') ? 'killed' : 'survived';
}

export interface MutantResult {
  outcome: MutantOutcome;
  /** The run on the mutant (none when it did not apply). */
  run?: TestRun;
}

/** Every mutant's outcome (and run), in order; the workers take mutants from one shared queue. */
export async function evaluateMutants(count: number, workers: MutantWorker[]): Promise<MutantResult[]> {
  const out: MutantResult[] = new Array<MutantResult>(count);
  let next = 0;
  await Promise.all(
    workers.map(async (w) => {
      await w.ready;
      while (next < count) {
        const i = next++;
        const applied = await w.apply(i);
        const run = applied ? await w.runTests() : undefined;
        out[i] = { outcome: mutantOutcome(applied, run), run };
      }
    }),
  );
  return out;
}

export interface MutationSummary {
  killed: number;
  survived: number;
  invalid: number;
  valid: number;
  /** killed / valid; null when no mutant is valid. */
  score: number | null;
}

export function summariseMutants(outcomes: MutantOutcome[]): MutationSummary {
  const killed = outcomes.filter((o) => o === 'killed').length;
  const survived = outcomes.filter((o) => o === 'survived').length;
  const invalid = outcomes.filter((o) => o === 'invalid').length;
  const valid = killed + survived;
  return { killed, survived, invalid, valid, score: valid ? killed / valid : null };
}

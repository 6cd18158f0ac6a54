// Mutation testing arithmetic: each mutant is killed (tests fail or time out), survived, or
// invalid (does not apply); mutation score = killed / valid.
import type { TestRun } from '../shared/run-tests.js';
import { allPassed } from '../shared/run-tests.js';

export type MutantOutcome = 'killed' | 'survived' | 'invalid';

/** One sandbox that evaluates mutants, one at a time. */
export interface MutantWorker {
  /** Settles when the worker may start (e.g. after the reference run in the same sandbox). */
  ready?: Promise<unknown>;
  /** Applies mutant i to the reference code + the agent's tests (whatever an earlier mutant
   * left is reverted first); false when it does not apply. */
  apply(index: number): Promise<boolean>;
  runTests(): Promise<TestRun>;
}

export function mutantOutcome(applied: boolean, run?: TestRun): MutantOutcome {
  if (!applied || !run) return 'invalid';
  return run.timedOut || !allPassed(run) ? 'killed' : 'survived';
}

/** Every mutant's outcome, in order; the workers take mutants from one shared queue. */
export async function evaluateMutants(count: number, workers: MutantWorker[]): Promise<MutantOutcome[]> {
  const out: MutantOutcome[] = new Array<MutantOutcome>(count);
  let next = 0;
  await Promise.all(
    workers.map(async (w) => {
      await w.ready;
      while (next < count) {
        const i = next++;
        const applied = await w.apply(i);
        out[i] = mutantOutcome(applied, applied ? await w.runTests() : undefined);
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

// Mutation testing arithmetic: each mutant is killed (tests fail or time out), survived, or
// invalid (does not apply); mutation score = killed / valid.
import type { TestRun } from '../shared/run-tests.js';
import { allPassed } from '../shared/run-tests.js';

export type MutantOutcome = 'killed' | 'survived' | 'invalid';

export interface MutantOps {
  /** Back to the reference code with the agent's tests in place. */
  reset(): Promise<void>;
  /** Applies mutant i; false when it does not apply. */
  apply(index: number): Promise<boolean>;
  runTests(): Promise<TestRun>;
}

export function mutantOutcome(applied: boolean, run?: TestRun): MutantOutcome {
  if (!applied || !run) return 'invalid';
  return run.timedOut || !allPassed(run) ? 'killed' : 'survived';
}

export async function evaluateMutants(count: number, ops: MutantOps): Promise<MutantOutcome[]> {
  const out: MutantOutcome[] = [];
  for (let i = 0; i < count; i++) {
    await ops.reset();
    const applied = await ops.apply(i);
    out.push(mutantOutcome(applied, applied ? await ops.runTests() : undefined));
  }
  await ops.reset();
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

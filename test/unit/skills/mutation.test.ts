// Mutation-score arithmetic: a timed-out mutant counts as killed, a mutant that does not
// apply is invalid and leaves the denominator.
import { describe, expect, it } from 'vitest';
import type { TestRun } from '../../../skills/shared/run-tests.js';
import { evaluateMutants, mutantOutcome, summariseMutants } from '../../../skills/test-generation/mutation.js';

function run(over: Partial<TestRun>): TestRun {
  return {
    tests: [{ id: 't.py::a', file: 't.py', name: 'a', status: 'passed' }],
    exitCode: 0, timedOut: false, notes: [], output: '', coverage: null, ...over,
  };
}

const PASSING = run({});
const FAILING = run({ exitCode: 1, tests: [{ id: 't.py::a', file: 't.py', name: 'a', status: 'failed', type: 'AssertionError' }] });
const TIMED_OUT = run({ exitCode: null, timedOut: true, tests: [] });

describe('mutantOutcome', () => {
  it('killed when tests fail or time out, survived when they pass, invalid when not applied', () => {
    expect(mutantOutcome(true, FAILING)).toBe('killed');
    expect(mutantOutcome(true, TIMED_OUT)).toBe('killed');
    expect(mutantOutcome(true, PASSING)).toBe('survived');
    expect(mutantOutcome(false)).toBe('invalid');
    // exit 1 with nothing reported (e.g. the module no longer imports) is a kill too
    expect(mutantOutcome(true, run({ exitCode: 2, tests: [] }))).toBe('killed');
  });
});

describe('evaluateMutants + summariseMutants', () => {
  it('scores killed / valid with a timeout (killed) and a non-applying mutant (invalid)', async () => {
    const runs = [FAILING, TIMED_OUT, undefined, PASSING];
    const calls: string[] = [];
    const outcomes = await evaluateMutants(4, {
      reset: async () => void calls.push('reset'),
      apply: async (i) => (calls.push(`apply ${i}`), runs[i] !== undefined),
      runTests: async () => {
        const i = Number(calls.filter((c) => c.startsWith('apply')).length - 1);
        return runs[i] as TestRun;
      },
    });
    expect(outcomes).toEqual(['killed', 'killed', 'invalid', 'survived']);
    const s = summariseMutants(outcomes);
    expect(s).toEqual({ killed: 2, survived: 1, invalid: 1, valid: 3, score: 2 / 3 });
    // every mutant starts from a clean tree, and the tree is clean afterwards
    expect(calls.filter((c) => c === 'reset').length).toBe(5);
  });

  it('has a null score when no mutant is valid', () => {
    expect(summariseMutants(['invalid', 'invalid']).score).toBeNull();
  });
});

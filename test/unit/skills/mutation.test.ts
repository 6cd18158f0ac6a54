// Mutation-score arithmetic: a timed-out mutant counts as killed, a mutant that does not
// apply is invalid and leaves the denominator.
import { describe, expect, it } from 'vitest';
import type { TestRun } from '../../../skills/shared/run-tests.js';
import { evaluateMutants, mutantOutcome, summariseMutants } from '../../../skills/test-generation/mutation.js';

function run(over: Partial<TestRun>): TestRun {
  return {
    tests: [{ id: 't.py::a', file: 't.py', name: 'a', status: 'passed' }],
    exitCode: 0,
    timedOut: false,
    notes: [],
    output: '',
    coverage: null,
    ...over,
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
    const applied: number[] = [];
    let last = -1;
    const outcomes = await evaluateMutants(4, [
      {
        apply: async (i) => (applied.push(i), (last = i), runs[i] !== undefined),
        runTests: async () => runs[last] as TestRun,
      },
    ]);
    expect(outcomes).toEqual(['killed', 'killed', 'invalid', 'survived']);
    expect(applied).toEqual([0, 1, 2, 3]);
    const s = summariseMutants(outcomes);
    expect(s).toEqual({ killed: 2, survived: 1, invalid: 1, valid: 3, score: 2 / 3 });
  });

  it('shares the mutants between workers, each mutant once, outcomes in mutant order', async () => {
    const verdicts = [FAILING, PASSING, FAILING, FAILING, PASSING, FAILING, FAILING];
    let releaseA!: () => void;
    const readyA = new Promise<void>((r) => (releaseA = r));
    const seen: Array<[string, number]> = [];
    const worker = (name: string, ready?: Promise<void>) => {
      let current = -1;
      return {
        ready,
        apply: async (i: number) => (seen.push([name, i]), (current = i), true),
        // B's runs take a while, so A (once ready) gets some of the queue too
        runTests: async () => {
          await new Promise((r) => setTimeout(r, name === 'B' ? 5 : 1));
          return verdicts[current];
        },
      };
    };
    const pending = evaluateMutants(verdicts.length, [worker('A', readyA), worker('B')]);
    await new Promise((r) => setTimeout(r, 12));
    expect(seen.every(([w]) => w === 'B')).toBe(true); // A waits for its reference run
    releaseA();
    const outcomes = await pending;
    expect(outcomes).toEqual(verdicts.map((v) => (v === PASSING ? 'survived' : 'killed')));
    expect(seen.map(([, i]) => i).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(new Set(seen.map(([w]) => w))).toEqual(new Set(['A', 'B']));
  });

  it('has a null score when no mutant is valid', () => {
    expect(summariseMutants(['invalid', 'invalid']).score).toBeNull();
  });
});

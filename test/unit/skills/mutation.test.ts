// Mutation-score arithmetic: a timed-out, OOM-killed or crashed run kills its mutant, a forced
// run (must-fail sentinel passed) kills nothing, a mutant that does not apply is invalid and
// leaves the denominator.
import { describe, expect, it } from 'vitest';
import type { TestRun } from '../../../skills/shared/run-tests.js';
import { evaluateMutants, mutantOutcome, summariseMutants } from '../../../skills/test-generation/mutation.js';

function run(over: Partial<TestRun>): TestRun {
  return {
    tests: [{ id: 't.py::a', file: 't.py', name: 'a', status: 'passed' }],
    exitCode: 1,
    timedOut: false,
    oomKilled: false,
    complete: true,
    cleanExit: true,
    sentinel: 'ok',
    coverage: {},
    notes: [],
    output: '',
    ...over,
  };
}

const PASSING = run({});
const FAILING = run({ exitCode: 1, tests: [{ id: 't.py::a', file: 't.py', name: 'a', status: 'failed', type: 'AssertionError' }] });
const TIMED_OUT = run({ exitCode: null, timedOut: true, complete: false, cleanExit: false, sentinel: 'not_run', tests: [] });

describe('mutantOutcome', () => {
  it('killed when tests fail, time out, run out of memory or crash; survived when they pass; invalid when not applied', () => {
    expect(mutantOutcome(true, FAILING)).toBe('killed');
    expect(mutantOutcome(true, TIMED_OUT)).toBe('killed');
    expect(mutantOutcome(true, run({ oomKilled: true }))).toBe('killed');
    expect(mutantOutcome(true, run({ complete: false, cleanExit: false, sentinel: 'not_run', tests: [] }))).toBe('killed');
    // everything failing, the must-pass sentinel too (e.g. an autouse fixture the mutant breaks)
    expect(mutantOutcome(true, run({ sentinel: 'sentinel_failed' }))).toBe('killed');
    expect(mutantOutcome(true, PASSING)).toBe('survived');
    expect(mutantOutcome(false)).toBe('invalid');
  });

  it('a forced run kills nothing, whatever its tests say', () => {
    expect(mutantOutcome(true, { ...FAILING, sentinel: 'forced_pass' })).toBe('survived');
    expect(mutantOutcome(true, { ...TIMED_OUT, sentinel: 'sentinel_missing' })).toBe('survived');
  });
});

describe('evaluateMutants + summariseMutants', () => {
  it('scores killed / valid with a timeout (killed) and a non-applying mutant (invalid)', async () => {
    const runs = [FAILING, TIMED_OUT, undefined, PASSING];
    const applied: number[] = [];
    let last = -1;
    const results = await evaluateMutants(4, [
      {
        apply: async (i) => (applied.push(i), (last = i), runs[i] !== undefined),
        runTests: async () => runs[last] as TestRun,
      },
    ]);
    const outcomes = results.map((r) => r.outcome);
    expect(outcomes).toEqual(['killed', 'killed', 'invalid', 'survived']);
    expect(results[2].run).toBeUndefined();
    expect(results[0].run).toBe(FAILING);
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
    const outcomes = (await pending).map((r) => r.outcome);
    expect(outcomes).toEqual(verdicts.map((v) => (v === PASSING ? 'survived' : 'killed')));
    expect(seen.map(([, i]) => i).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(new Set(seen.map(([w]) => w))).toEqual(new Set(['A', 'B']));
  });

  it('has a null score when no mutant is valid', () => {
    expect(summariseMutants(['invalid', 'invalid']).score).toBeNull();
  });
});

// validate's verdicts and the quarantine reason a person reads: consistently wrong is invalid
// (with the failing tests named), right only sometimes is flaky (with the tests whose result
// changed between runs), and a grader error names itself.
import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../harness/core/results.js';
import { judge } from '../../harness/runner/validate.js';

function rec(
  model: 'oracle' | 'noop',
  epoch: number,
  score: number,
  f2p: Record<string, string>,
  extra: Partial<TrialRecord> = {},
): TrialRecord {
  return {
    model,
    epoch,
    outcome: 'scored',
    score,
    pass: score === 1,
    details: { ...(score ? {} : { reason: 'tests_failed' }), fail_to_pass: f2p },
    error: null,
    ...extra,
  } as TrialRecord;
}

const task = { task: { id: 'edit-x', skill: 'editing' } } as never;
const A = 'tests/test_a.py::test_a';
const B = 'tests/test_a.py::test_b[1-x]';

describe('validate verdicts', () => {
  it('valid when the oracle always scores 1 and noop 0', () => {
    const v = judge(task, { oracle: [rec('oracle', 1, 1, { [A]: 'passed' })], noop: [rec('noop', 1, 0, { [A]: 'failed' })] });
    expect(v.verdict).toBe('valid');
    expect(v.reason).toBeUndefined();
  });

  it('invalid when the oracle always fails, naming the tests', () => {
    const oracle = [1, 2].map((e) => rec('oracle', e, 0, { [A]: 'passed', [B]: 'failed' }));
    const v = judge(task, { oracle, noop: [rec('noop', 1, 0, {}), rec('noop', 2, 0, {})] });
    expect(v.verdict).toBe('invalid');
    expect(v.reason).toBe(`oracle did not score 1 in 2 of 2 run(s): score 0 (tests_failed) [${B} failed]`);
  });

  it('flaky when the oracle passes only sometimes, naming the tests whose result changed', () => {
    const oracle = [
      rec('oracle', 1, 1, { [A]: 'passed', [B]: 'passed' }),
      rec('oracle', 2, 0, { [A]: 'passed', [B]: 'failed' }),
      rec('oracle', 3, 1, { [A]: 'passed', [B]: 'passed' }),
    ];
    const v = judge(task, { oracle, noop: [1, 2, 3].map((e) => rec('noop', e, 0, {})) });
    expect(v.verdict).toBe('flaky');
    expect(v.reason).toMatch(
      new RegExp(`^flaky \\(tests whose result changed between runs: ${B.replace(/[[\]]/g, '\\$&')}\\); oracle did not score 1 in 1 of 3`),
    );
  });

  it('names a grader error as the reason', () => {
    const err = rec(
      'oracle',
      1,
      0,
      {},
      {
        outcome: 'grader_error' as never,
        score: null,
        pass: null,
        error: { kind: 'grader_error:missing_test', message: 'expected test not reported: x' },
      },
    );
    const v = judge(task, { oracle: [err], noop: [rec('noop', 1, 0, {})] });
    expect(v.verdict).toBe('invalid');
    expect(v.reason).toContain('grader_error: expected test not reported: x');
  });

  it('gives no verdict when infrastructure failed, but quarantines an environment that cannot be prepared', () => {
    const infra = rec(
      'oracle',
      1,
      0,
      {},
      { outcome: 'infra_error' as never, score: null, pass: null, error: { kind: 'infra_error', message: 'daemon' } },
    );
    const v = judge(task, { oracle: [infra], noop: [rec('noop', 1, 0, {})] });
    expect(v.verdict).toBe('unchecked');
    expect(v.reason).toBeUndefined();
    const env = rec(
      'oracle',
      1,
      0,
      {},
      {
        outcome: 'infra_error' as never,
        score: null,
        pass: null,
        error: { kind: 'environment', message: 'acme/x: commit abc is not in /clones/acme__x\nmore' },
      },
    );
    const w = judge(task, { oracle: [env], noop: [rec('noop', 1, 0, {})] });
    expect(w.verdict).toBe('invalid');
    expect(w.reason).toBe('oracle did not score 1 in 1 of 1 run(s): infra_error: acme/x: commit abc is not in /clones/acme__x');
  });
});

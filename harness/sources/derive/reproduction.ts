// Reproduction from a bug (SWT-bench's F→P): the agent writes a test from the issue alone; it must
// fail on the base and pass with the fix. The reference reproduction is the instance's test patch.
import type { Bug } from './bug.js';
import type { Calibration } from './calibrate.js';
import { ID_PREFIX, type Derived } from './draft.js';
import { testsProblem } from './editing.js';

/** With a calibration: the reference reproduction (the test patch) must pass with the fix and
 * fail on the base for the reason — its tests must run there, not break at import; a
 * failure with one of the exceptions the FAIL_TO_PASS tests raise on the base (besides assertion
 * errors) counts as the reason. */
export function deriveReproduction(bug: Bug, cal?: Calibration): Derived {
  const id = `${ID_PREFIX.reproduction}-${bug.idBase}`;
  const problem = testsProblem(bug);
  if (problem) return { skill: 'reproduction', id, reason: problem };
  if (cal?.failingWithFix.length) {
    return {
      skill: 'reproduction',
      id,
      reason: `tests of the test patch fail with the fix here: ${cal.failingWithFix.slice(0, 5).join(', ')}`,
    };
  }
  if (cal?.notRunOnBase.length) {
    return {
      skill: 'reproduction',
      id,
      reason:
        `the test patch's FAIL_TO_PASS tests do not load on the base (their file imports what the fix adds), so they break ` +
        `instead of reproducing the issue: ${cal.notRunOnBase.slice(0, 3).join(', ')}`,
    };
  }
  const expectedExceptions = cal?.expectedExceptions ?? [];
  return {
    skill: 'reproduction',
    id,
    problemStatement: bug.problemStatement,
    fields: {
      mode: 'test',
      gold_patch: 'gold.patch',
      test_patch: 'test.patch',
      // The suite check: the instance's tests must still pass with the fix and the reproduction.
      suite_tests: [...bug.failToPass, ...bug.passToPass],
      ...(expectedExceptions.length ? { expected_exception: expectedExceptions } : {}),
    },
    files: { 'gold.patch': bug.goldPatch, 'test.patch': bug.testPatch },
  };
}

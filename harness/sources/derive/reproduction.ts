// Reproduction from a bug (SWT-bench's F→P): the agent writes a test from the issue alone; it must
// fail on the base and pass with the fix. The reference reproduction is the instance's test patch.
import type { Bug } from './bug.js';
import { ID_PREFIX, type Derived } from './draft.js';
import { testsProblem } from './editing.js';

/** `expectedExceptions`: what the FAIL_TO_PASS tests raise on the base besides assertion errors
 * (seen in calibration): a reproduction failing with one of them fails for the reason. */
export function deriveReproduction(bug: Bug, expectedExceptions: string[] = []): Derived {
  const id = `${ID_PREFIX.reproduction}-${bug.idBase}`;
  const problem = testsProblem(bug);
  if (problem) return { skill: 'reproduction', id, reason: problem };
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

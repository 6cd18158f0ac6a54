// Editing from a bug, SWE-bench's rule: the issue is the task; the test patch is the hidden
// tests; pass = every FAIL_TO_PASS and PASS_TO_PASS test passes.
import { parsePatch } from '../../../skills/shared/patch.js';
import { isPytestId, type Bug } from './bug.js';
import { ID_PREFIX, type Derived } from './draft.js';

export const EDITING_INSTRUCTION =
  'Resolve the issue in the description: change the code under /testbed so that it behaves as the issue asks. ' +
  'Do not change the tests; tests you cannot see will check the change.';

/** Every path a patch touches, old and new names (what neutralising restores first). */
export function touchedPaths(patch: string): string[] {
  const out = new Set<string>();
  for (const f of parsePatch(patch)) for (const p of [f.oldPath, f.newPath]) if (p) out.add(p);
  return [...out].sort();
}

/** Why no run of the bug's tests can judge it: no test patch, or ids pytest cannot run. */
export function unusableTests(bug: Bug): string | undefined {
  if (!bug.testPatch.trim()) return 'the instance has no test patch';
  const odd = [...bug.failToPass, ...bug.passToPass].find((id) => !isPytestId(id));
  return odd ? `test id "${odd}" is not a pytest node id (FILE.py::NAME); only pytest instances are supported` : undefined;
}

/** Why the bug's tests cannot judge a task (undefined when they can). */
export function testsProblem(bug: Bug): string | undefined {
  return unusableTests(bug) ?? (bug.failToPass.length ? undefined : 'no FAIL_TO_PASS test (none left after calibration, or none given)');
}

export function deriveEditing(bug: Bug, opts: { hints?: boolean } = {}): Derived {
  const id = `${ID_PREFIX.editing}-${bug.idBase}`;
  const problem = testsProblem(bug);
  if (problem) return { skill: 'editing', id, reason: problem };
  const hints = opts.hints && bug.hints ? `\n\nHints from the discussion of the issue:\n${bug.hints.trim()}` : '';
  return {
    skill: 'editing',
    id,
    problemStatement: bug.problemStatement,
    fields: {
      instruction: EDITING_INSTRUCTION + hints,
      gold_patch: 'gold.patch',
      test_patch: 'test.patch',
      test_files: touchedPaths(bug.testPatch),
      fail_to_pass: bug.failToPass,
      pass_to_pass: bug.passToPass,
    },
    files: { 'gold.patch': bug.goldPatch, 'test.patch': bug.testPatch },
  };
}

// Calibration: the instance's FAIL_TO_PASS / PASS_TO_PASS lists come from the environment its
// authors had; here they are run again in OURS — the test patch on the base, then with the fix.
// Kept: F2P that fail before and pass after; P2P that pass after. Everything dropped is recorded
// with its reason, so a task never judges an agent by a test this environment cannot run.
import type { TestRun } from '../../../skills/shared/run-tests.js';
import { matchExpectedIds, statusesOf } from '../../../skills/shared/test-ids.js';
import { isTestFile } from '../../../skills/shared/test-files.js';
import { parsePatch } from '../../../skills/shared/patch.js';
import { fileOfTestId, type Bug } from './bug.js';
import type { BugSandbox } from './probe.js';

export interface Dropped {
  id: string;
  list: 'FAIL_TO_PASS' | 'PASS_TO_PASS';
  reason: string;
}

export interface Calibration {
  failToPass: string[];
  passToPass: string[];
  dropped: Dropped[];
  /** Exception types (last dotted part) the kept F2P tests fail with on the base, AssertionError aside. */
  expectedExceptions: string[];
  /** Test files of the test patch, and the tests in them that do not pass with the fix. */
  testFiles: string[];
  failingWithFix: string[];
  /** Kept FAIL_TO_PASS tests the base run does not report: their file does not even load there
   * (it imports what the fix adds) — they fail by breaking, not by showing the issue. */
  notRunOnBase: string[];
  /** Checkpoints: the base + test patch, and that + the fix. */
  testsCommit: string;
  goldCommit: string;
}

export type CalibrationResult = { ok: true; calibration: Calibration } | { ok: false; reason: string };

const short = (s: string | undefined) => (s ?? '').split('\n')[0].slice(0, 200);

/** The test files a test patch leaves (new or changed pytest files). */
export function testPatchFiles(testPatch: string): string[] {
  return parsePatch(testPatch)
    .filter((f) => f.newPath && f.status !== 'deleted' && isTestFile('pytest', f.newPath))
    .map((f) => f.newPath as string)
    .sort();
}

export async function calibrate(bug: Bug, box: BugSandbox): Promise<CalibrationResult> {
  const t = await box.apply(bug.testPatch);
  if (!t.applied) return { ok: false, reason: `the test patch does not apply to the base: ${short(t.error)}` };
  const testsCommit = await box.checkpoint('test patch');
  const testFiles = testPatchFiles(bug.testPatch);
  const ids = [...bug.failToPass, ...bug.passToPass];
  // Only files that exist: one missing path (an id's file the test patch deletes, a misspelt
  // id) makes pytest run nothing at all; the ids of a missing file are dropped as not reported.
  const files = await box.existing([...new Set([...ids.map(fileOfTestId), ...testFiles])].sort());
  if (!files.length)
    return {
      ok: false,
      reason: `none of the test files exist with the test patch applied (${[...new Set(ids.map(fileOfTestId))].slice(0, 3).join(', ')})`,
    };
  const before = await box.tests(files);
  if (before.timedOut) return { ok: false, reason: 'the tests time out on the base' };
  if (!before.tests.length) return { ok: false, reason: `pytest reports no test on the base${whyNone(before)}` };
  const g = await box.apply(bug.goldPatch);
  if (!g.applied) return { ok: false, reason: `the fix does not apply on top of the test patch: ${short(g.error)}` };
  const goldCommit = await box.checkpoint('fix');
  const after = await box.tests(files);
  if (after.timedOut) return { ok: false, reason: 'the tests time out with the fix' };
  if (!after.tests.length) return { ok: false, reason: `pytest reports no test with the fix${whyNone(after)}` };
  return { ok: true, calibration: judge(bug, before, after, testFiles, testsCommit, goldCommit) };
}

/** What pytest said when it ran nothing (a usage error, a missing plugin, an import error). */
function whyNone(run: TestRun): string {
  const last = run.output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-3)
    .join(' | ');
  return ` (exit ${run.exitCode ?? 'none'})${last ? `: ${last.slice(0, 300)}` : ''}`;
}

function judge(bug: Bug, before: TestRun, after: TestRun, testFiles: string[], testsCommit: string, goldCommit: string): Calibration {
  const ids = [...bug.failToPass, ...bug.passToPass];
  const onBase = matchExpectedIds(ids, before.tests);
  const b = statusesOf(onBase);
  const a = statusesOf(matchExpectedIds(ids, after.tests));
  const dropped: Dropped[] = [];
  const failToPass = bug.failToPass.filter((id) => {
    const reason =
      a[id] === 'missing'
        ? 'not reported by pytest in this environment'
        : a[id] !== 'passed'
          ? `${a[id]} with the fix in this environment`
          : b[id] === 'passed'
            ? 'already passes on the base in this environment'
            : undefined;
    if (reason) dropped.push({ id, list: 'FAIL_TO_PASS', reason });
    return !reason;
  });
  const passToPass = bug.passToPass.filter((id) => {
    const reason =
      a[id] === 'missing'
        ? 'not reported by pytest in this environment'
        : a[id] !== 'passed'
          ? `${a[id]} with the fix in this environment`
          : undefined;
    if (reason) dropped.push({ id, list: 'PASS_TO_PASS', reason });
    return !reason;
  });
  const byId = new Map(before.tests.map((x) => [x.id, x]));
  const expected = new Set<string>();
  for (const id of failToPass) {
    const type = byId.get(id)?.type?.split('.').pop();
    // pytest's Failed (pytest.fail, "DID NOT RAISE") is an assertion, not an exception of the issue.
    if (type && type !== 'AssertionError' && type !== 'Failed') expected.add(type);
  }
  // not reported on the base, or reported only as its file's collection error
  const notRunOnBase = failToPass.filter((id) => {
    const m = onBase.get(id);
    return m?.kind !== 'found' || m.how === 'file_error';
  });
  const inFiles = new Set(testFiles);
  const failingWithFix = after.tests.filter((x) => inFiles.has(x.file) && x.status !== 'passed' && x.status !== 'skipped').map((x) => x.id);
  return {
    failToPass,
    passToPass,
    dropped,
    expectedExceptions: [...expected].sort(),
    testFiles,
    failingWithFix,
    notRunOnBase,
    testsCommit,
    goldCommit,
  };
}
